import * as pulumi from "@pulumi/pulumi";
import { SiteToSiteVpn } from "../components";
import { GATEWAY_SUBNET } from "../sdk";
import { StackBase, plannedConnections, requireSubnet } from "./common";
import { stackDns } from "./dns";

/**
 * dev: the cheapest link that still behaves like prod — one AWS VPN connection on a VGW (2 tunnels on
 * Azure instance 0 of a VpnGw1AZ gateway), and DNS forwarding without inbound endpoints.
 */
export function devStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan, config } = base;
  const env = plan.environment;
  const vpcKey = plan.dns?.resolverVpc ?? Object.keys(base.vpcs)[0] ?? "";
  const vpc = base.vpcs[vpcKey];
  const hub = base.vnets[plan.azure.gatewayVnet];
  if (!vpc || !hub) throw new Error(`dev stack: VPC "${vpcKey}" or VNet "${plan.azure.gatewayVnet}" is missing from the plan`);

  const tags = { ...config.tags, "crosscloud:environment": env };
  const vpn = new SiteToSiteVpn(`${env}-vpn`, {
    layout: plan.vpn.layout,
    connections: plannedConnections(plan),
    awsAsn: plan.vpn.awsAsn,
    azureAsn: plan.vpn.azureAsn,
    awsRegion: plan.aws.region,
    awsPrefixes: plan.vpn.awsPrefixes,
    azurePrefixes: plan.vpn.azurePrefixes,
    ipsecProfile: plan.vpn.ipsec.name,
    gatewaySku: plan.vpn.gatewaySku,
    subscriptionId: base.subscriptionId,
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    gatewaySubnetId: requireSubnet(hub, GATEWAY_SUBNET, "dev VPN gateway"),
    attachment: "vgw",
    vpcId: vpc.vpcId,
    vgwRouteTableIds: vpc.routeTableIds,
    tags,
  });

  return {
    tunnels: vpn.tunnelTable,
    ...stackDns(base, tags),
    azureVpnGatewayId: vpn.azureGatewayId,
    awsVpnGatewayId: vpn.awsVpnGatewayId,
    azurePublicIps: vpn.azurePublicIpAddresses,
  };
}
