/**
 * The interconnect's lab spec from what a preview recorded, each end from the record its operator configures
 * from, never from the sdk plan:
 *  - the DX gateway: `aws.directconnect.Gateway.amazonSideAsn`, the `TransitVirtualInterface` (amazonAddress,
 *    vlan, bgpAsn) and the `GatewayAssociation`'s `allowedPrefixes`;
 *  - the Microsoft edge: the `ExpressRouteCircuitPeering` when one was rendered (Microsoft takes the second
 *    address of each /30; reference/networking.md §1.5, S17), else, for a provider-managed peering (Megaport's
 *    VXC configures it), the component's recorded ExpressRoute `BgpSession`s, which are what Azure is told;
 *  - the provider router: the transit VIF's customer side (customerAddress, bgpAsn) and the component's
 *    `peeringAddresses` output, the hand-over the provider configures its router from (README, Megaport bring-up).
 * So a swapped /30 on either side, or an allowed-prefix list without a spoke, fails in the lab as in the cloud.
 */
import { type RecordedResource, type RecordedValue, ResourceIndex, T, TYPE, getPath } from "../../graph";
import { BgpCarrier, DX_BFD, DX_BGP_TIMERS, EXPRESSROUTE_BFD, EXPRESSROUTE_BGP_TIMERS, MICROSOFT_EXPRESSROUTE_ASN, hostAt, parseCidr } from "../../sdk";
import { LabTranslationError } from "../spec/errors";
import type { InterconnectEnd, LabInterconnect } from "./spec";

type Index = ResourceIndex<RecordedResource>;
const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: RecordedValue | undefined): number => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN);
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);

/** "192.168.100.10/30" → { address, prefixLength }. */
function addressWithLength(text: string, where: string): { address: string; prefixLength: number } {
  const [address, length] = text.split("/");
  const prefixLength = Number(length);
  if (!address || !Number.isInteger(prefixLength)) throw new LabTranslationError(`${where}: "${text}" is not an address with its prefix length`);
  return { address, prefixLength };
}

/** The Microsoft end of a private-peering /30: its second address, calling the first (S17). */
function mseeEndFromPrefix(prefix: string, peerAsn: number, where: string): InterconnectEnd {
  const cidr = parseCidr(prefix);
  if (!cidr || cidr.prefixLength !== 30) throw new LabTranslationError(`${where}: "${prefix}" is not a /30`);
  return { address: hostAt(cidr, 2), prefixLength: 30, peerAddress: hostAt(cidr, 1), peerAsn };
}

/** The ExpressRoute private peering as Azure sees it: the circuit peering resource, else the recorded sessions. */
function mseeSide(ix: Index, ic: RecordedResource, circuit: RecordedResource | undefined, where: string): { asn: number; primary: InterconnectEnd; secondary: InterconnectEnd; vlan?: number } {
  const peering = circuit ? ix.ofType(T.azureErPeering).find((p) => ix.resolve(p, "circuitName", [T.azureErCircuit]) === circuit || str(value(p, "circuitName")) === str(value(circuit, "name"))) : undefined;
  if (peering) {
    const peerAsn = num(value(peering, "peerASN"));
    const vlan = num(value(peering, "vlanId"));
    return {
      asn: MICROSOFT_EXPRESSROUTE_ASN,
      primary: mseeEndFromPrefix(str(value(peering, "primaryPeerAddressPrefix")), peerAsn, `${where}: ${peering.name}.primaryPeerAddressPrefix`),
      secondary: mseeEndFromPrefix(str(value(peering, "secondaryPeerAddressPrefix")), peerAsn, `${where}: ${peering.name}.secondaryPeerAddressPrefix`),
      ...(Number.isFinite(vlan) ? { vlan } : {}),
    };
  }
  const sessions = ix.descendants(ic, T.bgpSession).filter((s) => str(value(s, "carrier")) === BgpCarrier.ExpressRoute);
  const end = (key: string): { asn: number; end: InterconnectEnd } => {
    const s = sessions.find((x) => x.name === `${ic.name}-${key}-bgp`);
    if (!s) throw new LabTranslationError(`${where}: no circuit peering was rendered and no ${key} BgpSession was recorded: the lab has no Microsoft side for the private peering`);
    const link = str(getPath(value(ic, `peeringAddresses.expressRoute.${key === "er-primary" ? "primary" : "secondary"}`), "cidr"));
    const prefixLength = parseCidr(link)?.prefixLength ?? 30;
    return { asn: num(value(s, "localAsn")), end: { address: str(value(s, "localAddress")), prefixLength, peerAddress: str(value(s, "peerAddress")), peerAsn: num(value(s, "peerAsn")) } };
  };
  const primary = end("er-primary");
  const secondary = end("er-secondary");
  return { asn: primary.asn, primary: primary.end, secondary: secondary.end };
}

/** The provider router's end of an ExpressRoute link, from the component's hand-over output. */
function providerErEnd(ic: RecordedResource, key: "primary" | "secondary", where: string): InterconnectEnd {
  const link = value(ic, `peeringAddresses.expressRoute.${key}`);
  const cidr = parseCidr(str(getPath(link, "cidr")));
  const address = str(getPath(link, "routerAddress"));
  const peerAddress = str(getPath(link, "cloudAddress"));
  if (!cidr || !address || !peerAddress) throw new LabTranslationError(`${where}: ${ic.name} recorded no peeringAddresses.expressRoute.${key} for the provider router`);
  return { address, prefixLength: cidr.prefixLength, peerAddress, peerAsn: MICROSOFT_EXPRESSROUTE_ASN };
}

/**
 * The interconnect attached to the Transit Gateway `tgwId`, or undefined when none is. Throws
 * {@link LabTranslationError} when one is attached but its records do not describe a lab-able path.
 */
export function interconnectFromGraph(ix: Index, tgwId: string, where: string): LabInterconnect | undefined {
  const association = ix.ofType(T.awsDxGatewayAssociation).find((a) => str(value(a, "associatedGatewayId")) === tgwId);
  if (!association) return undefined;
  const dxgw = ix.resolve(association, "dxGatewayId", [T.awsDxGateway]);
  const ic = dxgw ? ix.ancestor(dxgw, TYPE.ExpressRouteInterconnect) : undefined;
  if (!dxgw || !ic) throw new LabTranslationError(`${where}: the DX gateway association ${association.name} points at a DX gateway that is not part of a recorded ExpressRouteInterconnect`);
  const at = `${where}: interconnect ${ic.name}`;
  const vif = ix.ofType(T.awsDxTransitVif).find((v) => ix.resolve(v, "dxGatewayId", [T.awsDxGateway]) === dxgw);
  if (!vif) {
    throw new LabTranslationError(`${at}: no transit VIF of ours was recorded (an accepted hosted VIF's addresses are the partner's, not in the records); the lab needs the VIF's /30, VLAN and ASN`);
  }
  const amazon = addressWithLength(str(value(vif, "amazonAddress")), `${at}: ${vif.name}.amazonAddress`);
  const customer = addressWithLength(str(value(vif, "customerAddress")), `${at}: ${vif.name}.customerAddress`);
  const customerAsn = num(value(vif, "bgpAsn") ?? value(vif, "bgpAsnLong"));
  const dxAsn = num(value(dxgw, "amazonSideAsn"));
  const vlan = num(value(vif, "vlan"));
  const circuit = ix.descendants(ic, T.azureErCircuit)[0];
  const connected = circuit !== undefined && ix.ofType(T.azureConnection).some((c) => str(value(c, "connectionType")) === "ExpressRoute" && str(value(c, "peer.id")) === circuit.id);
  const msee = mseeSide(ix, ic, circuit, at);
  // The provider is told the DX gateway's ASN by the component's output (stack output directConnect.amazonSideAsn).
  const handedDxAsn = num(value(ic, "dxGatewayAsn"));
  return {
    name: ic.name,
    msee: { asn: msee.asn, primary: msee.primary, secondary: msee.secondary },
    ...(msee.vlan !== undefined ? { expressRouteVlan: msee.vlan } : {}),
    provider: {
      asn: customerAsn,
      erPrimary: providerErEnd(ic, "primary", at),
      erSecondary: providerErEnd(ic, "secondary", at),
      vif: { address: customer.address, prefixLength: customer.prefixLength, peerAddress: amazon.address, peerAsn: Number.isFinite(handedDxAsn) ? handedDxAsn : dxAsn },
    },
    dxGateway: {
      asn: dxAsn,
      vif: { address: amazon.address, prefixLength: amazon.prefixLength, peerAddress: customer.address, peerAsn: customerAsn },
      ...(Number.isFinite(vlan) ? { vlan } : {}),
      allowedPrefixes: list(value(association, "allowedPrefixes")).map(str),
    },
    expressRouteConnected: connected,
    bfd: { expressRoute: EXPRESSROUTE_BFD, directConnect: DX_BFD },
    timers: { expressRoute: EXPRESSROUTE_BGP_TIMERS, directConnect: DX_BGP_TIMERS },
  };
}
