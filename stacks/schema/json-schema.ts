/**
 * The published JSON Schema of a whole `Pulumi.<stack>.yaml`, generated from the same zod schema the stack
 * validates with (draft-07: what the YAML language server reads). The stack file's own keys (Pulumi's stack
 * settings: config, secretsprovider, encryptedkey, encryptionsalt, environment) are described loosely;
 * `config` holds every `crosscloud:*` key with its full schema, rejects any other `crosscloud:*` key, and leaves
 * other packages' keys (`aws:region`, …) free. Where a value may be a Pulumi secret, `{ secure: … }` is accepted.
 */
import { z } from "zod";
import { SECRET_CONFIG_KEYS } from "../secret-keys";
import { metaOf } from "./fields";
import { CONFIG_SECTIONS, SECTION_NAMES, configKey } from "./sections";

/** Where the generated file lives, relative to the package root. */
export const STACK_CONFIG_SCHEMA_FILE = "schema/stack-config.schema.json";

const secure = z.strictObject({ secure: z.string().describe("The ciphertext Pulumi wrote.") }).describe("A value set with `pulumi config set --secret`.");
const SECURE_JSON = z.toJSONSchema(secure, { target: "draft-07" }) as Record<string, unknown>;
delete SECURE_JSON.$schema;

const encryptableKeys = new Set(Object.keys(SECRET_CONFIG_KEYS).map(configKey));

function fileSchema() {
  const keys: Record<string, z.ZodType> = {};
  for (const name of SECTION_NAMES) keys[configKey(name)] = CONFIG_SECTIONS[name].optional();
  keys["aws:region"] = z.string().describe("The AWS provider's Region; when set it must equal crosscloud:network.aws.region.").optional();
  keys["azure-native:location"] = z.string().describe("The Azure provider's default location; when set it must equal crosscloud:network.azure.region.").optional();
  return z
    .object({
      config: z.object(keys).catchall(z.unknown()).describe("Stack configuration: crosscloud's keys, and other packages' keys (aws:region, …).").optional(),
      secretsprovider: z.string().describe("Pulumi: the stack's secrets provider.").optional(),
      encryptedkey: z.string().describe("Pulumi: the stack's encrypted data key.").optional(),
      encryptionsalt: z.string().describe("Pulumi: the passphrase provider's salt.").optional(),
      environment: z.union([z.string(), z.array(z.string())]).describe("Pulumi ESC environments the stack imports.").optional(),
    })
    .catchall(z.unknown())
    .describe("A crosscloud Pulumi stack settings file (Pulumi.<stack>.yaml).");
}

/** Replaces `json`'s content with `anyOf: [its content, { secure }]`, keeping its description outside. */
function allowSecure(json: Record<string, unknown>): void {
  // The override sees an optional field and its inner schema at the same place: wrap once.
  if (Array.isArray(json.anyOf) && json.anyOf.includes(SECURE_JSON)) return;
  const inner = { ...json };
  for (const k of Object.keys(json)) delete json[k];
  if (typeof inner.description === "string") json.description = inner.description;
  json.anyOf = [inner, SECURE_JSON];
}

/** The JSON Schema, as an object. */
export function stackConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fileSchema(), {
    target: "draft-07",
    io: "input",
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      const path = ctx.path;
      if (path.length === 2 && path[0] === "properties" && path[1] === "config") {
        const known = [...SECTION_NAMES.map(configKey)];
        json.propertyNames = { anyOf: [{ enum: known }, { not: { pattern: `^${configKey("")}` } }] };
        return;
      }
      const configProperty = path.length === 4 && path[0] === "properties" && path[1] === "config" && path[2] === "properties" ? String(path[3]) : undefined;
      if ((configProperty !== undefined && encryptableKeys.has(configProperty)) || (metaOf(ctx.zodSchema as unknown as z.ZodType).encryptable && configProperty === undefined)) allowSecure(json);
    },
  }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: "crosscloud stack settings (Pulumi.<stack>.yaml)", ...schema };
}

/** The file's text, as committed. */
export const stackConfigJsonSchemaText = (): string => `${JSON.stringify(stackConfigJsonSchema(), null, 2)}\n`;
