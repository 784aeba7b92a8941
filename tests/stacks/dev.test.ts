import { PROVISIONING_MINUTES } from "../../preview/dag-estimate";
import { renderTopologyMarkdown } from "../../preview/stack";
import { closure, get, named, ofType, previewStack, StackRun } from "./stack-preview";

let dev: StackRun;
beforeAll(async () => {
  dev = await previewStack("dev");
});

describe("dev stack preview (plan.json)", () => {
  it("builds one VPN connection with 2 tunnels on a VGW, and the sample networks", () => {
    const count = (t: string) => ofType(dev.plan, t).length;
    expect({
      cgw: count("aws:ec2/customerGateway:CustomerGateway"),
      vpn: count("aws:ec2/vpnConnection:VpnConnection"),
      vgw: count("aws:ec2/vpnGateway:VpnGateway"),
      tgw: count("aws:ec2transitgateway/transitGateway:TransitGateway"),
      vng: count("azure-native:network:VirtualNetworkGateway"),
      pip: count("azure-native:network:PublicIPAddress"),
      lng: count("azure-native:network:LocalNetworkGateway"),
      conn: count("azure-native:network:VirtualNetworkGatewayConnection"),
      vpc: count("aws:ec2/vpc:Vpc"),
      vnet: count("azure-native:network:VirtualNetwork"),
    }).toEqual({ cgw: 1, vpn: 1, vgw: 1, tgw: 0, vng: 1, pip: 2, lng: 2, conn: 2, vpc: 1, vnet: 1 });
  });

  it("wires the clouds to each other: CGW ← Azure public IP, LNG ← AWS tunnel address, crossed ASNs", () => {
    const p = dev.plan;
    const cgw = named(p, "aws:ec2/customerGateway:CustomerGateway", "dev-vpn-cgw0");
    const pip0 = named(p, "azure-native:network:PublicIPAddress", "dev-vpn-pip0");
    const vng = named(p, "azure-native:network:VirtualNetworkGateway", "dev-vpn-vng");
    const vgw = named(p, "aws:ec2/vpnGateway:VpnGateway", "dev-vpn-vgw");
    const vpn = named(p, "aws:ec2/vpnConnection:VpnConnection", "dev-vpn-a-vpn");
    expect(cgw.inputs["ipAddress"]).toBe(pip0.outputs["ipAddress"]);
    expect(cgw.inputs["bgpAsn"]).toBe(String(get(vng.inputs, "bgpSettings.asn")));
    expect(vpn.inputs["vpnGatewayId"]).toBe(vgw.id);
    for (const n of [1, 2]) {
      const lng = named(p, "azure-native:network:LocalNetworkGateway", `dev-vpn-a-t${n}-lng`);
      expect(lng.inputs["gatewayIpAddress"]).toBe(vpn.outputs[`tunnel${n}Address`]);
      expect(get(lng.inputs, "bgpSettings.asn")).toBe(Number(vgw.inputs["amazonSideAsn"]));
      expect(get(lng.inputs, "bgpSettings.bgpPeeringAddress")).toBe(vpn.outputs[`tunnel${n}VgwInsideAddress`]);
    }
    expect(get(vng.inputs, "bgpSettings.bgpPeeringAddresses")).toEqual([
      { ipconfigurationId: expect.stringMatching(/virtualNetworkGateways\/dev-vpn-vng\/ipConfigurations\/ipconfig0$/), customBgpIpAddresses: ["169.254.21.2", "169.254.22.2"] },
      { ipconfigurationId: expect.stringMatching(/ipConfigurations\/ipconfig1$/), customBgpIpAddresses: ["169.254.21.6"] },
    ]);
  });

  it("holds no secret in plaintext anywhere in the file", () => {
    const psks = ofType(dev.plan, "random:index/randomPassword:RandomPassword");
    expect(psks).toHaveLength(2);
    for (const psk of psks) expect(psk.outputs["result"]).toBe("[secret]");
    const vpn = named(dev.plan, "aws:ec2/vpnConnection:VpnConnection", "dev-vpn-a-vpn");
    expect([vpn.inputs["tunnel1PresharedKey"], vpn.inputs["tunnel2PresharedKey"]]).toEqual(["[secret]", "[secret]"]);
    for (const c of ofType(dev.plan, "azure-native:network:VirtualNetworkGatewayConnection")) expect(c.inputs["sharedKey"]).toBe("[secret]");
    // The actual key values, from the recording, must not appear anywhere in the serialized plan.
    const revealed = dev.result.graph.resources
      .filter((r) => r.type === "random:index/randomPassword:RandomPassword")
      .map((r) => (r.outputs["result"] as { reveal(): unknown }).reveal() as string);
    expect(revealed.every((k) => k.length >= 8)).toBe(true);
    for (const k of revealed) expect(dev.text).not.toContain(k);
  });

  it("never makes a customer gateway wait for the virtual network gateway", () => {
    const vng = named(dev.plan, "azure-native:network:VirtualNetworkGateway", "dev-vpn-vng");
    for (const cgw of ofType(dev.plan, "aws:ec2/customerGateway:CustomerGateway")) expect(closure(dev.plan, cgw).has(vng.urn)).toBe(false);
  });

  it("estimates time to connectivity as the VPN gateway build plus the connection", () => {
    const { totalMinutes, criticalPath } = dev.result.dag;
    expect(totalMinutes).toBe(PROVISIONING_MINUTES.azureVpnGateway + PROVISIONING_MINUTES.default);
    expect(criticalPath.filter((s) => s.minutes > 0).map((s) => s.type)).toEqual([
      "azure-native:network:VirtualNetworkGateway",
      "azure-native:network:VirtualNetworkGatewayConnection",
    ]);
  });

  it("passes the policy pack with zero mandatory violations", () => {
    expect(dev.result.mandatoryCount).toBe(0);
    expect(dev.plan.violations.filter((v) => v.level === "mandatory")).toEqual([]);
  });

  it("keeps the active-active gateway's instance 1 idle by design, and says so in the outputs, the preview and the tunnel table", () => {
    const pips = ofType(dev.plan, "azure-native:network:PublicIPAddress").map((p) => p.outputs["ipAddress"]);
    const instances = dev.plan.outputs["vpnGatewayInstances"] as Record<string, unknown>[];
    expect(instances.map((i) => [i["instance"], i["role"], i["publicIpAddress"], i["tunnels"], i["bgpPeerAddresses"]])).toEqual([
      [0, "active", pips[0], ["a-t1", "a-t2"], ["169.254.21.1", "169.254.22.1"]],
      [1, "idle", pips[1], [], []],
    ]);
    // AWS has one customer gateway: instance 0's address. Nothing on AWS points at instance 1.
    expect(ofType(dev.plan, "aws:ec2/customerGateway:CustomerGateway").map((c) => c.inputs["ipAddress"])).toEqual([pips[0]]);
    expect(dev.result.notices.map((n) => [n.level, n.code, n.path])).toEqual([["info", "VPN_INSTANCE_IDLE", "vpn.layout"]]);
    expect(dev.result.notices[0]?.message).toContain("Do not alarm on them");
    const topology = renderTopologyMarkdown(dev.result);
    expect(topology).toContain(`| (none: idle by design) | 1 | | ${String(pips[1])} | | | 169.254.21.6 |`);
    expect(topology).toContain("Azure gateway instance 1 is idle by design: no AWS connection lands on instance 1.");
  });

  it("exports the tunnel table and gateway ids as stack outputs", () => {
    expect(dev.plan.outputs["tunnels"]).toEqual([
      expect.objectContaining({ key: "a-t1", azureInstance: 0, insideCidr: "169.254.21.0/30", awsInsideAddress: "169.254.21.1", azureInsideAddress: "169.254.21.2", awsAsn: 64512, azureAsn: 65515 }),
      expect.objectContaining({ key: "a-t2", insideCidr: "169.254.22.0/30", awsInsideAddress: "169.254.22.1", azureInsideAddress: "169.254.22.2", awsAsn: 64512, azureAsn: 65515 }),
    ]);
    expect(dev.plan.outputs["azureVpnGatewayId"]).toMatch(/\/virtualNetworkGateways\/dev-vpn-vng$/);
    expect(dev.plan.outputs["awsVpnGatewayId"]).toMatch(/^vgw-[0-9a-f]{17}$/);
  });
});
