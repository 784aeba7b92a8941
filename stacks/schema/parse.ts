/**
 * Parsing one `crosscloud:*` key: every shape issue, and a usable value for the plan even when there are some.
 *
 * zod stops at the first broken level of an object (a refinement of an object does not run when a field inside
 * it is wrong), and the plan needs a whole value. So after collecting the issues, each broken part is replaced
 * by the least value the schema accepts there (absent for an optional field, a field's declared placeholder,
 * `{}` or `[]`), moving up to the enclosing object when there is none, and the key is parsed again. The plan
 * runs on that, and its issues about a replaced part are dropped: the shape issue already names it. That is how
 * a misspelt DNS key, a quoted ASN and an overlapping VNet are all reported in one run.
 */
import { z } from "zod";
import { Issue } from "../../sdk";
import { metaOf } from "./fields";
import { joinConfigPath, toIssues } from "./issues";
import { schemaAt } from "./walk";

/** A part of the config replaced for planning: plan issues at (or about) it are dropped. */
export interface ReplacedPart {
  /** Config path of the replaced value. */
  readonly path: string;
  /** Config path of the object, map or list holding it. */
  readonly parent: string;
  /**
   * How far the plan's issues are dropped besides the part's own: `self` only; `container`, also those about
   * the enclosing map or list as a whole (an entry removed, a list element replaced: its count, its
   * duplicates); `parent`, everything under the enclosing object (a field that decides its shape: a layout).
   */
  readonly reach: "self" | "container" | "parent";
}

export interface ParsedKey<T> {
  /** The parsed value, when the key has no shape issue. */
  readonly value?: T;
  /** What the plan can use: the value, or the key with its broken parts replaced; undefined when nothing is usable. */
  readonly usable?: T;
  readonly issues: readonly Issue[];
  readonly replaced: readonly ReplacedPart[];
}

type Json = unknown;
const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === "object" && v !== null;

/** Sets (or, with `remove`, deletes) the value at `path` inside `root`; false when the path does not lead there. */
function setAt(root: { value: Json }, path: readonly PropertyKey[], value: Json, remove: boolean): boolean {
  if (path.length === 0) {
    if (remove) return false;
    root.value = value;
    return true;
  }
  let cur: unknown = root.value;
  for (const key of path.slice(0, -1)) {
    if (!isContainer(cur)) return false;
    cur = (cur as Record<string, unknown>)[String(key)];
  }
  if (!isContainer(cur)) return false;
  const last = String(path[path.length - 1]);
  if (remove) delete (cur as Record<string, unknown>)[last];
  else (cur as Record<string, unknown>)[last] = value;
  return true;
}

type Fix = { readonly remove: boolean; readonly value?: Json };

/** The least value `schema` accepts in place of a bad one. */
function replacement(schema: z.ZodType | undefined): Fix | undefined {
  if (!schema) return undefined;
  if (schema.safeParse(undefined).success) return { remove: true };
  const meta = metaOf(schema);
  for (const candidate of [...(meta.placeholder !== undefined ? [meta.placeholder] : []), {}, []]) {
    if (schema.safeParse(candidate).success) return { remove: false, value: candidate };
  }
  return undefined;
}

const MAX_ROUNDS = 12;

/** Parses `input` as the `crosscloud:<name>` key. */
export function parseKey<S extends z.ZodType>(root: string, schema: S, input: unknown): ParsedKey<z.output<S>> {
  const first = schema.safeParse(input, { reportInput: true });
  if (first.success) return { value: first.data, usable: first.data, issues: [], replaced: [] };
  const issues = first.error.issues.flatMap((i) => toIssues(root, schema, i));

  const doc = { value: structuredClone(input) as Json };
  const replaced: ReplacedPart[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const again = schema.safeParse(doc.value);
    if (again.success) return { usable: again.data, issues, replaced };
    let progressed = false;
    for (const iss of again.error.issues) {
      if (iss.code === "unrecognized_keys") {
        // An unknown key is dropped: the plan runs as if it were not there.
        for (const k of iss.keys) progressed = setAt(doc, [...iss.path, k], undefined, true) || progressed;
        continue;
      }
      if (iss.code === "invalid_key") {
        // So is an entry whose key cannot be a name; the plan's issues about it are dropped.
        if (setAt(doc, iss.path, undefined, true)) {
          replaced.push({ path: joinConfigPath(root, iss.path), parent: joinConfigPath(root, iss.path.slice(0, -1)), reach: "container" });
          progressed = true;
        }
        continue;
      }
      for (let path = iss.path; path.length > 0; path = path.slice(0, -1)) {
        const at = schemaAt(schema, path);
        const fix = replacement(at);
        if (!fix) continue;
        if (setAt(doc, path, fix.value, fix.remove)) {
          // A list's element is judged with its list (a duplicate, a count), a layout with its object.
          const inList = typeof path[path.length - 1] === "number";
          const reach = metaOf(at).shapesParent ? "parent" : inList ? "container" : "self";
          replaced.push({ path: joinConfigPath(root, path), parent: joinConfigPath(root, path.slice(0, -1)), reach });
          progressed = true;
        }
        break;
      }
    }
    if (!progressed) break;
  }
  return { issues, replaced };
}
