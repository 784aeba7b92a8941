/**
 * Proves the published package works for someone who `npm install`s it: pack the package, install the
 * tarball into a blank project, compile a strict TypeScript program against its `exports`/types, and run
 * it under Pulumi mocks. Then the policy pack, both ways a user gets it: the compiled copy inside the
 * installed crosscloud (node_modules/crosscloud/dist/policy) and the crosscloud-policy package installed
 * on its own the way Pulumi installs a published pack, each started exactly as the Pulumi CLI starts a
 * pack, and `npx crosscloud check`.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PolicyPackClient } from "../../check/client";
import { loadResources } from "../../check/resources";
import { spawnPack } from "../../check/spawn-pack";
import { childPids } from "../check/children";
import { renderValue } from "../../graph";
import { EngineRunError, runEngine } from "../../preview/engine/local-engine";
import { expectNothingLeft } from "../preview/engine/leftovers";

const root = path.resolve(__dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
}

/** The consumer's sample: a plan and the VPN args built from it (shared by the mocked run and the Pulumi program). */
const SAMPLE = `  const plan = planNetwork({
    environment: "dev",
    aws: { region: "us-east-1", vpcs: { app: {} } },
    azure: { region: "eastus", vnets: { hub: {} } },
    vpn: { layout: "dev" },
  });
  const args: SiteToSiteVpnArgs = {
    layout: "dev",
    attachment: VpnAttachment.Vgw,
    vpcId: "vpc-1",
    awsRegion: plan.aws.region,
    awsPrefixes: plan.vpn.awsPrefixes,
    azurePrefixes: plan.vpn.azurePrefixes,
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    resourceGroupName: "rg",
    location: "eastus",
    gatewaySubnetId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet",
  };
`;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args: pulumi.runtime.MockResourceArgs) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const extra: Record<string, unknown> = {};
      if (args.type === "aws:ec2/vpnConnection:VpnConnection") Object.assign(extra, { tunnel1Address: "198.51.100.1", tunnel2Address: "198.51.100.2" });
      if (args.type === "azure-native:network:PublicIPAddress") extra["ipAddress"] = "203.0.113.10";
      if (args.type === "random:index/randomPassword:RandomPassword") extra["result"] = "consumerTestKey.only_for_mocks";
      return { id: \`\${args.name}-id\`, state: { ...args.inputs, ...extra } };
    },
    call: (args: pulumi.runtime.MockCallArgs) => { throw new Error(\`unexpected invoke \${args.token}\`); },
  },
  "consumer",
  "test",
);

// Imported after the mocks are in place.
import type { SiteToSiteVpnArgs } from "crosscloud";
import { planNetwork, PlanError, VpnAttachment } from "crosscloud/sdk";

async function main(): Promise<void> {
  const { SiteToSiteVpn } = await import("crosscloud");
${SAMPLE}  const vpn = new SiteToSiteVpn("link", args);
  const rows = await new Promise<unknown>((resolve) => vpn.tunnelTable.apply(resolve));
  let rejected = "";
  try {
    planNetwork({ environment: "Bad!", aws: { region: "us-east-1", vpcs: {} }, azure: { region: "eastus", vnets: {} }, vpn: { layout: "dev" } });
  } catch (e) {
    rejected = e instanceof PlanError ? e.issues.map((i) => i.code).join(",") : "not a PlanError";
  }
  const sessions = Object.entries(vpn.bgpSessions).map(([key, s]) => [key, s.carrier, s.localAsn, s.peerAsn, s.localAddress]);
  console.log(JSON.stringify({ tunnels: plan.vpn.tunnels.map((t) => t.insideCidr), rows, sessions, types: registered.map((r) => r.type).sort(), rejected }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

/** The same sample as a consumer's Pulumi program (what `pulumi up` would run in their project). */
const STACK_PROGRAM = `import type { SiteToSiteVpnArgs } from "crosscloud";
import { SiteToSiteVpn } from "crosscloud";
import { planNetwork, VpnAttachment } from "crosscloud/sdk";

${SAMPLE}
const vpn = new SiteToSiteVpn("link", args);
export const tunnels = vpn.tunnelTable;
`;

type Packed = { filename: string; files: { path: string }[] }[];

/** The violation plan-default-route.json plants, as every path below must report it. */
const PLANTED_DEFAULT_ROUTE = [
  "no-default-route-across-interconnect",
  "mandatory",
  "urn:pulumi:dev::crosscloud::crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-default",
];
const FIXTURE = path.join(root, "tests/fixtures/analyzer/plan-default-route.json");

/**
 * Starts the pack in `packDir` the way the Pulumi CLI starts a local pack (`pulumi-analyzer-policy`: resolve
 * run-policy-pack from the pack's folder, `node <it> <engine> .` with that folder as cwd), reads the port it
 * prints, and runs GetAnalyzerInfo and AnalyzeStack over gRPC.
 */
async function runPackAsTheCliDoes(packDir: string, consumer: string) {
  const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  // The consumer's single @pulumi/pulumi, not this repository's.
  expect(runPolicyPack).toBe(path.join(consumer, "node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js"));
  const pack = await spawnPack({ command: { executable: process.execPath, args: [runPolicyPack, "127.0.0.1:0", "."], cwd: packDir } });
  const client = new PolicyPackClient(pack.address);
  try {
    const info = await client.getAnalyzerInfo();
    const { resources } = await loadResources(FIXTURE);
    const violations = await client.analyzeStack(resources);
    return { info, violations, stderr: pack.stderr() };
  } finally {
    client.close();
    await pack.close();
  }
}

describe("npm pack consumer", () => {
  let work: string;
  let app: string;
  let files: string[];
  let tarball: string;
  const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-consumer-"));
    // `npm pack` runs `prepare` (the build), so the tarball holds what a release would.
    const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as Packed;
    tarball = path.join(work, packed[0]?.filename ?? "");
    files = (packed[0]?.files ?? []).map((f) => f.path);
    app = path.join(work, "app");
    fs.mkdirSync(app);
    // A TypeScript Pulumi project has its own typescript (Pulumi's runner compiles with it; the runner test needs it).
    const typescript = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["typescript"];
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({ name: "consumer", private: true, version: "1.0.0", dependencies: { crosscloud: `file:${tarball}` }, devDependencies: { typescript } }),
    );
    run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
  }, 600_000);
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
    expect(childPids()).toEqual([]);
  });

  it("installs from the tarball, type-checks against the published types, and runs under mocks", () => {
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/sdk/index.d.ts", "dist/cli/main.js", "README.md", "LICENSE"]));
    expect(files.filter((f) => f.startsWith("tests/") || f.startsWith("node_modules/"))).toEqual([]);
    // Exactly one @pulumi/pulumi in the consumer's tree.
    const copies = run("find", [path.join(app, "node_modules"), "-path", "*/@pulumi/pulumi/package.json", "-not", "-path", "*/tests/*"], app).trim().split("\n");
    expect(copies).toEqual([path.join(app, "node_modules", "@pulumi", "pulumi", "package.json")]);

    fs.writeFileSync(path.join(app, "index.ts"), PROGRAM);
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, outDir: "out", types: [] }, files: ["index.ts"] }),
    );
    run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
    const out = JSON.parse(run(process.execPath, ["out/index.js"], app).trim().split("\n").pop() ?? "{}") as {
      tunnels: string[];
      rows: { key: string; awsOutsideAddress: string; insideCidr: string }[];
      sessions: [string, string, number, number, string][];
      types: string[];
      rejected: string;
    };
    expect(out.tunnels).toEqual(["169.254.21.0/30", "169.254.22.0/30"]);
    expect(out.rows.map((r) => [r.key, r.insideCidr, r.awsOutsideAddress])).toEqual([
      ["a-t1", "169.254.21.0/30", "198.51.100.1"],
      ["a-t2", "169.254.22.0/30", "198.51.100.2"],
    ]);
    expect(out.sessions).toEqual([
      ["a-t1", "vpn", 64512, 65515, "169.254.21.1"],
      ["a-t2", "vpn", 64512, 65515, "169.254.22.1"],
    ]);
    expect(out.types.filter((t) => t === "aws:ec2/customerGateway:CustomerGateway")).toHaveLength(1);
    expect(out.types.filter((t) => t === "azure-native:network:LocalNetworkGateway")).toHaveLength(2);
    // environment "Bad!"; no VPC (aws.vpcs) and no VNet (azure.vnets), each named at its field.
    expect(out.rejected).toBe("KEY_INVALID,VALUE_REQUIRED,VALUE_REQUIRED");

    // The schema-friendly types did not loosen the TypeScript API: a value outside an enum and a missing
    // required arg are still compile errors, each reported at the field.
    const errors = (file: string, body: string): string[] => {
      fs.writeFileSync(path.join(app, file), `import { SiteToSiteVpn } from "crosscloud";\nnew SiteToSiteVpn("link", { ${body} });\n`);
      fs.writeFileSync(path.join(app, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: [file] }));
      try {
        run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.bad.json"], app);
        return [];
      } catch (e) {
        // One entry per diagnostic: its first line from "error TS…" on, with its indented continuation lines.
        return ((e as Error).message.match(/error TS\d+: .*(\n[ \t]+\S.*)*/g) ?? []).map((d) => d.replace(/\s+/g, " ").trim());
      }
    };
    const required = 'attachment: "vgw", awsRegion: "us-east-1", awsPrefixes: [], azurePrefixes: [], subscriptionId: "s", resourceGroupName: "rg", location: "eastus"';
    expect(errors("bad-enum.ts", `layout: "prod", ${required}`)).toEqual([`error TS2322: Type '"prod"' is not assignable to type 'VpnLayout | undefined'.`]);
    expect(errors("bad-sku.ts", `layout: "dev", gatewaySku: "VpnGw1", ${required}`)).toEqual([
      `error TS2820: Type '"VpnGw1"' is not assignable to type 'VpnGatewaySku | undefined'. Did you mean '"VpnGw1AZ"'?`,
    ]);
    // (awsRegion, layout and the prefixes are optional since a `plan` can replace them; the component then
    // names each missing one. What the rendering always needs stays required.)
    const missing = errors("missing-arg.ts", `layout: "dev", ${required.replace('subscriptionId: "s", ', "")}`);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^error TS2345: .* Property 'subscriptionId' is missing in type .* but required in type 'SiteToSiteVpnArgs'\.$/);
  }, 600_000);

  it("ships the compiled pack as a folder the Pulumi CLI can load: node_modules/crosscloud/dist/policy", () => {
    expect(files).toEqual(
      expect.arrayContaining(["dist/policy/index.js", "dist/policy/package.json", "dist/policy/PulumiPolicy.yaml", "dist/graph/index.d.ts", "policy/POLICIES.md"]),
    );
    // Build state and TypeScript sources stay out of the tarball.
    expect(files.filter((f) => f === "dist/.tsbuildinfo" || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
    const packDir = path.join(app, "node_modules/crosscloud/dist/policy");
    const project = parseYaml(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    expect(project.runtime).toBe("nodejs");
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ version, main: "index.js" });
    // Every dependency it names resolves from the pack's folder: crosscloud itself and the consumer's hoisted packages.
    for (const dependency of Object.keys(manifest.dependencies as Record<string, string>)) {
      expect(require.resolve(`${dependency}/package.json`, { paths: [packDir] })).toBe(path.join(app, "node_modules", dependency, "package.json"));
    }
  });

  it("starts the compiled pack from node_modules/crosscloud/dist/policy as `pulumi preview --policy-pack` does, and it reports a planted violation", async () => {
    const packDir = path.join(app, "node_modules/crosscloud/dist/policy");
    const { info, violations } = await runPackAsTheCliDoes(packDir, app);
    expect([info.name, info.version, info.policies.length]).toEqual(["crosscloud", version, 13]);
    expect(violations.map((v) => [v.policy, v.level, v.urn])).toEqual([PLANTED_DEFAULT_ROUTE]);
  }, 120_000);

  it("`npx crosscloud check` runs that pack over a plan file and exits 1 on the mandatory violation", () => {
    const result = spawnSync(npm, ["exec", "--no", "--", "crosscloud", "check", FIXTURE], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false" },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`no-default-route-across-interconnect (mandatory)\n`);
    expect(result.stdout).toContain(`  - ${PLANTED_DEFAULT_ROUTE[2]}\n`);
    expect(result.stdout).toContain(`checked by crosscloud@${version}.`);
  }, 120_000);

  it("installs the crosscloud-policy package on its own, as Pulumi installs a published pack, and starts it as the CLI does", async () => {
    // `pulumi policy publish` uploads what `npm pack` makes in policy/. Enabling the pack makes the CLI
    // extract that tarball's package/ into ~/.pulumi/policies/<org>-<name>-v<version>/ and run `npm install`
    // there. Here crosscloud comes from this build's tarball, standing in for the npm registry.
    const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], path.join(root, "policy"))) as Packed;
    const extracted = path.join(work, "policies");
    fs.mkdirSync(extracted);
    run("tar", ["-xzf", path.join(work, packed[0]?.filename ?? ""), "-C", extracted], work);
    const packDir = path.join(extracted, `acme-crosscloud-v${version}`);
    fs.renameSync(path.join(extracted, "package"), packDir);
    run(npm, ["install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], packDir);
    const copies = run("find", [path.join(packDir, "node_modules"), "-path", "*/@pulumi/pulumi/package.json", "-not", "-path", "*/tests/*"], packDir).trim().split("\n");
    expect(copies).toEqual([path.join(packDir, "node_modules", "@pulumi", "pulumi", "package.json")]);
    // TypeScript sources, compiled at start by run-policy-pack's ts-node with the pack's own typescript
    // dependency, against crosscloud's published types.
    const { info, violations } = await runPackAsTheCliDoes(packDir, packDir);
    expect([info.name, info.version, info.policies.length]).toEqual(["crosscloud", version, 13]);
    expect(violations.map((v) => [v.policy, v.level, v.urn])).toEqual([PLANTED_DEFAULT_ROUTE]);
  }, 600_000);

  it("runs the same sample as a Pulumi program through Pulumi's own runner (its own SDK) against the local engine", async () => {
    fs.writeFileSync(path.join(app, "stack.ts"), STACK_PROGRAM);
    fs.writeFileSync(path.join(app, "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: stack.ts\n");
    const result = await runEngine({ root: app, stack: "test", config: { "aws:region": "us-east-1", "azure-native:location": "eastus" }, dryRun: false });
    await expectNothingLeft(result);
    if (result.outcome !== "ok") throw new EngineRunError(result);
    // The consumer's copy of the runner and SDK, compiled with the consumer's tsconfig (strict, node16 resolution of `exports`).
    expect(result.argv).toContain(path.join(app, "node_modules", "@pulumi", "pulumi", "cmd", "run", "index.js"));
    const types = result.graph.resources.map((r) => r.type);
    expect(types.filter((t) => t === "aws:ec2/customerGateway:CustomerGateway")).toHaveLength(1);
    expect(types.filter((t) => t === "azure-native:network:LocalNetworkGateway")).toHaveLength(2);
    const rows = renderValue(result.graph.stackOutputs["tunnels"] ?? null) as { key: string; insideCidr: string; awsOutsideAddress: string }[];
    expect(rows.map((r) => [r.key, r.insideCidr])).toEqual([
      ["a-t1", "169.254.21.0/30"],
      ["a-t2", "169.254.22.0/30"],
    ]);
    // Simulated AWS tunnel endpoints come from 198.51.100.0/24 (RFC 5737).
    for (const r of rows) expect(r.awsOutsideAddress).toMatch(/^198\.51\.100\.\d+$/);
  }, 600_000);
});
