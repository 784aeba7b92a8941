/**
 * `crosscloud preview`: runs the real stack program (stacks/index) with the real Pulumi SDK under the
 * recording monitor, prints a `pulumi preview`-style tree, writes plan.json and topology.md, estimates
 * the time to connectivity, and runs the policy pack over gRPC on the result.
 */
import * as fs from "fs";
import * as path from "path";
import { PlanError, renderCostEstimate } from "../sdk";
import { renderFailover } from "../preview/failover";
import { loadPrices } from "../preview/cost";
import { renderDagEstimate } from "../preview/dag-estimate";
import { serializePlan } from "../preview/plan-json";
import { renderTree } from "../preview/render-tree";
import { PREVIEW_ENGINES, PreviewResult, ProgramSourcesMissingError, StackPreviewOptions, renderNotices, renderTopologyMarkdown, runStackPreview } from "../preview/stack";
import { Command, CommandIo, ParsedArgs, UsageError, parseCommandArgs, runCommand } from "./command";

export const PREVIEW_USAGE =
  "usage: crosscloud preview [--stack dev|prod] [--config FILE] [--out DIR] [--json FILE] [--policy-config FILE.json] [--no-policy] [--engine in-process|grpc [--dry-run]] [--traffic-gb-per-month N] [--prices FILE.json]\n" +
  "  --stack: loads stacks/Pulumi.<stack>.yaml (default dev)\n" +
  "  --config: any other Pulumi stack config file (its stack name is taken from --stack)\n" +
  "  --out: where plan.json and topology.md go (default out/<stack>)\n" +
  "  --json: also write plan.json to FILE\n" +
  "  --no-policy: skip the policy pack run\n" +
  "  --engine: in-process (default, fast) runs the program in this process; grpc runs it through Pulumi's own Node.js\n" +
  "    runner (@pulumi/pulumi/cmd/run, started as `pulumi up` starts it, type-checked) against a local gRPC engine;\n" +
  "    needs the project's sources (a clone), and takes 5-60 s\n" +
  "  --dry-run: with --engine grpc, run as `pulumi preview`: values only a create can give are [unknown]\n" +
  "  --traffic-gb-per-month: cross-cloud traffic the cost estimate assumes (default 1000)\n" +
  "  --prices: JSON price overrides keyed like sdk/prices.ts, e.g. {\"aws.vpn.connection\": 0.048}\n" +
  "exit code: 0 ok, 1 invalid config, a failed program or mandatory policy violations, 2 bad usage or no program sources";

const OPTIONS = {
  stack: { type: "string", default: "dev" },
  config: { type: "string", needs: "a file" },
  out: { type: "string", needs: "a directory" },
  json: { type: "string", needs: "a file" },
  "policy-config": { type: "string", needs: "a file" },
  "no-policy": { type: "boolean" },
  engine: { type: "string", default: "in-process", needs: "in-process or grpc" },
  "dry-run": { type: "boolean" },
  "traffic-gb-per-month": { type: "string", needs: "a number of GB" },
  prices: { type: "string", needs: "a file" },
} as const;

export interface PreviewArgs extends StackPreviewOptions {
  readonly out?: string;
  readonly json?: string;
}

function toPreviewArgs(v: ParsedArgs<typeof OPTIONS>["values"]): PreviewArgs | string {
  if (!/^[A-Za-z0-9_.-]+$/.test(v.stack)) return `--stack ${v.stack} is not a stack name`;
  const trafficText = v["traffic-gb-per-month"];
  const traffic = trafficText === undefined ? undefined : Number(trafficText);
  if (traffic !== undefined && (!/^\d+(\.\d+)?$/.test(trafficText ?? "") || !Number.isFinite(traffic))) return `--traffic-gb-per-month ${trafficText} is not a number of GB (≥ 0)`;
  const engine = PREVIEW_ENGINES.find((e) => e === v.engine);
  if (engine === undefined) return `--engine ${v.engine} is not an engine; use in-process or grpc`;
  if (v["dry-run"] && engine !== "grpc") return "--dry-run needs --engine grpc (the in-process engine always answers with the simulated values)";
  return {
    stack: v.stack,
    policy: !v["no-policy"],
    ...(engine !== "in-process" ? { engine } : {}),
    ...(v["dry-run"] ? { dryRun: true } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.out !== undefined ? { out: v.out } : {}),
    ...(v.json !== undefined ? { json: v.json } : {}),
    ...(v["policy-config"] !== undefined ? { policyConfig: v["policy-config"] } : {}),
    ...(traffic !== undefined ? { trafficGbPerMonth: traffic } : {}),
    ...(v.prices !== undefined ? { prices: v.prices } : {}),
  };
}

async function preview(args: PreviewArgs, io: CommandIo): Promise<number> {
  try {
    loadPrices(args.prices);
  } catch (err) {
    // Unreadable input, like a bad option: exit 2, before anything runs.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  let result: PreviewResult;
  try {
    result = await runStackPreview(args.engine === "grpc" ? { ...args, onOutput: (text) => io.stderr.write(text) } : args);
  } catch (err) {
    if (err instanceof ProgramSourcesMissingError) {
      io.stderr.write(`crosscloud preview: ${err.message}\n`);
      return 2;
    }
    // A PlanError lists every problem; nothing was registered and nothing is written.
    const text = err instanceof PlanError ? err.message : err instanceof Error ? err.message : String(err);
    io.stderr.write(`crosscloud preview: stack "${args.stack}" failed; nothing was written.\n${text}\n`);
    return 1;
  }
  const outDir = path.resolve(args.out ?? path.join("out", args.stack));
  fs.mkdirSync(outDir, { recursive: true });
  const planText = serializePlan(result.graph, { violations: result.violations, cost: result.cost });
  fs.writeFileSync(path.join(outDir, "plan.json"), planText);
  if (args.json) fs.writeFileSync(path.resolve(args.json), planText);
  fs.writeFileSync(path.join(outDir, "topology.md"), renderTopologyMarkdown(result));

  const how = args.engine === "grpc" ? `through Pulumi's Node.js runner and a local gRPC engine${args.dryRun ? ", as a dry run" : ""}` : "real stack program";
  io.stdout.write(`Previewing update (${args.stack}), offline: ${how}, simulated providers\n\n`);
  io.stdout.write(`${renderTree(result.graph)}\n\n`);
  io.stdout.write(`${renderDagEstimate(result.dag)}\n\n`);
  if (result.notices.length > 0) io.stdout.write(`Notes:\n${renderNotices(result.notices)}\n\n`);
  const failover = renderFailover(result.failover);
  if (failover !== "") io.stdout.write(`${failover}\n\n`);
  io.stdout.write(`${renderCostEstimate(result.cost)}\n\n`);
  if (result.policyReport !== undefined) io.stdout.write(`Policies:\n${result.policyReport}\n\n`);
  io.stdout.write(`Wrote ${path.relative(process.cwd(), path.join(outDir, "plan.json"))} and ${path.relative(process.cwd(), path.join(outDir, "topology.md"))}\n`);
  return result.mandatoryCount > 0 ? 1 : 0;
}

export const previewCmd: Command<typeof OPTIONS> = {
  name: "preview",
  summary: "run a stack offline: tree, plan.json, topology.md, time to connectivity, policies",
  usage: PREVIEW_USAGE,
  options: OPTIONS,
  async run(parsed, io) {
    const args = toPreviewArgs(parsed.values);
    if (typeof args === "string") throw new UsageError(args);
    return preview(args, io);
  },
};

/** The command's options as plain values; a string is a usage error. */
export function parsePreviewArgs(argv: readonly string[]): PreviewArgs | string {
  const parsed = parseCommandArgs(previewCmd, argv);
  return typeof parsed === "string" ? parsed : toPreviewArgs(parsed.values);
}

export const previewCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(previewCmd, argv, io);
