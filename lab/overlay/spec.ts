import { type CloudConfig, type Issue, type WireGuardConf, containsIp, issue, parseCidr, readCloudConfig, wireGuardInterfaces } from "../../sdk";

/**
 * What the overlay lab runs: the WireGuard overlay as it was rendered, read from the recorded graph
 * (from-graph.ts), never from the plan. Each router is its cloud-init user data (the artefact the
 * instance or VM boots with) and the addresses the clouds gave it; each host is a VPC or VNet machine
 * with the route table the cloud would apply to it.
 */

export type OverlayLabCloud = "aws" | "azure";

export interface OverlayLabRouter {
  /** The router's key in its WireGuardOverlay (`aws-us-east-1a`, `azure-1`). */
  readonly key: string;
  readonly cloud: OverlayLabCloud;
  /** The instance or VM it runs on, for messages. */
  readonly resource: string;
  /** Its Elastic IP or public IP: the underlay address its peers' `Endpoint`s name. */
  readonly publicIp: string;
  /** Its ENI or NIC address in the VPC/VNet: the next hop of the cloud's routes. */
  readonly privateIp: string;
  /** The cloud-init user data, revealed (it holds the private key: kept in memory and 0600 files only). */
  readonly userData: string;
}

/** A route the cloud programs for a host: the VPC route table's, the UDR's, or (Route Server) none until learned. */
export interface OverlayLabRoute {
  readonly destination: string;
  /** Key of the router whose ENI/NIC address is the next hop. */
  readonly router: string;
}

export interface OverlayLabHost {
  /** A name for it: the route table (`private-a`) or subnet it stands for. */
  readonly key: string;
  readonly cloud: OverlayLabCloud;
  readonly address: string;
  /** The route table it stands for, for messages (`overlay-wg-private-a-…-route`, a UDR). */
  readonly routeTable: string;
  readonly routes: readonly OverlayLabRoute[];
}

/** Azure Route Server as the routers see it: its ASN, its two router IPs, its BGP connections. */
export interface OverlayLabRouteServer {
  readonly asn: number;
  readonly ips: readonly string[];
  readonly peers: readonly { readonly ip: string; readonly asn: number }[];
}

export interface OverlayLabSpec {
  /** The WireGuardOverlay's name. */
  readonly name: string;
  /** The VPC's and VNet's CIDRs: the two L2 segments routers and hosts share. */
  readonly networks: Readonly<Record<OverlayLabCloud, string>>;
  readonly routers: readonly OverlayLabRouter[];
  readonly hosts: readonly OverlayLabHost[];
  readonly routeServer?: OverlayLabRouteServer;
}

/** A router's boot configuration, read back. */
export interface RouterBoot {
  readonly config: CloudConfig;
  /** WireGuard interfaces by their rendered names. */
  readonly interfaces: Readonly<Record<string, WireGuardConf>>;
}

export class OverlayLabSpecError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(`the overlay lab spec cannot run:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "OverlayLabSpecError";
  }
}

/** Reads every router's user data, or reports what in the spec cannot run, before anything is created. */
export function readOverlayLabSpec(spec: OverlayLabSpec): Readonly<Record<string, RouterBoot>> {
  const issues: Issue[] = [];
  const boots: Record<string, RouterBoot> = {};
  const keys = new Set<string>();
  for (const cloud of ["aws", "azure"] as const) {
    if (parseCidr(spec.networks[cloud]) === undefined) issues.push(issue(`networks.${cloud}`, "CIDR_SYNTAX", `${spec.networks[cloud]} is not a CIDR`));
  }
  for (const r of spec.routers) {
    const at = `routers.${r.key}`;
    if (keys.has(r.key)) issues.push(issue(at, "KEY_INVALID", `two routers are keyed ${r.key}`));
    keys.add(r.key);
    const net = parseCidr(spec.networks[r.cloud]);
    if (net && !containsIp(net, r.privateIp)) issues.push(issue(`${at}.privateIp`, "CIDR_OUTSIDE_PARENT", `${r.privateIp} is outside the ${r.cloud} network ${spec.networks[r.cloud]}`));
    const { config, issues: read } = readCloudConfig(r.userData, `${at}.userData`);
    issues.push(...read);
    if (!config) continue;
    const interfaces = wireGuardInterfaces(config);
    if (Object.keys(interfaces).length === 0) issues.push(issue(`${at}.userData`, "VALUE_REQUIRED", `the user data writes no WireGuard interface (/etc/wireguard/*.conf)`));
    for (const [name, conf] of Object.entries(interfaces)) {
      for (const field of ["PrivateKey", "ListenPort", "Address"] as const) {
        if (conf.interface[field] === undefined) issues.push(issue(`${at}.userData.${name}`, "VALUE_REQUIRED", `[Interface] has no ${field}`));
      }
      if (conf.peers.length !== 1) issues.push(issue(`${at}.userData.${name}`, "VALUE_REQUIRED", `one peer per interface is what the overlay renders; found ${conf.peers.length}`));
    }
    boots[r.key] = { config, interfaces };
  }
  for (const h of spec.hosts) {
    for (const route of h.routes) if (!keys.has(route.router)) issues.push(issue(`hosts.${h.key}.routes`, "ROUTER_UNKNOWN", `${route.destination} points at ${route.router}, which is not a router of the overlay`));
  }
  if (!spec.hosts.some((h) => h.cloud === "aws") || !spec.hosts.some((h) => h.cloud === "azure")) {
    issues.push(issue("hosts", "VALUE_REQUIRED", `the lab needs a host on each cloud to send traffic across`));
  }
  if (issues.length > 0) throw new OverlayLabSpecError(issues);
  return boots;
}
