/** Runs a sample stack through `crosscloud preview` (in-process) and gives the plan.json contract back. */
import { runStackPreview, PreviewResult } from "../../preview/stack";
import { serializePlan } from "../../preview/plan-json";

export interface PlanFileResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id: string | null;
  readonly parent: string | null;
  readonly dependencies: readonly string[];
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}
export interface PlanFile {
  readonly stack: string;
  readonly resources: readonly PlanFileResource[];
  readonly violations: readonly { policy: string; level: string; urn: string; message: string }[];
  readonly outputs: Record<string, unknown>;
}

export interface StackRun {
  readonly result: PreviewResult;
  readonly text: string;
  readonly plan: PlanFile;
}

export async function previewStack(stack: string, policy = true, config?: string): Promise<StackRun> {
  const result = await runStackPreview({ stack, policy, ...(config ? { config } : {}) });
  const text = serializePlan(result.graph, { violations: result.violations });
  return { result, text, plan: JSON.parse(text) as PlanFile };
}

export const ofType = (plan: PlanFile, type: string): PlanFileResource[] => plan.resources.filter((r) => r.type === type);
export const named = (plan: PlanFile, type: string, name: string): PlanFileResource => {
  const r = plan.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name} in plan ${plan.stack}`);
  return r;
};
export const get = (obj: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((cur, k) => (typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[k] : undefined), obj);

/** Every URN `r` waits for, transitively, through the plan's dependency lists. */
export function closure(plan: PlanFile, r: PlanFileResource): Set<string> {
  const byUrn = new Map(plan.resources.map((x) => [x.urn, x] as const));
  const seen = new Set<string>();
  const todo = [...r.dependencies];
  while (todo.length > 0) {
    const urn = todo.pop() as string;
    if (seen.has(urn)) continue;
    seen.add(urn);
    todo.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return seen;
}
