/**
 * A Mermaid diagram of what a preview recorded: the two clouds, their networks, every tunnel with its
 * inside addresses and ASNs, the hub and its spokes, ExpressRoute/Direct Connect, and DNS forwarding.
 * Everything is read from the recorded resources, never from the plan's intentions.
 */
import { RecordedGraph, RecordedResource } from "../graph";
import { RecordedObject, RecordedValue, getPath } from "../graph";
import { T, TYPE } from "../graph/types";

const get = (obj: RecordedValue | undefined, ...path: string[]): RecordedValue | undefined => getPath(obj, path.join("."));
const str = (v: RecordedValue | undefined): string => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...(v as readonly RecordedValue[])] : []);
const id = (r: RecordedResource): string => `n_${r.name.replace(/[^A-Za-z0-9]/g, "_")}`;
const label = (...lines: string[]): string => `"${lines.filter((l) => l !== "").join("<br/>").replace(/"/g, "'")}"`;

/** Outputs over inputs: what the provider reports (it echoes the inputs and fills in computed fields). */
const props = (r: RecordedResource): RecordedObject => ({ ...r.inputs, ...r.outputs });

export function renderTopology(graph: RecordedGraph): string {
  // In URN order, not registration order: registrations arrive in whatever order their inputs resolve,
  // which differs between the in-process and the gRPC engine; the diagram must not.
  const of = (type: string): RecordedResource[] => graph.resources.filter((r) => r.type === type).sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const lines: string[] = ["```mermaid", "flowchart LR"];

  const vpcs = of(T.awsVpc);
  const vgws = of(T.awsVpnGateway);
  const tgws = of(T.awsTransitGateway);
  const attachments = of(T.awsTgwVpcAttachment);
  const dxgws = of(T.awsDxGateway);
  const r53 = of(T.awsResolverEndpoint);
  const vnets = of(T.azureVnet);
  // By name: the VPN and ExpressRoute gateways wait on different inputs, so the order in which they register
  // is a race through the gRPC engine, and the diagram must not depend on it.
  const gateways = of(T.azureVng).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const circuits = of(T.azureErCircuit);
  const inbound = of(T.azureDnsInboundEndpoint);
  const outbound = of(T.azureDnsOutboundEndpoint);

  lines.push(`  subgraph AWS["AWS"]`);
  for (const v of vpcs) lines.push(`    ${id(v)}[${label(`VPC ${v.name}`, str(props(v)["cidrBlock"]))}]`);
  for (const g of vgws) lines.push(`    ${id(g)}{{${label(`VGW ${g.name}`, `AS ${str(props(g)["amazonSideAsn"])}`)}}}`);
  for (const t of tgws) lines.push(`    ${id(t)}{{${label(`Transit Gateway ${t.name}`, `AS ${str(props(t)["amazonSideAsn"])}`, `ECMP ${str(props(t)["vpnEcmpSupport"])}`)}}}`);
  for (const d of dxgws) lines.push(`    ${id(d)}{{${label(`DX gateway ${d.name}`, `AS ${str(props(d)["amazonSideAsn"])}`)}}}`);
  for (const e of r53) lines.push(`    ${id(e)}[/${label(`Route 53 ${str(props(e)["direction"]).toLowerCase()} ${e.name}`, list(props(e)["ipAddresses"]).map((a) => str(get(a, "ip"))).join(", "))}/]`);
  lines.push(...overlayNodes(graph, "aws"));
  lines.push("  end");

  lines.push(`  subgraph Azure["Azure"]`);
  for (const v of vnets) lines.push(`    ${id(v)}[${label(`VNet ${v.name}`, list(get(props(v), "addressSpace", "addressPrefixes")).map(str).join(", "))}]`);
  for (const g of gateways) {
    const p = props(g);
    const kind = str(p["gatewayType"]) === "ExpressRoute" ? "ExpressRoute gateway" : "VPN gateway";
    lines.push(`    ${id(g)}{{${label(`${kind} ${g.name}`, str(get(p, "sku", "name")), str(get(p, "bgpSettings", "asn")) ? `AS ${str(get(p, "bgpSettings", "asn"))}` : "", p["activeActive"] === true ? "active-active" : "")}}}`);
  }
  for (const c of circuits) {
    const p = props(c);
    lines.push(`    ${id(c)}[(${label(`ExpressRoute ${c.name}`, `${str(get(p, "serviceProviderProperties", "serviceProviderName"))} @ ${str(get(p, "serviceProviderProperties", "peeringLocation"))}`, `${str(get(p, "serviceProviderProperties", "bandwidthInMbps"))} Mbps`)})]`);
  }
  for (const e of [...inbound, ...outbound]) {
    const ips = list(props(e)["ipConfigurations"]).map((c) => str(get(c, "privateIpAddress"))).join(", ");
    lines.push(`    ${id(e)}[/${label(`DNS resolver ${e.type.endsWith("InboundEndpoint") ? "inbound" : "outbound"} ${e.name}`, ips)}/]`);
  }
  lines.push(...overlayNodes(graph, "azure"));
  lines.push("  end");

  // Containment and hub wiring.
  const byId = new Map<string, RecordedResource>();
  for (const r of graph.resources) if (r.id) byId.set(r.id, r);
  const byUrn = new Map(graph.resources.map((r) => [r.urn, r] as const));
  for (const a of attachments) {
    const vpc = byId.get(str(props(a)["vpcId"]));
    const tgw = byId.get(str(props(a)["transitGatewayId"]));
    if (vpc && tgw) lines.push(`  ${id(vpc)} --- ${id(tgw)}`);
  }
  for (const g of vgws) {
    const vpc = byId.get(str(props(g)["vpcId"]));
    if (vpc) lines.push(`  ${id(vpc)} --- ${id(g)}`);
  }
  for (const g of gateways) {
    const subnetId = str(get(list(props(g)["ipConfigurations"])[0], "subnet", "id"));
    const vnet = vnets.find((v) => v.id !== undefined && subnetId.startsWith(`${v.id}/`));
    if (vnet) lines.push(`  ${id(vnet)} --- ${id(g)}`);
  }

  const exchanges = new Set<string>();
  const exchangeNode = (asn: string): string => {
    const node = `n_exchange_${asn}`;
    if (!exchanges.has(asn)) {
      exchanges.add(asn);
      lines.push(`  ${node}(("exchange router<br/>AS ${asn}"))`);
    }
    return node;
  };

  const erConnections = of(T.azureConnection).filter((x) => str(props(x)["connectionType"]) === "ExpressRoute");

  // Tunnels: one edge per VPN BGP session, between the AWS VPN endpoint and the Azure gateway.
  const ancestor = (r: RecordedResource, type: string): RecordedResource | undefined => {
    let cur: RecordedResource | undefined = r;
    while (cur && cur.type !== type) cur = cur.parent ? byUrn.get(cur.parent) : undefined;
    return cur;
  };
  for (const s of of(TYPE.BgpSession)) {
    const o = s.outputs;
    const carrier = str(o["carrier"]);
    const text = `${s.name.replace(/-bgp$/, "")}: ${str(o["localAddress"])} AS ${str(o["localAsn"])} ⇄ ${str(o["peerAddress"])} AS ${str(o["peerAsn"])}`;
    if (carrier === "vpn") {
      const tunnel = ancestor(s, TYPE.VpnTunnel);
      const conn = graph.resources.find((r) => r.type === T.azureConnection && r.parent === tunnel?.urn);
      const gw = byId.get(str(get(props(conn ?? s), "virtualNetworkGateway1", "id")));
      const vpnComponent = ancestor(s, TYPE.SiteToSiteVpn);
      const vpnConn = graph.resources.find((r) => r.type === T.awsVpnConnection && r.parent === vpnComponent?.urn);
      const awsEnd = byId.get(str(props(vpnConn ?? s)["vpnGatewayId"])) ?? byId.get(str(props(vpnConn ?? s)["transitGatewayId"]));
      if (gw && awsEnd) lines.push(`  ${id(awsEnd)} <-. ${label(`IPsec ${text}`)} .-> ${id(gw)}`);
    } else {
      // ER and DX sessions both end on the exchange router (e.g. a Megaport MCR) between the clouds. ER
      // sessions are drawn pending (dotted) while no connection joins the ExpressRoute gateway to the circuit.
      const end = carrier === "expressroute" ? circuits[0] : dxgws[0];
      const pending = carrier === "expressroute" && erConnections.length === 0;
      if (end && pending) lines.push(`  ${id(end)} <-. ${label(`${carrier} ${text} (pending)`)} .-> ${exchangeNode(str(o["peerAsn"]))}`);
      else if (end) lines.push(`  ${id(end)} <== ${label(`${carrier} ${text}`)} ==> ${exchangeNode(str(o["peerAsn"]))}`);
    }
  }
  for (const a of of(T.awsDxGatewayAssociation)) {
    const dx = byId.get(str(props(a)["dxGatewayId"]));
    const tgw = byId.get(str(props(a)["associatedGatewayId"]));
    if (dx && tgw) lines.push(`  ${id(tgw)} --- ${label(`allowed ${list(props(a)["allowedPrefixes"]).map(str).join(", ")}`)} --- ${id(dx)}`.replace(/--- "(.*)" ---/, '-- "$1" ---'));
  }
  for (const c of erConnections) {
    const gw = byId.get(str(get(props(c), "virtualNetworkGateway1", "id")));
    const circuit = byId.get(str(get(props(c), "peer", "id")));
    if (gw && circuit) lines.push(`  ${id(gw)} --- ${id(circuit)}`);
  }
  // The ExpressRoute leg before the provider has provisioned the circuit: a gateway and a circuit, no connection.
  const erGateway = gateways.find((g) => str(props(g)["gatewayType"]) === "ExpressRoute");
  if (erConnections.length === 0 && erGateway && circuits[0]) {
    lines.push(`  ${id(erGateway)} -. ${label("pending: no ExpressRoute connection until the provider provisions the circuit")} .- ${id(circuits[0])}`);
  }

  lines.push(...overlayEdges(graph));

  // DNS forwarding: rule domains toward the endpoint they target.
  for (const rule of of(T.awsResolverRule)) {
    const targets = list(props(rule)["targetIps"]).map((t) => str(get(t, "ip")));
    const dest = inbound.find((e) => list(props(e)["ipConfigurations"]).some((c) => targets.includes(str(get(c, "privateIpAddress")))));
    const src = r53.find((e) => str(props(e)["direction"]) === "OUTBOUND");
    if (dest && src) lines.push(`  ${id(src)} -- ${label(`forward ${str(props(rule)["domainName"])}`)} --> ${id(dest)}`);
  }
  for (const rule of of(T.azureDnsForwardingRule)) {
    const targets = list(props(rule)["targetDnsServers"]).map((t) => str(get(t, "ipAddress")));
    const dest = r53.find((e) => list(props(e)["ipAddresses"]).some((a) => targets.includes(str(get(a, "ip")))));
    const src = outbound[0];
    if (dest && src) lines.push(`  ${id(src)} -- ${label(`forward ${str(props(rule)["domainName"])}`)} --> ${id(dest)}`);
  }
  lines.push("```");
  return lines.join("\n") + "\n";
}

// ---- the WireGuard overlay: routers, links, Route Server ----------------------------------------

interface OverlayRouterView {
  readonly node: string;
  readonly key: string;
  readonly cloud: string;
  readonly props: RecordedValue | undefined;
}

/** Each WireGuardOverlay's routers, from the component's registered `routers` output. */
function overlayRouters(graph: RecordedGraph): { overlay: RecordedResource; routers: OverlayRouterView[] }[] {
  return graph.resources
    .filter((r) => r.type === TYPE.WireGuardOverlay)
    .map((overlay) => {
      const routers = get(overlay.outputs, "routers");
      const keys = typeof routers === "object" && routers !== null && !Array.isArray(routers) ? Object.keys(routers).sort() : [];
      return {
        overlay,
        routers: keys.map((key) => ({ node: id({ name: `${overlay.name}-${key}` } as RecordedResource), key, cloud: str(get(routers, key, "cloud")), props: get(routers, key) })),
      };
    });
}

/** Router nodes of one cloud, and Route Server in Azure. */
function overlayNodes(graph: RecordedGraph, cloud: "aws" | "azure"): string[] {
  const lines: string[] = [];
  for (const { routers } of overlayRouters(graph)) {
    for (const r of routers.filter((x) => x.cloud === cloud)) {
      lines.push(`    ${r.node}[/${label(`router ${r.key}`, `AS ${str(get(r.props, "asn"))}`, `${str(get(r.props, "privateIp"))} · public ${str(get(r.props, "publicIp"))}`)}/]`);
    }
  }
  if (cloud === "azure") {
    for (const hub of graph.resources.filter((r) => r.type === T.azureVirtualHub)) {
      const p = props(hub);
      lines.push(`    ${id(hub)}{{${label(`Route Server ${hub.name}`, `AS ${str(p["virtualRouterAsn"])}`)}}}`);
    }
  }
  return lines;
}

/** Networks to their routers, a WireGuard edge per link, and each Azure router's eBGP to Route Server. */
function overlayEdges(graph: RecordedGraph): string[] {
  const lines: string[] = [];
  const network = (cloud: string): RecordedResource | undefined => graph.resources.find((r) => r.type === (cloud === "aws" ? T.awsVpc : T.azureVnet));
  for (const { overlay, routers } of overlayRouters(graph)) {
    const node = (key: string): OverlayRouterView | undefined => routers.find((r) => r.key === key);
    for (const r of routers) {
      const net = network(r.cloud);
      if (net) lines.push(`  ${id(net)} --- ${r.node}`);
    }
    const links = get(overlay.outputs, "links");
    const keys = typeof links === "object" && links !== null && !Array.isArray(links) ? Object.keys(links).sort() : [];
    for (const key of keys) {
      // Link keys hold a '.', so no dotted path: index the record directly.
      const l = (links as Readonly<Record<string, RecordedValue>>)[key];
      const a = node(str(get(l, "aws")));
      const z = node(str(get(l, "azure")));
      if (!a || !z) continue;
      const text = `WireGuard ${str(get(l, "awsInterface"))} ⇄ ${str(get(l, "azureInterface"))} UDP ${str(get(l, "port"))}: ${str(get(l, "awsAddress"))} AS ${str(get(a.props, "asn"))} ⇄ ${str(get(l, "azureAddress"))} AS ${str(get(z.props, "asn"))}`;
      lines.push(`  ${a.node} <-. ${label(text)} .-> ${z.node}`);
    }
    const hub = graph.resources.find((r) => r.type === T.azureVirtualHub && r.parent === overlay.urn);
    if (hub) for (const r of routers.filter((x) => x.cloud === "azure")) lines.push(`  ${r.node} -. "eBGP" .- ${id(hub)}`);
  }
  return lines;
}
