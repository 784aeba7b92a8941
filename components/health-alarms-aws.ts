import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AWS_DX_METRICS, AWS_VPN_METRICS, HEALTH_ALARM_DEFAULTS, HealthAlarmThresholds, InterconnectAlarmPlan, VpnAlarmPlan } from "../sdk";
import { HealthAlarmsArgs } from "./health-alarms";

/**
 * CloudWatch alarms for the AWS side: one per VPN tunnel and one per VPN connection on `AWS/VPN`
 * `TunnelState`, and Direct Connect `ConnectionState` / `VirtualInterfaceBgpStatus` on `AWS/DX`. The facts
 * (metric names, dimensions, what 0 and 1 mean) and their sources are in sdk/health-alarms.ts.
 */

/** The given SNS topic, or a new one (with email subscriptions) named after the component. */
export function awsAlarmTopic(parent: pulumi.Resource, name: string, args: HealthAlarmsArgs, tags: Readonly<Record<string, string>>): pulumi.Input<string> {
  if (args.snsTopicArn !== undefined) return args.snsTopicArn;
  const topic = new aws.sns.Topic(`${name}-health`, { name: `${name}-health`, tags: { ...tags, Name: `${name}-health` } }, { parent });
  for (const email of args.notifyEmails ?? []) {
    // SNS sends a confirmation mail; until it is confirmed the subscription stays PendingConfirmation.
    new aws.sns.TopicSubscription(`${name}-health-${email}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent });
  }
  return topic.arn;
}

/** One tunnel's AWS identity: its VPN connection and its outside address (the `TunnelIpAddress` dimension). */
export interface AwsTunnelTarget {
  readonly vpnConnectionId: pulumi.Input<string>;
  readonly tunnelAddress: pulumi.Input<string>;
}

/** What differs between the AWS health alarms; everything else they share (see {@link stateAlarm}). */
interface StateAlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  /** Minimum: any datapoint below 1 breaches; Maximum: all of the dimension's series below 1 (every tunnel). */
  readonly statistic: "Minimum" | "Maximum";
  readonly period: number;
  readonly periods: number;
}

/**
 * A state metric (1 up, 0 down) below 1 for `periods` consecutive periods; missing data breaches (a tunnel or
 * session that stops reporting is not healthy). Notifies the topic on ALARM and on the way back to OK.
 */
function stateAlarm(s: StateAlarmSpec, common: { readonly parent: pulumi.Resource; readonly topicArn: pulumi.Input<string>; readonly tags: Readonly<Record<string, string>> }): string {
  new aws.cloudwatch.MetricAlarm(
    s.name,
    {
      name: s.name,
      alarmDescription: s.description,
      namespace: s.namespace,
      metricName: s.metricName,
      dimensions: s.dimensions,
      statistic: s.statistic,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      period: s.period,
      evaluationPeriods: s.periods,
      datapointsToAlarm: s.periods,
      treatMissingData: "breaching",
      actionsEnabled: true,
      alarmActions: [common.topicArn],
      okActions: [common.topicArn],
      tags: { ...common.tags, Name: s.name },
    },
    { parent: common.parent },
  );
  return s.name;
}

/**
 * The VPN's CloudWatch alarms: per tunnel `TunnelState` Minimum < 1 (with BGP, below 1 means the session is
 * not established), and per connection Maximum < 1 over the `VpnId` dimension alone (every tunnel down).
 * Missing data is breaching: a tunnel that stops reporting is not a healthy tunnel. Returns the alarm names.
 */
export function awsVpnAlarms(opts: {
  readonly parent: pulumi.Resource;
  readonly plan: VpnAlarmPlan;
  readonly tunnels: Readonly<Record<string, AwsTunnelTarget>>;
  readonly vpnConnectionIds: Readonly<Record<string, pulumi.Input<string>>>;
  readonly topicArn: pulumi.Input<string>;
  readonly thresholds: HealthAlarmThresholds;
  readonly tags: Readonly<Record<string, string>>;
}): string[] {
  const t = opts.thresholds;
  const period = t.awsPeriodSeconds ?? HEALTH_ALARM_DEFAULTS.awsPeriodSeconds;
  const periods = t.awsEvaluationPeriods ?? HEALTH_ALARM_DEFAULTS.awsEvaluationPeriods;
  const names: string[] = [];
  for (const a of opts.plan.awsTunnels) {
    const target = opts.tunnels[a.tunnelKey] as AwsTunnelTarget;
    names.push(
      stateAlarm(
        {
          name: a.name,
          description: `VPN tunnel ${a.tunnelKey} (connection ${a.connection}, tunnel ${a.awsTunnel}) is down: its BGP session is not established. Check the tunnel's IKE/IPsec and BGP state on both clouds (crosscloud verify).`,
          namespace: AWS_VPN_METRICS.namespace,
          metricName: AWS_VPN_METRICS.tunnelState,
          dimensions: { [AWS_VPN_METRICS.dimensions.vpnId]: target.vpnConnectionId, [AWS_VPN_METRICS.dimensions.tunnelIpAddress]: target.tunnelAddress },
          statistic: "Minimum",
          period,
          periods,
        },
        opts,
      ),
    );
  }
  for (const a of opts.plan.awsConnections) {
    names.push(
      stateAlarm(
        {
          name: a.name,
          description: `Every tunnel of VPN connection ${a.connection} is down: no path between the clouds over it.`,
          namespace: AWS_VPN_METRICS.namespace,
          metricName: AWS_VPN_METRICS.tunnelState,
          dimensions: { [AWS_VPN_METRICS.dimensions.vpnId]: opts.vpnConnectionIds[a.connection] as pulumi.Input<string> },
          statistic: "Maximum",
          period,
          periods,
        },
        opts,
      ),
    );
  }
  return names;
}

/**
 * Direct Connect alarms, when the component knows the DX connection (it created the transit VIF on it):
 * `ConnectionState` < 1 for `dxEvaluationPeriods` 1-minute periods (the Direct Connect User Guide's example),
 * and the VIF's `VirtualInterfaceBgpStatus` < 1. Returns the alarm names.
 */
export function awsDxAlarms(opts: {
  readonly parent: pulumi.Resource;
  readonly plan: InterconnectAlarmPlan;
  readonly connectionId: pulumi.Input<string> | undefined;
  readonly virtualInterfaceId: pulumi.Input<string>;
  readonly topicArn: pulumi.Input<string>;
  readonly thresholds: HealthAlarmThresholds;
  readonly tags: Readonly<Record<string, string>>;
}): string[] {
  const names: string[] = [];
  const { plan, connectionId } = opts;
  if (connectionId === undefined) return names;
  const dims = AWS_DX_METRICS.dimensions;
  if (plan.dxConnection !== undefined) {
    const periods = opts.thresholds.dxEvaluationPeriods ?? HEALTH_ALARM_DEFAULTS.dxEvaluationPeriods;
    names.push(
      stateAlarm(
        {
          name: plan.dxConnection,
          description: "The Direct Connect connection is down (ConnectionState 0): the interconnect's AWS leg has no link; traffic falls back to the VPN.",
          namespace: AWS_DX_METRICS.namespace,
          metricName: AWS_DX_METRICS.connectionState,
          dimensions: { [dims.connectionId]: connectionId },
          statistic: "Minimum",
          period: 60,
          periods,
        },
        opts,
      ),
    );
  }
  if (plan.dxVirtualInterfaceBgp !== undefined) {
    const period = opts.thresholds.awsPeriodSeconds ?? HEALTH_ALARM_DEFAULTS.awsPeriodSeconds;
    const periods = opts.thresholds.awsEvaluationPeriods ?? HEALTH_ALARM_DEFAULTS.awsEvaluationPeriods;
    names.push(
      stateAlarm(
        {
          name: plan.dxVirtualInterfaceBgp,
          description: "The transit VIF's BGP session is down (VirtualInterfaceBgpStatus 0): AWS learns nothing from the provider router. Missing data also alarms, so a wrong dimension set shows at once.",
          namespace: AWS_DX_METRICS.namespace,
          metricName: AWS_DX_METRICS.virtualInterfaceBgpStatus,
          dimensions: { [dims.connectionId]: connectionId, [dims.virtualInterfaceId]: opts.virtualInterfaceId },
          statistic: "Minimum",
          period,
          periods,
        },
        opts,
      ),
    );
  }
  return names;
}
