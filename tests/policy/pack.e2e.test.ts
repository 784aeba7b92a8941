/**
 * The real pack process over gRPC, on the dev stack as files: a crosscloud plan.json and a
 * `pulumi stack export` (ids in outputs, ciphertext secrets, property dependencies, provider
 * references, additionalSecretOutputs, a resource awaiting deletion), each with a planted overlap
 * (a secondary VPC CIDR inside the Azure VNet) and a planted default route (to the VGW).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type AnalyzeOptions, analyzeResources, runCheck } from "../../check/analyze";
import { resourcesFromDocument } from "../../check/resources";
import { SECRET_SIG, SIG_KEY, type JsonObject, type JsonValue } from "../../check/wire";
import { childPids } from "../check/children";

const FIXTURES = path.resolve(__dirname, "../fixtures/policy");
const PLAN = path.join(FIXTURES, "plan-planted.json");
const EXPORT = path.join(FIXTURES, "stack-export-planted.json");
const S = "urn:pulumi:dev::crosscloud::";
const ASSOC = `${S}aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation::dev-app-secondary`;
const DEFAULT_ROUTE = `${S}aws:ec2/route:Route::dev-app-private-default`;
const VNET = `${S}azure-native:network:VirtualNetwork::dev-hub-vnet`;
const VPC = `${S}aws:ec2/vpc:Vpc::dev-app-vpc`;
const T1_CONN = `${S}crosscloud:index:SiteToSiteVpn$crosscloud:index:VpnTunnel$azure-native:network:VirtualNetworkGatewayConnection::dev-vpn-a-t1-conn`;
const VPN = `${S}crosscloud:index:SiteToSiteVpn$aws:ec2/vpnConnection:VpnConnection::dev-vpn-a-vpn`;

const OVERLAP_DESCRIPTION = "Address spaces the stack declares (VPC and VNet CIDRs, subnets) must not overlap each other or the shared registry.";
const ROUTE_DESCRIPTION = "No default route (0.0.0.0/0 or ::/0) may cross the AWS <-> Azure interconnect.";
const PLANTED = [
  {
    policy: "no-default-route-across-interconnect",
    level: "mandatory",
    urn: DEFAULT_ROUTE,
    description: ROUTE_DESCRIPTION,
    message:
      `${ROUTE_DESCRIPTION}\naws:ec2/route:Route "dev-app-private-default" routes 0.0.0.0/0 to virtual private gateway vgw-08ce737bb05af4294; ` +
      "a default route across the interconnect would pull all of one cloud's Internet-bound traffic into the other.",
  },
  {
    policy: "no-overlapping-cidrs",
    level: "mandatory",
    urn: ASSOC,
    description: OVERLAP_DESCRIPTION,
    message:
      `${OVERLAP_DESCRIPTION}\n10.16.8.0/21 (aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation "dev-app-secondary" cidrBlock ${ASSOC}) ` +
      `overlaps 10.16.0.0/20 (azure-native:network:VirtualNetwork "dev-hub-vnet" addressSpace ${VNET}); overlapping address space cannot be routed between the clouds.`,
  },
];
const byPolicy = <T extends { policy: string; urn: string }>(vs: readonly T[]): T[] => [...vs].sort((a, b) => a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
const PACK = { name: "crosscloud", version: "0.1.0", policyCount: 13 };

type Doc = { [key: string]: JsonValue };
const load = (file: string): Doc => JSON.parse(readFileSync(file, "utf8")) as Doc;
const exportResources = (doc: Doc): JsonObject[] => ((doc.deployment as JsonObject).resources as JsonObject[]);
/** The export with `edit` applied to the state of the resource whose URN is `urn`. */
function editExport(doc: Doc, urn: string, edit: (state: Record<string, JsonValue>) => void): Doc {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  const state = exportResources(copy).find((r) => r.urn === urn) as Record<string, JsonValue> | undefined;
  if (!state) throw new Error(`fixture has no ${urn}`);
  edit(state);
  return copy;
}
const withoutPlants = (doc: Doc): Doc => {
  const copy = JSON.parse(JSON.stringify(doc)) as Doc;
  const planted = (urn: JsonValue | undefined) => typeof urn === "string" && (urn.startsWith(ASSOC) || urn.startsWith(DEFAULT_ROUTE));
  if (Array.isArray(copy.resources)) copy.resources = copy.resources.filter((r) => !planted((r as JsonObject).urn));
  else (copy.deployment as { resources: JsonValue[] }).resources = exportResources(copy).filter((r) => !planted(r.urn));
  return copy;
};
const analyze = (doc: Doc, policyConfig?: AnalyzeOptions["policyConfig"]) =>
  analyzeResources(resourcesFromDocument(doc, "doc").resources, policyConfig === undefined ? {} : { policyConfig });

afterAll(() => {
  expect(childPids()).toEqual([]);
});

describe("the planted overlap and default route", () => {
  it("are caught in a plan.json, and nothing else is", async () => {
    const result = await runCheck({ file: PLAN });
    expect({ ...result, violations: byPolicy(result.violations) }).toEqual({
      violations: PLANTED,
      mandatoryCount: 2,
      pack: PACK,
      resourceCount: 34,
      format: "plan",
      stack: "dev",
    });
  });

  it("are caught in a stack export, where the same route awaiting deletion is not", async () => {
    const result = await runCheck({ file: EXPORT });
    expect({ ...result, violations: byPolicy(result.violations) }).toEqual({
      violations: PLANTED,
      mandatoryCount: 2,
      pack: PACK,
      // 34 state resources + 3 providers; the deleted route is not part of the new state.
      resourceCount: 37,
      format: "stack-export",
      stack: "dev",
    });
  });

  it("leave a clean dev stack in both formats once removed", async () => {
    expect((await analyze(withoutPlants(load(PLAN)))).violations).toEqual([]);
    expect((await analyze(withoutPlants(load(EXPORT)))).violations).toEqual([]);
  });
});

describe("policy config over gRPC", () => {
  it("reaches the policies: a registry entry of another stack, and an allow list", async () => {
    const result = await analyze(load(PLAN), {
      "no-overlapping-cidrs": { registry: { version: 1, allocations: [{ stack: "prod", key: "aws/vpc/legacy", cidr: "10.0.0.0/16" }, { stack: "dev", key: "aws/vpc/app", cidr: "10.0.0.0/20" }] } },
      "no-default-route-across-interconnect": { allow: ["dev-app-private-default"] },
    });
    expect(byPolicy(result.violations).map((v) => [v.policy, v.urn])).toEqual([
      ["no-overlapping-cidrs", VPC],
      ["no-overlapping-cidrs", ASSOC],
    ]);
    expect(result.violations.find((v) => v.urn === VPC)?.message).toBe(
      `${OVERLAP_DESCRIPTION}\n10.0.0.0/20 (aws:ec2/vpc:Vpc "dev-app-vpc" cidrBlock ${VPC}) overlaps 10.0.0.0/16 (registry prod/aws/vpc/legacy); overlapping address space cannot be routed between the clouds.`,
    );
  });
});

describe("the other policies on the real stack's shape", () => {
  const clean = withoutPlants(load(EXPORT));

  it("pair each Azure connection with its AWS tunnel and catch a proposal mismatch", async () => {
    const doc = editExport(clean, T1_CONN, (state) => {
      const outputs = state.outputs as Record<string, JsonValue>;
      const [policy] = outputs.ipsecPolicies as JsonObject[];
      outputs.ipsecPolicies = [{ ...(policy as JsonObject), ikeIntegrity: "SHA384" }];
    });
    const result = await analyze(doc);
    expect(result.violations.map((v) => [v.policy, v.level, v.urn, v.message.split("\n")[1]])).toEqual([
      [
        "ipsec-explicit-and-matching",
        "mandatory",
        T1_CONN,
        `azure-native:network:VirtualNetworkGatewayConnection "dev-vpn-a-t1-conn" and aws:ec2/vpnConnection:VpnConnection "dev-vpn-a-vpn" tunnel 1 (${VPN}) disagree on ikeIntegrity: AWS offers SHA256 but Azure offers SHA384.`,
      ],
    ]);
  });

  it("flag a plaintext shared key, but not a --show-secrets key that comes from a RandomPassword", async () => {
    const plaintext = editExport(clean, T1_CONN, (state) => {
      (state.outputs as Record<string, JsonValue>).sharedKey = "Plain.Text_Key.In_State";
      (state.propertyDependencies as Record<string, JsonValue>).sharedKey = [];
    });
    const flagged = await analyze(plaintext);
    expect(flagged.violations.map((v) => [v.policy, v.level, v.urn])).toEqual([["psk-must-be-secret", "mandatory", T1_CONN]]);
    expect(JSON.stringify(flagged)).not.toContain("Plain.Text_Key.In_State");

    const shown = editExport(clean, T1_CONN, (state) => {
      (state.outputs as Record<string, JsonValue>).sharedKey = { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify("Shown.With_Show.Secrets") };
    });
    expect((await analyze(shown)).violations).toEqual([]);
  });
});
