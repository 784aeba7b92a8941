import * as pulumi from "@pulumi/pulumi";
import { StackBase, stackVpn } from "./common";
import { dayTwoOutputs } from "./day-two";
import { stackDns } from "./dns";

/**
 * dev: the cheapest link that still behaves like prod — one AWS VPN connection on a VGW (2 tunnels on
 * Azure instance 0 of a VpnGw1AZ gateway), and DNS forwarding without inbound endpoints.
 */
export function devStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan, config } = base;
  const env = plan.environment;
  // dev has one VPC; with DNS it is the resolver VPC.
  const vpcKey = plan.dns?.resolverVpc ?? Object.keys(base.vpcs)[0] ?? "";
  const vpc = base.vpcs[vpcKey];
  if (!vpc) throw new Error(`dev stack: VPC "${vpcKey}" is missing from the plan`);

  const tags = { ...config.tags, "crosscloud:environment": env };
  const vpn = stackVpn(base, tags, { vpcId: vpc.vpcId, vgwRouteTableIds: { ...vpc.routeTableIds } });

  return {
    tunnels: vpn.tunnelTable,
    ...stackDns(base, tags),
    azureVpnGatewayId: vpn.azureGatewayId,
    awsVpnGatewayId: vpn.awsVpnGatewayId,
    azurePublicIps: vpn.azurePublicIpAddresses,
    ...dayTwoOutputs(base, { vpn, vpcRouteTableIds: Object.values(vpc.routeTableIds) }),
  };
}
