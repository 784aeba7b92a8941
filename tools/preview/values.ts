/**
 * The values the recording monitor keeps, and how they are read off Pulumi's wire format.
 *
 * The SDK sends every property as a `google.protobuf.Struct` in which special values (secrets,
 * unknowns, resource references, assets) are objects tagged with a signature key. The constants
 * are the engine's own (sdk/go/common/resource/properties.go), re-exported by
 * `@pulumi/pulumi/runtime/rpc`.
 */
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";

const { specialSigKey, specialSecretSig, specialResourceSig, specialAssetSig, specialArchiveSig, specialOutputValueSig, unknownValue } =
  pulumi.runtime;

/** Any value a JSON document (and so a protobuf Struct) can hold: the wire format, untouched. */
export type WireValue = null | boolean | number | string | readonly WireValue[] | WireObject;
export interface WireObject {
  readonly [key: string]: WireValue;
}

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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a wire value (the JS form of a protobuf Struct value) into a {@link RecordedValue}. */
export function decodeWire(value: unknown): RecordedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") return value === unknownValue ? UnknownValue.instance : value;
  if (Array.isArray(value)) return value.map(decodeWire);
  if (!isPlainObject(value)) return String(value);
  const sig = value[specialSigKey];
  switch (sig) {
    case undefined:
      return decodeWireObject(value);
    case specialSecretSig:
      return new SecretValue(decodeWire(value["value"]));
    case specialResourceSig: {
      const id = value["id"];
      return new ResourceRef(String(value["urn"]), typeof id === "string" && id !== "" ? id : undefined);
    }
    case specialAssetSig:
    case specialArchiveSig: {
      const source = value["path"] ?? value["uri"] ?? (value["text"] !== undefined ? "<text>" : "<assets>");
      return new AssetValue(sig === specialAssetSig ? "asset" : "archive", String(source));
    }
    case specialOutputValueSig: {
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
 * The SDK's secret wrapper (`{[sigKey]: secretSig, value}`). Mocks receive inputs with secrets in
 * this form and, by echoing it back in their state, keep an echoed secret secret, as a real
 * provider's state does.
 */
export interface WireSecret {
  readonly [specialSigKeyName: string]: unknown;
  readonly value: unknown;
}

export function isWireSecret(value: unknown): value is WireSecret {
  return isPlainObject(value) && value[specialSigKey] === specialSecretSig;
}

export function wireSecret(value: unknown): WireSecret {
  return { [specialSigKey]: specialSecretSig, value };
}

/** Removes every secret wrapper, recursively: what a provider sees once it decrypts its inputs. */
export function unwrapSecrets(value: unknown): unknown {
  if (isWireSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unwrapSecrets(v);
    return out;
  }
  return value;
}

/**
 * The inputs handed to {@link pulumi.runtime.Mocks.newResource}: the wire value with secrets kept
 * as wrappers, resource references collapsed to their id (or URN), unknowns dropped. This is what
 * `MockMonitor` passes too, minus its habit of constructing live Resource objects for references.
 */
export function toMockInputs(value: unknown): unknown {
  if (value === unknownValue) return undefined;
  if (Array.isArray(value)) return value.map(toMockInputs);
  if (!isPlainObject(value)) return value;
  const sig = value[specialSigKey];
  if (sig === specialSecretSig) return wireSecret(toMockInputs(value["value"]));
  if (sig === specialResourceSig) {
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

/**
 * Plain JSON for a recorded value: secrets become `"[secret]"`, unknowns `"[unknown]"`, and object
 * keys are sorted so the same graph always serialises to the same bytes.
 */
export function renderValue(value: RecordedValue): WireValue {
  if (value instanceof SecretValue) return "[secret]";
  if (value instanceof UnknownValue) return "[unknown]";
  if (value instanceof ResourceRef) return value.toJSON();
  if (value instanceof AssetValue) return value.toJSON();
  if (value === null || typeof value !== "object") return value;
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
