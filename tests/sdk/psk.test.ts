import fc from "fast-check";
import type * as random from "@pulumi/random";
import { PSK_MAX_LENGTH, PSK_MIN_LENGTH, PSK_PATTERN, PSK_RANDOM_SPEC, checkPsk } from "../../sdk/psk";

const RULE = "AWS and Azure accept 8–64 of [A-Za-z0-9._], not starting with 0";
const invalid = (problems: string): { path: string; code: string; message: string }[] => [
  { path: "vpn.connections.a.t1.presharedKey", code: "PSK_INVALID", message: `the pre-shared key (value withheld) ${problems}; ${RULE}` },
];
const check = (key: string) => checkPsk("vpn.connections.a.t1.presharedKey", key);

describe("checkPsk", () => {
  it.each(["abcdefgh", "A1._b2_c", "x".repeat(64), "1234567890", "_leading.underscore", ".dot.first"])("accepts %j", (key) => {
    expect(check(key)).toEqual([]);
  });

  it.each([
    ["Sh0rt.k", "is 7 characters long (allowed: 8–64)"],
    ["y".repeat(65), "is 65 characters long (allowed: 8–64)"],
    ["", "is 0 characters long (allowed: 8–64)"],
    ["0startsWithZero", "starts with '0'"],
    ["has space inside", "contains characters other than letters, digits, '.' and '_'"],
    ["dash-is-not-allowed", "contains characters other than letters, digits, '.' and '_'"],
    ["ünïcödé-letters", "contains characters other than letters, digits, '.' and '_'"],
    ["0$x", "is 3 characters long (allowed: 8–64), contains characters other than letters, digits, '.' and '_', starts with '0'"],
  ])("rejects %j: %s", (key, problems) => {
    expect(check(key)).toEqual(invalid(problems));
  });

  it("never echoes the key in its message (law)", () => {
    const arbBad = fc.oneof(
      fc.string({ minLength: 6, maxLength: 80 }).map((s) => `0${s}`),
      fc.string({ minLength: 8, maxLength: 80 }).map((s) => `${s}!#`),
      fc.string({ minLength: 65, maxLength: 100 }),
    );
    fc.assert(
      fc.property(arbBad, (key) => {
        const issues = check(key);
        expect(issues.map((i) => i.code)).toEqual(["PSK_INVALID"]);
        expect(issues[0]?.message.includes(key)).toBe(false);
      }),
    );
  });

  it("agrees with PSK_PATTERN on every string (law)", () => {
    const alphabet = [..."abcXYZ019._-$ "];
    const arb = fc.oneof(fc.string(), fc.array(fc.constantFrom(...alphabet), { minLength: 0, maxLength: 70 }).map((cs) => cs.join("")));
    fc.assert(fc.property(arb, (key) => expect(check(key).length === 0).toBe(PSK_PATTERN.test(key))), { numRuns: 500 });
    expect([PSK_MIN_LENGTH, PSK_MAX_LENGTH]).toEqual([8, 64]);
  });

  it("reports a non-string key without trying to describe it", () => {
    expect(checkPsk("k", 12345678 as unknown as string)).toEqual([{ path: "k", code: "PSK_INVALID", message: "the pre-shared key must be a string" }]);
  });
});

// Compile-time: every spec field is a real RandomPassword input of a compatible type.
const specFits: Pick<random.RandomPasswordArgs, keyof typeof PSK_RANDOM_SPEC> = PSK_RANDOM_SPEC;

describe("PSK_RANDOM_SPEC (arguments for random.RandomPassword)", () => {
  // The character classes RandomPassword draws from, as @pulumi/random documents them.
  const CLASSES = {
    lower: "abcdefghijklmnopqrstuvwxyz",
    upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    numeric: "0123456789",
  } as const;
  const spec: Record<string, unknown> = specFits;
  const enabled = (cls: "lower" | "upper" | "numeric" | "special"): boolean => spec[cls] !== false;
  const classChars = (cls: "lower" | "upper" | "numeric" | "special"): string =>
    !enabled(cls) ? "" : cls === "special" ? String(spec["overrideSpecial"] ?? "!@#$%&*()-_=+[]{}<>:?") : CLASSES[cls];
  const minOf = (cls: string): number => Number(spec[`min${cls[0]?.toUpperCase()}${cls.slice(1)}`] ?? 0);
  const classes = (["lower", "upper", "numeric", "special"] as const).filter(enabled);
  const alphabet = classes.map(classChars).join("");

  it("draws from letters and '._' only, 40 characters long", () => {
    expect([alphabet.length, PSK_RANDOM_SPEC.length]).toEqual([54, 40]);
  });

  it("can only produce keys checkPsk accepts: every string of the spec's length, alphabet and minimum counts (law)", () => {
    const arbKey = fc
      .tuple(
        ...classes.map((cls) => fc.array(fc.constantFrom(...classChars(cls)), { minLength: minOf(cls), maxLength: minOf(cls) })),
        fc.array(fc.constantFrom(...alphabet), { minLength: PSK_RANDOM_SPEC.length, maxLength: PSK_RANDOM_SPEC.length }),
      )
      .chain((parts) => {
        const required = parts.slice(0, -1).flat();
        const filler = (parts[parts.length - 1] ?? []).slice(required.length);
        return fc.shuffledSubarray([...required, ...filler], { minLength: PSK_RANDOM_SPEC.length, maxLength: PSK_RANDOM_SPEC.length });
      })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(arbKey, (key) => {
        expect(key.length).toBe(PSK_RANDOM_SPEC.length);
        expect(check(key)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("even a key that happens to start with any allowed character is valid (no class can yield a leading '0')", () => {
    for (const first of alphabet) expect(check(first + "a".repeat(PSK_RANDOM_SPEC.length - 1))).toEqual([]);
  });
});
