import { BgpSession, CrossCloudDns, CrossCloudFailover, ExpressRouteInterconnect, SiteToSiteVpn, TransitGatewayHub, VpnTunnel, WireGuardOverlay } from "../components";

/** The Pulumi package name: the first part of every type token (`crosscloud:index:<Class>`), and package.json's `name`. */
export const PACKAGE_NAME = "crosscloud";

/**
 * The components the multi-language package serves, each under `crosscloud:index:<Class>`.
 *
 * The Pulumi CLI does not read this list: its Node language host `require`s the package's `main`
 * (dist/index.js) and serves every ComponentResource class that module exports. `npm run schema` uses this
 * list, and tests/provider checks that it is exactly what the language host finds.
 */
export const COMPONENTS = [BgpSession, VpnTunnel, SiteToSiteVpn, TransitGatewayHub, ExpressRouteInterconnect, CrossCloudDns, WireGuardOverlay, CrossCloudFailover];
