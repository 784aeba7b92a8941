import { Issue, issue, joinPath } from "./errors";
import { DEFAULT_PRIVATE_LINK_ZONES, checkForwardedZones, checkPrivateLinkZones, dropContained, privateLinkForwarders } from "./private-link";

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

/**
 * Zones Route 53 forwards to Azure by name when none are given: none. Azure's own services are reached through
 * their Private Link zones (`DEFAULT_PRIVATE_LINK_ZONES`), which are forwarded by their public names.
 */
export const DEFAULT_AZURE_ZONES: readonly string[] = [];

/**
 * The forwarding rule Route 53 Resolver uses for a query name: the rule whose domain is the name or one of its
 * parents, the most specific one when several match ("Resolver routes outbound DNS queries using the rule that
 * contains the most specific domain name": AWS Route 53 Developer Guide, "How Resolver determines whether the
 * domain name in a query matches any rules"). Undefined when none matches (Route 53 then answers it itself).
 */
export function matchingForwardRule(name: string, ruleDomains: readonly string[]): string | undefined {
  const query = normalizeZone(name);
  const matches = ruleDomains.map(normalizeZone).filter((d) => query === d || query.endsWith(`.${d}`));
  return matches.sort((a, b) => b.split(".").length - a.split(".").length)[0];
}

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

/** The zones of a cross-cloud DNS forwarding setup, as given. */
export interface DnsZonesInput {
  /** AWS zones Azure forwards to Route 53. @default `defaultAwsZones(awsRegion)` */
  readonly awsZones?: readonly string[] | undefined;
  /** Zones Route 53 forwards to Azure by the names clients query (never a `privatelink.*` zone). @default `DEFAULT_AZURE_ZONES` (none) */
  readonly azureZones?: readonly string[] | undefined;
  /** Azure Private Link zones (`privatelink.*`); Route 53 forwards each one's public zone. @default `DEFAULT_PRIVATE_LINK_ZONES` */
  readonly privateLinkZones?: readonly string[] | undefined;
  readonly awsRegion: string;
}

/** The zones, validated and normalised (lower case, no trailing dot). */
export interface DnsZonesPlan {
  readonly awsZones: string[];
  readonly azureZones: string[];
  readonly privateLinkZones: string[];
  /** What Route 53 forwards to Azure: `azureZones`, then the public forwarder zones of `privateLinkZones`, each zone once. */
  readonly forwardedAzureZones: string[];
}

/**
 * The zones both directions forward, with every problem: names, duplicates, a `privatelink.*` zone asked to be
 * forwarded by name (it must be forwarded by its public zone: see private-link.ts), a Private Link zone Microsoft
 * does not list, and a zone forwarded both ways. Issue paths are `${path}.awsZones.<i>`, `.azureZones.<i>`,
 * `.privateLinkZones.<i>`. Never throws.
 */
export function planDnsZones(path: string, input: DnsZonesInput): { zones: DnsZonesPlan; issues: Issue[] } {
  const awsIn = input.awsZones ?? defaultAwsZones(input.awsRegion);
  const azureIn = input.azureZones ?? DEFAULT_AZURE_ZONES;
  const privateLinkIn = input.privateLinkZones ?? DEFAULT_PRIVATE_LINK_ZONES;
  const at = (field: string): string => joinPath(path, field);
  const issues: Issue[] = [
    ...checkZones(at("awsZones"), awsIn),
    ...checkZones(at("azureZones"), azureIn),
    ...checkZones(at("privateLinkZones"), privateLinkIn),
    ...checkForwardedZones(at("azureZones"), azureIn, at("privateLinkZones")),
    ...checkPrivateLinkZones(at("privateLinkZones"), privateLinkIn),
  ];
  const azureZones = azureIn.map(normalizeZone);
  const privateLinkZones = privateLinkIn.map(normalizeZone);
  const forwardedAzureZones = [...new Set([...azureZones, ...dropContained(privateLinkForwarders(privateLinkZones))])];
  issues.push(...checkZoneDirections(path, awsIn, forwardedAzureZones));
  return { zones: { awsZones: awsIn.map(normalizeZone), azureZones, privateLinkZones, forwardedAzureZones }, issues };
}
