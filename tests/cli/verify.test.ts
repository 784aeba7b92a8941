import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCommand } from "../../cli/command";
import { main } from "../../cli/main";
import { verifyCmd } from "../../cli/verify";

const ROOT = path.resolve(__dirname, "../..");
const DEV_OUTPUTS = path.join(ROOT, "tests/fixtures/verify/dev-outputs.json");

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
};

describe("crosscloud verify (command line)", () => {
  it("is in the command table", async () => {
    const { io, out } = capture();
    expect(await main(["--help"], io)).toBe(0);
    expect(out.join("")).toMatch(/verify\s+after pulumi up: check tunnels, BGP/);
  });

  it("exits 2 naming what to give it when it has no outputs to read", async () => {
    const { io, err } = capture();
    expect(await runCommand(verifyCmd, ["--outputs", "/nonexistent/outputs.json"], io)).toBe(2);
    expect(err.join("")).toBe("crosscloud verify: --outputs /nonexistent/outputs.json: no such file\n");
  });

  it("exits 2 on outputs that are not a crosscloud stack's, listing every problem", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-verify-"));
    try {
      const file = path.join(dir, "outputs.json");
      fs.writeFileSync(file, JSON.stringify({ dayTwo: { version: 1, environment: "dev", aws: { region: "us-east-1", attachment: "tgw" }, tunnels: [] } }));
      const { io, err } = capture();
      expect(await runCommand(verifyCmd, ["--outputs", file], io)).toBe(2);
      const text = err.join("");
      expect(text).toContain("is not the outputs of a crosscloud stack verify can read:");
      expect(text).toContain("dayTwo.aws.spokesRouteTableId: a transit gateway route table id is required with attachment tgw [VALUE_REQUIRED]");
      expect(text).toContain("dayTwo.tunnels: the tunnel list is required [VALUE_REQUIRED]");
      fs.writeFileSync(file, "not json");
      const second = capture();
      expect(await runCommand(verifyCmd, ["--outputs", file], second.io)).toBe(2);
      expect(second.err.join("")).toMatch(/is not JSON .*pulumi stack output --json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("with no credentials anywhere, exits 2 within 10 s, naming both chains it tried, with no stack trace", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-verify-home-"));
    try {
      // A clean environment: no AWS_* or AZURE_* variables, an empty home (no ~/.aws, no ~/.azure), no az on PATH.
      const env = { PATH: path.dirname(process.execPath), HOME: home, USERPROFILE: home };
      const started = Date.now();
      const run = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "cli/main.ts"), "verify", "--stack", "dev", "--outputs", DEV_OUTPUTS], {
        cwd: ROOT,
        env,
        encoding: "utf8",
        timeout: 30_000,
      });
      const seconds = (Date.now() - started) / 1000;
      expect({ status: run.status, signal: run.signal }).toEqual({ status: 2, signal: null });
      expect(seconds).toBeLessThan(10);
      expect(run.stderr).toMatch(/no usable AWS credentials; tried the AWS default credential chain \(environment variables/);
      expect(run.stderr).toMatch(/no usable Azure credentials; tried DefaultAzureCredential \(environment variables/);
      expect(run.stderr).toMatch(/CredentialUnavailableError: Azure CLI could not be found/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 40_000);
});
