import { checkNoDefaultRoute, isDefaultRoute } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown, type Value, get, isValueObject, list, str, strings } from "./values";

/**
 * No default route (0.0.0.0/0 or ::/0) may cross between the clouds. It would pull all of one
 * cloud's Internet-bound traffic through the other (and through the VPN/ExpressRoute bill), and
 * the lab's FRR filters drop it for the same reason. Every place a default can cross is checked:
 *
 *   AWS    ec2.Route / ec2.RouteTable routes → VGW (`gatewayId` vgw-…) or TGW (`transitGatewayId`)
 *          ec2transitgateway.Route (not blackhole)   ec2.VpnConnectionRoute
 *          directconnect.GatewayAssociation(Proposal) allowedPrefixes
 *   Azure  network.Route / RouteTable routes with nextHopType VirtualNetworkGateway
 *          LocalNetworkGateway address space   VirtualNetworkGateway gatewayDefaultSite (forced tunnelling)
 *   BGP    crosscloud BgpSession advertisedPrefixes / acceptedPrefixes
 *
 * A VPN connection's `localIpv4NetworkCidr`/`remoteIpv4NetworkCidr` of 0.0.0.0/0 are traffic
 * selectors (AWS's default for route-based VPNs), not routes, and are never flagged; nor is a
 * default route to an Internet or NAT gateway.
 */
export const NAME = "no-default-route-across-interconnect";

const WHY = "a default route across the interconnect would pull all of one cloud's Internet-bound traffic into the other";

/**
 * Whether an AWS route entry's target is on the interconnect (a TGW, or a VGW: `gatewayId` vgw-…):
 * true, false, or the Unknown that blocks the answer. `depsKey` is the property whose dependencies
 * say where an unknown `gatewayId` came from (`gatewayId` for a Route, `routes` for inline routes).
 */
function awsTargetCrosses(index: StackIndex, r: RuleResource, route: Value, depsKey: string): boolean | Unknown {
  const tgw = get(route, "transitGatewayId");
  if (tgw instanceof Unknown || (typeof tgw === "string" && tgw !== "")) return true;
  const gw = str(get(route, "gatewayId"));
  if (typeof gw === "string") return gw.startsWith("vgw-");
  if (gw instanceof Unknown) {
    // Unknown during a preview (the gateway is being created): where it came from tells what it is.
    const target = index.resolve(r, depsKey, [T.awsVpnGateway, T.awsInternetGateway, T.awsEgressOnlyInternetGateway]);
    return target === undefined ? gw : target.type === T.awsVpnGateway;
  }
  return false;
}

/**
 * Checks one AWS route entry: reports a default destination toward the interconnect. The target is
 * decided first, so an unknown destination of a route to an Internet gateway blocks nothing.
 */
function awsRoute(out: Outcome, index: StackIndex, r: RuleResource, route: Value, opts: { readonly destKeys: readonly string[]; readonly depsKey: string; readonly where: string }): void {
  const crosses = awsTargetCrosses(index, r, route, opts.depsKey);
  if (crosses === false) return;
  for (const dest of destinations(route, opts.destKeys)) {
    if (typeof dest === "string" && !isDefaultRoute(dest)) continue;
    if (out.blockedBy(dest) || out.blockedBy(crosses)) continue;
    out.report(`${label(r)} ${opts.where}routes ${dest} to ${targetText(route)}; ${WHY}.`, r.urn);
  }
}

function destinations(route: Value, keys: readonly string[]): (string | Unknown)[] {
  return keys.map((k) => str(get(route, k))).filter((d): d is string | Unknown => d !== undefined);
}

export function checkNoDefaultRouteAcrossInterconnect(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  /** Flags `prefixes` (a list property) holding a default route. */
  const prefixList = (r: RuleResource, path: string, value: Value, what: string): void => {
    const prefixes = strings(value);
    if (prefixes === undefined || out.blockedBy(prefixes)) return;
    const known = prefixes.filter((p): p is string => typeof p === "string");
    prefixes.filter((p): p is Unknown => p instanceof Unknown).forEach((u) => out.blockedBy(u));
    for (const i of checkNoDefaultRoute(path, known)) out.report(`${label(r)} ${what} ${i.path}: ${i.message}.`, r.urn);
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsRoute:
        awsRoute(out, index, r, r.props, { destKeys: ["destinationCidrBlock", "destinationIpv6CidrBlock"], depsKey: "gatewayId", where: "" });
        break;
      case T.awsRouteTable: {
        const routes = list(r.props.routes);
        if (routes === undefined || out.blockedBy(routes)) break;
        routes.forEach((route, i) => awsRoute(out, index, r, route, { destKeys: ["cidrBlock", "ipv6CidrBlock"], depsKey: "routes", where: `routes.${i} ` }));
        break;
      }
      case T.awsTgwRoute: {
        // A blackhole default drops traffic instead of sending it anywhere: nothing crosses.
        if (r.props.blackhole === true) break;
        const dest = str(r.props.destinationCidrBlock);
        if (dest === undefined || out.blockedBy(dest) || !isDefaultRoute(dest)) break;
        if (out.blockedBy(r.props.blackhole)) break;
        out.report(`${label(r)} puts ${dest} in a transit gateway route table; ${WHY}.`, r.urn);
        break;
      }
      case T.awsVpnConnectionRoute: {
        const dest = str(r.props.destinationCidrBlock);
        if (dest === undefined || out.blockedBy(dest) || !isDefaultRoute(dest)) break;
        out.report(`${label(r)} sends ${dest} over the VPN connection; ${WHY}.`, r.urn);
        break;
      }
      case T.awsDxGatewayAssociation:
      case T.awsDxGatewayAssociationProposal:
        prefixList(r, "allowedPrefixes", r.props.allowedPrefixes, "advertises over Direct Connect");
        break;
      case T.azureRoute:
        azureRoute(out, r, r.props, "");
        break;
      case T.azureRouteTable: {
        const routes = list(r.props.routes);
        if (routes === undefined || out.blockedBy(routes)) break;
        routes.forEach((route, i) => azureRoute(out, r, route, `routes.${i} `));
        break;
      }
      case T.azureLng:
        prefixList(r, "localNetworkAddressSpace.addressPrefixes", get(r.props, "localNetworkAddressSpace", "addressPrefixes"), "routes to the remote site");
        break;
      case T.azureVng: {
        const site = r.props.gatewayDefaultSite;
        if (site === undefined || site === null || out.blockedBy(site)) break;
        if (isValueObject(site) && (site.id === undefined || site.id === null || site.id === "")) break;
        out.report(`${label(r)} sets gatewayDefaultSite (forced tunnelling): Azure sends the VNet's 0.0.0.0/0 traffic to that site; ${WHY}.`, r.urn);
        break;
      }
      case T.bgpSession:
        prefixList(r, "advertisedPrefixes", r.props.advertisedPrefixes, "advertises");
        prefixList(r, "acceptedPrefixes", r.props.acceptedPrefixes, "expects its peer to advertise (accepts)");
        break;
      default:
        break;
    }
  }
  return out;
}

function targetText(route: Value): string {
  const tgw = str(get(route, "transitGatewayId"));
  if (tgw !== undefined) return typeof tgw === "string" ? `transit gateway ${tgw}` : "a transit gateway";
  const gw = str(get(route, "gatewayId"));
  return typeof gw === "string" ? `virtual private gateway ${gw}` : "a virtual private gateway";
}

function azureRoute(out: Outcome, r: RuleResource, route: Value, where: string): void {
  const dest = str(get(route, "addressPrefix"));
  if (dest === undefined || out.blockedBy(dest) || !isDefaultRoute(dest)) return;
  const hop = str(get(route, "nextHopType"));
  if (hop === undefined || out.blockedBy(hop) || hop !== "VirtualNetworkGateway") return;
  out.report(`${label(r)} ${where}sends ${dest} to the VirtualNetworkGateway (the VPN/ExpressRoute gateway); ${WHY}.`, r.urn);
}

export const noDefaultRouteAcrossInterconnect = stackPolicy<AllowConfig>({
  name: NAME,
  description: "No default route (0.0.0.0/0 or ::/0) may cross the AWS <-> Azure interconnect.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Route only the other cloud's prefixes across the link: remove the default route (or narrow it to the remote CIDRs), " +
    "drop 0.0.0.0/0 from allowed/advertised prefixes and local network gateway address spaces, and unset gatewayDefaultSite. " +
    "For a deliberate exception (e.g. centralised egress through the other cloud) list the resource's URN or name in the policy's `allow` config.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkNoDefaultRouteAcrossInterconnect,
});
