import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FrrHandle, stopFrr } from "../runtime/daemons";
import { LabInterruptedError, seconds } from "../runtime/exec";
import { assertLabPrerequisites } from "../runtime/prerequisites";
import { findProcesses, isAlive, terminate } from "../runtime/processes";
import type { LabReport } from "../checks/report";
import { listRunNamespaces } from "../topology/namespaces";
import {
  OVERLAY_LAB_CHECKS,
  OVERLAY_LAB_TIMEOUTS,
  type OverlayLabCheck,
  type OverlayLabCheckName,
  type OverlayLabTimeouts,
  type OverlayRuntime,
  checkBfd,
  checkBgpSessions,
  checkFailover,
  checkHandshakes,
  checkMssClamp,
  checkMtu,
  checkPing,
  checkPrefixes,
  checkRouteServer,
  overlayCheck,
} from "./checks";
import { type WireGuardProcess, configureWireGuard, removeStaleSocket, renderRouteServerFrr, runUnitCommands, startFrr, startWireGuard, wireGuardSocket } from "./daemons";
import { type OverlayLabPlan, planOverlayLab } from "./plan";
import { writeTcpProbe } from "./probes";
import { type OverlayLabSpec, readOverlayLabSpec } from "./spec";
import { createOverlayTopology, deleteOverlayNamespaces } from "./topology";
import { checkSequence } from "../checks/sequence";

export interface RunOverlayLabOptions {
  readonly timeouts?: Partial<OverlayLabTimeouts>;
  /** Leave out the failover check (and failover-restore). @default false */
  readonly skipFailover?: boolean;
  /** Keep the run directory (logs, the rendered files; key files are deleted anyway). @default false */
  readonly keepWorkDir?: boolean;
  readonly log?: (message: string) => void;
}

export type OverlayLabReport = LabReport<OverlayLabCheckName>;

interface Resources {
  readonly namespaces: string[];
  readonly wireguard: WireGuardProcess[];
  readonly frr: Map<string, FrrHandle>;
  readonly routeServers: FrrHandle[];
  readonly pids: number[];
  readonly secretFiles: string[];
}

const DAEMONS = ["zebra", "bgpd", "bfdd"] as const;

async function freshRunId(): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = randomBytes(3).toString("hex");
    if ((await listRunNamespaces(`ccw${id}`)).length === 0) return id;
  }
  throw new Error("could not find an unused overlay lab run id");
}

/** Boots every router from its rendered files, then Route Server's model. */
async function setUp(spec: OverlayLabSpec, plan: OverlayLabPlan, dir: string, timeouts: OverlayLabTimeouts, res: Resources, log: (m: string) => void): Promise<void> {
  await createOverlayTopology(plan, dir, res.namespaces);
  log(`${res.namespaces.length} namespaces: ${plan.routers.length} routers, ${plan.hosts.length} hosts${plan.routeServers.length ? `, ${plan.routeServers.length} Route Server instances` : ""}, the VPC, the VNet and the internet (prefix ${plan.prefix})`);
  for (const r of plan.routers) await runUnitCommands(r, r.clamp.start);
  for (const r of plan.routers) for (const i of r.interfaces) await startWireGuard(r, i, dir, timeouts.daemonStartSeconds, res.wireguard);
  log(`${res.wireguard.length} wireguard-go processes up`);
  for (const r of plan.routers) for (const i of r.interfaces) await configureWireGuard(r, i, dir, res.secretFiles);
  log("WireGuard interfaces configured from the rendered files (wg setconf, Address, MTU)");
  for (const r of plan.routers) res.frr.set(r.key, await startFrr(r.namespace, r.cloud, dir, r.frrConf, r.daemons, timeouts.daemonStartSeconds));
  log(`FRR (${plan.routers[0]?.daemons.join(", ")}) up with the rendered frr.conf in every router`);
  if (spec.routeServer) {
    for (const [i, instance] of plan.routeServers.entries()) {
      res.routeServers.push(await startFrr(instance.namespace, "azure", dir, renderRouteServerFrr(spec.routeServer, instance, i), ["zebra", "bgpd"], timeouts.daemonStartSeconds));
    }
    log(`Route Server model up: AS ${spec.routeServer.asn} at ${spec.routeServer.ips.join(", ")}`);
  }
}

/** Stops everything the run started, by pid, then deletes its namespaces and sockets. Never throws; returns problems. */
async function tearDown(plan: OverlayLabPlan, res: Resources, dir: string, keepWorkDir: boolean): Promise<string[]> {
  const problems: string[] = [];
  for (const pid of res.pids) {
    if (!isAlive(pid)) continue;
    const how = await terminate(pid, 1000);
    if (how !== "exited") problems.push(`probe/ping ${pid} ${how}`);
  }
  for (const h of [...res.frr.values(), ...res.routeServers]) problems.push(...(await stopFrr(h)));
  for (const w of res.wireguard) {
    const how = await terminate(w.pid, 3000);
    if (how !== "exited") problems.push(`wireguard-go ${w.ifname} (pid ${w.pid}) ${how}`);
  }
  const namespaces = [...new Set([...res.namespaces, ...(await listRunNamespaces(plan.prefix))])];
  (await deleteOverlayNamespaces(namespaces)).forEach((ns) => problems.push(`namespace ${ns} could not be deleted`));
  for (const r of plan.routers) for (const i of r.interfaces) await removeStaleSocket(i.name);
  for (const file of res.secretFiles) rmSync(file, { force: true });
  if (!keepWorkDir) rmSync(dir, { recursive: true, force: true });
  return problems;
}

/** Nothing of the run may survive it: processes (found by the run's marks, and by pid), namespaces, sockets. */
async function leftoverCheck(plan: OverlayLabPlan, res: Resources, dir: string, problems: readonly string[], start: number): Promise<OverlayLabCheck> {
  const found = [...findProcesses(DAEMONS, dir), ...findProcesses(["wireguard-go"], `wg${plan.runId}`), ...findProcesses(["node", "ping"], dir)];
  const tracked = [...res.wireguard.map((w) => w.pid), ...res.pids].filter((p) => isAlive(p));
  const pids = new Set([...found.map((p) => p.pid), ...tracked]);
  const namespaces = await listRunNamespaces(plan.prefix);
  const sockets = plan.routers.flatMap((r) => r.interfaces.map((i) => wireGuardSocket(i.name))).filter((s) => existsSync(s));
  const leftovers = [...[...pids].map((pid) => `process ${pid} (${found.find((p) => p.pid === pid)?.comm ?? "tracked"})`), ...namespaces.map((ns) => `namespace ${ns}`), ...sockets.map((s) => `socket ${s}`)];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  for (const s of sockets) rmSync(s, { force: true });
  const notes = problems.length > 0 ? `\n(teardown notes: ${problems.join("; ")})` : "";
  const detail =
    leftovers.length === 0
      ? `0 wireguard-go/zebra/bgpd/bfdd/probe processes, 0 namespaces with prefix ${plan.prefix}- and 0 WireGuard sockets remain${notes}`
      : `LEFT BEHIND: ${leftovers.join(", ")}${notes}`;
  return overlayCheck("teardown", leftovers.length === 0 ? "pass" : "fail", detail, seconds(start));
}

const skipped = (name: OverlayLabCheckName, why: string): OverlayLabCheck => overlayCheck(name, "skip", why, 0);

/** The checks in order; a check whose prerequisite failed is skipped with the reason. */
async function runChecks(rt: OverlayRuntime, options: RunOverlayLabOptions): Promise<OverlayLabCheck[]> {
  const { checks, passed, run: guard } = checkSequence(overlayCheck, rt);
  // Each check runs even when an earlier one failed where it can still tell something (a broken link
  // leaves the others up); only the route-dependent ones need the routes.
  await guard("wg-handshake", [], () => checkHandshakes(rt));
  await guard("bgp-sessions", [], () => checkBgpSessions(rt));
  await guard("bfd-up", [], () => checkBfd(rt));
  if (rt.spec.routeServer) await guard("route-server", [], () => checkRouteServer(rt));
  else checks.push(skipped("route-server", "not applicable: the VNet's routes are UDRs, not Route Server's"));
  await guard("bgp-prefixes", [], () => checkPrefixes(rt));
  await guard("ping", [], () => checkPing(rt));
  await guard("mtu", ["ping"], () => checkMtu(rt));
  await guard("mss-clamp", ["ping"], () => checkMssClamp(rt));
  if (options.skipFailover) {
    checks.push(skipped("failover", "skipped: turned off by the caller"), skipped("failover-restore", "skipped: turned off by the caller"));
  } else {
    const before = checks.length;
    await guard("failover", ["bgp-sessions", "bfd-up", "ping"], () => checkFailover(rt));
    if (checks.length === before + 1 && checks[before]?.status === "skip") checks.push(skipped("failover-restore", "skipped: failover did not run"));
    else if (!checks.some((c) => c.name === "failover-restore")) checks.push(overlayCheck("failover-restore", "fail", "not measured: the failover check errored", 0));
  }
  return checks;
}

/**
 * Runs a WireGuard overlay as rendered: every router's cloud-init files in a network namespace of its
 * own (wireguard-go, FRR, the sysctls, the MSS clamp), the VPC and VNet as bridges with hosts routed
 * as the clouds' route tables say, Route Server modelled when the overlay uses it, and a fragment-dropping
 * internet between them. Runs every check and always tears everything down (also on errors, SIGINT and
 * SIGTERM). Throws before creating anything for a spec that cannot run or a machine without the
 * prerequisites; after teardown if the lab could not be built or was interrupted.
 */
export async function runOverlayLab(spec: OverlayLabSpec, options: RunOverlayLabOptions = {}): Promise<OverlayLabReport> {
  const boots = readOverlayLabSpec(spec);
  assertLabPrerequisites(undefined, "overlay");
  const log = options.log ?? ((): void => undefined);
  const timeouts: OverlayLabTimeouts = { ...OVERLAY_LAB_TIMEOUTS, ...options.timeouts };
  const start = Date.now();
  const runId = await freshRunId();
  const plan = planOverlayLab(spec, boots, runId);
  const dir = mkdtempSync(join(tmpdir(), `crosscloud-overlay-lab-${runId}-`));
  // frr must traverse into its own subdirectories; nobody may list the run directory.
  chmodSync(dir, 0o711);

  const abort = new AbortController();
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted !== undefined) return;
    interrupted = signal;
    log(`received ${signal}: tearing down`);
    abort.abort(new LabInterruptedError(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const res: Resources = { namespaces: [], wireguard: [], frr: new Map(), routeServers: [], pids: [], secretFiles: [] };
  let checks: OverlayLabCheck[] = [];
  let setupSeconds = 0;
  let failure: unknown;
  try {
    await setUp(spec, plan, dir, timeouts, res, log);
    setupSeconds = seconds(start);
    const rt: OverlayRuntime = { spec, plan, dir, timeouts, signal: abort.signal, log, frr: res.frr, routeServers: res.routeServers, pids: res.pids, probe: writeTcpProbe(dir) };
    checks = await runChecks(rt, options);
  } catch (error) {
    failure = error;
  } finally {
    const teardownStart = Date.now();
    log("tearing down");
    const problems = await tearDown(plan, res, dir, options.keepWorkDir === true);
    checks.push(await leftoverCheck(plan, res, dir, problems, teardownStart));
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const teardown = checks[checks.length - 1];
  if (interrupted !== undefined) {
    if (process.listenerCount(interrupted) === 0) process.kill(process.pid, interrupted);
    throw new LabInterruptedError(interrupted);
  }
  if (failure !== undefined) {
    const message = failure instanceof Error ? failure.message : String(failure);
    const leftovers = teardown && teardown.status === "fail" ? ` (${teardown.detail})` : "";
    throw new Error(`overlay lab "${spec.name}" could not be built: ${message}${leftovers}`, { cause: failure });
  }
  const ordered = (Object.keys(OVERLAY_LAB_CHECKS) as OverlayLabCheckName[]).flatMap((name) => checks.filter((c) => c.name === name));
  const report: OverlayLabReport = {
    name: spec.name,
    runId,
    passed: ordered.every((c) => c.status !== "fail"),
    checks: ordered,
    negotiatedHoldTimeSeconds: {},
    setupSeconds,
    totalSeconds: seconds(start),
    notes: [
      `wireguard-go (userspace, over TUN) is the data plane: the kernel has no WireGuard module; throughput here is CPU-bound, not a cloud figure`,
      `interfaces run as wg${runId}<a|z><slot> (the rendered wg-aws-<slot>/wg-azure-<slot>): wireguard-go's sockets share /var/run/wireguard`,
    ],
  };
  return options.keepWorkDir === true ? { ...report, workDir: dir } : report;
}
