import { DOCUMENTATION_CIDRS, hostAt, parseCidr } from "../../sdk";
import type { InterconnectEnd, LabInterconnect } from "./spec";

/**
 * Where the interconnect lives in one run, next to the VPN lab's routers (lab/topology/plan.ts):
 *
 *   <p>-aws (TGW) dx0 ── tgw0 <p>-dxgw vif0 ═══ vif0 <p>-mcr erp0 ═══ erp0 <p>-msee gw0 ── er0 <p>-azure (gateways)
 *                                                         ers0 ═══ ers0
 *
 * ═══ are the peerings the clouds render (the transit VIF's /30, the private peering's primary and secondary
 * /30s), with the rendered addresses on each end. ── are links inside a cloud that no resource addresses
 * (the TGW's association with the DX gateway, the ExpressRoute gateway's connection to the MSEEs); like the
 * tunnels' "public" addresses they take RFC 5737 documentation addresses (TEST-NET-1), which no cloud
 * network may use.
 */
export type InterconnectRole = "dxgw" | "mcr" | "msee";

export interface InterconnectRouterPlan {
  readonly role: InterconnectRole;
  readonly namespace: string;
  readonly asn: number;
  readonly routerId: string;
}

/** One end of a link: the namespace, the veth, and the address (with its length) on it. */
export interface LinkEndPlan {
  readonly namespace: string;
  readonly device: string;
  readonly address: string;
  readonly prefixLength: number;
}

export interface InterconnectLinkPlan {
  readonly key: "tgw-dxgw" | "vif" | "er-primary" | "er-secondary" | "msee-ergw";
  readonly a: LinkEndPlan;
  readonly b: LinkEndPlan;
  /** The VLAN the link carries when the kernel has 802.1Q devices (the transit VIF's, the peering's if recorded). */
  readonly vlan?: number;
}

export interface InterconnectPlan {
  readonly routers: { readonly dxgw: InterconnectRouterPlan; readonly mcr: InterconnectRouterPlan; readonly msee: InterconnectRouterPlan };
  readonly links: readonly InterconnectLinkPlan[];
  /** The TGW's device and BGP peer toward the DX gateway. */
  readonly aws: { readonly device: string; readonly peerAddress: string; readonly peerAsn: number };
  /** The Azure gateways' device and BGP peer toward the MSEE. */
  readonly azure: { readonly device: string; readonly peerAddress: string; readonly peerAsn: number };
  /** The provider router's peering devices: where the lab silently blackholes the interconnect. */
  readonly cutDevices: readonly string[];
}

const GLUE_RANGE = DOCUMENTATION_CIDRS.testNet1;

const end = (namespace: string, device: string, e: InterconnectEnd): LinkEndPlan => ({ namespace, device, address: e.address, prefixLength: e.prefixLength });

/** Pure: namespaces, links and addresses of the interconnect for a run prefix and the two cloud routers. */
export function planInterconnect(ic: LabInterconnect, prefix: string, cloud: { readonly awsNamespace: string; readonly azureNamespace: string }): InterconnectPlan {
  const glue = parseCidr(GLUE_RANGE);
  if (!glue) throw new Error(`not a CIDR: ${GLUE_RANGE}`);
  const ns = { dxgw: `${prefix}-dxgw`, mcr: `${prefix}-mcr`, msee: `${prefix}-msee` };
  const tgwAddress = hostAt(glue, 1);
  const dxgwGlue = hostAt(glue, 2);
  const mseeGlue = hostAt(glue, 5);
  const ergwAddress = hostAt(glue, 6);
  return {
    routers: {
      dxgw: { role: "dxgw", namespace: ns.dxgw, asn: ic.dxGateway.asn, routerId: ic.dxGateway.vif.address },
      mcr: { role: "mcr", namespace: ns.mcr, asn: ic.provider.asn, routerId: ic.provider.vif.address },
      msee: { role: "msee", namespace: ns.msee, asn: ic.msee.asn, routerId: ic.msee.primary.address },
    },
    links: [
      { key: "tgw-dxgw", a: { namespace: cloud.awsNamespace, device: "dx0", address: tgwAddress, prefixLength: 30 }, b: { namespace: ns.dxgw, device: "tgw0", address: dxgwGlue, prefixLength: 30 } },
      { key: "vif", a: end(ns.dxgw, "vif0", ic.dxGateway.vif), b: end(ns.mcr, "vif0", ic.provider.vif), ...(ic.dxGateway.vlan !== undefined ? { vlan: ic.dxGateway.vlan } : {}) },
      { key: "er-primary", a: end(ns.mcr, "erp0", ic.provider.erPrimary), b: end(ns.msee, "erp0", ic.msee.primary), ...(ic.expressRouteVlan !== undefined ? { vlan: ic.expressRouteVlan } : {}) },
      { key: "er-secondary", a: end(ns.mcr, "ers0", ic.provider.erSecondary), b: end(ns.msee, "ers0", ic.msee.secondary), ...(ic.expressRouteVlan !== undefined ? { vlan: ic.expressRouteVlan } : {}) },
      { key: "msee-ergw", a: { namespace: ns.msee, device: "gw0", address: mseeGlue, prefixLength: 30 }, b: { namespace: cloud.azureNamespace, device: "er0", address: ergwAddress, prefixLength: 30 } },
    ],
    aws: { device: "dx0", peerAddress: dxgwGlue, peerAsn: ic.dxGateway.asn },
    azure: { device: "er0", peerAddress: mseeGlue, peerAsn: ic.msee.asn },
    cutDevices: ["vif0", "erp0", "ers0"],
  };
}
