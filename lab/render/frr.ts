import { Side, planLab } from "../topology/plan";
import { LAB_DEFAULTS, LabSpec } from "../spec/spec";

/**
 * FRR configuration for one emulated cloud router (zebra, bgpd and, with `bfd`, bfdd). Each side is
 * rendered from its own values only: the AWS router calls the second address of each inside /30 as
 * the customer gateway ASN AWS was given; the Azure router calls the local network gateway's
 * `bgpPeeringAddress` as the gateway's `asn`. A wrong value on either side is a failed session.
 */

export interface FrrConfigs {
  readonly zebra: string;
  readonly bgpd: string;
  /** Present only when the spec asks for BFD. */
  readonly bfdd?: string;
}

export interface FrrRenderOptions {
  /** Directory for the daemons' log files. */
  readonly logDir: string;
}

/** Route-map and prefix-list names, exported so checks and tests refer to the same strings. */
export const FRR_NAMES = {
  noDefault: "LAB-NO-DEFAULT",
  local: "LAB-LOCAL",
  in: "LAB-IN",
  outPreferred: "LAB-OUT",
  outBackup: "LAB-OUT-BACKUP",
  bfdProfile: "lab",
  inPrivate: "LAB-IN-PRIVATE",
} as const;

/**
 * Local preference for routes learned over the private interconnect, above BGP's default 100 for the VPN's.
 * It stands for each cloud's documented rule, which no AS path can override:
 *  - AWS: the Transit Gateway evaluates "routes propagated from Direct Connect gateways" before "VPN routes"
 *    for the same prefix (Amazon VPC Transit Gateways, "How transit gateways work", route evaluation order,
 *    https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html; reference S21);
 *  - Azure: "When a given route is advertised through both ExpressRoute and VPN, Azure will prefer routing over
 *    ExpressRoute" (Microsoft Learn, "Use S2S VPN as a backup for ExpressRoute private peering",
 *    https://learn.microsoft.com/azure/expressroute/use-s2s-vpn-as-backup-for-expressroute-privatepeering; S37).
 * Only a more specific prefix over the VPN would win, as in the clouds (longest prefix first).
 */
export const INTERCONNECT_LOCAL_PREFERENCE = 200;

export function renderFrrConfigs(spec: LabSpec, side: Side, options: FrrRenderOptions): FrrConfigs {
  const plan = planLab(spec);
  const router = plan.routers[side];
  const multiTunnel = plan.tunnels.length > 1;
  const header = (daemon: string): string =>
    `! crosscloud lab "${spec.name}": ${side} router, ${daemon}\nhostname ${side}\nlog file ${options.logDir}/${daemon}.log informational\n!\n`;

  const neighbors = plan.tunnels.map((t) => {
    const s = t[side];
    const lines = [
      ` neighbor ${s.bgpPeer.address} remote-as ${s.bgpPeer.remoteAs}`,
      ` neighbor ${s.bgpPeer.address} description ${t.key}`,
      ` neighbor ${s.bgpPeer.address} timers ${s.keepaliveSeconds} ${s.holdTimeSeconds}`,
      ` neighbor ${s.bgpPeer.address} timers connect ${LAB_DEFAULTS.bgpConnectRetrySeconds}`,
    ];
    // With APIPA addresses Azure never opens the BGP session; AWS must (reference/networking.md §1.1).
    if (side === "azure") lines.push(` neighbor ${s.bgpPeer.address} passive`);
    if (spec.bfd === true) lines.push(` neighbor ${s.bgpPeer.address} bfd profile ${FRR_NAMES.bfdProfile}`);
    return lines.join("\n");
  });

  // The TGW's association with the DX gateway, or the ExpressRoute gateway's connection to the MSEE.
  const privatePeer = plan.interconnect?.[side];
  if (privatePeer) {
    neighbors.push(
      [
        ` neighbor ${privatePeer.peerAddress} remote-as ${privatePeer.peerAsn}`,
        ` neighbor ${privatePeer.peerAddress} description ${side === "aws" ? "dx-gateway-association" : "expressroute-connection"}`,
        ` neighbor ${privatePeer.peerAddress} timers connect ${LAB_DEFAULTS.bgpConnectRetrySeconds}`,
      ].join("\n"),
    );
  }

  const afi = plan.tunnels.map((t) => {
    const peer = t[side].bgpPeer.address;
    // Only a backup tunnel's announcements are prepended, in both directions, so both clouds pick
    // the preferred tunnel while it is up. With ECMP no tunnel is preferred: all paths stay equal.
    const out = multiTunnel && !plan.ecmp && !t.preferred ? FRR_NAMES.outBackup : FRR_NAMES.outPreferred;
    return [
      `  neighbor ${peer} activate`,
      // Keeps what the peer sent before policy, so a filtered default route is visible as received.
      `  neighbor ${peer} soft-reconfiguration inbound`,
      `  neighbor ${peer} route-map ${FRR_NAMES.in} in`,
      `  neighbor ${peer} route-map ${out} out`,
    ].join("\n");
  });

  const bgpd = `${header("bgpd")}ip prefix-list ${FRR_NAMES.noDefault} seq 5 deny 0.0.0.0/0
ip prefix-list ${FRR_NAMES.noDefault} seq 10 permit 0.0.0.0/0 le 32
${router.prefixes.map((p, i) => `ip prefix-list ${FRR_NAMES.local} seq ${5 * (i + 1)} permit ${p}`).join("\n")}
!
! Inbound: refuse exactly a default route, accept the rest.
route-map ${FRR_NAMES.in} permit 10
 match ip address prefix-list ${FRR_NAMES.noDefault}
exit
!
! Outbound: FRR sends nothing to an eBGP peer without a policy; announce only our own prefixes.
route-map ${FRR_NAMES.outPreferred} permit 10
 match ip address prefix-list ${FRR_NAMES.local}
exit
!
route-map ${FRR_NAMES.outBackup} permit 10
 match ip address prefix-list ${FRR_NAMES.local}
 set as-path prepend ${router.asn}
exit
!
${privatePeer ? `!\n! Routes over the private interconnect win over the VPN's, as each cloud documents (INTERCONNECT_LOCAL_PREFERENCE).\nroute-map ${FRR_NAMES.inPrivate} permit 10\n match ip address prefix-list ${FRR_NAMES.noDefault}\n set local-preference ${INTERCONNECT_LOCAL_PREFERENCE}\nexit\n` : ""}!
router bgp ${router.asn}
 bgp router-id ${router.routerId}
 no bgp default ipv4-unicast
${neighbors.join("\n")}
 !
 address-family ipv4 unicast
${router.prefixes.map((p) => `  network ${p}`).join("\n")}
${afi.join("\n")}${
    privatePeer
      ? `\n  neighbor ${privatePeer.peerAddress} activate\n  neighbor ${privatePeer.peerAddress} soft-reconfiguration inbound\n  neighbor ${privatePeer.peerAddress} route-map ${FRR_NAMES.inPrivate} in\n  neighbor ${privatePeer.peerAddress} route-map ${FRR_NAMES.outPreferred} out`
      : ""
  }${
    // A TGW with vpnEcmpSupport and an active-active Azure gateway install every equal tunnel.
    plan.ecmp ? `\n  maximum-paths ${plan.tunnels.length}` : ""
  }
 exit-address-family
exit
!
`;

  const bfd = LAB_DEFAULTS.bfd;
  const bfdd =
    spec.bfd === true
      ? `${header("bfdd")}bfd
 profile ${FRR_NAMES.bfdProfile}
  detect-multiplier ${bfd.detectMultiplier}
  receive-interval ${bfd.receiveIntervalMs}
  transmit-interval ${bfd.transmitIntervalMs}
 exit
exit
!
`
      : undefined;

  return bfdd === undefined ? { zebra: header("zebra"), bgpd } : { zebra: header("zebra"), bgpd, bfdd };
}
