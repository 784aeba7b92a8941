/**
 * The README's Python and Go examples of SiteToSiteVpn use the schema's names, as each SDK spells them:
 * Python snake_case, Go PascalCase; enum members as Python `Type.UPPER_SNAKE` and Go `TypeMember`.
 */
import * as fs from "fs";
import * as path from "path";
import { PackageSchema, SCHEMA_FILE, packageRoot } from "../../provider";

const root = packageRoot();
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const schema = JSON.parse(fs.readFileSync(path.join(root, SCHEMA_FILE), "utf8")) as PackageSchema;
const vpn = schema.resources["crosscloud:index:SiteToSiteVpn"];
const inputs = Object.keys(vpn?.inputProperties ?? {});
const outputs = Object.keys(vpn?.properties ?? {});
const required = (vpn as { requiredInputs?: string[] } | undefined)?.requiredInputs ?? [];

/** The body of the README's first fenced block in `lang` that contains `marker`. */
function block(lang: string, marker: string): string {
  const found = [...readme.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "").find((b) => b.includes(marker));
  if (found === undefined) throw new Error(`README has no \`\`\`${lang} block with ${marker}`);
  return found;
}
const camelFromSnake = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camelFromPascal = (s: string) => s[0]?.toLowerCase() + s.slice(1);
/** Pulumi's Python enum member names: snake case, upper-cased (`VpnGw1AZ` → `VPN_GW1_AZ`, `Ha` → `HA`). */
const pythonEnumMember = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
const enumMembers = (type: string) => schema.types[`crosscloud:index:${type}`]?.enum?.map((m) => m.name) ?? [];

describe("README: Use it from Python, Go, C#", () => {
  it("says where SDK generation happens, and how to add the package from a git tag or a local path", () => {
    expect(readme).toContain("## Use it from Python, Go, C#");
    expect(readme).toMatch(/\*\*SDK generation needs the Pulumi CLI\*\*/);
    expect(readme).toMatch(/pulumi package add github\.com\/\S+@v\d+\.\d+\.\d+/);
    expect(readme).toMatch(/pulumi package add \.\.?\/\S+/);
  });

  it("Python: every keyword is a SiteToSiteVpn input (snake_case), every required input is given, outputs and enums exist", () => {
    const py = block("python", "crosscloud.SiteToSiteVpn(");
    const call = py.slice(py.indexOf("crosscloud.SiteToSiteVpn("));
    const keywords = [...call.matchAll(/^\s+([a-z_0-9]+)=/gm)].map((m) => m[1] ?? "").filter((k) => k !== "opts");
    expect(keywords.map(camelFromSnake).filter((k) => !inputs.includes(k))).toEqual([]);
    expect(required.filter((r) => !keywords.map(camelFromSnake).includes(r))).toEqual([]);
    const used = [...py.matchAll(/link\.([a-z_]+)/g)].map((m) => camelFromSnake(m[1] ?? ""));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((o) => !outputs.includes(o))).toEqual([]);
    const enums = [...py.matchAll(/crosscloud\.([A-Z]\w+)\.([A-Z_0-9]+)\b/g)].map((m) => [m[1] ?? "", m[2] ?? ""] as const);
    expect(enums.map(([type]) => type)).toEqual(["VpnLayout", "VpnAttachment"]);
    for (const [type, member] of enums) expect(enumMembers(type).map(pythonEnumMember)).toContain(member);
  });

  it("Go: every field is a SiteToSiteVpn input (PascalCase), every required input is given, outputs and enums exist", () => {
    const go = block("go", "crosscloud.SiteToSiteVpnArgs{");
    const args = go.slice(go.indexOf("SiteToSiteVpnArgs{"), go.indexOf("}, pulumi.Providers"));
    const fields = [...args.matchAll(/^\s+([A-Z]\w*):/gm)].map((m) => camelFromPascal(m[1] ?? ""));
    expect(fields.filter((f) => !inputs.includes(f))).toEqual([]);
    expect(required.filter((r) => !fields.includes(r))).toEqual([]);
    const used = [...go.matchAll(/link\.([A-Z]\w+)/g)].map((m) => camelFromPascal(m[1] ?? ""));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((o) => !outputs.includes(o))).toEqual([]);
    // Go names an enum constant <Type><Member>: check each against the schema's enum types.
    const constants = [...args.matchAll(/crosscloud\.(Vpn\w+)/g)].map((m) => m[1] ?? "");
    const known = Object.keys(schema.types).map((t) => t.split(":")[2] ?? "").flatMap((type) => enumMembers(type).map((m) => `${type}${m}`));
    expect(constants).toHaveLength(2);
    expect(constants.filter((c) => !known.includes(c))).toEqual([]);
  });
});
