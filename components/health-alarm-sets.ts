import * as pulumi from "@pulumi/pulumi";
import { AlarmNames, InterconnectPlan, VpnPlan, planInterconnectAlarms, planVpnAlarms } from "../sdk";
import { AlarmActions, HealthAlarmsArgs, alarmsEnabled } from "./health-alarms";
import { AwsTunnelTarget, awsAlarmTopic, awsDxAlarms, awsVpnAlarms } from "./health-alarms-aws";
import { azureActionGroup, azureExpressRouteAlerts, azureVpnAlerts } from "./health-alarms-azure";

/**
 * The alarm sets a component builds, one call each: the hooks `SiteToSiteVpn` and
 * `ExpressRouteInterconnect` use, so the components themselves only pass what they created.
 */

/** What a component reports about its alarms. */
export interface HealthAlarmsResult {
  readonly names: AlarmNames;
  /** The topic and action group notified; undefined when the alarms are off. */
  readonly actions: AlarmActions | undefined;
}

const NONE: HealthAlarmsResult = { names: { aws: [], azure: [] }, actions: undefined };

function resolveActions(parent: pulumi.Resource, name: string, args: HealthAlarmsArgs, resourceGroupName: pulumi.Input<string>, tags: Readonly<Record<string, string>>): AlarmActions {
  return {
    snsTopicArn: awsAlarmTopic(parent, name, args, tags),
    actionGroupId: azureActionGroup({ parent, name, resourceGroupName, args, tags }),
  };
}

/** The VPN's alarms (see `planVpnAlarms`): per AWS tunnel and connection, per Azure BGP peer in use, routes learned. */
export function vpnHealthAlarms(opts: {
  readonly parent: pulumi.Resource;
  readonly name: string;
  readonly args: HealthAlarmsArgs | undefined;
  readonly plan: VpnPlan;
  readonly tunnels: Readonly<Record<string, AwsTunnelTarget>>;
  readonly vpnConnectionIds: Readonly<Record<string, pulumi.Input<string>>>;
  readonly gatewayId: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}): HealthAlarmsResult {
  if (!alarmsEnabled(opts.args)) return NONE;
  const args = opts.args ?? {};
  const thresholds = args.thresholds ?? {};
  const plan = planVpnAlarms(opts.name, opts.plan, thresholds);
  const actions = resolveActions(opts.parent, opts.name, args, opts.resourceGroupName, opts.tags);
  const aws = awsVpnAlarms({ parent: opts.parent, plan, tunnels: opts.tunnels, vpnConnectionIds: opts.vpnConnectionIds, topicArn: actions.snsTopicArn, thresholds, tags: opts.tags });
  const azure = azureVpnAlerts({
    parent: opts.parent,
    plan,
    gatewayId: opts.gatewayId,
    resourceGroupName: opts.resourceGroupName,
    actionGroupId: actions.actionGroupId,
    thresholds,
    tags: opts.tags,
  });
  return { names: { aws, azure }, actions };
}

/** The interconnect's alarms (see `planInterconnectAlarms`): ExpressRoute availability, DX connection and VIF BGP. */
export function interconnectHealthAlarms(opts: {
  readonly parent: pulumi.Resource;
  readonly name: string;
  readonly args: HealthAlarmsArgs | undefined;
  readonly plan: InterconnectPlan;
  readonly circuitId: pulumi.Input<string>;
  readonly dxConnectionId: pulumi.Input<string> | undefined;
  readonly virtualInterfaceId: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}): HealthAlarmsResult {
  if (!alarmsEnabled(opts.args)) return NONE;
  const args = opts.args ?? {};
  const thresholds = args.thresholds ?? {};
  const plan = planInterconnectAlarms(opts.name, { dxConnectionKnown: opts.dxConnectionId !== undefined });
  const actions = resolveActions(opts.parent, opts.name, args, opts.resourceGroupName, opts.tags);
  const azure = azureExpressRouteAlerts({
    parent: opts.parent,
    plan,
    circuitId: opts.circuitId,
    resourceGroupName: opts.resourceGroupName,
    actionGroupId: actions.actionGroupId,
    thresholds,
    enabled: opts.plan.expressRoute.providerProvisioned,
    tags: opts.tags,
  });
  const aws = awsDxAlarms({
    parent: opts.parent,
    plan,
    connectionId: opts.dxConnectionId,
    virtualInterfaceId: opts.virtualInterfaceId,
    topicArn: actions.snsTopicArn,
    thresholds,
    tags: opts.tags,
  });
  return { names: { aws, azure }, actions };
}
