import { Issue, issue } from "./errors";
import { isDefaultRoute } from "./cidr";

/**
 * One BGP session, whatever carries it. Components expose these uniformly (the `BgpSession`
 * component), and the policy pack and the lab read them.
 */
export const BgpCarrier = {
  /** A site-to-site VPN tunnel (AWS VGW/TGW ↔ Azure VPN gateway). */
  Vpn: "vpn",
  /** ExpressRoute private peering (Microsoft edge ↔ provider router). */
  ExpressRoute: "expressroute",
  /** A Direct Connect transit virtual interface (DX gateway ↔ provider router). */
  DxTransitVif: "dx-transit-vif",
  /** Azure Route Server peering with a network virtual appliance. */
  RouteServer: "route-server",
} as const;
export type BgpCarrier = (typeof BgpCarrier)[keyof typeof BgpCarrier];

export interface BgpSessionPlan {
  /** Stable key, e.g. `vpn-a-t1`, `er-primary`. */
  readonly key: string;
  readonly carrier: BgpCarrier;
  readonly localAsn: number;
  readonly peerAsn: number;
  readonly localAddress: string;
  readonly peerAddress: string;
  /** What the local side advertises to the peer. */
  readonly advertisedPrefixes: string[];
  /** What the peer is expected to advertise (and the local side accepts). */
  readonly acceptedPrefixes: string[];
  /** Negotiated hold time: the lower of the two sides' configured values. */
  readonly holdTimeSeconds: number;
}

/** A default route must never cross the interconnect: it would black-hole one cloud into the other. */
export function checkNoDefaultRoute(path: string, prefixes: readonly string[], allow: readonly string[] = []): Issue[] {
  return prefixes
    .map((p, i) => [p, i] as const)
    .filter(([p]) => isDefaultRoute(p) && !allow.includes(p.trim()))
    .map(([p, i]) => issue(`${path}.${i}`, "DEFAULT_ROUTE", `${p} is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other`));
}
