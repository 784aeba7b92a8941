import { readFileSync, readdirSync } from "node:fs";
import { sleep } from "./exec";

/**
 * Process bookkeeping through /proc. A daemon the lab started is re-parented to init once it
 * daemonizes, and until init reaps it, it is a zombie: `kill(pid, 0)` still succeeds then, so
 * "alive" here means "exists and is not a zombie".
 */

function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces; the state follows the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  const state = procState(pid);
  return state !== undefined && state !== "Z" && state !== "X";
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone: that is what we wanted.
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/**
 * SIGTERM, then SIGKILL after `graceMs` (lab.md pitfall 3: an initiator with close_action=restart
 * can hang a polite shutdown). Resolves with how it ended; never throws.
 */
export async function terminate(pid: number, graceMs = 5000): Promise<"exited" | "killed" | "stuck"> {
  if (!isAlive(pid)) return "exited";
  signal(pid, "SIGTERM");
  if (await waitGone(pid, graceMs)) return "exited";
  signal(pid, "SIGKILL");
  return (await waitGone(pid, 2000)) ? "killed" : "stuck";
}

export interface ProcessInfo {
  readonly pid: number;
  readonly comm: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Live processes named one of `names` whose command line or environment mentions `marker` (the
 * run's private directory: FRR gets it in its arguments, charon in STRONGSWAN_CONF).
 */
export function findProcesses(names: readonly string[], marker: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const comm = readText(`/proc/${pid}/comm`).trim();
    if (!names.includes(comm) || !isAlive(pid)) continue;
    const cmdline = readText(`/proc/${pid}/cmdline`);
    const environ = readText(`/proc/${pid}/environ`);
    if (cmdline.includes(marker) || environ.includes(marker)) found.push({ pid, comm });
  }
  return found;
}

export function readPidFile(path: string): number | undefined {
  const text = readText(path).trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
