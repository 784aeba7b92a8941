/**
 * The building blocks of the stack config schema: one builder per kind of field, each giving the field its
 * type, range or enum, its description, and what the validator needs to word a problem with it (its issue
 * code, a hint for a wrong type, whether its value may be echoed). The rules and limits themselves are sdk
 * constants; the builders only declare them.
 */
import { z } from "zod";
import { ASN_MAX, IPV4_CIDR_PATTERN, IssueCode, KEY_PATTERN, checkKey, cidrProblem } from "../../sdk";

/** What the validator knows about a field beyond its zod type. */
export interface FieldMeta {
  /** Code of a value outside the field's range, enum or format. @default "VALUE_INVALID" */
  readonly code?: IssueCode;
  /** Added to a wrong-type message: how to write the value. */
  readonly typeHint?: string;
  /** Words a value outside the range, enum or format (the value is already known to have the right type). */
  readonly valueMessage?: (value: unknown) => string;
  /** Never echo the value (it may be a secret). */
  readonly secret?: boolean;
  /** May be set with `pulumi config set --secret`: the stack file then holds `{ secure: … }` there. */
  readonly encryptable?: boolean;
  /**
   * What stands in for a bad value of a required field while the rest of the config is still planned, so a
   * shape error in one field does not hide plan problems elsewhere. The plan's issues about the field are
   * dropped (the shape issue already names it).
   */
  readonly placeholder?: unknown;
  /**
   * The field decides the shape of its whole object (a layout, a tunnel count): when a bad value is replaced
   * (or dropped), the plan's issues about the object are dropped too, not only the field's.
   */
  readonly shapesParent?: boolean;
  /** A setting crosscloud does not offer; the message says why and what to do instead. */
  readonly unsupported?: boolean;
  /** Words a map key that does not match the map's key pattern. */
  readonly keyMessage?: (key: string) => string;
  /** Other spellings users write for an allowed value, with the value they mean: `transit-gateway` → `tgw`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Keys that belong elsewhere, with where (for an object): `interconnect` inside the network. */
  readonly misplaced?: Readonly<Record<string, string>>;
}

const META = new WeakMap<z.ZodType, FieldMeta>();

/** Records `meta` for `schema` and returns it. */
export function withMeta<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  META.set(schema, { ...META.get(schema), ...meta });
  return schema;
}

/** The meta of a schema, looking through optional wrappers. */
export function metaOf(schema: z.ZodType | undefined): FieldMeta {
  let s: z.ZodType | undefined = schema;
  let meta: FieldMeta = {};
  while (s) {
    meta = { ...META.get(s), ...meta };
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    s = def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly" ? def.innerType : undefined;
  }
  return meta;
}

const UNQUOTE = "write the number without quotes";

/** An ASN: an integer from 1 to 4294967295. Which ASNs a cloud accepts is the sdk's rule (sdk/asn.ts). */
export const asn = (description: string) =>
  withMeta(z.int().min(1).max(ASN_MAX).describe(`${description} An integer from 1 to ${ASN_MAX}.`), {
    code: "ASN_RANGE",
    typeHint: `an ASN is a number: ${UNQUOTE}`,
    valueMessage: (v) => `${String(v)} is not an ASN; use an integer from 1 to ${ASN_MAX}`,
    placeholder: 1,
  });

/** A canonical IPv4 CIDR (`10.0.0.0/16`); overlaps, sizes and host bits are the plan's rules. */
export const cidrField = (description: string) =>
  withMeta(z.string().regex(IPV4_CIDR_PATTERN).describe(`${description} An IPv4 CIDR, e.g. 10.0.0.0/16.`), {
    code: "CIDR_SYNTAX",
    valueMessage: (v) => cidrProblem(String(v))?.message ?? `"${String(v)}" is not an IPv4 CIDR`,
    // A /30 nothing else uses: it stands in for a bad peering /30 while the rest is planned.
    placeholder: "0.0.0.0/30",
  });

/** A prefix length within `range` (inclusive). */
export const prefixLength = (description: string, range: { readonly min: number; readonly max: number }, code: IssueCode = "CIDR_WRONG_SIZE") =>
  withMeta(z.int().min(range.min).max(range.max).describe(`${description} From ${range.min} to ${range.max}.`), {
    code,
    typeHint: UNQUOTE,
    valueMessage: (v) => `/${String(v)} is outside /${range.min} to /${range.max}`,
  });

/** An integer within `range`. */
export const integer = (description: string, range: { readonly min: number; readonly max?: number; readonly multipleOf?: number }, meta: FieldMeta = {}) => {
  let schema = z.int().min(range.min);
  if (range.max !== undefined) schema = schema.max(range.max);
  if (range.multipleOf !== undefined) schema = schema.multipleOf(range.multipleOf);
  const rule = `${range.max === undefined ? `at least ${range.min}` : `${range.min} to ${range.max}`}${range.multipleOf !== undefined ? `, a multiple of ${range.multipleOf}` : ""}`;
  return withMeta(schema.describe(description), {
    typeHint: UNQUOTE,
    valueMessage: (v) => `${String(v)} is not allowed here: use an integer ${rule}`,
    placeholder: range.min,
    ...meta,
  });
};

/** One of `values` (strings or numbers). `valueMessage` words a value outside them; by default the list is given. */
export function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(values: T, description: string, meta: FieldMeta = {}) {
  const schema = typeof values[0] === "number" ? z.literal(values) : z.enum(values as unknown as readonly [string, ...string[]]);
  return withMeta(schema.describe(`${description} One of: ${values.join(", ")}.`) as unknown as z.ZodType<T[number]>, {
    placeholder: values[0],
    ...meta,
  });
}

export const text = (description: string, meta: FieldMeta = {}) => withMeta(z.string().min(1).describe(description), { placeholder: "-", ...meta });

export const flag = (description: string) => z.boolean().describe(description);

/**
 * A map by key. With `keys`, each key must match it: keys that become part of resource names are slugs
 * (`KEY_PATTERN`), so a key that cannot be part of a name is refused here, with the sdk's wording.
 */
export const keyed = <T extends z.ZodType>(value: T, description: string, meta: FieldMeta = {}, keys?: { readonly pattern: RegExp; readonly message: (key: string) => string }) =>
  withMeta(z.record(keys ? z.string().regex(keys.pattern) : z.string(), value).describe(description), {
    typeHint: "give a map of key: value entries (a list would tie resource names to positions)",
    ...(keys ? { keyMessage: keys.message } : {}),
    ...meta,
  });

/** Keys that become part of resource names (`KEY_PATTERN`). */
export const SLUG_KEYS = { pattern: KEY_PATTERN, message: (key: string) => checkKey("", key)[0]?.message ?? `key "${key}" is not allowed` } as const;

/** A list of `item`. */
export const list = <T extends z.ZodType>(item: T, description: string, meta: FieldMeta = {}, size: { readonly min?: number; readonly max?: number } = {}) => {
  let schema = z.array(item);
  if (size.min !== undefined) schema = schema.min(size.min);
  if (size.max !== undefined) schema = schema.max(size.max);
  return withMeta(schema.describe(description), { typeHint: "give a list, e.g. [a, b]", ...meta });
};

/** An object whose every key is declared; anything else is reported, with the nearest known key. */
export const section = <S extends z.core.$ZodLooseShape>(shape: S, description: string, meta: FieldMeta = {}) => withMeta(z.strictObject(shape).describe(description), meta);

/**
 * A setting users try that crosscloud does not offer. Any value is refused with `why`, which says what to do
 * instead. The value is never echoed (a pre-shared key is a secret). In the JSON Schema it is `{"not": {}}`
 * with `why` as its description, so an editor flags it too.
 */
export const unsupported = (why: string) => withMeta(z.never({ error: why }).describe(why).optional(), { unsupported: true, secret: true });

/** A cloud resource id of a known form: `pattern`, described by `what` in messages (e.g. "a VPC id (vpc-…)"). */
export const resourceId = (description: string, pattern: RegExp, what: string, meta: FieldMeta = {}) =>
  withMeta(z.string().regex(pattern).describe(description), { valueMessage: (v) => `"${String(v)}" is not ${what}`, ...meta });
