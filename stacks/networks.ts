import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { NetworkPlan, sortedKeys } from "../sdk";
import { ExistingVnet, ExistingVpc } from "./config";

/**
 * The sample networks a stack connects: the plan's VPCs and VNets, created from the plan, or taken as
 * they are when the config names existing ones. Either way the rest of the stack sees the same shape.
 */
export interface AwsVpcHandle {
  readonly key: string;
  readonly cidr: string;
  readonly vpcId: pulumi.Output<string>;
  readonly subnetIds: Readonly<Record<string, pulumi.Output<string>>>;
  readonly subnetAzs: Readonly<Record<string, string>>;
  /** Route tables by key: `private` for a created VPC, the configured keys for an existing one. */
  readonly routeTableIds: Readonly<Record<string, pulumi.Output<string>>>;
}

export interface AzureVnetHandle {
  readonly key: string;
  readonly addressSpace: string;
  readonly vnetId: pulumi.Output<string>;
  readonly subnetIds: Readonly<Record<string, pulumi.Output<string>>>;
}

/** Key of the one route table a created VPC has; it names the resources built per route table. */
export const PRIVATE_ROUTE_TABLE = "private";

export function awsVpcs(plan: NetworkPlan, existing: Readonly<Record<string, ExistingVpc>>, tags: Readonly<Record<string, string>>): Record<string, AwsVpcHandle> {
  const env = plan.environment;
  const out: Record<string, AwsVpcHandle> = {};
  for (const key of sortedKeys(plan.aws.vpcs)) {
    const vpcPlan = plan.aws.vpcs[key];
    if (!vpcPlan) continue;
    const subnetAzs = Object.fromEntries(Object.entries(vpcPlan.subnets).map(([k, s]) => [k, s.az]));
    const given = existing[key];
    if (given) {
      out[key] = {
        key,
        cidr: vpcPlan.cidr,
        vpcId: pulumi.output(given.vpcId),
        subnetIds: Object.fromEntries(Object.entries(given.subnetIds).map(([k, id]) => [k, pulumi.output(id)])),
        subnetAzs,
        routeTableIds: Object.fromEntries(Object.entries(given.routeTableIds).map(([k, id]) => [k, pulumi.output(id)])),
      };
      continue;
    }
    const vpc = new aws.ec2.Vpc(`${env}-${key}-vpc`, {
      cidrBlock: vpcPlan.cidr,
      // Route 53 Resolver and private hosted zones need both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { ...tags, Name: `${env}-${key}` },
    });
    const routeTable = new aws.ec2.RouteTable(`${env}-${key}-${PRIVATE_ROUTE_TABLE}-rtb`, { vpcId: vpc.id, tags: { ...tags, Name: `${env}-${key}-${PRIVATE_ROUTE_TABLE}` } });
    const subnetIds: Record<string, pulumi.Output<string>> = {};
    for (const sk of sortedKeys(vpcPlan.subnets)) {
      const s = vpcPlan.subnets[sk];
      if (!s) continue;
      const subnet = new aws.ec2.Subnet(`${env}-${key}-${sk}`, {
        vpcId: vpc.id,
        cidrBlock: s.cidr,
        availabilityZone: s.az,
        mapPublicIpOnLaunch: false,
        tags: { ...tags, Name: `${env}-${key}-${sk}` },
      });
      new aws.ec2.RouteTableAssociation(`${env}-${key}-${sk}-rtb`, { subnetId: subnet.id, routeTableId: routeTable.id });
      subnetIds[sk] = subnet.id;
    }
    out[key] = { key, cidr: vpcPlan.cidr, vpcId: vpc.id, subnetIds, subnetAzs, routeTableIds: { [PRIVATE_ROUTE_TABLE]: routeTable.id } };
  }
  return out;
}

export function azureResourceGroup(plan: NetworkPlan, resourceGroupName: string, tags: Readonly<Record<string, string>>): pulumi.Output<string> {
  const rg = new resources.ResourceGroup(`${plan.environment}-rg`, { resourceGroupName, location: plan.azure.region, tags: { ...tags } });
  return rg.name;
}

export function azureVnets(
  plan: NetworkPlan,
  resourceGroupName: pulumi.Output<string>,
  existing: Readonly<Record<string, ExistingVnet>>,
  tags: Readonly<Record<string, string>>,
): Record<string, AzureVnetHandle> {
  const env = plan.environment;
  const out: Record<string, AzureVnetHandle> = {};
  for (const key of sortedKeys(plan.azure.vnets)) {
    const vnetPlan = plan.azure.vnets[key];
    if (!vnetPlan) continue;
    const given = existing[key];
    if (given) {
      out[key] = {
        key,
        addressSpace: vnetPlan.addressSpace,
        vnetId: pulumi.output(given.vnetId),
        subnetIds: Object.fromEntries(Object.entries(given.subnetIds).map(([k, id]) => [k, pulumi.output(id)])),
      };
      continue;
    }
    const vnet = new network.VirtualNetwork(`${env}-${key}-vnet`, {
      resourceGroupName,
      location: plan.azure.region,
      virtualNetworkName: `${env}-${key}`,
      addressSpace: { addressPrefixes: [vnetPlan.addressSpace] },
      tags: { ...tags },
    });
    const subnetIds: Record<string, pulumi.Output<string>> = {};
    let previous: network.Subnet | undefined;
    for (const sk of sortedKeys(vnetPlan.subnets)) {
      const s = vnetPlan.subnets[sk];
      if (!s) continue;
      const subnet: network.Subnet = new network.Subnet(
        `${env}-${key}-${sk}`,
        {
          resourceGroupName,
          virtualNetworkName: vnet.name,
          // GatewaySubnet and RouteServerSubnet must carry exactly these names.
          subnetName: sk,
          addressPrefix: s.cidr,
          ...(s.delegation ? { delegations: [{ name: "dnsResolvers", serviceName: s.delegation }] } : {}),
        },
        // Azure serialises subnet writes per VNet ("AnotherOperationInProgress"), so create them one by one.
        previous ? { dependsOn: [previous] } : {},
      );
      subnetIds[sk] = subnet.id;
      previous = subnet;
    }
    out[key] = { key, addressSpace: vnetPlan.addressSpace, vnetId: vnet.id, subnetIds };
  }
  return out;
}
