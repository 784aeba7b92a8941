import { DOCUMENTATION_CIDRS, cidr, containsIp, isIpv4, type Cidr } from "./cidr";
import { LINK_LOCAL_CIDR } from "./apipa";
import { checkZoneName, normalizeZone } from "./dns";
import { Issue, issue, joinPath } from "./errors";
import { checkKey, sortedKeys } from "./keys";

/**
 * Health-checked DNS failover with Route 53 (issue 17): the facts, the validation of a failover service,
 * the answer Route 53 gives for a given health, and the worst-case recovery time.
 *
 * Sources (Amazon Route 53 Developer Guide, "DG"; Route 53 API Reference, "API"):
 * - DG "Values that you specify when you create or update health checks" (health-checks-creating-values):
 *   request interval, failure threshold, the ranges health checkers cannot probe, calculated checks
 *   (up to 256 children; a calculated check cannot monitor other calculated checks), alarm-based checks
 *   (standard-resolution metrics only; statistics Average, Minimum, Maximum, Sum, SampleCount).
 * - DG "Configuring failover in a private hosted zone" (dns-failover-private-hosted-zones): health
 *   checkers are outside the VPC; for a private endpoint, alarm a CloudWatch metric and base the health
 *   check on the alarm's data stream. DG "Failover routing": failover records work in private zones.
 * - DG "How Amazon Route 53 chooses records when health checking is configured": which record answers.
 * - API `HealthCheckConfig` (RequestInterval 10 or 30, default 30, immutable; FailureThreshold 1–10,
 *   default 3; HealthThreshold 0–256) and `ResourceRecordSet` (TTL: 60 s or less recommended with a health
 *   check; Weight 0–255).
 * - RFC 2181 §8: a TTL is 0 to 2^31 − 1 seconds.
 */

// ---- facts ------------------------------------------------------------------------------------

/** Route 53 endpoint health checks (API `HealthCheckConfig`; DG health-checks-creating-values). */
export const ROUTE53_HEALTH_CHECK = {
  /** Seconds between one checker's requests: 10 ("fast", billed extra) or 30; fixed after creation. */
  requestIntervals: [10, 30] as readonly number[],
  defaultRequestInterval: 30,
  /** Consecutive results that change the status. */
  failuresMin: 1,
  failuresMax: 10,
  defaultFailures: 3,
  /** Children of one CALCULATED check, and its `HealthThreshold` range (0 = always healthy). */
  maxChildren: 256,
  /** Search strings and resource paths are at most 255 characters (API `HealthCheckConfig`). */
  maxStringLength: 255,
} as const;

/** RFC 2181 §8: "a 32 bit unsigned integer … with the most significant bit zero". */
export const DNS_TTL_MAX = 2147483647;
/** API `ResourceRecordSet.TTL`: with a health check, "we recommend that you specify a TTL of 60 seconds or less". */
export const FAILOVER_TTL_RECOMMENDED_MAX = 60;
/** crosscloud's default TTL for failover records: Route 53's recommended ceiling. */
export const FAILOVER_DEFAULT_TTL = FAILOVER_TTL_RECOMMENDED_MAX;
/** API `ResourceRecordSet.Weight`: 0–255. */
export const ROUTE53_WEIGHT_MAX = 255;

/**
 * CloudWatch standard-resolution alarms evaluate periods of 60 s or a multiple of it (10 and 30 s are
 * high-resolution only: CloudWatch User Guide, "Using Amazon CloudWatch alarms", period). Route 53
 * supports only standard-resolution metrics for alarm-based checks (DG), so 60 s is the shortest period
 * and about a minute the shortest detection.
 */
export const CLOUDWATCH_STANDARD_PERIOD_SECONDS = 60;

/** Statistics Route 53 accepts for an alarm-based check (DG; "Extended statistics aren't supported"). */
export const AlarmStatistic = { Average: "Average", Minimum: "Minimum", Maximum: "Maximum", Sum: "Sum", SampleCount: "SampleCount" } as const;
export type AlarmStatistic = (typeof AlarmStatistic)[keyof typeof AlarmStatistic];

/** CloudWatch comparison operators for a static threshold (API `PutMetricAlarm.ComparisonOperator`). */
export const AlarmComparison = {
  GreaterThanOrEqualToThreshold: "GreaterThanOrEqualToThreshold",
  GreaterThanThreshold: "GreaterThanThreshold",
  LessThanThreshold: "LessThanThreshold",
  LessThanOrEqualToThreshold: "LessThanOrEqualToThreshold",
} as const;
export type AlarmComparison = (typeof AlarmComparison)[keyof typeof AlarmComparison];

/** How CloudWatch treats missing data points (API `PutMetricAlarm.TreatMissingData`). */
export const TreatMissingData = { Breaching: "breaching", NotBreaching: "notBreaching", Ignore: "ignore", Missing: "missing" } as const;
export type TreatMissingData = (typeof TreatMissingData)[keyof typeof TreatMissingData];

/**
 * The health of an alarm-based check while its alarm is INSUFFICIENT_DATA (API
 * `HealthCheckConfig.InsufficientDataHealthStatus`). With LastKnownStatus a new check that has no last
 * status is healthy (DG), so a fresh alarm does not move traffic at deploy time.
 */
export const InsufficientDataHealth = { Healthy: "Healthy", Unhealthy: "Unhealthy", LastKnownStatus: "LastKnownStatus" } as const;
export type InsufficientDataHealth = (typeof InsufficientDataHealth)[keyof typeof InsufficientDataHealth];

/** Active-passive (failover records) or active-active (weighted records). */
export const FailoverMode = { ActivePassive: "active-passive", Weighted: "weighted" } as const;
export type FailoverMode = (typeof FailoverMode)[keyof typeof FailoverMode];

/** What Route 53 health checkers can probe directly. */
export const ProbeProtocol = { Http: "HTTP", Https: "HTTPS", Tcp: "TCP" } as const;
export type ProbeProtocol = (typeof ProbeProtocol)[keyof typeof ProbeProtocol];

/** Route 53 health check types crosscloud creates (API `HealthCheckConfig.Type`). */
export const HealthCheckType = {
  Http: "HTTP",
  Https: "HTTPS",
  HttpStrMatch: "HTTP_STR_MATCH",
  HttpsStrMatch: "HTTPS_STR_MATCH",
  Tcp: "TCP",
  CloudWatchMetric: "CLOUDWATCH_METRIC",
  Calculated: "CALCULATED",
} as const;
export type HealthCheckType = (typeof HealthCheckType)[keyof typeof HealthCheckType];

/** Route 53 checker regions (API `HealthCheckRegion`); a check that names regions needs at least 3. */
export const ROUTE53_CHECKER_REGIONS: readonly string[] = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"];
export const ROUTE53_MIN_CHECKER_REGIONS = 3;

/**
 * Addresses Route 53 health checkers cannot probe: "local, private, nonroutable, or multicast ranges"
 * per RFC 5735 (special-use IPv4) and RFC 6598 (shared address space) (DG health-checks-creating-values).
 * A private endpoint needs an alarm-based check instead (DG dns-failover-private-hosted-zones).
 */
export const UNPROBEABLE_RANGES: readonly { readonly cidr: string; readonly what: string }[] = [
  { cidr: "0.0.0.0/8", what: "\"this\" network (RFC 5735)" },
  { cidr: "10.0.0.0/8", what: "private (RFC 1918)" },
  { cidr: "100.64.0.0/10", what: "shared address space (RFC 6598)" },
  { cidr: "127.0.0.0/8", what: "loopback (RFC 5735)" },
  { cidr: LINK_LOCAL_CIDR, what: "link-local (RFC 3927)" },
  { cidr: "172.16.0.0/12", what: "private (RFC 1918)" },
  { cidr: "192.0.0.0/24", what: "IETF protocol assignments (RFC 5735)" },
  { cidr: DOCUMENTATION_CIDRS.testNet1, what: "documentation, TEST-NET-1 (RFC 5737)" },
  { cidr: "192.88.99.0/24", what: "6to4 relay anycast (RFC 5735)" },
  { cidr: "192.168.0.0/16", what: "private (RFC 1918)" },
  { cidr: "198.18.0.0/15", what: "benchmarking (RFC 5735)" },
  { cidr: DOCUMENTATION_CIDRS.testNet2, what: "documentation, TEST-NET-2 (RFC 5737)" },
  { cidr: DOCUMENTATION_CIDRS.testNet3, what: "documentation, TEST-NET-3 (RFC 5737)" },
  { cidr: "224.0.0.0/4", what: "multicast (RFC 5735)" },
  { cidr: "240.0.0.0/4", what: "reserved (RFC 5735)" },
];
const UNPROBEABLE: readonly { readonly block: Cidr; readonly what: string }[] = UNPROBEABLE_RANGES.map((r) => ({ block: cidr(r.cidr), what: `${r.cidr}, ${r.what}` }));

/** The special-use range `ip` is in, or undefined for an address Route 53 can probe. */
export function unprobeableRange(ip: string): string | undefined {
  return UNPROBEABLE.find((r) => containsIp(r.block, ip))?.what;
}

/** A probe target is private when it is an IPv4 address in a range health checkers cannot reach. */
export const isPrivateTarget = (target: string): boolean => isIpv4(target) && unprobeableRange(target) !== undefined;

// ---- the spec the sdk validates ---------------------------------------------------------------

/** An HTTP(S)/TCP probe by Route 53's health checkers, from the internet. */
export interface FailoverProbeSpec {
  readonly protocol: ProbeProtocol;
  /** @default 80 for HTTP, 443 for HTTPS; required for TCP */
  readonly port?: number;
  /** HTTP(S) only. @default "/" */
  readonly resourcePath?: string;
  /** HTTP(S) only: the check passes when the first 5120 bytes of the body contain it (`*_STR_MATCH`). */
  readonly searchString?: string;
  /**
   * HTTP(S) to an address target only: the `Host` header (and, for HTTPS, the SNI name) Route 53 sends.
   * @default - the address itself; a DNS-name target sends its own name
   */
  readonly hostName?: string;
  /** @default 30 */
  readonly requestInterval?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default - all Route 53 checker regions */
  readonly regions?: readonly string[];
}

/** A CloudWatch alarm as a health source: an existing one by name, or one to create on a metric. */
export interface FailoverAlarmSpec {
  /** An existing alarm's name (for example a VPN `TunnelState` alarm another component made). */
  readonly alarmName?: string;
  /** The metric to alarm on; the alarm is created. Exactly one of `alarmName` and `metric`. */
  readonly metric?: FailoverMetricSpec;
  /**
   * The existing alarm's period, for the recovery estimate only.
   * @default 60 (the shortest standard-resolution period; stated as assumed)
   */
  readonly periodSeconds?: number;
  /** The existing alarm's evaluation periods, for the recovery estimate only. @default 1 (assumed) */
  readonly evaluationPeriods?: number;
  /** @default "LastKnownStatus" */
  readonly insufficientDataHealthStatus?: InsufficientDataHealth;
}

export interface FailoverMetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  /** Dimension names (values may be unknown until deployment). */
  readonly dimensionNames: readonly string[];
  readonly statistic: AlarmStatistic;
  readonly comparisonOperator: AlarmComparison;
  readonly threshold: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default "breaching": a metric that stops arriving is a failure */
  readonly treatMissingData?: TreatMissingData;
}

/** Alarms that say whether an endpoint is reachable at all (the tunnels to it), combined in a CALCULATED check. */
export interface FailoverReachabilitySpec {
  readonly alarms: Readonly<Record<string, FailoverAlarmSpec>>;
  /** @default every alarm (AND) */
  readonly minHealthy?: number;
}

export interface FailoverEndpointSpec {
  /** An IPv4 address (an A record) or a DNS name (a CNAME record). */
  readonly target: string;
  readonly probe?: FailoverProbeSpec;
  readonly alarm?: FailoverAlarmSpec;
  readonly reachability?: FailoverReachabilitySpec;
  /** Weighted mode only. @default 1 */
  readonly weight?: number;
}

export interface FailoverSpec {
  /** The service's DNS label; the record is `<service>.<zone>`. */
  readonly service: string;
  readonly zoneName: string;
  readonly privateZone: boolean;
  readonly primary: FailoverEndpointSpec;
  readonly secondary: FailoverEndpointSpec;
  /** @default 60 */
  readonly ttl?: number;
  /** @default "active-passive" */
  readonly mode?: FailoverMode;
  /** Region of the CloudWatch alarms; required when any endpoint uses an alarm. */
  readonly alarmRegion?: string;
}

/**
 * A "this VPN connection is down" alarm for `reachability`: AWS/VPN `TunnelState` with the `VpnId`
 * dimension only, Maximum ≤ 0 over one 5-minute period, i.e. no tunnel of the connection is up; missing
 * data counts as down (AWS Site-to-Site VPN User Guide, "Monitoring VPN tunnels using Amazon CloudWatch":
 * the connection-level example alarm). The `VpnId` value is the connection's id.
 */
export const VPN_CONNECTION_DOWN_METRIC = {
  namespace: "AWS/VPN",
  metricName: "TunnelState",
  dimensionNames: ["VpnId"],
  statistic: AlarmStatistic.Maximum,
  comparisonOperator: AlarmComparison.LessThanOrEqualToThreshold,
  threshold: 0,
  periodSeconds: 300,
  evaluationPeriods: 1,
  treatMissingData: TreatMissingData.Breaching,
} as const satisfies FailoverMetricSpec;

export const FAILOVER_ROLES = ["primary", "secondary"] as const;
export type FailoverRole = (typeof FAILOVER_ROLES)[number];

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const isInt = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);

function checkProbe(path: string, target: string, probe: FailoverProbeSpec): Issue[] {
  const out: Issue[] = [];
  if (!Object.values(ProbeProtocol).includes(probe.protocol)) {
    out.push(issue(joinPath(path, "protocol"), "HEALTH_CHECK_INVALID", `"${String(probe.protocol)}" is not a protocol Route 53 probes; use ${Object.values(ProbeProtocol).join(", ")}`));
  }
  const range = isIpv4(target) ? unprobeableRange(target) : undefined;
  if (range !== undefined) {
    out.push(
      issue(
        path,
        "PRIVATE_IP_PROBED",
        `${target} is in ${range}: Route 53 health checkers run outside the VPC and cannot probe it; give this endpoint an alarm (a CloudWatch alarm-based health check) instead of a probe`,
      ),
    );
  }
  const interval = probe.requestInterval ?? ROUTE53_HEALTH_CHECK.defaultRequestInterval;
  if (!ROUTE53_HEALTH_CHECK.requestIntervals.includes(interval)) {
    out.push(issue(joinPath(path, "requestInterval"), "HEALTH_CHECK_INVALID", `${interval} s is not a Route 53 request interval; use 10 or 30 s`));
  }
  const threshold = probe.failureThreshold ?? ROUTE53_HEALTH_CHECK.defaultFailures;
  if (!isInt(threshold) || threshold < ROUTE53_HEALTH_CHECK.failuresMin || threshold > ROUTE53_HEALTH_CHECK.failuresMax) {
    out.push(issue(joinPath(path, "failureThreshold"), "HEALTH_CHECK_INVALID", `${threshold} is outside 1–10, the consecutive results Route 53 accepts as a failure threshold`));
  }
  if (probe.port !== undefined && (!isInt(probe.port) || probe.port < 1 || probe.port > 65535)) {
    out.push(issue(joinPath(path, "port"), "PORT_INVALID", `${probe.port} is not a TCP port (1–65535)`));
  }
  if (probe.protocol === ProbeProtocol.Tcp) {
    if (probe.port === undefined) out.push(issue(joinPath(path, "port"), "VALUE_REQUIRED", `a TCP probe needs a port`));
    for (const field of ["resourcePath", "searchString"] as const) {
      if (probe[field] !== undefined) out.push(issue(joinPath(path, field), "OPTION_CONFLICT", `${field} applies to HTTP and HTTPS probes only; a TCP probe only opens a connection`));
    }
  }
  if (probe.hostName !== undefined) {
    if (!isIpv4(target)) out.push(issue(joinPath(path, "hostName"), "OPTION_CONFLICT", `a DNS-name target is probed by its own name; hostName applies to an address target`));
    else if (probe.protocol === ProbeProtocol.Tcp) out.push(issue(joinPath(path, "hostName"), "OPTION_CONFLICT", `a TCP probe sends no Host header`));
    else if (checkZoneName(path, probe.hostName).length > 0) out.push(issue(joinPath(path, "hostName"), "DNS_NAME_INVALID", `"${probe.hostName}" is not a DNS name`));
  }
  for (const field of ["resourcePath", "searchString"] as const) {
    const v = probe[field];
    if (v !== undefined && (v.length === 0 || v.length > ROUTE53_HEALTH_CHECK.maxStringLength)) {
      out.push(issue(joinPath(path, field), "HEALTH_CHECK_INVALID", `must be 1–255 characters (it has ${v.length})`));
    }
  }
  if (probe.regions !== undefined) {
    const unknown = probe.regions.filter((r) => !ROUTE53_CHECKER_REGIONS.includes(r));
    if (unknown.length > 0) out.push(issue(joinPath(path, "regions"), "HEALTH_CHECK_INVALID", `${unknown.join(", ")} ${unknown.length === 1 ? "is not a Route 53 checker region" : "are not Route 53 checker regions"}; use ${ROUTE53_CHECKER_REGIONS.join(", ")}`));
    if (new Set(probe.regions).size < ROUTE53_MIN_CHECKER_REGIONS) out.push(issue(joinPath(path, "regions"), "HEALTH_CHECK_INVALID", `Route 53 needs at least ${ROUTE53_MIN_CHECKER_REGIONS} distinct checker regions (given ${new Set(probe.regions).size})`));
  }
  return out;
}

function checkAlarm(path: string, alarm: FailoverAlarmSpec): Issue[] {
  const out: Issue[] = [];
  if ((alarm.alarmName === undefined) === (alarm.metric === undefined)) {
    out.push(issue(path, "ALARM_INVALID", `give exactly one of alarmName (an existing alarm) and metric (an alarm to create)`));
  }
  if (alarm.alarmName !== undefined && (alarm.alarmName.trim() === "" || alarm.alarmName.length > 255)) {
    out.push(issue(joinPath(path, "alarmName"), "ALARM_INVALID", `an alarm name is 1–255 characters`));
  }
  if (alarm.metric !== undefined && (alarm.periodSeconds !== undefined || alarm.evaluationPeriods !== undefined)) {
    out.push(issue(path, "OPTION_CONFLICT", `periodSeconds/evaluationPeriods describe an existing alarm; for a created one set them under metric`));
  }
  if (alarm.insufficientDataHealthStatus !== undefined && !Object.values(InsufficientDataHealth).includes(alarm.insufficientDataHealthStatus)) {
    out.push(issue(joinPath(path, "insufficientDataHealthStatus"), "ALARM_INVALID", `"${String(alarm.insufficientDataHealthStatus)}" is not one of ${Object.values(InsufficientDataHealth).join(", ")}`));
  }
  const window = alarmWindow(alarm);
  const periodPath = alarm.metric ? joinPath(path, "metric", "periodSeconds") : joinPath(path, "periodSeconds");
  if (!isInt(window.periodSeconds) || window.periodSeconds < CLOUDWATCH_STANDARD_PERIOD_SECONDS || window.periodSeconds % CLOUDWATCH_STANDARD_PERIOD_SECONDS !== 0) {
    out.push(
      issue(
        periodPath,
        "ALARM_INVALID",
        `${window.periodSeconds} s is not a standard-resolution period (a multiple of ${CLOUDWATCH_STANDARD_PERIOD_SECONDS} s); Route 53 alarm-based checks do not support high-resolution metrics`,
      ),
    );
  }
  const evalPath = alarm.metric ? joinPath(path, "metric", "evaluationPeriods") : joinPath(path, "evaluationPeriods");
  if (!isInt(window.evaluationPeriods) || window.evaluationPeriods < 1) out.push(issue(evalPath, "ALARM_INVALID", `${window.evaluationPeriods} is not a positive number of evaluation periods`));
  const m = alarm.metric;
  if (m !== undefined) {
    const mp = joinPath(path, "metric");
    if (m.namespace.trim() === "") out.push(issue(joinPath(mp, "namespace"), "VALUE_REQUIRED", `a CloudWatch namespace is required`));
    if (m.metricName.trim() === "") out.push(issue(joinPath(mp, "metricName"), "VALUE_REQUIRED", `a metric name is required`));
    if (!Object.values(AlarmStatistic).includes(m.statistic)) {
      out.push(issue(joinPath(mp, "statistic"), "ALARM_INVALID", `"${String(m.statistic)}" is not a statistic Route 53 supports; use ${Object.values(AlarmStatistic).join(", ")} (no extended statistics)`));
    }
    if (!Object.values(AlarmComparison).includes(m.comparisonOperator)) {
      out.push(issue(joinPath(mp, "comparisonOperator"), "ALARM_INVALID", `"${String(m.comparisonOperator)}" is not one of ${Object.values(AlarmComparison).join(", ")}`));
    }
    if (typeof m.threshold !== "number" || !Number.isFinite(m.threshold)) out.push(issue(joinPath(mp, "threshold"), "ALARM_INVALID", `the threshold must be a number`));
    if (m.treatMissingData !== undefined && !Object.values(TreatMissingData).includes(m.treatMissingData)) {
      out.push(issue(joinPath(mp, "treatMissingData"), "ALARM_INVALID", `"${String(m.treatMissingData)}" is not one of ${Object.values(TreatMissingData).join(", ")}`));
    }
    if (m.datapointsToAlarm !== undefined && (!isInt(m.datapointsToAlarm) || m.datapointsToAlarm < 1 || m.datapointsToAlarm > window.evaluationPeriods)) {
      out.push(issue(joinPath(mp, "datapointsToAlarm"), "ALARM_INVALID", `${m.datapointsToAlarm} must be 1–${window.evaluationPeriods} (the evaluation periods)`));
    }
  }
  return out;
}

/** How many health checks (hence Route 53 resources) an endpoint needs, and what its record's check is. */
export interface EndpointHealthPlan {
  /** The endpoint's own check: a probe, an alarm, or none. */
  readonly own: "probe" | "alarm" | "none";
  /** Keys of the reachability alarms, sorted. */
  readonly reachabilityKeys: readonly string[];
  /** A CALCULATED check combines own + reachability; `childHealthThreshold` is its threshold. */
  readonly calculated: { readonly childHealthThreshold: number } | undefined;
  /** Whether the record carries a health check at all. */
  readonly checked: boolean;
}

export function endpointHealthPlan(e: FailoverEndpointSpec): EndpointHealthPlan {
  const own = e.probe !== undefined ? "probe" : e.alarm !== undefined ? "alarm" : "none";
  const reachabilityKeys = e.reachability ? sortedKeys(e.reachability.alarms) : [];
  const calculated =
    reachabilityKeys.length > 0 ? { childHealthThreshold: (own === "none" ? 0 : 1) + (e.reachability?.minHealthy ?? reachabilityKeys.length) } : undefined;
  return { own, reachabilityKeys, calculated, checked: own !== "none" || calculated !== undefined };
}

function checkEndpoint(path: string, e: FailoverEndpointSpec, role: FailoverRole, spec: FailoverSpec): Issue[] {
  const out: Issue[] = [];
  const target = e.target;
  const isIp = isIpv4(target);
  if (!isIp && checkZoneName(path, target).length > 0) {
    out.push(issue(joinPath(path, "target"), "FAILOVER_TARGET_INVALID", `"${target}" is neither an IPv4 address (an A record) nor a DNS name (a CNAME record)`));
  }
  if (isIp && !spec.privateZone && unprobeableRange(target) !== undefined) {
    out.push(
      issue(
        joinPath(path, "target"),
        "FAILOVER_TARGET_INVALID",
        `${target} is in ${unprobeableRange(target) ?? ""}: a public hosted zone would publish it to the internet, where it routes nowhere; put the record in a private hosted zone`,
      ),
    );
  }
  if (e.probe !== undefined && e.alarm !== undefined) {
    out.push(issue(path, "OPTION_CONFLICT", `give one health source: a probe (public targets) or an alarm (any target); add further alarms under reachability`));
  }
  if (e.probe !== undefined) out.push(...checkProbe(joinPath(path, "probe"), target, e.probe));
  if (e.alarm !== undefined) out.push(...checkAlarm(joinPath(path, "alarm"), e.alarm));
  if (role === "primary" && e.probe === undefined && e.alarm === undefined) {
    out.push(
      issue(
        path,
        "VALUE_REQUIRED",
        `the primary needs a health source, or Route 53 would never fail over: a probe (HTTP/HTTPS/TCP, public targets) or an alarm (CloudWatch alarm-based check, required for a private IP)`,
      ),
    );
  }
  const r = e.reachability;
  if (r !== undefined) {
    const keys = sortedKeys(r.alarms);
    if (keys.length === 0) out.push(issue(joinPath(path, "reachability", "alarms"), "VALUE_REQUIRED", `list at least one alarm, or leave reachability out`));
    for (const k of keys) {
      out.push(...checkKey(joinPath(path, "reachability", "alarms", k), k));
      out.push(...checkAlarm(joinPath(path, "reachability", "alarms", k), r.alarms[k] as FailoverAlarmSpec));
    }
    const own = e.probe !== undefined || e.alarm !== undefined ? 1 : 0;
    if (own + keys.length > ROUTE53_HEALTH_CHECK.maxChildren) {
      out.push(issue(joinPath(path, "reachability", "alarms"), "HEALTH_CHECK_INVALID", `${own + keys.length} children exceed the ${ROUTE53_HEALTH_CHECK.maxChildren} a calculated check can monitor`));
    }
    const min = r.minHealthy ?? keys.length;
    if (keys.length === 0) {
      // reported above
    } else if (!isInt(min) || min < 1 || min > keys.length) {
      out.push(issue(joinPath(path, "reachability", "minHealthy"), "HEALTH_CHECK_INVALID", `${min} must be 1–${keys.length} (the number of reachability alarms)`));
    } else if (own === 1 && min < keys.length) {
      // own AND (at least min of N) is not one threshold, and Route 53 cannot nest calculated checks.
      out.push(
        issue(
          joinPath(path, "reachability", "minHealthy"),
          "HEALTH_CHECK_INVALID",
          `${min} of ${keys.length} cannot be combined with the endpoint's own health: a calculated check counts healthy children against one threshold, and Route 53 cannot make a calculated check monitor another; require every reachability alarm (leave minHealthy out), or drop the endpoint's own ${e.probe ? "probe" : "alarm"} so the check is "at least ${min} of ${keys.length} paths up"`,
        ),
      );
    }
  }
  if ((spec.mode ?? FailoverMode.ActivePassive) === FailoverMode.ActivePassive) {
    if (e.weight !== undefined) out.push(issue(joinPath(path, "weight"), "OPTION_CONFLICT", `weights apply in weighted mode only; active-passive uses failover records`));
  } else if (e.weight !== undefined && (!isInt(e.weight) || e.weight < 0 || e.weight > ROUTE53_WEIGHT_MAX)) {
    out.push(issue(joinPath(path, "weight"), "WEIGHT_INVALID", `${e.weight} is outside 0–${ROUTE53_WEIGHT_MAX}, the weights Route 53 accepts`));
  }
  return out;
}

/** Validates a failover service, collecting every problem; never throws. */
export function checkFailover(path: string, spec: FailoverSpec): Issue[] {
  const out: Issue[] = [];
  if (!DNS_LABEL.test(spec.service)) {
    out.push(issue(joinPath(path, "service"), "DNS_NAME_INVALID", `"${spec.service}" is not a DNS label (lower-case letters, digits and '-', 1–63 characters, not starting or ending with '-')`));
  }
  out.push(...checkZoneName(joinPath(path, "zoneName"), spec.zoneName));
  const ttl = spec.ttl ?? FAILOVER_DEFAULT_TTL;
  if (!isInt(ttl) || ttl < 0 || ttl > DNS_TTL_MAX) {
    out.push(issue(joinPath(path, "ttl"), "TTL_RANGE", `${ttl} is not a DNS TTL: an integer 0–${DNS_TTL_MAX} seconds (RFC 2181)`));
  }
  const mode = spec.mode ?? FailoverMode.ActivePassive;
  if (!Object.values(FailoverMode).includes(mode)) out.push(issue(joinPath(path, "mode"), "OPTION_CONFLICT", `"${String(mode)}" is not a mode; use ${Object.values(FailoverMode).join(" or ")}`));
  for (const role of FAILOVER_ROLES) out.push(...checkEndpoint(joinPath(path, role), spec[role], role, spec));
  if (isIpv4(spec.primary.target) !== isIpv4(spec.secondary.target)) {
    out.push(
      issue(
        joinPath(path, "secondary", "target"),
        "FAILOVER_TARGET_INVALID",
        `the primary is ${isIpv4(spec.primary.target) ? "an address (A record)" : "a DNS name (CNAME record)"} and the secondary is not: the two records of one name must have one type`,
      ),
    );
  }
  if (spec.primary.target === spec.secondary.target) {
    out.push(issue(joinPath(path, "secondary", "target"), "FAILOVER_TARGET_INVALID", `${spec.secondary.target} is also the primary: failing over would change nothing`));
  }
  const usesAlarm = FAILOVER_ROLES.some((role) => spec[role].alarm !== undefined || spec[role].reachability !== undefined);
  if (usesAlarm && spec.alarmRegion === undefined) {
    out.push(issue(joinPath(path, "alarmRegion"), "VALUE_REQUIRED", `alarm-based health checks name the alarm's region; give the region of the CloudWatch alarms`));
  } else if (spec.alarmRegion !== undefined && !AWS_REGION.test(spec.alarmRegion)) {
    out.push(issue(joinPath(path, "alarmRegion"), "ALARM_INVALID", `"${spec.alarmRegion}" is not an AWS Region name (like us-east-1)`));
  }
  return out;
}

/** The record name: `<service>.<zone>`, lower case, without the trailing dot. */
export const failoverRecordName = (spec: Pick<FailoverSpec, "service" | "zoneName">): string => `${spec.service}.${normalizeZone(spec.zoneName)}`;

/** A record's type: A for an address, CNAME for a DNS name. */
export const failoverRecordType = (target: string): "A" | "CNAME" => (isIpv4(target) ? "A" : "CNAME");

// ---- the health check type a probe becomes ------------------------------------------------------

export function probeHealthCheckType(probe: FailoverProbeSpec): HealthCheckType {
  if (probe.protocol === ProbeProtocol.Tcp) return HealthCheckType.Tcp;
  const https = probe.protocol === ProbeProtocol.Https;
  if (probe.searchString !== undefined) return https ? HealthCheckType.HttpsStrMatch : HealthCheckType.HttpStrMatch;
  return https ? HealthCheckType.Https : HealthCheckType.Http;
}

export const defaultProbePort = (probe: FailoverProbeSpec): number | undefined =>
  probe.port ?? (probe.protocol === ProbeProtocol.Https ? 443 : probe.protocol === ProbeProtocol.Http ? 80 : undefined);

// ---- worst-case recovery ------------------------------------------------------------------------

/** The detection part of an alarm-based check: the alarm's evaluation window. */
export function alarmWindow(alarm: FailoverAlarmSpec): { periodSeconds: number; evaluationPeriods: number; datapointsToAlarm: number; assumed: boolean } {
  const m = alarm.metric;
  const periodSeconds = m?.periodSeconds ?? alarm.periodSeconds ?? CLOUDWATCH_STANDARD_PERIOD_SECONDS;
  const evaluationPeriods = m?.evaluationPeriods ?? alarm.evaluationPeriods ?? 1;
  const datapointsToAlarm = m?.datapointsToAlarm ?? evaluationPeriods;
  const assumed = m === undefined && (alarm.periodSeconds === undefined || alarm.evaluationPeriods === undefined);
  return { periodSeconds, evaluationPeriods, datapointsToAlarm, assumed };
}

export interface RecoveryEstimate {
  /** Seconds from the failure until Route 53 considers the endpoint unhealthy (worst case). */
  readonly detectionSeconds: number;
  /** Seconds a resolver or client may keep serving the old answer: the record's TTL. */
  readonly ttlSeconds: number;
  /** detection + TTL. */
  readonly totalSeconds: number;
  /** How the detection figure was reached, with its source. */
  readonly basis: string;
  /** What is not included because no source states it. */
  readonly excludes: string;
}

/**
 * Worst-case time from the primary failing to the last client being answered with the secondary:
 * detection (how long until Route 53 calls the primary unhealthy) plus the TTL (how long a resolver may
 * still hold the old answer). Detection:
 * - a probe: `requestInterval × failureThreshold` (API `HealthCheckConfig`: the threshold is consecutive
 *   results, one per interval);
 * - an alarm: `period × evaluationPeriods` (the alarm goes to ALARM after `datapointsToAlarm` breaching
 *   points within the last `evaluationPeriods` periods; in the worst case the failure begins just after a
 *   period starts, so the whole window elapses).
 * Not included, because no primary source states them (UNCONFIRMED): CloudWatch's metric publication delay
 * and the lag between an alarm changing state and Route 53 reading it; and clients that ignore TTLs.
 */
export function worstCaseRecovery(spec: FailoverSpec): RecoveryEstimate {
  const ttl = spec.ttl ?? FAILOVER_DEFAULT_TTL;
  const p = spec.primary;
  let detectionSeconds = 0;
  let basis = "";
  if (p.probe !== undefined) {
    const interval = p.probe.requestInterval ?? ROUTE53_HEALTH_CHECK.defaultRequestInterval;
    const threshold = p.probe.failureThreshold ?? ROUTE53_HEALTH_CHECK.defaultFailures;
    detectionSeconds = interval * threshold;
    basis = `${p.probe.protocol} probe every ${interval} s, unhealthy after ${threshold} consecutive failures (Route 53 API HealthCheckConfig)`;
  } else if (p.alarm !== undefined) {
    const w = alarmWindow(p.alarm);
    detectionSeconds = w.periodSeconds * w.evaluationPeriods;
    basis =
      `CloudWatch alarm ${w.evaluationPeriods} × ${w.periodSeconds} s period${w.assumed ? " (assumed: an existing alarm whose period was not given)" : ""}; ` +
      `alarm-based checks take standard-resolution metrics only (Route 53 DG)`;
  }
  const reach = p.reachability ? Object.values(p.reachability.alarms).map((a) => alarmWindow(a)) : [];
  const reachDetection = reach.reduce((m, w) => Math.max(m, w.periodSeconds * w.evaluationPeriods), 0);
  if (reachDetection > detectionSeconds) {
    detectionSeconds = reachDetection;
    basis = `${basis}${basis ? "; " : ""}the primary's slowest reachability alarm (${reachDetection} s)`;
  }
  return {
    detectionSeconds,
    ttlSeconds: ttl,
    totalSeconds: detectionSeconds + ttl,
    basis,
    excludes: "CloudWatch's metric delay and Route 53's alarm-read lag (neither documented; UNCONFIRMED), and clients that ignore TTLs",
  };
}

// ---- what Route 53 answers ----------------------------------------------------------------------

/** A CloudWatch alarm's state (API `MetricAlarm.StateValue`). */
export const AlarmState = { Ok: "OK", Alarm: "ALARM", InsufficientData: "INSUFFICIENT_DATA" } as const;
export type AlarmState = (typeof AlarmState)[keyof typeof AlarmState];

/**
 * The health of an alarm-based check (API `HealthCheckConfig.Type` CLOUDWATCH_METRIC: OK is healthy,
 * ALARM unhealthy, INSUFFICIENT_DATA per `InsufficientDataHealthStatus`; with LastKnownStatus a check
 * with no last status is healthy, DG).
 */
export function alarmCheckHealthy(state: AlarmState, insufficient: InsufficientDataHealth, lastKnown: boolean | undefined): boolean {
  if (state === AlarmState.Ok) return true;
  if (state === AlarmState.Alarm) return false;
  if (insufficient === InsufficientDataHealth.Healthy) return true;
  if (insufficient === InsufficientDataHealth.Unhealthy) return false;
  return lastKnown ?? true;
}

/** A CALCULATED check: healthy when at least `threshold` children are healthy (0: always healthy). */
export const calculatedHealthy = (children: readonly boolean[], threshold: number): boolean => children.filter(Boolean).length >= threshold;

export interface RecordHealth {
  readonly id: string;
  /** `undefined` when the record has no health check: Route 53 always considers it healthy. */
  readonly healthy: boolean | undefined;
  /** Weighted records only. */
  readonly weight?: number;
}

/**
 * Failover records (DG "How Amazon Route 53 chooses records when health checking is configured"):
 * the primary when it is healthy; the secondary when the primary is unhealthy and the secondary healthy
 * (a secondary without a health check counts as healthy); the primary when both are unhealthy.
 */
export function failoverAnswer(primary: RecordHealth, secondary: RecordHealth): string {
  const primaryHealthy = primary.healthy ?? true;
  const secondaryHealthy = secondary.healthy ?? true;
  return !primaryHealthy && secondaryHealthy ? secondary.id : primary.id;
}

/**
 * Weighted records (same DG page): the records Route 53 may answer with, each chosen in proportion to
 * its weight. Records without a health check are healthy; only nonzero weights are considered first,
 * zero weights when every nonzero one is unhealthy; when no record is healthy, all are.
 */
export function weightedCandidates(records: readonly RecordHealth[]): string[] {
  const healthy = (r: RecordHealth): boolean => r.healthy ?? true;
  const nonzero = records.filter((r) => (r.weight ?? 1) > 0);
  const pick = [nonzero.filter(healthy), records.filter((r) => (r.weight ?? 1) === 0).filter(healthy)].find((set) => set.length > 0);
  const chosen = pick ?? (nonzero.length > 0 ? nonzero : records);
  return chosen.map((r) => r.id);
}
