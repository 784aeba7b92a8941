/**
 * bench/preview-engines: the dev and prod sample stacks through both preview engines, side by side.
 *
 * - in-process: the stack program runs in this process under the recording monitor (`crosscloud preview`'s
 *   default). The first run includes loading and compiling the program; the median is over the runs after it.
 * - grpc: Pulumi's own runner (`@pulumi/pulumi/cmd/run`, started as `pulumi up` starts it) against the local
 *   gRPC engine (`crosscloud preview --engine grpc`). "cold" uses an empty ts-node cache, so the runner type-checks
 *   the whole program (what a fresh clone or CI pays once); "warm" reuses it (what every later run pays). Both
 *   `pulumi up` (update) and `pulumi preview` (dry run) modes.
 *
 * Wall-clock seconds; the machine's load average is printed because it moves these figures more than any change.
 * A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench            (or: npx tsx bench/preview-engines.ts [runs, default 3])
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runEngine } from "../preview/engine/local-engine";
import { runPreview } from "../preview/run";
import { loadStackConfigFile, packageRoot } from "../preview/stack";

const root = packageRoot();
const runs = Number(process.argv[2] ?? 3) || 3;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

async function timedMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function throughRunner(stack: string, config: Record<string, string>, dryRun: boolean, cacheDir: string): Promise<number> {
  return timedMs(async () => {
    const result = await runEngine({ root, stack, config, dryRun, env: { TS_NODE_CACHE_DIRECTORY: cacheDir } });
    if (result.outcome !== "ok") throw new Error(`${stack} through the runner failed: ${result.hostError}\n${result.logs.filter((l) => l.severity === "error").map((l) => l.message).join("\n")}`);
  });
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require(path.join(root, "stacks")) as () => Promise<Record<string, unknown>>;
  console.log(`bench/preview-engines: seconds per preview, ${runs} runs each (median; cold = first run, empty cache)`);
  console.log("stack  in-process first  in-process  grpc up cold  grpc up warm  grpc preview warm");
  for (const stack of ["dev", "prod"]) {
    const config = loadStackConfigFile(path.join(root, "stacks", `Pulumi.${stack}.yaml`));
    const inProcess: number[] = [];
    for (let i = 0; i <= runs; i++) inProcess.push(await timedMs(() => runPreview({ program, project: "crosscloud", stack, config })));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-bench-ts-node-"));
    try {
      const cold = await throughRunner(stack, config, false, cacheDir);
      const up: number[] = [];
      const preview: number[] = [];
      for (let i = 0; i < runs; i++) up.push(await throughRunner(stack, config, false, cacheDir));
      for (let i = 0; i < runs; i++) preview.push(await throughRunner(stack, config, true, cacheDir));
      console.log(
        `${stack.padEnd(5)}  ${seconds(inProcess[0] ?? Number.NaN).padStart(16)}  ${seconds(median(inProcess.slice(1))).padStart(10)}  ` +
          `${seconds(cold).padStart(12)}  ${seconds(median(up)).padStart(12)}  ${seconds(median(preview)).padStart(17)}`,
      );
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  console.log(`(${os.availableParallelism()} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")})`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
