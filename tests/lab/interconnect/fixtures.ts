import { join } from "node:path";
import { RecordedGraph, RecordedResource } from "../../../graph";
import { secondPassConfig } from "../../../cli/lab-pass2";
import { runStackPreview } from "../../../preview/stack";

/** The prod stack's second pass (providerProvisioned: true): the one that renders the ExpressRoute connection. */
export async function prodSecondPass(): Promise<RecordedGraph> {
  const pass2 = secondPassConfig(join(__dirname, "..", "..", "..", "stacks", "Pulumi.prod.yaml"));
  try {
    return (await runStackPreview({ stack: "prod", policy: false, config: pass2.file })).graph;
  } finally {
    pass2.cleanup();
  }
}

/** A copy of the graph with one resource's recorded values changed (inputs win over outputs when read). */
export function mutate(graph: RecordedGraph, type: string, name: string, change: (values: Record<string, unknown>) => Record<string, unknown>): RecordedGraph {
  let hit = false;
  const resources = graph.resources.map((r): RecordedResource => {
    if (r.type !== type || r.name !== name) return r;
    hit = true;
    return { ...r, inputs: change({ ...r.outputs, ...r.inputs }) as RecordedResource["inputs"] };
  });
  if (!hit) throw new Error(`no ${type} ${name} to mutate`);
  return { ...graph, resources };
}
