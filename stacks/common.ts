import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { SiteToSiteVpn, SiteToSiteVpnArgs } from "../components";
import { GATEWAY_SUBNET, NetworkPlan, PlanError, VpnAttachment, issue } from "../sdk";
import { StackConfig } from "./config";
import { AwsVpcHandle, AzureVnetHandle, awsVpcs, azureResourceGroup, azureVnets } from "./networks";

/** What every composition starts from: the plan, the networks, and the Azure context. */
export interface StackBase {
  readonly config: StackConfig;
  readonly plan: NetworkPlan;
  readonly vpcs: Readonly<Record<string, AwsVpcHandle>>;
  readonly vnets: Readonly<Record<string, AzureVnetHandle>>;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly subscriptionId: pulumi.Output<string>;
}

export function stackBase(config: StackConfig, plan: NetworkPlan): StackBase {
  const tags = { ...config.tags, "crosscloud:environment": plan.environment };
  const resourceGroupName =
    config.azure.createResourceGroup === false ? pulumi.output(config.azure.resourceGroupName) : azureResourceGroup(plan, config.azure.resourceGroupName, tags);
  const configured = config.azure.subscriptionId ?? new pulumi.Config("azure-native").get("subscriptionId");
  // Only the stack asks the provider who is signed in; components never invoke.
  const subscriptionId = configured !== undefined ? pulumi.output(configured) : authorization.getClientConfigOutput().subscriptionId;
  return {
    config,
    plan,
    vpcs: awsVpcs(plan, config.existing.vpcs, tags),
    vnets: azureVnets(plan, resourceGroupName, config.existing.vnets, tags),
    resourceGroupName,
    subscriptionId,
  };
}

/**
 * The plan's VPN as a SiteToSiteVpn: the component renders the stack's plan as it is (one planning, in
 * `validateNetwork`). `supports` is where the composition terminates it (a VGW on a VPC, or a TGW), which
 * must be the attachment the plan chose; `where` gives that VPC or TGW.
 */
export function stackVpn(
  base: StackBase,
  tags: Readonly<Record<string, string>>,
  supports: VpnAttachment,
  where: Pick<SiteToSiteVpnArgs, "vpcId" | "vgwRouteTableIds" | "transitGatewayId">,
): SiteToSiteVpn {
  const { plan } = base;
  const { attachment, ...vpn } = plan.vpn;
  if (attachment !== supports) {
    throw new PlanError(
      [issue("crosscloud:network.vpn.attachment", "VPN_LAYOUT", `the ${base.config.profile} composition terminates the VPN on a ${supports === "vgw" ? "VGW on its VPC" : "transit gateway"}; "${attachment}" is not supported, use "${supports}"`)],
      `crosscloud stack "${pulumi.getStack()}" config`,
    );
  }
  return new SiteToSiteVpn(`${plan.environment}-vpn`, {
    plan: vpn,
    attachment,
    subscriptionId: base.subscriptionId,
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    gatewaySubnetId: requireSubnet(base.vnets[plan.azure.gatewayVnet], GATEWAY_SUBNET, "VPN gateway"),
    ...where,
    tags,
  });
}

export function requireSubnet(handle: AwsVpcHandle | AzureVnetHandle | undefined, key: string, what: string): pulumi.Output<string> {
  const id = handle?.subnetIds[key];
  if (!id) throw new Error(`${what}: subnet "${key}" of ${handle?.key ?? "(missing network)"} is not known; list it under crosscloud:existing`);
  return id;
}
