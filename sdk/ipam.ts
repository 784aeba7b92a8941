import { Cidr, LabeledCidr, blockAt, checkCidr, cidr, contains, findOverlaps, overlapIssue, overlaps, parseCidr } from "./cidr";
import { Issue, issue, joinPath } from "./errors";

/**
 * Deterministic, stable address allocation.
 *
 * Per-cloud supernets follow the usual multi-cloud split (one /12 per provider), so that no two
 * clouds, and no cloud and on-prem, can ever hand out the same range:
 *
 *   10.0.0.0/12  AWS      10.16.0.0/12 Azure      10.32.0.0/12 GCP      10.48.0.0/12 on-prem
 *
 * Inside a pool, each request is keyed by name:
 * - a request pinned to an explicit CIDR, or recorded in the lock (the registry of earlier
 *   allocations), keeps exactly that CIDR;
 * - every other request, in key order (never list order), takes the lowest free aligned block.
 * So the same input always gives the same output, and re-planning with the previous allocations as the
 * lock never moves an existing block, whatever key is added.
 */
export type Cloud = "aws" | "azure" | "gcp" | "onprem";
export const CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp", "onprem"];

export const DEFAULT_SUPERNETS: Readonly<Record<Cloud, string>> = {
  aws: "10.0.0.0/12",
  azure: "10.16.0.0/12",
  gcp: "10.32.0.0/12",
  onprem: "10.48.0.0/12",
};

export interface AllocationRequest {
  /** Stable key; the allocation is bound to it. */
  readonly key: string;
  /** Size of the block to allocate when not pinned. */
  readonly prefixLength: number;
  /** Explicit CIDR: validated and kept as is. */
  readonly cidr?: string;
}

export interface AllocateOptions {
  readonly pool: Cidr;
  /** Path prefix for issues: each request reports at `${path}.${key}`. */
  readonly path: string;
  readonly requests: readonly AllocationRequest[];
  /** Blocks already taken by others (other stacks, on-prem); never handed out, and pins may not overlap them. */
  readonly reserved?: readonly LabeledCidr[];
  /** Earlier allocations by key; an unpinned request found here keeps its block. */
  readonly lock?: Readonly<Record<string, string>>;
  /**
   * Whether pinned CIDRs must lie inside the pool. True for subnets (a subnet outside its network is an
   * error); false for whole networks, so an existing VPC/VNet can keep a range planned elsewhere.
   * @default true
   */
  readonly pinsInsidePool?: boolean;
  /** How the lock names a key: `lockKey(key)`. @default the key itself */
  readonly lockKey?: (key: string) => string;
}

export interface AllocationResult {
  readonly blocks: Readonly<Record<string, Cidr>>;
  readonly issues: readonly Issue[];
}

/** Sorted set of taken intervals, supporting first-fit search. */
class Taken {
  private readonly items: Cidr[] = [];
  add(block: Cidr): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.items[mid] as Cidr).first < block.first) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, block);
  }
  /** Lowest aligned block of `prefixLength` inside `pool` that overlaps nothing taken. */
  firstFit(pool: Cidr, prefixLength: number): Cidr | undefined {
    if (prefixLength < pool.prefixLength || prefixLength > 32) return undefined;
    const size = 2 ** (32 - prefixLength);
    let start = pool.first;
    for (const t of this.items) {
      if (t.last < start) continue;
      if (t.first > start + size - 1) break;
      start = Math.ceil((t.last + 1) / size) * size;
      if (start + size - 1 > pool.last) return undefined;
    }
    return start + size - 1 <= pool.last ? blockAt(start, prefixLength) : undefined;
  }
}

export function allocate(opts: AllocateOptions): AllocationResult {
  const issues: Issue[] = [];
  const blocks: Record<string, Cidr> = {};
  const taken = new Taken();
  for (const r of opts.reserved ?? []) taken.add(r.cidr);

  const fixed: LabeledCidr[] = [];
  const open: AllocationRequest[] = [];
  const byKey = (x: AllocationRequest, y: AllocationRequest): number => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  // Pins are checked in key order too, so the issue list does not depend on the order requests were listed in.
  for (const req of [...opts.requests].sort(byKey)) {
    const path = joinPath(opts.path, req.key);
    const explicit = req.cidr ?? opts.lock?.[opts.lockKey ? opts.lockKey(req.key) : req.key];
    if (explicit === undefined) {
      open.push(req);
      continue;
    }
    const where = req.cidr !== undefined ? path : `${path} (from the registry lock)`;
    const bad = checkCidr(where, explicit);
    if (bad.length > 0) {
      issues.push(...bad);
      continue;
    }
    const block = cidr(explicit);
    if ((opts.pinsInsidePool ?? true) && !contains(opts.pool, block)) {
      issues.push(issue(where, "CIDR_OUTSIDE_PARENT", `${block.text} is outside ${opts.pool.text}, the pool it must come from`));
      continue;
    }
    for (const r of opts.reserved ?? []) {
      if (overlaps(r.cidr, block)) issues.push(issue(where, "CIDR_OVERLAP", `${block.text} overlaps ${r.cidr.text} (${r.label})`));
    }
    fixed.push({ label: path, cidr: block });
    blocks[req.key] = block;
  }
  for (const pair of findOverlaps(fixed)) issues.push(overlapIssue(pair));
  for (const f of fixed) taken.add(f.cidr);

  for (const req of open) {
    // Sizes come from user config: a bad one must become an issue, not a throw from blockAt or a false "exhausted".
    if (!Number.isInteger(req.prefixLength) || req.prefixLength < opts.pool.prefixLength || req.prefixLength > 32) {
      issues.push(issue(joinPath(opts.path, req.key, "prefixLength"), "CIDR_WRONG_SIZE", `/${req.prefixLength} cannot come from ${opts.pool.text}; use a whole number from ${opts.pool.prefixLength} to 32`));
      continue;
    }
    const block = taken.firstFit(opts.pool, req.prefixLength);
    if (block === undefined) {
      issues.push(issue(joinPath(opts.path, req.key), "POOL_EXHAUSTED", `no free /${req.prefixLength} is left in ${opts.pool.text}`));
      continue;
    }
    taken.add(block);
    blocks[req.key] = block;
  }
  return { blocks, issues };
}

/** Parses a supernet override, falling back to the documented default for that cloud. */
export function supernetFor(cloud: Cloud, override: string | undefined, path: string): { block: Cidr | undefined; issues: Issue[] } {
  const text = override ?? DEFAULT_SUPERNETS[cloud];
  const issues = checkCidr(path, text);
  return { block: issues.length === 0 ? parseCidr(text) : undefined, issues };
}
