import { LabCheck, makeCheckOf } from "../checks/report";
import { BINARIES } from "../runtime/daemons";
import { must, seconds, sleep } from "../runtime/exec";
import { DigResult, QueryLog, dig, finalAddress } from "./probes";
import type { DnsServerRole } from "./render";
import type { CrossCloudDnsLabSpec, DnsLabProbe } from "./spec";
import type { DnsLabTopology } from "./topology";

/** The cross-cloud DNS lab's checks. */
export const DNS_LAB_CHECKS = {
  "dns-aws-to-azure": "an AWS VM resolves a name in each Azure zone Route 53 forwards, the query crossing to the Azure inbound endpoint",
  "dns-azure-to-aws": "an Azure VM resolves a name in each AWS zone Azure forwards, the query crossing to the Route 53 inbound endpoint",
  "dns-privatelink": "from AWS, acct.<public zone> resolves to the private endpoint through Azure's CNAME into the linked privatelink zone",
  "dns-no-leak": "names beside the forwarded zones never reach the other cloud's inbound endpoint",
  teardown: "no unbound process or namespace of the run remains",
} as const;
export type DnsLabCheckName = keyof typeof DNS_LAB_CHECKS;
export type DnsLabCheck = LabCheck<DnsLabCheckName>;
export const dnsCheck = (name: DnsLabCheckName, status: "pass" | "fail" | "skip", detail: string, secs: number): DnsLabCheck => makeCheckOf(DNS_LAB_CHECKS, name, status, detail, secs);

export interface DnsLabRuntime {
  readonly spec: CrossCloudDnsLabSpec;
  readonly topo: DnsLabTopology;
  readonly logs: Readonly<Record<DnsServerRole, QueryLog>>;
  /** Runs `unbound-control` against one server. */
  readonly control: (role: DnsServerRole, args: readonly string[]) => Promise<void>;
}

/** How long a query may take to show up in a server's log after the client got its answer. */
const LOG_DEADLINE_MS = 2000;

/** Waits (up to LOG_DEADLINE_MS) for `log` to show `name` asked by one of `clients`; the client that asked, if any. */
async function crossedFrom(log: QueryLog, name: string, clients: readonly string[]): Promise<string | undefined> {
  const deadline = Date.now() + LOG_DEADLINE_MS;
  for (;;) {
    const hit = log.since().find((q) => q.name === name && clients.includes(q.client));
    if (hit || Date.now() >= deadline) return hit?.client;
    await sleep(50);
  }
}

const describe = (r: DigResult): string => (r.answers.length === 0 ? r.status : `${r.status} ${r.answers.map((a) => `${a.type} ${a.value}`).join(" → ")}`);

interface Direction {
  readonly check: "dns-aws-to-azure" | "dns-azure-to-aws";
  readonly from: "aws" | "azure";
}

/** The test VM that asks for a probe, and the resolver it asks: its own network's. */
export function askerOf(rt: DnsLabRuntime, probe: DnsLabProbe): { vm: string; resolverIp: string } {
  if (probe.network === rt.spec.azure.network) return { vm: rt.topo.ns.azvm, resolverIp: rt.spec.azure.resolverIp };
  if (probe.network === rt.spec.aws.network) return { vm: rt.topo.ns.awsvm, resolverIp: rt.spec.aws.resolverIp };
  const i = rt.spec.awsSpokes.findIndex((v) => v.network === probe.network);
  const vm = rt.topo.spokeVms[i];
  const vpc = rt.spec.awsSpokes[i];
  if (!vm || !vpc) throw new Error(`no test VM in ${probe.network}`);
  return { vm, resolverIp: vpc.resolverIp };
}

/** One forwarded name: asked at the VM's own resolver, answered as expected, and seen at the other side's inbound endpoint. */
async function probeAcross(rt: DnsLabRuntime, from: "aws" | "azure", probe: DnsLabProbe): Promise<{ ok: boolean; line: string; result: DigResult }> {
  const src = from === "aws" ? rt.spec.aws : rt.spec.azure;
  const dst = from === "aws" ? rt.spec.azure : rt.spec.aws;
  const log = rt.logs[from === "aws" ? "azure-inbound" : "aws-inbound"];
  const { vm, resolverIp } = askerOf(rt, probe);
  log.mark();
  const result = await dig(vm, resolverIp, probe.name);
  const client = await crossedFrom(log, probe.name, src.outboundIps);
  const got = finalAddress(result);
  const cname = probe.cname === undefined || result.answers.some((a) => a.type === "CNAME" && a.name === probe.name && a.value === probe.cname);
  const other = from === "aws" ? "Azure" : "Route 53";
  const where = client
    ? `${other} inbound endpoint (${dst.inboundIps.join(", ")}) logged it from ${client} (the ${from === "aws" ? "Route 53" : "Azure"} outbound endpoint)`
    : `${other} inbound endpoint (${dst.inboundIps.join(", ")}) logged NO query for it from ${src.outboundIps.join(", ")}`;
  const ok = got === probe.expect && client !== undefined && cname;
  const line = `${probe.network}: ${probe.name} at ${resolverIp}: ${describe(result)}${ok ? "" : ` (expected ${probe.cname ? `CNAME ${probe.cname} → ` : ""}A ${probe.expect} from zone ${probe.zone})`}; rule ${probe.rule}; ${where}`;
  return { ok, line, result };
}

async function acrossCheck(rt: DnsLabRuntime, d: Direction, probes: readonly DnsLabProbe[], what: string): Promise<DnsLabCheck> {
  const started = Date.now();
  if (probes.length === 0) return dnsCheck(d.check, "skip", `not applicable: no ${what}`, 0);
  const results = [];
  for (const p of probes) results.push(await probeAcross(rt, d.from, p));
  const failed = results.filter((r) => !r.ok);
  const lines = results.map((r) => `${r.ok ? "ok" : "FAILED"}: ${r.line}`);
  return dnsCheck(d.check, failed.length === 0 ? "pass" : "fail", lines.join("\n"), seconds(started));
}

/**
 * The AWS → Azure names, then the same first name with the link between the clouds cut (a blackhole route on
 * the AWS router for the Azure CIDRs, the Route 53 Resolver's cache emptied): it must fail, so its answer
 * came across that link and nowhere else. The link is restored and the name answers again.
 */
export async function checkAwsToAzure(rt: DnsLabRuntime): Promise<DnsLabCheck> {
  const result = await acrossCheck(rt, { check: "dns-aws-to-azure", from: "aws" }, rt.spec.probes.awsToAzure, "Azure zone is forwarded by name from AWS");
  const probe = rt.spec.probes.awsToAzure[0];
  if (result.status !== "pass" || probe === undefined) return result;
  const started = Date.now();
  const { ns, link } = rt.topo;
  const routes = async (how: "blackhole" | "restore"): Promise<void> => {
    for (const c of rt.spec.azure.cidrs) {
      await must(BINARIES.ip, ["-n", ns.awsrt, "route", "replace", ...(how === "blackhole" ? ["blackhole", c] : [c, "via", link.azure, "dev", "tunnel"])]);
    }
  };
  const forget = async (): Promise<void> => {
    await rt.control("aws-resolver", ["flush", probe.name]);
    // The resolver also remembers that the target stopped answering, and may still wait for it.
    await rt.control("aws-resolver", ["flush_infra", "all"]);
    await rt.control("aws-resolver", ["flush_requestlist"]);
  };
  let cut: DigResult;
  try {
    await routes("blackhole");
    await forget();
    cut = await dig(ns.awsvm, rt.spec.aws.resolverIp, probe.name, 1);
  } finally {
    await routes("restore");
    await forget();
  }
  const healed = await dig(ns.awsvm, rt.spec.aws.resolverIp, probe.name);
  const cutOk = finalAddress(cut) === undefined;
  const healedOk = finalAddress(healed) === probe.expect;
  const line = `${cutOk && healedOk ? "ok" : "FAILED"}: with the link between the clouds cut, ${probe.name} got ${describe(cut)}${cutOk ? "" : " (it must not resolve without the link: the answer came another way)"}; restored, ${describe(healed)}`;
  return dnsCheck("dns-aws-to-azure", cutOk && healedOk ? "pass" : "fail", `${result.detail}\n${line}`, result.seconds + seconds(started));
}
export const checkAzureToAws = (rt: DnsLabRuntime): Promise<DnsLabCheck> =>
  acrossCheck(rt, { check: "dns-azure-to-aws", from: "azure" }, rt.spec.probes.azureToAws, "AWS zone is forwarded from Azure");

/** Private Link: the chain Azure answers (public CNAME, then the linked private zone), fetched from AWS. */
export async function checkPrivateLink(rt: DnsLabRuntime): Promise<DnsLabCheck> {
  const started = Date.now();
  const probes = rt.spec.probes.privateLink;
  if (probes.length === 0) return dnsCheck("dns-privatelink", "skip", "not applicable: Route 53 forwards no Private Link public zone", 0);
  const lines: string[] = [];
  let ok = true;
  for (const p of probes) {
    // Every VPC's ask takes the whole path: Azure's caches (its inbound endpoint's and Azure DNS's) are emptied first.
    for (const role of ["azure-inbound", "azure-resolver"] as const) for (const name of [p.name, p.cname ?? p.name]) await rt.control(role, ["flush", name]);
    rt.logs.public.mark();
    const r = await probeAcross(rt, "aws", p);
    const publicSaw = await crossedFrom(rt.logs.public, p.name, rt.spec.azure.outboundIps.concat(rt.spec.azure.resolverIp));
    ok &&= r.ok && publicSaw !== undefined;
    lines.push(`${r.ok && publicSaw ? "ok" : "FAILED"}: ${r.line}; the CNAME came from public DNS (asked by ${publicSaw ?? "nobody on the Azure side"})`);
  }
  return dnsCheck("dns-privatelink", ok ? "pass" : "fail", lines.join("\n"), seconds(started));
}

/**
 * Names beside the forwarded zones: each VM gets its answer from public DNS, and the other side's inbound
 * endpoint logs none of them (the same log that recorded every forwarded name above).
 */
export async function checkNoLeak(rt: DnsLabRuntime): Promise<DnsLabCheck> {
  const started = Date.now();
  const lines: string[] = [];
  let ok = true;
  for (const [from, names] of [["aws", rt.spec.probes.noLeakFromAws], ["azure", rt.spec.probes.noLeakFromAzure]] as const) {
    const src = from === "aws" ? rt.spec.aws : rt.spec.azure;
    const dst = from === "aws" ? rt.spec.azure : rt.spec.aws;
    const inbound = rt.logs[from === "aws" ? "azure-inbound" : "aws-inbound"];
    inbound.mark();
    rt.logs.public.mark();
    const answers: string[] = [];
    for (const name of names) {
      const r = await dig(from === "aws" ? rt.topo.ns.awsvm : rt.topo.ns.azvm, src.resolverIp, name);
      const expected = rt.spec.publicRecords.find((p) => p.name === name)?.value;
      if (finalAddress(r) !== expected) {
        ok = false;
        answers.push(`${name}: ${describe(r)}, expected public DNS's ${expected ?? "answer"}`);
      } else answers.push(`${name}: ${describe(r)} (public)`);
    }
    // Anything that crossed would be logged by now (each answer came back before the next query).
    await sleep(200);
    const leaked = inbound.since().filter((q) => names.includes(q.name));
    const publicSaw = rt.logs.public.since().filter((q) => names.includes(q.name)).length;
    if (leaked.length > 0) ok = false;
    const side = from === "aws" ? "AWS" : "Azure";
    lines.push(
      `from the ${side} VM: ${answers.join("; ")}`,
      leaked.length === 0
        ? `  ${from === "aws" ? "Azure" : "Route 53"} inbound endpoint (${dst.inboundIps.join(", ")}) logged none of the ${names.length}; public DNS logged ${publicSaw}`
        : `  LEAKED to the ${from === "aws" ? "Azure" : "Route 53"} inbound endpoint: ${leaked.map((q) => `${q.name} from ${q.client}`).join(", ")}`,
    );
  }
  return dnsCheck("dns-no-leak", ok ? "pass" : "fail", lines.join("\n"), seconds(started));
}
