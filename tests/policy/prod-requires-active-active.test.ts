import { prodRequiresActiveActive as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const VNG = "azure-native:network:VirtualNetworkGateway";
const VPC = "aws:ec2/vpc:Vpc";
const ADVICE = "set activeActive: true with a second public IP.";

const standby = r(VNG, "vng", { gatewayType: "Vpn", activeActive: false });
const implicitStandby = r(VNG, "vng-default", { gatewayType: "Vpn" });
const activeActive = r(VNG, "vng-aa", { gatewayType: "Vpn", activeActive: true });
const erGateway = r(VNG, "ergw", { gatewayType: "ExpressRoute", activeActive: false });

describe("a production stack", () => {
  it("flags active-standby VPN gateways (explicit or by default) when a resource is tagged prod", () => {
    const tagged = r(VPC, "app", { cidrBlock: "10.0.0.0/20", tags: { "crosscloud:environment": "prod" } });
    const result = run(policy, [tagged, standby, implicitStandby, activeActive, erGateway]);
    const why = `aws:ec2/vpc:Vpc "app" is tagged crosscloud:environment=prod`;
    expect(result).toEqual({
      violations: [
        { urn: urnOf(VNG, "vng"), message: `azure-native:network:VirtualNetworkGateway "vng" is an active-standby VPN gateway in a production stack (${why}); ${ADVICE}` },
        { urn: urnOf(VNG, "vng-default"), message: `azure-native:network:VirtualNetworkGateway "vng-default" is an active-standby VPN gateway in a production stack (${why}); ${ADVICE}` },
      ],
    });
  });

  it("is production by config, with configurable values and tag key", () => {
    expect(run(policy, [standby], { environment: "Production" }).violations.map((v) => v.message)).toEqual([
      `azure-native:network:VirtualNetworkGateway "vng" is an active-standby VPN gateway in a production stack (the policy config sets environment "Production"); ${ADVICE}`,
    ]);
    const tagged = r(VPC, "app", { tags: { env: "live" } });
    expect(run(policy, [tagged, standby], { prodValues: ["live"], tagKey: "env" }).violations.map((v) => v.urn)).toEqual([urnOf(VNG, "vng")]);
  });

  it("passes active-active gateways, and blocks on an unknown activeActive", () => {
    expect(run(policy, [activeActive, erGateway], { environment: "prod" })).toEqual({ violations: [] });
    expect(run(policy, [r(VNG, "vng", { gatewayType: "Vpn", activeActive: UNKNOWN })], { environment: "prod" })).toEqual({
      violations: [],
      cantRun: "string value at .activeActive can't be known during preview",
    });
  });
});

describe("other stacks", () => {
  it("passes active-standby gateways outside production", () => {
    const dev = r(VPC, "app", { tags: { "crosscloud:environment": "dev" } });
    expect(run(policy, [dev, standby])).toEqual({ violations: [] });
    expect(run(policy, [dev, standby], { environment: "dev" })).toEqual({ violations: [] });
  });

  it("reports malformed config", () => {
    expect(run(policy, [standby], { prodValues: "prod" })).toEqual({ violations: [{ message: 'policy config: "prodValues" must be a list of strings' }] });
  });
});
