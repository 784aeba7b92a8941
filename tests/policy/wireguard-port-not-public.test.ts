import { wireGuardPortNotPublic as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";
import { base64, userData } from "./overlay-fixtures";

const OVERLAY = "crosscloud:index:WireGuardOverlay";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const NSG = "azure-native:network:NetworkSecurityGroup";
const RULE = "azure-native:network:SecurityRule";
const EIP = "aws:ec2/eip:Eip";
const PIP = "azure-native:network:PublicIPAddress";
const INSTANCE = "aws:ec2/instance:Instance";
const VM = "azure-native:compute:VirtualMachine";
const FIX = "allow each link's port from the peer router's public IP only.";

/** The overlay's links, as WireGuardOverlay registers them: ports 51820–51823. */
const overlay = r(OVERLAY, "ov", { links: Object.fromEntries([0, 1, 2, 3].map((i) => [`a${i}.z${i}`, { port: 51820 + i }])) });
const nsgRule = (name: string, source: string, port = "51820", more: Record<string, unknown> = {}) => ({
  name, priority: 100, direction: "Inbound", access: "Allow", protocol: "Udp", sourceAddressPrefix: source, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: port, ...more,
});

describe("wireguard-port-not-public: the overlay's own rules pass", () => {
  it("passes each link's port from the peer's public address (known, or unknown but flowing from an EIP/public IP), and the PMTUD ICMP rules", () => {
    const fakes = [
      overlay,
      r(EIP, "eip", { publicIp: "198.51.100.7" }),
      r(PIP, "pip", { ipAddress: "203.0.113.9" }),
      r(INGRESS, "wg-in", { ipProtocol: "udp", fromPort: 51820, toPort: 51820, cidrIpv4: "203.0.113.9/32" }),
      r(INGRESS, "wg-in-unknown", { ipProtocol: "udp", fromPort: 51821, toPort: 51821, cidrIpv4: UNKNOWN }, { propertyDependencies: { cidrIpv4: ["pip"] } }),
      r(INGRESS, "pmtud", { ipProtocol: "icmp", fromPort: 3, toPort: 4, cidrIpv4: "0.0.0.0/0" }),
      r(NSG, "nsg", { securityRules: [nsgRule("wg", "198.51.100.7"), nsgRule("pmtud", "*", "*", { protocol: "Icmp" }), nsgRule("fwd", "10.16.0.0/16", "*", { protocol: "*" })] }),
      r(NSG, "nsg-unknown", { securityRules: [nsgRule("wg", UNKNOWN as unknown as string)] }, { propertyDependencies: { securityRules: ["eip"] } }),
    ];
    expect(run(policy, fakes)).toEqual({ violations: [] });
  });

  it("checks nothing in a stack without WireGuard", () => {
    expect(run(policy, [r(INGRESS, "all", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })])).toEqual({ violations: [] });
  });
});

describe("wireguard-port-not-public: ports open to the internet", () => {
  it("flags UDP (or every protocol) on a WireGuard port from 0.0.0.0/0, ::/0, *, Internet or Any, in every rule form", () => {
    const result = run(policy, [
      overlay,
      r(INGRESS, "world", { ipProtocol: "udp", fromPort: 51820, toPort: 51823, cidrIpv4: "0.0.0.0/0" }),
      r(INGRESS, "world6", { ipProtocol: "-1", cidrIpv6: "::/0" }),
      r(SG, "sg", { ingress: [{ protocol: "udp", fromPort: 51000, toPort: 52000, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }] }),
      r(SG_RULE, "rule", { type: "ingress", protocol: "17", fromPort: 51822, toPort: 51822, cidrBlocks: ["0.0.0.0/0"] }),
      r(NSG, "nsg", { securityRules: [nsgRule("any", "*"), nsgRule("inet", "Internet", "51821-51822"), nsgRule("tcp-only", "*", "51820", { protocol: "Tcp" })] }),
      r(RULE, "standalone", nsgRule("standalone", "0.0.0.0/0", "*", { protocol: "*" })),
    ]);
    expect(result.violations).toEqual([
      { urn: urnOf(INGRESS, "world"), message: `aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule "world" admits UDP 51820, 51821, 51822, 51823 (WireGuard) from 0.0.0.0/0; ${FIX}` },
      { urn: urnOf(INGRESS, "world6"), message: `aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule "world6" admits UDP 51820, 51821, 51822, 51823 (WireGuard) from ::/0; ${FIX}` },
      { urn: urnOf(SG, "sg"), message: `aws:ec2/securityGroup:SecurityGroup "sg" ingress.0 admits UDP 51820, 51821, 51822, 51823 (WireGuard) from 0.0.0.0/0; ${FIX}` },
      { urn: urnOf(SG_RULE, "rule"), message: `aws:ec2/securityGroupRule:SecurityGroupRule "rule" admits UDP 51822 (WireGuard) from 0.0.0.0/0; ${FIX}` },
      { urn: urnOf(NSG, "nsg"), message: `azure-native:network:NetworkSecurityGroup "nsg" securityRules.0 (any) admits UDP 51820 (WireGuard) from *; ${FIX}` },
      { urn: urnOf(NSG, "nsg"), message: `azure-native:network:NetworkSecurityGroup "nsg" securityRules.1 (inet) admits UDP 51821, 51822 (WireGuard) from Internet; ${FIX}` },
      { urn: urnOf(RULE, "standalone"), message: `azure-native:network:SecurityRule "standalone" (standalone) admits UDP 51820, 51821, 51822, 51823 (WireGuard) from 0.0.0.0/0; ${FIX}` },
    ]);
  });

  it("knows the ports from router user data too, without a WireGuardOverlay component", () => {
    const fakes = [
      r(VM, "r2", { osProfile: { customData: base64(userData("azure-1")) } }),
      r(INSTANCE, "hand", { userData: "#!/bin/sh\nwg set wg9 listen-port 40000 private-key /etc/k\n" }),
      r(INGRESS, "world", { ipProtocol: "udp", fromPort: 40000, toPort: 40000, cidrIpv4: "0.0.0.0/0" }),
      r(NSG, "nsg", { securityRules: [nsgRule("any", "*", "51822")] }),
    ];
    expect(run(policy, fakes).violations.map((v) => v.urn)).toEqual([urnOf(INGRESS, "world"), urnOf(NSG, "nsg")]);
  });

  it("cannot decide on an unknown source that comes from nowhere it can see, and exempts allowed rules", () => {
    expect(run(policy, [overlay, r(INGRESS, "x", { ipProtocol: "udp", fromPort: 51820, toPort: 51820, cidrIpv4: UNKNOWN })]).cantRun).toMatch(/can't be known/);
    expect(run(policy, [overlay, r(INGRESS, "world", { ipProtocol: "udp", fromPort: 51820, toPort: 51820, cidrIpv4: "0.0.0.0/0" })], { allow: ["world"] })).toEqual({ violations: [] });
  });
});
