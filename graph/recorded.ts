/**
 * The recorded resource graph: everything one run of a Pulumi program registered, as the engine received it
 * (resources, parents, dependencies, property dependencies, inputs and outputs with secrets kept secret).
 * It is the project's second contract: the preview records it, and plan.json, the policy run, the lab and
 * verify read resources only through it. Pure: no Pulumi runtime, no I/O.
 */
import type { RecordedObject } from "./values";
import type { WireObject, WireValue } from "./wire";

/** Resource options as the engine receives them. */
export interface RecordedOptions {
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  /** `undefined` when the program did not say. */
  readonly deleteBeforeReplace: boolean | undefined;
  readonly additionalSecretOutputs: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** Alias specs as sent (jspb `toObject()` form). */
  readonly aliases: readonly WireValue[];
  /** Go duration strings (`"30m"`); empty = the provider's default. */
  readonly customTimeouts: { readonly create: string; readonly update: string; readonly delete: string };
  readonly retainOnDelete: boolean | undefined;
  readonly deletedWith: string | undefined;
  readonly importId: string | undefined;
  readonly version: string | undefined;
}

export interface RecordedResource {
  /** Order in which the monitor received the registration (0 = first). */
  readonly seq: number;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Parent URN; `undefined` only for the root stack (or, outside a stack, top-level resources). */
  readonly parent: string | undefined;
  /** True for provider-managed resources (and providers), false for components and the stack. */
  readonly custom: boolean;
  /** True when registered through `.get()` (a read), not a create. */
  readonly read: boolean;
  readonly id: string | undefined;
  /** Every resource this one waits for (explicit `dependsOn` plus property dependencies), as URNs. */
  readonly dependencies: readonly string[];
  /** Input property -> URNs of the resources whose outputs flowed into it. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Provider reference `"<provider urn>::<provider id>"`, when one was given or inherited. */
  readonly provider: string | undefined;
  /** Package -> provider reference, for components given `providers`. */
  readonly providers: Readonly<Record<string, string>>;
  readonly options: RecordedOptions;
  /** Inputs, decoded: secrets are {@link SecretValue}s and print as "[secret]". */
  readonly inputs: RecordedObject;
  /**
   * Custom resources: the simulated provider state. Components and the stack: what they passed to
   * `registerOutputs` (empty until then).
   */
  readonly outputs: RecordedObject;
  /** Inputs and outputs exactly as on the wire (secrets as `{sig, value}` objects) for gRPC re-use. */
  readonly wireInputs: WireObject;
  readonly wireOutputs: WireObject;
}

export interface RecordedInvoke {
  readonly seq: number;
  readonly token: string;
  readonly args: RecordedObject;
  readonly provider: string | undefined;
  readonly result: RecordedObject | undefined;
  /** Set when the invoke failed (an unsimulated token, say). */
  readonly error: string | undefined;
}

export interface RecordedFailure {
  readonly operation: "register" | "read" | "registerOutputs";
  /** The URN the registration was for. */
  readonly subject: string;
  readonly message: string;
}

/** Everything one program run registered, in the order the monitor received it. */
export interface RecordedGraph {
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly RecordedResource[];
  readonly invokes: readonly RecordedInvoke[];
  /** The root stack's registered outputs (the program's return value). */
  readonly stackOutputs: RecordedObject;
  readonly failures: readonly RecordedFailure[];
  /** Types answered by echoing inputs because no simulator knows them. */
  readonly unsimulatedTypes: readonly string[];
}

