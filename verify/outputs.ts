import { ALARM_NAMES_OUTPUT, AlarmNames, DAY_TWO_OUTPUT, DayTwoManifest, checkDayTwoManifest, formatIssue } from "../sdk";

/**
 * Reads `pulumi stack output --json` (a JSON object of the stack's outputs) into what verify needs: the
 * `dayTwo` manifest and the `alarmNames`. A problem is the user's to fix (wrong stack, old version, not
 * JSON), so it comes back as text, never thrown as a crash.
 */
export interface StackOutputs {
  readonly manifest: DayTwoManifest;
  readonly alarmNames: AlarmNames;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

export function readStackOutputs(text: string, source: string): StackOutputs | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return `${source} is not JSON (${(e as Error).message}); give it the output of \`pulumi stack output --json\``;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return `${source} is not a JSON object of stack outputs`;
  const outputs = parsed as Record<string, unknown>;
  if (outputs[DAY_TWO_OUTPUT] === "[secret]") return `${source}: the "${DAY_TWO_OUTPUT}" output is a secret; run \`pulumi stack output --json --show-secrets\``;
  const { manifest, issues } = checkDayTwoManifest(outputs[DAY_TWO_OUTPUT]);
  if (!manifest) return `${source} is not the outputs of a crosscloud stack verify can read:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`;
  const alarms = outputs[ALARM_NAMES_OUTPUT];
  const a = typeof alarms === "object" && alarms !== null ? (alarms as Record<string, unknown>) : {};
  if (!isStringList(a["aws"]) || !isStringList(a["azure"])) return `${source}: the "${ALARM_NAMES_OUTPUT}" output needs lists "aws" and "azure" of alarm names`;
  return { manifest, alarmNames: { aws: a["aws"], azure: a["azure"] } };
}
