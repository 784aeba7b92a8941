import { tunnelInsideAddresses as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const VPN = "aws:ec2/vpnConnection:VpnConnection";
const VNG = "azure-native:network:VirtualNetworkGateway";
const CONN = "azure-native:network:VirtualNetworkGatewayConnection";
const OUTSIDE = "is outside 169.254.21.0–169.254.22.255, the only range Azure accepts for custom APIPA BGP addresses";
const IPCONFIG = (i: number) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vng/ipConfigurations/ipconfig${i}`;

const vng = (instances: string[][]) =>
  r(VNG, "vng", { gatewayType: "Vpn", activeActive: true, bgpSettings: { asn: 65515, bgpPeeringAddresses: instances.map((custom, i) => ({ ipconfigurationId: IPCONFIG(i), customBgpIpAddresses: custom })) } });
const conn = (name: string, addresses: string[]) =>
  r(CONN, name, { connectionType: "IPsec", gatewayCustomBgpIpAddresses: addresses.map((a, i) => ({ ipConfigurationId: IPCONFIG(i), customBgpIpAddress: a })) });

describe("Azure custom APIPA addresses", () => {
  it("passes the dev layout's addresses (169.254.21.2, .22.2 on instance 0, .21.6 standby on instance 1)", () => {
    expect(run(policy, [vng([["169.254.21.2", "169.254.22.2"], ["169.254.21.6"]]), conn("t1", ["169.254.21.2", "169.254.21.6"]), conn("t2", ["169.254.22.2", "169.254.21.6"])])).toEqual({
      violations: [],
    });
  });

  it("flags gateway and connection addresses outside 169.254.21.0–169.254.22.255, each at its path", () => {
    const result = run(policy, [vng([["169.254.21.2", "169.254.1.2"], ["169.254.23.6"]]), conn("t1", ["169.254.21.2", "169.254.30.1"])]);
    expect(result).toEqual({
      violations: [
        { urn: urnOf(VNG, "vng"), message: `azure-native:network:VirtualNetworkGateway "vng" bgpSettings.bgpPeeringAddresses.0.customBgpIpAddresses.1: 169.254.1.2 ${OUTSIDE}.` },
        { urn: urnOf(VNG, "vng"), message: `azure-native:network:VirtualNetworkGateway "vng" bgpSettings.bgpPeeringAddresses.1.customBgpIpAddresses.0: 169.254.23.6 ${OUTSIDE}.` },
        {
          urn: urnOf(CONN, "t1"),
          message: `azure-native:network:VirtualNetworkGatewayConnection "t1" gatewayCustomBgpIpAddresses.1.customBgpIpAddress: 169.254.30.1 ${OUTSIDE}.`,
        },
      ],
    });
  });

  it("blocks on an unknown address, after reporting the known ones", () => {
    const result = run(policy, [vng([["169.254.1.2", UNKNOWN]])]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(VNG, "vng")]);
    expect(result.cantRun).toBe("string value at .bgpSettings.bgpPeeringAddresses.0.customBgpIpAddresses.1 can't be known during preview");
  });

  it("passes a gateway without custom APIPA (a non-BGP or ExpressRoute gateway)", () => {
    expect(run(policy, [r(VNG, "ergw", { gatewayType: "ExpressRoute" }), r(CONN, "er", { connectionType: "ExpressRoute" })])).toEqual({ violations: [] });
  });
});

describe("AWS tunnel inside CIDRs", () => {
  it("passes the planned /30s and leaves an unset one (AWS picks) alone", () => {
    expect(run(policy, [r(VPN, "vpn", { tunnel1InsideCidr: "169.254.21.0/30", tunnel2InsideCidr: "169.254.22.0/30" }), r(VPN, "unset", {})])).toEqual({ violations: [] });
  });

  it("flags a reserved /30 and a block that is not a /30", () => {
    const result = run(policy, [r(VPN, "vpn", { tunnel1InsideCidr: "169.254.169.252/30", tunnel2InsideCidr: "169.254.22.0/29" })]);
    expect(result).toEqual({
      violations: [
        { urn: urnOf(VPN, "vpn"), message: 'aws:ec2/vpnConnection:VpnConnection "vpn" tunnel1InsideCidr: 169.254.169.252/30 overlaps 169.254.169.252/30, which AWS reserves for its own use.' },
        { urn: urnOf(VPN, "vpn"), message: 'aws:ec2/vpnConnection:VpnConnection "vpn" tunnel2InsideCidr: 169.254.22.0/29 must be a /30 (AWS tunnel inside CIDRs are /30 blocks).' },
      ],
    });
  });

  it("blocks on an unknown inside CIDR", () => {
    expect(run(policy, [r(VPN, "vpn", { tunnel1InsideCidr: UNKNOWN })])).toEqual({ violations: [], cantRun: "string value at .tunnel1InsideCidr can't be known during preview" });
  });
});
