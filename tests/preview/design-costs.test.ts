/**
 * The README's design comparison ("What each design costs") is computed, not typed: each design is the
 * subtree of one component as the sample stacks (or, for the overlay, the component's defaults) render it,
 * priced by the preview's estimator with sdk/prices.ts. This test recomputes the table and compares it
 * with the README; on a difference it prints the table to paste.
 */
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import { WireGuardOverlay } from "../../components";
import { TYPE, type RecordedGraph, type RecordedResource } from "../../graph";
import { costInventory } from "../../preview/cost";
import { runPreview } from "../../preview/run";
import { SimulatedCloud } from "../../preview/simulate";
import { runStackPreview } from "../../preview/stack";
import { PRICES, estimateCost, type CostEstimate } from "../../sdk";

/** The resources under `roots` (and the roots), as a graph of their own. */
function subtree(graph: RecordedGraph, roots: readonly RecordedResource[]): RecordedGraph {
  const keep = new Set(roots.map((r) => r.urn));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of graph.resources) if (r.parent !== undefined && keep.has(r.parent) && !keep.has(r.urn)) grew = keep.add(r.urn) !== undefined;
  }
  return { ...graph, resources: graph.resources.filter((r) => keep.has(r.urn)) };
}
const component = (graph: RecordedGraph, type: string, name: string): RecordedResource => {
  const r = graph.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`${type} ${name} not in ${graph.stack}`);
  return r;
};

async function overlayGraph(): Promise<RecordedGraph> {
  const cloud = new SimulatedCloud();
  return runPreview({
    project: "crosscloud",
    stack: "overlay",
    cloud,
    config: { "aws:region": "us-east-1" },
    program: () => {
      const subnet = (n: string, az: string, cidr: string) => new aws.ec2.Subnet(n, { vpcId: "vpc-0app0000000000000", cidrBlock: cidr, availabilityZone: az }).id;
      const azSubnet = (n: string, prefix: string) => new network.Subnet(n, { resourceGroupName: "rg", virtualNetworkName: "hub", subnetName: n, addressPrefix: prefix }).id;
      new WireGuardOverlay("ovl", {
        aws: {
          vpcId: "vpc-0app0000000000000",
          subnetIds: { "us-east-1a": subnet("edge-a", "us-east-1a", "10.0.0.0/24"), "us-east-1b": subnet("edge-b", "us-east-1b", "10.0.1.0/24") },
          prefixes: ["10.0.0.0/16"],
          routeTables: { "private-a": { routeTableId: "rtb-0aaaa000000000000", router: "aws-us-east-1a" } },
          imageId: "ami-0debian120000000",
        },
        azure: {
          resourceGroupName: "rg",
          location: "eastus",
          subnetId: azSubnet("routers", "10.16.0.0/24"),
          prefixes: ["10.16.0.0/16"],
          routeTables: { workload: { router: "azure-1" } },
          sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000000 test",
        },
      });
    },
  });
}

interface Design {
  readonly name: string;
  readonly what: string;
  readonly graph: RecordedGraph;
}

const usd = (n: number): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

function row(d: Design): { line: string; at: (gb: number) => CostEstimate } {
  const inventory = costInventory(d.graph);
  const at = (gb: number) => estimateCost(inventory, PRICES, gb);
  const [tb1, tb10] = [at(1000), at(10000)];
  const perGb = tb1.paths.find((p) => p.active)?.usdPerGb ?? 0;
  return { line: `| ${d.name} | ${d.what} | ${usd(tb1.fixedMonthlyUsd)} | $${perGb} | ${usd(tb1.totalMonthlyUsd)} | ${usd(tb10.totalMonthlyUsd)} |`, at };
}

describe("README: what each design costs", () => {
  let designs: Design[];
  beforeAll(async () => {
    const dev = (await runStackPreview({ stack: "dev", policy: false })).graph;
    const prod = (await runStackPreview({ stack: "prod", policy: false })).graph;
    const vpn = component(prod, TYPE.SiteToSiteVpn, "prod-vpn");
    const er = component(prod, TYPE.ExpressRouteInterconnect, "prod-er");
    const overlay = await overlayGraph();
    designs = [
      { name: "dev VPN", what: "1 AWS VPN connection (2 tunnels) on a VGW, VpnGw1AZ active-active", graph: subtree(dev, [component(dev, TYPE.SiteToSiteVpn, "dev-vpn")]) },
      { name: "HA VPN", what: "2 AWS VPN connections (4 tunnels, ECMP) on a TGW, VpnGw2AZ active-active", graph: subtree(prod, [vpn]) },
      { name: "ER/DX", what: "ExpressRoute Standard metered 1 Gbps + ErGw1AZ ↔ DX hosted 1 Gbps, DX gateway on the TGW", graph: subtree(prod, [er]) },
      { name: "ER/DX + HA VPN backup (prod)", what: "both of the above; traffic on ER/DX", graph: subtree(prod, [er, vpn]) },
      { name: "WireGuard overlay", what: "2 t3.small + 2 Standard_B2s routers with public IPs, over the internet", graph: subtree(overlay, [component(overlay, TYPE.WireGuardOverlay, "ovl")]) },
    ];
  }, 180_000);

  it("matches the table the estimator computes from the rendered designs and sdk/prices.ts", () => {
    const table = [
      "| design | what it builds | fixed / month | per GB | 1 TB / month | 10 TB / month |",
      "|---|---|---|---|---|---|",
      ...designs.map((d) => row(d).line),
    ].join("\n");
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    if (!readme.includes(table)) throw new Error(`README's design table is out of date; paste:\n\n${table}\n`);
  });

  it("prices only the design's own resources: no DNS, no spoke attachments, every kind priced", () => {
    for (const d of designs) {
      const c = row(d).at(1000);
      expect([d.name, c.unpriced]).toEqual([d.name, []]);
      expect(c.fixed.map((l) => l.priceKey)).not.toContain("aws.route53resolver.eni");
      expect(c.fixed.some((l) => l.kind === "Transit Gateway attachment (VPC)")).toBe(false);
    }
    expect(row(designs[4] as Design).at(1000).paths.map((p) => p.path)).toEqual(["overlay"]);
  });
});
