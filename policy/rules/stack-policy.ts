import type { EnforcementLevel, PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { type RuleResource, fromPolicyResource } from "./resources";
import { Unknown } from "./values";

/** One finding: a message, against a resource (or the stack when `urn` is absent). */
export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

/** What a rule found: definite violations, and the unknown values that kept it from deciding. */
export class Outcome {
  readonly violations: Violation[] = [];
  readonly undecided: Unknown[] = [];

  report(message: string, urn?: string): void {
    this.violations.push(urn === undefined ? { message } : { message, urn });
  }

  /** Records that `value` blocked a decision when it is an Unknown; returns true in that case. */
  blockedBy(value: unknown): value is Unknown {
    if (value instanceof Unknown) {
      this.undecided.push(value);
      return true;
    }
    return false;
  }
}

/** A rule: a pure function from the stack's resources and the policy config to an outcome. */
export type Rule<C> = (resources: readonly RuleResource[], config: C) => Outcome;

/** Parsed policy config, with the problems found in it (reported as violations against the stack). */
export interface ParsedConfig<C> {
  readonly config: C;
  readonly problems: readonly string[];
}

export interface RuleSpec<C> {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly remediationSteps: string;
  readonly configSchema: PolicyConfigSchema;
  readonly parseConfig: (raw: Readonly<Record<string, unknown>>) => ParsedConfig<C>;
  readonly rule: Rule<C>;
}

/** A stack policy plus its pure parts, exported so tests can reach each layer. */
export interface CrosscloudStackPolicy<C> extends StackValidationPolicy {
  readonly parseConfig: RuleSpec<C>["parseConfig"];
  readonly rule: Rule<C>;
}

/**
 * Wraps a rule as a CrossGuard stack policy. Definite violations are reported first; then, if an
 * unknown value kept the rule from deciding about some resource, the first such unknown's error is
 * re-thrown, which @pulumi/policy reports exactly as it would have for a direct read: one advisory
 * "can't run policy … during preview: <type> value at .<path> can't be known during preview".
 * Config problems are reported against the stack (no URN) and stop the run: a policy that silently
 * ignores a misspelled `allow` list is worse than one that says so.
 */
export function stackPolicy<C>(spec: RuleSpec<C>): CrosscloudStackPolicy<C> {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    remediationSteps: spec.remediationSteps,
    configSchema: spec.configSchema,
    parseConfig: spec.parseConfig,
    rule: spec.rule,
    validateStack: (args, reportViolation) => {
      const { config, problems } = spec.parseConfig(args.getConfig<Record<string, unknown>>());
      if (problems.length > 0) {
        for (const p of problems) reportViolation(`policy config: ${p}`);
        return;
      }
      const outcome = spec.rule(args.resources.map(fromPolicyResource), config);
      for (const v of outcome.violations) reportViolation(v.message, v.urn);
      const first = outcome.undecided[0];
      if (first !== undefined) throw first.error;
    },
  };
}

// --- config helpers --------------------------------------------------------------------------

/** JSON schema of an `allow` list: URNs or logical names of deliberate exceptions. */
export const ALLOW_SCHEMA = {
  type: "array",
  items: { type: "string" },
  default: [],
  description: "URNs or logical names of resources exempt from this policy (deliberate exceptions).",
} as const;

/** Reads an optional string list from config, recording a problem when it has the wrong shape. */
export function stringListConfig(raw: Readonly<Record<string, unknown>>, key: string, problems: string[]): string[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x): x is string => typeof x === "string")) return [...v];
  problems.push(`"${key}" must be a list of strings`);
  return [];
}

/** Reads an optional string from config. */
export function stringConfig(raw: Readonly<Record<string, unknown>>, key: string, problems: string[]): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  problems.push(`"${key}" must be a string`);
  return undefined;
}

/** The common config: only an `allow` list. */
export interface AllowConfig {
  readonly allow: readonly string[];
}

export function parseAllowConfig(raw: Readonly<Record<string, unknown>>): ParsedConfig<AllowConfig> {
  const problems: string[] = [];
  const allow = stringListConfig(raw, "allow", problems);
  return { config: { allow }, problems };
}

export const ALLOW_ONLY_SCHEMA: PolicyConfigSchema = { properties: { allow: ALLOW_SCHEMA } };
