import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeVirtualInterfacesCommand, DirectConnectClient } from "@aws-sdk/client-direct-connect";
import { DescribeRouteTablesCommand, DescribeVpnConnectionsCommand, EC2Client, EC2ClientConfig, SearchTransitGatewayRoutesCommand } from "@aws-sdk/client-ec2";
import { DayTwoManifest } from "../sdk";
import { AwsAlarmFacts, AwsFacts, AwsLearnedRoute, AwsVifFacts, AwsVpnConnectionFacts, Unreadable } from "./facts";
import { CredentialsError, VERIFY_TIMEOUTS } from "./limits";

/**
 * The AWS side of `crosscloud verify`, read with the official SDK v3 clients: tunnel telemetry
 * (`DescribeVpnConnections` → `VgwTelemetry`), the routes AWS learned from Azure (VPC route tables for a VGW,
 * `SearchTransitGatewayRoutes` for a TGW), the transit VIF's BGP (`DescribeVirtualInterfaces`) and the alarms
 * (`DescribeAlarms`).
 *
 * Every client retries throttling (`RequestLimitExceeded`, `ThrottlingException`, 5xx) with the SDK's
 * standard exponential backoff, has connection and request timeouts, and every call its own deadline.
 */

export type AwsCredentials = EC2ClientConfig["credentials"];
export type AwsRequestHandler = EC2ClientConfig["requestHandler"];

export interface AwsClientOptions {
  readonly region: string;
  /** @default - the SDK's default credential chain */
  readonly credentials?: AwsCredentials;
  /** A request handler to use instead of the SDK's (tests answer the real client's requests with it). */
  readonly requestHandler?: AwsRequestHandler;
}

export interface AwsClients {
  readonly ec2: EC2Client;
  readonly dx: DirectConnectClient;
  readonly cloudwatch: CloudWatchClient;
}

export function awsClients(opts: AwsClientOptions): AwsClients {
  const config = {
    region: opts.region,
    maxAttempts: VERIFY_TIMEOUTS.awsMaxAttempts,
    retryMode: "standard",
    requestHandler: opts.requestHandler ?? { connectionTimeout: VERIFY_TIMEOUTS.connectMs, requestTimeout: VERIFY_TIMEOUTS.requestMs },
    ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
  } as const;
  return { ec2: new EC2Client(config), dx: new DirectConnectClient(config), cloudwatch: new CloudWatchClient(config) };
}

/** Error names AWS answers when the credentials are wrong, expired or not allowed to do what verify asks. */
const CREDENTIAL_ERRORS = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "AuthFailure",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "UnauthorizedOperation",
  "AccessDenied",
  "AccessDeniedException",
  "CredentialsProviderError",
]);

const errorText = (e: unknown): string => {
  const err = e as { name?: string; message?: string };
  return `${err.name ?? "Error"}: ${err.message ?? String(e)}`;
};

/** One SDK call with its own deadline; a credential error stops verify (exit 2), anything else is recorded. */
async function call<T>(what: string, unreadable: Unreadable[], send: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  try {
    return await send(AbortSignal.timeout(VERIFY_TIMEOUTS.callMs));
  } catch (e) {
    const name = (e as { name?: string }).name ?? "";
    if (CREDENTIAL_ERRORS.has(name)) throw new CredentialsError("aws", `AWS refused ${what}: ${errorText(e)}`);
    unreadable.push({ what, error: errorText(e) });
    return undefined;
  }
}

async function vpnConnections(m: DayTwoManifest, c: AwsClients, unreadable: Unreadable[]): Promise<AwsVpnConnectionFacts[]> {
  const ids = Object.values(m.aws.vpnConnectionIds);
  const out = await call("DescribeVpnConnections", unreadable, (abortSignal) => c.ec2.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: ids }), { abortSignal }));
  return (out?.VpnConnections ?? []).map((v) => ({
    id: v.VpnConnectionId ?? "",
    state: v.State ?? "",
    telemetry: (v.VgwTelemetry ?? []).map((t) => ({
      outsideIpAddress: t.OutsideIpAddress ?? "",
      status: t.Status ?? "",
      acceptedRouteCount: t.AcceptedRouteCount ?? 0,
      statusMessage: t.StatusMessage ?? "",
      lastStatusChange: t.LastStatusChange?.toISOString(),
    })),
  }));
}

/** VGW: routes the VGW propagated into the listed VPC route tables. */
async function vgwRoutes(m: DayTwoManifest, c: AwsClients, unreadable: Unreadable[]): Promise<AwsLearnedRoute[]> {
  const vgw = m.aws.vpnGatewayId ?? "";
  const out = await call("DescribeRouteTables", unreadable, (abortSignal) => c.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [...(m.aws.vpcRouteTableIds ?? [])] }), { abortSignal }));
  return (out?.RouteTables ?? []).flatMap((t) =>
    (t.Routes ?? [])
      .filter((r) => r.GatewayId === vgw)
      .map((r) => ({ destination: r.DestinationCidrBlock ?? "", via: vgw, state: r.State ?? "", table: t.RouteTableId ?? "", carrier: "vgw" })),
  );
}

/** TGW: every route of the spokes table, one entry per attachment that carries it (ECMP shows several). */
async function tgwRoutes(m: DayTwoManifest, c: AwsClients, unreadable: Unreadable[]): Promise<AwsLearnedRoute[]> {
  const table = m.aws.spokesRouteTableId ?? "";
  const out = await call("SearchTransitGatewayRoutes", unreadable, (abortSignal) =>
    c.ec2.send(new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: table, Filters: [{ Name: "state", Values: ["active", "blackhole"] }], MaxResults: 1000 }), { abortSignal }),
  );
  if (out?.AdditionalRoutesAvailable) unreadable.push({ what: "SearchTransitGatewayRoutes (all of them)", error: `more than 1000 routes in ${table}; only the first 1000 were read` });
  return (out?.Routes ?? []).flatMap((r) =>
    (r.TransitGatewayAttachments ?? []).map((a) => ({
      destination: r.DestinationCidrBlock ?? "",
      via: `${a.ResourceType ?? "?"}:${a.TransitGatewayAttachmentId ?? "?"}`,
      state: r.State ?? "",
      table,
      carrier: a.ResourceType ?? "",
    })),
  );
}

async function virtualInterface(id: string, c: AwsClients, unreadable: Unreadable[]): Promise<AwsVifFacts | undefined> {
  const out = await call("DescribeVirtualInterfaces", unreadable, (abortSignal) => c.dx.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: id }), { abortSignal }));
  const v = out?.virtualInterfaces?.find((x) => x.virtualInterfaceId === id);
  if (!v) return undefined;
  return {
    id,
    state: v.virtualInterfaceState ?? "",
    bgpPeers: (v.bgpPeers ?? []).map((p) => ({ address: p.customerAddress ?? p.bgpPeerId ?? "", bgpStatus: p.bgpStatus ?? "", bgpPeerState: p.bgpPeerState ?? "" })),
  };
}

async function alarms(names: readonly string[], c: AwsClients, unreadable: Unreadable[]): Promise<AwsAlarmFacts[]> {
  const found: AwsAlarmFacts[] = [];
  // DescribeAlarms takes at most 100 names per call.
  for (let i = 0; i < names.length; i += 100) {
    const chunk = names.slice(i, i + 100);
    const out = await call("DescribeAlarms", unreadable, (abortSignal) => c.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: chunk, AlarmTypes: ["MetricAlarm"], MaxRecords: 100 }), { abortSignal }));
    for (const a of out?.MetricAlarms ?? []) found.push({ name: a.AlarmName ?? "", state: a.StateValue ?? "", reason: a.StateReason ?? "" });
  }
  return found;
}

/** Everything verify checks on AWS. Throws `CredentialsError` when AWS refuses the credentials. */
export async function collectAws(m: DayTwoManifest, alarmNames: readonly string[], c: AwsClients): Promise<AwsFacts> {
  const unreadable: Unreadable[] = [];
  const [connections, learned, vif, found] = await Promise.all([
    vpnConnections(m, c, unreadable),
    m.aws.attachment === "vgw" ? vgwRoutes(m, c, unreadable) : tgwRoutes(m, c, unreadable),
    m.aws.dxVirtualInterfaceId !== undefined && m.azure.expressRoute?.provisioned === true ? virtualInterface(m.aws.dxVirtualInterfaceId, c, unreadable) : Promise.resolve(undefined),
    alarmNames.length > 0 ? alarms(alarmNames, c, unreadable) : Promise.resolve([]),
  ]);
  return { vpnConnections: connections, learnedRoutes: learned, virtualInterface: vif, alarms: found, unreadable };
}
