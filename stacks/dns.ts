import * as pulumi from "@pulumi/pulumi";
import { CrossCloudDns } from "../components";
import { sortedKeys, stackComponentNames } from "../sdk";
import { StackBase, requireSubnet } from "./common";

/** DNS forwarding both ways, as the plan's `dns` section says; nothing when the plan has none. */
export function stackDns(base: StackBase): Record<string, pulumi.Input<unknown>> {
  const { plan, tags } = base;
  const dnsPlan = plan.dns;
  if (!dnsPlan) return {};
  const resolverVpc = base.vpcs[dnsPlan.resolverVpc];
  const vnet = base.vnets[dnsPlan.azureVnet];
  if (!resolverVpc || !vnet) throw new Error(`DNS: VPC "${dnsPlan.resolverVpc}" or VNet "${dnsPlan.azureVnet}" is missing from the plan`);
  const dns = new CrossCloudDns(stackComponentNames(plan.environment).dns, {
    awsRegion: plan.aws.region,
    vpcId: resolverVpc.vpcId,
    resolverSubnets: Object.fromEntries(
      dnsPlan.resolverSubnets.map((sk) => [sk, { subnetId: requireSubnet(resolverVpc, sk, "Route 53 Resolver"), az: resolverVpc.subnetAzs[sk] ?? "" }]),
    ),
    associatedVpcIds: Object.fromEntries(sortedKeys(base.vpcs).flatMap((k) => (base.vpcs[k] ? [[k, base.vpcs[k].vpcId]] : []))),
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    virtualNetworkId: vnet.vnetId,
    ...(dnsPlan.inboundEndpoints ? { inboundSubnetId: requireSubnet(vnet, dnsPlan.azureInboundSubnet, "DNS inbound endpoint") } : {}),
    outboundSubnetId: requireSubnet(vnet, dnsPlan.azureOutboundSubnet, "DNS outbound endpoint"),
    awsPrefixes: plan.vpn.awsPrefixes,
    azurePrefixes: plan.vpn.azurePrefixes,
    awsZones: [...dnsPlan.awsZones],
    azureZones: [...dnsPlan.azureZones],
    privateLinkZones: [...dnsPlan.privateLinkZones],
    createPrivateLinkZones: dnsPlan.createPrivateLinkZones,
    inboundEndpoints: dnsPlan.inboundEndpoints,
    tags,
  });
  return {
    dnsAwsInboundIps: dns.awsInboundIps,
    dnsAzureInboundIps: dns.azureInboundIps,
    // What Route 53 forwards to Azure: Private Link zones by their public forwarder zones.
    dnsForwardedAzureZones: [...dnsPlan.forwardedAzureZones],
    ...(dnsPlan.createPrivateLinkZones ? { dnsPrivateLinkZoneIds: dns.privateLinkZoneIds } : {}),
  };
}
