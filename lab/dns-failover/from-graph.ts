/**
 * Builds `dns-failover` lab specs from what a preview *recorded*: Route 53 failover records, the health
 * checks they name (down to the CloudWatch alarms), the hosted zone, and the DNS path Azure clients take
 * (the Azure forwarding rule for the zone, the Route 53 Resolver inbound endpoint, the Azure resolver's
 * inbound endpoint). References are followed the way the clouds follow them (ids, through the shared
 * resolver in graph/resolve.ts), so a record that names the wrong check, or a rule that forwards the zone
 * somewhere else, fails here or in the lab, not in production.
 */
import { ResourceIndex, T, getPath, type RecordedGraph, type RecordedResource, type RecordedValue } from "../../graph";
import { HealthCheckType, InsufficientDataHealth, normalizeZone } from "../../sdk";
import type { DnsFailoverSpec, LabFailoverRecord, LabHealthCheck } from "./spec";
import { DnsFailoverSpecError } from "./spec";

/** What the program rendered (inputs) wins; outputs fill in what the provider computes. */
const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
/** What only the provider knows (the addresses it assigned). */
const output = (r: RecordedResource, path: string): RecordedValue | undefined => getPath(r.outputs, path) ?? undefined;
const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);
type Index = ResourceIndex<RecordedResource>;

const INSUFFICIENT: readonly string[] = Object.values(InsufficientDataHealth);

function healthCheck(index: Index, r: RecordedResource, depth = 0): LabHealthCheck {
  const type = str(value(r, "type"));
  const base = { id: r.id ?? "", name: r.name };
  if (type === HealthCheckType.CloudWatchMetric) {
    const insufficient = str(value(r, "insufficientDataHealthStatus")) || InsufficientDataHealth.LastKnownStatus;
    return {
      ...base,
      type: HealthCheckType.CloudWatchMetric,
      alarmName: str(value(r, "cloudwatchAlarmName")),
      alarmRegion: str(value(r, "cloudwatchAlarmRegion")),
      insufficientData: (INSUFFICIENT.includes(insufficient) ? insufficient : InsufficientDataHealth.LastKnownStatus) as InsufficientDataHealth,
    };
  }
  if (type === HealthCheckType.Calculated) {
    if (depth > 0) throw new DnsFailoverSpecError([`${r.name}: a calculated check under a calculated check, which Route 53 does not allow`]);
    const children = list(value(r, "childHealthchecks")).map((id) => {
      const found = index.withIdentity(str(id)).filter((c) => c.type === T.awsRoute53HealthCheck);
      if (found.length !== 1) throw new DnsFailoverSpecError([`${r.name}: child health check ${str(id)} was not recorded`]);
      return healthCheck(index, found[0] as RecordedResource, depth + 1);
    });
    return { ...base, type: HealthCheckType.Calculated, children, threshold: Number(value(r, "childHealthThreshold") ?? 0) };
  }
  throw new DnsFailoverSpecError([`${r.name}: a ${type} health check probes from the internet; the dns-failover lab covers the private case (alarm-based and calculated checks)`]);
}

function labRecord(index: Index, r: RecordedResource): LabFailoverRecord {
  const check = value(r, "healthCheckId") === undefined ? undefined : index.resolve(r, "healthCheckId", [T.awsRoute53HealthCheck]);
  if (value(r, "healthCheckId") !== undefined && !check) throw new DnsFailoverSpecError([`${r.name}: its health check ${str(value(r, "healthCheckId"))} was not recorded`]);
  const records = list(value(r, "records")).map(str);
  if (records.length !== 1) throw new DnsFailoverSpecError([`${r.name}: answers ${records.length} values; the lab follows one address per record`]);
  return { resource: r.name, setIdentifier: str(value(r, "setIdentifier")), value: records[0] as string, healthCheck: check ? healthCheck(index, check) : undefined };
}

/** The Azure forwarding rule whose domain is the zone or contains it (the longest match wins, as in a resolver). */
function forwardTargets(index: Index, zone: string): string[] {
  const rules = index
    .ofType(T.azureDnsForwardingRule)
    .filter((r) => str(value(r, "forwardingRuleState")) !== "Disabled")
    .map((r) => ({ r, domain: normalizeZone(str(value(r, "domainName"))) }))
    .filter(({ domain }) => zone === domain || zone.endsWith(`.${domain}`) || domain === "")
    .sort((a, b) => b.domain.length - a.domain.length);
  const best = rules[0];
  return best ? list(value(best.r, "targetDnsServers")).map((t) => str(getPath(t, "ipAddress"))) : [];
}

/** One spec per failover record pair (same zone, name and type; one PRIMARY, one SECONDARY). */
export function dnsFailoverSpecsFromGraph(graph: RecordedGraph): DnsFailoverSpec[] {
  const index: Index = new ResourceIndex(graph.resources, (r, path) => (path === "id" ? r.id : value(r, path)));
  const failover = index.ofType(T.awsRoute53Record).filter((r) => list(value(r, "failoverRoutingPolicies")).length > 0);
  const groups = new Map<string, RecordedResource[]>();
  for (const r of failover) {
    const key = [str(value(r, "zoneId")), normalizeZone(str(value(r, "name"))), str(value(r, "type"))].join(" ");
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const route53InboundIps = index
    .ofType(T.awsResolverEndpoint)
    .filter((e) => str(value(e, "direction")).toUpperCase() === "INBOUND")
    .flatMap((e) => list(output(e, "ipAddresses")).map((a) => str(getPath(a, "ip"))))
    .filter((ip) => ip !== "");
  const azureResolverIp = index
    .ofType(T.azureDnsInboundEndpoint)
    .flatMap((e) => list(output(e, "ipConfigurations")).map((c) => str(getPath(c, "privateIpAddress"))))
    .find((ip) => ip !== "");
  const specs: DnsFailoverSpec[] = [];
  for (const records of groups.values()) {
    const role = (t: string) => records.filter((r) => list(value(r, "failoverRoutingPolicies")).some((p) => str(getPath(p, "type")) === t));
    const [primary, secondary] = [role("PRIMARY"), role("SECONDARY")];
    const name = normalizeZone(str(value(records[0] as RecordedResource, "name")));
    if (primary.length !== 1 || secondary.length !== 1) {
      throw new DnsFailoverSpecError([`${name}: ${primary.length} PRIMARY and ${secondary.length} SECONDARY records; a failover pair has one of each`]);
    }
    const p = primary[0] as RecordedResource;
    const s = secondary[0] as RecordedResource;
    const zoneResource = index.resolve(p, "zoneId", [T.awsRoute53Zone]);
    if (!zoneResource) throw new DnsFailoverSpecError([`${p.name}: its hosted zone was not recorded`]);
    const zone = normalizeZone(str(value(zoneResource, "name")));
    if (list(value(zoneResource, "vpcs")).length === 0) throw new DnsFailoverSpecError([`${zone}: a public hosted zone; the dns-failover lab covers private zones`]);
    const ttls = [p, s].map((r) => Number(value(r, "ttl")));
    if (ttls[0] !== ttls[1]) throw new DnsFailoverSpecError([`${name}: the two records have TTLs ${ttls.join(" and ")}`]);
    specs.push({
      recordName: name,
      zone,
      ttl: ttls[0] as number,
      primary: labRecord(index, p),
      secondary: labRecord(index, s),
      route53InboundIps,
      azureForwardTargets: forwardTargets(index, zone),
      azureResolverIp: azureResolverIp ?? "",
    });
  }
  return specs.sort((a, b) => (a.recordName < b.recordName ? -1 : a.recordName > b.recordName ? 1 : 0));
}
