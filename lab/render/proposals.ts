import type {
  AwsEncryptionAlgorithm,
  AwsIntegrityAlgorithm,
  AwsTunnelOptions,
  AzureDhGroup,
  AzureIkeEncryption,
  AzureIkeIntegrity,
  AzureIpsecEncryption,
  AzureIpsecIntegrity,
  AzureIpsecPolicy,
  AzurePfsGroup,
} from "../../sdk";

/**
 * Each cloud's algorithm names → strongSwan proposal keywords. Each side is translated on its own:
 * AWS lists everything it accepts, Azure proposes exactly one combination, and strongSwan then
 * negotiates between them the way the two gateways would.
 */

/** strongSwan names for DH group numbers (IANA IKEv2 transform type 4). */
export const DH_GROUP_KEYWORDS: Readonly<Record<number, string>> = {
  1: "modp768",
  2: "modp1024",
  5: "modp1536",
  14: "modp2048",
  15: "modp3072",
  16: "modp4096",
  17: "modp6144",
  18: "modp8192",
  19: "ecp256",
  20: "ecp384",
  21: "ecp521",
  22: "modp1024s160",
  23: "modp2048s224",
  24: "modp2048s256",
};

const AWS_ENCRYPTION: Readonly<Record<AwsEncryptionAlgorithm, string>> = {
  AES128: "aes128",
  AES256: "aes256",
  "AES128-GCM-16": "aes128gcm16",
  "AES256-GCM-16": "aes256gcm16",
};
const AWS_INTEGRITY: Readonly<Record<AwsIntegrityAlgorithm, string>> = {
  SHA1: "sha1",
  "SHA2-256": "sha256",
  "SHA2-384": "sha384",
  "SHA2-512": "sha512",
};

const AZURE_IKE_ENCRYPTION: Readonly<Record<AzureIkeEncryption, string>> = {
  DES: "des",
  DES3: "3des",
  AES128: "aes128",
  AES192: "aes192",
  AES256: "aes256",
  GCMAES128: "aes128gcm16",
  GCMAES256: "aes256gcm16",
};
/** With a GCM IKE cipher Azure's "integrity" only picks the PRF. */
const AZURE_IKE_INTEGRITY: Readonly<Record<AzureIkeIntegrity, string>> = {
  MD5: "md5",
  SHA1: "sha1",
  SHA256: "sha256",
  SHA384: "sha384",
  GCMAES128: "sha256",
  GCMAES256: "sha256",
};
/** Microsoft's table: DHGroup14 and DHGroup2048 are the same 2048-bit MODP group; DHGroup24 is 2048-bit MODP with a 256-bit subgroup. */
const AZURE_DH_GROUP: Readonly<Record<Exclude<AzureDhGroup, "None">, number>> = {
  DHGroup1: 1,
  DHGroup2: 2,
  DHGroup14: 14,
  DHGroup2048: 14,
  ECP256: 19,
  ECP384: 20,
  DHGroup24: 24,
};
const AZURE_IPSEC_ENCRYPTION: Readonly<Record<AzureIpsecEncryption, string>> = {
  None: "null",
  DES: "des",
  DES3: "3des",
  AES128: "aes128",
  AES192: "aes192",
  AES256: "aes256",
  GCMAES128: "aes128gcm16",
  GCMAES192: "aes192gcm16",
  GCMAES256: "aes256gcm16",
};
const AZURE_IPSEC_INTEGRITY: Readonly<Record<Exclude<AzureIpsecIntegrity, `GCM${string}`>, string>> = {
  MD5: "md5",
  SHA1: "sha1",
  SHA256: "sha256",
};
const AZURE_PFS_GROUP: Readonly<Record<Exclude<AzurePfsGroup, "None" | "PFSMM">, number>> = {
  PFS1: 1,
  PFS2: 2,
  PFS2048: 14,
  PFS14: 14,
  ECP256: 19,
  ECP384: 20,
  PFS24: 24,
};

const isAead = (keyword: string): boolean => keyword.includes("gcm");

function dhKeyword(group: number): string {
  const keyword = DH_GROUP_KEYWORDS[group];
  if (keyword === undefined) throw new Error(`no strongSwan name for DH group ${group}`);
  return keyword;
}

/** A proposal as strongSwan's keyword list, e.g. ["aes256", "sha256", "modp2048"]. */
export type Proposal = readonly string[];

export const proposalString = (proposals: readonly Proposal[]): string => proposals.map((p) => p.join("-")).join(", ");

/**
 * AWS accepts every combination of its lists. strongSwan cannot mix AEAD and classic ciphers in one
 * proposal, so GCM ciphers form their own proposal; for IKE that proposal names the PRF instead of
 * an integrity algorithm.
 */
function awsProposals(
  phase: { readonly encryption: readonly AwsEncryptionAlgorithm[]; readonly integrity: readonly AwsIntegrityAlgorithm[]; readonly groups: readonly number[] },
  kind: "ike" | "esp",
): Proposal[] {
  const ciphers = phase.encryption.map((a) => AWS_ENCRYPTION[a]);
  const integrity = phase.integrity.map((a) => AWS_INTEGRITY[a]);
  const groups = phase.groups.map(dhKeyword);
  const classic = ciphers.filter((c) => !isAead(c));
  const aead = ciphers.filter(isAead);
  const proposals: Proposal[] = [];
  if (classic.length > 0) proposals.push([...classic, ...integrity, ...groups]);
  if (aead.length > 0) proposals.push(kind === "ike" ? [...aead, ...integrity.map((i) => `prf${i}`), ...groups] : [...aead, ...groups]);
  return proposals;
}

/** What AWS accepts for IKE (phase 1), from the tunnel's `tunnelNPhase1*` lists. */
export const awsIkeProposals = (aws: AwsTunnelOptions): Proposal[] =>
  awsProposals({ encryption: aws.phase1EncryptionAlgorithms, integrity: aws.phase1IntegrityAlgorithms, groups: aws.phase1DhGroupNumbers }, "ike");
/** What AWS accepts for ESP (phase 2, PFS groups), from the tunnel's `tunnelNPhase2*` lists. */
export const awsEspProposals = (aws: AwsTunnelOptions): Proposal[] =>
  awsProposals({ encryption: aws.phase2EncryptionAlgorithms, integrity: aws.phase2IntegrityAlgorithms, groups: aws.phase2DhGroupNumbers }, "esp");

export function azureIkeProposal(policy: AzureIpsecPolicy): Proposal {
  if (policy.dhGroup === "None") throw new Error("IKE needs a DH group");
  const cipher = AZURE_IKE_ENCRYPTION[policy.ikeEncryption];
  const hash = AZURE_IKE_INTEGRITY[policy.ikeIntegrity];
  const group = dhKeyword(AZURE_DH_GROUP[policy.dhGroup]);
  return isAead(cipher) ? [cipher, `prf${hash}`, group] : [cipher, hash, group];
}

export function azureEspProposal(policy: AzureIpsecPolicy): Proposal {
  const cipher = AZURE_IPSEC_ENCRYPTION[policy.ipsecEncryption];
  if (policy.pfsGroup === "PFSMM") throw new Error("PFSMM has no documented group");
  const pfs = policy.pfsGroup === "None" ? [] : [dhKeyword(AZURE_PFS_GROUP[policy.pfsGroup])];
  if (isAead(cipher)) return [cipher, ...pfs];
  const integrity = policy.ipsecIntegrity;
  if (integrity.startsWith("GCM")) throw new Error(`ipsecIntegrity ${integrity} needs a GCMAES ipsecEncryption`);
  return [cipher, AZURE_IPSEC_INTEGRITY[integrity as keyof typeof AZURE_IPSEC_INTEGRITY], ...pfs];
}

// ---- which strongSwan plugins a keyword needs ------------------------------------------------

/** Alternative plugin sets that implement a keyword; any one fully present is enough. */
export function pluginsFor(keyword: string): readonly (readonly string[])[] {
  if (keyword === "null") return [[]];
  if (/^aes\d+gcm\d+$/.test(keyword)) return [["gcm", "aes"], ["openssl"]];
  if (/^aes\d+$/.test(keyword)) return [["aes"], ["openssl"]];
  if (keyword === "3des" || keyword === "des") return [["des"], ["openssl"]];
  const hash = keyword.replace(/^prf/, "");
  if (hash === "md5") return [["md5", "hmac"], ["openssl"]];
  if (hash === "sha1") return [["sha1", "hmac"], ["openssl"]];
  if (/^sha(256|384|512)$/.test(hash)) return [["sha2", "hmac"], ["openssl"]];
  if (keyword.startsWith("modp")) return [["gmp"], ["openssl"]];
  if (keyword.startsWith("ecp")) return [["openssl"]];
  throw new Error(`unknown strongSwan keyword "${keyword}"`);
}

/** The plugins that make a keyword work, picked from those installed, or undefined if none do. */
export function pluginsToLoad(keyword: string, installed: ReadonlySet<string>): readonly string[] | undefined {
  return pluginsFor(keyword).find((set) => set.every((p) => installed.has(p)));
}

/** The Debian package that ships the plugins the lab may lack (strongSwan 5.9 packaging). */
export const EXTRA_PLUGINS_PACKAGE = "libstrongswan-standard-plugins";
