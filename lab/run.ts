import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCapabilities } from "./render/capabilities";
import { checkIpsec } from "./checks/ipsec";
import { checkBgpPrefixes, checkBgpSessions, checkDefaultRoute, checkPing, checkPreferredPath } from "./checks/bgp";
import { checkFailover } from "./checks/failover";
import { CharonHandle, FrrHandle, frrIds, loadSwanctl, startCharon, startFrrDaemon, stopCharon, stopFrr } from "./runtime/daemons";
import { LabInterruptedError, seconds } from "./runtime/exec";
import { LabPlan, SIDES, Side, planLab } from "./topology/plan";
import { assertLabPrerequisites, installedCharonPlugins } from "./runtime/prerequisites";
import { findProcesses, isAlive } from "./runtime/processes";
import { renderFrrConfigs } from "./render/frr";
import { renderStrongswanConf, renderSwanctlConf } from "./render/strongswan";
import { LAB_CHECKS, LabCheck, LabCheckName, LabReport, makeCheck } from "./checks/report";
import { DEFAULT_TIMEOUTS, LabRuntime, LabTimeouts, TunnelDaemons } from "./runtime/context";
import { LabSpec } from "./spec/spec";
import { adoptTunnelDevice, createTopology, deleteNamespaces, listRunNamespaces } from "./topology/namespaces";
import { assertValidLabSpec } from "./spec/validate";
import { createInterconnect, cutInterconnect } from "./interconnect/topology";
import { checkInterconnectBgp, checkInterconnectFailover, checkInterconnectPreferred, checkInterconnectRestore } from "./interconnect/checks";
import { checkEcmp, checkEcmpFailover } from "./checks/ecmp";
import { interconnectHandles, prepareInterconnectFrr, startInterconnectFrr } from "./interconnect/daemons";
import { InterconnectFrr } from "./runtime/context";
import { checkSequence } from "./checks/sequence";

export interface RunLabOptions {
  /** Override any deadline. @default - `DEFAULT_TIMEOUTS` */
  readonly timeouts?: Partial<LabTimeouts>;
  /**
   * Checks to leave out (reported as skipped). Only "default-route-filtered" and "failover" (which
   * takes "failover-restore" with it) are optional; the others are what the lab is for.
   * @default [] (run everything that applies)
   */
  readonly skip?: readonly ("default-route-filtered" | "failover")[];
  /** Keep the run directory (logs, rendered configs; pre-shared keys are deleted anyway). @default false */
  readonly keepWorkDir?: boolean;
  /** Progress lines. @default - silent */
  readonly log?: (message: string) => void;
}

// node: the UDP flow probes (their program lives in the run directory).
const DAEMON_NAMES = ["charon", "zebra", "bgpd", "bfdd", "node"] as const;

/** A run id no namespace on this host uses yet; it prefixes every name the run creates. */
async function freshRunId(): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = randomBytes(3).toString("hex");
    if ((await listRunNamespaces(`ccl${id}`)).length === 0) return id;
  }
  throw new Error("could not find an unused lab run id");
}

interface Resources {
  readonly namespaces: string[];
  readonly charons: Map<string, TunnelDaemons>;
  frr?: { aws: FrrHandle; azure: FrrHandle };
  interconnectFrr?: InterconnectFrr;
  readonly secretFiles: string[];
  /** Things the run learned about this machine (e.g. a VLAN carried untagged). */
  readonly notes: string[];
  readonly probePids: number[];
  readonly figures: string[];
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600, flag: "wx" });
}

function prepareCharon(dir: string, plan: LabPlan, spec: LabSpec, key: string, side: Side, setup: ReturnType<typeof resolveCapabilities>, secrets: string[]): CharonHandle {
  const tunnel = plan.tunnels.find((t) => t.key === key);
  const charon = setup.charons.get(key)?.[side];
  if (!tunnel || !charon) throw new Error(`no plan for tunnel ${key}`);
  const cdir = join(dir, `charon-${side}-${key}`);
  mkdirSync(join(cdir, "run"), { recursive: true, mode: 0o700 });
  chmodSync(cdir, 0o700);
  const handle: CharonHandle = {
    key,
    side,
    namespace: tunnel[side].namespace,
    dir: cdir,
    strongswanConf: join(cdir, "strongswan.conf"),
    swanctlConf: join(cdir, "swanctl.conf"),
    viciSocket: join(cdir, "charon.vici"),
    logFile: join(cdir, "charon.log"),
  };
  writePrivate(handle.strongswanConf, renderStrongswanConf({ viciSocket: handle.viciSocket, logFile: handle.logFile }, charon.plugins));
  secrets.push(handle.swanctlConf);
  writePrivate(handle.swanctlConf, renderSwanctlConf(spec, key, side, { proposals: charon.proposals, deferStart: true }));
  return handle;
}

function prepareFrr(dir: string, plan: LabPlan, spec: LabSpec, side: Side): FrrHandle {
  const fdir = join(dir, `frr-${side}`);
  mkdirSync(fdir, { mode: 0o750 });
  const configs = renderFrrConfigs(spec, side, { logDir: fdir });
  writeFileSync(join(fdir, "zebra.conf"), configs.zebra, { mode: 0o640 });
  writeFileSync(join(fdir, "bgpd.conf"), configs.bgpd, { mode: 0o640 });
  if (configs.bfdd !== undefined) writeFileSync(join(fdir, "bfdd.conf"), configs.bfdd, { mode: 0o640 });
  const { uid, gid } = frrIds();
  for (const file of ["", "zebra.conf", "bgpd.conf", ...(configs.bfdd !== undefined ? ["bfdd.conf"] : [])]) {
    chownSync(join(fdir, file), uid, gid);
  }
  return { side, namespace: plan.routers[side].namespace, dir: fdir, daemons: [] };
}

async function setUp(runtime: Omit<LabRuntime, "frr" | "charons" | "tunnelsStartedAt">, res: Resources, setup: ReturnType<typeof resolveCapabilities>): Promise<void> {
  const { plan, spec, dir, timeouts, log } = runtime;
  await createTopology(plan, res.namespaces);
  if (plan.interconnect) res.notes.push(...(await createInterconnect(plan.interconnect, res.namespaces)));
  log(`namespaces and links up (${res.namespaces.length} namespaces, prefix ${plan.prefix})`);
  for (const tunnel of plan.tunnels) {
    const daemons: TunnelDaemons = {
      aws: prepareCharon(dir, plan, spec, tunnel.key, "aws", setup, res.secretFiles),
      azure: prepareCharon(dir, plan, spec, tunnel.key, "azure", setup, res.secretFiles),
    };
    res.charons.set(tunnel.key, daemons);
    for (const side of SIDES) {
      await startCharon(daemons[side], timeouts.daemonStartSeconds);
      await adoptTunnelDevice(tunnel, tunnel[side], plan.routers[side], timeouts.daemonStartSeconds);
    }
  }
  log(`${plan.tunnels.length * 2} charons up, tunnel devices moved into the routers`);
  const frr = { aws: prepareFrr(dir, plan, spec, "aws"), azure: prepareFrr(dir, plan, spec, "azure") };
  res.frr = frr;
  for (const side of SIDES) {
    const daemons = spec.bfd === true ? (["zebra", "bfdd", "bgpd"] as const) : (["zebra", "bgpd"] as const);
    for (const daemon of daemons) await startFrrDaemon(frr[side], daemon, timeouts.daemonStartSeconds);
  }
  log("FRR up in both routers");
  if (plan.interconnect) {
    res.interconnectFrr = prepareInterconnectFrr(dir, spec, plan.interconnect);
    await startInterconnectFrr(res.interconnectFrr, timeouts.daemonStartSeconds);
    log("FRR up in the DX gateway, the provider router and the MSEE");
  }
  // Every gateway learns its peer before any initiates: staged configs (no start action) first.
  for (const daemons of res.charons.values()) for (const side of SIDES) await loadSwanctl(daemons[side]);
}

/** Replaces each staged swanctl.conf with the real one and loads it; start actions fire now. Returns when loaded. */
async function startTunnels(spec: LabSpec, res: Resources, setup: ReturnType<typeof resolveCapabilities>): Promise<number> {
  for (const daemons of res.charons.values()) {
    for (const side of SIDES) {
      const handle = daemons[side];
      const charon = setup.charons.get(handle.key)?.[side];
      if (!charon) throw new Error(`no setup for ${handle.key}`);
      writeFileSync(handle.swanctlConf, renderSwanctlConf(spec, handle.key, side, { proposals: charon.proposals }), { mode: 0o600 });
    }
  }
  const loadedAt = Date.now();
  await Promise.all([...res.charons.values()].flatMap((d) => SIDES.map((side) => loadSwanctl(d[side]))));
  return loadedAt;
}

/**
 * Stops everything in the order lab.md paid for: Azure charons first (they re-initiate on close),
 * then AWS charons, then FRR, and only then the namespaces (deleting a namespace under a live
 * charon destroys its TUN device and spins charon at 100% CPU). Never throws; returns problems.
 */
async function tearDown(plan: LabPlan, res: Resources, dir: string, keepWorkDir: boolean): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  const note = (p: string | undefined): void => {
    if (p !== undefined) problems.push(p);
  };
  for (const side of ["azure", "aws"] as const) {
    const stopped = await Promise.all([...res.charons.values()].map((d) => stopCharon(d[side])));
    stopped.forEach(note);
  }
  // Probe processes still running: only those whose command line names this run's directory (a pid may be reused).
  const probes = new Set(findProcesses(["node", "ip"], dir).map((p) => p.pid));
  for (const pid of res.probePids.filter((p) => probes.has(p))) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (res.frr) {
    for (const side of SIDES) (await stopFrr(res.frr[side])).forEach(note);
  }
  for (const handle of interconnectHandles(res.interconnectFrr)) (await stopFrr(handle)).forEach(note);
  const namespaces = [...new Set([...res.namespaces, ...(await listRunNamespaces(plan.prefix))])];
  const undeleted = await deleteNamespaces(namespaces);
  undeleted.forEach((ns) => problems.push(`namespace ${ns} could not be deleted`));
  for (const file of res.secretFiles) rmSync(file, { force: true });
  if (!keepWorkDir) rmSync(dir, { recursive: true, force: true });
  return { problems };
}

/** Check 4 of the brief: nothing of this run may survive it. */
async function leftoverCheck(plan: LabPlan, res: Resources, dir: string, teardownProblems: readonly string[], start: number): Promise<LabCheck> {
  const processes = findProcesses(DAEMON_NAMES, dir);
  const tracked = [...res.charons.values()].flatMap((d) => [d.aws.pid, d.azure.pid]).filter((p): p is number => p !== undefined && isAlive(p));
  const pids = new Set([...processes.map((p) => p.pid), ...tracked]);
  const namespaces = await listRunNamespaces(plan.prefix);
  const leftovers = [
    ...[...pids].map((pid) => `process ${pid} (${processes.find((p) => p.pid === pid)?.comm ?? "charon"})`),
    ...namespaces.map((ns) => `namespace ${ns}`),
  ];
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  const detail =
    leftovers.length === 0
      ? `0 charon/zebra/bgpd/bfdd processes and 0 namespaces with prefix ${plan.prefix}- remain${teardownProblems.length ? `\n(teardown notes: ${teardownProblems.join("; ")})` : ""}`
      : `LEFT BEHIND: ${leftovers.join(", ")}${teardownProblems.length ? `\n(teardown: ${teardownProblems.join("; ")})` : ""}`;
  return makeCheck("teardown", leftovers.length === 0 ? "pass" : "fail", detail, seconds(start));
}

const skipped = (name: LabCheckName, why: string): LabCheck => makeCheck(name, "skip", why, 0);

/** Runs the remaining checks in order; a check whose prerequisite failed is skipped with the reason. */
async function runChecks(runtime: LabRuntime, options: RunLabOptions, holds: Record<string, number>, start: number): Promise<LabCheck[]> {
  const { checks, passed, run: guard } = checkSequence(makeCheck, runtime);

  await guard("ipsec-sas", [], () => checkIpsec(runtime));
  const ipsecOk: LabCheckName[] = ["ipsec-sas", "ipsec-rekey", "ike-auth", "ike-proposals"];
  await guard("bgp-sessions", ipsecOk, async () => {
    const { check, holds: h } = await checkBgpSessions(runtime);
    Object.assign(holds, h);
    return check;
  });
  await guard("bgp-prefixes", ["bgp-sessions"], () => checkBgpPrefixes(runtime));
  const ic = runtime.plan.interconnect;
  const ready = (what: string): void => {
    runtime.figures.push(`bring-up: ${what} ${seconds(start).toFixed(1)} s after the run started (namespaces, daemons, IKE, BGP${runtime.spec.bfd || ic ? ", BFD" : ""}; target ≤ 10 s)`);
  };
  if (!ic && passed("bgp-prefixes")) ready("tunnels up and routes exchanged");
  if (ic) {
    // The interconnect first, with everything up; then it is cut, and the VPN checks run over the backup path.
    await guard("interconnect-bgp", [], () => checkInterconnectBgp(runtime));
    if (passed("interconnect-bgp") && passed("bgp-prefixes")) ready("tunnels and interconnect up, routes exchanged");
    await guard("interconnect-preferred", ["interconnect-bgp", "bgp-prefixes"], () => checkInterconnectPreferred(runtime));
  }
  if (options.skip?.includes("default-route-filtered")) checks.push(skipped("default-route-filtered", "skipped: turned off by the caller"));
  else await guard("default-route-filtered", ["bgp-sessions"], () => checkDefaultRoute(runtime));
  if (ic) {
    await guard("interconnect-failover", ["interconnect-preferred"], () => checkInterconnectFailover(runtime));
    // The VPN's own checks need the interconnect out of the way, whether or not its failover could be timed.
    await cutInterconnect(ic);
  }
  const path: LabCheckName = runtime.plan.ecmp ? "ecmp" : "preferred-path";
  checks.push(skipped(runtime.plan.ecmp ? "preferred-path" : "ecmp", runtime.plan.ecmp ? "not applicable: ECMP over every tunnel (TGW vpnEcmpSupport, active-active gateway)" : "not applicable: one preferred tunnel (no ECMP rendered)"));
  await guard(path, ["bgp-prefixes"], () => (runtime.plan.ecmp ? checkEcmp(runtime) : checkPreferredPath(runtime)));
  await guard("ping", ["bgp-prefixes"], () => checkPing(runtime));

  if (runtime.plan.tunnels.length < 2) {
    checks.push(skipped("failover", "not applicable: needs at least 2 tunnels"), skipped("failover-restore", "not applicable: needs at least 2 tunnels"));
  } else if (options.skip?.includes("failover")) {
    checks.push(skipped("failover", "skipped: turned off by the caller"), skipped("failover-restore", "skipped: turned off by the caller"));
  } else {
    const before = checks.length;
    await guard("failover", [path, "ping"], () => (runtime.plan.ecmp ? checkEcmpFailover(runtime) : checkFailover(runtime)));
    if (checks.length === before + 1 && checks[before]?.status === "skip") checks.push(skipped("failover-restore", "skipped: failover did not run"));
    else if (!checks.some((c) => c.name === "failover-restore")) checks.push(makeCheck("failover-restore", "fail", "not measured: the failover check errored", 0));
  }
  if (ic) await guard("interconnect-restore", ["interconnect-failover"], () => checkInterconnectRestore(runtime));
  else {
    const why = runtime.spec.interconnect ? `not applicable: interconnect ${runtime.spec.interconnect.name} has no rendered ExpressRoute connection yet (providerProvisioned: false), so nothing crosses it` : "not applicable: no interconnect rendered";
    for (const name of ["interconnect-bgp", "interconnect-preferred", "interconnect-failover", "interconnect-restore"] as const) checks.push(skipped(name, why));
  }
  return checks;
}

/**
 * Builds the emulated AWS and Azure gateways for `spec` in fresh network namespaces, runs every
 * check, and always tears everything down again (also on errors and on SIGINT/SIGTERM).
 *
 * Throws before creating anything for an invalid spec (`LabSpecError`), a machine that cannot run
 * the lab (`LabPrerequisiteError`) or an Azure policy the installed strongSwan cannot emulate
 * (`LabUnsupportedError`). Throws after teardown if the lab could not be built or was interrupted.
 * A lab that was built reports failures as checks, never as exceptions.
 */
export async function runLab(spec: LabSpec, options: RunLabOptions = {}): Promise<LabReport> {
  assertValidLabSpec(spec);
  assertLabPrerequisites();
  const setup = resolveCapabilities(spec, installedCharonPlugins());
  const log = options.log ?? ((): void => undefined);
  const timeouts: LabTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const start = Date.now();
  const runId = await freshRunId();
  const plan = planLab(spec, runId);
  const dir = mkdtempSync(join(tmpdir(), `crosscloud-lab-${runId}-`));
  // frr must traverse into its own subdirectory; nobody may list the run directory.
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

  const res: Resources = { namespaces: [], charons: new Map(), secretFiles: [], notes: [], probePids: [], figures: [] };
  const holds: Record<string, number> = {};
  let checks: LabCheck[] = [];
  let setupSeconds = 0;
  let failure: unknown;
  try {
    const base = { spec, plan, dir, timeouts, signal: abort.signal, log, probePids: res.probePids, figures: res.figures };
    await setUp(base, res, setup);
    setupSeconds = seconds(start);
    if (!res.frr) throw new Error("FRR did not start");
    const tunnelsStartedAt = await startTunnels(spec, res, setup);
    log("tunnel configurations loaded: gateways negotiating");
    checks = await runChecks({ ...base, charons: res.charons, frr: res.frr, ...(res.interconnectFrr ? { interconnectFrr: res.interconnectFrr } : {}), tunnelsStartedAt }, options, holds, start);
  } catch (error) {
    failure = error;
  } finally {
    const teardownStart = Date.now();
    log("tearing down");
    const { problems } = await tearDown(plan, res, dir, options.keepWorkDir === true);
    checks.push(await leftoverCheck(plan, res, dir, problems, teardownStart));
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const teardown = checks[checks.length - 1];
  if (interrupted !== undefined) {
    // Hand the signal back to the process now that nothing is left behind.
    if (process.listenerCount(interrupted) === 0) process.kill(process.pid, interrupted);
    throw new LabInterruptedError(interrupted);
  }
  if (failure !== undefined) {
    const message = failure instanceof Error ? failure.message : String(failure);
    const leftovers = teardown && teardown.status === "fail" ? ` (${teardown.detail})` : "";
    throw new Error(`lab "${spec.name}" could not be built: ${message}${leftovers}`, { cause: failure });
  }
  const ordered = (Object.keys(LAB_CHECKS) as LabCheckName[]).flatMap((name) => checks.filter((c) => c.name === name));
  const report: LabReport = {
    name: spec.name,
    runId,
    passed: ordered.every((c) => c.status !== "fail"),
    checks: ordered,
    negotiatedHoldTimeSeconds: holds,
    setupSeconds,
    totalSeconds: seconds(start),
    notes: [...setup.notes, ...res.notes],
    ...(res.figures.length > 0 ? { figures: res.figures } : {}),
  };
  return options.keepWorkDir === true ? { ...report, workDir: dir } : report;
}
