import * as pulumi from "@pulumi/pulumi";
import { StackBase, stackVpn } from "./common";
import { dayTwoOutputs } from "./day-two";
import { stackDns } from "./dns";

/**
 * dev: the cheapest link that still behaves like prod — one AWS VPN connection on a VGW (2 tunnels on
 * Azure instance 0 of a VpnGw1AZ gateway), and DNS forwarding without inbound endpoints. The gateway is
 * active-active only to hold two custom APIPA addresses; instance 1 carries no tunnel and is idle by design
 * (output `vpnGatewayInstances`, README "The dev gateway's idle instance").
 */
export function devStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan } = base;
  // dev has one VPC; with DNS it is the resolver VPC.
  const vpcKey = plan.dns?.resolverVpc ?? Object.keys(base.vpcs)[0] ?? "";
  const vpc = base.vpcs[vpcKey];
  if (!vpc) throw new Error(`dev stack: VPC "${vpcKey}" is missing from the plan`);

  const vpn = stackVpn(base, { vpcId: vpc.vpcId, vgwRouteTableIds: { ...vpc.routeTableIds } });

  return {
    tunnels: vpn.tunnelTable,
    // Instance 1 is idle by design (vpnGatewayInstances in the sdk): its role says so, for people and alarms.
    vpnGatewayInstances: vpn.gatewayInstances,
    ...stackDns(base),
    azureVpnGatewayId: vpn.azureGatewayId,
    awsVpnGatewayId: vpn.awsVpnGatewayId,
    azurePublicIps: vpn.azurePublicIpAddresses,
    ...dayTwoOutputs(base, { vpn, vpcRouteTableIds: Object.values(vpc.routeTableIds) }),
  };
}
