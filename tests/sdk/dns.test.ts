import { DEFAULT_AZURE_ZONES, checkZoneDirections, checkZoneName, checkZones, defaultAwsZones, normalizeZone, toAwsDomain, toAzureDomain } from "../../sdk/dns";

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

  it("defaults to the EC2 private zone of the region and Azure's privatelink zones", () => {
    expect([defaultAwsZones("us-east-1"), defaultAwsZones("eu-west-1")]).toEqual([["ec2.internal"], ["eu-west-1.compute.internal"]]);
    expect(DEFAULT_AZURE_ZONES).toEqual(["privatelink.blob.core.windows.net", "privatelink.database.windows.net", "privatelink.vaultcore.azure.net"]);
    expect(checkZones("dns.azureZones", DEFAULT_AZURE_ZONES)).toEqual([]);
  });
});
