import { ipsecExplicitAndMatching as policy } from "../../policy/policies";
import { awsTunnelOptions, ipsecProfile, renderAzureIpsecPolicy } from "../../sdk/ipsec";
import { UNKNOWN, r, run, urnOf } from "./harness";

const VPN = "aws:ec2/vpnConnection:VpnConnection";
const LNG = "azure-native:network:LocalNetworkGateway";
const CONN = "azure-native:network:VirtualNetworkGatewayConnection";
const LNG_ID = (name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/localNetworkGateways/${name}`;

/** Both sides rendered from one sdk profile, as SiteToSiteVpn does. */
const PROFILE = ipsecProfile("aes256-sha256-modp2048");
const vpn = (over: Record<string, unknown> = {}) =>
  r(VPN, "vpn", {
    ...awsTunnelOptions(1, PROFILE),
    ...awsTunnelOptions(2, PROFILE),
    tunnel1InsideCidr: "169.254.21.0/30",
    tunnel2InsideCidr: "169.254.22.0/30",
    tunnel1Address: "198.51.100.10",
    tunnel2Address: "198.51.100.20",
    ...over,
  });
const lng = (name: string, gatewayIpAddress: string, bgpPeeringAddress: string) =>
  r(LNG, name, { gatewayIpAddress, bgpSettings: { asn: 64512, bgpPeeringAddress }, localNetworkAddressSpace: { addressPrefixes: [] }, name, resourceGroupName: "rg" });
const conn = (name: string, lngName: string, over: Record<string, unknown> = {}) =>
  r(CONN, name, {
    connectionType: "IPsec",
    connectionProtocol: "IKEv2",
    enableBgp: true,
    localNetworkGateway2: { id: LNG_ID(lngName) },
    ipsecPolicies: [renderAzureIpsecPolicy(PROFILE)],
    ...over,
  });
const pair = () => [vpn(), lng("t1-lng", "198.51.100.10", "169.254.21.1"), lng("t2-lng", "198.51.100.20", "169.254.22.1"), conn("t1-conn", "t1-lng"), conn("t2-conn", "t2-lng")];

describe("explicit and matching (the crosscloud rendering)", () => {
  it("passes both tunnels rendered from one profile", () => {
    expect(run(policy, pair())).toEqual({ violations: [] });
  });

  it("flags an Azure connection that disagrees with its AWS tunnel, field by field", () => {
    const azure = { ...renderAzureIpsecPolicy(PROFILE), ikeIntegrity: "SHA384", pfsGroup: "ECP384" };
    const fakes = [...pair().slice(0, 3), conn("t1-conn", "t1-lng", { ipsecPolicies: [azure] }), conn("t2-conn", "t2-lng")];
    const where = `aws:ec2/vpnConnection:VpnConnection "vpn" tunnel 1 (${urnOf(VPN, "vpn")})`;
    expect(run(policy, fakes)).toEqual({
      violations: [
        { urn: urnOf(CONN, "t1-conn"), message: `azure-native:network:VirtualNetworkGatewayConnection "t1-conn" and ${where} disagree on ikeIntegrity: AWS offers SHA256 but Azure offers SHA384.` },
        { urn: urnOf(CONN, "t1-conn"), message: `azure-native:network:VirtualNetworkGatewayConnection "t1-conn" and ${where} disagree on pfsGroup: AWS offers 14 but Azure offers 20.` },
      ],
    });
  });

  it("pairs by the inside address when AWS's outside addresses are unknown (a real preview)", () => {
    const fakes = [
      vpn({ tunnel1Address: UNKNOWN, tunnel2Address: UNKNOWN, ...awsTunnelOptions(2, ipsecProfile("aes256-sha384-ecp384")) }),
      lng("t1-lng", UNKNOWN, "169.254.21.1"),
      lng("t2-lng", UNKNOWN, "169.254.22.1"),
      conn("t1-conn", "t1-lng"),
      conn("t2-conn", "t2-lng"),
    ];
    const result = run(policy, fakes);
    expect(result.violations.map((v) => [v.urn, v.message.replace(/.* disagree on /, "")])).toEqual([
      [urnOf(CONN, "t2-conn"), "ikeIntegrity: AWS offers SHA384 but Azure offers SHA256."],
      [urnOf(CONN, "t2-conn"), "dhGroup: AWS offers 20 but Azure offers 14."],
      [urnOf(CONN, "t2-conn"), "pfsGroup: AWS offers 20 but Azure offers 14."],
    ]);
    expect(result.cantRun).toBeUndefined();
  });

  it("cannot pair a connection whose local network gateway has no known address, and says so", () => {
    const result = run(policy, [vpn(), r(LNG, "t1-lng", { gatewayIpAddress: UNKNOWN, name: "t1-lng", resourceGroupName: "rg" }), conn("t1-conn", "t1-lng")]);
    expect(result).toEqual({ violations: [], cantRun: "string value at .gatewayIpAddress can't be known during preview" });
  });

  it("does not compare a connection to a site that is not an AWS tunnel of this stack", () => {
    expect(run(policy, [vpn(), lng("onprem", "192.0.2.1", "10.255.0.1"), conn("onprem-conn", "onprem")])).toEqual({ violations: [] });
  });
});

describe("explicit: AWS", () => {
  it("flags a tunnel left at the AWS default, naming each list that is not pinned", () => {
    const result = run(policy, [
      vpn({ tunnel2IkeVersions: undefined, tunnel2Phase1EncryptionAlgorithms: ["AES256", "AES128"], tunnel2Phase2DhGroupNumbers: [] }),
    ]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(VPN, "vpn"),
          message:
            'aws:ec2/vpnConnection:VpnConnection "vpn" tunnel 2 leaves IKE/IPsec at the AWS default: tunnel2IkeVersions is unset, tunnel2Phase1EncryptionAlgorithms lists 2 values, tunnel2Phase2DhGroupNumbers is unset; pin exactly one value in each list.',
        },
      ],
    });
  });

  it("flags a connection with no tunnel options at all, both tunnels", () => {
    const lists = ["IkeVersions", "Phase1EncryptionAlgorithms", "Phase1IntegrityAlgorithms", "Phase1DhGroupNumbers", "Phase2EncryptionAlgorithms", "Phase2IntegrityAlgorithms", "Phase2DhGroupNumbers"];
    const message = (n: number) =>
      `aws:ec2/vpnConnection:VpnConnection "bare" tunnel ${n} leaves IKE/IPsec at the AWS default: ${lists.map((l) => `tunnel${n}${l} is unset`).join(", ")}; pin exactly one value in each list.`;
    expect(run(policy, [r(VPN, "bare", { transitGatewayId: "tgw-1", type: "ipsec.1" })])).toEqual({
      violations: [
        { urn: urnOf(VPN, "bare"), message: message(1) },
        { urn: urnOf(VPN, "bare"), message: message(2) },
      ],
    });
  });

  it("flags IKEv1", () => {
    expect(run(policy, [vpn({ tunnel1IkeVersions: ["ikev1"] })]).violations).toEqual([
      {
        urn: urnOf(VPN, "vpn"),
        message: 'aws:ec2/vpnConnection:VpnConnection "vpn" tunnel 1 uses ikev1; pin ikev2 (Azure\'s route-based gateways and crosscloud\'s profiles use IKEv2).',
      },
    ]);
  });

  it("blocks on an unknown proposal list", () => {
    expect(run(policy, [vpn({ tunnel1Phase1DhGroupNumbers: UNKNOWN })])).toEqual({
      violations: [],
      cantRun: "string value at .tunnel1Phase1DhGroupNumbers can't be known during preview",
    });
  });
});

describe("explicit: Azure", () => {
  it("flags a connection without ipsecPolicies, and one on IKEv1", () => {
    const fakes = [...pair().slice(0, 3), conn("t1-conn", "t1-lng", { ipsecPolicies: [] }), conn("t2-conn", "t2-lng", { connectionProtocol: "IKEv1" })];
    expect(run(policy, fakes).violations).toEqual([
      {
        urn: urnOf(CONN, "t1-conn"),
        message: 'azure-native:network:VirtualNetworkGatewayConnection "t1-conn" has no ipsecPolicies, so Azure negotiates its default IKE/IPsec set; pin one ipsecPolicies entry matching the AWS tunnel.',
      },
      { urn: urnOf(CONN, "t2-conn"), message: 'azure-native:network:VirtualNetworkGatewayConnection "t2-conn" uses connectionProtocol IKEV1; use IKEv2.' },
    ]);
  });

  it("ignores ExpressRoute connections, and allowed ones", () => {
    expect(run(policy, [r(CONN, "er", { connectionType: "ExpressRoute", peer: { id: "circuit" } })])).toEqual({ violations: [] });
    expect(run(policy, [r(CONN, "legacy", { connectionType: "IPsec" })], { allow: ["legacy"] })).toEqual({ violations: [] });
  });
});
