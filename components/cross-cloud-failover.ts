import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
  AlarmComparison,
  AlarmStatistic,
  CLOUDWATCH_STANDARD_PERIOD_SECONDS,
  FAILOVER_DEFAULT_TTL,
  FAILOVER_ROLES,
  FAILOVER_TTL_RECOMMENDED_MAX,
  FailoverMode,
  HealthCheckType,
  InsufficientDataHealth,
  ProbeProtocol,
  ROUTE53_HEALTH_CHECK,
  TreatMissingData,
  VPN_CONNECTION_DOWN_METRIC,
  checkFailover,
  defaultProbePort,
  endpointHealthPlan,
  failoverRecordName,
  failoverRecordType,
  isIpv4,
  probeHealthCheckType,
  throwIfIssues,
  worstCaseRecovery,
  type FailoverAlarmSpec,
  type FailoverEndpointSpec,
  type FailoverRole,
  type FailoverSpec,
} from "../sdk";
import { TYPE } from "./type-tokens";

/**
 * Health-checked DNS failover for a service that runs on both clouds (issue 17; the facts and their
 * sources are in sdk/failover.ts):
 *
 *   <service>.<zone>  PRIMARY   → the AWS endpoint    health: a probe, or a CloudWatch alarm
 *                     SECONDARY → the Azure endpoint  health: its own check AND the paths to it (CALCULATED)
 *
 * Route 53 health checkers run outside the VPC, so a private endpoint is watched through a CloudWatch
 * alarm (a `CLOUDWATCH_METRIC` check); public endpoints (an ALB, an Application Gateway's public IP) are
 * probed over HTTP, HTTPS or TCP. Azure has no health-checked routing for private names (Traffic Manager
 * serves public endpoints only; Azure Private DNS has no health checks), so Route 53 is the one authority
 * and Azure clients reach it through the DNS Private Resolver forwarding `CrossCloudDns` builds. If every
 * path between the clouds is down, Azure cannot reach Route 53 at all: see the README ("DNS failover").
 */

/** An HTTP(S) or TCP probe by Route 53's health checkers (public targets only). */
export interface FailoverProbeArgs {
  /** HTTP, HTTPS or TCP. */
  readonly protocol: ProbeProtocol;
  /**
   * Port to probe.
   * @default 80 for HTTP, 443 for HTTPS (required for TCP)
   */
  readonly port?: number;
  /**
   * Path requested by HTTP(S) probes.
   * @default "/"
   */
  readonly resourcePath?: string;
  /**
   * HTTP(S): healthy only when the first 5120 bytes of the body contain this string.
   * @default - any 2xx/3xx status is healthy
   */
  readonly searchString?: string;
  /**
   * HTTP(S) to an address target: the Host header and SNI name to send.
   * @default - the address (a DNS-name target sends its own name)
   */
  readonly hostName?: string;
  /**
   * Seconds between one checker's requests: 10 or 30 (10 is billed extra; fixed after creation).
   * @default 30
   */
  readonly requestInterval?: number;
  /**
   * Consecutive failures (1–10) before the endpoint is unhealthy.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Route 53 checker regions (at least 3).
   * @default - all of them
   */
  readonly regions?: string[];
}

/** A metric to alarm on; the component creates the CloudWatch alarm. */
export interface FailoverMetricArgs {
  /** CloudWatch namespace, like `AWS/NetworkELB`. */
  readonly namespace: string;
  /** Metric name, like `HealthyHostCount`. */
  readonly metricName: string;
  /**
   * The metric's dimensions.
   * @default {}
   */
  readonly dimensions?: Record<string, pulumi.Input<string>>;
  /** Average, Minimum, Maximum, Sum or SampleCount (Route 53 takes no extended statistics). */
  readonly statistic: AlarmStatistic;
  /** How the statistic is compared with `threshold` (the alarm fires when the comparison holds). */
  readonly comparisonOperator: AlarmComparison;
  /** The value the statistic is compared with. */
  readonly threshold: number;
  /**
   * Seconds per period: 60 or a multiple (standard resolution; Route 53 takes no high-resolution metrics).
   * @default 60
   */
  readonly periodSeconds?: number;
  /**
   * Periods evaluated.
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching periods (of `evaluationPeriods`) that raise the alarm.
   * @default evaluationPeriods
   */
  readonly datapointsToAlarm?: number;
  /**
   * Missing data: "breaching" means a metric that stops arriving is a failure.
   * @default "breaching"
   */
  readonly treatMissingData?: TreatMissingData;
}

/** A CloudWatch alarm as a health source: an existing alarm by name, or one created on a metric. */
export interface FailoverAlarmArgs {
  /**
   * An existing alarm (for example a VPN connection's TunnelState alarm). Exactly one of this and `metric`.
   * @default - none; then `metric` is required
   */
  readonly alarmName?: string;
  /**
   * Create an alarm on this metric. Exactly one of this and `alarmName`.
   * @default - none; then `alarmName` is required
   */
  readonly metric?: FailoverMetricArgs;
  /**
   * An existing alarm's period, for the recovery estimate only.
   * @default 60 (assumed, and said so in the estimate)
   */
  readonly periodSeconds?: number;
  /**
   * An existing alarm's evaluation periods, for the recovery estimate only.
   * @default 1 (assumed)
   */
  readonly evaluationPeriods?: number;
  /**
   * The health check's status while the alarm has insufficient data.
   * @default "LastKnownStatus" (a new check is healthy, so a fresh alarm moves no traffic)
   */
  readonly insufficientDataHealthStatus?: InsufficientDataHealth;
}

/** Alarms on the paths to an endpoint (VPN connections, say), combined with its own health in a CALCULATED check. */
export interface FailoverReachabilityArgs {
  /** The alarms, keyed by a stable slug (it names the health checks). */
  readonly alarms: Record<string, FailoverAlarmArgs>;
  /**
   * How many must be OK for the endpoint to count as reachable. Below all of them only when the endpoint
   * has no own health source (Route 53 cannot nest calculated checks).
   * @default - all of them
   */
  readonly minHealthy?: number;
}

/** One side of the service. */
export interface FailoverEndpointArgs {
  /** An IPv4 address (an A record) or a DNS name (a CNAME record). */
  readonly target: string;
  /**
   * Probe the target directly (public targets only).
   * @default - none
   */
  readonly probe?: FailoverProbeArgs;
  /**
   * The endpoint's health from a CloudWatch alarm (the way to watch a private IP).
   * @default - none
   */
  readonly alarm?: FailoverAlarmArgs;
  /**
   * Alarms that say whether the endpoint can be reached at all; the record is healthy only when they are OK.
   * @default - none
   */
  readonly reachability?: FailoverReachabilityArgs;
  /**
   * Weighted mode: the record's weight (0–255).
   * @default 1
   */
  readonly weight?: number;
}

export interface CrossCloudFailoverArgs {
  /** The service's DNS label; the record is `<service>.<zoneName>`. */
  readonly service: string;
  /** The Route 53 hosted zone that holds the records. */
  readonly zoneId: pulumi.Input<string>;
  /** The zone's name (the record name is built from it). */
  readonly zoneName: string;
  /** Whether the zone is a private hosted zone (private IP targets are allowed only there). */
  readonly privateZone: boolean;
  /** Where clients go while it is healthy (active-passive), or one of the weighted pair. */
  readonly primary: FailoverEndpointArgs;
  /** Where clients go when the primary is unhealthy and this one healthy. */
  readonly secondary: FailoverEndpointArgs;
  /**
   * TTL of both records, seconds. Route 53 recommends 60 or less with health checks.
   * @default 60
   */
  readonly ttl?: number;
  /**
   * active-passive (failover records) or weighted (both answer, by weight, while healthy).
   * @default "active-passive"
   */
  readonly mode?: FailoverMode;
  /**
   * The AWS Region of the CloudWatch alarms; required when an endpoint uses an alarm.
   * @default - none
   */
  readonly alarmRegion?: string;
  /**
   * Tags for the health checks and alarms.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The worst-case recovery estimate (sdk `worstCaseRecovery`). */
export interface FailoverRecoveryInfo {
  /** Seconds until Route 53 calls the primary unhealthy. */
  readonly detectionSeconds: number;
  /** The records' TTL. */
  readonly ttlSeconds: number;
  /** detection + TTL. */
  readonly totalSeconds: number;
  /** How the detection figure was reached. */
  readonly basis: string;
  /** What the estimate leaves out. */
  readonly excludes: string;
}

function alarmSpec(a: FailoverAlarmArgs): FailoverAlarmSpec {
  const m = a.metric;
  return {
    ...(a.alarmName !== undefined ? { alarmName: a.alarmName } : {}),
    ...(m !== undefined ? { metric: { ...m, dimensionNames: Object.keys(m.dimensions ?? {}) } } : {}),
    ...(a.periodSeconds !== undefined ? { periodSeconds: a.periodSeconds } : {}),
    ...(a.evaluationPeriods !== undefined ? { evaluationPeriods: a.evaluationPeriods } : {}),
    ...(a.insufficientDataHealthStatus !== undefined ? { insufficientDataHealthStatus: a.insufficientDataHealthStatus } : {}),
  };
}

function endpointSpec(e: FailoverEndpointArgs): FailoverEndpointSpec {
  return {
    target: e.target,
    ...(e.probe !== undefined ? { probe: e.probe } : {}),
    ...(e.alarm !== undefined ? { alarm: alarmSpec(e.alarm) } : {}),
    ...(e.reachability !== undefined
      ? {
          reachability: {
            alarms: Object.fromEntries(Object.entries(e.reachability.alarms).map(([k, a]) => [k, alarmSpec(a)])),
            ...(e.reachability.minHealthy !== undefined ? { minHealthy: e.reachability.minHealthy } : {}),
          },
        }
      : {}),
    ...(e.weight !== undefined ? { weight: e.weight } : {}),
  };
}

/** The sdk's view of the args: plain data, validated there. */
export function failoverSpec(args: CrossCloudFailoverArgs): FailoverSpec {
  return {
    service: args.service,
    zoneName: args.zoneName,
    privateZone: args.privateZone,
    primary: endpointSpec(args.primary),
    secondary: endpointSpec(args.secondary),
    ...(args.ttl !== undefined ? { ttl: args.ttl } : {}),
    ...(args.mode !== undefined ? { mode: args.mode } : {}),
    ...(args.alarmRegion !== undefined ? { alarmRegion: args.alarmRegion } : {}),
  };
}

/** A "this VPN connection is down" alarm for `reachability` (sdk `VPN_CONNECTION_DOWN_METRIC`, with its source). */
export function vpnConnectionDownAlarm(vpnConnectionId: pulumi.Input<string>): FailoverAlarmArgs {
  const { dimensionNames, ...metric } = VPN_CONNECTION_DOWN_METRIC;
  void dimensionNames; // the one dimension: VpnId
  return { metric: { ...metric, dimensions: { VpnId: vpnConnectionId } } };
}

/**
 * Route 53 health checks and failover (or weighted) records for one service on both clouds, with the
 * CloudWatch alarms that feed the checks of private endpoints. Validates everything (all problems at
 * once) before registering anything.
 */
export class CrossCloudFailover extends pulumi.ComponentResource {
  /** `<service>.<zone>`. */
  public readonly recordName: string;
  /** A or CNAME. */
  public readonly recordType: string;
  /** The primary's record. */
  public readonly primaryRecordId: pulumi.Output<string>;
  /** The secondary's record. */
  public readonly secondaryRecordId: pulumi.Output<string>;
  /** The health check on the primary's record (its own check, or the CALCULATED one). */
  public readonly primaryHealthCheckId: pulumi.Output<string> | undefined;
  /** The health check on the secondary's record; none when it has no health source (then it always counts as healthy). */
  public readonly secondaryHealthCheckId: pulumi.Output<string> | undefined;
  /** Every health check, by role and purpose (`primary`, `secondary-calculated`, `secondary-reach-<key>`). */
  public readonly healthCheckIds: Record<string, pulumi.Output<string>> = {};
  /** Names of every alarm the checks watch, given or created, by the same keys as `healthCheckIds`. */
  public readonly alarmNames: Record<string, pulumi.Output<string>> = {};
  /** Worst-case time from the primary failing until clients are answered with the secondary. */
  public readonly recovery: FailoverRecoveryInfo;

  constructor(name: string, args: CrossCloudFailoverArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const spec = failoverSpec(args);
    throwIfIssues(checkFailover(name, spec), `crosscloud CrossCloudFailover "${name}"`);
    super(TYPE.CrossCloudFailover, name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    const ttl = args.ttl ?? FAILOVER_DEFAULT_TTL;
    if (ttl > FAILOVER_TTL_RECOMMENDED_MAX) {
      pulumi.log.warn(`TTL ${ttl} s: Route 53 recommends ${FAILOVER_TTL_RECOMMENDED_MAX} s or less with health checks; clients may keep a failed answer that long`, this);
    }
    this.recordName = failoverRecordName(spec);
    this.recordType = failoverRecordType(args.primary.target);
    this.recovery = { ...worstCaseRecovery(spec) };
    const mode = args.mode ?? FailoverMode.ActivePassive;

    /** An alarm-based check on an existing alarm or on one created here. */
    const alarmCheck = (key: string, purpose: string, a: FailoverAlarmArgs): aws.route53.HealthCheck => {
      let alarmName: pulumi.Output<string>;
      if (a.alarmName !== undefined) {
        alarmName = pulumi.output(a.alarmName);
      } else {
        const m = a.metric as FailoverMetricArgs;
        const evaluationPeriods = m.evaluationPeriods ?? 1;
        alarmName = new aws.cloudwatch.MetricAlarm(
          `${name}-${key}-alarm`,
          {
            alarmDescription: `crosscloud: ${purpose} of ${this.recordName} (feeds a Route 53 health check)`,
            namespace: m.namespace,
            metricName: m.metricName,
            dimensions: m.dimensions ?? {},
            statistic: m.statistic,
            comparisonOperator: m.comparisonOperator,
            threshold: m.threshold,
            period: m.periodSeconds ?? CLOUDWATCH_STANDARD_PERIOD_SECONDS,
            evaluationPeriods,
            datapointsToAlarm: m.datapointsToAlarm ?? evaluationPeriods,
            treatMissingData: m.treatMissingData ?? TreatMissingData.Breaching,
            region: args.alarmRegion as string,
            tags: { ...tags, Name: `${name}-${key}-alarm` },
          },
          parent,
        ).name;
      }
      this.alarmNames[key] = alarmName;
      const check = new aws.route53.HealthCheck(
        `${name}-${key}-hc`,
        {
          type: HealthCheckType.CloudWatchMetric,
          cloudwatchAlarmName: alarmName,
          cloudwatchAlarmRegion: args.alarmRegion as string,
          insufficientDataHealthStatus: a.insufficientDataHealthStatus ?? InsufficientDataHealth.LastKnownStatus,
          // Named after the resource, as every AWS resource of the stack (the record and purpose are in its alarm).
          tags: { ...tags, Name: `${name}-${key}-hc` },
        },
        parent,
      );
      this.healthCheckIds[key] = check.id;
      return check;
    };

    const probeCheck = (key: string, target: string, probe: FailoverProbeArgs): aws.route53.HealthCheck => {
      const ip = isIpv4(target);
      const fqdn = ip ? probe.hostName : target;
      const check = new aws.route53.HealthCheck(
        `${name}-${key}-hc`,
        {
          type: probeHealthCheckType(probe),
          ...(ip ? { ipAddress: target } : {}),
          ...(fqdn !== undefined ? { fqdn } : {}),
          port: defaultProbePort(probe) as number,
          ...(probe.protocol !== ProbeProtocol.Tcp ? { resourcePath: probe.resourcePath ?? "/" } : {}),
          ...(probe.searchString !== undefined ? { searchString: probe.searchString } : {}),
          ...(probe.protocol === ProbeProtocol.Https && fqdn !== undefined ? { enableSni: true } : {}),
          requestInterval: probe.requestInterval ?? ROUTE53_HEALTH_CHECK.defaultRequestInterval,
          failureThreshold: probe.failureThreshold ?? ROUTE53_HEALTH_CHECK.defaultFailures,
          ...(probe.regions !== undefined ? { regions: probe.regions } : {}),
          tags: { ...tags, Name: `${name}-${key}-hc` },
        },
        parent,
      );
      this.healthCheckIds[key] = check.id;
      return check;
    };

    const recordIds: Partial<Record<FailoverRole, pulumi.Output<string>>> = {};
    const recordChecks: Partial<Record<FailoverRole, pulumi.Output<string>>> = {};
    for (const role of FAILOVER_ROLES) {
      const e = args[role];
      const plan = endpointHealthPlan(spec[role]);
      const own = e.probe !== undefined ? probeCheck(role, e.target, e.probe) : e.alarm !== undefined ? alarmCheck(role, `${role} health`, e.alarm) : undefined;
      const reach = plan.reachabilityKeys.map((k) =>
        alarmCheck(`${role}-reach-${k}`, `${role} reachability (${k})`, (e.reachability as FailoverReachabilityArgs).alarms[k] as FailoverAlarmArgs),
      );
      let check = own;
      if (plan.calculated !== undefined) {
        // Healthy only when its own check and the paths to it are: the standby takes over only when reachable.
        check = new aws.route53.HealthCheck(
          `${name}-${role}-calculated-hc`,
          {
            type: HealthCheckType.Calculated,
            childHealthchecks: [...(own ? [own.id] : []), ...reach.map((c) => c.id)],
            childHealthThreshold: plan.calculated.childHealthThreshold,
            tags: { ...tags, Name: `${name}-${role}-calculated-hc` },
          },
          parent,
        );
        this.healthCheckIds[`${role}-calculated`] = check.id;
      }
      const record = new aws.route53.Record(
        `${name}-${role}`,
        {
          zoneId: args.zoneId,
          name: this.recordName,
          type: this.recordType,
          ttl,
          records: [e.target],
          setIdentifier: `${args.service}-${role}`,
          ...(check !== undefined ? { healthCheckId: check.id } : {}),
          ...(mode === FailoverMode.ActivePassive
            ? { failoverRoutingPolicies: [{ type: role === "primary" ? "PRIMARY" : "SECONDARY" }] }
            : { weightedRoutingPolicies: [{ weight: e.weight ?? 1 }] }),
        },
        parent,
      );
      recordIds[role] = record.id;
      if (check !== undefined) recordChecks[role] = check.id;
    }
    this.primaryRecordId = recordIds.primary as pulumi.Output<string>;
    this.secondaryRecordId = recordIds.secondary as pulumi.Output<string>;
    this.primaryHealthCheckId = recordChecks.primary;
    this.secondaryHealthCheckId = recordChecks.secondary;
    this.registerOutputs({
      recordName: this.recordName,
      recordType: this.recordType,
      primaryRecordId: this.primaryRecordId,
      secondaryRecordId: this.secondaryRecordId,
      primaryHealthCheckId: this.primaryHealthCheckId,
      secondaryHealthCheckId: this.secondaryHealthCheckId,
      healthCheckIds: this.healthCheckIds,
      alarmNames: this.alarmNames,
      recovery: this.recovery,
    });
  }
}
