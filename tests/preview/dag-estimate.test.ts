import { DependencyCycleError, estimateDag, provisioningMinutes, renderDagEstimate } from "../../preview/dag-estimate";
import type { RecordedGraph, RecordedResource } from "../../graph";
import type { RecordedObject } from "../../graph";

let seq = 0;
function res(
  type: string,
  name: string,
  opts: { parent?: string; deps?: string[]; propDeps?: Record<string, string[]>; custom?: boolean; inputs?: RecordedObject } = {},
): RecordedResource {
  return {
    seq: seq++,
    urn: `urn:${name}`,
    type,
    name,
    parent: opts.parent,
    custom: opts.custom ?? true,
    read: false,
    id: undefined,
    dependencies: opts.deps ?? [],
    propertyDependencies: opts.propDeps ?? {},
    provider: undefined,
    providers: {},
    options: {
      protect: false,
      ignoreChanges: [],
      deleteBeforeReplace: undefined,
      additionalSecretOutputs: [],
      replaceOnChanges: [],
      aliases: [],
      customTimeouts: { create: "", update: "", delete: "" },
      retainOnDelete: undefined,
      deletedWith: undefined,
      importId: undefined,
      version: undefined,
    },
    inputs: opts.inputs ?? {},
    outputs: {},
    wireInputs: {},
    wireOutputs: {},
  };
}

function graph(resources: RecordedResource[]): RecordedGraph {
  return { project: "p", stack: "s", resources, invokes: [], stackOutputs: {}, failures: [], unsimulatedTypes: [] };
}

const VNG = "azure-native:network:VirtualNetworkGateway";

describe("provisioningMinutes", () => {
  it("weights gateways by the reference's figures and everything non-cloud as zero", () => {
    expect(provisioningMinutes(res(VNG, "vpn-gw", { inputs: { gatewayType: "Vpn" } }))).toBe(45);
    expect(provisioningMinutes(res(VNG, "gw-default"))).toBe(45);
    expect(provisioningMinutes(res(VNG, "er-gw", { inputs: { gatewayType: "ExpressRoute" } }))).toBe(20);
    expect(provisioningMinutes(res("azure-native:network:VirtualHub", "rs"))).toBe(30);
    expect(provisioningMinutes(res("aws:ec2/vpnConnection:VpnConnection", "vpn"))).toBe(5);
    expect(provisioningMinutes(res("aws:ec2transitgateway/transitGateway:TransitGateway", "tgw"))).toBe(1);
    // Seconds-class network objects do not put a minute each in front of every estimate.
    expect(provisioningMinutes(res("aws:ec2/vpc:Vpc", "vpc"))).toBe(0);
    expect(provisioningMinutes(res("azure-native:network:Subnet", "GatewaySubnet"))).toBe(0);
    expect(provisioningMinutes(res("random:index/randomString:RandomString", "psk"))).toBe(0);
    expect(provisioningMinutes(res("pulumi:providers:aws", "use1"))).toBe(0);
    expect(provisioningMinutes(res("crosscloud:index:X", "x", { custom: false }))).toBe(0);
  });
});

describe("estimateDag", () => {
  it("runs independent branches in parallel: total is the longest branch, not the sum", () => {
    const g = graph([
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "a1"),
      res("aws:ec2/vpnConnection:VpnConnection", "a2", { deps: ["urn:a1"] }),
      res(VNG, "b1"),
    ]);
    const e = estimateDag(g);
    expect(e.totalMinutes).toBe(45);
    expect(e.criticalPath.map((s) => s.name)).toEqual(["b1"]);
    expect(e.schedule["urn:a2"]).toEqual({ start: 1, finish: 6 });
  });

  it("makes a resource that depends on a component wait for all the component's children", () => {
    const g = graph([
      res("crosscloud:index:Vpn", "vpn", { custom: false }),
      res(VNG, "vpn-gw", { parent: "urn:vpn" }),
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "vpn-vpc", { parent: "urn:vpn" }),
      res("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "after", { propDeps: { gatewayId: ["urn:vpn"] } }),
    ]);
    const e = estimateDag(g);
    expect(e.schedule["urn:vpn"]).toEqual({ start: 0, finish: 45 });
    expect(e.schedule["urn:after"]).toEqual({ start: 45, finish: 46 });
    expect(e.criticalPath.map((s) => s.name)).toEqual(["vpn-gw", "after"]);
    expect(e.totalMinutes).toBe(46);
  });

  it("starts a component's children when the component's own dependencies are done", () => {
    const g = graph([
      res("aws:ec2/vpnConnection:VpnConnection", "first"),
      res("crosscloud:index:Later", "later", { custom: false, deps: ["urn:first"] }),
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "later-vpc", { parent: "urn:later" }),
    ]);
    expect(estimateDag(g).schedule["urn:later-vpc"]).toEqual({ start: 5, finish: 6 });
  });

  it("creates a custom parent before its children", () => {
    const g = graph([res(VNG, "gw", { inputs: { gatewayType: "ExpressRoute" } }), res("aws:ec2transitgateway/transitGateway:TransitGateway", "child", { parent: "urn:gw" })]);
    const e = estimateDag(g);
    expect(e.schedule["urn:child"]).toEqual({ start: 20, finish: 21 });
    expect(e.criticalPath.map((s) => [s.name, s.minutes])).toEqual([
      ["gw", 20],
      ["child", 1],
    ]);
  });

  it("ignores dependencies on URNs that were never registered, and honours a custom weight function", () => {
    const g = graph([res("aws:ec2transitgateway/transitGateway:TransitGateway", "x", { deps: ["urn:outside"] }), res("aws:ec2transitgateway/transitGateway:TransitGateway", "y", { deps: ["urn:x"] })]);
    expect(estimateDag(g, { minutes: () => 10 }).totalMinutes).toBe(20);
  });

  it("reports a dependency cycle by naming the resources in it", () => {
    const g = graph([
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "ok"),
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "p", { deps: ["urn:q"] }),
      res("aws:ec2transitgateway/transitGateway:TransitGateway", "q", { deps: ["urn:p"] }),
    ]);
    expect(() => estimateDag(g)).toThrow(new DependencyCycleError(["urn:p", "urn:q"]));
  });

  it("renders the critical path one step per line", () => {
    const g = graph([res("aws:ec2transitgateway/transitGateway:TransitGateway", "v"), res("aws:ec2/vpnConnection:VpnConnection", "c", { deps: ["urn:v"] })]);
    expect(renderDagEstimate(estimateDag(g))).toBe(
      [
        "Estimated first deployment: 6 min (critical path):",
        "    1 min  aws:ec2transitgateway/transitGateway:TransitGateway  v  (0 → 1)",
        "    5 min  aws:ec2/vpnConnection:VpnConnection  c  (1 → 6)",
        "",
      ].join("\n"),
    );
  });

  it("returns zero for an empty graph", () => {
    expect(estimateDag(graph([]))).toEqual({ totalMinutes: 0, connectivity: [], criticalPath: [], schedule: {} });
  });
});

describe("two gateways in one GatewaySubnet, serialized", () => {
  const CONN = "azure-native:network:VirtualNetworkGatewayConnection";
  /** The prod shape: the ER gateway reads the subnet id through the VPN gateway's id, so it waits for it. */
  const shared = (erConnection: boolean) => {
    const resources = [
      res("azure-native:network:Subnet", "GatewaySubnet"),
      res(VNG, "vpn-vng", { deps: ["urn:GatewaySubnet"], inputs: { gatewayType: "Vpn" } }),
      res("aws:ec2/vpnConnection:VpnConnection", "vpn-a"),
      res("azure-native:network:LocalNetworkGateway", "a-t1-lng", { deps: ["urn:vpn-a"] }),
      res(CONN, "a-t1-conn", { deps: ["urn:vpn-vng", "urn:a-t1-lng"], inputs: { connectionType: "IPsec" } }),
      res("azure-native:network:ExpressRouteCircuit", "er-circuit"),
      res(VNG, "er-ergw", { propDeps: { ipConfigurations: ["urn:GatewaySubnet", "urn:vpn-vng"] }, inputs: { gatewayType: "ExpressRoute" } }),
    ];
    if (erConnection) resources.push(res(CONN, "er-conn", { deps: ["urn:er-ergw", "urn:er-circuit"], inputs: { connectionType: "ExpressRoute" } }));
    return graph(resources);
  };

  it("puts the ExpressRoute gateway after the VPN gateway on the critical path; the VPN still connects at its gateway plus one connection", () => {
    const e = estimateDag(shared(false));
    expect(e.criticalPath.filter((s) => s.minutes > 0).map((s) => [s.name, s.start, s.finish])).toEqual([
      ["vpn-vng", 0, 45],
      ["er-ergw", 45, 65],
    ]);
    expect(e.totalMinutes).toBe(65);
    expect(e.connectivity).toEqual([
      { path: "vpn", minutes: 46, name: "a-t1-conn" },
      { path: "expressroute", minutes: undefined, name: "no ExpressRoute connection to circuit er-circuit (not provider-provisioned)" },
    ]);
    expect(renderDagEstimate(e)).toBe(
      [
        "Estimated first deployment: 65 min (critical path):",
        "   45 min  azure-native:network:VirtualNetworkGateway  vpn-vng  (0 → 45)",
        "   20 min  azure-native:network:VirtualNetworkGateway  er-ergw  (45 → 65)",
        "Time to connectivity:",
        "   46 min  VPN, first IPsec connection a-t1-conn",
        "  pending  ExpressRoute: no ExpressRoute connection to circuit er-circuit (not provider-provisioned)",
        "",
      ].join("\n"),
    );
  });

  it("adds the ExpressRoute connection after both gateways once the circuit is provisioned", () => {
    const e = estimateDag(shared(true));
    expect([e.totalMinutes, e.criticalPath.filter((s) => s.minutes > 0).map((s) => s.name)]).toEqual([66, ["vpn-vng", "er-ergw", "er-conn"]]);
    expect(e.connectivity).toEqual([
      { path: "vpn", minutes: 46, name: "a-t1-conn" },
      { path: "expressroute", minutes: 66, name: "er-conn" },
    ]);
  });
});
