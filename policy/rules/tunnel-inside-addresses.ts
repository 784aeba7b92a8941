import {
  APIPA_TUNNEL_BLOCKS,
  AWS_RESERVED_INSIDE_CIDRS,
  AZURE_APIPA_FIRST,
  AZURE_APIPA_LAST,
  checkAwsInsideCidr,
  checkAzureCustomApipa,
  type Issue,
} from "crosscloud/sdk";
import { type RuleResource, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { type Value, get, isValueObject, list, str, strings } from "./values";

/**
 * Tunnel inside (APIPA) addresses each cloud accepts:
 *
 *   Azure  VPN gateway bgpSettings.bgpPeeringAddresses[].customBgpIpAddresses and connection
 *          gatewayCustomBgpIpAddresses[].customBgpIpAddress: inside AZURE_APIPA_FIRST–AZURE_APIPA_LAST
 *   AWS    VpnConnection tunnel1InsideCidr / tunnel2InsideCidr: a link-local /30 (LINK_LOCAL_CIDR), not one of
 *          the seven /30s AWS reserves (AWS_RESERVED_INSIDE_CIDRS); all in sdk/apipa.ts
 *
 * A tunnel whose inside CIDR is left unset gets a random /30 from AWS; that is not flagged here.
 */
export const NAME = "tunnel-inside-addresses";

export function checkTunnelInsideAddresses(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const report = (r: RuleResource, issues: readonly Issue[]): void => {
    for (const i of issues) out.report(`${label(r)} ${i.path}: ${i.message}.`, r.urn);
  };
  /** Checks each address of a list property; blocks on unknowns. */
  const addresses = (r: RuleResource, path: string, value: Value): void => {
    const items = strings(value);
    if (items === undefined || out.blockedBy(items)) return;
    items.forEach((a, i) => {
      if (!out.blockedBy(a)) report(r, checkAzureCustomApipa(`${path}.${i}`, a));
    });
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsVpnConnection:
        for (const n of [1, 2] as const) {
          const inside = str(r.props[`tunnel${n}InsideCidr`]);
          if (inside === undefined || out.blockedBy(inside)) continue;
          report(r, checkAwsInsideCidr(`tunnel${n}InsideCidr`, inside));
        }
        break;
      case T.azureVng: {
        const peers = list(get(r.props, "bgpSettings", "bgpPeeringAddresses"));
        if (peers === undefined || out.blockedBy(peers)) break;
        peers.forEach((p, i) => addresses(r, `bgpSettings.bgpPeeringAddresses.${i}.customBgpIpAddresses`, get(p, "customBgpIpAddresses")));
        break;
      }
      case T.azureConnection: {
        const custom = list(r.props.gatewayCustomBgpIpAddresses);
        if (custom === undefined || out.blockedBy(custom)) break;
        custom.forEach((c, i) => {
          if (!isValueObject(c)) return;
          const a = str(c.customBgpIpAddress);
          if (a === undefined || out.blockedBy(a)) return;
          report(r, checkAzureCustomApipa(`gatewayCustomBgpIpAddresses.${i}.customBgpIpAddress`, a));
        });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export const tunnelInsideAddresses = stackPolicy<AllowConfig>({
  name: NAME,
  description: `Tunnel inside addresses must be ones both clouds accept: Azure custom APIPA in ${AZURE_APIPA_FIRST}–${AZURE_APIPA_LAST}, AWS inside CIDRs /30s outside AWS's reserved blocks.`,
  enforcementLevel: "mandatory",
  remediationSteps:
    `Let crosscloud plan the inside /30s (${APIPA_TUNNEL_BLOCKS.t1} for tunnel 1, ${APIPA_TUNNEL_BLOCKS.t2} for tunnel 2), or pin /30s inside ${AZURE_APIPA_FIRST}–${AZURE_APIPA_LAST}: ` +
    `AWS takes the first usable address, Azure's custom APIPA the second. Never use ${AWS_RESERVED_INSIDE_CIDRS.join(", ")}.`,
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkTunnelInsideAddresses,
});
