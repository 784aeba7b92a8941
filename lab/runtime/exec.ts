import { execFile } from "node:child_process";

/**
 * Running commands and waiting, always against a deadline: a lab that can hang is worse than one
 * that fails, because it also leaves its namespaces and daemons behind.
 */

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class LabCommandError extends Error {
  constructor(readonly command: string, readonly result: CommandResult) {
    super(`\`${command}\` failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = "LabCommandError";
  }
}

export class LabTimeoutError extends Error {
  constructor(readonly what: string, readonly seconds: number, readonly lastState?: string) {
    super(`timed out after ${seconds} s waiting for ${what}${lastState ? ` (last state: ${lastState})` : ""}`);
    this.name = "LabTimeoutError";
  }
}

export class LabInterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`lab interrupted by ${signal}`);
    this.name = "LabInterruptedError";
  }
}

export interface RunOptions {
  /** @default 15000 */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command and resolves with its exit code; never rejects for a non-zero exit. */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...args],
      { timeout: options.timeoutMs ?? 15000, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : error.killed ? 124 : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error && typeof error.code !== "number" ? error.message : "") });
      },
    );
  });
}

/** Like {@link run}, but a non-zero exit is an error. */
export async function must(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(cmd, args, options);
  if (result.code !== 0) throw new LabCommandError([cmd, ...args].join(" "), result);
  return result.stdout;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export const seconds = (fromMs: number): number => Math.round((Date.now() - fromMs) / 10) / 100;

export interface Poll<T> {
  /** `done` ends the wait; `state` describes progress for the timeout message. */
  readonly done: boolean;
  readonly value: T;
  readonly state?: string;
}

export interface WaitOptions {
  readonly what: string;
  readonly deadlineSeconds: number;
  /** @default 200 */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

export interface WaitResult<T> {
  readonly done: boolean;
  readonly value: T;
  readonly seconds: number;
  readonly state?: string;
}

/**
 * Polls until `probe` says done or the deadline passes. Returns the last value either way, so a
 * check can explain *what* it saw when the deadline ran out.
 */
export async function pollUntil<T>(probe: () => Promise<Poll<T>>, options: WaitOptions): Promise<WaitResult<T>> {
  const start = Date.now();
  const deadline = start + options.deadlineSeconds * 1000;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    const poll = await probe();
    if (poll.done || Date.now() >= deadline) {
      const base = { done: poll.done, value: poll.value, seconds: seconds(start) };
      return poll.state === undefined ? base : { ...base, state: poll.state };
    }
    await sleep(options.intervalMs ?? 200, options.signal);
  }
}

/** {@link pollUntil}, but running out of time is an error. */
export async function waitFor<T>(probe: () => Promise<Poll<T>>, options: WaitOptions): Promise<WaitResult<T>> {
  const result = await pollUntil(probe, options);
  if (!result.done) throw new LabTimeoutError(options.what, options.deadlineSeconds, result.state);
  return result;
}
