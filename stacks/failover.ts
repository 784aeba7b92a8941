import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CrossCloudFailover, FailoverAlarmArgs, FailoverEndpointArgs, vpnConnectionDownAlarm } from "../components";
import { normalizeZone, sortedKeys } from "../sdk";
import { StackBase } from "./common";
import { FailoverEndpointSection, FailoverServiceSection, VPN_REACHABILITY } from "./schema/failover";

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
 * The section's schema is stacks/schema/failover.ts; its values and fit with the plan are checked with the
 * rest of the config (stacks/failover-config.ts).
 *
 * The private hosted zone and one CrossCloudFailover per service; nothing when the config has no
 * `crosscloud:failover`. `vpnConnectionIds` are the stack's VPN connections, for `reachability: vpn`.
 */
export function stackFailover(
  base: StackBase,
  tags: Readonly<Record<string, string>>,
  vpnConnectionIds: Readonly<Record<string, pulumi.Input<string>>>,
): Record<string, pulumi.Input<unknown>> {
  // Validated with the rest of the config (stacks/failover-config.ts), before any resource.
  const config = base.config.failover;
  if (config === undefined) return {};
  const env = base.plan.environment;
  const zoneName = normalizeZone(config.zone);
  const zone = new aws.route53.Zone(`${env}-failover-zone`, {
    name: zoneName,
    comment: `crosscloud ${env}: health-checked failover records (private; Azure resolves it through the DNS forwarding)`,
    vpcs: sortedKeys(base.vpcs).flatMap((k) => (base.vpcs[k] ? [{ vpcId: base.vpcs[k].vpcId, vpcRegion: base.plan.aws.region }] : [])),
    tags: { ...tags, Name: `${env}-failover-zone` },
  });
  const vpnAlarms: Record<string, FailoverAlarmArgs> = Object.fromEntries(sortedKeys(vpnConnectionIds).map((k) => [k, vpnConnectionDownAlarm(vpnConnectionIds[k] as pulumi.Input<string>)]));
  const endpoint = (e: FailoverEndpointSection): FailoverEndpointArgs => {
    const { reachability, ...rest } = e;
    return {
      ...rest,
      // "vpn": reachable while any one connection has a tunnel up.
      ...(reachability === VPN_REACHABILITY ? { reachability: { alarms: vpnAlarms, minHealthy: 1 } } : reachability !== undefined ? { reachability } : {}),
    };
  };
  const records: Record<string, pulumi.Input<unknown>> = {};
  for (const service of sortedKeys(config.services)) {
    const svc = config.services[service] as FailoverServiceSection;
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
