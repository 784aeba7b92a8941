/**
 * `crosscloud verify`: after `pulumi up`, checks the live clouds against the stack's plan (README "Day two").
 * It reads the stack's outputs (`pulumi stack output --json`, piped in, from a file, or run for `--stack`),
 * then queries AWS and Azure with the users' normal credentials.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { VerifyJson, formatChecks, formatCredentialProblems, formatHeader, readStackOutputs, runVerify } from "../verify";
import { Command, UsageError } from "./command";

export const VERIFY_USAGE =
  "usage: crosscloud verify [--stack NAME] [--outputs FILE|-] [--json FILE]\n" +
  "  checks the deployed stack on both clouds: every tunnel up, every BGP peer Connected, each side learning exactly\n" +
  "  the other's planned prefixes (no default route), the interconnect as the active path, every alarm OK\n" +
  "  --outputs FILE: the stack's `pulumi stack output --json` (- reads stdin; piped stdin is read without it)\n" +
  "  --stack NAME: without --outputs or piped input, runs `pulumi stack output --json --stack NAME`\n" +
  "  --json FILE: also write the checks and their evidence as JSON\n" +
  "  credentials: the AWS default credential chain and DefaultAzureCredential\n" +
  "exit code: 0 every check passed, 1 a check failed, 2 bad usage, unreadable outputs or no usable credentials";

const OPTIONS = {
  stack: { type: "string", needs: "a stack name" },
  outputs: { type: "string", needs: "a file (or - for stdin)" },
  json: { type: "string", needs: "a file" },
} as const;

/** How long `pulumi stack output` may take before verify gives up on it. */
const PULUMI_OUTPUT_TIMEOUT_MS = 120_000;

/** stdin holds data worth reading: a pipe or a redirected file, never a terminal or /dev/null. */
function stdinIsPiped(): boolean {
  try {
    const st = fs.fstatSync(0);
    return st.isFIFO() || st.isFile();
  } catch {
    return false;
  }
}

function readOutputs(values: { readonly stack: string | undefined; readonly outputs: string | undefined }): { text: string; source: string } {
  if (values.outputs === "-" || (values.outputs === undefined && stdinIsPiped())) return { text: fs.readFileSync(0, "utf8"), source: "stdin" };
  if (values.outputs !== undefined) {
    if (!fs.existsSync(values.outputs)) throw new UsageError(`--outputs ${values.outputs}: no such file`);
    return { text: fs.readFileSync(values.outputs, "utf8"), source: values.outputs };
  }
  if (values.stack === undefined) throw new UsageError("give --stack NAME, --outputs FILE, or pipe `pulumi stack output --json` into it");
  const run = spawnSync("pulumi", ["stack", "output", "--json", "--stack", values.stack], { encoding: "utf8", timeout: PULUMI_OUTPUT_TIMEOUT_MS });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT"
        ? `the pulumi CLI is not on PATH; run \`pulumi stack output --json --stack ${values.stack} | crosscloud verify\` where it is, or pass --outputs FILE`
        : `pulumi stack output --stack ${values.stack} failed: ${run.error.message}`,
    );
  }
  if (run.status !== 0) throw new UsageError(`pulumi stack output --stack ${values.stack} exited ${run.status}: ${run.stderr.trim()}`);
  return { text: run.stdout, source: `pulumi stack output --stack ${values.stack}` };
}

export const verifyCmd: Command<typeof OPTIONS> = {
  name: "verify",
  summary: "after pulumi up: check tunnels, BGP, learned prefixes, the interconnect path and the alarms on the live clouds",
  usage: VERIFY_USAGE,
  options: OPTIONS,
  async run({ values }, io) {
    const { text, source } = readOutputs(values);
    const outputs = readStackOutputs(text, source);
    if (typeof outputs === "string") throw new UsageError(outputs);
    const m = outputs.manifest;
    io.stdout.write(`${formatHeader(values.stack, outputs)}\n`);
    const outcome = await runVerify({ manifest: m, alarmNames: outputs.alarmNames });
    if (outcome.kind === "credentials") {
      io.stderr.write(`crosscloud verify: ${formatCredentialProblems(outcome.problems)}\n`);
      return 2;
    }
    io.stdout.write(`${formatChecks(outcome.checks)}\n`);
    if (values.json !== undefined) {
      const json: VerifyJson = { stack: values.stack, environment: m.environment, passed: outcome.passed, checks: outcome.checks };
      fs.writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
    }
    return outcome.passed ? 0 : 1;
  },
};
