import * as path from "node:path";
import { SecretValue, getPath, type RecordedGraph } from "../../graph";
import { T } from "../../graph/types";
import { serializePlan } from "../../preview/plan-json";
import { runPreview } from "../../preview/run";
import { loadStackConfigFile } from "../../preview/stack";
import { PlanError } from "../../sdk";
import { SECRET_CONFIG_KEYS, isSecretConfigKey, secretKeyIssues, secretStackKeys } from "../../stacks/secret-config";

const ROOT = path.resolve(__dirname, "../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const program = require(path.join(ROOT, "stacks")) as () => Promise<Record<string, unknown>>;
const devConfig = loadStackConfigFile(path.join(ROOT, "stacks", "Pulumi.dev.yaml"));
const SUBSCRIPTION = "5ec2e75e-7f3a-4c1b-9d2e-c0ffee5ec2e7";

const run = (config: Record<string, string>, secretKeys: string[]): Promise<RecordedGraph> =>
  runPreview({ program, project: "crosscloud", stack: "dev", config: { ...devConfig, ...config }, secretKeys });

/** The id of the gateway's first ip configuration, as its BGP settings name it: built from the subscription. */
function ipConfigurationId(graph: RecordedGraph): unknown {
  const gateway = graph.resources.find((r) => r.type === T.azureVng);
  return getPath(gateway?.inputs, "bgpSettings.bgpPeeringAddresses[0].ipconfigurationId");
}

describe("which crosscloud:* keys may be secret", () => {
  it("asks the engine's secret-key list about each key, namespaced", () => {
    const asked: string[] = [];
    const listed = secretStackKeys(["profile", "azure", "network"], (k) => (asked.push(k), k === "crosscloud:azure"));
    expect(asked).toEqual(["crosscloud:profile", "crosscloud:azure", "crosscloud:network"]);
    expect(listed).toEqual(["azure"]);
  });

  it("accepts a secret azure key and refuses keys that become names, CIDRs or tags, naming the key and the reason", () => {
    expect(Object.keys(SECRET_CONFIG_KEYS)).toEqual(["azure"]);
    expect(isSecretConfigKey("azure")).toBe(true);
    expect(isSecretConfigKey("toString")).toBe(false);
    expect(secretKeyIssues(["azure"])).toEqual([]);
    const issues = secretKeyIssues(["network", "tags", "somethingNew"]);
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["crosscloud:network", "SECRET_UNSUPPORTED"],
      ["crosscloud:tags", "SECRET_UNSUPPORTED"],
      ["crosscloud:somethingNew", "SECRET_UNSUPPORTED"],
    ]);
    expect(issues[0]?.message).toBe(
      "is set as a secret, but its values become resource names, CIDRs and BGP settings, which Pulumi keeps in plaintext; set it without --secret",
    );
  });
});

describe("the dev stack with secret config (in-process)", () => {
  const azure = JSON.stringify({ resourceGroupName: "crosscloud-dev", subscriptionId: SUBSCRIPTION });

  it("keeps crosscloud:azure.subscriptionId secret in every input built from it when the key is secret", async () => {
    const graph = await run({ "crosscloud:azure": azure }, ["crosscloud:azure"]);
    const id = ipConfigurationId(graph);
    expect(id).toBeInstanceOf(SecretValue);
    expect(String((id as SecretValue).reveal())).toContain(`/subscriptions/${SUBSCRIPTION}/`);
    expect(serializePlan(graph)).not.toContain(SUBSCRIPTION);
  });

  it("uses it in plaintext when the key is not secret (the control)", async () => {
    const graph = await run({ "crosscloud:azure": azure }, []);
    expect(ipConfigurationId(graph)).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/crosscloud-dev/providers/Microsoft.Network/virtualNetworkGateways/dev-vpn-vng/ipConfigurations/ipconfig0`);
  });

  it("keeps a secret azure-native:subscriptionId secret too", async () => {
    const graph = await run({ "azure-native:subscriptionId": SUBSCRIPTION }, ["azure-native:subscriptionId"]);
    expect(ipConfigurationId(graph)).toBeInstanceOf(SecretValue);
    expect(serializePlan(graph)).not.toContain(SUBSCRIPTION);
  });

  it("refuses a secret crosscloud:network before any resource is registered", async () => {
    const failure = run({}, ["crosscloud:network"]);
    await expect(failure).rejects.toBeInstanceOf(PlanError);
    await expect(failure).rejects.toThrow(/crosscloud:network: is set as a secret, .* \[SECRET_UNSUPPORTED\]/);
  });
});
