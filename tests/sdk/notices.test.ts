import fc from "fast-check";
import { InterconnectPlan, InterconnectPlanInput, planInterconnect } from "../../sdk/interconnect";
import { NoticeCode, formatNotice, interconnectNotices, networkNotices, vpnNotices } from "../../sdk/notices";
import { NetworkConfig, planNetwork } from "../../sdk/plan";
import { GatewayInstanceRole, STANDARD_PUBLIC_IP_USD_PER_HOUR, idleGatewayInstances, planVpn, vpnGatewayInstances } from "../../sdk/vpn";

const vpn = (layout: "dev" | "ha") => planVpn({ layout, awsRegion: "us-east-1", awsPrefixes: ["10.0.0.0/20"], azurePrefixes: ["10.16.0.0/20"] }).plan;

const interconnectInput = (provisioned: boolean, provider = "Megaport"): InterconnectPlanInput => ({
  awsPrefixes: ["10.0.0.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  expressRoute: {
    serviceProviderName: provider,
    peeringLocation: "Washington DC",
    bandwidthInMbps: 1000,
    peerAsn: 65100,
    vlanId: 100,
    primaryPeerAddressPrefix: "192.168.100.0/30",
    secondaryPeerAddressPrefix: "192.168.100.4/30",
    providerProvisioned: provisioned,
  },
  directConnect: { dxGatewayAsn: 64600, transitGatewayAsn: 64601, customerAsn: 65100, mode: "create", confirmHostedConnection: true, vlan: 200, peeringCidr: "192.168.100.8/30" },
});
const interconnect = (provisioned: boolean, provider?: string): InterconnectPlan => planInterconnect(interconnectInput(provisioned, provider)).plan as InterconnectPlan;

describe("vpnGatewayInstances: which Azure gateway instances carry tunnels", () => {
  it("dev: instance 0 carries both tunnels, instance 1 is idle by design, with why and what it costs", () => {
    const [active, idle] = vpnGatewayInstances(vpn("dev"));
    expect(active).toEqual({ instance: 0, role: "active", tunnels: ["a-t1", "a-t2"], bgpPeerAddresses: ["169.254.21.1", "169.254.22.1"], customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"], note: "" });
    expect(idle).toMatchObject({ instance: 1, role: "idle", tunnels: [], bgpPeerAddresses: [], customBgpIpAddresses: ["169.254.21.6"] });
    expect(idle?.note).toContain("idle by design: no AWS connection lands on instance 1");
    expect(idle?.note).toContain("the only way Azure holds more than one custom APIPA BGP address");
    expect(idle?.note).toContain("Do not alarm on them");
    expect(idle?.note).toContain(`$${STANDARD_PUBLIC_IP_USD_PER_HOUR}/h, $3.65/month`);
    expect(idleGatewayInstances(vpn("dev"))).toEqual([1]);
  });

  it("ha: both instances carry a connection each; none is idle", () => {
    expect(vpnGatewayInstances(vpn("ha")).map((i) => [i.instance, i.role, i.tunnels, i.bgpPeerAddresses])).toEqual([
      [0, "active", ["a-t1", "a-t2"], ["169.254.21.1", "169.254.22.1"]],
      [1, "active", ["b-t1", "b-t2"], ["169.254.21.5", "169.254.22.5"]],
    ]);
    expect(idleGatewayInstances(vpn("ha"))).toEqual([]);
  });

  it("puts every tunnel on exactly its own instance, and calls an instance idle exactly when it has none (law)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.constantFrom(0 as const, 1 as const), { minKeys: 1 }), (layout) => {
        const connections = Object.fromEntries(Object.entries(layout).map(([k, azureInstance]) => [k, { azureInstance }]));
        const { plan, issues } = planVpn({ layout: "custom", connections, awsRegion: "us-east-1", awsPrefixes: ["10.0.0.0/20"], azurePrefixes: ["10.16.0.0/20"] });
        expect(issues).toEqual([]);
        const instances = vpnGatewayInstances(plan);
        expect(instances.map((i) => i.instance)).toEqual(Array.from({ length: plan.instances }, (_, i) => i));
        for (const t of plan.tunnels) expect(instances.filter((i) => i.tunnels.includes(t.key)).map((i) => i.instance)).toEqual([t.azureInstance]);
        for (const i of instances) {
          expect(i.role).toBe(i.tunnels.length === 0 ? GatewayInstanceRole.Idle : GatewayInstanceRole.Active);
          expect(i.bgpPeerAddresses).toEqual(plan.tunnels.filter((t) => t.azureInstance === i.instance).map((t) => t.awsInsideAddress));
          expect(i.note === "").toBe(i.role === "active");
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("interconnectNotices: the ExpressRoute leg", () => {
  it("warns while the circuit is not provider-provisioned, naming the missing connection and the next step", () => {
    expect(interconnectNotices(interconnect(false), { name: "prod-er", path: "interconnect" })).toEqual([
      {
        level: "warning",
        code: NoticeCode.ExpressRouteAwaitingProvider,
        path: "interconnect.expressRoute.providerProvisioned",
        message:
          "ExpressRoute is not connected: the circuit prod-er-circuit is not provisioned by Megaport yet, so the ExpressRoute connection prod-er-conn (gateway prod-er-ergw to the circuit) is not created. " +
          "Nothing crosses ExpressRoute/Direct Connect; all traffic between the clouds rides the VPN.",
        nextStep:
          "Give Megaport the circuit's service key (`pulumi stack output expressRouteServiceKey --show-secrets`) when ordering the Azure connection; " +
          "once Azure shows the circuit's serviceProviderProvisioningState as Provisioned, set interconnect.expressRoute.providerProvisioned: true and run `pulumi up` again to create prod-er-conn.",
      },
    ]);
    expect(interconnectNotices(interconnect(true), { name: "prod-er", path: "interconnect" })).toEqual([]);
  });

  it("names our private peering too when the provider does not create it", () => {
    const [notice] = interconnectNotices(interconnect(false, "Equinix"), { name: "x", path: "ic" });
    expect(notice?.message).toContain("the ExpressRoute connection x-conn (gateway x-ergw to the circuit) and the private peering x-peering is not created");
    expect(notice?.nextStep).toContain("set ic.expressRoute.providerProvisioned: true and run `pulumi up` again to create x-conn and the private peering x-peering.");
  });
});

describe("networkNotices: a stack's plan", () => {
  const dev: NetworkConfig = { environment: "dev", aws: { region: "us-east-1", vpcs: { app: {} } }, azure: { region: "eastus", vnets: { hub: {} } }, vpn: { layout: "dev" } };

  it("names resources as the sample stacks do", () => {
    const notices = networkNotices(planNetwork(dev));
    expect(notices.map((n) => [n.level, n.code, n.path])).toEqual([["info", "VPN_INSTANCE_IDLE", "vpn.layout"]]);
    expect(notices[0]?.message).toMatch(/^Azure VPN gateway dev-vpn-vng instance 1 \(public IP dev-vpn-pip1\) is idle by design/);
    expect(formatNotice(notices[0] as (typeof notices)[number])).toMatch(/^info: Azure VPN gateway dev-vpn-vng .* \[VPN_INSTANCE_IDLE\]$/s);
  });

  it("has nothing to say about an HA VPN alone", () => {
    expect(networkNotices(planNetwork({ ...dev, environment: "prod", vpn: { layout: "ha" } }))).toEqual([]);
    expect(vpnNotices(vpn("ha"), { name: "x", path: "vpn" })).toEqual([]);
  });
});
