import { MonitorClient } from "@azure/arm-monitor";
import { BgpPeerStatus, GatewayRoute, NetworkManagementClient } from "@azure/arm-network";
import type { TokenCredential } from "@azure/identity";
import { AZURE_PRIVATE_PEERING, DayTwoManifest, parseArmId } from "../sdk";
import { AzureAlertFacts, AzureBgpPeerFacts, AzureConnectionFacts, AzureExpressRouteFacts, AzureFacts, AzureRouteFacts, Unreadable } from "./facts";
import { CredentialsError, VERIFY_TIMEOUTS } from "./limits";

/**
 * The Azure side of `crosscloud verify`, read with @azure/arm-network and @azure/arm-monitor: each IPsec
 * connection's status, the VPN gateway's BGP peers (`getBgpPeerStatus`), learned routes (`getLearnedRoutes`)
 * and what it advertises to each AWS peer (`getAdvertisedRoutes`), the ExpressRoute circuit and its gateway,
 * and each metric alert rule and its status.
 *
 * The clients retry 429 and 5xx with exponential backoff, honouring `Retry-After` (core-rest-pipeline's
 * retry policy); every call has its own deadline (`abortSignal`) and request timeout, long-running operations
 * included.
 */

export interface AzureClientOptions {
  readonly credential: TokenCredential;
  readonly subscriptionId: string;
  /** Retry timing (tests shorten it). @default `VERIFY_TIMEOUTS` */
  readonly retryDelayMs?: number;
  /** LRO poll interval when the service sends no `Retry-After` (tests set 0). @default `VERIFY_TIMEOUTS.azurePollMs` */
  readonly pollMs?: number;
}

export interface AzureClients {
  readonly network: NetworkManagementClient;
  readonly monitor: MonitorClient;
  readonly pollMs: number;
}

export function azureClients(opts: AzureClientOptions): AzureClients {
  const retryOptions = {
    maxRetries: VERIFY_TIMEOUTS.azureMaxRetries,
    retryDelayInMs: opts.retryDelayMs ?? VERIFY_TIMEOUTS.azureRetryDelayMs,
    maxRetryDelayInMs: VERIFY_TIMEOUTS.azureMaxRetryDelayMs,
  };
  return {
    network: new NetworkManagementClient(opts.credential, opts.subscriptionId, { retryOptions }),
    monitor: new MonitorClient(opts.credential, opts.subscriptionId, { retryOptions }),
    pollMs: opts.pollMs ?? VERIFY_TIMEOUTS.azurePollMs,
  };
}

const callOptions = () => ({ abortSignal: AbortSignal.timeout(VERIFY_TIMEOUTS.callMs), requestOptions: { timeout: VERIFY_TIMEOUTS.requestMs } });

const errorText = (e: unknown): string => {
  const err = e as { name?: string; code?: string; message?: string; statusCode?: number };
  return `${err.code ?? err.name ?? "Error"}${err.statusCode !== undefined ? ` (HTTP ${err.statusCode})` : ""}: ${(err.message ?? String(e)).split("\n")[0]}`;
};

const NOT_FOUND = Symbol("not found");

/**
 * One call: 401 (no, expired or wrong-tenant token) and 403 (not allowed) stop verify with exit 2; a 404 is
 * "absent" for the caller to judge; anything else is recorded as unreadable.
 */
async function call<T>(what: string, unreadable: Unreadable[], run: () => Promise<T>): Promise<T | typeof NOT_FOUND | undefined> {
  try {
    return await run();
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) throw new CredentialsError("azure", `Azure refused ${what}: ${errorText(e)}`);
    if (e instanceof CredentialsError) throw e;
    // DefaultAzureCredential failing mid-run (a token that could not be refreshed).
    if ((e as { name?: string }).name === "AggregateAuthenticationError" || (e as { name?: string }).name === "CredentialUnavailableError") {
      throw new CredentialsError("azure", `Azure credentials failed during ${what}: ${errorText(e)}`);
    }
    if (status === 404) return NOT_FOUND;
    unreadable.push({ what, error: errorText(e) });
    return undefined;
  }
}
const found = <T>(v: T | typeof NOT_FOUND | undefined): T | undefined => (v === NOT_FOUND ? undefined : v);

const peerFacts = (p: BgpPeerStatus): AzureBgpPeerFacts => ({
  neighbor: p.neighbor ?? "",
  localAddress: p.localAddress ?? "",
  asn: p.asn,
  state: p.state ?? "",
  routesReceived: p.routesReceived,
  connectedDuration: p.connectedDuration,
});
const routeFacts = (r: GatewayRoute): AzureRouteFacts => ({
  network: r.network ?? "",
  origin: r.origin ?? "",
  sourcePeer: r.sourcePeer ?? "",
  asPath: r.asPath ?? "",
  nextHop: r.nextHop ?? "",
});

async function connections(m: DayTwoManifest, c: AzureClients, unreadable: Unreadable[]): Promise<AzureConnectionFacts[]> {
  const out = await Promise.all(
    m.tunnels.map(async (t) => {
      const id = parseArmId(t.azureConnectionId);
      if (!id) return undefined;
      const conn = found(await call(`connection ${id.name}`, unreadable, () => c.network.virtualNetworkGatewayConnections.get(id.resourceGroupName, id.name, callOptions())));
      if (!conn) return undefined;
      return {
        id: conn.id ?? t.azureConnectionId,
        name: conn.name ?? id.name,
        status: conn.connectionStatus ?? "",
        tunnels: (conn.tunnelConnectionStatus ?? []).map((x) => ({ tunnel: x.tunnel ?? "", status: x.connectionStatus ?? "" })),
      };
    }),
  );
  return out.filter((x): x is AzureConnectionFacts => x !== undefined);
}

async function gatewayBgp(gatewayId: string, c: AzureClients, unreadable: Unreadable[], label: string): Promise<{ peers: AzureBgpPeerFacts[]; learned: AzureRouteFacts[] }> {
  const gw = parseArmId(gatewayId);
  if (!gw) return { peers: [], learned: [] };
  const lro = () => ({ ...callOptions(), updateIntervalInMs: c.pollMs });
  const [peers, learned] = await Promise.all([
    call(`getBgpPeerStatus ${label}`, unreadable, () => c.network.virtualNetworkGateways.beginGetBgpPeerStatusAndWait(gw.resourceGroupName, gw.name, lro())),
    call(`getLearnedRoutes ${label}`, unreadable, () => c.network.virtualNetworkGateways.beginGetLearnedRoutesAndWait(gw.resourceGroupName, gw.name, lro())),
  ]);
  return { peers: (found(peers)?.value ?? []).map(peerFacts), learned: (found(learned)?.value ?? []).map(routeFacts) };
}

async function advertised(m: DayTwoManifest, c: AzureClients, unreadable: Unreadable[]): Promise<{ peer: string; routes: AzureRouteFacts[] }[]> {
  const gw = parseArmId(m.azure.vpnGatewayId);
  if (!gw) return [];
  const out = await Promise.all(
    m.tunnels.map(async (t) => {
      const r = found(
        await call(`getAdvertisedRoutes ${t.awsInsideAddress}`, unreadable, () =>
          c.network.virtualNetworkGateways.beginGetAdvertisedRoutesAndWait(gw.resourceGroupName, gw.name, t.awsInsideAddress, { ...callOptions(), updateIntervalInMs: c.pollMs }),
        ),
      );
      return r ? { peer: t.awsInsideAddress, routes: (r.value ?? []).map(routeFacts) } : undefined;
    }),
  );
  return out.filter((x): x is { peer: string; routes: AzureRouteFacts[] } => x !== undefined);
}

async function expressRoute(m: DayTwoManifest, c: AzureClients, unreadable: Unreadable[]): Promise<AzureExpressRouteFacts | undefined> {
  const er = m.azure.expressRoute;
  const circuitId = er ? parseArmId(er.circuitId) : undefined;
  if (!er || !circuitId) return undefined;
  const circuit = found(await call(`ExpressRoute circuit ${circuitId.name}`, unreadable, () => c.network.expressRouteCircuits.get(circuitId.resourceGroupName, circuitId.name, callOptions())));
  if (!circuit) return undefined;
  // The circuit carries its peerings; `state` there is the admin state, the BGP sessions are on the gateway.
  const peering = (circuit.peerings ?? []).find((p) => p.peeringType === AZURE_PRIVATE_PEERING || p.name === AZURE_PRIVATE_PEERING);
  const gateway = er.provisioned ? await gatewayBgp(er.gatewayId, c, unreadable, "ExpressRoute gateway") : { peers: [], learned: [] };
  return {
    circuitName: circuit.name ?? circuitId.name,
    serviceProviderProvisioningState: circuit.serviceProviderProvisioningState ?? "",
    privatePeeringState: peering?.state,
    gatewayPeers: gateway.peers,
    gatewayLearned: gateway.learned,
  };
}

async function alerts(resourceGroupName: string, names: readonly string[], c: AzureClients, unreadable: Unreadable[]): Promise<AzureAlertFacts[]> {
  const out = await Promise.all(
    names.map(async (name) => {
      const rule = found(await call(`alert ${name}`, unreadable, () => c.monitor.metricAlerts.get(resourceGroupName, name, callOptions())));
      if (!rule) return undefined;
      const status = found(await call(`alert ${name} status`, unreadable, () => c.monitor.metricAlertsStatus.list(resourceGroupName, name, callOptions())));
      return { name, enabled: rule.enabled, scopes: [...(rule.scopes ?? [])], status: status?.value?.[0]?.properties?.status };
    }),
  );
  return out.filter((x): x is AzureAlertFacts => x !== undefined);
}

/** Everything verify checks on Azure. Throws `CredentialsError` when Azure refuses the credentials. */
export async function collectAzure(m: DayTwoManifest, alertNames: readonly string[], c: AzureClients): Promise<AzureFacts> {
  const unreadable: Unreadable[] = [];
  const [conns, vpnGateway, adv, er, found] = await Promise.all([
    connections(m, c, unreadable),
    gatewayBgp(m.azure.vpnGatewayId, c, unreadable, "VPN gateway"),
    advertised(m, c, unreadable),
    expressRoute(m, c, unreadable),
    alerts(m.azure.alertResourceGroupName, alertNames, c, unreadable),
  ]);
  return { connections: conns, peers: vpnGateway.peers, learned: vpnGateway.learned, advertised: adv, expressRoute: er, alerts: found, unreadable };
}
