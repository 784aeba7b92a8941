import { AlarmState, HealthCheckType, InsufficientDataHealth, alarmCheckHealthy, calculatedHealthy, failoverAnswer, isIpv4, normalizeZone } from "../../sdk";

/**
 * What the `dns-failover` lab needs to know about one failover record pair, all of it read from the
 * recorded graph (lab/dns-failover/from-graph.ts), never from the component's arguments:
 * the private hosted zone, the two records (value, TTL, the health check on each), the health checks
 * down to the CloudWatch alarms they read, and the DNS path Azure clients take to Route 53 (the Azure
 * forwarding rule's targets and the Route 53 Resolver inbound endpoint's addresses).
 */

/** A Route 53 health check as recorded: alarm-based or calculated (the private case has no probes). */
export type LabHealthCheck =
  | {
      readonly id: string;
      readonly name: string;
      readonly type: typeof HealthCheckType.CloudWatchMetric;
      readonly alarmName: string;
      readonly alarmRegion: string;
      readonly insufficientData: InsufficientDataHealth;
    }
  | {
      readonly id: string;
      readonly name: string;
      readonly type: typeof HealthCheckType.Calculated;
      readonly children: readonly LabHealthCheck[];
      readonly threshold: number;
    };

export interface LabFailoverRecord {
  /** The record's logical name in the program. */
  readonly resource: string;
  readonly setIdentifier: string;
  /** The address it answers with. */
  readonly value: string;
  /** `undefined`: no health check, so Route 53 always counts it healthy. */
  readonly healthCheck: LabHealthCheck | undefined;
}

export interface DnsFailoverSpec {
  /** `<service>.<zone>`, lower case, no trailing dot. */
  readonly recordName: string;
  /** The private hosted zone. */
  readonly zone: string;
  readonly ttl: number;
  readonly primary: LabFailoverRecord;
  readonly secondary: LabFailoverRecord;
  /** Route 53 Resolver inbound endpoint addresses: where the Route 53 stand-in listens. */
  readonly route53InboundIps: readonly string[];
  /** What the Azure forwarding rule for the zone targets (each must be a Route 53 inbound address). */
  readonly azureForwardTargets: readonly string[];
  /** The Azure DNS Private Resolver's inbound endpoint address: what Azure clients query. */
  readonly azureResolverIp: string;
}

/** Every alarm a spec's health checks read, sorted, without duplicates. */
export function specAlarms(spec: DnsFailoverSpec): string[] {
  const out = new Set<string>();
  const walk = (c: LabHealthCheck | undefined): void => {
    if (!c) return;
    if (c.type === HealthCheckType.CloudWatchMetric) out.add(c.alarmName);
    else c.children.forEach(walk);
  };
  walk(spec.primary.healthCheck);
  walk(spec.secondary.healthCheck);
  return [...out].sort();
}

/** Alarms read by one record's checks. */
export function recordAlarms(record: LabFailoverRecord): string[] {
  return specAlarms({ primary: record, secondary: { ...record, healthCheck: undefined } } as DnsFailoverSpec);
}

/** A check's health for the given alarm states, as Route 53 evaluates it (sdk/failover.ts). */
export function checkHealthy(check: LabHealthCheck, alarms: ReadonlyMap<string, AlarmState>): boolean {
  if (check.type === HealthCheckType.CloudWatchMetric) return alarmCheckHealthy(alarms.get(check.alarmName) ?? AlarmState.InsufficientData, check.insufficientData, undefined);
  return calculatedHealthy(check.children.map((c) => checkHealthy(c, alarms)), check.threshold);
}

/** The address Route 53 answers with for these alarm states. */
export function expectedAnswer(spec: DnsFailoverSpec, alarms: ReadonlyMap<string, AlarmState>): string {
  const health = (r: LabFailoverRecord) => ({ id: r.value, healthy: r.healthCheck ? checkHealthy(r.healthCheck, alarms) : undefined });
  return failoverAnswer(health(spec.primary), health(spec.secondary));
}

export class DnsFailoverSpecError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the dns-failover lab cannot run this rendering:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DnsFailoverSpecError";
  }
}

/** Everything wrong with a spec at once; the lab refuses before creating anything. */
export function validateDnsFailoverSpec(spec: DnsFailoverSpec): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(spec.ttl) || spec.ttl < 1 || spec.ttl > 300) problems.push(`TTL ${spec.ttl} s: the lab waits up to one TTL, so it runs TTLs of 1–300 s`);
  for (const [role, r] of [["primary", spec.primary], ["secondary", spec.secondary]] as const) {
    if (!isIpv4(r.value)) problems.push(`${role} record ${r.resource}: ${r.value} is not an IPv4 address (the lab covers A records)`);
  }
  if (spec.primary.value === spec.secondary.value) problems.push(`both records answer ${spec.primary.value}: a flip could not be seen`);
  if (!spec.primary.healthCheck) problems.push(`the primary record ${spec.primary.resource} has no health check: Route 53 would never fail over`);
  if (spec.route53InboundIps.length === 0) problems.push(`no Route 53 Resolver inbound endpoint address was recorded: Azure could not reach Route 53`);
  if (spec.azureForwardTargets.length === 0) problems.push(`no Azure forwarding rule covers ${spec.zone}: Azure clients could not resolve ${spec.recordName}`);
  const strays = spec.azureForwardTargets.filter((t) => !spec.route53InboundIps.includes(t));
  if (strays.length > 0) problems.push(`the Azure forwarding rule for ${spec.zone} targets ${strays.join(", ")}, which ${strays.length === 1 ? "is not a" : "are not"} Route 53 inbound endpoint address(es) (${spec.route53InboundIps.join(", ")})`);
  if (!isIpv4(spec.azureResolverIp)) problems.push(`the Azure resolver's inbound address "${spec.azureResolverIp}" is not an IPv4 address`);
  if (!spec.recordName.endsWith(`.${normalizeZone(spec.zone)}`)) problems.push(`${spec.recordName} is not inside the zone ${spec.zone}`);
  if (specAlarms(spec).length === 0) problems.push(`no alarm-based health check: the lab's stand-in changes alarm states`);
  return problems;
}

export function assertValidDnsFailoverSpec(spec: DnsFailoverSpec): void {
  const problems = validateDnsFailoverSpec(spec);
  if (problems.length > 0) throw new DnsFailoverSpecError(problems);
}
