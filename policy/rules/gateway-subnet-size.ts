import { checkAzureSubnet, GATEWAY_SUBNET, parseCidr } from "crosscloud/sdk";
import { type RuleResource, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown, type Value, firstString, isValueObject, list, str, strings } from "./values";

/**
 * A GatewaySubnet of /27 or larger (sdk GATEWAY_SUBNET_MAX_PREFIX): Azure's recommendation for a VPN
 * gateway, and what an ExpressRoute gateway sharing the subnet (the prod design) needs. Checked on
 * `Subnet` resources named GatewaySubnet and on a VNet's inline `subnets` (skipping an inline entry
 * that a Subnet resource of the same VNet also declares, which Azure lists there once it exists).
 *
 * Advisory by default: Azure itself accepts down to /29 for a lone VPN gateway.
 */
export const NAME = "gateway-subnet-size";

export function checkGatewaySubnetSize(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  /** Prefixes declared by GatewaySubnet Subnet resources, to skip the same subnet listed inline by its VNet. */
  const standalone = new Set<string>();
  const check = (r: RuleResource, path: string, prefixes: readonly (string | Unknown)[]): void => {
    for (const p of prefixes) {
      if (out.blockedBy(p)) continue;
      const block = parseCidr(p);
      if (!block) continue;
      for (const i of checkAzureSubnet(path, GATEWAY_SUBNET, "gateway", block).filter((x) => x.code === "GATEWAY_SUBNET_TOO_SMALL")) {
        out.report(`${label(r)} ${i.path}: ${i.message}.`, r.urn);
      }
    }
  };
  const prefixesOf = (s: Value): (string | Unknown)[] => {
    const one = str(isValueObject(s) ? s.addressPrefix : undefined);
    const many = strings(isValueObject(s) ? s.addressPrefixes : undefined);
    return [...(one === undefined ? [] : [one]), ...(many === undefined ? [] : many instanceof Unknown ? [many] : many)];
  };

  const subnets = resources.filter((r) => r.type === T.azureSubnet && !isAllowed(r, config.allow));
  for (const r of subnets) {
    const name = firstString(r.props.name, r.props.subnetName);
    if (out.blockedBy(name) || name !== GATEWAY_SUBNET) continue;
    const prefixes = prefixesOf(r.props);
    prefixes.forEach((p) => typeof p === "string" && standalone.add(p));
    check(r, "addressPrefix", prefixes);
  }
  for (const r of resources) {
    if (r.type !== T.azureVnet || isAllowed(r, config.allow)) continue;
    const inline = list(r.props.subnets);
    if (inline === undefined || out.blockedBy(inline)) continue;
    inline.forEach((s, i) => {
      if (out.blockedBy(s) || !isValueObject(s)) return;
      const name = str(s.name);
      if (out.blockedBy(name) || name !== GATEWAY_SUBNET) return;
      const prefixes = prefixesOf(s).filter((p) => !(typeof p === "string" && standalone.has(p)));
      check(r, `subnets.${i} (GatewaySubnet)`, prefixes);
    });
  }
  return out;
}

export const gatewaySubnetSize = stackPolicy<AllowConfig>({
  name: NAME,
  description: "An Azure GatewaySubnet should be /27 or larger.",
  enforcementLevel: "advisory",
  remediationSteps:
    "Size GatewaySubnet /27 or larger (/26 when an ExpressRoute gateway with 16 circuits shares it). A gateway subnet cannot be resized " +
    "while a gateway uses it, so plan it before the 45-minute gateway build.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkGatewaySubnetSize,
});
