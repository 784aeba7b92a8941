/**
 * Deterministic identifiers and addresses for simulated resources.
 *
 * Everything here is derived from a SHA-256 of a stable seed (resource type + logical name +
 * purpose), never from randomness or the clock, so the same program always previews to the same
 * ids, and renaming one resource does not shift another's.
 */
import { createHash } from "node:crypto";
import { type Cidr, hostAt } from "../sdk/cidr";

/** The account every simulated AWS ARN and owner id uses (AWS's documentation account). */
export const SIM_AWS_ACCOUNT = "123456789012";
/** The subscription every simulated Azure resource id uses. */
export const SIM_AZURE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
export const SIM_AZURE_TENANT = "11111111-1111-1111-1111-111111111111";

/** `n` bytes derived from `seed`; longer outputs chain SHA-256 over a counter. */
export function hashBytes(seed: string, n: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < n; i++) {
    chunks.push(createHash("sha256").update(`${i}\u0000${seed}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, n);
}

export function hashHex(seed: string, length: number): string {
  return hashBytes(seed, Math.ceil(length / 2)).toString("hex").slice(0, length);
}

/** A 32-bit unsigned integer derived from `seed`. */
export function hashInt(seed: string): number {
  return hashBytes(seed, 4).readUInt32BE(0);
}

/**
 * An AWS "long" resource id: prefix + 17 hex digits. Since 2018 AWS ids have 17 hex digits and in
 * practice start with 0 (`vpc-0a1b2c3d4e5f67890`), so the first digit is pinned to 0.
 */
export function awsId(prefix: string, seed: string): string {
  return `${prefix}-0${hashHex(seed, 16)}`;
}

/** An RFC 4122 version-4-shaped UUID derived from `seed` (DX gateway ids, ER service keys). */
export function uuid(seed: string): string {
  const b = hashBytes(seed, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Lower-case alphanumerics, as in `dxvif-fgq4fm2x` and Direct Connect device names. */
export function hashAlnum(seed: string, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...hashBytes(seed, length)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

// ---- addresses ------------------------------------------------------------------------------

/**
 * Hands out distinct host addresses inside one block. Each address starts at a seed-derived
 * offset and probes upward past taken ones, so it is stable for a given program while still
 * never handing out the same address twice. The block is parsed by the sdk's strict parser: a
 * block with host bits set is refused by the caller, never aligned here.
 */
export class AddressPool {
  private readonly taken = new Set<number>();
  /**
   * @param firstOffset first usable offset inside the block (e.g. 4: AWS and Azure both reserve
   *   the network address and the next three)
   * @param lastOffset last usable offset (e.g. size - 2: the broadcast address is reserved)
   */
  constructor(
    readonly block: Cidr,
    private readonly firstOffset: number,
    private readonly lastOffset: number,
  ) {}

  /** A seed-derived address, or the lowest free one when `sequential` (Azure's behaviour). */
  allocate(seed: string, sequential = false): string {
    const span = this.lastOffset - this.firstOffset + 1;
    if (span <= 0 || this.taken.size >= span) {
      throw new Error(`simulated address pool ${this.block.text} is exhausted`);
    }
    const start = sequential ? 0 : hashInt(seed) % span;
    for (let i = 0; i < span; i++) {
      const offset = this.firstOffset + ((start + i) % span);
      if (!this.taken.has(offset)) {
        this.taken.add(offset);
        return hostAt(this.block, offset);
      }
    }
    throw new Error("unreachable: address pool probe found no free slot");
  }
}
