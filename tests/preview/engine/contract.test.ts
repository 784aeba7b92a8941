import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import {
  configEnvValue,
  locateRunner,
  nodeRuntimeOptions,
  pwdMain,
  readProjectFile,
  runnerArguments,
  runnerEnvironment,
  type RunRequest,
} from "../../../preview/engine/contract";

const ROOT = path.resolve(__dirname, "../../..");

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  monitorAddress: "127.0.0.1:4001",
  engineAddress: "127.0.0.1:4001",
  organization: "organization",
  project: "crosscloud",
  rootDirectory: "/p",
  stack: "dev",
  programDirectory: "/p/stacks",
  entryPoint: "index.ts",
  dryRun: false,
  parallel: 8,
  config: { "aws:region": "us-east-1", "crosscloud:azure": '{"resourceGroupName":"rg"}' },
  secretKeys: ["crosscloud:azure"],
  runtimeOptions: { typescript: true, tsconfig: "../tsconfig.build.json", nodeargs: [] },
  ...over,
});

describe("the language host's launch of cmd/run (pulumi-language-nodejs v3.248.0)", () => {
  it("builds constructArguments' argv: flags in its order, empty ones left out, --parallel always, entry point last", () => {
    expect(runnerArguments("/x/cmd/run/index.js", request())).toEqual([
      "/x/cmd/run/index.js",
      "--monitor", "127.0.0.1:4001",
      "--engine", "127.0.0.1:4001",
      "--organization", "organization",
      "--project", "crosscloud",
      "--root-directory", "/p",
      "--stack", "dev",
      "--pwd", "/p/stacks",
      "--parallel", "8",
      "index.ts",
    ]);
    const dry = runnerArguments("run", request({ dryRun: true, organization: "", args: ["a"] }));
    expect(dry).not.toContain("--organization");
    expect(dry.slice(-5)).toEqual(["--dry-run", "--parallel", "8", "index.ts", "a"]);
  });

  it("passes config as constructConfig does (<ns>:config:<name>) and the secret keys unrewritten", () => {
    const env = runnerEnvironment(request());
    expect(JSON.parse(env["PULUMI_CONFIG"] ?? "")).toEqual({ "aws:config:region": "us-east-1", "crosscloud:config:azure": '{"resourceGroupName":"rg"}' });
    expect(env["PULUMI_CONFIG_SECRET_KEYS"]).toBe('["crosscloud:azure"]');
    expect(env["PULUMI_NODEJS_TYPESCRIPT"]).toBe("true");
    expect(env["PULUMI_NODEJS_TSCONFIG_PATH"]).toBe("../tsconfig.build.json");
    expect(runnerEnvironment(request({ runtimeOptions: { typescript: false, tsconfig: undefined, nodeargs: [] } }))).toEqual({
      PULUMI_CONFIG: expect.any(String),
      PULUMI_CONFIG_SECRET_KEYS: '["crosscloud:azure"]',
    });
    expect(() => configEnvValue({ region: "x" })).toThrow("config key 'region' is not of the form <namespace>:<name>");
  });

  it("reads runtime options as parseOptions does", () => {
    expect(nodeRuntimeOptions({})).toEqual({ typescript: true, tsconfig: undefined, nodeargs: [] });
    expect(nodeRuntimeOptions({ nodeargs: " --max-old-space-size=4096  --trace-warnings " }).nodeargs).toEqual(["--max-old-space-size=4096", "--trace-warnings"]);
    expect(() => nodeRuntimeOptions({ typescript: "yes" })).toThrow("typescript option must be a boolean");
  });

  it("splits main as getPwdMain does: a directory runs '.', a file runs itself from its directory", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-main-"));
    try {
      fs.mkdirSync(path.join(dir, "src"));
      fs.writeFileSync(path.join(dir, "src", "main.ts"), "");
      expect(pwdMain(dir, undefined)).toEqual({ pwd: dir, entryPoint: "." });
      expect(pwdMain(dir, "src/")).toEqual({ pwd: path.join(dir, "src"), entryPoint: "." });
      expect(pwdMain(dir, "src/main.ts")).toEqual({ pwd: path.join(dir, "src"), entryPoint: "main.ts" });
      expect(() => pwdMain(dir, "nope.ts")).toThrow(`project 'main' could not be read: ${path.join(dir, "nope.ts")} does not exist`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds the runner the way locateModule does, from the program directory", () => {
    expect(locateRunner(path.join(ROOT, "stacks"))).toBe(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run", "index.js"));
  });
});

describe("this project's Pulumi.yaml", () => {
  const project = readProjectFile(ROOT);

  it("names the stack program file, so a built dist/ is never run in its place", () => {
    // With a directory the runner gets "." and starts the nearest package.json's entry point: dist/index.js.
    expect(project.main).toBe("stacks/index.ts");
    expect(pwdMain(ROOT, project.main)).toEqual({ pwd: path.join(ROOT, "stacks"), entryPoint: "index.ts" });
  });

  it("points the runner at the build's strict tsconfig, relative to stacks/ (the runner chdirs there first)", () => {
    const options = nodeRuntimeOptions(project.options);
    expect(options.typescript).toBe(true);
    const tsconfig = path.resolve(ROOT, "stacks", options.tsconfig ?? "");
    expect(tsconfig).toBe(path.join(ROOT, "tsconfig.build.json"));
    // tsconfig files are JSONC (comments): read them the way TypeScript does, `extends` included.
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
    expect(parsed?.options).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
  });
});
