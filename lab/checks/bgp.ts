import { vtysh } from "../runtime/daemons";
import { pollUntil, seconds } from "../runtime/exec";
import { SIDES, Side, TunnelPlan } from "../topology/plan";
import { BgpNeighborDetail, acceptedPrefixes, bfdPeers, bgpNeighbors, inBgpTableAndRib, kernelRoutes, ping, receivedPrefixes } from "./probes";
import { LabCheck, makeCheck } from "./report";
import { LabRuntime, otherSide, preferredPlan, tunnelOfDevice } from "../runtime/context";
import { negotiatedHoldTime } from "../spec/spec";

/** Checks 2–4: sessions, exchanged prefixes, the path traffic takes, reachability, default-route filtering. */

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

/** An OPEN error means the configuration itself is wrong (ASN, identifier); retrying cannot fix it. */
const definitive = (n: BgpNeighborDetail | undefined): boolean => /OPEN Message Error/i.test(n?.lastNotificationReason ?? "");

interface SessionView {
  readonly tunnel: TunnelPlan;
  readonly aws?: BgpNeighborDetail;
  readonly azure?: BgpNeighborDetail;
  /** BFD state on each side, when the spec asks for BFD. */
  readonly bfd?: { readonly aws: string; readonly azure: string };
}

const established = (s: SessionView): boolean => s.aws?.bgpState === "Established" && s.azure?.bgpState === "Established";

/** BFD comes up a second or two after BGP; a failover measured before that would time the hold timer instead. */
const bfdReady = (s: SessionView): boolean => s.bfd === undefined || (s.bfd.aws === "up" && s.bfd.azure === "up");

async function sessions(runtime: LabRuntime): Promise<SessionView[]> {
  const [aws, azure] = await Promise.all([bgpNeighbors(runtime.frr.aws), bgpNeighbors(runtime.frr.azure)]);
  const bfd = runtime.spec.bfd === true ? await Promise.all([bfdPeers(runtime.frr.aws), bfdPeers(runtime.frr.azure)]) : undefined;
  return runtime.plan.tunnels.map((tunnel) => {
    const a = aws[tunnel.aws.bgpPeer.address];
    const z = azure[tunnel.azure.bgpPeer.address];
    const b = bfd && {
      aws: bfd[0][tunnel.aws.bgpPeer.address] ?? "no session",
      azure: bfd[1][tunnel.azure.bgpPeer.address] ?? "no session",
    };
    return { tunnel, ...(a ? { aws: a } : {}), ...(z ? { azure: z } : {}), ...(b ? { bfd: b } : {}) };
  });
}

function describeSide(s: SessionView, side: Side): string {
  const n = s[side];
  const peer = s.tunnel[side].bgpPeer;
  const why = n?.lastNotificationReason ?? n?.lastResetDueTo;
  return `${side} → ${peer.address} AS ${peer.remoteAs}: ${n?.bgpState ?? "no such neighbor"}${why ? ` (last: ${why})` : ""}`;
}

export async function checkBgpSessions(runtime: LabRuntime): Promise<{ check: LabCheck; holds: Record<string, number> }> {
  const result = await pollUntil(
    async () => {
      const views = await sessions(runtime);
      const done = views.every((v) => (established(v) && bfdReady(v)) || definitive(v.aws) || definitive(v.azure));
      return { done, value: views, state: views.map((v) => `${v.tunnel.key}: ${v.aws?.bgpState}/${v.azure?.bgpState}`).join(", ") };
    },
    { what: "BGP sessions", deadlineSeconds: runtime.timeouts.bgpSessionsSeconds, signal: runtime.signal },
  );
  const holds: Record<string, number> = {};
  const problems: string[] = [];
  const lines = result.value.map((v) => {
    const key = v.tunnel.key;
    if (!established(v)) {
      problems.push(key);
      return `${key}: NOT Established — ${describeSide(v, "aws")}; ${describeSide(v, "azure")}`;
    }
    const tunnel = runtime.spec.tunnels.find((t) => t.key === key);
    const expected = tunnel ? negotiatedHoldTime(runtime.spec, tunnel) : NaN;
    const awsHold = (v.aws?.bgpTimerHoldTimeMsecs ?? 0) / 1000;
    const azureHold = (v.azure?.bgpTimerHoldTimeMsecs ?? 0) / 1000;
    holds[key] = awsHold;
    const keepalive = (v.aws?.bgpTimerKeepAliveIntervalMsecs ?? 0) / 1000;
    // Both ends must settle on the lower of the two offers; anything else means a timer was mis-rendered.
    if (awsHold !== expected || azureHold !== expected) {
      problems.push(key);
      return `${key}: Established, but hold time aws ${awsHold} s / azure ${azureHold} s, expected ${expected} s`;
    }
    const bfd = v.bfd ? `, BFD aws ${v.bfd.aws} / azure ${v.bfd.azure}` : "";
    if (!bfdReady(v)) {
      problems.push(key);
      return `${key}: Established, but BFD is not up${bfd}`;
    }
    return `${key}: Established (hold ${awsHold} s, keepalive ${keepalive} s${bfd})`;
  });
  const detail = result.done ? lines.join("\n") : `${lines.join("\n")}\n(gave up after ${runtime.timeouts.bgpSessionsSeconds} s)`;
  // Timed from loading the tunnel configurations: how long until BGP runs over fresh tunnels.
  return { check: makeCheck("bgp-sessions", problems.length === 0 ? "pass" : "fail", detail, seconds(runtime.tunnelsStartedAt), problems), holds };
}

interface PrefixView {
  readonly lines: string[];
  readonly wrong: string[];
}

async function prefixView(runtime: LabRuntime): Promise<PrefixView> {
  const lines: string[] = [];
  const wrong = new Set<string>();
  for (const side of SIDES) {
    const expected = [...runtime.spec[otherSide(side)].prefixes].sort();
    for (const tunnel of runtime.plan.tunnels) {
      const got = await acceptedPrefixes(runtime.frr[side], tunnel[side].bgpPeer.address);
      if (!sameList(got, expected)) {
        wrong.add(tunnel.key);
        lines.push(`${side} from ${tunnel.key}: accepted [${got.join(", ")}], expected [${expected.join(", ")}]`);
      }
    }
    const fib = await kernelRoutes(runtime.plan.routers[side].namespace, "bgp");
    const installed = [...fib.keys()].sort();
    if (!sameList(installed, expected)) {
      lines.push(`${side} kernel: BGP routes [${installed.join(", ")}], expected [${expected.join(", ")}]`);
      runtime.plan.tunnels.forEach((t) => wrong.add(t.key));
    } else lines.push(`${side} learned and installed exactly [${expected.join(", ")}] over ${runtime.plan.tunnels.length} session(s)`);
  }
  return { lines, wrong: [...wrong] };
}

export async function checkBgpPrefixes(runtime: LabRuntime): Promise<LabCheck> {
  const result = await pollUntil(
    async () => {
      const view = await prefixView(runtime);
      return { done: view.wrong.length === 0, value: view };
    },
    { what: "prefix exchange", deadlineSeconds: runtime.timeouts.routesSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const ok = result.value.wrong.length === 0;
  return makeCheck("bgp-prefixes", ok ? "pass" : "fail", result.value.lines.join("\n"), result.seconds, result.value.wrong);
}

/** Devices each router's kernel uses for every remote prefix. */
export async function remoteRouteDevices(runtime: LabRuntime): Promise<Record<Side, Map<string, string[]>>> {
  const out = {} as Record<Side, Map<string, string[]>>;
  for (const side of SIDES) {
    const fib = await kernelRoutes(runtime.plan.routers[side].namespace, "bgp");
    const remote = new Map<string, string[]>();
    for (const prefix of runtime.spec[otherSide(side)].prefixes) remote.set(prefix, fib.get(prefix) ?? []);
    out[side] = remote;
  }
  return out;
}

export const describeDevices = (runtime: LabRuntime, devices: readonly string[]): string =>
  devices.length === 0 ? "no route" : devices.map((d) => `${d} (${tunnelOfDevice(runtime.plan, d)})`).join(" + ");

/** True when every remote prefix on both sides goes only through `device`. */
export function allVia(routes: Record<Side, Map<string, string[]>>, device: string): boolean {
  return SIDES.every((side) => [...routes[side].values()].every((devs) => devs.length === 1 && devs[0] === device));
}

export async function checkPreferredPath(runtime: LabRuntime): Promise<LabCheck> {
  const preferred = preferredPlan(runtime.plan);
  const result = await pollUntil(
    async () => {
      const routes = await remoteRouteDevices(runtime);
      return { done: allVia(routes, preferred.device), value: routes };
    },
    { what: "preferred path", deadlineSeconds: runtime.timeouts.routesSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const lines = SIDES.flatMap((side) =>
    [...result.value[side].entries()].map(([prefix, devs]) => `${side} → ${prefix} via ${describeDevices(runtime, devs)}`),
  );
  return makeCheck(
    "preferred-path",
    result.done ? "pass" : "fail",
    [`preferred tunnel: ${preferred.key} (${preferred.device})`, ...lines].join("\n"),
    result.seconds,
    result.done ? [] : [preferred.key],
  );
}

/** Pings from each side's LAN address to the other's until both directions answer. */
export async function pingBothWays(runtime: LabRuntime, deadlineSeconds: number): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  for (const side of SIDES) {
    const from = runtime.plan.routers[side];
    const to = runtime.plan.routers[otherSide(side)];
    const result = await pollUntil(async () => ({ done: await ping(from.namespace, from.pingAddress, to.pingAddress), value: undefined }), {
      what: `ping ${side}`,
      deadlineSeconds,
      signal: runtime.signal,
      intervalMs: 100,
    });
    ok &&= result.done;
    lines.push(`${side} ${from.pingAddress} → ${otherSide(side)} ${to.pingAddress}: ${result.done ? `reply (${result.seconds.toFixed(2)} s)` : "NO reply"}`);
  }
  return { ok, lines };
}

export async function checkPing(runtime: LabRuntime): Promise<LabCheck> {
  const start = Date.now();
  const result = await pingBothWays(runtime, runtime.timeouts.pingSeconds);
  return makeCheck("ping", result.ok ? "pass" : "fail", result.lines.join("\n"), seconds(start));
}

async function setDefaultOriginate(runtime: LabRuntime, side: Side, on: boolean): Promise<void> {
  const router = runtime.plan.routers[side];
  for (const tunnel of runtime.plan.tunnels) {
    await vtysh(runtime.frr[side], [
      "configure terminal",
      `router bgp ${router.asn}`,
      "address-family ipv4 unicast",
      `${on ? "" : "no "}neighbor ${tunnel[side].bgpPeer.address} default-originate`,
    ]);
  }
}

const DEFAULT = "0.0.0.0/0";

/**
 * Check 4. Each side originates a default route to every peer (`default-originate` is sent past
 * the outbound prefix list, like a misconfigured gateway would). The check first proves the route
 * really arrived (it is in the receiver's pre-policy received-routes), then that it never reached
 * the BGP table, zebra's RIB or the kernel. Without the first half the check could not fail.
 */
export async function checkDefaultRoute(runtime: LabRuntime): Promise<LabCheck> {
  const start = Date.now();
  let installedSeen: string | undefined;
  try {
    for (const side of SIDES) await setDefaultOriginate(runtime, side, true);
    const result = await pollUntil(
      async () => {
        const missing: string[] = [];
        for (const side of SIDES) {
          for (const tunnel of runtime.plan.tunnels) {
            const received = await receivedPrefixes(runtime.frr[side], tunnel[side].bgpPeer.address);
            if (!received.prefixes.includes(DEFAULT)) missing.push(`${side} from ${tunnel.key}`);
          }
          const state = await inBgpTableAndRib(runtime.frr[side], DEFAULT);
          const kernel = (await kernelRoutes(runtime.plan.routers[side].namespace)).has(DEFAULT);
          if (state.bgp || state.rib || kernel) {
            installedSeen ??= `${side}: default route in ${[state.bgp && "BGP table", state.rib && "RIB", kernel && "kernel"].filter(Boolean).join(", ")}`;
          }
        }
        return { done: missing.length === 0 || installedSeen !== undefined, value: missing };
      },
      { what: "injected default routes", deadlineSeconds: runtime.timeouts.defaultRouteSeconds, signal: runtime.signal, intervalMs: 250 },
    );
    if (installedSeen !== undefined) return makeCheck("default-route-filtered", "fail", `default route INSTALLED — ${installedSeen}`, seconds(start));
    if (result.value.length > 0) {
      return makeCheck("default-route-filtered", "fail", `injected default route never arrived: ${result.value.join(", ")} — the filter could not be exercised`, seconds(start));
    }
    const lines: string[] = [];
    for (const side of SIDES) {
      const counts: number[] = [];
      for (const tunnel of runtime.plan.tunnels) counts.push((await receivedPrefixes(runtime.frr[side], tunnel[side].bgpPeer.address)).filtered);
      // Look once more after the counts: the route has now sat in received-routes for a while.
      const state = await inBgpTableAndRib(runtime.frr[side], DEFAULT);
      if (state.bgp || state.rib || (await kernelRoutes(runtime.plan.routers[side].namespace)).has(DEFAULT)) {
        return makeCheck("default-route-filtered", "fail", `default route INSTALLED on ${side} after it arrived`, seconds(start));
      }
      lines.push(`${side} received 0.0.0.0/0 from ${otherSide(side)} on all ${counts.length} session(s), filtered (counts ${counts.join(", ")}); not in BGP table, RIB or kernel`);
    }
    return makeCheck("default-route-filtered", "pass", lines.join("\n"), seconds(start));
  } finally {
    for (const side of SIDES) await setDefaultOriginate(runtime, side, false).catch(() => undefined);
  }
}
