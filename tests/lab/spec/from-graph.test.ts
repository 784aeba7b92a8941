/**
 * The lab built from what the stacks render: translation of the recorded resources, then real
 * strongSwan + FRR runs of the dev and prod stacks, and runs of deliberately broken renderings.
 */
import { LabCheckName, LabReport, LabSpec, formatReport, runLab } from "../../../lab";
import { labDescribe } from "../../helpers/lab-gate";
import { LabTranslationError, labSpecsFromGraph } from "../../../lab/spec/from-graph";
import { runStackPreview } from "../../../preview/stack";
import { RecordedGraph, RecordedResource } from "../../../graph";
import { SecretValue } from "../../../graph";

const describeLab = labDescribe("tests/lab/from-preview.test.ts");

let dev: RecordedGraph;
let prod: RecordedGraph;
beforeAll(async () => {
  dev = (await runStackPreview({ stack: "dev", policy: false })).graph;
  prod = (await runStackPreview({ stack: "prod", policy: false })).graph;
}, 120_000);

/** A copy of the graph with one resource's inputs changed, as a buggy component would have rendered them. */
function mutate(graph: RecordedGraph, type: string, name: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>): RecordedGraph {
  let hit = false;
  const resources = graph.resources.map((r): RecordedResource => {
    if (r.type !== type || r.name !== name) return r;
    hit = true;
    return { ...r, inputs: change({ ...r.inputs }) as RecordedResource["inputs"] };
  });
  if (!hit) throw new Error(`no ${type} ${name} to mutate`);
  return { ...graph, resources };
}

const only = (specs: LabSpec[]): LabSpec => {
  expect(specs).toHaveLength(1);
  return specs[0] as LabSpec;
};
const status = (report: LabReport, name: LabCheckName) => report.checks.find((c) => c.name === name)?.status;

describe("lab specs from recorded resources", () => {
  it("reads the dev VPN as the clouds would: ASNs, inside /30s, keys and proposals per side", () => {
    const spec = only(labSpecsFromGraph(dev));
    expect([spec.name, spec.aws.asn, spec.azure.asn, spec.aws.prefixes, spec.azure.prefixes]).toEqual(["dev-vpn", 64512, 65515, ["10.0.0.0/20"], ["10.16.0.0/20"]]);
    expect(spec.tunnels.map((t) => [t.key, t.aws.insideCidr, t.aws.customerGatewayAsn, t.azure.customBgpIpAddress, t.azure.localNetworkGateway])).toEqual([
      ["a-t1", "169.254.21.0/30", 65515, "169.254.21.2", { bgpPeeringAddress: "169.254.21.1", asn: 64512 }],
      ["a-t2", "169.254.22.0/30", 65515, "169.254.22.2", { bgpPeeringAddress: "169.254.22.1", asn: 64512 }],
    ]);
    for (const t of spec.tunnels) {
      expect(t.aws.presharedKey).toHaveLength(40);
      expect(t.azure.sharedKey).toBe(t.aws.presharedKey);
      expect([t.aws.ikeVersions, t.aws.phase1DhGroupNumbers, t.aws.phase2DhGroupNumbers, t.aws.startupAction]).toEqual([["ikev2"], [14], [14], "start"]);
      expect([t.azure.connectionProtocol, t.azure.ipsecPolicy.dhGroup, t.azure.ipsecPolicy.pfsGroup]).toEqual(["IKEv2", "DHGroup14", "PFS2048"]);
    }
    expect(spec.tunnels[0]?.aws.presharedKey).not.toBe(spec.tunnels[1]?.aws.presharedKey);
  });

  it("reads the prod HA VPN: 4 tunnels over 2 gateway instances, AWS announcing every spoke on the TGW", () => {
    const spec = only(labSpecsFromGraph(prod));
    expect(spec.aws.prefixes).toEqual(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/20"]);
    expect(spec.tunnels.map((t) => [t.key, t.aws.insideCidr, t.azure.customBgpIpAddress, t.azure.localNetworkGateway.bgpPeeringAddress])).toEqual([
      ["a-t1", "169.254.21.0/30", "169.254.21.2", "169.254.21.1"],
      ["a-t2", "169.254.22.0/30", "169.254.22.2", "169.254.22.1"],
      ["b-t1", "169.254.21.4/30", "169.254.21.6", "169.254.21.5"],
      ["b-t2", "169.254.22.4/30", "169.254.22.6", "169.254.22.5"],
    ]);
  });

  it("refuses a rendering where an Azure connection has no pinned IPsec policy", () => {
    const broken = mutate(dev, "azure-native:network:VirtualNetworkGatewayConnection", "dev-vpn-a-t1-conn", (i) => ({ ...i, ipsecPolicies: [] }));
    expect(() => labSpecsFromGraph(broken)).toThrow(LabTranslationError);
    expect(() => labSpecsFromGraph(broken)).toThrow("SiteToSiteVpn dev-vpn: the Azure connection dev-vpn-a-t1-conn has no ipsecPolicies; Azure would negotiate its defaults, which the lab does not model");
  });

  it("refuses a local network gateway that points at no AWS tunnel", () => {
    const broken = mutate(dev, "azure-native:network:LocalNetworkGateway", "dev-vpn-a-t2-lng", (i) => ({ ...i, gatewayIpAddress: "192.0.2.1" }));
    expect(() => labSpecsFromGraph(broken)).toThrow(/no local network gateway points at dev-vpn-a-vpn tunnel 2/);
  });
});

describeLab("crosscloud lab on the sample stacks (real strongSwan + FRR)", () => {
  it("brings dev up from exactly what the stack renders, with cloud timers: every check passes", async () => {
    const report = await runLab(only(labSpecsFromGraph(dev)));
    expect({ passed: report.passed, report: formatReport(report) }).toEqual({ passed: true, report: expect.any(String) });
    expect(status(report, "failover")).toBe("pass");
  }, 180_000);

  it("brings prod (HA, 4 tunnels) up and fails over within the negotiated hold time + 5 s", async () => {
    const report = await runLab(only(labSpecsFromGraph(prod)));
    expect({ passed: report.passed, failed: report.checks.filter((c) => c.status === "fail").map((c) => c.name) }).toEqual({ passed: true, failed: [] });
    expect(Object.values(report.negotiatedHoldTimeSeconds)).toEqual([30, 30, 30, 30]);
    expect(status(report, "failover")).toBe("pass");
    expect(status(report, "failover-restore")).toBe("pass");
  }, 180_000);
});

describeLab("the lab fails a broken rendering the way the cloud would", () => {
  const fast = async (graph: RecordedGraph): Promise<LabReport> => runLab(only(labSpecsFromGraph(graph, { bfd: true })), { skip: ["failover", "default-route-filtered"] });

  it("a swapped ASN on a local network gateway keeps BGP from establishing", async () => {
    const broken = mutate(dev, "azure-native:network:LocalNetworkGateway", "dev-vpn-a-t1-lng", (i) => ({ ...i, bgpSettings: { ...(i["bgpSettings"] as object), asn: 65515 } }));
    const report = await fast(broken);
    expect(report.passed).toBe(false);
    expect(status(report, "bgp-sessions")).toBe("fail");
    expect(report.checks.find((c) => c.name === "bgp-sessions")?.tunnels).toEqual(["a-t1"]);
    expect(status(report, "ipsec-sas")).toBe("pass");
  }, 120_000);

  it("a corrupted pre-shared key on one Azure connection is reported as an authentication failure", async () => {
    const broken = mutate(dev, "azure-native:network:VirtualNetworkGatewayConnection", "dev-vpn-a-t2-conn", (i) => ({ ...i, sharedKey: new SecretValue("Corrupted.Key_for_the_lab_test_only") }));
    const report = await fast(broken);
    expect(report.passed).toBe(false);
    expect(status(report, "ike-auth")).toBe("fail");
    expect(status(report, "ike-proposals")).toBe("pass");
  }, 120_000);

  it("a mismatched proposal (AWS phase 1 DH group 24 against Azure's DHGroup14) is reported as a proposal failure", async () => {
    const broken = mutate(dev, "aws:ec2/vpnConnection:VpnConnection", "dev-vpn-a-vpn", (i) => ({ ...i, tunnel1Phase1DhGroupNumbers: [24], tunnel1Phase2DhGroupNumbers: [24] }));
    const report = await fast(broken);
    expect(report.passed).toBe(false);
    expect(status(report, "ike-proposals")).toBe("fail");
    expect(status(report, "ike-auth")).toBe("pass");
  }, 120_000);
});
