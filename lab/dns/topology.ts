import { DOCUMENTATION_CIDRS, cidr, hostAt } from "../../sdk";
import { must } from "../runtime/exec";
import { PUBLIC_DNS_IP } from "./from-graph";
import type { CrossCloudDnsLabSpec } from "./spec";

/**
 * The cross-cloud DNS lab's namespaces (all named `<prefix>-…`; nothing is added to the host's namespace):
 *
 *   awsvm ──┐                                  ┌── azvm
 *           awsrt ══════ "tunnel" (routed) ══════ azrt
 *   r53 ────┘                                  └── azdns
 *    └──────────────── inet ────────────────────────┘
 *
 * - `r53`: the Route 53 Resolver of the endpoints' VPC (its base + 2, the inbound and outbound endpoint
 *   addresses); `azdns`: Azure DNS of the resolver's VNet (168.63.129.16, the inbound endpoint address, the
 *   outbound endpoint's). `awsvm`/`azvm`: a VM in each network.
 * - `awsrt`/`azrt`: the two networks' routers, joined by one routed link standing in for the VPN tunnels or
 *   ExpressRoute: each routes the other side's rendered CIDRs across it, nothing else. So a query from one
 *   cloud reaches the other only at an address inside the other's network, as in production.
 * - `inet`: public DNS, reachable from both resolvers, and forwarding nothing (no path between the clouds).
 */
export interface DnsLabTopology {
  readonly prefix: string;
  readonly ns: { readonly awsvm: string; readonly awsrt: string; readonly r53: string; readonly azvm: string; readonly azrt: string; readonly azdns: string; readonly inet: string };
  /** A test VM per spoke VPC (`spec.awsSpokes`, same order), on the AWS router. */
  readonly spokeVms: readonly string[];
  /** The routed link between the routers (TEST-NET-1, RFC 5737): AWS end, Azure end. */
  readonly link: { readonly aws: string; readonly azure: string };
}

export const LINK_CIDR = `${hostAt(cidr(DOCUMENTATION_CIDRS.testNet1), 0)}/30`;

export function planDnsTopology(prefix: string, spokes = 0): DnsLabTopology {
  const n = (s: string): string => `${prefix}-${s}`;
  const link = cidr(LINK_CIDR);
  return {
    prefix,
    ns: { awsvm: n("awsvm"), awsrt: n("awsrt"), r53: n("r53"), azvm: n("azvm"), azrt: n("azrt"), azdns: n("azdns"), inet: n("inet") },
    spokeVms: Array.from({ length: spokes }, (_, i) => n(`vm${i + 1}`)),
    link: { aws: hostAt(link, 1), azure: hostAt(link, 2) },
  };
}

/** Every namespace of a run. */
export const allDnsNamespaces = (topo: DnsLabTopology): string[] => [...Object.values(topo.ns), ...topo.spokeVms];

const ip = (args: readonly string[]): Promise<string> => must("ip", args);
const nsSysctl = (ns: string, key: string, value: string): Promise<string> => must("ip", ["netns", "exec", ns, "sh", "-c", `echo ${value} > /proc/sys/${key.replace(/\./g, "/")}`]);

/**
 * A veth between `host` (a namespace holding `addresses` as /32s, default route out of it) and `router`
 * (routes each address to it). No addresses on the router's end: it answers ARP from its other addresses.
 */
async function attach(host: string, hostDev: string, router: string, routerDev: string, addresses: readonly string[], defaultRoute: boolean): Promise<void> {
  await ip(["-n", host, "link", "add", hostDev, "type", "veth", "peer", "name", routerDev, "netns", router]);
  for (const a of addresses) await ip(["-n", host, "addr", "add", `${a}/32`, "dev", hostDev]);
  await ip(["-n", host, "link", "set", hostDev, "up"]);
  if (defaultRoute) await ip(["-n", host, "route", "add", "default", "dev", hostDev]);
  await ip(["-n", router, "link", "set", routerDev, "up"]);
  // …at once: Linux delays proxy ARP replies by up to 0.8 s (neigh proxy_delay, per device), on every hop.
  await nsSysctl(router, `net.ipv4.neigh.${routerDev}.proxy_delay`, "0");
  for (const a of addresses) await ip(["-n", router, "route", "add", `${a}/32`, "dev", routerDev]);
}

/**
 * Creates every namespace and link. Names of namespaces that exist are pushed to `created` as they appear, so
 * a failure half-way still lets teardown find them.
 */
export async function createDnsTopology(spec: CrossCloudDnsLabSpec, topo: DnsLabTopology, created: string[]): Promise<void> {
  const { ns } = topo;
  for (const name of allDnsNamespaces(topo)) {
    await ip(["netns", "add", name]);
    created.push(name);
    await ip(["-n", name, "link", "set", "lo", "up"]);
    // Replies may come back on another interface than the query left by (resolvers with several addresses).
    await nsSysctl(name, "net.ipv4.conf.all.rp_filter", "0");
    await nsSysctl(name, "net.ipv4.conf.default.rp_filter", "0");
  }
  for (const router of [ns.awsrt, ns.azrt]) {
    await nsSysctl(router, "net.ipv4.ip_forward", "1");
    // The VMs and resolvers hold /32s with an on-link default route: the router answers ARP for what it routes.
    await nsSysctl(router, "net.ipv4.conf.all.proxy_arp", "1");
  }
  // Public DNS forwards nothing: it must not become a path between the clouds.
  await nsSysctl(ns.inet, "net.ipv4.ip_forward", "0");

  const aws = spec.aws;
  const az = spec.azure;
  // The Route 53 Resolver answers at every VPC's base + 2; it is one regional service.
  await attach(ns.r53, "vpc", ns.awsrt, "to-r53", [aws.resolverIp, ...spec.awsSpokes.map((v) => v.resolverIp), ...aws.inboundIps, ...aws.outboundIps], true);
  await attach(ns.awsvm, "eth0", ns.awsrt, "to-vm", [aws.hostIp], true);
  for (const [i, vpc] of spec.awsSpokes.entries()) await attach(topo.spokeVms[i] as string, "eth0", ns.awsrt, `to-vm${i + 1}`, [vpc.hostIp], true);
  await attach(ns.azdns, "vnet", ns.azrt, "to-azdns", [az.resolverIp, ...az.inboundIps, ...az.outboundIps], true);
  await attach(ns.azvm, "eth0", ns.azrt, "to-vm", [az.hostIp], true);

  // The routed link standing in for the tunnels: each side routes only the other's rendered CIDRs across it.
  await ip(["-n", ns.awsrt, "link", "add", "tunnel", "type", "veth", "peer", "name", "tunnel", "netns", ns.azrt]);
  await ip(["-n", ns.awsrt, "addr", "add", `${topo.link.aws}/30`, "dev", "tunnel"]);
  await ip(["-n", ns.azrt, "addr", "add", `${topo.link.azure}/30`, "dev", "tunnel"]);
  await ip(["-n", ns.awsrt, "link", "set", "tunnel", "up"]);
  await ip(["-n", ns.azrt, "link", "set", "tunnel", "up"]);
  for (const c of az.cidrs) await ip(["-n", ns.awsrt, "route", "add", c, "via", topo.link.azure, "dev", "tunnel"]);
  for (const c of aws.cidrs) await ip(["-n", ns.azrt, "route", "add", c, "via", topo.link.aws, "dev", "tunnel"]);

  // Public DNS: one link to each resolver's namespace; it routes each cloud's addresses back on that link only.
  for (const [resolverNs, dev, side] of [[ns.r53, "to-aws", aws], [ns.azdns, "to-azure", az]] as const) {
    await ip(["-n", ns.inet, "link", "add", dev, "type", "veth", "peer", "name", "inet", "netns", resolverNs]);
    await ip(["-n", ns.inet, "link", "set", dev, "up"]);
    await ip(["-n", resolverNs, "link", "set", "inet", "up"]);
    await ip(["-n", resolverNs, "route", "add", `${PUBLIC_DNS_IP}/32`, "dev", "inet"]);
    const resolvers = side === aws ? [aws.resolverIp, ...spec.awsSpokes.map((v) => v.resolverIp)] : [side.resolverIp];
    for (const a of [...resolvers, ...side.outboundIps]) await ip(["-n", ns.inet, "route", "add", `${a}/32`, "dev", dev]);
  }
  await ip(["-n", ns.inet, "addr", "add", `${PUBLIC_DNS_IP}/32`, "dev", "lo"]);
}
