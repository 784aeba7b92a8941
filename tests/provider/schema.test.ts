/**
 * The multi-language package's schema: inferred from the components' TypeScript types exactly as the
 * plugin host infers it, equal to the committed schema.json, and fit to generate SDKs from (no `Any`,
 * every component, every property typed and described, enums as enums).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { TYPE } from "../../components";
import { ANY_REF, COMPONENTS, PACKAGE_NAME, PackageSchema, SCHEMA_FILE, formatSchema, inferSchema, packageRoot, schemaProblems } from "../../provider";
import { BgpCarrier, ExpressRouteGatewaySku, ExpressRouteSkuFamily, ExpressRouteSkuTier, IpsecProfileName, VpnAttachment, VpnGatewaySku, VpnLayout } from "../../sdk";

const root = packageRoot();
const token = (name: string) => `${PACKAGE_NAME}:index:${name}`;
const ref = (name: string) => `#/types/${token(name)}`;

describe("package schema", () => {
  let schema: PackageSchema;
  beforeAll(async () => {
    schema = await inferSchema(root);
  }, 300_000);

  it("is exactly what schema.json holds (after changing a component, run `npm run schema` and commit the result)", () => {
    const committed = fs.readFileSync(path.join(root, SCHEMA_FILE), "utf8");
    // Object first for a readable diff, then the text, so `npm run schema` would leave the file untouched.
    expect(schema).toEqual(JSON.parse(committed));
    expect(formatSchema(schema)).toBe(committed);
  });

  it("has no Any anywhere, and every component, input and output typed and described", () => {
    expect(schemaProblems(schema, Object.values(TYPE))).toEqual([]);
    expect(JSON.stringify(schema)).not.toContain(ANY_REF);
  });

  it("lists every component under crosscloud:index:<Class>: the type tokens, this package's list and what the language host finds agree", () => {
    const tokens = Object.values(TYPE).sort();
    expect(Object.keys(schema.resources).sort()).toEqual(tokens);
    expect(COMPONENTS.map((c) => token(c.name)).sort()).toEqual(tokens);
    // @pulumi/pulumi's plugin runner serves the ComponentResource classes the package's main module exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(getPulumiComponents(require("../../index")).map((c) => token(c.name)).sort()).toEqual(tokens);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
    expect([schema.name, schema.version]).toEqual([manifest.name, manifest.version]);
  });

  it("turns each string union into a schema enum with the same values, and the args refer to it", () => {
    const enums = { VpnLayout, VpnAttachment, VpnGatewaySku, IpsecProfileName, ExpressRouteSkuTier, ExpressRouteSkuFamily, ExpressRouteGatewaySku, BgpCarrier };
    for (const [name, values] of Object.entries(enums)) {
      const type = schema.types[token(name)];
      expect([name, type?.type, type?.enum?.map((m) => [m.name, m.value])]).toEqual([name, "string", Object.entries(values)]);
    }
    const vpn = schema.resources[token("SiteToSiteVpn")]?.inputProperties ?? {};
    expect([vpn["layout"]?.$ref, vpn["attachment"]?.$ref, vpn["gatewaySku"]?.$ref, vpn["ipsecProfile"]?.$ref]).toEqual([
      ref("VpnLayout"),
      ref("VpnAttachment"),
      ref("VpnGatewaySku"),
      ref("IpsecProfileName"),
    ]);
    const er = schema.types[token("ExpressRouteArgs")]?.properties ?? {};
    expect([er["skuTier"]?.$ref, er["skuFamily"]?.$ref, er["gatewaySku"]?.$ref]).toEqual([ref("ExpressRouteSkuTier"), ref("ExpressRouteSkuFamily"), ref("ExpressRouteGatewaySku")]);
    expect(schema.resources[token("BgpSession")]?.properties?.["carrier"]?.$ref).toBe(ref("BgpCarrier"));
  });

  it("exposes sessions as plain data and keeps internal state out of the outputs", () => {
    for (const name of ["SiteToSiteVpn", "ExpressRouteInterconnect"]) {
      expect(schema.resources[token(name)]?.properties?.["bgpSessions"]?.additionalProperties?.$ref).toBe(ref("BgpSessionInfo"));
    }
    expect(schema.resources[token("VpnTunnel")]?.properties?.["bgpSession"]?.$ref).toBe(ref("BgpSessionInfo"));
    expect(Object.keys(schema.types[token("BgpSessionInfo")]?.properties ?? {}).sort()).toEqual(
      ["acceptedPrefixes", "advertisedPrefixes", "carrier", "holdTimeSeconds", "localAddress", "localAsn", "peerAddress", "peerAsn"],
    );
    // The hub's attach state (names in use, route table objects) and every component's plan stay out.
    expect(Object.keys(schema.resources[token("TransitGatewayHub")]?.properties ?? {}).sort()).toEqual([
      "amazonSideAsn",
      "interconnectAttachmentIds",
      "interconnectRouteTableId",
      "spokeAttachmentIds",
      "spokesRouteTableId",
      "transitGatewayArn",
      "transitGatewayId",
    ]);
    for (const [t, resource] of Object.entries(schema.resources)) expect([t, "plan" in (resource.properties ?? {})]).toEqual([t, false]);
    // No output refers to a resource (ours or a cloud's): only ids and plain data cross the language boundary.
    expect(JSON.stringify(schema)).not.toMatch(/schema\.json#\/resources\/|#\/resources\//);
  });
});

describe("schemaProblems", () => {
  // A one-component package in a scratch directory, run through the same inference: what `npm run schema`
  // would face if someone wrote `extends Omit<…>` (silently Any) or left a property undocumented.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-schema-fixture-"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fixture", version: "1.0.0" }));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, types: [], skipLibCheck: true }, files: ["index.ts"] }));
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      `import * as pulumi from "@pulumi/pulumi";
interface Base {
  /** Kept. */
  readonly kept: string;
  /** Dropped. */
  readonly dropped: number;
}
/** Args. */
export interface WidgetArgs extends Omit<Base, "dropped"> {
  readonly undocumented: boolean;
}
/** A widget. */
export class Widget extends pulumi.ComponentResource {
  /** Its id. */
  public readonly widgetId: pulumi.Output<string>;
  constructor(name: string, args: WidgetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fixture:index:Widget", name, {}, opts);
    this.widgetId = pulumi.output(args.kept);
  }
}
`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names the Any that `extends Omit<…>` produces, a property without a doc comment, and a missing component", async () => {
    class Widget extends pulumi.ComponentResource {}
    const fixture = JSON.parse(await new ComponentProvider({ components: [Widget], dirname: dir, name: "fixture" }).getSchema()) as PackageSchema;
    expect(schemaProblems(fixture, ["fixture:index:Widget", "fixture:index:Gadget"])).toEqual([
      "resources.fixture:index:Widget.inputProperties.undocumented: no description (add a doc comment)",
      // Through Omit the property loses its type and its doc comment alike.
      "resources.fixture:index:Widget.inputProperties.kept: no description (add a doc comment)",
      "resources.fixture:index:Widget.inputProperties.kept: pulumi.json#/Any (an untyped value; see issue 11 for the forms schema inference reads)",
      "resources.fixture:index:Gadget: missing",
    ]);
  }, 120_000);
});
