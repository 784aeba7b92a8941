/**
 * Tunnel MTU/MSS arithmetic (WireGuard's message format, as in seed 002 but without its double-counted
 * tag; RFC 4303/3948 for IPsec ESP with NAT-T).
 *
 * Oversized packets inside a tunnel are dropped silently when PMTUD is blocked, which shows up as
 * "SSH works, SCP stalls". Clamp TCP MSS on the tunnel interfaces to the value below.
 */
export type TunnelKind = "ipsec-aes-cbc" | "ipsec-aes-gcm" | "wireguard";
export type Underlay = "ipv4" | "ipv6";

export interface OverheadItem {
  readonly layer: string;
  readonly bytes: number;
}

const outerIp = (u: Underlay): OverheadItem => ({ layer: `outer ${u === "ipv4" ? "IPv4" : "IPv6"} header`, bytes: u === "ipv4" ? 20 : 40 });

/** Worst-case per-packet overhead, itemised. IPsec includes NAT-T UDP (AWS and Azure both force it behind NAT). */
export function tunnelOverhead(kind: TunnelKind, underlay: Underlay): OverheadItem[] {
  switch (kind) {
    case "wireguard":
      // A transport-data message is type (1) + reserved (3) + receiver index (4) + counter (8), then
      // the encrypted packet and its 16-byte Poly1305 tag. Seed 002's "76 bytes" counts the tag twice
      // (it calls the 16-byte header "32"); 1500 − 80 (IPv6 underlay) is where WireGuard's 1420 comes from.
      return [outerIp(underlay), { layer: "UDP header", bytes: 8 }, { layer: "WireGuard data header (type, reserved, receiver index, counter)", bytes: 16 }, { layer: "Poly1305 authentication tag", bytes: 16 }];
    case "ipsec-aes-cbc":
      return [
        outerIp(underlay),
        { layer: "NAT-T UDP header", bytes: 8 },
        { layer: "ESP header (SPI, sequence)", bytes: 8 },
        { layer: "AES-CBC IV", bytes: 16 },
        { layer: "ESP padding to 16-byte blocks (worst case)", bytes: 15 },
        { layer: "ESP trailer (pad length, next header)", bytes: 2 },
        { layer: "HMAC-SHA256-128 ICV", bytes: 16 },
      ];
    case "ipsec-aes-gcm":
      return [
        outerIp(underlay),
        { layer: "NAT-T UDP header", bytes: 8 },
        { layer: "ESP header (SPI, sequence)", bytes: 8 },
        { layer: "GCM IV", bytes: 8 },
        { layer: "ESP padding to 4 bytes (worst case)", bytes: 3 },
        { layer: "ESP trailer (pad length, next header)", bytes: 2 },
        { layer: "GCM ICV", bytes: 16 },
      ];
  }
}

export const overheadBytes = (kind: TunnelKind, underlay: Underlay): number => tunnelOverhead(kind, underlay).reduce((s, i) => s + i.bytes, 0);

export interface MtuRecommendation {
  /** Largest inner packet that fits a `pathMtu` underlay. */
  readonly maxInnerMtu: number;
  /** Interface MTU to configure (the cloud's documented value where it is lower). */
  readonly interfaceMtu: number;
  /** TCP MSS to clamp to, for IPv4 inner traffic (MTU − 40, capped at Azure's 1350 for IPsec). */
  readonly tcpMssIpv4: number;
  /** TCP MSS for IPv6 inner traffic (MTU − 60). */
  readonly tcpMssIpv6: number;
}

/**
 * Azure documents MTU 1400 / MSS 1350 for its VPN gateways and AWS documents MSS 1379 on its tunnels,
 * so an AWS↔Azure IPsec tunnel uses the lower of the arithmetic and Azure's figure. WireGuard's
 * default is 1420, the IPv6-underlay figure, so one value fits both underlays (seed 002).
 */
export const CLOUD_IPSEC_MTU = 1400;
/** Azure's documented TCP MSS clamp for VPN gateways (10 bytes of margin below 1400 − 40). */
export const CLOUD_IPSEC_TCP_MSS = 1350;
export const WIREGUARD_DEFAULT_MTU = 1420;

export function recommendMtu(kind: TunnelKind, underlay: Underlay, pathMtu = 1500): MtuRecommendation {
  const maxInnerMtu = pathMtu - overheadBytes(kind, underlay);
  const cap = kind === "wireguard" ? WIREGUARD_DEFAULT_MTU : CLOUD_IPSEC_MTU;
  const interfaceMtu = Math.min(maxInnerMtu, cap);
  const mssCap = kind === "wireguard" ? Infinity : CLOUD_IPSEC_TCP_MSS;
  return { maxInnerMtu, interfaceMtu, tcpMssIpv4: Math.min(interfaceMtu - 40, mssCap), tcpMssIpv6: Math.min(interfaceMtu - 60, mssCap) };
}
