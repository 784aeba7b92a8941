import fc from "fast-check";
import { PlanError } from "../../sdk/errors";
import { IPSEC_PROFILES, ipsecProfile } from "../../sdk/ipsec";
import { planInterconnect } from "../../sdk/interconnect";
import { NetworkConfig, NetworkPlan, PLAN_DEFAULTS, VpcConfig, planNetwork, validateNetwork } from "../../sdk/plan";
import { Registry } from "../../sdk/registry";

const codes = (issues: readonly { path: string; code: string }[]): [string, string][] => issues.map((i) => [i.path, i.code]);
const allocationTable = (plan: NetworkPlan): [string, string][] => plan.allocations.map((a) => [a.key, a.cidr]);

/** Deep copy with every object's keys in reverse insertion order (arrays keep their order: they are lists, not maps). */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
  return value;
}

const devConfig = (): NetworkConfig => ({
  environment: "dev",
  aws: { region: "us-east-1", vpcs: { app: {} } },
  azure: { region: "eastus", vnets: { hub: {} } },
  vpn: { layout: "dev" },
});

const haConfig = (): NetworkConfig => ({
  environment: "prod",
  aws: {
    region: "eu-west-1",
    asn: 64600,
    vpcs: {
      shared: {
        subnets: {
          "tgw-a": { az: "eu-west-1a", purpose: "transit", prefixLength: 28 },
          "resolver-b": { az: "eu-west-1b", purpose: "resolver", prefixLength: 28 },
          "resolver-a": { az: "eu-west-1a", purpose: "resolver", prefixLength: 28 },
        },
      },
      data: { prefixLength: 21 },
      app: {},
    },
  },
  azure: { region: "westeurope", vnets: { spoke: { prefixLength: 22 }, hub: {} } },
  vpn: { layout: "ha" },
  dns: { awsZones: ["corp.example.com"], resolverVpc: "shared" },
});

describe("planNetwork: dev", () => {
  const plan = planNetwork(devConfig());

  it("allocates the first /16 of each cloud's /12, a /20 per network and the default subnets", () => {
    expect(plan.supernets).toEqual({ aws: "10.0.0.0/12", azure: "10.16.0.0/12", gcp: "10.32.0.0/12", onprem: "10.48.0.0/12" });
    expect([plan.aws.block, plan.azure.block]).toEqual(["10.0.0.0/16", "10.16.0.0/16"]);
    expect(plan.aws.vpcs).toEqual({
      app: {
        cidr: "10.0.0.0/20",
        azs: ["us-east-1a", "us-east-1b"],
        subnets: {
          "private-a": { cidr: "10.0.0.0/24", az: "us-east-1a", purpose: "workload" },
          "private-b": { cidr: "10.0.1.0/24", az: "us-east-1b", purpose: "workload" },
        },
      },
    });
    // GatewaySubnet sorts first (upper case), takes the first /27; the /24 workload subnet starts at the next /24.
    expect(plan.azure).toEqual({
      region: "eastus",
      asn: 65515,
      block: "10.16.0.0/16",
      routeServer: false,
      gatewayVnet: "hub",
      vnets: { hub: { addressSpace: "10.16.0.0/20", subnets: { GatewaySubnet: { cidr: "10.16.0.0/27", purpose: "gateway" }, workload: { cidr: "10.16.1.0/24", purpose: "workload" } } } },
    });
  });

  it("records every allocation, tunnel /30s included, in registry form", () => {
    expect(plan.allocations).toEqual([
      { stack: "dev", key: "aws/block", cidr: "10.0.0.0/16", description: "dev aws us-east-1" },
      { stack: "dev", key: "aws/vpc/app", cidr: "10.0.0.0/20", description: "dev VPC app" },
      { stack: "dev", key: "aws/vpc/app/subnet/private-a", cidr: "10.0.0.0/24", description: "dev app subnet private-a" },
      { stack: "dev", key: "aws/vpc/app/subnet/private-b", cidr: "10.0.1.0/24", description: "dev app subnet private-b" },
      { stack: "dev", key: "azure/block", cidr: "10.16.0.0/16", description: "dev azure eastus" },
      { stack: "dev", key: "azure/vnet/hub", cidr: "10.16.0.0/20", description: "dev VNet hub" },
      { stack: "dev", key: "azure/vnet/hub/subnet/GatewaySubnet", cidr: "10.16.0.0/27", description: "dev hub subnet GatewaySubnet" },
      { stack: "dev", key: "azure/vnet/hub/subnet/workload", cidr: "10.16.1.0/24", description: "dev hub subnet workload" },
      { stack: "dev", key: "vpn/a/t1", cidr: "169.254.21.0/30", description: "dev tunnel a-t1 inside /30" },
      { stack: "dev", key: "vpn/a/t2", cidr: "169.254.22.0/30", description: "dev tunnel a-t2 inside /30" },
    ]);
  });

  it("plans the dev VPN on a VGW with one BGP session per tunnel, and the IPsec MTU", () => {
    expect([plan.vpn.attachment, plan.vpn.gatewaySku, plan.vpn.instances]).toEqual(["vgw", "VpnGw1AZ", 2]);
    // Each tunnel's session, seen from AWS, as the VpnTunnel components render it from the plan.
    const sessions = plan.vpn.tunnels.map((t) => ({
      key: `vpn-${t.key}`,
      carrier: "vpn",
      localAsn: plan.vpn.awsAsn,
      peerAsn: plan.vpn.azureAsn,
      localAddress: t.awsInsideAddress,
      peerAddress: t.azureInsideAddress,
      advertisedPrefixes: plan.vpn.awsPrefixes,
      acceptedPrefixes: plan.vpn.azurePrefixes,
      holdTimeSeconds: plan.vpn.holdTimeSeconds,
    }));
    expect(sessions).toEqual(
      [
        ["vpn-a-t1", "169.254.21.1", "169.254.21.2"],
        ["vpn-a-t2", "169.254.22.1", "169.254.22.2"],
      ].map(([key, localAddress, peerAddress]) => ({
        key,
        carrier: "vpn",
        localAsn: 64512,
        peerAsn: 65515,
        localAddress,
        peerAddress,
        advertisedPrefixes: ["10.0.0.0/20"],
        acceptedPrefixes: ["10.16.0.0/20"],
        holdTimeSeconds: 30,
      })),
    );
    expect(plan.mtu).toEqual({ maxInnerMtu: 1415, interfaceMtu: 1400, tcpMssIpv4: 1350, tcpMssIpv6: 1340 });
    expect(plan.dns).toBeUndefined();
  });
});

describe("planNetwork: HA over a TGW with 3 VPCs and DNS", () => {
  const plan = planNetwork(haConfig());

  it("allocates every block exactly", () => {
    expect(allocationTable(plan)).toEqual([
      ["aws/block", "10.0.0.0/16"],
      ["aws/vpc/app", "10.0.0.0/20"],
      ["aws/vpc/app/subnet/private-a", "10.0.0.0/24"],
      ["aws/vpc/app/subnet/private-b", "10.0.1.0/24"],
      // data is a /21 right after app; shared (/20) must skip to the next /20 boundary.
      ["aws/vpc/data", "10.0.16.0/21"],
      ["aws/vpc/data/subnet/private-a", "10.0.16.0/24"],
      ["aws/vpc/data/subnet/private-b", "10.0.17.0/24"],
      ["aws/vpc/shared", "10.0.32.0/20"],
      ["aws/vpc/shared/subnet/resolver-a", "10.0.32.0/28"],
      ["aws/vpc/shared/subnet/resolver-b", "10.0.32.16/28"],
      ["aws/vpc/shared/subnet/tgw-a", "10.0.32.32/28"],
      ["azure/block", "10.16.0.0/16"],
      ["azure/vnet/hub", "10.16.0.0/20"],
      ["azure/vnet/hub/subnet/GatewaySubnet", "10.16.0.0/27"],
      ["azure/vnet/hub/subnet/dns-inbound", "10.16.0.32/28"],
      ["azure/vnet/hub/subnet/dns-outbound", "10.16.0.48/28"],
      ["azure/vnet/hub/subnet/workload", "10.16.1.0/24"],
      ["azure/vnet/spoke", "10.16.16.0/22"],
      ["azure/vnet/spoke/subnet/workload", "10.16.16.0/24"],
      ["vpn/a/t1", "169.254.21.0/30"],
      ["vpn/a/t2", "169.254.22.0/30"],
      ["vpn/b/t1", "169.254.21.4/30"],
      ["vpn/b/t2", "169.254.22.4/30"],
    ]);
    expect(plan.allocations.every((a) => a.stack === "prod")).toBe(true);
  });

  it("delegates the DNS resolver subnets and keeps declared purposes", () => {
    expect(plan.azure.vnets["hub"]?.subnets).toEqual({
      GatewaySubnet: { cidr: "10.16.0.0/27", purpose: "gateway" },
      "dns-inbound": { cidr: "10.16.0.32/28", purpose: "dnsInbound", delegation: "Microsoft.Network/dnsResolvers" },
      "dns-outbound": { cidr: "10.16.0.48/28", purpose: "dnsOutbound", delegation: "Microsoft.Network/dnsResolvers" },
      workload: { cidr: "10.16.1.0/24", purpose: "workload" },
    });
    expect(plan.aws.vpcs["shared"]?.subnets["tgw-a"]).toEqual({ cidr: "10.0.32.32/28", az: "eu-west-1a", purpose: "transit" });
  });

  it("plans DNS forwarding both ways with the explicit resolver subnets", () => {
    expect(plan.dns).toEqual({
      awsZones: ["corp.example.com"],
      azureZones: [],
      privateLinkZones: ["privatelink.blob.core.windows.net", "privatelink.database.windows.net", "privatelink.vaultcore.azure.net"],
      // Route 53 forwards the public zones clients query; Key Vault's private zone has two.
      forwardedAzureZones: ["blob.core.windows.net", "database.windows.net", "vaultcore.azure.net", "vault.azure.net"],
      createPrivateLinkZones: false,
      inboundEndpoints: true,
      resolverVpc: "shared",
      resolverSubnets: ["resolver-a", "resolver-b"],
      azureVnet: "hub",
      azureInboundSubnet: "dns-inbound",
      azureOutboundSubnet: "dns-outbound",
    });
  });

  it("plans the reference HA tunnels on a TGW with the configured ASN, advertising every network", () => {
    expect([plan.vpn.attachment, plan.vpn.gatewaySku, plan.vpn.gatewayGeneration, plan.aws.asn, plan.azure.asn]).toEqual(["tgw", "VpnGw2AZ", "Generation2", 64600, 65515]);
    expect(plan.vpn.tunnels.map((t) => [`vpn-${t.key}`, plan.vpn.awsAsn, plan.vpn.azureAsn, t.awsInsideAddress, t.azureInsideAddress])).toEqual([
      ["vpn-a-t1", 64600, 65515, "169.254.21.1", "169.254.21.2"],
      ["vpn-a-t2", 64600, 65515, "169.254.22.1", "169.254.22.2"],
      ["vpn-b-t1", 64600, 65515, "169.254.21.5", "169.254.21.6"],
      ["vpn-b-t2", 64600, 65515, "169.254.22.5", "169.254.22.6"],
    ]);
    expect([plan.vpn.awsPrefixes, plan.vpn.azurePrefixes]).toEqual([["10.0.0.0/20", "10.0.16.0/21", "10.0.32.0/20"], ["10.16.0.0/20", "10.16.16.0/22"]]);
    expect(ipsecProfile(plan.vpn.ipsecProfile)).toBe(IPSEC_PROFILES["aes256-sha256-modp2048"]);
  });
});

describe("planNetwork: determinism", () => {
  it("gives a deep-equal, byte-identical plan for the same config, whatever the key order of its maps", () => {
    for (const config of [devConfig(), haConfig()]) {
      const plan = planNetwork(config);
      expect(planNetwork(config)).toEqual(plan);
      const reordered = planNetwork(reverseKeys(config));
      expect(reordered).toEqual(plan);
      expect(JSON.stringify(reordered)).toBe(JSON.stringify(plan));
    }
  });

  it("does not modify its input", () => {
    const config = haConfig();
    const copy = JSON.parse(JSON.stringify(config));
    planNetwork(config);
    expect(config).toEqual(copy);
  });
});

describe("planNetwork: the registry", () => {
  it("keeps every earlier allocation when a VPC that sorts first is added, given the previous allocations", () => {
    const before = planNetwork(haConfig());
    const grown = { ...haConfig(), aws: { ...haConfig().aws, vpcs: { ...haConfig().aws.vpcs, aaa: {} } } };
    const registry: Registry = { version: 1, allocations: before.allocations };
    const after = planNetwork({ ...grown, registry });
    expect(allocationTable(after).filter(([key]) => !key.startsWith("aws/vpc/aaa"))).toEqual(allocationTable(before));
    // The new VPC takes the first free /20: 10.0.16.0/20 is blocked by data's /21.
    expect(allocationTable(after).filter(([key]) => key.startsWith("aws/vpc/aaa"))).toEqual([
      ["aws/vpc/aaa", "10.0.48.0/20"],
      ["aws/vpc/aaa/subnet/private-a", "10.0.48.0/24"],
      ["aws/vpc/aaa/subnet/private-b", "10.0.49.0/24"],
    ]);
    // Without the registry the new key would have taken app's block: the lock is what keeps it stable.
    expect(planNetwork(grown).aws.vpcs["app"]?.cidr).not.toBe("10.0.0.0/20");
  });

  it("keeps every earlier allocation when any VPC is added (law)", () => {
    const arbVpcs = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), fc.record({ prefixLength: fc.integer({ min: 19, max: 23 }) }), { minKeys: 1, maxKeys: 6 });
    fc.assert(
      fc.property(arbVpcs, fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), fc.integer({ min: 19, max: 23 }), (vpcs, extraKey, extraLen) => {
        fc.pre(!(extraKey in vpcs));
        const config: NetworkConfig = { ...devConfig(), aws: { region: "us-east-1", vpcs } };
        const before = planNetwork(config);
        const after = planNetwork({ ...config, aws: { region: "us-east-1", vpcs: { ...vpcs, [extraKey]: { prefixLength: extraLen } } }, registry: { version: 1, allocations: before.allocations } });
        const kept = new Map(allocationTable(after));
        for (const [key, cidr] of allocationTable(before)) expect([key, kept.get(key)]).toEqual([key, cidr]);
      }),
      { numRuns: 150 },
    );
  });

  it("avoids other stacks' blocks, ignores their tunnel /30s, and keeps its own lock", () => {
    const registry: Registry = {
      version: 1,
      allocations: [
        { stack: "prod", key: "aws/block", cidr: "10.0.0.0/16" },
        { stack: "prod", key: "azure/block", cidr: "10.16.0.0/16" },
        { stack: "prod", key: "vpn/a/t1", cidr: "169.254.21.0/30" },
        { stack: "external", key: "onprem/branch", cidr: "10.1.0.0/16" },
      ],
    };
    const plan = planNetwork({ ...devConfig(), registry });
    expect([plan.aws.block, plan.aws.vpcs["app"]?.cidr, plan.azure.block, plan.azure.vnets["hub"]?.addressSpace]).toEqual(["10.2.0.0/16", "10.2.0.0/20", "10.17.0.0/16", "10.17.0.0/20"]);
    expect(plan.vpn.tunnels.map((t) => t.insideCidr)).toEqual(["169.254.21.0/30", "169.254.22.0/30"]);
    expect(plan.allocations.every((a) => a.stack === "dev")).toBe(true);
  });

  it("reports a pinned VPC that overlaps another stack's block once, naming the owner", () => {
    const registry: Registry = { version: 1, allocations: [{ stack: "prod", key: "aws/block", cidr: "10.0.0.0/16" }] };
    const { plan, issues } = validateNetwork({ ...devConfig(), registry, aws: { region: "us-east-1", vpcs: { app: { cidr: "10.0.0.0/20" } } } });
    expect(plan).toBeUndefined();
    expect(issues).toEqual([{ path: "aws.vpcs.app", code: "CIDR_OVERLAP", message: "10.0.0.0/20 overlaps 10.0.0.0/16 (registry prod/aws/block)" }]);
  });

  it("reports a locked VPC that now overlaps another stack's block once, at the lock", () => {
    const registry: Registry = {
      version: 1,
      allocations: [
        { stack: "dev", key: "aws/vpc/app", cidr: "10.0.0.0/20" },
        { stack: "prod", key: "aws/vpc/app", cidr: "10.0.0.0/20" },
      ],
    };
    expect(validateNetwork({ ...devConfig(), registry }).issues).toEqual([
      { path: "aws.vpcs.app (from the registry lock)", code: "CIDR_OVERLAP", message: "10.0.0.0/20 overlaps 10.0.0.0/20 (registry prod/aws/vpc/app)" },
    ]);
  });
});

describe("planNetwork: the acceptance test", () => {
  const broken: NetworkConfig = {
    environment: "dev",
    aws: { region: "us-east-1", asn: 65515, vpcs: { app: { cidr: "10.0.0.0/20" }, data: { cidr: "10.0.8.0/21" } } },
    azure: { region: "eastus", vnets: { hub: { subnets: { GatewaySubnet: { prefixLength: 28 }, workload: {} } } } },
    vpn: { layout: "dev", connections: { a: { azureInstance: 0, insideCidrs: { t1: "169.254.20.0/30", t2: "169.254.22.0/30" } } } },
  };

  it("throws ONE PlanError listing all five problems, with the exact message", () => {
    let thrown: unknown;
    try {
      planNetwork(broken);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlanError);
    const error = thrown as PlanError;
    expect(codes(error.issues)).toEqual([
      ["aws.vpcs.data", "CIDR_OVERLAP"],
      ["azure.vnets.hub.subnets.GatewaySubnet", "GATEWAY_SUBNET_TOO_SMALL"],
      ["aws.asn", "ASN_RESERVED"],
      ["azure.asn", "ASN_EQUAL"],
      ["vpn.connections.a.insideCidrs.t1", "APIPA_OUTSIDE_AZURE_RANGE"],
    ]);
    expect(error.message).toBe(
      [
        "crosscloud network plan is invalid (5 problems):",
        "  - aws.vpcs.data: 10.0.8.0/21 overlaps 10.0.0.0/20 (aws.vpcs.app) [CIDR_OVERLAP]",
        "  - azure.vnets.hub.subnets.GatewaySubnet: 10.16.0.0/28 is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits) [GATEWAY_SUBNET_TOO_SMALL]",
        "  - aws.asn: 65515 is reserved by Azure (its VPN gateway and Route Server default); only the Azure gateway itself may use it; Azure will not peer with it [ASN_RESERVED]",
        "  - azure.asn: 65515 equals aws.asn; the two sides of an eBGP session must use different ASNs [ASN_EQUAL]",
        "  - vpn.connections.a.insideCidrs.t1: 169.254.20.0/30 is outside 169.254.21.0–169.254.22.255, the only range Azure accepts for custom APIPA BGP addresses [APIPA_OUTSIDE_AZURE_RANGE]",
      ].join("\n"),
    );
  });

  it("returns the same issues from validateNetwork without throwing", () => {
    const { plan, issues } = validateNetwork(broken);
    expect(plan).toBeUndefined();
    expect(codes(issues)).toEqual([
      ["aws.vpcs.data", "CIDR_OVERLAP"],
      ["azure.vnets.hub.subnets.GatewaySubnet", "GATEWAY_SUBNET_TOO_SMALL"],
      ["aws.asn", "ASN_RESERVED"],
      ["azure.asn", "ASN_EQUAL"],
      ["vpn.connections.a.insideCidrs.t1", "APIPA_OUTSIDE_AZURE_RANGE"],
    ]);
  });
});

describe("planNetwork: other checks", () => {
  const issuesOf = (over: Partial<NetworkConfig>): [string, string][] => codes(validateNetwork({ ...devConfig(), ...over }).issues);

  it("rejects overlapping supernets", () => {
    expect(validateNetwork({ ...devConfig(), supernets: { aws: "10.0.0.0/8" } }).issues).toEqual([
      { path: "supernets.azure", code: "CIDR_OVERLAP", message: "10.16.0.0/12 overlaps 10.0.0.0/8 (supernets.aws)" },
      { path: "supernets.gcp", code: "CIDR_OVERLAP", message: "10.32.0.0/12 overlaps 10.0.0.0/8 (supernets.aws)" },
      { path: "supernets.onprem", code: "CIDR_OVERLAP", message: "10.48.0.0/12 overlaps 10.0.0.0/8 (supernets.aws)" },
    ]);
  });

  it("rejects keys that cannot be part of resource names", () => {
    expect(issuesOf({ environment: "Dev" })).toEqual([["environment", "KEY_INVALID"]]);
    expect(issuesOf({ aws: { region: "us-east-1", vpcs: { App: {} } } })).toEqual([["aws.vpcs.App", "KEY_INVALID"]]);
    expect(issuesOf({ aws: { region: "us-east-1", vpcs: { app: { azs: ["us-east-1a"], subnets: { Web_1: { az: "us-east-1a" } } } } } })).toEqual([["aws.vpcs.app.subnets.Web_1", "KEY_INVALID"]]);
  });

  it("requires an AZ on every AWS subnet", () => {
    const vpcs: Record<string, VpcConfig> = { app: { subnets: { web: { az: "" } } } };
    expect(validateNetwork({ ...devConfig(), aws: { region: "us-east-1", vpcs } }).issues).toEqual([
      { path: "aws.vpcs.app.subnets.web.az", code: "VALUE_REQUIRED", message: "an Availability Zone is required" },
    ]);
  });

  it("requires the gateway VNet to exist and hold a GatewaySubnet, and a RouteServerSubnet with Route Server", () => {
    expect(validateNetwork({ ...devConfig(), azure: { region: "eastus", gatewayVnet: "core", vnets: { hub: {} } } }).issues).toEqual([
      { path: "azure.gatewayVnet", code: "VALUE_REQUIRED", message: `"core" is not one of azure.vnets (hub)` },
    ]);
    expect(validateNetwork({ ...devConfig(), azure: { region: "eastus", vnets: { hub: { subnets: { app: {} } } } } }).issues).toEqual([
      { path: "azure.vnets.hub.subnets", code: "VALUE_REQUIRED", message: `the gateway VNet needs a "GatewaySubnet" subnet` },
    ]);
    expect(validateNetwork({ ...devConfig(), azure: { region: "eastus", routeServer: true, vnets: { hub: {} } } }).issues).toEqual([
      { path: "azure.vnets.hub.subnets", code: "VALUE_REQUIRED", message: `azure.routeServer needs a "RouteServerSubnet" subnet in the gateway VNet` },
    ]);
    const withRs = planNetwork({ ...devConfig(), azure: { region: "eastus", routeServer: true, vnets: { hub: { subnets: { GatewaySubnet: {}, RouteServerSubnet: {} } } } } });
    expect(withRs.azure.vnets["hub"]?.subnets).toEqual({ GatewaySubnet: { cidr: "10.16.0.0/27", purpose: "gateway" }, RouteServerSubnet: { cidr: "10.16.0.64/26", purpose: "routeServer" } });
    expect(PLAN_DEFAULTS.routeServerSubnetPrefixLength).toBe(26);
  });

  it("rejects a privatelink zone asked to be forwarded from AWS by name, at its config path", () => {
    const issues = validateNetwork({ ...devConfig(), dns: { azureZones: ["privatelink.database.windows.net"], privateLinkZones: ["privatelink.blob.core.windows.net"] } }).issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([["dns.azureZones.0", "DNS_PRIVATE_LINK"]]);
    expect(issues[0]?.message).toContain("Move it to dns.privateLinkZones (Route 53 then forwards database.windows.net)");
  });

  it("rejects a zone forwarded both ways, a missing resolver VPC and resolver subnets in one AZ", () => {
    expect(validateNetwork({ ...devConfig(), dns: { awsZones: ["corp.example.com"], azureZones: ["Corp.Example.com."] } }).issues).toEqual([
      { path: "dns.awsZones.0", code: "DNS_DUPLICATE", message: `"corp.example.com" is listed as both an AWS and an Azure zone; queries would loop between the clouds` },
    ]);
    expect(issuesOf({ dns: { resolverVpc: "shared" } })).toEqual([["dns.resolverVpc", "VALUE_REQUIRED"]]);
    expect(issuesOf({ dns: {}, aws: { region: "us-east-1", vpcs: { app: { azs: ["us-east-1a"] } } } })).toEqual([["aws.vpcs.app.subnets", "SUBNET_AZS"]]);
  });

  it("needs DNS resolver subnets in the gateway VNet when DNS is on and subnets are explicit", () => {
    expect(validateNetwork({ ...devConfig(), dns: {}, azure: { region: "eastus", vnets: { hub: { subnets: { GatewaySubnet: {} } } } } }).issues).toEqual([
      { path: "azure.vnets.hub.subnets", code: "VALUE_REQUIRED", message: `DNS forwarding needs a subnet with purpose "dnsOutbound" in the gateway VNet` },
      { path: "azure.vnets.hub.subnets", code: "VALUE_REQUIRED", message: `inbound DNS endpoints need a subnet with purpose "dnsInbound" in the gateway VNet` },
    ]);
    expect(issuesOf({ dns: { inboundEndpoints: false }, azure: { region: "eastus", vnets: { hub: { subnets: { GatewaySubnet: {}, out: { purpose: "dnsOutbound" } } } } } })).toEqual([]);
  });

  it("passes VPN errors through at the config's own paths", () => {
    expect(issuesOf({ vpn: { layout: "ha", gatewaySku: "Basic" } })).toEqual([["vpn.gatewaySku", "SKU_INVALID"]]);
    expect(issuesOf({ aws: { region: "us-east-1", asn: 64496, vpcs: { app: {} } } })).toEqual([["aws.asn", "ASN_NOT_PRIVATE"]]);
  });
});

describe("planNetwork: choices it refuses to guess", () => {
  const issuesOf = (c: NetworkConfig) => validateNetwork(c).issues.map((i) => [i.path, i.code, i.message]);

  it("requires the gateway VNet when there are several and none is called hub, so adding one never moves the gateway", () => {
    const c = devConfig();
    const config: NetworkConfig = { ...c, azure: { ...c.azure, vnets: { core: {}, apps: {} } }, dns: undefined };
    expect(issuesOf(config)).toEqual([
      ["azure.gatewayVnet", "VALUE_REQUIRED", 'name the VNet that holds the gateways (one of apps, core); with several VNets and none called "hub" it is not guessed'],
    ]);
    expect(validateNetwork({ ...config, azure: { ...config.azure, gatewayVnet: "core" } }).plan?.azure.gatewayVnet).toBe("core");
  });

  it("requires the resolver VPC when there are several VPCs", () => {
    const c = devConfig();
    const config: NetworkConfig = { ...c, aws: { ...c.aws, vpcs: { app: {}, data: {} } }, dns: { inboundEndpoints: false } };
    expect(issuesOf(config)).toEqual([
      ["dns.resolverVpc", "VALUE_REQUIRED", "name the VPC that holds the Route 53 Resolver endpoints (one of app, data); with several VPCs it is not guessed"],
    ]);
    expect(validateNetwork({ ...config, dns: { inboundEndpoints: false, resolverVpc: "data" } }).plan?.dns?.resolverVpc).toBe("data");
  });
});

describe("planNetwork: the interconnect", () => {
  const interconnect = (): NonNullable<NetworkConfig["interconnect"]> => ({
    expressRoute: {
      serviceProviderName: "Megaport",
      peeringLocation: "Washington DC",
      bandwidthInMbps: 1000,
      peerAsn: 65100,
      vlanId: 100,
      primaryPeerAddressPrefix: "192.168.100.0/30",
      secondaryPeerAddressPrefix: "192.168.100.4/30",
    },
    directConnect: { dxGatewayAsn: 64700, customerAsn: 65100, connectionId: "dxcon-fgq1w2e3", confirmHostedConnection: true, vlan: 200, peeringCidr: "192.168.100.8/30" },
  });
  const withInterconnect = (over: Partial<NetworkConfig> = {}): NetworkConfig => ({ ...haConfig(), interconnect: interconnect(), ...over });

  it("plans ExpressRoute and Direct Connect with the rest: every VPC advertised, attached to the VPN's transit gateway", () => {
    const plan = planNetwork(withInterconnect());
    const { plan: alone } = planInterconnect({
      expressRoute: interconnect().expressRoute,
      directConnect: { dxGatewayAsn: 64700, transitGatewayAsn: 64600, customerAsn: 65100, mode: "create", confirmHostedConnection: true, vlan: 200, peeringCidr: "192.168.100.8/30" },
      awsPrefixes: plan.vpn.awsPrefixes,
      azurePrefixes: plan.vpn.azurePrefixes,
    });
    expect(plan.interconnect).toEqual(alone);
    expect([plan.interconnect?.directConnect.transitGatewayAsn, plan.interconnect?.directConnect.mode, plan.interconnect?.directConnect.allowedPrefixes]).toEqual([
      64600,
      "create",
      ["10.0.0.0/20", "10.0.16.0/21", "10.0.32.0/20"],
    ]);
    expect(planNetwork(haConfig()).interconnect).toBeUndefined();
  });

  it("records the three peering /30s in the registry form, and keeps the network's own allocations as they were", () => {
    const plan = planNetwork(withInterconnect());
    expect(plan.allocations.filter((a) => a.key.startsWith("interconnect/"))).toEqual([
      { stack: "prod", key: "interconnect/directConnect", cidr: "192.168.100.8/30", description: "prod Direct Connect transit VIF peering" },
      { stack: "prod", key: "interconnect/expressRoute/primary", cidr: "192.168.100.0/30", description: "prod ExpressRoute primary peering" },
      { stack: "prod", key: "interconnect/expressRoute/secondary", cidr: "192.168.100.4/30", description: "prod ExpressRoute secondary peering" },
    ]);
    expect(plan.allocations.filter((a) => !a.key.startsWith("interconnect/"))).toEqual(planNetwork(haConfig()).allocations);
  });

  it("checks the peering /30s against the networks, the tunnels, other stacks' blocks and each other", () => {
    const registry: Registry = { version: 1, allocations: [{ stack: "partner", key: "onprem/mcr", cidr: "192.168.200.0/24" }] };
    const ic = interconnect();
    const config = withInterconnect({
      registry,
      interconnect: {
        expressRoute: { ...ic.expressRoute, primaryPeerAddressPrefix: "10.0.16.4/30", secondaryPeerAddressPrefix: "169.254.21.0/30" },
        directConnect: { ...ic.directConnect, peeringCidr: "192.168.200.8/30" },
      },
    });
    expect(validateNetwork(config).issues).toEqual([
      { path: "interconnect.expressRoute.primaryPeerAddressPrefix", code: "CIDR_OVERLAP", message: "10.0.16.4/30 overlaps 10.0.16.0/21 (aws.vpcs.data)" },
      { path: "interconnect.expressRoute.secondaryPeerAddressPrefix", code: "CIDR_OVERLAP", message: "169.254.21.0/30 overlaps 169.254.21.0/30 (vpn.connections.a.insideCidrs.t1)" },
      { path: "interconnect.directConnect.peeringCidr", code: "CIDR_OVERLAP", message: "192.168.200.8/30 overlaps 192.168.200.0/24 (registry partner/onprem/mcr)" },
    ]);
    const same = withInterconnect({ interconnect: { ...ic, directConnect: { ...ic.directConnect, peeringCidr: "192.168.100.4/30" } } });
    expect(validateNetwork(same).issues).toEqual([
      { path: "interconnect.expressRoute.secondaryPeerAddressPrefix", code: "CIDR_OVERLAP", message: "192.168.100.4/30 overlaps 192.168.100.4/30 (interconnect.directConnect.peeringCidr)" },
    ]);
  });

  it("reports interconnect problems with everything else, in one PlanError, at their config paths", () => {
    const ic = interconnect();
    const config = withInterconnect({
      aws: { ...haConfig().aws, asn: 64700 },
      vpn: { layout: "ha", attachment: "vgw" },
      interconnect: { expressRoute: { ...ic.expressRoute, bandwidthInMbps: 300 }, directConnect: { ...ic.directConnect, hostedVirtualInterfaceId: "dxvif-ffabc123", vlan: undefined } },
    });
    let thrown: unknown;
    try {
      planNetwork(config);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlanError);
    expect(codes((thrown as PlanError).issues)).toEqual([
      ["interconnect.directConnect.connectionId", "VALUE_REQUIRED"],
      ["vpn.attachment", "VPN_LAYOUT"],
      ["interconnect.expressRoute.bandwidthInMbps", "BANDWIDTH_INVALID"],
      ["interconnect.directConnect.dxGatewayAsn", "ASN_EQUAL"],
      // With a connection id given, the VIF would be created on it, which needs a VLAN.
      ["interconnect.directConnect.vlan", "VALUE_REQUIRED"],
    ]);
    expect((thrown as PlanError).issues[3]?.message).toBe("64700 equals aws.asn (the transit gateway's ASN); the two sides of an eBGP session must use different ASNs");
  });
});
