import { BfdProfile, BgpTimers, CLOUD_CONFIG_HEADER, OVERLAY_BOOT_PATHS, OVERLAY_FRR_NAMES, OverlayCloud, OverlayLinkPlan, OverlayPlan, OverlayRouterPlan } from "../sdk";

/**
 * The boot configuration of one overlay router, rendered as cloud-init user data: THE artefact the
 * lab reads back (`crosscloud lab --stack overlay` runs exactly these files in namespaces).
 *
 * Pure: plain data in, text out. `overlayRouterBoot` joins the plan with the values only the clouds
 * know (public IPs, public keys) and the secrets (private and preshared keys); the renderers turn that
 * into files, which cloud-init writes with `write_files` so they can be parsed back without running
 * anything (`readCloudConfig` in sdk/overlay-boot.ts; the document is JSON, which is YAML):
 *
 *   /etc/wireguard/<ifname>.conf     one wg-quick interface per peer (AllowedIPs 0.0.0.0/0, Table off)
 *   /etc/frr/frr.conf, daemons       eBGP + BFD per link; route-maps both ways; Route Server peers
 *   /etc/sysctl.d/…                  forwarding on, loose reverse-path filter (ECMP is asymmetric)
 *   /etc/systemd/system/…service     TCPMSS clamp on every wg interface, both directions
 *
 * Nothing is fetched from outside the distribution's own package mirror: the keys arrive in the user
 * data, which is therefore a Pulumi secret end to end.
 */

/** Where the files go and the names frr.conf uses: in sdk/overlay-boot.ts, which the lab and the policy pack read too. */
export { OVERLAY_BOOT_PATHS, OVERLAY_FRR_NAMES } from "../sdk";

/** Debian 12 packages: wg-quick (wireguard-tools), FRR 8.4, and iptables for the TCPMSS target. */
export const OVERLAY_PACKAGES: readonly string[] = ["wireguard-tools", "frr", "iptables"];

/**
 * FRR's `traditional` defaults retry a failed BGP connection every 120 s; a router that boots before
 * its peer would wait that long. 5 s keeps bring-up in seconds without hammering the peer.
 */
export const OVERLAY_BGP_CONNECT_RETRY_SECONDS = 5;

export interface OverlayPeerBoot {
  readonly routerKey: string;
  readonly publicKey: string;
  /** Absent when the overlay uses no preshared keys. */
  readonly presharedKey?: string;
  /** `<public IP>:<port>`. */
  readonly endpoint: string;
  /** The peer's address on the link /31: the BGP neighbor. */
  readonly address: string;
  readonly asn: number;
}

export interface OverlayInterfaceBoot {
  readonly name: string;
  readonly link: string;
  /** This end's address with the link's prefix length, e.g. `100.64.0.0/31`. */
  readonly address: string;
  readonly listenPort: number;
  readonly peer: OverlayPeerBoot;
}

export interface OverlayRouteServerBoot {
  readonly asn: number;
  readonly addresses: readonly string[];
  readonly timers: BgpTimers;
}

export interface OverlayRouterBoot {
  readonly key: string;
  readonly cloud: OverlayCloud;
  readonly hostname: string;
  readonly asn: number;
  readonly routerId: string;
  /** This side's prefixes: announced to the other cloud. */
  readonly advertise: readonly string[];
  /** The other side's prefixes: accepted (with more-specifics) from the other cloud. */
  readonly accept: readonly string[];
  readonly privateKey: string;
  readonly mtu: number;
  readonly tcpMss: number;
  readonly persistentKeepaliveSeconds: number;
  readonly bfd: BfdProfile;
  readonly bgp: BgpTimers;
  readonly interfaces: readonly OverlayInterfaceBoot[];
  readonly routeServer?: OverlayRouteServerBoot;
}

/** What only the clouds (public IPs, public keys) and the key resources (secrets) know. */
export interface OverlayRuntimeValues {
  readonly hostname: string;
  /** Public IP of every router, by router key. */
  readonly publicIps: Readonly<Record<string, string>>;
  /** Public key of every router, by router key. */
  readonly publicKeys: Readonly<Record<string, string>>;
  /** This router's private key. */
  readonly privateKey: string;
  /** Preshared key of every link, by link key; empty when the overlay uses none. */
  readonly presharedKeys: Readonly<Record<string, string>>;
  /** Route Server's two router IPs, for an Azure router when the overlay uses Route Server. */
  readonly routeServerIps?: readonly string[];
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`overlay boot config: ${what} is missing`);
  return value;
}

/** Joins the plan for router `key` with the runtime values. Throws if a value the plan needs is missing. */
export function overlayRouterBoot(plan: OverlayPlan, key: string, values: OverlayRuntimeValues): OverlayRouterBoot {
  const cloud: OverlayCloud = plan.aws.routers[key] !== undefined ? "aws" : "azure";
  const router: OverlayRouterPlan = need(plan[cloud].routers[key], `router "${key}" in the plan`);
  const other = cloud === "aws" ? plan.azure : plan.aws;
  const prefixLength = (link: OverlayLinkPlan): string => link.cidr.slice(link.cidr.indexOf("/"));
  const interfaces = router.links.map((linkKey): OverlayInterfaceBoot => {
    const link = need(plan.links[linkKey], `link "${linkKey}"`);
    const peerKey = cloud === "aws" ? link.azure : link.aws;
    const psk = plan.presharedKeys ? need(values.presharedKeys[linkKey], `the preshared key of ${linkKey}`) : undefined;
    return {
      name: cloud === "aws" ? link.awsInterface : link.azureInterface,
      link: linkKey,
      address: `${cloud === "aws" ? link.awsAddress : link.azureAddress}${prefixLength(link)}`,
      listenPort: link.port,
      peer: {
        routerKey: peerKey,
        publicKey: need(values.publicKeys[peerKey], `the public key of ${peerKey}`),
        ...(psk !== undefined ? { presharedKey: psk } : {}),
        endpoint: `${need(values.publicIps[peerKey], `the public IP of ${peerKey}`)}:${link.port}`,
        address: cloud === "aws" ? link.azureAddress : link.awsAddress,
        asn: other.asn,
      },
    };
  });
  const rs = cloud === "azure" && plan.routeServer !== undefined ? plan.routeServer : undefined;
  return {
    key,
    cloud,
    hostname: values.hostname,
    asn: router.asn,
    routerId: router.routerId,
    advertise: [...plan[cloud].prefixes],
    accept: [...other.prefixes],
    privateKey: values.privateKey,
    mtu: plan.mtu,
    tcpMss: plan.tcpMss,
    persistentKeepaliveSeconds: plan.persistentKeepaliveSeconds,
    bfd: plan.bfd,
    bgp: plan.bgp,
    interfaces,
    ...(rs !== undefined ? { routeServer: { asn: rs.asn, timers: rs.timers, addresses: [...need(values.routeServerIps, "Route Server's IPs")] } } : {}),
  };
}

/** A wg-quick file. `Table = off`: BGP installs the routes, never wg-quick (AllowedIPs is 0.0.0.0/0). */
export function renderWireGuardConf(router: OverlayRouterBoot, iface: OverlayInterfaceBoot): string {
  const lines = [
    `# crosscloud overlay ${router.key}: link ${iface.link} to ${iface.peer.routerKey}`,
    "[Interface]",
    `PrivateKey = ${router.privateKey}`,
    `ListenPort = ${iface.listenPort}`,
    `Address = ${iface.address}`,
    `MTU = ${router.mtu}`,
    "Table = off",
    "",
    "[Peer]",
    `PublicKey = ${iface.peer.publicKey}`,
    ...(iface.peer.presharedKey !== undefined ? [`PresharedKey = ${iface.peer.presharedKey}`] : []),
    `Endpoint = ${iface.peer.endpoint}`,
    "AllowedIPs = 0.0.0.0/0",
    `PersistentKeepalive = ${router.persistentKeepaliveSeconds}`,
  ];
  return lines.join("\n") + "\n";
}

/** FRR's integrated configuration: eBGP + BFD over every link, policies both ways, Route Server peers. */
export function renderFrrConf(router: OverlayRouterBoot): string {
  const N = OVERLAY_FRR_NAMES;
  const bgpNeighbors = router.interfaces.flatMap((i) => [
    ` neighbor ${i.peer.address} remote-as ${i.peer.asn}`,
    ` neighbor ${i.peer.address} description ${i.link} via ${i.name}`,
    ` neighbor ${i.peer.address} timers ${router.bgp.keepaliveSeconds} ${router.bgp.holdTimeSeconds}`,
    ` neighbor ${i.peer.address} timers connect ${OVERLAY_BGP_CONNECT_RETRY_SECONDS}`,
    ` neighbor ${i.peer.address} bfd profile ${N.bfdProfile}`,
  ]);
  const rs = router.routeServer;
  // Route Server sits in its own subnet, one routed hop away: eBGP multihop 2, its fixed 60/180 timers, no BFD.
  const rsNeighbors = (rs?.addresses ?? []).flatMap((a) => [
    ` neighbor ${a} remote-as ${rs?.asn}`,
    ` neighbor ${a} description route-server`,
    ` neighbor ${a} ebgp-multihop 2`,
    ` neighbor ${a} timers ${rs?.timers.keepaliveSeconds} ${rs?.timers.holdTimeSeconds}`,
    ` neighbor ${a} timers connect ${OVERLAY_BGP_CONNECT_RETRY_SECONDS}`,
  ]);
  const afi = [
    ...router.interfaces.flatMap((i) => [
      `  neighbor ${i.peer.address} activate`,
      `  neighbor ${i.peer.address} soft-reconfiguration inbound`,
      `  neighbor ${i.peer.address} route-map ${N.peerIn} in`,
      `  neighbor ${i.peer.address} route-map ${N.peerOut} out`,
    ]),
    ...(rs?.addresses ?? []).flatMap((a) => [`  neighbor ${a} activate`, `  neighbor ${a} route-map ${N.routeServerIn} in`, `  neighbor ${a} route-map ${N.routeServerOut} out`]),
  ];
  const lines = [
    `! crosscloud WireGuard overlay: ${router.key} (${router.cloud}, AS ${router.asn})`,
    "frr defaults traditional",
    `hostname ${router.hostname}`,
    "log syslog informational",
    "service integrated-vtysh-config",
    "!",
    ...router.advertise.map((p, i) => `ip prefix-list ${N.local} seq ${5 * (i + 1)} permit ${p}`),
    `ip prefix-list ${N.remote} seq 5 deny 0.0.0.0/0`,
    ...router.accept.map((p, i) => `ip prefix-list ${N.remote} seq ${5 * (i + 2)} permit ${p} le 32`),
    "!",
    "! From the other cloud: its prefixes (and more-specifics) only; never a default route.",
    `route-map ${N.peerIn} permit 10`,
    ` match ip address prefix-list ${N.remote}`,
    "exit",
    "!",
    "! To the other cloud: exactly our own prefixes (FRR sends nothing to an eBGP peer without a policy).",
    `route-map ${N.peerOut} permit 10`,
    ` match ip address prefix-list ${N.local}`,
    "exit",
    "!",
    ...(rs !== undefined
      ? [
          "! Route Server: learn nothing (the VNet is reached through the fabric), announce the other cloud's",
          "! prefixes only; announcing our own VNet prefixes would pull the VNet's traffic into this router.",
          `route-map ${N.routeServerIn} deny 10`,
          "exit",
          "!",
          `route-map ${N.routeServerOut} permit 10`,
          ` match ip address prefix-list ${N.remote}`,
          "exit",
          "!",
        ]
      : []),
    "bfd",
    ` profile ${N.bfdProfile}`,
    `  transmit-interval ${router.bfd.transmitIntervalMs}`,
    `  receive-interval ${router.bfd.receiveIntervalMs}`,
    `  detect-multiplier ${router.bfd.detectMultiplier}`,
    " exit",
    "exit",
    "!",
    `router bgp ${router.asn}`,
    ` bgp router-id ${router.routerId}`,
    " no bgp default ipv4-unicast",
    // The VPC/VNet prefix is not in this router's RIB (only its own subnet is); announce it anyway.
    " no bgp network import-check",
    ...bgpNeighbors,
    ...rsNeighbors,
    " !",
    " address-family ipv4 unicast",
    ...router.advertise.map((p) => `  network ${p}`),
    // ECMP over every link that carries the prefix; BFD takes a dead link out within the detection time.
    `  maximum-paths ${Math.max(1, router.interfaces.length)}`,
    ...afi,
    " exit-address-family",
    "exit",
    "!",
  ];
  return lines.join("\n") + "\n";
}

/** FRR's daemons file: zebra (always), bgpd and bfdd; the options are Debian's defaults. */
export function renderFrrDaemons(): string {
  return [
    "# crosscloud WireGuard overlay",
    "bgpd=yes",
    "bfdd=yes",
    "vtysh_enable=yes",
    'zebra_options="  -A 127.0.0.1 -s 90000000"',
    'bgpd_options="   -A 127.0.0.1"',
    'bfdd_options="   -A 127.0.0.1"',
    'staticd_options="-A 127.0.0.1"',
    "",
  ].join("\n");
}

/** Forwarding on; loose reverse-path filtering, because ECMP sends replies back over another link. */
export function renderSysctl(): string {
  return ["net.ipv4.ip_forward = 1", "net.ipv4.conf.all.rp_filter = 2", "net.ipv4.conf.default.rp_filter = 2", ""].join("\n");
}

/** The TCPMSS clamp on SYNs forwarded into and out of every WireGuard interface (`wg+`), kept across reboots by systemd. */
export function renderMssClampUnit(router: OverlayRouterBoot): string {
  const rule = (op: "-A" | "-D", dir: "-o" | "-i"): string => `/usr/sbin/iptables -t mangle ${op} FORWARD ${dir} wg+ -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss ${router.tcpMss}`;
  return [
    "[Unit]",
    `Description=crosscloud overlay: clamp TCP MSS to ${router.tcpMss} on WireGuard interfaces`,
    "Before=network-pre.target",
    "Wants=network-pre.target",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=${rule("-A", "-o")}`,
    `ExecStart=${rule("-A", "-i")}`,
    `ExecStop=${rule("-D", "-o")}`,
    `ExecStop=${rule("-D", "-i")}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

interface WriteFile {
  path: string;
  content: string;
  permissions: string;
  owner?: string;
  defer?: boolean;
}

/**
 * The cloud-config document. FRR's files are deferred (written after the packages are installed), so
 * they replace the package's defaults and can be owned by the `frr` user that the package creates.
 */
export function renderOverlayCloudInit(router: OverlayRouterBoot): string {
  const P = OVERLAY_BOOT_PATHS;
  const files: WriteFile[] = [
    ...router.interfaces.map((i) => ({ path: `${P.wireguardDir}/${i.name}.conf`, content: renderWireGuardConf(router, i), permissions: "0600", owner: "root:root" })),
    { path: P.sysctl, content: renderSysctl(), permissions: "0644", owner: "root:root" },
    { path: P.mssClampUnit, content: renderMssClampUnit(router), permissions: "0644", owner: "root:root" },
    { path: P.frrDaemons, content: renderFrrDaemons(), permissions: "0640", owner: "frr:frr", defer: true },
    { path: P.frrConf, content: renderFrrConf(router), permissions: "0640", owner: "frr:frr", defer: true },
  ];
  const doc = {
    package_update: true,
    packages: [...OVERLAY_PACKAGES],
    write_files: files,
    runcmd: [
      ["sysctl", "--system"],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "crosscloud-mss-clamp.service"],
      ...router.interfaces.map((i) => ["systemctl", "enable", "--now", `wg-quick@${i.name}`]),
      ["systemctl", "restart", "frr"],
    ],
  };
  // JSON is YAML, so cloud-init reads it like any cloud-config, and the lab and the policy pack parse it without a YAML parser.
  return `${CLOUD_CONFIG_HEADER}\n# crosscloud WireGuard overlay router ${router.key} (${router.cloud})\n${JSON.stringify(doc, null, 2)}\n`;
}
