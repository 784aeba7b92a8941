import { RecordedGraph, T, TYPE } from "../../../graph";
import { labSpecsFromGraph } from "../../../lab/spec/from-graph";
import { renderFrrConfigs } from "../../../lab/render/frr";
import { renderInterconnectFrr } from "../../../lab/interconnect/frr";
import { planLab } from "../../../lab/topology/plan";
import { LabSpec, validateLabSpec } from "../../../lab";
import { runStackPreview } from "../../../preview/stack";
import { mutate, prodSecondPass } from "./fixtures";

/** The interconnect and ECMP as the lab reads them from the recorded resources, and the FRR it renders for them. */

let dev: RecordedGraph;
let prod1: RecordedGraph;
let prod2: RecordedGraph;
beforeAll(async () => {
  dev = (await runStackPreview({ stack: "dev", policy: false })).graph;
  prod1 = (await runStackPreview({ stack: "prod", policy: false })).graph;
  prod2 = await prodSecondPass();
}, 120_000);

const only = (specs: LabSpec[]): LabSpec => {
  expect(specs).toHaveLength(1);
  return specs[0] as LabSpec;
};

describe("interconnect and ECMP from the recorded resources", () => {
  it("reads prod's second pass: MSEE, provider and DX gateway ends from their own records", () => {
    const ic = only(labSpecsFromGraph(prod2)).interconnect;
    expect(ic).toMatchObject({
      name: "prod-er",
      expressRouteConnected: true,
      msee: { asn: 12076, primary: { address: "192.168.100.2", peerAddress: "192.168.100.1", peerAsn: 65100 }, secondary: { address: "192.168.100.6", peerAddress: "192.168.100.5", peerAsn: 65100 } },
      provider: { asn: 65100, erPrimary: { address: "192.168.100.1", peerAddress: "192.168.100.2", peerAsn: 12076 }, vif: { address: "192.168.100.9", peerAddress: "192.168.100.10", peerAsn: 64600 } },
      dxGateway: { asn: 64600, vlan: 200, vif: { address: "192.168.100.10", prefixLength: 30, peerAddress: "192.168.100.9", peerAsn: 65100 }, allowedPrefixes: ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/20"] },
      bfd: { expressRoute: { transmitIntervalMs: 300, detectMultiplier: 3 }, directConnect: { transmitIntervalMs: 300, detectMultiplier: 3 } },
    });
  });

  it("sees the first pass's pending ExpressRoute connection, and plans no interconnect for it", () => {
    const spec = only(labSpecsFromGraph(prod1));
    expect(spec.interconnect?.expressRouteConnected).toBe(false);
    expect(planLab(spec).interconnect).toBeUndefined();
  });

  it("decides ECMP from the TGW's vpnEcmpSupport and the gateway's activeActive, not from the stack name", () => {
    expect(only(labSpecsFromGraph(prod2)).ecmp).toBe(true);
    expect(only(labSpecsFromGraph(dev)).ecmp).toBeUndefined();
    const noEcmp = mutate(prod2, T.awsTransitGateway, "prod-hub-tgw", (v) => ({ ...v, vpnEcmpSupport: "disable" }));
    expect(only(labSpecsFromGraph(noEcmp)).ecmp).toBeUndefined();
    const standby = mutate(prod2, T.azureVng, "prod-vpn-vng", (v) => ({ ...v, activeActive: false }));
    expect(only(labSpecsFromGraph(standby)).ecmp).toBeUndefined();
  });

  it("takes the allowed prefixes from the DX gateway association as rendered", () => {
    const narrowed = mutate(prod2, T.awsDxGatewayAssociation, "prod-er-dxgw-assoc", (v) => ({ ...v, allowedPrefixes: ["10.1.0.0/20", "10.1.16.0/20"] }));
    expect(only(labSpecsFromGraph(narrowed)).interconnect?.dxGateway.allowedPrefixes).toEqual(["10.1.0.0/20", "10.1.16.0/20"]);
  });

  it("reads the Microsoft side from what Azure is told, so swapped /30 addresses disagree with the provider's", () => {
    const swapped = mutate(prod2, TYPE.BgpSession, "prod-er-er-primary-bgp", (v) => ({ ...v, localAddress: v["peerAddress"], peerAddress: v["localAddress"] }));
    const ic = only(labSpecsFromGraph(swapped)).interconnect;
    expect(ic?.msee.primary).toMatchObject({ address: "192.168.100.1", peerAddress: "192.168.100.2" });
    expect(ic?.provider.erPrimary).toMatchObject({ address: "192.168.100.1", peerAddress: "192.168.100.2" });
  });

  it("refuses, before building anything, an interconnect end without an address", () => {
    const broken = mutate(prod2, T.awsDxTransitVif, "prod-er-vif", (v) => ({ ...v, amazonAddress: "nonsense/30" }));
    expect(validateLabSpec(only(labSpecsFromGraph(broken)))).toEqual([
      expect.objectContaining({ path: "interconnect.provider.vif.peerAddress", code: "ADDRESS_INVALID" }),
      expect.objectContaining({ path: "interconnect.dxGateway.vif.address", code: "ADDRESS_INVALID" }),
    ]);
    expect(validateLabSpec(only(labSpecsFromGraph(prod2)))).toEqual([]);
  });
});

describe("FRR for the interconnect and ECMP", () => {
  let spec: LabSpec;
  beforeAll(() => {
    spec = only(labSpecsFromGraph(prod2));
  });

  it("the DX gateway advertises exactly the allowed prefixes to the provider, with DX BFD and timers", () => {
    const bgpd = renderInterconnectFrr(spec, planLab(spec).interconnect!, "dxgw", { logDir: "/l" }).bgpd;
    expect(bgpd).toContain("router bgp 64600");
    expect(bgpd.match(/ip prefix-list LAB-DX-ALLOWED seq \d+ permit (\S+)/g)).toEqual([
      "ip prefix-list LAB-DX-ALLOWED seq 5 permit 10.1.0.0/20",
      "ip prefix-list LAB-DX-ALLOWED seq 10 permit 10.1.16.0/20",
      "ip prefix-list LAB-DX-ALLOWED seq 15 permit 10.1.32.0/20",
    ]);
    expect(bgpd).toContain("neighbor 192.168.100.9 route-map LAB-DX-OUT out");
    expect(bgpd).toContain("neighbor 192.168.100.9 timers 30 90");
    expect(bgpd).toContain("neighbor 192.168.100.9 bfd profile dx");
    expect(bgpd).not.toContain("aggregate-address");
  });

  it("a summary among the allowed prefixes is advertised as the summary", () => {
    const summary: LabSpec = { ...spec, interconnect: { ...spec.interconnect!, dxGateway: { ...spec.interconnect!.dxGateway, allowedPrefixes: ["10.1.0.0/16"] } } };
    expect(renderInterconnectFrr(summary, planLab(summary).interconnect!, "dxgw", { logDir: "/l" }).bgpd).toContain("aggregate-address 10.1.0.0/16");
  });

  it("the MSEE (AS 12076) peers with the provider on both links with ExpressRoute BFD 300 ms × 3", () => {
    const cfg = renderInterconnectFrr(spec, planLab(spec).interconnect!, "msee", { logDir: "/l" });
    expect(cfg.bgpd).toContain("router bgp 12076");
    expect(cfg.bgpd).toContain("neighbor 192.168.100.1 remote-as 65100");
    expect(cfg.bgpd).toContain("neighbor 192.168.100.5 remote-as 65100");
    expect(cfg.bgpd).toContain("neighbor 192.168.100.1 timers 60 180");
    expect(cfg.bfdd).toMatch(/profile er\n  detect-multiplier 3\n  receive-interval 300\n  transmit-interval 300/);
  });

  it("the cloud routers prefer the interconnect (local preference) and run ECMP over all four tunnels without prepending", () => {
    for (const side of ["aws", "azure"] as const) {
      const bgpd = renderFrrConfigs(spec, side, { logDir: "/l" }).bgpd;
      expect(bgpd).toContain("set local-preference 200");
      expect(bgpd).toContain("maximum-paths 4");
      expect(bgpd).not.toMatch(/route-map LAB-OUT-BACKUP out/);
    }
    expect(renderFrrConfigs(spec, "aws", { logDir: "/l" }).bgpd).toContain("neighbor 192.0.2.2 route-map LAB-IN-PRIVATE in");
  });

  it("dev (VGW, no ECMP) keeps its preferred tunnel: backups prepended, one path", () => {
    const devSpec = only(labSpecsFromGraph(dev));
    const bgpd = renderFrrConfigs(devSpec, "aws", { logDir: "/l" }).bgpd;
    expect(bgpd).toMatch(/route-map LAB-OUT-BACKUP out/);
    expect(bgpd).not.toContain("maximum-paths");
    expect(bgpd).not.toContain("local-preference");
  });
});
