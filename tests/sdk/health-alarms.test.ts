import fc from "fast-check";
import { checkHealthAlarmThresholds, planInterconnectAlarms, planVpnAlarms } from "../../sdk/health-alarms";
import { VpnPlanInput, planVpn } from "../../sdk/vpn";

const input = (over: Partial<VpnPlanInput> = {}): VpnPlanInput => ({
  layout: "dev",
  awsRegion: "us-east-1",
  azurePrefixes: ["10.16.0.0/20"],
  awsPrefixes: ["10.0.0.0/20", "10.1.0.0/20"],
  ...over,
});

describe("planVpnAlarms", () => {
  it("dev: an alarm per AWS tunnel and connection, an alert per BGP peer in use; idle instance 1 in none of them", () => {
    const { plan } = planVpn(input());
    const a = planVpnAlarms("dev-vpn", plan);
    expect(a.awsTunnels).toEqual([
      { name: "dev-vpn-a-t1-tunnel-down", tunnelKey: "a-t1", connection: "a", awsTunnel: 1 },
      { name: "dev-vpn-a-t2-tunnel-down", tunnelKey: "a-t2", connection: "a", awsTunnel: 2 },
    ]);
    expect(a.awsConnections).toEqual([{ name: "dev-vpn-a-all-tunnels-down", connection: "a" }]);
    expect(a.azurePeers.map((p) => [p.name, p.peerAddress, p.azureInstance])).toEqual([
      ["dev-vpn-a-t1-bgp-peer-down", "169.254.21.1", 0],
      ["dev-vpn-a-t2-bgp-peer-down", "169.254.22.1", 0],
    ]);
    expect(a.instancesInUse).toEqual([0]);
    // Instance 1's standby APIPA (169.254.21.6) peers with nothing: no alert names it or its /30's AWS side.
    expect(JSON.stringify(a)).not.toMatch(/169[.-]254[.-]21[.-][56]\b/);
    expect(a.azureRoutesLearned).toEqual({ name: "dev-vpn-bgp-routes-learned-low", peerAddresses: ["169.254.21.1", "169.254.22.1"], threshold: 2 });
  });

  it("ha: both instances in use, four peers", () => {
    const { plan } = planVpn(input({ layout: "ha" }));
    const a = planVpnAlarms("prod-vpn", plan);
    expect(a.instancesInUse).toEqual([0, 1]);
    expect(a.azurePeers.map((p) => `${p.tunnelKey}@${p.azureInstance}:${p.peerAddress}`)).toEqual([
      "a-t1@0:169.254.21.1",
      "a-t2@0:169.254.22.1",
      "b-t1@1:169.254.21.5",
      "b-t2@1:169.254.22.5",
    ]);
    expect(a.awsConnections.map((c) => c.name)).toEqual(["prod-vpn-a-all-tunnels-down", "prod-vpn-b-all-tunnels-down"]);
  });

  it("takes a routes-learned threshold when given", () => {
    const { plan } = planVpn(input());
    expect(planVpnAlarms("x", plan, { minimumRoutesLearned: 1 }).azureRoutesLearned.threshold).toBe(1);
  });

  it("law: for any layout, the Azure peers are exactly the tunnels' AWS inside addresses, on the instances that carry tunnels, and names are unique", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }), (connections, prefixes) => {
        const { plan, issues } = planVpn(
          input({ layout: "custom", tunnelCount: connections * 2, awsPrefixes: Array.from({ length: prefixes }, (_, i) => `10.${i}.0.0/16`) }),
        );
        if (issues.length > 0) return;
        const a = planVpnAlarms("n", plan);
        expect(a.azurePeers.map((p) => p.peerAddress).sort()).toEqual(plan.tunnels.map((t) => t.awsInsideAddress).sort());
        expect(a.instancesInUse).toEqual([...new Set(plan.tunnels.map((t) => t.azureInstance))].sort());
        for (const p of a.azurePeers) expect(plan.tunnels.find((t) => t.awsInsideAddress === p.peerAddress)?.azureInstance).toBe(p.azureInstance);
        expect(a.awsTunnels).toHaveLength(plan.tunnels.length);
        expect(a.awsConnections).toHaveLength(plan.connections.length);
        expect(a.azureRoutesLearned.threshold).toBe(prefixes);
        const names = [...a.awsTunnels, ...a.awsConnections, ...a.azurePeers, a.azureRoutesLearned].map((x) => x.name);
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe("planInterconnectAlarms", () => {
  it("has Direct Connect alarms only when the DX connection is known", () => {
    expect(planInterconnectAlarms("prod-er", { dxConnectionKnown: true })).toEqual({
      expressRouteBgp: "prod-er-circuit-bgp-availability-low",
      expressRouteArp: "prod-er-circuit-arp-availability-low",
      dxConnection: "prod-er-dx-connection-down",
      dxVirtualInterfaceBgp: "prod-er-dx-vif-bgp-down",
    });
    const accepted = planInterconnectAlarms("prod-er", { dxConnectionKnown: false });
    expect([accepted.dxConnection, accepted.dxVirtualInterfaceBgp]).toEqual([undefined, undefined]);
  });
});

describe("checkHealthAlarmThresholds", () => {
  it("accepts the defaults' kind of values", () => {
    expect(checkHealthAlarmThresholds("t", { awsPeriodSeconds: 60, awsEvaluationPeriods: 3, azureWindow: "PT15M", azureSeverity: 0, expressRouteAvailabilityPercent: 99.5, minimumRoutesLearned: 4 })).toEqual([]);
    expect(checkHealthAlarmThresholds("t", undefined)).toEqual([]);
  });

  it("names the field, the value and the rule of each bad one, all at once", () => {
    const issues = checkHealthAlarmThresholds("crosscloud:alarms.thresholds", {
      awsPeriodSeconds: 90,
      awsEvaluationPeriods: 0,
      azureWindow: "5 minutes",
      azureSeverity: 5,
      expressRouteAvailabilityPercent: 120,
      minimumRoutesLearned: 0.5,
    });
    expect(issues.map((i) => i.path)).toEqual([
      "crosscloud:alarms.thresholds.awsPeriodSeconds",
      "crosscloud:alarms.thresholds.awsEvaluationPeriods",
      "crosscloud:alarms.thresholds.azureSeverity",
      "crosscloud:alarms.thresholds.minimumRoutesLearned",
      "crosscloud:alarms.thresholds.azureWindow",
      "crosscloud:alarms.thresholds.expressRouteAvailabilityPercent",
    ]);
    expect(issues[0]?.message).toBe("90 is not valid: CloudWatch periods for AWS/VPN are 60 s or a multiple of 60");
    expect(issues[4]?.message).toContain('"5 minutes" is not an ISO 8601 duration');
  });
});
