/**
 * Both sample stacks' previews (plan.json) contain the health alarms: one CloudWatch alarm per AWS tunnel and
 * one per VPN connection, one Azure alert per BGP peer address in use, and the interconnect's alarms in prod.
 * Every dimension is checked against the tunnel it monitors, and `alarmNames` lists them all.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serializePlan } from "../../preview/plan-json";
import { runStackPreview } from "../../preview/stack";
import { readStackOutputs } from "../../verify/outputs";
import { PlanFile, PlanFileResource, get, named, ofType, previewStack } from "./stack-preview";

const T = {
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  alert: "azure-native:monitor:MetricAlert",
  topic: "aws:sns/topic:Topic",
  group: "azure-native:monitor:ActionGroup",
  vpn: "aws:ec2/vpnConnection:VpnConnection",
  lng: "azure-native:network:LocalNetworkGateway",
  conn: "azure-native:network:VirtualNetworkGatewayConnection",
  vng: "azure-native:network:VirtualNetworkGateway",
  circuit: "azure-native:network:ExpressRouteCircuit",
} as const;

interface Dimension {
  readonly name: string;
  readonly operator: string;
  readonly values: string[];
}
const criterion = (r: PlanFileResource) => (get(r.inputs, "criteria.allOf") as { metricName: string; timeAggregation: string; threshold: number; dimensions: Dimension[] }[])[0];

/** Each tunnel of the plan: its VPN connection resource, tunnel number, and the LNG of its Azure side. */
function tunnels(plan: PlanFile, env: string) {
  return ofType(plan, T.lng).map((lng) => {
    const key = lng.name.slice(`${env}-vpn-`.length, -"-lng".length); // a-t1
    const [connection, t] = key.split("-") as [string, string];
    return { key, n: Number(t.slice(1)), vpn: named(plan, T.vpn, `${env}-vpn-${connection}-vpn`), lng };
  });
}

describe.each(["dev", "prod"] as const)("%s stack alarms (plan.json)", (env) => {
  let plan: PlanFile;
  beforeAll(async () => {
    plan = (await previewStack(env, false)).plan;
  });

  it("has one TunnelState alarm per AWS tunnel, its dimensions the tunnel's VPN connection id and outside address", () => {
    const ts = tunnels(plan, env);
    expect(ts).toHaveLength(env === "dev" ? 2 : 4);
    const perTunnel = ofType(plan, T.alarm).filter((a) => a.name.endsWith("-tunnel-down"));
    expect(perTunnel).toHaveLength(ts.length);
    for (const t of ts) {
      const alarm = named(plan, T.alarm, `${env}-vpn-${t.key}-tunnel-down`);
      expect(alarm.inputs["dimensions"]).toEqual({ VpnId: t.vpn.id, TunnelIpAddress: t.vpn.outputs[`tunnel${t.n}Address`] });
      // The LNG of the same tunnel points at the same outside address: the alarm watches that tunnel, not another.
      expect(t.lng.inputs["gatewayIpAddress"]).toBe(t.vpn.outputs[`tunnel${t.n}Address`]);
      expect([alarm.inputs["namespace"], alarm.inputs["metricName"], alarm.inputs["statistic"], alarm.inputs["threshold"], alarm.inputs["treatMissingData"]]).toEqual([
        "AWS/VPN",
        "TunnelState",
        "Minimum",
        1,
        "breaching",
      ]);
    }
    for (const vpn of ofType(plan, T.vpn)) {
      const key = vpn.name.slice(`${env}-vpn-`.length, -"-vpn".length);
      expect(named(plan, T.alarm, `${env}-vpn-${key}-all-tunnels-down`).inputs["dimensions"]).toEqual({ VpnId: vpn.id });
    }
  });

  it("has one BgpPeerStatus alert per BGP peer address in use, the LNG's BGP address of a tunnel, on the VPN gateway", () => {
    const vng = named(plan, T.vng, `${env}-vpn-vng`);
    const peers = ofType(plan, T.lng).map((l) => get(l.inputs, "bgpSettings.bgpPeeringAddress") as string).sort();
    const alerts = ofType(plan, T.alert).filter((a) => criterion(a)?.metricName === "BgpPeerStatus");
    expect(alerts).toHaveLength(peers.length);
    // Each tunnel's alert watches exactly that tunnel's peer: the BGP address its LNG gives Azure.
    for (const t of tunnels(plan, env)) {
      const alert = named(plan, T.alert, `${env}-vpn-${t.key}-bgp-peer-down`);
      expect(criterion(alert)?.dimensions).toEqual([{ name: "BgpPeerAddress", operator: "Include", values: [get(t.lng.inputs, "bgpSettings.bgpPeeringAddress")] }]);
    }
    for (const a of alerts) {
      expect(a.inputs["scopes"]).toEqual([vng.id]);
      expect(criterion(a)?.timeAggregation).toBe("Maximum");
    }
    // Each peer address belongs to a tunnel whose Azure connection lands on an instance that carries it: in dev
    // both on instance 0, so nothing watches idle instance 1 (its standby APIPA 169.254.21.6 appears nowhere).
    const watched = JSON.stringify(ofType(plan, T.alert).map((a) => a.inputs));
    if (env === "dev") expect(watched).not.toContain("169.254.21.6");
    const routes = named(plan, T.alert, `${env}-vpn-bgp-routes-learned-low`);
    expect(criterion(routes)?.dimensions.map((d) => [d.name, d.operator, [...d.values].sort()])).toEqual([["BgpPeerAddress", "Include", peers]]);
    expect(criterion(routes)?.threshold).toBe((get(plan.outputs, "dayTwo.prefixes.aws") as string[]).length);
  });

  // CrossCloudFailover's own alarms (prod's payments-api) are Route 53 health sources, not notifications: they
  // notify nothing and are listed with their service (the failover output), not in alarmNames.
  const healthAlarms = (p: PlanFile): PlanFileResource[] => ofType(p, T.alarm).filter((a) => !(a.parent ?? "").includes("crosscloud:index:CrossCloudFailover"));

  it("notifies one topic and one action group for the whole stack", () => {
    expect(ofType(plan, T.topic).map((t) => t.name)).toEqual([`${env}-vpn-health`]);
    expect(ofType(plan, T.group).map((t) => t.name)).toEqual([`${env}-vpn-health`]);
    const topic = ofType(plan, T.topic)[0] as PlanFileResource;
    const group = ofType(plan, T.group)[0] as PlanFileResource;
    for (const a of healthAlarms(plan)) expect(a.inputs["alarmActions"]).toEqual([topic.outputs["arn"]]);
    for (const a of ofType(plan, T.alarm).filter((x) => !healthAlarms(plan).includes(x))) expect(a.inputs["alarmActions"]).toBeUndefined();
    for (const a of ofType(plan, T.alert)) expect(a.inputs["actions"]).toEqual([{ actionGroupId: group.id }]);
  });

  it("lists every alarm's name in the alarmNames output, and verify can read the outputs", () => {
    expect(plan.outputs["alarmNames"]).toEqual({
      aws: expect.arrayContaining(healthAlarms(plan).map((a) => a.inputs["name"])),
      azure: expect.arrayContaining(ofType(plan, T.alert).map((a) => a.inputs["ruleName"])),
    });
    const names = plan.outputs["alarmNames"] as { aws: string[]; azure: string[] };
    expect([names.aws.length, names.azure.length]).toEqual([healthAlarms(plan).length, ofType(plan, T.alert).length]);
    const read = readStackOutputs(JSON.stringify(plan.outputs), "plan.json outputs");
    expect(typeof read === "string" ? read : read.manifest.tunnels.map((t) => t.key)).toEqual(tunnels(plan, env).map((t) => t.key).sort());
  });

  if (env === "prod") {
    it("watches the ExpressRoute circuit, disabled while it awaits the provider", () => {
      const circuit = named(plan, T.circuit, "prod-er-circuit");
      const er = ofType(plan, T.alert).filter((a) => a.name.startsWith("prod-er-"));
      expect(er.map((a) => [criterion(a)?.metricName, a.inputs["enabled"]]).sort()).toEqual([
        ["ArpAvailability", false],
        ["BgpAvailability", false],
      ]);
      for (const a of er) expect(a.inputs["scopes"]).toEqual([circuit.id]);
    });
  }
});

describe("crosscloud:alarms in a stack", () => {
  it("turns every alarm, the topic and the action group off, and alarmNames is then empty", async () => {
    const root = path.join(__dirname, "..", "..");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-alarms-"));
    try {
      // The registry path is relative to the project root, which the preview finds from the sources.
      const file = path.join(dir, "Pulumi.dev.yaml");
      fs.writeFileSync(file, `${fs.readFileSync(path.join(root, "stacks/Pulumi.dev.yaml"), "utf8")}  crosscloud:alarms:\n    enabled: false\n`);
      const result = await runStackPreview({ stack: "dev", config: file, policy: false });
      const plan = JSON.parse(serializePlan(result.graph)) as PlanFile;
      expect([T.alarm, T.alert, T.topic, T.group].map((t) => ofType(plan, t).length)).toEqual([0, 0, 0, 0]);
      expect(plan.outputs["alarmNames"]).toEqual({ aws: [], azure: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
