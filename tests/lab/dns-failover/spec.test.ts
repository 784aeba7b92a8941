import { previewStack, StackRun } from "../../stacks/stack-preview";
import { DnsFailoverSpec, dnsFailoverSpecsFromGraph, expectedAnswer, renderAzureResolverConf, renderRoute53Conf, renderZoneFile, specAlarms, validateDnsFailoverSpec } from "../../../lab/dns-failover";
import { AlarmState } from "../../../sdk";

let prod: StackRun;
let spec: DnsFailoverSpec;
beforeAll(async () => {
  prod = await previewStack("prod", false);
  const specs = dnsFailoverSpecsFromGraph(prod.result.graph);
  expect(specs).toHaveLength(1);
  spec = specs[0] as DnsFailoverSpec;
});

const byName = (type: string, name: string) => {
  const r = prod.plan.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(name);
  return r;
};

describe("dns-failover spec from the recorded graph", () => {
  it("takes the records, the zone and the DNS path from the rendered resources", () => {
    const inbound = byName("aws:route53/resolverEndpoint:ResolverEndpoint", "prod-dns-r53-inbound");
    const azureInbound = byName("azure-native:dnsresolver:InboundEndpoint", "prod-dns-inbound");
    expect(spec).toMatchObject({
      recordName: "payments-api.prod.aws.example.internal",
      zone: "prod.aws.example.internal",
      ttl: 30,
      primary: { value: "10.1.16.10", setIdentifier: "payments-api-primary" },
      secondary: { value: "10.17.1.10", setIdentifier: "payments-api-secondary" },
      route53InboundIps: (inbound.outputs["ipAddresses"] as { ip: string }[]).map((a) => a.ip),
      azureResolverIp: (azureInbound.outputs["ipConfigurations"] as { privateIpAddress: string }[])[0]?.privateIpAddress,
    });
    expect(spec.azureForwardTargets).toEqual(spec.route53InboundIps);
    expect(validateDnsFailoverSpec(spec)).toEqual([]);
  });

  it("follows the health wiring down to the alarms the plan names", () => {
    // The failover's own alarms (the stack's health alarms, crosscloud:alarms, feed no health check).
    const alarms = prod.plan.resources
      .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && (r.parent ?? "").includes("crosscloud:index:CrossCloudFailover"))
      .map((a) => a.outputs["name"]);
    expect(alarms).toHaveLength(3);
    expect(specAlarms(spec)).toEqual([...alarms].sort());
    expect(spec.primary.healthCheck).toMatchObject({ type: "CLOUDWATCH_METRIC", alarmRegion: "us-east-1", insufficientData: "LastKnownStatus" });
    expect(spec.secondary.healthCheck).toMatchObject({ type: "CALCULATED", threshold: 1 });
  });

  it("answers as Route 53 documents for the alarm states the lab sets", () => {
    const [primaryAlarm, reachA, reachB] = [spec.primary.healthCheck, ...(spec.secondary.healthCheck?.type === "CALCULATED" ? spec.secondary.healthCheck.children : [])].map((c) => (c?.type === "CLOUDWATCH_METRIC" ? c.alarmName : ""));
    const states = (p: AlarmState, a: AlarmState, b: AlarmState) => new Map([[primaryAlarm as string, p], [reachA as string, a], [reachB as string, b]]);
    expect(expectedAnswer(spec, states("OK", "OK", "OK"))).toBe("10.1.16.10");
    expect(expectedAnswer(spec, states("ALARM", "OK", "ALARM"))).toBe("10.17.1.10");
    expect(expectedAnswer(spec, states("ALARM", "ALARM", "ALARM"))).toBe("10.1.16.10");
  });

  it("refuses, before creating anything, a rendering Azure clients could not resolve through", () => {
    const problems = validateDnsFailoverSpec({ ...spec, azureForwardTargets: ["10.9.9.9"], secondary: { ...spec.secondary, value: spec.primary.value }, ttl: 0 });
    expect(problems).toEqual([
      "TTL 0 s: the lab waits up to one TTL, so it runs TTLs of 1–300 s",
      "both records answer 10.1.16.10: a flip could not be seen",
      `the Azure forwarding rule for prod.aws.example.internal targets 10.9.9.9, which is not a Route 53 inbound endpoint address(es) (${spec.route53InboundIps.join(", ")})`,
    ]);
  });

  it("renders unbound: Route 53 as an authoritative zone with the rendered TTL, the Azure resolver forwarding to the rule's targets", () => {
    const paths = { dir: "/run/x", pidFile: "/run/x/p", logFile: "/run/x/l", controlSocket: "/run/x/c" };
    const r53 = renderRoute53Conf(spec, paths, "/run/x/zone.txt");
    for (const ip of spec.route53InboundIps) expect(r53).toContain(`  interface: ${ip}\n`);
    expect(r53).toContain('auth-zone:\n  name: "prod.aws.example.internal."\n  zonefile: "/run/x/zone.txt"\n  for-downstream: yes');
    expect(renderZoneFile(spec, "10.17.1.10", 7)).toContain("payments-api.prod.aws.example.internal. 30 IN A 10.17.1.10\n");
    expect(renderZoneFile(spec, "10.17.1.10", 7)).toContain("@ 30 IN SOA ns hostmaster 7 30 30 86400 30");
    const az = renderAzureResolverConf(spec, paths);
    expect(az).toContain(`  interface: ${spec.azureResolverIp}\n`);
    expect(az).toContain(`forward-zone:\n  name: "prod.aws.example.internal."\n${spec.azureForwardTargets.map((t) => `  forward-addr: ${t}`).join("\n")}`);
    expect(az).toMatch(/prefetch: no\n {2}serve-expired: no\n {2}cache-min-ttl: 0/);
  });
});
