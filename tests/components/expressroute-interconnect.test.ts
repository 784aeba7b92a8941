import { mocks } from "../helpers/pulumi-mocks";
import * as network from "@pulumi/azure-native/network";
import { DirectConnectArgs, ExpressRouteArgs, ExpressRouteInterconnect, ExpressRouteInterconnectArgs, TransitGatewayHub, planExpressRouteInterconnect } from "../../components";
import { InterconnectPlan, PlanError } from "../../sdk";

const T = {
  circuit: "azure-native:network:ExpressRouteCircuit",
  peering: "azure-native:network:ExpressRouteCircuitPeering",
  pip: "azure-native:network:PublicIPAddress",
  gateway: "azure-native:network:VirtualNetworkGateway",
  conn: "azure-native:network:VirtualNetworkGatewayConnection",
  dxgw: "aws:directconnect/gateway:Gateway",
  assoc: "aws:directconnect/gatewayAssociation:GatewayAssociation",
  vif: "aws:directconnect/transitVirtualInterface:TransitVirtualInterface",
  acceptor: "aws:directconnect/hostedTransitVirtualInterfaceAcceptor:HostedTransitVirtualInterfaceAcceptor",
  confirm: "aws:directconnect/connectionConfirmation:ConnectionConfirmation",
  password: "random:index/randomPassword:RandomPassword",
  bgp: "crosscloud:index:BgpSession",
  tgwAssoc: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
  tgwProp: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
  rtb: "aws:ec2transitgateway/routeTable:RouteTable",
} as const;

const GATEWAY_SUBNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet";

/** A non-Megaport provider that has provisioned the circuit, and a transit VIF we create. */
const expressRoute: ExpressRouteArgs = {
  serviceProviderName: "Equinix",
  peeringLocation: "Washington DC",
  bandwidthInMbps: 1000,
  peerAsn: 65010,
  vlanId: 100,
  primaryPeerAddressPrefix: "192.168.100.0/30",
  secondaryPeerAddressPrefix: "192.168.100.4/30",
  providerProvisioned: true,
};
const directConnect: DirectConnectArgs = { dxGatewayAsn: 64513, transitGatewayAsn: 64512, customerAsn: 65010, vlan: 200, peeringCidr: "192.168.200.0/30" };
const base: ExpressRouteInterconnectArgs = {
  resourceGroupName: "rg-net",
  location: "eastus",
  transitGatewayId: "tgw-0123456789abcdef0",
  gatewaySubnetId: GATEWAY_SUBNET,
  dxConnectionId: "dxcon-fgabc123",
  awsPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  expressRoute,
  directConnect,
};
const withEr = (er: Partial<ExpressRouteArgs>): ExpressRouteInterconnectArgs => ({ ...base, expressRoute: { ...expressRoute, ...er } });
const withDx = (dx: Partial<DirectConnectArgs>): ExpressRouteInterconnectArgs => ({ ...base, directConnect: { ...directConnect, ...dx } });

/** The PlanError the constructor throws, or fails the test. */
function planError(args: ExpressRouteInterconnectArgs): PlanError {
  try {
    new ExpressRouteInterconnect("ic", args);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error("expected a PlanError");
}
const issuesOf = (args: ExpressRouteInterconnectArgs) => planError(args).issues.map((i) => [i.path, i.code, i.message]);

afterEach(() => mocks.reset());

describe("ExpressRouteInterconnect validation (before anything registers)", () => {
  it("caps allowed prefixes at 20 and refuses a default route, with exact errors", async () => {
    const prefixes = Array.from({ length: 21 }, (_, i) => `10.0.${i}.0/24`);
    expect(issuesOf({ ...base, awsPrefixes: prefixes })).toEqual([
      ["ic.directConnect.allowedPrefixes", "PREFIX_LIMIT", "21 allowed prefixes; a Direct Connect gateway association with a transit gateway accepts at most 20 (AWS quota)"],
    ]);
    expect(issuesOf(withDx({ allowedPrefixes: ["10.0.0.0/20", "10.0.16.0/20", "0.0.0.0/0"] }))).toEqual([
      ["ic.directConnect.allowedPrefixes.2", "DEFAULT_ROUTE", "0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other"],
    ]);
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("explains a bad bandwidth and SKU in one error", () => {
    expect(planError(withEr({ bandwidthInMbps: 300, skuTier: "Local", skuFamily: "MeteredData" })).message).toBe(
      [
        `crosscloud ExpressRouteInterconnect "ic" is invalid (2 problems):`,
        `  - ic.expressRoute.bandwidthInMbps: 300 Mbps is not an ExpressRoute provider bandwidth; use one of 50, 100, 200, 500, 1000, 2000, 5000 or 10000 Mbps [BANDWIDTH_INVALID]`,
        `  - ic.expressRoute.skuFamily: an ExpressRoute Local circuit must use the UnlimitedData family, not MeteredData [SKU_INVALID]`,
      ].join("\n"),
    );
    expect(issuesOf(withEr({ skuTier: "Basic" as never, gatewaySku: "Standard" as never }))).toEqual([
      ["ic.expressRoute.skuTier", "SKU_INVALID", `"Basic" is not an ExpressRoute circuit tier; use Local, Standard or Premium`],
      ["ic.expressRoute.gatewaySku", "SKU_INVALID", `"Standard" is not a zone-redundant ExpressRoute gateway SKU; use ErGw1AZ, ErGw2AZ or ErGw3AZ`],
    ]);
  });

  it("needs exactly one of dxConnectionId and dxHostedVirtualInterfaceId, and a DX gateway ASN unlike the TGW's", () => {
    const both = issuesOf({ ...withDx({ dxGatewayAsn: 64512 }), dxHostedVirtualInterfaceId: "dxvif-ffabc123" });
    expect(both).toEqual([
      ["ic.dxConnectionId", "VALUE_REQUIRED", "give exactly one of dxConnectionId (create a transit VIF) and dxHostedVirtualInterfaceId (accept a partner's hosted transit VIF)"],
      ["ic.directConnect.dxGatewayAsn", "ASN_EQUAL", "64512 equals ic.directConnect.transitGatewayAsn (the transit gateway's ASN); the two sides of an eBGP session must use different ASNs"],
    ]);
    expect(issuesOf({ ...base, dxConnectionId: undefined }).map((i) => i[1])).toEqual(["VALUE_REQUIRED"]);
  });
});

describe("ExpressRouteInterconnect resources", () => {
  it("puts the router on the first address and the cloud on the second of every /30, on both clouds", async () => {
    const ic = new ExpressRouteInterconnect("ic", base);
    await mocks.settled();
    const peering = mocks.created(T.peering, "ic-peering");
    expect([peering.input("peeringType"), peering.input("peerASN"), peering.input("vlanId"), peering.input("primaryPeerAddressPrefix"), peering.input("secondaryPeerAddressPrefix")]).toEqual([
      "AzurePrivatePeering",
      65010,
      100,
      "192.168.100.0/30",
      "192.168.100.4/30",
    ]);
    const vif = mocks.created(T.vif, "ic-vif");
    expect([vif.input("customerAddress"), vif.input("amazonAddress"), vif.input("vlan"), vif.input("bgpAsn"), vif.input("addressFamily"), vif.input("mtu")]).toEqual([
      "192.168.200.1/30",
      "192.168.200.2/30",
      200,
      65010,
      "ipv4",
      1500,
    ]);
    const sessions = Object.fromEntries(mocks.all(T.bgp).map((s) => [s.name, [s.output("localAsn"), s.output("localAddress"), s.output("peerAsn"), s.output("peerAddress"), s.output("carrier")]]));
    expect(sessions).toEqual({
      "ic-er-primary-bgp": [12076, "192.168.100.2", 65010, "192.168.100.1", "expressroute"],
      "ic-er-secondary-bgp": [12076, "192.168.100.6", 65010, "192.168.100.5", "expressroute"],
      "ic-dx-bgp": [64513, "192.168.200.2", 65010, "192.168.200.1", "dx-transit-vif"],
    });
    // The same sessions as plain data on the component, field for field.
    const fields = ["carrier", "localAsn", "peerAsn", "localAddress", "peerAddress", "advertisedPrefixes", "acceptedPrefixes", "holdTimeSeconds"] as const;
    expect(Object.keys(ic.bgpSessions).sort()).toEqual(["dx", "er-primary", "er-secondary"]);
    for (const [key, session] of Object.entries(ic.bgpSessions)) {
      const child = mocks.created(T.bgp, `ic-${key}-bgp`);
      expect(fields.map((f) => session[f])).toEqual(fields.map((f) => child.output(f)));
    }
    expect(ic.peeringAddresses).toEqual({
      expressRoute: {
        primary: { cidr: "192.168.100.0/30", routerAddress: "192.168.100.1", cloudAddress: "192.168.100.2" },
        secondary: { cidr: "192.168.100.4/30", routerAddress: "192.168.100.5", cloudAddress: "192.168.100.6" },
      },
      directConnect: { cidr: "192.168.200.0/30", routerAddress: "192.168.200.1", cloudAddress: "192.168.200.2" },
    });
  });

  it("keeps the service key secret: a secret output, marked on the circuit, never plaintext in any recorded input or output", async () => {
    const ic = new ExpressRouteInterconnect("ic", base);
    await mocks.settled();
    const circuit = mocks.created(T.circuit, "ic-circuit");
    expect(circuit.options.additionalSecretOutputs).toEqual(["serviceKey"]);
    const key = mocks.reveal(circuit.output("serviceKey")) as string;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);

    const out = await mocks.outputOf(ic.serviceKey);
    expect([out.isSecret, out.value]).toEqual([true, key]);
    const component = mocks.created("crosscloud:index:ExpressRouteInterconnect", "ic");
    expect(mocks.reveal(component.output("serviceKey"))).toBe(key);
    for (const r of mocks.all()) expect(JSON.stringify({ inputs: r.inputs, outputs: r.outputs })).not.toContain(key);
  });

  it("builds the circuit, a zone-redundant ErGw1AZ gateway and the ExpressRoute connection to the circuit", async () => {
    const ic = new ExpressRouteInterconnect("ic", base);
    await mocks.settled();
    const circuit = mocks.created(T.circuit, "ic-circuit");
    expect([circuit.input("sku"), circuit.input("serviceProviderProperties")]).toEqual([
      { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
      { serviceProviderName: "Equinix", peeringLocation: "Washington DC", bandwidthInMbps: 1000 },
    ]);
    const pip = mocks.created(T.pip, "ic-ergw-pip");
    expect([pip.input("sku.name"), pip.input("publicIPAllocationMethod"), pip.input("zones")]).toEqual(["Standard", "Static", ["1", "2", "3"]]);
    const gw = mocks.created(T.gateway, "ic-ergw");
    expect([gw.input("gatewayType"), gw.input("sku"), gw.input("vpnGatewayGeneration"), gw.input("ipConfigurations[0].subnet.id"), gw.input("ipConfigurations[0].publicIPAddress.id")]).toEqual([
      "ExpressRoute",
      { name: "ErGw1AZ", tier: "ErGw1AZ" },
      "None",
      GATEWAY_SUBNET,
      pip.id,
    ]);
    const conn = mocks.created(T.conn, "ic-conn");
    expect([conn.input("connectionType"), conn.input("peer.id"), conn.input("virtualNetworkGateway1.id"), conn.input("routingWeight")]).toEqual(["ExpressRoute", circuit.id, gw.id, 0]);
    expect(conn.dependencies).toContain(mocks.created(T.peering, "ic-peering").urn);
    expect(await mocks.valueOf(ic.expressRouteConnectionId as never)).toBe(conn.id);
  });

  it("generates the BGP MD5 keys as secrets, never plaintext, and hands them out as secret outputs", async () => {
    const ic = new ExpressRouteInterconnect("ic", base);
    await mocks.settled();
    const vif = mocks.created(T.vif, "ic-vif");
    expect(mocks.isSecret(vif.input("bgpAuthKey"))).toBe(true);
    expect(vif.options.additionalSecretOutputs).toEqual(["bgpAuthKey"]);
    const dxKey = mocks.reveal(mocks.created(T.password, "ic-dx-bgp-key").output("result"));
    expect(mocks.reveal(vif.input("bgpAuthKey"))).toBe(dxKey);
    expect(await mocks.outputOf(ic.dxBgpAuthKey as never)).toMatchObject({ isSecret: true, value: dxKey });
    const erKey = mocks.reveal(mocks.created(T.password, "ic-er-bgp-key").output("result"));
    expect(mocks.reveal(mocks.created(T.peering, "ic-peering").input("sharedKey"))).toBe(erKey);
    expect(await mocks.outputOf(ic.expressRouteBgpAuthKey as never)).toMatchObject({ isSecret: true, value: erKey });
  });

  it("associates the DX gateway with the TGW, advertising exactly the allowed prefixes", async () => {
    const ic = new ExpressRouteInterconnect("ic", base);
    await mocks.settled();
    const dxgw = mocks.created(T.dxgw, "ic-dxgw");
    expect(dxgw.input("amazonSideAsn")).toBe("64513");
    const assoc = mocks.created(T.assoc, "ic-dxgw-assoc");
    expect([assoc.input("dxGatewayId"), assoc.input("associatedGatewayId"), assoc.input("allowedPrefixes")]).toEqual([dxgw.id, "tgw-0123456789abcdef0", ["10.0.0.0/20", "10.0.16.0/20"]]);
    expect(await mocks.valueOf(ic.transitGatewayAttachmentId)).toBe(assoc.output("transitGatewayAttachmentId"));
    expect(await mocks.valueOf(ic.dxGatewayId)).toBe(dxgw.id);
    expect(ic.dxGatewayAsn).toBe(64513);
  });

  it("refuses a hosted transit VIF through Megaport, naming the Hosted Connection fields, before registering anything", async () => {
    const args: ExpressRouteInterconnectArgs = { ...withEr({ serviceProviderName: "Megaport" }), directConnect: { ...directConnect, vlan: undefined }, dxConnectionId: undefined, dxHostedVirtualInterfaceId: "dxvif-ffabc123" };
    const issues = issuesOf(args);
    expect(issues.map((i) => [i[0], i[1]])).toEqual([["ic.dxHostedVirtualInterfaceId", "DX_PROVIDER_OFFER"]]);
    expect(issues[0]?.[2]).toContain("Megaport does not create hosted transit VIFs: its Hosted VIF product is a private or public VIF only, and a Hosted VIF cannot connect to a transit VIF");
    expect(issues[0]?.[2]).toContain(
      "Order a Hosted Connection of at least 1 Gbps from Megaport instead, then give its id as ic.dxConnectionId, set ic.directConnect.confirmHostedConnection: true (crosscloud accepts the connection) and ic.directConnect.vlan: the VLAN Megaport allocated to it",
    );
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("builds Megaport's Hosted Connection way: confirm the connection, then our own transit VIF on its VLAN", async () => {
    const ic = new ExpressRouteInterconnect("ic", { ...withEr({ serviceProviderName: "Megaport" }), directConnect: { ...directConnect, confirmHostedConnection: true } });
    await mocks.settled();
    const confirm = mocks.created(T.confirm, "ic-confirm");
    const vif = mocks.created(T.vif, "ic-vif");
    expect([confirm.input("connectionId"), vif.input("connectionId"), vif.input("vlan"), vif.input("bgpAsn")]).toEqual(["dxcon-fgabc123", "dxcon-fgabc123", 200, 65010]);
    expect(vif.dependencies).toContain(confirm.urn);
    expect(mocks.all(T.acceptor)).toEqual([]);
    expect(await mocks.valueOf(ic.virtualInterfaceId)).toBe(vif.id);
  });

  it("builds the ExpressRoute gateway after the VPN gateway that shares its GatewaySubnet, when given", async () => {
    const vpnGateway = new network.VirtualNetworkGateway("vpn-vng", { resourceGroupName: "rg-net", location: "eastus", gatewayType: "Vpn", ipConfigurations: [] });
    new ExpressRouteInterconnect("ic", { ...base, vpnGatewayId: vpnGateway.id });
    new ExpressRouteInterconnect("alone", base);
    await mocks.settled();
    const erGateway = mocks.created(T.gateway, "ic-ergw");
    expect(erGateway.propertyDependencies["ipConfigurations"]).toContain(mocks.created(T.gateway, "vpn-vng").urn);
    expect(erGateway.input("ipConfigurations")).toEqual([expect.objectContaining({ subnet: { id: GATEWAY_SUBNET } })]);
    // Without it, the ExpressRoute gateway waits for nothing but its subnet and public IP.
    expect(Object.values(mocks.created(T.gateway, "alone-ergw").propertyDependencies).flat()).toEqual([mocks.created(T.pip, "alone-ergw-pip").urn]);
  });

  it("says whether ExpressRoute is connected, and tags every taggable resource (AWS ones with a Name)", async () => {
    const pending = new ExpressRouteInterconnect("ic", { ...withEr({ providerProvisioned: false }), tags: { owner: "net" } });
    const connected = new ExpressRouteInterconnect("ok", { ...base, tags: { owner: "net" } });
    await mocks.settled();
    expect([pending.expressRouteStatus, connected.expressRouteStatus]).toEqual(["awaiting-provider", "connected"]);
    for (const [type, name] of [
      [T.dxgw, "ok-dxgw"],
      [T.vif, "ok-vif"],
    ] as const) {
      expect(mocks.created(type, name).input("tags")).toEqual({ owner: "net", Name: name });
    }
    for (const [type, name] of [
      [T.circuit, "ok-circuit"],
      [T.pip, "ok-ergw-pip"],
      [T.gateway, "ok-ergw"],
      [T.conn, "ok-conn"],
    ] as const) {
      expect(mocks.created(type, name).input("tags")).toEqual({ owner: "net" });
    }
  });

  it("leaves AzurePrivatePeering to Megaport by default", async () => {
    const ic = new ExpressRouteInterconnect("ic", withEr({ serviceProviderName: "Megaport" }));
    await mocks.settled();
    expect(mocks.all(T.peering)).toEqual([]);
    expect(mocks.all(T.password).map((p) => p.name)).toEqual(["ic-dx-bgp-key"]);
    expect(ic.expressRouteBgpAuthKey).toBeUndefined();
    expect(mocks.created(T.conn, "ic-conn").dependencies.filter((d) => d.includes("ExpressRouteCircuitPeering"))).toEqual([]);
  });

  it("creates only the circuit and gateway until the provider has provisioned the circuit", async () => {
    const ic = new ExpressRouteInterconnect("ic", withEr({ providerProvisioned: false }));
    await mocks.settled();
    expect([mocks.all(T.circuit).length, mocks.all(T.gateway).length, mocks.all(T.peering).length, mocks.all(T.conn).length]).toEqual([1, 1, 0, 0]);
    expect(ic.expressRouteConnectionId).toBeUndefined();
  });

  it("accepts a partner's hosted transit VIF instead of creating one", async () => {
    const ic = new ExpressRouteInterconnect("ic", { ...withDx({ vlan: undefined }), dxConnectionId: undefined, dxHostedVirtualInterfaceId: "dxvif-ffabc123" });
    await mocks.settled();
    expect(mocks.all(T.vif)).toEqual([]);
    const acceptor = mocks.created(T.acceptor, "ic-vif-acceptor");
    expect([acceptor.input("virtualInterfaceId"), acceptor.input("dxGatewayId")]).toEqual(["dxvif-ffabc123", mocks.created(T.dxgw, "ic-dxgw").id]);
    expect(await mocks.valueOf(ic.virtualInterfaceId)).toBe(acceptor.id);
    expect(ic.dxBgpAuthKey).toBeUndefined();
  });

  it("confirms a hosted connection before creating the VIF on it, when asked", async () => {
    new ExpressRouteInterconnect("ic", withDx({ confirmHostedConnection: true }));
    await mocks.settled();
    const confirm = mocks.created(T.confirm, "ic-confirm");
    expect(confirm.input("connectionId")).toBe("dxcon-fgabc123");
    expect(mocks.created(T.vif, "ic-vif").dependencies).toContain(confirm.urn);
  });

  it("composes with the hub: the DX attachment is associated with `interconnect` and propagated to `spokes`", async () => {
    const hub = new TransitGatewayHub("hub", {
      amazonSideAsn: 64512,
      spokes: { app: { vpcId: "vpc-app", cidr: "10.0.0.0/20", subnetIds: { "us-east-1a": "subnet-a" }, routeTableIds: { private: "rtb-app" } } },
      remotePrefixes: ["10.16.0.0/20"],
    });
    const ic = new ExpressRouteInterconnect("ic", { ...base, awsPrefixes: ["10.0.0.0/20"], transitGatewayId: hub.transitGatewayId, directConnect: { ...directConnect, transitGatewayAsn: hub.amazonSideAsn } });
    hub.attachDirectConnect(ic.transitGatewayAttachmentId);
    await mocks.settled();
    const attachment = mocks.created(T.assoc, "ic-dxgw-assoc");
    expect(attachment.input("associatedGatewayId")).toBe(mocks.created("aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw").id);
    const dxAttachmentId = attachment.output("transitGatewayAttachmentId");
    const assoc = mocks.created(T.tgwAssoc, "hub-dx-assoc");
    const prop = mocks.created(T.tgwProp, "hub-dx-prop");
    expect([assoc.input("transitGatewayAttachmentId"), assoc.input("transitGatewayRouteTableId")]).toEqual([dxAttachmentId, mocks.created(T.rtb, "hub-interconnect-rtb").id]);
    expect([prop.input("transitGatewayAttachmentId"), prop.input("transitGatewayRouteTableId")]).toEqual([dxAttachmentId, mocks.created(T.rtb, "hub-spokes-rtb").id]);
  });
});

describe("ExpressRouteInterconnect given the sdk's plan", () => {
  /** What a stack passes besides the plan: the resources it attaches to. */
  const rendering = ({ awsPrefixes: _a, azurePrefixes: _z, expressRoute: _e, directConnect: _d, ...rest }: ExpressRouteInterconnectArgs): ExpressRouteInterconnectArgs => rest;
  const registrations = async (args: ExpressRouteInterconnectArgs) => {
    new ExpressRouteInterconnect("ic", args);
    await mocks.settled();
    const all = mocks.all().map((r) => [r.type, r.name, r.parent, r.inputs, r.dependencies]);
    await mocks.reset();
    return all;
  };

  it.each([
    ["creating a VIF on a provisioned circuit", base],
    ["accepting a partner's hosted VIF, the circuit awaiting the provider", { ...withEr({ providerProvisioned: false }), directConnect: { ...directConnect, vlan: undefined }, dxConnectionId: undefined, dxHostedVirtualInterfaceId: "dxvif-ffabc123" }],
    ["Megaport's way: a confirmed Hosted Connection with our transit VIF on it", { ...withEr({ serviceProviderName: "Megaport", providerProvisioned: false }), directConnect: { ...directConnect, confirmHostedConnection: true } }],
  ] as const)("renders a plan exactly as it renders the intent it was planned from (%s)", async (_, args) => {
    const { plan, issues } = planExpressRouteInterconnect("ic", args);
    expect(issues).toEqual([]);
    const fromIntent = await registrations(args);
    const fromPlan = await registrations({ ...rendering(args), plan: JSON.parse(JSON.stringify(plan)) as InterconnectPlan });
    expect(fromPlan).toEqual(fromIntent);
  });

  it("takes the plan or the intent, never both or neither, and the DX id the plan's mode needs", async () => {
    const { plan } = planExpressRouteInterconnect("ic", base);
    expect(issuesOf({ ...base, plan: plan as InterconnectPlan })).toEqual([
      ["ic.plan", "OPTION_CONFLICT", "the plan replaces awsPrefixes, azurePrefixes, expressRoute, directConnect; give the plan or the intent fields, not both"],
    ]);
    expect(issuesOf(rendering(base)).map((i) => [i[0], i[1]])).toEqual([
      ["ic.awsPrefixes", "VALUE_REQUIRED"],
      ["ic.azurePrefixes", "VALUE_REQUIRED"],
      ["ic.expressRoute", "VALUE_REQUIRED"],
      ["ic.directConnect", "VALUE_REQUIRED"],
    ]);
    expect(issuesOf({ ...rendering(base), plan: plan as InterconnectPlan, dxConnectionId: undefined, dxHostedVirtualInterfaceId: "dxvif-ffabc123" })).toEqual([
      ["ic.dxConnectionId", "VALUE_REQUIRED", `the plan's transit VIF mode is "create", which takes dxConnectionId and no dxHostedVirtualInterfaceId`],
    ]);
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("checks a given plan instead of trusting it", async () => {
    const { plan } = planExpressRouteInterconnect("ic", base);
    const p = plan as InterconnectPlan;
    const broken: InterconnectPlan = { ...p, directConnect: { ...p.directConnect, customerAddress: "192.168.200.2/30" } };
    expect(issuesOf({ ...rendering(base), plan: broken })).toEqual([
      ["ic.plan.directConnect.customerAddress", "VALUE_REQUIRED", "192.168.200.2/30 is not 192.168.200.1/30, the link's router address"],
    ]);
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });
});
