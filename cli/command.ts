/**
 * How every `crosscloud` command is written: a name, a usage text, its options declared for Node's
 * `util.parseArgs`, and a `run` that gets the parsed values and returns an exit code. `runCommand`
 * does the rest the same way for all of them: `--help`, usage errors (exit 2, naming the argument),
 * and errors nobody expected (exit 2 for bad input, with the message and no stack trace).
 *
 * Exit codes, for every command: 0 success, 1 the thing checked failed (invalid config, mandatory
 * violation, failed lab check), 2 bad usage, unreadable input or missing prerequisites.
 */
import { parseArgs } from "node:util";

export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface StringOption {
  readonly type: "string";
  /** What the value is, for "--x needs <needs>". @default "a value" */
  readonly needs?: string;
  readonly default?: string;
}
export interface BooleanOption {
  readonly type: "boolean";
}
export type OptionSpec = StringOption | BooleanOption;

type Values<O extends Readonly<Record<string, OptionSpec>>> = {
  readonly [K in keyof O]: O[K] extends StringOption ? (O[K] extends { readonly default: string } ? string : string | undefined) : boolean;
};

export interface ParsedArgs<O extends Readonly<Record<string, OptionSpec>>> {
  readonly values: Values<O>;
  readonly positionals: readonly string[];
}

export interface Command<O extends Readonly<Record<string, OptionSpec>>> {
  readonly name: string;
  /** One line for `crosscloud --help`. */
  readonly summary: string;
  readonly usage: string;
  readonly options: O;
  /** How many positional arguments it takes. @default [0, 0] */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
  run(args: ParsedArgs<O>, io: CommandIo): Promise<number>;
}

/** Thrown by a command's `run` for a problem with what the user gave it: printed without a stack, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses `argv` for `command`; a string is the usage error to print. */
export function parseCommandArgs<O extends Readonly<Record<string, OptionSpec>>>(command: Command<O>, argv: readonly string[]): ParsedArgs<O> | string {
  const options: Record<string, { type: "string" | "boolean"; default?: string }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = spec.type === "string" && spec.default !== undefined ? { type: "string", default: spec.default } : { type: spec.type };
  }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    const code = (err as { code?: string }).code;
    const option = /'(--?[^' ]+)/.exec((err as Error).message)?.[1];
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
      const spec = command.options[option.replace(/^--?/, "")];
      return `${option} needs ${spec?.type === "string" ? (spec.needs ?? "a value") : "no value"}`;
    }
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) return `unexpected argument ${option}`;
    return (err as Error).message;
  }
  for (const [name, spec] of Object.entries(command.options)) {
    const v = parsed.values[name];
    // `--stack --out x` would otherwise read "--out" as the stack's name.
    if (spec.type === "string" && typeof v === "string" && (v === "" || (v.startsWith("--") && !(spec.default !== undefined && v === spec.default)))) {
      return `--${name} needs ${spec.needs ?? "a value"}`;
    }
  }
  const limits = command.positionals ?? { min: 0, max: 0, name: "" };
  if (parsed.positionals.length > limits.max) return `unexpected argument ${parsed.positionals[limits.max] ?? ""}`;
  if (parsed.positionals.length < limits.min) return `missing ${limits.name}`;
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** Runs one command the way every command runs: help, usage errors, then `run`. */
export async function runCommand<O extends Readonly<Record<string, OptionSpec>>>(command: Command<O>, argv: readonly string[], io: CommandIo = process): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  const args = parseCommandArgs(command, argv);
  if (typeof args === "string") {
    io.stderr.write(`crosscloud ${command.name}: ${args}\n${command.usage}\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`crosscloud ${command.name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
