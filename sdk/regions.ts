import { Issue, issue } from "./errors";

/**
 * Regions and zones: what a plan's AWS Region and Azure region must agree with.
 *
 * - AWS Region names are `<area>-<direction>-<n>` (`us-east-1`, `us-gov-west-1`, `eu-central-2`).
 * - An Availability Zone *name* is its Region plus a letter (`us-east-1a`); Local and Wavelength Zones are
 *   the Region plus a suffix (`us-east-1-bos-1a`). AZ *IDs* (`use1-az1`) use a Region code that follows no
 *   derivable rule and map to names differently per account, so a plan takes names only. Sources: AWS
 *   "Availability Zone IDs" (https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html) and
 *   the EC2 User Guide's Regions and Zones pages.
 * - Azure accepts a location in display form (`East US`) or as its name (`eastus`); the name is the display
 *   form in lower case without spaces (`az account list-locations`: `displayName` / `name`).
 */

/** An AWS Region name. */
export const AWS_REGION_PATTERN = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
/** An AZ ID such as `use1-az1`: not accepted where a zone name is needed. */
const AWS_AZ_ID = /^[a-z]{2,5}\d{1,2}-az\d{1,2}$/;

export function checkAwsRegion(path: string, region: string): Issue[] {
  return AWS_REGION_PATTERN.test(region) ? [] : [issue(path, "VALUE_INVALID", `"${region}" is not an AWS Region name (e.g. us-east-1, eu-central-2)`)];
}

/** An Availability Zone (or Local/Wavelength Zone) name of `region`. */
export const isZoneOfRegion = (zone: string, region: string): boolean =>
  zone.length === region.length + 1 ? zone.startsWith(region) && /^[a-z]$/.test(zone.slice(-1)) : zone.startsWith(`${region}-`) && /^[a-z0-9-]+[a-z]$/.test(zone.slice(region.length + 1));

/** Each zone must be a zone *name* of the plan's Region. */
export function checkAvailabilityZoneName(path: string, zone: string, region: string): Issue[] {
  if (isZoneOfRegion(zone, region)) return [];
  if (AWS_AZ_ID.test(zone)) {
    return [issue(path, "ZONE_UNKNOWN", `"${zone}" is an AZ ID; give the zone name (e.g. ${region}a): names map to IDs differently in each account`)];
  }
  return [issue(path, "ZONE_UNKNOWN", `"${zone}" is not an Availability Zone of ${region}, the plan's Region; use ${region}a, ${region}b, …`)];
}

/** `East US` → `eastus`: how Azure names a location. */
export const normalizeAzureLocation = (location: string): string => location.replace(/\s+/g, "").toLowerCase();

/** Where the providers deploy, as the stack's config sets them (keys of other packages, e.g. `aws:region`). */
export interface ProviderRegions {
  /** `aws:region`. @default - unset: not checked */
  readonly awsRegion?: string;
  /** `azure-native:location`. @default - unset: not checked */
  readonly azureLocation?: string;
}

/**
 * The providers must deploy where the plan says: an `aws:region` other than the plan's would build the VPCs
 * and gateways in another Region than the plan's AZs, ASN reservations and DNS names assume; an
 * `azure-native:location` other than the plan's would put provider defaults in another region than the
 * resources the plan places. `paths` name the keys as the config writes them.
 */
export function checkProviderRegions(
  plan: { readonly awsRegion: string; readonly azureRegion: string },
  providers: ProviderRegions,
  paths: { readonly awsRegion: string; readonly azureLocation: string; readonly planAws: string; readonly planAzure: string },
): Issue[] {
  const issues: Issue[] = [];
  if (providers.awsRegion !== undefined && providers.awsRegion !== plan.awsRegion) {
    issues.push(issue(paths.awsRegion, "REGION_MISMATCH", `"${providers.awsRegion}" is not the plan's Region "${plan.awsRegion}" (${paths.planAws}); the AWS provider would build in another Region than the plan`));
  }
  if (providers.azureLocation !== undefined && normalizeAzureLocation(providers.azureLocation) !== normalizeAzureLocation(plan.azureRegion)) {
    issues.push(
      issue(paths.azureLocation, "REGION_MISMATCH", `"${providers.azureLocation}" is not the plan's region "${plan.azureRegion}" (${paths.planAzure}); the Azure provider would default to another region than the plan`),
    );
  }
  return issues;
}
