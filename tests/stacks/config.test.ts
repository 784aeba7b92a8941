/** The stack config: one pass over shape, plan, interconnect and composition, at config paths. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import { runStackPreview } from "../../preview/stack";
import { PlanError } from "../../sdk";
import { StackConfigInput, configPathOf, fromEngineValue, readStackConfigFile, validateStackConfig } from "../../stacks/config";

const root = path.join(__dirname, "../..");
const prod = (): StackConfigInput => readStackConfigFile(path.join(root, "stacks/Pulumi.prod.yaml"), "prod");
const dev = (): StackConfigInput => readStackConfigFile(path.join(root, "stacks/Pulumi.dev.yaml"), "dev");
const withValues = (input: StackConfigInput, values: Record<string, unknown>): StackConfigInput => ({ ...input, values: { ...input.values, ...values } });
const issuesOf = (input: StackConfigInput) => validateStackConfig(input, root).issues.map((i) => [i.path, i.code, i.message]);
const codesOf = (input: StackConfigInput) => validateStackConfig(input, root).issues.map((i) => [i.path, i.code]);
const net = (input: StackConfigInput): Record<string, unknown> => structuredClone(input.values["crosscloud:network"]) as Record<string, unknown>;

describe("validateStackConfig", () => {
  it("accepts both samples, puts crosscloud:interconnect into the network config and plans it", () => {
    const { config, plan, issues } = validateStackConfig(prod(), root);
    expect(issues).toEqual([]);
    expect(config?.network.interconnect?.directConnect).toMatchObject({ dxGatewayAsn: 64600, connectionId: "dxcon-fgq1w2e3", confirmHostedConnection: true, vlan: 200, peeringCidr: "192.168.100.8/30" });
    expect(config?.network.dns).toMatchObject({ privateLinkZones: ["privatelink.blob.core.windows.net", "privatelink.database.windows.net"], createPrivateLinkZones: true });
    expect(Object.keys(config?.failover?.services ?? {})).toEqual(["payments-api"]);
    expect(config?.alarms).toEqual({});
    expect(plan?.interconnect?.directConnect.dxGatewayAsn).toBe(64600);
    const d = validateStackConfig(dev(), root);
    expect(d.issues).toEqual([]);
    expect(d.config?.network.interconnect).toBeUndefined();
    expect(d.config?.profile).toBe("dev");
  });

  it("requires the interconnect for prod and refuses it for dev and inside crosscloud:network", () => {
    const noIc = prod();
    const values = { ...noIc.values };
    delete values["crosscloud:interconnect"];
    expect(issuesOf({ ...noIc, values })).toEqual([
      ["crosscloud:interconnect", "VALUE_REQUIRED", "the prod composition needs the ExpressRoute and Direct Connect settings (expressRoute, directConnect)"],
    ]);
    expect(codesOf(withValues(dev(), { "crosscloud:interconnect": prod().values["crosscloud:interconnect"] }))).toEqual([["crosscloud:interconnect", "OPTION_CONFLICT"]]);
    const p = prod();
    expect(issuesOf(withValues(p, { "crosscloud:network": { ...net(p), interconnect: p.values["crosscloud:interconnect"] } }))).toEqual([
      ["crosscloud:network.interconnect", "UNKNOWN_KEY", '"interconnect" does not belong here: the interconnect is its own key: move it to crosscloud:interconnect'],
    ]);
  });

  it("reports a shape error, a plan error and an interconnect error of one config together", () => {
    const p = prod();
    const network = net(p);
    (network.dns as Record<string, unknown>).inboundEndpoint = true; // shape: misspelt key
    (network.azure as Record<string, unknown>).vnets = { hub: { addressSpace: "10.0.0.0/16" } }; // plan: overlaps the AWS block
    const ic = structuredClone(p.values["crosscloud:interconnect"]) as { expressRoute: Record<string, unknown> };
    ic.expressRoute.peerAsn = 65515; // interconnect: an ASN Azure reserves
    expect(codesOf(withValues(p, { "crosscloud:network": network, "crosscloud:interconnect": ic }))).toEqual(
      expect.arrayContaining([
        ["crosscloud:network.dns.inboundEndpoint", "UNKNOWN_KEY"],
        ["crosscloud:network.azure.vnets.hub", "CIDR_OVERLAP"],
        ["crosscloud:interconnect.expressRoute.peerAsn", "ASN_RESERVED"],
      ]),
    );
  });

  it("does not let a shape error in one subtree hide plan errors in another, nor report plan noise about the bad part", () => {
    const p = prod();
    const network = net(p);
    (network.aws as Record<string, unknown>).asn = "64512"; // quoted
    (network.vpn as Record<string, unknown>).layout = "active-standby";
    (network.azure as Record<string, unknown>).asn = 65517; // reserved
    const issues = issuesOf(withValues(p, { "crosscloud:network": network }));
    expect(issues.map(([p, c]) => [p, c])).toEqual([
      ["crosscloud:network.aws.asn", "TYPE_INVALID"],
      ["crosscloud:network.vpn.layout", "VALUE_INVALID"],
      ["crosscloud:network.azure.asn", "ASN_RESERVED"],
    ]);
    expect(issues[0]?.[2]).toBe('expected a number, got the string "64512"; an ASN is a number: write the number without quotes');
    expect(issues[1]?.[2]).toContain('"active-standby" is not a layout: an active-standby Azure gateway is not supported');
  });

  it("names an empty vpcs map, not a missing VPC", () => {
    const d = dev();
    const network = net(d);
    (network.aws as Record<string, unknown>).vpcs = {};
    expect(codesOf(withValues(d, { "crosscloud:network": network }))).toEqual([["crosscloud:network.aws.vpcs", "VALUE_REQUIRED"]]);
  });

  it("checks the providers' regions against the plan's", () => {
    expect(codesOf(withValues(dev(), { "aws:region": "us-west-2", "azure-native:location": "East US" }))).toEqual([["aws:region", "REGION_MISMATCH"]]);
  });

  it("takes an existing VPC's route tables keyed, never as a list, and matches existing networks to the plan's", () => {
    const d = dev();
    const pinned = net(d);
    (pinned.aws as { vpcs: Record<string, unknown> }).vpcs = { app: { cidr: "10.0.0.0/20" } };
    const existing = (routeTableIds: unknown, key = "app") =>
      withValues(d, { "crosscloud:network": pinned, "crosscloud:existing": { vpcs: { [key]: { vpcId: "vpc-0abc", subnetIds: { "private-a": "subnet-1", "private-b": "subnet-2" }, routeTableIds } } } });
    expect(issuesOf(existing({ private: "rtb-01", public: "rtb-02" }))).toEqual([]);
    expect(issuesOf(existing(["rtb-01", "rtb-02"]))).toEqual([
      [
        "crosscloud:existing.vpcs.app.routeTableIds",
        "TYPE_INVALID",
        "expected a map of keys to values, got a list of 2; give a map keyed by a stable slug, e.g. private: rtb-0123… (a list would name the resources built per route table by position)",
      ],
    ]);
    expect(codesOf(existing({ private: "rtb-01" }, "ap"))).toEqual([["crosscloud:existing.vpcs.ap", "UNKNOWN_KEY"]]);
    expect(codesOf(withValues(d, { "crosscloud:existing": { vpcs: { app: { vpcId: "vpc-0abc", subnetIds: {}, routeTableIds: {} } } } }))).toEqual([
      ["crosscloud:network.aws.vpcs.app.cidr", "VALUE_REQUIRED"],
      ["crosscloud:existing.vpcs.app.subnetIds", "VALUE_REQUIRED"],
      ["crosscloud:existing.vpcs.app.subnetIds", "VALUE_REQUIRED"],
    ]);
  });

  it("maps plan paths to config paths", () => {
    expect(configPathOf("vpn.layout")).toBe("crosscloud:network.vpn.layout");
    expect(configPathOf("interconnect.expressRoute.bandwidthInMbps")).toBe("crosscloud:interconnect.expressRoute.bandwidthInMbps");
  });

  it("reads engine values as the program does: maps and lists as JSON, anything else as the string", () => {
    expect(fromEngineValue('{"a":1}')).toEqual({ a: 1 });
    expect(fromEngineValue("[1]")).toEqual([1]);
    expect(fromEngineValue("65010")).toBe("65010");
    expect(fromEngineValue("{not json")).toBe("{not json");
  });

  it("reads a stack file's encrypted values as unreadable, and its secret keys as secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-config-"));
    try {
      const file = path.join(dir, "Pulumi.dev.yaml");
      const values = { ...dev().values, "crosscloud:azure": { resourceGroupName: "rg", subscriptionId: { secure: "v1:abc" } } };
      fs.writeFileSync(file, stringifyYaml({ config: values }));
      const input = readStackConfigFile(file, "dev");
      expect(input.encrypted).toEqual(["crosscloud:azure.subscriptionId"]);
      expect(input.secretKeys).toEqual(["azure"]);
      const result = validateStackConfig(input, root);
      expect([result.issues, result.unchecked, result.config]).toEqual([[], ["crosscloud:azure.subscriptionId"], undefined]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const overlay = (): StackConfigInput => readStackConfigFile(path.join(root, "stacks/Pulumi.overlay.yaml"), "overlay");
const section = (input: StackConfigInput, key: string): Record<string, unknown> => structuredClone(input.values[key]) as Record<string, unknown>;

describe("crosscloud:alarms", () => {
  it("reads the section, refusing unknown keys, wrong types and bad values at their paths, in one pass", () => {
    const alarms = { enabled: false, notifyEmails: ["noc@example.com"], thresholds: { awsEvaluationPeriods: 3 } };
    expect(validateStackConfig(withValues(dev(), { "crosscloud:alarms": alarms }), root).config?.alarms).toEqual(alarms);
    expect(codesOf(withValues(dev(), { "crosscloud:alarms": { enable: false, snsTopicArn: 7, notifyEmails: "noc@example.com", thresholds: { azureSeverity: 9, awsPeriodSeconds: 90 } } }))).toEqual([
      ["crosscloud:alarms.snsTopicArn", "TYPE_INVALID"],
      ["crosscloud:alarms.notifyEmails", "TYPE_INVALID"],
      ["crosscloud:alarms.enable", "UNKNOWN_KEY"],
      ["crosscloud:alarms.thresholds.awsPeriodSeconds", "VALUE_REQUIRED"],
      ["crosscloud:alarms.thresholds.azureSeverity", "VALUE_REQUIRED"],
    ]);
    expect(issuesOf(withValues(dev(), { "crosscloud:alarms": { snsTopicArn: "health" } }))).toEqual([
      ["crosscloud:alarms.snsTopicArn", "VALUE_INVALID", '"health" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)'],
    ]);
  });
});

describe("crosscloud:failover", () => {
  it("checks the section's shape, its fit with the plan and Route 53's rules in the same pass as the network", () => {
    const p = prod();
    const f = section(p, "crosscloud:failover") as { zone: string; services: Record<string, Record<string, Record<string, unknown>>> };
    const svc = f.services["payments-api"] as Record<string, Record<string, unknown>>;
    f.zone = "other.example.internal"; // not forwarded from Azure
    (svc["primary"] as Record<string, unknown>)["target"] = "10.200.0.10"; // outside every planned network
    (svc["secondary"] as Record<string, unknown>)["reachability"] = "vpns"; // neither "vpn" nor alarms
    svc["ttl"] = -5 as unknown as Record<string, unknown>; // Route 53's rule, from the sdk
    const network = net(p);
    (network.aws as Record<string, unknown>).asn = "64512"; // and a network shape error, reported with them
    expect(codesOf(withValues(p, { "crosscloud:failover": f, "crosscloud:network": network }))).toEqual([
      ["crosscloud:network.aws.asn", "TYPE_INVALID"],
      ["crosscloud:failover.services.payments-api.secondary.reachability", "TYPE_INVALID"],
      ["crosscloud:failover.zone", "DNS_NAME_INVALID"],
      ["crosscloud:failover.services.payments-api.primary.target", "FAILOVER_TARGET_INVALID"],
      ["crosscloud:failover.services.payments-api.ttl", "TTL_RANGE"],
    ]);
  });

  it("applies the component's own checks to reachability: vpn (the VPN connections' alarms)", () => {
    const p = prod();
    const f = section(p, "crosscloud:failover") as { services: Record<string, Record<string, Record<string, unknown>>> };
    const svc = f.services["payments-api"] as Record<string, Record<string, unknown>>;
    svc["mode"] = "weighted" as unknown as Record<string, unknown>;
    (svc["primary"] as Record<string, unknown>)["weight"] = 300;
    expect(issuesOf(withValues(p, { "crosscloud:failover": f }))).toEqual([
      ["crosscloud:failover.services.payments-api.primary.weight", "WEIGHT_INVALID", "300 is outside 0–255, the weights Route 53 accepts"],
    ]);
  });
});

describe("the overlay profile", () => {
  it("validates crosscloud:overlay and plans it, with the registry, in the same pass", () => {
    const { overlay: config, overlayPlan, config: networkConfig, issues } = validateStackConfig(overlay(), root);
    expect(issues).toEqual([]);
    expect(networkConfig).toBeUndefined();
    expect(config?.network.environment).toBe("overlay");
    expect(config?.network.registry).toBeDefined();
    expect(config?.sshPublicKey).toMatch(/^ssh-ed25519 /);
    expect(Object.keys(overlayPlan?.overlay.links ?? {})).toHaveLength(4);
  });

  it("reports shape and plan problems of crosscloud:overlay together, and refuses the sections it would ignore", () => {
    const o = overlay();
    const ov = section(o, "crosscloud:overlay");
    (ov["aws"] as Record<string, unknown>)["routerCont"] = 3; // misspelt
    (ov["azure"] as Record<string, unknown>)["zones"] = ["7"]; // the sdk's rule
    delete ov["sshPublicKey"];
    expect(codesOf(withValues(o, { "crosscloud:overlay": ov, "crosscloud:network": dev().values["crosscloud:network"], "crosscloud:alarms": { enabled: false } }))).toEqual(
      expect.arrayContaining([
        ["crosscloud:network", "OPTION_CONFLICT"],
        ["crosscloud:alarms", "OPTION_CONFLICT"],
        ["crosscloud:overlay.aws.routerCont", "UNKNOWN_KEY"],
        ["crosscloud:overlay.sshPublicKey", "VALUE_REQUIRED"],
        ["crosscloud:overlay.azure.zones.0", "ZONE_UNKNOWN"],
      ]),
    );
    expect(codesOf(withValues(dev(), { "crosscloud:overlay": section(o, "crosscloud:overlay") }))).toEqual([["crosscloud:overlay", "OPTION_CONFLICT"]]);
    const values = { ...o.values };
    delete values["crosscloud:overlay"];
    expect(codesOf({ ...o, values })).toEqual([["crosscloud:overlay", "VALUE_REQUIRED"]]);
  });
});

describe("compositions and the plan's attachment", () => {
  it("refuses a dev config whose VPN the plan puts on a transit gateway, at the config path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-config-"));
    try {
      const file = path.join(dir, "Pulumi.dev.yaml");
      const d = dev();
      const cfg = { ...d.values, "crosscloud:network": { ...net(d), vpn: { layout: "dev", attachment: "tgw" } } };
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
