import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import { AZURE_ZONES, OverlayPlan, cidrSlug } from "../sdk";

/**
 * The Azure half of the WireGuard overlay: per router a Standard static public IP, an NSG mirroring
 * the AWS security group, a NIC with IP forwarding on and a VM; then either UDRs sending the AWS
 * prefixes to the routers, or an Azure Route Server the routers peer with over eBGP.
 */

export interface AzureOverlayContext {
  readonly name: string;
  readonly plan: OverlayPlan;
  readonly parent: pulumi.Resource;
  readonly tags: Record<string, string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: pulumi.Input<string>;
}

/** NSG priorities: one per link from the link's slot (stable), then PMTUD, then forwarded traffic. */
const PRIORITY = { firstLink: 100, pmtud: 300, forwarded: 310 } as const;

const known = (what: string) => (value: string | undefined): string => {
  if (value === undefined || value === "") throw new Error(`${what} is not known`);
  return value;
};

/** The Standard, static public IP of every Azure router: what the AWS side's firewall admits. */
export function azureRouterPublicIps(ctx: AzureOverlayContext): Record<string, network.PublicIPAddress> {
  const out: Record<string, network.PublicIPAddress> = {};
  for (const [key, router] of Object.entries(ctx.plan.azure.routers)) {
    out[key] = new network.PublicIPAddress(
      `${ctx.name}-${key}-pip`,
      {
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        ...(router.zone !== undefined ? { zones: [router.zone] } : {}),
        tags: ctx.tags,
      },
      { parent: ctx.parent },
    );
  }
  return out;
}

export interface AzureRouterNic {
  readonly nsg: network.NetworkSecurityGroup;
  readonly nic: network.NetworkInterface;
  readonly privateIp: pulumi.Output<string>;
}

/**
 * NSG and NIC of every Azure router. Inbound: each link's UDP port from exactly the AWS router at its
 * other end; ICMP (an NSG cannot match ICMP type 3 code 4, so all ICMP is allowed for path MTU
 * discovery); everything from the VNet's own prefixes (the traffic it forwards). Azure's default
 * rules deny the rest of the internet.
 */
export function azureRouterNics(ctx: AzureOverlayContext, subnetId: pulumi.Input<string>, publicIps: Record<string, network.PublicIPAddress>, awsPublicIps: Record<string, pulumi.Output<string>>): Record<string, AzureRouterNic> {
  const out: Record<string, AzureRouterNic> = {};
  for (const [key, router] of Object.entries(ctx.plan.azure.routers)) {
    const n = `${ctx.name}-${key}`;
    const linkRules = router.links.flatMap((linkKey) => {
      const link = ctx.plan.links[linkKey];
      if (link === undefined) return [];
      return [
        {
          name: `wireguard-${link.slot}-from-${link.aws}`.slice(0, 80),
          description: `WireGuard ${link.key}`,
          priority: PRIORITY.firstLink + link.slot,
          direction: "Inbound",
          access: "Allow",
          protocol: "Udp",
          sourceAddressPrefix: awsPublicIps[link.aws] as pulumi.Output<string>,
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: String(link.port),
        },
      ];
    });
    const nsg = new network.NetworkSecurityGroup(
      `${n}-nsg`,
      {
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        securityRules: [
          ...linkRules,
          { name: "pmtud-icmp", description: "ICMP for path MTU discovery", priority: PRIORITY.pmtud, direction: "Inbound", access: "Allow", protocol: "Icmp", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*" },
          {
            name: "forwarded-from-vnet",
            description: "traffic from the VNet to forward to AWS",
            priority: PRIORITY.forwarded,
            direction: "Inbound",
            access: "Allow",
            protocol: "*",
            sourceAddressPrefixes: [...ctx.plan.azure.prefixes],
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "*",
          },
        ],
        tags: ctx.tags,
      },
      { parent: ctx.parent },
    );
    const nic = new network.NetworkInterface(
      `${n}-nic`,
      {
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        // A router forwards packets that are neither from nor to its own address.
        enableIPForwarding: true,
        networkSecurityGroup: { id: nsg.id },
        ipConfigurations: [{ name: "ipconfig1", primary: true, subnet: { id: subnetId }, privateIPAllocationMethod: "Dynamic", publicIPAddress: { id: (publicIps[key] as network.PublicIPAddress).id } }],
        tags: ctx.tags,
      },
      { parent: ctx.parent },
    );
    const privateIp = nic.ipConfigurations.apply((c) => known(`the private IP of ${n}-nic`)(c?.[0]?.privateIPAddress));
    out[key] = { nsg, nic, privateIp };
  }
  return out;
}

export interface AzureRouteServerSettings {
  readonly subnetId: pulumi.Input<string>;
}

/**
 * Azure Route Server: a VirtualHub without a Virtual WAN, its IP configuration in RouteServerSubnet
 * (with a Standard public IP, which Route Server requires) and one BGP connection per Azure router.
 * Returns Route Server's two router IPs, the Azure routers' BGP neighbors.
 *
 * ARM reports those IPs on the hub only once the IP configuration exists, so the hub is read again
 * after it (an invoke ordered by `dependsOn`; it reads this component's own resource, nothing outside).
 */
export function azureRouteServer(ctx: AzureOverlayContext, settings: AzureRouteServerSettings, nics: Record<string, AzureRouterNic>): pulumi.Output<string[]> {
  const opts = { parent: ctx.parent };
  const zonal = Object.values(ctx.plan.azure.routers).some((r) => r.zone !== undefined);
  const pip = new network.PublicIPAddress(
    `${ctx.name}-rs-pip`,
    { resourceGroupName: ctx.resourceGroupName, location: ctx.location, sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", ...(zonal ? { zones: [...AZURE_ZONES] } : {}), tags: ctx.tags },
    opts,
  );
  const hub = new network.VirtualHub(`${ctx.name}-rs`, { resourceGroupName: ctx.resourceGroupName, location: ctx.location, sku: "Standard", allowBranchToBranchTraffic: false, tags: ctx.tags }, opts);
  const ipConfig = new network.VirtualHubIpConfiguration(
    `${ctx.name}-rs-ipconfig`,
    { resourceGroupName: ctx.resourceGroupName, virtualHubName: hub.name, ipConfigName: "ipconfig1", subnet: { id: settings.subnetId }, publicIPAddress: { id: pip.id } },
    opts,
  );
  // ARM serialises changes to one hub: connections are created one after another, in key order.
  let previous: pulumi.Resource = ipConfig;
  for (const [key, nic] of Object.entries(nics)) {
    previous = new network.VirtualHubBgpConnection(
      `${ctx.name}-${key}-rs-bgp`,
      { resourceGroupName: ctx.resourceGroupName, virtualHubName: hub.name, connectionName: key, peerAsn: ctx.plan.azure.asn, peerIp: nic.privateIp },
      { ...opts, dependsOn: [previous] },
    );
  }
  return network
    .getVirtualHubOutput({ resourceGroupName: ctx.resourceGroupName, virtualHubName: hub.name }, { parent: ctx.parent, dependsOn: [ipConfig] })
    .apply((h) => {
      const ips = h.virtualRouterIps ?? [];
      if (ips.length !== 2) throw new Error(`Route Server ${ctx.name}-rs reports ${ips.length} router IPs (${ips.join(", ")}); expected 2 once its IP configuration exists`);
      return ips;
    });
}

export interface AzureVmSettings {
  readonly vmSize: string;
  readonly image: { readonly publisher: string; readonly offer: string; readonly sku: string; readonly version: string };
  readonly adminUsername: string;
  readonly sshPublicKey: pulumi.Input<string>;
}

/**
 * The router VMs. `customData` (base64 cloud-init) holds the private key: a secret, never returned by
 * ARM. Azure cannot change it on a VM, so a change replaces the VM, deleting the old one first (the two
 * would share one NIC).
 */
export function azureRouterVms(ctx: AzureOverlayContext, settings: AzureVmSettings, nics: Record<string, AzureRouterNic>, userData: Record<string, pulumi.Output<string>>): Record<string, compute.VirtualMachine> {
  const out: Record<string, compute.VirtualMachine> = {};
  for (const [key, router] of Object.entries(ctx.plan.azure.routers)) {
    const n = `${ctx.name}-${key}`;
    out[key] = new compute.VirtualMachine(
      `${n}-vm`,
      {
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        ...(router.zone !== undefined ? { zones: [router.zone] } : {}),
        hardwareProfile: { vmSize: settings.vmSize },
        storageProfile: {
          imageReference: { ...settings.image },
          osDisk: { createOption: "FromImage", deleteOption: "Delete", managedDisk: { storageAccountType: "StandardSSD_LRS" } },
        },
        osProfile: {
          computerName: n,
          adminUsername: settings.adminUsername,
          customData: pulumi.secret((userData[key] as pulumi.Output<string>).apply((text) => Buffer.from(text, "utf8").toString("base64"))),
          linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: `/home/${settings.adminUsername}/.ssh/authorized_keys`, keyData: settings.sshPublicKey }] } },
        },
        networkProfile: { networkInterfaces: [{ id: (nics[key] as AzureRouterNic).nic.id, primary: true }] },
        tags: ctx.tags,
      },
      // Not `additionalSecretOutputs: ["osProfile"]`: only customData is secret (it is, from birth, as an input),
      // and a wholly secret osProfile would hide the admin user, computer name and SSH key in every diff.
      { parent: ctx.parent, deleteBeforeReplace: true, replaceOnChanges: ["osProfile"] },
    );
  }
  return out;
}

/** UDRs: per route table, every AWS prefix to the private IP of the router the plan assigned to it. */
export function azureRouteTables(ctx: AzureOverlayContext, nics: Record<string, AzureRouterNic>): Record<string, network.RouteTable> {
  const out: Record<string, network.RouteTable> = {};
  for (const [table, routerKey] of Object.entries(ctx.plan.azure.routeTables)) {
    const nextHop = (nics[routerKey] as AzureRouterNic).privateIp;
    out[table] = new network.RouteTable(
      `${ctx.name}-${table}-udr`,
      {
        resourceGroupName: ctx.resourceGroupName,
        location: ctx.location,
        // Routes are inline so an update of the table never drops them.
        routes: ctx.plan.aws.prefixes.map((prefix) => ({ name: `to-aws-${cidrSlug(prefix)}`, addressPrefix: prefix, nextHopType: "VirtualAppliance", nextHopIpAddress: nextHop })),
        disableBgpRoutePropagation: false,
        tags: ctx.tags,
      },
      { parent: ctx.parent },
    );
  }
  return out;
}
