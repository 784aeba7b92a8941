import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVISIONING_MINUTES } from "../../preview/dag-estimate";
import { matchingForwardRule } from "../../sdk";
import { closure, get, named, ofType, previewStack, PlanFileResource, StackRun } from "./stack-preview";

let prod: StackRun;
beforeAll(async () => {
  prod = await previewStack("prod");
});

const count = (t: string) => ofType(prod.plan, t).length;

describe("prod stack preview (plan.json)", () => {
  it("builds the HA VPN, the hub with 3 spokes, ExpressRoute/DX and DNS both ways", () => {
    expect({
      cgw: count("aws:ec2/customerGateway:CustomerGateway"),
      vpn: count("aws:ec2/vpnConnection:VpnConnection"),
      vgw: count("aws:ec2/vpnGateway:VpnGateway"),
      tgw: count("aws:ec2transitgateway/transitGateway:TransitGateway"),
      spokes: count("aws:ec2transitgateway/vpcAttachment:VpcAttachment"),
      vpnGateways: ofType(prod.plan, "azure-native:network:VirtualNetworkGateway").filter((g) => g.inputs["gatewayType"] === "Vpn").length,
      erGateways: ofType(prod.plan, "azure-native:network:VirtualNetworkGateway").filter((g) => g.inputs["gatewayType"] === "ExpressRoute").length,
      lng: count("azure-native:network:LocalNetworkGateway"),
      ipsecConnections: ofType(prod.plan, "azure-native:network:VirtualNetworkGatewayConnection").filter((c) => c.inputs["connectionType"] === "IPsec").length,
      circuits: count("azure-native:network:ExpressRouteCircuit"),
      dxgw: count("aws:directconnect/gateway:Gateway"),
      dxAssoc: count("aws:directconnect/gatewayAssociation:GatewayAssociation"),
      r53: count("aws:route53/resolverEndpoint:ResolverEndpoint"),
      azureInbound: count("azure-native:dnsresolver:InboundEndpoint"),
    }).toEqual({ cgw: 2, vpn: 2, vgw: 0, tgw: 1, spokes: 3, vpnGateways: 1, erGateways: 1, lng: 4, ipsecConnections: 4, circuits: 1, dxgw: 1, dxAssoc: 1, r53: 2, azureInbound: 1 });
  });

  it("terminates both VPN connections on the hub's TGW, associated with `interconnect` and propagated to `spokes`", () => {
    const tgw = named(prod.plan, "aws:ec2transitgateway/transitGateway:TransitGateway", "prod-hub-tgw");
    expect([tgw.inputs["vpnEcmpSupport"], tgw.inputs["defaultRouteTableAssociation"], tgw.inputs["defaultRouteTablePropagation"]]).toEqual(["enable", "disable", "disable"]);
    const interconnect = named(prod.plan, "aws:ec2transitgateway/routeTable:RouteTable", "prod-hub-interconnect-rtb");
    const spokes = named(prod.plan, "aws:ec2transitgateway/routeTable:RouteTable", "prod-hub-spokes-rtb");
    for (const key of ["a", "b"]) {
      const vpn = named(prod.plan, "aws:ec2/vpnConnection:VpnConnection", `prod-vpn-${key}-vpn`);
      expect(vpn.inputs["transitGatewayId"]).toBe(tgw.id);
      const attachment = vpn.outputs["transitGatewayAttachmentId"];
      const assoc = ofType(prod.plan, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation").filter((a) => a.inputs["transitGatewayAttachmentId"] === attachment);
      const prop = ofType(prod.plan, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation").filter((a) => a.inputs["transitGatewayAttachmentId"] === attachment);
      expect(assoc.map((a) => a.inputs["transitGatewayRouteTableId"])).toEqual([interconnect.id]);
      expect(prop.map((a) => a.inputs["transitGatewayRouteTableId"])).toEqual([spokes.id]);
    }
    // The LNG's ASN is the TGW's, the customer gateways carry the Azure gateway's.
    const vng = named(prod.plan, "azure-native:network:VirtualNetworkGateway", "prod-vpn-vng");
    for (const lng of ofType(prod.plan, "azure-native:network:LocalNetworkGateway")) expect(get(lng.inputs, "bgpSettings.asn")).toBe(tgw.inputs["amazonSideAsn"]);
    for (const cgw of ofType(prod.plan, "aws:ec2/customerGateway:CustomerGateway")) expect(cgw.inputs["bgpAsn"]).toBe(String(get(vng.inputs, "bgpSettings.asn")));
    expect([get(vng.inputs, "sku.name"), vng.inputs["activeActive"]]).toEqual(["VpnGw2AZ", true]);
  });

  it("routes every spoke's VPC route table to the Azure prefixes through the TGW, and never a default route", () => {
    const tgw = named(prod.plan, "aws:ec2transitgateway/transitGateway:TransitGateway", "prod-hub-tgw");
    const vnet = named(prod.plan, "azure-native:network:VirtualNetwork", "prod-hub-vnet");
    const azurePrefixes = get(vnet.inputs, "addressSpace.addressPrefixes") as string[];
    const routes = ofType(prod.plan, "aws:ec2/route:Route");
    for (const vpcKey of ["analytics", "payments", "shared"]) {
      const rtb = named(prod.plan, "aws:ec2/routeTable:RouteTable", `prod-${vpcKey}-private-rtb`);
      const mine = routes.filter((r) => r.inputs["routeTableId"] === rtb.id);
      expect(mine.map((r) => [r.inputs["destinationCidrBlock"], r.inputs["transitGatewayId"]])).toEqual(azurePrefixes.map((p) => [p, tgw.id]));
    }
    for (const r of [...routes, ...ofType(prod.plan, "aws:ec2transitgateway/route:Route")]) expect(["0.0.0.0/0", "::/0"]).not.toContain(r.inputs["destinationCidrBlock"]);
  });

  it("pairs ExpressRoute with Direct Connect: DX gateway on the TGW with the spoke CIDRs as allowed prefixes, distinct ASNs", () => {
    const tgw = named(prod.plan, "aws:ec2transitgateway/transitGateway:TransitGateway", "prod-hub-tgw");
    const dxgw = named(prod.plan, "aws:directconnect/gateway:Gateway", "prod-er-dxgw");
    const assoc = ofType(prod.plan, "aws:directconnect/gatewayAssociation:GatewayAssociation")[0];
    const spokeCidrs = ofType(prod.plan, "aws:ec2/vpc:Vpc").map((v) => v.inputs["cidrBlock"]).sort();
    expect([assoc?.inputs["dxGatewayId"], assoc?.inputs["associatedGatewayId"]]).toEqual([dxgw.id, tgw.id]);
    expect([...(assoc?.inputs["allowedPrefixes"] as string[])].sort()).toEqual(spokeCidrs);
    expect(dxgw.inputs["amazonSideAsn"]).not.toBe(String(tgw.inputs["amazonSideAsn"]));
    const circuit = ofType(prod.plan, "azure-native:network:ExpressRouteCircuit")[0];
    expect(get(circuit?.inputs, "serviceProviderProperties")).toEqual({ serviceProviderName: "Megaport", peeringLocation: "Washington DC", bandwidthInMbps: 1000 });
    expect(circuit?.outputs["serviceKey"]).toBe("[secret]");
    expect(prod.plan.outputs["expressRouteServiceKey"]).toBe("[secret]");
    // Megaport configures AzurePrivatePeering itself.
    expect(count("azure-native:network:ExpressRouteCircuitPeering")).toBe(0);
  });

  it("forwards DNS both ways to the other side's inbound endpoint IPs", () => {
    const awsRules = ofType(prod.plan, "aws:route53/resolverRule:ResolverRule");
    const azureInbound = ofType(prod.plan, "azure-native:dnsresolver:InboundEndpoint")[0];
    const azureIps = (azureInbound?.outputs["ipConfigurations"] as { privateIpAddress: string }[]).map((c) => c.privateIpAddress);
    // Private Link zones are forwarded by their public zones (Microsoft's table), the names AWS clients ask for.
    expect(awsRules.map((r) => r.inputs["domainName"]).sort()).toEqual(["blob.core.windows.net", "database.windows.net", "prod.azure.example.internal"]);
    for (const r of awsRules) expect((r.inputs["targetIps"] as { ip: string }[]).map((t) => t.ip)).toEqual(azureIps);
    const r53In = ofType(prod.plan, "aws:route53/resolverEndpoint:ResolverEndpoint").find((e) => e.inputs["direction"] === "INBOUND");
    const awsIps = (r53In?.outputs["ipAddresses"] as { ip: string }[]).map((a) => a.ip);
    expect(awsIps).toHaveLength(2);
    const azureRules = ofType(prod.plan, "azure-native:dnsresolver:ForwardingRule");
    expect(azureRules.map((r) => [r.inputs["domainName"], (r.inputs["targetDnsServers"] as { ipAddress: string }[]).map((t) => t.ipAddress)])).toEqual([["prod.aws.example.internal.", awsIps]]);
    expect(prod.plan.outputs["dnsAwsInboundIps"]).toEqual(awsIps);
    expect(prod.plan.outputs["dnsAzureInboundIps"]).toEqual(azureIps);
  });

  it("holds no secret in plaintext anywhere in the file", () => {
    for (const psk of ofType(prod.plan, "random:index/randomPassword:RandomPassword")) expect(psk.outputs["result"]).toBe("[secret]");
    const revealed = prod.result.graph.resources
      .filter((r) => r.type === "random:index/randomPassword:RandomPassword")
      .map((r) => (r.outputs["result"] as { reveal(): unknown }).reveal() as string);
    expect(revealed.length).toBeGreaterThanOrEqual(4);
    for (const k of revealed) expect(prod.text).not.toContain(k);
  });

  it("never makes a customer gateway wait for the virtual network gateway", () => {
    const vng = named(prod.plan, "azure-native:network:VirtualNetworkGateway", "prod-vpn-vng");
    const cgws = ofType(prod.plan, "aws:ec2/customerGateway:CustomerGateway");
    expect(cgws).toHaveLength(2);
    for (const cgw of cgws) expect(closure(prod.plan, cgw).has(vng.urn)).toBe(false);
  });

  it("builds the two gateways of the GatewaySubnet one after the other, the VPN gateway first", () => {
    const vpnGateway = named(prod.plan, "azure-native:network:VirtualNetworkGateway", "prod-vpn-vng");
    const erGateway = named(prod.plan, "azure-native:network:VirtualNetworkGateway", "prod-er-ergw");
    expect(closure(prod.plan, erGateway).has(vpnGateway.urn)).toBe(true);
    expect(closure(prod.plan, vpnGateway).has(erGateway.urn)).toBe(false);
    // No VPN tunnel waits for the ExpressRoute gateway.
    for (const c of ofType(prod.plan, "azure-native:network:VirtualNetworkGatewayConnection")) expect(closure(prod.plan, c).has(erGateway.urn)).toBe(false);
    expect(get(erGateway.inputs, "ipConfigurations")).toEqual([expect.objectContaining({ subnet: { id: get(vpnGateway.inputs, "ipConfigurations.0.subnet.id") } })]);
  });

  it("estimates the VPN's time to connectivity as its gateway plus one connection, and the whole update with the ExpressRoute gateway after it", () => {
    const { totalMinutes, criticalPath, connectivity } = prod.result.dag;
    expect(connectivity).toEqual([
      { path: "vpn", minutes: PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.default, name: "prod-vpn-a-t1-conn" },
      { path: "expressroute", minutes: undefined, name: "no ExpressRoute connection to circuit prod-er-circuit (not provider-provisioned)" },
    ]);
    expect(totalMinutes).toBe(PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.azureExpressRouteGateway);
    expect(criticalPath.filter((s) => s.minutes > 0).map((s) => s.name)).toEqual(["prod-vpn-vng", "prod-er-ergw"]);
  });

  it("reaches Direct Connect the way Megaport sells it: its Hosted Connection confirmed, then our own transit VIF on it", () => {
    const confirm = named(prod.plan, "aws:directconnect/connectionConfirmation:ConnectionConfirmation", "prod-er-confirm");
    const vif = named(prod.plan, "aws:directconnect/transitVirtualInterface:TransitVirtualInterface", "prod-er-vif");
    const dxgw = named(prod.plan, "aws:directconnect/gateway:Gateway", "prod-er-dxgw");
    expect([confirm.inputs["connectionId"], vif.inputs["connectionId"], vif.inputs["vlan"], vif.inputs["dxGatewayId"], vif.inputs["bgpAsn"]]).toEqual(["dxcon-fgq1w2e3", "dxcon-fgq1w2e3", 200, dxgw.id, 65100]);
    expect(vif.dependencies).toContain(confirm.urn);
    expect([vif.inputs["bgpAuthKey"], prod.plan.outputs["dxBgpAuthKey"]]).toEqual(["[secret]", "[secret]"]);
    expect(count("aws:directconnect/hostedTransitVirtualInterfaceAcceptor:HostedTransitVirtualInterfaceAcceptor")).toBe(0);
    expect(prod.plan.outputs["directConnect"]).toEqual({ virtualInterfaceId: vif.id, vlan: 200, amazonSideAsn: 64600, customerAsn: 65100 });
  });

  it("first pass: no ExpressRoute connection, and the stack output and the preview say so", () => {
    expect(ofType(prod.plan, "azure-native:network:VirtualNetworkGatewayConnection").filter((c) => c.inputs["connectionType"] === "ExpressRoute")).toEqual([]);
    expect(prod.plan.outputs["expressRoute"]).toEqual({
      status: "awaiting-provider",
      circuitId: named(prod.plan, "azure-native:network:ExpressRouteCircuit", "prod-er-circuit").id,
      gatewayId: named(prod.plan, "azure-native:network:VirtualNetworkGateway", "prod-er-ergw").id,
      nextStep: expect.stringContaining("set interconnect.expressRoute.providerProvisioned: true and run `pulumi up` again to create prod-er-conn"),
    });
    expect(prod.result.notices.map((n) => [n.level, n.code])).toEqual([["warning", "EXPRESSROUTE_AWAITING_PROVIDER"]]);
    expect(prod.result.notices[0]?.message).toContain("the ExpressRoute connection prod-er-conn (gateway prod-er-ergw to the circuit) is not created");
  });

  it("forwards Private Link names privately: the name an AWS client asks for matches a rule, and Azure's private zone is linked where the resolver answers", () => {
    const domains = ofType(prod.plan, "aws:route53/resolverRule:ResolverRule").map((r) => r.inputs["domainName"] as string);
    expect(matchingForwardRule("acct.blob.core.windows.net", domains)).toBe("blob.core.windows.net");
    expect(matchingForwardRule("srv.database.windows.net", domains)).toBe("database.windows.net");
    const resolver = ofType(prod.plan, "azure-native:dnsresolver:DnsResolver")[0];
    const zones = ofType(prod.plan, "azure-native:privatedns:PrivateZone");
    expect(zones.map((z) => z.inputs["privateZoneName"])).toEqual(["privatelink.blob.core.windows.net", "privatelink.database.windows.net"]);
    for (const link of ofType(prod.plan, "azure-native:privatedns:VirtualNetworkLink")) {
      expect(get(link.inputs, "virtualNetwork.id")).toBe(get(resolver?.inputs, "virtualNetwork.id"));
      expect(link.inputs["resolutionPolicy"]).toBe("NxDomainRedirect");
    }
    expect(prod.plan.outputs["dnsForwardedAzureZones"]).toEqual(["prod.azure.example.internal", "blob.core.windows.net", "database.windows.net"]);
    expect([...domains].sort()).toEqual(["blob.core.windows.net", "database.windows.net", "prod.azure.example.internal"]);
  });

  it("passes the policy pack with zero mandatory violations", () => {
    expect(prod.plan.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(prod.result.mandatoryCount).toBe(0);
  });

  it("serves payments-api as a failover pair in the private zone Azure forwards, the primary on an alarm-based check", () => {
    const zone = named(prod.plan, "aws:route53/zone:Zone", "prod-failover-zone");
    expect(zone.inputs["name"]).toBe("prod.aws.example.internal");
    // Private: associated with every VPC, the resolver VPC among them (its inbound endpoint answers Azure).
    expect((zone.inputs["vpcs"] as { vpcId: string }[]).map((v) => v.vpcId).sort()).toEqual(ofType(prod.plan, "aws:ec2/vpc:Vpc").map((v) => v.id).sort());
    const fwd = ofType(prod.plan, "azure-native:dnsresolver:ForwardingRule").map((r) => r.inputs["domainName"]);
    expect(fwd).toContain("prod.aws.example.internal.");

    const [primary, secondary] = ["primary", "secondary"].map((r) => named(prod.plan, "aws:route53/record:Record", `prod-payments-api-failover-${r}`)) as [PlanFileResource, PlanFileResource];
    for (const [record, role, ip] of [[primary, "PRIMARY", "10.1.16.10"], [secondary, "SECONDARY", "10.17.1.10"]] as const) {
      expect([record.inputs["name"], record.inputs["type"], record.inputs["ttl"], record.inputs["records"], record.inputs["failoverRoutingPolicies"], record.inputs["zoneId"]]).toEqual([
        "payments-api.prod.aws.example.internal",
        "A",
        30,
        [ip],
        [{ type: role }],
        zone.outputs["zoneId"],
      ]);
    }
    const check = ofType(prod.plan, "aws:route53/healthCheck:HealthCheck").find((h) => h.id === primary.inputs["healthCheckId"]);
    const alarm = named(prod.plan, "aws:cloudwatch/metricAlarm:MetricAlarm", "prod-payments-api-failover-primary-alarm");
    expect([check?.inputs["type"], check?.inputs["cloudwatchAlarmName"], check?.inputs["cloudwatchAlarmRegion"]]).toEqual(["CLOUDWATCH_METRIC", alarm.outputs["name"], "us-east-1"]);
  });

  it("lets the Azure standby take over only while a VPN connection is up: a CALCULATED check over one alarm per connection", () => {
    const secondary = named(prod.plan, "aws:route53/record:Record", "prod-payments-api-failover-secondary");
    const checks = ofType(prod.plan, "aws:route53/healthCheck:HealthCheck");
    const calc = checks.find((h) => h.id === secondary.inputs["healthCheckId"]);
    expect([calc?.inputs["type"], calc?.inputs["childHealthThreshold"]]).toEqual(["CALCULATED", 1]);
    const children = (calc?.inputs["childHealthchecks"] as string[]).map((id) => checks.find((h) => h.id === id));
    const alarms = ofType(prod.plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
    const vpnIds = children.map((c) => get(alarms.find((a) => a.outputs["name"] === c?.inputs["cloudwatchAlarmName"])?.inputs, "dimensions.VpnId"));
    expect(vpnIds.sort()).toEqual(ofType(prod.plan, "aws:ec2/vpnConnection:VpnConnection").map((v) => v.id).sort());
  });

  it("reports the failover's worst-case recovery (60 s alarm + 30 s TTL) and prices the stack", () => {
    expect(prod.plan.violations).toEqual([]);
    expect(prod.result.failover).toEqual([expect.objectContaining({ recordName: "payments-api.prod.aws.example.internal", detectionSeconds: 60, ttlSeconds: 30, totalSeconds: 90 })]);
    expect(prod.plan.outputs["failover"]).toEqual({ "payments-api": expect.objectContaining({ worstCaseRecoverySeconds: 90 }) });
    const cost = (prod.plan as unknown as { cost: { paths: { path: string; active: boolean }[]; fixed: { priceKey: string; quantity: number }[] } }).cost;
    expect(cost.paths.map((p) => [p.path, p.active])).toEqual([
      ["er-dx", true],
      ["vpn-internet", false],
    ]);
    expect(cost.fixed.find((l) => l.priceKey === "aws.route53.healthCheck")?.quantity).toBe(4);
  });
});

describe("prod, second pass: the documented one-line change once the provider has provisioned the circuit", () => {
  const FIRST_PASS = "      providerProvisioned: false          # pass 2: set to true once Megaport has provisioned the circuit";
  let second: StackRun;
  let dir: string;
  beforeAll(async () => {
    const text = fs.readFileSync(path.join(__dirname, "../../stacks/Pulumi.prod.yaml"), "utf8");
    // The sample ships the first pass; the second is exactly one line different.
    expect(text.split("\n").filter((l) => l === FIRST_PASS)).toHaveLength(1);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-prod-pass2-"));
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, text.replace(FIRST_PASS, FIRST_PASS.replace("providerProvisioned: false", "providerProvisioned: true")));
    second = await previewStack("prod", false, file);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const erConnections = (run: StackRun) => ofType(run.plan, "azure-native:network:VirtualNetworkGatewayConnection").filter((c) => c.inputs["connectionType"] === "ExpressRoute");

  it("adds the ExpressRoute connection, and only that, to the first pass", () => {
    expect(erConnections(prod)).toEqual([]);
    const [conn] = erConnections(second);
    expect(erConnections(second)).toHaveLength(1);
    expect([conn?.name, get(conn?.inputs, "virtualNetworkGateway1.id"), get(conn?.inputs, "peer.id")]).toEqual([
      "prod-er-conn",
      named(second.plan, "azure-native:network:VirtualNetworkGateway", "prod-er-ergw").id,
      named(second.plan, "azure-native:network:ExpressRouteCircuit", "prod-er-circuit").id,
    ]);
    const urns = (run: StackRun) => run.plan.resources.map((r) => r.urn).sort();
    expect(urns(second).filter((u) => !urns(prod).includes(u))).toEqual([conn?.urn]);
    expect(urns(prod).filter((u) => !urns(second).includes(u))).toEqual([]);
    // Megaport configured the private peering; we create none in either pass.
    expect(ofType(second.plan, "azure-native:network:ExpressRouteCircuitPeering")).toEqual([]);
  });

  it("reports the leg connected, warns no more, and estimates the ExpressRoute connection after both gateways", () => {
    expect(second.plan.outputs["expressRoute"]).toEqual(expect.objectContaining({ status: "connected", connectionId: erConnections(second)[0]?.id }));
    expect((second.plan.outputs["expressRoute"] as Record<string, unknown>)["nextStep"]).toBeUndefined();
    expect(second.result.notices).toEqual([]);
    expect(second.result.dag.connectivity).toEqual([
      { path: "vpn", minutes: PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.default, name: "prod-vpn-a-t1-conn" },
      { path: "expressroute", minutes: PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.azureExpressRouteGateway + PROVISIONING_MINUTES.default, name: "prod-er-conn" },
    ]);
  });
});
