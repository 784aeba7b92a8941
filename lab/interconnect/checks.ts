import { BINARIES, type FrrHandle, vtyshJson } from "../runtime/daemons";
import { must, pollUntil, run, seconds } from "../runtime/exec";
import { type InterconnectFrr, type LabRuntime, otherSide } from "../runtime/context";
import { acceptedPrefixes, bfdPeers, bgpNeighbors, ping } from "../checks/probes";
import { describeDevices, remoteRouteDevices } from "../checks/bgp";
import { type LabCheck, makeCheck } from "../checks/report";
import { SIDES } from "../topology/plan";
import { bfdDetectionMs, contains, parseCidr } from "../../sdk";
import type { InterconnectPlan } from "./plan";
import { cutInterconnect, healInterconnect } from "./topology";

/** The interconnect checks: sessions and prefixes, the path traffic takes, failover to the VPN and back. */

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const same = (a: readonly string[], b: readonly string[]): boolean => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

interface Session {
  readonly router: FrrHandle;
  readonly peer: string;
  readonly label: string;
  /** Prefixes this router must accept from the peer: what the far side advertises as rendered. */
  readonly expect: readonly string[];
  readonly bfd: boolean;
}

function sessionsOf(runtime: LabRuntime, frr: InterconnectFrr, plan: InterconnectPlan): Session[] {
  const ic = runtime.spec.interconnect;
  if (!ic) return [];
  const azure = runtime.spec.azure.prefixes;
  const allowed = ic.dxGateway.allowedPrefixes;
  const glue = (key: string, end: "a" | "b"): string => plan.links.find((l) => l.key === key)?.[end].address ?? "";
  return [
    { router: frr.dxgw, peer: ic.dxGateway.vif.peerAddress, label: "DX gateway ← provider (transit VIF)", expect: azure, bfd: true },
    { router: frr.mcr, peer: ic.provider.vif.peerAddress, label: "provider ← DX gateway (transit VIF)", expect: allowed, bfd: true },
    { router: frr.mcr, peer: ic.provider.erPrimary.peerAddress, label: "provider ← MSEE (ER primary)", expect: azure, bfd: true },
    { router: frr.mcr, peer: ic.provider.erSecondary.peerAddress, label: "provider ← MSEE (ER secondary)", expect: azure, bfd: true },
    { router: frr.msee, peer: ic.msee.primary.peerAddress, label: "MSEE ← provider (ER primary)", expect: allowed, bfd: true },
    { router: frr.msee, peer: ic.msee.secondary.peerAddress, label: "MSEE ← provider (ER secondary)", expect: allowed, bfd: true },
    { router: frr.dxgw, peer: glue("tgw-dxgw", "a"), label: "DX gateway ← TGW (association)", expect: runtime.spec.aws.prefixes, bfd: false },
    { router: runtime.frr.aws, peer: plan.aws.peerAddress, label: "TGW ← DX gateway (association)", expect: azure, bfd: false },
    { router: frr.msee, peer: glue("msee-ergw", "b"), label: "MSEE ← ExpressRoute gateway (connection)", expect: azure, bfd: false },
    { router: runtime.frr.azure, peer: plan.azure.peerAddress, label: "ExpressRoute gateway ← MSEE (connection)", expect: allowed, bfd: false },
  ];
}

interface SessionState {
  readonly s: Session;
  readonly state: string;
  readonly bfd: string;
  readonly accepted: string[];
  readonly why?: string;
}

async function observe(sessions: readonly Session[]): Promise<SessionState[]> {
  const out: SessionState[] = [];
  for (const s of sessions) {
    const n = (await bgpNeighbors(s.router))[s.peer];
    const bfd = s.bfd ? ((await bfdPeers(s.router))[s.peer] ?? "no session") : "-";
    const accepted = n?.bgpState === "Established" ? await acceptedPrefixes(s.router, s.peer) : [];
    const why = n?.lastNotificationReason ?? n?.lastResetDueTo;
    out.push({ s, state: n?.bgpState ?? "no such neighbor", bfd, accepted, ...(why ? { why } : {}) });
  }
  return out;
}

const good = (x: SessionState): boolean => x.state === "Established" && (!x.s.bfd || x.bfd === "up") && same(x.accepted, x.s.expect);

export async function checkInterconnectBgp(runtime: LabRuntime): Promise<LabCheck> {
  const frr = runtime.interconnectFrr;
  const plan = runtime.plan.interconnect;
  if (!frr || !plan) throw new Error("no interconnect in this run");
  const sessions = sessionsOf(runtime, frr, plan);
  const result = await pollUntil(
    async () => {
      const states = await observe(sessions);
      return { done: states.every(good), value: states };
    },
    { what: "interconnect sessions", deadlineSeconds: runtime.timeouts.interconnectSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const ic = runtime.spec.interconnect;
  const lines = [
    `interconnect ${ic?.name}: MSEE AS ${ic?.msee.asn}, provider AS ${ic?.provider.asn}, DX gateway AS ${ic?.dxGateway.asn}; BFD ${ic?.bfd.expressRoute.transmitIntervalMs} ms × ${ic?.bfd.expressRoute.detectMultiplier} (ER), ${ic?.bfd.directConnect.transmitIntervalMs} ms × ${ic?.bfd.directConnect.detectMultiplier} (DX)`,
    ...result.value.map(
      (x) =>
        `${x.s.label} ${x.s.peer}: ${x.state}${x.s.bfd ? `, BFD ${x.bfd}` : ""}; accepted [${x.accepted.join(", ")}]${same(x.accepted, x.s.expect) ? "" : `, expected [${sorted(x.s.expect).join(", ")}]`}${x.state !== "Established" && x.why ? ` (last: ${x.why})` : ""}`,
    ),
  ];
  if (!result.done) lines.push(`(gave up after ${runtime.timeouts.interconnectSeconds} s)`);
  return makeCheck("interconnect-bgp", result.done ? "pass" : "fail", lines.join("\n"), result.seconds, result.done ? [] : ["interconnect"]);
}

/** ICMP forwarded by the provider router, per direction: what crossed the interconnect. */
const COUNT_TABLE = "crosscloud_lab_ic_count";

async function installIcmpCounters(plan: InterconnectPlan): Promise<void> {
  const ns = plan.routers.mcr.namespace;
  await run(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "delete", "table", "inet", COUNT_TABLE]);
  await must(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, `table inet ${COUNT_TABLE} { chain through { type filter hook forward priority 0; iifname "vif0*" meta l4proto icmp counter; iifname "er*" meta l4proto icmp counter; }; }`]);
}

async function readIcmpCounters(plan: InterconnectPlan): Promise<{ awsToAzure: number; azureToAws: number }> {
  const out = await must(BINARIES.ip, ["netns", "exec", plan.routers.mcr.namespace, BINARIES.nft, "-j", "list", "table", "inet", COUNT_TABLE]);
  const counters = ((JSON.parse(out) as { nftables?: { rule?: { expr?: Record<string, unknown>[] } }[] }).nftables ?? [])
    .map((i) => i.rule?.expr?.find((e) => "counter" in e)?.counter as { packets?: number } | undefined)
    .filter((c): c is { packets?: number } => c !== undefined)
    .map((c) => c.packets ?? 0);
  return { awsToAzure: counters[0] ?? 0, azureToAws: counters[1] ?? 0 };
}

/** True when every remote prefix on both sides goes only over the interconnect's device. */
const viaInterconnect = (routes: Awaited<ReturnType<typeof remoteRouteDevices>>, plan: InterconnectPlan): boolean =>
  SIDES.every((side) => [...routes[side].values()].every((d) => d.length === 1 && d[0] === plan[side].device));

const pathLines = (runtime: LabRuntime, routes: Awaited<ReturnType<typeof remoteRouteDevices>>, plan: InterconnectPlan): string[] =>
  SIDES.flatMap((side) =>
    [...routes[side].entries()].map(([p, d]) => `${side} → ${p} via ${d.length === 1 && d[0] === plan[side].device ? `${d[0]} (${side === "aws" ? "DX gateway" : "ExpressRoute"})` : describeDevices(runtime, d)}`),
  );

/** BGP paths each router holds per remote prefix from the VPN tunnels (not best while the interconnect is up). */
async function vpnBackups(runtime: LabRuntime): Promise<string[]> {
  const lines: string[] = [];
  for (const side of SIDES) {
    for (const prefix of runtime.spec[otherSide(side)].prefixes) {
      const json = await vtyshJson<{ paths?: { peer?: { peerId?: string }; bestpath?: { overall?: boolean } }[] }>(runtime.frr[side], `show bgp ipv4 unicast ${prefix} json`);
      const peers = new Set(runtime.plan.tunnels.map((t) => t[side].bgpPeer.address));
      const vpn = (json.paths ?? []).filter((p) => peers.has(p.peer?.peerId ?? ""));
      lines.push(`${side} → ${prefix}: ${vpn.length}/${peers.size} VPN path(s) held as backup${vpn.some((p) => p.bestpath?.overall) ? " — A VPN PATH IS BEST" : ""}`);
    }
  }
  return lines;
}

async function pingAll(runtime: LabRuntime): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  const aws = runtime.plan.routers.aws;
  const azure = runtime.plan.routers.azure;
  // Every spoke from Azure, and Azure from the first spoke.
  for (const target of aws.lanAddresses.map((a) => a.split("/")[0] ?? a)) {
    const r = await ping(azure.namespace, azure.pingAddress, target);
    ok &&= r;
    lines.push(`azure ${azure.pingAddress} → aws ${target}: ${r ? "reply" : "NO reply"}`);
  }
  const r = await ping(aws.namespace, aws.pingAddress, azure.pingAddress);
  ok &&= r;
  lines.push(`aws ${aws.pingAddress} → azure ${azure.pingAddress}: ${r ? "reply" : "NO reply"}`);
  return { ok, lines };
}

export async function checkInterconnectPreferred(runtime: LabRuntime): Promise<LabCheck> {
  const plan = runtime.plan.interconnect;
  if (!plan) throw new Error("no interconnect in this run");
  const result = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      return { done: viaInterconnect(routes, plan), value: routes };
    },
    { what: "interconnect preferred", deadlineSeconds: runtime.timeouts.routesSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  await installIcmpCounters(plan);
  const pings = await pingAll(runtime);
  const counted = await readIcmpCounters(plan);
  const expected = pings.lines.length;
  const crossed = counted.awsToAzure >= expected && counted.azureToAws >= expected;
  const allowed = new Set(runtime.spec.interconnect?.dxGateway.allowedPrefixes ?? []);
  const missing = runtime.spec.aws.prefixes.filter((p) => ![...allowed].some((a) => covers(a, p)));
  const backups = await vpnBackups(runtime);
  const backupsOk = backups.every((l) => !l.includes("A VPN PATH IS BEST") && !/ 0\/\d+ VPN/.test(l));
  const ok = result.done && pings.ok && crossed && backupsOk;
  const lines = [
    ...pathLines(runtime, result.value, plan),
    ...(missing.length > 0 ? [`not in the DX gateway's allowed prefixes, so not reachable over the interconnect: ${missing.join(", ")}`] : []),
    ...pings.lines,
    `ICMP forwarded by the provider router: ${counted.awsToAzure} AWS→Azure, ${counted.azureToAws} Azure→AWS (${expected} echo requests and their replies sent)${crossed ? "" : " — TRAFFIC DID NOT CROSS THE INTERCONNECT BOTH WAYS"}`,
    ...backups,
  ];
  return makeCheck("interconnect-preferred", ok ? "pass" : "fail", lines.join("\n"), result.seconds, ok ? [] : ["interconnect"]);
}

/** Whether CIDR `outer` covers `inner` (a summary among the allowed prefixes covers its spokes). */
const covers = (outer: string, inner: string): boolean => {
  const [o, n] = [parseCidr(outer), parseCidr(inner)];
  return o !== undefined && n !== undefined && contains(o, n);
};

/**
 * Silently blackholes the interconnect (nftables in the provider router: no link event) and times, per side,
 * until every remote prefix has left the interconnect for the VPN, asserted against BFD detection + 2 s. The
 * cut stays in place: the ECMP checks run over the VPN next, and {@link checkInterconnectRestore} heals it.
 */
export async function checkInterconnectFailover(runtime: LabRuntime): Promise<LabCheck> {
  const plan = runtime.plan.interconnect;
  const ic = runtime.spec.interconnect;
  if (!plan || !ic) throw new Error("no interconnect in this run");
  const detectionMs = Math.max(bfdDetectionMs(ic.bfd.expressRoute), bfdDetectionMs(ic.bfd.directConnect));
  const bound = detectionMs / 1000 + 2;
  const moved: Partial<Record<"aws" | "azure", number>> = {};
  const start = Date.now();
  await cutInterconnect(plan);
  runtime.log("interconnect-failover: blackholed the provider router's peerings");
  const result = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      for (const side of SIDES) {
        const away = [...routes[side].values()].every((d) => d.length > 0 && !d.includes(plan[side].device));
        if (away && moved[side] === undefined) moved[side] = seconds(start);
        if (!away) delete moved[side];
      }
      return { done: SIDES.every((s) => moved[s] !== undefined), value: routes };
    },
    { what: "interconnect failover", deadlineSeconds: bound + 10, signal: runtime.signal, intervalMs: 50 },
  );
  const took = Math.max(moved.aws ?? Infinity, moved.azure ?? Infinity);
  const pings = result.done ? await pingAll(runtime) : { ok: false, lines: ["(not attempted: routes never moved)"] };
  const within = result.done && took <= bound;
  if (result.done) runtime.figures.push(`interconnect → VPN failover: AWS→Azure ${moved.aws?.toFixed(2)} s, Azure→AWS ${moved.azure?.toFixed(2)} s (BFD ${detectionMs} ms; target ≤ 1.5 s)`);
  const lines = [
    `blackholed the transit VIF and both ExpressRoute links in the provider router (nftables drop: no link, address or route event); detector: BFD, ${detectionMs} ms`,
    result.done
      ? `AWS→Azure moved to the VPN after ${moved.aws?.toFixed(2)} s, Azure→AWS after ${moved.azure?.toFixed(2)} s; bound ${bound.toFixed(1)} s (BFD detection + 2 s)${within ? "" : " — EXCEEDED"}`
      : `routes did NOT leave the interconnect within ${(bound + 10).toFixed(1)} s`,
    ...pathLines(runtime, result.value, plan),
    ...pings.lines,
  ];
  return makeCheck("interconnect-failover", within && pings.ok ? "pass" : "fail", lines.join("\n"), Number.isFinite(took) ? took : seconds(start), within && pings.ok ? [] : ["interconnect"]);
}

/** Heals the interconnect and waits for both sides to route over it again. */
export async function checkInterconnectRestore(runtime: LabRuntime): Promise<LabCheck> {
  const plan = runtime.plan.interconnect;
  if (!plan) throw new Error("no interconnect in this run");
  const start = Date.now();
  await healInterconnect(plan);
  const result = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      return { done: viaInterconnect(routes, plan), value: routes };
    },
    { what: "interconnect restore", deadlineSeconds: runtime.timeouts.restoreSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const pings = result.done ? await pingAll(runtime) : { ok: false, lines: ["(not attempted)"] };
  const ok = result.done && pings.ok;
  return makeCheck(
    "interconnect-restore",
    ok ? "pass" : "fail",
    [result.done ? `traffic is back on the interconnect both ways ${seconds(start).toFixed(2)} s after healing` : `traffic did NOT return to the interconnect within ${runtime.timeouts.restoreSeconds} s`, ...pathLines(runtime, result.value, plan), ...pings.lines].join("\n"),
    seconds(start),
    ok ? [] : ["interconnect"],
  );
}

