/**
 * Compares two recorded graphs the way the equivalence test needs: same URNs, types, parents,
 * dependencies (explicit and per property), providers, options, and inputs with secrets masked.
 * Outputs are compared separately (a dry run legitimately has unknowns where an update has values).
 */
import { isDeepStrictEqual } from "node:util";
import { renderValue, type RecordedGraph, type RecordedResource, type WireValue } from "../../../graph";

export interface GraphDifference {
  readonly urn: string;
  readonly field: string;
  readonly left: unknown;
  readonly right: unknown;
}

export interface GraphComparison {
  readonly onlyLeft: readonly string[];
  readonly onlyRight: readonly string[];
  readonly differences: readonly GraphDifference[];
  readonly outputDifferences: readonly GraphDifference[];
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

function shape(r: RecordedResource): Record<string, unknown> {
  const propertyDependencies: Record<string, string[]> = {};
  for (const k of Object.keys(r.propertyDependencies).sort()) propertyDependencies[k] = sorted(r.propertyDependencies[k] ?? []);
  return {
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    custom: r.custom,
    read: r.read,
    dependencies: sorted(r.dependencies),
    propertyDependencies,
    provider: r.provider ?? null,
    providers: r.providers,
    options: r.options,
    inputs: renderValue(r.inputs),
  };
}

const UNKNOWN = "[unknown]";

/**
 * Equality where, with `unknownsMatch`, an unknown on the right (a dry run's value not known yet)
 * matches anything on the left.
 */
function matches(left: unknown, right: unknown, unknownsMatch: boolean): boolean {
  if (unknownsMatch && right === UNKNOWN) return true;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((v, i) => matches(v, right[i], unknownsMatch));
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(left) && isObj(right)) {
    for (const k of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (!matches(left[k], right[k], unknownsMatch)) return false;
    }
    return true;
  }
  return isDeepStrictEqual(left, right);
}

function fieldDiffs(urn: string, left: Record<string, unknown>, right: Record<string, unknown>, unknownsMatch: boolean, into: GraphDifference[]): void {
  for (const field of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const tolerant = unknownsMatch && field === "inputs";
    if (!matches(left[field], right[field], tolerant)) into.push({ urn, field, left: left[field], right: right[field] });
  }
}

/** Leaves of `value` that differ, as dotted paths (for readable output diffs). */
function leafDiffs(urn: string, path: string, left: WireValue | undefined, right: WireValue | undefined, into: GraphDifference[]): void {
  const isObj = (v: unknown): v is Record<string, WireValue> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(left) && isObj(right)) {
    for (const k of new Set([...Object.keys(left), ...Object.keys(right)])) leafDiffs(urn, path ? `${path}.${k}` : k, left[k], right[k], into);
    return;
  }
  if (!isDeepStrictEqual(left, right)) into.push({ urn, field: `outputs.${path}`, left, right });
}

export interface CompareOptions {
  /** `right` is a dry run: its unknown inputs match any value on the left. @default false */
  readonly rightIsDryRun?: boolean;
}

export function compareGraphs(left: RecordedGraph, right: RecordedGraph, opts: CompareOptions = {}): GraphComparison {
  const l = new Map(left.resources.map((r) => [r.urn, r]));
  const r = new Map(right.resources.map((x) => [x.urn, x]));
  const differences: GraphDifference[] = [];
  const outputDifferences: GraphDifference[] = [];
  for (const [urn, a] of l) {
    const b = r.get(urn);
    if (!b) continue;
    fieldDiffs(urn, shape(a), shape(b), opts.rightIsDryRun ?? false, differences);
    leafDiffs(urn, "", renderValue(a.outputs), renderValue(b.outputs), outputDifferences);
  }
  return {
    onlyLeft: sorted([...l.keys()].filter((u) => !r.has(u))),
    onlyRight: sorted([...r.keys()].filter((u) => !l.has(u))),
    differences,
    outputDifferences,
  };
}

export function isEquivalent(c: GraphComparison): boolean {
  return c.onlyLeft.length === 0 && c.onlyRight.length === 0 && c.differences.length === 0;
}

export function formatComparison(c: GraphComparison, labels: [string, string], maxLines = 40): string {
  const lines: string[] = [];
  for (const u of c.onlyLeft) lines.push(`only in ${labels[0]}: ${u}`);
  for (const u of c.onlyRight) lines.push(`only in ${labels[1]}: ${u}`);
  for (const d of c.differences) lines.push(`${d.urn} ${d.field}: ${labels[0]}=${JSON.stringify(d.left)} ${labels[1]}=${JSON.stringify(d.right)}`);
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push(`… ${lines.length - maxLines} more`);
  return shown.join("\n");
}
