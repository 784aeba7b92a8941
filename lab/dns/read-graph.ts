/**
 * Reading one CrossCloudDns rendering out of the recorded graph, the way the clouds read it: the Route 53
 * Resolver of each VPC (the FORWARD rules associated with it, the private hosted zones associated with it),
 * the endpoints' VPC, and the Azure DNS Private Resolver's VNet (its inbound endpoint, the rules of the
 * rulesets linked to the VNet, the Private DNS zones linked to it). lab/dns/from-graph.ts turns it into a spec.
 */
import { ResourceIndex, T, getPath, type RecordedResource, type RecordedValue } from "../../graph";
import { firstAssignableIp, normalizeZone } from "../../sdk";
import type { DnsLabRule } from "./spec";

/** What the program rendered (inputs) wins; outputs fill in what the provider computes. */
export const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
const output = (r: RecordedResource, path: string): RecordedValue | undefined => getPath(r.outputs, path) ?? undefined;
export const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
export const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);
const same = (a: string, b: string): boolean => a !== "" && a.toLowerCase() === b.toLowerCase();
export type Index = ResourceIndex<RecordedResource>;

export const endpointIps = (e: RecordedResource): string[] => list(output(e, "ipAddresses")).map((a) => str(getPath(a, "ip"))).filter((ip) => ip !== "");

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

export function awsSide(index: Index, component: RecordedResource, problems: string[]) {
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

export function azureSide(index: Index, component: RecordedResource, problems: string[]) {
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
