import { readFile } from "node:fs/promises";
import type { AnalyzerInfo, EnforcementLevel, PolicyConfigEntry } from "./client";
import { CheckInputError } from "./resource-data";
import { isJsonObject, type JsonObject, type JsonValue } from "./wire";

/**
 * The Pulumi CLI's `--policy-pack-config` file format, so the same file works for both:
 * ```json
 * { "all": "advisory",
 *   "some-policy": "mandatory",
 *   "other-policy": { "enforcementLevel": "disabled", "someProperty": 42 } }
 * ```
 * `all` sets the level of every policy; a policy's own entry wins over it.
 */
export type PolicyPackConfig = Readonly<Record<string, EnforcementLevel | PolicyPackConfigObject>>;
export interface PolicyPackConfigObject {
  readonly enforcementLevel?: EnforcementLevel;
  readonly [property: string]: JsonValue | undefined;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
const ALL = "all";

function isLevel(value: JsonValue | undefined): value is EnforcementLevel {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

/** Validates a parsed config document; `source` names it in errors. */
export function parsePolicyPackConfig(doc: JsonValue, source: string): PolicyPackConfig {
  if (!isJsonObject(doc)) throw new CheckInputError(source, "policy config must be a JSON object keyed by policy name");
  const config: Record<string, EnforcementLevel | PolicyPackConfigObject> = {};
  for (const [name, value] of Object.entries(doc)) {
    const level = isJsonObject(value) ? value.enforcementLevel : value;
    if (isJsonObject(value) ? level !== undefined && !isLevel(level) : !isLevel(level)) {
      throw new CheckInputError(source, `"${name}": enforcement level ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
    }
    if (name === ALL && isJsonObject(value) && Object.keys(value).some((k) => k !== "enforcementLevel")) {
      throw new CheckInputError(source, `"all" may only set enforcementLevel`);
    }
    config[name] = value as EnforcementLevel | PolicyPackConfigObject;
  }
  return config;
}

export async function loadPolicyPackConfig(file: string): Promise<PolicyPackConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new CheckInputError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return parsePolicyPackConfig(JSON.parse(text) as JsonValue, file);
  } catch (err) {
    if (err instanceof CheckInputError) throw err;
    throw new CheckInputError(file, `is not JSON (${(err as Error).message})`);
  }
}

/**
 * Turns a config file into the per-policy entries `Configure` takes, as the engine does. The
 * proto cannot leave a level unset (0 means advisory), so a policy configured without a level
 * keeps the level the pack declares for it, and `all` applies to every policy of the pack.
 * Naming a policy the pack does not have is an error rather than a silently ignored typo.
 * (Config properties are not validated against the policy's schema here.)
 */
export function resolvePolicyConfig(config: PolicyPackConfig, info: AnalyzerInfo, source: string): Record<string, PolicyConfigEntry> {
  const known = new Set(info.policies.map((p) => p.name));
  const unknown = Object.keys(config).filter((name) => name !== ALL && !known.has(name));
  if (unknown.length > 0) {
    throw new CheckInputError(
      source,
      `no policy named ${unknown.map((n) => `"${n}"`).join(", ")} in pack ${info.name} (it has: ${[...known].join(", ")})`,
    );
  }
  const all = config[ALL];
  const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
  const entries: Record<string, PolicyConfigEntry> = {};
  for (const policy of info.policies) {
    const own = config[policy.name];
    if (own === undefined && allLevel === undefined) continue;
    const ownLevel = typeof own === "string" ? own : own?.enforcementLevel;
    const properties: Record<string, JsonValue> = {};
    if (typeof own === "object") {
      for (const [k, v] of Object.entries(own)) if (k !== "enforcementLevel" && v !== undefined) properties[k] = v;
    }
    entries[policy.name] = {
      enforcementLevel: ownLevel ?? allLevel ?? policy.enforcementLevel,
      properties: properties as JsonObject,
    };
  }
  return entries;
}
