import * as path from "node:path";
import { CheckInputError } from "../../check/resource-data";
import { detectFormat, loadResources, resourcesFromDocument } from "../../check/resources";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../../check/wire";

const FIXTURES = path.resolve(__dirname, "../fixtures/analyzer");
const fixture = (name: string) => path.join(FIXTURES, name);

const S = "urn:pulumi:dev::crosscloud::";
const STACK = `${S}pulumi:pulumi:Stack::crosscloud-dev`;
const PROVIDER = `${S}pulumi:providers:aws::default_7_48_0`;
const HUB = `${S}crosscloud:index:TransitGatewayHub::hub`;
const TGW = `${S}crosscloud:index:TransitGatewayHub$aws:ec2transitgateway/transitGateway:TransitGateway::hub-tgw`;
const DEFAULT_ROUTE = `${S}crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-default`;
const VPN = `${S}aws:ec2/vpnConnection:VpnConnection::vpn-east`;
const UNKNOWN_SECRET = { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_VALUE };

describe("detectFormat", () => {
  it("tells a plan.json from a stack export by their top-level keys", () => {
    expect(detectFormat({ stack: "dev", resources: [], violations: [], outputs: {} })).toBe("plan");
    expect(detectFormat({ version: 3, deployment: { resources: [] } })).toBe("stack-export");
  });

  it("recognises neither a bare array, a Pulumi.yaml-like object nor a plan without resources", () => {
    expect(detectFormat([])).toBeUndefined();
    expect(detectFormat({ name: "crosscloud", runtime: "nodejs" })).toBeUndefined();
    expect(detectFormat({ stack: "dev" })).toBeUndefined();
  });
});

describe("resourcesFromDocument: errors name the file and what was expected", () => {
  it("rejects an unrecognised document", () => {
    expect(() => resourcesFromDocument({ hello: "world" }, "x.json")).toThrow(
      new CheckInputError(
        "x.json",
        'unrecognised format: expected a crosscloud plan.json (top-level "stack" string and "resources" array) ' +
          'or a `pulumi stack export` file (top-level "version": 3 and "deployment" object)',
      ),
    );
  });

  it("rejects a stack export of another checkpoint version", () => {
    expect(() => resourcesFromDocument({ version: 2, deployment: {} }, "old.json")).toThrow(
      "old.json: stack export version 2 is not supported (expected 3, what `pulumi stack export` writes)",
    );
  });

  it("rejects a plan resource without a URN", () => {
    expect(() => resourcesFromDocument({ stack: "dev", resources: [{ type: "aws:ec2/route:Route" }] }, "plan.json")).toThrow(
      "plan.json: resources[0].urn must be a URN string (urn:pulumi:<stack>::<project>::<type>::<name>)",
    );
  });

  it("rejects an export naming a provider it does not contain", () => {
    const doc = {
      version: 3,
      deployment: { resources: [{ urn: DEFAULT_ROUTE, type: "aws:ec2/route:Route", custom: true, provider: `${PROVIDER}::abc` }] },
    };
    expect(() => resourcesFromDocument(doc, "e.json")).toThrow(
      `e.json: ${DEFAULT_ROUTE}: its provider ${PROVIDER}::abc is not among the exported resources`,
    );
  });

  it("rejects an unknown wire signature instead of passing it to the pack", () => {
    const doc = {
      version: 3,
      deployment: { resources: [{ urn: VPN, type: "t:m:T", custom: true, outputs: { a: { [SIG_KEY]: "nope" } } }] },
    };
    expect(() => resourcesFromDocument(doc, "e.json")).toThrow(
      `e.json: ${VPN}: unknown value signature "nope" at outputs.a (expected a secret, asset, archive or resource reference)`,
    );
  });

  it("names the file when it is not JSON at all", async () => {
    await expect(loadResources(fixture("probe-pack.ts"))).rejects.toThrow(/^.*probe-pack\.ts: is not JSON \(/);
  });
});

describe("stack export conversion", () => {
  it("keeps every resource of the new state, root stack and provider included, but not pending deletions", async () => {
    const loaded = await loadResources(fixture("stack-export-default-route.json"));
    expect(loaded.format).toBe("stack-export");
    expect(loaded.stack).toBe("dev");
    expect(loaded.resources.map((r) => r.urn)).toEqual([
      STACK,
      PROVIDER,
      HUB,
      TGW,
      `${S}crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-to-azure`,
      DEFAULT_ROUTE,
      VPN,
    ]);
  });

  it("sends outputs without top-level internal keys, the URN's name, links and the provider's inputs", async () => {
    const { resources } = await loadResources(fixture("stack-export-default-route.json"));
    expect(resources.find((r) => r.urn === DEFAULT_ROUTE)).toEqual({
      urn: DEFAULT_ROUTE,
      type: "aws:ec2/route:Route",
      name: "hub-spoke-a-default",
      properties: {
        destinationCidrBlock: "0.0.0.0/0",
        routeTableId: "rtb-0a1b2c3d4e5f60002",
        transitGatewayId: "tgw-0a1b2c3d4e5f60001",
        id: "r-rtb-0a1b2c3d4e5f600021080289495",
        origin: "CreateRoute",
        state: "active",
      },
      parent: HUB,
      dependencies: [TGW],
      // routeTableId depends on nothing, so (like the engine) it is left out.
      propertyDependencies: { transitGatewayId: [TGW] },
      options: {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
      },
      provider: {
        urn: PROVIDER,
        type: "pulumi:providers:aws",
        name: "default_7_48_0",
        properties: { region: "us-east-1", version: "7.48.0" },
      },
    });
    expect(resources.find((r) => r.urn === TGW)?.options.protect).toBe(true);
  });

  it("turns a ciphertext secret into a secret whose value is unknown, and keeps additionalSecretOutputs", async () => {
    const { resources } = await loadResources(fixture("stack-export-default-route.json"));
    const vpn = resources.find((r) => r.urn === VPN);
    expect(vpn?.properties.tunnel1PresharedKey).toEqual(UNKNOWN_SECRET);
    expect(vpn?.options.additionalSecretOutputs).toEqual(["tunnel1PresharedKey"]);
  });

  it("decodes a --show-secrets plaintext into a secret holding the value, nested wire values included", () => {
    const plaintext = JSON.stringify({ key: "s3cr3t", ref: { [SIG_KEY]: "5cf8f73096256a8f31e491e813e4eb8e", urn: TGW, id: "tgw-1" } });
    const doc = {
      version: 3,
      deployment: { resources: [{ urn: VPN, type: "t:m:T", custom: true, outputs: { psk: { [SIG_KEY]: SECRET_SIG, plaintext } } }] },
    };
    expect(resourcesFromDocument(doc, "e.json").resources[0]?.properties).toEqual({
      psk: { [SIG_KEY]: SECRET_SIG, value: { key: "s3cr3t", ref: "tgw-1" } },
    });
  });

  it("downgrades resource references to the ID, or the URN for components, as the engine does without KeepResources", () => {
    const ref = (extra: object) => ({ [SIG_KEY]: "5cf8f73096256a8f31e491e813e4eb8e", urn: HUB, ...extra });
    const doc = {
      version: 3,
      deployment: { resources: [{ urn: VPN, type: "t:m:T", custom: true, outputs: { custom: ref({ id: "tgw-1" }), component: ref({}) } }] },
    };
    expect(resourcesFromDocument(doc, "e.json").resources[0]?.properties).toEqual({ custom: "tgw-1", component: HUB });
  });
});

describe("plan.json conversion", () => {
  /** The fixture's VPN pins one IKE proposal per tunnel (inputs and outputs), as the real pack requires. */
  const IKE_LISTS = {
    IkeVersions: ["ikev2"],
    Phase1EncryptionAlgorithms: ["AES256"],
    Phase1IntegrityAlgorithms: ["SHA2-256"],
    Phase1DhGroupNumbers: [14],
    Phase2EncryptionAlgorithms: ["AES256"],
    Phase2IntegrityAlgorithms: ["SHA2-256"],
    Phase2DhGroupNumbers: [14],
  };
  const PINNED_IKE = Object.fromEntries([1, 2].flatMap((n) => Object.entries(IKE_LISTS).map(([k, v]) => [`tunnel${n}${k}`, v])));

  it("merges inputs with outputs, outputs winning, and maps every [secret] to a secret of unknown value", async () => {
    const loaded = await loadResources(fixture("plan-default-route.json"));
    expect(loaded.format).toBe("plan");
    const vpn = loaded.resources.find((r) => r.urn === VPN);
    expect(vpn?.properties).toEqual({
      type: "ipsec.1",
      transitGatewayId: "tgw-0a1b2c3d4e5f60001",
      tunnel1PresharedKey: UNKNOWN_SECRET,
      id: "vpn-0a1b2c3d4e5f60003",
      tunnel1InsideCidr: "169.254.21.0/30",
      ...PINNED_IKE,
    });
    expect(JSON.stringify(loaded.resources)).not.toContain("[secret]");
  });

  it("keeps a key secret when its input was secret even if the output shows a value", () => {
    const doc = {
      stack: "dev",
      resources: [{ urn: VPN, type: "t:m:T", name: "vpn-east", inputs: { psk: "[secret]", nested: { a: ["[secret]", 1] } }, outputs: { psk: "leaked" } }],
    };
    const vpn = resourcesFromDocument(doc, "plan.json").resources.find((r) => r.urn === VPN);
    expect(vpn?.properties).toEqual({ psk: UNKNOWN_SECRET, nested: { a: [UNKNOWN_SECRET, 1] } });
  });

  it("sends a dry run's [unknown] as the engine's unknown value", () => {
    const doc = { stack: "dev", resources: [{ urn: VPN, type: "t:m:T", name: "vpn-east", inputs: { a: "x" }, outputs: { tunnel1Address: "[unknown]", list: ["[unknown]"] } }] };
    const vpn = resourcesFromDocument(doc, "plan.json").resources.find((r) => r.urn === VPN);
    expect(vpn?.properties).toEqual({ a: "x", tunnel1Address: UNKNOWN_VALUE, list: [UNKNOWN_VALUE] });
  });

  it("adds the root stack resource the engine always sends, holding the stack outputs", async () => {
    const { resources } = await loadResources(fixture("plan-default-route.json"));
    expect(resources[0]).toEqual({
      urn: STACK,
      type: "pulumi:pulumi:Stack",
      name: "crosscloud-dev",
      properties: { transitGatewayId: "tgw-0a1b2c3d4e5f60001" },
      parent: "",
      dependencies: [],
      propertyDependencies: {},
      options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [], customTimeouts: { create: 0, update: 0, delete: 0 } },
    });
    expect(resources.map((r) => r.urn).slice(1)).toEqual([
      HUB,
      TGW,
      `${S}crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-to-azure`,
      DEFAULT_ROUTE,
      VPN,
    ]);
    expect(resources.find((r) => r.urn === DEFAULT_ROUTE)).toMatchObject({ parent: HUB, dependencies: [TGW], name: "hub-spoke-a-default" });
  });

  it("does not add a second root stack when the plan lists one", () => {
    const doc = { stack: "dev", resources: [{ urn: STACK, type: "pulumi:pulumi:Stack", name: "crosscloud-dev", outputs: { a: 1 } }], outputs: { a: 1 } };
    expect(resourcesFromDocument(doc, "plan.json").resources.map((r) => r.urn)).toEqual([STACK]);
  });
});
