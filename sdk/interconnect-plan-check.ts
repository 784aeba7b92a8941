import { LabeledCidr, checkCidr, cidr, hostAt, isDefaultRoute } from "./cidr";
import { Issue, issue, joinPath } from "./errors";
import { InterconnectPlan, PeeringLink, checkDirectConnectValues, checkExpressRouteValues, checkInterconnectPrefixes, checkPeeringLinks, checkTransitVifOffer } from "./interconnect";

/**
 * Validates an interconnect plan that is handed to a renderer (`ExpressRouteInterconnect`'s `plan`)
 * instead of planned there. It never re-plans: it applies the same rules `planInterconnect` applies to
 * its input to the plan's values (circuit, gateway, ASNs, VLANs, MTU, allowed prefixes, the preference
 * rule, the three /30s and their overlaps), and checks what the planner derives and the rendering uses:
 * the SKU name, each link's router/cloud addresses, the DX API's address/prefix forms, and that a key
 * is only planned for a peering we create. A plan from `planInterconnect` always passes.
 */
export function checkInterconnectPlan(path: string, plan: InterconnectPlan): Issue[] {
  const er = plan.expressRoute;
  const dx = plan.directConnect;
  const erPath = joinPath(path, "expressRoute");
  const dxPath = joinPath(path, "directConnect");
  const issues: Issue[] = [];

  issues.push(...checkExpressRouteValues(erPath, er));
  if (er.skuName !== `${er.skuTier}_${er.skuFamily}`) {
    issues.push(issue(`${erPath}.skuName`, "SKU_INVALID", `"${er.skuName}" is not ${er.skuTier}_${er.skuFamily}, the SKU name of the plan's tier and family`));
  }
  if (er.bgpAuth && er.providerManagedPeering) {
    issues.push(issue(`${erPath}.bgpAuth`, "VALUE_REQUIRED", `the provider manages the private peering, so there is no peering of ours to protect with a key; set bgpAuth to false`));
  }
  issues.push(...checkDirectConnectValues(dxPath, dx, { transitGatewayAsnPath: `${dxPath}.transitGatewayAsn`, vpnAdvertised: plan.awsPrefixes }));
  if (dx.mode === "accept" && dx.vlan !== undefined) {
    issues.push(issue(`${dxPath}.vlan`, "VALUE_REQUIRED", `the partner chose the VLAN of a hosted VIF; a plan that accepts one gives none`));
  }
  issues.push(...checkInterconnectPrefixes(path, plan));
  issues.push(
    ...checkTransitVifOffer(er.serviceProviderName, dx.mode, { hostedPath: `${dxPath}.mode`, connection: "a connection id", confirm: `${dxPath}.confirmHostedConnection`, vlan: `${dxPath}.vlan` }),
  );

  const links: { readonly path: string; readonly link: PeeringLink }[] = [
    { path: `${erPath}.primary`, link: er.primary },
    { path: `${erPath}.secondary`, link: er.secondary },
    { path: `${dxPath}.link`, link: dx.link },
  ];
  const networks: LabeledCidr[] = (["awsPrefixes", "azurePrefixes"] as const).flatMap((field) =>
    plan[field].flatMap((p, i) => (!isDefaultRoute(p) && checkCidr("", p).length === 0 ? [{ label: joinPath(path, field, String(i)), cidr: cidr(p) }] : [])),
  );
  const linkIssues = checkPeeringLinks(
    links.map((l) => ({ path: `${l.path}.cidr`, cidr: l.link.cidr })),
    networks,
  );
  issues.push(...linkIssues);
  for (const { path: at, link } of links) {
    if (checkCidr("", link.cidr).length > 0 || cidr(link.cidr).prefixLength !== 30) continue;
    const block = cidr(link.cidr);
    if (link.routerAddress !== hostAt(block, 1)) issues.push(issue(`${at}.routerAddress`, "VALUE_REQUIRED", `${link.routerAddress} is not ${hostAt(block, 1)}, the router's (first usable) address in ${link.cidr}`));
    if (link.cloudAddress !== hostAt(block, 2)) issues.push(issue(`${at}.cloudAddress`, "VALUE_REQUIRED", `${link.cloudAddress} is not ${hostAt(block, 2)}, the cloud's (second usable) address in ${link.cidr}`));
  }
  if (dx.amazonAddress !== `${dx.link.cloudAddress}/30`) issues.push(issue(`${dxPath}.amazonAddress`, "VALUE_REQUIRED", `${dx.amazonAddress} is not ${dx.link.cloudAddress}/30, the link's cloud address`));
  if (dx.customerAddress !== `${dx.link.routerAddress}/30`) issues.push(issue(`${dxPath}.customerAddress`, "VALUE_REQUIRED", `${dx.customerAddress} is not ${dx.link.routerAddress}/30, the link's router address`));
  return issues;
}
