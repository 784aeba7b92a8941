import { rmSync } from "node:fs";
import { BASE_ENV, BINARIES } from "./daemons";
import { LabInterruptedError, must, run, seconds, waitFor } from "./exec";
import { findProcesses, isAlive, readPidFile, terminate } from "./processes";
import { deleteNamespaces, listRunNamespaces } from "../topology/namespaces";

/** Where one unbound server keeps its files, all inside the run's directory. */
export interface UnboundPaths {
  readonly dir: string;
  readonly pidFile: string;
  readonly logFile: string;
  readonly controlSocket: string;
}

const quote = (s: string): string => `"${s}"`;

/**
 * The `server:` section every lab server shares: root in its own namespace, every path inside the run's
 * directory, no chroot, no DNSSEC module (private zones are unsigned), and no prefetch or serve-expired, so an
 * answer lives exactly its TTL. `logQueries` logs each query received (with no minimised probes for the
 * parents, so a log reads one query per name): the proof that a query reached this server.
 */
export function unboundServerSection(paths: UnboundPaths, listen: { readonly interfaces: readonly string[]; readonly outgoing?: readonly string[]; readonly logQueries?: boolean }): string[] {
  return [
    "server:",
    ...listen.interfaces.map((a) => `  interface: ${a}`),
    ...(listen.outgoing ?? []).map((a) => `  outgoing-interface: ${a}`),
    "  port: 53",
    "  do-ip6: no",
    "  access-control: 0.0.0.0/0 allow",
    `  username: ""`,
    `  chroot: ""`,
    `  directory: ${quote(paths.dir)}`,
    `  pidfile: ${quote(paths.pidFile)}`,
    `  logfile: ${quote(paths.logFile)}`,
    "  use-syslog: no",
    "  verbosity: 1",
    ...(listen.logQueries ? ["  log-queries: yes", "  qname-minimisation: no"] : []),
    `  module-config: "iterator"`,
    "  prefetch: no",
    "  serve-expired: no",
    "  cache-min-ttl: 0",
    "  minimal-responses: yes",
    "  num-threads: 1",
  ];
}

/** `unbound-control` over a unix socket in the run's directory (no certificates). */
export const unboundControlSection = (paths: UnboundPaths): string[] => [
  "remote-control:",
  "  control-enable: yes",
  `  control-interface: ${quote(paths.controlSocket)}`,
  "  control-use-cert: no",
];

/** One unbound server of a DNS lab: its role (for messages), namespace, configuration and pid file. */
export interface UnboundServer {
  readonly role: string;
  readonly namespace: string;
  readonly conf: string;
  readonly pidFile: string;
}

/**
 * Checks the configuration (`unbound-checkconf`), starts unbound in its namespace and waits, against a
 * deadline, until it answers `unbound-control status`. unbound forks into the background once it has bound
 * its addresses, and writes its pid file.
 */
export async function startUnbound(server: UnboundServer, deadlineSeconds: number): Promise<void> {
  const check = await run(BINARIES.unboundCheckconf, [server.conf], { env: BASE_ENV });
  if (check.code !== 0) throw new Error(`unbound-checkconf rejected the ${server.role} configuration: ${check.stderr.trim() || check.stdout.trim()}`);
  await must(BINARIES.ip, ["netns", "exec", server.namespace, BINARIES.unbound, "-c", server.conf], { env: BASE_ENV });
  await waitFor(
    async () => {
      const pid = readPidFile(server.pidFile);
      const status = pid !== undefined && isAlive(pid) ? await run(BINARIES.unboundControl, ["-c", server.conf, "status"], { env: BASE_ENV }) : undefined;
      return { done: status?.code === 0, value: pid, state: status?.stderr.trim() || "no pid yet" };
    },
    { what: `unbound (${server.role}) in ${server.namespace}`, deadlineSeconds, intervalMs: 50 },
  );
}

/** Stops a server started by {@link startUnbound}; a description when it needed SIGKILL or would not die. */
export async function stopUnbound(server: UnboundServer): Promise<string | undefined> {
  const pid = readPidFile(server.pidFile);
  if (pid === undefined) return undefined;
  const how = await terminate(pid);
  return how === "exited" ? undefined : `unbound ${server.role} (pid ${pid}) ${how}`;
}

/**
 * The end of every DNS lab run, on every exit path: stops its unbound servers, deletes its namespaces, and
 * looks again for anything left (an unbound still running from the run's directory, a namespace with the
 * run's prefix), killing what it finds. `passed` only when nothing was left; `detail` says what was.
 */
export async function teardownUnboundRun(run: {
  readonly servers: readonly UnboundServer[];
  readonly namespaces: readonly string[];
  readonly prefix: string;
  readonly dir: string;
}): Promise<{ readonly passed: boolean; readonly detail: string }> {
  const problems = (await Promise.all(run.servers.map(stopUnbound))).filter((p): p is string => p !== undefined);
  const undeleted = await deleteNamespaces([...new Set([...run.namespaces, ...(await listRunNamespaces(run.prefix))])]);
  problems.push(...undeleted.map((ns) => `namespace ${ns} could not be deleted`));
  const stray = findProcesses(["unbound"], run.dir);
  const leftovers = [...stray.map((p) => `unbound ${p.pid}`), ...(await listRunNamespaces(run.prefix)).map((ns) => `namespace ${ns}`)];
  for (const p of stray) await terminate(p.pid, 1000);
  return leftovers.length === 0
    ? { passed: true, detail: `0 unbound processes and 0 namespaces with prefix ${run.prefix}- remain${problems.length ? ` (notes: ${problems.join("; ")})` : ""}` }
    : { passed: false, detail: `LEFT BEHIND: ${leftovers.join(", ")}` };
}

/** What a DNS lab's body builds, for {@link withUnboundRun} to tear down. */
export interface UnboundRun {
  /** Namespaces created, in order. */
  readonly namespaces: string[];
  /** Servers started (or about to be). */
  readonly servers: UnboundServer[];
  /** The SIGINT/SIGTERM received during the run, if any: the body stops at its next step. */
  readonly interrupted: () => NodeJS.Signals | undefined;
}

/**
 * A DNS lab run with teardown on every exit path (errors, SIGINT and SIGTERM included): runs `body`, then
 * {@link teardownUnboundRun} and the removal of `dir` (unless `keepWorkDir`), and returns the teardown's
 * result and time. After teardown, a signal is re-raised (`LabInterruptedError`), and an error of the body
 * is rethrown as "`label` could not be built", with what teardown left behind if anything.
 */
export async function withUnboundRun(
  run: { readonly label: string; readonly prefix: string; readonly dir: string; readonly keepWorkDir?: boolean },
  body: (built: UnboundRun) => Promise<void>,
): Promise<{ readonly passed: boolean; readonly detail: string; readonly seconds: number }> {
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const built: UnboundRun = { namespaces: [], servers: [], interrupted: () => interrupted };
  let failure: unknown;
  let teardown: { readonly passed: boolean; readonly detail: string; readonly seconds: number } = { passed: false, detail: "not run", seconds: 0 };
  try {
    await body(built);
  } catch (error) {
    failure = error;
  } finally {
    const started = Date.now();
    teardown = { ...(await teardownUnboundRun({ servers: built.servers, namespaces: built.namespaces, prefix: run.prefix, dir: run.dir })), seconds: seconds(started) };
    if (!run.keepWorkDir) rmSync(run.dir, { recursive: true, force: true });
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (interrupted !== undefined) {
    if (process.listenerCount(interrupted) === 0) process.kill(process.pid, interrupted);
    throw new LabInterruptedError(interrupted);
  }
  if (failure !== undefined) {
    throw new Error(`${run.label} could not be built: ${failure instanceof Error ? failure.message : String(failure)}${teardown.passed ? "" : ` (${teardown.detail})`}`, { cause: failure });
  }
  return teardown;
}
