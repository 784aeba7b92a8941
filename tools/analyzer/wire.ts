/**
 * Pulumi's property wire format: the plain-JSON encoding the engine uses inside the
 * `google.protobuf.Struct` properties it sends to analyzers (and that `pulumi stack export` uses
 * for secrets). The constants are the engine's own magic values
 * (sdk/go/common/resource/properties.go, mirrored in @pulumi/pulumi/runtime/rpc).
 */

/** Any value a JSON document (and so a protobuf Struct) can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Key under which an object carries its special-value signature. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }` on the wire. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * The engine marshals every unknown (computed) value as this string, whatever its type.
 * @pulumi/policy's property proxy throws `UnknownValueError` when a policy reads it, and the
 * pack turns that into an advisory "can't run policy ... during preview" diagnostic.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Wraps a value as a secret, exactly as the engine sends secrets to an analyzer. */
export function wireSecret(value: JsonValue): JsonObject {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The engine marshals analyzer properties with `SkipInternalKeys`: top-level keys starting with
 * `__` (such as `__defaults` or `__meta`, which providers keep in state) never reach a policy.
 * Nested keys are kept (the engine only skips them at the top level).
 */
export function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}
