/**
 * Property: whatever one part of a valid stack config is turned into (null, a string, a number, a list, a map,
 * any JSON value, a misspelt or an extra key, nothing at all), validation either accepts the config or returns
 * issues that each name a config path, a known code and a message; it never throws, and no message is a
 * JavaScript error's. Fixed seed, so CI runs the same cases every time.
 */
import fc from "fast-check";
import * as path from "path";
import { StackConfigInput, readStackConfigFile, validateStackConfig } from "../../stacks/config";

const root = path.join(__dirname, "../..");
const SAMPLES: Readonly<Record<string, StackConfigInput>> = {
  dev: readStackConfigFile(path.join(root, "stacks/Pulumi.dev.yaml"), "dev"),
  prod: readStackConfigFile(path.join(root, "stacks/Pulumi.prod.yaml"), "prod"),
};

type Path = readonly (string | number)[];

/** Every path into a value (the value itself included). */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const TARGETS: readonly { readonly stack: string; readonly path: Path }[] = Object.entries(SAMPLES).flatMap(([stack, input]) =>
  Object.keys(input.values).flatMap((key) => paths(input.values[key], [key]).map((p) => ({ stack, path: p }))),
);

type Mutation = { readonly kind: "set"; readonly value: unknown } | { readonly kind: "delete" } | { readonly kind: "rename"; readonly edit: (key: string) => string } | { readonly kind: "add"; readonly key: string; readonly value: unknown };

/** A typo: a character dropped, doubled, swapped with the next, or changed. */
const typo = fc.tuple(fc.nat(), fc.constantFrom("drop", "double", "swap", "change"), fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz-_:")).map(
  ([at, how, ch]) =>
    (key: string): string => {
      if (key.length === 0) return ch;
      const i = at % key.length;
      if (how === "drop") return key.slice(0, i) + key.slice(i + 1) || ch;
      if (how === "double") return key.slice(0, i + 1) + key.slice(i);
      if (how === "swap" && i + 1 < key.length) return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      return key.slice(0, i) + ch + key.slice(i + 1);
    },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<unknown>(null, "", "x", 0, -1, 1.5, 65010, "65010", "10.0.0.0/16", true, [], {}).map((value) => ({ kind: "set" as const, value })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: "set" as const, value })),
  fc.constant({ kind: "delete" as const }),
  typo.map((edit) => ({ kind: "rename" as const, edit })),
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({ kind: "add" as const, key, value })),
);

/** The sample's config with `m` applied at `at`. */
function mutate(input: StackConfigInput, at: Path, m: Mutation): StackConfigInput {
  const values: Record<string, unknown> = structuredClone(input.values) as Record<string, unknown>;
  const holder = { values };
  let parent: unknown = holder;
  const full: Path = ["values", ...at];
  for (const k of full.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  const last = full[full.length - 1] as string | number;
  const obj = parent as Record<string | number, unknown>;
  if (m.kind === "set") obj[last] = m.value;
  else if (m.kind === "delete") delete obj[last];
  else if (m.kind === "rename") {
    if (typeof last === "string" && !Array.isArray(parent)) {
      const v = obj[last];
      delete obj[last];
      obj[m.edit(last)] = v;
    } else obj[last] = m.edit(String(obj[last]));
  } else {
    const target = obj[last];
    if (typeof target === "object" && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    else obj[last] = { [m.key]: m.value };
  }
  return { ...input, values: holder.values };
}

/** A crosscloud key (or another package's) and its segments: `.key`, or `["any key"]`. */
const CONFIG_PATH = /^(crosscloud:[^.\s[]*|[A-Za-z0-9-]+:[A-Za-z0-9-]+)((\.[^.[]+)|(\[".*?"\]))*$/;
const JS_ERROR = /Cannot read propert|is not a function|is not iterable|undefined \(reading|TypeError|RangeError|\[object Object\]|NaN/;

describe("validateStackConfig, one part of a valid config changed", () => {
  it("accepts both samples unchanged", () => {
    for (const input of Object.values(SAMPLES)) expect(validateStackConfig(input, root).issues).toEqual([]);
  });

  it("is valid or lists issues at config paths, never a thrown or JavaScript error", () => {
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), mutation, (target, m) => {
        const input = mutate(SAMPLES[target.stack] as StackConfigInput, target.path, m);
        const result = validateStackConfig(input, root);
        if (result.issues.length === 0) return;
        for (const i of result.issues) {
          expect(i.path).toMatch(CONFIG_PATH);
          expect(i.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
          expect(typeof i.message === "string" && i.message.length > 0).toBe(true);
          expect(i.message).not.toMatch(JS_ERROR);
        }
        expect(result.config).toBeUndefined();
      }),
      { seed: 20261201, numRuns: 2500 },
    );
  });
});
