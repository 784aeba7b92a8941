import { noDefaultRouteViaRouters as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";

const WHY = "all of its internet-bound traffic would go to the router and, with the router's BGP routes, across the overlay";
const ROUTE = "aws:ec2/route:Route";
const RTB = "aws:ec2/routeTable:RouteTable";
const ENI = "aws:ec2/networkInterface:NetworkInterface";
const INSTANCE = "aws:ec2/instance:Instance";
const AZ_ROUTE = "azure-native:network:Route";
const UDR = "azure-native:network:RouteTable";
const NIC = "azure-native:network:NetworkInterface";

const routerEni = r(ENI, "r1-eni", { id: "eni-0router", sourceDestCheck: false });
const plainEni = r(ENI, "web-eni", { id: "eni-0web", sourceDestCheck: true });
const routerNic = r(NIC, "r2-nic", { enableIPForwarding: true, ipConfigurations: [{ name: "ipconfig1", privateIPAddress: "10.16.0.4" }] });
const plainNic = r(NIC, "vm-nic", { enableIPForwarding: false, ipConfigurations: [{ name: "ipconfig1", privateIPAddress: "10.16.0.9" }] });

describe("no-default-route-via-routers: the overlay's routes pass", () => {
  it("passes routes to the other cloud's prefixes via the routers, and the routers' own default to an internet gateway", () => {
    const fakes = [
      routerEni,
      routerNic,
      r(ROUTE, "to-azure", { routeTableId: "rtb-1", destinationCidrBlock: "10.16.0.0/16", networkInterfaceId: "eni-0router" }),
      r(ROUTE, "public-default", { routeTableId: "rtb-2", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }),
      r(UDR, "udr", { routes: [{ name: "to-aws", addressPrefix: "10.0.0.0/16", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.16.0.4" }, { name: "inet", addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }] }),
      // A default to an appliance that is not a router (no forwarding) is not this policy's business.
      plainEni,
      plainNic,
      r(ROUTE, "to-web", { routeTableId: "rtb-3", destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-0web" }),
      r(AZ_ROUTE, "to-vm", { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.16.0.9" }),
    ];
    expect(run(policy, fakes)).toEqual({ violations: [] });
  });
});

describe("no-default-route-via-routers: defaults through a router", () => {
  it("flags 0.0.0.0/0 and ::/0 to a router ENI or instance, inline or standalone, and to a forwarding NIC's address", () => {
    const result = run(policy, [
      routerEni,
      routerNic,
      r(INSTANCE, "r1", { id: "i-0router", sourceDestCheck: false }),
      r(ROUTE, "default", { routeTableId: "rtb-1", destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-0router" }),
      r(ROUTE, "default6", { routeTableId: "rtb-1", destinationIpv6CidrBlock: "::/0", instanceId: "i-0router" }),
      r(RTB, "rtb", { routes: [{ cidrBlock: "10.16.0.0/16", networkInterfaceId: "eni-0router" }, { cidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-0router" }] }),
      r(UDR, "udr", { routes: [{ name: "all", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.16.0.4" }] }),
      r(AZ_ROUTE, "route", { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: UNKNOWN }, { propertyDependencies: { nextHopIpAddress: ["r2-nic"] } }),
    ]);
    expect(result.violations).toEqual([
      { urn: urnOf(ROUTE, "default"), message: `aws:ec2/route:Route "default" sends 0.0.0.0/0 to the router aws:ec2/networkInterface:NetworkInterface "r1-eni"; ${WHY}.` },
      { urn: urnOf(ROUTE, "default6"), message: `aws:ec2/route:Route "default6" sends ::/0 to the router aws:ec2/instance:Instance "r1"; ${WHY}.` },
      { urn: urnOf(RTB, "rtb"), message: `aws:ec2/routeTable:RouteTable "rtb" routes.1 sends 0.0.0.0/0 to the router aws:ec2/networkInterface:NetworkInterface "r1-eni"; ${WHY}.` },
      { urn: urnOf(UDR, "udr"), message: `azure-native:network:RouteTable "udr" routes.0 sends 0.0.0.0/0 to the router azure-native:network:NetworkInterface "r2-nic" (VirtualAppliance 10.16.0.4); ${WHY}.` },
      { urn: urnOf(AZ_ROUTE, "route"), message: `azure-native:network:Route "route" sends 0.0.0.0/0 to the router azure-native:network:NetworkInterface "r2-nic" (VirtualAppliance next hop); ${WHY}.` },
    ]);
  });

  it("finds an unknown ENI id's router through its property dependency, and cannot decide without one", () => {
    const fakes = [routerEni, r(ROUTE, "default", { destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: UNKNOWN }, { propertyDependencies: { networkInterfaceId: ["r1-eni"] } })];
    expect(run(policy, fakes).violations.map((v) => v.urn)).toEqual([urnOf(ROUTE, "default")]);
    expect(run(policy, [r(ROUTE, "default", { destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: UNKNOWN })]).cantRun).toMatch(/can't be known/);
  });

  it("exempts allowed routes (centralised egress through an appliance)", () => {
    expect(run(policy, [routerEni, r(ROUTE, "egress", { destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: "eni-0router" })], { allow: ["egress"] })).toEqual({ violations: [] });
  });
});
