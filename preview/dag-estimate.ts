/**
 * How long a first `pulumi up` of a recorded graph would take, if the engine ran everything in
 * parallel as far as dependencies allow: the longest path through the dependency DAG, weighted
 * by documented provisioning times.
 *
 * Model (each resource has a ready time R and a finish time F):
 * - R(n) >= F(d) for every d in n's dependencies and property dependencies;
 * - R(n) >= R(p) when n's parent p is a component (children start when their component does),
 *   and R(n) >= F(p) when p is a custom resource (the engine creates a parent before its children);
 * - custom resource: F(n) = R(n) + minutes(n);
 * - component or stack: F(c) = max(R(c), F(child) for every child), i.e. a component is done
 *   when all its children are, which is what a resource depending on it waits for.
 */
import type { RecordedGraph, RecordedResource } from "../graph";
import { getPath } from "../graph";
import { PROVIDER_TYPE_PREFIX, T } from "../graph/types";

/**
 * Provisioning minutes by kind of resource (reference/networking.md §4). Figures marked
 * UNCONFIRMED there are used as given; `default` covers "minutes (UNCONFIRMED)" resources such as
 * TGWs, DX associations and DNS resolvers.
 */
export const PROVISIONING_MINUTES = {
  /** Azure VPN VirtualNetworkGateway: "can often take 45 minutes or more" [S1]. */
  azureVpnGateway: 45,
  /** Azure ExpressRoute gateway (gatewayType ExpressRoute): "up to 20 minutes" [S32]. */
  azureExpressRouteGateway: 20,
  /** Azure Route Server (VirtualHub): "can take up to 30 minutes" [S39]. */
  azureRouteServer: 30,
  /** AWS Site-to-Site VPN connection: "It may take a few minutes" [S40]. */
  awsVpnConnection: 5,
  /**
   * Any other cloud resource: "minutes" (UNCONFIRMED) in §4 — TGW and its attachments, DX, DNS resolvers, connections,
   * and the overlay's EC2 instances and Azure VMs (until running; cloud-init then installs and starts the router).
   */
  default: 1,
  /**
   * Plain network objects that ARM/EC2 create in seconds (VPCs, subnets, route tables, resource groups,
   * VNets, public IPs, local network gateways, customer gateways, security groups, rules, routes).
   * Counting them as a minute each would put a resource group → VNet → subnet chain in front of every
   * estimate; reference §4 puts the critical path at "VNG 45 min → LNG → Connection".
   */
  seconds: 0,
  /** Stack, components, providers, random values and reads: no cloud round trip worth counting. */
  none: 0,
} as const;

/** The documented minutes for one recorded resource. */
const SECONDS_TYPES: ReadonlySet<string> = new Set([
  T.awsVpc,
  T.awsSubnet,
  T.awsRouteTable,
  T.awsRouteTableAssociation,
  T.awsRoute,
  T.awsSecurityGroup,
  T.awsSecurityGroupIngressRule,
  T.awsSecurityGroupEgressRule,
  T.awsInternetGateway,
  T.awsNetworkInterface,
  T.awsEip,
  T.awsCustomerGateway,
  T.awsVpnGatewayRoutePropagation,
  T.azureResourceGroup,
  T.azureVnet,
  T.azureSubnet,
  T.azurePublicIp,
  T.azureLng,
  T.azureRouteTable,
  T.azureRoute,
  T.azureNetworkSecurityGroup,
  T.azureNetworkInterface,
]);

export function provisioningMinutes(r: RecordedResource): number {
  if (!r.custom || r.read) return PROVISIONING_MINUTES.none;
  if (SECONDS_TYPES.has(r.type)) return PROVISIONING_MINUTES.seconds;
  if (r.type.startsWith(PROVIDER_TYPE_PREFIX) || r.type.startsWith("random:")) return PROVISIONING_MINUTES.none;
  switch (r.type) {
    case T.azureVng:
      return getPath(r.inputs, "gatewayType") === "ExpressRoute"
        ? PROVISIONING_MINUTES.azureExpressRouteGateway
        : PROVISIONING_MINUTES.azureVpnGateway;
    case T.azureVirtualHub:
      return PROVISIONING_MINUTES.azureRouteServer;
    case T.awsVpnConnection:
      return PROVISIONING_MINUTES.awsVpnConnection;
    default:
      return PROVISIONING_MINUTES.default;
  }
}

export interface DagStep {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly minutes: number;
  /** Minutes after the start of the update at which this resource can begin. */
  readonly start: number;
  readonly finish: number;
}

/**
 * When traffic can first cross between the clouds over one kind of path: the first connection of that kind
 * the Azure side completes (a tunnel needs its AWS VPN connection, local network gateway and the gateway, all
 * of which the connection waits for). Undefined minutes: the graph has no such connection (the ExpressRoute
 * leg before the provider has provisioned the circuit).
 */
export interface ConnectivityMilestone {
  /** "vpn" (an IPsec connection) or "expressroute" (the ExpressRoute gateway's connection to the circuit). */
  readonly path: "vpn" | "expressroute";
  /** Minutes after the start of the update; undefined while the graph holds no such connection. */
  readonly minutes: number | undefined;
  /** The connection that completes it; for a pending path, what is missing. */
  readonly name: string;
}

export interface DagEstimate {
  /** Wall-clock minutes of the whole update (the critical path's length). */
  readonly totalMinutes: number;
  /** Time to connectivity per kind of path the graph has (the VPN's, and the ExpressRoute leg's, built or pending). */
  readonly connectivity: readonly ConnectivityMilestone[];
  /** The custom resources on the critical path, in the order they run. */
  readonly criticalPath: readonly DagStep[];
  /** Start and finish of every recorded resource. */
  readonly schedule: Readonly<Record<string, { readonly start: number; readonly finish: number }>>;
}

export interface DagOptions {
  /** Minutes for a resource. @default {@link provisioningMinutes} */
  readonly minutes?: (r: RecordedResource) => number;
}

/** Thrown when the recorded dependencies contain a cycle (which the engine would reject too). */
export class DependencyCycleError extends Error {
  constructor(readonly urns: readonly string[]) {
    super(`dependency cycle among:\n${urns.map((u) => `  - ${u}`).join("\n")}`);
    this.name = "DependencyCycleError";
  }
}

type EventKey = `${"R" | "F"}:${string}`;

export function estimateDag(graph: RecordedGraph, opts: DagOptions = {}): DagEstimate {
  const minutesOf = opts.minutes ?? provisioningMinutes;
  const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
  const ordered = [...graph.resources].sort((a, b) => a.seq - b.seq);

  // Event graph: edge a -> b with weight w means time(b) >= time(a) + w.
  const incoming = new Map<EventKey, Array<{ from: EventKey; weight: number }>>();
  const outgoing = new Map<EventKey, EventKey[]>();
  const events: EventKey[] = [];
  for (const r of ordered) {
    for (const e of [`R:${r.urn}`, `F:${r.urn}`] as const) {
      events.push(e);
      incoming.set(e, []);
      outgoing.set(e, []);
    }
  }
  const addEdge = (from: EventKey, to: EventKey, weight: number): void => {
    incoming.get(to)?.push({ from, weight });
    outgoing.get(from)?.push(to);
  };
  for (const r of ordered) {
    const deps = new Set(r.dependencies);
    for (const urns of Object.values(r.propertyDependencies)) for (const urn of urns) deps.add(urn);
    for (const dep of [...deps].sort()) if (byUrn.has(dep) && dep !== r.urn) addEdge(`F:${dep}`, `R:${r.urn}`, 0);
    const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
    if (parent) {
      addEdge(parent.custom ? `F:${parent.urn}` : `R:${parent.urn}`, `R:${r.urn}`, 0);
      if (!parent.custom) addEdge(`F:${r.urn}`, `F:${parent.urn}`, 0);
    }
    addEdge(`R:${r.urn}`, `F:${r.urn}`, r.custom ? minutesOf(r) : 0);
  }

  // Kahn's algorithm over the events; longest-path relaxation with deterministic tie-breaking
  // (the first predecessor in registration order wins a tie).
  const time = new Map<EventKey, number>();
  const via = new Map<EventKey, EventKey | undefined>();
  const pending = new Map<EventKey, number>();
  for (const e of events) pending.set(e, incoming.get(e)?.length ?? 0);
  const queue = events.filter((e) => pending.get(e) === 0);
  for (const e of queue) {
    time.set(e, 0);
    via.set(e, undefined);
  }
  let processed = 0;
  while (processed < queue.length) {
    const e = queue[processed++];
    if (e === undefined) break;
    for (const next of outgoing.get(e) ?? []) {
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left === 0) {
        let best = 0;
        let bestFrom: EventKey | undefined;
        for (const { from, weight } of incoming.get(next) ?? []) {
          const t = (time.get(from) ?? 0) + weight;
          if (bestFrom === undefined || t > best) {
            best = t;
            bestFrom = from;
          }
        }
        time.set(next, best);
        via.set(next, bestFrom);
        queue.push(next);
      }
    }
  }
  if (processed < events.length) {
    const stuck = new Set(events.filter((e) => !time.has(e)).map((e) => e.slice(2)));
    throw new DependencyCycleError([...stuck].sort());
  }

  const schedule: Record<string, { start: number; finish: number }> = {};
  for (const r of ordered) schedule[r.urn] = { start: time.get(`R:${r.urn}`) ?? 0, finish: time.get(`F:${r.urn}`) ?? 0 };

  // The latest-finishing event ends the critical path (the root stack's F when there is one).
  let end: EventKey | undefined;
  for (const r of ordered) {
    const f = time.get(`F:${r.urn}`) ?? 0;
    if (end === undefined || f > (time.get(end) ?? 0)) end = `F:${r.urn}`;
  }
  const steps: DagStep[] = [];
  for (let e = end; e !== undefined; e = via.get(e)) {
    const prev = via.get(e);
    const urn = e.slice(2);
    const r = byUrn.get(urn);
    // A custom resource is on the path when the path runs through its own R -> F edge.
    if (r && r.custom && e.startsWith("F:") && prev === `R:${urn}`) {
      const entry = schedule[urn] ?? { start: 0, finish: 0 };
      steps.push({ urn, type: r.type, name: r.name, minutes: entry.finish - entry.start, start: entry.start, finish: entry.finish });
    }
  }
  steps.reverse();
  return { totalMinutes: end === undefined ? 0 : (time.get(end) ?? 0), connectivity: connectivity(graph, schedule), criticalPath: steps, schedule };
}

function connectivity(graph: RecordedGraph, schedule: Readonly<Record<string, { readonly finish: number }>>): ConnectivityMilestone[] {
  const connections = graph.resources.filter((r) => r.type === T.azureConnection);
  const first = (kind: string): { name: string; minutes: number } | undefined =>
    connections
      .filter((c) => getPath(c.inputs, "connectionType") === kind)
      .map((c) => ({ name: c.name, minutes: schedule[c.urn]?.finish ?? 0 }))
      .sort((a, b) => a.minutes - b.minutes || (a.name < b.name ? -1 : 1))[0];
  const out: ConnectivityMilestone[] = [];
  const vpn = first("IPsec");
  if (vpn) out.push({ path: "vpn", minutes: vpn.minutes, name: vpn.name });
  const er = first("ExpressRoute");
  const circuit = graph.resources.find((r) => r.type === T.azureErCircuit);
  if (er) out.push({ path: "expressroute", minutes: er.minutes, name: er.name });
  else if (circuit) out.push({ path: "expressroute", minutes: undefined, name: `no ExpressRoute connection to circuit ${circuit.name} (not provider-provisioned)` });
  return out;
}

/** One line per critical-path step: `  45 min  azure-native:network:VirtualNetworkGateway  vpn-gw  (0 → 45)`. */
export function renderDagEstimate(estimate: DagEstimate): string {
  const lines = [`Estimated first deployment: ${estimate.totalMinutes} min (critical path):`];
  // Steps that take seconds (0 min) only add noise to the path a reader should look at.
  for (const s of estimate.criticalPath.filter((step) => step.minutes > 0)) {
    lines.push(`  ${String(s.minutes).padStart(3)} min  ${s.type}  ${s.name}  (${s.start} → ${s.finish})`);
  }
  if (estimate.connectivity.length > 0) lines.push("Time to connectivity:");
  for (const c of estimate.connectivity) {
    const what = c.path === "vpn" ? "VPN, first IPsec connection" : "ExpressRoute connection";
    lines.push(c.minutes === undefined ? `  pending  ExpressRoute: ${c.name}` : `  ${String(c.minutes).padStart(3)} min  ${what} ${c.name}`);
  }
  return `${lines.join("\n")}\n`;
}
