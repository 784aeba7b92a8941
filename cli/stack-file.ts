/** Which stack config file a command reads, and reading it offline (the commands that take --stack/--config). */
import * as fs from "fs";
import * as path from "path";
import { StackConfigInput, findProjectRoot, readStackConfigFile } from "../stacks/config";
import { UsageError } from "./command";

/** The package root (the directory of Pulumi.yaml), found from this module, source or dist. */
export function cliRoot(): string {
  const root = findProjectRoot(__dirname);
  if (root === undefined) throw new Error(`no Pulumi.yaml above ${__dirname}`);
  return root;
}

/** `--config FILE`, else `stacks/Pulumi.<stack>.yaml` of the package. */
export function stackConfigPath(root: string, stack: string, config: string | undefined): string {
  return config !== undefined ? path.resolve(config) : path.join(root, "stacks", `Pulumi.${stack}.yaml`);
}

/** The stack a config file is for when --stack is not given: `Pulumi.<stack>.yaml`, else `fallback`. */
export const stackOfFile = (file: string, fallback: string): string => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(path.basename(file))?.[1] ?? fallback;

/** Reads a stack file offline; a missing or unparsable file is a usage error (exit 2), not an invalid config. */
export function readStackInput(file: string, stack: string): StackConfigInput {
  if (!fs.existsSync(file)) throw new UsageError(`no stack config at ${file}`);
  try {
    return readStackConfigFile(file, stack);
  } catch (err) {
    throw new UsageError(`${file} is not a readable stack config file: ${(err as Error).message}`);
  }
}
