import type { DnsFailoverSpec } from "./spec";
import { UnboundPaths, unboundControlSection, unboundServerSection } from "../runtime/unbound";
export type { UnboundPaths } from "../runtime/unbound";

/**
 * unbound configurations for the two DNS servers of the `dns-failover` lab (Debian's unbound 1.17):
 *
 * - the **Route 53 stand-in**, listening on the Route 53 Resolver inbound endpoint's addresses: it holds
 *   the private hosted zone and answers the failover record with what Route 53 would answer; the lab's
 *   health stand-in changes that answer by rewriting the zone and reloading it;
 * - the **Azure DNS Private Resolver stand-in**, listening on the Azure inbound endpoint's address: it
 *   forwards the zone to the targets of the rendered Azure forwarding rule and caches answers for their
 *   TTL, as every resolver between a client and Route 53 does. That cache is what bounds the failover.
 *
 * Both run as root in their own network namespace with every path inside the run's directory, no
 * chroot, no DNSSEC module (private zones are unsigned) and no prefetch or serve-expired, so an answer
 * lives exactly its TTL.
 */


const quote = (s: string): string => `"${s}"`;



/**
 * The private hosted zone as a zone file: the SOA (negative answers cached no longer than the TTL), and
 * the failover record answering `answer` with the rendered TTL. `serial` grows with every change.
 */
export function renderZoneFile(spec: DnsFailoverSpec, answer: string, serial: number): string {
  const t = spec.ttl;
  return [
    `$ORIGIN ${spec.zone}.`,
    `@ ${t} IN SOA ns hostmaster ${serial} ${t} ${t} 86400 ${t}`,
    `@ ${t} IN NS ns`,
    `ns ${t} IN A ${spec.route53InboundIps[0] ?? ""}`,
    `${spec.recordName}. ${t} IN A ${answer}`,
    "",
  ].join("\n");
}

/**
 * Route 53 stand-in: the zone as an authoritative zone (`auth-zone`) read from `zoneFile`, which the
 * health stand-in rewrites and reloads in one step (`unbound-control auth_zone_reload`), so a query never
 * sees the record missing between two answers.
 */
export function renderRoute53Conf(spec: DnsFailoverSpec, paths: UnboundPaths, zoneFile: string): string {
  return [
    ...unboundServerSection(paths, { interfaces: spec.route53InboundIps }),
    "auth-zone:",
    `  name: ${quote(`${spec.zone}.`)}`,
    `  zonefile: ${quote(zoneFile)}`,
    "  for-downstream: yes",
    "  for-upstream: no",
    "  fallback-enabled: no",
    ...unboundControlSection(paths),
    "",
  ].join("\n");
}

/** Azure resolver stand-in: forwards the zone to the rendered rule's targets, caching per TTL. */
export function renderAzureResolverConf(spec: DnsFailoverSpec, paths: UnboundPaths): string {
  return [
    ...unboundServerSection(paths, { interfaces: [spec.azureResolverIp] }),
    "forward-zone:",
    `  name: ${quote(`${spec.zone}.`)}`,
    ...spec.azureForwardTargets.map((t) => `  forward-addr: ${t}`),
    ...unboundControlSection(paths),
    "",
  ].join("\n");
}
