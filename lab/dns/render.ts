import type { CrossCloudDnsLabSpec, DnsLabRecord, DnsLabSide, DnsLabZone } from "./spec";
import { UnboundPaths, unboundControlSection, unboundServerSection } from "../runtime/unbound";
export type { UnboundPaths } from "../runtime/unbound";
import { PUBLIC_DNS_IP } from "./from-graph";

/**
 * unbound configurations (Debian's unbound 1.17) for the five DNS servers of the cross-cloud DNS lab:
 *
 * - each cloud's **own resolver** of the endpoints' network (Route 53 Resolver at the VPC's base + 2; Azure DNS
 *   at 168.63.129.16), answering as sdk/dns-resolution.ts says: the rendered forwarding rules that apply
 *   there (`forward-zone`, sent from the outbound endpoint's addresses: `outgoing-interface`), then the
 *   private zones the network sees (`auth-zone`, also consulted while following a CNAME: `for-upstream`),
 *   then public DNS (`stub-zone "."`);
 * - each cloud's **inbound endpoint**, on the rendered addresses, handing every query to its network's
 *   resolver (`forward-zone "."`); its query log is the proof that a query crossed to it;
 * - **public DNS**: one authoritative root zone holding Microsoft's public CNAMEs into the Private Link
 *   zones and the no-leak names, nothing else.
 *
 * Every server runs as root in its own network namespace with every path inside the run's directory, no
 * chroot, no DNSSEC module (private zones are unsigned), and logs each query it receives (`log-queries`).
 */


/** The lab's five servers, plus the Route 53 Resolver of each spoke VPC (`aws-resolver-<n>`, n from 1). */
export const DNS_SERVER_ROLES = ["aws-resolver", "aws-inbound", "azure-resolver", "azure-inbound", "public"] as const;
export type DnsServerRole = (typeof DNS_SERVER_ROLES)[number] | `aws-resolver-${number}`;
/** Every server of a spec's lab. */
export const dnsServerRoles = (spec: CrossCloudDnsLabSpec): DnsServerRole[] => [...DNS_SERVER_ROLES, ...spec.awsSpokes.map((_, i): DnsServerRole => `aws-resolver-${i + 1}`)];

const quote = (s: string): string => `"${s}"`;
const fqdn = (name: string): string => `${name}.`;



const recordLine = (r: DnsLabRecord): string => `${fqdn(r.name)} ${r.ttl} IN ${r.type} ${r.type === "CNAME" ? fqdn(r.value) : r.value}`;

/** A zone file: SOA (negative answers cached no longer than the records), NS, and the zone's records. */
export function renderZoneFile(zone: string, records: readonly DnsLabRecord[], nameServer: { name: string; ip: string }): string {
  const ttl = Math.min(...records.map((r) => r.ttl), 5);
  const origin = zone === "" ? "." : fqdn(zone);
  return [
    `$ORIGIN ${origin}`,
    `@ ${ttl} IN SOA ${fqdn(nameServer.name)} hostmaster.${origin === "." ? "" : origin} 1 ${ttl} ${ttl} 86400 ${ttl}`,
    `@ ${ttl} IN NS ${fqdn(nameServer.name)}`,
    ...(nameServer.name.endsWith(zone) || zone === "" ? [`${fqdn(nameServer.name)} ${ttl} IN A ${nameServer.ip}`] : []),
    ...records.map(recordLine),
    "",
  ].join("\n");
}

/** The file name of a zone's zone file inside the server's directory. */
export const zoneFileName = (zone: string): string => `${zone === "" ? "root" : zone}.zone`;

function authZones(dir: string, zones: readonly DnsLabZone[]): string[] {
  return zones.flatMap((z) => [
    "auth-zone:",
    `  name: ${quote(fqdn(z.zone))}`,
    `  zonefile: ${quote(`${dir}/${zoneFileName(z.zone)}`)}`,
    "  for-downstream: yes",
    // Used while following a CNAME too: acct.blob.core.windows.net → acct.privatelink.blob.core.windows.net.
    "  for-upstream: yes",
    "  fallback-enabled: no",
  ]);
}

/**
 * A cloud's resolver in the endpoints' network: rendered rules first (forwarded from the outbound endpoint),
 * then the private zones it sees, then public DNS.
 */
export function renderResolverConf(side: DnsLabSide, paths: UnboundPaths): string {
  return [
    ...unboundServerSection(paths, { interfaces: [side.resolverIp], outgoing: side.outboundIps, logQueries: true }),
    ...authZones(paths.dir, side.zones),
    ...side.rules.flatMap((rule) => ["forward-zone:", `  name: ${quote(fqdn(rule.domain))}`, ...rule.targets.map((t) => `  forward-addr: ${t}`)]),
    "stub-zone:",
    `  name: "."`,
    `  stub-addr: ${PUBLIC_DNS_IP}`,
    ...unboundControlSection(paths),
    "",
  ].join("\n");
}

/** An inbound endpoint: its rendered addresses, everything handed to the network's resolver. */
export function renderInboundConf(side: DnsLabSide, paths: UnboundPaths): string {
  return [...unboundServerSection(paths, { interfaces: side.inboundIps, logQueries: true }), "forward-zone:", `  name: "."`, `  forward-addr: ${side.resolverIp}`, ...unboundControlSection(paths), ""].join("\n");
}

/** The name server of the lab's public DNS (inside its root zone). */
export const PUBLIC_NS = "ns.lab-internet";

/** Public DNS: one root zone with the spec's public records. */
export function renderPublicConf(paths: UnboundPaths): string {
  return [
    ...unboundServerSection(paths, { interfaces: [PUBLIC_DNS_IP], logQueries: true }),
    "auth-zone:",
    `  name: "."`,
    `  zonefile: ${quote(`${paths.dir}/${zoneFileName("")}`)}`,
    "  for-downstream: yes",
    "  for-upstream: no",
    "  fallback-enabled: no",
    ...unboundControlSection(paths),
    "",
  ].join("\n");
}

/** Every file of one server: its configuration and zone files, by name inside its directory. */
export function renderServerFiles(spec: CrossCloudDnsLabSpec, role: DnsServerRole, paths: UnboundPaths): Record<string, string> {
  const spoke = /^aws-resolver-(\d+)$/.exec(role);
  if (spoke) {
    // A spoke VPC's Resolver: the rules associated with it, the zones associated with it, the same outbound endpoint.
    const vpc = spec.awsSpokes[Number(spoke[1]) - 1];
    if (!vpc) throw new Error(`no spoke VPC for ${role}`);
    const side: DnsLabSide = { ...spec.aws, network: vpc.network, cidrs: [vpc.cidr], resolverIp: vpc.resolverIp, rules: vpc.rules, zones: spec.aws.zones.filter((z) => vpc.zones.includes(z.zone)), hostIp: vpc.hostIp };
    const ns = { name: `ns.${role}.lab`, ip: side.resolverIp };
    return { "unbound.conf": renderResolverConf(side, paths), ...Object.fromEntries(side.zones.map((z) => [zoneFileName(z.zone), renderZoneFile(z.zone, z.records, ns)])) };
  }
  switch (role) {
    case "aws-resolver":
    case "azure-resolver": {
      const side = role === "aws-resolver" ? spec.aws : spec.azure;
      const ns = { name: `ns.${role}.lab`, ip: side.resolverIp };
      return {
        "unbound.conf": renderResolverConf(side, paths),
        ...Object.fromEntries(side.zones.map((z) => [zoneFileName(z.zone), renderZoneFile(z.zone, z.records, ns)])),
      };
    }
    case "aws-inbound":
      return { "unbound.conf": renderInboundConf(spec.aws, paths) };
    case "azure-inbound":
      return { "unbound.conf": renderInboundConf(spec.azure, paths) };
    case "public":
      return { "unbound.conf": renderPublicConf(paths), [zoneFileName("")]: renderZoneFile("", spec.publicRecords, { name: PUBLIC_NS, ip: PUBLIC_DNS_IP }) };
    default:
      throw new Error(`no DNS lab server ${role}`);
  }
}
