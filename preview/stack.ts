/**
 * Runs a sample stack offline: reads its `Pulumi.<stack>.yaml`, runs the real stack program (stacks/index,
 * the module `pulumi up` runs) under the recording monitor, estimates the time to connectivity, and runs
 * the policy pack over gRPC on what was registered.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { findProjectRoot, readStackConfigFile, validateStackConfig } from "../stacks/config";
import { PlanNotice, formatNotice, networkNotices } from "../sdk";
import { analyzeResources, formatCheckReport } from "../check/analyze";
import { resourcesFromGraph } from "../check/graph-resources";
import { estimateDag, DagEstimate } from "./dag-estimate";
import { PlanJson, PlanViolation, buildPlan, serializePlan } from "./plan-json";
import { RecordedGraph } from "../graph";
import { runPreview } from "./run";
import { assertTraffic, estimateGraphCost, loadPrices } from "./cost";
import { failoverSummaries, type FailoverSummary } from "./failover";
import type { CostEstimate } from "../sdk";
import { readProjectFile } from "./engine/contract";
import { recordThroughRunner } from "./engine/local-engine";
import { renderTopology } from "./topology";

export interface StackPreviewOptions {
  readonly stack: string;
  /** A stack config file other than stacks/Pulumi.<stack>.yaml. */
  readonly config?: string;
  /** A policy config in the Pulumi CLI's --policy-pack-config format. */
  readonly policyConfig?: string;
  /** Run the policy pack. */
  readonly policy: boolean;
  /** Cross-cloud traffic for the cost estimate, GB a month. @default 1000 */
  readonly trafficGbPerMonth?: number;
  /** A JSON file of price overrides (sdk/prices.ts keys). @default - list prices */
  readonly prices?: string;
  /**
   * "in-process" (default): the program runs in this process under the recording monitor.
   * "grpc": through Pulumi's own Node.js runner (`@pulumi/pulumi/cmd/run`, as `pulumi up` starts it) against
   * the local gRPC engine (preview/engine/): the runner's TypeScript compilation, config environment and wire.
   */
  readonly engine?: PreviewEngine;
  /** With the gRPC engine: run as `pulumi preview` (values only a create can give are unknown), not as `pulumi up`. */
  readonly dryRun?: boolean;
  /** With the gRPC engine: the runner's output and the program's non-debug log lines, as they come. */
  readonly onOutput?: (text: string) => void;
}

export const PREVIEW_ENGINES = ["in-process", "grpc"] as const;
export type PreviewEngine = (typeof PREVIEW_ENGINES)[number];

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
  /** What the valid plan still leaves to know or do (sdk `networkNotices`): the pending ExpressRoute leg, an idle gateway instance. */
  readonly notices: readonly PlanNotice[];
  readonly plan: PlanJson;
  readonly dag: DagEstimate;
  readonly violations: readonly PlanViolation[];
  readonly mandatoryCount: number;
  readonly policyReport?: string;
  /** The monthly cost estimate (also plan.json's `cost`). */
  readonly cost: CostEstimate;
  /** Each DNS failover service and its worst-case recovery time. */
  readonly failover: readonly FailoverSummary[];
}

/** Runs the stack program offline and returns everything the command prints and writes. */
export async function runStackPreview(args: StackPreviewOptions, root: string = packageRoot()): Promise<PreviewResult> {
  const configFile = args.config ? path.resolve(args.config) : path.join(root, "stacks", `Pulumi.${args.stack}.yaml`);
  if (!fs.existsSync(configFile)) throw new Error(`no stack config at ${configFile}`);
  const config = loadStackConfigFile(configFile);
  // Bad cost inputs fail before anything runs, like a bad config.
  const prices = loadPrices(args.prices);
  const trafficGbPerMonth = args.trafficGbPerMonth !== undefined ? assertTraffic(args.trafficGbPerMonth) : undefined;
  const graph = args.engine === "grpc" ? await throughRunner(args, config, root) : await inProcess(args, config);
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
  const cost = estimateGraphCost(graph, { prices, ...(trafficGbPerMonth !== undefined ? { trafficGbPerMonth } : {}) });
  const notices = stackNotices(configFile, args.stack, root);
  return {
    graph,
    notices,
    plan: buildPlan(graph, { violations, cost }),
    dag,
    violations,
    mandatoryCount,
    ...(policyReport ? { policyReport } : {}),
    cost,
    failover: failoverSummaries(graph),
  };
}

/**
 * The notices of a stack config, as `crosscloud validate` derives them: the same config reading and planning
 * as the stack program (which already succeeded on it), then the sdk's pure `networkNotices`.
 */
export function stackNotices(configFile: string, stack: string, root: string = packageRoot()): PlanNotice[] {
  const { plan } = validateStackConfig(readStackConfigFile(configFile, stack), root);
  return plan ? networkNotices(plan) : [];
}

/** The notices as the preview prints them, one block each. */
export const renderNotices = (notices: readonly PlanNotice[]): string => notices.map(formatNotice).join("\n");

function inProcess(args: StackPreviewOptions, config: Record<string, string>): Promise<RecordedGraph> {
  // The same module `pulumi up` runs (Pulumi.yaml main: stacks/index.ts), compiled or from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(__dirname, "..", "stacks")) as () => Promise<Record<string, unknown>>;
  return runPreview({ program, project: "crosscloud", stack: args.stack, config });
}

/** The gRPC engine cannot run here: the stack program's sources are not installed with the package. */
export class ProgramSourcesMissingError extends Error {
  constructor(main: string, root: string) {
    super(
      `--engine grpc runs the stack program from its sources (Pulumi.yaml main: ${main}), and ${path.join(root, main)} is not there: ` +
        `the npm package ships the compiled library only. Run it from a clone of the repository, or use the in-process engine.`,
    );
    this.name = "ProgramSourcesMissingError";
  }
}

async function throughRunner(args: StackPreviewOptions, config: Record<string, string>, root: string): Promise<RecordedGraph> {
  const main = readProjectFile(root).main ?? ".";
  if (!fs.existsSync(path.resolve(root, main))) throw new ProgramSourcesMissingError(main, root);
  const show = args.onOutput;
  return await recordThroughRunner({
    root,
    stack: args.stack,
    config,
    dryRun: args.dryRun ?? false,
    // As the CLI shows diagnostics without -v: info and warnings as they come (errors end up in the EngineRunError).
    ...(show ? { output: (_stream, text) => show(text), onLog: (l) => (l.severity === "info" || l.severity === "warning" ? show(`${l.severity}: ${l.message}\n`) : undefined) } : {}),
  });
}

/** A tunnel table for topology.md, from the stack's `tunnels` output, and its gateway instances from `vpnGatewayInstances`. */
function tunnelTable(plan: PlanJson): string {
  const rows = Array.isArray(plan.outputs["tunnels"]) ? (plan.outputs["tunnels"] as Record<string, unknown>[]) : [];
  if (rows.length === 0) return "";
  const instances = Array.isArray(plan.outputs["vpnGatewayInstances"]) ? (plan.outputs["vpnGatewayInstances"] as Record<string, unknown>[]) : [];
  const head = "| tunnel | Azure instance | AWS outside | Azure outside | inside /30 | AWS inside (ASN) | Azure inside (ASN) |\n|---|---|---|---|---|---|---|\n";
  const tunnelRows = rows.map(
    (r) => `| ${r["key"]} | ${r["azureInstance"] ?? ""} | ${r["awsOutsideAddress"]} | ${r["azureOutsideAddress"]} | ${r["insideCidr"]} | ${r["awsInsideAddress"]} (${r["awsAsn"]}) | ${r["azureInsideAddress"]} (${r["azureAsn"]}) |`,
  );
  // An idle instance has no tunnel of its own; it gets a row so the table says so, not only the absence of one.
  const idleRows = instances
    .filter((i) => i["role"] === "idle")
    .map((i) => `| (none: idle by design) | ${i["instance"]} | | ${i["publicIpAddress"]} | | | ${(i["customBgpIpAddresses"] as unknown[] | undefined)?.join(", ") ?? ""} |`);
  const notes = instances.filter((i) => i["role"] === "idle").map((i) => `\nAzure gateway instance ${i["instance"]} is ${i["note"]}\n`);
  return head + [...tunnelRows, ...idleRows].join("\n") + "\n" + notes.join("");
}

export function renderTopologyMarkdown(result: PreviewResult): string {
  const connectivity = result.dag.connectivity.map((c) => (c.minutes === undefined ? `ExpressRoute pending (${c.name})` : `${c.path === "vpn" ? "VPN" : "ExpressRoute"} ${c.minutes} minutes (${c.name})`));
  return [
    `# crosscloud topology: stack \`${result.plan.stack}\``,
    "",
    "Rendered by `crosscloud preview` from the resources the stack program registered (offline, simulated provider outputs).",
    "",
    renderTopology(result.graph),
    tunnelTable(result.plan),
    `Estimated time to connectivity: ${connectivity.join("; ") || "no connection"}. The whole first deployment: ${result.dag.totalMinutes} minutes (critical path: ${result.dag.criticalPath.filter((s) => s.minutes > 0).map((s) => `${s.name} ${s.minutes} min`).join(" → ")}).`,
    "",
    ...(result.notices.length > 0 ? ["## Notes", "", ...result.notices.map((n) => `- **${n.level}** (${n.code}): ${n.message}${n.nextStep ? ` Next: ${n.nextStep}` : ""}`), ""] : []),
  ].join("\n");
}
