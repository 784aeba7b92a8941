/**
 * Recorded values: what a resource's inputs and outputs hold once read off the wire. Secrets, unknowns,
 * resource references and assets become small classes, so that nothing walking a recorded graph can print a
 * secret by accident (`JSON.stringify`, `util.inspect` and jest all see "[secret]"). Pure: no Pulumi runtime.
 */
import { inspect } from "node:util";
import { ARCHIVE_SIG, ASSET_SIG, OUTPUT_VALUE_SIG, RESOURCE_REFERENCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, isWireObject, type WireObject, type WireValue } from "./wire";

/**
 * A secret as recorded. The plaintext sits in a private field so that `JSON.stringify`,
 * `util.inspect`, jest's pretty-printer and any `Object.entries` walk see `"[secret]"` or nothing;
 * only an explicit `reveal()` (tests that check which key flows where) reads it.
 */
export class SecretValue {
  readonly #value: RecordedValue;
  constructor(value: RecordedValue) {
    this.#value = value;
  }
  reveal(): RecordedValue {
    return this.#value;
  }
  toJSON(): string {
    return "[secret]";
  }
  toString(): string {
    return "[secret]";
  }
  [inspect.custom](): string {
    return "[secret]";
  }
}

/** A value the engine could not know yet (only in preview mode, when an output was not simulated). */
export class UnknownValue {
  static readonly instance = new UnknownValue();
  private constructor() {}
  toJSON(): string {
    return "[unknown]";
  }
}

/** A reference to another resource passed as a property (the SDK sends `{urn, id}`). */
export class ResourceRef {
  constructor(
    readonly urn: string,
    readonly id: string | undefined,
  ) {}
  toJSON(): { urn: string; id?: string } {
    return this.id === undefined ? { urn: this.urn } : { urn: this.urn, id: this.id };
  }
}

/** An asset or archive property, described rather than loaded. */
export class AssetValue {
  constructor(
    readonly kind: "asset" | "archive",
    readonly source: string,
  ) {}
  toJSON(): string {
    return `[${this.kind} ${this.source}]`;
  }
}

export type RecordedValue =
  | null
  | boolean
  | number
  | string
  | SecretValue
  | UnknownValue
  | ResourceRef
  | AssetValue
  | readonly RecordedValue[]
  | RecordedObject;
export interface RecordedObject {
  readonly [key: string]: RecordedValue;
}

/** Reads a wire value (the JS form of a protobuf Struct value) into a {@link RecordedValue}. */
export function decodeWire(value: unknown): RecordedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return value === UNKNOWN_VALUE ? UnknownValue.instance : value;
  if (Array.isArray(value)) return value.map(decodeWire);
  if (!isWireObject(value)) return String(value);
  const sig = value[SIG_KEY];
  switch (sig) {
    case undefined:
      return decodeWireObject(value);
    case SECRET_SIG:
      return new SecretValue(decodeWire(value["value"]));
    case RESOURCE_REFERENCE_SIG: {
      const id = value["id"];
      return new ResourceRef(String(value["urn"]), typeof id === "string" && id !== "" ? id : undefined);
    }
    case ASSET_SIG:
    case ARCHIVE_SIG: {
      const source = value["path"] ?? value["uri"] ?? (value["text"] !== undefined ? "<text>" : "<assets>");
      return new AssetValue(sig === ASSET_SIG ? "asset" : "archive", String(source));
    }
    case OUTPUT_VALUE_SIG: {
      // Only sent when the monitor reports "outputValues" support, which ours does not; decoded
      // anyway so a future SDK that sends them regardless is recorded faithfully.
      const inner = "value" in value ? decodeWire(value["value"]) : UnknownValue.instance;
      return value["secret"] === true ? new SecretValue(inner) : inner;
    }
    default:
      throw new Error(`unrecognised Pulumi wire signature ${String(sig)}`);
  }
}

export function decodeWireObject(value: Record<string, unknown> | undefined): RecordedObject {
  const out: Record<string, RecordedValue> = {};
  for (const [k, v] of Object.entries(value ?? {})) {
    if (v !== undefined) out[k] = decodeWire(v);
  }
  return out;
}

/**
 * Plain JSON for a recorded value: secrets become `"[secret]"`, unknowns `"[unknown]"`, and object
 * keys are sorted so the same graph always serialises to the same bytes.
 */
export function renderValue(value: RecordedValue): WireValue {
  if (value instanceof SecretValue) return "[secret]";
  if (value instanceof UnknownValue) return "[unknown]";
  if (value instanceof ResourceRef) return value.toJSON();
  if (value instanceof AssetValue) return value.toJSON();
  // `as`: the policy pack compiles this file without strictNullChecks, where `=== null` does not narrow.
  if (value === null || typeof value !== "object") return value as null | boolean | number | string;
  if (Array.isArray(value)) return value.map((v: RecordedValue) => renderValue(v));
  const out: Record<string, WireValue> = {};
  for (const k of Object.keys(value).sort()) out[k] = renderValue((value as RecordedObject)[k] ?? null);
  return out;
}

/** Every secret plaintext (as text) inside a recorded value, with the path it was found at. */
export function collectSecrets(value: RecordedValue, path: string, into: Array<{ path: string; plaintext: string }>): void {
  if (value instanceof SecretValue) {
    const inner = value.reveal();
    // A secret object or list is leaked if any of its leaves is; collect leaves as well as the whole.
    collectLeaves(inner, path, into);
    return;
  }
  if (value === null || typeof value !== "object" || value instanceof UnknownValue) return;
  if (value instanceof ResourceRef || value instanceof AssetValue) return;
  if (Array.isArray(value)) {
    value.forEach((v: RecordedValue, i: number) => collectSecrets(v, `${path}[${i}]`, into));
    return;
  }
  for (const [k, v] of Object.entries(value as RecordedObject)) collectSecrets(v, path ? `${path}.${k}` : k, into);
}

function collectLeaves(value: RecordedValue, path: string, into: Array<{ path: string; plaintext: string }>): void {
  if (typeof value === "string") into.push({ path, plaintext: value });
  else if (typeof value === "number" || typeof value === "boolean") into.push({ path, plaintext: String(value) });
  else if (value instanceof SecretValue) collectLeaves(value.reveal(), path, into);
  else if (Array.isArray(value)) value.forEach((v: RecordedValue, i: number) => collectLeaves(v, `${path}[${i}]`, into));
  else if (value !== null && typeof value === "object" && !(value instanceof UnknownValue) && !(value instanceof ResourceRef) && !(value instanceof AssetValue)) {
    for (const [k, v] of Object.entries(value as RecordedObject)) collectLeaves(v, `${path}.${k}`, into);
  }
}

/**
 * Reads a dotted path (`a.b[0].c`) out of a recorded value. Returns `undefined` when any step is
 * missing; secrets are returned as {@link SecretValue}, not opened.
 */
export function getPath(value: RecordedValue | undefined, path: string): RecordedValue | undefined {
  const steps = path.match(/[^.[\]]+/g) ?? [];
  let current: RecordedValue | undefined = value;
  for (const step of steps) {
    if (current === undefined || current === null || typeof current !== "object") return undefined;
    if (current instanceof SecretValue || current instanceof UnknownValue || current instanceof AssetValue) return undefined;
    if (current instanceof ResourceRef) {
      current = step === "urn" ? current.urn : step === "id" ? current.id : undefined;
    } else if (Array.isArray(current)) {
      current = /^\d+$/.test(step) ? (current as readonly RecordedValue[])[Number(step)] : undefined;
    } else {
      current = (current as RecordedObject)[step];
    }
  }
  return current;
}
