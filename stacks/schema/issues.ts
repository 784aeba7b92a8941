/**
 * zod's issues as crosscloud issues: each at its config path (`crosscloud:network.aws.vpcs.app.cidr`), with a
 * code and a message that names the value (unless it may be a secret) and the rule, and for an unknown key the
 * nearest known one. Never a JavaScript error: every zod issue kind has a wording, and the rest fall back to
 * zod's own text.
 */
import { z } from "zod";
import { Issue, IssueCode, issue } from "../../sdk";
import { FieldMeta, metaOf } from "./fields";
import { objectShape, schemaAt } from "./walk";
import { suggest } from "./suggest";

type ZodIssue = z.core.$ZodIssue & { readonly input?: unknown };

/** A key as a path segment: `.key`, or `["key"]` when it is empty or holds anything but letters, digits, `_`, `-`. */
const segment = (key: PropertyKey): string => {
  const k = String(key);
  return /^[A-Za-z0-9_-]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
};

/** `root.a.b.0.c` (`root.tags["kubernetes.io/role"]` for a key with a dot). */
export const joinConfigPath = (root: string, path: readonly PropertyKey[]): string => root + path.map(segment).join("");

const MAX_SHOWN = 48;

/** A value as messages show it: strings quoted and cut, lists and maps by kind. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  if (value === null) return "an empty value (null)";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a map";
  return String(value);
}

/** What the wrong value is, for "expected X, got Y". */
function got(value: unknown, meta: FieldMeta): string {
  if (meta.secret) return `a ${value === null ? "null" : Array.isArray(value) ? "list" : typeof value} (value withheld)`;
  // An empty top-level key (`crosscloud:network:` with nothing after it) reaches the program as "" or "null".
  if (value === "" || value === "null") return `an empty value (${JSON.stringify(value)})`;
  if (typeof value === "string") return `the string ${show(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  return show(value);
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a map of keys to values",
  record: "a map of keys to values",
  array: "a list",
};

/** The hint a wrong type gets when the field has none of its own. */
function defaultHint(expected: string, value: unknown): string | undefined {
  if ((expected === "number" || expected === "int") && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return "write the number without quotes";
  if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) return `quote it: "${String(value)}"`;
  if (expected === "boolean" && (value === "true" || value === "false")) return "write true or false without quotes";
  if ((expected === "object" || expected === "record") && value === null) return "write {} for an entry with every default";
  return undefined;
}

const withHint = (message: string, hint: string | undefined): string => (hint ? `${message}; ${hint}` : message);
const describe = (schema: z.ZodType | undefined): string => (schema?.description ? ` (${schema.description.replace(/\.$/, "")})` : "");

function typeIssue(path: string, expected: string, value: unknown, meta: FieldMeta): Issue {
  // The default hints repeat the value ("quote it: …"): never for a field that may hold a secret.
  const hint = meta.typeHint ?? (meta.secret ? undefined : defaultHint(expected, value));
  return issue(path, "TYPE_INVALID", withHint(`expected ${EXPECTED[expected] ?? expected}, got ${got(value, meta)}`, hint));
}

function valueIssue(path: string, meta: FieldMeta, value: unknown, fallback: string, at?: z.ZodType): Issue {
  if (meta.secret) return issue(path, meta.code ?? "VALUE_INVALID", `the value (withheld: it may be a secret) is not valid here${describe(at)}`);
  return issue(path, meta.code ?? "VALUE_INVALID", meta.valueMessage?.(value) || fallback);
}

/** The known keys of the object at `path`, for suggestions: never the unsupported ones. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return Object.entries(objectShape(schemaAt(schema, path)))
    .filter(([, s]) => !metaOf(s).unsupported)
    .map(([k]) => k);
}

/** An unknown key: where it belongs if it is another section's, else the nearest known key. */
export function unknownKeyIssue(path: string, key: string, known: readonly string[], misplaced: Readonly<Record<string, string>> = {}): Issue {
  const where = misplaced[key];
  if (where !== undefined) return issue(path, "UNKNOWN_KEY", `"${key}" does not belong here: ${where}`);
  const near = suggest(key, known);
  const list = known.length > 0 ? `; known keys: ${known.join(", ")}` : "";
  return issue(path, "UNKNOWN_KEY", `unknown key "${key}"${near !== undefined ? `; did you mean "${near}"?` : ""}${list}`);
}

/** One zod issue (from `schema`, under `root`) as crosscloud issues. */
export function toIssues(root: string, schema: z.ZodType, iss: ZodIssue): Issue[] {
  const path = joinConfigPath(root, iss.path);
  const at = schemaAt(schema, iss.path);
  const meta = metaOf(at);
  const value = iss.input;
  switch (iss.code) {
    case "unrecognized_keys": {
      const known = knownKeys(schema, iss.path);
      const misplaced = metaOf(at).misplaced;
      return iss.keys.map((k) => unknownKeyIssue(joinConfigPath(root, [...iss.path, k]), k, known, misplaced));
    }
    case "invalid_type": {
      if (iss.expected === "never") return [issue(path, "UNSUPPORTED", iss.message)];
      if (!("input" in iss) || value === undefined) return [issue(path, "VALUE_REQUIRED", `required${describe(at)}`)];
      if (iss.expected === "int" && typeof value === "number") return [valueIssue(path, meta, value, `${value} is not an integer`, at)];
      return [typeIssue(path, iss.expected, value, meta)];
    }
    case "invalid_value": {
      if (value === undefined) return [issue(path, "VALUE_REQUIRED", `required${describe(at)}`)];
      const allowed = iss.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ");
      const kinds = new Set(iss.values.map((v) => typeof v));
      const kind = kinds.size === 1 ? [...kinds][0] : undefined;
      if (kind !== undefined && typeof value !== kind) {
        const hint = meta.typeHint ?? (meta.secret ? undefined : defaultHint(kind, value));
        return [issue(path, "TYPE_INVALID", withHint(`expected ${EXPECTED[kind] ?? kind}, one of ${allowed}; got ${got(value, meta)}`, hint))];
      }
      const near = typeof value === "string" ? (meta.aliases?.[value.toLowerCase()] ?? suggest(value, iss.values.filter((v): v is string => typeof v === "string"))) : undefined;
      return [valueIssue(path, meta, value, `${show(value)} is not one of ${allowed}${near !== undefined ? `; did you mean ${JSON.stringify(near)}?` : ""}`, at)];
    }
    case "too_small":
    case "too_big": {
      const bound = iss.code === "too_small" ? iss.minimum : iss.maximum;
      if (iss.origin === "string") return [issue(path, "VALUE_REQUIRED", `is empty${describe(at)}`)];
      if (iss.origin === "array" || iss.origin === "set") {
        const n = Array.isArray(value) ? value.length : "?";
        const rule = iss.code === "too_small" ? `give at least ${String(bound)}` : `at most ${String(bound)} are allowed`;
        return [issue(path, meta.code ?? "VALUE_INVALID", `has ${n} entr${n === 1 ? "y" : "ies"}; ${rule}`)];
      }
      return [valueIssue(path, meta, value, `${show(value)} is ${iss.code === "too_small" ? "below the minimum" : "above the maximum"} ${String(bound)}`, at)];
    }
    case "not_multiple_of":
      return [valueIssue(path, meta, value, `${show(value)} is not a multiple of ${String(iss.divisor)}`, at)];
    case "invalid_format":
      return [valueIssue(path, meta, value, `${show(value)} is not in the expected format${describe(at)}`, at)];
    case "invalid_key": {
      const key = String(iss.path[iss.path.length - 1] ?? value);
      const map = metaOf(schemaAt(schema, iss.path.slice(0, -1)));
      return [issue(path, "KEY_INVALID", map.keyMessage?.(key) ?? `key "${key}" is not allowed here`)];
    }
    case "invalid_union":
      return [issue(path, "TYPE_INVALID", `${got(value, meta)} matches none of the accepted forms${describe(at)}`)];
    case "custom": {
      const code = (iss.params as { code?: IssueCode } | undefined)?.code ?? "VALUE_INVALID";
      return [issue(path, code, iss.message)];
    }
    default:
      return [issue(path, "VALUE_INVALID", iss.message)];
  }
}
