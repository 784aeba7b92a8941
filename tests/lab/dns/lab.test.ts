import { formatReport } from "../../../lab";
import { CrossCloudDnsLabSpec, DnsLabReport, dnsLabSpecsFromGraph, runCrossCloudDnsLab } from "../../../lab/dns";
import { T, type RecordedGraph } from "../../../graph";
import { run } from "../../../lab/runtime/exec";
import { findProcesses } from "../../../lab/runtime/processes";
import { labDescribe } from "../../helpers/lab-gate";
import { previewStack } from "../../stacks/stack-preview";
import { withInputs } from "./fixtures";

/**
 * The cross-cloud DNS lab for real: unbound as Route 53 Resolver, Azure DNS, both inbound endpoints and public
 * DNS, in network namespaces (root, Debian's unbound and dig). Skipped, saying why, where they are missing.
 */
const describeLab = labDescribe("tests/lab/dns/lab.test.ts", "dns");

const status = (report: DnsLabReport): [string, string][] => report.checks.map((c) => [c.name, c.status]);
const detail = (report: DnsLabReport, name: string): string => report.checks.find((c) => c.name === name)?.detail ?? "";

async function leftovers(runId: string): Promise<string[]> {
  const namespaces = (await run("ip", ["netns", "list"])).stdout
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(`ccn${runId}-`));
  return [...namespaces, ...findProcesses(["unbound"], `crosscloud-dns-${runId}-`).map((p) => `unbound ${p.pid}`)];
}

const only = (graph: RecordedGraph): CrossCloudDnsLabSpec => {
  const specs = dnsLabSpecsFromGraph(graph);
  expect(specs).toHaveLength(1);
  return specs[0] as CrossCloudDnsLabSpec;
};

describeLab("lab: cross-cloud DNS (unbound as Route 53 Resolver, Azure DNS and both inbound endpoints)", () => {
  let graph: RecordedGraph;
  beforeAll(async () => {
    graph = (await previewStack("prod", false)).result.graph;
  }, 120_000);

  it(
    "prod: both directions and Private Link resolve across the link, and nothing else crosses",
    async () => {
      const spec = only(graph);
      const report = await runCrossCloudDnsLab(spec);
      console.log(formatReport(report));
      expect(status(report)).toEqual([
        ["dns-aws-to-azure", "pass"],
        ["dns-azure-to-aws", "pass"],
        ["dns-privatelink", "pass"],
        ["dns-no-leak", "pass"],
        ["teardown", "pass"],
      ]);
      expect(detail(report, "dns-aws-to-azure")).toContain("ok: prod-shared-vpc: crosscloud-lab-probe.prod.azure.example.internal at 10.1.32.2: NOERROR A 10.17.1.4");
      expect(detail(report, "dns-aws-to-azure")).toContain("ok: prod-payments-vpc: crosscloud-lab-probe.prod.azure.example.internal at 10.1.16.2: NOERROR A 10.17.1.4");
      expect(detail(report, "dns-privatelink")).toContain("ok: prod-analytics-vpc: acct.blob.core.windows.net at 10.1.0.2: NOERROR CNAME acct.privatelink.blob.core.windows.net → A 10.17.1.5");
      expect(detail(report, "dns-aws-to-azure")).toMatch(/Azure inbound endpoint \(10\.17\.0\.36\) logged it from 10\.1\.3[23]\.\d+ \(the Route 53 outbound endpoint\)/);
      expect(detail(report, "dns-aws-to-azure")).toMatch(/ok: with the link between the clouds cut, crosscloud-lab-probe\.prod\.azure\.example\.internal got (TIMEOUT|SERVFAIL); restored, NOERROR A 10\.17\.1\.4/);
      expect(detail(report, "dns-azure-to-aws")).toContain("logged it from 10.17.0.52 (the Azure outbound endpoint)");
      // Bring-up (namespaces, links, five unbound servers) and the whole run: targets 10 s on a loaded 2-core machine.
      console.log(`dns lab bring-up ${report.setupSeconds} s, total ${report.totalSeconds} s`);
      expect(detail(report, "dns-privatelink")).toContain("acct.blob.core.windows.net at 10.1.32.2: NOERROR CNAME acct.privatelink.blob.core.windows.net → A 10.17.1.5");
      expect(detail(report, "dns-no-leak")).toContain("Azure inbound endpoint (10.17.0.36) logged none of the 4");
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );

  it(
    "fails dns-aws-to-azure for a rendering whose Route 53 rule targets a wrong inbound address",
    async () => {
      const mutated = withInputs(graph, T.awsResolverRule, "prod-dns-prod.azure.example.internal-rule", (i) => ({ ...i, targetIps: [{ ip: "10.17.0.99", port: 53 }] }));
      const report = await runCrossCloudDnsLab(only(mutated));
      console.log(formatReport(report));
      expect(report.passed).toBe(false);
      expect(status(report)).toEqual([
        ["dns-aws-to-azure", "fail"],
        ["dns-azure-to-aws", "pass"],
        ["dns-privatelink", "pass"],
        ["dns-no-leak", "pass"],
        ["teardown", "pass"],
      ]);
      expect(detail(report, "dns-aws-to-azure")).toContain("Azure inbound endpoint (10.17.0.36) logged NO query for it");
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );

  it(
    "fails dns-aws-to-azure for a spoke VPC the rule is not associated with",
    async () => {
      const mutated = withInputs(graph, T.awsResolverRuleAssociation, "prod-dns-prod.azure.example.internal-payments-assoc", (i) => ({ ...i, vpcId: "vpc-0000000000000000" }));
      const report = await runCrossCloudDnsLab(only(mutated));
      console.log(formatReport(report));
      expect(status(report).find(([n]) => n === "dns-aws-to-azure")).toEqual(["dns-aws-to-azure", "fail"]);
      expect(detail(report, "dns-aws-to-azure")).toMatch(/FAILED: prod-payments-vpc: crosscloud-lab-probe\.prod\.azure\.example\.internal at 10\.1\.16\.2: NOERROR A 203\.0\.113\.\d+|FAILED: prod-payments-vpc: crosscloud-lab-probe\.prod\.azure\.example\.internal at 10\.1\.16\.2: NXDOMAIN/);
      expect(detail(report, "dns-aws-to-azure")).toContain("rule none: no rule for prod.azure.example.internal is associated with prod-payments-vpc");
      expect(detail(report, "dns-aws-to-azure")).toContain("ok: prod-analytics-vpc:");
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );

  it(
    "fails dns-privatelink when the privatelink zone is linked to another VNet: AWS gets Microsoft's public address",
    async () => {
      const other = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/crosscloud-prod/providers/Microsoft.Network/virtualNetworks/elsewhere";
      const mutated = withInputs(graph, T.azurePrivateDnsZoneVnetLink, "prod-dns-privatelink.blob.core.windows.net-zone-link", (i) => ({ ...i, virtualNetwork: { id: other } }));
      const report = await runCrossCloudDnsLab(only(mutated));
      console.log(formatReport(report));
      expect(status(report).find(([n]) => n === "dns-privatelink")).toEqual(["dns-privatelink", "fail"]);
      expect(detail(report, "dns-privatelink")).toMatch(/FAILED: prod-shared-vpc: acct\.blob\.core\.windows\.net at 10\.1\.32\.2: NOERROR CNAME acct\.privatelink\.blob\.core\.windows\.net → A 203\.0\.113\.\d+/);
      expect(detail(report, "dns-privatelink")).toMatch(/ok: prod-shared-vpc: acct\.database\.windows\.net/);
      expect(await leftovers(report.runId)).toEqual([]);
    },
    120_000,
  );
});
