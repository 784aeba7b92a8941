import { type AnalyzerInfo, PolicyPackClient, type Violation } from "./client";
import { loadPolicyPackConfig, type PolicyPackConfig, resolvePolicyConfig } from "./policy-config";
import { type AnalyzerResourceData, ROOT_STACK_TYPE } from "./resource-data";
import { type InputFormat, loadResources } from "./resources";
import { spawnPack } from "./spawn-pack";

export interface AnalyzeOptions {
  /** Path to a `--policy-pack-config`-style JSON file, or the config itself. */
  readonly policyConfig?: string | PolicyPackConfig;
  /** Policy pack entry (.js or .ts). @default - the crosscloud pack (see defaultPackEntry) */
  readonly packEntry?: string;
}

export interface AnalyzeResult {
  readonly violations: readonly Violation[];
  readonly mandatoryCount: number;
  readonly pack: { readonly name: string; readonly version: string; readonly policyCount: number };
  readonly resourceCount: number;
}

export interface CheckOptions extends AnalyzeOptions {
  /** A crosscloud plan.json or a `pulumi stack export` file. */
  readonly file: string;
}

export interface CheckResult extends AnalyzeResult {
  readonly format: InputFormat;
  readonly stack: string;
}

/**
 * The engine files a violation without a (known) URN against the root stack resource; do the
 * same, so plan.json and the CLI agree on where each violation belongs.
 */
function attributed(violations: readonly Violation[], resources: readonly AnalyzerResourceData[]): Violation[] {
  const urns = new Set(resources.map((r) => r.urn));
  const root = resources.find((r) => r.type === ROOT_STACK_TYPE)?.urn;
  return violations.map((v) => (urns.has(v.urn) || root === undefined ? v : { ...v, urn: root }));
}

/**
 * Runs the policy pack over already-converted resources: spawn the pack, GetAnalyzerInfo,
 * Configure (only when there is config, as the engine does), AnalyzeStack, and always stop the pack.
 */
export async function analyzeResources(resources: readonly AnalyzerResourceData[], options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const config =
    typeof options.policyConfig === "string" ? await loadPolicyPackConfig(options.policyConfig) : options.policyConfig;
  const pack = await spawnPack(options.packEntry === undefined ? {} : { entry: options.packEntry });
  let client: PolicyPackClient | undefined;
  try {
    client = new PolicyPackClient(pack.address);
    const info: AnalyzerInfo = await client.getAnalyzerInfo();
    if (config !== undefined) {
      const source = typeof options.policyConfig === "string" ? options.policyConfig : "policy config";
      const entries = resolvePolicyConfig(config, info, source);
      if (Object.keys(entries).length > 0) await client.configure(entries);
    }
    const violations = attributed(await client.analyzeStack(resources), resources);
    return {
      violations,
      mandatoryCount: violations.filter((v) => v.level === "mandatory").length,
      pack: { name: info.name, version: info.version, policyCount: info.policies.length },
      resourceCount: resources.length,
    };
  } catch (err) {
    if (err instanceof Error && pack.stderr() !== "") err.message += `\npolicy pack stderr:\n${pack.stderr()}`;
    throw err;
  } finally {
    client?.close();
    await pack.close();
  }
}

/** `crosscloud check`: loads a plan.json or stack export and runs the policy pack over it. */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const loaded = await loadResources(options.file);
  const result = await analyzeResources(loaded.resources, options);
  return { ...result, format: loaded.format, stack: loaded.stack };
}

const LEVEL_ORDER: Readonly<Record<Violation["level"], number>> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

const LEVELS_COUNTED: readonly Violation["level"][] = ["mandatory", "advisory"];

/**
 * Human-readable report: violations grouped by policy and level (mandatory first), each URN with
 * the policy's own message, then one summary line.
 */
export function formatCheckReport(result: AnalyzeResult): string {
  const groups = new Map<string, Violation[]>();
  for (const v of result.violations) {
    const key = `${v.policy}\u0000${v.level}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const sorted = [...groups.values()].sort((a, b) => {
    const [x, y] = [a[0] as Violation, b[0] as Violation];
    return LEVEL_ORDER[x.level] - LEVEL_ORDER[y.level] || x.policy.localeCompare(y.policy);
  });
  const lines: string[] = [];
  for (const group of sorted) {
    const head = group[0] as Violation;
    lines.push(`${head.policy} (${head.level})`);
    if (head.description !== undefined) lines.push(`  ${head.description}`);
    for (const v of [...group].sort((a, b) => a.urn.localeCompare(b.urn))) {
      // The pack prefixes each message with the description; it is printed once above.
      const own =
        v.description !== undefined && v.message.startsWith(`${v.description}\n`) ? v.message.slice(v.description.length + 1) : v.message;
      lines.push(`  - ${v.urn === "" ? "(stack)" : v.urn}`);
      for (const line of own.split("\n")) lines.push(`      ${line}`);
    }
    lines.push("");
  }
  const counts = LEVELS_COUNTED.map((level) => `${result.violations.filter((v) => v.level === level).length} ${level}`).join(", ");
  const packName = `${result.pack.name}@${result.pack.version}`;
  lines.push(
    result.violations.length === 0
      ? `No policy violations: ${count(result.resourceCount, "resource")} checked by ${packName} (${count(result.pack.policyCount, "policy", "policies")}).`
      : `${count(result.violations.length, "violation")} (${counts}) in ${count(result.resourceCount, "resource")} checked by ${packName}.`,
  );
  return lines.join("\n");
}
