import { allVia, describeDevices, pingBothWays, remoteRouteDevices } from "./bgp";
import { pollUntil, seconds } from "../runtime/exec";
import { SIDES, Side } from "../topology/plan";
import { bgpNeighbors } from "./probes";
import { LabCheck, makeCheck } from "./report";
import { FAILOVER_MARGIN_SECONDS, LabRuntime, preferredPlan } from "../runtime/context";
import { negotiatedHoldTime } from "../spec/spec";
import { blackholeTunnel, healTunnel } from "../topology/namespaces";

/**
 * Check 5: silently lose the preferred tunnel, measure until both clouds route around it, and
 * assert that took no longer than the negotiated hold time + 5 s (BFD, when enabled, should make
 * it far shorter). Then heal it and assert traffic returns to it.
 */
export async function checkFailover(runtime: LabRuntime): Promise<LabCheck[]> {
  const preferred = preferredPlan(runtime.plan);
  const tunnel = runtime.spec.tunnels.find((t) => t.key === preferred.key);
  if (!tunnel) throw new Error(`no tunnel ${preferred.key}`);
  const hold = negotiatedHoldTime(runtime.spec, tunnel);
  const bound = hold + FAILOVER_MARGIN_SECONDS;
  const detector = runtime.spec.bfd === true ? "BFD 300 ms × 3" : `BGP hold timer ${hold} s`;

  const moved: Partial<Record<Side, number>> = {};
  const start = Date.now();
  await blackholeTunnel(runtime.plan, preferred);
  runtime.log(`failover: blackholed ${preferred.key}; waiting for both routers to leave ${preferred.device}`);
  let failover: LabCheck;
  try {
    // Wait past the bound, so a slow failover is reported with its real time, not just "too slow".
    const result = await pollUntil(
      async () => {
        const routes = await remoteRouteDevices(runtime);
        for (const side of SIDES) {
          const away = [...routes[side].values()].every((devs) => devs.length > 0 && !devs.includes(preferred.device));
          if (away && moved[side] === undefined) moved[side] = seconds(start);
          if (!away) delete moved[side];
        }
        return { done: SIDES.every((s) => moved[s] !== undefined), value: routes };
      },
      { what: "failover", deadlineSeconds: bound + 10, signal: runtime.signal, intervalMs: 200 },
    );
    const took = Math.max(moved.aws ?? Infinity, moved.azure ?? Infinity);
    const paths = SIDES.flatMap((side) => [...result.value[side].entries()].map(([p, devs]) => `${side} → ${p} via ${describeDevices(runtime, devs)}`));
    const pings = result.done ? await pingBothWays(runtime, runtime.timeouts.pingSeconds) : { ok: false, lines: ["(not attempted: routes never moved)"] };
    const within = result.done && took <= bound;
    const lines = [
      `blackholed ${preferred.key}'s outside path in the wan namespace (silent: no link, address or route event on either gateway); detector: ${detector}`,
      result.done
        ? `aws moved after ${moved.aws?.toFixed(2)} s, azure after ${moved.azure?.toFixed(2)} s; bound ${bound} s (negotiated hold ${hold} s + ${FAILOVER_MARGIN_SECONDS} s)${within ? "" : " — EXCEEDED"}`
        : `routes did NOT move within ${bound + 10} s (aws ${moved.aws ?? "-"} s, azure ${moved.azure ?? "-"} s)`,
      ...paths,
      ...pings.lines,
    ];
    failover = makeCheck("failover", within && pings.ok ? "pass" : "fail", lines.join("\n"), Number.isFinite(took) ? took : seconds(start), within && pings.ok ? [] : [preferred.key]);
  } finally {
    await healTunnel(runtime.plan, preferred);
  }

  const healed = Date.now();
  runtime.log(`failover: healed ${preferred.key}; waiting for traffic to return`);
  const restored = await pollUntil(
    async () => {
      const [routes, aws, azure] = await Promise.all([remoteRouteDevices(runtime), bgpNeighbors(runtime.frr.aws), bgpNeighbors(runtime.frr.azure)]);
      const up = aws[preferred.aws.bgpPeer.address]?.bgpState === "Established" && azure[preferred.azure.bgpPeer.address]?.bgpState === "Established";
      return { done: up && allVia(routes, preferred.device), value: routes };
    },
    { what: "restore", deadlineSeconds: runtime.timeouts.restoreSeconds, signal: runtime.signal, intervalMs: 250 },
  );
  const restoreSeconds = seconds(healed);
  const pings = restored.done ? await pingBothWays(runtime, runtime.timeouts.pingSeconds) : { ok: false, lines: ["(not attempted)"] };
  const restoreLines = [
    restored.done
      ? `${preferred.key} carries all traffic again ${restoreSeconds.toFixed(2)} s after healing`
      : `${preferred.key} did NOT carry all traffic within ${runtime.timeouts.restoreSeconds} s of healing`,
    ...SIDES.flatMap((side) => [...restored.value[side].entries()].map(([p, devs]) => `${side} → ${p} via ${describeDevices(runtime, devs)}`)),
    ...pings.lines,
  ];
  const restore = makeCheck(
    "failover-restore",
    restored.done && pings.ok ? "pass" : "fail",
    restoreLines.join("\n"),
    restoreSeconds,
    restored.done && pings.ok ? [] : [preferred.key],
  );
  return [failover, restore];
}
