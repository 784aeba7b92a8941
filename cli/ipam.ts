/**
 * `crosscloud ipam`: plans a stack's network from its config file and shows (or records) its allocations
 * in the shared IPAM registry, so other stacks plan around them and this stack keeps them when it grows.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import { PlanError, Registry, RegistryEntry, mergeRegistry, registryOverlaps, validateNetwork, validateOverlayNetwork } from "../sdk";
import { RawStackConfig, parseStackConfig, rawConfigFromFile } from "../stacks/config";
import { isOverlayProfile, parseOverlayStackConfig } from "../stacks/overlay-config";
import { packageRoot } from "../preview/stack";
import { Command, CommandIo, runCommand } from "./command";

export const IPAM_USAGE =
  "usage: crosscloud ipam [--stack NAME] [--config FILE] [--write]\n" +
  "  prints the stack's planned allocations merged into its registry (crosscloud:registryFile);\n" +
  "  --write saves that registry; a registry with overlaps between stacks is refused\n" +
  "exit code: 0 ok, 1 invalid config or overlapping registry, 2 bad usage";

const OPTIONS = {
  stack: { type: "string", default: "dev" },
  config: { type: "string", needs: "a file" },
  write: { type: "boolean" },
} as const;

export const ipamCmd: Command<typeof OPTIONS> = {
  name: "ipam",
  summary: "show or record a stack's allocations in the shared IPAM registry",
  usage: IPAM_USAGE,
  options: OPTIONS,
  async run({ values }, io) {
    const stack = values.stack;
    const root = packageRoot();
    const file = values.config ? path.resolve(values.config) : path.join(root, "stacks", `Pulumi.${stack}.yaml`);
    const raw = rawConfigFromFile(file, stack);
    const planned = isOverlayProfile(raw) ? planOverlayStack(raw, root) : planNetworkStack(raw, root);
    if ("error" in planned) {
      io.stderr.write(`${planned.error}\n`);
      return 1;
    }
    const merged: Registry = mergeRegistry(planned.registry, planned.environment, planned.allocations);

    const overlaps = registryOverlaps(merged);
    const text = stringifyYaml(merged);
    io.stdout.write(text);
    if (overlaps.length > 0) {
      io.stderr.write(`${new PlanError(overlaps, "merged IPAM registry").message}\n`);
      return 1;
    }
    if (values.write) {
      if (raw.registryFile === undefined) {
        io.stderr.write(`crosscloud ipam: the stack has no crosscloud:registryFile to write\n`);
        return 1;
      }
      const target = path.resolve(root, raw.registryFile);
      fs.writeFileSync(target, `# crosscloud IPAM registry: every stack's allocations. Update with \`crosscloud ipam --stack NAME --write\`.\n${text}`);
      io.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
    }
    return 0;
  },
};

/** What a stack adds to the registry, or why it cannot be planned. */
type Planned = { readonly registry: Registry | undefined; readonly environment: string; readonly allocations: readonly RegistryEntry[] } | { readonly error: string };

function planNetworkStack(raw: RawStackConfig, root: string): Planned {
  const { config, issues } = parseStackConfig(raw, root);
  if (!config) return { error: new PlanError(issues, `crosscloud stack "${raw.stack}" config`).message };
  const { plan, issues: planIssues } = validateNetwork(config.network);
  if (!plan) return { error: new PlanError(planIssues, `crosscloud stack "${raw.stack}" network plan`).message };
  return { registry: config.registry, environment: plan.environment, allocations: plan.allocations };
}

/** The overlay profile: its networks and the overlay's /24, links and router ids (sdk/overlay-network.ts). */
function planOverlayStack(raw: RawStackConfig, root: string): Planned {
  const { config, issues } = parseOverlayStackConfig(raw, root);
  if (!config) return { error: new PlanError(issues, `crosscloud stack "${raw.stack}" config`).message };
  const { plan, issues: planIssues } = validateOverlayNetwork(config.network);
  if (!plan) return { error: new PlanError(planIssues, `crosscloud stack "${raw.stack}" overlay plan (crosscloud:overlay)`).message };
  return { registry: config.network.registry, environment: plan.environment, allocations: plan.allocations };
}

export const ipamCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(ipamCmd, argv, io);
