import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CrossCloudFailover, FailoverAlarmArgs, FailoverEndpointArgs, vpnConnectionDownAlarm } from "../components";
import { Issue, PlanError, cidr, containsIp, isIpv4, issue, normalizeZone, sortedKeys, unprobeableRange, type FailoverMode } from "../sdk";
import { StackBase } from "./common";

/**
 * The `crosscloud:failover` section: health-checked DNS failover for services on both clouds, in a Route 53
 * private hosted zone the stack creates on every VPC. Azure clients resolve the zone through the DNS Private
 * Resolver forwarding (so the zone must be one of `crosscloud:network.dns.awsZones`).
 *
 * ```yaml
 * crosscloud:failover:
 *   zone: prod.aws.example.internal
 *   services:
 *     payments-api:
 *       ttl: 30
 *       primary: { target: 10.1.16.10, alarm: { metric: { namespace: AWS/NetworkELB, … } } }
 *       secondary: { target: 10.17.1.10, reachability: vpn }   # healthy while any VPN connection is up
 * ```
 * `reachability: vpn` watches each of the stack's VPN connections with a "no tunnel up" alarm and counts the
 * standby reachable while at least one connection is up. Anything else is CrossCloudFailover's own args.
 */
export interface FailoverServiceConfig {
  readonly ttl?: number;
  readonly mode?: FailoverMode;
  readonly primary: FailoverEndpointConfig;
  readonly secondary: FailoverEndpointConfig;
}
export type FailoverEndpointConfig = Omit<FailoverEndpointArgs, "reachability"> & { readonly reachability?: "vpn" | FailoverEndpointArgs["reachability"] };
export interface FailoverConfig {
  readonly zone: string;
  readonly services: Readonly<Record<string, FailoverServiceConfig>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Shape checks of the section (values are the component's to check), and its fit with the plan. */
function readConfig(base: StackBase, raw: unknown): { config: FailoverConfig | undefined; issues: Issue[] } {
  const path = "crosscloud:failover";
  const issues: Issue[] = [];
  if (!isObject(raw)) return { config: undefined, issues: [issue(path, "VALUE_REQUIRED", `an object with zone and services is required`)] };
  const zone = raw["zone"];
  if (typeof zone !== "string") issues.push(issue(`${path}.zone`, "VALUE_REQUIRED", `the private hosted zone's name is required`));
  else if (!(base.plan.dns?.awsZones ?? []).map(normalizeZone).includes(normalizeZone(zone))) {
    issues.push(issue(`${path}.zone`, "DNS_NAME_INVALID", `${zone} is not forwarded from Azure (crosscloud:network.dns.awsZones), so Azure clients could not resolve the failover records; add it there`));
  }
  const services = raw["services"];
  if (!isObject(services) || Object.keys(services).length === 0) issues.push(issue(`${path}.services`, "VALUE_REQUIRED", `at least one service is required`));
  const prefixes = [...base.plan.vpn.awsPrefixes, ...base.plan.vpn.azurePrefixes];
  for (const [name, svc] of Object.entries(isObject(services) ? services : {})) {
    if (!isObject(svc)) {
      issues.push(issue(`${path}.services.${name}`, "VALUE_REQUIRED", `an object with primary and secondary is required`));
      continue;
    }
    for (const role of ["primary", "secondary"] as const) {
      const e = svc[role];
      const p = `${path}.services.${name}.${role}`;
      if (!isObject(e) || typeof e["target"] !== "string") {
        issues.push(issue(p, "VALUE_REQUIRED", `an endpoint with a target is required`));
        continue;
      }
      const target = e["target"];
      // A private target must be somewhere the two networks reach: inside a planned VPC or VNet.
      if (isIpv4(target) && unprobeableRange(target) !== undefined && !prefixes.some((c) => containsIp(cidr(c), target))) {
        issues.push(issue(`${p}.target`, "FAILOVER_TARGET_INVALID", `${target} is outside every planned VPC and VNet (${prefixes.join(", ")})`));
      }
      if (e["reachability"] === "vpn" && base.plan.vpn.connections.length === 0) {
        issues.push(issue(`${p}.reachability`, "VALUE_REQUIRED", `"vpn" needs the stack's VPN connections, and it has none`));
      }
    }
  }
  return { config: issues.length === 0 ? (raw as unknown as FailoverConfig) : undefined, issues };
}

/**
 * The private hosted zone and one CrossCloudFailover per service; nothing when the config has no
 * `crosscloud:failover`. `vpnConnectionIds` are the stack's VPN connections, for `reachability: vpn`.
 */
export function stackFailover(
  base: StackBase,
  tags: Readonly<Record<string, string>>,
  vpnConnectionIds: Readonly<Record<string, pulumi.Input<string>>>,
): Record<string, pulumi.Input<unknown>> {
  const raw = base.config.failover;
  if (raw === undefined) return {};
  const { config, issues } = readConfig(base, raw);
  if (!config) throw new PlanError(issues, `crosscloud stack "${pulumi.getStack()}" config`);
  const env = base.plan.environment;
  const zoneName = normalizeZone(config.zone);
  const zone = new aws.route53.Zone(`${env}-failover-zone`, {
    name: zoneName,
    comment: `crosscloud ${env}: health-checked failover records (private; Azure resolves it through the DNS forwarding)`,
    vpcs: sortedKeys(base.vpcs).flatMap((k) => (base.vpcs[k] ? [{ vpcId: base.vpcs[k].vpcId, vpcRegion: base.plan.aws.region }] : [])),
    tags: { ...tags, Name: `${env}-failover-zone` },
  });
  const vpnAlarms: Record<string, FailoverAlarmArgs> = Object.fromEntries(sortedKeys(vpnConnectionIds).map((k) => [k, vpnConnectionDownAlarm(vpnConnectionIds[k] as pulumi.Input<string>)]));
  const endpoint = (e: FailoverEndpointConfig): FailoverEndpointArgs => {
    const { reachability, ...rest } = e;
    return {
      ...rest,
      // "vpn": reachable while any one connection has a tunnel up.
      ...(reachability === "vpn" ? { reachability: { alarms: vpnAlarms, minHealthy: 1 } } : reachability !== undefined ? { reachability } : {}),
    };
  };
  const records: Record<string, pulumi.Input<unknown>> = {};
  for (const service of sortedKeys(config.services)) {
    const svc = config.services[service] as FailoverServiceConfig;
    const failover = new CrossCloudFailover(`${env}-${service}-failover`, {
      service,
      zoneId: zone.zoneId,
      zoneName,
      privateZone: true,
      primary: endpoint(svc.primary),
      secondary: endpoint(svc.secondary),
      ...(svc.ttl !== undefined ? { ttl: svc.ttl } : {}),
      ...(svc.mode !== undefined ? { mode: svc.mode } : {}),
      alarmRegion: base.plan.aws.region,
      tags: { ...tags },
    });
    records[service] = { name: failover.recordName, worstCaseRecoverySeconds: failover.recovery.totalSeconds, primaryHealthCheckId: failover.primaryHealthCheckId, secondaryHealthCheckId: failover.secondaryHealthCheckId };
  }
  return { failoverZoneId: zone.zoneId, failover: records };
}
