/**
 * Simulated @pulumi/aws (7.x) Route 53 zones, records and health checks, and CloudWatch metric alarms:
 * what the provider reports after a create, for DNS failover (issue 17). Registered in simulate.ts's `SIMULATORS`.
 *
 * Like the other simulators these echo the inputs, add what AWS computes (Route 53 zone ids `Z…`, health
 * check UUIDs, record ids `ZONE_NAME_TYPE_SETID`, autonamed alarms), and refuse what AWS refuses, naming the
 * resource and the rule: a calculated check may not monitor another calculated check (Route 53 DG,
 * "Values that you specify when you create or update health checks").
 */
import { hashHex, SIM_AWS_ACCOUNT, uuid } from "./ids";
import { HealthCheckType } from "../sdk/failover";
import { list, record, str, type SimContext, type Simulator } from "./simulate-context";
import { awsRegion } from "./simulate-aws";
import { T } from "../graph/types";

const tagged = (ctx: SimContext): Record<string, unknown> => ({ ...ctx.inputs, tagsAll: ctx.inputs["tags"] ?? {} });

/** Route 53 ids: "Z" and 13–21 upper-case alphanumerics (a hosted zone id like Z0123456789ABCDEFGHIJ). */
const zoneId = (seed: string): string => `Z${hashHex(seed, 20).toUpperCase()}`;

function healthCheck(ctx: SimContext): { id: string; state: Record<string, unknown> } {
  const type = str(ctx.plain["type"]) ?? "";
  if (type === HealthCheckType.Calculated) {
    for (const child of list(ctx.plain["childHealthchecks"])) {
      const entry = ctx.world.lookup(str(child) ?? "");
      if (entry && str(entry.state["type"]) === HealthCheckType.Calculated) {
        throw new Error(`${ctx.name}: child ${entry.name} is a calculated health check; Route 53 does not let a calculated check monitor another`);
      }
    }
  }
  if (type === HealthCheckType.CloudWatchMetric && (str(ctx.plain["cloudwatchAlarmName"]) === undefined || str(ctx.plain["cloudwatchAlarmRegion"]) === undefined)) {
    throw new Error(`${ctx.name}: a CLOUDWATCH_METRIC health check needs cloudwatchAlarmName and cloudwatchAlarmRegion; Route 53 would reject it`);
  }
  const id = ctx.requestedId ?? uuid(ctx.seed());
  return { id, state: { ...tagged(ctx), arn: `arn:aws:route53:::healthcheck/${id}` } };
}

export const AWS_FAILOVER_SIMULATORS: Readonly<Record<string, Simulator>> = {
  [T.awsRoute53Zone]: (ctx) => {
    const id = ctx.requestedId ?? zoneId(ctx.seed());
    const servers = [0, 1, 2, 3].map((i) => `ns-${parseInt(hashHex(ctx.seed(`ns${i}`), 3), 16) % 2048}.awsdns-${String(i * 16 + (parseInt(hashHex(ctx.seed(`d${i}`), 2), 16) % 16)).padStart(2, "0")}.${["com", "net", "org", "co.uk"][i]}`);
    return {
      id,
      state: {
        ...tagged(ctx),
        zoneId: id,
        arn: `arn:aws:route53:::hostedzone/${id}`,
        nameServers: servers,
        primaryNameServer: servers[0],
        comment: ctx.inputs["comment"] ?? "Managed by Pulumi",
        forceDestroy: ctx.inputs["forceDestroy"] ?? false,
      },
    };
  },
  [T.awsRoute53Record]: (ctx) => {
    const name = str(ctx.plain["name"]) ?? "";
    const type = str(ctx.plain["type"]) ?? "";
    const zone = str(ctx.plain["zoneId"]) ?? "";
    const set = str(ctx.plain["setIdentifier"]);
    const routed = list(ctx.plain["failoverRoutingPolicies"]).length + list(ctx.plain["weightedRoutingPolicies"]).length > 0;
    if (routed && set === undefined) throw new Error(`${ctx.name}: a failover or weighted record needs a setIdentifier; Route 53 would reject it`);
    // The provider's id: ZONEID_NAME_TYPE, plus _SETID for records with a routing policy.
    const id = ctx.requestedId ?? [zone, name, type, ...(set !== undefined ? [set] : [])].join("_");
    return { id, state: { ...ctx.inputs, fqdn: name.replace(/\.$/, "") } };
  },
  [T.awsRoute53HealthCheck]: healthCheck,
  [T.awsMetricAlarm]: (ctx) => {
    // Autonamed like the provider does: the logical name and a random suffix.
    const name = str(ctx.plain["name"]) ?? `${ctx.name}-${hashHex(ctx.seed("name"), 7)}`;
    const region = awsRegion(ctx);
    const dims = record(ctx.plain["dimensions"]);
    return {
      id: ctx.requestedId ?? name,
      state: {
        ...tagged(ctx),
        name,
        region,
        dimensions: ctx.inputs["dimensions"] ?? dims,
        arn: `arn:aws:cloudwatch:${region}:${SIM_AWS_ACCOUNT}:alarm:${name}`,
        actionsEnabled: ctx.inputs["actionsEnabled"] ?? true,
        treatMissingData: ctx.inputs["treatMissingData"] ?? "missing",
      },
    };
  },
};
