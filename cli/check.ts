/** `crosscloud check FILE`: the policy pack over a plan.json or a `pulumi stack export` file. */
import { formatCheckReport, runCheck } from "../check/analyze";
import { Command, CommandIo, runCommand } from "./command";

export const CHECK_USAGE =
  "usage: crosscloud check FILE [--policy-config FILE.json]\n" +
  "  FILE: a crosscloud plan.json or a `pulumi stack export` file\n" +
  "  --policy-config: policy pack config in the Pulumi CLI's --policy-pack-config format\n" +
  "exit code: 0 no mandatory violation, 1 mandatory violations, 2 bad usage, bad input or pack failure";

const OPTIONS = { "policy-config": { type: "string", needs: "a file" } } as const;

export const checkCmd: Command<typeof OPTIONS> = {
  name: "check",
  summary: "run the policy pack over a plan.json or a 'pulumi stack export' file",
  usage: CHECK_USAGE,
  options: OPTIONS,
  positionals: { min: 1, max: 1, name: "FILE" },
  async run({ values, positionals }, io) {
    const file = positionals[0] as string;
    const policyConfig = values["policy-config"];
    try {
      const result = await runCheck(policyConfig === undefined ? { file } : { file, policyConfig });
      io.stdout.write(`${formatCheckReport(result)}\n`);
      return result.mandatoryCount > 0 ? 1 : 0;
    } catch (err) {
      // Bad input, or a pack that failed to start or crashed: either way there is no verdict.
      io.stderr.write(`crosscloud check: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  },
};

/**
 * `crosscloud check FILE [--policy-config FILE.json]`. `argv` is what follows `check`. Prints the report and
 * returns 0 clean or advisory only, 1 on a mandatory violation, 2 on bad usage, unreadable input or a pack
 * that could not run.
 */
export const checkCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(checkCmd, argv, io);
