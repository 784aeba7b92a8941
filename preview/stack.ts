/**
 * Runs a sample stack offline: reads its `Pulumi.<stack>.yaml`, runs the real stack program (stacks/index,
 * the module `pulumi up` runs) under the recording monitor, estimates the time to connectivity, and runs
 * the policy pack over gRPC on what was registered.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { findProjectRoot } from "../stacks/config";
import { analyzeResources, formatCheckReport } from "../check/analyze";
import { resourcesFromGraph } from "../check/graph-resources";
import { estimateDag, DagEstimate } from "./dag-estimate";
import { PlanJson, PlanViolation, buildPlan, serializePlan } from "./plan-json";
import { RecordedGraph } from "../graph";
import { runPreview } from "./run";
import { renderTopology } from "./topology";

export interface StackPreviewOptions {
  readonly stack: string;
  /** A stack config file other than stacks/Pulumi.<stack>.yaml. */
  readonly config?: string;
  /** A policy config in the Pulumi CLI's --policy-pack-config format. */
  readonly policyConfig?: string;
  /** Run the policy pack. */
  readonly policy: boolean;
}

/** The package root: the directory holding Pulumi.yaml, found from this module (source or dist). */
export function packageRoot(from: string = __dirname): string {
  const root = findProjectRoot(from);
  if (root === undefined) throw new Error(`no Pulumi.yaml above ${from}`);
  return root;
}

/** Reads a Pulumi stack config file into engine form: `ns:key` → string (objects as JSON text). */
export function loadStackConfigFile(file: string): Record<string, string> {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`${file}: ${key} is an encrypted secret; the offline preview cannot decrypt it — give a plaintext test value in a separate config file`);
    }
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

export interface PreviewResult {
  readonly graph: RecordedGraph;
  readonly plan: PlanJson;
  readonly dag: DagEstimate;
  readonly violations: readonly PlanViolation[];
  readonly mandatoryCount: number;
  readonly policyReport?: string;
}

/** Runs the stack program offline and returns everything the command prints and writes. */
export async function runStackPreview(args: StackPreviewOptions, root: string = packageRoot()): Promise<PreviewResult> {
  const configFile = args.config ? path.resolve(args.config) : path.join(root, "stacks", `Pulumi.${args.stack}.yaml`);
  if (!fs.existsSync(configFile)) throw new Error(`no stack config at ${configFile}`);
  const config = loadStackConfigFile(configFile);
  // The same module `pulumi up` runs (Pulumi.yaml main: stacks/), compiled or from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(__dirname, "..", "stacks")) as () => Promise<Record<string, unknown>>;
  const graph = await runPreview({ program, project: "crosscloud", stack: args.stack, config });
  const dag = estimateDag(graph);
  let violations: PlanViolation[] = [];
  let policyReport: string | undefined;
  let mandatoryCount = 0;
  if (args.policy) {
    // As the engine hands them to AnalyzeStack: secret values, property dependencies and options included.
    const resources = resourcesFromGraph(graph);
    const result = await analyzeResources(resources, args.policyConfig ? { policyConfig: args.policyConfig } : {});
    violations = result.violations.map((v) => ({ policy: v.policy, level: v.level, urn: v.urn, message: v.message }));
    mandatoryCount = result.mandatoryCount;
    policyReport = formatCheckReport(result);
  }
  return { graph, plan: buildPlan(graph, { violations }), dag, violations, mandatoryCount, ...(policyReport ? { policyReport } : {}) };
}

/** A tunnel table for topology.md, from the stack's `tunnels` output when there is one. */
function tunnelTable(plan: PlanJson): string {
  const rows = Array.isArray(plan.outputs["tunnels"]) ? (plan.outputs["tunnels"] as Record<string, unknown>[]) : [];
  if (rows.length === 0) return "";
  const head = "| tunnel | AWS outside | Azure outside | inside /30 | AWS inside (ASN) | Azure inside (ASN) |\n|---|---|---|---|---|---|\n";
  return head + rows.map((r) => `| ${r["key"]} | ${r["awsOutsideAddress"]} | ${r["azureOutsideAddress"]} | ${r["insideCidr"]} | ${r["awsInsideAddress"]} (${r["awsAsn"]}) | ${r["azureInsideAddress"]} (${r["azureAsn"]}) |`).join("\n") + "\n";
}

export function renderTopologyMarkdown(result: PreviewResult): string {
  return [
    `# crosscloud topology: stack \`${result.plan.stack}\``,
    "",
    "Rendered by `crosscloud preview` from the resources the stack program registered (offline, simulated provider outputs).",
    "",
    renderTopology(result.graph),
    tunnelTable(result.plan),
    `Estimated time to connectivity: ${result.dag.totalMinutes} minutes (critical path: ${result.dag.criticalPath.filter((s) => s.minutes > 0).map((s) => `${s.name} ${s.minutes} min`).join(" → ")}).`,
    "",
  ].join("\n");
}

