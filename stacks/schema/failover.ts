/**
 * `crosscloud:failover`: health-checked DNS failover for services on both clouds (stacks/failover.ts builds a
 * CrossCloudFailover per service in a Route 53 private hosted zone). The schema checks shapes and enums; the
 * Route 53 rules (TTLs, intervals, thresholds, weights, probe targets) are the sdk's (`checkFailover`), and
 * the fit with the plan (the zone forwarded from Azure, private targets inside the planned networks) is
 * checked with the plan, in the same pass.
 */
import { z } from "zod";
import { AlarmComparison, AlarmStatistic, FailoverMode, InsufficientDataHealth, ProbeProtocol, TreatMissingData } from "../../sdk";
import { SLUG_KEYS, keyed, list, oneOf, section, text } from "./fields";

const values = <T extends Readonly<Record<string, string>>>(o: T) => Object.values(o) as unknown as readonly [T[keyof T], ...T[keyof T][]];
const num = (description: string) => z.number().describe(description);

export const failoverProbe = section(
  {
    protocol: oneOf(values(ProbeProtocol), "How Route 53's checkers probe the target (public targets only)."),
    port: num("Port to probe. Default 80 for HTTP, 443 for HTTPS; required for TCP.").optional(),
    resourcePath: text('Path requested by HTTP(S) probes. Default "/".').optional(),
    searchString: text("HTTP(S): healthy only when the first 5120 bytes of the body contain it.").optional(),
    hostName: text("HTTP(S) to an address: the Host header and SNI name sent.").optional(),
    requestInterval: num("Seconds between one checker's requests: 10 or 30. Default 30.").optional(),
    failureThreshold: num("Consecutive failures (1–10) before the endpoint is unhealthy. Default 3.").optional(),
    regions: list(text("A Route 53 health checker region."), "Checker regions (at least 3). Default: all.").optional(),
  },
  "Probe the target directly from the internet.",
);

export const failoverMetric = section(
  {
    namespace: text("CloudWatch namespace, like AWS/NetworkELB."),
    metricName: text("Metric name, like HealthyHostCount."),
    dimensions: keyed(text("A dimension value."), "The metric's dimensions. Default none.").optional(),
    statistic: oneOf(values(AlarmStatistic), "The statistic (Route 53 takes no extended statistics)."),
    comparisonOperator: oneOf(values(AlarmComparison), "How the statistic is compared with the threshold (the alarm fires when it holds)."),
    threshold: num("The value the statistic is compared with."),
    periodSeconds: num("Seconds per period: 60 or a multiple (standard resolution). Default 60.").optional(),
    evaluationPeriods: num("Periods evaluated. Default 1.").optional(),
    datapointsToAlarm: num("Breaching periods that raise the alarm. Default evaluationPeriods.").optional(),
    treatMissingData: oneOf(values(TreatMissingData), "Missing data. Default breaching.").optional(),
  },
  "A CloudWatch alarm to create on this metric.",
);

export const failoverAlarm = section(
  {
    alarmName: text("An existing CloudWatch alarm. Exactly one of this and metric.").optional(),
    metric: failoverMetric.optional(),
    periodSeconds: num("An existing alarm's period, for the recovery estimate. Default 60 (assumed).").optional(),
    evaluationPeriods: num("An existing alarm's evaluation periods, for the recovery estimate. Default 1 (assumed).").optional(),
    insufficientDataHealthStatus: oneOf(values(InsufficientDataHealth), "The health check's status while the alarm has insufficient data. Default LastKnownStatus.").optional(),
  },
  "The endpoint's health from a CloudWatch alarm (the way to watch a private IP).",
);

export const failoverReachability = section(
  {
    alarms: keyed(failoverAlarm, "The alarms, keyed by a stable slug (it names the health checks).", {}, SLUG_KEYS),
    minHealthy: num("How many must be OK. Default: all of them.").optional(),
  },
  "Alarms that say whether the endpoint can be reached at all.",
);

export const VPN_REACHABILITY = "vpn";

export const failoverEndpoint = section(
  {
    target: text("An IPv4 address (an A record) or a DNS name (a CNAME record)."),
    probe: failoverProbe.optional(),
    alarm: failoverAlarm.optional(),
    reachability: z
      .union([z.literal(VPN_REACHABILITY).describe("Reachable while any of the stack's VPN connections has a tunnel up."), failoverReachability])
      .describe('"vpn" (reachable while any VPN connection of the stack has a tunnel up), or alarms of your own.')
      .optional(),
    weight: num("Weighted mode: the record's weight (0–255). Default 1.").optional(),
  },
  "One side of the service.",
);

export const failoverService = section(
  {
    ttl: num("TTL of both records, seconds (Route 53 recommends 60 or less with health checks). Default 60.").optional(),
    mode: oneOf(values(FailoverMode), "active-passive, or weighted. Default active-passive.").optional(),
    primary: failoverEndpoint,
    secondary: failoverEndpoint,
  },
  "A service: its primary and secondary endpoints.",
);

export const failover = section(
  {
    zone: text("The private hosted zone the records go in; it must be forwarded from Azure (crosscloud:network.dns.awsZones)."),
    services: keyed(failoverService, "Services by their DNS label (the record is <service>.<zone>).", {}, SLUG_KEYS),
  },
  "Health-checked DNS failover for services on both clouds, in a Route 53 private hosted zone.",
);

export type FailoverSection = z.output<typeof failover>;
export type FailoverServiceSection = z.output<typeof failoverService>;
export type FailoverEndpointSection = z.output<typeof failoverEndpoint>;
