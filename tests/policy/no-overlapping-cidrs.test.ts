import { noOverlappingCidrs as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const VPC = "aws:ec2/vpc:Vpc";
const ASSOC = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";
const VNET = "azure-native:network:VirtualNetwork";
const AZ_SUBNET = "azure-native:network:Subnet";
const TAIL = "overlapping address space cannot be routed between the clouds.";

const vpc = (name: string, cidr: string, id = `vpc-${name}`) => r(VPC, name, { cidrBlock: cidr, id, arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${id}` });
const subnet = (name: string, cidr: string, vpcId: string, more: Parameters<typeof r>[3] = {}) => r(SUBNET, name, { cidrBlock: cidr, vpcId }, more);
const vnet = (name: string, prefixes: string[], more: Record<string, unknown> = {}) =>
  r(VNET, name, { addressSpace: { addressPrefixes: prefixes }, resourceGroupName: "rg", virtualNetworkName: name, ...more });
const azSubnet = (name: string, vnetName: string, prefix: string) =>
  r(AZ_SUBNET, `${vnetName}-${name}`, { addressPrefix: prefix, subnetName: name, name, virtualNetworkName: vnetName, resourceGroupName: "rg" });

describe("networks", () => {
  it("reports each overlapping pair of VPC and VNet spaces once, with both URNs", () => {
    const result = run(policy, [vpc("app", "10.0.0.0/16"), vpc("data", "10.0.128.0/20"), vnet("hub", ["10.16.0.0/20", "10.0.200.0/24"])]);
    expect(result).toEqual({
      violations: [
        {
          urn: urnOf(VPC, "data"),
          message: `10.0.128.0/20 (aws:ec2/vpc:Vpc "data" cidrBlock ${urnOf(VPC, "data")}) overlaps 10.0.0.0/16 (aws:ec2/vpc:Vpc "app" cidrBlock ${urnOf(VPC, "app")}); ${TAIL}`,
        },
        {
          urn: urnOf(VNET, "hub"),
          message: `10.0.200.0/24 (azure-native:network:VirtualNetwork "hub" addressSpace ${urnOf(VNET, "hub")}) overlaps 10.0.0.0/16 (aws:ec2/vpc:Vpc "app" cidrBlock ${urnOf(VPC, "app")}); ${TAIL}`,
        },
      ],
    });
  });

  it("passes disjoint networks", () => {
    expect(run(policy, [vpc("app", "10.0.0.0/20"), vpc("data", "10.1.0.0/20"), vnet("hub", ["10.16.0.0/20", "10.17.0.0/20"])])).toEqual({ violations: [] });
  });

  it("checks a VPC's associated CIDRs against every network, its own VPC included", () => {
    const result = run(policy, [
      vpc("app", "10.0.0.0/20"),
      vnet("hub", ["10.16.0.0/20"]),
      r(ASSOC, "app-more", { vpcId: "vpc-app", cidrBlock: "10.16.8.0/21" }),
      r(ASSOC, "app-same", { vpcId: "vpc-app", cidrBlock: "10.0.8.0/21" }),
      r(ASSOC, "app-fine", { vpcId: "vpc-app", cidrBlock: "10.2.0.0/20" }),
    ]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(ASSOC, "app-same"), urnOf(ASSOC, "app-more")]);
  });

  it("flags a VNet whose own address prefixes overlap", () => {
    expect(run(policy, [vnet("hub", ["10.16.0.0/20", "10.16.4.0/24"])]).violations.map((v) => v.urn)).toEqual([urnOf(VNET, "hub")]);
  });

  it("stops with the preview's 'can't run' when a declared CIDR is unknown, after reporting what it could", () => {
    const result = run(policy, [vpc("app", "10.0.0.0/16"), vpc("data", "10.0.1.0/24"), r(VPC, "ipam", { ipv4IpamPoolId: "ipam-pool-1", cidrBlock: UNKNOWN })]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(VPC, "data")]);
    expect(result.cantRun).toBe("string value at .cidrBlock can't be known during preview");
  });
});

describe("subnets", () => {
  it("passes subnets inside their own VPC, however the VPC is referenced (id, ARN, property or resource dependency)", () => {
    const fakes = [
      vpc("app", "10.0.0.0/20"),
      r(VPC, "arn-only", { cidrBlock: "10.1.0.0/20", arn: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-arn" }),
      r(VPC, "new", { cidrBlock: "10.2.0.0/20" }),
      subnet("by-id", "10.0.0.0/24", "vpc-app"),
      subnet("by-arn", "10.1.0.0/24", "vpc-arn"),
      subnet("by-property-deps", "10.2.0.0/24", UNKNOWN, { propertyDependencies: { vpcId: ["new"] } }),
      subnet("by-deps", "10.2.1.0/24", UNKNOWN, { dependsOn: ["new"] }),
    ];
    expect(run(policy, fakes)).toEqual({ violations: [] });
  });

  it("flags overlapping subnets of one VPC and of one VNet", () => {
    const result = run(policy, [
      vpc("app", "10.0.0.0/20"),
      subnet("a", "10.0.0.0/24", "vpc-app"),
      subnet("a-again", "10.0.0.128/25", "vpc-app"),
      vnet("hub", ["10.16.0.0/20"]),
      azSubnet("GatewaySubnet", "hub", "10.16.0.0/27"),
      azSubnet("workload", "hub", "10.16.0.0/24"),
    ]);
    expect(result.violations).toEqual([
      {
        urn: urnOf(SUBNET, "a-again"),
        message: `10.0.0.128/25 (aws:ec2/subnet:Subnet "a-again" cidrBlock ${urnOf(SUBNET, "a-again")}) overlaps 10.0.0.0/24 (aws:ec2/subnet:Subnet "a" cidrBlock ${urnOf(SUBNET, "a")}); ${TAIL}`,
      },
      {
        urn: urnOf(AZ_SUBNET, "hub-GatewaySubnet"),
        message:
          `10.16.0.0/27 (azure-native:network:Subnet "hub-GatewaySubnet" addressPrefix ${urnOf(AZ_SUBNET, "hub-GatewaySubnet")}) overlaps ` +
          `10.16.0.0/24 (azure-native:network:Subnet "hub-workload" addressPrefix ${urnOf(AZ_SUBNET, "hub-workload")}); ${TAIL}`,
      },
    ]);
  });

  it("reports overlapping networks once, not again for the subnets inside them", () => {
    const result = run(policy, [vpc("app", "10.0.0.0/20"), vpc("copy", "10.0.0.0/20"), subnet("a", "10.0.0.0/24", "vpc-app"), subnet("b", "10.0.0.0/24", "vpc-copy")]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(VPC, "copy")]);
  });

  it("compares a subnet of a VPC outside the stack with everything", () => {
    const result = run(policy, [vnet("hub", ["10.16.0.0/20"]), subnet("legacy", "10.16.2.0/24", "vpc-existing"), subnet("fine", "10.3.0.0/24", "vpc-existing")]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf(SUBNET, "legacy")]);
  });

  it("reads a VNet's inline subnets, and counts one listed both inline and as a Subnet resource once", () => {
    const withInline = vnet("hub", ["10.16.0.0/20"], {
      subnets: [
        { name: "GatewaySubnet", addressPrefix: "10.16.0.0/27" },
        { name: "workload", addressPrefix: "10.16.1.0/24" },
        { name: "clash", addressPrefixes: ["10.16.1.128/25"] },
      ],
    });
    const result = run(policy, [withInline, azSubnet("GatewaySubnet", "hub", "10.16.0.0/27")]);
    expect(result.violations).toEqual([
      {
        urn: urnOf(VNET, "hub"),
        message:
          `10.16.1.128/25 (azure-native:network:VirtualNetwork "hub" subnets.2 (clash) ${urnOf(VNET, "hub")}) overlaps ` +
          `10.16.1.0/24 (azure-native:network:VirtualNetwork "hub" subnets.1 (workload) ${urnOf(VNET, "hub")}); ${TAIL}`,
      },
    ]);
  });
});

describe("what is not a declaration", () => {
  it("never compares prefixes a local network gateway, a route or a BGP session points at", () => {
    const result = run(policy, [
      vpc("app", "10.0.0.0/20"),
      vnet("hub", ["10.16.0.0/20"]),
      r("azure-native:network:LocalNetworkGateway", "aws", { localNetworkAddressSpace: { addressPrefixes: ["10.0.0.0/20"] } }),
      r("aws:ec2/route:Route", "to-azure", { destinationCidrBlock: "10.16.0.0/20", transitGatewayId: "tgw-1" }),
      r("azure-native:network:Route", "to-aws", { addressPrefix: "10.0.0.0/20", nextHopType: "VirtualNetworkGateway" }),
      r("crosscloud:index:BgpSession", "t1", { advertisedPrefixes: ["10.0.0.0/20"], acceptedPrefixes: ["10.16.0.0/20"] }),
      r("aws:directconnect/gatewayAssociation:GatewayAssociation", "assoc", { allowedPrefixes: ["10.0.0.0/20"] }),
    ]);
    expect(result).toEqual({ violations: [] });
  });
});

describe("the shared registry", () => {
  const registry = {
    version: 1,
    allocations: [
      { stack: "prod", key: "aws/vpc/app", cidr: "10.64.0.0/20" },
      { stack: "external", key: "onprem/dc1", cidr: "10.128.0.0/12" },
      { stack: "dev", key: "aws/vpc/app", cidr: "10.0.0.0/20" },
      { stack: "prod", key: "vpn/a/t1", cidr: "169.254.21.0/30" },
    ],
  };

  it("flags declared space another stack or on-prem holds, ignoring this stack's own entries and link-local tunnels", () => {
    const result = run(policy, [vpc("app", "10.0.0.0/20"), vpc("oops", "10.64.8.0/21"), vnet("hub", ["10.130.0.0/16"])], { registry });
    expect(result).toEqual({
      violations: [
        { urn: urnOf(VPC, "oops"), message: `10.64.8.0/21 (aws:ec2/vpc:Vpc "oops" cidrBlock ${urnOf(VPC, "oops")}) overlaps 10.64.0.0/20 (registry prod/aws/vpc/app); ${TAIL}` },
        { urn: urnOf(VNET, "hub"), message: `10.130.0.0/16 (azure-native:network:VirtualNetwork "hub" addressSpace ${urnOf(VNET, "hub")}) overlaps 10.128.0.0/12 (registry external/onprem/dc1); ${TAIL}` },
      ],
    });
  });

  it("takes this stack's registry name from config when it differs from the URN's", () => {
    const result = run(policy, [vpc("app", "10.64.0.0/20")], { registry, stack: "prod" });
    expect(result).toEqual({ violations: [] });
    expect(run(policy, [vpc("app", "10.0.0.0/20")], { registry, stack: "prod" }).violations.map((v) => v.urn)).toEqual([urnOf(VPC, "app")]);
  });

  it("reports a malformed registry against the stack, with the sdk's issue", () => {
    const result = run(policy, [vpc("app", "10.0.0.0/20")], { registry: { version: 1, allocations: [{ stack: "prod", key: "x", cidr: "10.0.0.1/16" }] } });
    expect(result).toEqual({ violations: [{ message: 'policy config: registry.allocations.0.cidr: "10.0.0.1/16" has host bits set; the network is 10.0.0.0/16 [CIDR_HOST_BITS]' }] });
  });
});
