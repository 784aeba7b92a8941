import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { WireGuardOverlay, debian12AmiId } from "../components";
import { AwsOverlaySubnetTier, OVERLAY_NETWORK_DEFAULTS, OverlayNetworkPlan, ROUTE_SERVER_SUBNET, sortedKeys } from "../sdk";
import { OverlayStackConfig } from "./overlay-config";

/**
 * overlay: dev-sized networks on both clouds joined only by the WireGuard overlay (no VPN gateway).
 *
 *   AWS    VPC with, per Availability Zone, a public subnet for the router (default route to an
 *          internet gateway, where its Elastic IP works) and a private workload subnet whose route
 *          table sends the VNet to the router of the same zone;
 *   Azure  VNet with a `routers` subnet and a `workload` subnet whose UDR sends the VPC to a router,
 *          or, with `routeServer: true`, a RouteServerSubnet and an Azure Route Server that learns the
 *          VPC from both routers over BGP and programs the VNet (ECMP);
 *   overlay 2 × 2 routers (Debian 12, cloud-init), a WireGuard link per pair, eBGP + BFD on each.
 */
export function overlayStack(config: OverlayStackConfig, plan: OverlayNetworkPlan): Record<string, pulumi.Input<unknown>> {
  const env = plan.environment;
  const D = OVERLAY_NETWORK_DEFAULTS;
  const tags = { ...config.tags, "crosscloud:environment": env };
  const routeServer = plan.overlay.routeServer !== undefined;

  // --- AWS: the VPC, its internet gateway, router and workload subnets ------------------------------
  const v = plan.aws.vpc;
  const vpc = new aws.ec2.Vpc(`${env}-${v.key}-vpc`, { cidrBlock: v.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { ...tags, Name: `${env}-${v.key}` } });
  const igw = new aws.ec2.InternetGateway(`${env}-${v.key}-igw`, { vpcId: vpc.id, tags: { ...tags, Name: `${env}-${v.key}` } });
  const publicRtb = new aws.ec2.RouteTable(`${env}-${v.key}-public-rtb`, { vpcId: vpc.id, tags: { ...tags, Name: `${env}-${v.key}-public` } });
  // The routers' own path to the internet (their Elastic IPs, package mirrors); workloads never use it.
  new aws.ec2.Route(`${env}-${v.key}-public-default`, { routeTableId: publicRtb.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
  const routerSubnetIds: Record<string, pulumi.Output<string>> = {};
  const workloadRouteTableIds: Record<string, pulumi.Output<string>> = {};
  for (const key of sortedKeys(v.subnets)) {
    const s = v.subnets[key];
    if (s === undefined) continue;
    const subnet = new aws.ec2.Subnet(`${env}-${v.key}-${key}`, { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.az, mapPublicIpOnLaunch: false, tags: { ...tags, Name: `${env}-${v.key}-${key}` } });
    if (s.tier === AwsOverlaySubnetTier.Public) {
      new aws.ec2.RouteTableAssociation(`${env}-${v.key}-${key}-rtb`, { subnetId: subnet.id, routeTableId: publicRtb.id });
      routerSubnetIds[s.az] = subnet.id;
    } else {
      const rtb = new aws.ec2.RouteTable(`${env}-${v.key}-${key}-rtb`, { vpcId: vpc.id, tags: { ...tags, Name: `${env}-${v.key}-${key}` } });
      new aws.ec2.RouteTableAssociation(`${env}-${v.key}-${key}-rtb`, { subnetId: subnet.id, routeTableId: rtb.id });
      workloadRouteTableIds[key] = rtb.id;
    }
  }

  // --- Azure: resource group, VNet, routers subnet (and RouteServerSubnet) ---------------------------
  const z = plan.azure.vnet;
  const resourceGroupName =
    config.azure.createResourceGroup === false
      ? pulumi.output(config.azure.resourceGroupName)
      : new resources.ResourceGroup(`${env}-rg`, { resourceGroupName: config.azure.resourceGroupName, location: plan.azure.region, tags }).name;
  const vnet = new network.VirtualNetwork(`${env}-${z.key}-vnet`, {
    resourceGroupName,
    location: plan.azure.region,
    virtualNetworkName: `${env}-${z.key}`,
    addressSpace: { addressPrefixes: [z.addressSpace] },
    tags,
  });
  // Azure serialises subnet writes per VNet ("AnotherOperationInProgress"): one after another.
  let previous: network.Subnet | undefined;
  const subnet = (key: string, extra: Partial<network.SubnetArgs> = {}, after: pulumi.Resource[] = []): network.Subnet => {
    const created: network.Subnet = new network.Subnet(
      `${env}-${z.key}-${key}`,
      { resourceGroupName, virtualNetworkName: vnet.name, subnetName: key, addressPrefix: z.subnets[key] as string, ...extra },
      { dependsOn: [...(previous ? [previous] : []), ...after] },
    );
    previous = created;
    return created;
  };
  const routers = subnet(D.routerSubnet);
  const rsSubnet = routeServer ? subnet(ROUTE_SERVER_SUBNET) : undefined;

  // --- the overlay -----------------------------------------------------------------------------------
  const o = plan.overlay;
  const overlay = new WireGuardOverlay(`${env}-wg`, {
    aws: {
      vpcId: vpc.id,
      subnetIds: routerSubnetIds,
      prefixes: [...o.aws.prefixes],
      routerCount: Object.keys(o.aws.routers).length,
      asn: o.aws.asn,
      routeTables: Object.fromEntries(Object.entries(o.aws.routeTables).map(([table, router]) => [table, { routeTableId: workloadRouteTableIds[table] as pulumi.Output<string>, router }])),
      imageId: config.awsImageId ?? debian12AmiId(),
      ...(config.awsInstanceType !== undefined ? { instanceType: config.awsInstanceType } : {}),
    },
    azure: {
      resourceGroupName,
      location: plan.azure.region,
      subnetId: routers.id,
      prefixes: [...o.azure.prefixes],
      zones: [...new Set(Object.values(o.azure.routers).map((r) => r.zone).filter((x): x is string => x !== undefined))],
      routerCount: Object.keys(o.azure.routers).length,
      asn: o.azure.asn,
      routeTables: Object.fromEntries(Object.entries(o.azure.routeTables).map(([table, router]) => [table, { router }])),
      sshPublicKey: config.sshPublicKey,
      ...(config.azureVmSize !== undefined ? { vmSize: config.azureVmSize } : {}),
      ...(rsSubnet ? { routeServerSubnetId: rsSubnet.id, routeServerSubnetCidr: z.subnets[ROUTE_SERVER_SUBNET] as string } : {}),
    },
    routeServer,
    insideCidr: o.insideCidr,
    lock: { ...o.allocations },
    port: o.port,
    bfd: { ...o.bfd },
    presharedKeys: o.presharedKeys,
    tags,
  });

  // The workload subnet takes the overlay's UDR (none with Route Server, which programs the VNet itself).
  const udr = routeServer ? undefined : overlay.azureRouteTableIds.apply((ids) => ids[D.workloadSubnet] as string);
  const workload = subnet(D.workloadSubnet, udr ? { routeTable: { id: udr } } : {}, [overlay]);

  return {
    overlayInsideCidr: overlay.insideCidr,
    overlayRouters: overlay.routers,
    overlayLinks: overlay.links,
    azureRouteTableIds: overlay.azureRouteTableIds,
    routeServerIps: overlay.routeServerIps,
    vpcId: vpc.id,
    awsWorkloadRouteTableIds: workloadRouteTableIds,
    vnetId: vnet.id,
    azureWorkloadSubnetId: workload.id,
  };
}
