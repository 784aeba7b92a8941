import { containsIp, ipToLong, parseCidr } from "../../sdk";
import { ROUTE_SERVER_ASN } from "../../sdk/route-server";
import { SimulatedCloud } from "../../preview/simulate";
import { isWireSecret, unwrapSecrets, wireSecret } from "../../graph";

/** The compute the WireGuard overlay's routers need (preview/simulate-compute.ts), and the two lookups it makes. */

const SUB = "00000000-0000-0000-0000-000000000000";

function create(cloud: SimulatedCloud, type: string, name: string, inputs: Record<string, unknown>) {
  const result = cloud.newResource({ type, name, inputs, custom: true });
  if (result.id === undefined) throw new Error("expected an id");
  return { id: result.id, state: result.state, plain: unwrapSecrets(result.state) as Record<string, unknown> };
}

const inBlock = (ip: unknown, text: string): boolean => {
  const block = parseCidr(text);
  return block !== undefined && typeof ip === "string" && containsIp(block, ip);
};

describe("AWS: the router's ENI, Elastic IP and instance", () => {
  it("puts the ENI in its subnet (outside AWS's reserved addresses), the EIP in the documentation range, and the instance on the ENI", () => {
    const cloud = new SimulatedCloud();
    const subnet = create(cloud, "aws:ec2/subnet:Subnet", "edge-a", { vpcId: "vpc-0a", cidrBlock: "10.2.0.0/24", availabilityZone: "us-east-1a" });
    const eni = create(cloud, "aws:ec2/networkInterface:NetworkInterface", "r1-eni", { subnetId: subnet.id, sourceDestCheck: false, securityGroups: ["sg-1"] });
    expect(eni.id).toMatch(/^eni-0[0-9a-f]{16}$/);
    expect(inBlock(eni.plain["privateIp"], "10.2.0.0/24")).toBe(true);
    const host = ipToLong(String(eni.plain["privateIp"])) - ipToLong("10.2.0.0");
    expect(host).toBeGreaterThanOrEqual(4);
    expect(host).toBeLessThan(255);
    expect(eni.plain).toMatchObject({ sourceDestCheck: false, privateIps: [eni.plain["privateIp"]], vpcId: "vpc-0a" });

    const eip = create(cloud, "aws:ec2/eip:Eip", "r1-eip", { domain: "vpc", networkInterface: eni.id });
    expect(eip.id).toMatch(/^eipalloc-0[0-9a-f]{16}$/);
    expect(inBlock(eip.plain["publicIp"], "198.51.100.0/24")).toBe(true);
    expect(eip.plain["associationId"]).toMatch(/^eipassoc-0/);
    expect(eip.plain["privateIp"]).toBe(eni.plain["privateIp"]);

    const userData = wireSecret("#cloud-config\n");
    const instance = create(cloud, "aws:ec2/instance:Instance", "r1", { ami: "ami-1", instanceType: "t3.small", primaryNetworkInterface: { networkInterfaceId: eni.id }, userData });
    expect(instance.id).toMatch(/^i-0[0-9a-f]{16}$/);
    expect(instance.plain).toMatchObject({ privateIp: eni.plain["privateIp"], primaryNetworkInterfaceId: eni.id, sourceDestCheck: false, instanceState: "running" });
    // The user data stays what the program sent, secret included.
    expect(isWireSecret(instance.state["userData"])).toBe(true);
  });

  it("keeps an ENI's source/destination check on unless told otherwise, as EC2 does", () => {
    const cloud = new SimulatedCloud();
    expect(create(cloud, "aws:ec2/networkInterface:NetworkInterface", "plain", { subnetId: "subnet-0x" }).plain["sourceDestCheck"]).toBe(true);
  });

  it("answers the Debian AMI lookup with an image of the requested owner, architecture and name pattern", () => {
    const cloud = new SimulatedCloud();
    const ami = cloud.call({
      token: "aws:ec2/getAmi:getAmi",
      inputs: { owners: ["136693071363"], mostRecent: true, filters: [{ name: "name", values: ["debian-12-arm64-*"] }, { name: "architecture", values: ["arm64"] }] },
    });
    expect(ami).toMatchObject({ ownerId: "136693071363", architecture: "arm64", virtualizationType: "hvm" });
    expect(String(ami["id"])).toMatch(/^ami-0[0-9a-f]{16}$/);
    expect(String(ami["name"])).toMatch(/^debian-12-arm64-\d{8}-\d{4}$/);
  });
});

describe("Azure: the router's NSG, NIC and VM; Route Server's router IPs", () => {
  function subnets(cloud: SimulatedCloud) {
    const rg = "rg-ov";
    const vnet = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/hub`;
    const routers = create(cloud, "azure-native:network:Subnet", "routers", { resourceGroupName: rg, virtualNetworkName: "hub", subnetName: "routers", addressPrefix: "10.18.1.0/24" });
    const rs = create(cloud, "azure-native:network:Subnet", "rs", { resourceGroupName: rg, virtualNetworkName: "hub", subnetName: "RouteServerSubnet", addressPrefix: "10.18.2.0/26" });
    expect(routers.id).toBe(`${vnet}/subnets/routers`);
    return { rg, routers, rs };
  }

  it("hands NICs the lowest free addresses of their subnet, keeps IP forwarding as asked, and echoes the NSG's rules", () => {
    const cloud = new SimulatedCloud();
    const { rg, routers } = subnets(cloud);
    const nsg = create(cloud, "azure-native:network:NetworkSecurityGroup", "r1-nsg", {
      resourceGroupName: rg,
      securityRules: [{ name: "wg", priority: 100, direction: "Inbound", access: "Allow", protocol: "Udp", sourceAddressPrefix: "198.51.100.7", destinationPortRange: "51820" }],
    });
    expect((nsg.plain["securityRules"] as unknown[]).length).toBe(1);
    const nic = (n: string) =>
      create(cloud, "azure-native:network:NetworkInterface", n, {
        resourceGroupName: rg,
        enableIPForwarding: true,
        networkSecurityGroup: { id: nsg.id },
        ipConfigurations: [{ name: "ipconfig1", subnet: { id: routers.id }, privateIPAllocationMethod: "Dynamic" }],
      });
    const [a, b] = [nic("r1-nic"), nic("r2-nic")];
    const ip = (x: typeof a) => (x.plain["ipConfigurations"] as Array<{ privateIPAddress: string; id: string }>)[0];
    expect([ip(a)?.privateIPAddress, ip(b)?.privateIPAddress]).toEqual(["10.18.1.4", "10.18.1.5"]);
    expect(ip(a)?.id).toBe(`${a.id}/ipConfigurations/ipconfig1`);
    expect(a.plain["enableIPForwarding"]).toBe(true);
    const vm = create(cloud, "azure-native:compute:VirtualMachine", "r1-vm", { resourceGroupName: rg, osProfile: { computerName: "r1", customData: wireSecret("I2Nsb3Vk") } });
    expect(vm.id).toMatch(new RegExp(`^/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/r1-vm[0-9a-f]{8}$`));
    expect((vm.plain["osProfile"] as Record<string, unknown>)["customData"]).toBe("I2Nsb3Vk");
  });

  it("reports Route Server's two router IPs on the hub once its IP configuration exists, and getVirtualHub reads them", () => {
    const cloud = new SimulatedCloud();
    const { rg, rs } = subnets(cloud);
    const hub = create(cloud, "azure-native:network:VirtualHub", "ov-rs", { resourceGroupName: rg, sku: "Standard" });
    const name = String(hub.plain["name"]);
    const before = cloud.call({ token: "azure-native:network:getVirtualHub", inputs: { resourceGroupName: rg, virtualHubName: name } });
    expect(before).toMatchObject({ virtualRouterIps: [], virtualRouterAsn: ROUTE_SERVER_ASN });
    const ipconfig = create(cloud, "azure-native:network:VirtualHubIpConfiguration", "ov-rs-ipconfig", { resourceGroupName: rg, virtualHubName: name, ipConfigName: "ipconfig1", subnet: { id: rs.id } });
    expect(ipconfig.plain["privateIPAddress"]).toBe("10.18.2.4");
    const after = cloud.call({ token: "azure-native:network:getVirtualHub", inputs: { resourceGroupName: rg, virtualHubName: name } });
    expect(after).toMatchObject({ id: hub.id, virtualRouterIps: ["10.18.2.4", "10.18.2.5"] });
  });

  it("fails getVirtualHub on a hub that does not exist, as ARM does", () => {
    expect(() => new SimulatedCloud().call({ token: "azure-native:network:getVirtualHub", inputs: { resourceGroupName: "rg", virtualHubName: "nope" } })).toThrow(/no virtual hub "nope".*ResourceNotFound/);
  });
});

describe("random: bytes", () => {
  it("gives `length` bytes as base64 and hex, with the id terraform-provider-random sets ('none', never the key)", () => {
    const cloud = new SimulatedCloud();
    const bytes = create(cloud, "random:index/randomBytes:RandomBytes", "k", { length: 32 });
    expect(bytes.id).toBe("none");
    expect(Buffer.from(String(bytes.plain["base64"]), "base64")).toHaveLength(32);
    expect(Buffer.from(String(bytes.plain["base64"]), "base64").toString("hex")).toBe(bytes.plain["hex"]);
    expect(() => create(cloud, "random:index/randomBytes:RandomBytes", "bad", { length: 0 })).toThrow(/length must be an integer >= 1/);
  });
});
