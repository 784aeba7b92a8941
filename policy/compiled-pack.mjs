// Part of `npm run build`, after tsc: turns dist/policy/ (the pack compiled with the rest of crosscloud) into a
// policy pack folder the Pulumi CLI can load, so that after `npm install crosscloud`
//   pulumi preview --policy-pack node_modules/crosscloud/dist/policy
// works with no TypeScript at run time. It writes the two files the CLI and @pulumi/policy read from the
// pack's folder: PulumiPolicy.yaml (copied) and package.json (the pack version; the dependencies are the
// crosscloud-policy workspace package's, minus typescript, which compiled JavaScript does not need; Node
// resolves them from the node_modules folders above, i.e. crosscloud's own and the consumer's).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "dist", "policy");
const source = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const { typescript: _compilerOnly, ...dependencies } = source.dependencies;

const manifest = {
  name: source.name,
  version: source.version,
  description: `${source.description} Compiled copy shipped inside the crosscloud package.`,
  license: source.license,
  private: true,
  main: "index.js",
  dependencies,
};

/** Writes only on a change: tests may read these files while another test packs (and so builds) crosscloud. */
function update(file, text) {
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);
}
update(join(out, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
update(join(out, "PulumiPolicy.yaml"), readFileSync(join(here, "PulumiPolicy.yaml"), "utf8"));
