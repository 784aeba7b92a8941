import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** How to start a policy pack process. */
export interface PackCommand {
  /** Executable; usually `process.execPath`. */
  readonly executable: string;
  readonly args: readonly string[];
  /**
   * Working directory. @pulumi/policy reads the pack version from `<cwd>/package.json`
   * and exits if there is none.
   */
  readonly cwd: string;
}

/**
 * The pack entry to run when none is given. Compiled (this file is dist/check/*.js),
 * that is dist/policy/index.js beside it. From TypeScript sources (jest, tsx), no compiled file
 * sits beside this module, so it is policy/index.ts. Checking next to *this* module, rather than
 * for any dist/, keeps a stale build from being picked up while running the sources.
 */
export function defaultPackEntry(moduleDir: string = __dirname): string {
  const compiled = path.resolve(moduleDir, "../policy/index.js");
  return existsSync(compiled) ? compiled : path.resolve(moduleDir, "../policy/index.ts");
}

/** The nearest directory at or above `dir` holding a package.json (what @pulumi/policy needs as cwd). */
export function packageDirOf(dir: string): string {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, "package.json"))) return at;
    if (path.dirname(at) === at) throw new Error(`no package.json at or above ${dir}: @pulumi/policy needs one for the pack version`);
  }
}

/**
 * `node <entry>` for JavaScript; `node --import <tsx loader> <entry>` for TypeScript. tsx is
 * resolved to a file URL here so the child does not depend on its cwd to find it.
 */
export function packCommand(entry: string): PackCommand {
  const absolute = path.resolve(entry);
  const typescript = /\.[cm]?ts$/.test(absolute);
  const args = typescript ? ["--import", pathToFileURL(require.resolve("tsx")).href, absolute] : [absolute];
  return { executable: process.execPath, args, cwd: packageDirOf(path.dirname(absolute)) };
}

export interface SpawnPackOptions {
  /** Pack entry file (.js or .ts). @default - see defaultPackEntry() */
  readonly entry?: string;
  /** Full control over the command (e.g. to start the pack the way the Pulumi CLI does). Wins over `entry`. */
  readonly command?: PackCommand;
  /**
   * How long the pack may take to print its port. A safety net against a hung child, not a
   * performance bound: loading @pulumi/pulumi and compiling with tsx takes a few seconds.
   * @default 60_000
   */
  readonly startTimeoutMs?: number;
}

export interface RunningPack {
  readonly port: number;
  /** `127.0.0.1:<port>`: @pulumi/policy binds to loopback only. */
  readonly address: string;
  readonly pid: number;
  /** What the pack wrote to stderr so far (last 64 KiB). */
  stderr(): string;
  /** Stops the pack (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. Idempotent. */
  close(): Promise<void>;
}

const STDERR_KEEP = 64 * 1024;
const KILL_GRACE_MS = 5_000;

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function stop(child: ChildProcess): Promise<void> {
  // No pid: the spawn itself failed, so there is nothing to stop and no "exit" will come.
  if (exited(child) || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts a policy pack process and waits for the port it prints, as the Pulumi CLI does: the
 * first line on stdout must be the port number. The child is killed on every failure path; on
 * success the caller owns it and must call `close()` (use try/finally).
 */
export async function spawnPack(options: SpawnPackOptions = {}): Promise<RunningPack> {
  const command = options.command ?? packCommand(options.entry ?? defaultPackEntry());
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const child = spawn(command.executable, [...command.args], { cwd: command.cwd, stdio: ["ignore", "pipe", "pipe"] });

  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  // If this process exits without close() (a crash, process.exit in a caller), take the pack along.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= stop(child).then(() => {
      process.removeListener("exit", killOnExit);
    });
    return closing;
  };
  const describe = `policy pack \`${[command.executable, ...command.args].join(" ")}\` (cwd ${command.cwd})`;

  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(
        () => reject(new Error(`${describe} did not print its port within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        child.removeListener("close", onExit);
        fn();
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        settle(() => reject(new Error(`${describe} exited (${signal ?? `code ${code}`}) before printing its port; stderr:\n${stderr}`)));
      // "close" rather than "exit": it comes after stderr has been read to the end, so the
      // error carries everything the pack said before dying.
      child.once("close", onExit);
      child.once("error", (err) => settle(() => reject(new Error(`${describe} could not start: ${err.message}`))));
      const onData = (chunk: string) => {
        stdout += chunk;
        const newline = stdout.indexOf("\n");
        if (newline < 0) return;
        child.stdout?.removeListener("data", onData);
        // Keep draining stdout so a chatty pack never blocks on a full pipe.
        child.stdout?.resume();
        const line = stdout.slice(0, newline).trim();
        const port = /^\d+$/.test(line) ? Number(line) : NaN;
        settle(() =>
          Number.isInteger(port) && port > 0 && port < 65536
            ? resolve(port)
            : reject(new Error(`${describe} printed ${JSON.stringify(line)} where its port was expected; stderr:\n${stderr}`)),
        );
      };
      child.stdout?.setEncoding("utf8").on("data", onData);
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${describe} has no pid`);
    return { port, address: `127.0.0.1:${port}`, pid, stderr: () => stderr, close };
  } catch (err) {
    await close();
    throw err;
  }
}
