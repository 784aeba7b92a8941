/**
 * Runs a Pulumi program offline: the real SDK and the real provider SDKs, with the recording
 * monitor in place of the engine and {@link SimulatedCloud} in place of the providers.
 *
 * This mirrors what the Automation API does for an inline program (automation/server.js `run`):
 * a fresh runtime store, the project/stack/config set on it, the program run inside
 * `runInPulumiStack` (so there is a root `pulumi:pulumi:Stack` and the program's return value
 * becomes the stack outputs), then a wait for every outstanding RPC, with unhandled rejections
 * collected as program errors.
 */
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import type { RecordedGraph } from "../graph";
import { RecordingMonitor } from "./recording-monitor";
import { installMonitor, waitForRPCs, withFreshRuntime } from "./sdk-internals";
import { SimulatedCloud } from "./simulate";

export interface RunPreviewOptions {
  /** The stack program: what `Pulumi.yaml`'s `main` would export. Its return value becomes the stack outputs. */
  readonly program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
  readonly project: string;
  readonly stack: string;
  /**
   * Stack config, keyed as in `Pulumi.<stack>.yaml`: `"<namespace>:<key>"` (for example
   * `"crosscloud:mode"`, `"aws:region"`). A key without a namespace is put in `project`'s.
   * Values are strings; structured values are JSON text, as the CLI passes them.
   * @default {}
   */
  readonly config?: Readonly<Record<string, string>>;
  /** Config keys (same spelling as in `config`) that are secret, so `config.getSecret` etc. behave. @default [] */
  readonly secretKeys?: readonly string[];
  /**
   * Run as a preview (`pulumi.runtime.isDryRun()` true).
   * @default false - the simulation knows every output, so resources created in `apply()` show up.
   */
  readonly preview?: boolean;
  /** @default "organization" */
  readonly organization?: string;
  /** The simulated clouds to answer registrations. @default a fresh {@link SimulatedCloud} */
  readonly cloud?: SimulatedCloud;
}

/** Thrown when the program itself succeeded but something it started failed (a registration, an apply). */
export class PreviewRunError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`the program failed during the offline preview:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
    this.name = "PreviewRunError";
  }
}

function namespaced(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * One offline run at a time: runs are isolated in their own runtime store, but Node's
 * `unhandledRejection` event is process-wide, so concurrent runs could not tell whose rejection
 * is whose. Serialising keeps error attribution exact; previews take milliseconds to seconds.
 */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` as stack `project`/`stack` under the recording monitor and returns what it
 * registered. Rejects with the program's own error if it throws, and with a
 * {@link PreviewRunError} if a registration, invoke or `apply` callback fails. Callable any number
 * of times in one process; each run starts from a fresh runtime state.
 */
export function runPreview(opts: RunPreviewOptions): Promise<RecordedGraph> {
  const run = queue.then(() => runIsolated(opts));
  queue = run.catch(() => undefined);
  return run;
}

async function runIsolated(opts: RunPreviewOptions): Promise<RecordedGraph> {
  const cloud = opts.cloud ?? new SimulatedCloud();
  const monitor = new RecordingMonitor(cloud);
  return withFreshRuntime(async () => {
    installMonitor(monitor, {
      project: opts.project,
      stack: opts.stack,
      preview: opts.preview ?? false,
      organization: opts.organization ?? "organization",
    });
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.config ?? {})) config[namespaced(key, opts.project)] = value;
    pulumi.runtime.setAllConfig(config, (opts.secretKeys ?? []).map((k) => namespaced(k, opts.project)));

    // As the language host does: an unobserved rejection (a throw inside apply(), an invoke
    // nobody awaited) is a program error, reported once per distinct error. (Under jest the
    // sandboxed `process` never sees these; jest fails the running test with them instead.)
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      if (!unhandled.includes(reason)) unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);

    // The program's own error is caught inside the stack callback rather than let through
    // runInPulumiStack: a rejected stack body also rejects the promises behind the Stack
    // resource's outputs, which nothing awaits (jest would report them as stray failures).
    let programFailed = false;
    let programError: unknown;
    await runInPulumiStack(async () => {
      try {
        return (await opts.program()) ?? undefined;
      } catch (err) {
        programFailed = true;
        programError = err;
        return undefined;
      }
    });
    try {
      await waitForRPCs();
      // Node reports unhandled rejections after the microtask queue drains; one macrotask turn
      // later every rejection from the run has been reported.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    if (programFailed) throw programError;

    const messages = new Set<string>();
    for (const failure of monitor.failures) messages.add(`${failure.operation} ${failure.subject}: ${failure.message}`);
    for (const reason of unhandled) messages.add(reason instanceof Error ? reason.message : String(reason));
    if (pulumi.log.hasErrors()) messages.add("the program logged errors with pulumi.log.error (see above)");
    if (messages.size > 0) throw new PreviewRunError([...messages]);
    return monitor.graph();
  });
}
