import { LabeledCidr, checkCidr, cidr, contains, findOverlaps } from "./cidr";
import { Issue, issue } from "./errors";
import { LINK_LOCAL } from "./apipa";

/**
 * The IPAM registry: one file (YAML or JSON; parsed by the caller) that lists every allocation across
 * stacks and on-prem, so overlap can be checked across stacks and so re-planning keeps what was planned.
 *
 * ```yaml
 * version: 1
 * allocations:
 *   - stack: dev            # owner; "external" for ranges crosscloud does not plan (on-prem, partners)
 *     key: aws/vpc/app      # the plan key inside that stack
 *     cidr: 10.0.0.0/20
 *     description: dev application VPC
 * ```
 */
export const REGISTRY_VERSION = 1;
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

export interface RegistryEntry {
  readonly stack: string;
  readonly key: string;
  readonly cidr: string;
  readonly description?: string;
}

export interface Registry {
  readonly version: 1;
  readonly allocations: readonly RegistryEntry[];
}

/** Validates already-parsed registry data (the caller reads YAML/JSON); `source` names the file in errors. */
export function readRegistry(data: unknown, source: string): { registry: Registry; issues: Issue[] } {
  const issues: Issue[] = [];
  const empty: Registry = { version: 1, allocations: [] };
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { registry: empty, issues: [issue(source, "REGISTRY_FORMAT", `expected an object with "version: 1" and "allocations: [...]"`)] };
  }
  const obj = data as { version?: unknown; allocations?: unknown };
  if (obj.version !== REGISTRY_VERSION) issues.push(issue(`${source}.version`, "REGISTRY_FORMAT", `${JSON.stringify(obj.version)} is not a supported registry version; expected ${REGISTRY_VERSION}`));
  if (!Array.isArray(obj.allocations)) {
    issues.push(issue(`${source}.allocations`, "REGISTRY_FORMAT", `expected a list of { stack, key, cidr } entries`));
    return { registry: empty, issues };
  }
  const allocations: RegistryEntry[] = [];
  const seen = new Set<string>();
  obj.allocations.forEach((raw: unknown, i: number) => {
    const path = `${source}.allocations.${i}`;
    const e = raw as Partial<Record<keyof RegistryEntry, unknown>>;
    if (typeof raw !== "object" || raw === null || typeof e.stack !== "string" || typeof e.key !== "string" || typeof e.cidr !== "string") {
      issues.push(issue(path, "REGISTRY_FORMAT", `each allocation needs string fields stack, key and cidr`));
      return;
    }
    const bad = checkCidr(`${path}.cidr`, e.cidr);
    // A stack name with '/' would make `stack/key` labels ambiguous ("a/b" + "c" vs "a" + "b/c").
    if (!STACK_NAME.test(e.stack)) bad.push(issue(`${path}.stack`, "REGISTRY_FORMAT", `"${e.stack}" is not a stack name (letters, digits, '.', '_' and '-')`));
    issues.push(...bad);
    const id = `${e.stack}/${e.key}`;
    const duplicate = seen.has(id);
    if (duplicate) issues.push(issue(path, "REGISTRY_FORMAT", `${id} is listed twice`));
    seen.add(id);
    if (bad.length === 0 && !duplicate) allocations.push({ stack: e.stack, key: e.key, cidr: e.cidr, ...(typeof e.description === "string" ? { description: e.description } : {}) });
  });
  return { registry: { version: 1, allocations }, issues };
}

/** Label used in overlap messages for a registry entry. */
export const registryLabel = (e: RegistryEntry): string => `registry ${e.stack}/${e.key}`;

/**
 * Link-local blocks (tunnel inside /30s) are unique per VPN gateway, not across stacks, so they are
 * recorded for stability but never take part in cross-stack overlap checks or reservations.
 */
export const isLinkLocalEntry = (e: RegistryEntry): boolean => contains(LINK_LOCAL, cidr(e.cidr));

/**
 * Overlaps between different stacks' allocations. Nested keys of one stack (a subnet inside its VPC)
 * are meant to overlap and are not reported.
 */
export function registryOverlaps(registry: Registry): Issue[] {
  const items: LabeledCidr[] = registry.allocations.filter((e) => !isLinkLocalEntry(e)).map((e) => ({ label: registryLabel(e), cidr: cidr(e.cidr) }));
  const byLabel = new Map(registry.allocations.map((e) => [registryLabel(e), e] as const));
  return findOverlaps(items)
    .filter((p) => byLabel.get(p.a.label)?.stack !== byLabel.get(p.b.label)?.stack)
    .map((p) => issue(p.b.label, "CIDR_OVERLAP", `${p.b.cidr.text} overlaps ${p.a.cidr.text} (${p.a.label})`));
}

/** The lock for one stack: its earlier allocations by key. */
export function lockFor(registry: Registry | undefined, stack: string): Record<string, string> {
  const lock: Record<string, string> = {};
  for (const e of registry?.allocations ?? []) if (e.stack === stack) lock[e.key] = e.cidr;
  return lock;
}

/** Allocations of every other stack: these blocks are taken. */
export function reservedFor(registry: Registry | undefined, stack: string): LabeledCidr[] {
  return (registry?.allocations ?? []).filter((e) => e.stack !== stack && !isLinkLocalEntry(e)).map((e) => ({ label: registryLabel(e), cidr: cidr(e.cidr) }));
}

/** Replaces one stack's entries with `entries`, keeping everyone else's, in a stable order. */
export function mergeRegistry(registry: Registry | undefined, stack: string, entries: readonly RegistryEntry[]): Registry {
  const others = (registry?.allocations ?? []).filter((e) => e.stack !== stack);
  const all = [...others, ...entries].sort((a, b) => (a.stack + "\0" + a.key < b.stack + "\0" + b.key ? -1 : 1));
  return { version: 1, allocations: all };
}
