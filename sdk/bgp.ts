import { Issue, issue } from "./errors";
import { checkCidr, isDefaultRoute } from "./cidr";
import type { BfdProfile } from "./overlay";

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

/** A BGP speaker's configured timers; a session negotiates the lower hold time of its two ends (RFC 4271 §4.2). */
export interface BgpTimers {
  readonly keepaliveSeconds: number;
  readonly holdTimeSeconds: number;
}

/*
 * Every cloud's BGP timers, stated here and nowhere else (tests/architecture/facts.test.ts checks it).
 * Components, simulators and the lab import them.
 */

/**
 * AWS Site-to-Site VPN endpoints: hold 30 s, keepalive 10 s. AWS reports the hold time as the
 * `tunnelNBgpHoldtime` output of a VpnConnection (@pulumi/aws `VpnConnection` type definitions;
 * AWS Site-to-Site VPN User Guide, "Tunnel options", https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html).
 * reference/networking.md §1.3 marks the 30/10 figures UNCONFIRMED.
 */
export const AWS_VPN_BGP_TIMERS = { keepaliveSeconds: 10, holdTimeSeconds: 30 } as const satisfies BgpTimers;
/**
 * Azure VPN gateways: keepalive 60 s, hold 180 s; timers below these are "not reliable" (Microsoft Learn,
 * "VPN Gateway FAQ", BGP section, https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#bgp).
 */
export const AZURE_VPN_BGP_TIMERS = { keepaliveSeconds: 60, holdTimeSeconds: 180 } as const satisfies BgpTimers;
/**
 * Direct Connect: "Default hold timer 90 seconds", "Default keepalive timer 30 seconds" (AWS Direct Connect
 * User Guide, "BGP-specific settings", https://docs.aws.amazon.com/directconnect/latest/UserGuide/bgp-specific-settings.html).
 */
export const DX_BGP_TIMERS = { keepaliveSeconds: 30, holdTimeSeconds: 90 } as const satisfies BgpTimers;
/**
 * ExpressRoute MSEEs: "BGP keep-alive and hold-time are typically configured as 60 and 180 seconds"
 * (Microsoft Learn, "Configure BFD over ExpressRoute", https://learn.microsoft.com/azure/expressroute/expressroute-bfd).
 */
export const EXPRESSROUTE_BGP_TIMERS = { keepaliveSeconds: 60, holdTimeSeconds: 180 } as const satisfies BgpTimers;

/**
 * Azure Route Server: keepalive 60 s, hold 180 s; an NVA peering with it configures the same (Microsoft Learn,
 * "Azure Route Server FAQ", https://learn.microsoft.com/azure/route-server/route-server-faq; reference S5).
 */
export const ROUTE_SERVER_BGP_TIMERS = { keepaliveSeconds: 60, holdTimeSeconds: 180 } as const satisfies BgpTimers;
/**
 * The WireGuard overlay's own choice, not a cloud's: keepalive 10 s, hold 30 s on every link (the values of
 * the measured recipe, shared/reference/wireguard). BFD detects a dead link; the hold time is the backstop
 * when BFD itself is down.
 */
export const OVERLAY_BGP_TIMERS = { keepaliveSeconds: 10, holdTimeSeconds: 30 } as const satisfies BgpTimers;

/**
 * BFD on Direct Connect: "Asynchronous BFD is automatically enabled for Direct Connect virtual interfaces on the
 * AWS side", the customer router must enable it; "BFD liveness detection minimum interval 300 ms", "BFD minimum
 * multiplier 3" (AWS Direct Connect User Guide, "BGP-specific settings",
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/bgp-specific-settings.html; AWS re:Post, "How do I
 * enable BFD for my Direct Connect connection?").
 */
export const DX_BFD = { transmitIntervalMs: 300, receiveIntervalMs: 300, detectMultiplier: 3 } as const satisfies BfdProfile;
/**
 * BFD on ExpressRoute private peering: "BFD is configured by default under all the newly created ExpressRoute
 * private peering interfaces on the MSEEs"; the CE/PE enables it with Microsoft's example `bfd interval 300
 * min_rx 300 multiplier 3` (Microsoft Learn, "Configure BFD over ExpressRoute",
 * https://learn.microsoft.com/azure/expressroute/expressroute-bfd).
 */
export const EXPRESSROUTE_BFD = { transmitIntervalMs: 300, receiveIntervalMs: 300, detectMultiplier: 3 } as const satisfies BfdProfile;

/** How long a BFD profile takes to declare its peer down: the slower interval times the multiplier (RFC 5880 §6.8.4). */
export const bfdDetectionMs = (bfd: BfdProfile): number => Math.max(bfd.transmitIntervalMs, bfd.receiveIntervalMs) * bfd.detectMultiplier;

export const AWS_VPN_BGP_HOLD_SECONDS = AWS_VPN_BGP_TIMERS.holdTimeSeconds;
export const AZURE_VPN_BGP_HOLD_SECONDS = AZURE_VPN_BGP_TIMERS.holdTimeSeconds;
export const DX_BGP_HOLD_SECONDS = DX_BGP_TIMERS.holdTimeSeconds;
export const EXPRESSROUTE_BGP_HOLD_SECONDS = EXPRESSROUTE_BGP_TIMERS.holdTimeSeconds;

/**
 * Prefixes advertised between the clouds: each a canonical CIDR, none a default route. Issue paths are
 * `${path}.<i>` (a prefix list has no keys).
 */
export function checkAdvertisedPrefixes(path: string, prefixes: readonly string[]): Issue[] {
  const issues = checkNoDefaultRoute(path, prefixes);
  prefixes.forEach((p, i) => {
    if (!isDefaultRoute(p)) issues.push(...checkCidr(`${path}.${i}`, p));
  });
  return issues;
}

/** A default route must never cross the interconnect: it would black-hole one cloud into the other. */
export function checkNoDefaultRoute(path: string, prefixes: readonly string[], allow: readonly string[] = []): Issue[] {
  return prefixes
    .map((p, i) => [p, i] as const)
    .filter(([p]) => isDefaultRoute(p) && !allow.includes(p.trim()))
    .map(([p, i]) => issue(`${path}.${i}`, "DEFAULT_ROUTE", `${p} is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other`));
}
