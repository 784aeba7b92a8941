/**
 * `plan.json`: the contract tests and external checks read (DESIGN.md, "Offline preview").
 *
 * ```json
 * { "stack": "dev",
 *   "resources": [{ "urn", "type", "name", "parent", "dependencies", "inputs", "outputs" }],
 *   "violations": [{ "policy", "level", "urn", "message" }],
 *   "outputs": { ... },
 *   "cost": { "traffic", "fixed", "paths", "totalMonthlyUsd", "prices", ... } }
 * ```
 * `cost` (issue 17) is the preview's monthly cost estimate: the fixed cost per resource kind, the per-GB
 * cost of each cross-cloud path, the traffic assumption and every price used with its source.
 * Secrets are `"[secret]"` wherever they occur; resources are sorted by URN and object keys
 * alphabetically, so the same program always writes the same bytes.
 */
import { writeFileSync } from "node:fs";
import { collectSecrets, renderValue, type RecordedGraph, type WireObject, type WireValue } from "../graph";
import type { CostEstimate } from "../sdk";
import { estimateGraphCost } from "./cost";

export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Provider id of a custom resource (what other resources' inputs refer to); `null` for components. */
  readonly id: string | null;
  /** Parent URN, `null` for the root stack. */
  readonly parent: string | null;
  /** Every URN this resource waits for (explicit and property dependencies), sorted. */
  readonly dependencies: readonly string[];
  readonly inputs: WireObject;
  readonly outputs: WireObject;
}

export type ViolationLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export interface PlanViolation {
  readonly policy: string;
  readonly level: ViolationLevel;
  /** The resource's URN; `""` for a stack-wide violation. */
  readonly urn: string;
  readonly message: string;
}

export interface PlanJson {
  readonly stack: string;
  readonly resources: readonly PlanResource[];
  readonly violations: readonly PlanViolation[];
  readonly outputs: WireObject;
  readonly cost: CostEstimate;
}

export interface PlanOptions {
  /** Policy violations to include (the policy run produces them). @default [] */
  readonly violations?: readonly PlanViolation[];
  /** The cost estimate. @default - list prices and 1000 GB a month (`estimateGraphCost`) */
  readonly cost?: CostEstimate;
}

function asObject(value: WireValue): WireObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as WireObject) : {};
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildPlan(graph: RecordedGraph, opts: PlanOptions = {}): PlanJson {
  const resources = [...graph.resources]
    .sort((a, b) => byString(a.urn, b.urn))
    .map((r): PlanResource => {
      const deps = new Set(r.dependencies);
      for (const urns of Object.values(r.propertyDependencies)) for (const urn of urns) deps.add(urn);
      return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        id: r.id ?? null,
        parent: r.parent ?? null,
        dependencies: [...deps].sort(byString),
        inputs: asObject(renderValue(r.inputs)),
        outputs: asObject(renderValue(r.outputs)),
      };
    });
  const violations = [...(opts.violations ?? [])].sort(
    (a, b) => byString(a.urn, b.urn) || byString(a.policy, b.policy) || byString(a.message, b.message),
  );
  return { stack: graph.stack, resources, violations, outputs: asObject(renderValue(graph.stackOutputs)), cost: opts.cost ?? estimateGraphCost(graph) };
}

/** A secret's plaintext was found in text meant to show it as "[secret]". Names where the secret came from, never its value. */
export class SecretLeakError extends Error {
  constructor(readonly sources: readonly string[]) {
    super(`secret plaintext found in the serialized plan; the secrets came from:\n${sources.map((s) => `  - ${s}`).join("\n")}`);
    this.name = "SecretLeakError";
  }
}

/**
 * Secrets shorter than this are not searched for: a 1–5 character string (or a number) would
 * match by coincidence. Every secret crosscloud handles (PSKs, BGP keys, passwords) is 8+ long.
 */
export const MIN_SECRET_LENGTH_CHECKED = 6;

/**
 * Throws {@link SecretLeakError} if the plaintext of any secret recorded in `graph` (inputs,
 * outputs, the stack's outputs, invoke results) appears anywhere in `text`, raw or JSON-escaped.
 */
export function assertNoSecretLeak(text: string, graph: RecordedGraph): void {
  const found: Array<{ path: string; plaintext: string }> = [];
  for (const r of graph.resources) {
    collectSecrets(r.inputs, `${r.urn} inputs`, found);
    collectSecrets(r.outputs, `${r.urn} outputs`, found);
  }
  // The stack outputs are the root stack resource's outputs, already walked above.
  for (const i of graph.invokes) if (i.result) collectSecrets(i.result, `invoke ${i.token}`, found);

  const leaks = new Set<string>();
  for (const { path, plaintext } of found) {
    if (plaintext.length < MIN_SECRET_LENGTH_CHECKED) continue;
    const escaped = JSON.stringify(plaintext).slice(1, -1);
    if (text.includes(plaintext) || text.includes(escaped)) leaks.add(path);
  }
  if (leaks.size > 0) throw new SecretLeakError([...leaks].sort(byString));
}

/** `plan.json` text (2-space JSON + newline), checked for secret leaks before it is returned. */
export function serializePlan(graph: RecordedGraph, opts: PlanOptions = {}): string {
  const text = `${JSON.stringify(buildPlan(graph, opts), null, 2)}\n`;
  assertNoSecretLeak(text, graph);
  return text;
}

/** Writes `plan.json` to `path` (only after the leak check passed). */
export function writePlanJson(path: string, graph: RecordedGraph, opts: PlanOptions = {}): void {
  writeFileSync(path, serializePlan(graph, opts));
}
