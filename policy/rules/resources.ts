import type { PolicyResource } from "@pulumi/policy";
import { ResourceIndex, T } from "crosscloud/graph";
import { Unknown, type Value, type ValueObject, get, isValueObject, snapshot } from "./values";

/**
 * The resources a rule sees: plain data, built once per policy run from @pulumi/policy's
 * `PolicyResource`s. Links to other resources are URNs, so rules stay pure functions of data.
 */
export interface RuleResource {
  readonly type: string;
  readonly urn: string;
  /** The logical name (the URN's last part). */
  readonly name: string;
  /** Outputs (in a plan.json: inputs overlaid by outputs), unknowns as {@link Unknown}. */
  readonly props: ValueObject;
  /** Parent URN, if any. */
  readonly parent?: string;
  readonly dependencies: readonly string[];
  /** Property name → URNs the property's value came from (empty in a plan.json). */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Outputs the program or the provider SDK declared secret (stored encrypted in the state). */
  readonly additionalSecretOutputs: readonly string[];
}

/** Type tokens, stated once in the graph layer. */
export { T };

/** Converts what @pulumi/policy passes a stack policy into a {@link RuleResource}. */
export function fromPolicyResource(r: PolicyResource): RuleResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
  const props = snapshot(r.props);
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: isValueObject(props) ? props : {},
    ...(r.parent ? { parent: r.parent.urn } : {}),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
    additionalSecretOutputs: [...(r.opts?.additionalSecretOutputs ?? [])],
  };
}

/** `"aws:ec2/route:Route \"hub-spoke-a\""`: how messages name a resource. */
export const label = (r: RuleResource): string => `${r.type} "${r.name}"`;

/** Whether `allow` (URNs or logical names from a policy's config) exempts this resource. */
export const isAllowed = (r: RuleResource, allow: readonly string[]): boolean => allow.includes(r.urn) || allow.includes(r.name);

/** The stack name in a resource's URN (`urn:pulumi:<stack>::…`), or undefined. */
export function stackOfUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m?.[1];
}

/**
 * The stack's resources indexed for reference resolution (graph/resolve.ts): property dependencies, then
 * the referenced id (`id`, an ARN's resource part, Azure `rg/name`), then a single dependency of the type.
 */
export class StackIndex extends ResourceIndex<RuleResource> {
  constructor(resources: readonly RuleResource[]) {
    // A null property is an unset one (the engine sends unset optionals as null).
    super(resources, (r, path) => get(r.props, ...path.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k))) ?? undefined);
  }
}

/** The value at `key`, or the first present of several keys (inputs and outputs name some fields differently). */
export function firstOf(r: RuleResource, ...keys: readonly string[]): Value {
  for (const k of keys) if (r.props[k] !== undefined) return r.props[k];
  return undefined;
}

export { Unknown };
