/**
 * The cross-cloud DNS lab (issue 14): real DNS servers (Debian's unbound) in network namespaces, configured
 * from the recorded CrossCloudDns rendering (lab/dns/from-graph.ts), resolving both ways across a routed
 * link that stands in for the tunnels (lab/dns/topology.ts). Checks: dns-aws-to-azure, dns-azure-to-aws,
 * dns-privatelink, dns-no-leak, teardown.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabReport } from "../checks/report";
import { BASE_ENV, BINARIES } from "../runtime/daemons";
import { LabInterruptedError, must, seconds } from "../runtime/exec";
import { assertLabPrerequisites } from "../runtime/prerequisites";
import { UnboundServer, startUnbound, withUnboundRun } from "../runtime/unbound";
import { listRunNamespaces } from "../topology/namespaces";
import { DnsLabCheck, DnsLabCheckName, DnsLabRuntime, checkAwsToAzure, checkAzureToAws, checkNoLeak, checkPrivateLink, dnsCheck } from "./checks";
import { QueryLog } from "./probes";
import { DnsServerRole, UnboundPaths, dnsServerRoles, renderServerFiles } from "./render";
import { CrossCloudDnsLabSpec, assertValidDnsLabSpec } from "./spec";
import { DnsLabTopology, allDnsNamespaces, createDnsTopology, planDnsTopology } from "./topology";

export interface DnsLabOptions {
  /** Progress lines. @default - silent */
  readonly log?: (message: string) => void;
  /** Keep the run directory (configurations, zone files, query logs). @default false */
  readonly keepWorkDir?: boolean;
  /** A deadline for each server to start. @default 10 */
  readonly serverStartSeconds?: number;
}

export type DnsLabReport = LabReport<DnsLabCheckName>;

interface Server extends UnboundServer {
  readonly role: DnsServerRole;
  readonly paths: UnboundPaths;
}

/** Route 53 (every VPC's Resolver and the inbound endpoint) in `r53`, Azure DNS and its inbound endpoint in `azdns`. */
function namespaceOf(topo: DnsLabTopology, role: DnsServerRole): string {
  if (role === "public") return topo.ns.inet;
  return role.startsWith("aws-") ? topo.ns.r53 : topo.ns.azdns;
}

function prepareServer(spec: CrossCloudDnsLabSpec, topo: DnsLabTopology, dir: string, role: DnsServerRole): Server {
  const sdir = join(dir, role);
  mkdirSync(sdir, { mode: 0o700 });
  const paths: UnboundPaths = { dir: sdir, pidFile: join(sdir, "unbound.pid"), logFile: join(sdir, "unbound.log"), controlSocket: join(sdir, "unbound.ctl") };
  for (const [file, text] of Object.entries(renderServerFiles(spec, role, paths))) writeFileSync(join(sdir, file), text, { mode: 0o600 });
  return { role, namespace: namespaceOf(topo, role), conf: join(sdir, "unbound.conf"), pidFile: paths.pidFile, paths };
}

/** A run id no namespace on this host uses yet. */
async function freshPrefix(): Promise<{ runId: string; prefix: string }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const runId = randomBytes(3).toString("hex");
    if ((await listRunNamespaces(`ccn${runId}`)).length === 0) return { runId, prefix: `ccn${runId}` };
  }
  throw new Error("could not find an unused lab run id");
}

/**
 * Brings up the cross-cloud DNS lab for one rendering, runs every check and tears everything down (also on
 * errors and SIGINT/SIGTERM). Throws before creating anything for a spec the lab cannot build or a machine
 * without root, unbound or dig; throws after teardown if the lab could not be built. A lab that was built
 * reports failures as checks.
 */
export async function runCrossCloudDnsLab(spec: CrossCloudDnsLabSpec, options: DnsLabOptions = {}): Promise<DnsLabReport> {
  assertValidDnsLabSpec(spec);
  assertLabPrerequisites(undefined, "dns");
  const log = options.log ?? ((): void => undefined);
  const start = Date.now();
  const { runId, prefix } = await freshPrefix();
  const topo = planDnsTopology(prefix, spec.awsSpokes.length);
  const dir = mkdtempSync(join(tmpdir(), `crosscloud-dns-${runId}-`));
  chmodSync(dir, 0o700);
  const checks: DnsLabCheck[] = [];
  let setupSeconds = 0;
  const teardown = await withUnboundRun({ label: `cross-cloud DNS lab for ${spec.name}`, prefix, dir, ...(options.keepWorkDir ? { keepWorkDir: true } : {}) }, async (run) => {
    const stopIfInterrupted = (): void => {
      const signal = run.interrupted();
      if (signal) throw new LabInterruptedError(signal);
    };
    await createDnsTopology(spec, topo, run.namespaces);
    const prepared = dnsServerRoles(spec).map((role) => prepareServer(spec, topo, dir, role));
    run.servers.push(...prepared);
    await Promise.all(prepared.map((s) => startUnbound(s, options.serverStartSeconds ?? 10)));
    setupSeconds = seconds(start);
    log(`dns: ${allDnsNamespaces(topo).length} namespaces and ${prepared.length} unbound servers up in ${setupSeconds} s (prefix ${prefix})`);
    stopIfInterrupted();
    const logs = Object.fromEntries(prepared.map((s) => [s.role, new QueryLog(s.paths.logFile)])) as Record<DnsServerRole, QueryLog>;
    const confs = Object.fromEntries(prepared.map((s) => [s.role, s.conf])) as Record<DnsServerRole, string>;
    const control = async (role: DnsServerRole, args: readonly string[]): Promise<void> => {
      const conf = confs[role];
      if (conf === undefined) throw new Error(`no DNS lab server ${role}`);
      await must(BINARIES.unboundControl, ["-c", conf, ...args], { env: BASE_ENV });
    };
    const rt: DnsLabRuntime = { spec, topo, logs, control };
    const steps = [
      ["dns-aws-to-azure", checkAwsToAzure],
      ["dns-azure-to-aws", checkAzureToAws],
      ["dns-privatelink", checkPrivateLink],
      ["dns-no-leak", checkNoLeak],
    ] as const;
    for (const [name, check] of steps) {
      stopIfInterrupted();
      const started = Date.now();
      // A lab that was built reports what went wrong as a failed check, and goes on to the next one.
      const result = await check(rt).catch((error: unknown) => dnsCheck(name, "fail", `error while checking: ${error instanceof Error ? error.message : String(error)}`, seconds(started)));
      log(`check ${result.name}: ${result.status}`);
      checks.push(result);
    }
  });
  checks.push(dnsCheck("teardown", teardown.passed ? "pass" : "fail", teardown.detail, teardown.seconds));
  const report: DnsLabReport = {
    name: `dns ${spec.name}`,
    runId,
    passed: checks.every((c) => c.status !== "fail"),
    checks,
    negotiatedHoldTimeSeconds: {},
    setupSeconds,
    totalSeconds: seconds(start),
    notes: spec.notes,
  };
  return options.keepWorkDir ? { ...report, workDir: dir } : report;
}
