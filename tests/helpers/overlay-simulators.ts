/**
 * Simulated provider behaviour for the resource types and invokes the WireGuard overlay adds
 * (EC2 instances, ENIs, Elastic IPs, Azure VMs, NICs, NSGs, random bytes, the Route Server hub read
 * and the Debian AMI lookup), installed on the shared `SimulatedCloud` of tests/helpers/pulumi-mocks.ts.
 *
 * They follow tools/preview/simulate-*.ts: echo the inputs, add what the provider computes, derive
 * every id and address from the resource's seed. They live here, beside the tests, until the offline
 * preview (being moved to preview/ by issue 10) takes them into its own tables for the overlay stack.
 */
import type { MockCallArgs, MockCallResult, MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import { awsId, hashBytes, hashHex, SIM_AWS_ACCOUNT, SIM_AZURE_SUBSCRIPTION, uuid } from "../../preview/ids";
import { ipToLong as ipToInt, longToIp as intToIp } from "../../sdk/cidr";
import type { SimulatedCloud } from "../../preview/simulate";
import { list, record, refId, str, type SimContext, type SimulatedWorld } from "../../preview/simulate-context";
import { unwrapSecrets } from "../../graph/wire";

type Sim = (ctx: SimContext) => { id: string; state: Record<string, unknown> };

/** Debian's AWS account, which publishes the official Debian AMIs (wiki.debian.org/Cloud/AmazonEC2Image). */
const DEBIAN_AMI_OWNER = "136693071363";

function fallbackCidr(subnetId: string): string {
  // Like the preview's Azure simulator: a subnet the test did not create gets a stable 10.x /24.
  return `10.${parseInt(hashHex(subnetId, 2), 16)}.${parseInt(hashHex(`${subnetId}/2`, 2), 16)}.0/24`;
}

function subnetCidr(world: SimulatedWorld, subnetId: string): string {
  const state = world.lookup(subnetId)?.state;
  return str(state?.["cidrBlock"]) ?? str(state?.["addressPrefix"]) ?? fallbackCidr(subnetId);
}

function armId(ctx: SimContext, collection: string, nameInput: string, namespace = "Microsoft.Network"): { id: string; name: string } {
  const name = str(ctx.plain[nameInput]) ?? `${ctx.name}${hashHex(ctx.seed("autoname"), 8)}`;
  const rg = str(ctx.plain["resourceGroupName"]) ?? "";
  return { id: `/subscriptions/${SIM_AZURE_SUBSCRIPTION}/resourceGroups/${rg}/providers/${namespace}/${collection}/${name}`, name };
}

const SIMULATORS: Readonly<Record<string, Sim>> = {
  "random:index/randomBytes:RandomBytes": (ctx) => {
    const bytes = hashBytes(ctx.seed("bytes"), Number(ctx.plain["length"]));
    const base64 = bytes.toString("base64");
    // random_bytes' id is its base64 value; base64 and hex are additionalSecretOutputs in the SDK.
    return { id: ctx.requestedId ?? base64, state: { ...ctx.inputs, base64, hex: bytes.toString("hex") } };
  },
  "aws:ec2/networkInterface:NetworkInterface": (ctx) => {
    const id = ctx.requestedId ?? awsId("eni", ctx.seed());
    const subnetId = str(ctx.plain["subnetId"]) ?? "";
    const privateIp = str(ctx.plain["privateIp"]) ?? ctx.world.privateIp(subnetId, subnetCidr(ctx.world, subnetId), ctx.seed("ip"), false);
    return {
      id,
      state: {
        ...ctx.inputs,
        privateIp,
        privateIps: [privateIp],
        privateDnsName: `ip-${privateIp.replace(/\./g, "-")}.ec2.internal`,
        macAddress: `0e:${hashHex(ctx.seed("mac"), 10).replace(/(..)(?!$)/g, "$1:")}`,
        ownerId: SIM_AWS_ACCOUNT,
        sourceDestCheck: ctx.inputs["sourceDestCheck"] ?? true,
        interfaceType: "interface",
        arn: `arn:aws:ec2:us-east-1:${SIM_AWS_ACCOUNT}:network-interface/${id}`,
      },
    };
  },
  "aws:ec2/eip:Eip": (ctx) => {
    const id = ctx.requestedId ?? awsId("eipalloc", ctx.seed());
    const publicIp = ctx.world.publicIp("aws", ctx.seed("ip"));
    return {
      id,
      state: {
        ...ctx.inputs,
        allocationId: id,
        associationId: ctx.inputs["networkInterface"] !== undefined ? awsId("eipassoc", ctx.seed("assoc")) : "",
        domain: ctx.inputs["domain"] ?? "vpc",
        publicIp,
        publicDns: `ec2-${publicIp.replace(/\./g, "-")}.compute-1.amazonaws.com`,
      },
    };
  },
  "aws:ec2/instance:Instance": (ctx) => {
    const id = ctx.requestedId ?? awsId("i", ctx.seed());
    const eniId = str(record(ctx.plain["primaryNetworkInterface"])["networkInterfaceId"]);
    const eni = eniId === undefined ? undefined : ctx.world.lookup(eniId);
    return {
      id,
      state: {
        ...ctx.inputs,
        arn: `arn:aws:ec2:us-east-1:${SIM_AWS_ACCOUNT}:instance/${id}`,
        instanceState: "running",
        primaryNetworkInterfaceId: eniId ?? awsId("eni", ctx.seed("eni")),
        privateIp: str(eni?.state["privateIp"]) ?? "",
        // The provider reports a hash of user data, never the text.
        userData: ctx.inputs["userData"],
      },
    };
  },
  "azure-native:network:NetworkSecurityGroup": (ctx) => {
    const who = armId(ctx, "networkSecurityGroups", "networkSecurityGroupName");
    return { id: who.id, state: { ...ctx.inputs, name: who.name, type: "Microsoft.Network/networkSecurityGroups", resourceGuid: uuid(ctx.seed("guid")), provisioningState: "Succeeded" } };
  },
  "azure-native:network:NetworkInterface": (ctx) => {
    const who = armId(ctx, "networkInterfaces", "networkInterfaceName");
    const ipConfigurations = list(ctx.inputs["ipConfigurations"]).map((c, i) => {
      const config = record(c);
      const subnetId = refId(unwrapSecrets(config["subnet"])) ?? "";
      const given = str(config["privateIPAddress"]);
      // Azure hands out the lowest free address of the subnet (sequential).
      const ip = given ?? ctx.world.privateIp(subnetId.toLowerCase(), subnetCidr(ctx.world, subnetId), ctx.seed(`ip${i}`), true);
      return { ...config, id: `${who.id}/ipConfigurations/${str(config["name"]) ?? `ipconfig${i + 1}`}`, privateIPAddress: ip, privateIPAllocationMethod: config["privateIPAllocationMethod"] ?? "Dynamic" };
    });
    return {
      id: who.id,
      state: { ...ctx.inputs, name: who.name, type: "Microsoft.Network/networkInterfaces", ipConfigurations, macAddress: hashHex(ctx.seed("mac"), 12).toUpperCase(), provisioningState: "Succeeded" },
    };
  },
  "azure-native:compute:VirtualMachine": (ctx) => {
    const who = armId(ctx, "virtualMachines", "vmName", "Microsoft.Compute");
    return { id: who.id, state: { ...ctx.inputs, name: who.name, type: "Microsoft.Compute/virtualMachines", vmId: uuid(ctx.seed("vmid")), provisioningState: "Succeeded" } };
  },
};

function context(cloud: SimulatedCloud, args: MockResourceArgs): SimContext {
  const inputs = record(args.inputs);
  return {
    type: args.type,
    name: args.name,
    inputs,
    plain: record(unwrapSecrets(inputs)),
    requestedId: args.id ? args.id : undefined,
    providerInputs: undefined,
    world: cloud,
    seed: (purpose = "") => `${args.type}\u0000${args.name}\u0000${purpose}`,
  };
}

/**
 * Teaches `cloud` the overlay's types. Entries created here are answered by id through the same
 * `lookup` the preview's simulators use, and Route Server's two router IPs (which ARM reports on the
 * hub once its IP configuration exists) are the IP configuration's address and the next one.
 */
export function installOverlaySimulation(cloud: SimulatedCloud): void {
  const created = new Map<string, { type: string; name: string; id: string; state: Readonly<Record<string, unknown>>; facts: Readonly<Record<string, unknown>> }>();
  const hubRouterIps = new Map<string, string[]>();
  const baseNewResource = cloud.newResource.bind(cloud);
  const baseCall = cloud.call.bind(cloud);
  const baseLookup = cloud.lookup.bind(cloud);
  const baseReset = cloud.reset.bind(cloud);

  cloud.lookup = (id) => created.get(id.toLowerCase()) ?? baseLookup(id);
  cloud.reset = () => {
    created.clear();
    hubRouterIps.clear();
    baseReset();
  };
  cloud.newResource = (args: MockResourceArgs): MockResourceResult => {
    const sim = args.custom === false ? undefined : SIMULATORS[args.type];
    if (sim === undefined) {
      const result = baseNewResource(args);
      if (args.type === "azure-native:network:VirtualHubIpConfiguration") {
        const hub = str(record(unwrapSecrets(args.inputs))["virtualHubName"]) ?? "";
        const text = str(record(result.state)["privateIPAddress"]);
        if (text !== undefined && text !== "") {
          const ip = ipToInt(text);
          hubRouterIps.set(hub, [intToIp(ip), intToIp(ip + 1)]);
        }
      }
      return result;
    }
    const { id, state } = sim(context(cloud, args));
    created.set(id.toLowerCase(), { type: args.type, name: args.name, id, state: record(unwrapSecrets(state)), facts: {} });
    return { id, state };
  };
  cloud.call = (args: MockCallArgs): MockCallResult => {
    const inputs = record(unwrapSecrets(args.inputs));
    if (args.token === "azure-native:network:getVirtualHub") {
      const name = str(inputs["virtualHubName"]) ?? "";
      return { name, virtualRouterAsn: 65515, virtualRouterIps: hubRouterIps.get(name) ?? [], provisioningState: "Succeeded", routingState: "Provisioned" };
    }
    if (args.token === "aws:ec2/getAmi:getAmi") {
      const owners = list(inputs["owners"]).map(String);
      return {
        id: awsId("ami", `ami\u0000${owners.join(",")}`),
        name: "debian-12-amd64-20250610-2137",
        ownerId: owners[0] ?? DEBIAN_AMI_OWNER,
        architecture: "x86_64",
        rootDeviceType: "ebs",
        virtualizationType: "hvm",
        mostRecent: inputs["mostRecent"] ?? false,
      };
    }
    return baseCall(args);
  };
}
