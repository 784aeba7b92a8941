/**
 * Overlay lab specs from what a preview *recorded*: per WireGuardOverlay, each router's user data as the
 * instance or VM receives it (EC2 `userData`; Azure `osProfile.customData`, base64), the addresses the
 * clouds gave it (Elastic IP / public IP, ENI / NIC), the route tables that send each cloud's workloads to
 * a router (VPC routes to an ENI, UDR next hops), and Route Server (its ASN, router IPs, BGP connections).
 * Nothing comes from the sdk plan: a component that renders a wrong key, port or address fails the lab as
 * it would fail in the clouds.
 */
import { ResourceIndex, SecretValue, T, getPath, type RecordedGraph, type RecordedResource, type RecordedValue } from "../../graph";
import { type Cidr, cidrSlug, containsIp, hostAt, parseCidr } from "../../sdk";
import type { OverlayLabCloud, OverlayLabHost, OverlayLabRouter, OverlayLabSpec } from "./spec";

export class OverlayLabTranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OverlayLabTranslationError";
  }
}

/** What the program rendered (inputs) wins; outputs fill in what the provider computes (addresses, ids). */
const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
/** What only the cloud knows (an address it assigned inside an object the program sent). */
const output = (r: RecordedResource, path: string): RecordedValue | undefined => getPath(r.outputs, path) ?? undefined;
const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);
/** Secrets are revealed only here, into the spec the lab keeps in memory and 0600 files. */
const secret = (v: RecordedValue | undefined): string => (v instanceof SecretValue ? str(v.reveal()) : str(v));

type Index = ResourceIndex<RecordedResource>;
const indexGraph = (graph: RecordedGraph): Index => new ResourceIndex(graph.resources, (r, path) => (path === "id" ? r.id : value(r, path)));

function one(ix: Index, ref: string, type: string): RecordedResource | undefined {
  const found = ix.withIdentity(ref).filter((r) => r.type === type);
  return found.length === 1 ? found[0] : undefined;
}

/** The component's `routers` output: key → private IP, to name each router as the overlay does. */
function routerKeys(overlay: RecordedResource): Map<string, string> {
  const routers = overlay.outputs["routers"];
  const out = new Map<string, string>();
  if (typeof routers === "object" && routers !== null && !Array.isArray(routers)) {
    for (const [key, r] of Object.entries(routers as Readonly<Record<string, RecordedValue>>)) out.set(str(getPath(r, "privateIp")), key);
  }
  return out;
}

function awsRouters(ix: Index, overlay: RecordedResource, keys: Map<string, string>, where: string): { routers: OverlayLabRouter[]; byEni: Map<string, string> } {
  const routers: OverlayLabRouter[] = [];
  const byEni = new Map<string, string>();
  for (const instance of ix.children(overlay, T.awsInstance)) {
    const eni = one(ix, str(value(instance, "primaryNetworkInterface.networkInterfaceId")), T.awsNetworkInterface);
    if (!eni?.id) throw new OverlayLabTranslationError(`${where}: ${instance.name} runs on no recorded network interface`);
    const eip = ix.children(overlay, T.awsEip).find((e) => str(value(e, "networkInterface")) === eni.id);
    if (!eip) throw new OverlayLabTranslationError(`${where}: no Elastic IP is associated with ${eni.name}, the WireGuard endpoint of ${instance.name}`);
    const privateIp = str(value(eni, "privateIp"));
    const key = keys.get(privateIp) ?? instance.name.slice(overlay.name.length + 1).replace(/-router$/, "");
    byEni.set(eni.id, key);
    routers.push({ key, cloud: "aws", resource: instance.name, publicIp: str(value(eip, "publicIp")), privateIp, userData: secret(value(instance, "userData")) });
  }
  return { routers, byEni };
}

function azureRouters(ix: Index, overlay: RecordedResource, keys: Map<string, string>, where: string): OverlayLabRouter[] {
  return ix.children(overlay, T.azureVirtualMachine).map((vm) => {
    const nic = one(ix, str(value(vm, "networkProfile.networkInterfaces.0.id")), T.azureNetworkInterface);
    if (!nic) throw new OverlayLabTranslationError(`${where}: ${vm.name} has no recorded network interface`);
    const privateIp = str(output(nic, "ipConfigurations.0.privateIPAddress"));
    const pip = one(ix, str(value(nic, "ipConfigurations.0.publicIPAddress.id")), T.azurePublicIp);
    if (!pip) throw new OverlayLabTranslationError(`${where}: ${nic.name} has no recorded public IP, the WireGuard endpoint of ${vm.name}`);
    const customData = secret(value(vm, "osProfile.customData"));
    const key = keys.get(privateIp) ?? vm.name.slice(overlay.name.length + 1).replace(/-vm$/, "");
    return { key, cloud: "azure" as const, resource: vm.name, publicIp: str(value(pip, "ipAddress")), privateIp, userData: Buffer.from(customData, "base64").toString("utf8") };
  });
}

/** The VPC or VNet that holds the routers: the segment the lab builds for that cloud. */
function network(ix: Index, cloud: OverlayLabCloud, routers: readonly OverlayLabRouter[], where: string): string {
  const ip = routers.find((r) => r.cloud === cloud)?.privateIp ?? "";
  const candidates =
    cloud === "aws" ? ix.ofType(T.awsVpc).map((v) => str(value(v, "cidrBlock"))) : ix.ofType(T.azureVnet).flatMap((v) => list(value(v, "addressSpace.addressPrefixes")).map(str));
  const found = candidates.find((c) => {
    const block = parseCidr(c);
    return block !== undefined && parseCidr(`${ip}/32`) !== undefined && containsIp(block, ip);
  });
  if (!found) throw new OverlayLabTranslationError(`${where}: no recorded ${cloud === "aws" ? "VPC" : "VNet"} holds router address ${ip}`);
  return found;
}

/** An address for a host: in its own subnet when the graph says which, else in the network; never a router's. */
function hostAddress(subnet: string | undefined, net: string, taken: Set<string>): string {
  for (const text of [subnet, net]) {
    const block: Cidr | undefined = text === undefined ? undefined : parseCidr(text);
    if (!block) continue;
    // Clouds reserve the first four addresses of a subnet (SUBNET_RESERVED_ADDRESSES); start well above.
    for (let offset = 10; offset < Math.min(block.size - 1, 250); offset++) {
      const ip = hostAt(block, offset);
      if (!taken.has(ip)) {
        taken.add(ip);
        return ip;
      }
    }
  }
  throw new OverlayLabTranslationError(`no free host address in ${subnet ?? net}`);
}

export function overlayLabSpecsFromGraph(graph: RecordedGraph): OverlayLabSpec[] {
  const ix = indexGraph(graph);
  const specs: OverlayLabSpec[] = [];
  for (const overlay of ix.ofType(T.wireGuardOverlay)) {
    const where = `WireGuardOverlay ${overlay.name}`;
    const keys = routerKeys(overlay);
    const aws = awsRouters(ix, overlay, keys, where);
    const routers = [...aws.routers, ...azureRouters(ix, overlay, keys, where)].sort((a, b) => (a.cloud + a.key < b.cloud + b.key ? -1 : 1));
    if (!routers.some((r) => r.cloud === "aws") || !routers.some((r) => r.cloud === "azure")) throw new OverlayLabTranslationError(`${where}: routers on both clouds were not recorded`);
    const networks = { aws: network(ix, "aws", routers, where), azure: network(ix, "azure", routers, where) };
    const taken = new Set(routers.map((r) => r.privateIp));
    const hosts: OverlayLabHost[] = [];

    // AWS: one host per VPC route table the overlay writes routes into.
    const tables = new Map<string, RecordedResource[]>();
    for (const route of ix.children(overlay, T.awsRoute)) tables.set(str(value(route, "routeTableId")), [...(tables.get(str(value(route, "routeTableId"))) ?? []), route]);
    for (const [tableId, routes] of [...tables].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const first = routes[0] as RecordedResource;
      const key = first.name.slice(overlay.name.length + 1).replace(`-${cidrSlug(str(value(first, "destinationCidrBlock")))}-route`, "");
      const association = ix.ofType(T.awsRouteTableAssociation).find((a) => str(value(a, "routeTableId")) === tableId);
      const subnet = association ? one(ix, str(value(association, "subnetId")), T.awsSubnet) : undefined;
      hosts.push({
        key: `aws-${key}`,
        cloud: "aws",
        address: hostAddress(subnet ? str(value(subnet, "cidrBlock")) : undefined, networks.aws, taken),
        routeTable: tableId,
        routes: routes.map((route) => {
          const router = aws.byEni.get(str(value(route, "networkInterfaceId")));
          if (!router) throw new OverlayLabTranslationError(`${where}: ${route.name} points at ${str(value(route, "networkInterfaceId"))}, no router's network interface`);
          return { destination: str(value(route, "destinationCidrBlock")), router };
        }),
      });
    }

    // Azure: one host per UDR, or one on the VNet that Route Server programs.
    const byIp = new Map(routers.filter((r) => r.cloud === "azure").map((r) => [r.privateIp, r.key] as const));
    const subnets = ix.ofType(T.azureSubnet);
    for (const udr of ix.children(overlay, T.azureRouteTable)) {
      const subnet = subnets.find((s) => str(value(s, "routeTable.id")).toLowerCase() === (udr.id ?? "").toLowerCase());
      hosts.push({
        key: `azure-${udr.name.slice(overlay.name.length + 1).replace(/-udr$/, "")}`,
        cloud: "azure",
        address: hostAddress(subnet ? str(value(subnet, "addressPrefix")) : undefined, networks.azure, taken),
        routeTable: udr.name,
        routes: list(value(udr, "routes")).map((route) => {
          const router = byIp.get(str(getPath(route, "nextHopIpAddress")));
          if (!router) throw new OverlayLabTranslationError(`${where}: ${udr.name} sends ${str(getPath(route, "addressPrefix"))} to ${str(getPath(route, "nextHopIpAddress"))}, no router's address`);
          return { destination: str(getPath(route, "addressPrefix")), router };
        }),
      });
    }

    const hub = ix.children(overlay, T.azureVirtualHub)[0];
    let routeServer: OverlayLabSpec["routeServer"];
    if (hub) {
      const ips = list(overlay.outputs["routeServerIps"]).map(str).filter((x) => x !== "");
      routeServer = {
        asn: Number(str(value(hub, "virtualRouterAsn"))),
        ips,
        peers: ix.children(overlay, T.azureVirtualHubBgpConnection).map((c) => ({ ip: str(value(c, "peerIp")), asn: Number(str(value(c, "peerAsn"))) })),
      };
      for (const ip of ips) taken.add(ip);
      if (!hosts.some((h) => h.cloud === "azure")) {
        const vnet = parseCidr(networks.azure);
        const workload = subnets.find((s) => {
          const block = parseCidr(str(value(s, "addressPrefix")));
          const name = str(value(s, "subnetName"));
          return block && vnet && containsIp(vnet, block.text.split("/")[0] as string) && !["GatewaySubnet", "RouteServerSubnet"].includes(name) && ![...taken].some((ip) => containsIp(block, ip));
        });
        hosts.push({ key: "azure-vnet", cloud: "azure", address: hostAddress(workload ? str(value(workload, "addressPrefix")) : undefined, networks.azure, taken), routeTable: "(Route Server)", routes: [] });
      }
    }
    hosts.sort((a, b) => (a.cloud + a.key < b.cloud + b.key ? -1 : 1));
    specs.push({ name: overlay.name, networks, routers, hosts, ...(routeServer ? { routeServer } : {}) });
  }
  if (specs.length === 0) throw new OverlayLabTranslationError("the stack has no WireGuardOverlay: there is nothing for the overlay lab to bring up");
  return specs;
}
