import * as pulumi from "@pulumi/pulumi";
import { ExpressRouteInterconnect, HubSpokeArgs, TransitGatewayHub } from "../components";
import { GATEWAY_SUBNET, PlanError, interconnectNotices, issue, sortedKeys, stackComponentNames } from "../sdk";
import { StackBase, requireSubnet, stackAlarms, stackVpn } from "./common";
import { dayTwoOutputs } from "./day-two";
import { stackDns } from "./dns";
import { stackFailover } from "./failover";

/**
 * prod: a Transit Gateway hub with the spoke VPCs, an HA VPN (4 tunnels, ECMP on the TGW) as the encrypted
 * backup, ExpressRoute ↔ Direct Connect through the exchange as the primary path once the provider has
 * provisioned the circuit, and DNS both ways.
 *
 * Both clouds prefer the private circuit for equal prefixes (TGW: DXGW-propagated before VPN-propagated;
 * Azure: ExpressRoute before VPN), so the VPN carries traffic only when ER/DX is down, and until the second
 * pass (`providerProvisioned: true`) creates the ExpressRoute connection: output `expressRoute.status` says
 * which (README "Bring-up sequence").
 */
export function prodStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan, config, tags } = base;
  const names = stackComponentNames(plan.environment);
  // validateStackConfig requires crosscloud:interconnect for prod, and validateNetwork planned it.
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
  const hub = new TransitGatewayHub(`${plan.environment}-hub`, { amazonSideAsn: plan.aws.asn, spokes, remotePrefixes: azurePrefixes, tags });

  const vpn = stackVpn(base, { transitGatewayId: hub.transitGatewayId });
  for (const [key, attachmentId] of Object.entries(vpn.transitGatewayAttachmentIds)) hub.attachVpn(key, attachmentId);

  // The plan's transit gateway ASN is plan.aws.asn, the hub's amazon-side ASN. The ExpressRoute gateway shares
  // the GatewaySubnet with the VPN gateway and is built after it (vpnGatewayId), one gateway at a time.
  const interconnect = new ExpressRouteInterconnect(names.interconnect, {
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    transitGatewayId: hub.transitGatewayId,
    gatewaySubnetId,
    vpnGatewayId: vpn.azureGatewayId,
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

  const dnsOutputs = stackDns(base);
  const failoverOutputs = stackFailover(base, base.tags, vpn.vpnConnectionIds);
  // The same words `crosscloud preview` and `crosscloud validate` print (sdk networkNotices).
  const pending = interconnectNotices(ic, { name: names.interconnect, path: "interconnect" })[0];

  return {
    tunnels: vpn.tunnelTable,
    vpnGatewayInstances: vpn.gatewayInstances,
    ...dnsOutputs,
    ...failoverOutputs,
    transitGatewayId: hub.transitGatewayId,
    azureVpnGatewayId: vpn.azureGatewayId,
    expressRouteGatewayId: interconnect.expressRouteGatewayId,
    expressRouteCircuitId: interconnect.circuitId,
    expressRouteServiceKey: interconnect.serviceKey,
    expressRoute: {
      status: interconnect.expressRouteStatus,
      circuitId: interconnect.circuitId,
      gatewayId: interconnect.expressRouteGatewayId,
      ...(interconnect.expressRouteConnectionId ? { connectionId: interconnect.expressRouteConnectionId } : {}),
      ...(pending ? { nextStep: pending.nextStep } : {}),
    },
    dxGatewayId: interconnect.dxGatewayId,
    dxGatewayAsn: interconnect.dxGatewayAsn,
    // For the provider router (Megaport's MCR): the VIF, its VLAN and ASNs, and its MD5 key (a secret).
    directConnect: {
      virtualInterfaceId: interconnect.virtualInterfaceId,
      ...(ic.directConnect.vlan !== undefined ? { vlan: ic.directConnect.vlan } : {}),
      amazonSideAsn: ic.directConnect.dxGatewayAsn,
      customerAsn: ic.directConnect.customerAsn,
    },
    ...(interconnect.dxBgpAuthKey ? { dxBgpAuthKey: interconnect.dxBgpAuthKey } : {}),
    ...(interconnect.expressRouteBgpAuthKey ? { expressRouteBgpAuthKey: interconnect.expressRouteBgpAuthKey } : {}),
    peeringAddresses: interconnect.peeringAddresses,
    ...dayTwoOutputs(base, { vpn, spokesRouteTableId: hub.spokesRouteTableId, interconnect }),
  };
}
