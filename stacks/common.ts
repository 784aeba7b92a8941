import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { SiteToSiteVpn, SiteToSiteVpnArgs } from "../components";
import { GATEWAY_SUBNET, NetworkPlan } from "../sdk";
import { StackConfig } from "./config";
import { AwsVpcHandle, AzureVnetHandle, awsVpcs, azureResourceGroup, azureVnets } from "./networks";
import { configOutput, readConfigString } from "./secret-config";

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
  const configured =
    config.azure.subscriptionId !== undefined
      ? configOutput(config.azure.subscriptionId, config.secretKeys.includes("azure"))
      : readConfigString("azure-native", "subscriptionId");
  // Only the stack asks the provider who is signed in; components never invoke.
  const subscriptionId = configured ?? authorization.getClientConfigOutput().subscriptionId;
  return {
    config,
    plan,
    vpcs: awsVpcs(plan, config.existing.vpcs, tags),
    vnets: azureVnets(plan, resourceGroupName, config.existing.vnets, tags),
    resourceGroupName,
    subscriptionId,
  };
}

export { COMPOSITION_ATTACHMENT, checkComposition } from "./composition";

/**
 * The plan's VPN as a SiteToSiteVpn: the component renders the stack's plan as it is (one planning, in
 * `validateNetwork`). `where` is the VPC (attachment `vgw`) or the transit gateway (`tgw`) the plan's
 * attachment needs (`checkComposition` made sure the composition has it).
 */
export function stackVpn(base: StackBase, tags: Readonly<Record<string, string>>, where: Pick<SiteToSiteVpnArgs, "vpcId" | "vgwRouteTableIds" | "transitGatewayId">): SiteToSiteVpn {
  const { plan } = base;
  const { attachment, ...vpn } = plan.vpn;
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
