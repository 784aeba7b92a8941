import * as fs from "node:fs";
import * as path from "node:path";
import { checkDayTwoManifest, parseArmId } from "../../sdk/day-two";

const outputs = (stack: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "verify", `${stack}-outputs.json`), "utf8")) as Record<string, unknown>;

describe("parseArmId", () => {
  it("reads subscription, resource group and name of a top-level resource id", () => {
    expect(parseArmId("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/connections/dev-vpn-a-t1-conn45badcbf")).toEqual({
      subscriptionId: "11111111-2222-3333-4444-555555555555",
      resourceGroupName: "rg-net",
      name: "dev-vpn-a-t1-conn45badcbf",
    });
  });
  it("refuses child resources and other text", () => {
    expect(parseArmId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/GatewaySubnet")).toBeUndefined();
    expect(parseArmId("vpn-0123")).toBeUndefined();
  });
});

describe("checkDayTwoManifest", () => {
  it.each(["dev", "prod"])("accepts the %s sample stack's output", (stack) => {
    const { manifest, issues } = checkDayTwoManifest(outputs(stack)["dayTwo"]);
    expect(issues).toEqual([]);
    expect(manifest?.environment).toBe(stack);
  });

  it("reports every problem with its path", () => {
    const bad = JSON.parse(JSON.stringify(outputs("dev")["dayTwo"])) as Record<string, unknown> & { tunnels: Record<string, unknown>[]; prefixes: Record<string, unknown> };
    bad["version"] = 2;
    bad.prefixes["aws"] = ["10.0.0.5/20"];
    (bad.tunnels[0] as Record<string, unknown>)["awsInsideAddress"] = "nope";
    const { manifest, issues } = checkDayTwoManifest(bad);
    expect(manifest).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(["dayTwo.version", "dayTwo.prefixes.aws", "dayTwo.tunnels.a-t1.awsInsideAddress"]);
  });

  it("says what to do when there is no manifest at all", () => {
    expect(checkDayTwoManifest(undefined).issues[0]?.message).toMatch(/no "dayTwo" output object/);
  });
});
