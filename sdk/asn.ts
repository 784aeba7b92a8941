import { Issue, issue } from "./errors";

/**
 * BGP ASN rules for both clouds (reference/networking.md §1.1, §1.5).
 *
 * Azure reserves 8074, 8075 and 12076 (Microsoft), 65515 (its own gateway default; usable only as the
 * Azure gateway's own ASN) and 65517–65520 (internal). IANA reserves 0, 23456 (AS_TRANS),
 * 64496–64511 and 65535–65551 (documentation and special use) and 4294967295.
 * AWS accepts amazon-side ASNs (VGW, TGW, DX gateway) only from the private ranges, and rejects a few
 * customer-gateway ASNs it uses itself (7224 everywhere, plus one per Region).
 *
 * Every ASN a cloud defines is stated in this file and nowhere else (tests/architecture/facts.test.ts
 * checks it); components, simulators, policies and the lab import these constants.
 *
 * Sources:
 * - Microsoft Learn, "VPN Gateway FAQ", BGP section (reserved ASNs, 65515 default):
 *   https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#bgp
 * - Microsoft Learn, "ExpressRoute routing requirements" (12076; 65515–65520 reserved):
 *   https://learn.microsoft.com/azure/expressroute/expressroute-routing
 * - AWS EC2 API Reference, CreateVpnGateway / TransitGatewayRequestOptions ("the default ASN is 64512"):
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpnGateway.html
 * - AWS Site-to-Site VPN User Guide, "Customer gateway options" (reserved customer-gateway ASNs):
 *   https://docs.aws.amazon.com/vpn/latest/s2svpn/cgw-options.html
 * - RFC 6996 (private ASNs), RFC 5398, RFC 6793, RFC 7300, RFC 7607 (IANA reservations).
 */
export const ASN_MAX = 4294967295;
export const PRIVATE_16 = { first: 64512, last: 65534 } as const;
export const PRIVATE_32 = { first: 4200000000, last: 4294967294 } as const;

/** Azure VPN gateway default ASN; also Route Server's fixed ASN. */
export const AZURE_DEFAULT_ASN = 65515;
/** AWS default amazon-side ASN for VGW, TGW and DX gateway. */
export const AWS_DEFAULT_AMAZON_ASN = 64512;
/** Microsoft's ASN on ExpressRoute peerings. */
export const MICROSOFT_EXPRESSROUTE_ASN = 12076;
/** Amazon's own public ASN: AWS rejects it for a customer gateway, and a DX customer router cannot use it. */
export const AMAZON_ASN = 7224;
/** ExpressRoute reserves 65515–65520 for internal use (a wider range than the VPN gateway's list below). */
export const EXPRESSROUTE_RESERVED_ASNS = { first: AZURE_DEFAULT_ASN, last: 65520 } as const;
/** Azure's internal ASNs (VPN gateway FAQ): a peer may not use them. */
export const AZURE_INTERNAL_ASNS = { first: 65517, last: EXPRESSROUTE_RESERVED_ASNS.last } as const;

const AZURE_RESERVED: readonly (readonly [number, number, string])[] = [
  [8074, 8075, "reserved by Azure (Microsoft)"],
  [MICROSOFT_EXPRESSROUTE_ASN, MICROSOFT_EXPRESSROUTE_ASN, "reserved by Azure (Microsoft's ExpressRoute ASN)"],
  [AZURE_DEFAULT_ASN, AZURE_DEFAULT_ASN, "reserved by Azure (its VPN gateway and Route Server default); only the Azure gateway itself may use it"],
  [AZURE_INTERNAL_ASNS.first, AZURE_INTERNAL_ASNS.last, "reserved by Azure for internal use"],
];
const IANA_RESERVED: readonly (readonly [number, number, string])[] = [
  [0, 0, "reserved by IANA (RFC 7607)"],
  [23456, 23456, "reserved by IANA (AS_TRANS, RFC 6793)"],
  [64496, 64511, "reserved by IANA for documentation (RFC 5398)"],
  [65535, 65551, "reserved by IANA (RFC 7300, RFC 5398)"],
  [ASN_MAX, ASN_MAX, "reserved by IANA (RFC 7300)"],
];
/** Customer-gateway ASNs AWS rejects, by Region ("*" = all Regions). */
export const AWS_CGW_RESERVED: readonly { readonly asn: number; readonly region: string }[] = [
  { asn: AMAZON_ASN, region: "*" },
  { asn: 9059, region: "eu-west-1" },
  { asn: 10124, region: "ap-northeast-1" },
  { asn: 17943, region: "ap-southeast-1" },
];

export const isPrivateAsn = (asn: number): boolean =>
  (asn >= PRIVATE_16.first && asn <= PRIVATE_16.last) || (asn >= PRIVATE_32.first && asn <= PRIVATE_32.last);
export const is16BitAsn = (asn: number): boolean => asn >= 1 && asn <= 65535;

const inRanges = (asn: number, ranges: readonly (readonly [number, number, string])[]): string | undefined =>
  ranges.find(([lo, hi]) => asn >= lo && asn <= hi)?.[2];

const rangeIssue = (path: string, asn: number): Issue[] =>
  Number.isInteger(asn) && asn >= 1 && asn <= ASN_MAX ? [] : [issue(path, "ASN_RANGE", `${asn} is not an ASN; use an integer from 1 to ${ASN_MAX}`)];

/** Any ASN, whoever owns it: an integer from 1 to 4294967295 (BGP sessions, where one side may be Microsoft's 12076). */
export function checkAsnRange(path: string, asn: number): Issue[] {
  return rangeIssue(path, asn);
}

/** The private ASN ranges (RFC 6996), as text for messages. */
export const PRIVATE_ASN_RANGES_TEXT = `${PRIVATE_16.first}–${PRIVATE_16.last} or ${PRIVATE_32.first}–${PRIVATE_32.last}`;
const PRIVATE_HINT = `use a private ASN: ${PRIVATE_ASN_RANGES_TEXT}`;

const rangeText = ([lo, hi]: readonly [number, number, string]): string => (lo === hi ? `${lo}` : `${lo}–${hi}`);
/** Every ASN a cloud or IANA keeps for itself, grouped by owner, as text for messages and remediation steps. */
export const RESERVED_ASNS_TEXT =
  `${AZURE_RESERVED.map(rangeText).join(", ")} (Azure; ${AZURE_DEFAULT_ASN} only as the Azure gateway's own ASN), ` +
  `${IANA_RESERVED.filter(([lo]) => lo !== 0 && lo !== ASN_MAX).map(rangeText).join(", ")} (IANA), ` +
  `${AWS_CGW_RESERVED.map((r) => r.asn).join(", ")} (AWS customer gateways; all but ${AMAZON_ASN} in one Region each)`;

/** An ASN Azure peers with (a local network gateway, an ExpressRoute peer): no Azure- or IANA-reserved ASN. */
export function checkAzurePeerAsn(path: string, asn: number): Issue[] {
  const range = rangeIssue(path, asn);
  if (range.length > 0) return range;
  const why = inRanges(asn, AZURE_RESERVED) ?? inRanges(asn, IANA_RESERVED);
  return why ? [issue(path, "ASN_RESERVED", `${asn} is ${why}; Azure will not peer with it`)] : [];
}

export interface AzureGatewayAsnOptions {
  /** A Route Server shares the VNet: the VPN gateway must then be 65515 (and active-active). */
  readonly routeServer?: boolean;
}

/** The Azure VPN gateway's own ASN: 65515 or a non-reserved ASN; 65515 when Route Server is present. */
export function checkAzureGatewayAsn(path: string, asn: number, opts: AzureGatewayAsnOptions = {}): Issue[] {
  const range = rangeIssue(path, asn);
  if (range.length > 0) return range;
  if (opts.routeServer && asn !== AZURE_DEFAULT_ASN) {
    return [issue(path, "ASN_ROUTE_SERVER", `${asn} cannot be used with Azure Route Server: a VPN gateway that coexists with Route Server must use ASN ${AZURE_DEFAULT_ASN} and be active-active`)];
  }
  if (asn === AZURE_DEFAULT_ASN) return [];
  const why = inRanges(asn, AZURE_RESERVED) ?? inRanges(asn, IANA_RESERVED);
  return why ? [issue(path, "ASN_RESERVED", `${asn} is ${why}`)] : [];
}

/** Amazon-side ASN of a VGW, TGW or DX gateway: private ranges only. */
export function checkAmazonSideAsn(path: string, asn: number): Issue[] {
  const range = rangeIssue(path, asn);
  if (range.length > 0) return range;
  return isPrivateAsn(asn) ? [] : [issue(path, "ASN_NOT_PRIVATE", `${asn} is not accepted as an amazon-side ASN; ${PRIVATE_HINT}`)];
}

/** ASN given to an AWS customer gateway (the Azure side's ASN). */
export function checkCustomerGatewayAsn(path: string, asn: number, region: string): Issue[] {
  const range = rangeIssue(path, asn);
  if (range.length > 0) return range;
  const reserved = AWS_CGW_RESERVED.find((r) => r.asn === asn && (r.region === "*" || r.region === region));
  return reserved
    ? [issue(path, "ASN_RESERVED", `${asn} is reserved by AWS for customer gateways${reserved.region === "*" ? "" : ` in ${reserved.region}`}`)]
    : [];
}

/** eBGP needs two different ASNs; Azure and AWS both reject a session to their own ASN. */
export function checkAsnsDiffer(path: string, local: number, peer: number, peerPath: string): Issue[] {
  return local === peer ? [issue(path, "ASN_EQUAL", `${local} equals ${peerPath}; the two sides of an eBGP session must use different ASNs`)] : [];
}

/** Route Server supports 16-bit ASNs only. */
export function checkRouteServerPeerAsn(path: string, asn: number): Issue[] {
  return is16BitAsn(asn) ? [] : [issue(path, "ASN_ROUTE_SERVER", `${asn} is a 32-bit ASN; Azure Route Server peers only with 16-bit ASNs`)];
}

/**
 * An AWS customer gateway takes `bgpAsn` up to 2147483647 and `bgpAsnExtended` above it
 * (the two inputs are mutually exclusive).
 */
export function customerGatewayAsnFields(asn: number): { readonly bgpAsn: string } | { readonly bgpAsnExtended: string } {
  return asn <= 2147483647 ? { bgpAsn: String(asn) } : { bgpAsnExtended: String(asn) };
}
