import { mocks, SecretValue } from "../helpers/pulumi-mocks";
import type * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import { parse as parseYaml } from "yaml";
import { OVERLAY_BOOT_PATHS, WireGuardOverlay, WireGuardOverlayArgs, debian12AmiId, wireGuardPublicKey } from "../../components";
import { PlanError, planOverlay } from "../../sdk";

afterEach(() => mocks.reset());

const T = {
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  eip: "aws:ec2/eip:Eip",
  instance: "aws:ec2/instance:Instance",
  route: "aws:ec2/route:Route",
  pip: "azure-native:network:PublicIPAddress",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  udr: "azure-native:network:RouteTable",
  hub: "azure-native:network:VirtualHub",
  hubIp: "azure-native:network:VirtualHubIpConfiguration",
  bgp: "azure-native:network:VirtualHubBgpConnection",
  bytes: "random:index/randomBytes:RandomBytes",
} as const;

const AWS_KEYS = ["aws-us-east-1a", "aws-us-east-1b"];
const AZURE_KEYS = ["azure-1", "azure-2"];
const RG = "rg-net";

/** Subnets the simulators know the CIDRs of, so router addresses land inside them. */
function network_(): { awsSubnets: Record<string, pulumi.Output<string>>; azureSubnet: pulumi.Output<string>; rsSubnet: pulumi.Output<string> } {
  const awsSubnets = {
    "us-east-1a": new aws.ec2.Subnet("edge-a", { vpcId: "vpc-0app0000000000000", cidrBlock: "10.0.0.0/24", availabilityZone: "us-east-1a" }).id,
    "us-east-1b": new aws.ec2.Subnet("edge-b", { vpcId: "vpc-0app0000000000000", cidrBlock: "10.0.1.0/24", availabilityZone: "us-east-1b" }).id,
  };
  const subnet = (n: string, prefix: string) => new network.Subnet(n, { resourceGroupName: RG, virtualNetworkName: "hub", subnetName: n, addressPrefix: prefix }).id;
  return { awsSubnets, azureSubnet: subnet("routers", "10.16.0.0/24"), rsSubnet: subnet("RouteServerSubnet", "10.16.1.0/26") };
}

function args(routeServer = false): WireGuardOverlayArgs {
  const n = network_();
  return {
    aws: {
      vpcId: "vpc-0app0000000000000",
      subnetIds: n.awsSubnets,
      prefixes: ["10.0.0.0/16"],
      routeTables: { "private-a": { routeTableId: "rtb-0aaaa000000000000", router: "aws-us-east-1a" }, "private-b": { routeTableId: "rtb-0bbbb000000000000", router: "aws-us-east-1b" } },
      imageId: "ami-0debian120000000",
    },
    azure: {
      resourceGroupName: RG,
      location: "eastus",
      subnetId: n.azureSubnet,
      prefixes: ["10.16.0.0/16"],
      ...(routeServer ? { routeServerSubnetId: n.rsSubnet, routeServerSubnetCidr: "10.16.1.0/26" } : { routeTables: { workload: { router: "azure-2" } } }),
      sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000000000 test",
    },
    routeServer,
  };
}

const plan = (() => {
  const r = planOverlay({ aws: { zones: ["us-east-1a", "us-east-1b"], prefixes: ["10.0.0.0/16"] }, azure: { prefixes: ["10.16.0.0/16"] } });
  if (!r.plan) throw new Error("fixture plan");
  return r.plan;
})();

const str = (v: unknown): string => {
  if (typeof v !== "string") throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};

/** The user data a router boots with, revealed (and so asserted secret). */
function userData(key: string): string {
  if (key.startsWith("aws-")) return str(mocks.reveal(mocks.created(T.instance, `ovl-${key}-router`).input("userData")));
  return Buffer.from(str(mocks.reveal(mocks.created(T.vm, `ovl-${key}-vm`).input("osProfile.customData"))), "base64").toString("utf8");
}

interface CloudConfig {
  readonly packages: string[];
  readonly write_files: { path: string; content: string; permissions: string; defer?: boolean }[];
  readonly runcmd: string[][];
}
function cloudConfig(key: string): CloudConfig {
  const text = userData(key);
  expect(text.startsWith("#cloud-config\n")).toBe(true);
  return parseYaml(text) as CloudConfig;
}
const file = (key: string, path: string): string => str(cloudConfig(key).write_files.find((f) => f.path === path)?.content);

/** `[Interface]` and `[Peer]` keys of a wg-quick file. */
function wgConf(text: string): { iface: Record<string, string>; peer: Record<string, string> } {
  const out = { iface: {} as Record<string, string>, peer: {} as Record<string, string> };
  let section: Record<string, string> | undefined;
  for (const line of text.split("\n")) {
    if (line === "[Interface]") section = out.iface;
    else if (line === "[Peer]") section = out.peer;
    else if (section && /^\w+ = /.test(line)) section[line.slice(0, line.indexOf(" = "))] = line.slice(line.indexOf(" = ") + 3);
  }
  return out;
}

const awsPublicIp = (key: string): string => str(mocks.created(T.eip, `ovl-${key}-eip`).output("publicIp"));
const azurePublicIp = (key: string): string => str(mocks.created(T.pip, `ovl-${key}-pip`).output("ipAddress"));
const azurePrivateIp = (key: string): string => str(mocks.created(T.nic, `ovl-${key}-nic`).output("ipConfigurations[0].privateIPAddress"));

async function build(routeServer = false): Promise<WireGuardOverlay> {
  const overlay = new WireGuardOverlay("ovl", args(routeServer));
  await mocks.settled();
  return overlay;
}

describe("WireGuardOverlay: AWS side", () => {
  it("lets each AWS router's security group admit WireGuard from exactly the Azure routers' public IPs, each on its link's port", async () => {
    await build();
    for (const a of AWS_KEYS) {
      const sg = mocks.created(T.sg, `ovl-${a}-sg`);
      const rules = mocks.all(T.ingress).filter((r) => r.input("securityGroupId") === sg.id);
      const udp = rules.filter((r) => r.input("ipProtocol") === "udp").map((r) => [r.input("cidrIpv4"), r.input("fromPort"), r.input("toPort")]);
      expect(udp).toEqual(AZURE_KEYS.map((z) => [`${azurePublicIp(z)}/32`, plan.links[`${a}.${z}`]?.port, plan.links[`${a}.${z}`]?.port]));
      // The UDP rules depend on the Azure public IPs, never on the VMs.
      for (const r of rules.filter((x) => x.input("ipProtocol") === "udp")) {
        expect(r.propertyDependencies["cidrIpv4"]?.every((urn) => urn.includes("PublicIPAddress"))).toBe(true);
      }
      const others = rules.filter((r) => r.input("ipProtocol") !== "udp").sort((x, y) => (x.name < y.name ? -1 : 1));
      expect(others.map((r) => [r.name, r.input("ipProtocol"), r.input("fromPort"), r.input("toPort"), r.input("cidrIpv4")])).toEqual([
        [`ovl-${a}-10-0-0-0-16-fwd-in`, "-1", undefined, undefined, "10.0.0.0/16"],
        [`ovl-${a}-pmtud-in`, "icmp", 3, 4, "0.0.0.0/0"],
      ]);
    }
  });

  it("runs each router on an ENI with source/destination check off, an Elastic IP on that ENI, and secret user data", async () => {
    await build();
    for (const a of AWS_KEYS) {
      const eni = mocks.created(T.eni, `ovl-${a}-eni`);
      expect([eni.input("sourceDestCheck"), eni.input("securityGroups")]).toEqual([false, [mocks.created(T.sg, `ovl-${a}-sg`).id]]);
      expect(str(eni.output("privateIp"))).toMatch(a.endsWith("a") ? /^10\.0\.0\.\d+$/ : /^10\.0\.1\.\d+$/);
      expect(mocks.created(T.eip, `ovl-${a}-eip`).input("networkInterface")).toBe(eni.id);
      const instance = mocks.created(T.instance, `ovl-${a}-router`);
      expect([instance.input("primaryNetworkInterface.networkInterfaceId"), instance.input("ami"), instance.input("instanceType"), instance.input("metadataOptions.httpTokens")]).toEqual([
        eni.id,
        "ami-0debian120000000",
        "t3.small",
        "required",
      ]);
      expect(mocks.isSecret(instance.input("userData"))).toBe(true);
      expect(mocks.isSecret(instance.output("userData"))).toBe(true);
    }
  });

  it("points each VPC route table's Azure prefix at the ENI of the router assigned to it", async () => {
    await build();
    expect(mocks.all(T.route).map((r) => [r.name, r.input("routeTableId"), r.input("destinationCidrBlock"), r.input("networkInterfaceId")])).toEqual([
      ["ovl-private-a-10-16-0-0-16-route", "rtb-0aaaa000000000000", "10.16.0.0/16", mocks.created(T.eni, "ovl-aws-us-east-1a-eni").id],
      ["ovl-private-b-10-16-0-0-16-route", "rtb-0bbbb000000000000", "10.16.0.0/16", mocks.created(T.eni, "ovl-aws-us-east-1b-eni").id],
    ]);
  });
});

describe("WireGuardOverlay: Azure side", () => {
  it("mirrors the rules in each router's NSG: WireGuard from exactly the AWS Elastic IPs on each link's port", async () => {
    await build();
    for (const z of AZURE_KEYS) {
      const rules = mocks.created(T.nsg, `ovl-${z}-nsg`).input("securityRules") as Record<string, unknown>[];
      expect(rules.filter((r) => r["protocol"] === "Udp").map((r) => [r["sourceAddressPrefix"], r["destinationPortRange"], r["access"], r["direction"]])).toEqual(
        AWS_KEYS.map((a) => [awsPublicIp(a), String(plan.links[`${a}.${z}`]?.port), "Allow", "Inbound"]),
      );
      expect(rules.filter((r) => r["protocol"] !== "Udp").map((r) => [r["name"], r["protocol"], r["sourceAddressPrefix"] ?? r["sourceAddressPrefixes"]])).toEqual([
        ["pmtud-icmp", "Icmp", "*"],
        ["forwarded-from-vnet", "*", ["10.16.0.0/16"]],
      ]);
      const nic = mocks.created(T.nic, `ovl-${z}-nic`);
      expect([nic.input("enableIPForwarding"), nic.input("networkSecurityGroup.id"), nic.input("ipConfigurations[0].publicIPAddress.id")]).toEqual([
        true,
        mocks.created(T.nsg, `ovl-${z}-nsg`).id,
        mocks.created(T.pip, `ovl-${z}-pip`).id,
      ]);
      expect(azurePrivateIp(z)).toMatch(/^10\.16\.0\.\d+$/);
      const pip = mocks.created(T.pip, `ovl-${z}-pip`);
      expect([pip.input("sku.name"), pip.input("publicIPAllocationMethod"), pip.input("zones")]).toEqual(["Standard", "Static", [z.slice(-1)]]);
      const vm = mocks.created(T.vm, `ovl-${z}-vm`);
      expect([vm.input("networkProfile.networkInterfaces[0].id"), vm.input("storageProfile.imageReference"), vm.input("zones")]).toEqual([
        nic.id,
        { publisher: "Debian", offer: "debian-12", sku: "12-gen2", version: "latest" },
        [z.slice(-1)],
      ]);
      expect(mocks.isSecret(vm.input("osProfile.customData"))).toBe(true);
      expect(vm.input("osProfile.linuxConfiguration.disablePasswordAuthentication")).toBe(true);
    }
  });

  it("sends the AWS prefixes through the UDR to the private IP of the Azure router assigned to it", async () => {
    const overlay = await build();
    const udr = mocks.created(T.udr, "ovl-workload-udr");
    expect(udr.input("routes")).toEqual([{ name: "to-aws-10-0-0-0-16", addressPrefix: "10.0.0.0/16", nextHopType: "VirtualAppliance", nextHopIpAddress: azurePrivateIp("azure-2") }]);
    expect(await mocks.valueOf(overlay.azureRouteTableIds)).toEqual({ workload: udr.id });
    expect(mocks.all(T.hub)).toEqual([]);
  });
});

describe("WireGuardOverlay: boot configuration", () => {
  it("gives each end of every link the other end's public key, derived from the other end's own private key", async () => {
    await build();
    const confs: Record<string, ReturnType<typeof wgConf>> = {};
    for (const link of Object.values(plan.links)) {
      confs[`${link.key}:aws`] = wgConf(file(link.aws, `${OVERLAY_BOOT_PATHS.wireguardDir}/${link.awsInterface}.conf`));
      confs[`${link.key}:azure`] = wgConf(file(link.azure, `${OVERLAY_BOOT_PATHS.wireguardDir}/${link.azureInterface}.conf`));
    }
    for (const link of Object.values(plan.links)) {
      const a = confs[`${link.key}:aws`] as ReturnType<typeof wgConf>;
      const z = confs[`${link.key}:azure`] as ReturnType<typeof wgConf>;
      expect(a.peer["PublicKey"]).toBe(wireGuardPublicKey(str(z.iface["PrivateKey"])));
      expect(z.peer["PublicKey"]).toBe(wireGuardPublicKey(str(a.iface["PrivateKey"])));
      expect(a.peer["PresharedKey"]).toBe(z.peer["PresharedKey"]);
      expect([a.iface["Address"], z.iface["Address"]]).toEqual([`${link.awsAddress}/31`, `${link.azureAddress}/31`]);
      expect([a.iface["ListenPort"], z.iface["ListenPort"]]).toEqual([String(link.port), String(link.port)]);
      expect([a.peer["Endpoint"], z.peer["Endpoint"]]).toEqual([`${azurePublicIp(link.azure)}:${link.port}`, `${awsPublicIp(link.aws)}:${link.port}`]);
      expect([a.iface["MTU"], a.iface["Table"], a.peer["AllowedIPs"], z.peer["AllowedIPs"]]).toEqual(["1420", "off", "0.0.0.0/0", "0.0.0.0/0"]);
    }
    // One private key per router, used on all of its interfaces, and different from every other router's.
    const byRouter = new Map<string, Set<string>>();
    for (const link of Object.values(plan.links)) {
      for (const [router, side] of [[link.aws, "aws"], [link.azure, "azure"]] as const) {
        const keys = byRouter.get(router) ?? new Set<string>();
        keys.add(str((confs[`${link.key}:${side}`] as ReturnType<typeof wgConf>).iface["PrivateKey"]));
        byRouter.set(router, keys);
      }
    }
    expect([...byRouter.values()].map((k) => k.size)).toEqual([1, 1, 1, 1]);
    expect(new Set([...byRouter.values()].flatMap((k) => [...k])).size).toBe(4);
  });

  it("peers BGP over each link's /31 with the other cloud's ASN and BFD, and clamps MSS to 1380", async () => {
    await build();
    const frr = file("aws-us-east-1a", OVERLAY_BOOT_PATHS.frrConf);
    expect(frr).toContain("router bgp 65010\n bgp router-id 100.64.0.128\n");
    for (const z of AZURE_KEYS) {
      const link = plan.links[`aws-us-east-1a.${z}`];
      expect(frr).toContain(` neighbor ${link?.azureAddress} remote-as 65020\n`);
      expect(frr).toContain(` neighbor ${link?.azureAddress} bfd profile crosscloud\n`);
      expect(frr).toContain(`  neighbor ${link?.azureAddress} route-map CC-PEER-OUT out\n`);
    }
    expect(frr).toContain("  network 10.0.0.0/16\n");
    expect(frr).toContain("ip prefix-list CC-REMOTE seq 5 deny 0.0.0.0/0\nip prefix-list CC-REMOTE seq 10 permit 10.16.0.0/16 le 32\n");
    expect(frr).toContain("  transmit-interval 100\n  receive-interval 100\n  detect-multiplier 3\n");
    const azureFrr = file("azure-2", OVERLAY_BOOT_PATHS.frrConf);
    expect(azureFrr).toContain(` neighbor ${plan.links["aws-us-east-1b.azure-2"]?.awsAddress} remote-as 65010\n`);
    expect(azureFrr).not.toContain("65515");
    expect(file("azure-1", OVERLAY_BOOT_PATHS.mssClampUnit)).toContain("-o wg+ -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1380");
    const cc = cloudConfig("azure-1");
    expect(cc.packages).toEqual(["wireguard-tools", "frr", "iptables"]);
    expect(cc.runcmd.filter((c) => c[0] === "systemctl" && c[3]?.startsWith("wg-quick@")).map((c) => c[3])).toEqual(["wg-quick@wg-azure-0", "wg-quick@wg-azure-2"]);
  });
});

/** Every plaintext string in a recorded value, skipping secrets. */
function plaintexts(value: unknown, out: string[] = []): string[] {
  if (value instanceof SecretValue) return out;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => plaintexts(v, out));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => plaintexts(v, out));
  return out;
}

describe("WireGuardOverlay: secrets", () => {
  it("never records a private or preshared key outside a secret, in any input or output", async () => {
    const overlay = await build();
    const secrets = [...AWS_KEYS, ...AZURE_KEYS].flatMap((k) => {
      const cc = cloudConfig(k);
      return cc.write_files.filter((f) => f.path.startsWith(OVERLAY_BOOT_PATHS.wireguardDir)).flatMap((f) => {
        const c = wgConf(f.content);
        return [str(c.iface["PrivateKey"]), str(c.peer["PresharedKey"])];
      });
    });
    expect(new Set(secrets).size).toBe(4 + 4); // four routers' keys, four links' preshared keys
    const exposed = mocks.all().flatMap((r) => [...plaintexts(r.inputs), ...plaintexts(r.outputs)]).filter((t) => secrets.some((s) => t.includes(s)));
    expect(exposed).toEqual([]);
    expect(mocks.all(T.bytes).every((b) => mocks.isSecret(b.output("base64")) && mocks.isSecret(b.output("hex")))).toBe(true);
    const routers = await mocks.outputOf(overlay.routers);
    expect(routers.isSecret).toBe(false);
    expect(routers.value?.["azure-1"]?.publicKey).toBe(wireGuardPublicKey(str(wgConf(file("azure-1", `${OVERLAY_BOOT_PATHS.wireguardDir}/wg-azure-0.conf`)).iface["PrivateKey"])));
    expect(routers.value?.["aws-us-east-1b"]).toMatchObject({ cloud: "aws", zone: "us-east-1b", asn: 65010, routerId: "100.64.0.129", publicIp: awsPublicIp("aws-us-east-1b") });
  });
});

describe("WireGuardOverlay: Route Server", () => {
  it("peers every Azure router with Route Server (ASN 65515, both router IPs) instead of a UDR", async () => {
    const overlay = await build(true);
    const hub = mocks.created(T.hub, "ovl-rs");
    expect([hub.input("sku"), hub.input("virtualWan")]).toEqual(["Standard", undefined]);
    const ipConfig = mocks.created(T.hubIp, "ovl-rs-ipconfig");
    expect([ipConfig.input("virtualHubName"), ipConfig.input("publicIPAddress.id")]).toEqual([hub.output("name"), mocks.created(T.pip, "ovl-rs-pip").id]);
    expect(str(ipConfig.input("subnet.id")).endsWith("/subnets/RouteServerSubnet")).toBe(true);
    const rsIps = await mocks.valueOf(overlay.routeServerIps);
    expect(rsIps).toHaveLength(2);
    rsIps.forEach((ip) => expect(ip).toMatch(/^10\.16\.1\.\d+$/));
    expect(mocks.all(T.bgp).map((c) => [c.name, c.input("connectionName"), c.input("peerAsn"), c.input("peerIp")])).toEqual(
      AZURE_KEYS.map((z) => [`ovl-${z}-rs-bgp`, z, 65020, azurePrivateIp(z)]),
    );
    // The second connection waits for the first: ARM serialises changes to one hub.
    expect(mocks.created(T.bgp, "ovl-azure-2-rs-bgp").dependencies).toContain(mocks.created(T.bgp, "ovl-azure-1-rs-bgp").urn);
    for (const z of AZURE_KEYS) {
      const frr = file(z, OVERLAY_BOOT_PATHS.frrConf);
      for (const ip of rsIps) {
        expect(frr).toContain(` neighbor ${ip} remote-as 65515\n neighbor ${ip} description route-server\n neighbor ${ip} ebgp-multihop 2\n neighbor ${ip} timers 60 180\n`);
        expect(frr).toContain(`  neighbor ${ip} route-map CC-RS-OUT out\n`);
      }
      expect(frr).toContain("route-map CC-RS-OUT permit 10\n match ip address prefix-list CC-REMOTE\n");
    }
    expect(file("aws-us-east-1a", OVERLAY_BOOT_PATHS.frrConf)).not.toContain("65515");
    expect(mocks.all(T.udr)).toEqual([]);
    expect(await mocks.valueOf(overlay.azureRouteTableIds)).toEqual({});
    expect(mocks.invokes("azure-native:network:getVirtualHub")).toHaveLength(1);
  });
});

describe("WireGuardOverlay: validation", () => {
  it("throws every problem at once and registers nothing", async () => {
    const bad = args(false);
    let error: unknown;
    try {
      new WireGuardOverlay("ovl", {
        ...bad,
        aws: { ...bad.aws, prefixes: ["10.0.0.0/16", "0.0.0.0/0"], routeTables: { main: { routeTableId: "rtb-0", router: "aws-us-east-1c" } } },
        azure: { ...bad.azure, asn: 65010, routeTables: {}, routeServerSubnetId: "/subscriptions/x/subnets/RouteServerSubnet" },
        port: 0,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).issues.map((i) => [i.path, i.code])).toEqual([
      ["port", "PORT_INVALID"],
      ["azure.asn", "ASN_EQUAL"],
      ["aws.prefixes.1", "DEFAULT_ROUTE"],
      ["aws.routeTables.main.router", "ROUTER_UNKNOWN"],
      ["azure.routeServerSubnetId", "OPTION_CONFLICT"],
    ]);
    expect((error as PlanError).message.startsWith('crosscloud WireGuardOverlay "ovl" is invalid (5 problems):')).toBe(true);
    await mocks.settled();
    expect(mocks.all().filter((r) => !["aws:ec2/subnet:Subnet", "azure-native:network:Subnet"].includes(r.type))).toEqual([]);
  });

  it("needs the RouteServerSubnet with routeServer, and rejects key pairs that spell the same resource name", () => {
    const a = args(false);
    const thrown = (x: WireGuardOverlayArgs): [string, string][] => {
      try {
        new WireGuardOverlay("ovl", x);
      } catch (e) {
        if (e instanceof PlanError) return e.issues.map((i) => [i.path, i.code]);
        throw e;
      }
      return [];
    };
    expect(thrown({ ...a, routeServer: true, azure: { ...a.azure, routeTables: {} } })).toEqual([["azure.routeServerSubnetId", "VALUE_REQUIRED"]]);
    expect(
      thrown({
        ...a,
        aws: { ...a.aws, routers: { "edge-x": { zone: "us-east-1a" }, edge: { zone: "us-east-1b" } }, routeTables: {} },
        azure: { ...a.azure, routers: { "x-y": { zone: "1" }, y: { zone: "2" } }, routeTables: {} },
      }),
    ).toEqual([["links.edge.x-y", "KEY_INVALID"]]);
  });
});

describe("debian12AmiId", () => {
  it("looks up the newest Debian 12 AMI from Debian's own account", async () => {
    const id = await mocks.valueOf(debian12AmiId());
    expect(id).toMatch(/^ami-0[0-9a-f]{16}$/);
    const [call] = mocks.invokes("aws:ec2/getAmi:getAmi");
    expect(call?.args).toMatchObject({
      owners: ["136693071363"],
      mostRecent: true,
      filters: [
        { name: "name", values: ["debian-12-amd64-*"] },
        { name: "architecture", values: ["x86_64"] },
        { name: "virtualization-type", values: ["hvm"] },
      ],
    });
  });
});
