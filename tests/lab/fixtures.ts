import type { AwsStartupAction } from "../../sdk";
import { LabAwsTunnel, LabAzureTunnel, LabSpec, LabTunnel } from "../../lab/spec/spec";

/**
 * Hand-written lab specs in each cloud's own vocabulary: the pinned pairing of
 * reference/networking.md §1.4 (AES256 / SHA-256 / group 14 on both phases).
 */

export const AWS_ASN = 64512;
export const AZURE_ASN = 65515;

interface TunnelRow {
  readonly key: string;
  readonly insideCidr: string;
  /** AWS's address of the /30 (the LNG's bgpPeeringAddress). */
  readonly awsAddress: string;
  /** Azure's custom APIPA for this tunnel (second address of the /30). */
  readonly azureAddress: string;
  readonly psk: string;
}

/** reference/networking.md §2: VPN-A/B × t1/t2 onto Azure instances 0/1. */
export const HA_ROWS: readonly TunnelRow[] = [
  { key: "a-t1", insideCidr: "169.254.21.0/30", awsAddress: "169.254.21.1", azureAddress: "169.254.21.2", psk: "Ka1.first_tunnel_key" },
  { key: "a-t2", insideCidr: "169.254.22.0/30", awsAddress: "169.254.22.1", azureAddress: "169.254.22.2", psk: "Ka2.second_tunnel_key" },
  { key: "b-t1", insideCidr: "169.254.21.4/30", awsAddress: "169.254.21.5", azureAddress: "169.254.21.6", psk: "Kb1.third_tunnel_key" },
  { key: "b-t2", insideCidr: "169.254.22.4/30", awsAddress: "169.254.22.5", azureAddress: "169.254.22.6", psk: "Kb2.fourth_tunnel_key" },
];

export function awsSide(row: TunnelRow, startupAction: AwsStartupAction): LabAwsTunnel {
  return {
    insideCidr: row.insideCidr,
    customerGatewayAsn: AZURE_ASN,
    presharedKey: row.psk,
    ikeVersions: ["ikev2"],
    phase1EncryptionAlgorithms: ["AES256"],
    phase1IntegrityAlgorithms: ["SHA2-256"],
    phase1DhGroupNumbers: [14],
    phase1LifetimeSeconds: 28800,
    phase2EncryptionAlgorithms: ["AES256"],
    phase2IntegrityAlgorithms: ["SHA2-256"],
    phase2DhGroupNumbers: [14],
    phase2LifetimeSeconds: 3600,
    dpdTimeoutSeconds: 30,
    startupAction,
  };
}

export function azureSide(row: TunnelRow): LabAzureTunnel {
  return {
    customBgpIpAddress: row.azureAddress,
    localNetworkGateway: { bgpPeeringAddress: row.awsAddress, asn: AWS_ASN },
    sharedKey: row.psk,
    connectionProtocol: "IKEv2",
    ipsecPolicy: {
      ikeEncryption: "AES256",
      ikeIntegrity: "SHA256",
      dhGroup: "DHGroup14",
      ipsecEncryption: "AES256",
      ipsecIntegrity: "SHA256",
      pfsGroup: "PFS2048",
      saLifeTimeSeconds: 3600,
      saDataSizeKilobytes: 102400000,
    },
    dpdTimeoutSeconds: 45,
  };
}

const tunnel = (row: TunnelRow, startupAction: AwsStartupAction): LabTunnel => ({
  key: row.key,
  aws: awsSide(row, startupAction),
  azure: azureSide(row),
});

const rows = (...keys: string[]): TunnelRow[] => keys.map((k) => {
  const row = HA_ROWS.find((r) => r.key === k);
  if (!row) throw new Error(k);
  return row;
});

/** Dev: one VPN connection, both tunnels on Azure instance 0; AWS waits for Azure to initiate. */
export function devSpec(): LabSpec {
  return {
    name: "dev",
    aws: { asn: AWS_ASN, prefixes: ["10.0.0.0/16"] },
    azure: { asn: AZURE_ASN, prefixes: ["10.16.0.0/16"] },
    tunnels: rows("a-t1", "a-t2").map((r, i) => ({ ...tunnel(r, "add"), ...(i === 0 ? { preferred: true } : {}) })),
  };
}

/** HA: two VPN connections, four tunnels, AWS initiating too (`startupAction: "start"`, per the Microsoft guide). */
export function haSpec(): LabSpec {
  return {
    name: "ha",
    aws: { asn: AWS_ASN, prefixes: ["10.0.0.0/16"] },
    azure: { asn: AZURE_ASN, prefixes: ["10.16.0.0/16"] },
    tunnels: HA_ROWS.map((r) => ({ ...tunnel(r, "start"), ...(r.key === "a-t1" ? { preferred: true } : {}) })),
  };
}

/** Replaces one tunnel of a spec. */
export function withTunnel(spec: LabSpec, key: string, change: (t: LabTunnel) => LabTunnel): LabSpec {
  return { ...spec, tunnels: spec.tunnels.map((t) => (t.key === key ? change(t) : t)) };
}
