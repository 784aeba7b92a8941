import { Netmask, ip2long, long2ip } from "netmask";
import { Issue, issue } from "./errors";

/**
 * IPv4 CIDR math on top of `netmask` (>= 2.0.1: older versions parsed leading zeros as octal).
 *
 * `netmask` is lenient in ways that hide mistakes: it turns `10.0.0.5/24` into `10.0.0.0/24` and reads
 * `216.240` as `0.0.216.240/32`. So every CIDR enters through {@link parseCidr}, which accepts only
 * canonical dotted quads with an explicit prefix length and rejects anything netmask would change.
 * Internally blocks are compared as unsigned 32-bit integers, never as strings.
 */

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const STRICT_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** A canonical IPv4 CIDR's syntax (decimal octets without leading zeros, prefix 0–32); host bits are checked separately. */
export const IPV4_CIDR_PATTERN = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}/(?:3[0-2]|[12]?\\d)$`);
const STRICT_IPV4_CIDR = IPV4_CIDR_PATTERN;

export interface Cidr {
  /** Canonical text, e.g. `10.0.0.0/16`. */
  readonly text: string;
  /** Network address as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last (broadcast) address as an unsigned 32-bit integer. */
  readonly last: number;
  readonly prefixLength: number;
  /** Number of addresses in the block (2^(32 - prefixLength)). */
  readonly size: number;
}

export type CidrProblem = { readonly code: "CIDR_SYNTAX" | "CIDR_HOST_BITS"; readonly message: string };

function fromNetmask(block: Netmask): Cidr {
  const first = block.netLong >>> 0;
  return { text: `${block.base}/${block.bitmask}`, first, last: first + block.size - 1, prefixLength: block.bitmask, size: block.size };
}

/** Why `text` is not a canonical IPv4 CIDR, or undefined when it is one. */
export function cidrProblem(text: string): CidrProblem | undefined {
  if (typeof text !== "string" || !STRICT_IPV4_CIDR.test(text)) {
    const hint = typeof text === "string" && /\/(\d+)$/.test(text) && Number(/\/(\d+)$/.exec(text)?.[1]) > 32 ? " (the prefix length must be 0–32)" : "";
    return { code: "CIDR_SYNTAX", message: `"${String(text)}" is not an IPv4 CIDR of the form a.b.c.d/n with decimal octets without leading zeros${hint}` };
  }
  const block = new Netmask(text);
  const canonical = `${block.base}/${block.bitmask}`;
  if (canonical !== text) return { code: "CIDR_HOST_BITS", message: `"${text}" has host bits set; the network is ${canonical}` };
  return undefined;
}

/** Parses a canonical CIDR, or returns undefined. Use {@link checkCidr} to get the reason as an Issue. */
export function parseCidr(text: string): Cidr | undefined {
  return cidrProblem(text) === undefined ? fromNetmask(new Netmask(text)) : undefined;
}

/** Parses a CIDR that is known to be valid (a constant, or one already checked); throws otherwise. */
export function cidr(text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw new Error(problem.message);
  return fromNetmask(new Netmask(text));
}

/** Validation form: returns the issue for `path` when `text` is not canonical. */
export function checkCidr(path: string, text: string): Issue[] {
  const problem = cidrProblem(text);
  return problem ? [issue(path, problem.code, problem.message)] : [];
}

export const isIpv4 = (text: string): boolean => typeof text === "string" && STRICT_IPV4.test(text);

/** A canonical dotted quad as an unsigned 32-bit integer, or undefined (`10.1`, `010.0.0.1`, ` 10.0.0.1` are not addresses). */
export const parseIpv4 = (text: string): number | undefined => (isIpv4(text) ? ip2long(text) >>> 0 : undefined);

/** An address that is known to be valid (a constant, or one already checked) as an integer; throws otherwise. */
export function ipToLong(ip: string): number {
  const n = parseIpv4(ip);
  if (n === undefined) throw new Error(`"${String(ip)}" is not an IPv4 address of the form a.b.c.d with decimal octets without leading zeros`);
  return n;
}

function assertAddressLong(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`${n} is not an IPv4 address (an integer from 0 to 4294967295)`);
}

/** An integer 0 … 2^32 − 1 as a dotted quad; throws for anything else rather than wrapping it. */
export function longToIp(n: number): string {
  assertAddressLong(n);
  return long2ip(n);
}

export const contains = (outer: Cidr, inner: Cidr): boolean => outer.first <= inner.first && inner.last <= outer.last;
export const containsIp = (block: Cidr, ip: string): boolean => {
  const n = ipToLong(ip);
  return block.first <= n && n <= block.last;
};
export const overlaps = (a: Cidr, b: Cidr): boolean => a.first <= b.last && b.first <= a.last;

/** The block of `prefixLength` that starts at integer address `first` (which must be aligned). */
export function blockAt(first: number, prefixLength: number): Cidr {
  const size = 2 ** (32 - prefixLength);
  if (first % size !== 0) throw new Error(`${longToIp(first)} is not aligned to /${prefixLength}`);
  return { text: `${longToIp(first)}/${prefixLength}`, first, last: first + size - 1, prefixLength, size };
}

/** The `index`-th sub-block of size `/prefixLength` inside `parent` (Terraform's cidrsubnet). */
export function subBlock(parent: Cidr, prefixLength: number, index: number): Cidr {
  if (prefixLength < parent.prefixLength || prefixLength > 32) throw new Error(`/${prefixLength} does not fit in ${parent.text}`);
  const count = 2 ** (prefixLength - parent.prefixLength);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`${parent.text} has ${count} /${prefixLength} blocks; index ${index} is out of range`);
  return blockAt(parent.first + index * 2 ** (32 - prefixLength), prefixLength);
}

/** The block of `prefixLength` that holds integer address `address`, e.g. 10.0.0.6 in a /30 → 10.0.0.4/30. */
export function blockContaining(address: number, prefixLength: number): Cidr {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) throw new Error(`/${prefixLength} is not an IPv4 prefix length (0–32)`);
  assertAddressLong(address);
  const size = 2 ** (32 - prefixLength);
  return blockAt(Math.floor(address / size) * size, prefixLength);
}

/** Host `offset` inside the block: 1 is the first usable address of a /30, 2 the second. */
export const hostAt = (block: Cidr, offset: number): string => {
  if (offset < 0 || offset >= block.size) throw new Error(`${block.text} has no host at offset ${offset}`);
  return longToIp(block.first + offset);
};

/**
 * The address blocks RFC 5737 reserves for documentation. No real host has one, so simulated public
 * addresses (the offline preview, the lab's emulated gateways) come from them.
 */
export const DOCUMENTATION_CIDRS = { testNet1: "192.0.2.0/24", testNet2: "198.51.100.0/24", testNet3: "203.0.113.0/24" } as const;

export const isDefaultRoute = (text: string): boolean => text.trim() === "0.0.0.0/0" || text.trim() === "::/0";

export interface LabeledCidr {
  readonly label: string;
  readonly cidr: Cidr;
}

export interface OverlapPair {
  /** The enclosing (or equal, earlier-labelled) block. */
  readonly a: LabeledCidr;
  readonly b: LabeledCidr;
}

/**
 * Every overlapping pair among `items`, in O(n log n + k) for k pairs.
 *
 * CIDR blocks form a laminar family: two blocks either are disjoint or one contains the other. So after
 * sorting by start address (larger block first on ties), a stack of the blocks that enclose the current
 * position holds exactly the blocks the next one overlaps:
 *
 *   10.0.0.0/8  ├──────────────────────────────┤        stack: [/8]
 *   10.1.0.0/16    ├────────┤                           stack: [/8, /16]  → pairs (/8,/16)
 *   10.1.2.0/24       ├─┤                               stack: [/8,/16,/24] → (/8,/24), (/16,/24)
 *   10.9.0.0/16                  ├───┤                  pop /24, /16 → (/8, 10.9/16)
 */
export function findOverlaps(items: readonly LabeledCidr[]): OverlapPair[] {
  const sorted = [...items].sort(
    (x, y) => x.cidr.first - y.cidr.first || x.cidr.prefixLength - y.cidr.prefixLength || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0),
  );
  const pairs: OverlapPair[] = [];
  const stack: LabeledCidr[] = [];
  for (const item of sorted) {
    while (stack.length > 0 && (stack[stack.length - 1] as LabeledCidr).cidr.last < item.cidr.first) stack.pop();
    for (const open of stack) pairs.push({ a: open, b: item });
    stack.push(item);
  }
  return pairs;
}

/** Renders an overlap pair as a validation issue at the path of its second member. */
export const overlapIssue = (pair: OverlapPair): Issue =>
  issue(pair.b.label, "CIDR_OVERLAP", `${pair.b.cidr.text} overlaps ${pair.a.cidr.text} (${pair.a.label})`);
