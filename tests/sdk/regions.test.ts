import fc from "fast-check";
import { NetworkConfig, validateNetwork } from "../../sdk/plan";
import { checkAvailabilityZoneName, checkAwsRegion, checkProviderRegions, isZoneOfRegion, normalizeAzureLocation } from "../../sdk/regions";

const codes = (issues: readonly { path: string; code: string }[]): [string, string][] => issues.map((i) => [i.path, i.code]);
const PATHS = { awsRegion: "aws:region", azureLocation: "azure-native:location", planAws: "network.aws.region", planAzure: "network.azure.region" };

describe("AWS Regions and zones", () => {
  it("knows Region names", () => {
    for (const r of ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4", "il-central-1"]) expect(checkAwsRegion("r", r)).toEqual([]);
    for (const r of ["us-east", "US-EAST-1", "useast1", "us-east-1a", "eastus"]) expect(codes(checkAwsRegion("r", r))).toEqual([["r", "VALUE_INVALID"]]);
  });

  it("takes AZ and Local Zone names of the Region only", () => {
    expect(isZoneOfRegion("us-east-1a", "us-east-1")).toBe(true);
    expect(isZoneOfRegion("us-east-1-bos-1a", "us-east-1")).toBe(true);
    for (const z of ["us-west-2a", "us-east-10a", "us-east-1", "us-east-11", "us-east-1-", "u"]) expect([z, isZoneOfRegion(z, "us-east-1")]).toEqual([z, false]);
  });

  it("explains an AZ ID and an AZ of another Region", () => {
    expect(checkAvailabilityZoneName("p", "use1-az1", "us-east-1")[0]?.message).toContain("is an AZ ID; give the zone name");
    expect(checkAvailabilityZoneName("p", "us-west-2a", "us-east-1")[0]?.message).toBe('"us-west-2a" is not an Availability Zone of us-east-1, the plan\'s Region; use us-east-1a, us-east-1b, …');
  });

  it("every letter zone of a Region belongs to it and to no other Region", () => {
    const region = fc.tuple(fc.constantFrom("us", "eu", "ap", "ca"), fc.constantFrom("east", "west", "central", "southeast"), fc.integer({ min: 1, max: 12 })).map(([a, b, n]) => `${a}-${b}-${n}`);
    fc.assert(
      fc.property(region, region, fc.constantFrom(..."abcdef"), (r, other, letter) => {
        expect(isZoneOfRegion(`${r}${letter}`, r)).toBe(true);
        if (other !== r) expect(isZoneOfRegion(`${r}${letter}`, other)).toBe(false);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it("is checked by the plan for azs and subnets", () => {
    const config: NetworkConfig = {
      environment: "dev",
      aws: { region: "us-east-1", vpcs: { app: { azs: ["us-east-1a", "us-west-2a"] }, db: { subnets: { a: { az: "use1-az1" }, b: { az: "us-east-1b" } } } } },
      azure: { region: "eastus", vnets: { hub: {} } },
      vpn: { layout: "dev", attachment: "tgw" },
    };
    expect(codes(validateNetwork(config).issues).filter(([, c]) => c === "ZONE_UNKNOWN")).toEqual([
      ["aws.vpcs.app.azs.1", "ZONE_UNKNOWN"],
      ["aws.vpcs.db.subnets.a.az", "ZONE_UNKNOWN"],
    ]);
  });
});

describe("provider regions", () => {
  const plan = { awsRegion: "us-east-1", azureRegion: "eastus" };
  it("agree with the plan's, Azure's display form included", () => {
    expect(normalizeAzureLocation("East US 2")).toBe("eastus2");
    expect(checkProviderRegions(plan, { awsRegion: "us-east-1", azureLocation: "East US" }, PATHS)).toEqual([]);
    expect(checkProviderRegions(plan, {}, PATHS)).toEqual([]);
  });
  it("name the provider key when they do not", () => {
    expect(codes(checkProviderRegions(plan, { awsRegion: "us-west-2", azureLocation: "westeurope" }, PATHS))).toEqual([
      ["aws:region", "REGION_MISMATCH"],
      ["azure-native:location", "REGION_MISMATCH"],
    ]);
  });
});
