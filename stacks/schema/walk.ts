/** Walking a zod schema along a config path: the sub-schema a value at that path must match. */
import { z } from "zod";

type Def = {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly in?: z.ZodType;
};

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** `schema` without optional/default wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let def = defOf(s); WRAPPERS.has(def.type) && def.innerType; def = defOf(s)) s = def.innerType;
  return s;
}

/** The declared keys of an object schema (none for anything else). */
export function objectShape(schema: z.ZodType | undefined): Readonly<Record<string, z.ZodType>> {
  if (!schema) return {};
  const def = defOf(unwrap(schema));
  return def.type === "object" ? (def.shape ?? {}) : {};
}

/** The schema for one key or index under `schema`, or undefined when there is none. */
export function child(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const s = unwrap(schema);
  const def = defOf(s);
  switch (def.type) {
    case "object": {
      const own = def.shape?.[String(key)];
      if (own) return own;
      return def.catchall && defOf(def.catchall).type !== "never" ? def.catchall : undefined;
    }
    case "record":
      return def.valueType;
    case "array":
      return def.element;
    case "union":
      return def.options?.map((o) => child(o, key)).find((c) => c !== undefined);
    case "pipe":
      return def.in ? child(def.in, key) : undefined;
    default:
      return undefined;
  }
}

/** The schema at `path` under `schema`. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    s = child(s, key);
  }
  return s;
}
