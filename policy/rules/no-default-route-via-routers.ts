import { isDefaultRoute } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown, type Value, get, list, str } from "./values";

/**
 * No route table may send a default route (0.0.0.0/0 or ::/0) to a router: the WireGuard overlay's
 * routers (or any appliance that forwards, which is what makes it a router). It would pull all of that
 * VPC's or VNet's internet-bound traffic into the router and, with its BGP routes, across the overlay
 * to the other cloud. The overlay's own tables carry the other cloud's prefixes only. A router is:
 *
 *   AWS    an ENI with source/destination checking off, or an instance whose ENI has it off:
 *          `ec2.Route` / inline `ec2.RouteTable` routes with `networkInterfaceId` or `instanceId`
 *   Azure  a NIC with IP forwarding on: `network.Route` / inline `RouteTable` routes with nextHopType
 *          VirtualAppliance whose `nextHopIpAddress` is that NIC's private address
 *
 * A default route to an internet or NAT gateway is not flagged (the routers' own public subnets have one).
 * A deliberate exception (centralised egress through an appliance) goes in `allow`.
 */
export const NAME = "no-default-route-via-routers";

const WHY = "all of its internet-bound traffic would go to the router and, with the router's BGP routes, across the overlay";

/** The router an AWS route entry targets: the ENI or instance resource when it is one, the Unknown that blocks the answer, or undefined. */
function awsRouter(index: StackIndex, r: RuleResource, route: Value, depsKey: string): RuleResource | Unknown | undefined {
  for (const [field, type] of [["networkInterfaceId", T.awsNetworkInterface], ["instanceId", T.awsInstance]] as const) {
    const value = str(get(route, field));
    if (value === undefined || value === "") continue;
    // A known id names the target; an unknown one is whatever resource of that type it flows from.
    const candidates =
      typeof value === "string"
        ? index.withIdentity(value)
        : (r.propertyDependencies[depsKey === "" ? field : depsKey] ?? []).map((u) => index.byUrn.get(u)).filter((x): x is RuleResource => x !== undefined);
    const matching = [...new Set(candidates.filter((c) => c.type === type))];
    const target = matching.length === 1 ? matching[0] : undefined;
    if (target === undefined) return value instanceof Unknown ? value : undefined;
    const check = target.props.sourceDestCheck;
    if (check instanceof Unknown) return check;
    return check === false ? target : undefined;
  }
  return undefined;
}

/** Private addresses of NICs with IP forwarding on (Azure's routers), each with its NIC. */
function azureRouters(resources: readonly RuleResource[]): Map<string, RuleResource> {
  const out = new Map<string, RuleResource>();
  for (const nic of resources.filter((r) => r.type === T.azureNetworkInterface && r.props.enableIPForwarding === true)) {
    const configs = list(nic.props.ipConfigurations);
    if (!Array.isArray(configs)) continue;
    for (const c of configs as readonly Value[]) {
      const ip = str(get(c, "privateIPAddress"));
      if (typeof ip === "string") out.set(ip, nic);
    }
  }
  return out;
}

export function checkNoDefaultRouteViaRouters(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  const forwarding = azureRouters(resources);

  const aws = (r: RuleResource, route: Value, destKeys: readonly string[], depsKey: string, where: string): void => {
    const router = awsRouter(index, r, route, depsKey);
    if (router === undefined) return;
    for (const key of destKeys) {
      const dest = str(get(route, key));
      if (dest === undefined || (typeof dest === "string" && !isDefaultRoute(dest))) continue;
      if (out.blockedBy(dest) || out.blockedBy(router)) continue;
      out.report(`${label(r)} ${where}sends ${dest} to the router ${label(router)}; ${WHY}.`, r.urn);
    }
  };
  const azure = (r: RuleResource, route: Value, depsKey: string, where: string): void => {
    const dest = str(get(route, "addressPrefix"));
    if (dest === undefined || (typeof dest === "string" && !isDefaultRoute(dest))) return;
    const hop = str(get(route, "nextHopType"));
    if (hop === undefined || (typeof hop === "string" && hop !== "VirtualAppliance")) return;
    const ip = str(get(route, "nextHopIpAddress"));
    if (ip === undefined || out.blockedBy(dest) || out.blockedBy(hop)) return;
    let router: RuleResource | undefined;
    if (ip instanceof Unknown) {
      // Not known yet: where it comes from says whether it is a forwarding NIC's address.
      router = (r.propertyDependencies[depsKey] ?? []).map((u) => index.byUrn.get(u)).find((x) => x?.type === T.azureNetworkInterface && x.props.enableIPForwarding === true);
      if (router === undefined && (r.propertyDependencies[depsKey] ?? []).length === 0) out.blockedBy(ip);
    } else {
      router = forwarding.get(ip);
    }
    if (router) out.report(`${label(r)} ${where}sends ${dest} to the router ${label(router)} (VirtualAppliance ${typeof ip === "string" ? ip : "next hop"}); ${WHY}.`, r.urn);
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsRoute:
        aws(r, r.props, ["destinationCidrBlock", "destinationIpv6CidrBlock"], "", "");
        break;
      case T.awsRouteTable: {
        const routes = list(r.props.routes);
        if (routes === undefined || out.blockedBy(routes)) break;
        routes.forEach((route, i) => aws(r, route, ["cidrBlock", "ipv6CidrBlock"], "routes", `routes.${i} `));
        break;
      }
      case T.azureRoute:
        azure(r, r.props, "nextHopIpAddress", "");
        break;
      case T.azureRouteTable: {
        const routes = list(r.props.routes);
        if (routes === undefined || out.blockedBy(routes)) break;
        routes.forEach((route, i) => azure(r, route, "routes", `routes.${i} `));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export const noDefaultRouteViaRouters = stackPolicy<AllowConfig>({
  name: NAME,
  description: "No route table may send a default route (0.0.0.0/0 or ::/0) to a router (an overlay router, or any forwarding ENI/NIC).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Route only the other cloud's prefixes to the routers (WireGuardOverlay's route tables do), and keep the VPC's and VNet's default route on their internet or NAT gateway. " +
    "For deliberate centralised egress through an appliance, list the route or route table's URN or name in the policy's `allow` config.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkNoDefaultRouteViaRouters,
});
