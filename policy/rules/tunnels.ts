import { awsInsideAddress, parseCidr } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T } from "./resources";
import { Unknown, get, str } from "./values";

/** One AWS VPN tunnel: a VpnConnection and its tunnel number. */
export interface AwsTunnel {
  readonly vpn: RuleResource;
  readonly tunnel: 1 | 2;
}

/** An Azure site-to-site connection with its local network gateway and, when found, the AWS tunnel it terminates. */
export interface TunnelPairing {
  readonly connection: RuleResource;
  readonly lng?: RuleResource;
  readonly aws?: AwsTunnel;
  /** The Unknown that kept the pairing from being decided, if any. */
  readonly blockedBy?: Unknown;
}

/**
 * Pairs each Azure IPsec connection with the AWS tunnel at the other end. Azure's side of a tunnel
 * is a local network gateway that describes the AWS endpoint, so the connection's
 * `localNetworkGateway2` is followed to that gateway, which matches an AWS tunnel when
 *
 *   gatewayIpAddress = the VpnConnection's tunnelNAddress (AWS's outside IP), or
 *   bgpSettings.bgpPeeringAddress = the first usable address of tunnelNInsideCidr (AWS's inside IP).
 *
 * The outside IP is unknown during a real preview (AWS assigns it), the planned inside address is
 * not, so either match is enough.
 */
export function pairAzureConnections(index: StackIndex): TunnelPairing[] {
  const tunnels: { aws: AwsTunnel; outside: string | Unknown | undefined; inside: string | Unknown | undefined }[] = [];
  for (const vpn of index.ofType(T.awsVpnConnection)) {
    for (const tunnel of [1, 2] as const) {
      const insideCidr = str(vpn.props[`tunnel${tunnel}InsideCidr`]);
      const block = typeof insideCidr === "string" ? parseCidr(insideCidr) : undefined;
      const inside = insideCidr instanceof Unknown ? insideCidr : block && block.size >= 4 ? awsInsideAddress(block) : undefined;
      tunnels.push({ aws: { vpn, tunnel }, outside: str(vpn.props[`tunnel${tunnel}Address`]), inside });
    }
  }
  const pairings: TunnelPairing[] = [];
  for (const connection of index.ofType(T.azureConnection)) {
    const type = str(connection.props.connectionType);
    if (typeof type === "string" && type !== "IPsec") continue;
    const lng = index.resolve(connection, "localNetworkGateway2", [T.azureLng]);
    if (!lng) {
      pairings.push({ connection });
      continue;
    }
    const gatewayIp = str(lng.props.gatewayIpAddress);
    const peering = str(get(lng.props, "bgpSettings", "bgpPeeringAddress"));
    const same = (a: string | Unknown | undefined, b: string | Unknown | undefined): boolean => typeof a === "string" && a === b;
    const match = tunnels.find((t) => same(gatewayIp, t.outside) || same(peering, t.inside));
    if (match) {
      pairings.push({ connection, lng, aws: match.aws });
      continue;
    }
    // Nothing matched. If the gateway has no known address at all, an unknown one may hide the
    // match; a known address that matches no tunnel means the connection goes somewhere else.
    const blocked = typeof gatewayIp !== "string" && typeof peering !== "string" ? [gatewayIp, peering].find((v): v is Unknown => v instanceof Unknown) : undefined;
    pairings.push(blocked ? { connection, lng, blockedBy: blocked } : { connection, lng });
  }
  return pairings;
}
