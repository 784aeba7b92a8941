import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTcpProbe, pingGaps, writeTcpProbe } from "../../../lab/overlay/probes";

/** The overlay lab's traffic probes, without namespaces: the TCP program on loopback, and the ping log reader. */

function node(args: readonly string[]): { out: Promise<string>; kill: () => void } {
  const child = spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return { out: new Promise((resolve) => child.once("close", () => resolve(out))), kill: () => child.kill("SIGKILL") };
}

describe("the TCP probe program", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-probe-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("transfers the bytes it was asked to and reports the time; a server that never reads stalls it", async () => {
    const probe = writeTcpProbe(dir);
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const server = node([probe, "server", "127.0.0.1", port]);
    await new Promise((r) => setTimeout(r, 500));
    try {
      const ok = parseTcpProbe(await node([probe, "client", "127.0.0.1", port, String(4 * 1048576), "10000"]).out);
      expect(ok).toMatchObject({ completed: true, bytes: 4 * 1048576 });
    } finally {
      server.kill();
    }
    expect(parseTcpProbe("connected 4000\nstalled bytes=65536 of 8388608 after 5000 ms\n")).toEqual({ completed: false, bytes: 65536, ms: 0, text: "connected 4000\nstalled bytes=65536 of 8388608 after 5000 ms" });
  }, 30_000);
});

describe("pingGaps", () => {
  it("finds the longest gap between replies and the probes lost, relative to the event", () => {
    const t0 = 1_700_000_000_000;
    const line = (ms: number, seq: number) => `[${((t0 + ms) / 1000).toFixed(6)}] 64 bytes from 10.18.1.10: icmp_seq=${seq} ttl=62 time=0.5 ms`;
    const log = [line(-20, 1), line(-10, 2), "no answer yet for icmp_seq=3", "no answer yet for icmp_seq=4", line(330, 36), line(340, 37)].join("\n");
    expect(pingGaps(log, t0)).toEqual({ replies: 4, lost: 33, longestGapMs: 340, gapStartMs: -10, lastReplyMs: 340 });
  });
});
