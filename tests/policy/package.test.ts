/**
 * policy/ is the crosscloud-policy package: `pulumi policy publish` runs `npm pack` in it and uploads the
 * tarball, and whoever installs the pack gets that tarball plus its dependencies, nothing else of this
 * repository. So every import must be a package import of a declared dependency (crosscloud's own code via
 * `crosscloud/sdk` and `crosscloud/graph`) or a relative import that stays inside policy/.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(__dirname, "../..");
const POLICY_DIR = path.join(ROOT, "policy");

interface Manifest {
  name: string;
  version: string;
  main?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}
const readJson = (file: string): Manifest => JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function importsOf(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) specs.push(m[1] as string);
  return specs;
}

const packageName = (spec: string): string => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string));

/** What is wrong with one import of `file` (a file in policy/), if anything. */
function problem(file: string, spec: string, pack: Manifest, root: Manifest): string | undefined {
  const where = `${path.relative(ROOT, file)} imports ${spec}`;
  if (spec.startsWith(".")) {
    const target = path.relative(POLICY_DIR, path.resolve(path.dirname(file), spec));
    return target.startsWith("..") || path.isAbsolute(target) ? `${where}: a relative import leaving policy/ (use the crosscloud package)` : undefined;
  }
  if (spec.startsWith("node:") || builtinModules.includes(spec)) return undefined;
  const name = packageName(spec);
  if (pack.dependencies?.[name] === undefined) return `${where}: ${name} is not a dependency in policy/package.json`;
  if (name === "crosscloud" && root.exports?.[`.${spec.slice(name.length)}`] === undefined) return `${where}: not in crosscloud's exports map`;
  return undefined;
}

describe("policy/ imports", () => {
  const pack = readJson(path.join(POLICY_DIR, "package.json"));
  const root = readJson(path.join(ROOT, "package.json"));
  const files = sourceFiles(POLICY_DIR);

  it("finds the pack's sources", () => {
    expect(files.map((f) => path.relative(POLICY_DIR, f))).toEqual(expect.arrayContaining(["index.ts", "policies.ts", "rules/resources.ts"]));
  });

  it("are package imports of declared dependencies, or relative imports inside policy/", () => {
    const wrong = files.flatMap((file) => importsOf(fs.readFileSync(file, "utf8")).flatMap((spec) => problem(file, spec, pack, root) ?? []));
    expect(wrong).toEqual([]);
  });

  it("use crosscloud's own code through crosscloud/sdk and crosscloud/graph", () => {
    const used = new Set(files.flatMap((file) => importsOf(fs.readFileSync(file, "utf8")).filter((s) => packageName(s) === "crosscloud")));
    expect([...used].sort()).toEqual(["crosscloud/graph", "crosscloud/sdk"]);
  });

  it("the check catches what it is for", () => {
    const rule = path.join(POLICY_DIR, "rules/example.ts");
    expect(importsOf('import { parseCidr } from "../../sdk/cidr";\nimport type { T } from "../../graph";')).toEqual(["../../sdk/cidr", "../../graph"]);
    expect(problem(rule, "../../sdk/cidr", pack, root)).toMatch(/leaving policy\//);
    expect(problem(rule, "../index", pack, root)).toBeUndefined();
    expect(problem(rule, "netmask", pack, root)).toMatch(/netmask is not a dependency/);
    expect(problem(rule, "crosscloud/preview", pack, root)).toMatch(/not in crosscloud's exports map/);
    expect(problem(rule, "crosscloud/sdk", pack, root)).toBeUndefined();
    expect(problem(rule, "node:util", pack, root)).toBeUndefined();
  });

  it("run from sources (tsx, as `crosscloud check` does in this repository) load crosscloud's sources, not dist/", () => {
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    const probe = "require('./policies'); console.log(JSON.stringify(Object.keys(require.cache)));";
    const out = spawnSync(process.execPath, ["--import", tsx, "-e", probe], { cwd: POLICY_DIR, encoding: "utf8" });
    expect(out.stderr).toBe("");
    const loaded = (JSON.parse(out.stdout) as string[]).map((f) => path.relative(ROOT, f));
    expect(loaded).toEqual(expect.arrayContaining(["sdk/index.ts", "sdk/cidr.ts", "graph/index.ts", "graph/resolve.ts", "policy/rules/resources.ts"]));
    expect(loaded.filter((f) => f.startsWith("dist/"))).toEqual([]);
  });
});

describe("the crosscloud-policy package (`npm pack` in policy/, what `pulumi policy publish` uploads)", () => {
  let work: string;
  let files: string[];
  let packed: Manifest;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-policy-pack-"));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: POLICY_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const result = JSON.parse(out) as { name: string; filename: string; files: { path: string }[] }[];
    expect(result.map((r) => r.name)).toEqual(["crosscloud-policy"]);
    files = (result[0]?.files ?? []).map((f) => f.path).sort();
    execFileSync("tar", ["-xzf", path.join(work, result[0]?.filename ?? ""), "-C", work]);
    packed = readJson(path.join(work, "package/package.json"));
  }, 120_000);
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("holds package.json, PulumiPolicy.yaml and the entry point with every file it imports, and nothing else", () => {
    const rules = fs
      .readdirSync(path.join(POLICY_DIR, "rules"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `rules/${f}`);
    expect(files).toEqual(["POLICIES.md", "PulumiPolicy.yaml", "index.ts", "package.json", "policies.ts", ...rules].sort());
    // run-policy-pack requires the folder: with no "main", that is index.ts, compiled by ts-node.
    expect(packed.main).toBeUndefined();
    // Every relative import of a packed source is packed too.
    const missing = files
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        importsOf(fs.readFileSync(path.join(work, "package", f), "utf8"))
          .filter((s) => s.startsWith("."))
          .map((s) => path.relative(path.join(work, "package"), path.resolve(path.dirname(path.join(work, "package", f)), s)) + ".ts")
          .filter((target) => !files.includes(target)),
      );
    expect(missing).toEqual([]);
  });

  it("declares what it needs to start once installed: crosscloud at this version and the root's pinned Pulumi packages and TypeScript", () => {
    expect(packed).toMatchObject({ name: "crosscloud-policy", version: rootManifest().version });
    expect(packed.private).toBeUndefined();
    expect(packed.dependencies).toEqual({
      crosscloud: rootManifest().version,
      "@pulumi/policy": rootManifest().dependencies?.["@pulumi/policy"],
      "@pulumi/pulumi": rootManifest().dependencies?.["@pulumi/pulumi"],
      // Without it run-policy-pack falls back to its vendored TypeScript 3.8, which can read neither this
      // code nor crosscloud's exports map.
      typescript: rootManifest().devDependencies?.typescript,
    });
    expect(packed.devDependencies).toBeUndefined();
  });
});

function rootManifest(): Manifest {
  return readJson(path.join(ROOT, "package.json"));
}
