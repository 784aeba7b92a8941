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
import { ResourceIndex, T, TYPE, type RecordedGraph, type RecordedResource } from "../../graph";
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
import { Index, awsSide, azureSide, endpointIps, str, value } from "./read-graph";

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

