import { cidr } from "../../sdk/cidr";
import { DNS_RESOLVER_DELEGATION, GATEWAY_SUBNET, ROUTE_SERVER_SUBNET, azureSubnetPurpose, checkAzureSubnet, checkResolverSubnets } from "../../sdk/subnets";

const P = "azure.vnets.hub.subnets.x";

describe("Azure subnet purposes", () => {
  it("derives the purpose from the reserved names, else from the declaration, else workload", () => {
    expect([
      azureSubnetPurpose(GATEWAY_SUBNET, undefined),
      azureSubnetPurpose(GATEWAY_SUBNET, "workload"),
      azureSubnetPurpose(ROUTE_SERVER_SUBNET, undefined),
      azureSubnetPurpose("dns-in", "dnsInbound"),
      azureSubnetPurpose("app", undefined),
    ]).toEqual(["gateway", "gateway", "routeServer", "dnsInbound", "workload"]);
    expect([GATEWAY_SUBNET, ROUTE_SERVER_SUBNET, DNS_RESOLVER_DELEGATION]).toEqual(["GatewaySubnet", "RouteServerSubnet", "Microsoft.Network/dnsResolvers"]);
  });
});

describe("checkAzureSubnet", () => {
  it.each([
    ["10.16.0.0/27", []],
    ["10.16.0.0/26", []],
    ["10.16.0.0/28", [["GATEWAY_SUBNET_TOO_SMALL", "10.16.0.0/28 is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits)"]]],
    ["10.16.0.0/29", [["GATEWAY_SUBNET_TOO_SMALL", "10.16.0.0/29 is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits)"]]],
  ])("GatewaySubnet %s", (block, expected) => {
    expect(checkAzureSubnet(P, GATEWAY_SUBNET, "gateway", cidr(block))).toEqual(expected.map(([code, message]) => ({ path: P, code, message })));
  });

  it.each([
    ["10.16.1.0/26", []],
    ["10.16.1.0/27", [["ROUTE_SERVER_SUBNET_TOO_SMALL", "10.16.1.0/27 is smaller than /26; Azure requires a RouteServerSubnet of at least /26"]]],
  ])("RouteServerSubnet %s", (block, expected) => {
    expect(checkAzureSubnet(P, ROUTE_SERVER_SUBNET, "routeServer", cidr(block))).toEqual(expected.map(([code, message]) => ({ path: P, code, message })));
  });

  it("rejects a gateway or Route Server purpose on a subnet with another name", () => {
    expect(checkAzureSubnet(P, "gw", "gateway", cidr("10.16.0.0/28")).map((i) => [i.code, i.message])).toEqual([
      ["SUBNET_NAME", `a gateway subnet must be named "GatewaySubnet", not "gw"`],
      ["GATEWAY_SUBNET_TOO_SMALL", "10.16.0.0/28 is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits)"],
    ]);
    expect(checkAzureSubnet(P, "rs", "routeServer", cidr("10.16.0.0/26")).map((i) => [i.code, i.message])).toEqual([["SUBNET_NAME", `a Route Server subnet must be named "RouteServerSubnet", not "rs"`]]);
  });

  it.each([
    ["10.16.2.0/23", false],
    ["10.16.2.0/24", true],
    ["10.16.2.0/28", true],
    ["10.16.2.0/29", false],
  ])("DNS resolver endpoint subnet %s is accepted: %s", (block, ok) => {
    for (const purpose of ["dnsInbound", "dnsOutbound"] as const) {
      expect(checkAzureSubnet(P, "dns", purpose, cidr(block))).toEqual(ok ? [] : [{ path: P, code: "DNS_SUBNET_SIZE", message: `${block} must be /28 to /24 for a DNS Private Resolver endpoint` }]);
    }
  });

  it("puts no size rule on workload subnets", () => {
    expect(checkAzureSubnet(P, "app", "workload", cidr("10.16.3.0/29"))).toEqual([]);
  });
});

describe("checkResolverSubnets", () => {
  it("needs subnets in two or more AZs", () => {
    const path = "aws.vpcs.app.subnets";
    expect(checkResolverSubnets(path, [{ key: "a", az: "us-east-1a" }, { key: "b", az: "us-east-1b" }])).toEqual([]);
    expect(checkResolverSubnets(path, [{ key: "a", az: "us-east-1a" }, { key: "a2", az: "us-east-1a" }])).toEqual([
      { path, code: "SUBNET_AZS", message: "Route 53 Resolver endpoints need subnets in at least 2 Availability Zones; found 1 (us-east-1a)" },
    ]);
    expect(checkResolverSubnets(path, [])).toEqual([{ path, code: "SUBNET_AZS", message: "Route 53 Resolver endpoints need subnets in at least 2 Availability Zones; found 0 (none)" }]);
  });
});
