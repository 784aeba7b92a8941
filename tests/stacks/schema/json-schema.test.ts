/**
 * The published JSON Schema (schema/stack-config.schema.json): generated from the zod schema, committed as
 * generated, and checked by an independent validator (ajv, draft-07, the draft the YAML language server reads)
 * against both sample stacks and against mistakes the zod schema refuses.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { STACK_CONFIG_SCHEMA_FILE, stackConfigJsonSchemaText } from "../../../stacks/schema/json-schema";

const root = path.join(__dirname, "../../..");
const committed = fs.readFileSync(path.join(root, STACK_CONFIG_SCHEMA_FILE), "utf8");
const sample = (stack: string): { config: Record<string, unknown> } => parseYaml(fs.readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(committed) as object);
const errors = (doc: unknown): string[] => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`));

/** A sample with one change made by `edit` on its config. */
function edited(stack: string, edit: (config: Record<string, unknown>) => void): unknown {
  const doc = sample(stack);
  edit(doc.config);
  return doc;
}
const network = (c: Record<string, unknown>) => c["crosscloud:network"] as Record<string, Record<string, unknown>>;

describe("schema/stack-config.schema.json", () => {
  it("is what `npm run config-schema` writes from the zod schema", () => {
    expect(committed).toBe(stackConfigJsonSchemaText());
  });

  it("is draft-07, which the YAML language server reads", () => {
    expect((JSON.parse(committed) as { $schema: string }).$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("accepts both sample stacks, and the samples point editors at it", () => {
    for (const stack of ["dev", "prod"]) {
      expect([stack, errors(sample(stack))]).toEqual([stack, []]);
      expect(fs.readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/stack-config.schema.json");
    }
  });

  it("rejects an unknown crosscloud:* key and leaves other packages' keys free", () => {
    expect(errors(edited("dev", (c) => (c["crosscloud:netwrok"] = {})))).toEqual(expect.arrayContaining(["/config propertyNames {\"propertyName\":\"crosscloud:netwrok\"}"]));
    expect(errors(edited("dev", (c) => (c["aws:skipCredentialsValidation"] = true)))).toEqual([]);
  });

  it("rejects an unknown key deep inside, a wrong type, an out-of-range value and a plaintext PSK", () => {
    expect(errors(edited("dev", (c) => (network(c).aws = { ...network(c).aws, vpcs: { app: { cdir: "10.1.0.0/16" } } })))).toEqual([
      '/config/crosscloud:network/aws/vpcs/app additionalProperties {"additionalProperty":"cdir"}',
    ]);
    expect(errors(edited("dev", (c) => (network(c).aws = { ...network(c).aws, asn: "64512" })))).toEqual(['/config/crosscloud:network/aws/asn type {"type":"integer"}']);
    expect(errors(edited("dev", (c) => (network(c).aws = { ...network(c).aws, vpcs: { app: { prefixLength: 15 } } })))).toEqual([
      '/config/crosscloud:network/aws/vpcs/app/prefixLength minimum {"comparison":">=","limit":16}',
    ]);
    expect(errors(edited("dev", (c) => (network(c).vpn = { ...network(c).vpn, preSharedKey: "Sup3rS3cret" })))).toEqual(['/config/crosscloud:network/vpn/preSharedKey not {}']);
    expect(errors(edited("prod", (c) => ((c["crosscloud:interconnect"] as Record<string, Record<string, unknown>>).expressRoute!.bandwidthInMbps = "1 Gbps")))).toEqual(
      expect.arrayContaining(['/config/crosscloud:interconnect/expressRoute/bandwidthInMbps type {"type":"number"}']),
    );
  });

  it("accepts Pulumi secrets where a value may be secret, and only there", () => {
    expect(errors(edited("dev", (c) => (c["crosscloud:azure"] = { resourceGroupName: "rg", subscriptionId: { secure: "v1:abc" } })))).toEqual([]);
    expect(errors(edited("dev", (c) => (c["crosscloud:azure"] = { secure: "v1:abc" })))).toEqual([]);
    expect(errors(edited("dev", (c) => (c["crosscloud:network"] = { secure: "v1:abc" })))).not.toEqual([]);
  });
});
