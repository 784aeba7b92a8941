import { Issue, issue } from "./errors";

/**
 * Private DNS zones forwarded across the border, and the rules each side puts on their names.
 * Route 53 Resolver rules take names without the trailing dot; Azure forwarding rules require the
 * dot-terminated form with 2–34 labels (reference/networking.md §1.1).
 */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Normalises a zone to lower case without a trailing dot. */
export const normalizeZone = (zone: string): string => zone.trim().toLowerCase().replace(/\.$/, "");
/** Route 53 Resolver rule form. */
export const toAwsDomain = (zone: string): string => normalizeZone(zone);
/** Azure forwarding rule form: dot-terminated. */
export const toAzureDomain = (zone: string): string => `${normalizeZone(zone)}.`;

export function checkZoneName(path: string, zone: string): Issue[] {
  const name = normalizeZone(zone);
  const labels = name.split(".");
  const problems: string[] = [];
  if (name.length === 0 || name.length > 253) problems.push("must be 1–253 characters");
  if (labels.length < 2 || labels.length > 34) problems.push("must have 2–34 labels (Azure forwarding rules)");
  const bad = labels.filter((l) => !LABEL.test(l));
  if (bad.length > 0) problems.push(`has invalid label${bad.length > 1 ? "s" : ""} ${bad.map((l) => `"${l}"`).join(", ")} (letters, digits and '-', 1–63 characters, not starting or ending with '-')`);
  return problems.length === 0 ? [] : [issue(path, "DNS_NAME_INVALID", `"${zone}" is not a valid DNS zone name: it ${problems.join("; ")}`)];
}

/** Validates a zone list: names, and no zone listed twice (after normalisation). */
export function checkZones(path: string, zones: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    issues.push(...checkZoneName(`${path}.${i}`, zone));
    const n = normalizeZone(zone);
    if (seen.has(n)) issues.push(issue(`${path}.${i}`, "DNS_DUPLICATE", `"${zone}" is listed twice (also at ${path}.${seen.get(n)})`));
    else seen.set(n, i);
  });
  return issues;
}

/** Zones forwarded from AWS into Azure when none are given: the private zones Azure services register. */
export const DEFAULT_AZURE_ZONES: readonly string[] = [
  "privatelink.blob.core.windows.net",
  "privatelink.database.windows.net",
  "privatelink.vaultcore.azure.net",
];

/** EC2 private host names: `ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere. */
export const defaultAwsZones = (region: string): string[] => [region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`];

/** The same zone may not be forwarded both ways: each side would forward the other's queries back. */
export function checkZoneDirections(path: string, awsZones: readonly string[], azureZones: readonly string[]): Issue[] {
  const azure = new Set(azureZones.map(normalizeZone));
  return awsZones
    .map((z, i) => [z, i] as const)
    .filter(([z]) => azure.has(normalizeZone(z)))
    .map(([z, i]) => issue(`${path}.awsZones.${i}`, "DNS_DUPLICATE", `"${z}" is listed as both an AWS and an Azure zone; queries would loop between the clouds`));
}
