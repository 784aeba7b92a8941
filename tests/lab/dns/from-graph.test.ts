import { previewStack, StackRun } from "../../stacks/stack-preview";
import { CrossCloudDnsLabSpec, dnsLabSpecsFromGraph, validateDnsLabSpec } from "../../../lab/dns";
import { PROBE_LABEL, PUBLIC_DNS_IP } from "../../../lab/dns/from-graph";
import { T } from "../../../graph";
import { withInputs } from "./fixtures";

let prod: StackRun;
let spec: CrossCloudDnsLabSpec;
beforeAll(async () => {
  prod = await previewStack("prod", false);
  const specs = dnsLabSpecsFromGraph(prod.result.graph);
  expect(specs).toHaveLength(1);
  spec = specs[0] as CrossCloudDnsLabSpec;
}, 120_000);

const byName = (type: string, name: string) => {
  const r = prod.plan.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(name);
  return r;
};
const ips = (r: { outputs: Record<string, unknown> }): string[] => (r.outputs["ipAddresses"] as { ip: string }[]).map((a) => a.ip);

describe("cross-cloud DNS lab spec from the recorded graph", () => {
  it("takes every endpoint address from the rendered resources, none invented", () => {
    const r53In = byName(T.awsResolverEndpoint, "prod-dns-r53-inbound");
    const r53Out = byName(T.awsResolverEndpoint, "prod-dns-r53-outbound");
    const azIn = byName(T.azureDnsInboundEndpoint, "prod-dns-inbound");
    expect(spec.aws.inboundIps).toEqual(ips(r53In));
    expect(spec.aws.outboundIps).toEqual(ips(r53Out));
    expect(spec.azure.inboundIps).toEqual((azIn.outputs["ipConfigurations"] as { privateIpAddress: string }[]).map((c) => c.privateIpAddress));
    // The endpoints' VPC (its hostVpcId) and the resolver's VNet, with the clouds' resolver addresses.
    expect(spec.aws).toMatchObject({ network: "prod-shared-vpc", cidrs: ["10.1.32.0/20"], resolverIp: "10.1.32.2" });
    expect(spec.azure).toMatchObject({ network: "prod-hub-vnet", cidrs: ["10.17.0.0/20"], resolverIp: "168.63.129.16" });
    // The outbound endpoint exposes no address: the first assignable one of its rendered subnet (10.17.0.48/28).
    expect(spec.azure.outboundIps).toEqual(["10.17.0.52"]);
    expect(validateDnsLabSpec(spec)).toEqual([]);
  });

  it("takes the rules that apply in each network, with their rendered targets", () => {
    const awsRules = prod.plan.resources.filter((r) => r.type === T.awsResolverRule);
    const rendered = awsRules.map((r) => [r.inputs["domainName"], (r.inputs["targetIps"] as { ip: string }[]).map((t) => t.ip)]);
    expect(spec.aws.rules.map((r) => [r.domain, r.targets])).toEqual(expect.arrayContaining(rendered));
    expect(spec.aws.rules).toHaveLength(rendered.length);
    expect(spec.aws.rules.map((r) => r.domain)).toEqual(["prod.azure.example.internal", "blob.core.windows.net", "database.windows.net"]);
    expect(spec.azure.rules).toEqual([{ domain: "prod.aws.example.internal", targets: spec.aws.inboundIps, resource: "prod-dns-prod.aws.example.internal-fwd" }]);
  });

  it("puts a test record in each zone the networks see, standing in (and saying so) only for zones the stack does not create", () => {
    expect(spec.aws.zones).toEqual([{ zone: "prod.aws.example.internal", resource: "prod-failover-zone", records: [{ name: `${PROBE_LABEL}.prod.aws.example.internal`, type: "A", value: spec.aws.hostIp, ttl: 5 }] }]);
    expect(spec.azure.zones.map((z) => [z.zone, z.resource, z.records.map((r) => `${r.name} ${r.value}`)])).toEqual([
      ["privatelink.blob.core.windows.net", "prod-dns-privatelink.blob.core.windows.net-zone", ["acct.privatelink.blob.core.windows.net 10.17.1.5"]],
      ["privatelink.database.windows.net", "prod-dns-privatelink.database.windows.net-zone", ["acct.privatelink.database.windows.net 10.17.1.6"]],
      ["prod.azure.example.internal", undefined, [`${PROBE_LABEL}.prod.azure.example.internal 10.17.1.4`]],
    ]);
    expect(spec.notes.join("\n")).toContain("prod.azure.example.internal: forwarded to Azure by the other cloud's rule, but no Azure Private DNS zone for it is rendered by this stack");
  });

  it("gives every other VPC the rules are associated with its own Resolver (base + 2) and a test VM", () => {
    expect(spec.awsSpokes.map((v) => [v.network, v.cidr, v.resolverIp, v.hostIp, v.rules.map((r) => r.domain).sort(), v.zones])).toEqual([
      ["prod-analytics-vpc", "10.1.0.0/20", "10.1.0.2", "10.1.0.4", ["blob.core.windows.net", "database.windows.net", "prod.azure.example.internal"], ["prod.aws.example.internal"]],
      ["prod-payments-vpc", "10.1.16.0/20", "10.1.16.2", "10.1.16.4", ["blob.core.windows.net", "database.windows.net", "prod.azure.example.internal"], ["prod.aws.example.internal"]],
    ]);
    // Each VPC asks for each forwarded Azure zone, the endpoints' VPC first.
    expect(spec.probes.awsToAzure.map((p) => [p.network, p.name, p.rule])).toEqual(
      ["prod-shared-vpc", "prod-analytics-vpc", "prod-payments-vpc"].map((n) => [n, `${PROBE_LABEL}.prod.azure.example.internal`, "prod-dns-prod.azure.example.internal-rule"]),
    );
    expect(spec.probes.azureToAws.map((p) => p.network)).toEqual(["prod-hub-vnet"]);
  });

  it("models Microsoft's public CNAME for each Private Link zone and probes it by the public name", () => {
    expect(spec.probes.privateLink.filter((p) => p.network === "prod-shared-vpc").map((p) => [p.name, p.cname, p.expect])).toEqual([
      ["acct.blob.core.windows.net", "acct.privatelink.blob.core.windows.net", "10.17.1.5"],
      ["acct.database.windows.net", "acct.privatelink.database.windows.net", "10.17.1.6"],
    ]);
    expect(spec.probes.privateLink).toHaveLength(6);
    expect(spec.publicRecords).toContainEqual({ name: "acct.blob.core.windows.net", type: "CNAME", value: "acct.privatelink.blob.core.windows.net", ttl: 5 });
    const publicAnswer = spec.publicRecords.find((r) => r.name === "acct.privatelink.blob.core.windows.net");
    expect(publicAnswer?.value).toMatch(/^203\.0\.113\./);
    expect(PUBLIC_DNS_IP).toBe("198.51.100.53");
  });

  it("asks, for no-leak, names beside every forwarded zone that no rule matches", () => {
    expect(spec.probes.noLeakFromAws).toEqual(["crosscloud-lab-noleak.azure.example.internal", "crosscloud-lab-noleak.core.windows.net", "crosscloud-lab-noleak.windows.net", "crosscloud-lab-noleak.example.com"]);
    expect(spec.probes.noLeakFromAzure).toEqual(["crosscloud-lab-noleak.aws.example.internal", "crosscloud-lab-noleak.example.com"]);
  });

  it("keeps a wrong rule target as rendered: the lab's check, not the spec, must catch it", () => {
    const graph = withInputs(prod.result.graph, T.awsResolverRule, "prod-dns-prod.azure.example.internal-rule", (i) => ({ ...i, targetIps: [{ ip: "10.17.0.99", port: 53 }] }));
    const [wrong] = dnsLabSpecsFromGraph(graph);
    expect(wrong?.aws.rules[0]).toEqual({ domain: "prod.azure.example.internal", targets: ["10.17.0.99"], resource: "prod-dns-prod.azure.example.internal-rule" });
    expect(validateDnsLabSpec(wrong as CrossCloudDnsLabSpec)).toEqual([]);
  });

  it("leaves out a Private Link zone linked to another VNet, as Azure DNS would", () => {
    const other = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/crosscloud-prod/providers/Microsoft.Network/virtualNetworks/elsewhere";
    const graph = withInputs(prod.result.graph, T.azurePrivateDnsZoneVnetLink, "prod-dns-privatelink.blob.core.windows.net-zone-link", (i) => ({ ...i, virtualNetwork: { id: other } }));
    const [unlinked] = dnsLabSpecsFromGraph(graph);
    expect(unlinked?.azure.zones.map((z) => z.zone)).not.toContain("privatelink.blob.core.windows.net");
    expect(unlinked?.notes.join("\n")).toContain("privatelink.blob.core.windows.net is rendered but not linked to the VNet of the resolver endpoints");
  });

  it("leaves out a rule not associated with the endpoints' VPC, and still asks for its zone there (a probe that must fail)", () => {
    const assocs = prod.plan.resources.filter((r) => r.type === T.awsResolverRuleAssociation && r.name.startsWith("prod-dns-database.windows.net-"));
    let graph = prod.result.graph;
    for (const a of assocs.filter((x) => x.name.endsWith("-shared-assoc"))) graph = withInputs(graph, T.awsResolverRuleAssociation, a.name, (i) => ({ ...i, vpcId: "vpc-0000000000000000" }));
    const [s] = dnsLabSpecsFromGraph(graph);
    expect(s?.aws.rules.map((r) => r.domain)).toEqual(["prod.azure.example.internal", "blob.core.windows.net"]);
    expect(s?.probes.privateLink.find((p) => p.network === "prod-shared-vpc" && p.name === "acct.database.windows.net")?.rule).toBe(
      "none: no rule for database.windows.net is associated with prod-shared-vpc",
    );
  });

  it("has nothing to run for dev, whose DNS renders no endpoints (inboundEndpoints: false)", async () => {
    const dev = await previewStack("dev", false);
    expect(dev.result.graph.resources.some((r) => r.type === T.awsResolverEndpoint)).toBe(false);
    expect(dnsLabSpecsFromGraph(dev.result.graph)).toEqual([]);
  }, 120_000);
});
