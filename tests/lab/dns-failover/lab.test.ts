import { LabCheck, LabReport, formatReport } from "../../../lab";
import { DnsFailoverSpec, DnsFailoverSpecError, dnsFailoverSpecsFromGraph, runDnsFailoverLab, DNS_FLIP_MARGIN_SECONDS } from "../../../lab/dns-failover";
import { run } from "../../../lab/runtime/exec";
import { findProcesses } from "../../../lab/runtime/processes";
import { labDescribe } from "../../helpers/lab-gate";
import { previewStack } from "../../stacks/stack-preview";

/**
 * The dns-failover check for real: unbound as Route 53 and as the Azure resolver, in network namespaces
 * (root, Debian's unbound and dig). Skipped, saying why, where they are missing.
 */
const describeLab = labDescribe("tests/lab/dns-failover/lab.test.ts", "dns");

const check = (report: LabReport, name: string): LabCheck => {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check:\n${formatReport(report)}`);
  return found;
};

async function leftovers(runId: string): Promise<string[]> {
  const namespaces = (await run("ip", ["netns", "list"])).stdout
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(`ccd${runId}-`));
  return [...namespaces, ...findProcesses(["unbound"], `crosscloud-dnslab-${runId}-`).map((p) => `unbound ${p.pid}`)];
}

describeLab("lab: dns-failover (unbound as Route 53 and the Azure DNS Private Resolver)", () => {
  let spec: DnsFailoverSpec;
  beforeAll(async () => {
    const specs = dnsFailoverSpecsFromGraph((await previewStack("prod", false)).result.graph);
    spec = specs[0] as DnsFailoverSpec;
  }, 120_000);

  it(
    "prod: Azure clients get the secondary within the rendered TTL after the primary's alarm fires, and never an unreachable standby",
    async () => {
      const report = await runDnsFailoverLab(spec);
      console.log(formatReport(report));
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([
        ["dns-failover", "pass"],
        ["teardown", "pass"],
      ]);
      const flip = check(report, "dns-failover");
      expect(flip.seconds).toBeLessThanOrEqual(spec.ttl + DNS_FLIP_MARGIN_SECONDS);
      expect(flip.detail).toContain(`${spec.recordName} A 10.1.16.10 TTL 30 from Route 53`);
      expect(flip.detail).toMatch(/standby gate: primary down \+ standby alarms .* in ALARM → 10\.1\.16\.10; standby alarms OK → 10\.17\.1\.10/);
      expect(flip.detail).toContain("stand-ins: CloudWatch alarm states are set directly");
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );

  it(
    "fails a rendering whose standby check ignores the paths to it (threshold 0: always healthy)",
    async () => {
      const calc = spec.secondary.healthCheck;
      if (calc?.type !== "CALCULATED") throw new Error("prod's secondary should carry a calculated check");
      const report = await runDnsFailoverLab({ ...spec, secondary: { ...spec.secondary, healthCheck: { ...calc, threshold: 0 } } });
      console.log(formatReport(report));
      expect(report.passed).toBe(false);
      expect(check(report, "dns-failover").detail).toContain("Route 53 answered 10.17.1.10; it keeps the primary when the secondary is unhealthy");
      expect(check(report, "teardown").status).toBe("pass");
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );

  it("refuses a rendering whose Azure rule forwards the zone elsewhere, before creating anything", async () => {
    const before = (await run("ip", ["netns", "list"])).stdout;
    await expect(runDnsFailoverLab({ ...spec, azureForwardTargets: ["10.9.9.9"] })).rejects.toThrow(DnsFailoverSpecError);
    expect((await run("ip", ["netns", "list"])).stdout).toBe(before);
  });
});
