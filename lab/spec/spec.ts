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

import {
  AWS_VPN_BGP_HOLD_SECONDS,
  AZURE_VPN_BGP_TIMERS,
  type AwsTunnelOptions,
  type AzureConnectionMode,
  type AzureConnectionProtocol,
  type AzureIpsecPolicy,
  type BgpTimers,
} from "../../sdk";

import type { LabInterconnect } from "../interconnect/spec";

export type { BgpTimers } from "../../sdk";

// ---- AWS side (EC2 VpnConnection vocabulary: sdk/ipsec-vocabulary.ts) ------------------------

/**
 * One tunnel of an AWS `VpnConnection`, as AWS sees it: its `tunnelN*` IPsec options in EC2's own
 * vocabulary (the sdk's {@link AwsTunnelOptions}), plus what else AWS knows about the tunnel.
 */
export interface LabAwsTunnel extends AwsTunnelOptions {
  /** `tunnelNInsideCidr`. AWS takes the first address (.1), and expects the customer gateway on the second (.2). */
  readonly insideCidr: string;
  /** The customer gateway's `bgpAsn`: the ASN AWS expects the peer to announce. */
  readonly customerGatewayAsn: number;
  /** `tunnelNPresharedKey`. Only ever written to a 0600 file inside the run's own directory. */
  readonly presharedKey: string;
  /**
   * `tunnelNBgpHoldtime`. AWS sends keepalives every third of it.
   * @default AWS's own (`AWS_VPN_BGP_HOLD_SECONDS` in sdk/bgp.ts)
   */
  readonly bgpHoldTimeSeconds?: number;
}

// ---- Azure side (azure-native network vocabulary: sdk/ipsec-vocabulary.ts) --------------------

/** One Azure connection + its local network gateway, as Azure sees the tunnel. */
export interface LabAzureTunnel {
  /** The gateway's custom APIPA BGP address for this tunnel (`gatewayCustomBgpIpAddresses[].customBgpIpAddress`). */
  readonly customBgpIpAddress: string;
  /** The local network gateway's `bgpSettings`: where and as whom Azure expects the AWS peer. */
  readonly localNetworkGateway: { readonly bgpPeeringAddress: string; readonly asn: number };
  /** The connection's `sharedKey`. Only ever written to a 0600 file inside the run's own directory. */
  readonly sharedKey: string;
  readonly connectionProtocol: AzureConnectionProtocol;
  readonly ipsecPolicy: AzureIpsecPolicy;
  /** The connection's `dpdTimeoutSeconds` (Azure's range and default: `AZURE_DPD_TIMEOUT_RANGE`, `AZURE_CONNECTION_DEFAULTS`). */
  readonly dpdTimeoutSeconds: number;
  /**
   * The connection's `connectionMode`. "ResponderOnly" stops Azure from initiating IKE.
   * "InitiatorOnly" is treated like "Default": strongSwan cannot refuse to respond.
   * @default Azure's own (`AZURE_CONNECTION_DEFAULTS.connectionMode`)
   */
  readonly connectionMode?: AzureConnectionMode;
}

// ---- the lab spec ---------------------------------------------------------------------------

export interface LabTunnel {
  /** Stable slug, e.g. "a-t1"; names the tunnel's namespaces and appears in every report line. */
  readonly key: string;
  /**
   * The tunnel traffic should use while it is healthy. Every other tunnel's announcements are
   * AS-path prepended (both directions), which makes the path deterministic and failover measurable.
   * @default false; when no tunnel is marked, the first tunnel in `tunnels` is the preferred one
   */
  readonly preferred?: boolean;
  readonly aws: LabAwsTunnel;
  readonly azure: LabAzureTunnel;
}

export interface LabSpec {
  /** Slug for reports and logs. */
  readonly name: string;
  /** The TGW/VGW `amazonSideAsn` and the VPC CIDRs AWS announces. */
  readonly aws: { readonly asn: number; readonly prefixes: readonly string[] };
  /**
   * The VPN gateway's `bgpSettings.asn` and the VNet prefixes Azure announces.
   * `bgpTimers` @default Azure's own, fixed on its VPN gateways (`AZURE_VPN_BGP_TIMERS` in sdk/bgp.ts)
   */
  readonly azure: { readonly asn: number; readonly prefixes: readonly string[]; readonly bgpTimers?: BgpTimers };
  readonly tunnels: readonly LabTunnel[];
  /**
   * Run BFD (300 ms × 3) on every session. Neither cloud offers BFD on VPN; this is a lab knob that
   * makes scenarios fast where the failover time itself is not what is being tested.
   * @default false
   */
  readonly bfd?: boolean;
  /**
   * Equal-cost multipath over every tunnel, as a TGW with `vpnEcmpSupport` and an active-active Azure gateway do:
   * no tunnel is preferred (no AS-path prepending), both routers install all tunnels as next hops and hash flows
   * on their ports. Decided from the rendered resources (lab/spec/from-graph.ts).
   * @default false (one preferred tunnel, as a VGW)
   */
  readonly ecmp?: boolean;
  /** The private interconnect (ExpressRoute ↔ provider ↔ Direct Connect) in front of the VPN, when one is rendered. */
  readonly interconnect?: LabInterconnect;
}

/**
 * The lab's own knobs, in one place. What a cloud does when a value is left out is a cloud fact and
 * comes from sdk/ (timers in bgp.ts, IPsec defaults in ipsec-vocabulary.ts), never from here.
 */
export const LAB_DEFAULTS = {
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

export const awsHoldTime = (tunnel: LabTunnel): number => tunnel.aws.bgpHoldTimeSeconds ?? AWS_VPN_BGP_HOLD_SECONDS;

export const azureTimers = (spec: LabSpec): BgpTimers => spec.azure.bgpTimers ?? AZURE_VPN_BGP_TIMERS;

/**
 * The hold time BGP will settle on for a tunnel: the lower of the two offers (RFC 4271 §4.2).
 * Each side keeps its own configuration; this is only what the lab expects to observe.
 */
export const negotiatedHoldTime = (spec: LabSpec, tunnel: LabTunnel): number =>
  Math.min(awsHoldTime(tunnel), azureTimers(spec).holdTimeSeconds);
