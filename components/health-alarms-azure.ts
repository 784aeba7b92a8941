import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { AZURE_EXPRESSROUTE_METRICS, AZURE_METRIC_ALERT, AZURE_VPN_GATEWAY_METRICS, HEALTH_ALARM_DEFAULTS, HealthAlarmThresholds, InterconnectAlarmPlan, VpnAlarmPlan } from "../sdk";
import { HealthAlarmsArgs } from "./health-alarms";

/**
 * Azure Monitor metric alerts for the Azure side: per BGP peer in use on the VPN gateway's `BgpPeerStatus`,
 * one on `BgpRoutesLearned`, and ExpressRoute circuit `BgpAvailability` / `ArpAvailability`. The facts and
 * their sources are in sdk/health-alarms.ts.
 */

/** An action group's short name: at most 12 characters (ARM `groupShortName`). */
const shortName = (name: string): string => name.replace(/[^A-Za-z0-9-]/g, "").slice(0, 12);

/** The given action group, or a new one (with email receivers) named after the component. */
export function azureActionGroup(opts: {
  readonly parent: pulumi.Resource;
  readonly name: string;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly args: HealthAlarmsArgs;
  readonly tags: Readonly<Record<string, string>>;
}): pulumi.Input<string> {
  if (opts.args.actionGroupId !== undefined) return opts.args.actionGroupId;
  const group = new monitor.ActionGroup(
    `${opts.name}-health`,
    {
      resourceGroupName: opts.resourceGroupName,
      actionGroupName: `${opts.name}-health`,
      groupShortName: shortName(opts.name),
      // Action groups are global resources (ARM template reference, Microsoft.Insights/actionGroups).
      location: "Global",
      enabled: true,
      emailReceivers: (opts.args.notifyEmails ?? []).map((email) => ({ name: email, emailAddress: email, useCommonAlertSchema: true })),
      tags: { ...opts.tags },
    },
    { parent: opts.parent },
  );
  return group.id;
}

interface AlertSpec {
  readonly name: string;
  readonly description: string;
  readonly scope: pulumi.Input<string>;
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly timeAggregation: "Average" | "Minimum" | "Maximum" | "Total";
  readonly threshold: number;
  readonly severity: number;
  readonly window: string;
  readonly frequency: string;
  readonly dimensions: { name: string; values: string[] }[];
  readonly enabled: boolean;
}

function metricAlert(parent: pulumi.Resource, resourceGroupName: pulumi.Input<string>, actionGroupId: pulumi.Input<string>, tags: Readonly<Record<string, string>>, a: AlertSpec): string {
  new monitor.MetricAlert(
    a.name,
    {
      resourceGroupName,
      ruleName: a.name,
      location: AZURE_METRIC_ALERT.location,
      description: a.description,
      severity: a.severity,
      enabled: a.enabled,
      scopes: [a.scope],
      evaluationFrequency: a.frequency,
      windowSize: a.window,
      // Resolve by itself when the metric recovers, so the alert's state is the link's state.
      autoMitigate: true,
      criteria: {
        odataType: AZURE_METRIC_ALERT.singleResourceCriteria,
        allOf: [
          {
            criterionType: AZURE_METRIC_ALERT.staticThreshold,
            name: a.metricName,
            metricNamespace: a.metricNamespace,
            metricName: a.metricName,
            operator: "LessThan",
            threshold: a.threshold,
            timeAggregation: a.timeAggregation,
            dimensions: a.dimensions.map((d) => ({ name: d.name, operator: "Include", values: d.values })),
          },
        ],
      },
      actions: [{ actionGroupId }],
      tags: { ...tags },
    },
    { parent },
  );
  return a.name;
}

/**
 * The VPN gateway's alerts, only for BGP peers in use (the plan's tunnels): one per peer on `BgpPeerStatus`
 * < 1, and one on `BgpRoutesLearned` below the prefixes the plan has AWS advertise, one time series per peer.
 *
 * Both take the **Maximum** over the gateway instances (no `Instance` dimension): with an active-active
 * gateway each instance keeps a session to every peer, but only the instance that owns the tunnel can bring
 * it up (AWS answers IKE from the customer gateway's address only), so the other instance reports 0 by
 * design. Average or a per-instance split would fire for it forever; the maximum is the owning instance's
 * value. That Azure accepts Maximum for these metrics (the metrics table lists their default aggregation
 * only) is UNCONFIRMED until a first `pulumi up`.
 */
export function azureVpnAlerts(opts: {
  readonly parent: pulumi.Resource;
  readonly plan: VpnAlarmPlan;
  readonly gatewayId: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly actionGroupId: pulumi.Input<string>;
  readonly thresholds: HealthAlarmThresholds;
  readonly tags: Readonly<Record<string, string>>;
}): string[] {
  const m = AZURE_VPN_GATEWAY_METRICS;
  const window = opts.thresholds.azureWindow ?? HEALTH_ALARM_DEFAULTS.azureWindow;
  const severity = opts.thresholds.azureSeverity ?? HEALTH_ALARM_DEFAULTS.azureSeverity;
  const alert = (a: AlertSpec) => metricAlert(opts.parent, opts.resourceGroupName, opts.actionGroupId, opts.tags, a);
  const names = opts.plan.azurePeers.map((p) =>
    alert({
      name: p.name,
      description: `BGP peer ${p.peerAddress} (AWS side of tunnel ${p.tunnelKey}, gateway instance ${p.azureInstance}) is not connected. Check the tunnel on both clouds (crosscloud verify).`,
      scope: opts.gatewayId,
      metricNamespace: m.namespace,
      metricName: m.bgpPeerStatus,
      timeAggregation: "Maximum",
      threshold: 1,
      severity,
      window,
      frequency: window,
      dimensions: [{ name: m.dimensions.bgpPeerAddress, values: [p.peerAddress] }],
      enabled: true,
    }),
  );
  const r = opts.plan.azureRoutesLearned;
  names.push(
    alert({
      name: r.name,
      description: `The gateway learns fewer than ${r.threshold} route(s) from a BGP peer in use (${r.peerAddresses.join(", ")}): an AWS prefix is missing. Compare with crosscloud verify.`,
      scope: opts.gatewayId,
      metricNamespace: m.namespace,
      metricName: m.bgpRoutesLearned,
      timeAggregation: "Maximum",
      threshold: r.threshold,
      severity: Math.min(4, severity + 1),
      window,
      frequency: window,
      dimensions: [{ name: m.dimensions.bgpPeerAddress, values: [...r.peerAddresses] }],
      enabled: true,
    }),
  );
  return names;
}

/**
 * The ExpressRoute circuit's alerts: `BgpAvailability` and `ArpAvailability` (Average over PT5M, evaluated
 * every PT1M, below `expressRouteAvailabilityPercent`), as the Azure Monitor Baseline Alerts set them. Until
 * the provider has provisioned the circuit both are 0 by nature, so the rules are created disabled until then.
 */
export function azureExpressRouteAlerts(opts: {
  readonly parent: pulumi.Resource;
  readonly plan: InterconnectAlarmPlan;
  readonly circuitId: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly actionGroupId: pulumi.Input<string>;
  readonly thresholds: HealthAlarmThresholds;
  readonly enabled: boolean;
  readonly tags: Readonly<Record<string, string>>;
}): string[] {
  const m = AZURE_EXPRESSROUTE_METRICS;
  const threshold = opts.thresholds.expressRouteAvailabilityPercent ?? HEALTH_ALARM_DEFAULTS.expressRouteAvailabilityPercent;
  const severity = opts.thresholds.azureSeverity ?? HEALTH_ALARM_DEFAULTS.azureSeverity;
  const alert = (a: AlertSpec) => metricAlert(opts.parent, opts.resourceGroupName, opts.actionGroupId, opts.tags, a);
  return [
    alert({
      name: opts.plan.expressRouteBgp,
      description: `ExpressRoute BGP availability below ${threshold} %: a private peering BGP session to the provider router is down. Traffic falls back to the VPN.`,
      scope: opts.circuitId,
      metricNamespace: m.namespace,
      metricName: m.bgpAvailability,
      timeAggregation: "Average",
      threshold,
      severity,
      window: "PT5M",
      frequency: "PT1M",
      dimensions: [],
      enabled: opts.enabled,
    }),
    alert({
      name: opts.plan.expressRouteArp,
      description: `ExpressRoute ARP availability below ${threshold} %: layer 2 to the provider router is broken on a link.`,
      scope: opts.circuitId,
      metricNamespace: m.namespace,
      metricName: m.arpAvailability,
      timeAggregation: "Average",
      threshold,
      severity,
      window: "PT5M",
      frequency: "PT1M",
      dimensions: [],
      enabled: opts.enabled,
    }),
  ];
}
