import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { PROVISIONING_MINUTES } from "../../preview/dag-estimate";
import { runStackPreview } from "../../preview/stack";
import { serializePlan } from "../../preview/plan-json";
import { ROUTE_SERVER_ASN, cidr, containsIp } from "../../sdk";
import { PlanFile, StackRun, get, named, ofType, previewStack } from "./stack-preview";
import { resourcesFromGraph } from "../../check/graph-resources";
import { unwrapSecrets } from "../../graph";
import type { RuleResource } from "../../policy/rules/resources";
import type { ValueObject } from "../../policy/rules/values";
import { checkNoDefaultRouteViaRouters, checkWireGuardKeysMustBeSecret, checkWireGuardMtu, checkWireGuardPortNotPublic } from "../../policy/policies";

/**
 * The `overlay` sample stack: dev-sized networks joined only by the WireGuard overlay, previewed offline
 * as `crosscloud preview --stack overlay` does, in its UDR form (stacks/Pulumi.overlay.yaml) and in its
 * Route Server form (the same file with `routeServer: true`).
 */

const ROOT = path.resolve(__dirname, "../..");
const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  route: "aws:ec2/route:Route",
  rtb: "aws:ec2/routeTable:RouteTable",
  eni: "aws:ec2/networkInterface:NetworkInterface",
  eip: "aws:ec2/eip:Eip",
  instance: "aws:ec2/instance:Instance",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  vnet: "azure-native:network:VirtualNetwork",
  azSubnet: "azure-native:network:Subnet",
  pip: "azure-native:network:PublicIPAddress",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  udr: "azure-native:network:RouteTable",
  hub: "azure-native:network:VirtualHub",
  bgp: "azure-native:network:VirtualHubBgpConnection",
  bytes: "random:index/randomBytes:RandomBytes",
  vng: "azure-native:network:VirtualNetworkGateway",
  vpn: "aws:ec2/vpnConnection:VpnConnection",
} as const;

/** stacks/Pulumi.overlay.yaml with `crosscloud:overlay` changed by `edit`, in a temporary file. */
function variant(edit: (overlay: Record<string, unknown>) => void): string {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.overlay.yaml"), "utf8")) as { config: Record<string, unknown> };
  edit(doc.config["crosscloud:overlay"] as Record<string, unknown>);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cc-overlay-")), "Pulumi.overlay.yaml");
  fs.writeFileSync(file, stringifyYaml(doc));
  return file;
}

async function previewVariant(file: string): Promise<StackRun> {
  const result = await runStackPreview({ stack: "overlay", config: file, policy: true });
  const text = serializePlan(result.graph, { violations: result.violations });
  return { result, text, plan: JSON.parse(text) as PlanFile };
}

const ipOf = (nic: { outputs: Record<string, unknown> }): string => String(get((nic.outputs["ipConfigurations"] as unknown[])[0], "privateIPAddress"));

let udr: StackRun;
let rs: StackRun;
beforeAll(async () => {
  udr = await previewStack("overlay");
  rs = await previewVariant(variant((o) => (o["routeServer"] = true)));
}, 240_000);

describe("overlay stack preview: networks joined only by the overlay", () => {
  it("builds 2 routers per cloud and no VPN gateway on either side", () => {
    for (const run of [udr, rs]) {
      const count = (t: string) => ofType(run.plan, t).length;
      expect([count(T.instance), count(T.vm), count(T.eni), count(T.eip), count(T.nic), count(T.pip) - (run === rs ? 1 : 0), count(T.vng), count(T.vpn)]).toEqual([2, 2, 2, 2, 2, 2, 0, 0]);
      expect(run.result.graph.unsimulatedTypes).toEqual([]);
    }
  });

  it("routes each zone's workloads to the router of the same zone, through its ENI (source/destination check off)", () => {
    for (const zone of ["a", "b"]) {
      const rtb = named(udr.plan, T.rtb, `overlay-app-private-${zone}-rtb`);
      const route = named(udr.plan, T.route, `overlay-wg-private-${zone}-10-18-0-0-20-route`);
      const eni = named(udr.plan, T.eni, `overlay-wg-aws-us-east-1${zone}-eni`);
      const routerSubnet = named(udr.plan, T.subnet, `overlay-app-public-${zone}`);
      expect(route.inputs).toMatchObject({ routeTableId: rtb.id, destinationCidrBlock: "10.18.0.0/20", networkInterfaceId: eni.id });
      expect(eni.inputs).toMatchObject({ subnetId: routerSubnet.id, sourceDestCheck: false });
      expect(containsIp(cidr("10.2.0.0/20"), String(eni.outputs["privateIp"]))).toBe(true);
    }
    // The only default route is the routers' own, to the internet gateway, never through a router.
    const defaults = ofType(udr.plan, T.route).filter((r) => r.inputs["destinationCidrBlock"] === "0.0.0.0/0");
    expect(defaults.map((r) => [r.name, String(r.inputs["gatewayId"]).startsWith("igw-")])).toEqual([["overlay-app-public-default", true]]);
  });

  it("sends the VNet's workload subnet to azure-1 through the overlay's UDR", () => {
    const table = named(udr.plan, T.udr, "overlay-wg-workload-udr");
    const nic = named(udr.plan, T.nic, "overlay-wg-azure-1-nic");
    expect(table.inputs["routes"]).toEqual([{ name: "to-aws-10-2-0-0-20", addressPrefix: "10.2.0.0/20", nextHopType: "VirtualAppliance", nextHopIpAddress: ipOf(nic) }]);
    expect(get(named(udr.plan, T.azSubnet, "overlay-hub-workload").inputs, "routeTable.id")).toBe(table.id);
    expect(nic.inputs["enableIPForwarding"]).toBe(true);
  });

  it("opens each link's UDP port to exactly the peer router's public address, both ways", () => {
    const eip = named(udr.plan, T.eip, "overlay-wg-aws-us-east-1a-eip");
    const pip = named(udr.plan, T.pip, "overlay-wg-azure-1-pip");
    expect(named(udr.plan, T.ingress, "overlay-wg-aws-us-east-1a-azure-1-wg-in").inputs).toMatchObject({ ipProtocol: "udp", fromPort: 51820, toPort: 51820, cidrIpv4: `${String(pip.outputs["ipAddress"])}/32` });
    const rules = named(udr.plan, T.nsg, "overlay-wg-azure-1-nsg").inputs["securityRules"] as Record<string, unknown>[];
    expect(rules.find((r) => r["destinationPortRange"] === "51820")).toMatchObject({ protocol: "Udp", access: "Allow", sourceAddressPrefix: eip.outputs["publicIp"] });
  });

  it("keeps every key secret: user data, custom data and the random bytes are [secret], the plaintext nowhere", () => {
    for (const i of ofType(udr.plan, T.instance)) expect(i.inputs["userData"]).toBe("[secret]");
    for (const vm of ofType(udr.plan, T.vm)) expect(get(vm.inputs, "osProfile.customData")).toBe("[secret]");
    for (const b of ofType(udr.plan, T.bytes)) expect([b.id, b.outputs["base64"], b.outputs["hex"]]).toEqual(["none", "[secret]", "[secret]"]);
    const keys = udr.result.graph.resources.filter((r) => r.type === T.bytes).map((r) => (r.outputs["base64"] as { reveal(): unknown }).reveal() as string);
    expect(keys).toHaveLength(8);
    for (const k of keys) expect(udr.text).not.toContain(k);
    expect(udr.text).not.toMatch(/PrivateKey|PresharedKey/);
  });

  it("records the overlay's /24 and links where the IPAM registry keeps them", () => {
    const registry = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", "ipam-registry.yaml"), "utf8")) as { allocations: { stack: string; key: string; cidr: string }[] };
    const mine = Object.fromEntries(registry.allocations.filter((a) => a.stack === "overlay").map((a) => [a.key, a.cidr]));
    expect(udr.plan.outputs["overlayInsideCidr"]).toBe(mine["overlay/inside"]);
    for (const l of Object.values(udr.plan.outputs["overlayLinks"] as Record<string, { aws: string; azure: string; cidr: string }>)) {
      expect(mine[`overlay/link/${l.aws}/${l.azure}`]).toBe(l.cidr);
    }
    expect(named(udr.plan, T.vpc, "overlay-app-vpc").inputs["cidrBlock"]).toBe(mine["aws/vpc/app"]);
    expect(get(named(udr.plan, T.vnet, "overlay-hub-vnet").inputs, "addressSpace.addressPrefixes")).toEqual([mine["azure/vnet/hub"]]);
  });

  it("is ready in minutes: no 45-minute gateway on the critical path (Route Server's hub is the slow part of that variant)", () => {
    expect(udr.result.dag.totalMinutes).toBeLessThanOrEqual(2 * PROVISIONING_MINUTES.default);
    expect(rs.result.dag.totalMinutes).toBeGreaterThanOrEqual(PROVISIONING_MINUTES.azureRouteServer);
    expect(rs.result.dag.totalMinutes).toBeLessThan(PROVISIONING_MINUTES.azureVpnGateway);
  });

  it("passes every policy of the pack, in both variants, with no violation at any level", () => {
    expect(udr.result.violations).toEqual([]);
    expect(rs.result.violations).toEqual([]);
  });
});

describe("overlay stack preview: the Route Server variant", () => {
  it("peers both Azure routers with Route Server (its fixed ASN) instead of a UDR, and hands them its two router IPs", () => {
    expect(ofType(rs.plan, T.udr)).toEqual([]);
    expect(get(named(rs.plan, T.azSubnet, "overlay-hub-workload").inputs, "routeTable")).toBeUndefined();
    const hub = named(rs.plan, T.hub, "overlay-wg-rs");
    expect(hub.outputs["virtualRouterAsn"]).toBe(ROUTE_SERVER_ASN);
    const ips = rs.plan.outputs["routeServerIps"] as string[];
    expect(ips).toHaveLength(2);
    const rsSubnet = named(rs.plan, T.azSubnet, "overlay-hub-RouteServerSubnet");
    for (const ip of ips) expect(containsIp(cidr(String(rsSubnet.inputs["addressPrefix"])), ip)).toBe(true);
    const peers = ofType(rs.plan, T.bgp).map((b) => [b.inputs["peerIp"], b.inputs["peerAsn"]]);
    expect(peers).toEqual([
      [ipOf(named(rs.plan, T.nic, "overlay-wg-azure-1-nic")), 65020],
      [ipOf(named(rs.plan, T.nic, "overlay-wg-azure-2-nic")), 65020],
    ]);
  });

  it("keeps the UDR variant's addresses: the registry holds the networks and the overlay", () => {
    expect(rs.plan.outputs["overlayLinks"]).toEqual(udr.plan.outputs["overlayLinks"]);
    expect(named(rs.plan, T.azSubnet, "overlay-hub-routers").inputs["addressPrefix"]).toBe(named(udr.plan, T.azSubnet, "overlay-hub-routers").inputs["addressPrefix"]);
  });
});

describe("overlay stack config errors", () => {
  it("lists every problem before anything is registered", async () => {
    const file = variant((o) => {
      delete o["sshPublicKey"];
      (o["azure"] as Record<string, unknown>)["zones"] = ["7"];
      o["port"] = 70000;
    });
    await expect(runStackPreview({ stack: "overlay", config: file, policy: false })).rejects.toThrow(/sshPublicKey/);
    const bad = variant((o) => {
      (o["azure"] as Record<string, unknown>)["zones"] = ["7"];
      o["port"] = 70000;
    });
    const err = await runStackPreview({ stack: "overlay", config: bad, policy: false }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/azure\.zones\.0: "7" is not an Azure availability zone/);
    expect(err?.message).toMatch(/crosscloud:overlay\.port: 70000 is not allowed here: use an integer 1 to 65535 \[VALUE_INVALID\]/);
  });
});

describe("the overlay policies on the stack's own resources (what the preview hands the pack)", () => {
  /** The recorded resources as stack policies see them: state with secrets decrypted, property dependencies, options. */
  const ruleResources = (run: StackRun): RuleResource[] =>
    resourcesFromGraph(run.result.graph).map((a) => ({
      type: a.type,
      urn: a.urn,
      name: a.name,
      props: unwrapSecrets(a.properties) as ValueObject,
      ...(a.parent ? { parent: a.parent } : {}),
      dependencies: a.dependencies,
      propertyDependencies: a.propertyDependencies,
      additionalSecretOutputs: a.options.additionalSecretOutputs,
    }));
  const messages = (o: { violations: readonly { message: string }[]; undecided: readonly unknown[] }) => [o.violations.map((v) => v.message), o.undecided.length];
  const allow = { allow: [] };

  it("reads the rendered user data of every router and finds nothing wrong", () => {
    for (const run of [udr, rs]) {
      const rs_ = ruleResources(run);
      const instances = rs_.filter((r) => r.type === T.instance);
      expect(instances.every((r) => String(r.props["userData"]).includes("MTU = 1420"))).toBe(true);
      for (const check of [checkNoDefaultRouteViaRouters, checkWireGuardKeysMustBeSecret, checkWireGuardMtu, checkWireGuardPortNotPublic]) expect(messages(check(rs_, allow))).toEqual([[], 0]);
    }
  });

  it("flags the stack once it is broken: MTU 1500, a key without secrecy, a port open to all, a default route to a router", () => {
    const broken = ruleResources(udr).map((r): RuleResource => {
      if (r.name === "overlay-wg-aws-us-east-1a-router") {
        // Rendered with MTU 1500, and without the secrecy the component gives it.
        return { ...r, props: { ...r.props, userData: String(r.props["userData"]).replace(/MTU = 1420/g, "MTU = 1500") }, additionalSecretOutputs: [], propertyDependencies: {} };
      }
      if (r.name === "overlay-wg-aws-us-east-1a-azure-1-wg-in") return { ...r, props: { ...r.props, cidrIpv4: "0.0.0.0/0" }, propertyDependencies: {} };
      if (r.name === "overlay-wg-private-a-10-18-0-0-20-route") return { ...r, props: { ...r.props, destinationCidrBlock: "0.0.0.0/0" } };
      return r;
    });
    expect(checkWireGuardMtu(broken, allow).violations.map((v) => v.urn)).toEqual([expect.stringMatching(/overlay-wg-aws-us-east-1a-router$/), expect.stringMatching(/overlay-wg-aws-us-east-1a-router$/)]);
    expect(checkWireGuardKeysMustBeSecret(broken, allow).violations.map((v) => v.message)).toEqual([expect.stringMatching(/"overlay-wg-aws-us-east-1a-router" userData carries a WireGuard PrivateKey \(value withheld\) in plaintext/)]);
    expect(checkWireGuardPortNotPublic(broken, allow).violations.map((v) => v.message)).toEqual([expect.stringMatching(/"overlay-wg-aws-us-east-1a-azure-1-wg-in" admits UDP 51820 \(WireGuard\) from 0\.0\.0\.0\/0/)]);
    expect(checkNoDefaultRouteViaRouters(broken, allow).violations.map((v) => v.message)).toEqual([expect.stringMatching(/"overlay-wg-private-a-10-18-0-0-20-route" sends 0\.0\.0\.0\/0 to the router .*"overlay-wg-aws-us-east-1a-eni"/)]);
  });
});
