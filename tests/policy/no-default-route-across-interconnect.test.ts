import { noDefaultRouteAcrossInterconnect as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const WHY = "a default route across the interconnect would pull all of one cloud's Internet-bound traffic into the other";
const ROUTE = "aws:ec2/route:Route";
const RTB = "aws:ec2/routeTable:RouteTable";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const VPN_ROUTE = "aws:ec2/vpnConnectionRoute:VpnConnectionRoute";
const DX_ASSOC = "aws:directconnect/gatewayAssociation:GatewayAssociation";
const DX_PROPOSAL = "aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal";
const AZ_ROUTE = "azure-native:network:Route";
const AZ_RTB = "azure-native:network:RouteTable";
const LNG = "azure-native:network:LocalNetworkGateway";
const VNG = "azure-native:network:VirtualNetworkGateway";
const BGP = "crosscloud:index:BgpSession";
const VGW = r("aws:ec2/vpnGateway:VpnGateway", "vgw", { amazonSideAsn: "64512" });
const IGW = r("aws:ec2/internetGateway:InternetGateway", "igw", {});

describe("aws ec2.Route", () => {
  it("flags 0.0.0.0/0 and ::/0 toward a transit gateway or a VGW, naming the target", () => {
    const result = run(policy, [
      r(ROUTE, "to-tgw", { destinationCidrBlock: "0.0.0.0/0", routeTableId: "rtb-1", transitGatewayId: "tgw-1" }),
      r(ROUTE, "to-vgw", { destinationCidrBlock: "0.0.0.0/0", routeTableId: "rtb-1", gatewayId: "vgw-1" }),
      r(ROUTE, "v6-to-tgw", { destinationIpv6CidrBlock: "::/0", routeTableId: "rtb-1", transitGatewayId: "tgw-1" }),
    ]);
    expect(result).toEqual({
      violations: [
        { urn: urnOf(ROUTE, "to-tgw"), message: `aws:ec2/route:Route "to-tgw" routes 0.0.0.0/0 to transit gateway tgw-1; ${WHY}.` },
        { urn: urnOf(ROUTE, "to-vgw"), message: `aws:ec2/route:Route "to-vgw" routes 0.0.0.0/0 to virtual private gateway vgw-1; ${WHY}.` },
        { urn: urnOf(ROUTE, "v6-to-tgw"), message: `aws:ec2/route:Route "v6-to-tgw" routes ::/0 to transit gateway tgw-1; ${WHY}.` },
      ],
    });
  });

  it("passes the spokes' routes to the Azure prefixes via the TGW, and a default to an Internet or NAT gateway", () => {
    expect(
      run(policy, [
        r(ROUTE, "spoke-a-to-azure", { destinationCidrBlock: "10.16.0.0/12", routeTableId: "rtb-1", transitGatewayId: "tgw-1" }),
        r(ROUTE, "to-vgw-azure", { destinationCidrBlock: "10.16.0.0/20", routeTableId: "rtb-1", gatewayId: "vgw-1" }),
        r(ROUTE, "public-default", { destinationCidrBlock: "0.0.0.0/0", routeTableId: "rtb-2", gatewayId: "igw-1" }),
        r(ROUTE, "nat-default", { destinationCidrBlock: "0.0.0.0/0", routeTableId: "rtb-3", natGatewayId: "nat-1" }),
      ]),
    ).toEqual({ violations: [] });
  });

  it("tells an unknown gatewayId (a gateway being created) by where it comes from", () => {
    const result = run(policy, [
      VGW,
      IGW,
      r(ROUTE, "to-new-vgw", { destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }, { propertyDependencies: { gatewayId: ["vgw"] } }),
      r(ROUTE, "to-new-igw", { destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }, { propertyDependencies: { gatewayId: ["igw"] } }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(ROUTE, "to-new-vgw"), message: `aws:ec2/route:Route "to-new-vgw" routes 0.0.0.0/0 to a virtual private gateway; ${WHY}.` }],
    });
  });

  it("cannot decide a default route to an unknown gateway of unknown origin, and says so as a real preview does, after reporting what it could decide", () => {
    const result = run(policy, [
      r(ROUTE, "mystery", { destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }),
      r(ROUTE, "to-tgw", { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(ROUTE, "to-tgw"), message: `aws:ec2/route:Route "to-tgw" routes 0.0.0.0/0 to transit gateway tgw-1; ${WHY}.` }],
      cantRun: "string value at .gatewayId can't be known during preview",
    });
  });

  it("needs the destination only when the target crosses: an unknown destination toward the TGW blocks, toward an IGW it does not", () => {
    expect(run(policy, [r(ROUTE, "secret-dest", { destinationCidrBlock: UNKNOWN, transitGatewayId: "tgw-1" })])).toEqual({
      violations: [],
      cantRun: "string value at .destinationCidrBlock can't be known during preview",
    });
    expect(run(policy, [r(ROUTE, "secret-dest", { destinationCidrBlock: UNKNOWN, gatewayId: "igw-1" })])).toEqual({ violations: [] });
  });

  it("exempts resources listed in allow, by logical name or URN", () => {
    const fakes = [
      r(ROUTE, "egress-a", { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" }),
      r(ROUTE, "egress-b", { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" }),
    ];
    expect(run(policy, fakes, { allow: ["egress-a", urnOf(ROUTE, "egress-b")] })).toEqual({ violations: [] });
    expect(run(policy, fakes, { allow: ["egress-a"] }).violations.map((v) => v.urn)).toEqual([urnOf(ROUTE, "egress-b")]);
  });
});

describe("aws ec2.RouteTable inline routes", () => {
  it("flags a default toward a VGW or TGW, naming the entry", () => {
    const result = run(policy, [
      r(RTB, "private", {
        vpcId: "vpc-1",
        routes: [
          { cidrBlock: "10.16.0.0/12", transitGatewayId: "tgw-1" },
          { cidrBlock: "0.0.0.0/0", gatewayId: "vgw-1" },
        ],
      }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(RTB, "private"), message: `aws:ec2/routeTable:RouteTable "private" routes.1 routes 0.0.0.0/0 to virtual private gateway vgw-1; ${WHY}.` }],
    });
  });

  it("passes Azure prefixes toward the TGW and a default toward an Internet gateway", () => {
    const table = r(RTB, "public", {
      routes: [
        { cidrBlock: "10.16.0.0/12", transitGatewayId: "tgw-1" },
        { cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
        { ipv6CidrBlock: "::/0", egressOnlyGatewayId: "eigw-1" },
      ],
    });
    expect(run(policy, [table])).toEqual({ violations: [] });
  });

  it("resolves an unknown inline gatewayId through the routes' dependencies", () => {
    const table = r(RTB, "private", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }] }, { propertyDependencies: { routes: ["vgw"] } });
    expect(run(policy, [VGW, table]).violations.map((v) => v.urn)).toEqual([urnOf(RTB, "private")]);
    const publicTable = r(RTB, "public", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }] }, { propertyDependencies: { routes: ["igw"] } });
    expect(run(policy, [IGW, publicTable])).toEqual({ violations: [] });
  });
});

describe("aws ec2transitgateway.Route", () => {
  it("flags a default route in a TGW route table unless it is a blackhole", () => {
    const result = run(policy, [
      r(TGW_ROUTE, "default", { destinationCidrBlock: "0.0.0.0/0", transitGatewayAttachmentId: "tgw-attach-1", transitGatewayRouteTableId: "tgw-rtb-1" }),
      r(TGW_ROUTE, "drop-default", { destinationCidrBlock: "0.0.0.0/0", blackhole: true, transitGatewayRouteTableId: "tgw-rtb-1" }),
      r(TGW_ROUTE, "to-azure", { destinationCidrBlock: "10.16.0.0/12", transitGatewayAttachmentId: "tgw-attach-vpn", transitGatewayRouteTableId: "tgw-rtb-spokes" }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(TGW_ROUTE, "default"), message: `aws:ec2transitgateway/route:Route "default" puts 0.0.0.0/0 in a transit gateway route table; ${WHY}.` }],
    });
  });
});

describe("aws ec2.VpnConnectionRoute", () => {
  it("flags a static default over the VPN and passes a static Azure prefix", () => {
    const result = run(policy, [
      r(VPN_ROUTE, "default", { destinationCidrBlock: "0.0.0.0/0", vpnConnectionId: "vpn-1" }),
      r(VPN_ROUTE, "azure", { destinationCidrBlock: "10.16.0.0/20", vpnConnectionId: "vpn-1" }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(VPN_ROUTE, "default"), message: `aws:ec2/vpnConnectionRoute:VpnConnectionRoute "default" sends 0.0.0.0/0 over the VPN connection; ${WHY}.` }],
    });
  });
});

describe("aws directconnect gateway association allowedPrefixes", () => {
  it("flags a default among the allowed prefixes of an association or a proposal", () => {
    const result = run(policy, [
      r(DX_ASSOC, "assoc", { dxGatewayId: "dxgw-1", associatedGatewayId: "tgw-1", allowedPrefixes: ["10.0.0.0/16", "0.0.0.0/0"] }),
      r(DX_PROPOSAL, "proposal", { dxGatewayId: "dxgw-1", associatedGatewayId: "tgw-1", allowedPrefixes: ["::/0"] }),
    ]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(DX_ASSOC, "assoc"),
          message:
            'aws:directconnect/gatewayAssociation:GatewayAssociation "assoc" advertises over Direct Connect allowedPrefixes.1: 0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud\'s traffic into the other.',
        },
        {
          urn: urnOf(DX_PROPOSAL, "proposal"),
          message:
            'aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal "proposal" advertises over Direct Connect allowedPrefixes.0: ::/0 is a default route; advertising it across the interconnect would pull all of one cloud\'s traffic into the other.',
        },
      ],
    });
  });

  it("passes the ER/DX design: the spoke VPC CIDRs as allowed prefixes", () => {
    expect(
      run(policy, [
        r(DX_ASSOC, "assoc", { dxGatewayId: "dxgw-1", associatedGatewayId: "tgw-1", allowedPrefixes: ["10.0.0.0/20", "10.1.0.0/20"] }),
        r(DX_PROPOSAL, "proposal", { dxGatewayId: "dxgw-1", associatedGatewayId: "tgw-1", allowedPrefixes: ["10.0.0.0/20"] }),
      ]),
    ).toEqual({ violations: [] });
  });

  it("blocks on an unknown entry, as it might be the default", () => {
    expect(run(policy, [r(DX_ASSOC, "assoc", { allowedPrefixes: ["10.0.0.0/20", UNKNOWN] })])).toEqual({
      violations: [],
      cantRun: "string value at .allowedPrefixes.1 can't be known during preview",
    });
  });
});

describe("azure network.Route and RouteTable", () => {
  it("flags a default with nextHopType VirtualNetworkGateway (forced tunnelling into the link)", () => {
    const result = run(policy, [
      r(AZ_ROUTE, "force", { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualNetworkGateway", routeTableName: "rt", resourceGroupName: "rg" }),
      r(AZ_RTB, "table", { routes: [{ name: "aws", addressPrefix: "10.0.0.0/16", nextHopType: "VirtualNetworkGateway" }, { name: "all", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualNetworkGateway" }] }),
    ]);
    expect(result).toEqual({
      violations: [
        { urn: urnOf(AZ_ROUTE, "force"), message: `azure-native:network:Route "force" sends 0.0.0.0/0 to the VirtualNetworkGateway (the VPN/ExpressRoute gateway); ${WHY}.` },
        { urn: urnOf(AZ_RTB, "table"), message: `azure-native:network:RouteTable "table" routes.1 sends 0.0.0.0/0 to the VirtualNetworkGateway (the VPN/ExpressRoute gateway); ${WHY}.` },
      ],
    });
  });

  it("passes a default to the Internet or an appliance, and AWS prefixes to the gateway", () => {
    expect(
      run(policy, [
        r(AZ_ROUTE, "internet", { addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }),
        r(AZ_ROUTE, "nva", { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.16.1.4" }),
        r(AZ_RTB, "table", { routes: [{ addressPrefix: "10.0.0.0/16", nextHopType: "VirtualNetworkGateway" }] }),
      ]),
    ).toEqual({ violations: [] });
  });
});

describe("azure LocalNetworkGateway address space", () => {
  it("flags 0.0.0.0/0 in the remote site's address space", () => {
    const result = run(policy, [r(LNG, "aws-t1", { gatewayIpAddress: "198.51.100.1", localNetworkAddressSpace: { addressPrefixes: ["10.0.0.0/16", "0.0.0.0/0"] } })]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(LNG, "aws-t1"),
          message:
            'azure-native:network:LocalNetworkGateway "aws-t1" routes to the remote site localNetworkAddressSpace.addressPrefixes.1: 0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud\'s traffic into the other.',
        },
      ],
    });
  });

  it("passes the HA VPN's four BGP local network gateways with empty address spaces", () => {
    const lngs = ["a-t1", "a-t2", "b-t1", "b-t2"].map((k, i) =>
      r(LNG, `ha-vpn-${k}-lng`, { gatewayIpAddress: `198.51.100.${i + 1}`, bgpSettings: { asn: 64512, bgpPeeringAddress: `169.254.2${1 + (i % 2)}.${i < 2 ? 1 : 5}` }, localNetworkAddressSpace: { addressPrefixes: [] } }),
    );
    expect(run(policy, lngs)).toEqual({ violations: [] });
  });
});

describe("azure VirtualNetworkGateway gatewayDefaultSite", () => {
  it("flags forced tunnelling to a site, even while the site's id is unknown", () => {
    const result = run(policy, [
      r(VNG, "vng", { gatewayType: "Vpn", gatewayDefaultSite: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/localNetworkGateways/aws" } }),
      r(VNG, "vng-new", { gatewayType: "Vpn", gatewayDefaultSite: { id: UNKNOWN } }),
      r(VNG, "plain", { gatewayType: "Vpn", activeActive: true }),
    ]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(VNG, "vng"), urnOf(VNG, "vng-new")]);
    expect(result.violations[0]?.message).toBe(
      `azure-native:network:VirtualNetworkGateway "vng" sets gatewayDefaultSite (forced tunnelling): Azure sends the VNet's 0.0.0.0/0 traffic to that site; ${WHY}.`,
    );
    expect(result.cantRun).toBeUndefined();
  });
});

describe("crosscloud BgpSession", () => {
  it("flags a session advertising a default, or accepting one from its peer", () => {
    const result = run(policy, [
      r(BGP, "adv", { carrier: "vpn", localAsn: 64512, peerAsn: 65515, advertisedPrefixes: ["10.0.0.0/20", "0.0.0.0/0"], acceptedPrefixes: ["10.16.0.0/20"] }),
      r(BGP, "acc", { carrier: "dx-transit-vif", localAsn: 64513, peerAsn: 65000, advertisedPrefixes: ["10.0.0.0/20"], acceptedPrefixes: ["::/0"] }),
    ]);
    expect(result.violations).toEqual([
      {
        urn: urnOf(BGP, "adv"),
        message: 'crosscloud:index:BgpSession "adv" advertises advertisedPrefixes.1: 0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud\'s traffic into the other.',
      },
      {
        urn: urnOf(BGP, "acc"),
        message:
          'crosscloud:index:BgpSession "acc" expects its peer to advertise (accepts) acceptedPrefixes.0: ::/0 is a default route; advertising it across the interconnect would pull all of one cloud\'s traffic into the other.',
      },
    ]);
  });

  it("passes sessions exchanging only the two clouds' prefixes", () => {
    expect(run(policy, [r(BGP, "t1", { carrier: "vpn", advertisedPrefixes: ["10.0.0.0/20"], acceptedPrefixes: ["10.16.0.0/20"] })])).toEqual({ violations: [] });
  });
});

describe("what is not a route", () => {
  it("ignores a VPN connection's 0.0.0.0/0 traffic selectors and routed prefixes on other resource types", () => {
    const result = run(policy, [
      r("aws:ec2/vpnConnection:VpnConnection", "vpn", { localIpv4NetworkCidr: "0.0.0.0/0", remoteIpv4NetworkCidr: "0.0.0.0/0", transitGatewayId: "tgw-1" }),
      r("aws:ec2/securityGroupRule:SecurityGroupRule", "egress", { cidrBlocks: ["0.0.0.0/0"], type: "egress" }),
    ]);
    expect(result).toEqual({ violations: [] });
  });
});

describe("policy config", () => {
  it("reports a malformed allow list against the stack instead of ignoring it", () => {
    expect(run(policy, [r(ROUTE, "x", { destinationCidrBlock: "0.0.0.0/0", transitGatewayId: "tgw-1" })], { allow: "x" })).toEqual({
      violations: [{ message: 'policy config: "allow" must be a list of strings' }],
    });
  });
});
