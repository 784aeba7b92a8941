import { LabCheck, LabCheckName, LabReport, LabSpec, formatReport, runLab } from "../../../lab";
import { RecordedGraph, T, TYPE } from "../../../graph";
import { labSpecsFromGraph } from "../../../lab/spec/from-graph";
import { run } from "../../../lab/runtime/exec";
import { findProcesses } from "../../../lab/runtime/processes";
import { labDescribe } from "../../helpers/lab-gate";
import { mutate, prodSecondPass } from "./fixtures";

/**
 * prod's interconnect and ECMP with real daemons: strongSwan + FRR for the four tunnels, FRR + BFD for the MSEE,
 * the provider router and the DX gateway, all from prod's second pass as recorded; then broken renderings.
 */
const describeLab = labDescribe("tests/lab/interconnect/lab.test.ts");

let prod: RecordedGraph;
beforeAll(async () => {
  prod = await prodSecondPass();
}, 120_000);

const only = (specs: LabSpec[]): LabSpec => {
  expect(specs).toHaveLength(1);
  return specs[0] as LabSpec;
};

function check(report: LabReport, name: LabCheckName): LabCheck {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check:\n${formatReport(report)}`);
  return found;
}

async function lab(graph: RecordedGraph, options: Parameters<typeof runLab>[1] = {}): Promise<LabReport> {
  const report = await runLab(only(labSpecsFromGraph(graph)), options);
  console.log(formatReport(report));
  // Independent of the lab's own teardown check.
  const namespaces = (await run("ip", ["netns", "list"])).stdout.split("\n").filter((l) => l.startsWith(`ccl${report.runId}-`));
  expect([check(report, "teardown").status, namespaces, findProcesses(["charon", "zebra", "bgpd", "bfdd", "node"], `crosscloud-lab-${report.runId}-`)]).toEqual(["pass", [], []]);
  return report;
}

describeLab("prod: ExpressRoute/Direct Connect primary, VPN backup, ECMP over four tunnels", () => {
  it("every check passes; the interconnect fails over within BFD detection + 2 s, and surviving ECMP tunnels lose nothing", async () => {
    const report = await lab(prod);
    expect(report.checks.filter((c) => c.status === "fail").map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    expect(report.checks.filter((c) => c.status === "skip").map((c) => c.name)).toEqual(["preferred-path"]);
    expect(check(report, "interconnect-preferred").detail).toContain("aws → 10.17.0.0/20 via dx0 (DX gateway)");
    expect(check(report, "interconnect-preferred").detail).toContain("azure → 10.1.32.0/20 via er0 (ExpressRoute)");
    expect(check(report, "interconnect-preferred").detail).toContain("4/4 VPN path(s) held as backup");
    expect(check(report, "interconnect-failover").seconds).toBeLessThanOrEqual(0.9 + 2);
    expect(check(report, "ecmp").detail).toMatch(/aws → 10\.17\.0\.0\/20: 4 next hop\(s\)/);
    // One flow on each of the three surviving tunnels, none of them losing a datagram.
    for (const t of ["a-t2", "b-t1", "b-t2"]) expect(check(report, "failover").detail).toMatch(new RegExp(`survivor flow on ${t} \\(source port \\d+, echo off a-t1\\): \\d+ sent, 0 lost`));
    expect(check(report, "failover").detail).toContain("azure → 10.1.0.0/20: 3 next hop(s)");
    expect(report.figures?.some((f) => f.startsWith("interconnect → VPN failover"))).toBe(true);
  }, 240_000);
});

describeLab("broken interconnect renderings fail the way the clouds would", () => {
  const fast = { skip: ["failover", "default-route-filtered"] as ("failover" | "default-route-filtered")[] };

  it("a DX allowed-prefix list without a spoke: that spoke is not reachable over the interconnect", async () => {
    const broken = mutate(prod, T.awsDxGatewayAssociation, "prod-er-dxgw-assoc", (v) => ({ ...v, allowedPrefixes: ["10.1.0.0/20", "10.1.16.0/20"] }));
    const report = await lab(broken, fast);
    // The sessions carry exactly what was rendered...
    expect(check(report, "interconnect-bgp").status).toBe("pass");
    // ...and Azure reaches the omitted spoke over the VPN only.
    const preferred = check(report, "interconnect-preferred");
    expect(preferred.status).toBe("fail");
    expect(preferred.detail).toContain("not in the DX gateway's allowed prefixes, so not reachable over the interconnect: 10.1.32.0/20");
    expect(preferred.detail).toMatch(/azure → 10\.1\.32\.0\/20 via vti/);
    expect(preferred.detail).toContain("azure → 10.1.0.0/20 via er0 (ExpressRoute)");
    expect(report.passed).toBe(false);
  }, 180_000);

  it("an ExpressRoute peering with swapped /30 addresses never establishes", async () => {
    // Azure is told Microsoft takes the first address of the primary /30; the provider's router holds it too.
    const broken = mutate(prod, TYPE.BgpSession, "prod-er-er-primary-bgp", (v) => ({ ...v, localAddress: v["peerAddress"], peerAddress: v["localAddress"] }));
    const report = await lab(broken, { ...fast, timeouts: { interconnectSeconds: 15 } });
    const bgp = check(report, "interconnect-bgp");
    expect(bgp.status).toBe("fail");
    expect(bgp.detail).toMatch(/provider ← MSEE \(ER primary\) 192\.168\.100\.2: (Active|Connect|Idle)/);
    expect(bgp.detail).toMatch(/MSEE ← provider \(ER primary\) 192\.168\.100\.2: (Active|Connect|Idle)/);
    expect(bgp.detail).toMatch(/provider ← MSEE \(ER secondary\) 192\.168\.100\.6: Established/);
    expect(check(report, "interconnect-preferred").status).toBe("skip");
  }, 180_000);
});
