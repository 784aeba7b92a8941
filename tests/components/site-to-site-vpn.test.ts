import { SiteToSiteVpn, SiteToSiteVpnArgs, planSiteToSiteVpn } from "../../components";
import { serializePlan } from "../../preview/plan-json";
import { PlanError, VpnPlan, compareProposals, describeAwsTunnel, describeAzurePolicy, hostAt, cidr, planNetwork } from "../../sdk";
import { Graph, T, isSecret, prop, record } from "./vpn-graph";

const base: Omit<SiteToSiteVpnArgs, "layout" | "attachment"> = {
  awsRegion: "us-east-1",
  awsPrefixes: ["10.0.0.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  subscriptionId: "11111111-2222-3333-4444-555555555555",
  resourceGroupName: "rg-net",
  location: "eastus",
  gatewaySubnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet",
};
const dev: SiteToSiteVpnArgs = { ...base, layout: "dev", attachment: "vgw", vpcId: "vpc-0123456789abcdef0", awsAsn: 64512, azureAsn: 65515 };
const ha: SiteToSiteVpnArgs = { ...base, layout: "ha", attachment: "tgw", transitGatewayId: "tgw-0123456789abcdef0", awsAsn: 64600, azureAsn: 65010 };

const build = (args: SiteToSiteVpnArgs, name = "link") => record(() => void new SiteToSiteVpn(name, args));

/** For each recorded VPN tunnel: the AWS VPN connection, its tunnel number, LNG and Azure connection. */
function tunnels(g: Graph, name: string) {
  return g.all(T.tunnel).map((t) => {
    const key = t.name.slice(name.length + 1); // "a-t1"
    const [conn, tn] = key.split("-") as [string, string];
    const n = tn === "t1" ? 1 : 2;
    return {
      key,
      n,
      vpn: g.one(T.vpn, `${name}-${conn}-vpn`),
      lng: g.one(T.lng, `${t.name}-lng`),
      conn: g.one(T.conn, `${t.name}-conn`),
      bgp: g.one(T.bgp, `${t.name}-bgp`),
    };
  });
}

describe.each([
  ["dev", dev, { pip: 2, cgw: 1, vpn: 1, lng: 2, conn: 2 }],
  ["ha", ha, { pip: 2, cgw: 2, vpn: 2, lng: 4, conn: 4 }],
] as const)("SiteToSiteVpn %s", (layout, args, counts) => {
  let g: Graph;
  let vpn: SiteToSiteVpn;
  beforeAll(async () => {
    g = await record(() => {
      vpn = new SiteToSiteVpn("link", args);
    });
  });

  it("builds exactly the documented resources", () => {
    expect([g.all(T.pip).length, g.all(T.cgw).length, g.all(T.vpn).length, g.all(T.lng).length, g.all(T.conn).length]).toEqual([
      counts.pip,
      counts.cgw,
      counts.vpn,
      counts.lng,
      counts.conn,
    ]);
    expect(g.all(T.vng)).toHaveLength(1);
    expect(g.all(T.psk)).toHaveLength(counts.lng);
    expect(g.all(T.vgw)).toHaveLength(layout === "dev" ? 1 : 0);
  });

  it("points each LNG at the AWS side of the same /30 as its AWS tunnel, and at that tunnel's outside address", () => {
    for (const t of tunnels(g, "link")) {
      const insideCidr = prop(t.vpn, `tunnel${t.n}InsideCidr`) as string;
      expect(prop(t.lng, "bgpSettings.bgpPeeringAddress")).toBe(hostAt(cidr(insideCidr), 1));
      expect(prop(t.lng, "gatewayIpAddress")).toBe(prop(t.vpn, `tunnel${t.n}Address`, { outputs: true }));
      expect(t.lng.propertyDependencies["gatewayIpAddress"]).toEqual([t.vpn.urn]);
      expect(prop(t.lng, "localNetworkAddressSpace.addressPrefixes")).toEqual([]);
      expect(prop(t.conn, "localNetworkGateway2.id")).toBe(t.lng.id);
    }
  });

  it("gives Azure the other side of each /30 on the owning instance, and lists one custom APIPA per instance", () => {
    const vng = g.one(T.vng, "link-vng");
    const ipconfigs = prop(vng, "ipConfigurations") as { name: string }[];
    const gwName = prop(vng, "virtualNetworkGatewayName") as string;
    const peering = prop(vng, "bgpSettings.bgpPeeringAddresses") as { ipconfigurationId: string; customBgpIpAddresses: string[] }[];
    expect(prop(vng, "activeActive")).toBe(true);
    expect(peering.map((p) => p.ipconfigurationId)).toEqual(
      ipconfigs.map((c) => `/subscriptions/${base.subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworkGateways/${gwName}/ipConfigurations/${c.name}`),
    );
    for (const t of tunnels(g, "link")) {
      const insideCidr = prop(t.vpn, `tunnel${t.n}InsideCidr`) as string;
      const azureAddress = hostAt(cidr(insideCidr), 2);
      const entries = prop(t.conn, "gatewayCustomBgpIpAddresses") as { ipConfigurationId: string; customBgpIpAddress: string }[];
      expect(entries.map((e) => e.ipConfigurationId)).toEqual(peering.map((p) => p.ipconfigurationId));
      const owner = entries.findIndex((e) => e.customBgpIpAddress === azureAddress);
      expect(owner).toBeGreaterThanOrEqual(0);
      expect(peering[owner]?.customBgpIpAddresses).toContain(azureAddress);
      // The customer gateway of this tunnel's VPN connection is that instance's public IP.
      const cgw = g.byId(prop(t.vpn, "customerGatewayId"));
      const pip = g.one(T.pip, `link-pip${owner}`);
      expect(prop(cgw, "ipAddress")).toBe(prop(pip, "ipAddress", { outputs: true }));
      // Every other entry names that instance's first custom APIPA.
      entries.forEach((e, i) => {
        if (i !== owner) expect(e.customBgpIpAddress).toBe(peering[i]?.customBgpIpAddresses[0]);
      });
    }
  });

  it("crosses the ASNs correctly: CGW = Azure gateway ASN, LNG = amazon-side ASN", () => {
    const vng = g.one(T.vng, "link-vng");
    const amazonSide = layout === "dev" ? Number(prop(g.one(T.vgw, "link-vgw"), "amazonSideAsn")) : args.awsAsn;
    for (const cgw of g.all(T.cgw)) expect(prop(cgw, "bgpAsn")).toBe(String(prop(vng, "bgpSettings.asn")));
    for (const lng of g.all(T.lng)) expect(prop(lng, "bgpSettings.asn")).toBe(amazonSide);
    expect(prop(vng, "bgpSettings.asn")).toBe(args.azureAsn);
    for (const t of tunnels(g, "link")) {
      expect([prop(t.bgp, "localAsn", { outputs: true }), prop(t.bgp, "peerAsn", { outputs: true })]).toEqual([amazonSide, args.azureAsn]);
      expect(prop(t.bgp, "localAddress", { outputs: true })).toBe(prop(t.lng, "bgpSettings.bgpPeeringAddress"));
    }
  });

  it("pins the same IKEv2/IPsec proposal on both clouds, field by field", () => {
    for (const t of tunnels(g, "link")) {
      const awsOpts = Object.fromEntries(
        Object.entries(t.vpn.inputs)
          .filter(([k]) => k.startsWith(`tunnel${t.n}`))
          .map(([k, v]) => [k[7]?.toLowerCase() + k.slice(8), v]),
      );
      const azure = (prop(t.conn, "ipsecPolicies") as Record<string, unknown>[])[0] ?? {};
      expect(compareProposals(t.key, describeAwsTunnel(awsOpts), describeAzurePolicy(azure, prop(t.conn, "connectionProtocol") as string))).toEqual([]);
      expect(awsOpts["startupAction"]).toBe("start");
      expect(awsOpts["dpdTimeoutSeconds"]).toBe(prop(t.conn, "dpdTimeoutSeconds"));
      expect(awsOpts["phase2LifetimeSeconds"]).toBe(azure["saLifeTimeSeconds"]);
    }
  });

  it("feeds the same generated secret key to AWS tunnel N and its Azure connection, never in plaintext", () => {
    const plaintexts: string[] = [];
    for (const t of tunnels(g, "link")) {
      const awsKey = t.vpn.inputs[`tunnel${t.n}PresharedKey`];
      const azureKey = t.conn.inputs["sharedKey"];
      expect(isSecret(awsKey)).toBe(true);
      expect(isSecret(azureKey)).toBe(true);
      const psk = g.one(T.psk, `link-${t.key}-psk`);
      expect(t.vpn.propertyDependencies[`tunnel${t.n}PresharedKey`]).toEqual([psk.urn]);
      expect(t.conn.propertyDependencies["sharedKey"]).toEqual([psk.urn]);
      const value = prop(t.conn, "sharedKey", { reveal: true });
      expect(prop(t.vpn, `tunnel${t.n}PresharedKey`, { reveal: true })).toBe(value);
      expect(value).toBe(prop(psk, "result", { outputs: true, reveal: true }));
      plaintexts.push(value as string);
    }
    expect(new Set(plaintexts).size).toBe(plaintexts.length);
    const everything = JSON.stringify(g.resources.map((r) => ({ inputs: r.inputs, outputs: r.outputs })));
    for (const p of plaintexts) expect(everything).not.toContain(p);
  });

  it("exposes each tunnel's BGP session as plain data: its BgpSession child's outputs, on the LNG's peering address", () => {
    const fields = ["carrier", "localAsn", "peerAsn", "localAddress", "peerAddress", "advertisedPrefixes", "acceptedPrefixes", "holdTimeSeconds"] as const;
    const all = tunnels(g, "link");
    expect(Object.keys(vpn.bgpSessions).sort()).toEqual(all.map((t) => t.key).sort());
    for (const t of all) {
      const session = vpn.bgpSessions[t.key];
      expect(fields.map((f) => session?.[f])).toEqual(fields.map((f) => prop(t.bgp, f, { outputs: true })));
      expect(session?.localAddress).toBe(prop(t.lng, "bgpSettings.bgpPeeringAddress"));
      expect([session?.carrier, session?.advertisedPrefixes, session?.acceptedPrefixes]).toEqual(["vpn", args.awsPrefixes, args.azurePrefixes]);
    }
  });

  it("never makes a customer gateway wait for the 45-minute virtual network gateway", () => {
    const vng = g.one(T.vng, "link-vng");
    for (const cgw of g.all(T.cgw)) {
      const deps = g.transitiveDependencies(cgw);
      expect(deps.has(vng.urn)).toBe(false);
      expect([...deps].some((u) => g.byUrn(u).type === T.pip)).toBe(true);
    }
    for (const vpn of g.all(T.vpn)) expect(g.transitiveDependencies(vpn).has(vng.urn)).toBe(false);
    expect([...g.transitiveDependencies(vng)].some((u) => u.includes("aws:"))).toBe(false);
  });
});

describe("SiteToSiteVpn layouts", () => {
  it("keeps every existing tunnel's name and inside CIDR when dev grows to HA", async () => {
    const before = await build({ ...dev, attachment: "tgw", vpcId: undefined, transitGatewayId: "tgw-1" } as SiteToSiteVpnArgs, "grow");
    const after = await build({ ...dev, layout: "ha", attachment: "tgw", vpcId: undefined, transitGatewayId: "tgw-1" } as SiteToSiteVpnArgs, "grow");
    for (const lng of before.all(T.lng)) {
      expect(prop(after.one(T.lng, lng.name), "bgpSettings")).toEqual(prop(lng, "bgpSettings"));
    }
    const vpnA = before.one(T.vpn, "grow-a-vpn");
    const vpnA2 = after.one(T.vpn, "grow-a-vpn");
    expect([prop(vpnA2, "tunnel1InsideCidr"), prop(vpnA2, "tunnel2InsideCidr")]).toEqual([prop(vpnA, "tunnel1InsideCidr"), prop(vpnA, "tunnel2InsideCidr")]);
    expect(after.all(T.lng).map((r) => r.name).sort()).toEqual(["grow-a-t1-lng", "grow-a-t2-lng", "grow-b-t1-lng", "grow-b-t2-lng"]);
  });

  it("uses VpnGw1AZ for dev and VpnGw2AZ (Generation2) for HA, route-based, BGP on", async () => {
    const [d, h] = [await build(dev), await build(ha)];
    const skuOf = (g: Graph) => {
      const v = g.one(T.vng, "link-vng");
      return [prop(v, "sku.name"), prop(v, "vpnGatewayGeneration"), prop(v, "vpnType"), prop(v, "enableBgp"), prop(v, "gatewayType")];
    };
    expect(skuOf(d)).toEqual(["VpnGw1AZ", "Generation1", "RouteBased", true, "Vpn"]);
    expect(skuOf(h)).toEqual(["VpnGw2AZ", "Generation2", "RouteBased", true, "Vpn"]);
    for (const pip of h.all(T.pip)) expect([prop(pip, "sku.name"), prop(pip, "publicIPAllocationMethod"), prop(pip, "zones")]).toEqual(["Standard", "Static", ["1", "2", "3"]]);
  });

  it("tags every AWS and Azure resource it creates, AWS ones with a Name", async () => {
    const g = await build({ ...dev, tags: { owner: "net" } });
    for (const r of [...g.all(T.pip), ...g.all(T.vng), ...g.all(T.lng), ...g.all(T.conn)]) expect([r.name, prop(r, "tags")]).toEqual([r.name, { owner: "net" }]);
    for (const r of [...g.all(T.vgw), ...g.all(T.cgw), ...g.all(T.vpn)]) expect([r.name, prop(r, "tags")]).toEqual([r.name, { owner: "net", Name: r.name }]);
  });

  it("says which gateway instance carries which tunnels, and that dev's instance 1 is idle by design", async () => {
    const g = await build(dev);
    const instances = prop(g.one("crosscloud:index:SiteToSiteVpn", "link"), "gatewayInstances", { outputs: true }) as Record<string, unknown>[];
    const pips = g.all(T.pip).map((p) => prop(p, "ipAddress", { outputs: true }));
    expect(instances.map((i) => [i["instance"], i["role"], i["publicIpAddress"], i["tunnels"], i["bgpPeerAddresses"]])).toEqual([
      [0, "active", pips[0], ["a-t1", "a-t2"], ["169.254.21.1", "169.254.22.1"]],
      [1, "idle", pips[1], [], []],
    ]);
    expect(instances[1]?.["note"]).toMatch(/^idle by design/);
    // The tunnel table says where each tunnel lands.
    const rows = prop(g.one("crosscloud:index:SiteToSiteVpn", "link"), "tunnelTable", { outputs: true }) as Record<string, unknown>[];
    expect(rows.map((r) => [r["key"], r["azureInstance"]])).toEqual([
      ["a-t1", 0],
      ["a-t2", 0],
    ]);
  });

  it("attaches HA to the Transit Gateway and exposes each connection's TGW attachment", async () => {
    let vpn: SiteToSiteVpn | undefined;
    const g = await record(() => {
      vpn = new SiteToSiteVpn("link", ha);
    });
    for (const c of g.all(T.vpn)) expect([prop(c, "transitGatewayId"), prop(c, "vpnGatewayId")]).toEqual(["tgw-0123456789abcdef0", undefined]);
    expect(Object.keys(vpn?.transitGatewayAttachmentIds ?? {})).toEqual(["a", "b"]);
  });

  it("rejects bad input with the sdk's error listing every problem, before anything is registered", async () => {
    let error: unknown;
    const g = await record(() => {
      try {
        new SiteToSiteVpn("bad", { ...dev, awsAsn: 65515, azureAsn: 65515, gatewaySku: "Basic" as never, azurePrefixes: ["10.16.0.0/20"], connections: { a: { azureInstance: 0, insideCidrs: { t1: "169.254.5.0/30", t2: "169.254.22.0/30" } } } });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).issues.map((i) => [i.path, i.code])).toEqual([
      ["bad.awsAsn", "ASN_RESERVED"],
      ["bad.azureAsn", "ASN_EQUAL"],
      ["bad.gatewaySku", "SKU_INVALID"],
      ["bad.connections.a.insideCidrs.t1", "APIPA_AWS_RESERVED"],
      ["bad.connections.a.insideCidrs.t1", "APIPA_OUTSIDE_AZURE_RANGE"],
    ]);
    expect((error as Error).message).toContain('bad.gatewaySku: "Basic" cannot be used: Basic has no BGP');
    expect(g.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("rejects a TGW attachment without a Transit Gateway id", async () => {
    const g = await record(() => {
      expect(() => new SiteToSiteVpn("x", { ...ha, transitGatewayId: undefined })).toThrow(
        'crosscloud SiteToSiteVpn "x" is invalid (1 problem):\n  - x.transitGatewayId: attachment "tgw" needs transitGatewayId [VALUE_REQUIRED]',
      );
    });
    expect(g.resources).toHaveLength(1);
  });
});

describe("SiteToSiteVpn with a bring-your-own gateway", () => {
  it("creates no public IP or gateway, and wires CGWs and connections to the existing gateway's IPs and ip configurations", async () => {
    const gwId = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworkGateways/existing";
    const g = await build({
      ...ha,
      gatewaySubnetId: undefined,
      existingGateway: { id: gwId, publicIpAddresses: ["203.0.113.201", "203.0.113.202"], ipConfigurationIds: [`${gwId}/ipConfigurations/default`, `${gwId}/ipConfigurations/activeActive`] },
    });
    expect([g.all(T.pip).length, g.all(T.vng).length]).toEqual([0, 0]);
    expect(g.all(T.cgw).map((c) => prop(c, "ipAddress")).sort()).toEqual(["203.0.113.201", "203.0.113.202"]);
    for (const c of g.all(T.conn)) {
      expect(prop(c, "virtualNetworkGateway1.id")).toBe(gwId);
      expect((prop(c, "gatewayCustomBgpIpAddresses") as { ipConfigurationId: string }[]).map((e) => e.ipConfigurationId)).toEqual([
        `${gwId}/ipConfigurations/default`,
        `${gwId}/ipConfigurations/activeActive`,
      ]);
    }
  });

  it("rejects an existing gateway with the wrong number of instances for the layout", async () => {
    await record(() => {
      expect(() => new SiteToSiteVpn("byo", { ...ha, existingGateway: { id: "gw", publicIpAddresses: ["203.0.113.1"], ipConfigurationIds: ["ipc0"] } })).toThrow(
        "byo.existingGateway: the layout needs an active-active gateway with 2 public IPs and 2 ip configurations; got 1 and 1 [VPN_LAYOUT]",
      );
    });
  });
});

describe("SiteToSiteVpn given the sdk's plan", () => {
  /** What a stack would pass besides the plan: the intent fields left out. */
  const rendering = ({ layout: _l, awsAsn: _a, azureAsn: _z, awsRegion: _r, awsPrefixes: _p, azurePrefixes: _q, ...rest }: SiteToSiteVpnArgs): SiteToSiteVpnArgs => rest;
  /** Every registration as plan.json shows it (secrets masked): type, URN, parent, dependencies and inputs. */
  const snapshot = (g: Graph) => (JSON.parse(serializePlan(g.raw)) as { resources: { urn: string; inputs: unknown; dependencies: unknown }[] }).resources.map((r) => [r.urn, r.inputs, r.dependencies]);

  it.each([
    ["dev", dev],
    ["ha", ha],
  ] as const)("renders a %s plan exactly as it renders the intent it was planned from", async (_, args) => {
    const { plan, issues } = planSiteToSiteVpn("link", args);
    expect(issues).toEqual([]);
    const fromIntent = await build(args);
    // Through JSON, as a program in another language or a file would hand it over.
    const fromPlan = await build({ ...rendering(args), plan: JSON.parse(JSON.stringify(plan)) as VpnPlan });
    expect(snapshot(fromPlan)).toEqual(snapshot(fromIntent));
  });

  it("renders the plan planNetwork made, tunnels and addresses as planned", async () => {
    const network = planNetwork({ environment: "dev", aws: { region: "us-east-1", vpcs: { app: {} } }, azure: { region: "eastus", vnets: { hub: {} } }, vpn: { layout: "ha" } });
    const { attachment, ...plan } = network.vpn;
    const g = await build({ ...rendering(ha), attachment, plan });
    expect(g.all(T.vpn).map((v) => [v.name, prop(v, "tunnel1InsideCidr"), prop(v, "tunnel2InsideCidr")])).toEqual(
      plan.connections.map((c) => [`link-${c.key}-vpn`, c.tunnels[0]?.insideCidr, c.tunnels[1]?.insideCidr]),
    );
  });

  it("takes the plan or the intent, never both or neither, naming the fields, before anything is registered", async () => {
    const { plan } = planSiteToSiteVpn("link", dev);
    let both: unknown;
    let neither: unknown;
    const g = await record(() => {
      try {
        new SiteToSiteVpn("link", { ...dev, plan });
      } catch (e) {
        both = e;
      }
      try {
        new SiteToSiteVpn("link", rendering(dev));
      } catch (e) {
        neither = e;
      }
    });
    expect((both as PlanError).issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["link.plan", "OPTION_CONFLICT", "the plan replaces layout, awsAsn, azureAsn, awsRegion, awsPrefixes, azurePrefixes; give the plan or the intent fields, not both"],
    ]);
    expect((neither as PlanError).issues.map((i) => [i.path, i.code])).toEqual([
      ["link.layout", "VALUE_REQUIRED"],
      ["link.awsRegion", "VALUE_REQUIRED"],
      ["link.awsPrefixes", "VALUE_REQUIRED"],
      ["link.azurePrefixes", "VALUE_REQUIRED"],
    ]);
    expect(g.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("checks a given plan instead of trusting it: a broken one is refused at its path, before anything is registered", async () => {
    const { plan } = planSiteToSiteVpn("link", dev);
    const broken = { ...(plan as VpnPlan), instances: 1 };
    let error: unknown;
    const g = await record(() => {
      try {
        new SiteToSiteVpn("link", { ...rendering(dev), plan: broken });
      } catch (e) {
        error = e;
      }
    });
    expect((error as PlanError).issues.map((i) => [i.path, i.code])).toEqual([
      ["link.plan.instances", "VPN_LAYOUT"],
      ["link.plan.customBgpIpAddresses", "VPN_LAYOUT"],
      ["link.plan.connections.a.t1.gatewayCustomBgpIpAddresses", "VPN_LAYOUT"],
      ["link.plan.connections.a.t2.gatewayCustomBgpIpAddresses", "VPN_LAYOUT"],
    ]);
    expect(g.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("names each VGW route propagation by its key, aliased to the name its place in key order had", async () => {
    const g = await build({ ...dev, vgwRouteTableIds: { public: "rtb-pub", private: "rtb-priv" } });
    const props = g.all("aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation");
    expect(props.map((p) => [p.name, prop(p, "routeTableId"), (p.options.aliases as { spec: { name: string } }[]).map((a) => a.spec.name)])).toEqual([
      ["link-private-rtb-prop", "rtb-priv", ["link-vgw-rtb0"]],
      ["link-public-rtb-prop", "rtb-pub", ["link-vgw-rtb1"]],
    ]);
    await record(() => {
      expect(() => new SiteToSiteVpn("x", { ...ha, vgwRouteTableIds: { Main: "rtb-1" } })).toThrow(
        [
          `crosscloud SiteToSiteVpn "x" is invalid (2 problems):`,
          `  - x.vgwRouteTableIds.Main: key "Main" must match ^[a-z][a-z0-9-]{0,30}$ (lower-case letter first, then letters, digits or '-', at most 31 characters) because it becomes part of resource names [KEY_INVALID]`,
          `  - x.vgwRouteTableIds: route propagation is set up on a VGW this component creates; with attachment "tgw" it would be ignored [VPN_LAYOUT]`,
        ].join("\n"),
      );
    });
  });
});
