/**
 * `crosscloud preview`: runs the real stack program (stacks/index) with the real Pulumi SDK under the
 * recording monitor, prints a `pulumi preview`-style tree, writes plan.json and topology.md, estimates
 * the time to connectivity, and runs the policy pack over gRPC on the result.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PlanError } from "../../sdk";
import { findProjectRoot } from "../../stacks/config";
import { analyzeResources } from "../check";
import { formatCheckReport } from "../check";
import { resourcesFromDocument } from "../analyzer/resources";
import { estimateDag, renderDagEstimate, DagEstimate } from "./dag-estimate";
import { PlanJson, PlanViolation, buildPlan, serializePlan } from "./plan-json";
import { RecordedGraph } from "./recording-monitor";
import { renderTree } from "./render-tree";
import { runPreview } from "./run";
import { renderTopology } from "./topology";

export const PREVIEW_USAGE =
  "usage: crosscloud preview [--stack dev|prod] [--config FILE] [--out DIR] [--json FILE] [--policy-config FILE.json] [--no-policy]\n" +
  "  --stack: loads stacks/Pulumi.<stack>.yaml (default dev)\n" +
  "  --config: any other Pulumi stack config file (its stack name is taken from --stack)\n" +
  "  --out: where plan.json and topology.md go (default out/<stack>)\n" +
  "  --json: also write plan.json to FILE\n" +
  "  --no-policy: skip the policy pack run\n" +
  "exit code: 0 ok, 1 invalid config or mandatory policy violations, 2 bad usage";

export interface PreviewArgs {
  readonly stack: string;
  readonly config?: string;
  readonly out?: string;
  readonly json?: string;
  readonly policyConfig?: string;
  readonly policy: boolean;
}

export function parsePreviewArgs(argv: readonly string[]): PreviewArgs | string {
  let stack = "dev";
  let policy = true;
  const opt: { config?: string; out?: string; json?: string; policyConfig?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => argv[++i];
    const need = (name: string): string | { error: string } => {
      const v = value();
      return v === undefined || v.startsWith("--") ? { error: `${name} needs a value` } : v;
    };
    const take = (name: string, set: (v: string) => void): string | undefined => {
      const v = need(name);
      if (typeof v !== "string") return v.error;
      set(v);
      return undefined;
    };
    let err: string | undefined;
    if (arg === "--stack") err = take("--stack", (v) => (stack = v));
    else if (arg === "--config") err = take("--config", (v) => (opt.config = v));
    else if (arg === "--out") err = take("--out", (v) => (opt.out = v));
    else if (arg === "--json") err = take("--json", (v) => (opt.json = v));
    else if (arg === "--policy-config") err = take("--policy-config", (v) => (opt.policyConfig = v));
    else if (arg === "--no-policy") policy = false;
    else err = `unexpected argument ${arg}`;
    if (err) return err;
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) return `--stack ${stack} is not a stack name`;
  return { stack, policy, ...opt };
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
export async function runStackPreview(args: PreviewArgs, root: string = packageRoot()): Promise<PreviewResult> {
  const configFile = args.config ? path.resolve(args.config) : path.join(root, "stacks", `Pulumi.${args.stack}.yaml`);
  if (!fs.existsSync(configFile)) throw new Error(`no stack config at ${configFile}`);
  const config = loadStackConfigFile(configFile);
  // The same module `pulumi up` runs (Pulumi.yaml main: stacks/), compiled or from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(__dirname, "..", "..", "stacks")) as () => Promise<Record<string, unknown>>;
  const graph = await runPreview({ program, project: "crosscloud", stack: args.stack, config });
  const dag = estimateDag(graph);
  let violations: PlanViolation[] = [];
  let policyReport: string | undefined;
  let mandatoryCount = 0;
  if (args.policy) {
    const { resources } = resourcesFromDocument(JSON.parse(serializePlan(graph)), "plan.json");
    const result = await analyzeResources(resources, args.policyConfig ? { policyConfig: args.policyConfig } : {});
    violations = result.violations.map((v) => ({ policy: v.policy, level: v.level, urn: v.urn, message: v.message }));
    mandatoryCount = result.mandatoryCount;
    policyReport = formatCheckReport(result);
  }
  return { graph, plan: buildPlan(graph, { violations }), dag, violations, mandatoryCount, ...(policyReport ? { policyReport } : {}) };
}

export interface PreviewIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
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

export async function previewCommand(argv: string[], io: PreviewIo = process): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(`${PREVIEW_USAGE}\n`);
    return 0;
  }
  const args = parsePreviewArgs(argv);
  if (typeof args === "string") {
    io.stderr.write(`crosscloud preview: ${args}\n${PREVIEW_USAGE}\n`);
    return 2;
  }
  let result: PreviewResult;
  try {
    result = await runStackPreview(args);
  } catch (err) {
    // A PlanError lists every problem; nothing was registered and nothing is written.
    const text = err instanceof PlanError ? err.message : err instanceof Error ? err.message : String(err);
    io.stderr.write(`crosscloud preview: stack "${args.stack}" failed; nothing was written.\n${text}\n`);
    return 1;
  }
  const outDir = path.resolve(args.out ?? path.join("out", args.stack));
  fs.mkdirSync(outDir, { recursive: true });
  const planText = serializePlan(result.graph, { violations: result.violations });
  fs.writeFileSync(path.join(outDir, "plan.json"), planText);
  if (args.json) fs.writeFileSync(path.resolve(args.json), planText);
  fs.writeFileSync(path.join(outDir, "topology.md"), renderTopologyMarkdown(result));

  io.stdout.write(`Previewing update (${args.stack}), offline: real stack program, simulated providers\n\n`);
  io.stdout.write(`${renderTree(result.graph)}\n\n`);
  io.stdout.write(`${renderDagEstimate(result.dag)}\n\n`);
  if (result.policyReport !== undefined) io.stdout.write(`Policies:\n${result.policyReport}\n\n`);
  io.stdout.write(`Wrote ${path.relative(process.cwd(), path.join(outDir, "plan.json"))} and ${path.relative(process.cwd(), path.join(outDir, "topology.md"))}\n`);
  return result.mandatoryCount > 0 ? 1 : 0;
}
