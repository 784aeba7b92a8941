import { pingBothWays, remoteRouteDevices } from "./bgp";
import { FLOW_PORT, burst, flowDevice, installFlowCounters, readFlowCounters, startEchoServer, startStream } from "./flows";
import { pollUntil, seconds, sleep } from "../runtime/exec";
import { FAILOVER_MARGIN_SECONDS, LabRuntime, otherSide, preferredPlan, tunnelOfDevice } from "../runtime/context";
import { SIDES, Side } from "../topology/plan";
import { LabCheck, makeCheck } from "./report";
import { negotiatedHoldTime } from "../spec/spec";
import { blackholeTunnel, healTunnel } from "../topology/namespaces";

/**
 * ECMP, where the rendered resources say the clouds do it (a TGW with `vpnEcmpSupport`, an active-active Azure
 * gateway): every tunnel is an equal next hop on both sides, flows spread over them by their ports, and losing
 * one tunnel costs only that tunnel's flows, until BGP withdraws it.
 */

const FLOWS = 16;
const PACKETS_PER_FLOW = 40;
/** At least this many tunnels must carry some of the flows (the issue's bar for "spread"). */
export const ECMP_MIN_SPREAD = 3;

const devices = (runtime: LabRuntime): string[] => runtime.plan.tunnels.map((t) => t.device);

/** True when every remote prefix on `side` has exactly `n` next hops, all tunnels. */
function nextHops(routes: Record<Side, Map<string, string[]>>, side: Side, n: number, tunnels: readonly string[]): boolean {
  return [...routes[side].values()].every((devs) => devs.length === n && devs.every((d) => tunnels.includes(d)));
}

const describe = (runtime: LabRuntime, routes: Record<Side, Map<string, string[]>>): string[] =>
  SIDES.flatMap((side) => [...routes[side].entries()].map(([p, devs]) => `${side} → ${p}: ${devs.length} next hop(s) ${devs.map((d) => tunnelOfDevice(runtime.plan, d)).join(", ")}`));

export async function checkEcmp(runtime: LabRuntime): Promise<LabCheck> {
  const start = Date.now();
  const all = devices(runtime);
  const n = all.length;
  const result = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      return { done: SIDES.every((side) => nextHops(routes, side, n, all)), value: routes };
    },
    { what: "ECMP next hops", deadlineSeconds: runtime.timeouts.routesSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const lines = describe(runtime, result.value);
  if (!result.done) return makeCheck("ecmp", "fail", [`expected ${n} equal next hops on both sides`, ...lines].join("\n"), seconds(start));
  for (const side of SIDES) await installFlowCounters(runtime.plan.routers[side].namespace, all);
  const aws = runtime.plan.routers.aws;
  const azure = runtime.plan.routers.azure;
  const stopServer = await startEchoServer(runtime.dir, azure.namespace, azure.pingAddress, 20_000, runtime.probePids);
  const replies = await burst(runtime.dir, aws.namespace, aws.pingAddress, azure.pingAddress, 40000, FLOWS, PACKETS_PER_FLOW, runtime.probePids).finally(stopServer);
  const spread: string[] = [];
  let ok = true;
  for (const side of SIDES) {
    const counts = await readFlowCounters(runtime.plan.routers[side].namespace, all);
    const used = Object.values(counts).filter((c) => c > 0).length;
    ok &&= used >= ECMP_MIN_SPREAD;
    spread.push(`${side} → ${otherSide(side)}: ${Object.entries(counts).map(([d, c]) => `${tunnelOfDevice(runtime.plan, d)} ${c}`).join(", ")} packets (${used}/${n} tunnels)`);
  }
  const answered = replies.reduce((a, b) => a + b, 0);
  runtime.figures.push(`ECMP spread (${FLOWS} flows): ${spread.join("; ")}`);
  ok &&= answered === FLOWS * PACKETS_PER_FLOW;
  return makeCheck(
    "ecmp",
    ok ? "pass" : "fail",
    [
      ...lines,
      `${FLOWS} UDP flows × ${PACKETS_PER_FLOW} datagrams (source ports 40000–${40000 + FLOWS - 1} → ${FLOW_PORT}, L4 multipath hashing), ${answered}/${FLOWS * PACKETS_PER_FLOW} echoed; spread (need ≥ ${ECMP_MIN_SPREAD} tunnels each way):`,
      ...spread,
    ].join("\n"),
    seconds(start),
  );
}

/**
 * A source port whose flow leaves the AWS router over `out`; with `avoid`, also one whose echo comes back
 * from Azure over any tunnel but `avoid` (a flow pinned to surviving tunnels both ways).
 */
async function pickPort(runtime: LabRuntime, out: string, from: number, avoid?: string): Promise<number | undefined> {
  const aws = runtime.plan.routers.aws;
  const azure = runtime.plan.routers.azure;
  for (let port = from; port < from + 400; port++) {
    if ((await flowDevice(aws.namespace, aws.pingAddress, azure.pingAddress, port, FLOW_PORT)) !== out) continue;
    if (avoid === undefined || (await flowDevice(azure.namespace, azure.pingAddress, aws.pingAddress, FLOW_PORT, port)) !== avoid) return port;
  }
  return undefined;
}

/**
 * The ECMP failover: silently cut one tunnel while two streams run, one pinned (by its ports, both ways) to
 * surviving tunnels, one hashed onto the cut tunnel. The survivor must lose nothing; the victim must recover
 * once BGP withdraws the tunnel, within the negotiated hold time + 5 s; afterwards one next hop fewer remains.
 * Then heal it and wait for all next hops to return.
 */
export async function checkEcmpFailover(runtime: LabRuntime): Promise<LabCheck[]> {
  const cut = preferredPlan(runtime.plan);
  const tunnel = runtime.spec.tunnels.find((t) => t.key === cut.key);
  if (!tunnel) throw new Error(`no tunnel ${cut.key}`);
  const hold = negotiatedHoldTime(runtime.spec, tunnel);
  const bound = hold + FAILOVER_MARGIN_SECONDS;
  const all = devices(runtime);
  const survivors = all.filter((d) => d !== cut.device);
  const aws = runtime.plan.routers.aws;
  const azure = runtime.plan.routers.azure;
  // One flow on each surviving tunnel (pinned off the cut one both ways), and one hashed onto the cut tunnel.
  const survivorPorts: { device: string; port: number | undefined }[] = [];
  for (const [i, device] of survivors.entries()) survivorPorts.push({ device, port: await pickPort(runtime, device, 41000 + 500 * i, cut.device) });
  const victimPort = await pickPort(runtime, cut.device, 44000);
  const unpinned = survivorPorts.filter((s) => s.port === undefined).map((s) => tunnelOfDevice(runtime.plan, s.device));
  if (unpinned.length > 0 || victimPort === undefined) {
    const what = victimPort === undefined ? [cut.key] : unpinned;
    return [makeCheck("failover", "fail", `no flow could be pinned onto ${what.join(", ")}: ECMP hashing is not spreading flows`, 0, what), makeCheck("failover-restore", "skip", "skipped: failover did not run", 0)];
  }
  const streamMs = (bound + 15) * 1000;
  const stopServer = await startEchoServer(runtime.dir, azure.namespace, azure.pingAddress, streamMs + 5000, runtime.probePids);
  const survivorStreams = survivorPorts.map((s) => ({ ...s, stream: startStream(runtime.dir, aws.namespace, aws.pingAddress, azure.pingAddress, s.port as number, 20, streamMs, runtime.probePids) }));
  const victim = startStream(runtime.dir, aws.namespace, aws.pingAddress, azure.pingAddress, victimPort, 20, streamMs, runtime.probePids);
  await sleep(1000, runtime.signal);
  const cutAt = Date.now();
  await blackholeTunnel(runtime.plan, cut);
  runtime.log(`failover: blackholed ${cut.key}; streams on ports ${survivorPorts.map((s) => s.port).join(", ")} (survivors) and ${victimPort} (on ${cut.key})`);
  let failover: LabCheck;
  try {
    const moved = await pollUntil(
      async () => {
        const routes = await remoteRouteDevices(runtime);
        return { done: SIDES.every((side) => nextHops(routes, side, all.length - 1, survivors)), value: routes };
      },
      { what: "ECMP failover", deadlineSeconds: bound + 10, signal: runtime.signal, intervalMs: 200 },
    );
    const routesMoved = seconds(cutAt);
    await sleep(2500, runtime.signal);
    const [v, ...results] = await Promise.all([victim.stop(), ...survivorStreams.map((s) => s.stream.stop())]);
    const surviving = survivorStreams.map((s, i) => ({ ...s, result: results[i] }));
    const sent = surviving.reduce((a, x) => a + (x.result?.sent ?? 0), 0);
    const lost = surviving.reduce((a, x) => a + (x.result?.lost ?? 0), 0);
    const recovered = v && v.gapEnd > cutAt ? (v.gapEnd - cutAt) / 1000 : Infinity;
    const victimHit = v !== undefined && v.gapStart >= cutAt - 100 && v.gapEnd - v.gapStart > 1000;
    const survivorOk = surviving.every((x) => x.result !== undefined && x.result.sent > 0 && x.result.lost === 0);
    const within = moved.done && victimHit && recovered <= bound;
    runtime.figures.push(`ECMP tunnel cut: ${lost} of ${sent} datagrams lost on the ${surviving.length} surviving tunnels (target 0); the cut tunnel's flows recovered after ${Number.isFinite(recovered) ? `${recovered.toFixed(2)} s` : "—"} (BGP hold ${hold} s)`);
    const after = await remoteRouteDevices(runtime);
    const three = SIDES.every((side) => nextHops(after, side, all.length - 1, survivors));
    const lines = [
      `blackholed ${cut.key}'s outside path (silent); detector: BGP hold timer ${hold} s (neither cloud offers BFD on VPN); bound ${bound} s (hold + ${FAILOVER_MARGIN_SECONDS} s)`,
      ...surviving.map((x) => `survivor flow on ${tunnelOfDevice(runtime.plan, x.device)} (source port ${x.port}, echo off ${cut.key}): ${x.result ? `${x.result.sent} sent, ${x.result.lost} lost` : "no result"}${x.result && x.result.lost === 0 ? "" : " — LOSS ON A SURVIVING TUNNEL"}`),
      victimHit
        ? `victim flow (source port ${victimPort}, hashed onto ${cut.key}): ${v?.lost} lost, echoes resumed ${recovered.toFixed(2)} s after the cut${recovered <= bound ? "" : " — EXCEEDED"}`
        : `victim flow (source port ${victimPort}) never stopped: the cut tunnel carried none of its packets`,
      moved.done ? `routes left ${cut.key} on both sides after ${routesMoved.toFixed(2)} s` : `routes still use ${cut.key} after ${bound + 10} s`,
      ...describe(runtime, after),
    ];
    failover = makeCheck("failover", within && survivorOk && three ? "pass" : "fail", lines.join("\n"), Number.isFinite(recovered) ? recovered : seconds(cutAt), within && survivorOk && three ? [] : [cut.key]);
  } finally {
    await healTunnel(runtime.plan, cut);
    await stopServer();
  }
  const healed = Date.now();
  const restored = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      return { done: SIDES.every((side) => nextHops(routes, side, all.length, all)), value: routes };
    },
    { what: "ECMP restore", deadlineSeconds: runtime.timeouts.restoreSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const restoreSeconds = seconds(healed);
  const pings = restored.done ? await pingBothWays(runtime, runtime.timeouts.pingSeconds) : { ok: false, lines: ["(not attempted)"] };
  const restore = makeCheck(
    "failover-restore",
    restored.done && pings.ok ? "pass" : "fail",
    [restored.done ? `${cut.key} is an equal next hop again ${restoreSeconds.toFixed(2)} s after healing (${all.length} next hops)` : `${cut.key} did NOT return within ${runtime.timeouts.restoreSeconds} s`, ...describe(runtime, restored.value), ...pings.lines].join("\n"),
    restoreSeconds,
    restored.done && pings.ok ? [] : [cut.key],
  );
  return [failover, restore];
}
