import type { RecordedGraph, RecordedObject, RecordedResource } from "../../../graph";

/**
 * A recorded graph with one resource's inputs changed, as a mistaken program would have rendered it
 * (the rest of the graph, ids and property dependencies included, untouched).
 */
export function withInputs(graph: RecordedGraph, type: string, name: string, patch: (inputs: RecordedObject) => RecordedObject): RecordedGraph {
  let found = 0;
  const resources = graph.resources.map((r): RecordedResource => {
    if (r.type !== type || r.name !== name) return r;
    found++;
    return { ...r, inputs: patch(r.inputs) };
  });
  if (found !== 1) throw new Error(`${type} ${name}: ${found} recorded`);
  return { ...graph, resources };
}
