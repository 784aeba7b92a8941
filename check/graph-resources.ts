import type { RecordedGraph, RecordedResource } from "../graph";
import { isInternalKey, type JsonObject, type JsonValue } from "./wire";
import { type AnalyzerResourceData, DEFAULT_OPTIONS } from "./resource-data";

/**
 * The recorded graph as the engine hands it to a policy pack's AnalyzeStack after an update: every
 * resource's state (its inputs overlaid by the provider's outputs), secrets with their values (the
 * engine decrypts them for policies), property dependencies and resource options. The offline preview
 * knows every value it simulated, so its policy run sees what the policies would see after `pulumi up`.
 * A plan.json (plan-file.ts) keeps no secret values and no property dependencies; `crosscloud check` on
 * it sees less, and says so where a policy needs a secret's value.
 */

/** Go duration text (`"30m"`, `"1h30m"`, `"45s"`) to whole seconds; 0 for empty or unreadable. */
function seconds(duration: string): number {
  let total = 0;
  for (const m of duration.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) total += Number(m[1]) * (m[2] === "h" ? 3600 : m[2] === "m" ? 60 : 1);
  return Math.round(total);
}

function state(r: RecordedResource): JsonObject {
  const merged: Record<string, JsonValue> = {};
  for (const key of new Set([...Object.keys(r.wireInputs), ...Object.keys(r.wireOutputs)])) {
    if (isInternalKey(key)) continue;
    const output = r.wireOutputs[key];
    merged[key] = output === undefined ? (r.wireInputs[key] ?? null) : output;
  }
  return merged;
}

export function resourcesFromGraph(graph: RecordedGraph): AnalyzerResourceData[] {
  return graph.resources.map((r) => {
    const o = r.options;
    const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length > 0));
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      properties: state(r),
      parent: r.parent ?? "",
      dependencies: [...r.dependencies],
      propertyDependencies,
      options: {
        ...DEFAULT_OPTIONS,
        protect: o.protect,
        ignoreChanges: [...o.ignoreChanges],
        ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
        additionalSecretOutputs: [...o.additionalSecretOutputs],
        aliases: o.aliases.filter((a): a is string => typeof a === "string"),
        customTimeouts: { create: seconds(o.customTimeouts.create), update: seconds(o.customTimeouts.update), delete: seconds(o.customTimeouts.delete) },
      },
    };
  });
}
