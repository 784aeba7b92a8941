import * as pulumi from "@pulumi/pulumi";
import { ExpressRouteInterconnect, HubSpokeArgs, TransitGatewayHub } from "../components";
import { GATEWAY_SUBNET, PlanError, issue, sortedKeys } from "../sdk";
import { StackBase, requireSubnet, stackAlarms, stackVpn } from "./common";
import { dayTwoOutputs } from "./day-two";
import { stackDns } from "./dns";

/**
 * prod: a Transit Gateway hub with the spoke VPCs, an HA VPN (4 tunnels, ECMP on the TGW) as the encrypted
 * backup, ExpressRoute ↔ Direct Connect through the exchange as the primary path, and DNS both ways.
 *
 * Both clouds prefer the private circuit for equal prefixes (TGW: DXGW-propagated before VPN-propagated;
 * Azure: ExpressRoute before VPN), so the VPN carries traffic only when ER/DX is down.
 */
export function prodStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan, config } = base;
  const env = plan.environment;
  const tags = { ...config.tags, "crosscloud:environment": env };
  // parseStackConfig requires crosscloud:interconnect for prod, and validateNetwork planned it.
  const ic = plan.interconnect;
  const dx = config.network.interconnect?.directConnect;
  if (!ic || !dx) throw new PlanError([issue("crosscloud:interconnect", "VALUE_REQUIRED", "the ExpressRoute and Direct Connect settings are required for prod")], `crosscloud stack "${pulumi.getStack()}" config`);
  const hubVnet = base.vnets[plan.azure.gatewayVnet];
  if (!hubVnet) throw new Error(`prod stack: VNet "${plan.azure.gatewayVnet}" is missing from the plan`);
  const gatewaySubnetId = requireSubnet(hubVnet, GATEWAY_SUBNET, "prod gateways");
  const azurePrefixes = plan.vpn.azurePrefixes;

  // Spokes: every planned VPC, attached in one subnet per AZ.
  const spokes: Record<string, HubSpokeArgs> = {};
  for (const key of sortedKeys(base.vpcs)) {
    const vpc = base.vpcs[key];
    if (!vpc) continue;
    const byAz: Record<string, pulumi.Input<string>> = {};
    for (const sk of sortedKeys(vpc.subnetIds)) {
      const az = vpc.subnetAzs[sk];
      const id = vpc.subnetIds[sk];
      if (az && id && !(az in byAz)) byAz[az] = id;
    }
    spokes[key] = {
      vpcId: vpc.vpcId,
      cidr: vpc.cidr,
      subnetIds: byAz,
      routeTableIds: { ...vpc.routeTableIds },
    };
  }
  const hub = new TransitGatewayHub(`${env}-hub`, { amazonSideAsn: plan.aws.asn, spokes, remotePrefixes: azurePrefixes, tags });

  const vpn = stackVpn(base, tags, { transitGatewayId: hub.transitGatewayId });
  for (const [key, attachmentId] of Object.entries(vpn.transitGatewayAttachmentIds)) hub.attachVpn(key, attachmentId);

  // The plan's transit gateway ASN is plan.aws.asn, the hub's amazon-side ASN.
  const interconnect = new ExpressRouteInterconnect(`${env}-er`, {
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    transitGatewayId: hub.transitGatewayId,
    gatewaySubnetId,
    ...(dx.connectionId !== undefined ? { dxConnectionId: dx.connectionId } : {}),
    ...(dx.hostedVirtualInterfaceId !== undefined ? { dxHostedVirtualInterfaceId: dx.hostedVirtualInterfaceId } : {}),
    plan: ic,
    tags,
    // One topic and one action group for the whole stack: the VPN's (created, or named in crosscloud:alarms).
    healthAlarms: stackAlarms(base, {
      ...(vpn.alarmTopicArn ? { snsTopicArn: vpn.alarmTopicArn } : {}),
      ...(vpn.alarmActionGroupId ? { actionGroupId: vpn.alarmActionGroupId } : {}),
    }),
  });
  hub.attachDirectConnect(interconnect.transitGatewayAttachmentId);

  const dnsOutputs = stackDns(base, tags);

  return {
    tunnels: vpn.tunnelTable,
    ...dnsOutputs,
    transitGatewayId: hub.transitGatewayId,
    azureVpnGatewayId: vpn.azureGatewayId,
    expressRouteGatewayId: interconnect.expressRouteGatewayId,
    expressRouteCircuitId: interconnect.circuitId,
    expressRouteServiceKey: interconnect.serviceKey,
    dxGatewayId: interconnect.dxGatewayId,
    dxGatewayAsn: interconnect.dxGatewayAsn,
    peeringAddresses: interconnect.peeringAddresses,
    ...dayTwoOutputs(base, { vpn, spokesRouteTableId: hub.spokesRouteTableId, interconnect }),
  };
}
