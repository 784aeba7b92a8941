/**
 * Simulated @pulumi/random strings and passwords: deterministic, but built the way
 * terraform-provider-random builds them, so a result satisfies exactly the constraints its inputs
 * ask for (and fails the same validation the real provider does).
 */
import { hashBytes } from "./ids";
import { bool, num, str, type SimContext, type SimulatedResult, type Simulator } from "./simulate-context";
import { T } from "../graph/types";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const NUMERIC = "0123456789";
/** The provider's default special set (RandomStringArgs.special docs). */
const DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?";

export interface RandomStringSpec {
  readonly length: number;
  readonly upper: boolean;
  readonly lower: boolean;
  readonly numeric: boolean;
  readonly special: boolean;
  readonly overrideSpecial: string | undefined;
  readonly minUpper: number;
  readonly minLower: number;
  readonly minNumeric: number;
  readonly minSpecial: number;
}

/** Reads the inputs with the provider's defaults (every class on, minimums 0; `number` is the deprecated `numeric`). */
export function randomSpec(ctx: SimContext): RandomStringSpec {
  const length = num(ctx.plain["length"]);
  if (length === undefined || !Number.isInteger(length) || length < 1) {
    throw new Error(`${ctx.name}: random length must be an integer >= 1, got ${String(ctx.plain["length"])}`);
  }
  return {
    length,
    upper: bool(ctx.plain["upper"]) ?? true,
    lower: bool(ctx.plain["lower"]) ?? true,
    numeric: bool(ctx.plain["numeric"]) ?? bool(ctx.plain["number"]) ?? true,
    special: bool(ctx.plain["special"]) ?? true,
    overrideSpecial: str(ctx.plain["overrideSpecial"]),
    minUpper: num(ctx.plain["minUpper"]) ?? 0,
    minLower: num(ctx.plain["minLower"]) ?? 0,
    minNumeric: num(ctx.plain["minNumeric"]) ?? 0,
    minSpecial: num(ctx.plain["minSpecial"]) ?? 0,
  };
}

/**
 * The provider's algorithm with a seeded byte stream instead of crypto/rand: first the minimum
 * count from each class (the provider adds these even for a class that is switched off), then the
 * rest from the enabled classes, then a shuffle.
 */
export function generateRandomString(spec: RandomStringSpec, seed: string): string {
  const specials = spec.overrideSpecial !== undefined && spec.overrideSpecial !== "" ? spec.overrideSpecial : DEFAULT_SPECIAL;
  const minimums = spec.minUpper + spec.minLower + spec.minNumeric + spec.minSpecial;
  if (spec.length < minimums) {
    throw new Error(`length (${spec.length}) must be >= minUpper + minLower + minNumeric + minSpecial (${minimums})`);
  }
  const pool = (spec.upper ? UPPER : "") + (spec.lower ? LOWER : "") + (spec.numeric ? NUMERIC : "") + (spec.special ? specials : "");
  if (pool === "" && spec.length > minimums) {
    throw new Error("at least one of upper, lower, numeric and special must be true");
  }
  const bytes = hashBytes(seed, spec.length * 2);
  let cursor = 0;
  const next = (): number => bytes[cursor++] ?? 0;
  const pick = (set: string, count: number): string[] => Array.from({ length: count }, () => set.charAt(next() % set.length));
  const chars = [
    ...pick(NUMERIC, spec.minNumeric),
    ...pick(LOWER, spec.minLower),
    ...pick(UPPER, spec.minUpper),
    ...pick(specials, spec.minSpecial),
  ];
  chars.push(...pick(pool, spec.length - chars.length));
  // Fisher–Yates over the second half of the byte stream.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const tmp = chars[i] ?? "";
    chars[i] = chars[j] ?? "";
    chars[j] = tmp;
  }
  return chars.join("");
}

function randomString(ctx: SimContext): SimulatedResult {
  const result = generateRandomString(randomSpec(ctx), ctx.seed("result"));
  // random_string's id is its result (the value is not secret for this resource type).
  return { id: ctx.requestedId ?? result, state: { ...ctx.inputs, result } };
}

function randomPassword(ctx: SimContext): SimulatedResult {
  const result = generateRandomString(randomSpec(ctx), ctx.seed("result"));
  // random_password's id is the literal "none". `result` and `bcryptHash` are listed in the SDK's
  // additionalSecretOutputs, so the recording monitor marks them secret, as the engine does.
  const hashAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bcryptHash = `$2a$10$${[...hashBytes(ctx.seed("bcrypt"), 53)].map((b) => hashAlphabet.charAt(b % hashAlphabet.length)).join("")}`;
  return { id: ctx.requestedId ?? "none", state: { ...ctx.inputs, result, bcryptHash } };
}

/**
 * random_bytes: `length` bytes as base64 and hex (both additionalSecretOutputs in the SDK). Its id is the
 * literal "none", as terraform-provider-random's resource_bytes.go sets it, so no key leaks through the id.
 */
function randomBytes(ctx: SimContext): SimulatedResult {
  const length = num(ctx.plain["length"]);
  if (length === undefined || !Number.isInteger(length) || length < 1) {
    throw new Error(`${ctx.name}: random length must be an integer >= 1, got ${String(ctx.plain["length"])}`);
  }
  const bytes = hashBytes(ctx.seed("bytes"), length);
  const base64 = bytes.toString("base64");
  return { id: ctx.requestedId ?? "none", state: { ...ctx.inputs, base64, hex: bytes.toString("hex") } };
}

export const RANDOM_SIMULATORS: Readonly<Record<string, Simulator>> = {
  [T.randomString]: randomString,
  [T.randomPassword]: randomPassword,
  [T.randomBytes]: randomBytes,
};
