/**
 * Strict IPv4 helpers for the lab. Numbers only, so the lab has no dependency on the sdk's
 * in-flight modules and never lets a lenient parser "fix" an address (`10.0.0.5/24` or `10.1`).
 */
const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const ADDRESS = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses a canonical dotted quad (no leading zeros) to an unsigned 32-bit integer. */
export function parseAddress(text: string): number | undefined {
  if (!ADDRESS.test(text)) return undefined;
  return text.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export interface Cidr {
  readonly network: number;
  readonly length: number;
}

/** Parses `a.b.c.d/n` only when the address is the network address (canonical form). */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([0-9.]+)\/(3[0-2]|[12]?[0-9])$/.exec(text);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  const network = parseAddress(match[1]);
  const length = Number(match[2]);
  if (network === undefined) return undefined;
  const size = 2 ** (32 - length);
  return network % size === 0 ? { network, length } : undefined;
}

export const cidrSize = (cidr: Cidr): number => 2 ** (32 - cidr.length);

export const cidrContains = (cidr: Cidr, address: number): boolean =>
  address >= cidr.network && address < cidr.network + cidrSize(cidr);

/** The `n`-th address of a block (`hostAt(10.0.0.0/16, 1)` is 10.0.0.1). */
export const hostAt = (cidr: Cidr, n: number): string => formatAddress(cidr.network + n);

/** The /30 an address belongs to, e.g. 169.254.21.2 → 169.254.21.0/30. */
export const enclosingSlash30 = (address: number): Cidr => ({ network: address - (address % 4), length: 30 });
