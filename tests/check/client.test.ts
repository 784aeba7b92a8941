import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { toAnalyzerResourceMessage } from "../../check/client";
import { DEFAULT_OPTIONS } from "../../check/resource-data";
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from "../../check/wire";

const URN = "urn:pulumi:dev::crosscloud::aws:ec2/vpnConnection:VpnConnection::vpn-east";
const TGW = "urn:pulumi:dev::crosscloud::aws:ec2transitgateway/transitGateway:TransitGateway::hub-tgw";
const PROVIDER = "urn:pulumi:dev::crosscloud::pulumi:providers:aws::default_7_48_0";

describe("toAnalyzerResourceMessage", () => {
  it("encodes a resource as the engine does, secrets keeping their signature through the wire", () => {
    const msg = toAnalyzerResourceMessage({
      urn: URN,
      type: "aws:ec2/vpnConnection:VpnConnection",
      name: "vpn-east",
      properties: { type: "ipsec.1", tunnel1PresharedKey: { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_VALUE }, tags: null },
      parent: "",
      dependencies: [TGW],
      propertyDependencies: { transitGatewayId: [TGW] },
      options: { ...DEFAULT_OPTIONS, protect: true, additionalSecretOutputs: ["tunnel1PresharedKey"], customTimeouts: { create: 2700, update: 0, delete: 0 } },
      provider: { urn: PROVIDER, type: "pulumi:providers:aws", name: "default_7_48_0", properties: { region: "us-east-1" } },
    });
    const decoded = pb.AnalyzerResource.deserializeBinary(msg.serializeBinary());

    expect(decoded.getProperties()?.toJavaScript()).toEqual({
      type: "ipsec.1",
      tunnel1PresharedKey: { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_VALUE },
      tags: null,
    });
    expect([decoded.getUrn(), decoded.getType(), decoded.getName(), decoded.getParent()]).toEqual([
      URN,
      "aws:ec2/vpnConnection:VpnConnection",
      "vpn-east",
      "",
    ]);
    expect(decoded.getDependenciesList()).toEqual([TGW]);
    expect(decoded.getPropertydependenciesMap().get("transitGatewayId")?.getUrnsList()).toEqual([TGW]);
    const opts = decoded.getOptions();
    expect(opts?.getProtect()).toBe(true);
    expect(opts?.getAdditionalsecretoutputsList()).toEqual(["tunnel1PresharedKey"]);
    expect(opts?.getCustomtimeouts()?.getCreate()).toBe(2700);
    // Unset in the input, so not "defined": @pulumi/policy then leaves deleteBeforeReplace out.
    expect(opts?.getDeletebeforereplacedefined()).toBe(false);
    expect(decoded.getProvider()?.getProperties()?.toJavaScript()).toEqual({ region: "us-east-1" });
    expect(decoded.getProvider()?.getName()).toBe("default_7_48_0");
  });

  it("always sends options, which @pulumi/policy requires, and no provider when there is none", () => {
    const msg = toAnalyzerResourceMessage({
      urn: URN,
      type: "t:m:T",
      name: "vpn-east",
      properties: {},
      parent: "",
      dependencies: [],
      propertyDependencies: {},
      options: { ...DEFAULT_OPTIONS, deleteBeforeReplace: false },
    });
    expect(msg.getOptions()?.getDeletebeforereplacedefined()).toBe(true);
    expect(msg.hasProvider()).toBe(false);
  });
});
