/**
 * The health alarms as the components build them: real wiring (each alarm's dimensions are the ids and
 * addresses of the tunnel it watches), the opt-out, given actions, and the idle-instance guarantee.
 */
import { ExpressRouteInterconnect, ExpressRouteInterconnectArgs, SiteToSiteVpn, SiteToSiteVpnArgs } from "../../components";
import { PlanError } from "../../sdk";
import { Graph, T as VT, prop, record } from "./vpn-graph";
import { T as GT, RecordedResource } from "../../graph";

const T = { ...VT, alarm: GT.awsMetricAlarm, topic: GT.awsSnsTopic, subscription: GT.awsSnsTopicSubscription, alert: GT.azureMetricAlert, group: GT.azureActionGroup } as const;

const dev: SiteToSiteVpnArgs = {
  layout: "dev",
  attachment: "vgw",
  vpcId: "vpc-0123456789abcdef0",
  awsRegion: "us-east-1",
  awsPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  subscriptionId: "11111111-2222-3333-4444-555555555555",
  resourceGroupName: "rg-net",
  location: "eastus",
  gatewaySubnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet",
};

interface Criterion {
  readonly metricName: string;
  readonly operator: string;
  readonly threshold: number;
  readonly timeAggregation: string;
  readonly dimensions?: { name: string; operator: string; values: string[] }[];
}
const criterion = (alert: RecordedResource): Criterion => (prop(alert, "criteria.allOf") as Criterion[])[0] as Criterion;

/** A metric series as Azure Monitor holds it: one value per dimension combination over the window. */
interface Series {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * A model of how Azure Monitor evaluates one static-threshold criterion (Microsoft Learn, "Understand how
 * metric alerts work"): series are filtered by the included dimension values; each included value is
 * monitored on its own; dimensions the rule does not name are aggregated with the rule's time aggregation.
 * Returns the dimension values that fire.
 */
function firing(c: Criterion, series: readonly Series[]): string[] {
  const split = c.dimensions ?? [];
  const matching = series.filter((s) => split.every((d) => d.values.includes(s.dimensions[d.name] ?? "")));
  const groups = new Map<string, number[]>();
  for (const s of matching) {
    const key = split.map((d) => s.dimensions[d.name]).join("/");
    groups.set(key, [...(groups.get(key) ?? []), s.value]);
  }
  const agg = (v: number[]) =>
    c.timeAggregation === "Maximum" ? Math.max(...v) : c.timeAggregation === "Minimum" ? Math.min(...v) : c.timeAggregation === "Total" ? v.reduce((a, b) => a + b, 0) : v.reduce((a, b) => a + b, 0) / v.length;
  return [...groups].filter(([, v]) => (c.operator === "LessThan" ? agg(v) < c.threshold : agg(v) > c.threshold)).map(([k]) => k);
}

describe("SiteToSiteVpn health alarms (dev: instance 1 idle by design)", () => {
  let g: Graph;
  beforeAll(async () => {
    g = await record(() => void new SiteToSiteVpn("link", dev));
  });

  it("watches each AWS tunnel by its VPN connection and outside address, Minimum < 1, missing data breaching", () => {
    const vpn = g.one(T.vpn, "link-a-vpn");
    for (const n of [1, 2]) {
      const alarm = g.one(T.alarm, `link-a-t${n}-tunnel-down`);
      expect(alarm.inputs).toMatchObject({
        name: `link-a-t${n}-tunnel-down`,
        namespace: "AWS/VPN",
        metricName: "TunnelState",
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      });
      expect(prop(alarm, "dimensions")).toEqual({ VpnId: vpn.id, TunnelIpAddress: vpn.outputs[`tunnel${n}Address`] });
    }
    const all = g.one(T.alarm, "link-a-all-tunnels-down");
    expect(prop(all, "dimensions")).toEqual({ VpnId: vpn.id });
    expect([all.inputs["statistic"], all.inputs["threshold"]]).toEqual(["Maximum", 1]);
  });

  it("notifies the topic it created on ALARM and on OK", () => {
    const topic = g.one(T.topic, "link-health");
    for (const alarm of g.all(T.alarm)) {
      expect(alarm.inputs["alarmActions"]).toEqual([topic.outputs["arn"]]);
      expect(alarm.inputs["okActions"]).toEqual([topic.outputs["arn"]]);
    }
  });

  it("has one Azure alert per BGP peer in use: each local network gateway's BGP address, on the gateway, to the action group", () => {
    const vng = g.one(T.vng, "link-vng");
    const group = g.one(T.group, "link-health");
    const peers = g.all(T.lng).map((l) => prop(l, "bgpSettings.bgpPeeringAddress") as string).sort();
    expect(peers).toEqual(["169.254.21.1", "169.254.22.1"]);
    const alerts = g.all(T.alert).filter((a) => criterion(a).metricName === "BgpPeerStatus");
    expect(alerts.map((a) => criterion(a).dimensions?.[0]?.values).sort()).toEqual(peers.map((p) => [p]));
    for (const a of alerts) {
      expect(a.inputs["scopes"]).toEqual([vng.id]);
      expect(a.inputs["actions"]).toEqual([{ actionGroupId: group.id }]);
      expect(criterion(a)).toMatchObject({ operator: "LessThan", threshold: 1, timeAggregation: "Maximum" });
    }
    const routes = g.all(T.alert).find((a) => criterion(a).metricName === "BgpRoutesLearned") as RecordedResource;
    expect(criterion(routes)).toMatchObject({ operator: "LessThan", threshold: 2, dimensions: [{ name: "BgpPeerAddress", operator: "Include", values: peers }] });
  });

  it("fires for no Azure metric of the idle instance, and does fire when the owning instance loses a session", () => {
    // Both instances of an active-active gateway report every peer; instance 1 owns no tunnel, so its sessions are 0 forever.
    const healthy: Series[] = ["169.254.21.1", "169.254.22.1"].flatMap((peer) => [
      { dimensions: { BgpPeerAddress: peer, Instance: "GatewayTenantWorker_IN_0" }, value: 1 },
      { dimensions: { BgpPeerAddress: peer, Instance: "GatewayTenantWorker_IN_1" }, value: 0 },
    ]);
    const alerts = g.all(T.alert).filter((a) => criterion(a).metricName === "BgpPeerStatus");
    expect(alerts.flatMap((a) => firing(criterion(a), healthy))).toEqual([]);
    // The model can tell: the same rules on Average would fire for the idle instance...
    expect(alerts.flatMap((a) => firing({ ...criterion(a), timeAggregation: "Average" }, healthy)).sort()).toEqual(["169.254.21.1", "169.254.22.1"]);
    // ...and a real outage on the owning instance fires the right one.
    const down = healthy.map((s) => (s.dimensions["BgpPeerAddress"] === "169.254.22.1" && s.dimensions["Instance"] === "GatewayTenantWorker_IN_0" ? { ...s, value: 0 } : s));
    expect(alerts.flatMap((a) => firing(criterion(a), down))).toEqual(["169.254.22.1"]);
    // Routes learned: the owning instance learns both prefixes, the idle one none.
    const routes = g.all(T.alert).find((a) => criterion(a).metricName === "BgpRoutesLearned") as RecordedResource;
    const learned: Series[] = healthy.map((s) => ({ ...s, value: s.value * 2 }));
    expect(firing(criterion(routes), learned)).toEqual([]);
    expect(firing(criterion(routes), learned.map((s) => (s.dimensions["BgpPeerAddress"] === "169.254.21.1" && s.value > 0 ? { ...s, value: 1 } : s)))).toEqual(["169.254.21.1"]);
  });

  it("reports every alarm's name", async () => {
    let vpn: SiteToSiteVpn | undefined;
    await record(() => {
      vpn = new SiteToSiteVpn("link", dev);
    });
    expect(vpn?.alarmNames).toEqual({
      aws: ["link-a-t1-tunnel-down", "link-a-t2-tunnel-down", "link-a-all-tunnels-down"],
      azure: ["link-a-t1-bgp-peer-down", "link-a-t2-bgp-peer-down", "link-bgp-routes-learned-low"],
    });
  });
});

describe("SiteToSiteVpn health alarm settings", () => {
  it("builds none, and no topic or action group, when turned off", async () => {
    const g = await record(() => void new SiteToSiteVpn("link", { ...dev, healthAlarms: { enabled: false } }));
    expect([g.all(T.alarm), g.all(T.alert), g.all(T.topic), g.all(T.group)].map((x) => x.length)).toEqual([0, 0, 0, 0]);
  });

  it("uses a given topic and action group, creates neither, and applies the thresholds", async () => {
    const topicArn = "arn:aws:sns:us-east-1:123456789012:noc";
    const actionGroupId = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/noc";
    const g = await record(
      () =>
        void new SiteToSiteVpn("link", {
          ...dev,
          healthAlarms: { snsTopicArn: topicArn, actionGroupId, thresholds: { awsPeriodSeconds: 60, awsEvaluationPeriods: 3, azureWindow: "PT15M", minimumRoutesLearned: 1 } },
        }),
    );
    expect([g.all(T.topic).length, g.all(T.group).length]).toEqual([0, 0]);
    const alarm = g.one(T.alarm, "link-a-t1-tunnel-down");
    expect([alarm.inputs["alarmActions"], alarm.inputs["period"], alarm.inputs["evaluationPeriods"], alarm.inputs["datapointsToAlarm"]]).toEqual([[topicArn], 60, 3, 3]);
    const alert = g.one(T.alert, "link-bgp-routes-learned-low");
    expect([alert.inputs["actions"], alert.inputs["windowSize"], criterion(alert).threshold]).toEqual([[{ actionGroupId }], "PT15M", 1]);
  });

  it("subscribes the notification emails to a created topic and action group", async () => {
    const g = await record(() => void new SiteToSiteVpn("link", { ...dev, healthAlarms: { notifyEmails: ["noc@example.com"] } }));
    expect(g.all(T.subscription).map((s) => [s.inputs["protocol"], s.inputs["endpoint"]])).toEqual([["email", "noc@example.com"]]);
    expect(prop(g.one(T.group, "link-health"), "emailReceivers")).toEqual([{ name: "noc@example.com", emailAddress: "noc@example.com", useCommonAlertSchema: true }]);
  });

  it("refuses bad settings before registering anything, naming each field", () => {
    let error: unknown;
    try {
      new SiteToSiteVpn("link", { ...dev, healthAlarms: { notifyEmails: ["noc"], thresholds: { awsPeriodSeconds: 45 } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).issues.map((i) => i.path)).toEqual(["link.healthAlarms.thresholds.awsPeriodSeconds", "link.healthAlarms.notifyEmails.0"]);
  });
});

describe("ExpressRouteInterconnect health alarms", () => {
  const args = (provisioned: boolean, dx: "create" | "accept"): ExpressRouteInterconnectArgs => ({
    resourceGroupName: "rg-net",
    location: "eastus",
    transitGatewayId: "tgw-0123456789abcdef0",
    gatewaySubnetId: dev.gatewaySubnetId as string,
    ...(dx === "create" ? { dxConnectionId: "dxcon-fgabc123" } : { dxHostedVirtualInterfaceId: "dxvif-fgq1w2e3" }),
    awsPrefixes: ["10.0.0.0/20"],
    azurePrefixes: ["10.16.0.0/20"],
    expressRoute: {
      serviceProviderName: "Equinix",
      peeringLocation: "Washington DC",
      bandwidthInMbps: 1000,
      peerAsn: 65010,
      vlanId: 100,
      primaryPeerAddressPrefix: "192.168.100.0/30",
      secondaryPeerAddressPrefix: "192.168.100.4/30",
      providerProvisioned: provisioned,
    },
    directConnect: { dxGatewayAsn: 64513, transitGatewayAsn: 64512, customerAsn: 65010, ...(dx === "create" ? { vlan: 200 } : {}), peeringCidr: "192.168.200.0/30" },
  });

  it("watches the circuit's BGP and ARP availability, enabled once provisioned, and the DX connection and VIF it created", async () => {
    const g = await record(() => void new ExpressRouteInterconnect("ic", args(true, "create")));
    const circuit = g.one("azure-native:network:ExpressRouteCircuit", "ic-circuit");
    const er = g.all(T.alert);
    expect(er.map((a) => [a.name, criterion(a).metricName, criterion(a).threshold, a.inputs["enabled"]])).toEqual([
      ["ic-circuit-bgp-availability-low", "BgpAvailability", 90, true],
      ["ic-circuit-arp-availability-low", "ArpAvailability", 90, true],
    ]);
    for (const a of er) expect(a.inputs["scopes"]).toEqual([circuit.id]);
    const vif = g.one("aws:directconnect/transitVirtualInterface:TransitVirtualInterface", "ic-vif");
    expect(prop(g.one(T.alarm, "ic-dx-connection-down"), "dimensions")).toEqual({ ConnectionId: "dxcon-fgabc123" });
    expect(prop(g.one(T.alarm, "ic-dx-vif-bgp-down"), "dimensions")).toEqual({ ConnectionId: "dxcon-fgabc123", VirtualInterfaceId: vif.id });
  });

  it("keeps the circuit alerts disabled until the provider provisions it, and has no DX alarm on a partner's connection", async () => {
    const g = await record(() => void new ExpressRouteInterconnect("ic", args(false, "accept")));
    expect(g.all(T.alert).map((a) => a.inputs["enabled"])).toEqual([false, false]);
    expect(g.all(T.alarm)).toEqual([]);
  });
});
