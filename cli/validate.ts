/**
 * `crosscloud validate`: the stack config checked as `pulumi up` would check it before registering anything
 * (stacks/config.ts `validateStackConfig`: every crosscloud:* key against the schema, the network plan with its
 * interconnect and DNS, the composition, the providers' regions, existing networks, and the checks the
 * components make on the plan), without running the program: no Pulumi SDK, no resources, nothing written.
 * For editors and pre-commit hooks.
 */
import { PlanError, formatNotice, networkNotices } from "../sdk";
import { validateStackConfig } from "../stacks/config";
import { Command, CommandIo, UsageError, runCommand } from "./command";
import { cliRoot, readStackInput, stackConfigPath, stackOfFile } from "./stack-file";

export const VALIDATE_USAGE =
  "usage: crosscloud validate [--stack NAME] [--config FILE] [--json]\n" +
  "  checks a stack's config without running it: the schema of every crosscloud:* key (unknown keys, types,\n" +
  "  ranges), the network plan (IPAM, ASNs, tunnels, IPsec, interconnect, DNS), the composition, the providers'\n" +
  "  regions and existing networks; every problem at once, under its config path. Writes nothing.\n" +
  "  --stack: stacks/Pulumi.<stack>.yaml (default dev), or the stack --config is for (default: from its name)\n" +
  "  --config: any Pulumi stack config file\n" +
  "  --json: print the result as JSON: { stack, file, valid, issues: [{ path, code, message }], unchecked }\n" +
  "exit code: 0 valid, 1 invalid config, 2 bad usage or an unreadable file";

const OPTIONS = {
  stack: { type: "string", needs: "a stack name" },
  config: { type: "string", needs: "a file" },
  json: { type: "boolean" },
} as const;

export const validateCmd: Command<typeof OPTIONS> = {
  name: "validate",
  summary: "check a stack's config (schema, plan, interconnect, DNS) without running it; fast, writes nothing",
  usage: VALIDATE_USAGE,
  options: OPTIONS,
  async run({ values }, io: CommandIo) {
    if (values.stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.stack)) throw new UsageError(`--stack ${values.stack} is not a stack name`);
    const root = cliRoot();
    const file = stackConfigPath(root, values.stack ?? "dev", values.config);
    const stack = values.stack ?? (values.config !== undefined ? stackOfFile(file, "dev") : "dev");
    const result = validateStackConfig(readStackInput(file, stack), root);
    const valid = result.issues.length === 0;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ stack, file, valid, issues: result.issues, unchecked: result.unchecked }, null, 2)}\n`);
      return valid ? 0 : 1;
    }
    if (!valid) {
      io.stderr.write(`${new PlanError(result.issues, `crosscloud stack "${stack}" config`).message}\n`);
      return 1;
    }
    const { plan, overlayPlan } = result;
    const summary = plan
      ? `${Object.keys(plan.aws.vpcs).length} VPC(s), ${Object.keys(plan.azure.vnets).length} VNet(s), ${plan.vpn.tunnels.length} tunnels${plan.interconnect ? ", ExpressRoute + Direct Connect" : ""}${plan.dns ? ", DNS both ways" : ""}`
      : overlayPlan
        ? `WireGuard overlay: ${Object.keys(overlayPlan.overlay.aws.routers).length} AWS and ${Object.keys(overlayPlan.overlay.azure.routers).length} Azure routers, ${Object.keys(overlayPlan.overlay.links).length} links in ${overlayPlan.overlay.insideCidr}`
        : "not planned";
    io.stdout.write(`crosscloud stack "${stack}" config is valid: ${summary}\n`);
    // What the preview also says before a deploy (a pending ExpressRoute leg, …): valid, but worth knowing.
    if (plan) for (const n of networkNotices(plan)) io.stdout.write(`${formatNotice(n)}\n`);
    for (const p of result.unchecked) io.stdout.write(`  not checked: ${p} is encrypted (validate reads the file offline; pulumi up checks it)\n`);
    return 0;
  },
};

export const validateCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(validateCmd, argv, io);
