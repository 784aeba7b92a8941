import fc from "fast-check";
import { awsInsideAddress, cidr, containsIp, ipToLong, isIpv4, parseCidr } from "../../sdk";
import { SimulatedCloud, SIMULATORS, UnsimulatedInvokeError } from "../../preview/simulate";
import { generateRandomString, type RandomStringSpec } from "../../preview/simulate-random";
import { isWireSecret, unwrapSecrets, wireSecret } from "../../graph";

const SUB = "00000000-0000-0000-0000-000000000000";

function create(cloud: SimulatedCloud, type: string, name: string, inputs: Record<string, unknown>, provider?: string) {
  const result = cloud.newResource({ type, name, inputs, custom: true, ...(provider ? { provider } : {}) });
  if (result.id === undefined) throw new Error("expected an id");
  return { id: result.id, state: result.state, plain: unwrapSecrets(result.state) as Record<string, unknown> };
}

function inBlock(ip: unknown, text: string): boolean {
  const block = parseCidr(text);
  return block !== undefined && typeof ip === "string" && isIpv4(ip) && containsIp(block, ip);
}

describe("SimulatedCloud: AWS", () => {
  it("gives a VPN connection AWS's view of both tunnels: outside IPs, inside /30 split, the gateway's ASN", () => {
    const cloud = new SimulatedCloud();
    const tgw = create(cloud, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub", { amazonSideAsn: 64600 });
    const psk = wireSecret("Abc_def.12345678");
    const vpn = create(cloud, "aws:ec2/vpnConnection:VpnConnection", "vpn-a", {
      customerGatewayId: "cgw-0123",
      transitGatewayId: tgw.id,
      type: "ipsec.1",
      tunnel1InsideCidr: "169.254.21.0/30",
      tunnel2InsideCidr: "169.254.22.0/30",
      tunnel1PresharedKey: psk,
    });
    expect(vpn.id).toMatch(/^vpn-0[0-9a-f]{16}$/);
    expect(tgw.id).toMatch(/^tgw-0[0-9a-f]{16}$/);
    expect(vpn.plain).toMatchObject({
      tunnel1VgwInsideAddress: "169.254.21.1",
      tunnel1CgwInsideAddress: "169.254.21.2",
      tunnel2VgwInsideAddress: "169.254.22.1",
      tunnel2CgwInsideAddress: "169.254.22.2",
      tunnel1BgpAsn: "64600",
      tunnel2BgpAsn: "64600",
      tunnel1BgpHoldtime: 30,
      tunnel1PresharedKey: "Abc_def.12345678",
      arn: `arn:aws:ec2:us-east-1:123456789012:vpn-connection/${vpn.id}`,
    });
    expect(vpn.state["tunnel1PresharedKey"]).toBe(psk);
    // AWS generated tunnel 2's key: 32 of its PSK alphabet, not starting with 0, and secret.
    expect(isWireSecret(vpn.state["tunnel2PresharedKey"])).toBe(true);
    expect(vpn.plain["tunnel2PresharedKey"]).toMatch(/^[A-Za-z1-9._][A-Za-z0-9._]{31}$/);
    expect(inBlock(vpn.plain["tunnel1Address"], "198.51.100.0/24")).toBe(true);
    expect(inBlock(vpn.plain["tunnel2Address"], "198.51.100.0/24")).toBe(true);
    expect(vpn.plain["tunnel1Address"]).not.toBe(vpn.plain["tunnel2Address"]);
    expect(vpn.plain["transitGatewayAttachmentId"]).toMatch(/^tgw-attach-0[0-9a-f]{16}$/);
  });

  it("reports the default Amazon-side ASN 64512 for a gateway it does not know, and omits the TGW attachment on a VGW", () => {
    const cloud = new SimulatedCloud();
    const vpn = create(cloud, "aws:ec2/vpnConnection:VpnConnection", "vpn", { customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1", type: "ipsec.1" });
    expect(vpn.plain["tunnel1BgpAsn"]).toBe("64512");
    expect(vpn.plain["transitGatewayAttachmentId"]).toBeUndefined();
    for (const n of [1, 2]) {
      const text = String(vpn.plain[`tunnel${n}InsideCidr`]);
      expect(awsInsideAddress(cidr(text))).toBe(vpn.plain[`tunnel${n}VgwInsideAddress`]);
    }
  });

  it("picks default inside CIDRs the way AWS does: /30s in 169.254.0.0/16, never one AWS reserves", () => {
    const reserved = ["169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30", "169.254.169.252/30"];
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const vpn = create(new SimulatedCloud(), "aws:ec2/vpnConnection:VpnConnection", name, { customerGatewayId: "cgw-1", type: "ipsec.1" });
        for (const n of [1, 2]) {
          const cidr = String(vpn.plain[`tunnel${n}InsideCidr`]);
          expect(inBlock(cidr.split("/")[0], "169.254.0.0/16")).toBe(true);
          expect(cidr.endsWith("/30")).toBe(true);
          expect(reserved).not.toContain(cidr);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("lets TGW route-table associations report what the attachment attaches (VPC, VPN, DX gateway)", () => {
    const cloud = new SimulatedCloud();
    const tgw = create(cloud, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub", {});
    const vpc = create(cloud, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "spoke", { transitGatewayId: tgw.id, vpcId: "vpc-0aaa", subnetIds: [] });
    const vpn = create(cloud, "aws:ec2/vpnConnection:VpnConnection", "vpn", { customerGatewayId: "cgw-1", transitGatewayId: tgw.id, type: "ipsec.1" });
    const dxgw = create(cloud, "aws:directconnect/gateway:Gateway", "dx", { amazonSideAsn: "64700", name: "dx" });
    const assoc = create(cloud, "aws:directconnect/gatewayAssociation:GatewayAssociation", "dx-tgw", { dxGatewayId: dxgw.id, associatedGatewayId: tgw.id, allowedPrefixes: ["10.0.0.0/16"] });
    const rt = create(cloud, "aws:ec2transitgateway/routeTable:RouteTable", "rt", { transitGatewayId: tgw.id });
    const targets = [vpc.id, String(vpn.plain["transitGatewayAttachmentId"]), String(assoc.plain["transitGatewayAttachmentId"])].map((attachment, i) => {
      const a = create(cloud, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", `a${i}`, {
        transitGatewayAttachmentId: attachment,
        transitGatewayRouteTableId: rt.id,
      });
      expect(a.id).toBe(`${rt.id}_${attachment}`);
      return [a.plain["resourceType"], a.plain["resourceId"]];
    });
    expect(targets).toEqual([
      ["vpc", "vpc-0aaa"],
      ["vpn", vpn.id],
      ["direct-connect-gateway", dxgw.id],
    ]);
    expect(dxgw.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(assoc.id).toBe(`ga-${dxgw.id}${tgw.id}`);
  });

  it("places Route 53 Resolver IPs inside their subnets, clear of AWS's reserved addresses, one per ENI", () => {
    const cloud = new SimulatedCloud();
    const a = create(cloud, "aws:ec2/subnet:Subnet", "dns-a", { vpcId: "vpc-0abc", cidrBlock: "10.10.1.0/28", availabilityZone: "us-east-1a" });
    const b = create(cloud, "aws:ec2/subnet:Subnet", "dns-b", { vpcId: "vpc-0abc", cidrBlock: "10.10.2.0/28", availabilityZone: "us-east-1b" });
    const ips = (name: string, given?: string) =>
      create(cloud, "aws:route53/resolverEndpoint:ResolverEndpoint", name, {
        direction: "INBOUND",
        securityGroupIds: ["sg-1"],
        ipAddresses: [{ subnetId: a.id, ...(given ? { ip: given } : {}) }, { subnetId: b.id }],
      });
    const first = ips("in1");
    const second = ips("in2", "10.10.1.9");
    expect(first.id).toMatch(/^rslvr-in-0[0-9a-f]{16}$/);
    expect(first.plain["hostVpcId"]).toBe("vpc-0abc");
    const all = [...(first.plain["ipAddresses"] as Array<{ ip: string }>), ...(second.plain["ipAddresses"] as Array<{ ip: string }>)].map((x) => x.ip);
    expect(all[2]).toBe("10.10.1.9");
    const placed: Array<[string | undefined, string]> = [
      [all[0], "10.10.1.0/28"],
      [all[1], "10.10.2.0/28"],
      [all[3], "10.10.2.0/28"],
    ];
    for (const [ip, text] of placed) {
      expect(inBlock(ip, text)).toBe(true);
      const offset = ipToLong(ip ?? "") - cidr(text).first;
      expect(offset).toBeGreaterThanOrEqual(4);
      expect(offset).toBeLessThanOrEqual(14);
    }
    expect(new Set(all).size).toBe(4);
    expect(b.plain).toMatchObject({ availabilityZone: "us-east-1b", availabilityZoneId: "use1-az2" });
  });

  it("derives everything from names: the same inputs give the same outputs, another name other ids", () => {
    const run = (name: string) => create(new SimulatedCloud(), "aws:ec2/vpc:Vpc", name, { cidrBlock: "10.0.0.0/16" });
    expect(run("core")).toEqual(run("core"));
    expect(run("core").id).not.toBe(run("edge").id);
  });

  it("takes the region from the resource's explicit provider", () => {
    const cloud = new SimulatedCloud();
    const provider = cloud.newResource({ type: "pulumi:providers:aws", name: "euw", inputs: { region: "eu-west-1" }, custom: true });
    const ref = `urn:pulumi:dev::p::pulumi:providers:aws::euw::${String(provider.id)}`;
    const sg = create(cloud, "aws:ec2/securityGroup:SecurityGroup", "dns", { vpcId: "vpc-1" }, ref);
    expect(sg.plain["arn"]).toBe(`arn:aws:ec2:eu-west-1:123456789012:security-group/${sg.id}`);
    expect(sg.plain["name"]).toMatch(/^dns-[0-9a-f]{7}$/);
  });

  it("answers known invokes and refuses unknown ones by name", () => {
    const cloud = new SimulatedCloud();
    expect(cloud.call({ token: "aws:index/getRegion:getRegion", inputs: { region: "ca-central-1" } })).toMatchObject({ name: "ca-central-1" });
    expect(() => cloud.call({ token: "aws:ec2/getSubnets:getSubnets", inputs: {} })).toThrow(new UnsimulatedInvokeError("aws:ec2/getSubnets:getSubnets"));
  });
});

describe("SimulatedCloud: Azure", () => {
  function network(cloud: SimulatedCloud) {
    create(cloud, "azure-native:resources:ResourceGroup", "rg", { resourceGroupName: "rg-hub", location: "westeurope" });
    const vnet = create(cloud, "azure-native:network:VirtualNetwork", "vnet", {
      resourceGroupName: "rg-hub",
      virtualNetworkName: "vnet-hub",
      addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
      subnets: [{ name: "dns-in", addressPrefix: "10.20.5.0/28" }],
    });
    const gwSubnet = create(cloud, "azure-native:network:Subnet", "gw-subnet", {
      resourceGroupName: "rg-hub",
      virtualNetworkName: "vnet-hub",
      subnetName: "GatewaySubnet",
      addressPrefix: "10.20.255.0/27",
    });
    return { vnet, gwSubnet };
  }

  it("builds ARM ids from the resource group and names, and inherits the group's location", () => {
    const cloud = new SimulatedCloud();
    const { vnet, gwSubnet } = network(cloud);
    expect(vnet.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`);
    expect(vnet.plain["location"]).toBe("westeurope");
    expect(gwSubnet.id).toBe(`${vnet.id}/subnets/GatewaySubnet`);
    expect(gwSubnet.plain["type"]).toBe("Microsoft.Network/virtualNetworks/subnets");
    expect((vnet.plain["subnets"] as Array<{ id: string }>)[0]?.id).toBe(`${vnet.id}/subnets/dns-in`);
    // Without a name argument azure-native auto-names: logical name + 8 characters.
    const rt = create(cloud, "azure-native:network:RouteTable", "spoke-rt", { resourceGroupName: "rg-hub" });
    expect(rt.plain["name"]).toMatch(/^spoke-rt[0-9a-f]{8}$/);
    expect(rt.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/routeTables/${String(rt.plain["name"])}`);
  });

  it("gives an active-active VPN gateway per-instance BGP addresses from GatewaySubnet and its public IPs as tunnel IPs", () => {
    const cloud = new SimulatedCloud();
    const { gwSubnet } = network(cloud);
    const pips = ["pip0", "pip1"].map((n) =>
      create(cloud, "azure-native:network:PublicIPAddress", n, { resourceGroupName: "rg-hub", publicIpAddressName: n, sku: { name: "Standard" } }),
    );
    const gwId = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworkGateways/vng`;
    const vng = create(cloud, "azure-native:network:VirtualNetworkGateway", "vng", {
      resourceGroupName: "rg-hub",
      virtualNetworkGatewayName: "vng",
      gatewayType: "Vpn",
      activeActive: true,
      enableBgp: true,
      ipConfigurations: pips.map((p, i) => ({ name: `ipconfig${i}`, subnet: { id: gwSubnet.id }, publicIPAddress: { id: p.id } })),
      bgpSettings: {
        asn: 65515,
        bgpPeeringAddresses: [
          { ipconfigurationId: `${gwId}/ipConfigurations/ipconfig0`, customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"] },
          { ipconfigurationId: `${gwId}/ipConfigurations/ipconfig1`, customBgpIpAddresses: ["169.254.21.6", "169.254.22.6"] },
        ],
      },
    });
    expect(vng.id).toBe(gwId);
    expect(pips[0]?.plain["ipAddress"]).not.toBe(pips[1]?.plain["ipAddress"]);
    expect(pips.every((p) => inBlock(p.plain["ipAddress"], "203.0.113.0/24"))).toBe(true);
    expect(vng.plain["bgpSettings"]).toEqual({
      asn: 65515,
      peerWeight: 0,
      bgpPeeringAddress: "10.20.255.4,10.20.255.5",
      bgpPeeringAddresses: [
        {
          ipconfigurationId: `${gwId}/ipConfigurations/ipconfig0`,
          customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"],
          defaultBgpIpAddresses: ["10.20.255.4"],
          tunnelIpAddresses: [pips[0]?.plain["ipAddress"]],
        },
        {
          ipconfigurationId: `${gwId}/ipConfigurations/ipconfig1`,
          customBgpIpAddresses: ["169.254.21.6", "169.254.22.6"],
          defaultBgpIpAddresses: ["10.20.255.5"],
          tunnelIpAddresses: [pips[1]?.plain["ipAddress"]],
        },
      ],
    });
    expect((vng.plain["ipConfigurations"] as Array<{ id: string }>).map((c) => c.id)).toEqual([`${gwId}/ipConfigurations/ipconfig0`, `${gwId}/ipConfigurations/ipconfig1`]);
  });

  it("gives a DNS inbound endpoint the first free address of its (inline) subnet, and an ER circuit a service key", () => {
    const cloud = new SimulatedCloud();
    const { vnet } = network(cloud);
    const subnetId = `${vnet.id}/subnets/dns-in`;
    const inbound = create(cloud, "azure-native:dnsresolver:InboundEndpoint", "in", {
      resourceGroupName: "rg-hub",
      dnsResolverName: "resolver",
      inboundEndpointName: "in",
      ipConfigurations: [{ subnet: { id: subnetId }, privateIpAllocationMethod: "Dynamic" }],
    });
    expect(inbound.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/dnsResolvers/resolver/inboundEndpoints/in`);
    expect(inbound.plain["ipConfigurations"]).toEqual([{ subnet: { id: subnetId }, privateIpAllocationMethod: "Dynamic", privateIpAddress: "10.20.5.4" }]);
    const circuit = create(cloud, "azure-native:network:ExpressRouteCircuit", "er", { resourceGroupName: "rg-hub", circuitName: "er" });
    expect(circuit.plain["serviceKey"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const peering = create(cloud, "azure-native:network:ExpressRouteCircuitPeering", "pp", {
      resourceGroupName: "rg-hub",
      circuitName: "er",
      peeringName: "AzurePrivatePeering",
    });
    expect(peering.id).toBe(`${circuit.id}/peerings/AzurePrivatePeering`);
    expect(peering.plain["azureASN"]).toBe(12076);
  });

  it("hands out every documentation-range public IP once, then says the pool is exhausted", () => {
    const cloud = new SimulatedCloud();
    const seen = new Set<string>();
    for (let i = 0; i < 254; i++) seen.add(cloud.publicIp("azure", `pip${i}`));
    expect(seen.size).toBe(254);
    expect([...seen].every((ip) => inBlock(ip, "203.0.113.0/24") && !ip.endsWith(".0") && !ip.endsWith(".255"))).toBe(true);
    expect(() => cloud.publicIp("azure", "one-too-many")).toThrow("simulated address pool 203.0.113.0/24 is exhausted");
  });
});

describe("SimulatedCloud never fixes a value", () => {
  const HOST_BITS = (text: string, network: string) => `"${text}" has host bits set; the network is ${network}`;

  it.each([
    ["aws:ec2/vpc:Vpc", "app", { cidrBlock: "10.0.0.5/16" }, `app (aws:ec2/vpc:Vpc): cidrBlock ${HOST_BITS("10.0.0.5/16", "10.0.0.0/16")}; AWS would reject it`],
    ["aws:ec2/subnet:Subnet", "app-a", { vpcId: "vpc-1", cidrBlock: "10.0.1.7/24" }, `app-a (aws:ec2/subnet:Subnet): cidrBlock ${HOST_BITS("10.0.1.7/24", "10.0.1.0/24")}; AWS would reject it`],
    [
      "aws:ec2/vpnConnection:VpnConnection",
      "vpn-a",
      { customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1", type: "ipsec.1", tunnel1InsideCidr: "169.254.21.1/30" },
      `vpn-a: tunnel1InsideCidr ${HOST_BITS("169.254.21.1/30", "169.254.21.0/30")}; AWS would reject it`,
    ],
    [
      "azure-native:network:VirtualNetwork",
      "hub",
      { resourceGroupName: "rg", addressSpace: { addressPrefixes: ["10.16.0.0/16", "10.17.0.1/16"] } },
      `hub (azure-native:network:VirtualNetwork): addressSpace.addressPrefixes ${HOST_BITS("10.17.0.1/16", "10.17.0.0/16")}; Azure would reject it`,
    ],
    [
      "azure-native:network:VirtualNetwork",
      "hub",
      { resourceGroupName: "rg", addressSpace: { addressPrefixes: ["10.16.0.0/16"] }, subnets: [{ name: "GatewaySubnet", addressPrefix: "10.16.0.8/27" }] },
      `hub (azure-native:network:VirtualNetwork): subnets[GatewaySubnet].addressPrefix ${HOST_BITS("10.16.0.8/27", "10.16.0.0/27")}; Azure would reject it`,
    ],
    [
      "azure-native:network:Subnet",
      "dns-in",
      { resourceGroupName: "rg", virtualNetworkName: "hub", addressPrefix: "10.16.1.1/28" },
      `dns-in (azure-native:network:Subnet): addressPrefix ${HOST_BITS("10.16.1.1/28", "10.16.1.0/28")}; Azure would reject it`,
    ],
  ])("refuses a %s given a block with host bits set, naming the resource and the value", (type, name, inputs, message) => {
    expect(() => create(new SimulatedCloud(), type, name, inputs)).toThrow(new Error(message));
  });

  it("refuses to hand out an address from a subnet whose CIDR is not canonical, instead of aligning it", () => {
    const cloud = new SimulatedCloud();
    expect(() => cloud.privateIp("subnet-0abc", "10.0.1.9/24", "ip0", false)).toThrow(
      new Error(`simulated subnet subnet-0abc: its CIDR ${HOST_BITS("10.0.1.9/24", "10.0.1.0/24")}; the cloud would reject it`),
    );
    expect(() => cloud.privateIp("subnet-0abc", "10.0.1", "ip0", false)).toThrow(/subnet-0abc: its CIDR "10.0.1" is not an IPv4 CIDR/);
  });

  it("accepts the same blocks written canonically, so valid programs preview as before", () => {
    const cloud = new SimulatedCloud();
    expect(create(cloud, "aws:ec2/subnet:Subnet", "app-a", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" }).plain["cidrBlock"]).toBe("10.0.1.0/24");
    expect(inBlock(cloud.privateIp("subnet-0abc", "10.0.1.0/24", "ip0", false), "10.0.1.0/24")).toBe(true);
  });
});

describe("SimulatedCloud: random", () => {
  const specArb: fc.Arbitrary<RandomStringSpec> = fc
    .record({
      upper: fc.boolean(),
      lower: fc.boolean(),
      numeric: fc.boolean(),
      special: fc.boolean(),
      overrideSpecial: fc.option(fc.constantFrom("._", "!", "-_="), { nil: undefined }),
      minUpper: fc.nat(3),
      minLower: fc.nat(3),
      minNumeric: fc.nat(3),
      minSpecial: fc.nat(3),
      extra: fc.nat(40),
    })
    .filter((s) => s.upper || s.lower || s.numeric || s.special)
    .map(({ extra, ...s }) => ({ ...s, length: s.minUpper + s.minLower + s.minNumeric + s.minSpecial + extra + 1 }));

  it("produces strings of the requested length, from the allowed classes, meeting every minimum", () => {
    fc.assert(
      fc.property(specArb, fc.string(), (spec, seed) => {
        const result = generateRandomString(spec, seed);
        const specials = spec.overrideSpecial ?? "!@#$%&*()-_=+[]{}<>:?";
        const count = (set: string) => [...result].filter((c) => set.includes(c)).length;
        expect(result).toHaveLength(spec.length);
        expect(count("ABCDEFGHIJKLMNOPQRSTUVWXYZ")).toBeGreaterThanOrEqual(spec.minUpper);
        expect(count("abcdefghijklmnopqrstuvwxyz")).toBeGreaterThanOrEqual(spec.minLower);
        expect(count("0123456789")).toBeGreaterThanOrEqual(spec.minNumeric);
        expect(count(specials)).toBeGreaterThanOrEqual(spec.minSpecial);
        const allowed =
          (spec.upper || spec.minUpper > 0 ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "") +
          (spec.lower || spec.minLower > 0 ? "abcdefghijklmnopqrstuvwxyz" : "") +
          (spec.numeric || spec.minNumeric > 0 ? "0123456789" : "") +
          (spec.special || spec.minSpecial > 0 ? specials : "");
        expect([...result].every((c) => allowed.includes(c))).toBe(true);
        expect(generateRandomString(spec, seed)).toBe(result);
      }),
    );
  });

  it("rejects minimums longer than the string, as the provider does", () => {
    const cloud = new SimulatedCloud();
    expect(() => create(cloud, "random:index/randomString:RandomString", "psk", { length: 4, minUpper: 3, minNumeric: 3 })).toThrow(
      "length (4) must be >= minUpper + minLower + minNumeric + minSpecial (6)",
    );
  });

  it("uses the result as random_string's id and 'none' as random_password's", () => {
    const cloud = new SimulatedCloud();
    const s = create(cloud, "random:index/randomString:RandomString", "s", { length: 20, special: true, overrideSpecial: "._" });
    expect(s.id).toBe(s.plain["result"]);
    expect(s.plain["result"]).toMatch(/^[A-Za-z0-9._]{20}$/);
    expect(create(cloud, "random:index/randomPassword:RandomPassword", "p", { length: 16 }).id).toBe("none");
  });
});

describe("SIMULATORS", () => {
  /** Every type the components and the reference (§3) use. */
  const REQUIRED = [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/vpnGateway:VpnGateway",
    "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
    "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
    "aws:ec2/customerGateway:CustomerGateway",
    "aws:ec2/vpnConnection:VpnConnection",
    "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
    "aws:ec2transitgateway/transitGateway:TransitGateway",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    "aws:ec2transitgateway/routeTable:RouteTable",
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
    "aws:ec2transitgateway/route:Route",
    "aws:directconnect/gateway:Gateway",
    "aws:directconnect/gatewayAssociation:GatewayAssociation",
    "aws:directconnect/transitVirtualInterface:TransitVirtualInterface",
    "aws:directconnect/hostedTransitVirtualInterfaceAcceptor:HostedTransitVirtualInterfaceAcceptor",
    "aws:directconnect/connectionConfirmation:ConnectionConfirmation",
    "aws:route53/resolverEndpoint:ResolverEndpoint",
    "aws:route53/resolverRule:ResolverRule",
    "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
    "azure-native:resources:ResourceGroup",
    "azure-native:network:VirtualNetwork",
    "azure-native:network:Subnet",
    "azure-native:network:PublicIPAddress",
    "azure-native:network:VirtualNetworkGateway",
    "azure-native:network:LocalNetworkGateway",
    "azure-native:network:VirtualNetworkGatewayConnection",
    "azure-native:network:ExpressRouteCircuit",
    "azure-native:network:ExpressRouteCircuitPeering",
    "azure-native:network:RouteTable",
    "azure-native:network:Route",
    "azure-native:network:VirtualHub",
    "azure-native:network:VirtualHubIpConfiguration",
    "azure-native:network:VirtualHubBgpConnection",
    "azure-native:dnsresolver:DnsResolver",
    "azure-native:dnsresolver:InboundEndpoint",
    "azure-native:dnsresolver:OutboundEndpoint",
    "azure-native:dnsresolver:DnsForwardingRuleset",
    "azure-native:dnsresolver:ForwardingRule",
    "azure-native:dnsresolver:PrivateResolverVirtualNetworkLink",
    "random:index/randomPassword:RandomPassword",
    "random:index/randomString:RandomString",
  ];

  it("covers every required type, each giving a distinct non-empty id and echoing its inputs", () => {
    expect(REQUIRED.filter((t) => !(t in SIMULATORS))).toEqual([]);
    const cloud = new SimulatedCloud();
    const ids = REQUIRED.map((type, i) => {
      const inputs = { resourceGroupName: "rg", length: 16, tags: { n: String(i) } };
      const result = cloud.newResource({ type, name: `r${i}`, inputs, custom: true });
      expect(result.state).toMatchObject(inputs);
      return result.id;
    });
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    // Pairs whose id is composed from inputs (route-table associations with no table, say) may
    // coincide with empty inputs; everything with its own identity must be unique.
    const composite = new Set(["aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation", "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
      "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
      "aws:ec2transitgateway/route:Route", "aws:directconnect/gatewayAssociation:GatewayAssociation", "aws:ec2/route:Route",
      "random:index/randomPassword:RandomPassword"]);
    const own = ids.filter((_, i) => !composite.has(REQUIRED[i] ?? ""));
    expect(new Set(own).size).toBe(own.length);
    expect(cloud.unsimulatedTypes).toEqual([]);
  });
});
