import {
  ASN_MAX,
  AWS_DPD_TIMEOUT_ACTIONS,
  AWS_ENCRYPTION_ALGORITHMS,
  AWS_IKE_VERSIONS,
  AWS_INTEGRITY_ALGORITHMS,
  AWS_PHASE1_DH_GROUPS,
  AWS_PHASE2_DH_GROUPS,
  AWS_STARTUP_ACTIONS,
  AZURE_CONNECTION_MODES,
  AZURE_CONNECTION_PROTOCOLS,
  AZURE_DH_GROUPS,
  AZURE_IKE_ENCRYPTIONS,
  AZURE_IKE_INTEGRITIES,
  AZURE_IPSEC_ENCRYPTIONS,
  AZURE_IPSEC_INTEGRITIES,
  AZURE_PFS_GROUPS,
  blockContaining,
  parseCidr,
  parseIpv4,
} from "../../sdk";
import { LAB_DEFAULTS, LabAwsTunnel, LabSpec, LabTunnel } from "./spec";
import { validateInterconnect } from "../interconnect/validate";

/**
 * Structural validation of a {@link LabSpec}: only what the lab cannot even build. Disagreements
 * *between* the clouds (PSKs, proposals, ASNs, peer addresses) are deliberately not checked here;
 * the lab exists to show them failing for real.
 */
export type LabIssueCode =
  | "NAME_INVALID"
  | "ASN_INVALID"
  | "PREFIXES_EMPTY"
  | "PREFIX_INVALID"
  | "TUNNELS_COUNT"
  | "TUNNEL_KEY_INVALID"
  | "TUNNEL_KEY_DUPLICATE"
  | "PREFERRED_AMBIGUOUS"
  | "INSIDE_CIDR_INVALID"
  | "INSIDE_CIDR_DUPLICATE"
  | "ADDRESS_INVALID"
  | "AZURE_BGP_SUBNET_DUPLICATE"
  | "PSK_EMPTY"
  | "VALUE_UNKNOWN"
  | "LIST_EMPTY"
  | "NUMBER_INVALID"
  | "AZURE_GCM_PAIRING"
  | "LAB_UNSUPPORTED";

export interface LabIssue {
  readonly path: string;
  readonly code: LabIssueCode;
  readonly message: string;
}

export class LabSpecError extends Error {
  constructor(readonly issues: readonly LabIssue[]) {
    super(`invalid lab spec:\n${issues.map((i) => `  ${i.path}: ${i.message} [${i.code}]`).join("\n")}`);
    this.name = "LabSpecError";
  }
}

const SLUG = /^[a-z][a-z0-9-]{0,30}$/;

const issue = (path: string, code: LabIssueCode, message: string): LabIssue => ({ path, code, message });

const isInt = (value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isInteger(value) && value >= min && value <= max;

function checkAsn(path: string, asn: number): LabIssue[] {
  return isInt(asn, 1, ASN_MAX) ? [] : [issue(path, "ASN_INVALID", `${asn} is not an ASN (1–${ASN_MAX})`)];
}

function checkInt(path: string, value: number, min: number, max?: number): LabIssue[] {
  return isInt(value, min, max)
    ? []
    : [issue(path, "NUMBER_INVALID", `${value} must be an integer ≥ ${min}${max === undefined ? "" : ` and ≤ ${max}`}`)];
}

function checkOneOf(path: string, value: unknown, allowed: readonly unknown[]): LabIssue[] {
  return allowed.includes(value)
    ? []
    : [issue(path, "VALUE_UNKNOWN", `${JSON.stringify(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`)];
}

function checkList(path: string, values: readonly unknown[], allowed: readonly unknown[]): LabIssue[] {
  if (values.length === 0) return [issue(path, "LIST_EMPTY", "must list at least one value")];
  return values.flatMap((v, i) => checkOneOf(`${path}[${i}]`, v, allowed));
}

function checkPrefixes(path: string, prefixes: readonly string[]): LabIssue[] {
  if (prefixes.length === 0) return [issue(path, "PREFIXES_EMPTY", "must announce at least one prefix")];
  return prefixes.flatMap((p, i) => {
    const cidr = parseCidr(p);
    // The lab puts the block's first host on the LAN, so the block needs room for one.
    return cidr && cidr.prefixLength <= 30
      ? []
      : [issue(`${path}[${i}]`, "PREFIX_INVALID", `"${p}" must be a canonical IPv4 CIDR of /30 or larger`)];
  });
}

function checkAwsPhase(path: string, aws: LabAwsTunnel, phase: 1 | 2, maxLifetime: number): LabIssue[] {
  const p = `${path}.phase${phase}`;
  const [encryption, integrity, groups, lifetime] =
    phase === 1
      ? [aws.phase1EncryptionAlgorithms, aws.phase1IntegrityAlgorithms, aws.phase1DhGroupNumbers, aws.phase1LifetimeSeconds]
      : [aws.phase2EncryptionAlgorithms, aws.phase2IntegrityAlgorithms, aws.phase2DhGroupNumbers, aws.phase2LifetimeSeconds];
  return [
    ...checkList(`${p}EncryptionAlgorithms`, encryption, AWS_ENCRYPTION_ALGORITHMS),
    ...checkList(`${p}IntegrityAlgorithms`, integrity, AWS_INTEGRITY_ALGORITHMS),
    ...checkList(`${p}DhGroupNumbers`, groups, phase === 1 ? AWS_PHASE1_DH_GROUPS : AWS_PHASE2_DH_GROUPS),
    ...checkInt(`${p}LifetimeSeconds`, lifetime, 1, maxLifetime),
  ];
}

function checkAwsSide(path: string, tunnel: LabTunnel): LabIssue[] {
  const aws = tunnel.aws;
  const cidr = parseCidr(aws.insideCidr);
  return [
    ...(cidr && cidr.prefixLength === 30 ? [] : [issue(`${path}.insideCidr`, "INSIDE_CIDR_INVALID", `"${aws.insideCidr}" must be a canonical /30`)]),
    ...checkAsn(`${path}.customerGatewayAsn`, aws.customerGatewayAsn),
    ...(aws.presharedKey.length > 0 ? [] : [issue(`${path}.presharedKey`, "PSK_EMPTY", "must not be empty")]),
    ...checkList(`${path}.ikeVersions`, aws.ikeVersions, AWS_IKE_VERSIONS),
    ...checkAwsPhase(path, aws, 1, 86400),
    ...checkAwsPhase(path, aws, 2, 86400),
    ...checkInt(`${path}.dpdTimeoutSeconds`, aws.dpdTimeoutSeconds, 1),
    ...(aws.dpdTimeoutAction === undefined ? [] : checkOneOf(`${path}.dpdTimeoutAction`, aws.dpdTimeoutAction, AWS_DPD_TIMEOUT_ACTIONS)),
    ...(aws.startupAction === undefined ? [] : checkOneOf(`${path}.startupAction`, aws.startupAction, AWS_STARTUP_ACTIONS)),
    // RFC 4271: a hold time is 0 or at least 3 s.
    ...(aws.bgpHoldTimeSeconds === undefined ? [] : checkInt(`${path}.bgpHoldTimeSeconds`, aws.bgpHoldTimeSeconds, 3, 65535)),
  ];
}

function checkAzureSide(path: string, tunnel: LabTunnel): LabIssue[] {
  const az = tunnel.azure;
  const policy = az.ipsecPolicy;
  const pp = `${path}.ipsecPolicy`;
  const gcmIpsec = policy.ipsecEncryption.startsWith("GCM") || policy.ipsecIntegrity.startsWith("GCM");
  const gcmIke = policy.ikeIntegrity.startsWith("GCM");
  return [
    ...(parseIpv4(az.customBgpIpAddress) === undefined
      ? [issue(`${path}.customBgpIpAddress`, "ADDRESS_INVALID", `"${az.customBgpIpAddress}" is not an IPv4 address`)]
      : []),
    ...(parseIpv4(az.localNetworkGateway.bgpPeeringAddress) === undefined
      ? [issue(`${path}.localNetworkGateway.bgpPeeringAddress`, "ADDRESS_INVALID", `"${az.localNetworkGateway.bgpPeeringAddress}" is not an IPv4 address`)]
      : []),
    ...checkAsn(`${path}.localNetworkGateway.asn`, az.localNetworkGateway.asn),
    ...(az.sharedKey.length > 0 ? [] : [issue(`${path}.sharedKey`, "PSK_EMPTY", "must not be empty")]),
    ...checkOneOf(`${path}.connectionProtocol`, az.connectionProtocol, AZURE_CONNECTION_PROTOCOLS),
    ...(az.connectionMode === undefined ? [] : checkOneOf(`${path}.connectionMode`, az.connectionMode, AZURE_CONNECTION_MODES)),
    ...checkInt(`${path}.dpdTimeoutSeconds`, az.dpdTimeoutSeconds, 1),
    ...checkOneOf(`${pp}.ikeEncryption`, policy.ikeEncryption, AZURE_IKE_ENCRYPTIONS),
    ...checkOneOf(`${pp}.ikeIntegrity`, policy.ikeIntegrity, AZURE_IKE_INTEGRITIES),
    ...checkOneOf(`${pp}.dhGroup`, policy.dhGroup, AZURE_DH_GROUPS),
    ...checkOneOf(`${pp}.ipsecEncryption`, policy.ipsecEncryption, AZURE_IPSEC_ENCRYPTIONS),
    ...checkOneOf(`${pp}.ipsecIntegrity`, policy.ipsecIntegrity, AZURE_IPSEC_INTEGRITIES),
    ...checkOneOf(`${pp}.pfsGroup`, policy.pfsGroup, AZURE_PFS_GROUPS),
    ...checkInt(`${pp}.saLifeTimeSeconds`, policy.saLifeTimeSeconds, 1),
    ...checkInt(`${pp}.saDataSizeKilobytes`, policy.saDataSizeKilobytes, 0),
    // Azure's API rule: a GCMAES ESP cipher needs the very same GCMAES value as integrity.
    ...(gcmIpsec && policy.ipsecEncryption !== policy.ipsecIntegrity
      ? [issue(`${pp}.ipsecIntegrity`, "AZURE_GCM_PAIRING", `GCMAES needs ipsecEncryption and ipsecIntegrity to be the same value`)]
      : []),
    ...(gcmIke && policy.ikeEncryption !== policy.ikeIntegrity
      ? [issue(`${pp}.ikeIntegrity`, "AZURE_GCM_PAIRING", `GCMAES needs ikeEncryption and ikeIntegrity to be the same value`)]
      : []),
    ...(policy.dhGroup === "None" ? [issue(`${pp}.dhGroup`, "LAB_UNSUPPORTED", `IKE needs a Diffie-Hellman group; "None" cannot be emulated`)] : []),
    // Azure documents no fixed group for PFSMM, so the lab refuses to guess one.
    ...(policy.pfsGroup === "PFSMM" ? [issue(`${pp}.pfsGroup`, "LAB_UNSUPPORTED", `"PFSMM" has no documented group; pin a PFS group`)] : []),
  ];
}

/** All structural problems at once, each with a key-based path; never echoes a pre-shared key. */
export function validateLabSpec(spec: LabSpec): LabIssue[] {
  const issues: LabIssue[] = [];
  if (!SLUG.test(spec.name)) issues.push(issue("name", "NAME_INVALID", `"${spec.name}" must match ${SLUG}`));
  issues.push(...checkAsn("aws.asn", spec.aws.asn), ...checkAsn("azure.asn", spec.azure.asn));
  issues.push(...checkPrefixes("aws.prefixes", spec.aws.prefixes), ...checkPrefixes("azure.prefixes", spec.azure.prefixes));
  if (spec.azure.bgpTimers) {
    issues.push(...checkInt("azure.bgpTimers.keepaliveSeconds", spec.azure.bgpTimers.keepaliveSeconds, 1, 65535));
    issues.push(...checkInt("azure.bgpTimers.holdTimeSeconds", spec.azure.bgpTimers.holdTimeSeconds, 3, 65535));
  }
  if (spec.tunnels.length < 1 || spec.tunnels.length > LAB_DEFAULTS.maxTunnels) {
    issues.push(issue("tunnels", "TUNNELS_COUNT", `needs 1–${LAB_DEFAULTS.maxTunnels} tunnels, got ${spec.tunnels.length}`));
  }
  if (spec.tunnels.filter((t) => t.preferred === true).length > 1) {
    issues.push(issue("tunnels", "PREFERRED_AMBIGUOUS", "at most one tunnel can be preferred"));
  }
  const seenKeys = new Set<string>();
  const seenInside = new Map<string, string>();
  const seenAzureSubnets = new Map<number, string>();
  spec.tunnels.forEach((tunnel, index) => {
    const valid = SLUG.test(tunnel.key);
    // A bad key cannot name a path, so that one issue falls back to the position.
    const base = valid ? `tunnels.${tunnel.key}` : `tunnels[${index}]`;
    if (!valid) issues.push(issue(`${base}.key`, "TUNNEL_KEY_INVALID", `"${tunnel.key}" must match ${SLUG}`));
    else if (seenKeys.has(tunnel.key)) issues.push(issue(`${base}.key`, "TUNNEL_KEY_DUPLICATE", `"${tunnel.key}" is used twice`));
    seenKeys.add(tunnel.key);

    issues.push(...checkAwsSide(`${base}.aws`, tunnel), ...checkAzureSide(`${base}.azure`, tunnel));

    // The emulated routers hold one interface per tunnel; two interfaces on one subnet are not a
    // cloud behaviour the lab can reproduce faithfully, so they are refused instead.
    const other = seenInside.get(tunnel.aws.insideCidr);
    if (other !== undefined) {
      issues.push(issue(`${base}.aws.insideCidr`, "INSIDE_CIDR_DUPLICATE", `${tunnel.aws.insideCidr} is also used by tunnel "${other}"`));
    } else seenInside.set(tunnel.aws.insideCidr, tunnel.key);
    const azureAddress = parseIpv4(tunnel.azure.customBgpIpAddress);
    if (azureAddress !== undefined) {
      const subnet = blockContaining(azureAddress, 30).first;
      const owner = seenAzureSubnets.get(subnet);
      if (owner !== undefined) {
        issues.push(issue(`${base}.azure.customBgpIpAddress`, "AZURE_BGP_SUBNET_DUPLICATE", `shares its /30 with tunnel "${owner}"`));
      } else seenAzureSubnets.set(subnet, tunnel.key);
    }
  });
  if (spec.interconnect) issues.push(...validateInterconnect("interconnect", spec.interconnect));
  return issues;
}

export function assertValidLabSpec(spec: LabSpec): void {
  const issues = validateLabSpec(spec);
  if (issues.length > 0) throw new LabSpecError(issues);
}
