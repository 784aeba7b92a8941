import { mocks } from "../helpers/pulumi-mocks";
import { CrossCloudDns, CrossCloudDnsArgs } from "../../components";
import { PlanError, matchingForwardRule } from "../../sdk";

/** What Route 53 forwards by default: the public zones of the Blob, SQL and Key Vault Private Link zones. */
const DEFAULT_FORWARDED = ["blob.core.windows.net", "database.windows.net", "vaultcore.azure.net", "vault.azure.net"];

const T = {
  r53Endpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
  r53Rule: "aws:route53/resolverRule:ResolverRule",
  r53Assoc: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  resolver: "azure-native:dnsresolver:DnsResolver",
  inbound: "azure-native:dnsresolver:InboundEndpoint",
  outbound: "azure-native:dnsresolver:OutboundEndpoint",
  ruleset: "azure-native:dnsresolver:DnsForwardingRuleset",
  fwd: "azure-native:dnsresolver:ForwardingRule",
  link: "azure-native:dnsresolver:PrivateResolverVirtualNetworkLink",
  zone: "azure-native:privatedns:PrivateZone",
  zoneLink: "azure-native:privatedns:VirtualNetworkLink",
} as const;

const VNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub";
const base: CrossCloudDnsArgs = {
  awsRegion: "us-east-1",
  vpcId: "vpc-0hub0000000000000",
  resolverSubnets: { "resolver-a": { subnetId: "subnet-0aaaa000000000000", az: "us-east-1a" }, "resolver-b": { subnetId: "subnet-0bbbb000000000000", az: "us-east-1b" } },
  associatedVpcIds: { hub: "vpc-0hub0000000000000", app: "vpc-0app0000000000000" },
  resourceGroupName: "rg-net",
  location: "eastus",
  virtualNetworkId: VNET,
  inboundSubnetId: `${VNET}/subnets/dns-inbound`,
  outboundSubnetId: `${VNET}/subnets/dns-outbound`,
  linkedVirtualNetworkIds: { hub: VNET, spoke: `${VNET}-spoke` },
  awsPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
};

const azureInboundIps = (): string[] => (mocks.created(T.inbound, "dns-inbound").output("ipConfigurations") as { privateIpAddress: string }[]).map((c) => c.privateIpAddress);
const awsInboundIps = (): string[] => (mocks.created(T.r53Endpoint, "dns-r53-inbound").output("ipAddresses") as { ip: string }[]).map((a) => a.ip);

function planError(args: CrossCloudDnsArgs): PlanError {
  try {
    new CrossCloudDns("dns", args);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error("expected a PlanError");
}

afterEach(() => mocks.reset());

describe("CrossCloudDns", () => {
  it("forwards the Azure zones from AWS to exactly the Azure inbound endpoint IPs", async () => {
    new CrossCloudDns("dns", base);
    await mocks.settled();
    const targets = azureInboundIps().map((ip) => ({ ip, port: 53 }));
    expect(targets).toHaveLength(1);
    expect(targets[0]?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const outbound = mocks.created(T.r53Endpoint, "dns-r53-outbound");
    const rules = mocks.all(T.r53Rule);
    expect(rules.map((r) => r.input("domainName"))).toEqual(DEFAULT_FORWARDED);
    for (const rule of rules) {
      expect([rule.input("ruleType"), rule.input("resolverEndpointId"), rule.input("targetIps")]).toEqual(["FORWARD", outbound.id, targets]);
      expect(rule.propertyDependencies["targetIps"]).toEqual([mocks.created(T.inbound, "dns-inbound").urn]);
    }
  });

  it("forwards the AWS zones from Azure, dot-terminated, to exactly the Route 53 inbound endpoint IPs", async () => {
    new CrossCloudDns("dns", { ...base, awsZones: ["ec2.internal", "corp.example.com."] });
    await mocks.settled();
    const targets = awsInboundIps().map((ipAddress) => ({ ipAddress, port: 53 }));
    expect(targets).toHaveLength(2);
    const ruleset = mocks.created(T.ruleset, "dns-ruleset");
    expect(ruleset.input("dnsResolverOutboundEndpoints")).toEqual([{ id: mocks.created(T.outbound, "dns-outbound").id }]);
    const rules = mocks.all(T.fwd);
    expect(rules.map((r) => [r.name, r.input("domainName"), r.input("forwardingRuleName")])).toEqual([
      ["dns-ec2.internal-fwd", "ec2.internal.", "ec2-internal"],
      ["dns-corp.example.com-fwd", "corp.example.com.", "corp-example-com"],
    ]);
    for (const rule of rules) {
      expect((rule.input("domainName") as string).endsWith(".")).toBe(true);
      expect([rule.input("dnsForwardingRulesetName"), rule.input("targetDnsServers"), rule.input("forwardingRuleState")]).toEqual([ruleset.output("name"), targets, "Enabled"]);
    }
  });

  it("defaults the AWS zone to the Region's EC2 names", async () => {
    new CrossCloudDns("dns", { ...base, awsRegion: "eu-west-1" });
    await mocks.settled();
    expect(mocks.all(T.fwd).map((r) => r.input("domainName"))).toEqual(["eu-west-1.compute.internal."]);
  });

  it("gives both Route 53 endpoints one IP in each of two subnets in distinct AZs", async () => {
    new CrossCloudDns("dns", base);
    await mocks.settled();
    for (const name of ["dns-r53-inbound", "dns-r53-outbound"]) {
      const endpoint = mocks.created(T.r53Endpoint, name);
      const addresses = endpoint.output("ipAddresses") as { subnetId: string; ip: string }[];
      expect(addresses.map((a) => a.subnetId)).toEqual(["subnet-0aaaa000000000000", "subnet-0bbbb000000000000"]);
      expect(new Set(addresses.map((a) => a.ip)).size).toBe(2);
      expect(endpoint.input("securityGroupIds")).toEqual([mocks.created(T.sg, "dns-resolver-sg").id]);
    }
    expect(mocks.created(T.r53Endpoint, "dns-r53-inbound").input("direction")).toBe("INBOUND");
    expect(mocks.created(T.r53Endpoint, "dns-r53-outbound").input("direction")).toBe("OUTBOUND");
  });

  it("opens port 53 (TCP and UDP) only to the two clouds' prefixes, and talks only to the Azure inbound IP", async () => {
    new CrossCloudDns("dns", base);
    await mocks.settled();
    const sg = mocks.created(T.sg, "dns-resolver-sg");
    expect(sg.input("ingress")).toBeUndefined();
    expect(sg.input("egress")).toBeUndefined();
    const rule = (r: ReturnType<typeof mocks.all>[number]) => [r.input("securityGroupId"), r.input("ipProtocol"), r.input("fromPort"), r.input("toPort"), r.input("cidrIpv4")];
    expect(mocks.all(T.ingress).map(rule).sort()).toEqual(
      ["10.0.0.0/20", "10.0.16.0/20", "10.16.0.0/20"].flatMap((c) => [[sg.id, "tcp", 53, 53, c], [sg.id, "udp", 53, 53, c]]).sort(),
    );
    const [azureIp] = azureInboundIps();
    expect(mocks.all(T.egress).map(rule)).toEqual([
      [sg.id, "tcp", 53, 53, `${azureIp}/32`],
      [sg.id, "udp", 53, 53, `${azureIp}/32`],
    ]);
  });

  it("associates every AWS rule with every listed VPC and links every listed VNet to the ruleset", async () => {
    new CrossCloudDns("dns", base);
    await mocks.settled();
    const rules = new Map(mocks.all(T.r53Rule).map((r) => [r.id, r.input("domainName")]));
    const pairs = mocks.all(T.r53Assoc).map((a) => `${rules.get(a.input("resolverRuleId") as string) as string}@${a.input("vpcId") as string}`);
    expect(pairs.sort()).toEqual(DEFAULT_FORWARDED.flatMap((z) => [`${z}@vpc-0app0000000000000`, `${z}@vpc-0hub0000000000000`]).sort());
    const ruleset = mocks.created(T.ruleset, "dns-ruleset");
    expect(mocks.all(T.link).map((l) => [l.name, l.input("dnsForwardingRulesetName"), l.input("virtualNetwork.id")])).toEqual([
      ["dns-hub-link", ruleset.output("name"), VNET],
      ["dns-spoke-link", ruleset.output("name"), `${VNET}-spoke`],
    ]);
    const resolver = mocks.created(T.resolver, "dns-resolver");
    expect(resolver.input("virtualNetwork.id")).toBe(VNET);
    expect(mocks.created(T.inbound, "dns-inbound").input("ipConfigurations")).toEqual([{ subnet: { id: `${VNET}/subnets/dns-inbound` }, privateIpAllocationMethod: "Dynamic" }]);
    expect(mocks.created(T.outbound, "dns-outbound").input("subnet.id")).toBe(`${VNET}/subnets/dns-outbound`);
  });

  it("forwards a Private Link zone by its public zone, which the name an AWS client asks for matches", async () => {
    const dns = new CrossCloudDns("dns", { ...base, azureZones: ["corp.azure.example"], privateLinkZones: ["privatelink.blob.core.windows.net"] });
    await mocks.settled();
    const domains = mocks.all(T.r53Rule).map((r) => r.input("domainName") as string);
    expect(domains).toEqual(["corp.azure.example", "blob.core.windows.net"]);
    expect(matchingForwardRule("acct.blob.core.windows.net", domains)).toBe("blob.core.windows.net");
    expect(Object.keys(dns.awsRuleIds)).toEqual(domains);
    // Nothing on Azure's side unless asked: the private zone is the user's, linked to the resolver's VNet.
    expect([mocks.all(T.zone), mocks.all(T.zoneLink)]).toEqual([[], []]);
  });

  it("creates the Private Link zones, when asked, linked to the resolver's VNet with public fallback", async () => {
    const dns = new CrossCloudDns("dns", { ...base, privateLinkZones: ["privatelink.blob.core.windows.net"], createPrivateLinkZones: true, tags: { owner: "net" } });
    await mocks.settled();
    const zone = mocks.created(T.zone, "dns-privatelink.blob.core.windows.net-zone");
    expect([zone.input("privateZoneName"), zone.input("location"), zone.input("resourceGroupName"), zone.input("tags")]).toEqual(["privatelink.blob.core.windows.net", "global", "rg-net", { owner: "net" }]);
    const link = mocks.created(T.zoneLink, "dns-privatelink.blob.core.windows.net-zone-link");
    expect([link.input("privateZoneName"), link.input("virtualNetwork.id"), link.input("registrationEnabled"), link.input("resolutionPolicy")]).toEqual([zone.output("name"), VNET, false, "NxDomainRedirect"]);
    // The VNet linked is the one whose resolver answers AWS's forwarded queries.
    expect(mocks.created(T.resolver, "dns-resolver").input("virtualNetwork.id")).toBe(link.input("virtualNetwork.id"));
    expect(await mocks.valueOf(dns.privateLinkZoneIds["privatelink.blob.core.windows.net"] as never)).toBe(zone.id);
  });

  it("tags every taggable resource, AWS ones with a Name", async () => {
    new CrossCloudDns("dns", { ...base, tags: { owner: "net" } });
    await mocks.settled();
    for (const r of [...mocks.all(T.sg), ...mocks.all(T.ingress), ...mocks.all(T.egress), ...mocks.all(T.r53Endpoint), ...mocks.all(T.r53Rule)]) {
      expect(r.input("tags")).toEqual({ owner: "net", Name: expect.stringMatching(/^dns-/) });
    }
    for (const r of [...mocks.all(T.resolver), ...mocks.all(T.inbound), ...mocks.all(T.outbound), ...mocks.all(T.ruleset)]) expect(r.input("tags")).toEqual({ owner: "net" });
  });

  it("exposes both sides' inbound IPs", async () => {
    const dns = new CrossCloudDns("dns", base);
    await mocks.settled();
    expect(await mocks.valueOf(dns.awsInboundIps)).toEqual(awsInboundIps());
    expect(await mocks.valueOf(dns.azureInboundIps)).toEqual(azureInboundIps());
  });

  it("dev option: without inbound endpoints nothing is created (no rule could target anything) and the IP outputs are empty", async () => {
    const dns = new CrossCloudDns("dns", { ...base, inboundEndpoints: false, inboundSubnetId: undefined });
    await mocks.settled();
    expect(mocks.all().map((r) => r.type)).toEqual(["crosscloud:index:CrossCloudDns"]);
    expect(await mocks.valueOf(dns.awsInboundIps)).toEqual([]);
    expect(await mocks.valueOf(dns.azureInboundIps)).toEqual([]);
    expect([dns.awsOutboundEndpointId, dns.azureOutboundEndpointId, dns.forwardingRulesetId]).toEqual([undefined, undefined, undefined]);
  });

  it("validates subnets, zones and sources before registering anything", async () => {
    const error = planError({
      ...base,
      resolverSubnets: { a: { subnetId: "subnet-1", az: "us-east-1a" }, b: { subnetId: "subnet-2", az: "us-east-1a" } },
      awsZones: ["ec2.internal", "blob.core.windows.net"],
      azureZones: ["privatelink.blob.core.windows.net", "bad_zone.example"],
      privateLinkZones: ["privatelink.blob.core.windows.net"],
      inboundSubnetId: undefined,
      azurePrefixes: ["0.0.0.0/0"],
      azureSubnetCidrs: { inbound: "10.16.1.0/29" },
    });
    expect(error.issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["dns.azureZones.1", "DNS_NAME_INVALID", `"bad_zone.example" is not a valid DNS zone name: it has invalid label "bad_zone" (letters, digits and '-', 1–63 characters, not starting or ending with '-')`],
      [
        "dns.azureZones.0",
        "DNS_PRIVATE_LINK",
        `"privatelink.blob.core.windows.net" cannot be forwarded from AWS: clients query acct.blob.core.windows.net, which a rule for privatelink.blob.core.windows.net never matches, so they would get the public address; ` +
          `Microsoft: "the conditional forwarding must be made to the recommended public DNS zone forwarder". Move it to dns.privateLinkZones (Route 53 then forwards blob.core.windows.net) or forward blob.core.windows.net here`,
      ],
      ["dns.awsZones.1", "DNS_DUPLICATE", `"blob.core.windows.net" is listed as both an AWS and an Azure zone; queries would loop between the clouds`],
      ["dns.resolverSubnets", "SUBNET_AZS", "Route 53 Resolver endpoints need subnets in at least 2 Availability Zones; found 1 (us-east-1a)"],
      ["dns.inboundSubnetId", "VALUE_REQUIRED", "an inbound endpoint subnet is required unless inboundEndpoints is false"],
      ["dns.azureSubnetCidrs.inbound", "DNS_SUBNET_SIZE", "10.16.1.0/29 must be /28 to /24 for a DNS Private Resolver endpoint"],
      ["dns.azurePrefixes.0", "DEFAULT_ROUTE", "0.0.0.0/0 would open the resolver endpoints' port 53 to every address; list the clouds' own prefixes"],
    ]);
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("reports zones that would share an Azure rule name", () => {
    expect(planError({ ...base, awsZones: ["a-b.example.com", "a.b-example.com"] }).issues.map((i) => [i.path, i.code])).toEqual([["dns.awsZones.1", "DNS_DUPLICATE"]]);
  });
});
