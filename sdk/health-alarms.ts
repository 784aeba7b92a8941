import { Issue, issue, joinPath } from "./errors";
import { GatewayInstanceRole, VpnPlan, vpnGatewayInstances } from "./vpn";

/**
 * Day-two health alarms: the cloud facts they rest on (metric names, namespaces, dimensions, what a value
 * means), written once here with their sources, and the pure planning of which alarm watches what.
 *
 * Components (health-alarms-aws.ts, health-alarms-azure.ts) render these plans; `crosscloud verify` reads
 * the alarm names back from the stack outputs and checks that each exists and is OK.
 */

/**
 * CloudWatch `AWS/VPN` (AWS Site-to-Site VPN User Guide, "Monitoring your Site-to-Site VPN tunnels using
 * Amazon CloudWatch", https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-cloudwatch-vpn.html; awsdocs
 * aws-site-to-site-vpn-user-guide `monitoring-cloudwatch-vpn.md`):
 * - `TunnelState`: "For static VPNs, 0 indicates DOWN and 1 indicates UP. For BGP VPNs, 1 indicates ESTABLISHED
 *   and 0 is used for all other states"; a value between 0 and 1 means at least one tunnel is not UP.
 * - `TunnelDataIn` / `TunnelDataOut`: bytes through the tunnel, use the Sum statistic. They show usage, not
 *   liveness (an idle tunnel sends nothing), so no alarm is built on them.
 * - Dimensions: `VpnId` alone (the connection: the metric aggregated over its tunnels) or `VpnId` +
 *   `TunnelIpAddress` (one tunnel, by its AWS outside address).
 * The same page shows connection-level alarms on the `VpnId` dimension alone with the Maximum statistic, so
 * "every tunnel of the connection down" needs no metric math.
 */
export const AWS_VPN_METRICS = {
  namespace: "AWS/VPN",
  tunnelState: "TunnelState",
  tunnelDataIn: "TunnelDataIn",
  tunnelDataOut: "TunnelDataOut",
  dimensions: { vpnId: "VpnId", tunnelIpAddress: "TunnelIpAddress" },
} as const;

/**
 * CloudWatch `AWS/DX` (AWS Direct Connect User Guide, "Monitor with Amazon CloudWatch",
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/monitoring-cloudwatch.html):
 * - `ConnectionState`: 1 up, 0 down; dimension `ConnectionId`; published for dedicated and hosted connections.
 *   The guide's own alarm example is `ConnectionState < 1` for 5 consecutive 1-minute periods.
 * - `VirtualInterfaceBpsEgress` / `VirtualInterfaceBpsIngress`: VIF bit rates, dimensions `ConnectionId` +
 *   `VirtualInterfaceId`, 5-minute default. Usage, not liveness.
 * - `VirtualInterfaceBgpStatus`: 1 up, 0 down, published for private, public and transit VIFs since
 *   2026-03-30 (AWS Networking & Content Delivery blog, "Introducing CloudWatch Metrics for AWS Direct Connect
 *   Virtual Interface BGP Health and Prefix Count"). Its dimensions are taken to be those of the other VIF
 *   metrics (`ConnectionId` + `VirtualInterfaceId`): UNCONFIRMED, the corpus holds no primary statement of them.
 */
export const AWS_DX_METRICS = {
  namespace: "AWS/DX",
  connectionState: "ConnectionState",
  virtualInterfaceBgpStatus: "VirtualInterfaceBgpStatus",
  virtualInterfaceBpsEgress: "VirtualInterfaceBpsEgress",
  virtualInterfaceBpsIngress: "VirtualInterfaceBpsIngress",
  dimensions: { connectionId: "ConnectionId", virtualInterfaceId: "VirtualInterfaceId" },
} as const;

/**
 * Azure Monitor, `Microsoft.Network/virtualNetworkGateways` (Microsoft Learn, "Supported metrics for
 * Microsoft.Network/virtualNetworkGateways"; MicrosoftDocs/azure-reference-other
 * `azure-monitor-ref/supported-metrics/includes/microsoft-network-virtualnetworkgateways-metrics-include.md`):
 * - `BgpPeerStatus` ("Status of BGP peer", Count, dimensions `BgpPeerAddress`, `Instance`, grain PT5M and up);
 * - `BgpRoutesLearned` / `BgpRoutesAdvertised` (Count, Total, dimensions `BgpPeerAddress`, `Instance`);
 * - `TunnelAverageBandwidth`, `TunnelEgressBytes`, `TunnelIngressBytes`, `TunnelIngressPacketDropTSMismatch`
 *   (dimensions `ConnectionName`, `RemoteIP`, `Instance`): usage and traffic-selector drops, not liveness.
 * `BgpPeerAddress` is the remote BGP speaker's address: for a tunnel to AWS, AWS's inside address
 * (the local network gateway's `bgpPeeringAddress`).
 */
export const AZURE_VPN_GATEWAY_METRICS = {
  namespace: "Microsoft.Network/virtualNetworkGateways",
  bgpPeerStatus: "BgpPeerStatus",
  bgpRoutesLearned: "BgpRoutesLearned",
  bgpRoutesAdvertised: "BgpRoutesAdvertised",
  tunnelAverageBandwidth: "TunnelAverageBandwidth",
  tunnelEgressBytes: "TunnelEgressBytes",
  tunnelIngressBytes: "TunnelIngressBytes",
  tunnelIngressPacketDropTSMismatch: "TunnelIngressPacketDropTSMismatch",
  dimensions: { bgpPeerAddress: "BgpPeerAddress", instance: "Instance", connectionName: "ConnectionName", remoteIp: "RemoteIP" },
} as const;

/**
 * Azure Monitor, `Microsoft.Network/expressRouteCircuits` (MicrosoftDocs/azure-reference-other
 * `Microsoft-Network-expressRouteCircuits-metrics-include.md`, 2023-09-19): `BgpAvailability` and
 * `ArpAvailability`, Percent, Average, dimensions `PeeringType` and `Peer`, grain PT1M. The Azure Monitor
 * Baseline Alerts (Azure/azure-monitor-baseline-alerts `services/Network/expressRouteCircuits/alerts.yaml`,
 * marked verified) alert on each below 90 %, Average over PT5M, evaluated every PT1M.
 */
export const AZURE_EXPRESSROUTE_METRICS = {
  namespace: "Microsoft.Network/expressRouteCircuits",
  bgpAvailability: "BgpAvailability",
  arpAvailability: "ArpAvailability",
  dimensions: { peeringType: "PeeringType", peer: "Peer" },
} as const;

/**
 * azure-native 3.x `monitor.MetricAlert` (API 2018-03-01): one resource, `criteria.odataType`
 * "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria" for rules scoped to one resource; metric
 * alert rules live in the "global" location (@pulumi/azure-native 3.28.0 `monitor/metricAlert.d.ts`).
 */
export const AZURE_METRIC_ALERT = {
  singleResourceCriteria: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
  staticThreshold: "StaticThresholdCriterion",
  location: "global",
} as const;

/**
 * What `crosscloud verify` reads as a healthy Azure metric alert: the status API
 * (`metricAlerts/{rule}/status`, API 2018-03-01) reports "Healthy" (seen in a third-party test fixture;
 * the other values are UNCONFIRMED, so anything else is treated as not OK).
 */
export const AZURE_ALERT_HEALTHY = "Healthy";
/** CloudWatch alarm states (CloudWatch API `MetricAlarm.StateValue`). */
export const CLOUDWATCH_ALARM_OK = "OK";

/**
 * Thresholds and timing of the health alarms. Every field has a default in `HEALTH_ALARM_DEFAULTS`; a
 * field given replaces that one default only.
 */
export interface HealthAlarmThresholds {
  /**
   * AWS tunnel alarms: period of each `TunnelState` datapoint, in seconds (60 or a multiple of 60).
   * @default 300 (`HEALTH_ALARM_DEFAULTS.awsPeriodSeconds`)
   */
  readonly awsPeriodSeconds?: number;
  /**
   * AWS tunnel alarms: consecutive breaching periods before the alarm fires.
   * @default 2 (`HEALTH_ALARM_DEFAULTS.awsEvaluationPeriods`)
   */
  readonly awsEvaluationPeriods?: number;
  /**
   * Direct Connect alarms: consecutive breaching 1-minute periods.
   * @default 5 (`HEALTH_ALARM_DEFAULTS.dxEvaluationPeriods`, the Direct Connect User Guide's example)
   */
  readonly dxEvaluationPeriods?: number;
  /**
   * Azure alerts: evaluation frequency and window, ISO 8601 (`PT5M`, `PT15M`, …).
   * @default "PT5M" (`HEALTH_ALARM_DEFAULTS.azureWindow`; BgpPeerStatus's finest grain)
   */
  readonly azureWindow?: string;
  /**
   * Azure alert severity of a BGP peer down and of ExpressRoute availability (0 critical … 4 verbose).
   * @default 1 (`HEALTH_ALARM_DEFAULTS.azureSeverity`)
   */
  readonly azureSeverity?: number;
  /**
   * Fire when the Azure gateway learns fewer routes than this from a BGP peer.
   * @default - the number of prefixes the plan has AWS advertise
   */
  readonly minimumRoutesLearned?: number;
  /**
   * ExpressRoute `BgpAvailability` / `ArpAvailability` below this percentage fires.
   * @default 90 (`HEALTH_ALARM_DEFAULTS.expressRouteAvailabilityPercent`, Azure Monitor Baseline Alerts)
   */
  readonly expressRouteAvailabilityPercent?: number;
}

export const HEALTH_ALARM_DEFAULTS = {
  enabled: true,
  awsPeriodSeconds: 300,
  awsEvaluationPeriods: 2,
  dxEvaluationPeriods: 5,
  azureWindow: "PT5M",
  azureSeverity: 1,
  expressRouteAvailabilityPercent: 90,
} as const;

const ISO_MINUTES = /^PT([1-9][0-9]*)M$|^PT([1-9][0-9]*)H$/;

/** Every problem with the thresholds, paths `${path}.<field>`; never throws. */
export function checkHealthAlarmThresholds(path: string, t: HealthAlarmThresholds | undefined): Issue[] {
  if (t === undefined) return [];
  const out: Issue[] = [];
  const positiveInt = (field: keyof HealthAlarmThresholds, value: unknown, rule: string, ok: (n: number) => boolean) => {
    if (value === undefined) return;
    if (typeof value !== "number" || !Number.isInteger(value) || !ok(value)) out.push(issue(joinPath(path, field), "VALUE_REQUIRED", `${String(value)} is not valid: ${rule}`));
  };
  positiveInt("awsPeriodSeconds", t.awsPeriodSeconds, "CloudWatch periods for AWS/VPN are 60 s or a multiple of 60", (n) => n >= 60 && n % 60 === 0);
  positiveInt("awsEvaluationPeriods", t.awsEvaluationPeriods, "use a whole number of periods from 1 to 100", (n) => n >= 1 && n <= 100);
  positiveInt("dxEvaluationPeriods", t.dxEvaluationPeriods, "use a whole number of periods from 1 to 100", (n) => n >= 1 && n <= 100);
  positiveInt("azureSeverity", t.azureSeverity, "Azure alert severities are 0 (critical) to 4 (verbose)", (n) => n >= 0 && n <= 4);
  positiveInt("minimumRoutesLearned", t.minimumRoutesLearned, "use a whole number of routes, 1 or more", (n) => n >= 1);
  if (t.azureWindow !== undefined && !ISO_MINUTES.test(t.azureWindow)) {
    out.push(issue(joinPath(path, "azureWindow"), "VALUE_REQUIRED", `"${t.azureWindow}" is not an ISO 8601 duration in minutes or hours such as "PT5M" or "PT1H"`));
  }
  const pct = t.expressRouteAvailabilityPercent;
  if (pct !== undefined && (typeof pct !== "number" || !(pct > 0 && pct <= 100))) {
    out.push(issue(joinPath(path, "expressRouteAvailabilityPercent"), "VALUE_REQUIRED", `${String(pct)} is not a percentage above 0 and at most 100`));
  }
  return out;
}

/** One CloudWatch alarm on one AWS VPN tunnel's `TunnelState`. */
export interface AwsTunnelAlarmPlan {
  /** The alarm's name (CloudWatch alarm names are unique per account and Region). */
  readonly name: string;
  /** The tunnel's key (`a-t1`). */
  readonly tunnelKey: string;
  /** Key of the VPN connection carrying it. */
  readonly connection: string;
  /** Tunnel number within the connection (its `tunnelNAddress` is the `TunnelIpAddress` dimension). */
  readonly awsTunnel: number;
}

/** One CloudWatch alarm on a whole VPN connection (`VpnId` only, Maximum): every tunnel down. */
export interface AwsConnectionAlarmPlan {
  readonly name: string;
  readonly connection: string;
}

/** One Azure metric alert on `BgpPeerStatus` for one BGP peer the gateway really uses. */
export interface AzurePeerAlertPlan {
  readonly name: string;
  /** The peer: AWS's inside address of the tunnel (the `BgpPeerAddress` dimension value). */
  readonly peerAddress: string;
  readonly tunnelKey: string;
  /** The gateway instance whose tunnel carries the session. */
  readonly azureInstance: number;
}

/** The Azure alert on `BgpRoutesLearned` over every peer in use (one time series per peer). */
export interface AzureRoutesLearnedAlertPlan {
  readonly name: string;
  readonly peerAddresses: string[];
  /** Fires below this count. */
  readonly threshold: number;
}

/** Every VPN health alarm, planned from the VPN plan. */
export interface VpnAlarmPlan {
  readonly awsTunnels: AwsTunnelAlarmPlan[];
  readonly awsConnections: AwsConnectionAlarmPlan[];
  readonly azurePeers: AzurePeerAlertPlan[];
  readonly azureRoutesLearned: AzureRoutesLearnedAlertPlan;
  /** Gateway instances that carry at least one tunnel; any other instance is idle by design. */
  readonly instancesInUse: number[];
}

/**
 * The VPN's alarms, derived from the plan alone:
 * - one CloudWatch alarm per AWS tunnel, and one per VPN connection (all its tunnels down);
 * - one Azure alert per BGP peer address **in use**, i.e. AWS's inside address of a planned tunnel,
 *   and one on the routes learned from those peers.
 *
 * An active-active gateway instance that carries no tunnel (instance 1 of the dev layout) is idle by design:
 * its standby APIPA address peers with nothing, so it appears in no alert. Each Azure gateway instance also
 * opens a tunnel to every AWS endpoint of an active-active gateway's connections, but AWS accepts IKE only
 * from the customer gateway's address, the owning instance's public IP, so the other instance's session to
 * the same peer is down by design. That is why the Azure alerts take the Maximum across instances (see
 * health-alarms-azure.ts): the owning instance alone decides.
 */
export function planVpnAlarms(name: string, plan: VpnPlan, thresholds: HealthAlarmThresholds = {}): VpnAlarmPlan {
  const awsTunnels = plan.tunnels.map((t) => ({ name: `${name}-${t.key}-tunnel-down`, tunnelKey: t.key, connection: t.connection, awsTunnel: t.awsTunnel }));
  const awsConnections = plan.connections.map((c) => ({ name: `${name}-${c.key}-all-tunnels-down`, connection: c.key }));
  const azurePeers = plan.tunnels.map((t) => ({
    // Named by the tunnel's key, like every child: removing a connection renames nothing else.
    name: `${name}-${t.key}-bgp-peer-down`,
    peerAddress: t.awsInsideAddress,
    tunnelKey: t.key,
    azureInstance: t.azureInstance,
  }));
  return {
    awsTunnels,
    awsConnections,
    azurePeers,
    azureRoutesLearned: {
      name: `${name}-bgp-routes-learned-low`,
      peerAddresses: azurePeers.map((p) => p.peerAddress),
      threshold: thresholds.minimumRoutesLearned ?? plan.awsPrefixes.length,
    },
    // The gateway instances the VPN reports as active (SiteToSiteVpn.gatewayInstances): one rule, one place.
    instancesInUse: vpnGatewayInstances(plan).filter((i) => i.role === GatewayInstanceRole.Active).map((i) => i.instance),
  };
}

/** The interconnect's alarms: ExpressRoute availability on the circuit, Direct Connect state on AWS. */
export interface InterconnectAlarmPlan {
  readonly expressRouteBgp: string;
  readonly expressRouteArp: string;
  /** `ConnectionState` of the DX connection; only when the component knows the connection (transit VIF created on it). */
  readonly dxConnection: string | undefined;
  /** `VirtualInterfaceBgpStatus` of the transit VIF; needs the connection id too (its dimensions). */
  readonly dxVirtualInterfaceBgp: string | undefined;
}

export function planInterconnectAlarms(name: string, opts: { readonly dxConnectionKnown: boolean }): InterconnectAlarmPlan {
  return {
    expressRouteBgp: `${name}-circuit-bgp-availability-low`,
    expressRouteArp: `${name}-circuit-arp-availability-low`,
    dxConnection: opts.dxConnectionKnown ? `${name}-dx-connection-down` : undefined,
    dxVirtualInterfaceBgp: opts.dxConnectionKnown ? `${name}-dx-vif-bgp-down` : undefined,
  };
}

/** Names of every health alarm a component (or a stack) created, by cloud. */
export interface AlarmNames {
  /** CloudWatch alarm names. */
  readonly aws: string[];
  /** Azure metric alert rule names. */
  readonly azure: string[];
}
