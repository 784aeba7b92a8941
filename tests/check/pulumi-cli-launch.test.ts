/**
 * `pulumi preview --policy-pack policy` cannot run here (no CLI, no engine), but the part that
 * starts the pack is @pulumi/pulumi's own code: the CLI runs the `pulumi-analyzer-policy` script
 * with cwd = the pack folder, which resolves `@pulumi/pulumi/cmd/run-policy-pack` from there and
 * runs `node <that> <engine address> .`; run-policy-pack drops the engine address, registers
 * ts-node (type-checking) and requires the folder. These tests do exactly that.
 *
 * policy/ is the crosscloud-policy workspace package: it imports `crosscloud/sdk` and `crosscloud/graph`,
 * which Node resolves through node_modules/crosscloud (npm's link to the repository root) and the
 * exports map, i.e. from dist/. So this path runs the built crosscloud, as a published pack does.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { PolicyPackClient } from "../../check/client";
import { loadResources } from "../../check/resources";
import { spawnPack } from "../../check/spawn-pack";
import { childPids } from "./children";
import { staleDist } from "./stale-dist";

const ROOT = path.resolve(__dirname, "../..");
const POLICY_DIR = path.join(ROOT, "policy");

afterAll(() => {
  expect(childPids()).toEqual([]);
});

describe("policy/ as the Pulumi CLI loads it", () => {
  it("has a PulumiPolicy.yaml naming the nodejs runtime", () => {
    const project = parseYaml(readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
    expect(project.runtime).toBe("nodejs");
  });

  it("has a package.json (which @pulumi/policy requires in its cwd) at the crosscloud version, depending on crosscloud and the root's pinned versions", () => {
    const pack = JSON.parse(readFileSync(path.join(POLICY_DIR, "package.json"), "utf8")) as Record<string, unknown>;
    const root = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pack.version).toBe(root.version);
    // The same versions as the root's, so npm hoists one copy of each (one @pulumi/pulumi).
    expect(pack.dependencies).toEqual({
      crosscloud: root.version,
      "@pulumi/policy": root.dependencies["@pulumi/policy"],
      "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"],
      typescript: root.devDependencies.typescript,
    });
  });

  it("resolves crosscloud from policy/ to this repository (npm's workspace link), through its exports map", () => {
    // Node's own resolution, in a child: jest's resolver maps crosscloud/* to the sources (jest.config.js).
    const resolved = execFileSync(
      process.execPath,
      ["-p", `["crosscloud/package.json", "crosscloud/sdk", "crosscloud/graph"].map((s) => require.resolve(s)).join("\\n")`],
      { cwd: POLICY_DIR, encoding: "utf8" },
    );
    expect(resolved.trim().split("\n")).toEqual([path.join(ROOT, "package.json"), path.join(ROOT, "dist/sdk/index.js"), path.join(ROOT, "dist/graph/index.js")]);
  });

  it("starts through run-policy-pack resolved from policy/ (the root's single @pulumi/pulumi) and analyzes", async () => {
    // What the pack loads of crosscloud is dist/: it must match the sources the other tests run.
    expect(staleDist(ROOT, ["sdk", "graph"])).toEqual([]);
    const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    expect(runPolicyPack).toBe(path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js"));
    const pack = await spawnPack({
      // The engine address is required positionally but unused by run-policy-pack.
      command: { executable: process.execPath, args: [runPolicyPack, "127.0.0.1:0", "."], cwd: POLICY_DIR },
    });
    const client = new PolicyPackClient(pack.address);
    try {
      const info = await client.getAnalyzerInfo();
      expect([info.name, info.version, info.policies.map((p) => p.name)]).toEqual([
        "crosscloud",
        "0.1.0",
        [
          "no-overlapping-cidrs",
          "no-default-route-across-interconnect",
          "no-default-route-via-routers",
          "bgp-asn-rules",
          "tunnel-inside-addresses",
          "ipsec-explicit-and-matching",
          "psk-must-be-secret",
          "wireguard-keys-must-be-secret",
          "wireguard-port-not-public",
          "wireguard-mtu",
          "prefix-limits",
          "prod-requires-active-active",
          "gateway-subnet-size",
        ],
      ]);
      const { resources } = await loadResources(path.join(ROOT, "tests/fixtures/analyzer/plan-default-route.json"));
      const violations = await client.analyzeStack(resources);
      expect(violations.map((v) => [v.policy, v.level, v.urn])).toEqual([
        [
          "no-default-route-across-interconnect",
          "mandatory",
          "urn:pulumi:dev::crosscloud::crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-default",
        ],
      ]);
    } finally {
      client.close();
      await pack.close();
    }
  });
});
