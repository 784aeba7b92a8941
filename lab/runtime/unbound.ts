import { BASE_ENV, BINARIES } from "./daemons";
import { must, run, waitFor } from "./exec";
import { isAlive, readPidFile, terminate } from "./processes";

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
