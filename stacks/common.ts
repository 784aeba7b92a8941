import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { HealthAlarmsArgs, SiteToSiteVpn, SiteToSiteVpnArgs } from "../components";
import { GATEWAY_SUBNET, Issue, NetworkPlan, VpnAttachment, issue, stackComponentNames } from "../sdk";
import { StackConfig, StackProfile } from "./config";
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
  /**
   * The stack's tags, the one place every resource's tags come from: `crosscloud:tags` plus
   * `crosscloud:environment`. Components add `Name` on AWS resources.
   */
  readonly tags: Readonly<Record<string, string>>;
}

/** The tags of every resource of a stack: the configured tags and the environment. */
export const stackTags = (config: StackConfig, plan: NetworkPlan): Readonly<Record<string, string>> => ({ ...config.tags, "crosscloud:environment": plan.environment });

export function stackBase(config: StackConfig, plan: NetworkPlan): StackBase {
  const tags = stackTags(config, plan);
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
    tags,
  };
}

export { COMPOSITION_ATTACHMENT, checkComposition } from "./composition";

/**
 * The plan's VPN as a SiteToSiteVpn: the component renders the stack's plan as it is (one planning, in
 * `validateNetwork`). `where` is the VPC (attachment `vgw`) or the transit gateway (`tgw`) the plan's
 * attachment needs (`checkComposition` made sure the composition has it).
 */
export function stackVpn(base: StackBase, where: Pick<SiteToSiteVpnArgs, "vpcId" | "vgwRouteTableIds" | "transitGatewayId">): SiteToSiteVpn {
  const { plan, tags } = base;
  const { attachment, ...vpn } = plan.vpn;
  return new SiteToSiteVpn(stackComponentNames(plan.environment).vpn, {
    plan: vpn,
    attachment,
    subscriptionId: base.subscriptionId,
    resourceGroupName: base.resourceGroupName,
    location: plan.azure.region,
    gatewaySubnetId: requireSubnet(base.vnets[plan.azure.gatewayVnet], GATEWAY_SUBNET, "VPN gateway"),
    ...where,
    tags,
    healthAlarms: stackAlarms(base),
  });
}

/** `crosscloud:alarms` as component args: the VPN creates the topic and action group unless the config names them. */
export function stackAlarms(base: StackBase, given?: Pick<HealthAlarmsArgs, "snsTopicArn" | "actionGroupId">): HealthAlarmsArgs {
  const a = base.config.alarms;
  return {
    ...(a.enabled !== undefined ? { enabled: a.enabled } : {}),
    ...(a.notifyEmails !== undefined ? { notifyEmails: [...a.notifyEmails] } : {}),
    ...(a.thresholds !== undefined ? { thresholds: a.thresholds } : {}),
    ...(a.snsTopicArn !== undefined ? { snsTopicArn: a.snsTopicArn } : given?.snsTopicArn !== undefined ? { snsTopicArn: given.snsTopicArn } : {}),
    ...(a.actionGroupId !== undefined ? { actionGroupId: a.actionGroupId } : given?.actionGroupId !== undefined ? { actionGroupId: given.actionGroupId } : {}),
  };
}

export function requireSubnet(handle: AwsVpcHandle | AzureVnetHandle | undefined, key: string, what: string): pulumi.Output<string> {
  const id = handle?.subnetIds[key];
  if (!id) throw new Error(`${what}: subnet "${key}" of ${handle?.key ?? "(missing network)"} is not known; list it under crosscloud:existing`);
  return id;
}
