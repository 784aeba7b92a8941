/**
 * Every policy in-process on the real dev stack's resources (the fixture plan.json without its
 * planted resources): clean as built, and each policy catching one realistic mistake in it. This
 * proves the policies read the properties crosscloud's components actually register.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { policies } from "../../policy/policies";
import type { StackValidationPolicy } from "@pulumi/policy";
import { parse as parseYaml } from "yaml";
import { type FakeResource, UNKNOWN, r, run, urnOf } from "./harness";
import { userData } from "./overlay-fixtures";

interface PlanResource {
  urn: string;
  type: string;
  name: string;
  dependencies: string[];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

const PLAN = JSON.parse(readFileSync(path.resolve(__dirname, "../fixtures/policy/plan-planted.json"), "utf8")) as { resources: PlanResource[] };
const PLANTED = new Set(["dev-app-secondary", "dev-app-private-default"]);

const unredact = (v: unknown): unknown =>
  v === "[secret]" ? UNKNOWN : Array.isArray(v) ? v.map(unredact) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unredact(x)])) : v;

/** Resources an edit adds to the dev stack (an edit's other return values are the assignments it made). */
class Added {
  constructor(readonly resources: FakeResource[]) {}
}

/** The dev stack as fakes: props are inputs overlaid by outputs (as `crosscloud check` merges them), secrets unknown. */
function devStack(edit: (byName: Map<string, FakeResource & { props: Record<string, unknown> }>) => unknown = () => {}): FakeResource[] {
  const kept = PLAN.resources.filter((x) => !PLANTED.has(x.name));
  const nameOf = new Map(kept.map((x) => [x.urn, x.name] as const));
  const fakes = kept.map((x) => ({
    type: x.type,
    name: x.name,
    props: unredact({ ...x.inputs, ...x.outputs }) as Record<string, unknown>,
    dependsOn: x.dependencies.map((u) => nameOf.get(u)).filter((n): n is string => n !== undefined),
  }));
  // An edit may also add resources: the overlay policies' mistakes need a router the dev stack does not have.
  const added = edit(new Map(fakes.map((f) => [f.name, f] as const)));
  return [...fakes, ...(added instanceof Added ? added.resources : [])];
}

const policy = (name: string): StackValidationPolicy => {
  const found = policies.find((p) => p.name === name);
  if (!found || !("validateStack" in found)) throw new Error(`no stack policy ${name}`);
  return found;
};
const must = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error("fixture changed");
  return v;
};

describe("the dev stack as built", () => {
  it.each(policies.map((p) => [p.name]))("passes %s with nothing undecided", (name) => {
    expect(run(policy(name), devStack())).toEqual({ violations: [] });
  });
});

describe("the dev stack against the shared IPAM registry", () => {
  const registry = parseYaml(readFileSync(path.resolve(__dirname, "../../stacks/ipam-registry.yaml"), "utf8")) as Record<string, unknown>;

  it("overlaps nothing another stack holds (its own entries are ignored)", () => {
    expect(run(policy("no-overlapping-cidrs"), devStack(), { registry })).toEqual({ violations: [] });
  });

  it("really reads the registry: told it is another stack, its networks overlap dev's own entries", () => {
    const result = run(policy("no-overlapping-cidrs"), devStack(), { registry, stack: "someone-else" });
    expect([...new Set(result.violations.map((v) => v.urn))].sort()).toEqual([urnOf("aws:ec2/vpc:Vpc", "dev-app-vpc"), urnOf("azure-native:network:VirtualNetwork", "dev-hub-vnet")]);
    expect(result.violations.every((v) => / overlaps \S+ \(registry dev\//.test(v.message))).toBe(true);
  });
});

describe("each policy catches a realistic mistake in the dev stack", () => {
  const INSTANCE = "aws:ec2/instance:Instance";
  /** A WireGuard router someone adds to dev by hand, booting the overlay's rendered user data (edited). */
  const router = (text: string, more: Partial<FakeResource> = {}): FakeResource => r(INSTANCE, "dev-wg-router", { userData: text, subnetId: "subnet-1" }, { additionalSecretOutputs: ["userData"], ...more });
  const cases: [string, (m: Map<string, { props: Record<string, unknown> }>) => unknown, [string, string][]][] = [
    [
      "no-overlapping-cidrs",
      (m) => (must(m.get("dev-hub-workload")).props.addressPrefix = "10.16.0.0/24"),
      [["azure-native:network:Subnet", "dev-hub-GatewaySubnet"], ["azure-native:network:Subnet", "dev-hub-dns-inbound"], ["azure-native:network:Subnet", "dev-hub-dns-outbound"]],
    ],
    [
      "no-default-route-across-interconnect",
      (m) => (must(m.get("dev-vpn-a-t1-lng")).props.localNetworkAddressSpace = { addressPrefixes: ["0.0.0.0/0"] }),
      [["azure-native:network:LocalNetworkGateway", "dev-vpn-a-t1-lng"]],
    ],
    ["bgp-asn-rules", (m) => (must(m.get("dev-vpn-cgw0")).props.bgpAsn = "64512"), [["aws:ec2/vpnConnection:VpnConnection", "dev-vpn-a-vpn"]]],
    [
      "tunnel-inside-addresses",
      (m) => {
        const vng = must(m.get("dev-vpn-vng")).props as { bgpSettings: { bgpPeeringAddresses: { customBgpIpAddresses: string[] }[] } };
        must(vng.bgpSettings.bgpPeeringAddresses[1]).customBgpIpAddresses = ["169.254.20.6"];
      },
      [["azure-native:network:VirtualNetworkGateway", "dev-vpn-vng"]],
    ],
    [
      "ipsec-explicit-and-matching",
      (m) => (must(m.get("dev-vpn-a-t2-conn")).props.ipsecPolicies = [{ ...((must(m.get("dev-vpn-a-t2-conn")).props.ipsecPolicies as object[])[0] as object), dhGroup: "ECP384" }]),
      [["azure-native:network:VirtualNetworkGatewayConnection", "dev-vpn-a-t2-conn"]],
    ],
    ["psk-must-be-secret", (m) => (must(m.get("dev-vpn-a-t1-conn")).props.sharedKey = "Typed.Into_Config.Plain"), [["azure-native:network:VirtualNetworkGatewayConnection", "dev-vpn-a-t1-conn"]]],
    [
      "prefix-limits",
      (m) => (must(m.get("dev-vpn-a-t1-bgp")).props.acceptedPrefixes = Array.from({ length: 101 }, (_, i) => `10.${16 + (i >> 4)}.${(i & 15) * 16}.0/20`)),
      [["crosscloud:index:BgpSession", "dev-vpn-a-t1-bgp"]],
    ],
    [
      "prod-requires-active-active",
      (m) => {
        must(m.get("dev-vpn-vng")).props.activeActive = false;
        (must(m.get("dev-app-vpc")).props.tags as Record<string, string>)["crosscloud:environment"] = "prod";
      },
      [["azure-native:network:VirtualNetworkGateway", "dev-vpn-vng"]],
    ],
    ["gateway-subnet-size", (m) => (must(m.get("dev-hub-GatewaySubnet")).props.addressPrefix = "10.16.0.0/28"), [["azure-native:network:Subnet", "dev-hub-GatewaySubnet"]]],
    [
      "no-default-route-via-routers",
      () =>
        new Added([
          r("aws:ec2/networkInterface:NetworkInterface", "dev-nva-eni", { id: "eni-0nva00000000000", sourceDestCheck: false }),
          r("aws:ec2/route:Route", "dev-app-default-nva", { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-0nva00000000000" }),
        ]),
      [["aws:ec2/route:Route", "dev-app-default-nva"]],
    ],
    ["wireguard-keys-must-be-secret", () => new Added([router(userData(), { additionalSecretOutputs: [] })]), [[INSTANCE, "dev-wg-router"]]],
    [
      "wireguard-port-not-public",
      () => new Added([router(userData()), r("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-wg-open", { ipProtocol: "udp", fromPort: 51820, toPort: 51820, cidrIpv4: "0.0.0.0/0" })]),
      [["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "dev-wg-open"]],
    ],
    ["wireguard-mtu", () => new Added([router(userData("aws-us-east-1a", (t) => t.replace("MTU = 1420", "MTU = 1500")))]), [[INSTANCE, "dev-wg-router"]]],
  ];

  it("covers every policy of the pack", () => {
    expect(cases.map(([name]) => name).sort()).toEqual(policies.map((p) => p.name).sort());
  });

  it.each(cases)("%s", (name, edit, expected) => {
    const result = run(policy(name), devStack(edit));
    expect([result.violations.map((v) => v.urn), result.cantRun]).toEqual([expected.map(([type, n]) => urnOf(type, n)), undefined]);
  });
});
