import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";

/**
 * The package schema, inferred offline from the components' TypeScript types by the same
 * `ComponentProvider` the Pulumi CLI talks to over gRPC (`GetSchema`) when it runs this package as a
 * plugin. Its analyzer reads the `.ts` sources through the root tsconfig.json, starting at index.ts,
 * so it needs neither a build nor the Pulumi CLI.
 */

/** The parts of a Pulumi package schema that the checks below read. */
export interface PackageSchema {
  readonly name: string;
  readonly version: string;
  readonly resources: Readonly<Record<string, SchemaResource>>;
  readonly types: Readonly<Record<string, SchemaType>>;
}
export interface SchemaResource {
  readonly description?: string;
  readonly inputProperties?: Readonly<Record<string, SchemaProperty>>;
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
}
export interface SchemaType {
  readonly type: string;
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
  readonly enum?: readonly { readonly name: string; readonly value: string | number; readonly description?: string }[];
}
export interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly description?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
}

/** Where an untyped value points: what schema inference writes for a type it could not read (e.g. through `Omit`). */
export const ANY_REF = "pulumi.json#/Any";
export const SCHEMA_FILE = "schema.json";

/** The directory of the package.json named {@link PACKAGE_NAME} at or above `from` (works from the sources and from dist/). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json named "${PACKAGE_NAME}" at or above ${from}`);
  }
}

/** Runs the inference: `new ComponentProvider({ components, dirname, name }).getSchema()`. */
export async function inferSchema(root: string = packageRoot()): Promise<PackageSchema> {
  const text = await new ComponentProvider({ components: COMPONENTS, dirname: root, name: PACKAGE_NAME }).getSchema();
  return JSON.parse(text) as PackageSchema;
}

/** The schema as `npm run schema` writes it: 2-space JSON and a final newline. */
export const formatSchema = (schema: PackageSchema): string => `${JSON.stringify(schema, null, 2)}\n`;

/**
 * Everything that makes the schema unfit to publish, as `where: what` lines (empty when fine):
 * any `pulumi.json#/Any`, a property with neither a type nor a reference, a reference to a type the
 * schema does not define, a component missing from (or unknown to) `expectedTokens`, and a component or
 * property without a description (SDK docs come from these).
 */
export function schemaProblems(schema: PackageSchema, expectedTokens: readonly string[]): string[] {
  const problems: string[] = [];
  const checkProperty = (where: string, p: SchemaProperty, described: boolean): void => {
    if (described && !p.description) problems.push(`${where}: no description (add a doc comment)`);
    if (p.$ref === ANY_REF) problems.push(`${where}: ${ANY_REF} (an untyped value; see issue 11 for the forms schema inference reads)`);
    else if (p.$ref !== undefined && p.$ref.startsWith("#/types/") && !(p.$ref.slice("#/types/".length) in schema.types)) problems.push(`${where}: refers to ${p.$ref}, which the schema does not define`);
    else if (p.$ref === undefined && p.type === undefined) problems.push(`${where}: has neither a type nor a $ref`);
    if (p.items) checkProperty(`${where}[]`, p.items, false);
    if (p.additionalProperties) checkProperty(`${where}{}`, p.additionalProperties, false);
  };
  for (const [token, resource] of Object.entries(schema.resources)) {
    if (!expectedTokens.includes(token)) problems.push(`resources.${token}: not a known component type token`);
    if (!resource.description) problems.push(`resources.${token}: no description (add a doc comment to the class)`);
    for (const section of ["inputProperties", "properties"] as const) {
      for (const [name, p] of Object.entries(resource[section] ?? {})) checkProperty(`resources.${token}.${section}.${name}`, p, true);
    }
  }
  for (const token of expectedTokens) if (!(token in schema.resources)) problems.push(`resources.${token}: missing`);
  for (const [token, type] of Object.entries(schema.types)) {
    if (type.enum !== undefined && type.enum.length === 0) problems.push(`types.${token}: an enum without values`);
    for (const [name, p] of Object.entries(type.properties ?? {})) checkProperty(`types.${token}.properties.${name}`, p, true);
  }
  // Any `Any` the walk above cannot reach (a new place in the schema format) still fails.
  if (problems.length === 0 && JSON.stringify(schema).includes(ANY_REF)) problems.push(`${ANY_REF} appears in the schema`);
  return problems;
}
