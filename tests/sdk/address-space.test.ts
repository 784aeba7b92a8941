import { AWS_VPC_PREFIX, AZURE_VNET_FORBIDDEN_RANGES, checkNetworkRange, checkVpcPrefixLength } from "../../sdk/address-space";
import { cidr } from "../../sdk/cidr";
import { NetworkConfig, validateNetwork } from "../../sdk/plan";

const codes = (issues: readonly { path: string; code: string }[]): [string, string][] => issues.map((i) => [i.path, i.code]);
const config = (aws: Partial<NetworkConfig["aws"]> = {}, azure: Partial<NetworkConfig["azure"]> = {}): NetworkConfig => ({
  environment: "dev",
  aws: { region: "us-east-1", vpcs: { app: {} }, ...aws },
  azure: { region: "eastus", vnets: { hub: {} }, ...azure },
  vpn: { layout: "dev" },
});

describe("VPC sizes (AWS: /16 to /28)", () => {
  it("accepts the two ends and refuses one step beyond each", () => {
    expect(checkVpcPrefixLength("p", AWS_VPC_PREFIX.min, "10.0.0.0/16")).toEqual([]);
    expect(checkVpcPrefixLength("p", AWS_VPC_PREFIX.max, "10.0.0.0/28")).toEqual([]);
    expect(codes(checkVpcPrefixLength("p", 15, "10.0.0.0/15"))).toEqual([["p", "CIDR_WRONG_SIZE"]]);
    expect(checkVpcPrefixLength("p", 29, "10.0.0.0/29")[0]?.message).toBe("10.0.0.0/29 is a /29; AWS accepts VPCs from /16 (largest) to /28 (smallest)");
  });

  it("is reported by the plan at the field the size came from", () => {
    expect(codes(validateNetwork(config({ block: "10.0.0.0/14", blockPrefixLength: 14, vpcs: { app: { cidr: "10.0.0.0/15" } } })).issues)).toContainEqual(["aws.vpcs.app.cidr", "CIDR_WRONG_SIZE"]);
    expect(codes(validateNetwork(config({ vpcs: { app: { prefixLength: 29 } } })).issues)).toContainEqual(["aws.vpcs.app.prefixLength", "CIDR_WRONG_SIZE"]);
  });
});

describe("ranges Azure forbids in a VNet (and crosscloud in a VPC)", () => {
  it("lists the FAQ's five ranges", () => {
    expect(AZURE_VNET_FORBIDDEN_RANGES.map((r) => r.cidr)).toEqual(["224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8", "169.254.0.0/16", "168.63.129.16/32"]);
  });

  it("refuses a block touching any of them, and not one next to them", () => {
    for (const text of ["224.1.0.0/16", "127.0.0.0/20", "169.254.0.0/20", "168.63.128.0/20", "255.255.255.240/28"]) {
      expect([text, codes(checkNetworkRange("p", "azure", cidr(text)))]).toEqual([text, [["p", "CIDR_FORBIDDEN"]]]);
    }
    for (const text of ["10.0.0.0/8", "168.63.112.0/20", "169.253.0.0/16", "223.255.0.0/16", "128.0.0.0/16"]) expect(checkNetworkRange("p", "aws", cidr(text))).toEqual([]);
  });

  it("says whose rule it is", () => {
    expect(checkNetworkRange("p", "azure", cidr("169.254.0.0/20"))[0]?.message).toContain("which Azure does not allow in a VNet");
    expect(checkNetworkRange("p", "aws", cidr("169.254.0.0/20"))[0]?.message).toContain("crosscloud keeps VPCs out of the ranges Azure forbids in a VNet");
  });

  it("is reported by the plan for pinned VNets and VPCs", () => {
    const { issues } = validateNetwork(config({ vpcs: { app: { cidr: "127.0.0.0/20" } } }, { vnets: { hub: { addressSpace: "169.254.0.0/20" } } }));
    expect(codes(issues)).toEqual(expect.arrayContaining([["aws.vpcs.app.cidr", "CIDR_FORBIDDEN"], ["azure.vnets.hub.addressSpace", "CIDR_FORBIDDEN"]]));
  });
});

describe("empty network maps", () => {
  it("name the field instead of failing later", () => {
    const { issues } = validateNetwork(config({ vpcs: {} }, { vnets: {} }));
    expect(codes(issues)).toEqual(expect.arrayContaining([["aws.vpcs", "VALUE_REQUIRED"], ["azure.vnets", "VALUE_REQUIRED"]]));
    expect(issues.some((i) => i.path === "azure.gatewayVnet")).toBe(false);
  });
});
