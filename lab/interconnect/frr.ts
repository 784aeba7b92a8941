import type { BfdProfile, BgpTimers } from "../../sdk";
import { LAB_DEFAULTS, type LabSpec } from "../spec/spec";
import type { FrrConfigs } from "../render/frr";
import type { InterconnectPlan, InterconnectRole } from "./plan";

/**
 * FRR for the three interconnect routers. Each peering is plain eBGP over its link, with the clouds' BFD
 * defaults (sdk `EXPRESSROUTE_BFD`, `DX_BFD`) and BGP timers (`EXPRESSROUTE_BGP_TIMERS`, `DX_BGP_TIMERS`).
 * Private peering and a transit VIF carry BGP unencrypted over a VLAN: that is why the IPsec VPN stays as the
 * encrypted backup.
 *
 * What each router advertises, as the clouds document it:
 *  - the DX gateway advertises to the provider exactly the association's allowed prefixes: "allowed prefixes …
 *    the prefixes are advertised to the on-premises network" for a transit gateway association (AWS Direct
 *    Connect User Guide, "Allowed prefixes interactions",
 *    https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html). A spoke the list
 *    omits is not reachable over Direct Connect; a summary is advertised as the summary (an aggregate here);
 *  - the MSEE advertises the VNet address spaces the ExpressRoute gateway announces, and passes the provider's
 *    routes to the gateway. ExpressRoute route filters apply to Microsoft peering only, never to private peering
 *    (Microsoft Learn, "Configure route filters for Microsoft peering",
 *    https://learn.microsoft.com/azure/expressroute/how-to-routefilter-portal), so none is modelled;
 *  - the provider router passes everything between its peers (never a default route).
 */

export const INTERCONNECT_FRR_NAMES = {
  noDefault: "LAB-NO-DEFAULT",
  any: "LAB-ANY",
  allowed: "LAB-DX-ALLOWED",
  toProvider: "LAB-DX-OUT",
  bfdDx: "dx",
  bfdEr: "er",
} as const;

interface Neighbor {
  readonly address: string;
  readonly remoteAs: number;
  readonly description: string;
  readonly timers: BgpTimers;
  readonly bfd?: "dx" | "er";
  readonly out?: string;
}

const bfdProfile = (name: string, p: BfdProfile): string =>
  ` profile ${name}\n  detect-multiplier ${p.detectMultiplier}\n  receive-interval ${p.receiveIntervalMs}\n  transmit-interval ${p.transmitIntervalMs}\n exit`;

function neighborsOf(spec: LabSpec, plan: InterconnectPlan, role: InterconnectRole): Neighbor[] {
  const ic = spec.interconnect;
  if (!ic) throw new Error("the spec has no interconnect");
  const link = (key: string) => {
    const l = plan.links.find((x) => x.key === key);
    if (!l) throw new Error(`no link ${key}`);
    return l;
  };
  const er = ic.timers.expressRoute;
  const dx = ic.timers.directConnect;
  switch (role) {
    case "dxgw":
      return [
        // The TGW's association: the DX gateway hears the TGW's VPC routes and hands it what the provider sent.
        { address: link("tgw-dxgw").a.address, remoteAs: spec.aws.asn, description: "tgw-association", timers: dx },
        { address: ic.dxGateway.vif.peerAddress, remoteAs: ic.dxGateway.vif.peerAsn, description: "transit-vif", timers: dx, bfd: "dx", out: INTERCONNECT_FRR_NAMES.toProvider },
      ];
    case "mcr":
      return [
        { address: ic.provider.vif.peerAddress, remoteAs: ic.provider.vif.peerAsn, description: "transit-vif", timers: dx, bfd: "dx" },
        { address: ic.provider.erPrimary.peerAddress, remoteAs: ic.provider.erPrimary.peerAsn, description: "er-primary", timers: er, bfd: "er" },
        { address: ic.provider.erSecondary.peerAddress, remoteAs: ic.provider.erSecondary.peerAsn, description: "er-secondary", timers: er, bfd: "er" },
      ];
    case "msee":
      return [
        { address: ic.msee.primary.peerAddress, remoteAs: ic.msee.primary.peerAsn, description: "er-primary", timers: er, bfd: "er" },
        { address: ic.msee.secondary.peerAddress, remoteAs: ic.msee.secondary.peerAsn, description: "er-secondary", timers: er, bfd: "er" },
        // The ExpressRoute gateway's connection to the circuit.
        { address: link("msee-ergw").b.address, remoteAs: spec.azure.asn, description: "er-gateway-connection", timers: er },
      ];
  }
}

export function renderInterconnectFrr(spec: LabSpec, plan: InterconnectPlan, role: InterconnectRole, options: { readonly logDir: string }): FrrConfigs {
  const ic = spec.interconnect;
  if (!ic) throw new Error("the spec has no interconnect");
  const router = plan.routers[role];
  const N = INTERCONNECT_FRR_NAMES;
  const header = (daemon: string): string =>
    `! crosscloud lab "${spec.name}": ${role} (interconnect ${ic.name}), ${daemon}\nhostname ${role}\nlog file ${options.logDir}/${daemon}.log informational\n!\n`;
  const neighbors = neighborsOf(spec, plan, role);
  const allowed = role === "dxgw" ? ic.dxGateway.allowedPrefixes : [];
  // An allowed prefix that is no VPC's own CIDR is a summary: AWS advertises it as given.
  const summaries = allowed.filter((p) => !spec.aws.prefixes.includes(p));
  const policy = [
    `ip prefix-list ${N.noDefault} seq 5 deny 0.0.0.0/0`,
    `ip prefix-list ${N.noDefault} seq 10 permit 0.0.0.0/0 le 32`,
    ...allowed.map((p, i) => `ip prefix-list ${N.allowed} seq ${5 * (i + 1)} permit ${p}`),
    ...(role === "dxgw" && allowed.length === 0 ? [`ip prefix-list ${N.allowed} seq 5 deny 0.0.0.0/0 le 32`] : []),
    "!",
    "! Every session: never a default route; FRR sends nothing to an eBGP peer without a policy.",
    `route-map ${N.any} permit 10`,
    ` match ip address prefix-list ${N.noDefault}`,
    "exit",
    ...(role === "dxgw" ? ["!", "! Toward the provider: exactly the association's allowed prefixes.", `route-map ${N.toProvider} permit 10`, ` match ip address prefix-list ${N.allowed}`, "exit"] : []),
  ];
  const bgpd = `${header("bgpd")}${policy.join("\n")}
!
router bgp ${router.asn}
 bgp router-id ${router.routerId}
 no bgp default ipv4-unicast
${neighbors
  .map((n) =>
    [
      ` neighbor ${n.address} remote-as ${n.remoteAs}`,
      ` neighbor ${n.address} description ${n.description}`,
      ` neighbor ${n.address} timers ${n.timers.keepaliveSeconds} ${n.timers.holdTimeSeconds}`,
      ` neighbor ${n.address} timers connect ${LAB_DEFAULTS.bgpConnectRetrySeconds}`,
      ...(n.bfd ? [` neighbor ${n.address} bfd profile ${n.bfd === "dx" ? N.bfdDx : N.bfdEr}`] : []),
    ].join("\n"),
  )
  .join("\n")}
 !
 address-family ipv4 unicast
${summaries.map((p) => `  aggregate-address ${p}`).join("\n")}
${neighbors
  .map((n) =>
    [
      `  neighbor ${n.address} activate`,
      `  neighbor ${n.address} soft-reconfiguration inbound`,
      `  neighbor ${n.address} route-map ${N.any} in`,
      `  neighbor ${n.address} route-map ${n.out ?? N.any} out`,
    ].join("\n"),
  )
  .join("\n")}
 exit-address-family
exit
!
`.replace(/\n\n+/g, "\n");
  const bfdd = `${header("bfdd")}bfd
${bfdProfile(N.bfdDx, ic.bfd.directConnect)}
${bfdProfile(N.bfdEr, ic.bfd.expressRoute)}
exit
!
`;
  return { zebra: header("zebra"), bgpd, bfdd };
}
