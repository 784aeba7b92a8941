import type { AnalyzerInfo } from "../../check/client";
import { parsePolicyPackConfig, resolvePolicyConfig } from "../../check/policy-config";

const INFO: AnalyzerInfo = {
  name: "crosscloud",
  version: "0.1.0",
  supportsConfig: true,
  policies: [
    { name: "route-policy", description: "d1", enforcementLevel: "mandatory" },
    { name: "psk-policy", description: "d2", enforcementLevel: "advisory" },
  ],
};

describe("parsePolicyPackConfig", () => {
  it("accepts the Pulumi CLI's shorthand and object forms", () => {
    const doc = { all: "advisory", "route-policy": "disabled", "psk-policy": { enforcementLevel: "mandatory", minLength: 32 } };
    expect(parsePolicyPackConfig(doc, "c.json")).toEqual(doc);
  });

  it("rejects a level that does not exist, naming the policy", () => {
    expect(() => parsePolicyPackConfig({ "route-policy": "strict" }, "c.json")).toThrow(
      'c.json: "route-policy": enforcement level "strict" is not one of advisory, mandatory, remediate, disabled',
    );
    expect(() => parsePolicyPackConfig({ "psk-policy": { enforcementLevel: 1 } }, "c.json")).toThrow(
      'c.json: "psk-policy": enforcement level 1 is not one of advisory, mandatory, remediate, disabled',
    );
  });

  it("rejects a document that is not an object, and properties under all", () => {
    expect(() => parsePolicyPackConfig(["route-policy"], "c.json")).toThrow("c.json: policy config must be a JSON object keyed by policy name");
    expect(() => parsePolicyPackConfig({ all: { enforcementLevel: "advisory", x: 1 } }, "c.json")).toThrow('c.json: "all" may only set enforcementLevel');
  });
});

describe("resolvePolicyConfig", () => {
  it("keeps the pack's own level for a policy configured without one (the proto has no unset level)", () => {
    expect(resolvePolicyConfig({ "psk-policy": { minLength: 32 } }, INFO, "c.json")).toEqual({
      "psk-policy": { enforcementLevel: "advisory", properties: { minLength: 32 } },
    });
  });

  it("applies all to every policy, a policy's own level winning", () => {
    expect(resolvePolicyConfig({ all: "disabled", "route-policy": "advisory" }, INFO, "c.json")).toEqual({
      "route-policy": { enforcementLevel: "advisory", properties: {} },
      "psk-policy": { enforcementLevel: "disabled", properties: {} },
    });
  });

  it("configures nothing for an empty file", () => {
    expect(resolvePolicyConfig({}, INFO, "c.json")).toEqual({});
  });

  it("rejects policies the pack does not have instead of ignoring a typo", () => {
    expect(() => resolvePolicyConfig({ "route-polcy": "advisory" }, INFO, "c.json")).toThrow(
      'c.json: no policy named "route-polcy" in pack crosscloud (it has: route-policy, psk-policy)',
    );
  });
});
