/**
 * A local engine: runs a Pulumi Node.js project through Pulumi's own runner
 * (`node @pulumi/pulumi/cmd/run`, launched as the language host launches it, see contract.ts) against
 * a gRPC ResourceMonitor + Engine answered by the offline preview's simulated providers, and returns
 * the same {@link RecordedGraph} as the in-process path.
 *
 * Lifecycle: bind 127.0.0.1:0 -> spawn the runner -> wait for it to exit -> force-shut the server.
 * The runner exits by itself once its event loop is empty (after SignalAndWaitForShutdown on success).
 * On timeout or abort it gets SIGINT, then SIGKILL 5 s later (the host's `cmd.Cancel` + `WaitDelay`).
 * Nothing outlives `runEngine`: the child has exited and the port is closed when the promise settles.
 *
 * What the real engine does and this one does not: it registers no default providers (the engine creates
 * `pulumi:providers:<pkg>::default_<version>` and fills in the `provider` of every resource given none; the
 * in-process monitor does not either, so both graphs lack them alike), computes no diff against a prior state
 * (every resource is a create), serves no `Call` (methods of remote components) and no transforms or hooks
 * (reported unsupported, see services.ts), and stands in for the providers with the simulator.
 */
import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import * as grpc from "@grpc/grpc-js";
import {
  EXIT_ALREADY_REPORTED,
  defaultParallel,
  locateRunner,
  nodeRuntimeOptions,
  pwdMain,
  readProjectFile,
  runnerArguments,
  runnerEnvironment,
  type RunRequest,
} from "./contract";
import { DryRunCloud, type DryRunNote } from "./dry-run-cloud";
import { EngineRecorder } from "./engine-recorder";
import type { RecordedGraph } from "../../graph";
import { SimulatedCloud } from "../simulate";
import { addServices, newSession, type EngineLogEntry, type EngineSession } from "./services";

/**
 * Message limits: the SDK's clients accept 400 MiB (runtime/settings.js `grpcChannelOptions`) and the
 * engine serves with the same (sdk/go/common/util/rpcutil/serve.go `MaxRecvMsgSize`); grpc-js would
 * default to 4 MiB.
 */
const GRPC_OPTIONS: grpc.ServerOptions = {
  "grpc.max_receive_message_length": 400 * 1024 * 1024,
  "grpc.max_send_message_length": 400 * 1024 * 1024,
};

/** A {@link SimulatedCloud} that reads config from the run's config, not the engine process's SDK runtime. */
class ConfiguredCloud extends SimulatedCloud {
  constructor(private readonly settings: Readonly<Record<string, string>>) {
    super();
  }
  override config(key: string): string | undefined {
    return this.settings[key];
  }
}

export interface EngineRunOptions {
  /** The project directory (holds Pulumi.yaml). */
  readonly root: string;
  readonly stack: string;
  /** `<ns>:<name>` -> string (structured values as JSON text), as in Pulumi.<stack>.yaml after decryption. */
  readonly config?: Readonly<Record<string, string>>;
  /** Config keys given with `pulumi config set --secret`. */
  readonly secretKeys?: readonly string[];
  /** `pulumi preview` (true: computed outputs unknown) or `pulumi up` (false: the simulated values). @default true */
  readonly dryRun?: boolean;
  /** @default "organization" (what a self-managed backend reports) */
  readonly organization?: string;
  /** @default GOMAXPROCS * 4, the CLI's default */
  readonly parallel?: number;
  /** Kill the runner after this long. @default 300 000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Extra environment for the runner (on top of this process's, as the language host does). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the runner's stdout and stderr go as they come. @default collected only */
  readonly output?: (stream: "stdout" | "stderr", text: string) => void;
  /** Each `Engine.Log` message as it comes (the SDK's debug chatter included). @default collected only */
  readonly onLog?: (entry: EngineLogEntry) => void;
}

export interface EngineRunResult {
  /** "ok": exit 0, shutdown signalled, no error logged; "failed": anything else. */
  readonly outcome: "ok" | "failed";
  /** The run was stopped by `timeoutMs` or `signal`. */
  readonly cancelled: boolean;
  /** The runner's process id (it has exited when the result is returned). */
  readonly pid: number | undefined;
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  /** The language host's verdict: "" (ok), "bail" (exit 32: error already shown), or its error text. */
  readonly hostError: string;
  readonly graph: RecordedGraph;
  readonly logs: readonly EngineLogEntry[];
  readonly session: EngineSession;
  readonly dryRunNotes: readonly DryRunNote[];
  readonly stdout: string;
  readonly stderr: string;
  readonly request: RunRequest;
  readonly argv: readonly string[];
  readonly millis: number;
}

/** The CLI's key rule: a key without a namespace belongs to the project (`pulumi config set x` = `<project>:x`). */
function namespacedKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function listen(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/** pulumi-language-nodejs `execRuntime`'s reading of the exit status. */
function hostVerdict(code: number | null, signal: NodeJS.Signals | null): string {
  if (code === 0) return "";
  if (code === EXIT_ALREADY_REPORTED) return "bail";
  if (code === null) return `Program exited with signal ${signal ?? "unknown"}`;
  return `Program exited with non-zero exit code: ${code}`;
}

export async function runEngine(opts: EngineRunOptions): Promise<EngineRunResult> {
  const started = Date.now();
  const project = readProjectFile(opts.root);
  const { pwd, entryPoint } = pwdMain(opts.root, project.main);
  const runtimeOptions = nodeRuntimeOptions(project.options);
  const key = (k: string): string => namespacedKey(k, project.name);
  const config = Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [key(k), v]));
  const secretKeys = (opts.secretKeys ?? []).map(key);
  const dryRun = opts.dryRun ?? true;
  const emit = opts.output ?? ((): void => undefined);

  const cloud = new ConfiguredCloud(config);
  const mocks = dryRun ? new DryRunCloud(cloud) : cloud;
  const recorder = new EngineRecorder(mocks, project.name, opts.stack);
  const session = newSession();
  const server = new grpc.Server(GRPC_OPTIONS);
  addServices(server, recorder, session, opts.onLog ?? ((): void => undefined));

  try {
    const port = await listen(server);
    const address = `127.0.0.1:${port}`;
    const request: RunRequest = {
      monitorAddress: address,
      engineAddress: address,
      organization: opts.organization ?? "organization",
      project: project.name,
      rootDirectory: opts.root,
      stack: opts.stack,
      programDirectory: pwd,
      entryPoint,
      dryRun,
      parallel: opts.parallel ?? defaultParallel(),
      config,
      secretKeys,
      runtimeOptions,
    };
    const argv = [...runtimeOptions.nodeargs, ...runnerArguments(locateRunner(pwd), request)];
    const child = spawn(process.execPath, argv, {
      cwd: opts.root,
      env: { ...process.env, ...opts.env, ...runnerEnvironment(request) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => {
      stdout += t;
      emit("stdout", t);
    });
    child.stderr.setEncoding("utf8").on("data", (t: string) => {
      stderr += t;
      emit("stderr", t);
    });

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve({ code, signal }));
    });
    let killTimer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const stop = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      cancelled = true;
      child.kill("SIGINT");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
    };
    const timer = setTimeout(stop, opts.timeoutMs ?? 300_000);
    opts.signal?.addEventListener("abort", stop, { once: true });
    if (opts.signal?.aborted) stop();
    let status: { code: number | null; signal: NodeJS.Signals | null };
    try {
      status = await exited;
    } finally {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener("abort", stop);
    }

    const hostError = hostVerdict(status.code, status.signal);
    const loggedError = session.logs.some((l) => l.severity === "error");
    const ok = hostError === "" && session.shutdownSignalled && !loggedError;
    return {
      outcome: ok ? "ok" : "failed",
      cancelled,
      pid: child.pid,
      exitCode: status.code,
      exitSignal: status.signal,
      hostError,
      graph: recorder.graph(),
      logs: session.logs,
      session,
      dryRunNotes: mocks instanceof DryRunCloud ? mocks.notes : [],
      stdout,
      stderr,
      request,
      argv,
      millis: Date.now() - started,
    };
  } finally {
    // The runner has exited (or never started): nothing is in flight that deserves a graceful drain.
    server.forceShutdown();
  }
}

/** {@link runEngine}, for callers that only want the graph: rejects with an {@link EngineRunError} unless the run was "ok". */
export async function recordThroughRunner(opts: EngineRunOptions): Promise<RecordedGraph> {
  const result = await runEngine(opts);
  if (result.outcome !== "ok") throw new EngineRunError(result);
  return result.graph;
}

/** A run that did not end "ok", with what the user needs to see: the program's error as the runner reported it. */
export class EngineRunError extends Error {
  constructor(readonly result: EngineRunResult) {
    super(describeFailure(result));
    this.name = "EngineRunError";
  }
}

/**
 * What `pulumi up` would show for a failed run: the error diagnostics the program sent to the engine
 * (the runner reports an unhandled error there, then exits 32 and the CLI adds nothing), else the
 * language host's own message with the end of the program's stderr.
 */
export function describeFailure(result: EngineRunResult): string {
  const errors = result.logs.filter((l) => l.severity === "error").map((l) => (l.urn ? `${l.urn}: ${l.message}` : l.message));
  const lines: string[] = [];
  if (result.cancelled) lines.push(`the program was stopped after ${result.millis} ms`);
  lines.push(...errors);
  if (result.hostError !== "" && result.hostError !== "bail") lines.push(result.hostError);
  if (errors.length === 0) {
    const tail = result.stderr.trim().split("\n").slice(-20).join("\n");
    if (tail !== "") lines.push(tail);
    if (result.hostError === "" && !result.session.shutdownSignalled) lines.push("the program exited without signalling the engine that it finished");
  }
  // The runner colours its report (util.inspect with colors, for the CLI's terminal); plain text here.
  return stripVTControlCharacters(lines.join("\n"));
}
