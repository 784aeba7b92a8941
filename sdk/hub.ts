import { AWS_DEFAULT_AMAZON_ASN, checkAmazonSideAsn } from "./asn";
import { checkNoDefaultRoute } from "./bgp";
import { LabeledCidr, checkCidr, cidr, findOverlaps, isDefaultRoute, overlapIssue } from "./cidr";
import { Issue, issue, joinPath } from "./errors";
import { checkKey, sortedKeys } from "./keys";

/**
 * The transit gateway hub's routing design and child names (reference/networking.md §1.3, §1.5).
 *
 * Two explicit TGW route tables; the TGW's default association/propagation are off, so nothing lands
 * in a table by accident:
 *
 *                      associated with            learns (propagations into it)
 *   spokes         ◄── every spoke VPC            VPN + DX attachments  → spokes learn Azure routes
 *   interconnect   ◄── VPN + DX attachments       every spoke VPC       → Azure learns spoke routes
 *
 * - Spokes do not propagate into `spokes`, so a spoke has no route to another spoke through the hub
 *   (`spokeToSpoke: true` adds exactly that propagation, one per spoke).
 * - VPN and DX do not propagate into `interconnect`, so the hub never carries Azure → AWS → Azure
 *   transit between the VPN and DX, and what the TGW advertises over the VPN is exactly the spoke CIDRs.
 * - In `spokes`, a prefix learned both from the DX gateway and from the VPN resolves to DX: TGW
 *   prefers DXGW-propagated over VPN-propagated routes for the same prefix (§1.5), so the VPN is backup.
 * - Each spoke VPC's route tables send the remote (Azure) prefixes to the TGW with static routes; the
 *   hub never installs a default route there (a default toward the hub would pull the spoke's
 *   internet traffic into the interconnect).
 *
 * All work is per spoke (one attachment, one association, one or two propagations, routes × route
 * tables × remote prefixes): linear in the number of spokes, never a loop over spokes inside a spoke.
 * Adding a spoke adds resources with new names and changes nothing about existing ones.
 */

export const HUB_ROUTE_TABLES = ["spokes", "interconnect"] as const;
export type HubRouteTable = (typeof HUB_ROUTE_TABLES)[number];

export const HUB_DEFAULTS = {
  amazonSideAsn: AWS_DEFAULT_AMAZON_ASN,
  spokeToSpoke: false,
} as const;

/**
 * What a Transit Gateway does when `vpnEcmpSupport` is not set: "enable" (@pulumi/aws `TransitGateway` type
 * definitions, "Default value: `enable`"; reference/networking.md §1.3, S27). With it, the TGW installs every
 * VPN tunnel that advertises a prefix with an equal AS path as an equal-cost next hop.
 */
export const TGW_VPN_ECMP_DEFAULT = "enable";

/**
 * A CIDR as a name segment, losslessly: `10.1.0.0/16` → `10-1-0-0-16`. A canonical CIDR always has
 * exactly five numeric fields, so the text can be read back (`1.11.0.0/24` and `11.1.0.0/24` stay
 * distinct, unlike the CDK's digits-only route names).
 */
export const cidrSlug = (text: string): string => text.replace(/[./]/g, "-");

export interface HubSpokeInput {
  readonly cidr: string;
  /** Availability Zones of the attachment's subnets (the keys of `subnetIds`). */
  readonly subnetAzs: readonly string[];
  /** Keys of the spoke's VPC route tables. */
  readonly routeTableKeys: readonly string[];
}

export interface HubPlanInput {
  /** @default `HUB_DEFAULTS.amazonSideAsn` (`AWS_DEFAULT_AMAZON_ASN`, AWS's own default) */
  readonly amazonSideAsn?: number;
  readonly spokes: Readonly<Record<string, HubSpokeInput>>;
  /** Azure prefixes the spokes route to the hub. */
  readonly remotePrefixes: readonly string[];
  /** Keys of the VPN attachments. @default [] */
  readonly vpnAttachmentKeys?: readonly string[];
  /** A DX gateway attachment is attached. @default false */
  readonly directConnect?: boolean;
  /** @default false */
  readonly spokeToSpoke?: boolean;
}

export interface HubRoutePlan {
  readonly name: string;
  readonly routeTableKey: string;
  readonly destination: string;
}

export interface HubSpokePlan {
  readonly key: string;
  readonly cidr: string;
  readonly names: {
    readonly attachment: string;
    /** Association with `spokes`. */
    readonly association: string;
    /** Propagation into `interconnect`. */
    readonly propagation: string;
    /** Propagation into `spokes`, only with spokeToSpoke. */
    readonly meshPropagation: string | undefined;
  };
  readonly routes: readonly HubRoutePlan[];
}

export interface HubInterconnectPlan {
  readonly key: string;
  readonly kind: "vpn" | "dx";
  /** Association with `interconnect`. */
  readonly association: string;
  /** Propagation into `spokes`. */
  readonly propagation: string;
}

export interface HubPlan {
  readonly amazonSideAsn: number;
  readonly spokeToSpoke: boolean;
  readonly remotePrefixes: readonly string[];
  readonly names: { readonly transitGateway: string; readonly routeTables: Readonly<Record<HubRouteTable, string>> };
  /** In key order. */
  readonly spokes: readonly HubSpokePlan[];
  readonly interconnects: readonly HubInterconnectPlan[];
}

/**
 * Names for one attachment to the `interconnect` side. Role words differ per kind and none ends
 * another, so `${name}-${key}-${role}` cannot collide across kinds whatever the keys.
 */
export function interconnectNames(name: string, kind: "vpn" | "dx", key: string | undefined): HubInterconnectPlan {
  const prefix = kind === "dx" ? `${name}-dx` : `${name}-${key ?? ""}-vpn`;
  return { key: key ?? "dx", kind, association: `${prefix}-assoc`, propagation: `${prefix}-prop` };
}

/** Validates and plans the hub; returns every issue, never throws. `name` is the component's name. */
export function planHub(name: string, input: HubPlanInput): { plan: HubPlan | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const amazonSideAsn = input.amazonSideAsn ?? HUB_DEFAULTS.amazonSideAsn;
  const spokeToSpoke = input.spokeToSpoke ?? HUB_DEFAULTS.spokeToSpoke;
  issues.push(...checkAmazonSideAsn(joinPath(name, "amazonSideAsn"), amazonSideAsn));

  // Remote prefixes: a default route toward the hub is refused outright, before any syntax check.
  const remotePath = joinPath(name, "remotePrefixes");
  issues.push(...checkNoDefaultRoute(remotePath, input.remotePrefixes));
  const labeled: LabeledCidr[] = [];
  input.remotePrefixes.forEach((p, i) => {
    if (isDefaultRoute(p)) return;
    const problems = checkCidr(`${remotePath}.${i}`, p);
    issues.push(...problems);
    if (problems.length === 0) labeled.push({ label: `${remotePath}.${i}`, cidr: cidr(p) });
  });

  const spokeKeys = sortedKeys(input.spokes);
  for (const key of spokeKeys) {
    const spoke = input.spokes[key] as HubSpokeInput;
    const path = joinPath(name, "spokes", key);
    issues.push(...checkKey(path, key));
    const problems = checkCidr(`${path}.cidr`, spoke.cidr);
    issues.push(...problems);
    if (problems.length === 0) labeled.push({ label: `${path}.cidr`, cidr: cidr(spoke.cidr) });
    if (spoke.subnetAzs.length === 0) issues.push(issue(`${path}.subnetIds`, "VALUE_REQUIRED", `a VPC attachment needs at least one subnet (one per Availability Zone)`));
    if (spoke.routeTableKeys.length === 0) issues.push(issue(`${path}.routeTableIds`, "VALUE_REQUIRED", `at least one VPC route table is needed to route the remote prefixes to the hub`));
    for (const rt of [...spoke.routeTableKeys].sort()) issues.push(...checkKey(`${path}.routeTableIds.${rt}`, rt));
  }
  // Overlapping spokes would propagate conflicting routes; a spoke overlapping Azure would be unreachable.
  for (const pair of findOverlaps(labeled)) issues.push(overlapIssue(pair));

  const vpnKeys = [...(input.vpnAttachmentKeys ?? [])].sort();
  for (const key of vpnKeys) issues.push(...checkKey(joinPath(name, "vpnAttachmentIds", key), key));

  const spokes: HubSpokePlan[] = spokeKeys.map((key) => {
    const spoke = input.spokes[key] as HubSpokeInput;
    return {
      key,
      cidr: spoke.cidr,
      names: {
        attachment: `${name}-${key}-attachment`,
        association: `${name}-${key}-spoke-assoc`,
        propagation: `${name}-${key}-spoke-prop`,
        meshPropagation: spokeToSpoke ? `${name}-${key}-mesh-prop` : undefined,
      },
      routes: [...spoke.routeTableKeys].sort().flatMap((rt) =>
        input.remotePrefixes.filter((p) => !isDefaultRoute(p)).map((p) => ({ name: `${name}-${key}-${rt}-${cidrSlug(p)}-route`, routeTableKey: rt, destination: p })),
      ),
    };
  });
  const interconnects = [...vpnKeys.map((k) => interconnectNames(name, "vpn", k)), ...(input.directConnect ? [interconnectNames(name, "dx", undefined)] : [])];

  // Keys may contain '-', so two (spoke, route table) pairs can spell the same route name
  // (`a` + `b-c` and `a-b` + `c`). One pass over every name catches that and any other collision.
  // It runs only on otherwise valid input: duplicate prefixes are already reported as overlaps.
  if (issues.length > 0) return { plan: undefined, issues };
  const seen = new Map<string, string>();
  const claim = (resourceName: string, path: string): void => {
    const other = seen.get(resourceName);
    if (other !== undefined) issues.push(issue(path, "KEY_INVALID", `produces the resource name "${resourceName}", which ${other} already uses; rename one of the keys`));
    else seen.set(resourceName, path);
  };
  for (const s of spokes) {
    const path = joinPath(name, "spokes", s.key);
    for (const n of [s.names.attachment, s.names.association, s.names.propagation, s.names.meshPropagation]) if (n !== undefined) claim(n, path);
    for (const r of s.routes) claim(r.name, `${path}.routeTableIds.${r.routeTableKey}`);
  }
  for (const c of interconnects) {
    const path = c.kind === "dx" ? joinPath(name, "dxAttachmentId") : joinPath(name, "vpnAttachmentIds", c.key);
    claim(c.association, path);
    claim(c.propagation, path);
  }

  if (issues.length > 0) return { plan: undefined, issues };
  return {
    plan: {
      amazonSideAsn,
      spokeToSpoke,
      remotePrefixes: [...input.remotePrefixes],
      names: { transitGateway: `${name}-tgw`, routeTables: { spokes: `${name}-spokes-rtb`, interconnect: `${name}-interconnect-rtb` } },
      spokes,
      interconnects,
    },
    issues: [],
  };
}
