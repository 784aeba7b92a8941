import { Cidr, LabeledCidr, checkCidr, cidr, contains, findOverlaps, hostAt, ipToLong, isIpv4, overlaps, subBlock } from "./cidr";
import { Issue, issue, joinPath } from "./errors";

/**
 * Tunnel inside addresses (APIPA /30s) for AWS↔Azure IPsec tunnels (reference/networking.md §1.1, §2).
 *
 * Azure only accepts custom APIPA BGP addresses in 169.254.21.0–169.254.22.255, and AWS reserves seven
 * /30s of 169.254.0.0/16 (none of them in that range, but pins are checked anyway). AWS takes the first
 * usable address of the /30 and Azure the second.
 *
 * One slot s gives a connection its two tunnels, one in each /24, which reproduces the reference table:
 *
 *   slot 0 (VPN-A):  t1 169.254.21.0/30   t2 169.254.22.0/30
 *   slot 1 (VPN-B):  t1 169.254.21.4/30   t2 169.254.22.4/30
 *   …                64 slots in all
 *
 * Slots are keyed by connection name: pinned or locked connections keep theirs, others take the lowest
 * free slot in key order, so adding a connection never renumbers existing tunnels.
 *
 * These blocks are stated here and nowhere else (tests/architecture/facts.test.ts checks it): the
 * simulators, the policy pack and the lab import them.
 */

/**
 * The IPv4 link-local block (RFC 3927, "Dynamic Configuration of IPv4 Link-Local Addresses"), which
 * Microsoft calls APIPA. AWS requires tunnel inside CIDRs in it ("A size /30 CIDR block from the
 * 169.254.0.0/16 range", EC2 API Reference, VpnTunnelOptionsSpecification,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html).
 */
export const LINK_LOCAL_CIDR = "169.254.0.0/16";
/**
 * "Azure-reserved APIPA address range for VPN, which is from 169.254.21.0 to 169.254.22.255"
 * (Microsoft Learn, "How to connect AWS and Azure using a BGP-enabled VPN gateway",
 * https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-howto-aws-bgp).
 */
export const AZURE_APIPA_FIRST = "169.254.21.0";
export const AZURE_APIPA_LAST = "169.254.22.255";
/** Where planned tunnels go: tunnel 1 of every connection in the first /24 of Azure's range, tunnel 2 in the second. */
export const APIPA_TUNNEL_BLOCKS = { t1: "169.254.21.0/24", t2: "169.254.22.0/24" } as const;
const T1_BLOCK = cidr(APIPA_TUNNEL_BLOCKS.t1);
const T2_BLOCK = cidr(APIPA_TUNNEL_BLOCKS.t2);
export const APIPA_SLOTS = 64;

/**
 * /30s AWS reserves for its own use inside 169.254.0.0/16; a tunnel may not use them ("The following
 * CIDR blocks are reserved and cannot be used", AWS Site-to-Site VPN User Guide, "Tunnel options for
 * your Site-to-Site VPN connection", https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html).
 */
export const AWS_RESERVED_INSIDE_CIDRS: readonly string[] = [
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
];
const AWS_RESERVED = AWS_RESERVED_INSIDE_CIDRS.map((c) => cidr(c));
/** {@link LINK_LOCAL_CIDR}, parsed. */
export const LINK_LOCAL: Cidr = cidr(LINK_LOCAL_CIDR);

/** The reserved /30 `block` overlaps, if any (see {@link AWS_RESERVED_INSIDE_CIDRS}). */
export const awsReservedInsideOverlap = (block: Cidr): Cidr | undefined => AWS_RESERVED.find((r) => overlaps(r, block));

export const isInAzureApipaRange = (block: Cidr): boolean =>
  block.first >= ipToLong(AZURE_APIPA_FIRST) && block.last <= ipToLong(AZURE_APIPA_LAST);

/** The address AWS (VGW/TGW) uses in a tunnel /30. */
export const awsInsideAddress = (block: Cidr): string => hostAt(block, 1);
/** The address the customer gateway uses in a tunnel /30 (AWS takes the first, "Azure uses the second"). */
export const customerInsideAddress = (block: Cidr): string => hostAt(block, 2);
/** The address Azure (custom APIPA) uses in a tunnel /30: the customer gateway's. */
export const azureInsideAddress = customerInsideAddress;

/** Every rule a tunnel inside CIDR must satisfy for both clouds. */
export function checkInsideCidr(path: string, text: string): Issue[] {
  const syntax = checkCidr(path, text);
  if (syntax.length > 0) return syntax;
  const block = cidr(text);
  const issues: Issue[] = [];
  if (block.prefixLength !== 30) issues.push(issue(path, "CIDR_WRONG_SIZE", `${text} must be a /30 (AWS tunnel inside CIDRs are /30 blocks)`));
  const reserved = awsReservedInsideOverlap(block);
  if (reserved) issues.push(issue(path, "APIPA_AWS_RESERVED", `${text} overlaps ${reserved.text}, which AWS reserves for its own use`));
  if (!isInAzureApipaRange(block)) {
    const where = overlaps(LINK_LOCAL, block) ? "" : ` (and outside ${LINK_LOCAL_CIDR}, which AWS requires)`;
    issues.push(issue(path, "APIPA_OUTSIDE_AZURE_RANGE", `${text} is outside ${AZURE_APIPA_FIRST}–${AZURE_APIPA_LAST}, the only range Azure accepts for custom APIPA BGP addresses${where}`));
  }
  return issues;
}

/**
 * AWS's own rules for a VPN tunnel inside CIDR (whatever the peer): a /30 inside 169.254.0.0/16 that
 * is not one of the /30s AWS reserves. {@link checkInsideCidr} adds Azure's custom APIPA range.
 */
export function checkAwsInsideCidr(path: string, text: string): Issue[] {
  const syntax = checkCidr(path, text);
  if (syntax.length > 0) return syntax;
  const block = cidr(text);
  const issues: Issue[] = [];
  if (block.prefixLength !== 30) issues.push(issue(path, "CIDR_WRONG_SIZE", `${text} must be a /30 (AWS tunnel inside CIDRs are /30 blocks)`));
  if (!contains(LINK_LOCAL, block)) issues.push(issue(path, "CIDR_OUTSIDE_PARENT", `${text} is outside ${LINK_LOCAL_CIDR}, where AWS requires tunnel inside CIDRs`));
  const reserved = awsReservedInsideOverlap(block);
  if (reserved) issues.push(issue(path, "APIPA_AWS_RESERVED", `${text} overlaps ${reserved.text}, which AWS reserves for its own use`));
  return issues;
}

/** One custom APIPA BGP address of an Azure VPN gateway or connection: an IPv4 address in 169.254.21.0–169.254.22.255. */
export function checkAzureCustomApipa(path: string, address: string): Issue[] {
  if (!isIpv4(address)) return [issue(path, "VALUE_REQUIRED", `"${address}" is not an IPv4 address`)];
  return isInAzureApipaRange(cidr(`${address}/32`))
    ? []
    : [issue(path, "APIPA_OUTSIDE_AZURE_RANGE", `${address} is outside ${AZURE_APIPA_FIRST}–${AZURE_APIPA_LAST}, the only range Azure accepts for custom APIPA BGP addresses`)];
}

export interface TunnelPair<T> {
  readonly t1: T;
  readonly t2: T;
}

export interface InsideCidrRequest {
  /** Connection key; tunnels are `${key}-t1` and `${key}-t2`. */
  readonly key: string;
  /** Explicit /30s for this connection's two tunnels. */
  readonly insideCidrs?: TunnelPair<string>;
}

export interface InsideCidrPlan {
  readonly cidrs: Readonly<Record<string, TunnelPair<Cidr>>>;
  readonly issues: readonly Issue[];
}

const slotBlocks = (slot: number): TunnelPair<Cidr> => ({ t1: subBlock(T1_BLOCK, 30, slot), t2: subBlock(T2_BLOCK, 30, slot) });

/**
 * Plans the two inside /30s of every connection. `lock` holds earlier plans (connection key → pair),
 * which are kept as if pinned. `path` prefixes issue paths (`${path}.${key}.t1`).
 */
export function planInsideCidrs(
  requests: readonly InsideCidrRequest[],
  opts: { readonly path?: string; readonly lock?: Readonly<Record<string, TunnelPair<string>>> } = {},
): InsideCidrPlan {
  const path = opts.path ?? "vpn.connections";
  const issues: Issue[] = [];
  const cidrs: Record<string, TunnelPair<Cidr>> = {};
  const pinned: LabeledCidr[] = [];
  const open: string[] = [];
  // Key order, not list order, so the issue list is the same however the caller listed the connections.
  for (const req of [...requests].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const explicit = req.insideCidrs ?? opts.lock?.[req.key];
    if (!explicit) {
      open.push(req.key);
      continue;
    }
    const t1Issues = checkInsideCidr(joinPath(path, req.key, "insideCidrs", "t1"), explicit.t1);
    const t2Issues = checkInsideCidr(joinPath(path, req.key, "insideCidrs", "t2"), explicit.t2);
    issues.push(...t1Issues, ...t2Issues);
    if (t1Issues.length > 0 || t2Issues.length > 0) continue;
    const pair = { t1: cidr(explicit.t1), t2: cidr(explicit.t2) };
    pinned.push({ label: joinPath(path, req.key, "insideCidrs", "t1"), cidr: pair.t1 }, { label: joinPath(path, req.key, "insideCidrs", "t2"), cidr: pair.t2 });
    cidrs[req.key] = pair;
  }
  for (const pair of findOverlaps(pinned)) {
    issues.push(issue(pair.b.label, "APIPA_DUPLICATE", `${pair.b.cidr.text} is already used by ${pair.a.label}; every tunnel needs its own /30`));
  }
  const used = pinned.map((p) => p.cidr);
  let slot = 0;
  for (const key of open.sort()) {
    while (slot < APIPA_SLOTS && used.some((u) => overlaps(u, slotBlocks(slot).t1) || overlaps(u, slotBlocks(slot).t2))) slot++;
    if (slot >= APIPA_SLOTS) {
      issues.push(issue(joinPath(path, key), "APIPA_EXHAUSTED", `no free pair of /30s is left in ${AZURE_APIPA_FIRST}–${AZURE_APIPA_LAST}`));
      continue;
    }
    const pair = slotBlocks(slot);
    used.push(pair.t1, pair.t2);
    cidrs[key] = pair;
  }
  return { cidrs, issues };
}
