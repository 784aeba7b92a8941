/**
 * `crosscloud preview --engine grpc`: the prod stack through Pulumi's own runner and the local gRPC engine writes
 * the same plan.json (policy verdicts included) and topology.md as the in-process engine.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePreviewArgs, previewCommand } from "../../cli/preview";
import { ProgramSourcesMissingError, runStackPreview } from "../../preview/stack";

const ROOT = path.resolve(__dirname, "../..");

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
};

describe("crosscloud preview --engine", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-preview-engine-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("parses --engine and --dry-run, refusing an unknown engine and a dry run in-process", () => {
    expect(parsePreviewArgs(["--engine", "grpc", "--dry-run"])).toEqual({ stack: "dev", policy: true, engine: "grpc", dryRun: true });
    expect(parsePreviewArgs(["--engine", "in-process"])).toEqual({ stack: "dev", policy: true });
    expect(parsePreviewArgs(["--engine", "pulumi"])).toBe("--engine pulumi is not an engine; use in-process or grpc");
    expect(parsePreviewArgs(["--dry-run"])).toBe("--dry-run needs --engine grpc (the in-process engine always answers with the simulated values)");
  });

  it("says what is missing when the program's sources are not there (an installed package)", async () => {
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), path.join(dir, "stacks", "Pulumi.dev.yaml"));
    await expect(runStackPreview({ stack: "dev", policy: false, engine: "grpc" }, dir)).rejects.toBeInstanceOf(ProgramSourcesMissingError);
  });

  it(
    "prod through the runner: the same plan.json, policy verdicts and topology.md as in-process",
    async () => {
      const grpcOut = path.join(dir, "grpc");
      const localOut = path.join(dir, "in-process");
      const viaRunner = capture();
      const codeViaRunner = await previewCommand(["--stack", "prod", "--engine", "grpc", "--out", grpcOut], viaRunner.io);
      const local = capture();
      const codeLocal = await previewCommand(["--stack", "prod", "--out", localOut], local.io);

      expect(viaRunner.err.join("")).not.toContain("failed");
      expect(codeViaRunner).toBe(codeLocal);
      expect(viaRunner.out.join("")).toContain("Previewing update (prod), offline: through Pulumi's Node.js runner and a local gRPC engine, simulated providers");
      const plan = fs.readFileSync(path.join(grpcOut, "plan.json"), "utf8");
      expect(plan).toBe(fs.readFileSync(path.join(localOut, "plan.json"), "utf8"));
      expect(fs.readFileSync(path.join(grpcOut, "topology.md"), "utf8")).toBe(fs.readFileSync(path.join(localOut, "topology.md"), "utf8"));
      // The policy pack ran on what the runner registered.
      expect(viaRunner.out.join("")).toContain("Policies:");
      expect((JSON.parse(plan) as { resources: unknown[] }).resources.length).toBeGreaterThan(100);
    },
    300_000,
  );
});
