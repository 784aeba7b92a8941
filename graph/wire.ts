/**
 * Pulumi's property wire format: the plain-JSON encoding in which the SDK sends properties to the engine
 * (inside `google.protobuf.Struct`s), the engine sends them to analyzers, and `pulumi stack export` writes
 * secrets. Special values (secrets, resource references, assets, output values) are objects tagged with a
 * signature key; an unknown is one magic string. The constants are the engine's own
 * (pulumi/pulumi sdk/go/common/resource/properties.go, re-exported by @pulumi/pulumi/runtime/rpc; a test
 * checks they agree with the installed SDK). Pure: no Pulumi runtime.
 */

/** Any value a JSON document (and so a protobuf Struct) can hold: the wire format, untouched. */
export type WireValue = null | boolean | number | string | readonly WireValue[] | WireObject;
export interface WireObject {
  readonly [key: string]: WireValue;
}

/** Key under which an object carries its special-value signature. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }` on the wire. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * The engine marshals every unknown (computed) value as this string, whatever its type.
 * @pulumi/policy's property proxy throws `UnknownValueError` when a policy reads it, and the
 * pack turns that into an advisory "can't run policy ... during preview" diagnostic.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isWireObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The secret wrapper `{ [SIG_KEY]: SECRET_SIG, value }`. */
export interface WireSecret {
  readonly [SIG_KEY]: typeof SECRET_SIG;
  readonly value: unknown;
}

export function isWireSecret(value: unknown): value is WireSecret {
  return isWireObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** Wraps a value as a secret, exactly as the SDK and the engine send secrets. */
export function wireSecret<T>(value: T): { readonly [SIG_KEY]: typeof SECRET_SIG; readonly value: T } {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Removes every secret wrapper, recursively: what a provider sees once it decrypts its inputs. */
export function unwrapSecrets(value: unknown): unknown {
  if (isWireSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isWireObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v);
    return out;
  }
  return value;
}

/**
 * The engine marshals analyzer properties with `SkipInternalKeys`: top-level keys starting with
 * `__` (such as `__defaults` or `__meta`, which providers keep in state) never reach a policy.
 * Nested keys are kept (the engine only skips them at the top level).
 */
export function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}
