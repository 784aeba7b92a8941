/**
 * The architecture as a test: imports point down the layers only, and the two pure layers stay pure.
 *
 *   cli ─► preview, lab, verify ─► check, policy ─► stacks ─► components ─► graph ─► sdk
 *
 * `verify` talks to the live clouds after `pulumi up`; it reads the stack's outputs (whose contract is in
 * sdk/day-two.ts) and the cloud facts in sdk, and it alone may use the AWS and Azure SDKs.
 * (`check` starts the policy pack as a process, as the Pulumi CLI does; it never imports it.)
 * Each top-level folder has a rank; a module may import its own folder and any folder of a lower rank.
 * `preview` runs the policy pack through `check`, which is why `check` sits below it.
 * The policy pack is also the `crosscloud-policy` package and imports crosscloud by package name
 * (`crosscloud/sdk`, `crosscloud/graph`); such an import counts as an import of that folder.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

const RANK: Readonly<Record<string, number>> = {
  sdk: 0,
  graph: 1,
  components: 2,
  stacks: 3,
  provider: 3,
  policy: 4,
  check: 4,
  preview: 5,
  lab: 5,
  verify: 5,
  cli: 6,
};

/** npm packages (besides Node built-ins where allowed) each layer may import. */
const PACKAGES: Readonly<Record<string, readonly string[] | "any">> = {
  sdk: ["netmask"],
  graph: [],
  components: ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/azure-native", "@pulumi/random", "yaml"],
  // zod declares the stack config schema (stacks/schema), fastest-levenshtein finds "did you mean" keys for it.
  stacks: ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/azure-native", "@pulumi/random", "yaml", "zod", "fastest-levenshtein"],
  provider: ["@pulumi/pulumi"],
  policy: ["@pulumi/policy"],
  check: ["@grpc/grpc-js", "@pulumi/pulumi", "google-protobuf"],
  preview: ["@grpc/grpc-js", "@pulumi/pulumi", "google-protobuf", "yaml"],
  lab: [],
  verify: [
    "@aws-sdk/client-ec2",
    "@aws-sdk/client-direct-connect",
    "@aws-sdk/client-cloudwatch",
    "@aws-sdk/credential-providers",
    "@azure/arm-network",
    "@azure/arm-monitor",
    "@azure/identity",
  ],
  cli: "any",
};

/** Node built-ins a pure layer may use: no I/O, no processes, no network. */
const PURE_BUILTINS = ["node:util", "util"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) specs.push(m[1] as string);
  return specs;
}

const layerOf = (file: string): string | undefined => {
  const top = path.relative(ROOT, file).split(path.sep)[0] ?? "";
  return top in RANK ? top : undefined;
};

/** `crosscloud/sdk` -> `<root>/sdk`: the package importing itself by name (exports map), resolved to the folder it names. */
const selfImport = (spec: string): string | undefined =>
  spec === "crosscloud" ? ROOT : spec.startsWith("crosscloud/") ? path.join(ROOT, spec.slice("crosscloud/".length)) : undefined;

const packageName = (spec: string): string => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string));
const isBuiltin = (spec: string): boolean => spec.startsWith("node:") || require("node:module").builtinModules.includes(packageName(spec));

const allFiles = Object.keys(RANK).flatMap((layer) => sourceFiles(path.join(ROOT, layer)));

describe("layers", () => {
  it("finds every layer's sources", () => {
    for (const layer of Object.keys(RANK)) expect(allFiles.some((f) => layerOf(f) === layer)).toBe(true);
  });

  it("imports point down the layers only", () => {
    const upward: string[] = [];
    for (const file of allFiles) {
      const from = layerOf(file) as string;
      for (const spec of importsOf(file)) {
        const self = selfImport(spec);
        if (!spec.startsWith(".") && self === undefined) continue;
        const target = layerOf(self ?? path.resolve(path.dirname(file), spec));
        if (target === undefined) {
          upward.push(`${path.relative(ROOT, file)} imports ${spec}, outside every layer`);
        } else if (target !== from && (RANK[target] as number) >= (RANK[from] as number)) {
          upward.push(`${path.relative(ROOT, file)} (${from}) imports ${spec} (${target})`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it("each layer uses only its own npm packages; sdk and graph import no Pulumi runtime and do no I/O", () => {
    const wrong: string[] = [];
    for (const file of allFiles) {
      const layer = layerOf(file) as string;
      const allowed = PACKAGES[layer] as readonly string[] | "any";
      const pure = layer === "sdk" || layer === "graph";
      for (const spec of importsOf(file)) {
        if (spec.startsWith(".") || selfImport(spec) !== undefined) continue;
        if (isBuiltin(spec)) {
          if (pure && !PURE_BUILTINS.includes(spec)) wrong.push(`${path.relative(ROOT, file)} imports ${spec} (${layer} is pure)`);
          continue;
        }
        if (allowed !== "any" && !allowed.includes(packageName(spec))) wrong.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the test itself catches an upward import", () => {
    const from = "lab";
    const spec = "../preview/run";
    const target = layerOf(path.resolve(ROOT, from, spec));
    expect(target).toBe("preview");
    expect((RANK[target as string] as number) >= (RANK[from] as number)).toBe(true);
  });

  it("reads a package-name import as an import of the folder it names", () => {
    expect(layerOf(selfImport("crosscloud/sdk") as string)).toBe("sdk");
    expect(layerOf(selfImport("crosscloud/cli") as string)).toBe("cli");
    expect(layerOf(selfImport("crosscloud") as string)).toBeUndefined();
    expect(selfImport("crosscloud-policy")).toBeUndefined();
  });
});
