/**
 * Keyed names through the whole stack program (issue 10): removing a VPC, VNet, subnet or DNS zone from a
 * stack's config leaves the URN of every resource that belongs to something else unchanged (the components'
 * collections are covered item by item in tests/components/keyed-names.test.ts; a preview of this stack
 * takes seconds, so here a first and a last item of each collection go). The
 * stack's IPAM registry keeps the remaining networks' CIDRs, so names built from CIDRs (routes, security
 * group rules) stay too. And the one child renamed for this carries an alias to its old name.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { RecordedResource } from "../../graph";
import { runStackPreview } from "../../preview/stack";
import { cidrSlug } from "../../sdk";
import { readStackConfigFile, validateStackConfig } from "../../stacks/config";

const STACK = "keyed";
const prodConfig = (parseYaml(fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

/** A prod composition with several of everything. */
const network = () => ({
  environment: STACK,
  aws: {
    region: "us-east-1",
    asn: 64512,
    vpcs: {
      shared: {},
      alpha: { subnets: { "web-a": { az: "us-east-1a" }, "web-b": { az: "us-east-1b" }, "batch-c": { az: "us-east-1c" } } },
      bravo: {},
    },
  },
  azure: { region: "eastus", asn: 65515, vnets: { hub: {}, apps: { subnets: { front: {}, back: {}, jobs: {} } }, edge: {} } },
  vpn: { layout: "ha", attachment: "tgw" },
  dns: {
    inboundEndpoints: true,
    resolverVpc: "shared",
    awsZones: ["one.aws.example.internal", "two.aws.example.internal"],
    azureZones: ["one.azure.example.internal", "two.azure.example.internal"],
    privateLinkZones: ["privatelink.blob.core.windows.net"],
  },
});
type Network = ReturnType<typeof network>;

let dir: string;
function writeConfig(name: string, net: unknown, registryFile?: string): string {
  const file = path.join(dir, `Pulumi.${name}.yaml`);
  const config = { ...prodConfig, "crosscloud:network": net, ...(registryFile ? { "crosscloud:registryFile": registryFile } : {}) };
  if (!registryFile) delete (config as Record<string, unknown>)["crosscloud:registryFile"];
  // The sample's failover service names addresses in the sample's own networks; this network is another.
  delete (config as Record<string, unknown>)["crosscloud:failover"];
  fs.writeFileSync(file, stringifyYaml({ config }));
  return file;
}

const urns = (rs: readonly RecordedResource[]): string[] => rs.map((r) => r.urn).sort();
const carrying = (rs: readonly RecordedResource[], segments: readonly string[]): string[] =>
  rs
    .filter((r) => segments.some((s) => r.name.includes(`-${s}-`) || r.name.endsWith(`-${s}`)))
    .map((r) => r.urn)
    .sort();

interface Removal {
  readonly what: string;
  /** The name segments the removed item's resources carry: its key, and the slug of its CIDR where names use it. */
  readonly segments: readonly string[];
  readonly edit: (n: Network) => void;
}

let before: readonly RecordedResource[];
let registry: string;
let cidrs: Record<string, string>;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-keyed-"));
  // Record the full stack's allocations first, as `crosscloud ipam --write` would, so re-planning keeps them.
  const { plan, issues } = validateStackConfig(readStackConfigFile(writeConfig("plan", network()), STACK));
  expect(issues).toEqual([]);
  registry = path.join(dir, "registry.yaml");
  fs.writeFileSync(registry, stringifyYaml({ version: 1, allocations: plan?.allocations ?? [] }));
  cidrs = Object.fromEntries([...Object.entries(plan?.aws.vpcs ?? {}).map(([k, v]) => [k, v.cidr]), ...Object.entries(plan?.azure.vnets ?? {}).map(([k, v]) => [k, v.addressSpace])]);
  before = (await runStackPreview({ stack: STACK, config: writeConfig("before", network(), registry), policy: false })).graph.resources;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const REMOVALS: readonly Removal[] = [
  ...["alpha", "bravo"].map((k) => ({ what: `VPC ${k}`, segments: [k], edit: (n: Network) => delete (n.aws.vpcs as Record<string, unknown>)[k] })),
  ...["apps", "edge"].map((k) => ({ what: `VNet ${k}`, segments: [k], edit: (n: Network) => delete (n.azure.vnets as Record<string, unknown>)[k] })),
  ...["web-a", "batch-c"].map((k) => ({ what: `subnet ${k} of VPC alpha`, segments: [k], edit: (n: Network) => delete (n.aws.vpcs.alpha.subnets as Record<string, unknown>)[k] })),
  ...["front", "jobs"].map((k) => ({ what: `subnet ${k} of VNet apps`, segments: [k], edit: (n: Network) => delete (n.azure.vnets.apps.subnets as Record<string, unknown>)[k] })),
  ...["one.aws.example.internal"].map((z) => ({ what: `AWS zone ${z}`, segments: [z], edit: (n: Network) => void (n.dns.awsZones = n.dns.awsZones.filter((x) => x !== z)) })),
  ...["two.azure.example.internal"].map((z) => ({ what: `Azure zone ${z}`, segments: [z], edit: (n: Network) => void (n.dns.azureZones = n.dns.azureZones.filter((x) => x !== z)) })),
];

describe("the prod composition, one item removed from its config", () => {
  it.each(REMOVALS.map((r) => [r.what, r] as const))("%s: renames nothing, and only its own resources go", async (_, removal) => {
    const net = network();
    removal.edit(net);
    const after = (await runStackPreview({ stack: STACK, config: writeConfig("after", net, registry), policy: false })).graph.resources;
    // A network's prefix names routes and security group rules by its CIDR.
    const key = removal.segments[0] as string;
    const segments = cidrs[key] ? [...removal.segments, cidrSlug(cidrs[key])] : removal.segments;
    const earlier = new Set(urns(before));
    expect(urns(after).filter((u) => !earlier.has(u))).toEqual([]);
    const gone = urns(before).filter((u) => !new Set(urns(after)).has(u));
    expect(gone.length).toBeGreaterThan(0);
    expect(gone).toEqual(carrying(before, segments));
  }, 120_000);
});

describe("renamed children keep their resources", () => {
  it("aliases the dev VGW route propagation, once named by list position, to its old URN", async () => {
    const dev = (await runStackPreview({ stack: "dev", policy: false })).graph.resources;
    const propagation = dev.find((r) => r.type === "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation");
    expect(propagation?.urn).toBe("urn:pulumi:dev::crosscloud::crosscloud:index:SiteToSiteVpn$aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::dev-vpn-private-rtb-prop");
    // What the engine resolves the alias spec to (same type, stack, project and parent; the name given).
    const aliasUrns = (propagation?.options.aliases ?? []).map((a) => {
      const spec = (a as { spec: { name: string; type: string; stack: string; project: string; parenturn: string } }).spec;
      const parentType = spec.parenturn.split("::")[2] ?? "";
      return `urn:pulumi:${spec.stack || "dev"}::${spec.project || "crosscloud"}::${parentType}$${spec.type || propagation?.type}::${spec.name}`;
    });
    // The URN `pulumi up` recorded for it before issue 10 (the first entry of the old `vgwRouteTableIds` list).
    expect(aliasUrns).toEqual(["urn:pulumi:dev::crosscloud::crosscloud:index:SiteToSiteVpn$aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation::dev-vpn-vgw-rtb0"]);
  }, 60_000);
});
