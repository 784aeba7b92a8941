/**
 * Builds cross-cloud DNS lab specs from what a preview *recorded* (never from the plan's intentions): per
 * CrossCloudDns component, the Route 53 Resolver endpoints (their addresses as the provider assigned them),
 * the FORWARD rules associated with the endpoints' VPC, the private hosted zones associated with it; the
 * Azure DNS Private Resolver's inbound endpoint address, the forwarding rules of the rulesets linked to its
 * VNet, and the Private DNS zones linked to that VNet. References are followed the way the clouds follow
 * them (ids, through the shared resolver in graph/resolve.ts), so a rule associated with the wrong VPC, or
 * a Private Link zone linked to the wrong VNet, is left out here exactly as the cloud would leave it out,
 * and the lab's check for it fails.
 */
import { ResourceIndex, T, TYPE, getPath, type RecordedGraph, type RecordedResource, type RecordedValue } from "../../graph";
import {
  AZURE_DNS_VIRTUAL_IP,
  DOCUMENTATION_CIDRS,
  awsVpcResolverIp,
  cidr,
  firstAssignableIp,
  hostAt,
  ipToLong,
  isInZone,
  isPrivateLinkZone,
  longToIp,
  matchingForwardRule,
  normalizeZone,
  privateLinkZoneInfo,
} from "../../sdk";
import type { CrossCloudDnsLabSpec, DnsLabProbe, DnsLabRecord, DnsLabRule, DnsLabZone } from "./spec";
import { DnsLabSpecError } from "./spec";

/** What the program rendered (inputs) wins; outputs fill in what the provider computes. */
const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
const output = (r: RecordedResource, path: string): RecordedValue | undefined => getPath(r.outputs, path) ?? undefined;
const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);
const same = (a: string, b: string): boolean => a !== "" && a.toLowerCase() === b.toLowerCase();
type Index = ResourceIndex<RecordedResource>;

/** The label of every test record; the Private Link account name Microsoft's docs use. */
export const PROBE_LABEL = "crosscloud-lab-probe";
export const PRIVATE_LINK_ACCOUNT = "acct";
export const NO_LEAK_LABEL = "crosscloud-lab-noleak";
/** A public name no rule of either side forwards. */
export const NO_LEAK_PUBLIC_NAME = `${NO_LEAK_LABEL}.example.com`;
/** TTL of the lab's records: short, so a cached answer never hides a change between two checks. */
export const LAB_RECORD_TTL = 5;

/** Public DNS in the lab: the internet's answers come from the RFC 5737 ranges (sdk/cidr.ts). */
export const PUBLIC_DNS_IP = hostAt(cidr(DOCUMENTATION_CIDRS.testNet2), 53);
const publicAddress = (i: number): string => hostAt(cidr(DOCUMENTATION_CIDRS.testNet3), 10 + i);

/** The next address after `from` in `block` that `taken` does not hold. */
function nextFree(block: string, from: string, taken: Set<string>): string {
  const c = cidr(block);
  for (let n = ipToLong(from); n < c.last; n++) {
    const ip = longToIp(n);
    if (!taken.has(ip)) {
      taken.add(ip);
      return ip;
    }
  }
  throw new DnsLabSpecError([`no free address left in ${block}`]);
}

const endpointIps = (e: RecordedResource): string[] => list(output(e, "ipAddresses")).map((a) => str(getPath(a, "ip"))).filter((ip) => ip !== "");

/** What the Route 53 Resolver of one VPC applies: the FORWARD rules associated with it, the private hosted zones associated with it. */
function vpcView(index: Index, vpc: RecordedResource, problems: string[], outboundIps: Set<string>) {
  const vpcId = vpc.id ?? "";
  // By the VPC id the association names; through the engine's dependencies only while that id is unknown.
  const associations = index.ofType(T.awsResolverRuleAssociation).filter((a) => {
    const ref = str(value(a, "vpcId"));
    return ref !== "" ? same(ref, vpcId) : index.resolve(a, "vpcId", [T.awsVpc]) === vpc;
  });
  const rules: DnsLabRule[] = [];
  for (const association of associations) {
    const rule = index.resolve(association, "resolverRuleId", [T.awsResolverRule]);
    if (!rule || str(value(rule, "ruleType")).toUpperCase() !== "FORWARD") continue;
    const out = index.resolve(rule, "resolverEndpointId", [T.awsResolverEndpoint]);
    if (!out) problems.push(`${rule.name}: its outbound endpoint was not recorded`);
    else endpointIps(out).forEach((ip) => outboundIps.add(ip));
    rules.push({ domain: normalizeZone(str(value(rule, "domainName"))), targets: list(value(rule, "targetIps")).map((t) => str(getPath(t, "ip"))), resource: rule.name });
  }
  // Private hosted zones associated with the VPC (a zone's `vpcs`, as the program rendered them).
  const zones = index
    .ofType(T.awsRoute53Zone)
    .filter((z) => list(value(z, "vpcs")).some((v) => same(str(getPath(v, "vpcId")), vpcId)))
    .map((z) => ({ zone: normalizeZone(str(value(z, "name"))), resource: z.name }));
  const cidrBlock = str(value(vpc, "cidrBlock"));
  const subnet = index
    .ofType(T.awsSubnet)
    .filter((sn) => same(str(value(sn, "vpcId")), vpcId) || index.resolve(sn, "vpcId", [T.awsVpc]) === vpc)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
  return { vpc, cidr: cidrBlock, rules, zones, hostSubnet: subnet ? str(value(subnet, "cidrBlock")) : cidrBlock };
}

function awsSide(index: Index, component: RecordedResource, problems: string[]) {
  const endpoints = index.descendants(component, T.awsResolverEndpoint);
  const inbound = endpoints.find((e) => str(value(e, "direction")).toUpperCase() === "INBOUND");
  if (!inbound) {
    problems.push(`${component.name}: no Route 53 Resolver inbound endpoint was recorded`);
    return undefined;
  }
  // The Resolver answering the inbound endpoint is the one of the VPC the endpoint lives in.
  const vpc = index.withIdentity(str(output(inbound, "hostVpcId"))).find((r) => r.type === T.awsVpc) ?? index.resolve(inbound, "ipAddresses", [T.awsSubnet]);
  const vpcResource = vpc?.type === T.awsVpc ? vpc : vpc ? index.resolve(vpc, "vpcId", [T.awsVpc]) : undefined;
  if (!vpcResource) {
    problems.push(`${inbound.name}: the VPC it lives in was not recorded`);
    return undefined;
  }
  const outboundIps = new Set<string>();
  const home = vpcView(index, vpcResource, problems, outboundIps);
  // The endpoints' own subnet holds the test VM there.
  const subnet = index.resolve(inbound, "ipAddresses", [T.awsSubnet]) ?? index.withIdentity(str(getPath(list(value(inbound, "ipAddresses"))[0], "subnetId"))).find((r) => r.type === T.awsSubnet);
  // Every other VPC a rule of this component is associated with.
  const ruleIds = new Set(index.descendants(component, T.awsResolverRule).map((r) => r.id ?? ""));
  const spokeVpcs = [
    ...new Set(
      index
        .ofType(T.awsResolverRuleAssociation)
        .filter((a) => ruleIds.has(str(value(a, "resolverRuleId"))) || index.resolve(a, "resolverRuleId", [T.awsResolverRule])?.parent === component.urn)
        .map((a) => index.withIdentity(str(value(a, "vpcId"))).find((r) => r.type === T.awsVpc) ?? index.resolve(a, "vpcId", [T.awsVpc]))
        .filter((v): v is RecordedResource => v !== undefined && v !== vpcResource),
    ),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const spokes = spokeVpcs.map((v) => vpcView(index, v, problems, outboundIps));
  // What Route 53 forwards at all: every FORWARD rule of the component, wherever it is associated.
  const forwarded: DnsLabRule[] = index
    .descendants(component, T.awsResolverRule)
    .filter((r) => str(value(r, "ruleType")).toUpperCase() === "FORWARD")
    .map((r) => ({ domain: normalizeZone(str(value(r, "domainName"))), targets: list(value(r, "targetIps")).map((t) => str(getPath(t, "ip"))), resource: r.name }));
  return { inbound, vpc: vpcResource, vpcCidr: home.cidr, rules: home.rules, outboundIps: [...outboundIps], zones: home.zones, hostSubnet: subnet ? str(value(subnet, "cidrBlock")) : home.hostSubnet, spokes, forwarded };
}

function azureSide(index: Index, component: RecordedResource, problems: string[]) {
  const resolver = index.descendants(component, T.azureDnsResolver)[0];
  if (!resolver) {
    problems.push(`${component.name}: no Azure DNS Private Resolver was recorded`);
    return undefined;
  }
  const vnet = index.resolve(resolver, "virtualNetwork", [T.azureVnet]);
  if (!vnet) {
    problems.push(`${resolver.name}: its virtual network was not recorded`);
    return undefined;
  }
  const vnetId = vnet.id ?? "";
  const inboundIps = index
    .ofType(T.azureDnsInboundEndpoint)
    .filter((e) => index.resolve(e, "dnsResolverName", [T.azureDnsResolver]) === resolver)
    .flatMap((e) => list(output(e, "ipConfigurations")).map((c) => str(getPath(c, "privateIpAddress"))))
    .filter((ip) => ip !== "");
  const linked = (link: RecordedResource): boolean => same(str(value(link, "virtualNetwork.id")), vnetId);
  const rulesets = index
    .ofType(T.azureDnsRulesetVnetLink)
    .filter(linked)
    .map((l) => index.resolve(l, "dnsForwardingRulesetName", [T.azureDnsForwardingRuleset]))
    .filter((r): r is RecordedResource => r !== undefined);
  const rules: DnsLabRule[] = index
    .ofType(T.azureDnsForwardingRule)
    .filter((r) => str(value(r, "forwardingRuleState")) !== "Disabled")
    .filter((r) => rulesets.includes(index.resolve(r, "dnsForwardingRulesetName", [T.azureDnsForwardingRuleset]) as RecordedResource))
    .map((r) => ({ domain: normalizeZone(str(value(r, "domainName"))), targets: list(value(r, "targetDnsServers")).map((t) => str(getPath(t, "ipAddress"))), resource: r.name }));
  // The outbound endpoint exposes no address: it sends from its subnet (sdk/dns-resolution.ts).
  const outboundIps = rulesets
    .flatMap((rs) => list(value(rs, "dnsResolverOutboundEndpoints")).map((e) => str(getPath(e, "id"))))
    .flatMap((id) => index.withIdentity(id).filter((r) => r.type === T.azureDnsOutboundEndpoint))
    .map((e) => index.resolve(e, "subnet", [T.azureSubnet]))
    .filter((s): s is RecordedResource => s !== undefined)
    .map((s) => firstAssignableIp(str(value(s, "addressPrefix"))));
  const zones = index
    .ofType(T.azurePrivateDnsZoneVnetLink)
    .filter(linked)
    .map((l) => index.resolve(l, "privateZoneName", [T.azurePrivateDnsZone]))
    .filter((z): z is RecordedResource => z !== undefined)
    .map((z) => ({ zone: normalizeZone(str(value(z, "privateZoneName"))), resource: z.name }));
  const workload = index
    .ofType(T.azureSubnet)
    .filter((s) => index.resolve(s, "virtualNetworkName", [T.azureVnet]) === vnet || same(str(value(s, "virtualNetworkName")), str(value(vnet, "virtualNetworkName"))))
    .find((s) => list(value(s, "delegations")).length === 0 && !["GatewaySubnet", "RouteServerSubnet", "AzureFirewallSubnet", "AzureBastionSubnet"].includes(str(value(s, "subnetName"))));
  if (!workload) problems.push(`${vnet.name}: no workload subnet (undelegated, not a gateway subnet) for the lab's test VM`);
  return {
    resolver,
    vnet,
    cidrs: list(value(vnet, "addressSpace.addressPrefixes")).map(str),
    inboundIps,
    outboundIps: [...new Set(outboundIps)],
    rules,
    zones,
    hostSubnet: workload ? str(value(workload, "addressPrefix")) : "",
  };
}

/** The private zone (of `zones`) a name falls in: the most specific. */
const zoneOf = (name: string, zones: readonly { zone: string }[]): string | undefined =>
  zones
    .map((z) => z.zone)
    .filter((z) => isInZone(name, z))
    .sort((a, b) => b.length - a.length)[0];

/** The parent of a forwarded zone, when it still has two labels: where a name beside the zone lives. */
const parentZone = (zone: string): string | undefined => {
  const labels = zone.split(".");
  return labels.length > 2 ? labels.slice(1).join(".") : undefined;
};

function noLeakNames(rules: readonly DnsLabRule[]): string[] {
  const domains = rules.map((r) => r.domain);
  const names = [...rules.map((r) => parentZone(r.domain)).filter((p): p is string => p !== undefined).map((p) => `${NO_LEAK_LABEL}.${p}`), NO_LEAK_PUBLIC_NAME];
  return [...new Set(names)].filter((n) => matchingForwardRule(n, domains) === undefined);
}

function specFor(index: Index, component: RecordedResource): CrossCloudDnsLabSpec {
  const problems: string[] = [];
  const aws = awsSide(index, component, problems);
  const azure = azureSide(index, component, problems);
  if (!aws || !azure || problems.length > 0) throw new DnsLabSpecError(problems);
  const notes: string[] = [];

  const awsTaken = new Set([...endpointIps(aws.inbound), ...aws.outboundIps]);
  const awsHost = nextFree(aws.hostSubnet, firstAssignableIp(aws.hostSubnet), awsTaken);
  const azTaken = new Set([...azure.inboundIps, ...azure.outboundIps]);
  const azHost = nextFree(azure.hostSubnet, firstAssignableIp(azure.hostSubnet), azTaken);
  notes.push(
    `test VMs: AWS ${awsHost} in ${aws.vpc.name} (asks the VPC resolver ${awsVpcResolverIp(aws.vpcCidr)}), Azure ${azHost} in ${azure.vnet.name} (asks Azure DNS ${AZURE_DNS_VIRTUAL_IP}); Private Link test endpoints follow ${azHost} in its subnet`,
    `the Azure outbound endpoint exposes no address; the lab sends its forwarded queries from the first assignable address of its subnet (${azure.outboundIps.join(", ")})`,
  );

  // Zones each side sees, with the test records the probes ask for.
  const awsZones = new Map<string, { resource: string | undefined; records: DnsLabRecord[] }>(aws.zones.map((z) => [z.zone, { resource: z.resource, records: [] }]));
  const azZones = new Map<string, { resource: string | undefined; records: DnsLabRecord[] }>(azure.zones.map((z) => [z.zone, { resource: z.resource, records: [] }]));
  const a = (name: string, ip: string): DnsLabRecord => ({ name, type: "A", value: ip, ttl: LAB_RECORD_TTL });
  const publicRecords: DnsLabRecord[] = [];
  const allAzurePrivateZones = index.ofType(T.azurePrivateDnsZone).map((z) => normalizeZone(str(value(z, "privateZoneName"))));

  /** A test record in the zone that holds `name` on a side: a rendered zone it sees, or a stand-in for a zone created elsewhere. */
  const place = (zones: Map<string, { resource: string | undefined; records: DnsLabRecord[] }>, cloud: string, name: string, forwarded: string, record: DnsLabRecord, renderedAnywhere: readonly string[]): string => {
    const seen = zoneOf(name, [...zones.entries()].filter(([, z]) => z.resource !== undefined).map(([zone]) => ({ zone })));
    if (seen !== undefined) {
      zones.get(seen)?.records.push(record);
      return seen;
    }
    const rendered = zoneOf(name, renderedAnywhere.map((zone) => ({ zone })));
    if (rendered !== undefined) {
      // Rendered, but not where the resolver looks: the cloud would not answer from it, and neither does the lab.
      notes.push(`${rendered} is rendered but not ${cloud === "aws" ? "associated with the VPC" : "linked to the VNet"} of the resolver endpoints, so ${name} cannot resolve there`);
      return rendered;
    }
    const standIn = zones.get(forwarded) ?? { resource: undefined, records: [] };
    if (!zones.has(forwarded)) {
      zones.set(forwarded, standIn);
      notes.push(`${forwarded}: forwarded to ${cloud === "aws" ? "AWS" : "Azure"} by the other cloud's rule, but no ${cloud === "aws" ? "Route 53 private hosted zone" : "Azure Private DNS zone"} for it is rendered by this stack; the lab stands one in, as the existing zone it must be`);
    }
    standIn.records.push(record);
    return forwarded;
  };

  // Each VPC a rule is associated with asks for every zone Route 53 forwards (a VPC without the association fails).
  const spokes = aws.spokes.map((v) => {
    const hostIp = nextFree(v.hostSubnet, firstAssignableIp(v.hostSubnet), awsTaken);
    const zones = v.zones.map((z) => z.zone).filter((z) => awsZones.has(z));
    for (const z of v.zones) if (!awsZones.has(z.zone)) notes.push(`${z.zone} is associated with ${v.vpc.name} but not with ${aws.vpc.name}, where the inbound endpoint resolves; the lab leaves it out`);
    return { network: v.vpc.name, cidr: v.cidr, resolverIp: awsVpcResolverIp(v.cidr), rules: v.rules, zones, hostIp };
  });
  if (spokes.length > 0) notes.push(`spoke VPCs, each with its own Resolver and test VM: ${spokes.map((v) => `${v.network} (${v.resolverIp}, VM ${v.hostIp})`).join(", ")}`);
  const askers = [{ network: aws.vpc.name, rules: aws.rules }, ...spokes];
  const ruleFor = (asker: { network: string; rules: readonly DnsLabRule[] }, domain: string): string =>
    asker.rules.find((r) => r.domain === domain)?.resource ?? `none: no rule for ${domain} is associated with ${asker.network}`;
  const awsToAzure: DnsLabProbe[] = [];
  const privateLink: DnsLabProbe[] = [];
  for (const rule of aws.forwarded) {
    const candidates = [...allAzurePrivateZones.filter(isPrivateLinkZone), `privatelink.${rule.domain}`];
    const plZone = candidates.find((z) => privateLinkZoneInfo(z)?.forwarders.includes(rule.domain));
    if (plZone !== undefined) {
      const name = `${PRIVATE_LINK_ACCOUNT}.${rule.domain}`;
      const cname = `${PRIVATE_LINK_ACCOUNT}.${plZone}`;
      const privateEndpoint = nextFree(azure.hostSubnet, azHost, azTaken);
      // Microsoft's public DNS: the service name is a CNAME into the privatelink zone, whose public answer is the service's public address.
      publicRecords.push({ name, type: "CNAME", value: cname, ttl: LAB_RECORD_TTL }, a(cname, publicAddress(publicRecords.length)));
      const zone = place(azZones, "azure", cname, plZone, a(cname, privateEndpoint), allAzurePrivateZones);
      for (const asker of askers) privateLink.push({ network: asker.network, name, expect: privateEndpoint, zone, cname, rule: ruleFor(asker, rule.domain) });
    } else {
      const name = `${PROBE_LABEL}.${rule.domain}`;
      const zone = place(azZones, "azure", name, rule.domain, a(name, azHost), allAzurePrivateZones);
      for (const asker of askers) awsToAzure.push({ network: asker.network, name, expect: azHost, zone, rule: ruleFor(asker, rule.domain) });
    }
  }
  // The endpoints' VPC asks first (dns-aws-to-azure cuts the link under its first name).
  const homeFirst = (p: DnsLabProbe[]): DnsLabProbe[] => [...p.filter((x) => x.network === aws.vpc.name), ...p.filter((x) => x.network !== aws.vpc.name)];
  const allAwsZones = index.ofType(T.awsRoute53Zone).map((z) => normalizeZone(str(value(z, "name"))));
  const azureToAws: DnsLabProbe[] = azure.rules.map((rule) => {
    const name = `${PROBE_LABEL}.${rule.domain}`;
    const zone = place(awsZones, "aws", name, rule.domain, a(name, awsHost), allAwsZones);
    return { network: azure.vnet.name, name, expect: awsHost, zone, rule: rule.resource };
  });
  const noLeakFromAws = noLeakNames(aws.forwarded);
  const noLeakFromAzure = noLeakNames(azure.rules);
  for (const n of [...new Set([...noLeakFromAws, ...noLeakFromAzure])]) publicRecords.push(a(n, publicAddress(publicRecords.length)));

  const zonesOf = (m: Map<string, { resource: string | undefined; records: DnsLabRecord[] }>): DnsLabZone[] => [...m.entries()].map(([zone, z]) => ({ zone, resource: z.resource, records: z.records }));
  return {
    name: component.name,
    aws: {
      network: aws.vpc.name,
      cidrs: [aws.vpcCidr],
      resolverIp: awsVpcResolverIp(aws.vpcCidr),
      inboundIps: endpointIps(aws.inbound),
      outboundIps: aws.outboundIps,
      rules: aws.rules,
      zones: zonesOf(awsZones),
      hostIp: awsHost,
    },
    azure: {
      network: azure.vnet.name,
      cidrs: azure.cidrs,
      resolverIp: AZURE_DNS_VIRTUAL_IP,
      inboundIps: azure.inboundIps,
      outboundIps: azure.outboundIps,
      rules: azure.rules,
      zones: zonesOf(azZones),
      hostIp: azHost,
    },
    publicRecords,
    awsSpokes: spokes,
    probes: { awsToAzure: homeFirst(awsToAzure), azureToAws, privateLink: homeFirst(privateLink), noLeakFromAws, noLeakFromAzure },
    notes,
  };
}

/**
 * One spec per CrossCloudDns component that rendered resolver endpoints (a component with
 * `inboundEndpoints: false` renders none, and has nothing to resolve through). Throws `DnsLabSpecError`
 * when a component's endpoints or networks were not recorded.
 */
export function dnsLabSpecsFromGraph(graph: RecordedGraph): CrossCloudDnsLabSpec[] {
  const index: Index = new ResourceIndex(graph.resources, (r, path) => (path === "id" ? r.id : value(r, path)));
  return index
    .ofType(TYPE.CrossCloudDns)
    .filter((c) => index.descendants(c, T.awsResolverEndpoint, T.azureDnsInboundEndpoint).length > 0)
    .map((c) => specFor(index, c));
}

/** Whether a recorded graph has anything for the cross-cloud DNS lab. */
export const hasCrossCloudDnsEndpoints = (graph: RecordedGraph): boolean => graph.resources.some((r) => r.type === T.awsResolverEndpoint || r.type === T.azureDnsInboundEndpoint);

