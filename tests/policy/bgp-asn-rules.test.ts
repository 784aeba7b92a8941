import { bgpAsnRules as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const VGW = "aws:ec2/vpnGateway:VpnGateway";
const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const DXGW = "aws:directconnect/gateway:Gateway";
const CGW = "aws:ec2/customerGateway:CustomerGateway";
const VPN = "aws:ec2/vpnConnection:VpnConnection";
const LNG = "azure-native:network:LocalNetworkGateway";
const VNG = "azure-native:network:VirtualNetworkGateway";
const CONN = "azure-native:network:VirtualNetworkGatewayConnection";
const BGP = "crosscloud:index:BgpSession";
const EQUAL = "the two sides of an eBGP session must use different ASNs";
const AZ_ID = (kind: string, name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/${kind}/${name}`;

describe("AWS: VGW/TGW and customer gateway", () => {
  const cgw = (asn: string, region = "us-east-1") => r(CGW, "cgw", { bgpAsn: asn, ipAddress: "203.0.113.1", type: "ipsec.1", id: "cgw-1", region });

  it("flags a customer gateway with the ASN of the VGW its VPN connection lands on", () => {
    const result = run(policy, [r(VGW, "vgw", { amazonSideAsn: "64512", id: "vgw-1" }), cgw("64512"), r(VPN, "vpn", { customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1" })]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(VPN, "vpn"),
          message: `aws:ec2/vpnConnection:VpnConnection "vpn" customer gateway "cgw" ASN: 64512 equals the amazon-side ASN of aws:ec2/vpnGateway:VpnGateway "vgw"; ${EQUAL}.`,
        },
      ],
    });
  });

  it("flags the same on a TGW attachment, found through property dependencies while the ids are unknown", () => {
    const result = run(policy, [
      r(TGW, "tgw", { amazonSideAsn: 65010 }),
      cgw("65010"),
      r(VPN, "vpn", { customerGatewayId: UNKNOWN, transitGatewayId: UNKNOWN }, { propertyDependencies: { customerGatewayId: ["cgw"], transitGatewayId: ["tgw"] } }),
    ]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(VPN, "vpn")]);
    expect(result.cantRun).toBeUndefined();
  });

  it("passes crosscloud's pairing: 65515 (Azure) on the customer gateway, 64512 on the VGW or the TGW", () => {
    expect(run(policy, [r(VGW, "vgw", { amazonSideAsn: "64512", id: "vgw-1" }), cgw("65515"), r(VPN, "vpn", { customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1" })])).toEqual({
      violations: [],
    });
    expect(run(policy, [r(TGW, "tgw", { amazonSideAsn: 64512, id: "tgw-1" }), cgw("65515"), r(VPN, "vpn", { customerGatewayId: "cgw-1", transitGatewayId: "tgw-1" })])).toEqual({
      violations: [],
    });
  });

  it("flags a public amazon-side ASN on a VGW, TGW or DX gateway", () => {
    const result = run(policy, [
      r(VGW, "vgw", { amazonSideAsn: "7224" }),
      r(TGW, "tgw", { amazonSideAsn: 64496 }),
      r(DXGW, "dxgw", { amazonSideAsn: "12345" }),
      r(DXGW, "dxgw-ok", { amazonSideAsn: "64513" }),
    ]);
    expect(result.violations).toEqual([
      { urn: urnOf(VGW, "vgw"), message: 'aws:ec2/vpnGateway:VpnGateway "vgw" amazonSideAsn: 7224 is not accepted as an amazon-side ASN; use a private ASN: 64512–65534 or 4200000000–4294967294.' },
      {
        urn: urnOf(TGW, "tgw"),
        message: 'aws:ec2transitgateway/transitGateway:TransitGateway "tgw" amazonSideAsn: 64496 is not accepted as an amazon-side ASN; use a private ASN: 64512–65534 or 4200000000–4294967294.',
      },
      { urn: urnOf(DXGW, "dxgw"), message: 'aws:directconnect/gateway:Gateway "dxgw" amazonSideAsn: 12345 is not accepted as an amazon-side ASN; use a private ASN: 64512–65534 or 4200000000–4294967294.' },
    ]);
  });

  it("flags a customer gateway ASN AWS reserves, per Region", () => {
    expect(run(policy, [cgw("7224")]).violations).toEqual([
      { urn: urnOf(CGW, "cgw"), message: 'aws:ec2/customerGateway:CustomerGateway "cgw" bgpAsn: 7224 is reserved by AWS for customer gateways.' },
    ]);
    expect(run(policy, [cgw("9059", "eu-west-1")]).violations.map((v) => v.urn)).toEqual([urnOf(CGW, "cgw")]);
    expect(run(policy, [cgw("9059", "us-east-1")])).toEqual({ violations: [] });
  });

  it("blocks on an unknown amazon-side ASN it must compare", () => {
    const result = run(policy, [r(VGW, "vgw", { amazonSideAsn: UNKNOWN, id: "vgw-1" }), cgw("65515"), r(VPN, "vpn", { customerGatewayId: "cgw-1", vpnGatewayId: "vgw-1" })]);
    expect(result).toEqual({ violations: [], cantRun: "string value at .amazonSideAsn can't be known during preview" });
  });
});

describe("Azure: local network gateway and VPN gateway", () => {
  const vng = (asn: number) => r(VNG, "vng", { gatewayType: "Vpn", enableBgp: true, bgpSettings: { asn }, name: "vng", resourceGroupName: "rg" });
  const lng = (asn: number) => r(LNG, "lng", { gatewayIpAddress: "198.51.100.1", bgpSettings: { asn, bgpPeeringAddress: "169.254.21.1" }, name: "lng", resourceGroupName: "rg" });
  const conn = (more: Record<string, unknown> = {}) =>
    r(CONN, "conn", {
      connectionType: "IPsec",
      enableBgp: true,
      virtualNetworkGateway1: { id: AZ_ID("virtualNetworkGateways", "vng") },
      localNetworkGateway2: { id: AZ_ID("localNetworkGateways", "lng") },
      ...more,
    });

  it("flags a connection whose local network gateway has the VPN gateway's ASN", () => {
    expect(run(policy, [vng(65010), lng(65010), conn()]).violations).toEqual([
      {
        urn: urnOf(CONN, "conn"),
        message: `azure-native:network:VirtualNetworkGatewayConnection "conn" VPN gateway "vng" bgpSettings.asn: 65010 equals local network gateway "lng" bgpSettings.asn; ${EQUAL}.`,
      },
    ]);
  });

  it("passes the default pair (65515 on Azure, 64512 for AWS), and a connection without BGP", () => {
    expect(run(policy, [vng(65515), lng(64512), conn()])).toEqual({ violations: [] });
    expect(run(policy, [vng(65010), lng(65010), conn({ enableBgp: false })])).toEqual({ violations: [] });
  });

  it("flags reserved ASNs: on the local network gateway (Azure will not peer) and on the VPN gateway itself", () => {
    const result = run(policy, [vng(65517), lng(65515)]);
    expect(result.violations).toEqual([
      { urn: urnOf(VNG, "vng"), message: 'azure-native:network:VirtualNetworkGateway "vng" bgpSettings.asn: 65517 is reserved by Azure for internal use.' },
      {
        urn: urnOf(LNG, "lng"),
        message:
          'azure-native:network:LocalNetworkGateway "lng" bgpSettings.asn: 65515 is reserved by Azure (its VPN gateway and Route Server default); only the Azure gateway itself may use it; Azure will not peer with it.',
      },
    ]);
  });

  it("leaves ExpressRoute gateways' and BGP-less local gateways' ASNs alone", () => {
    expect(
      run(policy, [r(VNG, "ergw", { gatewayType: "ExpressRoute", bgpSettings: { asn: 65515 } }), r(LNG, "static", { gatewayIpAddress: "198.51.100.1", localNetworkAddressSpace: { addressPrefixes: ["10.0.0.0/16"] } })]),
    ).toEqual({ violations: [] });
  });
});

describe("crosscloud BgpSession", () => {
  it("flags equal ends and ASNs outside 1–4294967295, and accepts Microsoft's 12076 as an end", () => {
    const result = run(policy, [
      r(BGP, "same", { carrier: "vpn", localAsn: 64512, peerAsn: 64512 }),
      r(BGP, "bad", { carrier: "dx-transit-vif", localAsn: 0, peerAsn: 65000 }),
      r(BGP, "er", { carrier: "expressroute", localAsn: 12076, peerAsn: 65000 }),
    ]);
    expect(result.violations).toEqual([
      { urn: urnOf(BGP, "same"), message: `crosscloud:index:BgpSession "same" peerAsn: 64512 equals localAsn; ${EQUAL}.` },
      { urn: urnOf(BGP, "bad"), message: 'crosscloud:index:BgpSession "bad" localAsn: 0 is not an ASN; use an integer from 1 to 4294967295.' },
    ]);
  });

  it("exempts allowed sessions", () => {
    expect(run(policy, [r(BGP, "same", { localAsn: 64512, peerAsn: 64512 })], { allow: ["same"] })).toEqual({ violations: [] });
  });
});
