import { AZURE_ALERT_HEALTHY, AlarmNames, CLOUDWATCH_ALARM_OK, DayTwoManifest, DayTwoTunnel, LINK_LOCAL, contains, isDefaultRoute, parseArmId, parseCidr } from "../sdk";
import { AwsFacts, AzureFacts, AzureRouteFacts, CheckResult, CheckStatus, Unreadable } from "./facts";

/**
 * The checks `crosscloud verify` runs on what it read, mirroring the lab's (lab/checks): every tunnel up,
 * every BGP peer connected, each side learning exactly the other's planned prefixes and no default route,
 * the interconnect carrying the spoke prefixes where there is one, and every alarm present and OK.
 * Pure: facts in, verdicts with their evidence out.
 */

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const result = (id: string, title: string, pass: boolean, evidence: string[]): CheckResult => ({ id, title, status: pass ? CheckStatus.Pass : CheckStatus.Fail, evidence });
const skip = (id: string, title: string, evidence: string[]): CheckResult => ({ id, title, status: CheckStatus.Skip, evidence });

/** Evidence lines for facts that could not be read and that a check needed. */
function unreadable(list: readonly Unreadable[], ...what: string[]): string[] {
  return list.filter((u) => what.some((w) => u.what.startsWith(w))).map((u) => `could not read ${u.what}: ${u.error}`);
}

/** Link-local host routes are the BGP endpoints themselves (the tunnels' inside addresses), not prefixes. */
const isLinkLocalHost = (prefix: string): boolean => {
  const block = parseCidr(prefix);
  return block !== undefined && block.prefixLength === 32 && contains(LINK_LOCAL, block);
};

/** Compares what a side learned with what the plan says it must learn: exactly that, and never a default route. */
export function comparePrefixes(learned: readonly string[], expected: readonly string[]): { ok: boolean; lines: string[] } {
  const got = new Set(learned.filter((p) => !isLinkLocalHost(p)));
  const want = new Set(expected);
  const missing = [...want].filter((p) => !got.has(p)).sort();
  const extra = [...got].filter((p) => !want.has(p) && !isDefaultRoute(p)).sort();
  const defaults = [...got].filter(isDefaultRoute);
  const lines: string[] = [];
  if (defaults.length > 0) lines.push(`default route learned: ${defaults.join(", ")}`);
  if (missing.length > 0) lines.push(`missing: ${missing.join(", ")}`);
  if (extra.length > 0) lines.push(`unexpected: ${extra.join(", ")}`);
  return { ok: defaults.length === 0 && missing.length === 0 && extra.length === 0, lines };
}

function tunnelUp(m: DayTwoManifest, aws: AwsFacts, azure: AzureFacts, t: DayTwoTunnel): CheckResult {
  const id = `tunnel-up:${t.key}`;
  const title = `tunnel ${t.key} is up on both clouds`;
  const vpnId = m.aws.vpnConnectionIds[t.connection] ?? "";
  const evidence: string[] = [];
  const vpn = aws.vpnConnections.find((c) => c.id === vpnId);
  const tel = vpn?.telemetry.find((x) => x.outsideIpAddress === t.awsOutsideAddress);
  if (tel) {
    evidence.push(`AWS ${vpnId} tunnel ${t.awsOutsideAddress}: ${tel.status}${tel.statusMessage ? ` (${tel.statusMessage})` : ""}${tel.lastStatusChange ? ` since ${tel.lastStatusChange}` : ""}`);
  } else {
    evidence.push(vpn ? `AWS ${vpnId} reports no tunnel ${t.awsOutsideAddress}` : `AWS VPN connection ${vpnId} not found`, ...unreadable(aws.unreadable, "DescribeVpnConnections"));
  }
  const conn = azure.connections.find((c) => sameId(c.id, t.azureConnectionId));
  const connName = parseArmId(t.azureConnectionId)?.name ?? t.azureConnectionId;
  if (conn) {
    const perInstance = conn.tunnels.map((x) => `${x.tunnel} ${x.status}`).join(", ");
    evidence.push(`Azure ${conn.name}: ${conn.status}${perInstance ? ` (${perInstance})` : ""}`);
  } else {
    evidence.push(`Azure connection ${connName} not found`, ...unreadable(azure.unreadable, `connection ${connName}`));
  }
  return result(id, title, tel?.status === "UP" && conn?.status === "Connected", evidence);
}

function bgpPeer(aws: AwsFacts, azure: AzureFacts, m: DayTwoManifest, t: DayTwoTunnel): CheckResult {
  const id = `bgp-peer:${t.key}`;
  const title = `BGP peer ${t.awsInsideAddress} (tunnel ${t.key}) is Connected`;
  const entries = azure.peers.filter((p) => p.neighbor === t.awsInsideAddress);
  const evidence = entries.map(
    (p) =>
      `Azure gateway ${p.localAddress || "?"} → ${p.neighbor} (AS ${p.asn ?? "?"}): ${p.state}` +
      (p.state === "Connected" ? `, ${p.routesReceived ?? 0} route(s) received, up ${p.connectedDuration ?? "?"}` : "") +
      (p.state !== "Connected" && entries.some((e) => e.state === "Connected") ? " (the other gateway instance: idle by design)" : ""),
  );
  if (entries.length === 0) evidence.push(`Azure gateway reports no BGP peer ${t.awsInsideAddress}`, ...unreadable(azure.unreadable, "getBgpPeerStatus"));
  const tel = aws.vpnConnections.find((c) => c.id === m.aws.vpnConnectionIds[t.connection])?.telemetry.find((x) => x.outsideIpAddress === t.awsOutsideAddress);
  if (tel) evidence.push(`AWS tunnel ${t.awsOutsideAddress}: ${tel.acceptedRouteCount} route(s) accepted`);
  return result(id, title, entries.some((p) => p.state === "Connected"), evidence);
}

function awsLearnsAzure(m: DayTwoManifest, aws: AwsFacts): CheckResult {
  const id = "aws-learns-azure";
  const expected = m.prefixes.azure;
  const title = `AWS learns exactly Azure's prefixes (${expected.join(", ")}) and no default route`;
  const evidence: string[] = [];
  let ok = true;
  const tables = m.aws.attachment === "vgw" ? (m.aws.vpcRouteTableIds ?? []) : [m.aws.spokesRouteTableId ?? ""];
  for (const table of tables) {
    const routes = aws.learnedRoutes.filter((r) => r.table === table && r.state === "active" && (r.carrier === "vgw" || r.carrier === "vpn" || r.carrier === "direct-connect-gateway"));
    const cmp = comparePrefixes([...new Set(routes.map((r) => r.destination))], expected);
    ok &&= cmp.ok;
    const seen = [...new Set(routes.map((r) => `${r.destination} via ${r.via}`))].sort();
    evidence.push(`${table}: ${seen.length > 0 ? seen.join(", ") : "no routes from Azure"}`, ...cmp.lines.map((l) => `${table}: ${l}`));
  }
  // Each tunnel's own count: more routes than planned is a prefix too many even if a table filters it.
  for (const c of aws.vpnConnections) {
    for (const tel of c.telemetry.filter((x) => x.status === "UP")) {
      if (tel.acceptedRouteCount !== expected.length) {
        ok = false;
        evidence.push(`${c.id} tunnel ${tel.outsideIpAddress} accepted ${tel.acceptedRouteCount} route(s); the plan has Azure advertise ${expected.length}`);
      }
    }
  }
  const problems = unreadable(aws.unreadable, "DescribeRouteTables", "SearchTransitGatewayRoutes", "DescribeVpnConnections");
  return result(id, title, ok && problems.length === 0, [...evidence, ...problems]);
}

const learnedFromBgp = (routes: readonly AzureRouteFacts[]): AzureRouteFacts[] => routes.filter((r) => r.origin === "EBgp" || r.origin === "IBgp");

function azureLearnsAws(m: DayTwoManifest, azure: AzureFacts): CheckResult {
  const id = "azure-learns-aws";
  const expected = m.prefixes.aws;
  const title = `Azure learns exactly AWS's prefixes (${expected.join(", ")}) and no default route`;
  const bgp = learnedFromBgp(azure.learned);
  const cmp = comparePrefixes([...new Set(bgp.map((r) => r.network))], expected);
  const seen = [...new Set(bgp.map((r) => `${r.network} from ${r.sourcePeer} (${r.origin}${r.asPath ? `, AS path ${r.asPath}` : ""})`))].sort();
  const problems = unreadable(azure.unreadable, "getLearnedRoutes");
  return result(id, title, cmp.ok && problems.length === 0, [`VPN gateway learned: ${seen.length > 0 ? seen.join("; ") : "nothing over BGP"}`, ...cmp.lines, ...problems]);
}

function azureAdvertises(m: DayTwoManifest, azure: AzureFacts): CheckResult {
  const id = "azure-advertises";
  const expected = m.prefixes.azure;
  const title = `Azure advertises exactly its prefixes (${expected.join(", ")}) to every AWS peer in use`;
  const evidence: string[] = [];
  let ok = true;
  for (const t of m.tunnels) {
    const adv = azure.advertised.find((a) => a.peer === t.awsInsideAddress);
    if (!adv) {
      ok = false;
      evidence.push(`to ${t.awsInsideAddress}: not read`, ...unreadable(azure.unreadable, `getAdvertisedRoutes ${t.awsInsideAddress}`));
      continue;
    }
    const cmp = comparePrefixes([...new Set(adv.routes.map((r) => r.network))], expected);
    ok &&= cmp.ok;
    evidence.push(`to ${t.awsInsideAddress}: ${[...new Set(adv.routes.map((r) => r.network))].sort().join(", ") || "nothing"}`, ...cmp.lines.map((l) => `to ${t.awsInsideAddress}: ${l}`));
  }
  return result(id, title, ok, evidence);
}

function interconnect(m: DayTwoManifest, aws: AwsFacts, azure: AzureFacts): CheckResult[] {
  const er = m.azure.expressRoute;
  if (!er) return [];
  const circuitName = parseArmId(er.circuitId)?.name ?? er.circuitId;
  if (!er.provisioned) {
    const state = azure.expressRoute ? ` (Azure reports the circuit ${azure.expressRoute.serviceProviderProvisioningState})` : "";
    const why = `ExpressRoute circuit ${circuitName} is awaiting the provider${state}: the stack has no gateway connection yet, so the VPN carries all traffic`;
    return [skip("interconnect", "the interconnect is the active path for the spoke prefixes", [why])];
  }
  const out: CheckResult[] = [];
  const f = azure.expressRoute;
  {
    const evidence: string[] = [];
    let ok = f !== undefined;
    if (f) {
      evidence.push(`circuit ${f.circuitName}: ${f.serviceProviderProvisioningState}`);
      evidence.push(`AzurePrivatePeering: ${f.privatePeeringState ?? "absent"} (admin state; BGP below)`);
      ok = f.serviceProviderProvisioningState === "Provisioned" && f.privatePeeringState === "Enabled";
      for (const p of f.gatewayPeers) evidence.push(`ExpressRoute gateway ${p.localAddress || "?"} → ${p.neighbor} (AS ${p.asn ?? "?"}): ${p.state}`);
      if (f.gatewayPeers.length === 0) evidence.push("the ExpressRoute gateway reports no BGP peer");
      ok &&= f.gatewayPeers.length > 0 && f.gatewayPeers.every((p) => p.state === "Connected");
    }
    const problems = unreadable(azure.unreadable, "ExpressRoute");
    out.push(result("expressroute-peering", `ExpressRoute private peering of ${circuitName} is up`, ok && problems.length === 0, [...evidence, ...problems]));
  }
  const vifId = m.aws.dxVirtualInterfaceId;
  if (vifId !== undefined) {
    const v = aws.virtualInterface;
    const evidence = v ? [`${v.id}: ${v.state}`, ...v.bgpPeers.map((p) => `BGP peer ${p.address}: ${p.bgpStatus} (${p.bgpPeerState})`)] : [`transit VIF ${vifId} not found`];
    const ok = v !== undefined && v.state === "available" && v.bgpPeers.length > 0 && v.bgpPeers.every((p) => p.bgpStatus === "up");
    out.push(result("dx-vif", `Direct Connect transit VIF ${vifId} is available with BGP up`, ok, [...evidence, ...unreadable(aws.unreadable, "DescribeVirtualInterfaces")]));
  }
  {
    const table = m.aws.spokesRouteTableId ?? "";
    const evidence: string[] = [];
    let ok = true;
    for (const prefix of m.prefixes.azure) {
      const carriers = [...new Set(aws.learnedRoutes.filter((r) => r.table === table && r.destination === prefix && r.state === "active").map((r) => r.carrier))].sort();
      const viaDx = carriers.length > 0 && carriers.every((c) => c === "direct-connect-gateway");
      ok &&= viaDx;
      evidence.push(`${table} ${prefix}: via ${carriers.join(" + ") || "nothing"}${viaDx ? "" : " (expected direct-connect-gateway)"}`);
    }
    out.push(result("active-path:aws", "AWS sends the Azure prefixes over Direct Connect", ok, evidence));
  }
  {
    const learned = learnedFromBgp(f?.gatewayLearned ?? []);
    const evidence: string[] = [];
    let ok = f !== undefined;
    for (const prefix of m.prefixes.aws) {
      const r = learned.filter((x) => x.network === prefix);
      ok &&= r.length > 0;
      evidence.push(`${prefix}: ${r.length > 0 ? r.map((x) => `from ${x.sourcePeer} (AS path ${x.asPath || "?"})`).join(", ") : "not learned by the ExpressRoute gateway"}`);
    }
    const defaults = learned.filter((x) => isDefaultRoute(x.network));
    if (defaults.length > 0) {
      ok = false;
      evidence.push(`default route learned over ExpressRoute from ${defaults.map((d) => d.sourcePeer).join(", ")}`);
    }
    out.push(result("active-path:azure", "Azure learns the AWS prefixes over ExpressRoute (preferred to the VPN)", ok, evidence));
  }
  return out;
}

function awsAlarms(names: readonly string[], aws: AwsFacts): CheckResult {
  const evidence: string[] = [];
  let ok = true;
  for (const name of names) {
    const a = aws.alarms.find((x) => x.name === name);
    if (!a) {
      ok = false;
      evidence.push(`${name}: missing`);
    } else {
      ok &&= a.state === CLOUDWATCH_ALARM_OK;
      evidence.push(`${name}: ${a.state}${a.state === CLOUDWATCH_ALARM_OK ? "" : ` (${a.reason})`}`);
    }
  }
  const problems = unreadable(aws.unreadable, "DescribeAlarms");
  return result("alarms:aws", `every CloudWatch alarm (${names.length}) exists and is OK`, ok && problems.length === 0, [...evidence, ...problems]);
}

function azureAlerts(m: DayTwoManifest, names: readonly string[], azure: AzureFacts): CheckResult {
  const evidence: string[] = [];
  let ok = true;
  const er = m.azure.expressRoute;
  for (const name of names) {
    const a = azure.alerts.find((x) => x.name === name);
    if (!a) {
      ok = false;
      evidence.push(`${name}: missing`, ...unreadable(azure.unreadable, `alert ${name}`));
    } else if (!a.enabled) {
      // The ExpressRoute alerts stay disabled until the provider provisions the circuit (their metrics are 0 till then).
      const awaiting = er !== undefined && !er.provisioned && a.scopes.some((s) => sameId(s, er.circuitId));
      ok &&= awaiting;
      evidence.push(`${name}: disabled${awaiting ? " until the provider provisions the circuit" : ""}`);
    } else {
      ok &&= a.status === AZURE_ALERT_HEALTHY;
      evidence.push(`${name}: ${a.status ?? "no status reported"}`);
    }
  }
  return result("alarms:azure", `every Azure metric alert (${names.length}) exists and is healthy`, ok, evidence);
}

/** Every check, in the order they print. */
export function runChecks(m: DayTwoManifest, alarms: AlarmNames, aws: AwsFacts, azure: AzureFacts): CheckResult[] {
  return [
    ...m.tunnels.map((t) => tunnelUp(m, aws, azure, t)),
    ...m.tunnels.map((t) => bgpPeer(aws, azure, m, t)),
    awsLearnsAzure(m, aws),
    azureLearnsAws(m, azure),
    azureAdvertises(m, azure),
    ...interconnect(m, aws, azure),
    ...(alarms.aws.length > 0 ? [awsAlarms(alarms.aws, aws)] : []),
    ...(alarms.azure.length > 0 ? [azureAlerts(m, alarms.azure, azure)] : []),
  ];
}
