/**
 * `crosscloud ipam`: plans a stack's network from its config file and shows (or records) its allocations
 * in the shared IPAM registry, so other stacks plan around them and this stack keeps them when it grows.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { PlanError, Registry, mergeRegistry, registryOverlaps, validateNetwork } from "../sdk";
import { RawStackConfig, parseStackConfig, rawStackConfig } from "../stacks/config";
import { packageRoot } from "./preview/command";

export const IPAM_USAGE =
  "usage: crosscloud ipam [--stack NAME] [--config FILE] [--write]\n" +
  "  prints the stack's planned allocations merged into its registry (crosscloud:registryFile);\n" +
  "  --write saves that registry; a registry with overlaps between stacks is refused\n" +
  "exit code: 0 ok, 1 invalid config or overlapping registry, 2 bad usage";

/** Reads the `crosscloud:*` keys of a Pulumi stack config file as the stack program would see them. */
export function rawConfigFromFile(file: string, stack: string): RawStackConfig {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const cfg = doc?.config ?? {};
  return rawStackConfig(stack, (key) => cfg[`crosscloud:${key}`]);
}

export async function ipamCommand(argv: string[], io: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } } = process): Promise<number> {
  let stack = "dev";
  let configFile: string | undefined;
  let write = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--stack" && argv[i + 1]) stack = argv[++i] as string;
    else if (a === "--config" && argv[i + 1]) configFile = argv[++i] as string;
    else if (a === "--write") write = true;
    else if (a === "--help" || a === "-h") {
      io.stdout.write(`${IPAM_USAGE}\n`);
      return 0;
    } else {
      io.stderr.write(`crosscloud ipam: unexpected argument ${String(a)}\n${IPAM_USAGE}\n`);
      return 2;
    }
  }
  const root = packageRoot();
  const file = configFile ? path.resolve(configFile) : path.join(root, "stacks", `Pulumi.${stack}.yaml`);
  const raw = rawConfigFromFile(file, stack);
  const { config, issues } = parseStackConfig(raw, root);
  if (!config) {
    io.stderr.write(`${new PlanError(issues, `crosscloud stack "${stack}" config`).message}\n`);
    return 1;
  }
  const { plan, issues: planIssues } = validateNetwork(config.network);
  if (!plan) {
    io.stderr.write(`${new PlanError(planIssues, `crosscloud stack "${stack}" network plan`).message}\n`);
    return 1;
  }
  const merged: Registry = mergeRegistry(config.registry, plan.environment, plan.allocations);
  const overlaps = registryOverlaps(merged);
  const text = stringifyYaml(merged);
  io.stdout.write(text);
  if (overlaps.length > 0) {
    io.stderr.write(`${new PlanError(overlaps, "merged IPAM registry").message}\n`);
    return 1;
  }
  if (write) {
    if (raw.registryFile === undefined) {
      io.stderr.write(`crosscloud ipam: the stack has no crosscloud:registryFile to write\n`);
      return 1;
    }
    const target = path.resolve(root, raw.registryFile);
    fs.writeFileSync(target, `# crosscloud IPAM registry: every stack's allocations. Update with \`crosscloud ipam --stack NAME --write\`.\n${text}`);
    io.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
  }
  return 0;
}
