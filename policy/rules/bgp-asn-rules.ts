import {
  AWS_DEFAULT_AMAZON_ASN,
  AZURE_DEFAULT_ASN,
  PRIVATE_ASN_RANGES_TEXT,
  RESERVED_ASNS_TEXT,
  checkAmazonSideAsn,
  checkAsnRange,
  checkAsnsDiffer,
  checkAzureGatewayAsn,
  checkAzurePeerAsn,
  checkCustomerGatewayAsn,
  type Issue,
} from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, firstOf, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown, type Value, get, num, str } from "./values";

/**
 * ASNs each cloud accepts, and different ASNs on the two ends of every eBGP session:
 *
 *   AWS     VGW / TGW / DX gateway amazonSideAsn: private ranges only
 *           customer gateway bgpAsn: not one AWS reserves (AWS_CGW_RESERVED: one everywhere, one per Region)
 *           customer gateway ≠ the VGW/TGW its VPN connection lands on
 *   Azure   local network gateway bgpSettings.asn: no Azure- or IANA-reserved ASN
 *           VPN gateway bgpSettings.asn: AZURE_DEFAULT_ASN or a non-reserved ASN
 *           local network gateway ≠ the VPN gateway of its connection
 *   BGP     crosscloud BgpSession: valid ASNs, localAsn ≠ peerAsn
 *
 * Both clouds refuse a session whose peer has their own ASN; the reserved lists are the clouds'
 * (sdk/asn.ts is the single source).
 */
export const NAME = "bgp-asn-rules";

/** An ASN property: a number, a numeric string (AWS), an Unknown, or undefined when unset. */
const asnOf = (v: Value): number | Unknown | undefined => num(v);

export function checkBgpAsnRules(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  const report = (r: RuleResource, issues: readonly Issue[]): void => {
    for (const i of issues) out.report(`${label(r)} ${i.path}: ${i.message}.`, r.urn);
  };
  /** The ASN at `key` when it is known; blocks on an unknown one. */
  const known = (value: Value): number | undefined => {
    const asn = asnOf(value);
    return asn === undefined || out.blockedBy(asn) ? undefined : asn;
  };
  const cgwAsn = (cgw: RuleResource): Value => firstOf(cgw, "bgpAsn", "bgpAsnExtended");
  const amazonAsnOf = (vpn: RuleResource): { gw: RuleResource; asn: Value } | undefined => {
    const gw = index.resolve(vpn, "vpnGatewayId", [T.awsVpnGateway]) ?? index.resolve(vpn, "transitGatewayId", [T.awsTransitGateway]);
    return gw ? { gw, asn: gw.props.amazonSideAsn } : undefined;
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsVpnGateway:
      case T.awsTransitGateway:
      case T.awsDxGateway: {
        const asn = known(r.props.amazonSideAsn);
        if (asn !== undefined) report(r, checkAmazonSideAsn("amazonSideAsn", asn));
        break;
      }
      case T.awsCustomerGateway: {
        const asn = known(cgwAsn(r));
        const region = str(r.props.region);
        if (asn !== undefined) report(r, checkCustomerGatewayAsn(r.props.bgpAsn !== undefined ? "bgpAsn" : "bgpAsnExtended", asn, typeof region === "string" ? region : ""));
        break;
      }
      case T.awsVpnConnection: {
        const cgw = index.resolve(r, "customerGatewayId", [T.awsCustomerGateway]);
        const amazon = amazonAsnOf(r);
        if (!cgw || !amazon) break;
        const local = known(cgwAsn(cgw));
        const peer = known(amazon.asn);
        if (local === undefined || peer === undefined) break;
        report(r, checkAsnsDiffer(`customer gateway "${cgw.name}" ASN`, local, peer, `the amazon-side ASN of ${label(amazon.gw)}`));
        break;
      }
      case T.azureLng: {
        if (r.props.bgpSettings === undefined || r.props.bgpSettings === null) break;
        const asn = known(get(r.props, "bgpSettings", "asn"));
        if (asn !== undefined) report(r, checkAzurePeerAsn("bgpSettings.asn", asn));
        break;
      }
      case T.azureVng: {
        const type = str(r.props.gatewayType);
        if (type !== undefined && typeof type === "string" && type !== "Vpn") break;
        if (r.props.bgpSettings === undefined || r.props.bgpSettings === null) break;
        const asn = known(get(r.props, "bgpSettings", "asn"));
        if (asn !== undefined) report(r, checkAzureGatewayAsn("bgpSettings.asn", asn));
        break;
      }
      case T.azureConnection: {
        if (r.props.enableBgp !== true) break;
        const vng = index.resolve(r, "virtualNetworkGateway1", [T.azureVng]);
        const lng = index.resolve(r, "localNetworkGateway2", [T.azureLng]);
        if (!vng || !lng) break;
        const local = known(get(vng.props, "bgpSettings", "asn"));
        const peer = known(get(lng.props, "bgpSettings", "asn"));
        if (local === undefined || peer === undefined) break;
        report(r, checkAsnsDiffer(`VPN gateway "${vng.name}" bgpSettings.asn`, local, peer, `local network gateway "${lng.name}" bgpSettings.asn`));
        break;
      }
      case T.bgpSession: {
        const local = known(r.props.localAsn);
        const peer = known(r.props.peerAsn);
        if (local !== undefined) report(r, checkAsnRange("localAsn", local));
        if (peer !== undefined) report(r, checkAsnRange("peerAsn", peer));
        if (local !== undefined && peer !== undefined) report(r, checkAsnsDiffer("peerAsn", peer, local, "localAsn"));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export const bgpAsnRules = stackPolicy<AllowConfig>({
  name: NAME,
  description: "BGP ASNs must be ones each cloud accepts, and the two ends of every eBGP session must differ.",
  enforcementLevel: "mandatory",
  remediationSteps:
    `Use private ASNs (${PRIVATE_ASN_RANGES_TEXT}) for amazon-side ASNs, avoid the ASNs Azure, IANA and AWS reserve ` +
    `(${RESERVED_ASNS_TEXT}), and give the AWS and Azure ends of each session different ASNs ` +
    `(crosscloud's defaults: ${AWS_DEFAULT_AMAZON_ASN} on AWS, ${AZURE_DEFAULT_ASN} on Azure).`,
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkBgpAsnRules,
});
