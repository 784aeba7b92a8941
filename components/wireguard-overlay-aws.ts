import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { OverlayPlan, cidrSlug } from "../sdk";

/**
 * The AWS half of the WireGuard overlay: per router a security group, an ENI with source/destination
 * check off, an Elastic IP on it and an EC2 instance on that ENI; and VPC routes to the Azure prefixes
 * via the routers' ENIs. Called by `WireGuardOverlay` in the order the cross-cloud wiring needs:
 * addresses first (the Azure side's firewall names them), then rules, instances and routes.
 */

export interface AwsOverlayContext {
  readonly name: string;
  readonly plan: OverlayPlan;
  readonly parent: pulumi.Resource;
  readonly tags: Record<string, string>;
}

export interface AwsRouterNetwork {
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly eni: aws.ec2.NetworkInterface;
  readonly eip: aws.ec2.Eip;
}

/** Security group, ENI and Elastic IP of every AWS router. The ENI (and so its address) outlives instance replacements. */
export function awsRouterNetworks(ctx: AwsOverlayContext, vpcId: pulumi.Input<string>, subnetIds: Record<string, pulumi.Input<string>>): Record<string, AwsRouterNetwork> {
  const out: Record<string, AwsRouterNetwork> = {};
  for (const [key, router] of Object.entries(ctx.plan.aws.routers)) {
    const n = `${ctx.name}-${key}`;
    const securityGroup = new aws.ec2.SecurityGroup(
      `${n}-sg`,
      { vpcId, description: `crosscloud overlay router ${n}: WireGuard from the Azure routers only, PMTUD, forwarded VPC traffic`, tags: { ...ctx.tags, Name: `${n}-sg` } },
      { parent: ctx.parent },
    );
    const eni = new aws.ec2.NetworkInterface(
      `${n}-eni`,
      {
        subnetId: subnetIds[router.zone as string] as pulumi.Input<string>,
        securityGroups: [securityGroup.id],
        // A router forwards packets that are neither from nor to its own address.
        sourceDestCheck: false,
        description: `crosscloud overlay router ${n}`,
        tags: { ...ctx.tags, Name: `${n}-eni` },
      },
      { parent: ctx.parent },
    );
    const eip = new aws.ec2.Eip(`${n}-eip`, { domain: "vpc", networkInterface: eni.id, tags: { ...ctx.tags, Name: `${n}-eip` } }, { parent: ctx.parent });
    out[key] = { securityGroup, eni, eip };
  }
  return out;
}

/**
 * Ingress of each AWS router: each link's UDP port from exactly the Azure router at its other end,
 * ICMP "fragmentation needed" (type 3 code 4) from anywhere, since any router on the internet path
 * may send it, and everything from the VPC's own prefixes (the traffic it forwards). Egress is open:
 * packages, WireGuard to Azure, and forwarded traffic back into the VPC.
 */
export function awsRouterFirewall(ctx: AwsOverlayContext, networks: Record<string, AwsRouterNetwork>, azurePublicIps: Record<string, pulumi.Output<string>>): void {
  const opts = { parent: ctx.parent };
  for (const [key, router] of Object.entries(ctx.plan.aws.routers)) {
    const n = `${ctx.name}-${key}`;
    const sg = (networks[key] as AwsRouterNetwork).securityGroup.id;
    for (const linkKey of router.links) {
      const link = ctx.plan.links[linkKey];
      if (link === undefined) continue;
      new aws.vpc.SecurityGroupIngressRule(
        `${n}-${link.azure}-wg-in`,
        { securityGroupId: sg, ipProtocol: "udp", fromPort: link.port, toPort: link.port, cidrIpv4: pulumi.interpolate`${azurePublicIps[link.azure] as pulumi.Output<string>}/32`, description: `WireGuard ${link.key} from ${link.azure}` },
        opts,
      );
    }
    new aws.vpc.SecurityGroupIngressRule(`${n}-pmtud-in`, { securityGroupId: sg, ipProtocol: "icmp", fromPort: 3, toPort: 4, cidrIpv4: "0.0.0.0/0", description: "ICMP fragmentation needed (path MTU discovery)" }, opts);
    for (const prefix of ctx.plan.aws.prefixes) {
      new aws.vpc.SecurityGroupIngressRule(`${n}-${cidrSlug(prefix)}-fwd-in`, { securityGroupId: sg, ipProtocol: "-1", cidrIpv4: prefix, description: `traffic from ${prefix} to forward to Azure` }, opts);
    }
    new aws.vpc.SecurityGroupEgressRule(`${n}-all-out`, { securityGroupId: sg, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "packages, WireGuard and forwarded traffic" }, opts);
  }
}

export interface AwsInstanceSettings {
  readonly imageId: pulumi.Input<string>;
  readonly instanceType: string;
  readonly keyName?: pulumi.Input<string>;
}

/**
 * The router instances. The user data holds the private key, so it is a secret (and an additional
 * secret output). cloud-init reads it once, at first boot, so a change replaces the instance; it must
 * go before its replacement is created because the two would share one ENI.
 */
export function awsRouterInstances(
  ctx: AwsOverlayContext,
  settings: AwsInstanceSettings,
  networks: Record<string, AwsRouterNetwork>,
  userData: Record<string, pulumi.Output<string>>,
): Record<string, aws.ec2.Instance> {
  const out: Record<string, aws.ec2.Instance> = {};
  for (const key of Object.keys(ctx.plan.aws.routers)) {
    const n = `${ctx.name}-${key}`;
    out[key] = new aws.ec2.Instance(
      `${n}-router`,
      {
        ami: settings.imageId,
        instanceType: settings.instanceType,
        ...(settings.keyName !== undefined ? { keyName: settings.keyName } : {}),
        primaryNetworkInterface: { networkInterfaceId: (networks[key] as AwsRouterNetwork).eni.id },
        userData: pulumi.secret(userData[key] as pulumi.Output<string>),
        userDataReplaceOnChange: true,
        // IMDSv2 only: the user data (with the key) is readable through the metadata service.
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        rootBlockDevice: { encrypted: true, volumeType: "gp3" },
        tags: { ...ctx.tags, Name: n },
      },
      { parent: ctx.parent, deleteBeforeReplace: true, additionalSecretOutputs: ["userData"] },
    );
  }
  return out;
}

/** One route per (route table, Azure prefix) to the ENI of the router the plan assigned to that table. */
export function awsRoutes(ctx: AwsOverlayContext, routeTableIds: Record<string, pulumi.Input<string>>, networks: Record<string, AwsRouterNetwork>): void {
  for (const [table, routerKey] of Object.entries(ctx.plan.aws.routeTables)) {
    for (const prefix of ctx.plan.azure.prefixes) {
      new aws.ec2.Route(
        `${ctx.name}-${table}-${cidrSlug(prefix)}-route`,
        { routeTableId: routeTableIds[table] as pulumi.Input<string>, destinationCidrBlock: prefix, networkInterfaceId: (networks[routerKey] as AwsRouterNetwork).eni.id },
        { parent: ctx.parent },
      );
    }
  }
}
