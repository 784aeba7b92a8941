/** The stack config: the interconnect joins the network config, route tables are keyed, and compositions check the plan's attachment. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import { runStackPreview } from "../../preview/stack";
import { PlanError } from "../../sdk";
import { RawStackConfig, parseStackConfig, rawConfigFromFile } from "../../stacks/config";

const root = path.join(__dirname, "../..");
const prod = (): RawStackConfig => rawConfigFromFile(path.join(root, "stacks/Pulumi.prod.yaml"), "prod");
const dev = (): RawStackConfig => rawConfigFromFile(path.join(root, "stacks/Pulumi.dev.yaml"), "dev");
const issuesOf = (raw: RawStackConfig) => parseStackConfig(raw, root).issues.map((i) => [i.path, i.code, i.message]);

describe("parseStackConfig", () => {
  it("puts crosscloud:interconnect into the network config, so the plan validates and plans it with everything else", () => {
    const { config, issues } = parseStackConfig(prod(), root);
    expect(issues).toEqual([]);
    expect(config?.network.interconnect?.directConnect).toMatchObject({ dxGatewayAsn: 64600, connectionId: "dxcon-fgq1w2e3", confirmHostedConnection: true, vlan: 200, peeringCidr: "192.168.100.8/30" });
    expect(parseStackConfig(dev(), root).config?.network.interconnect).toBeUndefined();
  });

  it("requires the interconnect's two sections for prod, and refuses it inside crosscloud:network", () => {
    expect(issuesOf({ ...prod(), interconnect: undefined })).toEqual([
      ["crosscloud:interconnect.expressRoute", "VALUE_REQUIRED", "the ExpressRoute circuit settings are required for prod"],
      ["crosscloud:interconnect.directConnect", "VALUE_REQUIRED", "the Direct Connect settings are required for prod"],
    ]);
    const raw = prod();
    expect(issuesOf({ ...raw, network: { ...(raw.network as object), interconnect: raw.interconnect } })).toEqual([
      ["crosscloud:network.interconnect", "VALUE_REQUIRED", "set the interconnect under crosscloud:interconnect, not inside crosscloud:network"],
    ]);
  });

  it("reads crosscloud:alarms, refusing unknown keys and bad values with their paths", () => {
    const alarms = { enabled: false, notifyEmails: ["noc@example.com"], thresholds: { awsEvaluationPeriods: 3 } };
    expect(parseStackConfig({ ...dev(), alarms }, root).config?.alarms).toEqual(alarms);
    expect(parseStackConfig(dev(), root).config?.alarms).toEqual({});
    expect(issuesOf({ ...dev(), alarms: { enable: false, snsTopicArn: 7, notifyEmails: "noc@example.com", thresholds: { azureSeverity: 9 } } })).toEqual([
      ["crosscloud:alarms.enable", "VALUE_REQUIRED", "unknown key; use enabled, snsTopicArn, actionGroupId, notifyEmails, thresholds"],
      ["crosscloud:alarms.snsTopicArn", "VALUE_REQUIRED", "a string is required"],
      ["crosscloud:alarms.notifyEmails", "VALUE_REQUIRED", "a list of email addresses is required"],
      ["crosscloud:alarms.thresholds.azureSeverity", "VALUE_REQUIRED", "9 is not valid: Azure alert severities are 0 (critical) to 4 (verbose)"],
    ]);
  });

  it("takes an existing VPC's route tables keyed, never as a list", () => {
    const existing = (routeTableIds: unknown) => ({ ...dev(), existing: { vpcs: { app: { vpcId: "vpc-1", subnetIds: {}, routeTableIds } } } });
    expect(issuesOf(existing({ private: "rtb-1", public: "rtb-2" }))).toEqual([]);
    expect(issuesOf(existing(["rtb-1", "rtb-2"]))).toEqual([
      ["crosscloud:existing.vpcs.app.routeTableIds", "VALUE_REQUIRED", "a map of route table ids keyed by a stable slug is required (e.g. private: rtb-0123…)"],
    ]);
  });
});

describe("compositions and the plan's attachment", () => {
  it("refuses a dev config whose VPN the plan puts on a transit gateway, at the config path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-config-"));
    try {
      const file = path.join(dir, "Pulumi.dev.yaml");
      const cfg = { ...(rawToFile(dev())), "crosscloud:network": { ...(dev().network as object), vpn: { layout: "dev", attachment: "tgw" } } };
      fs.writeFileSync(file, stringifyYaml({ config: cfg }));
      const error = await runStackPreview({ stack: "dev", config: file, policy: false }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toContain(
        new PlanError([{ path: "crosscloud:network.vpn.attachment", code: "VPN_LAYOUT", message: `the dev composition terminates the VPN on a VGW on its VPC; "tgw" is not supported, use "vgw"` }], `crosscloud stack "dev" config`).message,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** A raw config back in Pulumi.<stack>.yaml form (the keys the stack reads). */
function rawToFile(raw: RawStackConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { "aws:region": "us-east-1", "azure-native:location": "eastus" };
  for (const [k, v] of Object.entries(raw)) if (k !== "stack" && v !== undefined) out[`crosscloud:${k}`] = v;
  return out;
}
