/**
 * Pulumi mocks for component tests: the offline preview's recording monitor and simulated clouds,
 * installed when this module is imported.
 *
 * Import it FIRST, before the code under test, so no resource is constructed without a monitor:
 *
 * ```ts
 * import { mocks } from "./pulumi-mocks";
 * import { SiteToSiteVpn } from "../../components/site-to-site-vpn";
 *
 * afterEach(() => mocks.reset());
 * it("points the LNG at AWS tunnel 1", async () => {
 *   new SiteToSiteVpn("dev", args);
 *   await mocks.settled();
 *   const vpn = mocks.created("aws:ec2/vpnConnection:VpnConnection", "dev-a-vpn");
 *   const lng = mocks.created("azure-native:network:LocalNetworkGateway", "dev-a-t1-lng");
 *   expect(lng.input("gatewayIpAddress")).toBe(vpn.output("tunnel1Address"));
 *   expect(lng.propertyDependencies["gatewayIpAddress"]).toEqual([vpn.urn]);
 * });
 * ```
 * Resources created here have no root stack (as with `pulumi.runtime.setMocks`), so top-level
 * resources have `parent === undefined`. For whole programs with a stack, use `runPreview`.
 */
import * as pulumi from "@pulumi/pulumi";
import { type RecordedGraph, type RecordedInvoke, type RecordedResource } from "../../graph";
import { RecordingMonitor } from "../../preview/recording-monitor";
import { installMonitor, waitForRPCs } from "../../preview/sdk-internals";
import { SimulatedCloud } from "../../preview/simulate";
import { getPath, SecretValue } from "../../graph";

export { SecretValue };

export const TEST_PROJECT = "crosscloud";
export const TEST_STACK = "test";

const cloud = new SimulatedCloud();
const monitor = new RecordingMonitor(cloud);
installMonitor(monitor, { project: TEST_PROJECT, stack: TEST_STACK, preview: false });

/** How many of `monitor.failures` a test has already been told about (by `settled()` throwing). */
let reported = 0;

function unreportedFailures(): string[] {
  return monitor.failures.slice(reported).map((f) => `${f.operation} ${f.subject}: ${f.message}`);
}

async function drain(): Promise<void> {
  await waitForRPCs();
}

/*
 * The monitor answers a failed registration (duplicate URN, a simulator refusing its inputs) with
 * an unknown id instead of an error, and records it; these hooks make sure a test that never
 * called settled() still fails because of it.
 */
if (typeof afterEach === "function") {
  afterEach(async () => {
    await drain();
    const problems = unreportedFailures();
    reported = monitor.failures.length;
    if (problems.length > 0) throw new Error(`Pulumi registrations failed in this test:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  });
}

/** A recorded resource plus path readers over its inputs and outputs. */
export interface CreatedResource extends RecordedResource {
  /** `input("bgpSettings.bgpPeeringAddress")`, `input("ipConfigurations[0].subnet.id")`; secrets come back as {@link SecretValue}. */
  input(path: string): unknown;
  output(path: string): unknown;
}

/** What an `Output` holds, for asserting on component outputs. */
export interface OutputValue<T> {
  readonly value: T | undefined;
  readonly isKnown: boolean;
  readonly isSecret: boolean;
  /** URNs of the resources the output depends on, sorted. */
  readonly dependencies: readonly string[];
}

/** The parts of `OutputImpl` that are `@internal` in the SDK's types but stable at runtime. */
interface OutputInternals {
  promise(withUnknowns?: boolean): Promise<unknown>;
  readonly isKnown: Promise<boolean>;
  readonly isSecret: Promise<boolean>;
  allResources?: () => Promise<Set<pulumi.Resource>>;
}

function hasOutputInternals(value: unknown): value is OutputInternals {
  const v = value as Partial<OutputInternals> | undefined;
  return typeof v?.promise === "function" && v.isKnown instanceof Promise && v.isSecret instanceof Promise;
}

function wrap(r: RecordedResource): CreatedResource {
  return {
    ...r,
    input: (path: string): unknown => getPath(r.inputs, path),
    output: (path: string): unknown => getPath(r.outputs, path),
  };
}

function describeNearMatches(type: string, name: string, resources: readonly RecordedResource[]): string {
  const sameType = resources.filter((r) => r.type === type).map((r) => `    ${r.name}`);
  const sameName = resources.filter((r) => r.type !== type && r.name === name).map((r) => `    ${r.type}`);
  const parts = [`no resource ${type} named '${name}' was registered (${resources.length} registrations in all).`];
  if (sameType.length > 0) parts.push(`  Registered ${type} names:\n${sameType.join("\n")}`);
  if (sameName.length > 0) parts.push(`  '${name}' was registered with type(s):\n${sameName.join("\n")}`);
  if (sameType.length + sameName.length === 0) {
    const some = resources.slice(0, 15).map((r) => `    ${r.type} ${r.name}`);
    parts.push(some.length > 0 ? `  Registered so far:\n${some.join("\n")}` : "  Nothing is registered yet: did you await mocks.settled()?");
  }
  return parts.join("\n");
}

export const mocks = {
  /** The simulated clouds answering registrations (ids, addresses, invokes). */
  cloud,
  /** The monitor recording them. */
  monitor,

  /**
   * Waits until every registration, invoke and `registerOutputs` issued so far has completed.
   * Throws if any of them failed (a duplicate URN, an unsimulated invoke, a simulator error).
   */
  async settled(): Promise<void> {
    await drain();
    const problems = unreportedFailures();
    reported = monitor.failures.length;
    if (problems.length > 0) {
      throw new Error(`Pulumi registrations failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
  },

  /** The one resource registered with this type and name; throws listing near matches if there is none. */
  created(type: string, name: string): CreatedResource {
    const resources = monitor.graph().resources;
    const matches = resources.filter((r) => r.type === type && r.name === name);
    const [first] = matches;
    if (first === undefined) throw new Error(describeNearMatches(type, name, resources));
    if (matches.length > 1) {
      throw new Error(`${matches.length} resources ${type} are named '${name}' (under different parents):\n${matches.map((m) => `    ${m.urn}`).join("\n")}`);
    }
    return wrap(first);
  },

  /** Every registration (of `type`, if given), in registration order. */
  all(type?: string): CreatedResource[] {
    return monitor
      .graph()
      .resources.filter((r) => type === undefined || r.type === type)
      .map(wrap);
  },

  /** Direct children of a resource (by URN or record), in registration order. */
  childrenOf(parent: string | RecordedResource): CreatedResource[] {
    const urn = typeof parent === "string" ? parent : parent.urn;
    return monitor
      .graph()
      .resources.filter((r) => r.parent === urn)
      .map(wrap);
  },

  /** Recorded invokes (of `token`, if given). */
  invokes(token?: string): RecordedInvoke[] {
    return monitor.graph().invokes.filter((i) => token === undefined || i.token === token);
  },

  /** Everything recorded so far, for the preview renderers. */
  graph(): RecordedGraph {
    return monitor.graph();
  },

  /**
   * Waits for outstanding registrations, then forgets every recorded resource, invoke, failure and
   * simulated address, so the next test can reuse names. Use as `afterEach(() => mocks.reset())`.
   * Throws if a registration failed and `settled()` never reported it.
   */
  async reset(): Promise<void> {
    await drain();
    const problems = unreportedFailures();
    monitor.clear();
    cloud.reset();
    reported = 0;
    if (problems.length > 0) {
      throw new Error(`Pulumi registrations failed and no test looked (call mocks.settled()):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
  },

  /** Resolves an `Output` (or plain input) to its value, known-ness, secretness and resource dependencies. */
  async outputOf<T>(value: pulumi.Input<T>): Promise<OutputValue<pulumi.Unwrap<T>>> {
    const out: unknown = pulumi.output(value);
    if (!hasOutputInternals(out)) throw new Error("outputOf: this @pulumi/pulumi Output lacks promise/isKnown/isSecret");
    const [raw, isKnown, isSecret, resources] = await Promise.all([
      out.promise(true),
      out.isKnown,
      out.isSecret,
      out.allResources ? out.allResources() : Promise.resolve(new Set<pulumi.Resource>()),
    ]);
    const urns = await Promise.all([...resources].map((r) => new Promise<string>((resolve) => r.urn.apply((u) => resolve(u)))));
    return {
      value: isKnown ? (raw as pulumi.Unwrap<T>) : undefined,
      isKnown,
      isSecret,
      dependencies: [...new Set(urns)].sort(),
    };
  },

  /** The value of an `Output`; throws if it is unknown. */
  async valueOf<T>(value: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
    const result = await mocks.outputOf(value);
    if (!result.isKnown) throw new Error("valueOf: the output is unknown");
    return result.value as pulumi.Unwrap<T>;
  },

  /** Sets the config `new pulumi.Config()` sees, keyed `"<namespace>:<key>"` (e.g. `"aws:region"`). */
  setConfig(config: Readonly<Record<string, string>>, secretKeys: readonly string[] = []): void {
    pulumi.runtime.setAllConfig({ ...config }, [...secretKeys]);
  },

  /** The plaintext of a recorded secret; throws if `value` is not a secret (so it also asserts secrecy). */
  reveal(value: unknown): unknown {
    if (!(value instanceof SecretValue)) {
      throw new Error(`expected a secret, got ${value === undefined ? "undefined" : JSON.stringify(value)}`);
    }
    return value.reveal();
  },

  isSecret(value: unknown): value is SecretValue {
    return value instanceof SecretValue;
  },
};
