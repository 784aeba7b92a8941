/**
 * What `crosscloud verify` read from the clouds, reduced to the fields its checks use. The collectors
 * (aws.ts, azure.ts) fill these from the official SDKs' responses; checks.ts judges them. Keeping the
 * checks on these plain shapes keeps them pure and testable apart from the SDKs.
 *
 * A fact that could not be read is an entry in `unreadable` (what, and why), never a silent empty list.
 */

/** One AWS VPN tunnel's telemetry (EC2 `DescribeVpnConnections` → `VgwTelemetry`). */
export interface AwsTunnelTelemetry {
  readonly outsideIpAddress: string;
  /** "UP" | "DOWN". */
  readonly status: string;
  readonly acceptedRouteCount: number;
  /** e.g. "2 BGP ROUTES". */
  readonly statusMessage: string;
  readonly lastStatusChange: string | undefined;
}

export interface AwsVpnConnectionFacts {
  readonly id: string;
  /** pending | available | deleting | deleted. */
  readonly state: string;
  readonly telemetry: AwsTunnelTelemetry[];
}

/** A route AWS learned from the other cloud, wherever it shows. */
export interface AwsLearnedRoute {
  readonly destination: string;
  /** What carries it: `vgw-…`, or a TGW attachment as `vpn:tgw-attach-…` / `direct-connect-gateway:tgw-attach-…`. */
  readonly via: string;
  /** active | blackhole | … */
  readonly state: string;
  /** Where it was read: a VPC route table id or the TGW route table id. */
  readonly table: string;
  /** The kind of attachment (TGW): vpn | direct-connect-gateway | vpc | …; "vgw" for VGW propagation. */
  readonly carrier: string;
}

export interface AwsBgpPeerFacts {
  readonly address: string;
  /** up | down | unknown. */
  readonly bgpStatus: string;
  /** available | pending | … */
  readonly bgpPeerState: string;
}

export interface AwsVifFacts {
  readonly id: string;
  readonly state: string;
  readonly bgpPeers: AwsBgpPeerFacts[];
}

export interface AwsAlarmFacts {
  readonly name: string;
  /** OK | ALARM | INSUFFICIENT_DATA. */
  readonly state: string;
  readonly reason: string;
}

export interface AwsFacts {
  readonly vpnConnections: AwsVpnConnectionFacts[];
  /** Routes toward Azure: propagated into the VPC route tables (VGW), or in the TGW's spokes table. */
  readonly learnedRoutes: AwsLearnedRoute[];
  readonly virtualInterface: AwsVifFacts | undefined;
  /** The alarms found; a name asked for and absent is missing. */
  readonly alarms: AwsAlarmFacts[];
  readonly unreadable: Unreadable[];
}

/** One Azure IPsec connection (`virtualNetworkGatewayConnections.get`). */
export interface AzureConnectionFacts {
  readonly id: string;
  readonly name: string;
  /** Unknown | Connecting | Connected | NotConnected. */
  readonly status: string;
  /** Per gateway instance: `{ tunnel, connectionStatus }`. */
  readonly tunnels: { readonly tunnel: string; readonly status: string }[];
}

/** One BGP peer as the gateway reports it (`getBgpPeerStatus`). */
export interface AzureBgpPeerFacts {
  readonly neighbor: string;
  readonly localAddress: string;
  readonly asn: number | undefined;
  /** Unknown | Stopped | Idle | Connecting | Connected. */
  readonly state: string;
  readonly routesReceived: number | undefined;
  readonly connectedDuration: string | undefined;
}

/** One gateway route (`getLearnedRoutes` / `getAdvertisedRoutes`). */
export interface AzureRouteFacts {
  readonly network: string;
  /** Network | EBgp | IBgp. */
  readonly origin: string;
  readonly sourcePeer: string;
  readonly asPath: string;
  readonly nextHop: string;
}

export interface AzureExpressRouteFacts {
  readonly circuitName: string;
  /** NotProvisioned | Provisioning | Provisioned | Deprovisioning. */
  readonly serviceProviderProvisioningState: string;
  /** The AzurePrivatePeering's admin state (Enabled | Disabled), not its BGP session; undefined when absent. */
  readonly privatePeeringState: string | undefined;
  /** The ExpressRoute gateway's BGP peers (the MSEEs). */
  readonly gatewayPeers: AzureBgpPeerFacts[];
  /** What the ExpressRoute gateway learned. */
  readonly gatewayLearned: AzureRouteFacts[];
}

export interface AzureAlertFacts {
  readonly name: string;
  readonly enabled: boolean;
  readonly scopes: string[];
  /** The status API's value ("Healthy" when OK); undefined when it reported none. */
  readonly status: string | undefined;
}

export interface AzureFacts {
  readonly connections: AzureConnectionFacts[];
  readonly peers: AzureBgpPeerFacts[];
  readonly learned: AzureRouteFacts[];
  /** Per AWS peer in use: what the gateway advertises to it. */
  readonly advertised: { readonly peer: string; readonly routes: AzureRouteFacts[] }[];
  readonly expressRoute: AzureExpressRouteFacts | undefined;
  /** The alert rules found; a name asked for and absent is missing. */
  readonly alerts: AzureAlertFacts[];
  readonly unreadable: Unreadable[];
}

/** A fact the collector could not read, and why (after the retries). */
export interface Unreadable {
  /** What it tried to read, e.g. "DescribeVpnConnections". */
  readonly what: string;
  readonly error: string;
}

export const CheckStatus = { Pass: "PASS", Fail: "FAIL", Skip: "SKIP" } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

/** One check's verdict and the evidence it rests on. */
export interface CheckResult {
  /** Stable id, e.g. `tunnel-up:a-t1`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** Lines of evidence: what each cloud said. */
  readonly evidence: string[];
}
