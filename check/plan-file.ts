import {
  type AnalyzerResourceData,
  CheckInputError,
  DEFAULT_OPTIONS,
  parseUrn,
  ROOT_STACK_TYPE,
} from "./resource-data";
import { isInternalKey, isJsonObject, type JsonObject, type JsonValue, UNKNOWN_VALUE, wireSecret } from "./wire";

/** How the offline preview's plan.json shows a secret: the value itself is never written out. */
export const REDACTED_SECRET = "[secret]";

/**
 * plan.json keeps no plaintext for secrets, so a redacted value becomes a secret whose content is
 * unknown. A policy that reads it gets @pulumi/policy's "can't run during preview" advisory,
 * which is the truth: nothing here can know the value. (Sending the string "[secret]" would let a
 * policy silently compare against the placeholder.)
 */
const REDACTED_ON_THE_WIRE = wireSecret(UNKNOWN_VALUE);

/** How plan.json shows a value a dry run (`crosscloud preview --engine grpc --dry-run`) cannot know yet. */
export const UNKNOWN_IN_PLAN = "[unknown]";

function unredact(value: JsonValue): JsonValue {
  if (value === REDACTED_SECRET) return REDACTED_ON_THE_WIRE;
  // Sent as the engine sends a computed value during a preview: policies reading it get the pack's advisory.
  if (value === UNKNOWN_IN_PLAN) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(unredact);
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unredact(v)]));
  }
  return value;
}

function objectOrEmpty(value: JsonValue | undefined, what: string, file: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new CheckInputError(file, `${what} must be an object`);
  return value;
}

function stringList(value: JsonValue | undefined, what: string, file: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
    throw new CheckInputError(file, `${what} must be an array of URN strings`);
  }
  return [...value];
}

/**
 * AnalyzeStack sees a resource's final state. plan.json records inputs and (simulated) outputs
 * separately, so the state is the inputs overlaid by the outputs. A key whose input was secret
 * stays secret, as the engine propagates input secretness to the output of the same name.
 */
function mergedProperties(inputs: JsonObject, outputs: JsonObject): JsonObject {
  const merged: Record<string, JsonValue> = {};
  for (const key of new Set([...Object.keys(inputs), ...Object.keys(outputs)])) {
    if (isInternalKey(key)) continue;
    const input = inputs[key];
    const output = outputs[key];
    merged[key] = unredact(input === REDACTED_SECRET || output === undefined ? (input ?? null) : output);
  }
  return merged;
}

function planResource(raw: JsonValue, index: number, file: string): AnalyzerResourceData {
  const at = `resources[${index}]`;
  if (!isJsonObject(raw)) throw new CheckInputError(file, `${at} must be an object`);
  const { urn, type, name, parent } = raw;
  if (typeof urn !== "string" || parseUrn(urn) === undefined) {
    throw new CheckInputError(file, `${at}.urn must be a URN string (urn:pulumi:<stack>::<project>::<type>::<name>)`);
  }
  if (typeof type !== "string" || type === "") throw new CheckInputError(file, `${at}.type must be a type token string`);
  if (name !== undefined && typeof name !== "string") throw new CheckInputError(file, `${at}.name must be a string`);
  if (parent !== undefined && parent !== null && typeof parent !== "string") {
    throw new CheckInputError(file, `${at}.parent must be a URN string or null`);
  }
  return {
    urn,
    type,
    name: name ?? parseUrn(urn)?.name ?? "",
    properties: mergedProperties(
      objectOrEmpty(raw.inputs, `${at}.inputs`, file),
      objectOrEmpty(raw.outputs, `${at}.outputs`, file),
    ),
    parent: parent ?? "",
    dependencies: stringList(raw.dependencies, `${at}.dependencies`, file),
    propertyDependencies: {},
    options: DEFAULT_OPTIONS,
  };
}

/**
 * The engine always sends the root stack resource, whose state is the stack outputs. When the
 * plan's resource list has none, it is rebuilt from the top-level `outputs` so that policies see
 * the stack outputs as they would under the CLI. Its URN follows the engine's
 * `<project>-<stack>` naming.
 */
function rootStackResource(stack: string, resources: readonly AnalyzerResourceData[], outputs: JsonObject): AnalyzerResourceData[] {
  if (resources.some((r) => r.type === ROOT_STACK_TYPE)) return [];
  const first = resources[0] === undefined ? undefined : parseUrn(resources[0].urn);
  if (first === undefined) return [];
  const name = `${first.project}-${stack}`;
  return [
    {
      urn: `urn:pulumi:${stack}::${first.project}::${ROOT_STACK_TYPE}::${name}`,
      type: ROOT_STACK_TYPE,
      name,
      properties: mergedProperties({}, outputs),
      parent: "",
      dependencies: [],
      propertyDependencies: {},
      options: DEFAULT_OPTIONS,
    },
  ];
}

/**
 * Converts a crosscloud plan.json (`{ stack, resources, violations, outputs }`) into what the
 * engine would send to AnalyzeStack. The plan's own `violations` are ignored: they are what a
 * previous run found, and are recomputed.
 */
export function planToResources(doc: JsonObject, file: string): { stack: string; resources: AnalyzerResourceData[] } {
  const { stack, resources } = doc;
  if (typeof stack !== "string") throw new CheckInputError(file, `"stack" must be a string`);
  if (!Array.isArray(resources)) throw new CheckInputError(file, `"resources" must be an array`);
  const converted = resources.map((r, i) => planResource(r, i, file));
  const outputs = objectOrEmpty(doc.outputs, `"outputs"`, file);
  return { stack, resources: [...rootStackResource(stack, converted, outputs), ...converted] };
}
