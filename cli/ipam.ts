/**
 * `crosscloud ipam`: plans a stack's network from its config file and shows (or records) its allocations
 * in the shared IPAM registry, so other stacks plan around them and this stack keeps them when it grows.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import { PlanError, Registry, mergeRegistry, registryOverlaps } from "../sdk";
import { validateStackConfig } from "../stacks/config";
import { Command, CommandIo, runCommand } from "./command";
import { cliRoot, readStackInput, stackConfigPath } from "./stack-file";

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
    const root = cliRoot();
    const input = readStackInput(stackConfigPath(root, stack, values.config), stack);
    const { plan, overlayPlan, registry, issues } = validateStackConfig(input, root);
    // A network stack's allocations, or the overlay profile's (its networks, the overlay's /24, links and router ids).
    const planned = plan ?? overlayPlan;
    if (!planned || issues.length > 0) {
      io.stderr.write(`${new PlanError(issues, `crosscloud stack "${stack}" config`).message}\n`);
      return 1;
    }
    const merged: Registry = mergeRegistry(registry, planned.environment, planned.allocations);
    const overlaps = registryOverlaps(merged);
    const text = stringifyYaml(merged);
    io.stdout.write(text);
    if (overlaps.length > 0) {
      io.stderr.write(`${new PlanError(overlaps, "merged IPAM registry").message}\n`);
      return 1;
    }
    if (values.write) {
      const registryFile = input.values["crosscloud:registryFile"];
      if (typeof registryFile !== "string") {
        io.stderr.write(`crosscloud ipam: the stack has no crosscloud:registryFile to write\n`);
        return 1;
      }
      const target = path.resolve(root, registryFile);
      fs.writeFileSync(target, `# crosscloud IPAM registry: every stack's allocations. Update with \`crosscloud ipam --stack NAME --write\`.\n${text}`);
      io.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
    }
    return 0;
  },
};

export const ipamCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(ipamCmd, argv, io);
