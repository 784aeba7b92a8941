/**
 * Proves the published package works for someone who `npm install`s it: pack the package, install the
 * tarball into a blank project, compile a strict TypeScript program against its `exports`/types, and run
 * it under Pulumi mocks.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

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
  const plan = planNetwork({
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
  const vpn = new SiteToSiteVpn("link", args);
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

describe("npm pack consumer", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-consumer-"));
  });
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("installs from the tarball, type-checks against the published types, and runs under mocks", () => {
    // `npm pack` runs `prepare` (the build), so the tarball holds what a release would.
    const packed = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root)) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(work, packed[0]?.filename ?? "");
    const files = (packed[0]?.files ?? []).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/sdk/index.d.ts", "dist/cli/main.js", "README.md", "LICENSE"]));
    expect(files.filter((f) => f.startsWith("tests/") || f.startsWith("node_modules/"))).toEqual([]);

    const app = path.join(work, "app");
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0", dependencies: { crosscloud: `file:${tarball}` } }));
    run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
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
    expect(out.rejected).toBe("KEY_INVALID,VALUE_REQUIRED");

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
    expect(errors("bad-enum.ts", `layout: "prod", ${required}`)).toEqual([`error TS2322: Type '"prod"' is not assignable to type 'VpnLayout'.`]);
    expect(errors("bad-sku.ts", `layout: "dev", gatewaySku: "VpnGw1", ${required}`)).toEqual([
      `error TS2820: Type '"VpnGw1"' is not assignable to type 'VpnGatewaySku | undefined'. Did you mean '"VpnGw1AZ"'?`,
    ]);
    // (awsRegion, layout and the prefixes are optional since a `plan` can replace them; the component then
    // names each missing one. What the rendering always needs stays required.)
    const missing = errors("missing-arg.ts", `layout: "dev", ${required.replace('subscriptionId: "s", ', "")}`);
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^error TS2345: .* Property 'subscriptionId' is missing in type .* but required in type 'SiteToSiteVpnArgs'\.$/);
  }, 600_000);
});
