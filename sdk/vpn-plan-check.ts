import { awsInsideAddress, azureInsideAddress, checkAzureCustomApipa, checkInsideCidr } from "./apipa";
import { AWS_VPN_BGP_HOLD_SECONDS, AZURE_VPN_BGP_HOLD_SECONDS } from "./bgp";
import { LabeledCidr, cidr, findOverlaps } from "./cidr";
import { Issue, issue, joinPath } from "./errors";
import { checkIpsecProfileName } from "./ipsec";
import { checkKey } from "./keys";
import {
  TunnelPlan,
  VPN_BGP_HOLD_SECONDS,
  VpnGatewaySku,
  VpnLayout,
  VpnPlan,
  checkTunnelCount,
  checkVpnAsns,
  checkVpnGatewaySku,
  checkVpnPrefixes,
  vpnGatewayGeneration,
} from "./vpn";

/**
 * Validates a VPN plan that is handed to a renderer (`SiteToSiteVpn`'s `plan`) instead of planned there.
 *
 * It never re-plans. It checks each value the rendering uses against the rule that value obeys, and each
 * relation between values that `planVpn` guarantees and the rendering relies on:
 *
 *   - the ASNs, the IPsec profile name, the SKU and its generation, the prefixes (as `planVpn` checks them);
 *   - instances = 2 exactly when active-active, one custom APIPA list per instance, each address in
 *     Azure's APIPA range and used once, more than one only on an active-active gateway;
 *   - connections: valid, unique keys on an existing instance, exactly tunnels t1 and t2 named
 *     `<key>-t1`/`<key>-t2`, each /30 a valid inside CIDR of its own, AWS on the first address and Azure on
 *     the second, the Azure address carried by the owning instance, and one `gatewayCustomBgpIpAddresses`
 *     entry per instance (the owner's is the tunnel's own APIPA, the others one of that instance's);
 *   - `tunnels` lists exactly the connections' tunnels; the SKU carries that many; the hold time is the
 *     one both clouds fix.
 *
 * A plan from `planVpn` without issues always passes (a property test holds it to that).
 */
export function checkVpnPlan(path: string, plan: VpnPlan): Issue[] {
  const at = (...parts: string[]): string => joinPath(path, ...parts);
  const issues: Issue[] = [];
  if (!(Object.values(VpnLayout) as string[]).includes(plan.layout)) {
    issues.push(issue(at("layout"), "VPN_LAYOUT", `"${String(plan.layout)}" is not a VPN layout; use "dev", "ha" or "custom"`));
  }
  // The route-server rule (the gateway must keep Azure's own ASN) needs to know about a Route Server, which
  // the plan does not record; every other ASN rule applies as planVpn applies it.
  issues.push(...checkVpnAsns({ awsAsn: plan.awsAsn, azureAsn: plan.azureAsn, awsRegion: plan.awsRegion, routeServer: false, awsAsnPath: at("awsAsn"), azureAsnPath: at("azureAsn") }));
  issues.push(...checkIpsecProfileName(at("ipsecProfile"), plan.ipsecProfile));
  const skuIssues = checkVpnGatewaySku(at("gatewaySku"), plan.gatewaySku);
  issues.push(...skuIssues);
  if (skuIssues.length === 0 && plan.gatewayGeneration !== vpnGatewayGeneration(plan.gatewaySku)) {
    issues.push(issue(at("gatewayGeneration"), "SKU_INVALID", `${String(plan.gatewayGeneration)} is not ${plan.gatewaySku}'s generation (${vpnGatewayGeneration(plan.gatewaySku)})`));
  }

  // --- the gateway's instances and their custom APIPA addresses ---------------------------------------
  const instances = plan.activeActive ? 2 : 1;
  if (plan.instances !== instances) {
    issues.push(issue(at("instances"), "VPN_LAYOUT", `${plan.instances} does not match activeActive ${plan.activeActive}: an active-active gateway has 2 instances, an active-standby one 1`));
  }
  if (plan.customBgpIpAddresses.length !== plan.instances) {
    issues.push(issue(at("customBgpIpAddresses"), "VPN_LAYOUT", `lists ${plan.customBgpIpAddresses.length} instance(s) for a gateway with ${plan.instances}; give one list per instance`));
  }
  const apipaOwner = new Map<string, string>();
  plan.customBgpIpAddresses.forEach((addresses, i) => {
    const here = at("customBgpIpAddresses", String(i));
    if (addresses.length === 0) issues.push(issue(here, "VPN_LAYOUT", `instance ${i} has no custom APIPA; every connection lists one per instance, so each instance needs at least one`));
    for (const address of addresses) {
      const problems = checkAzureCustomApipa(here, address);
      issues.push(...problems);
      const other = apipaOwner.get(address);
      if (problems.length === 0 && other !== undefined) issues.push(issue(here, "APIPA_DUPLICATE", `${address} is already listed for ${other}; each custom APIPA belongs to one instance, once`));
      apipaOwner.set(address, `instance ${i}`);
    }
  });
  if (!plan.activeActive && plan.customBgpIpAddresses.flat().length > 1) {
    issues.push(issue(at("activeActive"), "VPN_LAYOUT", `an active-standby gateway supports a single custom APIPA; this plan lists ${plan.customBgpIpAddresses.flat().length}`));
  }

  // --- connections and their tunnels -------------------------------------------------------------------
  if (plan.connections.length === 0) issues.push(issue(at("connections"), "VPN_LAYOUT", `a VPN plan needs at least one connection`));
  const seen = new Set<string>();
  const inside: LabeledCidr[] = [];
  for (const c of plan.connections) {
    const cPath = at("connections", c.key);
    issues.push(...checkKey(cPath, c.key));
    if (seen.has(c.key)) issues.push(issue(cPath, "KEY_INVALID", `connection "${c.key}" is listed twice`));
    seen.add(c.key);
    if (!Number.isInteger(c.azureInstance) || c.azureInstance < 0 || c.azureInstance >= plan.instances) {
      issues.push(issue(joinPath(cPath, "azureInstance"), "VPN_LAYOUT", `${c.azureInstance} is not one of the gateway's ${plan.instances} instance(s)`));
    }
    if (c.tunnels.length !== 2) {
      issues.push(issue(joinPath(cPath, "tunnels"), "VPN_LAYOUT", `lists ${c.tunnels.length} tunnel(s); an AWS VPN connection has exactly two, t1 and t2`));
      continue;
    }
    c.tunnels.forEach((t, index) => issues.push(...checkTunnel({ path: cPath, plan, key: c.key, instance: c.azureInstance, n: index + 1 }, t, inside)));
  }
  for (const pair of findOverlaps(inside)) issues.push(issue(pair.b.label, "APIPA_DUPLICATE", `${pair.b.cidr.text} is already used by ${pair.a.label}; every tunnel needs its own /30`));

  const tunnels = plan.connections.flatMap((c) => c.tunnels);
  if (plan.tunnels.length !== tunnels.length || plan.tunnels.some((t, i) => canonical(t) !== canonical(tunnels[i]))) {
    issues.push(issue(at("tunnels"), "VPN_LAYOUT", `must list exactly the connections' tunnels, in connection order (${tunnels.map((t) => t.key).join(", ") || "none"})`));
  }
  if (skuIssues.length === 0) issues.push(...checkTunnelCount(at("connections"), tunnels.length, plan.gatewaySku as VpnGatewaySku));
  issues.push(...checkVpnPrefixes(path, plan));
  if (plan.holdTimeSeconds !== VPN_BGP_HOLD_SECONDS) {
    issues.push(issue(at("holdTimeSeconds"), "VALUE_REQUIRED", `${plan.holdTimeSeconds} is not a VPN tunnel's hold time: AWS fixes ${AWS_VPN_BGP_HOLD_SECONDS} s and Azure ${AZURE_VPN_BGP_HOLD_SECONDS} s, so every session negotiates ${VPN_BGP_HOLD_SECONDS} s`));
  }
  return issues;
}

/** Tunnel `n` (1 or 2) of connection `key` (at `path`); records its /30 in `inside` for the overlap check. */
function checkTunnel(where: { readonly path: string; readonly plan: VpnPlan; readonly key: string; readonly instance: number; readonly n: number }, t: TunnelPlan, inside: LabeledCidr[]): Issue[] {
  const { plan, key, instance, n } = where;
  const tPath = joinPath(where.path, `t${n}`);
  const at = (field: string): string => joinPath(tPath, field);
  const issues: Issue[] = [];
  const expectedKey = `${key}-t${n}`;
  if (t.key !== expectedKey || t.connection !== key || t.awsTunnel !== n || t.azureInstance !== instance) {
    issues.push(
      issue(
        tPath,
        "VPN_LAYOUT",
        `tunnel ${n} of connection "${key}" must be key "${expectedKey}", connection "${key}", awsTunnel ${n}, azureInstance ${instance}; got "${t.key}", "${t.connection}", ${t.awsTunnel}, ${t.azureInstance}`,
      ),
    );
  }
  const cidrIssues = checkInsideCidr(at("insideCidr"), t.insideCidr);
  issues.push(...cidrIssues);
  if (cidrIssues.length === 0) {
    const block = cidr(t.insideCidr);
    inside.push({ label: at("insideCidr"), cidr: block });
    const aws = awsInsideAddress(block);
    const azure = azureInsideAddress(block);
    if (t.awsInsideAddress !== aws) issues.push(issue(at("awsInsideAddress"), "VPN_LAYOUT", `${t.awsInsideAddress} is not ${aws}, AWS's address (the first usable) in ${t.insideCidr}`));
    if (t.azureInsideAddress !== azure) issues.push(issue(at("azureInsideAddress"), "VPN_LAYOUT", `${t.azureInsideAddress} is not ${azure}, Azure's address (the second usable) in ${t.insideCidr}`));
    const own = plan.customBgpIpAddresses[instance];
    if (own !== undefined && !own.includes(azure)) issues.push(issue(at("azureInsideAddress"), "VPN_LAYOUT", `${azure} is not among instance ${instance}'s customBgpIpAddresses; the gateway must carry it for the tunnel's BGP session`));
    const entries = t.gatewayCustomBgpIpAddresses;
    if (entries.length !== plan.instances || entries.some((e, i) => e.instance !== i)) {
      issues.push(issue(at("gatewayCustomBgpIpAddresses"), "VPN_LAYOUT", `must list one address per gateway instance in instance order (${plan.instances} in all); Azure needs exactly that`));
    } else {
      for (const e of entries) {
        if (e.instance === instance && e.address !== azure) {
          issues.push(issue(at("gatewayCustomBgpIpAddresses"), "VPN_LAYOUT", `${e.address} is not ${azure}, Azure's address in ${t.insideCidr}; the owning instance must use the tunnel's own APIPA`));
        } else if (e.instance !== instance && !(plan.customBgpIpAddresses[e.instance] ?? []).includes(e.address)) {
          issues.push(issue(at("gatewayCustomBgpIpAddresses"), "VPN_LAYOUT", `${e.address} is not one of instance ${e.instance}'s customBgpIpAddresses`));
        }
      }
    }
  }
  return issues;
}

/** JSON with sorted keys: two tunnels are the same whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
