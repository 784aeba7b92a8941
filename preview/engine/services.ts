/**
 * The `pulumirpc.ResourceMonitor` and `pulumirpc.Engine` services of the local engine, from the
 * protos shipped in @pulumi/pulumi/proto (3.248.0). What a Node.js program calls, and when:
 *
 * - at startup (runtime/settings.js `setRootResource`, called by the root Stack's constructor):
 *   `ResourceMonitor.SupportsFeature` x11 (secrets, resourceReferences, outputValues, deletedWith,
 *   replaceWith, aliasSpecs, transforms, invokeTransforms, parameterization, resourceHooks,
 *   errorHooks), then `ResourceMonitor.RegisterResource(pulumi:pulumi:Stack)`, then
 *   `Engine.SetRootResource(stack urn)`. (3.248's SDK never calls `GetRootResource`.)
 * - while the program runs: `RegisterResource`, `ReadResource` (`.get()`), `Invoke` (data sources
 *   and `pulumi:pulumi:getResource`), `RegisterResourceOutputs` (components and the stack),
 *   `Engine.Log` (pulumi.log.*, and the runner's report of an unhandled error).
 * - on a clean exit (cmd/run/index.js `beforeExit`): `ResourceMonitor.SignalAndWaitForShutdown`.
 *   It is not sent when the program failed.
 * - only if the program uses them: `Call` (methods of remote components), `RegisterPackage`
 *   (parameterized providers), `RegisterStackTransform`/`RegisterStackInvokeTransform`/
 *   `RegisterResourceHook`/`RegisterErrorHook` (need the SDK's callback server),
 *   `Engine.RequirePulumiVersion`, `Engine.StartDebugging`, `GetDeploymentInfo`.
 *
 * Unlisted methods answer UNIMPLEMENTED (grpc-js does so for methods missing from an implementation).
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type { EngineRecorder } from "./engine-recorder";

/**
 * What the monitor answers to `SupportsFeature`. The engine (pkg/resource/deploy/source_eval.go
 * `supportsFeatureID`, v3.248.0) says true to all eleven; the four that need the SDK's callback
 * server (transforms, hooks) are reported unsupported here because this engine does not call back,
 * so a program using them fails with the SDK's own message instead of an RPC error mid-run.
 */
export const ENGINE_FEATURES: Readonly<Record<string, boolean>> = {
  secrets: true,
  resourceReferences: true,
  outputValues: true,
  deletedWith: true,
  replaceWith: true,
  aliasSpecs: true,
  parameterization: true,
  transforms: false,
  invokeTransforms: false,
  resourceHooks: false,
  errorHooks: false,
};

export const LOG_SEVERITY = { 0: "debug", 1: "info", 2: "warning", 3: "error" } as const;
export type LogSeverity = (typeof LOG_SEVERITY)[keyof typeof LOG_SEVERITY];

export interface EngineLogEntry {
  readonly severity: LogSeverity;
  readonly message: string;
  /** The resource the message is about; `undefined` for the stack as a whole. */
  readonly urn: string | undefined;
  readonly ephemeral: boolean;
}

/** What the engine side saw besides the resource graph. */
export interface EngineSession {
  readonly logs: EngineLogEntry[];
  rootUrn: string | undefined;
  /** The program called SignalAndWaitForShutdown: it finished without an unhandled error. */
  shutdownSignalled: boolean;
  /** RPC method -> number of calls, for the notes and for tests that assert the protocol. */
  readonly calls: Map<string, number>;
  readonly packages: Array<{ name: string; version: string; ref: string }>;
}

export function newSession(): EngineSession {
  return { logs: [], rootUrn: undefined, shutdownSignalled: false, calls: new Map(), packages: [] };
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** Adapts a recorder method `(req, cb)` to a grpc-js unary handler. */
function fromRecorder<Req, Res>(
  session: EngineSession,
  name: string,
  method: (req: Req, cb: (err: Error | null, res: unknown) => void) => unknown,
  toResponse: (res: unknown) => Res = (res) => res as Res,
): Unary<Req, Res> {
  return (call, callback) => {
    count(session, name);
    void method(call.request, (err, res) => {
      if (err) callback(toServiceError(err));
      else callback(null, toResponse(res));
    });
  };
}

function count(session: EngineSession, name: string): void {
  session.calls.set(name, (session.calls.get(name) ?? 0) + 1);
}

function toServiceError(err: Error): grpc.ServiceError {
  const details = (err as Partial<grpc.ServiceError>).details ?? err.message;
  return Object.assign(new Error(details), { code: grpc.status.UNKNOWN, details, metadata: new grpc.Metadata() });
}

export function monitorService(recorder: EngineRecorder, session: EngineSession): Partial<resrpc.IResourceMonitorServer> {
  return {
    supportsFeature: (call, callback) => {
      count(session, "SupportsFeature");
      callback(null, new resproto.SupportsFeatureResponse().setHassupport(ENGINE_FEATURES[call.request.getId()] ?? false));
    },
    registerResource: fromRecorder(session, "RegisterResource", (req, cb) => recorder.registerResource(req, cb)),
    readResource: fromRecorder(session, "ReadResource", (req, cb) => recorder.readResource(req, cb)),
    invoke: fromRecorder(session, "Invoke", (req, cb) => recorder.invoke(req, cb)),
    registerResourceOutputs: fromRecorder(session, "RegisterResourceOutputs", (req, cb) => recorder.registerResourceOutputs(req, cb), () => new Empty()),
    registerPackage: (call, callback) => {
      count(session, "RegisterPackage");
      const name = call.request.getName();
      const version = call.request.getVersion();
      const param = call.request.getParameterization();
      const ref = `${name}@${version}${param ? `/${param.getName()}@${param.getVersion()}` : ""}`;
      session.packages.push({ name, version, ref });
      callback(null, new resproto.RegisterPackageResponse().setRef(ref));
    },
    signalAndWaitForShutdown: (_call, callback) => {
      count(session, "SignalAndWaitForShutdown");
      // No deletions or delete hooks to run: the program may go.
      session.shutdownSignalled = true;
      callback(null, new Empty());
    },
  };
}

export function engineService(session: EngineSession, onLog: (entry: EngineLogEntry) => void): Partial<engrpc.IEngineServer> {
  return {
    log: (call, callback) => {
      count(session, "Log");
      const req = call.request;
      const entry: EngineLogEntry = {
        severity: LOG_SEVERITY[req.getSeverity()],
        message: req.getMessage(),
        urn: req.getUrn() || undefined,
        ephemeral: req.getEphemeral(),
      };
      session.logs.push(entry);
      onLog(entry);
      callback(null, new Empty());
    },
    getRootResource: (_call, callback) => {
      count(session, "GetRootResource");
      callback(null, new engproto.GetRootResourceResponse().setUrn(session.rootUrn ?? ""));
    },
    setRootResource: (call, callback) => {
      count(session, "SetRootResource");
      session.rootUrn = call.request.getUrn();
      callback(null, new engproto.SetRootResourceResponse());
    },
  };
}

/** One server, both services (the CLI uses two ports; one is enough for a program). */
export function addServices(server: grpc.Server, recorder: EngineRecorder, session: EngineSession, onLog: (entry: EngineLogEntry) => void): void {
  server.addService(resrpc.ResourceMonitorService, monitorService(recorder, session) as grpc.UntypedServiceImplementation);
  server.addService(engrpc.EngineService, engineService(session, onLog) as grpc.UntypedServiceImplementation);
}
