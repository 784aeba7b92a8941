import {
  type AnalyzerProviderData,
  type AnalyzerResourceData,
  type AnalyzerResourceOptionsData,
  CheckInputError,
  DEFAULT_OPTIONS,
  parseUrn,
} from "./resource-data";
import {
  ARCHIVE_SIG,
  ASSET_SIG,
  isInternalKey,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  RESOURCE_REFERENCE_SIG,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN_VALUE,
  wireSecret,
} from "./wire";

/** The only checkpoint version `pulumi stack export` has written since Pulumi 2.x. */
export const STACK_EXPORT_VERSION = 3;

interface Where {
  readonly file: string;
  readonly urn: string;
  readonly path: string;
}

/**
 * Turns a value from a checkpoint into what the engine would marshal for an analyzer
 * (`KeepSecrets`, `KeepUnknowns`, but not `KeepResources`).
 */
function decodeStateValue(value: JsonValue, where: Where): JsonValue {
  if (Array.isArray(value)) return value.map((v, i) => decodeStateValue(v, { ...where, path: `${where.path}[${i}]` }));
  if (!isJsonObject(value)) return value;
  const sig = value[SIG_KEY];
  if (sig === undefined) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, decodeStateValue(v, { ...where, path: `${where.path}.${k}` })]),
    );
  }
  switch (sig) {
    case SECRET_SIG:
      return decodeSecret(value, where);
    case ASSET_SIG:
    case ARCHIVE_SIG:
      // Assets and archives travel as they are stored; @pulumi/policy rebuilds them.
      return value;
    case RESOURCE_REFERENCE_SIG: {
      // Without KeepResources the engine downgrades a reference to the resource's ID (custom
      // resources) or its URN (components), and @pulumi/policy cannot decode references anyway.
      const { id, urn } = value;
      if (typeof id === "string" && id !== "") return id;
      if (typeof urn === "string") return urn;
      throw new CheckInputError(where.file, `${where.urn}: resource reference at ${where.path} has no urn`);
    }
    default:
      throw new CheckInputError(
        where.file,
        `${where.urn}: unknown value signature ${JSON.stringify(sig)} at ${where.path} ` +
          `(expected a secret, asset, archive or resource reference)`,
      );
  }
}

/**
 * An export holds secrets either as `ciphertext` (the default) or as `plaintext` (a JSON text,
 * from `pulumi stack export --show-secrets`). The engine hands policies the decrypted value; with
 * only ciphertext at hand that value is unknown, which policies see as "can't run during preview".
 */
function decodeSecret(value: JsonObject, where: Where): JsonObject {
  const { plaintext, ciphertext } = value;
  if (typeof plaintext === "string") {
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(plaintext) as JsonValue;
    } catch {
      throw new CheckInputError(where.file, `${where.urn}: secret at ${where.path} has a plaintext that is not JSON`);
    }
    return wireSecret(decodeStateValue(parsed, where));
  }
  if (typeof ciphertext === "string") return wireSecret(UNKNOWN_VALUE);
  if ("value" in value) return wireSecret(decodeStateValue(value.value ?? null, where));
  throw new CheckInputError(where.file, `${where.urn}: secret at ${where.path} has neither ciphertext nor plaintext`);
}

function decodeProperties(value: JsonValue | undefined, where: Where): JsonObject {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new CheckInputError(where.file, `${where.urn}: ${where.path} must be an object`);
  const decoded: Record<string, JsonValue> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isInternalKey(key)) decoded[key] = decodeStateValue(v, { ...where, path: `${where.path}.${key}` });
  }
  return decoded;
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function seconds(value: JsonValue | undefined): number {
  return typeof value === "number" ? value : 0;
}

function stateOptions(state: JsonObject): AnalyzerResourceOptionsData {
  const timeouts = isJsonObject(state.customTimeouts) ? state.customTimeouts : {};
  return {
    ...DEFAULT_OPTIONS,
    protect: state.protect === true,
    ignoreChanges: strings(state.ignoreChanges),
    additionalSecretOutputs: strings(state.additionalSecretOutputs),
    aliases: strings(state.aliases),
    customTimeouts: { create: seconds(timeouts.create), update: seconds(timeouts.update), delete: seconds(timeouts.delete) },
  };
}

function propertyDependencies(value: JsonValue | undefined): Record<string, string[]> {
  if (!isJsonObject(value)) return {};
  const deps: Record<string, string[]> = {};
  for (const [key, urns] of Object.entries(value)) {
    const list = strings(urns);
    // The engine leaves out properties that depend on nothing.
    if (list.length > 0) deps[key] = list;
  }
  return deps;
}

/** A provider reference is `<provider URN>::<provider ID>`; URNs contain `::` too, so split at the last one. */
function providerUrn(reference: string): string {
  const at = reference.lastIndexOf("::");
  return at < 0 ? reference : reference.slice(0, at);
}

function checkedState(raw: JsonValue, index: number, file: string): JsonObject & { urn: string; type: string } {
  const at = `deployment.resources[${index}]`;
  if (!isJsonObject(raw)) throw new CheckInputError(file, `${at} must be an object`);
  const { urn, type } = raw;
  if (typeof urn !== "string" || parseUrn(urn) === undefined) throw new CheckInputError(file, `${at}.urn must be a URN string`);
  if (typeof type !== "string" || type === "") throw new CheckInputError(file, `${at}.type must be a type token string`);
  return { ...raw, urn, type };
}

/**
 * Converts `pulumi stack export` output (checkpoint version 3) into what the engine sends to
 * AnalyzeStack. Like the engine, which analyzes every resource of the new state (root stack and
 * provider resources included) with its *outputs* as properties, it keeps every resource except
 * those only awaiting deletion (`delete: true`), which are not part of the new state.
 */
export function stackExportToResources(doc: JsonObject, file: string): { stack: string; resources: AnalyzerResourceData[] } {
  if (doc.version !== STACK_EXPORT_VERSION) {
    throw new CheckInputError(
      file,
      `stack export version ${JSON.stringify(doc.version)} is not supported (expected ${STACK_EXPORT_VERSION}, what \`pulumi stack export\` writes)`,
    );
  }
  const deployment = doc.deployment;
  if (!isJsonObject(deployment)) throw new CheckInputError(file, `"deployment" must be an object`);
  const rawResources = deployment.resources ?? [];
  if (!Array.isArray(rawResources)) throw new CheckInputError(file, `"deployment.resources" must be an array`);

  const states = rawResources.map((r, i) => checkedState(r, i, file)).filter((s) => s.delete !== true);
  const byUrn = new Map(states.map((s) => [s.urn, s]));

  const provider = (state: JsonObject & { urn: string }): AnalyzerProviderData | undefined => {
    if (typeof state.provider !== "string" || state.provider === "") return undefined;
    const urn = providerUrn(state.provider);
    const found = byUrn.get(urn);
    if (found === undefined) {
      throw new CheckInputError(file, `${state.urn}: its provider ${state.provider} is not among the exported resources`);
    }
    return {
      urn,
      type: found.type,
      name: parseUrn(urn)?.name ?? "",
      properties: decodeProperties(found.inputs, { file, urn, path: "inputs" }),
    };
  };

  const resources = states.map((state): AnalyzerResourceData => {
    const prov = provider(state);
    return {
      urn: state.urn,
      type: state.type,
      name: parseUrn(state.urn)?.name ?? "",
      properties: decodeProperties(state.outputs, { file, urn: state.urn, path: "outputs" }),
      parent: typeof state.parent === "string" ? state.parent : "",
      dependencies: strings(state.dependencies),
      propertyDependencies: propertyDependencies(state.propertyDependencies),
      options: stateOptions(state),
      ...(prov === undefined ? {} : { provider: prov }),
    };
  });
  const stack = resources[0] === undefined ? "" : (parseUrn(resources[0].urn)?.stack ?? "");
  return { stack, resources };
}
