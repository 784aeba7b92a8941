/**
 * The command line and environment `pulumi up` gives a Node.js program, reproduced so the local
 * engine can launch `@pulumi/pulumi/cmd/run` exactly as the Node.js language host does.
 *
 * Followed: pulumi/pulumi tag v3.248.0 (commit a88168d865b7fd428e5a929cc54aeceaf72d203f), the same
 * version as the @pulumi/pulumi this package pins:
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go
 *   - `constructArguments`: `<runPath> --monitor A --engine A --sync DIR --organization O --project P
 *     --root-directory R --stack S --pwd D [--dry-run] --parallel N [--tracing U] <entryPoint> <args…>`,
 *     each `--k v` only when `v` is non-empty (`--parallel` always: it is `strconv.Itoa`);
 *   - `constructConfig`: `PULUMI_CONFIG` = JSON object, keys rewritten `<ns>:<name>` -> `<ns>:config:<name>`,
 *     values the config strings (structured values are JSON text);
 *   - `constructConfigSecretKeys`: `PULUMI_CONFIG_SECRET_KEYS` = JSON array of `<ns>:<name>` (not rewritten);
 *   - `execRuntime`: env = the host's own environment + those two + `PULUMI_NODEJS_TYPESCRIPT=true` (the
 *     `typescript` runtime option, default true) + `PULUMI_NODEJS_TSCONFIG_PATH` (the `tsconfig` option);
 *     argv = `node <nodeargs option…> <constructArguments>`; exit code 32 = "already reported" (Bail).
 *   - `Run`: `runPath` = `require.resolve("@pulumi/pulumi/cmd/run")` from the program directory (`locateModule`).
 * - pkg/engine/project.go `getPwdMain`: `main: stacks/` (a directory) gives pwd = <root>/stacks and entry point ".".
 * - pkg/resource/deploy/program_source.go `forkRun`: organization, project, stack, dry-run and parallel of the RunRequest.
 * - pkg/cmd/pulumi/operations/up.go `defaultParallel`: `--parallel` defaults to GOMAXPROCS * 4.
 * The runner's side (node_modules/@pulumi/pulumi/cmd/run/index.js, 3.248.0) reads these flags with minimist and
 * copies them to `PULUMI_NODEJS_*`; runtime/config.js reads `PULUMI_CONFIG` / `PULUMI_CONFIG_SECRET_KEYS`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

/** What a Pulumi.yaml says about running the program. */
export interface ProjectFile {
  readonly name: string;
  readonly runtime: string;
  /** `runtime.options` (typescript, tsconfig, nodeargs, …). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly main: string | undefined;
}

export function readProjectFile(root: string): ProjectFile {
  const file = path.join(root, "Pulumi.yaml");
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as Record<string, unknown> | null;
  const name = doc?.["name"];
  if (typeof name !== "string" || name === "") throw new Error(`${file}: 'name' is required`);
  const runtime = doc?.["runtime"];
  const runtimeName = typeof runtime === "string" ? runtime : (runtime as Record<string, unknown> | undefined)?.["name"];
  if (runtimeName !== "nodejs") throw new Error(`${file}: runtime ${String(runtimeName)} is not nodejs`);
  const options = typeof runtime === "object" && runtime !== null ? ((runtime as Record<string, unknown>)["options"] ?? {}) : {};
  const main = doc?.["main"];
  return { name, runtime: runtimeName, options: options as Record<string, unknown>, main: typeof main === "string" ? main : undefined };
}

/** pkg/engine/project.go `getPwdMain`: the program's working directory and the entry point handed to the runner. */
export function pwdMain(root: string, main: string | undefined): { pwd: string; entryPoint: string } {
  if (main === undefined || main === "") return { pwd: root, entryPoint: "." };
  // filepath.Clean(filepath.Join(root, main)): no trailing separator.
  const full = path.resolve(root, main);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) throw new Error(`project 'main' could not be read: ${full} does not exist`);
  return stat.isDirectory() ? { pwd: full, entryPoint: "." } : { pwd: path.dirname(full), entryPoint: path.basename(full) };
}

/** pulumi-language-nodejs `parseOptions` (nodejs runtime): typescript defaults to true. */
export interface NodeRuntimeOptions {
  readonly typescript: boolean;
  readonly tsconfig: string | undefined;
  readonly nodeargs: readonly string[];
}

export function nodeRuntimeOptions(options: Readonly<Record<string, unknown>>): NodeRuntimeOptions {
  const ts = options["typescript"];
  if (ts !== undefined && typeof ts !== "boolean") throw new Error("typescript option must be a boolean");
  const tsconfig = options["tsconfig"];
  if (tsconfig !== undefined && typeof tsconfig !== "string") throw new Error("tsconfigpath option must be a string");
  const nodeargs = options["nodeargs"];
  if (nodeargs !== undefined && typeof nodeargs !== "string") throw new Error("nodeargs option must be a string");
  // The host splits nodeargs with shlex; whitespace splitting covers every unquoted use.
  return { typescript: ts ?? true, tsconfig: tsconfig || undefined, nodeargs: nodeargs ? nodeargs.trim().split(/\s+/) : [] };
}

/** The fields of the engine's RunRequest that reach the runner. */
export interface RunRequest {
  readonly monitorAddress: string;
  readonly engineAddress: string;
  readonly organization: string;
  readonly project: string;
  readonly rootDirectory: string;
  readonly stack: string;
  readonly programDirectory: string;
  readonly entryPoint: string;
  readonly dryRun: boolean;
  readonly parallel: number;
  /** Config keyed `<ns>:<name>`, values as strings (objects as JSON text). */
  readonly config: Readonly<Record<string, string>>;
  /** Keys of `config` that are secret, `<ns>:<name>`. */
  readonly secretKeys: readonly string[];
  readonly runtimeOptions: NodeRuntimeOptions;
  /** Extra program arguments (`pulumi up` passes none). */
  readonly args?: readonly string[];
}

/** The CLI's default `--parallel`: GOMAXPROCS * 4 (Go's GOMAXPROCS defaults to the usable CPU count). */
export function defaultParallel(): number {
  return os.availableParallelism() * 4;
}

/** `constructArguments`: the runner's argv after the node binary (and nodeargs). */
export function runnerArguments(runPath: string, req: RunRequest): string[] {
  const args = [runPath];
  const maybe = (k: string, v: string): void => {
    if (v !== "") args.push(`--${k}`, v);
  };
  maybe("monitor", req.monitorAddress);
  maybe("engine", req.engineAddress);
  // --sync: the host's FIFO pair for the SDK's legacy synchronous invokes; not provided (see notes).
  maybe("organization", req.organization);
  maybe("project", req.project);
  maybe("root-directory", req.rootDirectory);
  maybe("stack", req.stack);
  maybe("pwd", req.programDirectory);
  if (req.dryRun) args.push("--dry-run");
  maybe("parallel", String(req.parallel));
  args.push(req.entryPoint, ...(req.args ?? []));
  return args;
}

/** `constructConfig`: `<ns>:<name>` -> `<ns>:config:<name>` (the runtime accepts both and strips `config:`). */
export function configEnvValue(config: Readonly<Record<string, string>>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const idx = key.indexOf(":");
    if (idx <= 0) throw new Error(`config key '${key}' is not of the form <namespace>:<name>`);
    out[`${key.slice(0, idx)}:config:${key.slice(idx + 1)}`] = value;
  }
  return JSON.stringify(out);
}

/** `execRuntime`'s environment additions. */
export function runnerEnvironment(req: RunRequest): Record<string, string> {
  const env: Record<string, string> = {
    PULUMI_CONFIG: configEnvValue(req.config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.secretKeys),
  };
  if (req.runtimeOptions.typescript) env["PULUMI_NODEJS_TYPESCRIPT"] = "true";
  if (req.runtimeOptions.tsconfig) env["PULUMI_NODEJS_TSCONFIG_PATH"] = req.runtimeOptions.tsconfig;
  return env;
}

/** `locateModule`: where `@pulumi/pulumi/cmd/run` resolves from the program directory. */
export function locateRunner(programDirectory: string): string {
  return require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
}

/** The runner's "I already showed the user an actionable message" exit code (cmd/run/index.js, main.go). */
export const EXIT_ALREADY_REPORTED = 32;
