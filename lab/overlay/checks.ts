import { join } from "node:path";
import { readFileSync } from "node:fs";
import { recommendMtu } from "../../sdk";
import { BINARIES, type FrrHandle, vtyshJson } from "../runtime/daemons";
import { pollUntil, run, seconds, sleep } from "../runtime/exec";
import { terminate } from "../runtime/processes";
import { type LabCheck, type LabCheckStatus, makeCheckOf } from "../checks/report";
import { latestHandshake, runUnitCommands } from "./daemons";
import type { HostRun, InterfaceRun, OverlayLabPlan, RouterRun } from "./plan";
import { parseTcpProbe, pingGaps, runInNamespace, startInNamespace } from "./probes";
import type { OverlayLabSpec } from "./spec";
import { nftDelete, nftLoad } from "./topology";

/** The overlay lab's checks, in the order they run. */
export const OVERLAY_LAB_CHECKS = {
  "wg-handshake": "every WireGuard peer has a recent handshake",
  "bgp-sessions": "every eBGP session over WireGuard (and to Route Server) is Established, and stays so",
  "bfd-up": "BFD is up on every link, at the rendered timers",
  "route-server": "Route Server learns the AWS prefixes from every Azure router and programs the VNet",
  "bgp-prefixes": "each router installs exactly the other cloud's prefixes, over every link (ECMP)",
  ping: "hosts on both clouds reach each other through the routers their route tables name",
  mtu: "1420-byte packets with don't-fragment cross; 1421 get frag-needed from the router",
  "mss-clamp": "a multi-MB TCP transfer completes while frag-needed ICMP is dropped (the rendered MSS clamp)",
  failover: "a silent blackhole of the active link moves traffic to another link in under 1 s",
  "failover-restore": "the healed link carries traffic again, all sessions Established",
  teardown: "no process, namespace or WireGuard socket of the run remains",
} as const;
export type OverlayLabCheckName = keyof typeof OVERLAY_LAB_CHECKS;
export type OverlayLabCheck = LabCheck<OverlayLabCheckName>;

export const overlayCheck = (name: OverlayLabCheckName, status: LabCheckStatus, detail: string, seconds: number, links?: readonly string[]): OverlayLabCheck =>
  makeCheckOf(OVERLAY_LAB_CHECKS, name, status, detail, seconds, links);

/** The failover bound the lab asserts (the issue's promise: sub-second, with BFD). */
export const OVERLAY_FAILOVER_BOUND_MS = 1000;

/** Every deadline of the overlay lab, in seconds. */
export interface OverlayLabTimeouts {
  readonly daemonStartSeconds: number;
  /** All WireGuard peers shake hands (measured 0.1–0.3 s once configured). @default 15 */
  readonly handshakeSeconds: number;
  /** All sessions Established and stable (measured 6–8 s; FRR 8.4 bounces each once when BFD comes up). @default 60 */
  readonly bgpSeconds: number;
  readonly bfdSeconds: number;
  /** Routes installed, Route Server learned. @default 30 */
  readonly routesSeconds: number;
  readonly pingSeconds: number;
  /** A TCP transfer of `transferBytes` completes (a stall is declared after this). @default 15 */
  readonly transferSeconds: number;
  /** How long the failover check watches after the blackhole (it reports the real time even past the bound). @default 10 */
  readonly failoverWatchSeconds: number;
  readonly restoreSeconds: number;
}

export const OVERLAY_LAB_TIMEOUTS: OverlayLabTimeouts = {
  daemonStartSeconds: 10,
  handshakeSeconds: 15,
  bgpSeconds: 60,
  bfdSeconds: 20,
  routesSeconds: 30,
  pingSeconds: 10,
  transferSeconds: 15,
  failoverWatchSeconds: 10,
  restoreSeconds: 40,
};

/** Lab knobs (not cloud facts): the transfer size and probe port of the mss-clamp check, the ping interval of failover. */
export const OVERLAY_LAB_DEFAULTS = { transferBytes: 8 * 1024 * 1024, probePort: 5001, pingIntervalSeconds: 0.01, stableSeconds: 3 } as const;

export interface OverlayRuntime {
  readonly spec: OverlayLabSpec;
  readonly plan: OverlayLabPlan;
  readonly dir: string;
  readonly timeouts: OverlayLabTimeouts;
  readonly signal: AbortSignal;
  readonly log: (message: string) => void;
  /** FRR of each router, by router key, and of each Route Server instance. */
  readonly frr: ReadonlyMap<string, FrrHandle>;
  readonly routeServers: readonly FrrHandle[];
  /** Pids of pings and probes, for teardown. */
  readonly pids: number[];
  /** The TCP probe program (probes.ts), written into the run directory. */
  readonly probe: string;
}

const routerFrr = (rt: OverlayRuntime, r: RouterRun): FrrHandle => {
  const h = rt.frr.get(r.key);
  if (!h) throw new Error(`no FRR for ${r.key}`);
  return h;
};
const other = (cloud: "aws" | "azure"): "aws" | "azure" => (cloud === "aws" ? "azure" : "aws");
const inNs = (ns: string, argv: readonly string[]) => run(BINARIES.ip, ["netns", "exec", ns, ...argv]);
const peerName = (i: InterfaceRun): string => `${i.name} (${i.rendered}) → ${i.peerRouter ?? "?"}`;

// ---- wg-handshake ------------------------------------------------------------------------------

export async function checkHandshakes(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const all = rt.plan.routers.flatMap((r) => r.interfaces.map((i) => ({ r, i })));
  const result = await pollUntil(
    async () => {
      const seen = await Promise.all(all.map(async ({ r, i }) => ({ r, i, at: await latestHandshake(r, i) })));
      return { done: seen.every((s) => s.at > 0), value: seen, state: `${seen.filter((s) => s.at > 0).length}/${seen.length} handshakes` };
    },
    { what: "WireGuard handshakes", deadlineSeconds: rt.timeouts.handshakeSeconds, signal: rt.signal, intervalMs: 100 },
  );
  const lines = rt.plan.routers.map((r) => {
    const mine = result.value.filter((s) => s.r.key === r.key);
    const missing = mine.filter((s) => s.at === 0).map((s) => peerName(s.i));
    return `${r.key}: ${mine.length - missing.length}/${mine.length} interfaces${missing.length > 0 ? `; NO handshake on ${missing.join(", ")}` : ""}`;
  });
  const failed = result.value.filter((s) => s.at === 0).map((s) => `${s.r.key}/${s.i.rendered}`);
  return overlayCheck("wg-handshake", result.done ? "pass" : "fail", [...lines, ...(result.done ? [] : [`(gave up after ${rt.timeouts.handshakeSeconds} s)`])].join("\n"), seconds(start), failed);
}

// ---- bgp-sessions, bfd-up ----------------------------------------------------------------------

interface Peer {
  readonly state: string;
  readonly remoteAs?: number;
}
type Summary = { ipv4Unicast?: { peers?: Record<string, Peer> } };

async function bgpPeers(h: FrrHandle): Promise<Record<string, Peer>> {
  try {
    return (await vtyshJson<Summary>(h, "show bgp summary json")).ipv4Unicast?.peers ?? {};
  } catch {
    return {};
  }
}

/** The sessions each router should have: one per WireGuard interface, plus Route Server's two on Azure routers. */
function expectedPeers(rt: OverlayRuntime, r: RouterRun): string[] {
  const rs = r.cloud === "azure" ? (rt.spec.routeServer?.ips ?? []) : [];
  return [...r.interfaces.map((i) => i.peerAddress), ...rs];
}

export async function checkBgpSessions(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  let stableSince: number | undefined;
  const result = await pollUntil(
    async () => {
      const views = await Promise.all(rt.plan.routers.map(async (r) => ({ r, peers: await bgpPeers(routerFrr(rt, r)) })));
      const up = views.every((v) => expectedPeers(rt, v.r).every((p) => v.peers[p]?.state === "Established") && Object.keys(v.peers).length === expectedPeers(rt, v.r).length);
      // FRR 8.4 drops each session once when its BFD session comes up late ("Cease/BFD Down"): wait for all to hold.
      if (!up) stableSince = undefined;
      else stableSince ??= Date.now();
      const stable = stableSince !== undefined && Date.now() - stableSince >= OVERLAY_LAB_DEFAULTS.stableSeconds * 1000;
      return { done: stable, value: views, state: views.map((v) => `${v.r.key}: ${Object.values(v.peers).filter((p) => p.state === "Established").length}/${expectedPeers(rt, v.r).length}`).join(", ") };
    },
    { what: "BGP sessions", deadlineSeconds: rt.timeouts.bgpSeconds, signal: rt.signal, intervalMs: 250 },
  );
  const failed: string[] = [];
  const lines = result.value.map(({ r, peers }) => {
    const parts = expectedPeers(rt, r).map((p) => {
      const state = peers[p]?.state ?? "no such neighbor";
      if (state !== "Established") failed.push(`${r.key}→${p}`);
      return `${p} ${state}`;
    });
    return `${r.key}: ${parts.join(", ")}`;
  });
  const took = result.done && stableSince !== undefined ? seconds(start) - OVERLAY_LAB_DEFAULTS.stableSeconds : seconds(start);
  lines.push(result.done ? `all Established ${took.toFixed(1)} s into the check, then held for ${OVERLAY_LAB_DEFAULTS.stableSeconds} s` : `(not all Established and stable after ${rt.timeouts.bgpSeconds} s)`);
  return overlayCheck("bgp-sessions", result.done ? "pass" : "fail", lines.join("\n"), seconds(start), failed);
}

interface BfdPeer {
  readonly peer: string;
  readonly status: string;
  readonly "detect-multiplier"?: number;
  readonly "receive-interval"?: number;
  readonly "transmit-interval"?: number;
}

export async function checkBfd(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const result = await pollUntil(
    async () => {
      const views = await Promise.all(
        rt.plan.routers.map(async (r) => ({ r, peers: await vtyshJson<BfdPeer[]>(routerFrr(rt, r), "show bfd peers json").catch(() => [] as BfdPeer[]) })),
      );
      const done = views.every((v) => v.r.interfaces.every((i) => v.peers.some((p) => p.peer === i.peerAddress && p.status === "up")));
      return { done, value: views };
    },
    { what: "BFD", deadlineSeconds: rt.timeouts.bfdSeconds, signal: rt.signal, intervalMs: 200 },
  );
  const failed: string[] = [];
  const lines = result.value.map(({ r, peers }) =>
    `${r.key}: ` +
    r.interfaces
      .map((i) => {
        const p = peers.find((x) => x.peer === i.peerAddress);
        if (p?.status !== "up") failed.push(`${r.key}→${i.peerAddress}`);
        return p ? `${i.peerAddress} ${p.status} (${p["transmit-interval"]}/${p["receive-interval"]} ms × ${p["detect-multiplier"]})` : `${i.peerAddress} no BFD session`;
      })
      .join(", "),
  );
  return overlayCheck("bfd-up", result.done ? "pass" : "fail", lines.join("\n"), seconds(start), failed);
}

// ---- route-server ------------------------------------------------------------------------------

interface BgpTable {
  routes?: Record<string, { path?: string; nexthops?: { ip?: string }[] }[]>;
}

/** What each Route Server instance learned, and the VNet host's route from it, as Route Server programs the VNet. */
export async function checkRouteServer(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const rs = rt.spec.routeServer;
  if (!rs) return overlayCheck("route-server", "skip", "not applicable: the overlay uses UDRs, not Route Server", 0);
  const aws = rt.plan.networks.aws;
  const result = await pollUntil(
    async () => {
      const tables = await Promise.all(rt.routeServers.map((h) => vtyshJson<BgpTable>(h, "show bgp ipv4 unicast json").catch(() => ({}) as BgpTable)));
      const done = tables.every((t) => (t.routes?.[aws] ?? []).length === rs.peers.length);
      return { done, value: tables };
    },
    { what: "Route Server learning the AWS prefix", deadlineSeconds: rt.timeouts.routesSeconds, signal: rt.signal },
  );
  const learned = result.value.map((t) => Object.keys(t.routes ?? {}).sort());
  const paths = result.value[0]?.routes?.[aws] ?? [];
  const hops = [...new Set(paths.flatMap((p) => (p.nexthops ?? []).map((n) => n.ip ?? "")))].filter((x) => x !== "").sort();
  const asPaths = [...new Set(paths.map((p) => p.path ?? ""))].sort();
  const azureAsn = rs.peers[0]?.asn;
  const expectedPath = `${azureAsn} ${rt.spec.routers.length > 0 ? awsAsnOf(rt) : ""}`.trim();
  // Route Server programs the VNet: the hosts without a UDR get what it learned, ECMP over the routers.
  const installed: string[] = [];
  if (hops.length > 0) {
    for (const h of rt.plan.hosts.filter((x) => x.cloud === "azure" && x.routes.length === 0)) {
      await run(BINARIES.ip, ["-n", h.namespace, "route", "replace", aws, ...hops.flatMap((ip) => ["nexthop", "via", ip])]);
      installed.push(`${h.key}: ${(await run(BINARIES.ip, ["-n", h.namespace, "route", "show", aws])).stdout.trim().replace(/\s+/g, " ")}`);
    }
  }
  const peersIps = rs.peers.map((p) => p.ip).sort();
  const ok = result.done && learned.every((l) => l.length === 1 && l[0] === aws) && hops.join(",") === peersIps.join(",") && asPaths.length === 1 && asPaths[0] === expectedPath;
  const lines = [
    ...rt.plan.routeServers.map((r, i) => `${r.ip} (AS ${rs.asn}) learned: ${(learned[i] ?? []).join(", ") || "nothing"}`),
    `next hops ${hops.join(", ") || "none"} (the Azure routers: ${peersIps.join(", ")}); AS paths ${asPaths.map((p) => `"${p}"`).join(", ") || "none"} (expected "${expectedPath}")`,
    ...installed.map((l) => `programmed on the VNet host ${l}`),
  ];
  return overlayCheck("route-server", ok ? "pass" : "fail", lines.join("\n"), seconds(start));
}

function awsAsnOf(rt: OverlayRuntime): number | undefined {
  const aws = rt.plan.routers.find((r) => r.cloud === "aws");
  const m = aws ? /^router bgp (\d+)/m.exec(aws.frrConf) : null;
  return m ? Number(m[1]) : undefined;
}

// ---- bgp-prefixes ------------------------------------------------------------------------------

export async function checkPrefixes(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const result = await pollUntil(
    async () => {
      const views = await Promise.all(
        rt.plan.routers.map(async (r) => {
          const remote = rt.plan.networks[other(r.cloud)];
          const route = (await run(BINARIES.ip, ["-n", r.namespace, "route", "show", remote])).stdout;
          const bgp = (await run(BINARIES.ip, ["-n", r.namespace, "route", "show", "proto", "bgp"])).stdout;
          const devs = [...route.matchAll(/dev (\S+)/g)].map((m) => m[1] as string);
          const prefixes = bgp.split("\n").filter((l) => l !== "" && !/^\s/.test(l)).map((l) => l.split(" ")[0] as string);
          const ok = /proto bgp/.test(route) && r.interfaces.every((i) => devs.includes(i.name)) && prefixes.length === 1 && prefixes[0] === remote;
          return { r, remote, devs, prefixes, ok };
        }),
      );
      return { done: views.every((v) => v.ok), value: views };
    },
    { what: "BGP routes in the kernel", deadlineSeconds: rt.timeouts.routesSeconds, signal: rt.signal },
  );
  const names = new Map(rt.plan.routers.flatMap((r) => r.interfaces.map((i) => [i.name, `${i.name} (→ ${i.peerRouter})`] as const)));
  const lines = result.value.map(
    (v) => `${v.r.key}: ${v.remote} via ${v.devs.map((d) => names.get(d) ?? d).join(", ") || "nothing"}; BGP routes installed: ${v.prefixes.join(", ") || "none"}${v.ok ? "" : " — WRONG"}`,
  );
  return overlayCheck("bgp-prefixes", result.done ? "pass" : "fail", lines.join("\n"), seconds(start), result.value.filter((v) => !v.ok).map((v) => v.r.key));
}

// ---- ping ----------------------------------------------------------------------------------------

async function ping(from: HostRun, to: HostRun, extra: readonly string[] = []): Promise<{ ok: boolean; text: string }> {
  const out = await inNs(from.namespace, [BINARIES.ping, "-n", "-c", "3", "-i", "0.2", "-W", "1", ...extra, to.address]);
  return { ok: out.code === 0, text: (out.stdout + out.stderr).trim() };
}

export async function checkPing(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const pairs = rt.plan.hosts.filter((h) => h.cloud === "aws").flatMap((a) => rt.plan.hosts.filter((h) => h.cloud === "azure").flatMap((z) => [[a, z], [z, a]] as const));
  const result = await pollUntil(
    async () => {
      const results = await Promise.all(pairs.map(async ([a, b]) => ({ a, b, ...(await ping(a, b)) })));
      return { done: results.every((r) => r.ok), value: results };
    },
    { what: "host-to-host ping", deadlineSeconds: rt.timeouts.pingSeconds, signal: rt.signal, intervalMs: 500 },
  );
  const lines = result.value.map((r) => `${r.a.key} ${r.a.address} → ${r.b.key} ${r.b.address}: ${r.ok ? /rtt [^\n]*/.exec(r.text)?.[0] ?? "ok" : `FAILED (${r.text.split("\n").slice(-2).join(" ")})`}`);
  return overlayCheck("ping", result.done ? "pass" : "fail", lines.join("\n"), seconds(start));
}

// ---- mtu ---------------------------------------------------------------------------------------

const firstHosts = (rt: OverlayRuntime): { a: HostRun; z: HostRun } => {
  const a = rt.plan.hosts.find((h) => h.cloud === "aws");
  const z = rt.plan.hosts.find((h) => h.cloud === "azure");
  if (!a || !z) throw new Error("the lab needs a host on each cloud");
  return { a, z };
};

/**
 * The largest packet across the overlay is the sdk's WireGuard MTU (1420 = 1392 bytes of ICMP payload
 * + 8 ICMP + 20 IP): with don't-fragment it arrives, one byte more gets "Frag needed" from the AWS
 * router, whose WireGuard interface is that MTU. Judged against the sdk's figure, not the rendered one,
 * so a router rendered with a larger MTU fails here too.
 */
export async function checkMtu(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const mtu = recommendMtu("wireguard", "ipv4").interfaceMtu;
  const { a, z } = firstHosts(rt);
  const fits = await inNs(a.namespace, [BINARIES.ping, "-n", "-c", "1", "-W", "2", "-M", "do", "-s", String(mtu - 28), z.address]);
  const over = await inNs(a.namespace, [BINARIES.ping, "-n", "-c", "2", "-W", "1", "-M", "do", "-s", String(mtu - 27), z.address]);
  const overText = (over.stdout + over.stderr).trim();
  const reported = /mtu ?= ?(\d+)/.exec(overText)?.[1];
  const ok = fits.code === 0 && over.code !== 0 && reported === String(mtu);
  const lines = [
    `${a.key} → ${z.key}, don't-fragment: ${mtu} bytes ${fits.code === 0 ? "arrive" : "LOST"}; ${mtu + 1} bytes ${over.code === 0 ? "ARRIVE (nothing enforces the MTU)" : reported ? `get "Frag needed and DF set (mtu = ${reported})"` : "are lost without a frag-needed (a black hole)"}`,
    ...(reported !== undefined && reported !== String(mtu) ? [`the router signals MTU ${reported}, not the ${mtu} the overlay is planned for`] : []),
  ];
  return overlayCheck("mtu", ok ? "pass" : "fail", lines.join("\n"), seconds(start));
}

// ---- mss-clamp -----------------------------------------------------------------------------------

/** Drops ICMP "fragmentation needed" leaving a router: the PMTUD black hole the clamp must survive. */
const ICMP_BLACK_HOLE = (table: string): string => `table inet ${table} {
  chain out {
    type filter hook output priority 0; policy accept;
    icmp type destination-unreachable icmp code frag-needed counter drop
  }
}
`;
const ICMP_TABLE = "ccwicmp";

async function transfer(rt: OverlayRuntime, a: HostRun, z: HostRun, timeoutSeconds: number): Promise<ReturnType<typeof parseTcpProbe> & { mss: number | undefined }> {
  // Forget the path MTU the host learned earlier (the mtu check's frag-needed): the transfer must rely on the clamp alone.
  await run(BINARIES.ip, ["-n", a.namespace, "route", "flush", "cache"]);
  let mss: number | undefined;
  const pending: Promise<void>[] = [];
  const client = runInNamespace(
    a.namespace,
    [process.execPath, rt.probe, "client", z.address, String(OVERLAY_LAB_DEFAULTS.probePort), String(OVERLAY_LAB_DEFAULTS.transferBytes), String(timeoutSeconds * 1000)],
    (timeoutSeconds + 5) * 1000,
    rt.pids,
    (line) => {
      const port = /^connected (\d+)/.exec(line)?.[1];
      if (port === undefined) return;
      // While the client waits, read the connection's MSS (what the SYN's clamp negotiated).
      pending.push(
        inNs(a.namespace, [BINARIES.ss, "-tinH", "state", "established", "sport", "=", `:${port}`]).then((out) => {
          const m = /\bmss:(\d+)/.exec(out.stdout);
          if (m) mss = Number(m[1]);
        }),
      );
    },
  );
  const { stdout } = await client.done;
  await Promise.all(pending);
  return { ...parseTcpProbe(stdout), mss };
}

export async function checkMssClamp(rt: OverlayRuntime): Promise<OverlayLabCheck> {
  const start = Date.now();
  const { a, z } = firstHosts(rt);
  const serverLog = join(rt.dir, "tcp-probe-server.log");
  const server = startInNamespace(z.namespace, [process.execPath, rt.probe, "server", z.address, String(OVERLAY_LAB_DEFAULTS.probePort)], serverLog, rt.pids);
  try {
    const ready = await pollUntil(async () => ({ done: readFileSync(serverLog, "utf8").includes("listening"), value: undefined }), {
      what: "the TCP probe server",
      deadlineSeconds: rt.timeouts.daemonStartSeconds,
      signal: rt.signal,
      intervalMs: 50,
    });
    if (!ready.done) return overlayCheck("mss-clamp", "fail", `the TCP probe server did not start: ${readFileSync(serverLog, "utf8").trim()}`, seconds(start));
    for (const r of rt.plan.routers) await nftLoad(rt.dir, r.namespace, "icmp", ICMP_BLACK_HOLE(ICMP_TABLE));
    const mb = (OVERLAY_LAB_DEFAULTS.transferBytes / 1048576).toFixed(0);
    const clamped = await transfer(rt, a, z, rt.timeouts.transferSeconds);
    // The control: without the clamp the same black hole must stall the transfer, or this check proves nothing.
    for (const r of rt.plan.routers) await runUnitCommands(r, r.clamp.stop);
    let unclamped: Awaited<ReturnType<typeof transfer>>;
    try {
      unclamped = await transfer(rt, a, z, Math.min(5, rt.timeouts.transferSeconds));
    } finally {
      for (const r of rt.plan.routers) await runUnitCommands(r, r.clamp.start);
    }
    const rate = (t: { bytes: number; ms: number }): string => `${((t.bytes * 8) / Math.max(1, t.ms) / 1000).toFixed(0)} Mbit/s`;
    const ok = clamped.completed && !unclamped.completed;
    const lines = [
      `frag-needed ICMP dropped on every router; ${a.key} → ${z.key}, ${mb} MiB:`,
      `  with the rendered clamp: ${clamped.completed ? `completed in ${clamped.ms} ms (${rate(clamped)}, CPU-bound userspace WireGuard)` : `STALLED after ${(clamped.bytes / 1024).toFixed(0)} KiB handed to the kernel`}${clamped.mss !== undefined ? `, MSS ${clamped.mss}` : ""}`,
      `  with the clamp removed (ExecStop=): ${unclamped.completed ? "COMPLETED (the black hole did not bite: the check cannot tell)" : `stalled after ${(unclamped.bytes / 1024).toFixed(0)} KiB`}${unclamped.mss !== undefined ? `, MSS ${unclamped.mss}` : ""}`,
    ];
    return overlayCheck("mss-clamp", ok ? "pass" : "fail", lines.join("\n"), seconds(start));
  } finally {
    for (const r of rt.plan.routers) await nftDelete(r.namespace, ICMP_TABLE);
    await terminate(server, 2000);
  }
}

// ---- failover, failover-restore ----------------------------------------------------------------

const FAIL_TABLE = "ccwfail";
/** A silent failure: the link's UDP port dropped both ways in one router, no link or route event. Both ends use the same port. */
const BLACKHOLE = (port: number): string => `table inet ${FAIL_TABLE} {
  chain in {
    type filter hook input priority 0; policy accept;
    udp dport ${port} drop
  }
  chain out {
    type filter hook output priority 0; policy accept;
    udp dport ${port} drop
  }
}
`;

async function routeDevices(r: RouterRun, prefix: string): Promise<string[]> {
  const out = (await run(BINARIES.ip, ["-n", r.namespace, "route", "show", prefix])).stdout;
  return [...out.matchAll(/dev (\S+)/g)].map((m) => m[1] as string);
}

async function allEstablished(rt: OverlayRuntime): Promise<boolean> {
  const views = await Promise.all(rt.plan.routers.map(async (r) => ({ r, peers: await bgpPeers(routerFrr(rt, r)) })));
  return views.every((v) => expectedPeers(rt, v.r).every((p) => v.peers[p]?.state === "Established"));
}

async function bfdAllUp(rt: OverlayRuntime): Promise<boolean> {
  const views = await Promise.all(rt.plan.routers.map(async (r) => ({ r, peers: await vtyshJson<BfdPeer[]>(routerFrr(rt, r), "show bfd peers json").catch(() => [] as BfdPeer[]) })));
  return views.every((v) => v.r.interfaces.every((i) => v.peers.some((p) => p.peer === i.peerAddress && p.status === "up")));
}

async function stopPing(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    // gone
  }
  await terminate(pid, 1000);
}

export async function checkFailover(rt: OverlayRuntime): Promise<OverlayLabCheck[]> {
  const { a, z } = firstHosts(rt);
  const routerKey = a.routes[0]?.router;
  const r = rt.plan.routers.find((x) => x.key === routerKey);
  if (!r) return [overlayCheck("failover", "fail", `${a.key} has no route through a router`, 0), overlayCheck("failover-restore", "skip", "skipped: failover did not run", 0)];
  const remote = rt.plan.networks.azure;
  const active = /dev (\S+)/.exec((await run(BINARIES.ip, ["-n", r.namespace, "route", "get", z.address, "from", a.address, "iif", "l0"])).stdout)?.[1];
  const link = r.interfaces.find((i) => i.name === active);
  if (!link) return [overlayCheck("failover", "fail", `${r.key} routes ${a.address} → ${z.address} via ${active ?? "nothing"}, no WireGuard link`, 0), overlayCheck("failover-restore", "skip", "skipped: failover did not run", 0)];

  // Start from a settled overlay: every session Established and BFD up, the route over every link, for a
  // while. A CPU-heavy check before this one (the mss-clamp transfer) can make BFD flap on a loaded machine;
  // blackholing a link while the other is still re-establishing would time that, not the failover.
  let steadySince: number | undefined;
  const settled = await pollUntil(
    async () => {
      const ready = (await allEstablished(rt)) && (await bfdAllUp(rt)) && (await routeDevices(r, remote)).length === r.interfaces.length;
      if (!ready) steadySince = undefined;
      else steadySince ??= Date.now();
      return { done: steadySince !== undefined && Date.now() - steadySince >= OVERLAY_LAB_DEFAULTS.stableSeconds * 1000, value: undefined };
    },
    { what: "a settled overlay before the failover", deadlineSeconds: rt.timeouts.restoreSeconds, signal: rt.signal, intervalMs: 250 },
  );
  if (!settled.done) {
    return [
      overlayCheck("failover", "fail", `the overlay did not settle (all sessions Established, BFD up, ${r.key} routing over all ${r.interfaces.length} links) within ${rt.timeouts.restoreSeconds} s`, 0),
      overlayCheck("failover-restore", "skip", "skipped: failover did not run", 0),
    ];
  }

  const interval = OVERLAY_LAB_DEFAULTS.pingIntervalSeconds;
  const pingArgs = [BINARIES.ping, "-n", "-D", "-O", "-i", String(interval), "-W", "1", z.address];
  const failLog = join(rt.dir, "failover.ping.txt");
  const pinger = startInNamespace(a.namespace, pingArgs, failLog, rt.pids);
  await sleep(1500, rt.signal);
  const t0 = Date.now();
  await nftLoad(rt.dir, r.namespace, "fail", BLACKHOLE(link.listenPort));
  rt.log(`failover: dropped UDP ${link.listenPort} (${link.name}, → ${link.peerRouter}) in ${r.key}`);
  let movedMs: number | undefined;
  let now: string[] = [];
  try {
    const watched = await pollUntil(
      async () => {
        now = await routeDevices(r, remote);
        return { done: now.length > 0 && !now.includes(link.name), value: Date.now() - t0 };
      },
      { what: "the route to leave the blackholed link", deadlineSeconds: rt.timeouts.failoverWatchSeconds, signal: rt.signal, intervalMs: 5 },
    );
    movedMs = watched.done ? watched.value : undefined;
    await sleep(3000, rt.signal);
  } finally {
    await stopPing(pinger);
  }
  const gaps = pingGaps(readFileSync(failLog, "utf8"), t0);
  const resumed = movedMs !== undefined && gaps.lastReplyMs > movedMs;
  const ok = movedMs !== undefined && movedMs < OVERLAY_FAILOVER_BOUND_MS && resumed && gaps.longestGapMs < OVERLAY_FAILOVER_BOUND_MS;
  const names = new Map(r.interfaces.map((i) => [i.name, `${i.name} (→ ${i.peerRouter})`] as const));
  const failover = overlayCheck(
    "failover",
    ok ? "pass" : "fail",
    [
      `${a.key} ${a.address} → ${z.key} ${z.address} left ${r.key} over ${link.name} (${link.rendered}, → ${link.peerRouter}, UDP ${link.listenPort}); blackholed it silently (nft drop both ways in ${r.key}: no link, address or route event); detector: BFD`,
      movedMs !== undefined ? `route to ${remote} moved to ${now.map((d) => names.get(d) ?? d).join(", ")} after ${movedMs} ms (bound ${OVERLAY_FAILOVER_BOUND_MS} ms)${movedMs < OVERLAY_FAILOVER_BOUND_MS ? "" : " — EXCEEDED"}` : `route did NOT leave ${link.name} within ${rt.timeouts.failoverWatchSeconds} s`,
      `ping every ${interval * 1000} ms: longest gap ${gaps.longestGapMs} ms, ${gaps.lost} probes lost${resumed ? "" : "; replies did NOT resume"}`,
    ].join("\n"),
    (movedMs ?? rt.timeouts.failoverWatchSeconds * 1000) / 1000,
    ok ? [] : [link.rendered],
  );

  // Heal, and watch the link come back into the ECMP route.
  const healLog = join(rt.dir, "restore.ping.txt");
  const pinger2 = startInNamespace(a.namespace, pingArgs, healLog, rt.pids);
  let backMs: number | undefined;
  let established = false;
  const t1 = Date.now();
  try {
    await sleep(1000, rt.signal);
    const healedAt = Date.now();
    await nftDelete(r.namespace, FAIL_TABLE);
    const back = await pollUntil(async () => ({ done: (await routeDevices(r, remote)).includes(link.name), value: Date.now() - healedAt }), {
      what: "the healed link back in the route",
      deadlineSeconds: rt.timeouts.restoreSeconds,
      signal: rt.signal,
      intervalMs: 20,
    });
    backMs = back.done ? back.value : undefined;
    const settled = await pollUntil(async () => ({ done: await allEstablished(rt), value: undefined }), { what: "BGP after the heal", deadlineSeconds: rt.timeouts.restoreSeconds, signal: rt.signal, intervalMs: 250 });
    established = settled.done;
    await sleep(1500, rt.signal);
  } finally {
    await nftDelete(r.namespace, FAIL_TABLE);
    await stopPing(pinger2);
  }
  const healGaps = pingGaps(readFileSync(healLog, "utf8"), t1);
  const restored = backMs !== undefined && established;
  const restore = overlayCheck(
    "failover-restore",
    restored ? "pass" : "fail",
    [
      backMs !== undefined ? `${link.name} back in the route to ${remote} ${backMs} ms after the heal (BFD up, then BGP)` : `${link.name} did NOT return within ${rt.timeouts.restoreSeconds} s`,
      `every session Established: ${established ? "yes" : "NO"}; ping across the heal: ${healGaps.lost} lost, longest gap ${healGaps.longestGapMs} ms`,
    ].join("\n"),
    (backMs ?? rt.timeouts.restoreSeconds * 1000) / 1000,
  );
  return [failover, restore];
}
