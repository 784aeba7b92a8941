/**
 * Keyed names (issue 10): no resource name, and so no URN, depends on a position in a list. For every keyed
 * collection a component takes, removing any one item leaves the URN of every other resource unchanged:
 * nothing is renamed, nothing appears, and what goes is exactly what the removed item named.
 */
import fc from "fast-check";
import { CrossCloudDns, CrossCloudDnsArgs, HubSpokeArgs, SiteToSiteVpn, SiteToSiteVpnArgs, TransitGatewayHub, TransitGatewayHubArgs } from "../../components";
import { cidrSlug } from "../../sdk";
import { RecordedResource } from "../../graph";
import { Graph, record } from "./vpn-graph";

// Each collection of one program has keys of its own, so a name segment says which item a resource belongs to.
const KEYS = ["alpha", "bravo", "charlie"] as const;
const VPN_KEYS = ["vpna", "vpnb", "vpnc"] as const;
const VPC_KEYS = ["appa", "appb", "appc"] as const;
const VNET_KEYS = ["neta", "netb", "netc"] as const;
const keyed = (keys: readonly string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, k]));
const without = <T>(items: Readonly<Record<string, T>>, key: string): Record<string, T> => Object.fromEntries(Object.entries(items).filter(([k]) => k !== key));

type Resources = readonly RecordedResource[];
/** URNs of the resources whose logical name carries `segment` (a key, a zone, a CIDR slug) between dashes or at the end. */
const carrying = (rs: Resources, segment: string): string[] =>
  rs
    .filter((r) => r.name.includes(`-${segment}-`) || r.name.endsWith(`-${segment}`))
    .map((r) => r.urn)
    .sort();
const urns = (rs: Resources): string[] => rs.map((r) => r.urn).sort();

/**
 * The law. `segments` maps each item to the name segment its resources carry; `namesResources` says whether
 * an item owns resources of its own (resolver subnets, for one, only fill an endpoint's list).
 */
function expectOnlyRemovedItemGone(before: Resources, after: Resources, removed: string, segments: Readonly<Record<string, string>>, namesResources = true): void {
  const earlier = new Set(urns(before));
  expect(urns(after).filter((u) => !earlier.has(u))).toEqual([]);
  for (const [item, segment] of Object.entries(segments)) {
    if (item === removed) continue;
    expect([item, carrying(after, segment)]).toEqual([item, carrying(before, segment)]);
  }
  const gone = urns(before).filter((u) => !new Set(urns(after)).has(u));
  if (namesResources) {
    expect(carrying(before, segments[removed] as string).length).toBeGreaterThan(0);
    expect(gone).toEqual(carrying(before, segments[removed] as string));
  }
}

interface Collection {
  readonly name: string;
  /** The program with every item, or without `removed`. */
  readonly program: (removed?: string) => () => void;
  readonly items: Readonly<Record<string, string>>;
  readonly namesResources?: boolean;
  /** Resources the removed item owns besides those carrying its segment (e.g. a customer gateway named by instance). */
  readonly alsoOwned?: Readonly<Record<string, readonly string[]>>;
}

// --- TransitGatewayHub ---------------------------------------------------------------------------------
const spoke = (n: number, routeTables: readonly string[] = ["main", "data"]): HubSpokeArgs => ({
  vpcId: `vpc-${n}`,
  cidr: `10.0.${n * 16}.0/20`,
  subnetIds: { "us-east-1a": `subnet-${n}a`, "us-east-1b": `subnet-${n}b` },
  routeTableIds: Object.fromEntries(routeTables.map((rt) => [rt, `rtb-${n}-${rt}`])),
});
const REMOTE = ["10.16.0.0/20", "10.16.16.0/20", "10.16.32.0/20"];
const hubArgs = (over: Partial<TransitGatewayHubArgs> = {}): TransitGatewayHubArgs => ({
  amazonSideAsn: 64512,
  spokes: Object.fromEntries(KEYS.map((k, i) => [k, spoke(i + 1)])),
  remotePrefixes: REMOTE,
  vpnAttachmentIds: Object.fromEntries(VPN_KEYS.map((k) => [k, `tgw-attach-${k}`])),
  dxAttachmentId: "tgw-attach-dx",
  ...over,
});
const hub = (args: TransitGatewayHubArgs) => () => void new TransitGatewayHub("hub", args);
const itself = keyed(KEYS);

// --- SiteToSiteVpn -------------------------------------------------------------------------------------
const vpnBase: SiteToSiteVpnArgs = {
  awsRegion: "us-east-1",
  awsPrefixes: ["10.0.0.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  subscriptionId: "11111111-2222-3333-4444-555555555555",
  resourceGroupName: "rg-net",
  location: "eastus",
  gatewaySubnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet",
  layout: "custom",
  attachment: "vgw",
  vpcId: "vpc-0123456789abcdef0",
};
const CONNECTIONS = { alpha: { azureInstance: 0 }, bravo: { azureInstance: 1 }, charlie: { azureInstance: 0 } };
const ROUTE_TABLES = { main: "rtb-main", data: "rtb-data", edge: "rtb-edge" };
const vpn = (args: SiteToSiteVpnArgs) => () => void new SiteToSiteVpn("link", args);

// --- CrossCloudDns -------------------------------------------------------------------------------------
const VNET = "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub";
const AWS_ZONES = Object.fromEntries(KEYS.map((k) => [k, `${k}.aws.example.internal`]));
const AZURE_ZONES = Object.fromEntries(KEYS.map((k) => [k, `${k}.azure.example.internal`]));
const AWS_PREFIXES = { alpha: "10.0.0.0/20", bravo: "10.0.16.0/20", charlie: "10.0.32.0/20" };
const dnsArgs = (over: Partial<CrossCloudDnsArgs> = {}): CrossCloudDnsArgs => ({
  awsRegion: "us-east-1",
  vpcId: "vpc-hub",
  resolverSubnets: { alpha: { subnetId: "subnet-a", az: "us-east-1a" }, bravo: { subnetId: "subnet-b", az: "us-east-1b" }, charlie: { subnetId: "subnet-c", az: "us-east-1c" } },
  associatedVpcIds: Object.fromEntries(VPC_KEYS.map((k) => [k, `vpc-${k}`])),
  resourceGroupName: "rg-net",
  location: "eastus",
  virtualNetworkId: VNET,
  inboundSubnetId: `${VNET}/subnets/dns-inbound`,
  outboundSubnetId: `${VNET}/subnets/dns-outbound`,
  linkedVirtualNetworkIds: Object.fromEntries(VNET_KEYS.map((k) => [k, `${VNET}-${k}`])),
  awsPrefixes: Object.values(AWS_PREFIXES),
  azurePrefixes: ["10.16.0.0/20"],
  awsZones: Object.values(AWS_ZONES),
  azureZones: Object.values(AZURE_ZONES),
  ...over,
});
const dns = (args: CrossCloudDnsArgs) => () => void new CrossCloudDns("dns", args);
const values = (m: Readonly<Record<string, string>>, removed?: string): string[] => Object.entries(m).filter(([k]) => k !== removed).map(([, v]) => v);

const COLLECTIONS: readonly Collection[] = [
  { name: "TransitGatewayHub spokes", items: itself, program: (r) => hub(hubArgs(r ? { spokes: without(hubArgs().spokes, r) } : {})) },
  {
    name: "TransitGatewayHub route tables of a spoke",
    items: { main: "main", data: "data", edge: "edge" },
    program: (r) => hub(hubArgs({ spokes: { alpha: spoke(1, ["main", "data", "edge"].filter((k) => k !== r)) } })),
  },
  {
    name: "TransitGatewayHub remote prefixes",
    items: Object.fromEntries(REMOTE.map((p) => [p, cidrSlug(p)])),
    program: (r) => hub(hubArgs({ remotePrefixes: REMOTE.filter((p) => p !== r) })),
  },
  {
    name: "TransitGatewayHub VPN attachments",
    items: keyed(VPN_KEYS),
    program: (r) => hub(hubArgs(r ? { vpnAttachmentIds: without(hubArgs().vpnAttachmentIds ?? {}, r) } : {})),
  },
  {
    name: "SiteToSiteVpn connections",
    items: itself,
    program: (r) => vpn({ ...vpnBase, connections: r ? without(CONNECTIONS, r) : CONNECTIONS }),
    // bravo is the only connection on instance 1, whose customer gateway (named by Azure's instance number) goes with it.
    alsoOwned: { bravo: ["link-cgw1"] },
  },
  {
    name: "SiteToSiteVpn VGW route tables",
    items: { main: "main", data: "data", edge: "edge" },
    program: (r) => vpn({ ...vpnBase, layout: "dev", vgwRouteTableIds: r ? without(ROUTE_TABLES, r) : ROUTE_TABLES }),
  },
  { name: "CrossCloudDns AWS zones", items: AWS_ZONES, program: (r) => dns(dnsArgs({ awsZones: values(AWS_ZONES, r) })) },
  { name: "CrossCloudDns Azure zones", items: AZURE_ZONES, program: (r) => dns(dnsArgs({ azureZones: values(AZURE_ZONES, r) })) },
  { name: "CrossCloudDns associated VPCs", items: keyed(VPC_KEYS), program: (r) => dns(dnsArgs(r ? { associatedVpcIds: without(dnsArgs().associatedVpcIds ?? {}, r) } : {})) },
  { name: "CrossCloudDns linked VNets", items: keyed(VNET_KEYS), program: (r) => dns(dnsArgs(r ? { linkedVirtualNetworkIds: without(dnsArgs().linkedVirtualNetworkIds ?? {}, r) } : {})) },
  { name: "CrossCloudDns resolver subnets", items: itself, namesResources: false, program: (r) => dns(dnsArgs(r ? { resolverSubnets: without(dnsArgs().resolverSubnets, r) } : {})) },
  {
    name: "CrossCloudDns allowed prefixes (security group rules)",
    items: Object.fromEntries(Object.entries(AWS_PREFIXES).map(([k, p]) => [k, cidrSlug(p)])),
    program: (r) => dns(dnsArgs({ awsPrefixes: values(AWS_PREFIXES, r) })),
  },
];

describe.each(COLLECTIONS.map((c) => [c.name, c] as const))("removing one item of %s", (_, collection) => {
  let before: Graph;
  beforeAll(async () => {
    before = await record(collection.program());
  });

  it.each(Object.keys(collection.items))("renames nothing when %s goes", async (removed) => {
    const after = await record(collection.program(removed));
    // Resources the item owns under another name leave with it; nothing else may.
    const owned = collection.alsoOwned?.[removed] ?? [];
    expect(after.resources.filter((r) => owned.includes(r.name))).toEqual([]);
    const rest = before.resources.filter((r) => !owned.includes(r.name));
    expectOnlyRemovedItemGone(rest, after.resources, removed, collection.items, collection.namesResources ?? true);
  });
});

describe("removing one spoke of any hub (law)", () => {
  it("leaves every other spoke's URNs as they were", async () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9]{2,7}$/).filter((k) => !["hub", "tgw", "dx", "vpn", "spokes", "interconnect", "main", "data"].includes(k));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(key, { minLength: 2, maxLength: 5 }), fc.nat(), async (keys, pick) => {
        fc.pre(keys.every((a) => keys.every((b) => a === b || !a.includes(b))));
        const spokes = Object.fromEntries(keys.map((k, i) => [k, spoke(i + 1)]));
        const removed = keys[pick % keys.length] as string;
        const before = await record(hub(hubArgs({ spokes, vpnAttachmentIds: {} })));
        const after = await record(hub(hubArgs({ spokes: without(spokes, removed), vpnAttachmentIds: {} })));
        expectOnlyRemovedItemGone(before.resources, after.resources, removed, Object.fromEntries(keys.map((k) => [k, k])));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
