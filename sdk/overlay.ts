import { checkAsnsDiffer, checkAzurePeerAsn, isPrivateAsn, PRIVATE_16, PRIVATE_32 } from "./asn";
import { Cidr, LabeledCidr, checkCidr, cidr, findOverlaps, hostAt, isDefaultRoute, overlapIssue, subBlock } from "./cidr";
import { BgpTimers, OVERLAY_BGP_TIMERS } from "./bgp";
import { Issue, issue, joinPath } from "./errors";
import { allocate } from "./ipam";
import { checkKey, sortedKeys } from "./keys";
import { recommendMtu } from "./mtu";
import { ROUTE_SERVER_ASN, ROUTE_SERVER_BGP_TIMERS, checkRouteServerPeering } from "./route-server";

/**
 * The WireGuard overlay between AWS and Azure: router instances on both clouds, a full mesh of
 * WireGuard links (every AWS router to every Azure router, one interface per peer), eBGP with BFD over
 * each link, and optionally an Azure Route Server that programs the VNet with what the Azure routers learn.
 *
 * ## Why eBGP between the clouds (and not iBGP)
 * Every AWS router shares one ASN, every Azure router another, and each link is an eBGP session:
 * - Azure Route Server only speaks eBGP (its ASN is fixed at `ROUTE_SERVER_ASN`) and only with 16-bit ASNs, so the
 *   Azure routers need their own ASN anyway; with eBGP the Azure routers' configuration is the same with
 *   and without Route Server.
 * - eBGP rewrites the next hop to the link address, so routes are usable as learned; iBGP would keep the
 *   originator's next hop and need `next-hop-self` on every session.
 * - The AS path does the loop prevention: an Azure router drops AWS prefixes that Route Server (or another
 *   path) reflects back with its own ASN in the path; iBGP would rely on the no-re-advertisement rule and,
 *   inside one cloud, on a full mesh or route reflectors.
 * - A single-hop eBGP session over a directly connected /31 matches single-hop BFD exactly.
 *
 * ## Inside addressing: one dedicated /24
 *
 *   100.64.0.0/24 (allocated from the pool, lock key `overlay/inside`)
 *   ├─ .0/25    64 link /31s, one per (AWS router, Azure router) pair; AWS takes the even address
 *   └─ .128/25  128 router ids (/32), one per router: the BGP router-id
 *
 * Links and router ids are keyed (`overlay/link/<aws>/<azure>`, `overlay/router/<key>`) and allocated
 * with the sdk's IPAM: given the previous plan's `allocations` as `lock`, adding a router moves nothing.
 * A link's slot (its index among the /31s) names its interfaces and picks its UDP port, so those are as
 * stable as its addresses.
 */

/** WireGuard's conventional listen port (wg(8) and the wireguard.com quick start use 51820). */
export const WIREGUARD_DEFAULT_PORT = 51820;
/** wg(8): "a sensible interval that works with a wide variety of firewalls is 25 seconds". */
export const WIREGUARD_PERSISTENT_KEEPALIVE_SECONDS = 25;

/** A BFD profile as FRR's bfdd takes it. */
export interface BfdProfile {
  readonly transmitIntervalMs: number;
  readonly receiveIntervalMs: number;
  readonly detectMultiplier: number;
}

/**
 * 100 ms × 3 (300 ms detection). Measured on this machine kind with wireguard-go and FRR 8.4 in
 * namespaces: failover in 334–383 ms; 50 ms × 3 gave 226 ms; BGP 1/3 s timers without BFD gave 2.9 s
 * (reference/wireguard/README.md, "Measured").
 */
export const OVERLAY_BFD_DEFAULT: BfdProfile = { transmitIntervalMs: 100, receiveIntervalMs: 100, detectMultiplier: 3 };
/** FRR 8.4 bfdd's CLI ranges: `transmit-interval (10-60000)`, `receive-interval (10-60000)`, `detect-multiplier (2-255)`. */
export const FRR_BFD_LIMITS = { intervalMs: { min: 10, max: 60000 }, detectMultiplier: { min: 2, max: 255 } } as const;

/** BGP timers on the WireGuard links: in sdk/bgp.ts with every other session's timers. */
export { OVERLAY_BGP_TIMERS };

/** Azure numbers the availability zones of a zonal region 1, 2 and 3 (learn.microsoft.com, availability-zones-overview). */
export const AZURE_ZONES: readonly string[] = ["1", "2", "3"];

/** At most 8 routers per side: 8 × 8 links fill the 64 /31s of the link half, and Route Server peers with at most 8. */
export const OVERLAY_MAX_ROUTERS_PER_SIDE = 8;
const LINK_SLOTS = 64;

/** Defaults; the component and the docs cite these. */
export const OVERLAY_DEFAULTS = {
  /** RFC 6598 shared address space: never routed on the internet and rarely used inside VPCs/VNets. */
  pool: "100.64.0.0/10",
  insidePrefixLength: 24,
  routersPerSide: 2,
  /** Private 16-bit ASNs (Route Server needs 16-bit), clear of `AWS_DEFAULT_AMAZON_ASN` and Azure's reserved `EXPRESSROUTE_RESERVED_ASNS`. */
  awsAsn: 65010,
  azureAsn: 65020,
  port: WIREGUARD_DEFAULT_PORT,
  presharedKeys: true,
} as const;

/** Lock (registry) keys of the overlay's allocations. */
export const OVERLAY_LOCK = {
  inside: "overlay/inside",
  link: (aws: string, azure: string): string => `overlay/link/${aws}/${azure}`,
  router: (key: string): string => `overlay/router/${key}`,
} as const;

export type OverlayCloud = "aws" | "azure";

/** Link keys join the two router keys with '.', which no key may contain: `aws-us-east-1a.azure-1`. */
export const overlayLinkKey = (aws: string, azure: string): string => `${aws}.${azure}`;

/** WireGuard interface names (Linux allows 15 characters); unique across the overlay, so the lab can run every router on one host. */
export const overlayInterfaceName = (cloud: OverlayCloud, slot: number): string => `wg-${cloud}-${slot}`;

export interface OverlayRouterConfig {
  /** AWS: the Availability Zone (required). Azure: the availability zone, "1"–"3". @default - Azure: regional (no zone) */
  readonly zone?: string;
}

export interface OverlayRouteTableConfig {
  /** Key of the router this table sends the other cloud's prefixes to. @default - the first router key in code-point order */
  readonly router?: string;
}

export interface OverlaySideConfig {
  /**
   * Zones routers may use: AWS, the Availability Zones that have a router subnet; Azure, the region's zones.
   * @default - AWS: none (required when `routers` is omitted); Azure: `AZURE_ZONES`
   */
  readonly zones?: readonly string[];
  /** Routers keyed by a stable slug. @default - `routerCount` routers, one in each of the first zones in code-point order, keyed `<cloud>-<zone>` */
  readonly routers?: Readonly<Record<string, OverlayRouterConfig>>;
  /** Used only when `routers` is omitted. @default 2 */
  readonly routerCount?: number;
  /** The ASN all of this side's routers share. @default 65010 (AWS), 65020 (Azure) */
  readonly asn?: number;
  /** What this side's routers advertise (VPC CIDRs or VNet address spaces); the other side accepts exactly these and more-specifics. */
  readonly prefixes: readonly string[];
  /** Route tables that send the other cloud's prefixes to a router, keyed by a stable slug. @default {} */
  readonly routeTables?: Readonly<Record<string, OverlayRouteTableConfig>>;
}

export interface OverlayConfig {
  readonly aws: OverlaySideConfig;
  readonly azure: OverlaySideConfig;
  /** Pin the dedicated /24. @default - allocated from `pool` */
  readonly insideCidr?: string;
  /** @default "100.64.0.0/10" */
  readonly pool?: string;
  /** Earlier allocations (the previous plan's `allocations`), which are kept. @default {} */
  readonly lock?: Readonly<Record<string, string>>;
  /** Blocks taken elsewhere (other stacks, on-prem), by label; the /24 avoids them. @default {} */
  readonly reserved?: Readonly<Record<string, string>>;
  /** First UDP port; link n listens on `port + n` at both ends. @default 51820 */
  readonly port?: number;
  /** @default `OVERLAY_BFD_DEFAULT` (100 ms × 3) */
  readonly bfd?: BfdProfile;
  /** A WireGuard preshared key per link, on top of the key pairs. @default true */
  readonly presharedKeys?: boolean;
  /** The Azure routers peer with an Azure Route Server instead of a UDR. @default false */
  readonly routeServer?: boolean;
  /** The RouteServerSubnet's CIDR, checked against Azure's /26 minimum. @default - not checked */
  readonly routeServerSubnetCidr?: string;
}

export interface OverlayRouterPlan {
  readonly key: string;
  readonly cloud: OverlayCloud;
  /** Absent for a regional (zone-less) Azure router. */
  readonly zone?: string;
  readonly asn: number;
  /** BGP router-id, a /32 from the upper half of the /24. */
  readonly routerId: string;
  /** Keys of the links this router terminates, sorted. */
  readonly links: readonly string[];
}

export interface OverlayLinkPlan {
  readonly key: string;
  readonly aws: string;
  readonly azure: string;
  readonly cidr: string;
  /** The even (first) address of the /31. */
  readonly awsAddress: string;
  readonly azureAddress: string;
  /** Index of the /31 in the link half: names the interfaces and offsets the port. */
  readonly slot: number;
  /** UDP port both ends listen on. */
  readonly port: number;
  readonly awsInterface: string;
  readonly azureInterface: string;
}

export interface OverlaySidePlan {
  readonly asn: number;
  readonly prefixes: readonly string[];
  readonly routers: Readonly<Record<string, OverlayRouterPlan>>;
  /** Route table key → router key. */
  readonly routeTables: Readonly<Record<string, string>>;
}

export interface OverlayRouteServerPlan {
  readonly asn: number;
  readonly timers: BgpTimers;
}

export interface OverlayPlan {
  readonly insideCidr: string;
  /** The first port; each link's own is in `links`. */
  readonly port: number;
  readonly mtu: number;
  readonly tcpMss: number;
  readonly bfd: BfdProfile;
  readonly bgp: BgpTimers;
  readonly presharedKeys: boolean;
  readonly persistentKeepaliveSeconds: number;
  /** Present when the Azure routers peer with Route Server. */
  readonly routeServer?: OverlayRouteServerPlan;
  readonly aws: OverlaySidePlan;
  readonly azure: OverlaySidePlan;
  /** Every (AWS router, Azure router) pair, by link key. */
  readonly links: Readonly<Record<string, OverlayLinkPlan>>;
  /** Lock key → CIDR: feed back as `lock` (or into the registry) so re-planning moves nothing. */
  readonly allocations: Readonly<Record<string, string>>;
}

const defaultRouterKey = (cloud: OverlayCloud, zone: string): string => `${cloud}-${zone}`;

function checkPort(port: number): Issue[] {
  const max = 65535 - (LINK_SLOTS - 1);
  return Number.isInteger(port) && port >= 1 && port <= max
    ? []
    : [issue("port", "PORT_INVALID", `${port} is not a usable first port: link n listens on port + n for up to ${LINK_SLOTS} links, so use a whole number from 1 to ${max}`)];
}

function checkBfd(bfd: BfdProfile, holdSeconds: number): Issue[] {
  const issues: Issue[] = [];
  const { intervalMs, detectMultiplier } = FRR_BFD_LIMITS;
  for (const field of ["transmitIntervalMs", "receiveIntervalMs"] as const) {
    const v = bfd[field];
    if (!Number.isInteger(v) || v < intervalMs.min || v > intervalMs.max) {
      issues.push(issue(joinPath("bfd", field), "BFD_INVALID", `${v} ms is outside ${intervalMs.min}–${intervalMs.max} ms, the range FRR's bfdd accepts`));
    }
  }
  const m = bfd.detectMultiplier;
  if (!Number.isInteger(m) || m < detectMultiplier.min || m > detectMultiplier.max) {
    issues.push(issue("bfd.detectMultiplier", "BFD_INVALID", `${m} is outside ${detectMultiplier.min}–${detectMultiplier.max}, the range FRR's bfdd accepts`));
  }
  if (issues.length === 0) {
    const detectionMs = Math.max(bfd.transmitIntervalMs, bfd.receiveIntervalMs) * m;
    if (detectionMs >= holdSeconds * 1000) {
      issues.push(issue("bfd", "BFD_INVALID", `detection takes ${detectionMs} ms, not less than the BGP hold time of ${holdSeconds} s, so BFD would never fail a link before BGP does`));
    }
  }
  return issues;
}

/** An overlay router ASN: not reserved by Azure or IANA (Azure's rule for any BGP peer), and private. */
function checkOverlayAsn(path: string, asn: number): Issue[] {
  const reserved = checkAzurePeerAsn(path, asn);
  if (reserved.length > 0) return reserved;
  return isPrivateAsn(asn) ? [] : [issue(path, "ASN_NOT_PRIVATE", `${asn} is public; use ${PRIVATE_16.first}–${PRIVATE_16.last} or ${PRIVATE_32.first}–${PRIVATE_32.last}`)];
}

/** The routers of one side, defaulted from its zones when not listed; keys and zones are checked. */
function sideRouters(cloud: OverlayCloud, side: OverlaySideConfig, issues: Issue[]): Record<string, OverlayRouterConfig> {
  const zones = side.zones ?? (cloud === "azure" ? AZURE_ZONES : undefined);
  if (cloud === "azure") {
    (side.zones ?? []).forEach((z, i) => {
      if (!AZURE_ZONES.includes(z)) issues.push(issue(`azure.zones.${i}`, "ZONE_UNKNOWN", `"${z}" is not an Azure availability zone; use ${AZURE_ZONES.join(", ")}`));
    });
  }
  let routers: Record<string, OverlayRouterConfig>;
  if (side.routers !== undefined) {
    if (side.routerCount !== undefined) {
      issues.push(issue(`${cloud}.routerCount`, "OPTION_CONFLICT", `routerCount applies only when routers is omitted; remove one of them`));
    }
    routers = { ...side.routers };
    for (const key of sortedKeys(routers)) {
      const path = joinPath(cloud, "routers", key);
      issues.push(...checkKey(path, key));
      const zone = (routers[key] as OverlayRouterConfig).zone;
      if (zone === undefined || zone === "") {
        if (cloud === "aws") issues.push(issue(joinPath(path, "zone"), "VALUE_REQUIRED", `an AWS router needs the Availability Zone of its subnet`));
      } else if (zones !== undefined && !zones.includes(zone)) {
        issues.push(issue(joinPath(path, "zone"), "ZONE_UNKNOWN", `"${zone}" is not one of ${cloud}.zones (${zones.join(", ") || "none"})`));
      }
    }
  } else {
    const count = side.routerCount ?? OVERLAY_DEFAULTS.routersPerSide;
    const usable = [...new Set(zones ?? [])].filter((z) => cloud === "aws" || AZURE_ZONES.includes(z)).sort();
    routers = {};
    if (!Number.isInteger(count) || count < 1 || count > OVERLAY_MAX_ROUTERS_PER_SIDE) {
      issues.push(issue(`${cloud}.routerCount`, "ROUTER_COUNT", `${count} routers; use a whole number from 1 to ${OVERLAY_MAX_ROUTERS_PER_SIDE}`));
    } else if (usable.length < count) {
      issues.push(
        issue(
          `${cloud}.routerCount`,
          "ROUTER_COUNT",
          `${count} routers, one per zone, need ${count} zones; ${cloud}.zones has ${usable.length} (${usable.join(", ") || "none"}). Add zones or list routers explicitly`,
        ),
      );
    } else {
      for (const zone of usable.slice(0, count)) {
        const key = defaultRouterKey(cloud, zone);
        issues.push(...checkKey(joinPath(cloud, "zones"), key));
        routers[key] = { zone };
      }
    }
  }
  const n = Object.keys(routers).length;
  if (side.routers !== undefined && (n < 1 || n > OVERLAY_MAX_ROUTERS_PER_SIDE)) {
    issues.push(issue(`${cloud}.routers`, "ROUTER_COUNT", `${n} routers; each side needs 1 to ${OVERLAY_MAX_ROUTERS_PER_SIDE}`));
  }
  return routers;
}

function sidePrefixes(cloud: OverlayCloud, prefixes: readonly string[], issues: Issue[]): LabeledCidr[] {
  const path = joinPath(cloud, "prefixes");
  if (prefixes.length === 0) issues.push(issue(path, "VALUE_REQUIRED", `at least one prefix is needed: the routers advertise exactly these to the other cloud`));
  const labelled: LabeledCidr[] = [];
  prefixes.forEach((p, i) => {
    const at = `${path}.${i}`;
    if (isDefaultRoute(p)) {
      issues.push(issue(at, "DEFAULT_ROUTE", `${p} is a default route; advertising it across the overlay would pull all of one cloud's traffic into the other`));
      return;
    }
    const bad = checkCidr(at, p);
    issues.push(...bad);
    if (bad.length === 0) labelled.push({ label: at, cidr: cidr(p) });
  });
  return labelled;
}

function sideRouteTables(cloud: OverlayCloud, side: OverlaySideConfig, routerKeys: readonly string[], issues: Issue[]): Record<string, string> {
  const tables = side.routeTables ?? {};
  const out: Record<string, string> = {};
  for (const key of sortedKeys(tables)) {
    const path = joinPath(cloud, "routeTables", key);
    issues.push(...checkKey(path, key));
    const router = (tables[key] as OverlayRouteTableConfig).router ?? routerKeys[0];
    if (router === undefined) continue; // no routers: already reported
    if (!routerKeys.includes(router)) {
      issues.push(issue(joinPath(path, "router"), "ROUTER_UNKNOWN", `"${router}" is not one of ${cloud}'s routers (${routerKeys.join(", ") || "none"})`));
      continue;
    }
    out[key] = router;
  }
  return out;
}

/** Checks that a block allocated from a lock or pin has the size the layout needs. */
function checkSize(issues: Issue[], path: string, block: Cidr | undefined, prefixLength: number, what: string): Cidr | undefined {
  if (block === undefined) return undefined;
  if (block.prefixLength === prefixLength) return block;
  issues.push(issue(path, "CIDR_WRONG_SIZE", `${block.text} must be a /${prefixLength} (${what})`));
  return undefined;
}

/**
 * Validates and plans the overlay in one pass, returning every issue (never throwing). The plan is
 * present only when there are no issues.
 */
export function planOverlay(config: OverlayConfig): { plan: OverlayPlan | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const port = config.port ?? OVERLAY_DEFAULTS.port;
  issues.push(...checkPort(port));
  const bfd = config.bfd ?? OVERLAY_BFD_DEFAULT;
  issues.push(...checkBfd(bfd, OVERLAY_BGP_TIMERS.holdTimeSeconds));
  const routeServer = config.routeServer ?? false;

  const awsRouters = sideRouters("aws", config.aws, issues);
  const azureRouters = sideRouters("azure", config.azure, issues);
  const awsKeys = sortedKeys(awsRouters);
  const azureKeys = sortedKeys(azureRouters);
  for (const key of azureKeys) {
    if (awsKeys.includes(key)) {
      issues.push(issue(joinPath("azure", "routers", key), "KEY_INVALID", `"${key}" also names an AWS router; router keys name resources and BGP peers on both clouds, so they must differ`));
    }
  }

  const awsAsn = config.aws.asn ?? OVERLAY_DEFAULTS.awsAsn;
  const azureAsn = config.azure.asn ?? OVERLAY_DEFAULTS.azureAsn;
  issues.push(...checkOverlayAsn("aws.asn", awsAsn));
  if (routeServer) {
    // Route Server's rules (16-bit ASN, ≤ 8 peers, ≤ 1000 routes per peer, /26 subnet) live in one place.
    const rs = checkRouteServerPeering({
        asnPath: "azure.asn",
        asn: azureAsn,
        peersPath: "azure.routers",
        peerCount: azureKeys.length,
        prefixesPath: "aws.prefixes",
        advertisedPrefixCount: config.aws.prefixes.length,
        subnetPath: "routeServerSubnetCidr",
      ...(config.routeServerSubnetCidr !== undefined ? { subnetCidr: config.routeServerSubnetCidr } : {}),
    });
    // Both router limits are 8: report a count once.
    issues.push(...rs.filter((i) => !issues.some((j) => j.path === i.path && j.code === i.code)));
    if (!issues.some((i) => i.path === "azure.asn") && !isPrivateAsn(azureAsn)) {
      issues.push(issue("azure.asn", "ASN_NOT_PRIVATE", `${azureAsn} is public; use ${PRIVATE_16.first}–${PRIVATE_16.last}`));
    }
    if (Object.keys(config.azure.routeTables ?? {}).length > 0) {
      issues.push(issue("azure.routeTables", "OPTION_CONFLICT", `with routeServer, Route Server programs the VNet's routes; a UDR for the same prefixes would override it and pin traffic to one router`));
    }
  } else {
    issues.push(...checkOverlayAsn("azure.asn", azureAsn));
    if (config.routeServerSubnetCidr !== undefined) {
      issues.push(issue("routeServerSubnetCidr", "OPTION_CONFLICT", `routeServerSubnetCidr is used only with routeServer: true`));
    }
  }
  issues.push(...checkAsnsDiffer("azure.asn", azureAsn, awsAsn, "aws.asn"));

  const prefixes = [...sidePrefixes("aws", config.aws.prefixes, issues), ...sidePrefixes("azure", config.azure.prefixes, issues)];
  for (const pair of findOverlaps(prefixes)) issues.push(overlapIssue(pair));

  const awsTables = sideRouteTables("aws", config.aws, awsKeys, issues);
  const azureTables = routeServer ? {} : sideRouteTables("azure", config.azure, azureKeys, issues);

  // --- the dedicated /24 ----------------------------------------------------------------------
  const reserved: LabeledCidr[] = [...prefixes];
  for (const label of sortedKeys(config.reserved ?? {})) {
    const text = (config.reserved ?? {})[label] as string;
    const bad = checkCidr(joinPath("reserved", label), text);
    issues.push(...bad);
    if (bad.length === 0) reserved.push({ label, cidr: cidr(text) });
  }
  const lock = config.lock ?? {};
  const poolText = config.pool ?? OVERLAY_DEFAULTS.pool;
  const poolIssues = checkCidr("pool", poolText);
  issues.push(...poolIssues);
  let inside: Cidr | undefined;
  if (poolIssues.length === 0) {
    const locked = lock[OVERLAY_LOCK.inside];
    const where = config.insideCidr === undefined && locked !== undefined ? "insideCidr (from the registry lock)" : "insideCidr";
    const r = allocate({
      pool: cidr(poolText),
      path: "",
      requests: [{ key: "insideCidr", prefixLength: OVERLAY_DEFAULTS.insidePrefixLength, ...(config.insideCidr !== undefined ? { cidr: config.insideCidr } : {}) }],
      reserved,
      lock: locked !== undefined ? { insideCidr: locked } : {},
      pinsInsidePool: false,
    });
    issues.push(...r.issues);
    inside = checkSize(issues, where, r.blocks["insideCidr"], OVERLAY_DEFAULTS.insidePrefixLength, "the overlay's dedicated block: links in the lower half, router ids in the upper");
  }

  // --- links and router ids, keyed -------------------------------------------------------------
  const links: Record<string, OverlayLinkPlan> = {};
  const routerIds: Record<string, string> = {};
  const allocations: Record<string, string> = {};
  if (inside !== undefined) {
    allocations[OVERLAY_LOCK.inside] = inside.text;
    const linkPool = subBlock(inside, 25, 0);
    const idPool = subBlock(inside, 25, 1);
    const pairs = awsKeys.flatMap((a) => azureKeys.map((z) => [a, z] as const));
    const linkLock = (k: string): string => {
      const [a = "", z = ""] = k.split(".");
      return OVERLAY_LOCK.link(a, z);
    };
    const l = allocate({ pool: linkPool, path: "links", requests: pairs.map(([a, z]) => ({ key: overlayLinkKey(a, z), prefixLength: 31 })), lock, lockKey: linkLock });
    issues.push(...l.issues);
    for (const [a, z] of pairs) {
      const key = overlayLinkKey(a, z);
      const block = checkSize(issues, `links.${key} (from the registry lock)`, l.blocks[key], 31, "a point-to-point link");
      if (block === undefined) continue;
      const slot = (block.first - linkPool.first) / 2;
      links[key] = {
        key,
        aws: a,
        azure: z,
        cidr: block.text,
        awsAddress: hostAt(block, 0),
        azureAddress: hostAt(block, 1),
        slot,
        port: port + slot,
        awsInterface: overlayInterfaceName("aws", slot),
        azureInterface: overlayInterfaceName("azure", slot),
      };
      allocations[OVERLAY_LOCK.link(a, z)] = block.text;
    }
    const allKeys = [...awsKeys, ...azureKeys];
    const ids = allocate({ pool: idPool, path: "routerIds", requests: allKeys.map((key) => ({ key, prefixLength: 32 })), lock, lockKey: OVERLAY_LOCK.router });
    issues.push(...ids.issues);
    for (const key of allKeys) {
      const block = checkSize(issues, `routerIds.${key} (from the registry lock)`, ids.blocks[key], 32, "a router id");
      if (block === undefined) continue;
      routerIds[key] = hostAt(block, 0);
      allocations[OVERLAY_LOCK.router(key)] = block.text;
    }
  }

  if (issues.length > 0) return { plan: undefined, issues };

  const sidePlan = (cloud: OverlayCloud, routers: Record<string, OverlayRouterConfig>, asn: number, side: OverlaySideConfig, tables: Record<string, string>): OverlaySidePlan => ({
    asn,
    prefixes: [...side.prefixes],
    routers: Object.fromEntries(
      sortedKeys(routers).map((key) => {
        const zone = (routers[key] as OverlayRouterConfig).zone;
        const own = Object.values(links).filter((link) => link[cloud] === key).map((link) => link.key).sort();
        return [key, { key, cloud, ...(zone ? { zone } : {}), asn, routerId: routerIds[key] as string, links: own }];
      }),
    ),
    routeTables: tables,
  });
  const mtu = recommendMtu("wireguard", "ipv4");
  return {
    plan: {
      insideCidr: (inside as Cidr).text,
      port,
      mtu: mtu.interfaceMtu,
      tcpMss: mtu.tcpMssIpv4,
      bfd: { ...bfd },
      bgp: OVERLAY_BGP_TIMERS,
      presharedKeys: config.presharedKeys ?? OVERLAY_DEFAULTS.presharedKeys,
      persistentKeepaliveSeconds: WIREGUARD_PERSISTENT_KEEPALIVE_SECONDS,
      ...(routeServer ? { routeServer: { asn: ROUTE_SERVER_ASN, timers: ROUTE_SERVER_BGP_TIMERS } } : {}),
      aws: sidePlan("aws", awsRouters, awsAsn, config.aws, awsTables),
      azure: sidePlan("azure", azureRouters, azureAsn, config.azure, azureTables),
      links: Object.fromEntries(sortedKeys(links).map((k) => [k, links[k] as OverlayLinkPlan])),
      allocations: Object.fromEntries(sortedKeys(allocations).map((k) => [k, allocations[k] as string])),
    },
    issues,
  };
}
