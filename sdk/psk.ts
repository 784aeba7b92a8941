import { Issue, issue } from "./errors";

/**
 * Pre-shared key rules (reference/networking.md §1.1). AWS allows 8–64 characters of letters, digits,
 * '.' and '_', not starting with '0'; Azure accepts that set too, so one rule serves both sides.
 * Messages never echo the key: a PSK in a CI log is a leaked PSK.
 */
export const PSK_PATTERN = /^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$/;
export const PSK_MIN_LENGTH = 8;
export const PSK_MAX_LENGTH = 64;

export function checkPsk(path: string, value: string): Issue[] {
  if (typeof value !== "string") return [issue(path, "PSK_INVALID", "the pre-shared key must be a string")];
  const problems: string[] = [];
  if (value.length < PSK_MIN_LENGTH || value.length > PSK_MAX_LENGTH) problems.push(`is ${value.length} characters long (allowed: ${PSK_MIN_LENGTH}–${PSK_MAX_LENGTH})`);
  if (/[^A-Za-z0-9._]/.test(value)) problems.push("contains characters other than letters, digits, '.' and '_'");
  if (value.startsWith("0")) problems.push("starts with '0'");
  return problems.length === 0 ? [] : [issue(path, "PSK_INVALID", `the pre-shared key (value withheld) ${problems.join(", ")}; AWS and Azure accept 8–64 of [A-Za-z0-9._], not starting with 0`)];
}

/**
 * Arguments for `@pulumi/random`'s `RandomPassword` that can only produce valid keys: no digits at all
 * (so the key can never start with '0'), and '.' and '_' as the only specials. 40 characters over a
 * 54-symbol alphabet give about 230 bits, far above what IKE's PRF can use.
 * `RandomPassword` (not `RandomString`) because its `result` is a Pulumi secret from birth.
 */
export const PSK_RANDOM_SPEC = {
  length: 40,
  lower: true,
  upper: true,
  numeric: false,
  special: true,
  overrideSpecial: "._",
  minLower: 4,
  minUpper: 4,
  minSpecial: 0,
  minNumeric: 0,
} as const;
