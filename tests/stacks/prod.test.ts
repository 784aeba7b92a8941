import { PROVISIONING_MINUTES } from "../../preview/dag-estimate";
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
    expect(awsRules.map((r) => r.inputs["domainName"]).sort()).toEqual(["privatelink.blob.core.windows.net", "privatelink.database.windows.net", "prod.azure.example.internal"]);
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

  it("estimates time to connectivity as the VPN gateway build plus the connection", () => {
    expect(prod.result.dag.totalMinutes).toBe(PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.default);
    expect(prod.result.dag.criticalPath.filter((s) => s.minutes > 0).map((s) => s.type)).toEqual([
      "azure-native:network:VirtualNetworkGateway",
      "azure-native:network:VirtualNetworkGatewayConnection",
    ]);
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
