/**
 * The lab's input: one AWS↔Azure site-to-site VPN, described the way each cloud describes it.
 *
 * Each tunnel carries two *independent* halves: `aws` uses the EC2 `VpnConnection` tunnel-option
 * vocabulary ("AES256", "SHA2-256", DH group numbers) and `azure` uses the
 * `VirtualNetworkGatewayConnection` / `LocalNetworkGateway` vocabulary ("SHA256", "DHGroup14",
 * "PFS2048"). Nothing here reconciles the two: each side's strongSwan and FRR configuration is
 * rendered from its own half only, so a disagreement between the clouds shows up in the lab as a
 * real IKE or BGP failure instead of being smoothed over by a translation step.
 */

// ---- AWS vocabulary (EC2 VpnTunnelOptionsSpecification) ------------------------------------

export const AWS_ENCRYPTION_ALGORITHMS = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"] as const;
export const AWS_INTEGRITY_ALGORITHMS = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"] as const;
export const AWS_PHASE1_DH_GROUPS = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;
export const AWS_PHASE2_DH_GROUPS = [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;
export const AWS_IKE_VERSIONS = ["ikev1", "ikev2"] as const;
export const AWS_STARTUP_ACTIONS = ["add", "start"] as const;
export const AWS_DPD_TIMEOUT_ACTIONS = ["clear", "none", "restart"] as const;

export type AwsEncryptionAlgorithm = (typeof AWS_ENCRYPTION_ALGORITHMS)[number];
export type AwsIntegrityAlgorithm = (typeof AWS_INTEGRITY_ALGORITHMS)[number];
export type AwsPhase1DhGroup = (typeof AWS_PHASE1_DH_GROUPS)[number];
export type AwsPhase2DhGroup = (typeof AWS_PHASE2_DH_GROUPS)[number];
export type AwsIkeVersion = (typeof AWS_IKE_VERSIONS)[number];
export type AwsStartupAction = (typeof AWS_STARTUP_ACTIONS)[number];
export type AwsDpdTimeoutAction = (typeof AWS_DPD_TIMEOUT_ACTIONS)[number];

/** `tunnelNPhase1*` or `tunnelNPhase2*`: every listed value is acceptable to AWS. */
export interface AwsPhaseOptions<DhGroup extends number> {
  readonly encryptionAlgorithms: readonly AwsEncryptionAlgorithm[];
  readonly integrityAlgorithms: readonly AwsIntegrityAlgorithm[];
  readonly dhGroupNumbers: readonly DhGroup[];
  readonly lifetimeSeconds: number;
}

/** One tunnel of an AWS `VpnConnection`, as AWS sees it. */
export interface AwsTunnelOptions {
  /** `tunnelNInsideCidr`. AWS takes the first address (.1), and expects the customer gateway on the second (.2). */
  readonly insideCidr: string;
  /** The customer gateway's `bgpAsn`: the ASN AWS expects the peer to announce. */
  readonly customerGatewayAsn: number;
  /** `tunnelNPresharedKey`. Only ever written to a 0600 file inside the run's own directory. */
  readonly presharedKey: string;
  /** `tunnelNIkeVersions`. */
  readonly ikeVersions: readonly AwsIkeVersion[];
  readonly phase1: AwsPhaseOptions<AwsPhase1DhGroup>;
  readonly phase2: AwsPhaseOptions<AwsPhase2DhGroup>;
  /** `tunnelNDpdTimeoutSeconds` (AWS: ≥ 30). */
  readonly dpdTimeoutSeconds: number;
  /**
   * `tunnelNDpdTimeoutAction`.
   * @default "clear" (`LAB_DEFAULTS.awsDpdTimeoutAction`, AWS's own default)
   */
  readonly dpdTimeoutAction?: AwsDpdTimeoutAction;
  /** `tunnelNStartupAction`: "start" makes AWS initiate IKE, "add" leaves it to the customer gateway. */
  readonly startupAction: AwsStartupAction;
  /**
   * `tunnelNBgpHoldtime`. AWS sends keepalives every third of it.
   * @default 30 (`LAB_DEFAULTS.awsBgpHoldTimeSeconds`)
   */
  readonly bgpHoldTimeSeconds?: number;
}

// ---- Azure vocabulary (azure-native network enums, API 2024-05-01) ------------------------

export const AZURE_IKE_ENCRYPTIONS = ["DES", "DES3", "AES128", "AES192", "AES256", "GCMAES256", "GCMAES128"] as const;
export const AZURE_IKE_INTEGRITIES = ["MD5", "SHA1", "SHA256", "SHA384", "GCMAES256", "GCMAES128"] as const;
export const AZURE_DH_GROUPS = ["None", "DHGroup1", "DHGroup2", "DHGroup14", "DHGroup2048", "ECP256", "ECP384", "DHGroup24"] as const;
export const AZURE_IPSEC_ENCRYPTIONS = ["None", "DES", "DES3", "AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"] as const;
export const AZURE_IPSEC_INTEGRITIES = ["MD5", "SHA1", "SHA256", "GCMAES128", "GCMAES192", "GCMAES256"] as const;
export const AZURE_PFS_GROUPS = ["None", "PFS1", "PFS2", "PFS2048", "ECP256", "ECP384", "PFS24", "PFS14", "PFSMM"] as const;
export const AZURE_CONNECTION_PROTOCOLS = ["IKEv2", "IKEv1"] as const;
export const AZURE_CONNECTION_MODES = ["Default", "InitiatorOnly", "ResponderOnly"] as const;

export type AzureIkeEncryption = (typeof AZURE_IKE_ENCRYPTIONS)[number];
export type AzureIkeIntegrity = (typeof AZURE_IKE_INTEGRITIES)[number];
export type AzureDhGroup = (typeof AZURE_DH_GROUPS)[number];
export type AzureIpsecEncryption = (typeof AZURE_IPSEC_ENCRYPTIONS)[number];
export type AzureIpsecIntegrity = (typeof AZURE_IPSEC_INTEGRITIES)[number];
export type AzurePfsGroup = (typeof AZURE_PFS_GROUPS)[number];
export type AzureConnectionProtocol = (typeof AZURE_CONNECTION_PROTOCOLS)[number];
export type AzureConnectionMode = (typeof AZURE_CONNECTION_MODES)[number];

/** `VirtualNetworkGatewayConnection.ipsecPolicies[0]`: Azure proposes exactly this one combination. */
export interface AzureIpsecPolicy {
  readonly ikeEncryption: AzureIkeEncryption;
  readonly ikeIntegrity: AzureIkeIntegrity;
  readonly dhGroup: AzureDhGroup;
  readonly ipsecEncryption: AzureIpsecEncryption;
  readonly ipsecIntegrity: AzureIpsecIntegrity;
  readonly pfsGroup: AzurePfsGroup;
  readonly saLifeTimeSeconds: number;
  readonly saDataSizeKilobytes: number;
}

/** One Azure connection + its local network gateway, as Azure sees the tunnel. */
export interface AzureTunnelOptions {
  /** The gateway's custom APIPA BGP address for this tunnel (`gatewayCustomBgpIpAddresses[].customBgpIpAddress`). */
  readonly customBgpIpAddress: string;
  /** The local network gateway's `bgpSettings`: where and as whom Azure expects the AWS peer. */
  readonly localNetworkGateway: { readonly bgpPeeringAddress: string; readonly asn: number };
  /** The connection's `sharedKey`. Only ever written to a 0600 file inside the run's own directory. */
  readonly sharedKey: string;
  readonly connectionProtocol: AzureConnectionProtocol;
  readonly ipsecPolicy: AzureIpsecPolicy;
  /** The connection's `dpdTimeoutSeconds` (Azure: 9–3600, default 45). */
  readonly dpdTimeoutSeconds: number;
  /**
   * The connection's `connectionMode`. "ResponderOnly" stops Azure from initiating IKE.
   * "InitiatorOnly" is treated like "Default": strongSwan cannot refuse to respond.
   * @default "Default" (`LAB_DEFAULTS.azureConnectionMode`)
   */
  readonly connectionMode?: AzureConnectionMode;
}

// ---- the lab spec ---------------------------------------------------------------------------

export interface BgpTimers {
  readonly keepaliveSeconds: number;
  readonly holdTimeSeconds: number;
}

export interface LabTunnel {
  /** Stable slug, e.g. "a-t1"; names the tunnel's namespaces and appears in every report line. */
  readonly key: string;
  /**
   * The tunnel traffic should use while it is healthy. Every other tunnel's announcements are
   * AS-path prepended (both directions), which makes the path deterministic and failover measurable.
   * @default false; when no tunnel is marked, the first tunnel in `tunnels` is the preferred one
   */
  readonly preferred?: boolean;
  readonly aws: AwsTunnelOptions;
  readonly azure: AzureTunnelOptions;
}

export interface LabSpec {
  /** Slug for reports and logs. */
  readonly name: string;
  /** The TGW/VGW `amazonSideAsn` and the VPC CIDRs AWS announces. */
  readonly aws: { readonly asn: number; readonly prefixes: readonly string[] };
  /**
   * The VPN gateway's `bgpSettings.asn` and the VNet prefixes Azure announces.
   * `bgpTimers` @default 60/180 (`LAB_DEFAULTS.azureBgpTimers`, fixed on Azure VPN gateways)
   */
  readonly azure: { readonly asn: number; readonly prefixes: readonly string[]; readonly bgpTimers?: BgpTimers };
  readonly tunnels: readonly LabTunnel[];
  /**
   * Run BFD (300 ms × 3) on every session. Neither cloud offers BFD on VPN; this is a lab knob that
   * makes scenarios fast where the failover time itself is not what is being tested.
   * @default false
   */
  readonly bfd?: boolean;
}

/** Every default the lab applies, in one place; the doc comments above cite these names. */
export const LAB_DEFAULTS = {
  /** AWS VPN BGP: keepalive 10 s, hold 30 s. */
  awsBgpHoldTimeSeconds: 30,
  /** Azure VPN gateway BGP: keepalive 60 s, hold 180 s (reference/networking.md §1.3). */
  azureBgpTimers: { keepaliveSeconds: 60, holdTimeSeconds: 180 },
  awsDpdTimeoutAction: "clear",
  azureConnectionMode: "Default",
  /** Azure fixes the IKE SA lifetime at 28,800 s; it is not part of the connection's policy. */
  azureIkeSaLifetimeSeconds: 28800,
  bfd: { detectMultiplier: 3, receiveIntervalMs: 300, transmitIntervalMs: 300 },
  /** FRR otherwise retries a session that started before its tunnel only after 120 s. */
  bgpConnectRetrySeconds: 5,
  /** One charon per tunnel side and a /30 per tunnel in each "internet" range bound this. */
  maxTunnels: 16,
} as const satisfies Record<string, unknown>;

/** The tunnel traffic prefers: the one marked `preferred`, else the first. */
export function preferredTunnel(spec: LabSpec): LabTunnel {
  const marked = spec.tunnels.find((t) => t.preferred === true) ?? spec.tunnels[0];
  if (!marked) throw new Error("a lab spec needs at least one tunnel");
  return marked;
}

export const awsHoldTime = (tunnel: LabTunnel): number =>
  tunnel.aws.bgpHoldTimeSeconds ?? LAB_DEFAULTS.awsBgpHoldTimeSeconds;

export const azureTimers = (spec: LabSpec): BgpTimers => spec.azure.bgpTimers ?? LAB_DEFAULTS.azureBgpTimers;

/**
 * The hold time BGP will settle on for a tunnel: the lower of the two offers (RFC 4271 §4.2).
 * Each side keeps its own configuration; this is only what the lab expects to observe.
 */
export const negotiatedHoldTime = (spec: LabSpec, tunnel: LabTunnel): number =>
  Math.min(awsHoldTime(tunnel), azureTimers(spec).holdTimeSeconds);
