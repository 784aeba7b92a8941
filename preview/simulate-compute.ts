/**
 * Simulated compute and the network objects it hangs off: what the WireGuard overlay's routers need.
 * AWS EC2 instances, network interfaces (ENIs), Elastic IPs and the internet gateway of their public
 * subnets; Azure virtual machines, network interfaces (NICs) and network security groups; and the two
 * lookups the overlay makes, the Debian AMI query and Route Server's read-back of its router IPs.
 *
 * As in simulate-aws.ts and simulate-azure.ts: echo the inputs (a provider's state includes them),
 * add what the cloud computes, and derive every id and address from the resource's seed.
 */
import { awsId, hashHex, SIM_AWS_ACCOUNT, SIM_AZURE_SUBSCRIPTION, uuid } from "./ids";
import { DEBIAN_12_AMI } from "../sdk/images";
import { ROUTE_SERVER_ASN } from "../sdk/route-server";
import { arn, awsRegion, base as awsBase, id as awsResourceId } from "./simulate-aws";
import { azure, network, privateIpIn } from "./simulate-azure";
import { list, record, refId, str, type SimContext, type SimulatedWorld, type Simulator } from "./simulate-context";
import { INVOKE, T } from "../graph/types";

/** A private address AWS picks (at random, so seed-derived here) inside the ENI's subnet. */
function awsSubnetIp(ctx: SimContext, subnetId: string): string {
  const subnet = ctx.world.lookup(subnetId);
  // A subnet this program did not create has no known CIDR; a stable 10.x /24 keeps the preview plausible.
  const block = str(subnet?.state["cidrBlock"]) ?? `10.${parseInt(hashHex(subnetId, 2), 16)}.${parseInt(hashHex(`${subnetId}/2`, 2), 16)}.0/24`;
  return ctx.world.privateIp(subnetId, block, ctx.seed("ip"), false);
}

const AWS: Readonly<Record<string, Simulator>> = {
  // The routers' public subnets route to an internet gateway (their Elastic IPs work through it).
  [T.awsInternetGateway]: (ctx) => {
    const igwId = awsResourceId(ctx, "igw");
    return { id: igwId, state: { ...awsBase(ctx), arn: arn(ctx, "ec2", `internet-gateway/${igwId}`), ownerId: SIM_AWS_ACCOUNT } };
  },
  [T.awsNetworkInterface]: (ctx) => {
    const eniId = awsResourceId(ctx, "eni");
    const subnetId = str(ctx.plain["subnetId"]) ?? "";
    const privateIp = str(ctx.plain["privateIp"]) ?? awsSubnetIp(ctx, subnetId);
    const subnet = ctx.world.lookup(subnetId);
    return {
      id: eniId,
      state: {
        ...awsBase(ctx),
        arn: arn(ctx, "ec2", `network-interface/${eniId}`),
        privateIp,
        privateIps: [privateIp],
        privateIpList: [privateIp],
        privateDnsName: `ip-${privateIp.replace(/\./g, "-")}.ec2.internal`,
        macAddress: `0e:${hashHex(ctx.seed("mac"), 10).replace(/(..)(?!$)/g, "$1:")}`,
        ownerId: SIM_AWS_ACCOUNT,
        // EC2 checks source and destination unless told otherwise; a router turns it off.
        sourceDestCheck: ctx.inputs["sourceDestCheck"] ?? true,
        interfaceType: ctx.inputs["interfaceType"] ?? "interface",
        ...(subnet !== undefined ? { vpcId: subnet.state["vpcId"] } : {}),
      },
    };
  },
  [T.awsEip]: (ctx) => {
    const allocationId = awsResourceId(ctx, "eipalloc");
    const publicIp = ctx.world.publicIp("aws", ctx.seed("ip"));
    const eni = ctx.world.lookup(str(ctx.plain["networkInterface"]) ?? "");
    return {
      id: allocationId,
      state: {
        ...awsBase(ctx),
        allocationId,
        associationId: ctx.inputs["networkInterface"] !== undefined || ctx.inputs["instance"] !== undefined ? awsId("eipassoc", ctx.seed("assoc")) : "",
        domain: ctx.inputs["domain"] ?? "vpc",
        publicIp,
        publicDns: `ec2-${publicIp.replace(/\./g, "-")}.compute-1.amazonaws.com`,
        publicIpv4Pool: "amazon",
        ...(eni !== undefined ? { privateIp: eni.state["privateIp"] } : {}),
        arn: arn(ctx, "ec2", `elastic-ip/${allocationId}`),
      },
    };
  },
  [T.awsInstance]: (ctx) => {
    const instanceId = awsResourceId(ctx, "i");
    const eniId = str(record(ctx.plain["primaryNetworkInterface"])["networkInterfaceId"]);
    const eni = eniId === undefined ? undefined : ctx.world.lookup(eniId);
    const region = awsRegion(ctx);
    return {
      id: instanceId,
      state: {
        ...awsBase(ctx),
        arn: arn(ctx, "ec2", `instance/${instanceId}`),
        instanceState: "running",
        availabilityZone: str(eni?.state["availabilityZone"]) ?? `${region}a`,
        primaryNetworkInterfaceId: eniId ?? awsId("eni", ctx.seed("eni")),
        privateIp: str(eni?.state["privateIp"]) ?? "",
        privateDns: str(eni?.state["privateDnsName"]) ?? "",
        sourceDestCheck: eni?.state["sourceDestCheck"] ?? true,
        subnetId: eni?.state["subnetId"] ?? "",
        // The provider keeps user data as given (the program marks it secret: it carries keys).
        userData: ctx.inputs["userData"],
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
};

/** `{ id }` references of a NIC's ip configurations, resolved to the addresses Azure's DHCP hands out. */
function nicIpConfigurations(ctx: SimContext, nicId: string): Record<string, unknown>[] {
  return list(ctx.inputs["ipConfigurations"]).map((c, i) => {
    const config = record(c);
    const plain = record(list(ctx.plain["ipConfigurations"])[i]);
    const subnetId = refId(plain["subnet"]) ?? "";
    const name = str(plain["name"]) ?? `ipconfig${i + 1}`;
    return {
      ...config,
      id: `${nicId}/ipConfigurations/${name}`,
      name,
      privateIPAddress: str(plain["privateIPAddress"]) ?? privateIpIn(ctx, subnetId, `ip${i}`),
      privateIPAllocationMethod: config["privateIPAllocationMethod"] ?? "Dynamic",
      privateIPAddressVersion: "IPv4",
      primary: config["primary"] ?? i === 0,
      provisioningState: "Succeeded",
    };
  });
}

const AZURE: Readonly<Record<string, Simulator>> = {
  [T.azureNetworkSecurityGroup]: azure(network("networkSecurityGroups", "networkSecurityGroupName"), (ctx) => ({
    securityRules: list(ctx.inputs["securityRules"]).map((r) => ({ ...record(r), provisioningState: "Succeeded" })),
    // Azure adds its default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound, …) beside them.
    defaultSecurityRules: [
      { name: "AllowVnetInBound", priority: 65000, direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationPortRange: "*" },
      { name: "AllowAzureLoadBalancerInBound", priority: 65001, direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*" },
      { name: "DenyAllInBound", priority: 65500, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*" },
    ],
  })),
  [T.azureNetworkInterface]: azure(network("networkInterfaces", "networkInterfaceName"), (ctx, who) => ({
    ipConfigurations: nicIpConfigurations(ctx, who.id),
    enableIPForwarding: ctx.inputs["enableIPForwarding"] ?? false,
    enableAcceleratedNetworking: ctx.inputs["enableAcceleratedNetworking"] ?? false,
    macAddress: hashHex(ctx.seed("mac"), 12).toUpperCase(),
    nicType: "Standard",
  })),
  [T.azureVirtualMachine]: azure(
    { namespace: "Microsoft.Compute", collection: "virtualMachines", nameInput: "vmName", apiVersion: "2024-07-01", tracked: true },
    (ctx) => ({
      vmId: uuid(ctx.seed("vmid")),
      // The osProfile as sent: customData stays the secret the program made it (ARM cannot change it on a VM).
      osProfile: ctx.inputs["osProfile"],
      timeCreated: "2024-01-01T00:00:00.0000000+00:00",
    }),
  ),
};

/** Every compute resource type simulated here. */
export const COMPUTE_SIMULATORS: Readonly<Record<string, Simulator>> = { ...AWS, ...AZURE };

/** Invokes that read what the simulated clouds hold (the world), beside the plain answers of AWS_INVOKES/AZURE_INVOKES. */
export type WorldInvoke = (args: Readonly<Record<string, unknown>>, world: SimulatedWorld) => Record<string, unknown>;

export const COMPUTE_INVOKES: Readonly<Record<string, WorldInvoke>> = {
  /** The newest image matching the owners and filters: one Debian 12 AMI per architecture (DEBIAN_12_AMI). */
  [INVOKE.awsGetAmi]: (args) => {
    const owners = list(args["owners"]).map(String);
    const filters = list(args["filters"]).map(record);
    const filter = (name: string): string | undefined => str(list(filters.find((f) => str(f["name"]) === name)?.["values"])[0]);
    const architecture = filter("architecture") ?? "x86_64";
    const pattern = filter("name") ?? DEBIAN_12_AMI.namePattern.x86_64;
    const name = pattern.replace("*", "20250610-2137");
    return {
      id: awsId("ami", `ami\u0000${owners.join(",")}\u0000${name}`),
      name,
      ownerId: owners[0] ?? DEBIAN_12_AMI.owner,
      architecture,
      imageOwnerAlias: "",
      rootDeviceType: "ebs",
      virtualizationType: "hvm",
      state: "available",
      mostRecent: args["mostRecent"] ?? false,
    };
  },
  /** A hub this program created, as ARM reports it now (its router IPs appear once its IP configuration exists). */
  [INVOKE.azureGetVirtualHub]: (args, world) => {
    const rg = str(args["resourceGroupName"]) ?? "";
    const name = str(args["virtualHubName"]) ?? "";
    const hub = world.lookup(`/subscriptions/${SIM_AZURE_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Network/virtualHubs/${name}`);
    if (hub === undefined) throw new Error(`getVirtualHub: no virtual hub "${name}" in resource group "${rg}" (ResourceNotFound)`);
    return { ...hub.state, id: hub.id, virtualRouterAsn: hub.state["virtualRouterAsn"] ?? ROUTE_SERVER_ASN, virtualRouterIps: list(hub.state["virtualRouterIps"]) };
  },
};
