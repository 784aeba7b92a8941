import { prefixLimits as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const BGP = "crosscloud:index:BgpSession";
const VPN = "aws:ec2/vpnConnection:VpnConnection";
const VNET = "azure-native:network:VirtualNetwork";
const DX_ASSOC = "aws:directconnect/gatewayAssociation:GatewayAssociation";
const DX_PROPOSAL = "aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal";
const blocks = (count: number, second = 16): string[] => Array.from({ length: count }, (_, i) => `10.${second + (i >> 8)}.${i & 255}.0/24`);
const vnet = (name: string, prefixes: unknown) => r(VNET, name, { addressSpace: { addressPrefixes: prefixes } });

describe("toward an AWS VPN (100 routes from the customer gateway)", () => {
  it("flags a VPN BgpSession accepting more than 100 prefixes, and one advertising more than 4000 to Azure", () => {
    const result = run(policy, [
      r(BGP, "t1", { carrier: "vpn", acceptedPrefixes: blocks(101), advertisedPrefixes: ["10.0.0.0/20"] }),
      r(BGP, "t2", { carrier: "vpn", acceptedPrefixes: ["10.16.0.0/20"], advertisedPrefixes: blocks(4001, 0) }),
    ]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(BGP, "t1"),
          message: 'crosscloud:index:BgpSession "t1" acceptedPrefixes: Azure would advertise 101 prefixes; an AWS VPN connection accepts at most 100 from a customer gateway.',
        },
        { urn: urnOf(BGP, "t2"), message: 'crosscloud:index:BgpSession "t2" advertisedPrefixes: AWS would advertise 4001 prefixes; Azure drops the BGP session above 4000.' },
      ],
    });
  });

  it("passes 100 accepted prefixes, and leaves non-VPN sessions to their own limits", () => {
    expect(
      run(policy, [r(BGP, "t1", { carrier: "vpn", acceptedPrefixes: blocks(100), advertisedPrefixes: blocks(10, 0) }), r(BGP, "er", { carrier: "expressroute", acceptedPrefixes: blocks(200) })]),
    ).toEqual({ violations: [] });
  });

  it("counts a list's length even when entries are unknown", () => {
    const accepted = [...blocks(100), UNKNOWN];
    expect(run(policy, [r(BGP, "t1", { carrier: "vpn", acceptedPrefixes: accepted })]).violations.map((v) => v.urn)).toEqual([urnOf(BGP, "t1")]);
  });

  it("flags each BGP VPN connection when the stack's VNets hold more than 100 prefixes", () => {
    const fakes = [vnet("hub", blocks(60)), vnet("spoke", blocks(41, 32)), r(VPN, "vpn-a", { staticRoutesOnly: false }), r(VPN, "static", { staticRoutesOnly: true })];
    expect(run(policy, fakes)).toEqual({
      violations: [
        {
          urn: urnOf(VPN, "vpn-a"),
          message:
            'aws:ec2/vpnConnection:VpnConnection "vpn-a": the stack\'s VNets hold 101 address prefixes, all advertised by an Azure gateway that reaches them; Azure would advertise 101 prefixes; an AWS VPN connection accepts at most 100 from a customer gateway.',
        },
      ],
    });
  });

  it("counts a prefix two VNets share once, and passes 100", () => {
    expect(run(policy, [vnet("hub", blocks(100)), vnet("copy", blocks(50)), r(VPN, "vpn-a", {})])).toEqual({ violations: [] });
  });

  it("blocks only when unknown VNet prefixes could push the count over", () => {
    expect(run(policy, [vnet("hub", blocks(10)), vnet("new", UNKNOWN), r(VPN, "vpn-a", {})])).toEqual({ violations: [] });
    expect(run(policy, [vnet("hub", [...blocks(100), UNKNOWN]), r(VPN, "vpn-a", {})])).toEqual({
      violations: [],
      cantRun: "string value at .addressSpace.addressPrefixes.100 can't be known during preview",
    });
  });
});

describe("over Direct Connect (20 allowed prefixes)", () => {
  it("flags more than 20 allowed prefixes on an association or a proposal, and passes 20", () => {
    const result = run(policy, [
      r(DX_ASSOC, "assoc", { allowedPrefixes: blocks(21, 0) }),
      r(DX_PROPOSAL, "proposal", { allowedPrefixes: blocks(25, 0) }),
      r(DX_ASSOC, "fine", { allowedPrefixes: blocks(20, 0) }),
    ]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(DX_ASSOC, "assoc"),
          message: 'aws:directconnect/gatewayAssociation:GatewayAssociation "assoc" allowedPrefixes: 21 allowed prefixes; a Direct Connect gateway association with a transit gateway accepts at most 20 (AWS quota).',
        },
        {
          urn: urnOf(DX_PROPOSAL, "proposal"),
          message:
            'aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal "proposal" allowedPrefixes: 25 allowed prefixes; a Direct Connect gateway association with a transit gateway accepts at most 20 (AWS quota).',
        },
      ],
    });
  });

  it("blocks on a wholly unknown allowed-prefix list", () => {
    expect(run(policy, [r(DX_ASSOC, "assoc", { allowedPrefixes: UNKNOWN })])).toEqual({ violations: [], cantRun: "string value at .allowedPrefixes can't be known during preview" });
  });
});
