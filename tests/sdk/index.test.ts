import * as fs from "fs";
import * as path from "path";
import * as sdk from "../../sdk";

const SDK_DIR = path.join(__dirname, "../../sdk");
const modules = fs.readdirSync(SDK_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.endsWith(".d.ts")).sort();

describe("sdk/index.ts", () => {
  it.each(modules)("re-exports everything %s exports, as the same values", (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(SDK_DIR, file)) as Record<string, unknown>;
    const barrel = sdk as unknown as Record<string, unknown>;
    const names = Object.keys(mod).filter((k) => k !== "__esModule");
    expect(names.filter((n) => barrel[n] !== mod[n])).toEqual([]);
  });

  it("only re-exports", () => {
    const lines = fs.readFileSync(path.join(SDK_DIR, "index.ts"), "utf8").split("\n").filter((l) => l.trim() !== "");
    expect(lines.filter((l) => !/^export \* from "\.\/[a-z-]+";$/.test(l))).toEqual([]);
    expect(lines.map((l) => `${/"\.\/([a-z-]+)"/.exec(l)?.[1]}.ts`).sort()).toEqual(modules);
  });
});

const importsOf = (file: string): string[] => {
  const source = fs.readFileSync(path.join(SDK_DIR, file), "utf8");
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)/g)].map((m) => String(m[1] ?? m[2]));
};

describe("sdk purity (STYLE rule 1)", () => {
  it("reads import specifiers correctly (known answer)", () => {
    expect(importsOf("cidr.ts")).toEqual(["netmask", "./errors"]);
  });

  it.each(modules)("%s imports only sibling modules and netmask, never @pulumi/*", (file) => {
    expect(importsOf(file).filter((s) => !(s.startsWith("./") || s === "netmask"))).toEqual([]);
  });
});
