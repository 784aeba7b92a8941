import { DOCUMENTATION_CIDRS, OVERLAY_BOOT_PATHS, cidr, enabledFrrDaemons, hostAt, ipToLong, longToIp, parseIpv4, parseSysctl, unitCommands } from "../../sdk";
import type { OverlayLabCloud, OverlayLabSpec, RouterBoot } from "./spec";

/**
 * Where everything of one overlay lab run lives, derived purely from the spec, the routers' read-back
 * boot configs and a run id; the topology builder, the daemons and the checks all read this.
 *
 *   <p>-ha1 (AWS host) ─┐ <p>-awsnet (bridge: the VPC)          <p>-aznet (bridge: the VNet) ┌─ <p>-hz1 (Azure host)
 *     routes: the VPC   │  l0 of every AWS router              l0 of every Azure router    │   routes: the UDR, or
 *     route table's     │                                      (+ <p>-rs1, <p>-rs2: Route  │   what Route Server
 *                           <p>-a1, <p>-a2 ── u0 (EIP) ── <p>-inet ── u0 (PIP) ── <p>-z1, <p>-z2    Server's model)
 *                                                 /32 routes to every public IP, drops IP fragments
 *
 * Interface names must be unique across namespaces: wireguard-go's control sockets all live in
 * /var/run/wireguard/<ifname>.sock. The rendered names (wg-aws-0 …) run as `wg<run id><a|z><slot>`,
 * which keeps the `wg` prefix the rendered MSS clamp matches (`-o wg+`).
 */

export interface InterfaceRun {
  /** The name the user data gives it (/etc/wireguard/<rendered>.conf). */
  readonly rendered: string;
  /** The name it runs as in this lab. */
  readonly name: string;
  /** The rendered wg-quick file. */
  readonly conf: string;
  /** `Address =`: this end of the link /31. */
  readonly address: string;
  /** `MTU =`; undefined when the file sets none (wireguard-go's default then applies). */
  readonly mtu: number | undefined;
  readonly listenPort: number;
  /** Key of the router at the other end (the one whose public IP is the peer's Endpoint). */
  readonly peerRouter: string | undefined;
  /** The other end's address on the /31: this interface's BGP neighbor. */
  readonly peerAddress: string;
}

export interface RouterRun {
  readonly key: string;
  readonly cloud: OverlayLabCloud;
  readonly namespace: string;
  readonly publicIp: string;
  readonly privateIp: string;
  /** Underlay device names: `u0` in the router, `u<i>` in the inet namespace. */
  readonly inetDevice: string;
  /** LAN device on the cloud's bridge (`l<i>`). */
  readonly lanDevice: string;
  readonly interfaces: readonly InterfaceRun[];
  /** /etc/sysctl.d/… settings, applied in the namespace. */
  readonly sysctl: Readonly<Record<string, string>>;
  /** The MSS clamp unit's ExecStart= and ExecStop= commands, verbatim. */
  readonly clamp: { readonly start: readonly string[]; readonly stop: readonly string[] };
  readonly frrConf: string;
  /** FRR daemons the rendered daemons file turns on, zebra first. */
  readonly daemons: readonly string[];
}

export interface HostRun {
  readonly key: string;
  readonly cloud: OverlayLabCloud;
  readonly namespace: string;
  readonly address: string;
  readonly lanDevice: string;
  readonly routeTable: string;
  /** The cloud's routes for it, resolved to the router's private address. */
  readonly routes: readonly { readonly destination: string; readonly router: string; readonly via: string }[];
}

export interface RouteServerRun {
  readonly namespace: string;
  readonly ip: string;
  readonly lanDevice: string;
}

export interface OverlayLabPlan {
  readonly runId: string;
  /** Every namespace of the run starts with `<prefix>-`. */
  readonly prefix: string;
  readonly inetNamespace: string;
  readonly lanNamespaces: Readonly<Record<OverlayLabCloud, string>>;
  /** The underlay's gateway address (TEST-NET-1), on every router's point-to-point link to the inet namespace. */
  readonly gateway: string;
  readonly networks: Readonly<Record<OverlayLabCloud, string>>;
  readonly routers: readonly RouterRun[];
  readonly hosts: readonly HostRun[];
  readonly routeServers: readonly RouteServerRun[];
}

const CLOUD_LETTER: Readonly<Record<OverlayLabCloud, string>> = { aws: "a", azure: "z" };

/** The other address of a /31 (RFC 3021: both are hosts). */
function peerOf(address: string): string {
  const [ip = "", length = "32"] = address.split("/");
  return length === "31" && parseIpv4(ip) !== undefined ? longToIp((ipToLong(ip) ^ 1) >>> 0) : "";
}

export function planOverlayLab(spec: OverlayLabSpec, boots: Readonly<Record<string, RouterBoot>>, runId: string): OverlayLabPlan {
  const prefix = `ccw${runId}`;
  const byPublicIp = new Map(spec.routers.map((r) => [r.publicIp, r.key] as const));
  const count: Record<OverlayLabCloud, number> = { aws: 0, azure: 0 };
  const routers = spec.routers.map((r, i): RouterRun => {
    count[r.cloud] += 1;
    const boot = boots[r.key] as RouterBoot;
    const file = (path: string): string => boot.config.files[path]?.content ?? "";
    const interfaces = Object.entries(boot.interfaces)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rendered, conf]): InterfaceRun => {
        const slot = /(\d+)$/.exec(rendered)?.[1] ?? String(i);
        const address = conf.interface["Address"] ?? "";
        const endpoint = conf.peers[0]?.["Endpoint"] ?? "";
        const mtu = conf.interface["MTU"];
        return {
          rendered,
          name: `wg${runId}${CLOUD_LETTER[r.cloud]}${slot}`,
          conf: file(`${OVERLAY_BOOT_PATHS.wireguardDir}/${rendered}.conf`),
          address,
          mtu: mtu !== undefined && /^\d+$/.test(mtu) ? Number(mtu) : undefined,
          listenPort: Number(conf.interface["ListenPort"]),
          peerRouter: byPublicIp.get(endpoint.slice(0, endpoint.lastIndexOf(":"))),
          peerAddress: peerOf(address),
        };
      });
    return {
      key: r.key,
      cloud: r.cloud,
      namespace: `${prefix}-${CLOUD_LETTER[r.cloud]}${count[r.cloud]}`,
      publicIp: r.publicIp,
      privateIp: r.privateIp,
      inetDevice: `u${i}`,
      lanDevice: `l${i}`,
      interfaces,
      sysctl: parseSysctl(file(OVERLAY_BOOT_PATHS.sysctl)),
      clamp: unitCommands(file(OVERLAY_BOOT_PATHS.mssClampUnit)),
      frrConf: file(OVERLAY_BOOT_PATHS.frrConf),
      daemons: enabledFrrDaemons(file(OVERLAY_BOOT_PATHS.frrDaemons)),
    };
  });
  const privateIp = new Map(spec.routers.map((r) => [r.key, r.privateIp] as const));
  const hostCount: Record<OverlayLabCloud, number> = { aws: 0, azure: 0 };
  const hosts = spec.hosts.map((h, i): HostRun => {
    hostCount[h.cloud] += 1;
    return {
      key: h.key,
      cloud: h.cloud,
      namespace: `${prefix}-h${CLOUD_LETTER[h.cloud]}${hostCount[h.cloud]}`,
      address: h.address,
      lanDevice: `h${i}`,
      routeTable: h.routeTable,
      routes: h.routes.map((route) => ({ ...route, via: privateIp.get(route.router) ?? "" })),
    };
  });
  const routeServers = (spec.routeServer?.ips ?? []).map((ip, i): RouteServerRun => ({ namespace: `${prefix}-rs${i + 1}`, ip, lanDevice: `r${i}` }));
  return {
    runId,
    prefix,
    inetNamespace: `${prefix}-inet`,
    lanNamespaces: { aws: `${prefix}-awsnet`, azure: `${prefix}-aznet` },
    gateway: hostAt(cidr(DOCUMENTATION_CIDRS.testNet1), 1),
    networks: spec.networks,
    routers,
    hosts,
    routeServers,
  };
}

export function allOverlayNamespaces(plan: OverlayLabPlan): string[] {
  return [
    plan.inetNamespace,
    plan.lanNamespaces.aws,
    plan.lanNamespaces.azure,
    ...plan.routers.map((r) => r.namespace),
    ...plan.hosts.map((h) => h.namespace),
    ...plan.routeServers.map((r) => r.namespace),
  ];
}

export const prefixLength = (network: string): string => network.split("/")[1] ?? "32";
