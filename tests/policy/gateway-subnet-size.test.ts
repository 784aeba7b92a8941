import { gatewaySubnetSize as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const SUBNET = "azure-native:network:Subnet";
const VNET = "azure-native:network:VirtualNetwork";
const SMALL = (block: string) => `${block} is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits)`;

describe("Subnet resources", () => {
  it("flags a GatewaySubnet smaller than /27, named by input or output", () => {
    const result = run(policy, [
      r(SUBNET, "gw-by-input", { subnetName: "GatewaySubnet", addressPrefix: "10.16.0.0/28", virtualNetworkName: "hub", resourceGroupName: "rg" }),
      r(SUBNET, "gw-by-output", { name: "GatewaySubnet", addressPrefixes: ["10.17.0.0/29"], virtualNetworkName: "spoke", resourceGroupName: "rg" }),
    ]);
    expect(result).toEqual({
      violations: [
        { urn: urnOf(SUBNET, "gw-by-input"), message: `azure-native:network:Subnet "gw-by-input" addressPrefix: ${SMALL("10.16.0.0/28")}.` },
        { urn: urnOf(SUBNET, "gw-by-output"), message: `azure-native:network:Subnet "gw-by-output" addressPrefix: ${SMALL("10.17.0.0/29")}.` },
      ],
    });
  });

  it("passes /27 and larger, and small subnets with other names", () => {
    expect(
      run(policy, [
        r(SUBNET, "gw", { subnetName: "GatewaySubnet", addressPrefix: "10.16.0.0/27" }),
        r(SUBNET, "gw-big", { subnetName: "GatewaySubnet", addressPrefix: "10.17.0.0/26" }),
        r(SUBNET, "dns", { subnetName: "dns-inbound", addressPrefix: "10.16.0.32/28" }),
      ]),
    ).toEqual({ violations: [] });
  });

  it("blocks on an unknown prefix of a GatewaySubnet, not of other subnets", () => {
    expect(run(policy, [r(SUBNET, "gw", { subnetName: "GatewaySubnet", addressPrefix: UNKNOWN })])).toEqual({
      violations: [],
      cantRun: "string value at .addressPrefix can't be known during preview",
    });
    expect(run(policy, [r(SUBNET, "other", { subnetName: "workload", addressPrefix: UNKNOWN })])).toEqual({ violations: [] });
  });
});

describe("VNet inline subnets", () => {
  it("flags a small inline GatewaySubnet and passes a /27 one", () => {
    const result = run(policy, [
      r(VNET, "small", { addressSpace: { addressPrefixes: ["10.20.0.0/16"] }, subnets: [{ name: "workload", addressPrefix: "10.20.1.0/24" }, { name: "GatewaySubnet", addressPrefix: "10.20.0.0/29" }] }),
      r(VNET, "fine", { addressSpace: { addressPrefixes: ["10.21.0.0/16"] }, subnets: [{ name: "GatewaySubnet", addressPrefix: "10.21.0.0/27" }] }),
    ]);
    expect(result).toEqual({
      violations: [{ urn: urnOf(VNET, "small"), message: `azure-native:network:VirtualNetwork "small" subnets.1 (GatewaySubnet): ${SMALL("10.20.0.0/29")}.` }],
    });
  });

  it("reports a GatewaySubnet declared by a Subnet resource once, not again where its VNet lists it", () => {
    const result = run(policy, [
      r(VNET, "hub", { addressSpace: { addressPrefixes: ["10.16.0.0/20"] }, subnets: [{ name: "GatewaySubnet", addressPrefix: "10.16.0.0/28" }] }),
      r(SUBNET, "hub-gw", { subnetName: "GatewaySubnet", addressPrefix: "10.16.0.0/28", virtualNetworkName: "hub" }),
    ]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(SUBNET, "hub-gw")]);
  });
});

describe("level", () => {
  it("is advisory by default: Azure accepts down to /29 for a lone VPN gateway", () => {
    expect(policy.enforcementLevel).toBe("advisory");
  });
});
