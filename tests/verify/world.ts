/**
 * A deployed stack as the clouds would report it, for `crosscloud verify` tests without the clouds.
 *
 * `healthyWorld(outputs)` builds the state of a healthy deployment from a sample stack's outputs
 * (tests/fixtures/verify/*-outputs.json: the `pulumi stack output --json` equivalent written by
 * `crosscloud preview`, i.e. the real stack program's outputs with simulated ids). A test breaks one thing in
 * that state, then `installAws` answers the SDK v3 clients through aws-sdk-client-mock and `installAzure`
 * answers the Azure SDK's HTTPS requests through nock, with bodies in the shapes of the real APIs. Where
 * each shape comes from:
 *
 * - EC2 `DescribeVpnConnections` / `VgwTelemetry` (OutsideIpAddress, Status UP|DOWN, AcceptedRouteCount,
 *   StatusMessage like "2 BGP ROUTES", LastStatusChange): the EC2 API reference and the @aws-sdk/client-ec2
 *   3.1169.0 model types; the status-message wording from real console/CLI output quoted in the research notes.
 * - EC2 `DescribeRouteTables` (Routes with GatewayId, Origin EnableVgwRoutePropagation, State) and
 *   `SearchTransitGatewayRoutes` (Routes with Type propagated, State active, TransitGatewayAttachments with
 *   ResourceType vpn | direct-connect-gateway): the same model types.
 * - Direct Connect `DescribeVirtualInterfaces` (virtualInterfaceState, bgpPeers[].bgpStatus up|down): the
 *   Direct Connect API reference / @aws-sdk/client-direct-connect 3.1048.0 types.
 * - CloudWatch `DescribeAlarms` (MetricAlarms[].StateValue OK|ALARM|INSUFFICIENT_DATA, StateReason).
 * - Azure `virtualNetworkGatewayConnections.get`: ARM resource with `properties.connectionStatus` and
 *   `tunnelConnectionStatus[]` (REST API "Virtual Network Gateway Connections - Get", api-version 2025-05-01).
 * - `getBgpPeerStatus`: `{ value: [{ localAddress, neighbor, asn, state, connectedDuration, routesReceived,
 *   messagesSent, messagesReceived }] }`, the PowerShell doc's example (Get-AzVirtualNetworkGatewayBGPPeerStatus:
 *   State Connected, ConnectedDuration "9.01:04:53.5768637") and a public `az network vnet-gateway
 *   list-bgp-peer-status` output showing a `Connecting` peer with `connectedDuration` null (the idle instance).
 * - `getLearnedRoutes` / `getAdvertisedRoutes`: `{ value: [{ localAddress, network, nextHop, sourcePeer,
 *   origin Network|EBgp|IBgp, asPath, weight }] }`, from the same public CLI output (weights 32768/32769).
 * - Both are long-running POSTs: 202 + `Location` then 200 (peer status, advertised routes), and 202 +
 *   `Azure-AsyncOperation` polled InProgress → Succeeded then the `Location` result (learned routes), the
 *   sequences @azure/arm-network 36.0.0 performs (verified with nock in the research experiments).
 * - ExpressRoute circuit: ARM resource with `serviceProviderProvisioningState` and inline
 *   `peerings[].properties.{ peeringType, state }` (REST API "Express Route Circuits - Get").
 * - Metric alert: ARM resource `Microsoft.Insights/metricAlerts` with `properties.{ enabled, scopes, criteria }`
 *   (API 2018-03-01); its status `{ value: [{ name, type "Microsoft.Insights/metricAlerts/status",
 *   properties: { dimensions, status "Healthy", timestamp } }] }` (a third-party fixture; the unhealthy value
 *   is not documented, so tests use "Unhealthy").
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeVirtualInterfacesCommand, DirectConnectClient } from "@aws-sdk/client-direct-connect";
import { DescribeRouteTablesCommand, DescribeVpnConnectionsCommand, EC2Client, SearchTransitGatewayRoutesCommand } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "node:fs";
import * as path from "node:path";
import nock from "nock";
import { AlarmNames, DayTwoManifest, parseArmId } from "../../sdk";
import { StackOutputs, readStackOutputs } from "../../verify";

export const ARM = "https://management.azure.com";

export function loadOutputs(stack: "dev" | "prod"): StackOutputs {
  const file = path.join(__dirname, "..", "fixtures", "verify", `${stack}-outputs.json`);
  const read = readStackOutputs(fs.readFileSync(file, "utf8"), file);
  if (typeof read === "string") throw new Error(read);
  return read;
}

/** Prod after the second bring-up pass: the provider has provisioned the circuit (README, ExpressRoute bring-up). */
export function provisioned(o: StackOutputs): StackOutputs {
  const er = o.manifest.azure.expressRoute;
  if (!er) throw new Error("no ExpressRoute in these outputs");
  return { ...o, manifest: { ...o.manifest, azure: { ...o.manifest.azure, expressRoute: { ...er, provisioned: true } } } };
}

export interface PeerState {
  readonly localAddress: string;
  readonly neighbor: string;
  readonly state: string;
  readonly routesReceived: number;
}
export interface RouteState {
  readonly network: string;
  readonly origin: string;
  readonly sourcePeer: string;
  readonly asPath: string;
}

/** Everything both clouds report, mutable so a test can break one thing. */
export interface World {
  awsTunnels: Record<string, { status: "UP" | "DOWN"; accepted: number }>;
  /** VGW: routes propagated into each VPC route table. */
  vpcRoutes: string[];
  /** TGW spokes table: destination and the attachment kinds that carry it. */
  tgwRoutes: { destination: string; carriers: string[] }[];
  vif: { state: string; bgp: string[] } | undefined;
  awsAlarms: Record<string, string>;
  azureConnections: Record<string, string>;
  azurePeers: PeerState[];
  azureLearned: RouteState[];
  azureAdvertised: Record<string, string[]>;
  er: { providerState: string; peeringState: string; gatewayPeers: PeerState[]; gatewayLearned: RouteState[] } | undefined;
  alerts: Record<string, { enabled: boolean; status: string }>;
}

/** A healthy deployment of the stack these outputs describe. */
export function healthyWorld(o: StackOutputs): World {
  const m = o.manifest;
  const er = m.azure.expressRoute;
  const awsTunnels: World["awsTunnels"] = {};
  const azureConnections: World["azureConnections"] = {};
  const azurePeers: PeerState[] = [];
  const azureLearned: RouteState[] = [];
  const azureAdvertised: World["azureAdvertised"] = {};
  for (const t of m.tunnels) {
    awsTunnels[t.key] = { status: "UP", accepted: m.prefixes.azure.length };
    azureConnections[t.key] = "Connected";
    azurePeers.push({ localAddress: t.azureInsideAddress, neighbor: t.awsInsideAddress, state: "Connected", routesReceived: m.prefixes.aws.length });
    // The other instance of an active-active gateway keeps a session to the same peer that never comes up (AWS
    // takes IKE only from the owning instance's address); it has no APIPA in this /30, so its default BGP address.
    azurePeers.push({ localAddress: t.azureInstance === 0 ? "10.16.0.5" : "10.16.0.4", neighbor: t.awsInsideAddress, state: "Connecting", routesReceived: 0 });
    for (const network of m.prefixes.aws) azureLearned.push({ network, origin: "EBgp", sourcePeer: t.awsInsideAddress, asPath: "64512" });
    azureAdvertised[t.awsInsideAddress] = [...m.prefixes.azure];
  }
  // The gateway's own VNet prefixes and the peers' host routes appear with origin Network.
  for (const network of m.prefixes.azure) azureLearned.push({ network, origin: "Network", sourcePeer: "10.16.0.4", asPath: "" });
  for (const t of m.tunnels) azureLearned.push({ network: `${t.awsInsideAddress}/32`, origin: "Network", sourcePeer: "10.16.0.4", asPath: "" });
  const alerts: World["alerts"] = {};
  for (const name of o.alarmNames.azure) alerts[name] = { enabled: !(er && !er.provisioned && name.includes("-circuit-")), status: "Healthy" };
  return {
    awsTunnels,
    vpcRoutes: [...m.prefixes.azure],
    tgwRoutes: m.prefixes.azure.map((destination) => ({ destination, carriers: er?.provisioned ? ["direct-connect-gateway"] : ["vpn", "vpn"] })),
    vif: m.aws.dxVirtualInterfaceId ? { state: "available", bgp: ["up"] } : undefined,
    awsAlarms: Object.fromEntries(o.alarmNames.aws.map((n) => [n, "OK"])),
    azureConnections,
    azurePeers,
    azureLearned,
    azureAdvertised,
    er: er
      ? {
          providerState: er.provisioned ? "Provisioned" : "NotProvisioned",
          peeringState: "Enabled",
          gatewayPeers: [
            { localAddress: "10.17.0.12", neighbor: "192.168.100.1", state: "Connected", routesReceived: m.prefixes.aws.length },
            { localAddress: "10.17.0.12", neighbor: "192.168.100.5", state: "Connected", routesReceived: m.prefixes.aws.length },
          ],
          gatewayLearned: m.prefixes.aws.map((network) => ({ network, origin: "EBgp", sourcePeer: "192.168.100.1", asPath: "12076-65100-64600" })),
        }
      : undefined,
    alerts,
  };
}

const ec2 = mockClient(EC2Client);
const dx = mockClient(DirectConnectClient);
const cloudwatch = mockClient(CloudWatchClient);

/** Stops mocking AWS clients (for tests that answer the real clients' HTTP requests instead). */
export function restoreAwsClients(which: "ec2" | "all" = "all"): void {
  ec2.restore();
  if (which === "all") {
    dx.restore();
    cloudwatch.restore();
  }
}

/** Clears the mocks' answers; an EC2 mock that was restored (real client, fake request handler) stays restored. */
export function resetAws(opts: { skipEc2?: boolean } = {}): void {
  if (!opts.skipEc2) ec2.reset();
  dx.reset();
  cloudwatch.reset();
}

export function installAws(w: World, m: DayTwoManifest, alarms: AlarmNames, opts: { skipEc2?: boolean } = {}): void {
  resetAws(opts);
  if (!opts.skipEc2) {
    ec2.on(DescribeVpnConnectionsCommand).callsFake(() => ({ VpnConnections: vpnConnections(w, m) }));
    ec2.on(DescribeRouteTablesCommand).callsFake(() => ({ RouteTables: routeTables(w, m) }));
    ec2.on(SearchTransitGatewayRoutesCommand).callsFake(() => ({
      Routes: w.tgwRoutes.map((r) => ({
        DestinationCidrBlock: r.destination,
        Type: "propagated",
        State: "active",
        TransitGatewayAttachments: r.carriers.map((c, i) => ({ TransitGatewayAttachmentId: `tgw-attach-0${c === "vpn" ? "aaa" : "ddd"}${i}`, ResourceId: c === "vpn" ? "vpn-0123" : "dxgw-0123", ResourceType: c })),
      })),
      AdditionalRoutesAvailable: false,
    }));
  }
  dx.on(DescribeVirtualInterfacesCommand).callsFake(() => ({
    virtualInterfaces: w.vif
      ? [
          {
            virtualInterfaceId: m.aws.dxVirtualInterfaceId,
            virtualInterfaceType: "transit",
            virtualInterfaceState: w.vif.state,
            bgpPeers: w.vif.bgp.map((s) => ({ bgpPeerId: "dxpeer-0123", customerAddress: "192.168.100.9/30", bgpPeerState: "available", bgpStatus: s })),
          },
        ]
      : [],
  }));
  cloudwatch.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
    MetricAlarms: (input.AlarmNames ?? [])
      .filter((n) => w.awsAlarms[n] !== undefined)
      .map((n) => ({ AlarmName: n, StateValue: w.awsAlarms[n], StateReason: w.awsAlarms[n] === "OK" ? "Threshold Crossed: 1 datapoint [1.0] was not less than the threshold (1.0)." : "Threshold Crossed: 2 datapoints [0.0, 0.0] were less than the threshold (1.0)." })),
    CompositeAlarms: [],
  }));
}

export function vpnConnections(w: World, m: DayTwoManifest) {
  return Object.entries(m.aws.vpnConnectionIds).map(([key, id]) => ({
    VpnConnectionId: id,
    State: "available",
    Type: "ipsec.1",
    VgwTelemetry: m.tunnels
      .filter((t) => t.connection === key)
      .map((t) => {
        const s = w.awsTunnels[t.key] ?? { status: "DOWN", accepted: 0 };
        return {
          OutsideIpAddress: t.awsOutsideAddress,
          Status: s.status,
          AcceptedRouteCount: s.accepted,
          StatusMessage: s.status === "UP" ? `${s.accepted} BGP ROUTES` : "",
          LastStatusChange: new Date("2026-11-30T08:15:00.000Z"),
        };
      }),
  }));
}

export function routeTables(w: World, m: DayTwoManifest) {
  return (m.aws.vpcRouteTableIds ?? []).map((id) => ({
    RouteTableId: id,
    Routes: [
      { DestinationCidrBlock: m.prefixes.aws[0], GatewayId: "local", Origin: "CreateRouteTable", State: "active" },
      ...w.vpcRoutes.map((d) => ({ DestinationCidrBlock: d, GatewayId: m.aws.vpnGatewayId, Origin: "EnableVgwRoutePropagation", State: "active" })),
    ],
  }));
}

const peerBody = (peers: readonly PeerState[]) => ({
  value: peers.map((p) => ({
    localAddress: p.localAddress,
    neighbor: p.neighbor,
    asn: 64512,
    state: p.state,
    connectedDuration: p.state === "Connected" ? "9.01:04:53.5768637" : null,
    routesReceived: p.routesReceived,
    messagesSent: p.state === "Connected" ? 14900 : 0,
    messagesReceived: p.state === "Connected" ? 14893 : 0,
  })),
});
const routeBody = (routes: readonly RouteState[], localAddress: string) => ({
  value: routes.map((r) => ({
    localAddress,
    network: r.network,
    nextHop: r.origin === "Network" ? null : r.sourcePeer,
    sourcePeer: r.sourcePeer,
    origin: r.origin,
    asPath: r.asPath,
    weight: r.origin === "Network" ? 32768 : 32769,
  })),
});

export interface AzureInstallOptions {
  /** Answer the first request of each connection GET with 429 (Retry-After: 0). */
  readonly throttleFirst?: boolean;
  /** Answer every request with 401 ExpiredAuthenticationToken. */
  readonly expiredToken?: boolean;
}

/** Records what the fake ARM answered: throttled requests, LRO polls. */
export interface AzureLog {
  throttled: number;
  polls: number;
  requests: string[];
}

export function installAzure(w: World, o: StackOutputs, opts: AzureInstallOptions = {}): AzureLog {
  const m = o.manifest;
  nock.cleanAll();
  nock.disableNetConnect();
  const log: AzureLog = { throttled: 0, polls: 0, requests: [] };
  const sub = parseArmId(m.azure.vpnGatewayId)?.subscriptionId ?? "";
  const scope = nock(ARM).persist();
  const operations = new Map<string, { body: unknown; pending: number }>();
  let nextOp = 0;
  const lro = (body: unknown, withAsyncOperation: boolean): [number, string, Record<string, string>] => {
    const op = `op${nextOp++}`;
    operations.set(op, { body, pending: withAsyncOperation ? 1 : 0 });
    const location = `${ARM}/subscriptions/${sub}/providers/Microsoft.Network/locations/eastus/operationResults/${op}?api-version=2025-05-01`;
    const headers: Record<string, string> = { Location: location, "Retry-After": "0" };
    if (withAsyncOperation) headers["Azure-AsyncOperation"] = `${ARM}/subscriptions/${sub}/providers/Microsoft.Network/locations/eastus/operations/${op}?api-version=2025-05-01`;
    return [202, "", headers];
  };
  const expired = [401, { error: { code: "ExpiredAuthenticationToken", message: "The access token expiry UTC time '11/30/2026 7:00:00 AM' is earlier than current UTC time '11/30/2026 8:15:00 AM'." } }] as const;
  const throttledOnce = new Set<string>();

  scope
    .get(/\/providers\/Microsoft\.Network\/connections\/[^/?]+/)
    .query(true)
    .reply((uri) => {
      log.requests.push(`GET ${uri}`);
      if (opts.expiredToken) return [...expired];
      const name = /connections\/([^/?]+)/.exec(uri)?.[1] ?? "";
      if (opts.throttleFirst && !throttledOnce.has(name)) {
        throttledOnce.add(name);
        log.throttled++;
        return [429, { error: { code: "TooManyRequests", message: "Too many requests, retry after 0 seconds." } }, { "Retry-After": "0" }];
      }
      const t = m.tunnels.find((x) => parseArmId(x.azureConnectionId)?.name === name);
      if (!t) return [404, { error: { code: "ResourceNotFound", message: `The Resource 'Microsoft.Network/connections/${name}' was not found.` } }];
      const status = w.azureConnections[t.key] ?? "NotConnected";
      return [
        200,
        {
          id: t.azureConnectionId,
          name,
          type: "Microsoft.Network/connections",
          location: "eastus",
          properties: {
            connectionType: "IPsec",
            connectionProtocol: "IKEv2",
            connectionStatus: status,
            provisioningState: "Succeeded",
            ingressBytesTransferred: 123456,
            egressBytesTransferred: 654321,
            tunnelConnectionStatus: [
              { tunnel: `gw_${t.awsOutsideAddress}`, connectionStatus: status, ingressBytesTransferred: 123456, egressBytesTransferred: 654321 },
              { tunnel: `gw-idle_${t.awsOutsideAddress}`, connectionStatus: "NotConnected", ingressBytesTransferred: 0, egressBytesTransferred: 0 },
            ],
          },
        },
      ];
    });

  const gatewayPost = (gatewayId: string, peers: () => PeerState[], learned: () => RouteState[], advertised: (peer: string) => string[]) => {
    const gw = parseArmId(gatewayId);
    if (!gw) return;
    const base = `/subscriptions/${gw.subscriptionId}/resourceGroups/${gw.resourceGroupName}/providers/Microsoft.Network/virtualNetworkGateways/${gw.name}`;
    scope
      .post(`${base}/getBgpPeerStatus`)
      .query(true)
      .reply((uri) => {
        log.requests.push(`POST ${uri}`);
        return opts.expiredToken ? [...expired] : lro(peerBody(peers()), false);
      });
    scope
      .post(`${base}/getLearnedRoutes`)
      .query(true)
      .reply((uri) => {
        log.requests.push(`POST ${uri}`);
        return opts.expiredToken ? [...expired] : lro(routeBody(learned(), "10.16.0.4"), true);
      });
    scope
      .post(`${base}/getAdvertisedRoutes`)
      .query(true)
      .reply((uri) => {
        log.requests.push(`POST ${uri}`);
        if (opts.expiredToken) return [...expired];
        const peer = new URL(`${ARM}${uri}`).searchParams.get("peer") ?? "";
        return lro(routeBody(advertised(peer).map((network) => ({ network, origin: "Igp", sourcePeer: "10.16.0.4", asPath: "65515" })), "10.16.0.4"), false);
      });
  };
  gatewayPost(
    m.azure.vpnGatewayId,
    () => w.azurePeers,
    () => w.azureLearned,
    (peer) => w.azureAdvertised[peer] ?? [],
  );
  if (m.azure.expressRoute) {
    gatewayPost(
      m.azure.expressRoute.gatewayId,
      () => w.er?.gatewayPeers ?? [],
      () => w.er?.gatewayLearned ?? [],
      () => [],
    );
    const circuit = parseArmId(m.azure.expressRoute.circuitId);
    scope
      .get(`/subscriptions/${circuit?.subscriptionId}/resourceGroups/${circuit?.resourceGroupName}/providers/Microsoft.Network/expressRouteCircuits/${circuit?.name}`)
      .query(true)
      .reply((uri) => {
        log.requests.push(`GET ${uri}`);
        if (opts.expiredToken) return [...expired];
        return [
          200,
          {
            id: m.azure.expressRoute?.circuitId,
            name: circuit?.name,
            type: "Microsoft.Network/expressRouteCircuits",
            location: "eastus",
            sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
            properties: {
              circuitProvisioningState: "Enabled",
              serviceProviderProvisioningState: w.er?.providerState ?? "NotProvisioned",
              serviceProviderProperties: { serviceProviderName: "Megaport", peeringLocation: "Washington DC", bandwidthInMbps: 1000 },
              peerings: w.er?.providerState === "Provisioned"
                ? [
                    {
                      id: `${m.azure.expressRoute?.circuitId}/peerings/AzurePrivatePeering`,
                      name: "AzurePrivatePeering",
                      properties: {
                        peeringType: "AzurePrivatePeering",
                        state: w.er.peeringState,
                        azureASN: 12076,
                        peerASN: 65100,
                        primaryPeerAddressPrefix: "192.168.100.0/30",
                        secondaryPeerAddressPrefix: "192.168.100.4/30",
                        vlanId: 100,
                        provisioningState: "Succeeded",
                      },
                    },
                  ]
                : [],
              provisioningState: "Succeeded",
            },
          },
        ];
      });
  }
  // LRO polling: the Azure-AsyncOperation status first says InProgress once, then Succeeded; the Location has the result.
  scope
    .get(/\/providers\/Microsoft\.Network\/locations\/eastus\/operations\/op\d+/)
    .query(true)
    .reply((uri) => {
      log.polls++;
      const op = operations.get(/operations\/(op\d+)/.exec(uri)?.[1] ?? "");
      if (!op) return [404, {}];
      if (op.pending > 0) {
        op.pending--;
        return [200, { status: "InProgress" }, { "Retry-After": "0" }];
      }
      return [200, { status: "Succeeded" }];
    });
  scope
    .get(/\/providers\/Microsoft\.Network\/locations\/eastus\/operationResults\/op\d+/)
    .query(true)
    .reply((uri) => {
      log.polls++;
      const op = operations.get(/operationResults\/(op\d+)/.exec(uri)?.[1] ?? "");
      return op ? [200, op.body] : [404, {}];
    });

  const rg = m.azure.alertResourceGroupName;
  const alertBase = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Insights/metricAlerts`;
  scope
    .get(new RegExp(`${alertBase.replace(/\//g, "\\/").replace(/\./g, "\\.")}\\/[^/?]+(\\/status)?(\\?|$)`))
    .query(true)
    .reply((uri) => {
      log.requests.push(`GET ${uri}`);
      if (opts.expiredToken) return [...expired];
      const [, name = "", status] = /metricAlerts\/([^/?]+)(\/status)?/.exec(uri) ?? [];
      const a = w.alerts[name];
      if (!a) return [404, { error: { code: "ResourceNotFound", message: `The Resource 'Microsoft.Insights/metricalerts/${name}' under resource group '${rg}' was not found.` } }];
      if (status) {
        return [200, { value: [{ name: "Y3VycmVudFN0YXR1cw==", type: "Microsoft.Insights/metricAlerts/status", properties: { dimensions: {}, status: a.status, timestamp: "2026-11-30T08:15:00.0000000Z" } }] }];
      }
      const er = m.azure.expressRoute;
      const scopeId = name.includes("-circuit-") && er ? er.circuitId : m.azure.vpnGatewayId;
      return [
        200,
        {
          id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Insights/metricAlerts/${name}`,
          name,
          type: "Microsoft.Insights/metricAlerts",
          location: "global",
          properties: {
            description: "",
            severity: 1,
            enabled: a.enabled,
            scopes: [scopeId],
            evaluationFrequency: "PT5M",
            windowSize: "PT5M",
            criteria: { "odata.type": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [] },
            autoMitigate: true,
            actions: [],
          },
        },
      ];
    });
  return log;
}

/** An Azure credential that always has a token (nock answers; nothing leaves the machine). */
export const fakeAzureCredential = { getToken: async () => ({ token: "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.e30.", expiresOnTimestamp: Date.now() + 3_600_000 }) };
/** Static AWS credentials of the documentation's example key. */
export const fakeAwsCredentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
