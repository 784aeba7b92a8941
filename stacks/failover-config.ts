/**
 * `crosscloud:failover` against the plan, without the Pulumi runtime (so `crosscloud validate` checks it too):
 * each service's values by the sdk's Route 53 rules (`checkFailover`, the rules CrossCloudFailover applies), and
 * its fit with the network: the zone must be forwarded from Azure, a private target must be inside a planned
 * VPC or VNet, and `reachability: vpn` needs the stack's VPN connections.
 */
import {
  FailoverAlarmSpec,
  FailoverEndpointSpec,
  FailoverSpec,
  Issue,
  NetworkPlan,
  checkFailover,
  cidr,
  containsIp,
  isIpv4,
  issue,
  normalizeZone,
  sortedKeys,
  unprobeableRange,
  VPN_CONNECTION_DOWN_METRIC,
} from "../sdk";
import { FailoverEndpointSection, FailoverSection, VPN_REACHABILITY } from "./schema/failover";
import { configKey } from "./schema/sections";

const AT = configKey("failover");


function endpointSpec(e: FailoverEndpointSection, plan: NetworkPlan): FailoverEndpointSpec {
  const { reachability, alarm, ...rest } = e;
  const asAlarm = (a: NonNullable<typeof alarm>): FailoverAlarmSpec => {
    const { metric, ...other } = a;
    return { ...other, ...(metric ? { metric: { ...metric, dimensionNames: Object.keys(metric.dimensions ?? {}) } } : {}) };
  };
  return {
    ...rest,
    ...(alarm ? { alarm: asAlarm(alarm) } : {}),
    // "vpn": the alarms stacks/failover.ts builds, one "no tunnel up" alarm per VPN connection, any one enough.
    ...(reachability === VPN_REACHABILITY
      ? { reachability: { alarms: Object.fromEntries(plan.vpn.connections.map((c) => [c.key, { metric: VPN_CONNECTION_DOWN_METRIC }])), minHealthy: 1 } }
      : reachability !== undefined
        ? { reachability: { ...reachability, alarms: Object.fromEntries(Object.entries(reachability.alarms).map(([k, a]) => [k, asAlarm(a)])) } }
        : {}),
  };
}

/** A `checkFailover` path (`<service path>.zoneName`) at its config path. */
const configPath = (servicePath: string, p: string): string => {
  if (p === `${servicePath}.zoneName`) return `${AT}.zone`;
  if (p === `${servicePath}.service`) return servicePath;
  return p;
};

/** Every problem of `crosscloud:failover` on this plan. */
export function checkFailoverConfig(section: FailoverSection, plan: NetworkPlan): Issue[] {
  const out: Issue[] = [];
  if (!(plan.dns?.awsZones ?? []).map(normalizeZone).includes(normalizeZone(section.zone))) {
    out.push(issue(`${AT}.zone`, "DNS_NAME_INVALID", `${section.zone} is not forwarded from Azure (crosscloud:network.dns.awsZones), so Azure clients could not resolve the failover records; add it there`));
  }
  if (Object.keys(section.services).length === 0) out.push(issue(`${AT}.services`, "VALUE_REQUIRED", `at least one service is required`));
  const prefixes = [...plan.vpn.awsPrefixes, ...plan.vpn.azurePrefixes];
  for (const name of sortedKeys(section.services)) {
    const svc = section.services[name];
    if (!svc) continue;
    const at = `${AT}.services.${name}`;
    for (const role of ["primary", "secondary"] as const) {
      const e = svc[role];
      // A private target must be somewhere the two networks reach: inside a planned VPC or VNet.
      if (isIpv4(e.target) && unprobeableRange(e.target) !== undefined && !prefixes.some((c) => containsIp(cidr(c), e.target))) {
        out.push(issue(`${at}.${role}.target`, "FAILOVER_TARGET_INVALID", `${e.target} is outside every planned VPC and VNet (${prefixes.join(", ")})`));
      }
      if (e.reachability === VPN_REACHABILITY && plan.vpn.connections.length === 0) {
        out.push(issue(`${at}.${role}.reachability`, "VALUE_REQUIRED", `"vpn" needs the stack's VPN connections, and it has none`));
      }
    }
    const spec: FailoverSpec = {
      service: name,
      zoneName: section.zone,
      privateZone: true,
      primary: endpointSpec(svc.primary, plan),
      secondary: endpointSpec(svc.secondary, plan),
      ...(svc.ttl !== undefined ? { ttl: svc.ttl } : {}),
      ...(svc.mode !== undefined ? { mode: svc.mode } : {}),
      alarmRegion: plan.aws.region,
    };
    out.push(...checkFailover(at, spec).map((i) => ({ ...i, path: configPath(at, i.path) })));
  }
  return out;
}
