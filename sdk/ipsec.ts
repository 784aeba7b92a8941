import { Issue, issue } from "./errors";
import {
  AWS_DPD_TIMEOUT_MIN_SECONDS,
  AZURE_CONNECTION_DEFAULTS,
  AZURE_DPD_TIMEOUT_RANGE,
  AZURE_IKE_SA_LIFETIME_SECONDS,
  AsRecorded,
  AwsIntegrityAlgorithm,
  AwsTunnelOptions,
  AzureDhGroup,
  AzureIpsecPolicy,
  AzurePfsGroup,
} from "./ipsec-vocabulary";

export type { AwsTunnelOptions, AzureIpsecPolicy } from "./ipsec-vocabulary";

/**
 * One IKE/IPsec profile, rendered for both clouds (reference/networking.md §1.4).
 *
 * Leaving IKE/IPsec at each cloud's defaults lets AWS and Azure negotiate whatever overlaps, and
 * rekeys then drop tunnels hourly. So the profile pins every parameter, and the two renderings are
 * produced from the same object. {@link describeAwsTunnel} and {@link describeAzurePolicy} read the
 * rendered values back into canonical form, which is how tests and policies prove they agree.
 */
export type Encryption = "AES128" | "AES256";
export type Integrity = "SHA256" | "SHA384";
/** Diffie-Hellman group numbers both clouds support for IKE and PFS. */
export type DhGroup = 14 | 19 | 20 | 24;

export interface IpsecProfile {
  readonly name: IpsecProfileName;
  readonly ikeVersion: "ikev2";
  readonly phase1: { readonly encryption: Encryption; readonly integrity: Integrity; readonly dhGroup: DhGroup; readonly lifetimeSeconds: number };
  readonly phase2: { readonly encryption: Encryption; readonly integrity: "SHA256"; readonly pfsGroup: DhGroup; readonly lifetimeSeconds: number };
  /** Dead peer detection timeout: at least AWS's minimum and within Azure's range (ipsec-vocabulary.ts). */
  readonly dpdTimeoutSeconds: number;
  /** Azure-only data lifetime of a child SA. */
  readonly saDataSizeKilobytes: number;
}

/** Azure fixes the IKE SA lifetime, so phase 1 always uses Azure's value. */
export const PHASE1_LIFETIME_SECONDS = AZURE_IKE_SA_LIFETIME_SECONDS;
export const PHASE2_LIFETIME_SECONDS = 3600;
/** AWS's minimum: the fastest dead-peer detection both clouds accept. */
export const DPD_TIMEOUT_SECONDS = AWS_DPD_TIMEOUT_MIN_SECONDS;
export const SA_DATA_SIZE_KILOBYTES = 102400000;

const profile = (name: IpsecProfileName, encryption: Encryption, integrity: Integrity, dh: DhGroup): IpsecProfile => ({
  name,
  ikeVersion: "ikev2",
  phase1: { encryption, integrity, dhGroup: dh, lifetimeSeconds: PHASE1_LIFETIME_SECONDS },
  // Azure has no SHA384 for ESP integrity, so phase 2 stays on SHA256 in every profile.
  phase2: { encryption, integrity: "SHA256", pfsGroup: dh, lifetimeSeconds: PHASE2_LIFETIME_SECONDS },
  dpdTimeoutSeconds: DPD_TIMEOUT_SECONDS,
  saDataSizeKilobytes: SA_DATA_SIZE_KILOBYTES,
});

/**
 * Supported profiles, named like strongSwan proposals; all IKEv2, and ESP integrity is SHA2-256 in every
 * one. GCM is left out on purpose: Azure needs GCMAES for both ESP encryption and integrity, and AWS↔Azure
 * GCM interop is unconfirmed.
 */
export const IpsecProfileName = {
  /** AES256, SHA2-256, DH group 14 (MODP-2048) for IKE and PFS: the default. */
  Aes256Sha256Modp2048: "aes256-sha256-modp2048",
  /** AES256, SHA2-256, DH group 24 (MODP-2048 with a 256-bit subgroup). */
  Aes256Sha256Modp2048s256: "aes256-sha256-modp2048s256",
  /** AES256, SHA2-384 for IKE, DH group 20 (ECP-384). */
  Aes256Sha384Ecp384: "aes256-sha384-ecp384",
  /** AES256, SHA2-256, DH group 19 (ECP-256). */
  Aes256Sha256Ecp256: "aes256-sha256-ecp256",
  /** AES128, SHA2-256, DH group 14 (MODP-2048). */
  Aes128Sha256Modp2048: "aes128-sha256-modp2048",
} as const;
export type IpsecProfileName = (typeof IpsecProfileName)[keyof typeof IpsecProfileName];

export const IPSEC_PROFILES: Readonly<Record<IpsecProfileName, IpsecProfile>> = {
  "aes256-sha256-modp2048": profile("aes256-sha256-modp2048", "AES256", "SHA256", 14),
  "aes256-sha256-modp2048s256": profile("aes256-sha256-modp2048s256", "AES256", "SHA256", 24),
  "aes256-sha384-ecp384": profile("aes256-sha384-ecp384", "AES256", "SHA384", 20),
  "aes256-sha256-ecp256": profile("aes256-sha256-ecp256", "AES256", "SHA256", 19),
  "aes128-sha256-modp2048": profile("aes128-sha256-modp2048", "AES128", "SHA256", 14),
};

export const DEFAULT_IPSEC_PROFILE: IpsecProfileName = "aes256-sha256-modp2048";

export function checkIpsecProfileName(path: string, name: string): Issue[] {
  return name in IPSEC_PROFILES
    ? []
    : [issue(path, "IPSEC_UNSUPPORTED", `"${name}" is not a supported IPsec profile; use one of ${Object.keys(IPSEC_PROFILES).join(", ")}`)];
}

export const ipsecProfile = (name: IpsecProfileName = DEFAULT_IPSEC_PROFILE): IpsecProfile => IPSEC_PROFILES[name];

const AWS_INTEGRITY: Readonly<Record<Integrity, AwsIntegrityAlgorithm>> = { SHA256: "SHA2-256", SHA384: "SHA2-384" };

/** The profile in AWS's vocabulary; every option is set, so nothing is left to AWS's defaults. */
export function renderAwsTunnelOptions(p: IpsecProfile): Required<AwsTunnelOptions> {
  return {
    ikeVersions: [p.ikeVersion],
    phase1EncryptionAlgorithms: [p.phase1.encryption],
    phase1IntegrityAlgorithms: [AWS_INTEGRITY[p.phase1.integrity]],
    phase1DhGroupNumbers: [p.phase1.dhGroup],
    phase1LifetimeSeconds: p.phase1.lifetimeSeconds,
    phase2EncryptionAlgorithms: [p.phase2.encryption],
    phase2IntegrityAlgorithms: [AWS_INTEGRITY[p.phase2.integrity]],
    phase2DhGroupNumbers: [p.phase2.pfsGroup],
    phase2LifetimeSeconds: p.phase2.lifetimeSeconds,
    dpdTimeoutSeconds: p.dpdTimeoutSeconds,
    dpdTimeoutAction: "restart",
    startupAction: "start",
  };
}

type Prefixed<N extends 1 | 2, T> = { [K in keyof T as `tunnel${N}${Capitalize<string & K>}`]: T[K] };

/** Renders the profile as `tunnel1*` or `tunnel2*` inputs of `aws.ec2.VpnConnection`. */
export function awsTunnelOptions<N extends 1 | 2>(tunnel: N, p: IpsecProfile): Prefixed<N, Required<AwsTunnelOptions>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(renderAwsTunnelOptions(p))) out[`tunnel${tunnel}${k[0]?.toUpperCase()}${k.slice(1)}`] = v;
  return out as Prefixed<N, Required<AwsTunnelOptions>>;
}

const AZURE_DH: Readonly<Record<DhGroup, AzureDhGroup>> = { 14: "DHGroup14", 19: "ECP256", 20: "ECP384", 24: "DHGroup24" };
const AZURE_PFS: Readonly<Record<DhGroup, AzurePfsGroup>> = { 14: "PFS2048", 19: "ECP256", 20: "ECP384", 24: "PFS24" };

export function renderAzureIpsecPolicy(p: IpsecProfile): AzureIpsecPolicy {
  return {
    ikeEncryption: p.phase1.encryption,
    ikeIntegrity: p.phase1.integrity,
    dhGroup: AZURE_DH[p.phase1.dhGroup],
    ipsecEncryption: p.phase2.encryption,
    ipsecIntegrity: p.phase2.integrity,
    pfsGroup: AZURE_PFS[p.phase2.pfsGroup],
    saLifeTimeSeconds: p.phase2.lifetimeSeconds,
    saDataSizeKilobytes: p.saDataSizeKilobytes,
  };
}

/** The negotiable parameters in cloud-neutral form. Lifetimes are local values and are not compared. */
export interface CanonicalProposal {
  readonly ikeVersion: string;
  readonly ikeEncryption: string;
  readonly ikeIntegrity: string;
  readonly dhGroup: number;
  readonly espEncryption: string;
  readonly espIntegrity: string;
  readonly pfsGroup: number;
}

const fromAwsIntegrity = (v: string): string => ({ "SHA2-256": "SHA256", "SHA2-384": "SHA384", "SHA2-512": "SHA512", SHA1: "SHA1" })[v] ?? v;
const fromAzureGroup = (v: string): number =>
  ({ DHGroup1: 1, PFS1: 1, DHGroup2: 2, PFS2: 2, DHGroup14: 14, DHGroup2048: 14, PFS14: 14, PFS2048: 14, ECP256: 19, ECP384: 20, DHGroup24: 24, PFS24: 24 })[v] ?? NaN;

/**
 * Reads back what AWS would offer. AWS accepts lists; a tunnel is only "pinned" when each list holds
 * exactly one value, so `undefined` is returned for anything else (that is the cloud-default case).
 */
export function describeAwsTunnel(o: AsRecorded<AwsTunnelOptions>): CanonicalProposal | undefined {
  const one = <T>(xs: readonly T[] | undefined): T | undefined => (xs && xs.length === 1 ? xs[0] : undefined);
  const c = {
    ikeVersion: one(o.ikeVersions),
    ikeEncryption: one(o.phase1EncryptionAlgorithms),
    ikeIntegrity: one(o.phase1IntegrityAlgorithms),
    dhGroup: one(o.phase1DhGroupNumbers),
    espEncryption: one(o.phase2EncryptionAlgorithms),
    espIntegrity: one(o.phase2IntegrityAlgorithms),
    pfsGroup: one(o.phase2DhGroupNumbers),
  };
  if (Object.values(c).some((v) => v === undefined)) return undefined;
  return {
    ikeVersion: String(c.ikeVersion),
    ikeEncryption: String(c.ikeEncryption),
    ikeIntegrity: fromAwsIntegrity(String(c.ikeIntegrity)),
    dhGroup: Number(c.dhGroup),
    espEncryption: String(c.espEncryption),
    espIntegrity: fromAwsIntegrity(String(c.espIntegrity)),
    pfsGroup: Number(c.pfsGroup),
  };
}

/** Reads back what Azure would offer for a connection with this policy and protocol. */
export function describeAzurePolicy(p: AsRecorded<AzureIpsecPolicy>, connectionProtocol: string | undefined): CanonicalProposal | undefined {
  if (!p.ikeEncryption || !p.ikeIntegrity || !p.dhGroup || !p.ipsecEncryption || !p.ipsecIntegrity || !p.pfsGroup) return undefined;
  return {
    ikeVersion: (connectionProtocol ?? AZURE_CONNECTION_DEFAULTS.connectionProtocol).toLowerCase(),
    ikeEncryption: p.ikeEncryption,
    ikeIntegrity: p.ikeIntegrity,
    dhGroup: fromAzureGroup(p.dhGroup),
    espEncryption: p.ipsecEncryption,
    espIntegrity: p.ipsecIntegrity,
    pfsGroup: fromAzureGroup(p.pfsGroup),
  };
}

/** Field-by-field comparison; one issue per differing field. */
export function compareProposals(path: string, aws: CanonicalProposal | undefined, azure: CanonicalProposal | undefined): Issue[] {
  if (!aws || !azure) {
    const side = !aws && !azure ? "both sides" : !aws ? "the AWS tunnel" : "the Azure connection";
    return [issue(path, "IPSEC_MISMATCH", `${side} leave${!aws && !azure ? "" : "s"} IKE/IPsec parameters at the cloud default; pin one explicit IKEv2 proposal on both sides`)];
  }
  return (Object.keys(aws) as (keyof CanonicalProposal)[])
    .filter((k) => aws[k] !== azure[k])
    .map((k) => issue(`${path}.${k}`, "IPSEC_MISMATCH", `AWS offers ${aws[k]} but Azure offers ${azure[k]}`));
}

/** Lifetimes within each cloud's bounds, phase 2 below phase 1 (AWS rejects it otherwise). */
export function checkLifetimes(path: string, p: IpsecProfile): Issue[] {
  const issues: Issue[] = [];
  if (p.phase1.lifetimeSeconds !== PHASE1_LIFETIME_SECONDS) {
    issues.push(issue(`${path}.phase1.lifetimeSeconds`, "IPSEC_LIFETIME", `${p.phase1.lifetimeSeconds} s is not ${PHASE1_LIFETIME_SECONDS} s; Azure fixes the IKE SA lifetime at ${AZURE_IKE_SA_LIFETIME_SECONDS} s`));
  }
  if (p.phase2.lifetimeSeconds < 900 || p.phase2.lifetimeSeconds > 3600 || p.phase2.lifetimeSeconds >= p.phase1.lifetimeSeconds) {
    issues.push(issue(`${path}.phase2.lifetimeSeconds`, "IPSEC_LIFETIME", `${p.phase2.lifetimeSeconds} s must be 900–3600 s and below phase 1 (AWS)`));
  }
  if (p.dpdTimeoutSeconds < AWS_DPD_TIMEOUT_MIN_SECONDS || p.dpdTimeoutSeconds > AZURE_DPD_TIMEOUT_RANGE.max) {
    issues.push(issue(`${path}.dpdTimeoutSeconds`, "IPSEC_LIFETIME", `${p.dpdTimeoutSeconds} s must be ${AWS_DPD_TIMEOUT_MIN_SECONDS}–${AZURE_DPD_TIMEOUT_RANGE.max} s (AWS minimum ${AWS_DPD_TIMEOUT_MIN_SECONDS}, Azure maximum ${AZURE_DPD_TIMEOUT_RANGE.max})`));
  }
  return issues;
}
