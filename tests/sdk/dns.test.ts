import { DEFAULT_AZURE_ZONES, checkZoneDirections, checkZoneName, checkZones, defaultAwsZones, matchingForwardRule, normalizeZone, planDnsZones, toAwsDomain, toAzureDomain } from "../../sdk/dns";
import { DEFAULT_PRIVATE_LINK_ZONES } from "../../sdk/private-link";

const LABEL_RULE = "(letters, digits and '-', 1–63 characters, not starting or ending with '-')";

describe("zone names", () => {
  it("normalises to lower case without the trailing dot; Azure gets the dot-terminated form", () => {
    expect([normalizeZone(" Corp.Example.COM. "), toAwsDomain("corp.example.com."), toAzureDomain("corp.example.com"), toAzureDomain("corp.example.com.")]).toEqual([
      "corp.example.com",
      "corp.example.com",
      "corp.example.com.",
      "corp.example.com.",
    ]);
  });

  it.each(["corp.example.com", "corp.example.com.", "privatelink.blob.core.windows.net", "ec2.internal", "a-1.b2", `${"a.".repeat(33)}b`])("accepts %s", (zone) => {
    expect(checkZoneName("dns.awsZones.0", zone)).toEqual([]);
  });

  it.each([
    ["internal", "must have 2–34 labels (Azure forwarding rules)"],
    [`${"a.".repeat(34)}b`, "must have 2–34 labels (Azure forwarding rules)"],
    ["bad_label.example.com", `has invalid label "bad_label" ${LABEL_RULE}`],
    ["-x.example.com", `has invalid label "-x" ${LABEL_RULE}`],
    ["a..b", `has invalid label "" ${LABEL_RULE}`],
    ["x-.y_.com", `has invalid labels "x-", "y_" ${LABEL_RULE}`],
    [`${"a".repeat(64)}.com`, `has invalid label "${"a".repeat(64)}" ${LABEL_RULE}`],
    ["", `must be 1–253 characters; must have 2–34 labels (Azure forwarding rules); has invalid label "" ${LABEL_RULE}`],
  ])("rejects %j", (zone, problems) => {
    expect(checkZoneName("dns.awsZones.0", zone)).toEqual([{ path: "dns.awsZones.0", code: "DNS_NAME_INVALID", message: `"${zone}" is not a valid DNS zone name: it ${problems}` }]);
  });

  it("rejects names over 253 characters", () => {
    const zone = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}`;
    expect(checkZoneName("z", zone).map((i) => i.message)).toEqual([`"${zone}" is not a valid DNS zone name: it must be 1–253 characters`]);
  });
});

describe("zone lists", () => {
  it("reports a zone listed twice, after normalisation, pointing at the first listing", () => {
    expect(checkZones("dns.azureZones", ["corp.example.com", "other.example.com", "Corp.Example.com."])).toEqual([
      { path: "dns.azureZones.2", code: "DNS_DUPLICATE", message: `"Corp.Example.com." is listed twice (also at dns.azureZones.0)` },
    ]);
  });

  it("reports names and duplicates together, in list order", () => {
    expect(checkZones("dns.awsZones", ["bad", "x.com", "bad"]).map((i) => [i.path, i.code])).toEqual([
      ["dns.awsZones.0", "DNS_NAME_INVALID"],
      ["dns.awsZones.2", "DNS_NAME_INVALID"],
      ["dns.awsZones.2", "DNS_DUPLICATE"],
    ]);
  });

  it("rejects a zone forwarded in both directions, in either spelling", () => {
    expect(checkZoneDirections("dns", ["corp.example.com", "ec2.internal"], ["privatelink.blob.core.windows.net", "CORP.example.com."])).toEqual([
      { path: "dns.awsZones.0", code: "DNS_DUPLICATE", message: `"corp.example.com" is listed as both an AWS and an Azure zone; queries would loop between the clouds` },
    ]);
    expect(checkZoneDirections("dns", ["ec2.internal"], DEFAULT_AZURE_ZONES)).toEqual([]);
  });

  it("defaults to the EC2 private zone of the region, no zone by name, and the Blob, SQL and Key Vault Private Link zones", () => {
    expect([defaultAwsZones("us-east-1"), defaultAwsZones("eu-west-1")]).toEqual([["ec2.internal"], ["eu-west-1.compute.internal"]]);
    expect(DEFAULT_AZURE_ZONES).toEqual([]);
    expect(DEFAULT_PRIVATE_LINK_ZONES).toEqual(["privatelink.blob.core.windows.net", "privatelink.database.windows.net", "privatelink.vaultcore.azure.net"]);
    expect(planDnsZones("dns", { awsRegion: "us-east-1" })).toEqual({
      zones: {
        awsZones: ["ec2.internal"],
        azureZones: [],
        privateLinkZones: [...DEFAULT_PRIVATE_LINK_ZONES],
        // Key Vault's private zone has two public forwarder zones (vault.azure.net, vaultcore.azure.net).
        forwardedAzureZones: ["blob.core.windows.net", "database.windows.net", "vaultcore.azure.net", "vault.azure.net"],
      },
      issues: [],
    });
  });
});

describe("planDnsZones: Private Link zones are forwarded by their public zones", () => {
  it("forwards the zones given by name, then the public forwarder zones of the Private Link zones, each once", () => {
    const { zones, issues } = planDnsZones("dns", {
      awsRegion: "us-east-1",
      azureZones: ["Corp.Azure.Example.", "blob.core.windows.net"],
      privateLinkZones: ["privatelink.blob.core.windows.net", "PRIVATELINK.database.windows.net."],
    });
    expect(issues).toEqual([]);
    expect(zones).toEqual({
      awsZones: ["ec2.internal"],
      azureZones: ["corp.azure.example", "blob.core.windows.net"],
      privateLinkZones: ["privatelink.blob.core.windows.net", "privatelink.database.windows.net"],
      forwardedAzureZones: ["corp.azure.example", "blob.core.windows.net", "database.windows.net"],
    });
  });

  it("refuses a privatelink zone forwarded by name, naming the public zone and where the private zone belongs", () => {
    expect(planDnsZones("dns", { awsRegion: "us-east-1", azureZones: ["corp.azure.example", "privatelink.blob.core.windows.net"], privateLinkZones: [] }).issues).toEqual([
      {
        path: "dns.azureZones.1",
        code: "DNS_PRIVATE_LINK",
        message:
          `"privatelink.blob.core.windows.net" cannot be forwarded from AWS: clients query acct.blob.core.windows.net, which a rule for privatelink.blob.core.windows.net never matches, so they would get the public address; ` +
          `Microsoft: "the conditional forwarding must be made to the recommended public DNS zone forwarder". Move it to dns.privateLinkZones (Route 53 then forwards blob.core.windows.net) or forward blob.core.windows.net here`,
      },
    ]);
  });

  it("refuses a Private Link zone Microsoft does not list, and a zone without a privatelink label", () => {
    expect(planDnsZones("dns", { awsRegion: "us-east-1", privateLinkZones: ["privatelink.example.com", "blob.core.windows.net"] }).issues.map((i) => [i.path, i.code])).toEqual([
      ["dns.privateLinkZones.0", "DNS_PRIVATE_LINK"],
      ["dns.privateLinkZones.1", "DNS_PRIVATE_LINK"],
    ]);
  });

  it("refuses a forwarded public zone that is also forwarded the other way", () => {
    expect(planDnsZones("dns", { awsRegion: "us-east-1", awsZones: ["blob.core.windows.net"], privateLinkZones: ["privatelink.blob.core.windows.net"] }).issues).toEqual([
      { path: "dns.awsZones.0", code: "DNS_DUPLICATE", message: `"blob.core.windows.net" is listed as both an AWS and an Azure zone; queries would loop between the clouds` },
    ]);
  });
});

describe("matchingForwardRule: Route 53 Resolver's rule choice", () => {
  it("matches the rule's domain and its subdomains, never a parent or a sibling", () => {
    const rules = ["acme.example.com"];
    expect(["acme.example.com", "zenith.acme.example.com.", "example.com", "nadir.example.com", "xacme.example.com"].map((n) => matchingForwardRule(n, rules))).toEqual([
      "acme.example.com",
      "acme.example.com",
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("takes the most specific of several matching rules", () => {
    expect(matchingForwardRule("www.example.com", ["example.com", "www.example.com"])).toBe("www.example.com");
    expect(matchingForwardRule("a.www.example.com", ["www.example.com", "example.com"])).toBe("www.example.com");
  });

  it("a Private Link zone's rule never matches the name a client queries; its public forwarder zone does", () => {
    expect(matchingForwardRule("acct.blob.core.windows.net", ["privatelink.blob.core.windows.net"])).toBeUndefined();
    const { zones } = planDnsZones("dns", { awsRegion: "us-east-1", privateLinkZones: ["privatelink.blob.core.windows.net"] });
    expect(matchingForwardRule("acct.blob.core.windows.net", zones.forwardedAzureZones)).toBe("blob.core.windows.net");
  });
});
