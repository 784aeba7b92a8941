import { AZURE_DEFAULT_ASN, checkAzurePeerAsn, checkRouteServerPeerAsn } from "./asn";
import { checkCidr, cidr } from "./cidr";
import { Issue, issue } from "./errors";
import { ROUTE_SERVER_SUBNET, checkAzureSubnet } from "./subnets";

/**
 * Azure Route Server facts and the rules for peering network virtual appliances (NVAs) with it
 * (reference/networking.md §1.1, §1.3; S5 route-server-faq, S10 quickstart, S20 route-server-limits).
 *
 * Route Server is a `VirtualHub` without a Virtual WAN, an IP configuration in `RouteServerSubnet`
 * (/26 or larger, Standard public IP) and one `VirtualHubBgpConnection` per NVA. It runs two
 * instances, so every NVA peers with both of its `virtualRouterIps`, always over eBGP.
 */

/** Route Server's own ASN, fixed by Azure (S5). */
export const ROUTE_SERVER_ASN = AZURE_DEFAULT_ASN;
/** BGP peers per Route Server (S20). */
export const ROUTE_SERVER_MAX_PEERS = 8;
/** Routes Route Server accepts from one peer; above this it drops the session (S20). */
export const ROUTE_SERVER_MAX_ROUTES_PER_PEER = 1000;
/** Route Server's BGP timers (S5): in sdk/bgp.ts with every cloud's timers. */
export { ROUTE_SERVER_BGP_TIMERS } from "./bgp";
/** Route Server runs two instances; each NVA peers with both addresses (S10: "Peer IPs"). */
export const ROUTE_SERVER_PEER_IPS = 2;

export interface RouteServerPeeringInput {
  /** Where the NVAs' ASN is configured, for issues. */
  readonly asnPath: string;
  /** The NVAs' ASN (one ASN for all of them). */
  readonly asn: number;
  /** Where the NVAs are listed, for the peer-count issue. */
  readonly peersPath: string;
  readonly peerCount: number;
  /** Where the prefixes each NVA advertises to Route Server are listed. */
  readonly prefixesPath: string;
  readonly advertisedPrefixCount: number;
  /** Where the RouteServerSubnet CIDR is given. */
  readonly subnetPath: string;
  /** The RouteServerSubnet CIDR, when known; it must be /26 or larger. */
  readonly subnetCidr?: string;
}

/**
 * Every rule an NVA deployment peering with Route Server must satisfy, reusing the sdk's ASN and
 * subnet rules: a 16-bit ASN that is not Azure-reserved (so not `ROUTE_SERVER_ASN`: the session is eBGP), at most
 * 8 peers, at most 1000 advertised routes per peer, and a RouteServerSubnet of /26 or larger.
 */
export function checkRouteServerPeering(input: RouteServerPeeringInput): Issue[] {
  const issues: Issue[] = [...checkAzurePeerAsn(input.asnPath, input.asn)];
  if (issues.length === 0) issues.push(...checkRouteServerPeerAsn(input.asnPath, input.asn));
  if (input.peerCount > ROUTE_SERVER_MAX_PEERS) {
    issues.push(issue(input.peersPath, "ROUTER_COUNT", `${input.peerCount} peers; Azure Route Server peers with at most ${ROUTE_SERVER_MAX_PEERS}`));
  }
  if (input.advertisedPrefixCount > ROUTE_SERVER_MAX_ROUTES_PER_PEER) {
    issues.push(
      issue(input.prefixesPath, "PREFIX_LIMIT", `each peer would advertise ${input.advertisedPrefixCount} prefixes; Azure Route Server drops a session above ${ROUTE_SERVER_MAX_ROUTES_PER_PEER}`),
    );
  }
  if (input.subnetCidr !== undefined) {
    const syntax = checkCidr(input.subnetPath, input.subnetCidr);
    issues.push(...(syntax.length > 0 ? syntax : checkAzureSubnet(input.subnetPath, ROUTE_SERVER_SUBNET, "routeServer", cidr(input.subnetCidr))));
  }
  return issues;
}
