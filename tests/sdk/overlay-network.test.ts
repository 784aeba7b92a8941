import fc from "fast-check";
import { cidr, contains, findOverlaps } from "../../sdk/cidr";
import { OverlayNetworkConfig, OverlayNetworkPlan, validateOverlayNetwork } from "../../sdk/overlay-network";
import { Registry, mergeRegistry, registryOverlaps } from "../../sdk/registry";

const codes = (r: { issues: readonly { path: string; code: string }[] }): [string, string][] => r.issues.map((i) => [i.path, i.code]);

function plan(config: OverlayNetworkConfig): OverlayNetworkPlan {
  const r = validateOverlayNetwork(config);
  expect(r.issues).toEqual([]);
  if (!r.plan) throw new Error("no plan");
  return r.plan;
}

/** What the shared registry held before the overlay stack existed: dev and prod's blocks. */
const OTHERS: Registry = {
  version: 1,
  allocations: [
    { stack: "dev", key: "aws/block", cidr: "10.0.0.0/16" },
    { stack: "dev", key: "azure/block", cidr: "10.16.0.0/16" },
    { stack: "prod", key: "aws/block", cidr: "10.1.0.0/16" },
    { stack: "prod", key: "azure/block", cidr: "10.17.0.0/16" },
    { stack: "external", key: "onprem/datacenter", cidr: "10.48.0.0/16" },
  ],
};

const base: OverlayNetworkConfig = { environment: "overlay", registry: OTHERS, aws: { region: "us-east-1" }, azure: { region: "eastus" } };

describe("validateOverlayNetwork: known answers", () => {
  it("plans dev-sized networks around the other stacks and the 2 × 2 overlay over exactly their prefixes", () => {
    const p = plan(base);
    expect(p.aws).toEqual({
      region: "us-east-1",
      block: "10.2.0.0/16",
      vpc: {
        key: "app",
        cidr: "10.2.0.0/20",
        zones: ["us-east-1a", "us-east-1b"],
        subnets: {
          "private-a": { cidr: "10.2.0.0/24", az: "us-east-1a", tier: "private" },
          "private-b": { cidr: "10.2.1.0/24", az: "us-east-1b", tier: "private" },
          "public-a": { cidr: "10.2.2.0/24", az: "us-east-1a", tier: "public" },
          "public-b": { cidr: "10.2.3.0/24", az: "us-east-1b", tier: "public" },
        },
      },
    });
    expect(p.azure).toEqual({ region: "eastus", block: "10.18.0.0/16", vnet: { key: "hub", addressSpace: "10.18.0.0/20", subnets: { routers: "10.18.0.0/24", workload: "10.18.1.0/24" } } });
    expect(p.overlay.aws.prefixes).toEqual(["10.2.0.0/20"]);
    expect(p.overlay.azure.prefixes).toEqual(["10.18.0.0/20"]);
    // Each zone's workloads leave through the router of the same zone; the VNet's workload UDR through the first router.
    expect(p.overlay.aws.routeTables).toEqual({ "private-a": "aws-us-east-1a", "private-b": "aws-us-east-1b" });
    expect(p.overlay.azure.routeTables).toEqual({ workload: "azure-1" });
    expect(p.overlay.insideCidr).toBe("100.64.0.0/24");
    expect(Object.keys(p.overlay.links)).toEqual(["aws-us-east-1a.azure-1", "aws-us-east-1a.azure-2", "aws-us-east-1b.azure-1", "aws-us-east-1b.azure-2"]);
    expect(p.allocations.map((a) => a.key)).toEqual([
      "aws/block",
      "aws/vpc/app",
      "aws/vpc/app/subnet/private-a",
      "aws/vpc/app/subnet/private-b",
      "aws/vpc/app/subnet/public-a",
      "aws/vpc/app/subnet/public-b",
      "azure/block",
      "azure/vnet/hub",
      "azure/vnet/hub/subnet/routers",
      "azure/vnet/hub/subnet/workload",
      "overlay/inside",
      "overlay/link/aws-us-east-1a/azure-1",
      "overlay/link/aws-us-east-1a/azure-2",
      "overlay/link/aws-us-east-1b/azure-1",
      "overlay/link/aws-us-east-1b/azure-2",
      "overlay/router/aws-us-east-1a",
      "overlay/router/aws-us-east-1b",
      "overlay/router/azure-1",
      "overlay/router/azure-2",
    ]);
    expect(p.allocations.every((a) => a.stack === "overlay")).toBe(true);
    expect(registryOverlaps(mergeRegistry(OTHERS, "overlay", p.allocations))).toEqual([]);
  });

  it("adds a RouteServerSubnet /26 and no UDR with Route Server; from the UDR variant's registry, nothing moves", () => {
    const udr = plan(base);
    const p = plan({ ...base, registry: mergeRegistry(OTHERS, "overlay", udr.allocations), routeServer: true });
    expect(p.azure.vnet.subnets).toEqual({ RouteServerSubnet: "10.18.2.0/26", routers: "10.18.0.0/24", workload: "10.18.1.0/24" });
    expect(p.overlay.links).toEqual(udr.overlay.links);
    expect(p.overlay.routeServer).toBeDefined();
    expect(p.overlay.azure.routeTables).toEqual({});
  });

  it("routes a zone without a router through the first router", () => {
    const p = plan({ ...base, aws: { region: "us-east-1", zones: ["us-east-1a", "us-east-1b", "us-east-1c"] } });
    expect(p.overlay.aws.routeTables).toEqual({ "private-a": "aws-us-east-1a", "private-b": "aws-us-east-1b", "private-c": "aws-us-east-1a" });
  });
});

describe("validateOverlayNetwork: every problem at once", () => {
  it("reports pins that collide, bad zones and overlay settings together", () => {
    const r = validateOverlayNetwork({
      environment: "overlay",
      registry: OTHERS,
      aws: { region: "us-east-1", block: "10.0.0.0/16", zones: ["us-east-1a", "us-west-2a"], asn: 65020 },
      azure: { region: "eastus", zones: ["4"], routerCount: 9 },
      port: 0,
    });
    expect(r.plan).toBeUndefined();
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        ["aws.block", "CIDR_OVERLAP"],
        ["aws.zones", "KEY_INVALID"],
        ["azure.zones.0", "ZONE_UNKNOWN"],
        ["azure.routerCount", "ROUTER_COUNT"],
        ["port", "PORT_INVALID"],
      ]),
    );
    expect(r.issues.find((i) => i.path === "aws.block")?.message).toContain("registry dev/aws/block");
  });

  it("refuses a VPC and a VNet pinned to overlapping space", () => {
    const r = validateOverlayNetwork({ ...base, aws: { region: "us-east-1", block: "10.2.0.0/16", vpcCidr: "10.2.0.0/20" }, azure: { region: "eastus", block: "10.2.0.0/16", addressSpace: "10.2.0.0/20" } });
    expect(codes(r)).toEqual(expect.arrayContaining([["azure.addressSpace", "CIDR_OVERLAP"]]));
  });
});

describe("validateOverlayNetwork: laws", () => {
  const routers = fc.record({ aws: fc.integer({ min: 1, max: 3 }), azure: fc.integer({ min: 1, max: 3 }), rs: fc.boolean() });
  const config = (n: { aws: number; azure: number; rs: boolean }, registry: Registry): OverlayNetworkConfig => ({
    environment: "overlay",
    registry,
    aws: { region: "us-east-1", zones: ["us-east-1a", "us-east-1b", "us-east-1c"], routerCount: n.aws },
    azure: { region: "eastus", routerCount: n.azure },
    routeServer: n.rs,
  });

  it("re-planning with its own allocations in the registry changes nothing", () => {
    fc.assert(
      fc.property(routers, (n) => {
        const first = plan(config(n, OTHERS));
        const again = plan(config(n, mergeRegistry(OTHERS, "overlay", first.allocations)));
        expect(again).toEqual(first);
      }),
      { numRuns: 25 },
    );
  });

  it("adding routers moves no recorded block, and every block lies where it belongs without overlaps", () => {
    fc.assert(
      fc.property(routers, routers, (before, after) => {
        const grown = { aws: Math.max(before.aws, after.aws), azure: Math.max(before.azure, after.azure), rs: before.rs };
        const first = plan(config(before, OTHERS));
        const second = plan(config(grown, mergeRegistry(OTHERS, "overlay", first.allocations)));
        const now = new Map(second.allocations.map((a) => [a.key, a.cidr]));
        for (const a of first.allocations) expect([a.key, now.get(a.key)]).toEqual([a.key, a.cidr]);
        const inside = cidr(second.overlay.insideCidr);
        for (const l of Object.values(second.overlay.links)) expect(contains(inside, cidr(l.cidr))).toBe(true);
        expect(findOverlaps(Object.values(second.overlay.links).map((l) => ({ label: l.key, cidr: cidr(l.cidr) })))).toEqual([]);
        expect(registryOverlaps(mergeRegistry(OTHERS, "overlay", second.allocations))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
