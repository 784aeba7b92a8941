import { checkAllowedPrefixes, checkVpnPrefixCounts } from "crosscloud/sdk";
import { type RuleResource, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown, get, list, str, strings } from "./values";

/**
 * Advertised prefix counts within what the receiving side accepts:
 *
 *   toward an AWS VPN   at most 100 routes per VPN connection from the customer gateway
 *                       (AWS_VPN_MAX_ROUTES_FROM_CGW), counted two ways:
 *                       - a crosscloud VPN BgpSession's acceptedPrefixes (its local side is AWS);
 *                       - every VNet address prefix in the stack, an upper bound of what the Azure
 *                         gateway advertises (its VNet plus peered VNets), checked against each
 *                         BGP VpnConnection in the stack;
 *   toward Azure        at most 4000 (a VPN BgpSession's advertisedPrefixes);
 *   over Direct Connect at most 20 allowed prefixes on a DX gateway association (AWS quota).
 *
 * Counting needs only the length of a list, so unknown entries do not block it.
 */
export const NAME = "prefix-limits";

const SESSION_PATHS: Readonly<Record<string, string>> = { azurePrefixes: "acceptedPrefixes", awsPrefixes: "advertisedPrefixes" };

export function checkPrefixLimits(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  /** A list as strings for counting (unknown entries counted as placeholders); undefined when absent or wholly unknown. */
  const counted = (value: ReturnType<typeof list>): string[] | undefined => {
    if (value === undefined || out.blockedBy(value)) return undefined;
    return value.map((v, i) => (typeof v === "string" ? v : `unknown-${i}`));
  };

  const vnetPrefixes = new Set<string>();
  /** Unknown VNet prefixes (whole lists count as one): they may push the count over. */
  const vnetUnknowns: Unknown[] = [];
  for (const r of resources) {
    if (r.type !== T.azureVnet) continue;
    const prefixes = strings(get(r.props, "addressSpace", "addressPrefixes"));
    if (prefixes instanceof Unknown) {
      vnetUnknowns.push(prefixes);
      continue;
    }
    for (const p of prefixes ?? []) {
      if (typeof p === "string") vnetPrefixes.add(p);
      else vnetUnknowns.push(p);
    }
  }

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.bgpSession: {
        const carrier = str(r.props.carrier);
        if (carrier === undefined || out.blockedBy(carrier) || carrier !== "vpn") break;
        const accepted = counted(list(r.props.acceptedPrefixes));
        const advertised = counted(list(r.props.advertisedPrefixes));
        for (const i of checkVpnPrefixCounts({ path: "", ...(accepted ? { azurePrefixes: accepted } : {}), ...(advertised ? { awsPrefixes: advertised } : {}) })) {
          out.report(`${label(r)} ${SESSION_PATHS[i.path] ?? i.path}: ${i.message}.`, r.urn);
        }
        break;
      }
      case T.awsVpnConnection: {
        if (r.props.staticRoutesOnly === true) break;
        const issues = checkVpnPrefixCounts({ path: "", azurePrefixes: [...vnetPrefixes] });
        const withUnknowns = [...vnetPrefixes, ...vnetUnknowns.map((u) => u.path)];
        if (issues.length === 0 && checkVpnPrefixCounts({ path: "", azurePrefixes: withUnknowns }).length > 0 && out.blockedBy(vnetUnknowns[0])) break;
        for (const i of issues) {
          out.report(`${label(r)}: the stack's VNets hold ${vnetPrefixes.size} address prefixes, all advertised by an Azure gateway that reaches them; ${i.message}.`, r.urn);
        }
        break;
      }
      case T.awsDxGatewayAssociation:
      case T.awsDxGatewayAssociationProposal: {
        const allowed = counted(list(r.props.allowedPrefixes));
        if (allowed === undefined) break;
        for (const i of checkAllowedPrefixes("allowedPrefixes", allowed).filter((x) => x.code === "PREFIX_LIMIT")) {
          out.report(`${label(r)} ${i.path}: ${i.message}.`, r.urn);
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export const prefixLimits = stackPolicy<AllowConfig>({
  name: NAME,
  description: "Advertised prefix counts must stay within the receiving side's limit (100 into an AWS VPN, 4000 into Azure's VPN gateway, 20 allowed prefixes on a DX gateway association).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Summarise: give each cloud one or a few supernets (e.g. one /16 per VNet range instead of many /24s), and list summaries in DX allowed prefixes. " +
    "Over the limit, AWS drops the BGP session of the VPN connection and the tunnel carries nothing.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkPrefixLimits,
});
