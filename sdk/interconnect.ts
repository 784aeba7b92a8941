import { AMAZON_ASN, ASN_MAX, EXPRESSROUTE_RESERVED_ASNS, MICROSOFT_EXPRESSROUTE_ASN, checkAmazonSideAsn, checkAsnsDiffer, checkAzurePeerAsn } from "./asn";
import { BgpSessionPlan, DX_BGP_HOLD_SECONDS, EXPRESSROUTE_BGP_HOLD_SECONDS, checkAdvertisedPrefixes } from "./bgp";
import { Cidr, LabeledCidr, checkCidr, cidr, findOverlaps, hostAt, isDefaultRoute, overlapIssue } from "./cidr";
import { Issue, issue, joinPath } from "./errors";

/**
 * ExpressRoute (Azure) and Direct Connect (AWS) rules for a private interconnect that meets at a
 * provider router, e.g. a Megaport MCR (reference/networking.md §1.3, §1.5):
 *
 *   Azure VNet ── ER gateway ══ ER circuit (primary + secondary /30) ══╗
 *                                                                       ║ provider router (MCR)
 *   AWS spokes ── TGW ── DX gateway ══ transit VIF (one /30) ══════════╝
 *
 * Address convention, one rule for both clouds: in every peering /30 the provider/customer router
 * takes the FIRST usable address and the cloud takes the SECOND. For ExpressRoute this is Microsoft's
 * own rule ("you must use the first IP address of the /30 … on your router. Microsoft uses the
 * second"). For Direct Connect AWS accepts either order, so we pick the same one: one mental model,
 * and a lab router configured from this plan is right for both clouds.
 *
 *   10.200.0.0/30:  .0 network  .1 provider router  .2 Microsoft / Amazon  .3 broadcast
 */

/** ExpressRoute circuit SKU tier. */
export const ExpressRouteSkuTier = {
  /** Only the Azure regions near the peering location; needs the UnlimitedData family. */
  Local: "Local",
  /** The Azure regions of the peering location's geopolitical area. */
  Standard: "Standard",
  /** Every Azure region, and more routes and VNet links. */
  Premium: "Premium",
} as const;
export type ExpressRouteSkuTier = (typeof ExpressRouteSkuTier)[keyof typeof ExpressRouteSkuTier];
/** ExpressRoute circuit billing family. */
export const ExpressRouteSkuFamily = {
  /** Outbound data billed per GB. */
  MeteredData: "MeteredData",
  /** Flat rate for all data. */
  UnlimitedData: "UnlimitedData",
} as const;
export type ExpressRouteSkuFamily = (typeof ExpressRouteSkuFamily)[keyof typeof ExpressRouteSkuFamily];
/** Zone-redundant ExpressRoute gateway SKUs (the non-AZ SKUs are being retired). */
export const ExpressRouteGatewaySku = { ErGw1AZ: "ErGw1AZ", ErGw2AZ: "ErGw2AZ", ErGw3AZ: "ErGw3AZ" } as const;
export type ExpressRouteGatewaySku = (typeof ExpressRouteGatewaySku)[keyof typeof ExpressRouteGatewaySku];
/** How the AWS side of the provider link is brought up. */
export const TransitVifMode = {
  /** Create a transit VIF on a (dedicated or hosted) connection. */
  Create: "create",
  /** Accept a transit VIF a partner created in this account (a hosted VIF). */
  Accept: "accept",
} as const;
export type TransitVifMode = (typeof TransitVifMode)[keyof typeof TransitVifMode];

export const EXPRESSROUTE_SKU_TIERS: readonly ExpressRouteSkuTier[] = Object.values(ExpressRouteSkuTier);
export const EXPRESSROUTE_SKU_FAMILIES: readonly ExpressRouteSkuFamily[] = Object.values(ExpressRouteSkuFamily);
export const EXPRESSROUTE_GATEWAY_SKUS: readonly ExpressRouteGatewaySku[] = Object.values(ExpressRouteGatewaySku);
/** Provider circuit bandwidths Microsoft documents (ExpressRoute FAQ): 50, 100, 200, 500 Mbps; 1, 2, 5, 10 Gbps. */
export const EXPRESSROUTE_BANDWIDTHS_MBPS: readonly number[] = [50, 100, 200, 500, 1000, 2000, 5000, 10000];
/** AWS DX quota: allowed prefixes per Direct Connect gateway ↔ transit gateway association. */
export const DX_MAX_ALLOWED_PREFIXES = 20;
/** Direct Connect transit VIFs accept MTU 1500 or 8500 (jumbo). */
export const DX_TRANSIT_VIF_MTUS: readonly number[] = [1500, 8500];
/** 802.1Q VLAN ids usable on a VIF or an ExpressRoute peering. */
export const VLAN_RANGE = { first: 1, last: 4094 } as const;
/** Azure accepts connection routing weights 0–32000. */
export const ROUTING_WEIGHT_MAX = 32000;
export const AZURE_PRIVATE_PEERING = "AzurePrivatePeering";

/**
 * Every default of the interconnect, in one place; the component's `@default` docs cite these.
 */
export const INTERCONNECT_DEFAULTS = {
  skuTier: "Standard" as ExpressRouteSkuTier,
  skuFamily: "MeteredData" as ExpressRouteSkuFamily,
  gatewaySku: "ErGw1AZ" as ExpressRouteGatewaySku,
  /**
   * Providers whose ExpressRoute provisioning configures AzurePrivatePeering themselves: a Megaport
   * VXC built from the service key "auto-configures private peering" (reference §1.5), so creating
   * `ExpressRouteCircuitPeering` as well would fight the provider. Compared exactly, as Azure spells
   * the provider name in its provider list.
   */
  providersManagingPeering: ["Megaport"] as readonly string[],
  /**
   * 0, the same as the VPN connections' (unset) weight, so the weight can never tip Azure toward the
   * VPN; Azure's own rule (ExpressRoute wins for equal prefixes) does the preferring.
   */
  routingWeight: 0,
  /** Standard MTU: a provider's VXC and MCR may not carry jumbo frames end to end. */
  dxMtu: 1500,
  /** MD5 on the ExpressRoute private peering when we create it (the provider must configure the same key). */
  expressRouteBgpAuth: true,
  /** All three zones make the ExpressRoute gateway's public IP, and so the gateway, zone-redundant. */
  gatewayPublicIpZones: ["1", "2", "3"] as readonly string[],
} as const;

/**
 * What a connectivity provider sells for the AWS side of an interconnect, which decides how a transit VIF can
 * be built through it. Keyed by the provider's name as Azure lists it (`serviceProviderName`), compared without
 * regard to case: the same exchange carries both clouds.
 *
 * Megaport (reference/networking.md §1.5, §6):
 * - its "Hosted VIF" product is a private or public VIF, never a transit VIF: a Hosted VIF cannot connect to a
 *   transit VIF (docs.megaport.com, "AWS Hosted VIF"; docs.megaportone.com …/aws/hosted-vif);
 * - a transit VIF needs a Hosted Connection: "A Hosted Connection with a capacity of 1 Gbps or more can support
 *   one private, public, or transit VIF" (Megaport knowledge base, "Creating a Public, Private, or Transit
 *   Virtual Interface on a Hosted Connection"). The account accepts the connection (`ConnectionConfirmation`)
 *   and creates the VIF on it itself, on the VLAN the partner allocated to the connection (AWS Direct Connect
 *   API, AllocateHostedConnection: "Allocates a VLAN number and a specified amount of bandwidth for use by a
 *   hosted connection"). AWS's own page now allows transit VIFs on hosted connections "of any speed"
 *   (docs.aws.amazon.com/directconnect/latest/UserGuide/hosted-vif.html); Megaport still sells them from 1 Gbps.
 */
export interface DxProviderOffer {
  /** The provider can create a hosted transit VIF in the customer's account (accepted with `HostedTransitVirtualInterfaceAcceptor`). */
  readonly hostedTransitVif: boolean;
  /** Smallest Hosted Connection the provider sells for a transit VIF, in Mbps. */
  readonly minHostedConnectionMbpsForTransit: number;
  /** Where the provider documents it. */
  readonly source: string;
}

export const DX_PROVIDER_OFFERS: Readonly<Record<string, DxProviderOffer>> = {
  megaport: {
    hostedTransitVif: false,
    minHostedConnectionMbpsForTransit: 1000,
    source: `docs.megaport.com "AWS Hosted VIF"; Megaport knowledge base "Creating a Public, Private, or Transit Virtual Interface on a Hosted Connection"`,
  },
};

/** The provider's documented offer, when crosscloud knows it. */
export const dxProviderOffer = (serviceProviderName: string): DxProviderOffer | undefined => DX_PROVIDER_OFFERS[serviceProviderName.trim().toLowerCase()];

/** How the transit VIF's inputs are named where they came from (a stack config, a component's args, a plan), for messages. */
export interface TransitVifFields {
  /** Where an accepted hosted VIF was asked for; the refusal is reported here. */
  readonly hostedPath: string;
  /** The field naming the connection to create the VIF on. */
  readonly connection: string;
  /** The field that confirms a hosted connection. */
  readonly confirm: string;
  /** The field holding the VIF's VLAN. */
  readonly vlan: string;
}

/**
 * A transit VIF built the way the provider sells it: refuses accepting a partner's hosted transit VIF through a
 * provider that sells none (Megaport), and names what to use instead.
 */
export function checkTransitVifOffer(serviceProviderName: string, mode: string, fields: TransitVifFields): Issue[] {
  const offer = dxProviderOffer(serviceProviderName);
  if (mode !== "accept" || offer === undefined || offer.hostedTransitVif) return [];
  const gbps = offer.minHostedConnectionMbpsForTransit / 1000;
  return [
    issue(
      fields.hostedPath,
      "DX_PROVIDER_OFFER",
      `${serviceProviderName} does not create hosted transit VIFs: its Hosted VIF product is a private or public VIF only, and a Hosted VIF cannot connect to a transit VIF (${offer.source}). ` +
        `Order a Hosted Connection of at least ${gbps} Gbps from ${serviceProviderName} instead, then give its id as ${fields.connection}, set ${fields.confirm}: true (crosscloud accepts the connection) ` +
        `and ${fields.vlan}: the VLAN ${serviceProviderName} allocated to it; crosscloud creates the transit VIF on it`,
    ),
  ];
}

/** Whether the provider configures AzurePrivatePeering itself (`providerManagedPeering`'s default). */
export const providerManagesPeering = (serviceProviderName: string): boolean => INTERCONNECT_DEFAULTS.providersManagingPeering.includes(serviceProviderName);

/**
 * `@pulumi/random` RandomPassword arguments for BGP MD5 keys: 24 letters and digits fit both Direct
 * Connect (6–80 characters) and ExpressRoute's `sharedKey` (Microsoft documents no character set;
 * alphanumerics are the safe subset, UNCONFIRMED maximum 25), and 24 × log2(62) ≈ 143 bits.
 */
export const BGP_AUTH_KEY_RANDOM_SPEC = {
  length: 24,
  lower: true,
  upper: true,
  numeric: true,
  special: false,
  minLower: 2,
  minUpper: 2,
  minNumeric: 2,
} as const;

// ---- single-value rules -----------------------------------------------------------------------

export function checkExpressRouteBandwidth(path: string, mbps: number): Issue[] {
  return EXPRESSROUTE_BANDWIDTHS_MBPS.includes(mbps)
    ? []
    : [issue(path, "BANDWIDTH_INVALID", `${mbps} Mbps is not an ExpressRoute provider bandwidth; use one of 50, 100, 200, 500, 1000, 2000, 5000 or 10000 Mbps`)];
}

export function checkExpressRouteSku(path: string, sku: { readonly tier: string; readonly family: string }): Issue[] {
  const issues: Issue[] = [];
  const tierOk = (EXPRESSROUTE_SKU_TIERS as readonly string[]).includes(sku.tier);
  const familyOk = (EXPRESSROUTE_SKU_FAMILIES as readonly string[]).includes(sku.family);
  if (!tierOk) issues.push(issue(`${path}.skuTier`, "SKU_INVALID", `"${sku.tier}" is not an ExpressRoute circuit tier; use Local, Standard or Premium`));
  if (!familyOk) issues.push(issue(`${path}.skuFamily`, "SKU_INVALID", `"${sku.family}" is not an ExpressRoute circuit family; use MeteredData or UnlimitedData`));
  // ExpressRoute Local is sold only with unlimited data (Microsoft's ExpressRoute Local FAQ).
  if (tierOk && familyOk && sku.tier === "Local" && sku.family !== "UnlimitedData") {
    issues.push(issue(`${path}.skuFamily`, "SKU_INVALID", `an ExpressRoute Local circuit must use the UnlimitedData family, not ${sku.family}`));
  }
  return issues;
}

export function checkExpressRouteGatewaySku(path: string, sku: string): Issue[] {
  return (EXPRESSROUTE_GATEWAY_SKUS as readonly string[]).includes(sku)
    ? []
    : [issue(path, "SKU_INVALID", `"${sku}" is not a zone-redundant ExpressRoute gateway SKU; use ErGw1AZ, ErGw2AZ or ErGw3AZ`)];
}

/** The provider/customer router's ASN as seen by Microsoft: Azure's reserved list plus {@link EXPRESSROUTE_RESERVED_ASNS}. */
export function checkExpressRoutePeerAsn(path: string, asn: number): Issue[] {
  const azure = checkAzurePeerAsn(path, asn);
  if (azure.length > 0) return azure;
  return asn >= EXPRESSROUTE_RESERVED_ASNS.first && asn <= EXPRESSROUTE_RESERVED_ASNS.last
    ? [issue(path, "ASN_RESERVED", `${asn} is reserved by ExpressRoute for internal use (${EXPRESSROUTE_RESERVED_ASNS.first}–${EXPRESSROUTE_RESERVED_ASNS.last})`)]
    : [];
}

/** The provider/customer router's ASN on a Direct Connect VIF; public ASNs (e.g. an MCR's) are fine. */
export function checkDxCustomerAsn(path: string, asn: number): Issue[] {
  if (!Number.isInteger(asn) || asn < 1 || asn > ASN_MAX) return [issue(path, "ASN_RANGE", `${asn} is not an ASN; use an integer from 1 to ${ASN_MAX}`)];
  // AWS's own public ASN: an eBGP session to it from the customer side cannot come up.
  return asn === AMAZON_ASN ? [issue(path, "ASN_RESERVED", `${AMAZON_ASN} is Amazon's own ASN and cannot be the customer side of a Direct Connect VIF`)] : [];
}

export function checkVlan(path: string, vlan: number): Issue[] {
  return Number.isInteger(vlan) && vlan >= VLAN_RANGE.first && vlan <= VLAN_RANGE.last
    ? []
    : [issue(path, "VALUE_REQUIRED", `${vlan} is not a VLAN id; use an integer from ${VLAN_RANGE.first} to ${VLAN_RANGE.last}`)];
}

/** Azure availability zones of a zonal resource: "1", "2" or "3", each once, at least one. */
export function checkAvailabilityZones(path: string, zones: readonly string[]): Issue[] {
  if (zones.length === 0) return [issue(path, "VALUE_REQUIRED", `at least one availability zone is required ("1", "2", "3")`)];
  const bad = zones.filter((z) => !["1", "2", "3"].includes(z));
  if (bad.length > 0) return [issue(path, "VALUE_REQUIRED", `${bad.map((z) => JSON.stringify(z)).join(", ")} ${bad.length === 1 ? "is not an availability zone" : "are not availability zones"}; use "1", "2" and "3"`)];
  return new Set(zones).size === zones.length ? [] : [issue(path, "VALUE_REQUIRED", `lists a zone twice: ${zones.join(", ")}`)];
}

/** A required text field (a provider name, a location): present and not blank; `message` says what is needed. */
export function checkText(path: string, value: unknown, message: string): Issue[] {
  return typeof value === "string" && value.trim() !== "" ? [] : [issue(path, "VALUE_REQUIRED", message)];
}

/**
 * Which transit VIF mode the given resources ask for: a connection to `create` a VIF on, or a partner's
 * hosted VIF to `accept`, exactly one of the two.
 */
export function transitVifMode(paths: { readonly connection: string; readonly hosted: string }, given: { readonly connection: boolean; readonly hosted: boolean }): { mode: TransitVifMode; issues: Issue[] } {
  const issues: Issue[] = [];
  if (given.connection === given.hosted) {
    issues.push(issue(paths.connection, "VALUE_REQUIRED", `give exactly one of ${lastSegment(paths.connection)} (create a transit VIF) and ${lastSegment(paths.hosted)} (accept a partner's hosted transit VIF)`));
  }
  return { mode: given.hosted && !given.connection ? "accept" : "create", issues };
}
const lastSegment = (path: string): string => path.slice(path.lastIndexOf(".") + 1);

/** A peering link's /30. */
export function checkPeeringCidr(path: string, text: string): Issue[] {
  const syntax = checkCidr(path, text);
  if (syntax.length > 0) return syntax;
  return cidr(text).prefixLength === 30 ? [] : [issue(path, "CIDR_WRONG_SIZE", `${text} must be a /30 (one BGP peering link: the router takes the first usable address, the cloud the second)`)];
}

/** `TransitVirtualInterface` takes `bgpAsn` up to 2147483647 and `bgpAsnLong` (a string) above it. */
export function dxBgpAsnFields(asn: number): { readonly bgpAsn: number } | { readonly bgpAsnLong: string } {
  return asn <= 2147483647 ? { bgpAsn: asn } : { bgpAsnLong: String(asn) };
}

/**
 * Allowed prefixes of the DX gateway ↔ TGW association: what AWS advertises to the provider over the
 * transit VIF. At most 20, canonical CIDRs, never a default route.
 */
export function checkAllowedPrefixes(path: string, prefixes: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  if (prefixes.length > DX_MAX_ALLOWED_PREFIXES) {
    issues.push(
      issue(
        path,
        "PREFIX_LIMIT",
        `${prefixes.length} allowed prefixes; a Direct Connect gateway association with a transit gateway accepts at most ${DX_MAX_ALLOWED_PREFIXES} (AWS quota)`,
      ),
    );
  }
  issues.push(...checkAdvertisedPrefixes(path, prefixes));
  return issues;
}

/**
 * Keeps ExpressRoute/DX preferred over the backup VPN in Azure. Azure picks the longest prefix first
 * and prefers ExpressRoute only between EQUAL prefixes, and the TGW advertises over the VPN exactly
 * the prefixes propagated into the VPN's route table (each spoke CIDR). So every prefix the VPN
 * advertises must reach Azure over DX at the same or a longer length: listed as is, or tiled by more
 * specific allowed prefixes. A summary in the allowed prefixes would make Azure send traffic for the
 * spokes over the VPN while AWS sends the replies over DX.
 */
export function checkInterconnectPreferred(path: string, opts: { readonly vpnAdvertised: readonly string[]; readonly allowedPrefixes: readonly string[] }): Issue[] {
  const allowed = opts.allowedPrefixes.filter((p) => checkCidr("", p).length === 0 && !isDefaultRoute(p)).map((p) => cidr(p));
  const issues: Issue[] = [];
  opts.vpnAdvertised.forEach((text, i) => {
    if (checkCidr("", text).length > 0) return;
    const p = cidr(text);
    const inside = allowed.filter((a) => a.first >= p.first && a.last <= p.last).sort((a, b) => a.first - b.first);
    let next = p.first;
    for (const a of inside) {
      if (a.first > next) break;
      next = Math.max(next, a.last + 1);
    }
    if (next <= p.last) {
      issues.push(
        issue(
          `${path}.${i}`,
          "VPN_LAYOUT",
          `${text} is advertised over the backup VPN but not covered by allowed prefixes of the same or a longer length, so Azure would prefer the VPN for it; list ${text} (or more-specific blocks covering it) in allowedPrefixes`,
        ),
      );
    }
  });
  return issues;
}

// ---- state the user must see -----------------------------------------------------------------------

/** Where the ExpressRoute leg stands, as far as the plan knows. */
export const ExpressRouteStatus = {
  /**
   * The provider has not provisioned the circuit (`providerProvisioned` false): the circuit and the ExpressRoute
   * gateway exist, but no ExpressRoute connection, so nothing crosses ExpressRoute and the VPN carries everything.
   */
  AwaitingProvider: "awaiting-provider",
  /** The provider has provisioned the circuit: the gateway connection (and our private peering, if any) exists. */
  Connected: "connected",
} as const;
export type ExpressRouteStatus = (typeof ExpressRouteStatus)[keyof typeof ExpressRouteStatus];

export const expressRouteStatus = (plan: InterconnectPlan): ExpressRouteStatus => (plan.expressRoute.providerProvisioned ? ExpressRouteStatus.Connected : ExpressRouteStatus.AwaitingProvider);

/** Names of the resources `ExpressRouteInterconnect` named `name` registers (one source for the component and the messages naming them). */
export const interconnectResourceNames = (name: string) =>
  ({
    circuit: `${name}-circuit`,
    peering: `${name}-peering`,
    gateway: `${name}-ergw`,
    gatewayPublicIp: `${name}-ergw-pip`,
    connection: `${name}-conn`,
    dxGateway: `${name}-dxgw`,
    dxAssociation: `${name}-dxgw-assoc`,
    confirmation: `${name}-confirm`,
    vif: `${name}-vif`,
    vifAcceptor: `${name}-vif-acceptor`,
  }) as const;

// ---- the plan ---------------------------------------------------------------------------------
// The plan types are also component args (`ExpressRouteInterconnect`'s `plan`), so they keep to the forms
// Pulumi's schema inference reads: named interfaces, mutable arrays, enums, optional fields.

/** Addresses of one peering /30 under the first-router/second-cloud convention. */
export interface PeeringLink {
  /** The peering /30. */
  readonly cidr: string;
  /** First usable address: the provider/customer router. */
  readonly routerAddress: string;
  /** Second usable address: Microsoft (ExpressRoute) or Amazon (DX). */
  readonly cloudAddress: string;
}

export const peeringLink = (block: Cidr): PeeringLink => ({ cidr: block.text, routerAddress: hostAt(block, 1), cloudAddress: hostAt(block, 2) });

/** The ExpressRoute settings to plan: the circuit, its private peering and the ExpressRoute gateway. */
export interface ExpressRoutePlanInput {
  /** Connectivity provider as Azure lists it, e.g. "Megaport". */
  readonly serviceProviderName: string;
  /** Peering location, e.g. "Washington DC". */
  readonly peeringLocation: string;
  /** 50, 100, 200, 500, 1000, 2000, 5000 or 10000. */
  readonly bandwidthInMbps: number;
  /** @default "Standard" (`INTERCONNECT_DEFAULTS.skuTier`) */
  readonly skuTier?: string;
  /** @default "MeteredData" (`INTERCONNECT_DEFAULTS.skuFamily`) */
  readonly skuFamily?: string;
  /** @default - `providerManagesPeering(serviceProviderName)`: true for Megaport */
  readonly providerManagedPeering?: boolean;
  /** ASN of the provider/customer router on the private peering. */
  readonly peerAsn: number;
  /** VLAN of the private peering. */
  readonly vlanId: number;
  /** Primary link /30: the router takes the first usable address, Microsoft the second. */
  readonly primaryPeerAddressPrefix: string;
  /** Secondary link /30, same rule. */
  readonly secondaryPeerAddressPrefix: string;
  /** @default "ErGw1AZ" */
  readonly gatewaySku?: string;
  /** @default 0 */
  readonly routingWeight?: number;
  /** MD5 on the private peering we create. @default true (`INTERCONNECT_DEFAULTS.expressRouteBgpAuth`) */
  readonly bgpAuth?: boolean;
  /** Zones of the gateway's public IP. @default ["1", "2", "3"] */
  readonly gatewayPublicIpZones?: readonly string[];
  /** The provider has provisioned the circuit. @default false */
  readonly providerProvisioned?: boolean;
}

/** The Direct Connect settings to plan: the DX gateway, its TGW association and the transit VIF. */
export interface DirectConnectPlanInput {
  /** Amazon-side ASN of the DX gateway; must differ from the TGW's. */
  readonly dxGatewayAsn: number;
  /** The transit gateway's amazon-side ASN (for the differ check). */
  readonly transitGatewayAsn: number;
  /** ASN of the provider/customer router on the transit VIF. */
  readonly customerAsn: number;
  /** `create` a transit VIF on a connection, or `accept` a partner-created hosted transit VIF. */
  readonly mode: TransitVifMode;
  /** Confirm the connection (a partner's hosted connection) before creating the VIF on it. @default false */
  readonly confirmHostedConnection?: boolean;
  /** VLAN of a created VIF (the partner picks it for a hosted VIF). @default - none; required for `create` */
  readonly vlan?: number;
  /** The VIF's /30 (for `accept`: the one the partner configured). */
  readonly peeringCidr: string;
  /** @default 1500 */
  readonly mtu?: number;
  /** @default - `awsPrefixes` */
  readonly allowedPrefixes?: readonly string[];
}

export interface InterconnectPlanInput {
  readonly expressRoute: ExpressRoutePlanInput;
  readonly directConnect: DirectConnectPlanInput;
  /** What AWS advertises toward Azure (the spoke CIDRs the TGW also advertises over the VPN). */
  readonly awsPrefixes: readonly string[];
  /** What Azure advertises toward AWS (VNet address spaces). */
  readonly azurePrefixes: readonly string[];
  /** Issue path prefix. @default "" */
  readonly path?: string;
  /** Where the transit gateway's ASN was written, for issue messages. @default `${path}.directConnect.transitGatewayAsn` */
  readonly transitGatewayAsnPath?: string;
  /**
   * How the transit VIF's inputs are named where the input came from, for the provider-offer message.
   * @default - the plan's own fields (`directConnect.mode`, `.confirmHostedConnection`, `.vlan`) and "a connection id"
   */
  readonly transitVifFields?: TransitVifFields;
  /**
   * What the peering /30s must not overlap besides each other.
   * @default - `awsPrefixes` and `azurePrefixes`, labelled by their place in those lists
   */
  readonly networks?: readonly LabeledCidr[];
}

/** The Azure side of a planned interconnect. */
export interface ExpressRoutePlan {
  /** Circuit SKU name, `<tier>_<family>`. */
  readonly skuName: string;
  /** Circuit SKU tier. */
  readonly skuTier: ExpressRouteSkuTier;
  /** Circuit billing family. */
  readonly skuFamily: ExpressRouteSkuFamily;
  /** Connectivity provider as Azure lists it. */
  readonly serviceProviderName: string;
  /** Peering location. */
  readonly peeringLocation: string;
  /** Circuit bandwidth in Mbps. */
  readonly bandwidthInMbps: number;
  /** The provider configures AzurePrivatePeering itself (no `ExpressRouteCircuitPeering` is created). */
  readonly providerManagedPeering: boolean;
  /** ASN of the provider/customer router on the private peering. */
  readonly peerAsn: number;
  /** VLAN of the private peering. */
  readonly vlanId: number;
  /** The primary link. */
  readonly primary: PeeringLink;
  /** The secondary link. */
  readonly secondary: PeeringLink;
  /** ExpressRoute gateway SKU. */
  readonly gatewaySku: ExpressRouteGatewaySku;
  /** Routing weight of the gateway connection. */
  readonly routingWeight: number;
  /** MD5-protect the private peering we create (false when the provider manages the peering). */
  readonly bgpAuth: boolean;
  /** Zones of the gateway's Standard public IP. */
  readonly gatewayPublicIpZones: string[];
  /** The provider has provisioned the circuit, so the peering and the gateway connection can be created. */
  readonly providerProvisioned: boolean;
}

/** The AWS side of a planned interconnect. */
export interface DirectConnectPlan {
  /** Amazon-side ASN of the DX gateway. */
  readonly dxGatewayAsn: number;
  /** The transit gateway's amazon-side ASN. */
  readonly transitGatewayAsn: number;
  /** ASN of the provider/customer router on the transit VIF. */
  readonly customerAsn: number;
  /** `create` a transit VIF, or `accept` a partner's hosted transit VIF. */
  readonly mode: TransitVifMode;
  /** Confirm the hosted connection before creating the VIF on it (`create` only). */
  readonly confirmHostedConnection: boolean;
  /**
   * VLAN of the VIF we create.
   * @default - none: the partner chose it (`accept`)
   */
  readonly vlan?: number;
  /** The VIF's /30. */
  readonly link: PeeringLink;
  /** Amazon's address as the DX API takes it (address/prefix). */
  readonly amazonAddress: string;
  /** The router's address as the DX API takes it (address/prefix). */
  readonly customerAddress: string;
  /** MTU of the transit VIF. */
  readonly mtu: number;
  /** What the TGW advertises to the provider over DX (the DX gateway association's allowed prefixes). */
  readonly allowedPrefixes: string[];
}

/** A validated private interconnect: what `ExpressRouteInterconnect` renders. */
export interface InterconnectPlan {
  /** The Azure side. */
  readonly expressRoute: ExpressRoutePlan;
  /** The AWS side. */
  readonly directConnect: DirectConnectPlan;
  /** What AWS advertises toward Azure (the spoke CIDRs, which the TGW also advertises over the VPN). */
  readonly awsPrefixes: string[];
  /** What Azure advertises toward AWS (VNet address spaces). */
  readonly azurePrefixes: string[];
}

/**
 * The three BGP sessions of an interconnect, `er-primary`, `er-secondary` and `dx`, seen from the cloud's
 * edge (local = Microsoft or Amazon, peer = the provider router), so `advertisedPrefixes` is what the
 * cloud sends into the interconnect. Derived from the plan, never stored beside it.
 */
export function interconnectBgpSessions(plan: InterconnectPlan): BgpSessionPlan[] {
  const er = plan.expressRoute;
  const dx = plan.directConnect;
  const erSession = (key: string, link: PeeringLink): BgpSessionPlan => ({
    key,
    carrier: "expressroute",
    localAsn: MICROSOFT_EXPRESSROUTE_ASN,
    peerAsn: er.peerAsn,
    localAddress: link.cloudAddress,
    peerAddress: link.routerAddress,
    advertisedPrefixes: [...plan.azurePrefixes],
    acceptedPrefixes: [...plan.awsPrefixes],
    holdTimeSeconds: EXPRESSROUTE_BGP_HOLD_SECONDS,
  });
  return [
    erSession("er-primary", er.primary),
    erSession("er-secondary", er.secondary),
    {
      key: "dx",
      carrier: "dx-transit-vif",
      localAsn: dx.dxGatewayAsn,
      peerAsn: dx.customerAsn,
      localAddress: dx.link.cloudAddress,
      peerAddress: dx.link.routerAddress,
      advertisedPrefixes: [...dx.allowedPrefixes],
      acceptedPrefixes: [...plan.azurePrefixes],
      holdTimeSeconds: DX_BGP_HOLD_SECONDS,
    },
  ];
}

/**
 * The peering /30s: each a /30, none overlapping another or any of `networks` (either cloud's networks,
 * tunnel inside /30s, other stacks' registry blocks). Each overlap is reported at the /30.
 */
export function checkPeeringLinks(links: readonly { readonly path: string; readonly cidr: string }[], networks: readonly LabeledCidr[]): Issue[] {
  const issues: Issue[] = [];
  const labeled: LabeledCidr[] = [];
  for (const link of links) {
    const problems = checkPeeringCidr(link.path, link.cidr);
    issues.push(...problems);
    if (problems.length === 0) labeled.push({ label: link.path, cidr: cidr(link.cidr) });
  }
  const linkLabels = new Set(labeled.map((l) => l.label));
  for (const pair of findOverlaps([...labeled, ...networks])) {
    // Overlaps among the networks themselves belong to whoever planned them.
    if (linkLabels.has(pair.b.label)) issues.push(overlapIssue(pair));
    else if (linkLabels.has(pair.a.label)) issues.push(overlapIssue({ a: pair.b, b: pair.a }));
  }
  return issues;
}

/** Prefix lists of an interconnect: canonical CIDRs, never a default route. */
export function checkInterconnectPrefixes(root: string, prefixes: { readonly awsPrefixes: readonly string[]; readonly azurePrefixes: readonly string[] }): Issue[] {
  return [...checkAdvertisedPrefixes(joinPath(root, "awsPrefixes"), prefixes.awsPrefixes), ...checkAdvertisedPrefixes(joinPath(root, "azurePrefixes"), prefixes.azurePrefixes)];
}

/** The Direct Connect rules shared by planning and by checking a given plan; paths under `dxPath`. */
export function checkDirectConnectValues(
  dxPath: string,
  dx: {
    readonly dxGatewayAsn: number;
    readonly transitGatewayAsn: number;
    readonly customerAsn: number;
    readonly mode: string;
    readonly confirmHostedConnection: boolean;
    readonly vlan?: number | undefined;
    readonly mtu: number;
    readonly allowedPrefixes: readonly string[];
  },
  opts: { readonly transitGatewayAsnPath: string; readonly vpnAdvertised: readonly string[] },
): Issue[] {
  const issues: Issue[] = [];
  issues.push(...checkAmazonSideAsn(`${dxPath}.dxGatewayAsn`, dx.dxGatewayAsn));
  issues.push(...checkAsnsDiffer(`${dxPath}.dxGatewayAsn`, dx.dxGatewayAsn, dx.transitGatewayAsn, `${opts.transitGatewayAsnPath} (the transit gateway's ASN)`));
  issues.push(...checkDxCustomerAsn(`${dxPath}.customerAsn`, dx.customerAsn));
  issues.push(...checkAsnsDiffer(`${dxPath}.customerAsn`, dx.customerAsn, dx.dxGatewayAsn, `${dxPath}.dxGatewayAsn`));
  if (dx.mode !== "create" && dx.mode !== "accept") {
    issues.push(issue(`${dxPath}.mode`, "VALUE_REQUIRED", `"${String(dx.mode)}" is not a transit VIF mode; use "create" or "accept"`));
  }
  if (dx.mode === "create") {
    if (dx.vlan === undefined) issues.push(issue(`${dxPath}.vlan`, "VALUE_REQUIRED", `a VLAN id is required to create a transit VIF`));
    else issues.push(...checkVlan(`${dxPath}.vlan`, dx.vlan));
  }
  if (dx.mode === "accept" && dx.confirmHostedConnection) {
    issues.push(issue(`${dxPath}.confirmHostedConnection`, "VALUE_REQUIRED", `confirming a hosted connection applies to a transit VIF created on that connection, not to an accepted hosted VIF`));
  }
  if (!DX_TRANSIT_VIF_MTUS.includes(dx.mtu)) issues.push(issue(`${dxPath}.mtu`, "VALUE_REQUIRED", `${dx.mtu} is not a transit VIF MTU; use 1500 or 8500`));
  issues.push(...checkAllowedPrefixes(`${dxPath}.allowedPrefixes`, dx.allowedPrefixes));
  issues.push(...checkInterconnectPreferred(`${dxPath}.allowedPrefixes`, { vpnAdvertised: opts.vpnAdvertised, allowedPrefixes: dx.allowedPrefixes }));
  return issues;
}

/** The ExpressRoute rules shared by planning and by checking a given plan; paths under `erPath`. */
export function checkExpressRouteValues(
  erPath: string,
  er: {
    readonly serviceProviderName: string;
    readonly peeringLocation: string;
    readonly bandwidthInMbps: number;
    readonly skuTier: string;
    readonly skuFamily: string;
    readonly gatewaySku: string;
    readonly peerAsn: number;
    readonly vlanId: number;
    readonly routingWeight: number;
    readonly gatewayPublicIpZones: readonly string[];
  },
): Issue[] {
  const issues: Issue[] = [];
  issues.push(...checkText(`${erPath}.serviceProviderName`, er.serviceProviderName, `a connectivity provider name is required (as Azure lists it, e.g. "Megaport")`));
  issues.push(...checkText(`${erPath}.peeringLocation`, er.peeringLocation, `a peering location is required (e.g. "Washington DC")`));
  issues.push(...checkExpressRouteBandwidth(`${erPath}.bandwidthInMbps`, er.bandwidthInMbps));
  issues.push(...checkExpressRouteSku(erPath, { tier: er.skuTier, family: er.skuFamily }));
  issues.push(...checkExpressRouteGatewaySku(`${erPath}.gatewaySku`, er.gatewaySku));
  issues.push(...checkExpressRoutePeerAsn(`${erPath}.peerAsn`, er.peerAsn));
  issues.push(...checkVlan(`${erPath}.vlanId`, er.vlanId));
  if (!Number.isInteger(er.routingWeight) || er.routingWeight < 0 || er.routingWeight > ROUTING_WEIGHT_MAX) {
    issues.push(issue(`${erPath}.routingWeight`, "VALUE_REQUIRED", `${er.routingWeight} is not a routing weight; use an integer from 0 to ${ROUTING_WEIGHT_MAX}`));
  }
  issues.push(...checkAvailabilityZones(`${erPath}.gatewayPublicIpZones`, er.gatewayPublicIpZones));
  return issues;
}

/** Validates and plans both sides of the interconnect; returns every issue, never throws. */
export function planInterconnect(input: InterconnectPlanInput): { plan: InterconnectPlan | undefined; issues: Issue[] } {
  const root = input.path ?? "";
  const er = input.expressRoute;
  const dx = input.directConnect;
  const erPath = joinPath(root, "expressRoute");
  const dxPath = joinPath(root, "directConnect");
  const issues: Issue[] = [];

  const skuTier = er.skuTier ?? INTERCONNECT_DEFAULTS.skuTier;
  const skuFamily = er.skuFamily ?? INTERCONNECT_DEFAULTS.skuFamily;
  const gatewaySku = er.gatewaySku ?? INTERCONNECT_DEFAULTS.gatewaySku;
  const routingWeight = er.routingWeight ?? INTERCONNECT_DEFAULTS.routingWeight;
  const gatewayPublicIpZones = [...(er.gatewayPublicIpZones ?? INTERCONNECT_DEFAULTS.gatewayPublicIpZones)];
  const mtu = dx.mtu ?? INTERCONNECT_DEFAULTS.dxMtu;
  const allowedPrefixes = dx.allowedPrefixes ?? input.awsPrefixes;
  const confirmHostedConnection = dx.confirmHostedConnection ?? false;

  issues.push(...checkExpressRouteValues(erPath, { ...er, skuTier, skuFamily, gatewaySku, routingWeight, gatewayPublicIpZones }));
  issues.push(
    ...checkDirectConnectValues(
      dxPath,
      { ...dx, confirmHostedConnection, mtu, allowedPrefixes },
      { transitGatewayAsnPath: input.transitGatewayAsnPath ?? `${dxPath}.transitGatewayAsn`, vpnAdvertised: input.awsPrefixes },
    ),
  );
  issues.push(...checkInterconnectPrefixes(root, input));
  issues.push(
    ...checkTransitVifOffer(
      er.serviceProviderName ?? "",
      dx.mode,
      input.transitVifFields ?? { hostedPath: `${dxPath}.mode`, connection: "a connection id", confirm: `${dxPath}.confirmHostedConnection`, vlan: `${dxPath}.vlan` },
    ),
  );

  // The three /30s: each a valid /30, and none overlapping another or either cloud's networks.
  const networks: readonly LabeledCidr[] =
    input.networks ??
    (["awsPrefixes", "azurePrefixes"] as const).flatMap((field) =>
      input[field].flatMap((p, i) => (!isDefaultRoute(p) && checkCidr("", p).length === 0 ? [{ label: joinPath(root, field, String(i)), cidr: cidr(p) }] : [])),
    );
  issues.push(
    ...checkPeeringLinks(
      [
        { path: `${erPath}.primaryPeerAddressPrefix`, cidr: er.primaryPeerAddressPrefix },
        { path: `${erPath}.secondaryPeerAddressPrefix`, cidr: er.secondaryPeerAddressPrefix },
        { path: `${dxPath}.peeringCidr`, cidr: dx.peeringCidr },
      ],
      networks,
    ),
  );

  if (issues.length > 0) return { plan: undefined, issues };

  const dxLink = peeringLink(cidr(dx.peeringCidr));
  const providerManagedPeering = er.providerManagedPeering ?? providerManagesPeering(er.serviceProviderName);
  return {
    plan: {
      expressRoute: {
        skuName: `${skuTier}_${skuFamily}`,
        skuTier: skuTier as ExpressRouteSkuTier,
        skuFamily: skuFamily as ExpressRouteSkuFamily,
        serviceProviderName: er.serviceProviderName,
        peeringLocation: er.peeringLocation,
        bandwidthInMbps: er.bandwidthInMbps,
        providerManagedPeering,
        peerAsn: er.peerAsn,
        vlanId: er.vlanId,
        primary: peeringLink(cidr(er.primaryPeerAddressPrefix)),
        secondary: peeringLink(cidr(er.secondaryPeerAddressPrefix)),
        gatewaySku: gatewaySku as ExpressRouteGatewaySku,
        routingWeight,
        // Only a peering we create can carry our key; a provider-made peering has the provider's.
        bgpAuth: !providerManagedPeering && (er.bgpAuth ?? INTERCONNECT_DEFAULTS.expressRouteBgpAuth),
        gatewayPublicIpZones,
        providerProvisioned: er.providerProvisioned ?? false,
      },
      directConnect: {
        dxGatewayAsn: dx.dxGatewayAsn,
        transitGatewayAsn: dx.transitGatewayAsn,
        customerAsn: dx.customerAsn,
        mode: dx.mode,
        confirmHostedConnection,
        ...(dx.mode === "create" && dx.vlan !== undefined ? { vlan: dx.vlan } : {}),
        link: dxLink,
        amazonAddress: `${dxLink.cloudAddress}/30`,
        customerAddress: `${dxLink.routerAddress}/30`,
        mtu,
        allowedPrefixes: [...allowedPrefixes],
      },
      awsPrefixes: [...input.awsPrefixes],
      azurePrefixes: [...input.azurePrefixes],
    },
    issues: [],
  };
}
