import type { BfdProfile, BgpTimers } from "../../sdk";

/**
 * The private interconnect as the lab emulates it: ExpressRoute private peering between the Microsoft
 * edge (MSEE) and the provider's router (a Megaport MCR), and a Direct Connect transit VIF between that
 * router and the DX gateway. Every address, ASN, VLAN and prefix comes from the recorded resources
 * (lab/interconnect/from-graph.ts), each end from the record its own operator configures from.
 */

/** One end of a point-to-point peering link: its address on the link's /30 and whom it calls. */
export interface InterconnectEnd {
  /** This end's address. */
  readonly address: string;
  /** The link's prefix length (30 for every peering here). */
  readonly prefixLength: number;
  /** The far end's address, which this end's BGP speaker calls. */
  readonly peerAddress: string;
  /** The ASN this end expects the far end to announce. */
  readonly peerAsn: number;
}

export interface LabInterconnect {
  /** The ExpressRouteInterconnect's logical name, for reports. */
  readonly name: string;
  /** The Microsoft edge: its ASN (`MICROSOFT_EXPRESSROUTE_ASN` as recorded) and its end of the primary and secondary private-peering links. */
  readonly msee: { readonly asn: number; readonly primary: InterconnectEnd; readonly secondary: InterconnectEnd };
  /** The private peering's VLAN, when a circuit peering resource records it (a provider-managed peering does not). */
  readonly expressRouteVlan?: number;
  /** The provider router: its ASN (the transit VIF's `bgpAsn`) and its end of each of the three links. */
  readonly provider: { readonly asn: number; readonly erPrimary: InterconnectEnd; readonly erSecondary: InterconnectEnd; readonly vif: InterconnectEnd };
  /** The DX gateway: its amazon-side ASN, its end of the transit VIF, the VIF's VLAN, and the association's allowed prefixes. */
  readonly dxGateway: { readonly asn: number; readonly vif: InterconnectEnd; readonly vlan?: number; readonly allowedPrefixes: readonly string[] };
  /**
   * The ExpressRoute gateway's connection to the circuit was rendered. Without it (the first `pulumi up` pass,
   * `providerProvisioned: false`) nothing crosses ExpressRoute, and the lab does not build the interconnect.
   */
  readonly expressRouteConnected: boolean;
  /** What each cloud's edge runs on its peerings (sdk: `EXPRESSROUTE_BFD`, `DX_BFD`, `EXPRESSROUTE_BGP_TIMERS`, `DX_BGP_TIMERS`). */
  readonly bfd: { readonly expressRoute: BfdProfile; readonly directConnect: BfdProfile };
  readonly timers: { readonly expressRoute: BgpTimers; readonly directConnect: BgpTimers };
}
