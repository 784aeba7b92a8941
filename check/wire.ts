/**
 * The property wire format the analyzer protocol carries (see graph/wire.ts), under the names the check
 * code uses for plain JSON.
 */
import type { WireObject, WireValue } from "../graph/wire";

export { SIG_KEY, SECRET_SIG, ASSET_SIG, ARCHIVE_SIG, RESOURCE_REFERENCE_SIG, UNKNOWN_VALUE, isInternalKey } from "../graph/wire";
export type JsonValue = WireValue;
export type JsonObject = WireObject;

/** Wraps a value as a secret, exactly as the engine sends secrets to an analyzer. */
export { wireSecret } from "../graph/wire";

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
