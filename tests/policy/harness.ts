/**
 * Runs a crosscloud stack policy in-process, the way @pulumi/policy's AnalyzeStack handler does:
 * each resource's props behind the real unknown-checking proxy (so reading an unknown throws
 * UnknownValueError), parents and dependencies as resource objects, `getConfig` returning the
 * policy's config, and a thrown UnknownValueError turned into the "can't run" advisory.
 */
import * as policySdk from "@pulumi/policy";
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { UNKNOWN_VALUE } from "../../check/wire";

// Runtime exports of @pulumi/policy that its typings mark @internal.
const internals = policySdk as unknown as {
  unknownCheckingProxy: <T extends object>(props: T) => T;
  UnknownValueError: new (...args: never[]) => Error;
};

/** A value nobody knows yet (the engine's wire sentinel, as a preview sends a computed output). */
export const UNKNOWN = UNKNOWN_VALUE;

export const STACK = "dev";
export const urnOf = (type: string, name: string): string => `urn:pulumi:${STACK}::crosscloud::${type}::${name}`;

export interface FakeResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** Names of resources this one depends on. */
  readonly dependsOn?: readonly string[];
  /** Property → names of the resources its value came from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly additionalSecretOutputs?: readonly string[];
  /** Name of the parent resource. */
  readonly parent?: string;
}

export const r = (type: string, name: string, props: Record<string, unknown>, more: Omit<FakeResource, "type" | "name" | "props"> = {}): FakeResource => ({
  type,
  name,
  props,
  ...more,
});

/** Builds @pulumi/policy PolicyResources from fakes, linking names to objects as the pack's server does. */
export function policyResources(fakes: readonly FakeResource[]): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  for (const f of fakes) {
    // A JSON round trip, not structuredClone: under jest that returns objects of another realm, which
    // the proxy (it checks `instanceof Object`) would leave unwrapped.
    const props = internals.unknownCheckingProxy(JSON.parse(JSON.stringify(f.props)) as Record<string, unknown>);
    built.set(f.name, {
      type: f.type,
      props,
      urn: urnOf(f.type, f.name),
      name: f.name,
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [...(f.additionalSecretOutputs ?? [])] },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource);
  }
  const get = (name: string): PolicyResource => {
    const found = built.get(name);
    if (!found) throw new Error(`test setup: no resource named ${name}`);
    return found;
  };
  for (const f of fakes) {
    const res = get(f.name);
    if (f.parent !== undefined) res.parent = get(f.parent);
    res.dependencies = (f.dependsOn ?? []).map(get);
    res.propertyDependencies = Object.fromEntries(Object.entries(f.propertyDependencies ?? {}).map(([k, names]) => [k, names.map(get)]));
  }
  return fakes.map((f) => get(f.name));
}

export interface Finding {
  readonly message: string;
  readonly urn?: string;
}

export interface RunResult {
  readonly violations: Finding[];
  /** The "can't run … during preview" reason, when the policy stopped on an unknown value. */
  readonly cantRun?: string;
}

/** Runs `policy.validateStack` over the fakes with `config`, collecting reportViolation calls. */
export function run(policy: StackValidationPolicy, fakes: readonly FakeResource[], config: Record<string, unknown> = {}): RunResult {
  const violations: Finding[] = [];
  const args = {
    resources: policyResources(fakes),
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>(): T => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  };
  try {
    const result = policy.validateStack(args, (message: string, urn?: string) => violations.push(urn === undefined ? { message } : { message, urn }));
    if (result instanceof Promise) throw new Error("crosscloud policies are synchronous");
  } catch (err) {
    if (err instanceof internals.UnknownValueError) return { violations, cantRun: err.message };
    throw err;
  }
  return { violations };
}

/** The URNs violations were reported against, in order. */
export const urns = (result: RunResult): (string | undefined)[] => result.violations.map((v) => v.urn);
