import * as policySdk from "@pulumi/policy";

/**
 * Plain snapshots of resource properties, with unknowns kept as values instead of exceptions.
 *
 * @pulumi/policy hands stack policies `props` wrapped in a proxy that throws `UnknownValueError`
 * when a policy reads a value nobody can know yet (a computed output during `pulumi preview`, a
 * plan.json `"[secret]"`, an export's ciphertext). An uncaught throw turns the *whole* policy into
 * one advisory "can't run policy during preview", hiding every definite finding. So properties are
 * copied once into plain data where each unknown becomes an {@link Unknown}: rules decide per value
 * whether an unknown matters (a default route to an unknown target does; a secret PSK is fine), and
 * the policy wrapper re-throws the first unknown that blocked a decision, after reporting the rest.
 */

/** A value that could not be read, with the error @pulumi/policy raised for it. */
export class Unknown {
  constructor(
    /** Property path as @pulumi/policy prints it, e.g. `.bgpSettings.asn`. */
    readonly path: string,
    readonly error: Error,
  ) {}
}

export type Value = null | undefined | boolean | number | string | Unknown | readonly Value[] | ValueObject;
export interface ValueObject {
  readonly [key: string]: Value;
}

// @pulumi/policy exports UnknownValueError at runtime, but its typings omit it (marked @internal).
const UnknownValueError = (policySdk as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** True for the error @pulumi/policy's proxy throws on an unknown value. */
export const isUnknownValueError = (err: unknown): err is Error => err instanceof UnknownValueError;

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

export const isValueObject = (v: Value): v is ValueObject =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);

function readKey(container: object, key: string, path: string): Value {
  try {
    return snapshot((container as Record<string, unknown>)[key], `${path}.${key}`);
  } catch (err) {
    if (isUnknownValueError(err)) return new Unknown(`${path}.${key}`, err);
    throw err;
  }
}

/**
 * Deep-copies a (proxied) property value. Reading each key goes through the proxy, so an unknown
 * anywhere becomes an {@link Unknown} at that spot and nothing throws. Other runtime objects
 * (assets, archives) are copied key by key, which is all a network policy needs of them.
 */
export function snapshot(value: unknown, path = ""): Value {
  if (value === null) return null;
  if (value === undefined) return undefined;
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) {
    const out: Value[] = [];
    for (let i = 0; i < value.length; i++) out.push(readKey(value, String(i), path));
    return out;
  }
  if (typeof value === "object") {
    const out: Record<string, Value> = {};
    for (const key of Object.keys(value)) out[key] = readKey(value, key, path);
    return out;
  }
  return undefined;
}

/** Walks `path` into a snapshot; an Unknown met on the way is returned as is, anything missing as undefined. */
export function get(value: Value, ...path: readonly (string | number)[]): Value {
  let cur: Value = value;
  for (const key of path) {
    if (cur instanceof Unknown) return cur;
    if (Array.isArray(cur)) {
      if (typeof key !== "number") return undefined;
      cur = cur[key];
    } else if (isValueObject(cur)) {
      cur = cur[String(key)];
    } else {
      return undefined;
    }
  }
  return cur;
}

/** A string, an Unknown, or undefined for anything else (absent, null, another type). */
export const str = (v: Value): string | Unknown | undefined => (typeof v === "string" || v instanceof Unknown ? v : undefined);

/** A number, or a numeric string (AWS ASNs are strings); Unknown; undefined otherwise. */
export function num(v: Value): number | Unknown | undefined {
  if (typeof v === "number" || v instanceof Unknown) return v;
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** An array, an Unknown, or undefined. */
export const list = (v: Value): readonly Value[] | Unknown | undefined => (Array.isArray(v) || v instanceof Unknown ? (v as readonly Value[] | Unknown) : undefined);

/**
 * Strings of a list, each known one or Unknown; non-strings are dropped. `undefined` when the list
 * itself is absent, an Unknown when the list itself is unknown.
 */
export function strings(v: Value): (string | Unknown)[] | Unknown | undefined {
  const l = list(v);
  if (l instanceof Unknown) return l;
  if (l === undefined) return undefined;
  const out: (string | Unknown)[] = [];
  for (const x of l as readonly Value[]) if (typeof x === "string" || x instanceof Unknown) out.push(x);
  return out;
}

/** The first value that is a known string, else the first Unknown among them, else undefined (outputs and inputs name some fields differently). */
export function firstString(...values: readonly Value[]): string | Unknown | undefined {
  const known = values.find((v): v is string => typeof v === "string");
  return known ?? values.find((v): v is Unknown => v instanceof Unknown);
}
