/**
 * The inputs the simulated providers receive, converted from the wire the way `MockMonitor` converts them.
 */
import { RESOURCE_REFERENCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, isWireObject, wireSecret } from "../graph/wire";

/**
 * The inputs handed to {@link pulumi.runtime.Mocks.newResource}: the wire value with secrets kept
 * as wrappers, resource references collapsed to their id (or URN), unknowns dropped. This is what
 * `MockMonitor` passes too, minus its habit of constructing live Resource objects for references.
 */
export function toMockInputs(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return undefined;
  if (Array.isArray(value)) return value.map(toMockInputs);
  if (!isWireObject(value)) return value;
  const sig = value[SIG_KEY];
  if (sig === SECRET_SIG) return wireSecret(toMockInputs(value["value"]));
  if (sig === RESOURCE_REFERENCE_SIG) {
    const id = value["id"];
    return typeof id === "string" && id !== "" ? id : value["urn"];
  }
  if (sig !== undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const converted = toMockInputs(v);
    if (converted !== undefined) out[k] = converted;
  }
  return out;
}

