/**
 * Each cloud's IPsec vocabulary: the values AWS's VPN tunnel options and Azure's connection IPsec
 * policies accept, the shapes that carry them, and what each cloud does when a value is left out.
 * These are cloud facts, stated here and nowhere else; the IPsec profile (ipsec.ts), the simulators
 * and the lab's spec all use these types, so a value outside a cloud's list is a type error.
 *
 * Sources:
 * - AWS: EC2 API Reference, "VpnTunnelOptionsSpecification"
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html) and
 *   AWS Site-to-Site VPN User Guide, "Tunnel options for your Site-to-Site VPN connection"
 *   (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html).
 * - Azure: the azure-native `network` enums (`IkeEncryption`, `IkeIntegrity`, `DhGroup`, `IpsecEncryption`,
 *   `IpsecIntegrity`, `PfsGroup`, `VirtualNetworkGatewayConnectionProtocol`, `VirtualNetworkGatewayConnectionMode`;
 *   tests/sdk/ipsec-vocabulary.test.ts checks the lists against them) and Microsoft Learn, "About cryptographic
 *   requirements and Azure VPN gateways" (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-compliance-crypto).
 */

// ---- AWS (EC2 VpnConnection tunnel options) --------------------------------------------------

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

/** What AWS does with a tunnel option that is left out ("Default: clear", "Default: add"). */
export const AWS_TUNNEL_DEFAULTS = {
  dpdTimeoutAction: "clear",
  startupAction: "add",
} as const satisfies { readonly dpdTimeoutAction: AwsDpdTimeoutAction; readonly startupAction: AwsStartupAction };

/** `DPDTimeoutSeconds`: "A value greater than or equal to 30". */
export const AWS_DPD_TIMEOUT_MIN_SECONDS = 30;

/**
 * One AWS VPN tunnel's IPsec options in EC2's vocabulary: the `tunnelN*` inputs of
 * `aws.ec2.VpnConnection` without the `tunnelN` prefix (see `awsTunnelOptions` in ipsec.ts).
 * Every list holds values AWS accepts; AWS negotiates any combination of them.
 */
export interface AwsTunnelOptions {
  readonly ikeVersions: AwsIkeVersion[];
  readonly phase1EncryptionAlgorithms: AwsEncryptionAlgorithm[];
  readonly phase1IntegrityAlgorithms: AwsIntegrityAlgorithm[];
  readonly phase1DhGroupNumbers: AwsPhase1DhGroup[];
  readonly phase1LifetimeSeconds: number;
  readonly phase2EncryptionAlgorithms: AwsEncryptionAlgorithm[];
  readonly phase2IntegrityAlgorithms: AwsIntegrityAlgorithm[];
  readonly phase2DhGroupNumbers: AwsPhase2DhGroup[];
  readonly phase2LifetimeSeconds: number;
  /** At least {@link AWS_DPD_TIMEOUT_MIN_SECONDS}. */
  readonly dpdTimeoutSeconds: number;
  /** @default "clear" (`AWS_TUNNEL_DEFAULTS.dpdTimeoutAction`, AWS's own default) */
  readonly dpdTimeoutAction?: AwsDpdTimeoutAction;
  /**
   * "start" makes AWS initiate IKE, "add" leaves it to the customer gateway.
   * @default "add" (`AWS_TUNNEL_DEFAULTS.startupAction`, AWS's own default)
   */
  readonly startupAction?: AwsStartupAction;
}

// ---- Azure (VirtualNetworkGatewayConnection, azure-native network enums) ----------------------

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

/**
 * What Azure does with a connection setting that is left out: IKEv2, connection mode "Default" (either
 * side may initiate), and a dead-peer-detection timeout of 45 s (`dpdTimeoutSeconds`: 9–3600, default 45).
 */
export const AZURE_CONNECTION_DEFAULTS = {
  connectionProtocol: "IKEv2",
  connectionMode: "Default",
  dpdTimeoutSeconds: 45,
} as const satisfies {
  readonly connectionProtocol: AzureConnectionProtocol;
  readonly connectionMode: AzureConnectionMode;
  readonly dpdTimeoutSeconds: number;
};
/** The range Azure accepts for a connection's `dpdTimeoutSeconds`. */
export const AZURE_DPD_TIMEOUT_RANGE = { min: 9, max: 3600 } as const;

/**
 * "IKE Main Mode SA lifetime is fixed at 28,800 seconds on the Azure VPN gateways": a connection's
 * `ipsecPolicies` cannot change it (its `saLifeTimeSeconds` is the Quick Mode, i.e. child SA, lifetime).
 */
export const AZURE_IKE_SA_LIFETIME_SECONDS = 28800;

/** One entry of an Azure connection's `ipsecPolicies`: Azure proposes exactly this one combination. */
export interface AzureIpsecPolicy {
  readonly ikeEncryption: AzureIkeEncryption;
  readonly ikeIntegrity: AzureIkeIntegrity;
  readonly dhGroup: AzureDhGroup;
  readonly ipsecEncryption: AzureIpsecEncryption;
  readonly ipsecIntegrity: AzureIpsecIntegrity;
  readonly pfsGroup: AzurePfsGroup;
  /** The child (Quick Mode) SA lifetime. */
  readonly saLifeTimeSeconds: number;
  readonly saDataSizeKilobytes: number;
}

/**
 * A shape as it may have been recorded: every field optional, values of the field's base type (any
 * string, any number). The readers that judge a rendered resource take this, not the strict type.
 */
export type AsRecorded<T> = {
  readonly [K in keyof T]?: T[K] extends readonly (infer E)[] ? readonly (E extends number ? number : string)[] : T[K] extends number | undefined ? number : string;
};
