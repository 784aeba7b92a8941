import type { Policies } from "@pulumi/policy";
import { bgpAsnRules } from "./rules/bgp-asn-rules";
import { gatewaySubnetSize } from "./rules/gateway-subnet-size";
import { ipsecExplicitAndMatching } from "./rules/ipsec-explicit-and-matching";
import { noDefaultRouteAcrossInterconnect } from "./rules/no-default-route-across-interconnect";
import { noOverlappingCidrs } from "./rules/no-overlapping-cidrs";
import { prefixLimits } from "./rules/prefix-limits";
import { prodRequiresActiveActive } from "./rules/prod-requires-active-active";
import { pskMustBeSecret } from "./rules/psk-must-be-secret";
import { tunnelInsideAddresses } from "./rules/tunnel-inside-addresses";
import { noDefaultRouteViaRouters } from "./rules/no-default-route-via-routers";
import { wireGuardKeysMustBeSecret } from "./rules/wireguard-keys-must-be-secret";
import { wireGuardMtu } from "./rules/wireguard-mtu";
import { wireGuardPortNotPublic } from "./rules/wireguard-port-not-public";

/**
 * The pack's name as the Pulumi CLI shows it (`crosscloud@v<version>`). It must match
 * `^[a-zA-Z0-9-_.]{1,100}$` or @pulumi/policy refuses to serve the pack.
 */
export const packName = "crosscloud";

export { bgpAsnRules, checkBgpAsnRules } from "./rules/bgp-asn-rules";
export { checkGatewaySubnetSize, gatewaySubnetSize } from "./rules/gateway-subnet-size";
export { checkIpsecExplicitAndMatching, ipsecExplicitAndMatching } from "./rules/ipsec-explicit-and-matching";
export { checkNoDefaultRouteAcrossInterconnect, noDefaultRouteAcrossInterconnect } from "./rules/no-default-route-across-interconnect";
export { checkNoOverlappingCidrs, noOverlappingCidrs, type NoOverlappingCidrsConfig } from "./rules/no-overlapping-cidrs";
export { checkPrefixLimits, prefixLimits } from "./rules/prefix-limits";
export { checkProdRequiresActiveActive, prodRequiresActiveActive, type ProdRequiresActiveActiveConfig } from "./rules/prod-requires-active-active";
export { checkPskMustBeSecret, pskMustBeSecret } from "./rules/psk-must-be-secret";
export { checkTunnelInsideAddresses, tunnelInsideAddresses } from "./rules/tunnel-inside-addresses";
export { checkNoDefaultRouteViaRouters, noDefaultRouteViaRouters } from "./rules/no-default-route-via-routers";
export { checkWireGuardKeysMustBeSecret, wireGuardKeysMustBeSecret } from "./rules/wireguard-keys-must-be-secret";
export { checkWireGuardMtu, wireGuardMtu } from "./rules/wireguard-mtu";
export { checkWireGuardPortNotPublic, wireGuardPortNotPublic } from "./rules/wireguard-port-not-public";
export type { RuleResource } from "./rules/resources";
export type { AllowConfig, CrosscloudStackPolicy, Violation } from "./rules/stack-policy";

/**
 * Every policy of the pack, correctness and safety rules first. All are stack policies: each rule
 * needs more than one resource (a route and its target, a connection and its gateways, every
 * declared CIDR), and stack policies see outputs, which is what `crosscloud check` has too.
 */
export const policies: Policies = [
  noOverlappingCidrs,
  noDefaultRouteAcrossInterconnect,
  noDefaultRouteViaRouters,
  bgpAsnRules,
  tunnelInsideAddresses,
  ipsecExplicitAndMatching,
  pskMustBeSecret,
  wireGuardKeysMustBeSecret,
  wireGuardPortNotPublic,
  wireGuardMtu,
  prefixLimits,
  prodRequiresActiveActive,
  gatewaySubnetSize,
];
