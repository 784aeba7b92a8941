import type { JsonObject } from "./wire";

/**
 * One resource as the engine hands it to an analyzer's `AnalyzeStack` (pulumirpc.AnalyzerResource),
 * in plain data. Property values are in Pulumi's wire format (see ./wire), so secrets and unknowns
 * reach the policy pack the way the real CLI sends them.
 */
export interface AnalyzerResourceData {
  readonly urn: string;
  readonly type: string;
  /** The URN's name part, as the engine sends it. */
  readonly name: string;
  readonly properties: JsonObject;
  /** Parent URN; `""` for none (the proto's empty string). */
  readonly parent: string;
  readonly dependencies: readonly string[];
  /** Property name -> URNs it depends on. Properties without dependencies are left out, as the engine does. */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly options: AnalyzerResourceOptionsData;
  readonly provider?: AnalyzerProviderData;
}

export interface AnalyzerResourceOptionsData {
  readonly protect: boolean;
  readonly ignoreChanges: readonly string[];
  /** `undefined` when the input does not say; the proto then carries `deleteBeforeReplaceDefined = false`. */
  readonly deleteBeforeReplace?: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly aliases: readonly string[];
  /** Seconds; 0 means "the provider's default". */
  readonly customTimeouts: { readonly create: number; readonly update: number; readonly delete: number };
}

export interface AnalyzerProviderData {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** The provider resource's inputs (the engine sends inputs here, not outputs). */
  readonly properties: JsonObject;
}

export const DEFAULT_OPTIONS: AnalyzerResourceOptionsData = {
  protect: false,
  ignoreChanges: [],
  additionalSecretOutputs: [],
  aliases: [],
  customTimeouts: { create: 0, update: 0, delete: 0 },
};

/** The type token of the root stack resource every Pulumi deployment has. */
export { ROOT_STACK_TYPE } from "../graph/types";

/** A problem with an input file: names the file and says what was expected. */
export class CheckInputError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = "CheckInputError";
  }
}

export interface UrnParts {
  readonly stack: string;
  readonly project: string;
  /** The qualified type, `parentType$type` for children. */
  readonly qualifiedType: string;
  readonly name: string;
}

const URN_PREFIX = "urn:pulumi:";

/** Splits `urn:pulumi:<stack>::<project>::<qualifiedType>::<name>`; `undefined` if it is not one. */
export function parseUrn(urn: string): UrnParts | undefined {
  if (!urn.startsWith(URN_PREFIX)) return undefined;
  const parts = urn.slice(URN_PREFIX.length).split("::");
  const [stack, project, qualifiedType] = parts;
  // A resource name may itself contain "::", so everything after the type is the name.
  const name = parts.slice(3).join("::");
  if (stack === undefined || project === undefined || qualifiedType === undefined || parts.length < 4) return undefined;
  return { stack, project, qualifiedType, name };
}
