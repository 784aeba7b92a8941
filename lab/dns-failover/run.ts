/**
 * The `dns-failover` lab check (issue 17, the private case), with real DNS servers (Debian's unbound) in
 * network namespaces, configured from the recorded graph (lab/dns-failover/from-graph.ts):
 *
 *   <p>-client ──► <p>-azdns: Azure DNS Private Resolver (inbound endpoint address; forwards the zone
 *   (an Azure VM)        │     to the rendered forwarding rule's targets, caching each answer its TTL)
 *                        ▼
 *                 <p>-r53: Route 53 (Resolver inbound endpoint addresses; the private hosted zone)
 *
 * What the lab stands in for, plainly:
 * - **CloudWatch**: alarm states are set directly (as `aws cloudwatch set-alarm-state` would), not
 *   computed from metrics;
 * - **Route 53's health checkers and its choice of record**: a small function here reads the alarm
 *   states, evaluates the rendered health checks (alarm-based and CALCULATED) and picks the record the
 *   way Route 53 documents (sdk/failover.ts), then rewrites the zone and reloads it at once.
 * So detection is instant here: the lab measures the DNS part of recovery (the TTL through a caching
 * resolver), and checks that the rendered wiring makes the standby take over only while it is reachable.
 * The detection part is the preview's worst-case estimate (alarm window), which no lab can shorten.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlarmState, isIpv4 } from "../../sdk";
import { LabCheck, LabReport, makeCheck } from "../checks/report";
import { LabInterruptedError, must, run, seconds, sleep } from "../runtime/exec";
import { BINARIES } from "../runtime/daemons";
import { assertLabPrerequisites } from "../runtime/prerequisites";
import { UnboundServer, startUnbound, withUnboundRun } from "../runtime/unbound";
import { renderAzureResolverConf, renderRoute53Conf, renderZoneFile, type UnboundPaths } from "./render";
import { DnsFailoverSpec, assertValidDnsFailoverSpec, expectedAnswer, recordAlarms } from "./spec";

/** The binaries this check runs (packages `unbound` and `bind9-dnsutils`; lab/runtime/prerequisites.ts checks them). */
const DNS_BINARIES = BINARIES;

/** Slack over the TTL for the measured flip: the poll interval and unbound's whole-second clock. */
export const DNS_FLIP_MARGIN_SECONDS = 2;
const POLL_MS = 250;

export interface DnsFailoverLabOptions {
  /** Progress lines. @default - silent */
  readonly log?: (message: string) => void;
  /** Keep the run directory (configs, zone file, logs). @default false */
  readonly keepWorkDir?: boolean;
}

interface Server extends UnboundServer {
  readonly role: "route53" | "azure";
  readonly paths: UnboundPaths;
  /** Writes the configuration (its directory must exist). */
  write(): void;
}

interface Answer {
  readonly address: string | undefined;
  readonly ttl: number | undefined;
}

const BASE_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };
const ip = (args: readonly string[]): Promise<string> => must("ip", args);
const nsSysctl = (ns: string, key: string, value: string): Promise<string> => must("ip", ["netns", "exec", ns, "sh", "-c", `echo ${value} > /proc/sys/${key.replace(/\./g, "/")}`]);

/** An address for the lab's client VM: beside the Azure resolver's address, on none of the servers'. */
export function clientAddress(spec: DnsFailoverSpec): string {
  const [a, b, c] = spec.azureResolverIp.split(".");
  const taken = new Set([spec.azureResolverIp, ...spec.route53InboundIps]);
  for (let host = 250; host > 1; host--) {
    const candidate = `${a}.${b}.${c}.${host}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`no free client address beside ${spec.azureResolverIp}`);
}

async function createTopology(spec: DnsFailoverSpec, prefix: string, created: string[]): Promise<{ r53: string; azdns: string; client: string; clientIp: string }> {
  const names = { r53: `${prefix}-r53`, azdns: `${prefix}-azdns`, client: `${prefix}-client` };
  for (const ns of Object.values(names)) {
    await ip(["netns", "add", ns]);
    created.push(ns);
    await ip(["-n", ns, "link", "set", "lo", "up"]);
    await nsSysctl(ns, "net.ipv4.conf.all.rp_filter", "0");
  }
  const clientIp = clientAddress(spec);
  // Route 53 ⇄ Azure resolver: each end's addresses as /32s with routes to the other's.
  await ip(["-n", names.r53, "link", "add", "to-az", "type", "veth", "peer", "name", "to-r53", "netns", names.azdns]);
  for (const a of spec.route53InboundIps) await ip(["-n", names.r53, "addr", "add", `${a}/32`, "dev", "to-az"]);
  await ip(["-n", names.r53, "link", "set", "to-az", "up"]);
  await ip(["-n", names.r53, "route", "add", `${spec.azureResolverIp}/32`, "dev", "to-az"]);
  await ip(["-n", names.azdns, "addr", "add", `${spec.azureResolverIp}/32`, "dev", "to-r53"]);
  await ip(["-n", names.azdns, "link", "set", "to-r53", "up"]);
  for (const a of spec.route53InboundIps) await ip(["-n", names.azdns, "route", "add", `${a}/32`, "dev", "to-r53"]);
  // Client ⇄ Azure resolver.
  await ip(["-n", names.azdns, "link", "add", "to-client", "type", "veth", "peer", "name", "to-az", "netns", names.client]);
  await ip(["-n", names.azdns, "link", "set", "to-client", "up"]);
  await ip(["-n", names.azdns, "route", "add", `${clientIp}/32`, "dev", "to-client"]);
  await ip(["-n", names.client, "addr", "add", `${clientIp}/32`, "dev", "to-az"]);
  await ip(["-n", names.client, "link", "set", "to-az", "up"]);
  await ip(["-n", names.client, "route", "add", `${spec.azureResolverIp}/32`, "dev", "to-az"]);
  return { ...names, clientIp };
}

function prepareServer(dir: string, role: Server["role"], namespace: string, render: (paths: UnboundPaths) => string): Server {
  const sdir = join(dir, role);
  const paths: UnboundPaths = { dir: sdir, pidFile: join(sdir, "unbound.pid"), logFile: join(sdir, "unbound.log"), controlSocket: join(sdir, "unbound.ctl") };
  const conf = join(sdir, "unbound.conf");
  return { role, namespace, conf, pidFile: paths.pidFile, paths, write: () => writeFileSync(conf, render(paths), { mode: 0o600 }) };
}

/** One `dig` from `namespace` to `server` for the record; the address and TTL of the A answer. */
async function query(namespace: string, server: string, name: string): Promise<Answer> {
  const result = await run("ip", ["netns", "exec", namespace, DNS_BINARIES.dig, `@${server}`, name, "A", "+noall", "+answer", "+tries=1", "+time=2"], { env: BASE_ENV, timeoutMs: 5000 });
  const line = result.stdout.split("\n").find((l) => /\sIN\s+A\s/.test(l));
  const parts = line?.trim().split(/\s+/) ?? [];
  const address = parts[4];
  return { address: address !== undefined && isIpv4(address) ? address : undefined, ttl: parts[1] !== undefined ? Number(parts[1]) : undefined };
}

/** The stand-in for CloudWatch alarm states and Route 53's health evaluation and answer. */
class Route53StandIn {
  private serial = 1;
  readonly alarms = new Map<string, AlarmState>();
  constructor(
    private readonly spec: DnsFailoverSpec,
    private readonly server: Server,
    private readonly zoneFile: string,
  ) {
    for (const a of [...recordAlarms(spec.primary), ...recordAlarms(spec.secondary)]) this.alarms.set(a, AlarmState.Ok);
  }

  /** The zone file for the current alarm states (written before the server starts). */
  writeZone(): string {
    const answer = expectedAnswer(this.spec, this.alarms);
    const tmp = `${this.zoneFile}.new`;
    writeFileSync(tmp, renderZoneFile(this.spec, answer, this.serial++));
    renameSync(tmp, this.zoneFile);
    return answer;
  }

  /** Sets alarm states, re-evaluates the health checks and reloads the zone; returns the new answer. */
  async set(states: Readonly<Record<string, AlarmState>>): Promise<string> {
    for (const [name, state] of Object.entries(states)) this.alarms.set(name, state);
    const answer = this.writeZone();
    await must(DNS_BINARIES.unboundControl, ["-c", this.server.conf, "auth_zone_reload", `${this.spec.zone}.`], { env: BASE_ENV });
    return answer;
  }
}

const all = (names: readonly string[], state: AlarmState): Record<string, AlarmState> => Object.fromEntries(names.map((n) => [n, state]));

/** The check itself: answers served, the standby gate, and the timed flip through the caching resolver. */
async function dnsFailoverCheck(
  spec: DnsFailoverSpec,
  topo: { r53: string; azdns: string; client: string },
  r53: Route53StandIn,
  azure: Server,
  log: (m: string) => void,
): Promise<LabCheck> {
  const started = Date.now();
  const lines: string[] = [];
  const fail = (why: string): LabCheck => makeCheck("dns-failover", "fail", [...lines, `FAILED: ${why}`].join("\n"), seconds(started));
  const direct = () => query(topo.azdns, spec.route53InboundIps[0] as string, spec.recordName);
  const viaAzure = () => query(topo.client, spec.azureResolverIp, spec.recordName);
  const primaryAlarms = recordAlarms(spec.primary);
  const standbyAlarms = recordAlarms(spec.secondary).filter((a) => !primaryAlarms.includes(a));
  const p = spec.primary.value;
  const s = spec.secondary.value;

  // 1. Served as rendered: Route 53 answers the primary with the rendered TTL, and Azure clients get it through the forwarding.
  const first = await direct();
  if (first.address !== p || first.ttl !== spec.ttl) return fail(`Route 53 stand-in answered ${first.address ?? "nothing"} TTL ${first.ttl ?? "-"}, expected ${p} TTL ${spec.ttl}`);
  const azureFirst = await viaAzure();
  if (azureFirst.address !== p) return fail(`an Azure client got ${azureFirst.address ?? "no answer"} through ${spec.azureResolverIp}, expected ${p}`);
  lines.push(`served: ${spec.recordName} A ${p} TTL ${spec.ttl} from Route 53 (${spec.route53InboundIps.join(", ")}), reached by Azure clients via ${spec.azureResolverIp} → ${spec.azureForwardTargets.join(", ")}`);

  // 2. The standby takes over only while reachable (checked at Route 53, where no cache hides the answer).
  if (standbyAlarms.length > 0) {
    let got = await r53.set({ ...all(primaryAlarms, AlarmState.Alarm), ...all(standbyAlarms, AlarmState.Alarm) });
    const unreachable = await direct();
    if (unreachable.address !== p) return fail(`with the primary's alarm and every standby alarm (${standbyAlarms.join(", ")}) in ALARM, Route 53 answered ${unreachable.address ?? "nothing"}; it keeps the primary when the secondary is unhealthy`);
    got = await r53.set(all(standbyAlarms, AlarmState.Ok));
    const reachable = await direct();
    if (reachable.address !== s) return fail(`with the primary's alarm in ALARM and the standby's (${standbyAlarms.join(", ")}) OK, Route 53 answered ${reachable.address ?? "nothing"} (stand-in chose ${got}), expected the secondary ${s}`);
    lines.push(`standby gate: primary down + standby alarms (${standbyAlarms.join(", ")}) in ALARM → ${p}; standby alarms OK → ${s}`);
  } else {
    lines.push("standby gate: the secondary has no health check, so Route 53 always counts it healthy (not exercised)");
  }
  const restored = await r53.set(all(primaryAlarms, AlarmState.Ok));
  if (restored !== p || (await direct()).address !== p) return fail(`after the primary's alarm returned to OK, Route 53 did not answer ${p}`);

  // 3. The timed flip: an Azure client's resolver holds the primary for at most one TTL after the alarm fires.
  // Its cache is emptied first, so the answer it holds is fresh: the worst case, a whole TTL.
  await must(DNS_BINARIES.unboundControl, ["-c", azure.conf, "flush", spec.recordName], { env: BASE_ENV });
  const cached = await viaAzure();
  if (cached.address !== p) return fail(`before the alarm, an Azure client got ${cached.address ?? "nothing"}, expected ${p}`);
  const t0 = Date.now();
  await r53.set(all(primaryAlarms, AlarmState.Alarm));
  log(`dns-failover: ${primaryAlarms.join(", ")} → ALARM; the Azure resolver holds ${p} for up to ${cached.ttl ?? spec.ttl} s more`);
  let last: Answer = cached;
  const flip = await (async () => {
    const deadline = t0 + (spec.ttl + DNS_FLIP_MARGIN_SECONDS + 5) * 1000;
    for (;;) {
      // Timed from when the query was sent, so dig's own round trip (slow on a loaded machine) is not counted.
      const sent = Date.now();
      last = await viaAzure();
      if (last.address === s) return (sent - t0) / 1000;
      if (last.address !== p) return undefined;
      if (Date.now() > deadline) return undefined;
      await sleep(POLL_MS);
    }
  })();
  if (flip === undefined) return fail(`after ${seconds(t0)} s the Azure client still got ${last.address ?? "no answer"}, never ${s}`);
  const bound = spec.ttl + DNS_FLIP_MARGIN_SECONDS;
  lines.push(
    `flip: ${primaryAlarms.join(", ")} → ALARM; an Azure client got ${s} after ${flip.toFixed(2)} s (its resolver's cached answer had ${cached.ttl ?? "?"} s left; bound TTL ${spec.ttl} s + ${DNS_FLIP_MARGIN_SECONDS} s), first answer TTL ${last.ttl ?? "?"}`,
    "stand-ins: CloudWatch alarm states are set directly and Route 53's health evaluation is instant, so this measures the TTL part of recovery; detection is the preview's alarm-window estimate",
  );
  await r53.set(all(primaryAlarms, AlarmState.Ok));
  if (flip > bound) return fail(`the flip took ${flip.toFixed(2)} s, more than TTL ${spec.ttl} s + ${DNS_FLIP_MARGIN_SECONDS} s`);
  // The other way round the lab would prove nothing: a resolver that does not hold answers for their TTL.
  if (cached.ttl !== undefined && flip < cached.ttl - DNS_FLIP_MARGIN_SECONDS) return fail(`the flip came after ${flip.toFixed(2)} s, before the ${cached.ttl} s the resolver should have held the answer`);
  return makeCheck("dns-failover", "pass", lines.join("\n"), flip);
}

/**
 * Runs the `dns-failover` check for one record pair and tears everything down (also on errors and
 * SIGINT/SIGTERM). Throws before creating anything for a spec the lab cannot run or a machine without
 * root, unbound or dig.
 */
export async function runDnsFailoverLab(spec: DnsFailoverSpec, options: DnsFailoverLabOptions = {}): Promise<LabReport> {
  assertValidDnsFailoverSpec(spec);
  assertLabPrerequisites(undefined, "dns");
  const log = options.log ?? ((): void => undefined);
  const start = Date.now();
  const runId = randomBytes(3).toString("hex");
  const prefix = `ccd${runId}`;
  const dir = mkdtempSync(join(tmpdir(), `crosscloud-dnslab-${runId}-`));
  chmodSync(dir, 0o700);
  const checks: LabCheck[] = [];
  let setupSeconds = 0;
  const teardown = await withUnboundRun({ label: `dns-failover lab for ${spec.recordName}`, prefix, dir, ...(options.keepWorkDir ? { keepWorkDir: true } : {}) }, async (run) => {
    const topo = await createTopology(spec, prefix, run.namespaces);
    const zoneFile = join(dir, "route53", "zone.txt");
    const route53 = prepareServer(dir, "route53", topo.r53, (paths) => renderRoute53Conf(spec, paths, zoneFile));
    const azure = prepareServer(dir, "azure", topo.azdns, (paths) => renderAzureResolverConf(spec, paths));
    for (const s of [route53, azure]) {
      mkdirSync(s.paths.dir, { mode: 0o700 });
      s.write();
    }
    const standIn = new Route53StandIn(spec, route53, zoneFile);
    standIn.writeZone();
    for (const s of [route53, azure]) {
      run.servers.push(s);
      await startUnbound(s, 10);
    }
    setupSeconds = seconds(start);
    log(`dns-failover: unbound up as Route 53 (${topo.r53}) and the Azure resolver (${topo.azdns}); client ${topo.clientIp}`);
    const signal = run.interrupted();
    if (signal) throw new LabInterruptedError(signal);
    checks.push(await dnsFailoverCheck(spec, topo, standIn, azure, log));
  });
  checks.push(makeCheck("teardown", teardown.passed ? "pass" : "fail", teardown.detail, teardown.seconds));
  const report: LabReport = {
    name: `dns-failover ${spec.recordName}`,
    runId,
    passed: checks.every((c) => c.status !== "fail"),
    checks,
    negotiatedHoldTimeSeconds: {},
    setupSeconds,
    totalSeconds: seconds(start),
    notes: [],
  };
  return options.keepWorkDir ? { ...report, workDir: dir } : report;
}
