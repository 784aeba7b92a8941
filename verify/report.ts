import { CheckResult, CheckStatus } from "./facts";
import { CredentialProblem } from "./credentials";
import { StackOutputs } from "./outputs";

/** The first line: what is being verified. */
export function formatHeader(stack: string | undefined, o: StackOutputs): string {
  const m = o.manifest;
  const group = m.azure.vpnGatewayId.split("/").slice(0, 5).join("/");
  const alarms = o.alarmNames.aws.length + o.alarmNames.azure.length;
  return `crosscloud verify: ${stack !== undefined ? `stack ${stack}, ` : ""}environment ${m.environment}: AWS ${m.aws.region} (${m.aws.attachment}), Azure ${group}, ${m.tunnels.length} tunnels, ${alarms} alarms`;
}

/** How `crosscloud verify` prints: one line per check (PASS/FAIL/SKIP and its title), its evidence indented under it. */
export function formatChecks(checks: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.status.padEnd(4)}  ${c.title}`);
    for (const e of c.evidence) lines.push(`      ${e}`);
  }
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  lines.push("", `${checks.length} checks: ${count(CheckStatus.Pass)} passed, ${count(CheckStatus.Fail)} failed, ${count(CheckStatus.Skip)} skipped`);
  return lines.join("\n");
}

/** The credential problems, naming each chain tried and what each of its links said. */
export function formatCredentialProblems(problems: readonly CredentialProblem[]): string {
  return problems
    .map((p) => `no usable ${p.cloud === "aws" ? "AWS" : "Azure"} credentials; tried ${p.chain}:\n${p.details.map((d) => `  - ${d}`).join("\n")}`)
    .join("\n");
}

/** The `--json` file: every check with its evidence, and the verdict. */
export interface VerifyJson {
  readonly stack: string | undefined;
  readonly environment: string;
  readonly passed: boolean;
  readonly checks: readonly CheckResult[];
}
