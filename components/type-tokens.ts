/**
 * Pulumi type tokens of crosscloud's components. `crosscloud:index:<Class>` keeps them publishable as a
 * multi-language Pulumi package later (the schema's `index` module).
 */
export const TYPE = {
  BgpSession: "crosscloud:index:BgpSession",
  VpnTunnel: "crosscloud:index:VpnTunnel",
  SiteToSiteVpn: "crosscloud:index:SiteToSiteVpn",
  TransitGatewayHub: "crosscloud:index:TransitGatewayHub",
  ExpressRouteInterconnect: "crosscloud:index:ExpressRouteInterconnect",
  CrossCloudDns: "crosscloud:index:CrossCloudDns",
  WireGuardOverlay: "crosscloud:index:WireGuardOverlay",
} as const;
