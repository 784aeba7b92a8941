/**
 * bench/validate: how long `crosscloud validate --stack prod` takes, as an editor or a pre-commit hook runs it
 * (a fresh process each time), and the validation's own share (in-process, the modules already loaded).
 * Target: under 2 s per run on the prod sample.
 *
 * - compiled: `node dist/cli/main.js validate` (what users run; needs `npm run build` after a change);
 * - source: `node --import tsx cli/main.ts validate` (a clone without a build);
 * - in-process: `validateStackConfig` alone (schema, plan, checks; the registry file read each time).
 *
 * Wall-clock milliseconds (median, min, max); the load average is printed because neighbours move these
 * figures more than any change. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench:validate            (or: npx tsx bench/validate.ts [runs, default 7])
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackConfigFile, validateStackConfig } from "../stacks/config";

const root = path.join(__dirname, "..");
const runs = Number(process.argv[2] ?? 7) || 7;
const stats = (xs: readonly number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${(s[Math.floor(s.length / 2)] ?? NaN).toFixed(0).padStart(6)} ms (min ${(s[0] ?? NaN).toFixed(0)}, max ${(s[s.length - 1] ?? NaN).toFixed(0)})`;
};

function timeProcess(args: readonly string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [...args, "validate", "--stack", "prod"], { cwd: root, encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (child.status !== 0) throw new Error(`validate exited ${child.status}: ${child.stderr}`);
  }
  return times;
}

function main(): void {
  console.log(`bench/validate: crosscloud validate --stack prod, ${runs} runs each; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const compiled = path.join(root, "dist/cli/validate.js");
  const newest = Math.max(...["cli/validate.ts", "stacks/config.ts", "stacks/schema/sections.ts", "sdk/plan.ts"].map((f) => fs.statSync(path.join(root, f)).mtimeMs));
  if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= newest) console.log(`compiled (node dist/cli/main.js)   ${stats(timeProcess([path.join(root, "dist/cli/main.js")]))}`);
  else console.log("compiled (node dist/cli/main.js)   skipped: dist/ is missing or older than the sources (npm run build)");
  console.log(`source (node --import tsx)         ${stats(timeProcess(["--import", "tsx", path.join(root, "cli/main.ts")]))}`);
  const input = readStackConfigFile(path.join(root, "stacks/Pulumi.prod.yaml"), "prod");
  validateStackConfig(input, root);
  const inProcess: number[] = [];
  for (let i = 0; i < runs * 5; i++) {
    const start = process.hrtime.bigint();
    validateStackConfig(input, root);
    inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`in-process (validateStackConfig)   ${stats(inProcess)}`);
}

main();
