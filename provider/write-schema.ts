/**
 * `npm run schema`: infers the package schema offline and writes schema.json at the package root.
 * `npm run schema -- --check` writes nothing and fails when schema.json differs from the sources.
 * Either way it fails, naming each place, when the schema has an `Any`, lacks a component or a description.
 */
import * as fs from "fs";
import * as path from "path";
import { TYPE } from "../components/type-tokens";
import { SCHEMA_FILE, formatSchema, inferSchema, packageRoot, schemaProblems } from "./schema";

async function main(argv: readonly string[]): Promise<number> {
  const root = packageRoot();
  const schema = await inferSchema(root);
  const problems = schemaProblems(schema, Object.values(TYPE));
  if (problems.length > 0) {
    process.stderr.write(`schema: ${problems.length} problem(s), schema.json not written:\n${problems.map((p) => `  - ${p}\n`).join("")}`);
    return 1;
  }
  const file = path.join(root, SCHEMA_FILE);
  const text = formatSchema(schema);
  if (argv.includes("--check")) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (committed !== text) {
      process.stderr.write(`schema: ${SCHEMA_FILE} is out of date with the components; run \`npm run schema\` and commit it\n`);
      return 1;
    }
    process.stdout.write(`schema: ${SCHEMA_FILE} is up to date (${Object.keys(schema.resources).length} components, ${Object.keys(schema.types).length} types)\n`);
    return 0;
  }
  fs.writeFileSync(file, text);
  process.stdout.write(`schema: wrote ${SCHEMA_FILE} (${Object.keys(schema.resources).length} components, ${Object.keys(schema.types).length} types)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`schema: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
