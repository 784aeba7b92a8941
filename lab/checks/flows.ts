import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARIES } from "../runtime/daemons";
import { must, run } from "../runtime/exec";
import { runInNamespace, startInNamespace } from "../overlay/probes";

/**
 * UDP flows across the lab, for ECMP: a small Node.js program run inside a namespace (a process cannot change
 * its own namespace), written into the run directory, like the overlay lab's TCP probe. No iperf, no Python.
 *
 *   server HOST PORT MS                         echoes every datagram to its sender; exits after MS
 *   burst  HOST PORT SRC FIRST_SPORT FLOWS N    N datagrams on each of FLOWS flows (source ports FIRST_SPORT…),
 *                                               then prints {"replies":[per flow]}
 *   stream HOST PORT SRC SPORT INTERVAL_MS MS   one datagram every INTERVAL_MS with a sequence number until MS
 *                                               or SIGTERM, then prints {"sent","lost","gapStart","gapEnd"}
 *                                               (lost: datagrams sent more than 500 ms before the end with no
 *                                               echo; the gap: the longest pause between echoes, epoch ms)
 */
export const FLOW_PROBE_SOURCE = `"use strict";
const dgram = require("dgram");
const [mode, host, port, a, b, c, d] = process.argv.slice(2);
if (mode === "server") {
  const s = dgram.createSocket("udp4");
  s.on("message", (m, r) => s.send(m, r.port, r.address));
  s.bind(Number(port), host, () => console.log("listening"));
  setTimeout(() => process.exit(0), Number(a));
} else if (mode === "burst") {
  const flows = Number(c), n = Number(d), replies = new Array(flows).fill(0);
  let bound = 0;
  const socks = [];
  for (let f = 0; f < flows; f++) {
    const s = dgram.createSocket("udp4");
    s.on("message", () => replies[f]++);
    s.bind(Number(b) + f, a, () => { if (++bound === flows) go(); });
    socks.push(s);
  }
  function go() {
    let i = 0;
    const t = setInterval(() => {
      for (const s of socks) s.send(Buffer.from("x" + i), Number(port), host);
      if (++i >= n) { clearInterval(t); setTimeout(() => { console.log(JSON.stringify({ replies })); process.exit(0); }, 700); }
    }, 5);
  }
} else {
  const s = dgram.createSocket("udp4");
  const sentAt = [], got = new Set();
  let last = 0, gap = 0, gapStart = 0, gapEnd = 0;
  s.on("message", (m) => {
    const seq = Number(String(m));
    const now = Date.now();
    if (!got.has(seq)) got.add(seq);
    if (last && now - last > gap) { gap = now - last; gapStart = last; gapEnd = now; }
    last = now;
  });
  const finish = () => {
    const cutoff = Date.now() - 500;
    let lost = 0;
    sentAt.forEach((t, i) => { if (t < cutoff && !got.has(i)) lost++; });
    console.log(JSON.stringify({ sent: sentAt.length, lost, gapStart, gapEnd }));
    process.exit(0);
  };
  process.on("SIGTERM", finish);
  s.bind(Number(b), a, () => {
    console.log("streaming");
    const t = setInterval(() => { s.send(Buffer.from(String(sentAt.length)), Number(port), host); sentAt.push(Date.now()); }, Number(c));
    setTimeout(() => { clearInterval(t); setTimeout(finish, 600); }, Number(d));
  });
}
`;

export const FLOW_PORT = 47000;

export function writeFlowProbe(dir: string): string {
  const file = join(dir, "flow-probe.js");
  writeFileSync(file, FLOW_PROBE_SOURCE, { mode: 0o644 });
  return file;
}

/** Starts the echo server in `ns` for at most `ms`; resolves once it listens, with a function that stops it. */
export async function startEchoServer(dir: string, ns: string, host: string, ms: number, pids: number[]): Promise<() => Promise<void>> {
  const script = writeFlowProbe(dir);
  const out = join(dir, `flow-server-${ns}.log`);
  const listening = async (): Promise<boolean> => (await run(BINARIES.ip, ["netns", "exec", ns, BINARIES.ss, "-Hlun", `sport = :${FLOW_PORT}`])).stdout.trim() !== "";
  if (await listening()) throw new Error(`UDP port ${FLOW_PORT} is already in use in ${ns}`);
  const pid = startInNamespace(ns, [process.execPath, script, "server", host, String(FLOW_PORT), String(ms)], out, pids);
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited on its own
    }
    for (let i = 0; i < 50 && (await listening()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  for (let i = 0; i < 50; i++) {
    if (await listening()) return stop;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the UDP echo server did not start in ${ns}`);
}

/** Sends `count` datagrams on each of `flows` flows from `src` (source ports from `firstPort`); replies per flow. */
export async function burst(dir: string, ns: string, src: string, dst: string, firstPort: number, flows: number, count: number, pids: number[]): Promise<number[]> {
  const script = writeFlowProbe(dir);
  const done = await runInNamespace(ns, [process.execPath, script, "burst", dst, String(FLOW_PORT), src, String(firstPort), String(flows), String(count)], 30_000, pids).done;
  const json = /\{"replies".*\}/.exec(done.stdout)?.[0];
  return json ? (JSON.parse(json) as { replies: number[] }).replies : [];
}

export interface StreamResult {
  readonly sent: number;
  readonly lost: number;
  readonly gapStart: number;
  readonly gapEnd: number;
}

/** A running stream: stop it (SIGTERM) to read its result. */
export function startStream(dir: string, ns: string, src: string, dst: string, sport: number, intervalMs: number, maxMs: number, pids: number[]): { stop: () => Promise<StreamResult | undefined> } {
  const script = writeFlowProbe(dir);
  const started = runInNamespace(ns, [process.execPath, script, "stream", dst, String(FLOW_PORT), src, String(sport), String(intervalMs), String(maxMs)], maxMs + 10_000, pids);
  return {
    stop: async () => {
      try {
        process.kill(started.pid, "SIGTERM");
      } catch {
        // already finished
      }
      const { stdout } = await started.done;
      const json = /\{"sent".*\}/.exec(stdout)?.[0];
      return json ? (JSON.parse(json) as StreamResult) : undefined;
    },
  };
}

/** The device the kernel in `ns` picks for a UDP flow (multipath hashing on ports, policy 1). */
export async function flowDevice(ns: string, src: string, dst: string, sport: number, dport: number): Promise<string> {
  const out = await must(BINARIES.ip, ["-n", ns, "-j", "route", "get", dst, "from", src, "ipproto", "udp", "sport", String(sport), "dport", String(dport)]);
  const parsed = JSON.parse(out) as { dev?: string }[];
  return parsed[0]?.dev ?? "";
}

/** Per-device packet counters for UDP to or from the flow port, from an nftables table in a router namespace. */
export const COUNT_TABLE = "crosscloud_lab_count";

export async function installFlowCounters(ns: string, devices: readonly string[]): Promise<void> {
  const rules = devices.map((d) => `oifname "${d}" udp dport ${FLOW_PORT} counter; oifname "${d}" udp sport ${FLOW_PORT} counter;`).join(" ");
  await run(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "delete", "table", "inet", COUNT_TABLE]);
  await must(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, `table inet ${COUNT_TABLE} { chain out { type filter hook output priority 0; ${rules} }; chain through { type filter hook forward priority 0; ${rules} }; }`]);
}

/** Packets counted per device since the counters were installed (both chains, both port directions). */
export async function readFlowCounters(ns: string, devices: readonly string[]): Promise<Record<string, number>> {
  const out = await must(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "-j", "list", "table", "inet", COUNT_TABLE]);
  return countersByDevice(out, devices);
}

interface NftRule {
  readonly rule?: { readonly expr?: readonly Record<string, unknown>[] };
}

/** Sums each rule's counter onto the device its `oifname` match names. Pure, for tests. */
export function countersByDevice(json: string, devices: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(devices.map((d) => [d, 0]));
  for (const item of (JSON.parse(json) as { nftables?: NftRule[] }).nftables ?? []) {
    const expr = item.rule?.expr ?? [];
    const match = expr.find((e) => "match" in e)?.match as { right?: unknown } | undefined;
    const counter = expr.find((e) => "counter" in e)?.counter as { packets?: number } | undefined;
    const dev = typeof match?.right === "string" ? match.right : undefined;
    if (dev !== undefined && dev in totals && counter) totals[dev] = (totals[dev] ?? 0) + (counter.packets ?? 0);
  }
  return totals;
}
