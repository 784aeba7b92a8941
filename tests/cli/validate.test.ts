import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify as stringifyYaml, parse as parseYaml } from "yaml";
import { USAGE, main } from "../../cli/main";
import { validateCmd } from "../../cli/validate";

const root = path.join(__dirname, "../..");
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out: () => out.join(""), err: () => err.join("") };
};
const run = async (...argv: string[]) => {
  const c = capture();
  const code = await main(["validate", ...argv], c.io);
  return { code, out: c.out(), err: c.err() };
};

describe("crosscloud validate", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-validate-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 on both sample stacks and says what it planned", async () => {
    const dev = await run("--stack", "dev");
    expect([dev.code, dev.err]).toEqual([0, ""]);
    // The summary, then the plan's notices, as the preview prints them (dev: the idle gateway instance).
    expect(dev.out.split("\n")[0]).toBe('crosscloud stack "dev" config is valid: 1 VPC(s), 1 VNet(s), 2 tunnels, DNS both ways');
    expect(dev.out).toContain("[VPN_INSTANCE_IDLE]");
    const prod = await run("--stack", "prod", "--json");
    expect(prod.code).toBe(0);
    expect(JSON.parse(prod.out)).toEqual({ stack: "prod", file: path.join(root, "stacks/Pulumi.prod.yaml"), valid: true, issues: [], unchecked: [] });
  });

  it("exits 1 on an invalid config, listing every problem under its config path", async () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    const doc = parseYaml(fs.readFileSync(path.join(root, "stacks/Pulumi.prod.yaml"), "utf8")) as { config: Record<string, Record<string, Record<string, unknown>>> };
    (doc.config["crosscloud:network"] as Record<string, Record<string, unknown>>).vpn = { layot: "ha" };
    fs.writeFileSync(file, stringifyYaml(doc));
    const r = await run("--config", file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('crosscloud stack "prod" config is invalid (2 problems):');
    expect(r.err).toContain('  - crosscloud:network.vpn.layot: unknown key "layot"; did you mean "layout"?');
    expect(fs.readdirSync(dir)).toEqual(["Pulumi.prod.yaml"]);
  });

  it("takes the stack from the file's name, and --stack over it", async () => {
    const file = path.join(dir, "Pulumi.staging.yaml");
    const doc = parseYaml(fs.readFileSync(path.join(root, "stacks/Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    delete doc.config["crosscloud:profile"];
    fs.writeFileSync(file, stringifyYaml(doc));
    expect((await run("--config", file)).err).toContain('crosscloud:profile: the stack "staging" is not named after a composition');
    expect((await run("--config", file, "--stack", "dev")).code).toBe(0);
  });

  it("exits 2 on bad usage and on a file it cannot read, naming the problem", async () => {
    expect(await run("--frobnicate")).toMatchObject({ code: 2, err: expect.stringContaining("crosscloud validate: unexpected argument --frobnicate") });
    expect(await run("--stack", "a b")).toMatchObject({ code: 2, err: "crosscloud validate: --stack a b is not a stack name\n" });
    expect(await run("--config", path.join(dir, "missing.yaml"))).toMatchObject({ code: 2, err: expect.stringContaining("no stack config at") });
    const broken = path.join(dir, "Pulumi.dev.yaml");
    fs.writeFileSync(broken, "config:\n  crosscloud:network: {\n");
    expect(await run("--config", broken)).toMatchObject({ code: 2, err: expect.stringContaining("is not a readable stack config file") });
  });

  it("says which encrypted values it could not check", async () => {
    const file = path.join(dir, "Pulumi.dev.yaml");
    const doc = parseYaml(fs.readFileSync(path.join(root, "stacks/Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    doc.config["crosscloud:azure"] = { resourceGroupName: "rg", subscriptionId: { secure: "v1:AAAAbm90LWEtcmVhbC1jaXBoZXJ0ZXh0" } };
    fs.writeFileSync(file, stringifyYaml(doc));
    const r = await run("--config", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain("not checked: crosscloud:azure.subscriptionId is encrypted");
    expect(r.out).not.toContain("v1:AAAA");
  });

  it("is listed by crosscloud --help with its own summary", async () => {
    expect(USAGE).toContain(`  validate  ${validateCmd.summary}`);
  });

  it("starts without the Pulumi SDK (editors and pre-commit hooks run it often)", () => {
    const script = `require("./cli/main").main(["validate", "--stack", "prod"], { stdout: { write() {} }, stderr: { write() {} } }).then((code) => {
      const loaded = Object.keys(require.cache).filter((k) => k.includes("node_modules/@pulumi/"));
      process.stdout.write(JSON.stringify({ code, loaded }));
    });`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ code: 0, loaded: [] });
  });
});

describe("crosscloud --help", () => {
  it("gives every command the summary its module declares", async () => {
    for (const name of ["preview", "validate", "check", "ipam"]) {
      const mod = (await import(`../../cli/${name}`)) as Record<string, { summary?: string }>;
      const command = Object.values(mod).find((v) => typeof v === "object" && v !== null && typeof v.summary === "string");
      expect(USAGE).toContain(`  ${name.padEnd(9)} ${command?.summary ?? "?"}`);
    }
  });
});
