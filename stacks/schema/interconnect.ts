/**
 * `crosscloud:interconnect`: ExpressRoute ↔ Direct Connect through a provider router (sdk `InterconnectConfig`),
 * planned with the network in the same pass.
 */
import { z } from "zod";
import {
  DX_MAX_ALLOWED_PREFIXES,
  DX_TRANSIT_VIF_MTUS,
  EXPRESSROUTE_BANDWIDTHS_MBPS,
  ExpressRouteGatewaySku,
  ExpressRouteSkuFamily,
  ExpressRouteSkuTier,
  INTERCONNECT_DEFAULTS,
  ROUTING_WEIGHT_MAX,
  VLAN_RANGE,
  checkExpressRouteBandwidth,
  checkExpressRouteGatewaySku,
} from "../../sdk";
import { asn, cidrField, flag, integer, list, oneOf, resourceId, section, text, unsupported } from "./fields";

const values = <T extends Readonly<Record<string, string>>>(o: T) => Object.values(o) as unknown as readonly [T[keyof T], ...T[keyof T][]];
const numbers = (xs: readonly number[]) => xs as unknown as readonly [number, ...number[]];

const BGP_KEY =
  "a BGP key in stack config is not supported: crosscloud generates the ExpressRoute peering's MD5 key with @pulumi/random as a Pulumi secret (the provider configures its side from the circuit's outputs), so it never appears in plaintext; remove it";
const vlan = (description: string) => integer(`${description} From ${VLAN_RANGE.first} to ${VLAN_RANGE.last}.`, { min: VLAN_RANGE.first, max: VLAN_RANGE.last });

export const expressRoute = section(
  {
    serviceProviderName: text('Connectivity provider as Azure lists it, e.g. "Megaport".'),
    peeringLocation: text('Peering location as Azure lists it, e.g. "Washington DC".'),
    bandwidthInMbps: oneOf(numbers(EXPRESSROUTE_BANDWIDTHS_MBPS), "Circuit bandwidth in Mbps (a number: 1000 for 1 Gbps).", {
      code: "BANDWIDTH_INVALID",
      typeHint: "bandwidthInMbps is a number of Mbps: write 1000 for 1 Gbps, 10000 for 10 Gbps",
      valueMessage: (v) => checkExpressRouteBandwidth("", Number(v))[0]?.message ?? "",
    }),
    skuTier: oneOf(values(ExpressRouteSkuTier), `Circuit tier. Default ${INTERCONNECT_DEFAULTS.skuTier}.`, { code: "SKU_INVALID" }).optional(),
    skuFamily: oneOf(values(ExpressRouteSkuFamily), `Circuit billing family. Default ${INTERCONNECT_DEFAULTS.skuFamily}.`, { code: "SKU_INVALID" }).optional(),
    providerManagedPeering: flag(`The provider configures AzurePrivatePeering itself. Default true for ${INTERCONNECT_DEFAULTS.providersManagingPeering.join(", ")}, else false.`).optional(),
    peerAsn: asn("ASN of the provider/customer router on the private peering."),
    vlanId: vlan("VLAN of the private peering."),
    primaryPeerAddressPrefix: cidrField("Primary link /30: the router takes the first usable address, Microsoft the second."),
    secondaryPeerAddressPrefix: cidrField("Secondary link /30, same rule."),
    gatewaySku: oneOf(values(ExpressRouteGatewaySku), `Zone-redundant ExpressRoute gateway SKU. Default ${INTERCONNECT_DEFAULTS.gatewaySku}.`, {
      code: "SKU_INVALID",
      valueMessage: (v) => checkExpressRouteGatewaySku("", String(v))[0]?.message ?? "",
    }).optional(),
    routingWeight: integer(`Routing weight of the gateway connection. Default ${INTERCONNECT_DEFAULTS.routingWeight}.`, { min: 0, max: ROUTING_WEIGHT_MAX }).optional(),
    bgpAuth: flag(`MD5 on a private peering crosscloud creates. Default ${String(INTERCONNECT_DEFAULTS.expressRouteBgpAuth)}.`).optional(),
    gatewayPublicIpZones: list(oneOf(["1", "2", "3"] as const, "An Azure availability zone."), `Zones of the gateway's public IP. Default ${INTERCONNECT_DEFAULTS.gatewayPublicIpZones.join(", ")}.`, {}, { min: 1 }).optional(),
    providerProvisioned: flag("The provider has provisioned the circuit, so the peering and gateway connection can be created. Default false.").optional(),
    sharedKey: unsupported(BGP_KEY),
    bgpKey: unsupported(BGP_KEY),
    authKey: unsupported(BGP_KEY),
  },
  "The ExpressRoute circuit, its private peering and the ExpressRoute gateway.",
);

export const directConnect = section(
  {
    dxGatewayAsn: asn("Amazon-side ASN of the Direct Connect gateway (private; different from the transit gateway's aws.asn)."),
    customerAsn: asn("ASN of the provider/customer router on the transit VIF."),
    connectionId: resourceId(
      "A dedicated or hosted connection (dxcon-… or dxlag-…) to create the transit VIF on. Exactly one of this and hostedVirtualInterfaceId.",
      /^dx(con|lag)-[a-z0-9]+$/,
      "a Direct Connect connection or LAG id (dxcon-… or dxlag-…)",
    ).optional(),
    hostedVirtualInterfaceId: resourceId("A partner's hosted transit VIF (dxvif-…) to accept. Exactly one of this and connectionId.", /^dxvif-[a-z0-9]+$/, "a virtual interface id (dxvif-…)").optional(),
    confirmHostedConnection: flag("Confirm connectionId as a partner's hosted connection first. Default false.").optional(),
    vlan: vlan("VLAN of the transit VIF crosscloud creates (with connectionId).").optional(),
    peeringCidr: cidrField("The transit VIF's /30: the router takes the first usable address, Amazon the second."),
    mtu: oneOf(numbers(DX_TRANSIT_VIF_MTUS), `MTU of the transit VIF. Default ${INTERCONNECT_DEFAULTS.dxMtu}.`).optional(),
    allowedPrefixes: list(cidrField("A prefix AWS advertises over Direct Connect."), `What the transit gateway advertises to the provider (at most ${DX_MAX_ALLOWED_PREFIXES}). Default: every VPC CIDR.`).optional(),
    authKey: unsupported(BGP_KEY.replace("the ExpressRoute peering's MD5 key", "BGP keys")),
    bgpAuthKey: unsupported(BGP_KEY.replace("the ExpressRoute peering's MD5 key", "BGP keys")),
  },
  "The Direct Connect gateway, its transit gateway association and the transit VIF.",
);

export const interconnect = section(
  { expressRoute, directConnect },
  "ExpressRoute ↔ Direct Connect through a provider router: the private path, with the VPN as its backup. Prod only.",
);

export type InterconnectSection = z.output<typeof interconnect>;
