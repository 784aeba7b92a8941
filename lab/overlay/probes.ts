import { spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARIES } from "../runtime/daemons";

/**
 * Traffic the overlay lab sends across: a TCP bulk transfer (the MSS clamp check) and ping timing
 * (MTU, failover). The TCP probe runs as `node` inside a namespace (a process cannot change its own
 * network namespace), so its small program is written into the run directory and started with this
 * Node.js binary: no Python, no iperf.
 *
 *   server HOST PORT                    accepts connections, drains each, closes when the client is done
 *   client HOST PORT BYTES TIMEOUT_MS   prints `connected <local port>`, waits 300 ms (so the lab can read
 *                                       the connection's MSS with `ss`), sends BYTES, half-closes and waits
 *                                       for the server's close: `ok bytes=… ms=…`, or `stalled bytes=…`
 */
export const TCP_PROBE_SOURCE = `"use strict";
const net = require("net");
const [mode, host, port, bytes, timeoutMs] = process.argv.slice(2);
if (mode === "server") {
  const server = net.createServer((s) => {
    s.on("data", () => {});
    s.on("end", () => s.end());
    s.on("error", () => s.destroy());
  });
  server.listen(Number(port), host, () => console.log("listening"));
} else {
  const total = Number(bytes);
  const chunk = Buffer.alloc(65536, 120);
  const started = Date.now();
  let sent = 0;
  const s = net.connect({ host, port: Number(port) }, () => {
    console.log("connected " + s.localPort);
    setTimeout(pump, 300);
  });
  const timer = setTimeout(() => {
    console.log("stalled bytes=" + (s.bytesWritten - s.writableLength) + " of " + total + " after " + timeoutMs + " ms");
    s.destroy();
    process.exit(0);
  }, Number(timeoutMs));
  function pump() {
    while (sent < total) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once("drain", pump);
    }
    s.end();
  }
  s.on("data", () => {});
  s.on("end", () => {
    clearTimeout(timer);
    console.log("ok bytes=" + sent + " ms=" + (Date.now() - started - 300));
    process.exit(0);
  });
  s.on("error", (e) => {
    clearTimeout(timer);
    console.log("error " + e.message);
    process.exit(1);
  });
}
`;

/** Writes the probe program into the run directory; returns its path. */
export function writeTcpProbe(dir: string): string {
  const file = join(dir, "tcp-probe.js");
  writeFileSync(file, TCP_PROBE_SOURCE, { mode: 0o644 });
  return file;
}

export interface TcpTransfer {
  readonly completed: boolean;
  readonly bytes: number;
  readonly ms: number;
  /** The connection's MSS as `ss` saw it while the client waited. */
  readonly mss: number | undefined;
  readonly text: string;
}

/** Parses the client's last line. */
export function parseTcpProbe(text: string): Omit<TcpTransfer, "mss"> {
  const ok = /ok bytes=(\d+) ms=(\d+)/.exec(text);
  if (ok) return { completed: true, bytes: Number(ok[1]), ms: Number(ok[2]), text: text.trim() };
  const stalled = /stalled bytes=(-?\d+)/.exec(text);
  return { completed: false, bytes: stalled ? Math.max(0, Number(stalled[1])) : 0, ms: 0, text: text.trim() };
}

export interface StartedProcess {
  readonly pid: number;
  readonly done: Promise<{ code: number | null; stdout: string }>;
}

/**
 * Runs a program in a namespace with its output captured, killed after `timeoutMs` whatever it does;
 * `onLine` sees each stdout line as it arrives. The pid is recorded in `pids` for teardown.
 */
export function runInNamespace(ns: string, argv: readonly string[], timeoutMs: number, pids: number[], onLine?: (line: string) => void): StartedProcess {
  const child = spawn(BINARIES.ip, ["netns", "exec", ns, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid !== undefined) pids.push(child.pid);
  let stdout = "";
  let pending = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    pending += d.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine?.(line);
  });
  child.stderr.on("data", (d: Buffer) => (stdout += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
    child.once("error", () => {
      clearTimeout(timer);
      resolve({ code: -1, stdout });
    });
  });
  return { pid: child.pid ?? -1, done };
}

/** Starts a long-lived process in a namespace with output to a file (pings, the probe server). */
export function startInNamespace(ns: string, argv: readonly string[], outFile: string, pids: number[]): number {
  const fd = openSync(outFile, "a", 0o600);
  const child = spawn(BINARIES.ip, ["netns", "exec", ns, ...argv], { stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`${argv[0]} did not start in ${ns}`);
  pids.push(child.pid);
  return child.pid;
}

export interface PingGaps {
  readonly replies: number;
  /** Probes sent (the highest sequence number seen) minus replies received. */
  readonly lost: number;
  /** Longest time between two consecutive replies, in ms. */
  readonly longestGapMs: number;
  /** When that gap started, relative to `since` (ms). */
  readonly gapStartMs: number;
  /** Whether replies came again at least `resumedAfterMs` after `since`. */
  readonly lastReplyMs: number;
}

/** Reads `ping -D -O` output: `[epoch] 64 bytes from …: icmp_seq=N …` and `no answer yet for icmp_seq=N`. */
export function pingGaps(text: string, sinceEpochMs: number): PingGaps {
  const replies: { t: number; seq: number }[] = [];
  let highest = 0;
  for (const line of text.split("\n")) {
    const reply = /^\[(\d+\.\d+)\] \d+ bytes from .*icmp_seq=(\d+)/.exec(line);
    const missing = /no answer yet for icmp_seq=(\d+)/.exec(line);
    if (reply) {
      replies.push({ t: Number(reply[1]) * 1000, seq: Number(reply[2]) });
      highest = Math.max(highest, Number(reply[2]));
    } else if (missing) highest = Math.max(highest, Number(missing[1]));
  }
  replies.sort((a, b) => a.t - b.t);
  let gap = 0;
  let at = sinceEpochMs;
  for (let i = 1; i < replies.length; i++) {
    const d = (replies[i]?.t ?? 0) - (replies[i - 1]?.t ?? 0);
    if (d > gap) {
      gap = d;
      at = replies[i - 1]?.t ?? sinceEpochMs;
    }
  }
  const unique = new Set(replies.map((r) => r.seq)).size;
  const last = replies[replies.length - 1]?.t ?? 0;
  return { replies: unique, lost: Math.max(0, highest - unique), longestGapMs: Math.round(gap), gapStartMs: Math.round(at - sinceEpochMs), lastReplyMs: Math.round(last - sinceEpochMs) };
}
