/**
 * A resource monitor that stands in for the Pulumi engine and remembers everything the program
 * asked of it: every resource and component registration (the root stack included), every read,
 * every invoke and every `registerOutputs`.
 *
 * It extends the SDK's `MockMonitor` (so `runtime.setMockOptions` accepts it and
 * `pulumi:pulumi:getResource` keeps working) but handles the RPCs itself, for three reasons:
 * - to record what `MockMonitor` throws away (parent, dependencies, property dependencies,
 *   providers, options);
 * - to mark `additionalSecretOutputs` secret, as the engine does and `MockMonitor` does not (this is
 *   what makes `aws.ec2.VpnConnection.tunnel1PresharedKey` and `random.RandomPassword.result` secret);
 * - to reject duplicate URNs, as the engine does.
 *
 * A failed registration (duplicate URN, a simulator refusing its inputs) is recorded in
 * `failures` and, by default, answered with the echoed inputs and an unknown id instead of an
 * RPC error. An RPC error would reject every output promise of the resource with nobody awaiting
 * them: under the CLI the language host reports those, but inside jest (whose sandboxed `process`
 * cannot observe them) they fail unrelated tests or kill the worker. `runPreview` and the test
 * helper report `failures` themselves. Failed invokes always reject: their caller awaits them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { MONITOR_FEATURES } from "./sdk-internals";
import { ROOT_STACK_TYPE, decodeWireObject, isWireSecret, wireSecret, type RecordedFailure, type RecordedGraph, type RecordedInvoke, type RecordedObject, type RecordedResource, type WireObject, type WireValue } from "../graph";
import { toMockInputs } from "./values";
import { INVOKE } from "../graph/types";


type Callback = (err: Error | null, response: unknown) => void;

export interface RecordingMonitorOptions {
  /**
   * How a failed registration is answered.
   * @default "record" - recorded in `failures`; the SDK gets the inputs back and an unknown id,
   *   so resources built from the failed one's outputs are skipped rather than left rejected.
   *   "reject" answers with an RPC error, as the engine does.
   */
  readonly failedRegistrations?: "record" | "reject";
}

interface MutableResource extends Omit<RecordedResource, "outputs" | "wireOutputs"> {
  outputs: RecordedObject;
  wireOutputs: WireObject;
}

function structToWire(struct: Struct | undefined): WireObject {
  return (struct?.toJavaScript() ?? {}) as WireObject;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The engine marks these output properties secret whatever the provider returns. */
function markSecret(state: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (keys.length === 0) return state;
  const out = { ...state };
  for (const key of keys) {
    const value = out[key];
    if (value !== undefined && !isWireSecret(value)) out[key] = wireSecret(value);
  }
  return out;
}

export class RecordingMonitor extends MockMonitor {
  private readonly records = new Map<string, MutableResource>();
  private readonly invokeLog: RecordedInvoke[] = [];
  private readonly failureLog: RecordedFailure[] = [];
  private seq = 0;
  private readonly failureMode: "record" | "reject";

  constructor(mocks: Mocks, opts: RecordingMonitorOptions = {}) {
    super(mocks);
    this.failureMode = opts.failedRegistrations ?? "record";
  }

  /** A snapshot of what has been recorded so far. */
  graph(): RecordedGraph {
    const resources = [...this.records.values()].sort((a, b) => a.seq - b.seq).map((r) => ({ ...r }));
    const root = resources.find((r) => r.type === ROOT_STACK_TYPE && r.parent === undefined);
    const unsimulated = (this.mocks as Partial<{ unsimulatedTypes: readonly string[] }>).unsimulatedTypes;
    return {
      project: pulumi.getProject(),
      stack: pulumi.getStack(),
      resources,
      invokes: [...this.invokeLog],
      stackOutputs: root?.outputs ?? {},
      failures: [...this.failureLog],
      unsimulatedTypes: Array.isArray(unsimulated) ? [...unsimulated] : [],
    };
  }

  get failures(): readonly RecordedFailure[] {
    return this.failureLog;
  }

  /** Forgets everything recorded (the SDK-side objects of earlier resources are unaffected). */
  clear(): void {
    this.records.clear();
    this.resources.clear();
    this.invokeLog.length = 0;
    this.failureLog.length = 0;
    this.seq = 0;
  }

  /**
   * The engine's URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the
   * qualified type is prefixed with the parent's type, except that the root stack's type is not
   * (top-level resources are `urn:pulumi:dev::proj::aws:ec2/vpc:Vpc::x`, not `…Stack$aws:…`).
   */
  urnFor(parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
      const parentQualified = parent.split("::")[2] ?? "";
      const parentType = parentQualified.split("$").pop() ?? "";
      if (parentType !== ROOT_STACK_TYPE) qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
  }

  override async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent() || undefined;
    const urn = this.urnFor(parent, type, name);
    try {
      if (this.records.has(urn)) {
        throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
      }
      const wireInputs = structToWire(req.getObject());
      const propertyDependencies: Record<string, readonly string[]> = {};
      for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
        propertyDependencies[key] = [...deps.getUrnsList()];
      }
      const providers: Record<string, string> = {};
      for (const [pkg, ref] of req.getProvidersMap().entries()) providers[pkg] = ref;
      const timeouts = req.getCustomtimeouts();
      const record: MutableResource = {
        seq: this.seq++,
        urn,
        type,
        name,
        parent,
        custom: req.getCustom(),
        read: false,
        id: undefined,
        dependencies: [...req.getDependenciesList()],
        propertyDependencies,
        provider: req.getProvider() || undefined,
        providers,
        options: {
          protect: req.getProtect() ?? false,
          ignoreChanges: [...req.getIgnorechangesList()],
          deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
          additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
          replaceOnChanges: [...req.getReplaceonchangesList()],
          aliases: req.getAliasesList().map((a) => a.toObject() as unknown as WireValue),
          customTimeouts: {
            create: timeouts?.getCreate() ?? "",
            update: timeouts?.getUpdate() ?? "",
            delete: timeouts?.getDelete() ?? "",
          },
          retainOnDelete: req.getRetainondelete(),
          deletedWith: req.getDeletedwith() || undefined,
          importId: req.getImportid() || undefined,
          version: req.getVersion() || undefined,
        },
        inputs: decodeWireObject(wireInputs),
        outputs: {},
        wireInputs,
        wireOutputs: {},
      };
      // Claim the URN before the first await so a racing duplicate is caught too.
      this.records.set(urn, record);

      const result = await this.mocks.newResource({
        type,
        name,
        inputs: toMockInputs(wireInputs),
        provider: record.provider,
        custom: record.custom,
        id: record.options.importId,
      });
      const state = markSecret(result.state ?? {}, record.options.additionalSecretOutputs);
      const serialized = (await pulumi.runtime.serializeProperties(`simulated ${type} ${name}`, state)) as WireObject;
      const id = result.id || undefined;
      this.records.set(urn, { ...record, id, outputs: record.custom ? decodeWireObject(serialized) : {}, wireOutputs: record.custom ? serialized : {} });
      this.resources.set(urn, { urn, id: id ?? null, state: serialized });

      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id ?? "");
      response.setObject(Struct.fromJavaScript(serialized as Parameters<typeof Struct.fromJavaScript>[0]));
      callback(null, response);
    } catch (err) {
      this.failureLog.push({ operation: "register", subject: urn, message: errorMessage(err) });
      if (this.failureMode === "reject") {
        callback(Object.assign(new Error(errorMessage(err)), { details: errorMessage(err) }), undefined);
        return;
      }
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId("");
      response.setObject(req.getObject());
      callback(null, response);
    }
  }

  override async readResource(req: resproto.ReadResourceRequest, callback: Callback): Promise<void> {
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent() || undefined;
    const urn = this.urnFor(parent, type, name);
    try {
      if (this.records.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
      const wireInputs = structToWire(req.getProperties());
      const record: MutableResource = {
        seq: this.seq++,
        urn,
        type,
        name,
        parent,
        custom: true,
        read: true,
        id: req.getId(),
        dependencies: [...req.getDependenciesList()],
        propertyDependencies: {},
        provider: req.getProvider() || undefined,
        providers: {},
        options: {
          protect: false,
          ignoreChanges: [],
          deleteBeforeReplace: undefined,
          additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
          replaceOnChanges: [],
          aliases: [],
          customTimeouts: { create: "", update: "", delete: "" },
          retainOnDelete: undefined,
          deletedWith: undefined,
          importId: undefined,
          version: req.getVersion() || undefined,
        },
        inputs: decodeWireObject(wireInputs),
        outputs: {},
        wireInputs,
        wireOutputs: {},
      };
      this.records.set(urn, record);
      const result = await this.mocks.newResource({
        type,
        name,
        inputs: toMockInputs(wireInputs),
        provider: record.provider,
        custom: true,
        id: req.getId(),
      });
      const state = markSecret(result.state ?? {}, record.options.additionalSecretOutputs);
      const serialized = (await pulumi.runtime.serializeProperties(`simulated read ${type} ${name}`, state)) as WireObject;
      this.records.set(urn, { ...record, id: result.id || req.getId(), outputs: decodeWireObject(serialized), wireOutputs: serialized });
      this.resources.set(urn, { urn, id: result.id ?? null, state: serialized });
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(Struct.fromJavaScript(serialized as Parameters<typeof Struct.fromJavaScript>[0]));
      callback(null, response);
    } catch (err) {
      this.failureLog.push({ operation: "read", subject: urn, message: errorMessage(err) });
      if (this.failureMode === "reject") {
        callback(Object.assign(new Error(errorMessage(err)), { details: errorMessage(err) }), undefined);
        return;
      }
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(req.getProperties());
      callback(null, response);
    }
  }

  override async invoke(req: resproto.ResourceInvokeRequest, callback: Callback): Promise<void> {
    const token = req.getTok();
    const wireArgs = structToWire(req.getArgs());
    const seq = this.seq++;
    const provider = req.getProvider() || undefined;
    if (token === INVOKE.pulumiGetResource) {
      // The SDK's own lookup of an already-registered resource (`opts.urn`); MockMonitor answers it
      // from `this.resources`, which we keep filled.
      this.invokeLog.push({ seq, token, args: decodeWireObject(wireArgs), provider, result: undefined, error: undefined });
      return super.invoke(req, callback);
    }
    try {
      const result = await this.mocks.call({ token, inputs: toMockInputs(wireArgs), provider });
      const serialized = (await pulumi.runtime.serializeProperties(`simulated invoke ${token}`, result)) as WireObject;
      this.invokeLog.push({ seq, token, args: decodeWireObject(wireArgs), provider, result: decodeWireObject(serialized), error: undefined });
      const response = new provproto.InvokeResponse();
      response.setReturn(Struct.fromJavaScript(serialized as Parameters<typeof Struct.fromJavaScript>[0]));
      callback(null, response);
    } catch (err) {
      const message = errorMessage(err);
      // Not a registration failure: the caller gets the error and may handle it. The SDK reads a
      // gRPC error's `details`, so the message must be there to reach the program.
      this.invokeLog.push({ seq, token, args: decodeWireObject(wireArgs), provider, result: undefined, error: message });
      callback(Object.assign(new Error(message), { details: message }), undefined);
    }
  }

  override registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
    const urn = req.getUrn();
    const record = this.records.get(urn);
    if (!record) {
      const message = `registerOutputs for unknown resource ${urn}`;
      this.failureLog.push({ operation: "registerOutputs", subject: urn, message });
      callback(new Error(message), undefined);
      return;
    }
    const wire = structToWire(req.getOutputs());
    record.outputs = decodeWireObject(wire);
    record.wireOutputs = wire;
    const existing = this.resources.get(urn);
    if (existing) existing.state = wire;
    callback(null, {});
  }

  override supportsFeature(req: resproto.SupportsFeatureRequest, callback: Callback): void {
    const supported = MONITOR_FEATURES[req.getId()] ?? false;
    callback(null, { getHassupport: () => supported });
  }
}
