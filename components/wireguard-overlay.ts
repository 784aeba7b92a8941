import * as pulumi from "@pulumi/pulumi";
import { DEBIAN_12_AZURE_IMAGE, Issue, OverlayConfig, OverlayPlan, cidrSlug, issue, planOverlay, throwIfIssues } from "../sdk";
import { overlayRouterBoot, renderOverlayCloudInit } from "./overlay-boot-config";
import { TYPE } from "./type-tokens";
import { awsRouterFirewall, awsRouterInstances, awsRouterNetworks, awsRoutes } from "./wireguard-overlay-aws";
import { azureRouteServer, azureRouteTables, azureRouterNics, azureRouterPublicIps, azureRouterVms } from "./wireguard-overlay-azure";
import { WireGuardKeyPair, newWireGuardKeyPair, newWireGuardPresharedKey } from "./wireguard-keys";

/**
 * `WireGuardOverlay`: the alternative to managed VPN gateways. Router instances on both clouds joined
 * by a full mesh of WireGuard links (one interface per peer), eBGP + BFD over every link, MTU 1420 and
 * TCP MSS clamped to 1380; the VPCs reach Azure through VPC routes to the AWS routers' ENIs, the VNet
 * reaches AWS through UDRs or an Azure Route Server. The plan (addresses, ASNs, ports, BFD) comes
 * from `planOverlay` in sdk/overlay.ts, which also explains the eBGP choice.
 *
 * Every router boots from cloud-init user data rendered by components/overlay-boot-config.ts; it holds
 * the router's WireGuard private key, so it is a Pulumi secret end to end.
 */

/** Defaults of the component's own settings (the plan's are in `OVERLAY_DEFAULTS`). */
export const WIREGUARD_OVERLAY_DEFAULTS = {
  /** 2 vCPUs, up to 5 Gbit/s; for sustained throughput use a network-optimised type (c6in.large). */
  awsInstanceType: "t3.small",
  /** 2 vCPUs, Gen2-capable (the Debian 12 image is Gen2); for throughput use Standard_D2s_v5 with accelerated networking. */
  azureVmSize: "Standard_B2s",
  azureAdminUsername: "crosscloud",
} as const;

/** The clouds a router can be on. */
export const OverlayRouterCloud = { Aws: "aws", Azure: "azure" } as const;
export type OverlayRouterCloud = (typeof OverlayRouterCloud)[keyof typeof OverlayRouterCloud];

/** BFD timers of every WireGuard link. */
export interface WireGuardOverlayBfdArgs {
  /** FRR accepts 10–60000. */
  readonly transmitIntervalMs: number;
  /** FRR accepts 10–60000. */
  readonly receiveIntervalMs: number;
  /** FRR accepts 2–255. */
  readonly detectMultiplier: number;
}

/** One router. */
export interface WireGuardOverlayRouterArgs {
  /** AWS: the Availability Zone (a key of `aws.subnetIds`). Azure: "1", "2" or "3". @default - Azure: regional (no zone) */
  readonly zone?: string;
}

/** A VPC route table that sends the Azure prefixes to one AWS router. */
export interface WireGuardOverlayAwsRouteTableArgs {
  /** The VPC route table that gets one route per Azure prefix. */
  readonly routeTableId: pulumi.Input<string>;
  /**
   * The AWS router (a key of the routers) whose network interface the routes point at.
   * @default - the first AWS router key in code-point order
   */
  readonly router?: string;
}

/** A UDR the component creates, sending the AWS prefixes to one Azure router; associate it with workload subnets. */
export interface WireGuardOverlayAzureRouteTableArgs {
  /**
   * The Azure router (a key of the routers) the routes' next hop points at.
   * @default - the first Azure router key in code-point order
   */
  readonly router?: string;
}

/** An Azure Marketplace image. */
export interface WireGuardOverlayAzureImageArgs {
  /** Image publisher, e.g. "Debian". */
  readonly publisher: string;
  /** Image offer, e.g. "debian-12". */
  readonly offer: string;
  /** Image SKU, e.g. "12-gen2". */
  readonly sku: string;
  /** Image version, e.g. "latest". */
  readonly version: string;
}

/** The AWS side of the overlay. */
export interface WireGuardOverlayAwsArgs {
  /** The VPC the AWS routers run in. */
  readonly vpcId: pulumi.Input<string>;
  /** Router subnets by Availability Zone: public subnets (a route to an internet gateway), where the Elastic IPs work. */
  readonly subnetIds: Record<string, pulumi.Input<string>>;
  /** What the AWS routers advertise (the VPC CIDRs); Azure accepts exactly these and more-specifics. */
  readonly prefixes: string[];
  /**
   * The AWS routers, keyed by a stable slug that names their resources and links.
   * @default - `routerCount` routers, one in each of the first Availability Zones of `subnetIds`, keyed `aws-<zone>`
   */
  readonly routers?: Record<string, WireGuardOverlayRouterArgs>;
  /** Only when `routers` is omitted. @default 2 */
  readonly routerCount?: number;
  /**
   * The AWS routers' ASN (eBGP to the Azure routers).
   * @default 65010
   */
  readonly asn?: number;
  /**
   * VPC route tables that send the Azure prefixes to a router, keyed by a stable slug.
   * @default {}
   */
  readonly routeTables?: Record<string, WireGuardOverlayAwsRouteTableArgs>;
  /** The router AMI; `debian12AmiId()` (components/overlay-images.ts) looks up Debian 12 for the stack. */
  readonly imageId: pulumi.Input<string>;
  /**
   * EC2 instance type of the routers.
   * @default "t3.small"
   */
  readonly instanceType?: string;
  /**
   * An EC2 key pair for SSH.
   * @default - no key pair (use SSM Session Manager)
   */
  readonly keyName?: pulumi.Input<string>;
}

/** The Azure side of the overlay. */
export interface WireGuardOverlayAzureArgs {
  /** Resource group of the routers and their network resources. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the routers. */
  readonly location: pulumi.Input<string>;
  /** The routers' subnet. Do not attach the overlay's UDRs to it. */
  readonly subnetId: pulumi.Input<string>;
  /** What the Azure routers advertise (the VNet address spaces); AWS accepts exactly these and more-specifics. */
  readonly prefixes: string[];
  /** The region's zones, for the default routers. @default ["1", "2", "3"] */
  readonly zones?: string[];
  /**
   * The Azure routers, keyed by a stable slug that names their resources and links.
   * @default - `routerCount` routers in zones 1, 2, …, keyed `azure-<zone>`
   */
  readonly routers?: Record<string, WireGuardOverlayRouterArgs>;
  /** Only when `routers` is omitted. @default 2 */
  readonly routerCount?: number;
  /**
   * The Azure routers' ASN; 16-bit with `routeServer`.
   * @default 65020
   */
  readonly asn?: number;
  /**
   * Route tables (UDRs) to create, sending the AWS prefixes to a router, keyed by a stable slug; not with `routeServer`.
   * @default {}
   */
  readonly routeTables?: Record<string, WireGuardOverlayAzureRouteTableArgs>;
  /**
   * The routers' Marketplace image.
   * @default Debian 12 (`DEBIAN_12_AZURE_IMAGE`: Debian / debian-12 / 12-gen2 / latest)
   */
  readonly image?: WireGuardOverlayAzureImageArgs;
  /**
   * VM size of the routers.
   * @default "Standard_B2s"
   */
  readonly vmSize?: string;
  /**
   * The routers' admin user.
   * @default "crosscloud"
   */
  readonly adminUsername?: string;
  /** OpenSSH public key of the admin user (password login is disabled). */
  readonly sshPublicKey: pulumi.Input<string>;
  /** RouteServerSubnet; required with `routeServer`. @default - none */
  readonly routeServerSubnetId?: pulumi.Input<string>;
  /** Its CIDR, checked against Azure's /26 minimum. @default - not checked */
  readonly routeServerSubnetCidr?: string;
}

/** A WireGuard overlay between router instances in AWS and Azure. */
export interface WireGuardOverlayArgs {
  /** The AWS routers: VPC, subnets, prefixes, image. */
  readonly aws: WireGuardOverlayAwsArgs;
  /** The Azure routers: resource group, subnet, prefixes, image. */
  readonly azure: WireGuardOverlayAzureArgs;
  /** The Azure routers peer with an Azure Route Server (`ROUTE_SERVER_ASN`) instead of UDRs. @default false */
  readonly routeServer?: boolean;
  /** Pin the overlay's /24. @default - allocated from `pool` */
  readonly insideCidr?: string;
  /**
   * The pool the overlay's /24 is allocated from.
   * @default "100.64.0.0/10"
   */
  readonly pool?: string;
  /** The previous `allocations` output (or the registry's overlay entries): keeps every link where it is. @default {} */
  readonly lock?: Record<string, string>;
  /** Blocks held elsewhere, by label, which the /24 avoids. @default {} */
  readonly reserved?: Record<string, string>;
  /** First UDP port; link n uses port + n. @default 51820 */
  readonly port?: number;
  /**
   * BFD timers of every link.
   * @default 100 ms × 3 (`OVERLAY_BFD_DEFAULT`)
   */
  readonly bfd?: WireGuardOverlayBfdArgs;
  /** A preshared key per link. @default true */
  readonly presharedKeys?: boolean;
  /** Change to rotate every WireGuard key (routers are replaced with the new keys). @default - keys live as long as the overlay */
  readonly keyRotation?: string;
  /**
   * Tags for every taggable resource.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** One router, as deployed. */
export interface WireGuardOverlayRouter {
  /** The cloud the router runs in. */
  readonly cloud: OverlayRouterCloud;
  /** Its Availability Zone or Azure zone; "" for a regional Azure router. */
  readonly zone: string;
  /** Its BGP ASN. */
  readonly asn: number;
  /** Its BGP router id. */
  readonly routerId: string;
  /** Its public IP (Elastic IP or Standard public IP): the WireGuard endpoint. */
  readonly publicIp: string;
  /** Its private IP in the VPC/VNet: the next hop of the routes to the other cloud. */
  readonly privateIp: string;
  /** Its WireGuard public key (base64). */
  readonly publicKey: string;
}

/** One WireGuard link of the mesh. */
export interface WireGuardOverlayLink {
  /** The AWS router's key. */
  readonly aws: string;
  /** The Azure router's key. */
  readonly azure: string;
  /** The link's /31. */
  readonly cidr: string;
  /** The AWS end's address in the /31. */
  readonly awsAddress: string;
  /** The Azure end's address in the /31. */
  readonly azureAddress: string;
  /** The link's UDP port, on both ends. */
  readonly port: number;
  /** The AWS router's WireGuard interface for this link. */
  readonly awsInterface: string;
  /** The Azure router's WireGuard interface for this link. */
  readonly azureInterface: string;
}

const mapValues = <T, U>(record: Readonly<Record<string, T>>, f: (value: T, key: string) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v, k)]));

/** The sdk plan's input, from the component's args. */
export function overlayConfigOf(args: WireGuardOverlayArgs): OverlayConfig {
  return {
    aws: {
      zones: Object.keys(args.aws.subnetIds),
      routers: args.aws.routers,
      routerCount: args.aws.routerCount,
      asn: args.aws.asn,
      prefixes: args.aws.prefixes,
      routeTables: mapValues(args.aws.routeTables ?? {}, (t) => ({ router: t.router })),
    },
    azure: {
      zones: args.azure.zones,
      routers: args.azure.routers,
      routerCount: args.azure.routerCount,
      asn: args.azure.asn,
      prefixes: args.azure.prefixes,
      routeTables: args.azure.routeTables,
    },
    insideCidr: args.insideCidr,
    pool: args.pool,
    lock: args.lock,
    reserved: args.reserved,
    port: args.port,
    bfd: args.bfd,
    presharedKeys: args.presharedKeys,
    routeServer: args.routeServer,
    routeServerSubnetCidr: args.azure.routeServerSubnetCidr,
  };
}

/** Logical names built from two keys could coincide ("a-b" + "c", "a" + "b-c"); each must name one thing. */
function checkNames(plan: OverlayPlan): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  const claim = (name: string, path: string): void => {
    const other = seen.get(name);
    if (other !== undefined) issues.push(issue(path, "KEY_INVALID", `produces the resource name "${name}", which ${other} already uses; rename a key`));
    else seen.set(name, path);
  };
  for (const link of Object.values(plan.links)) claim(`link:${link.aws}-${link.azure}`, `links.${link.key}`);
  for (const table of Object.keys(plan.aws.routeTables)) for (const p of plan.azure.prefixes) claim(`route:${table}-${cidrSlug(p)}`, `aws.routeTables.${table}`);
  return issues;
}

/** Every problem with the args, in one list, and the plan when there are none. Never throws. */
export function validateWireGuardOverlay(args: WireGuardOverlayArgs): { plan: OverlayPlan | undefined; issues: Issue[] } {
  const { plan, issues } = planOverlay(overlayConfigOf(args));
  if (args.routeServer === true && args.azure.routeServerSubnetId === undefined) {
    issues.push(issue("azure.routeServerSubnetId", "VALUE_REQUIRED", `routeServer needs the id of the VNet's RouteServerSubnet`));
  }
  if (args.routeServer !== true && args.azure.routeServerSubnetId !== undefined) {
    issues.push(issue("azure.routeServerSubnetId", "OPTION_CONFLICT", `routeServerSubnetId is used only with routeServer: true`));
  }
  if (plan !== undefined) issues.push(...checkNames(plan));
  return { plan: issues.length === 0 ? plan : undefined, issues };
}

/**
 * The WireGuard overlay transport: router instances on both clouds joined by a full mesh of WireGuard links
 * (one interface per peer), eBGP with BFD over each link, MTU 1420 and TCP MSS 1380, configured at boot by
 * cloud-init; VPC routes and Azure UDRs (or an Azure Route Server) send each cloud's traffic to its routers.
 * The alternative to managed VPN gateways: minutes to build, sub-second failover, and routers you operate.
 */
export class WireGuardOverlay extends pulumi.ComponentResource {
  /** The overlay's dedicated /24. */
  public readonly insideCidr: pulumi.Output<string>;
  /** Every router by key. */
  public readonly routers: pulumi.Output<Record<string, WireGuardOverlayRouter>>;
  /** Every link by key (`<aws router>.<azure router>`). */
  public readonly links: pulumi.Output<Record<string, WireGuardOverlayLink>>;
  /** Lock key → CIDR: pass back as `lock` (or record in the IPAM registry) so later changes move nothing. */
  public readonly allocations: pulumi.Output<Record<string, string>>;
  /** The UDRs, by key, to associate with workload subnets; {} with Route Server. */
  public readonly azureRouteTableIds: pulumi.Output<Record<string, string>>;
  /** Route Server's two router IPs; [] without Route Server. */
  public readonly routeServerIps: pulumi.Output<string[]>;

  constructor(name: string, args: WireGuardOverlayArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    const { plan, issues } = validateWireGuardOverlay(args);
    throwIfIssues(issues, `crosscloud WireGuardOverlay "${name}"`);
    super(TYPE.WireGuardOverlay, name, {}, opts);
    const p = plan as OverlayPlan;
    const tags = { ...args.tags };
    const aws = { name, plan: p, parent: this, tags };
    const azure = { ...aws, resourceGroupName: args.azure.resourceGroupName, location: args.azure.location };

    // Keys: one pair per router, one preshared key per link.
    const rotation = args.keyRotation !== undefined ? { rotation: args.keyRotation } : {};
    const keys: Record<string, WireGuardKeyPair> = {};
    for (const key of [...Object.keys(p.aws.routers), ...Object.keys(p.azure.routers)]) keys[key] = newWireGuardKeyPair(`${name}-${key}-wg-key`, rotation, { parent: this });
    const psks = p.presharedKeys ? mapValues(p.links, (l) => newWireGuardPresharedKey(`${name}-${l.aws}-${l.azure}-wg-psk`, rotation, { parent: this })) : {};

    // Public addresses of both clouds first: each side's firewall and peers name the other's.
    const awsNetworks = awsRouterNetworks(aws, args.aws.vpcId, args.aws.subnetIds);
    const azurePips = azureRouterPublicIps(azure);
    const awsPublicIps = mapValues(awsNetworks, (n) => n.eip.publicIp);
    const azurePublicIps = mapValues(azurePips, (pip, key) => pip.ipAddress.apply((ip) => {
      if (ip === undefined) throw new Error(`the public IP of ${name}-${key}-pip is not known`);
      return ip;
    }));
    awsRouterFirewall(aws, awsNetworks, azurePublicIps);
    const azureNics = azureRouterNics(azure, args.azure.subnetId, azurePips, awsPublicIps);
    const routeServerIps = p.routeServer !== undefined ? azureRouteServer(azure, { subnetId: args.azure.routeServerSubnetId as pulumi.Input<string> }, azureNics) : undefined;

    // User data: the plan joined with the public IPs, public keys and this router's secrets.
    const publicIps = pulumi.all({ ...awsPublicIps, ...azurePublicIps });
    const publicKeys = pulumi.all(mapValues(keys, (k) => k.publicKey));
    const noRouteServer = pulumi.output<string[] | undefined>(undefined);
    const userData = (key: string, cloud: OverlayRouterCloud): pulumi.Output<string> => {
      const own = p[cloud].routers[key]?.links ?? [];
      const ownPsks = pulumi.all(Object.fromEntries(own.filter((l) => psks[l] !== undefined).map((l) => [l, psks[l] as pulumi.Output<string>])));
      const rs = cloud === "azure" && routeServerIps !== undefined ? routeServerIps : noRouteServer;
      return pulumi.all([publicIps, publicKeys, (keys[key] as WireGuardKeyPair).privateKey, ownPsks, rs]).apply(([ips, pubs, privateKey, presharedKeys, rsIps]) =>
        renderOverlayCloudInit(
          overlayRouterBoot(p, key, { hostname: `${name}-${key}`, publicIps: ips, publicKeys: pubs, privateKey, presharedKeys, ...(rsIps !== undefined ? { routeServerIps: rsIps } : {}) }),
        ),
      );
    };
    awsRouterInstances(
      aws,
      { imageId: args.aws.imageId, instanceType: args.aws.instanceType ?? WIREGUARD_OVERLAY_DEFAULTS.awsInstanceType, ...(args.aws.keyName !== undefined ? { keyName: args.aws.keyName } : {}) },
      awsNetworks,
      mapValues(p.aws.routers, (_, key) => pulumi.secret(userData(key, "aws"))),
    );
    azureRouterVms(
      azure,
      {
        vmSize: args.azure.vmSize ?? WIREGUARD_OVERLAY_DEFAULTS.azureVmSize,
        image: args.azure.image ?? DEBIAN_12_AZURE_IMAGE,
        adminUsername: args.azure.adminUsername ?? WIREGUARD_OVERLAY_DEFAULTS.azureAdminUsername,
        sshPublicKey: args.azure.sshPublicKey,
      },
      azureNics,
      mapValues(p.azure.routers, (_, key) => pulumi.secret(userData(key, "azure"))),
    );

    // Routes into the overlay.
    awsRoutes(aws, mapValues(args.aws.routeTables ?? {}, (t) => t.routeTableId), awsNetworks);
    const udrs = azureRouteTables(azure, azureNics);

    const router = (key: string, cloud: OverlayRouterCloud, publicIp: pulumi.Output<string>, privateIp: pulumi.Output<string>): pulumi.Output<WireGuardOverlayRouter> => {
      const r = p[cloud].routers[key];
      return pulumi.all([publicIp, privateIp, (keys[key] as WireGuardKeyPair).publicKey]).apply(([pub, priv, publicKey]) => ({
        cloud,
        zone: r?.zone ?? "",
        asn: p[cloud].asn,
        routerId: r?.routerId ?? "",
        publicIp: pub,
        privateIp: priv,
        publicKey,
      }));
    };
    this.insideCidr = pulumi.output(p.insideCidr);
    this.routers = pulumi.all({
      ...mapValues(awsNetworks, (n, key) => router(key, "aws", n.eip.publicIp, n.eni.privateIp)),
      ...mapValues(azureNics, (n, key) => router(key, "azure", azurePublicIps[key] as pulumi.Output<string>, n.privateIp)),
    });
    this.links = pulumi.output(
      mapValues(p.links, (l): WireGuardOverlayLink => ({ aws: l.aws, azure: l.azure, cidr: l.cidr, awsAddress: l.awsAddress, azureAddress: l.azureAddress, port: l.port, awsInterface: l.awsInterface, azureInterface: l.azureInterface })),
    );
    this.allocations = pulumi.output({ ...p.allocations });
    this.azureRouteTableIds = pulumi.all(mapValues(udrs, (t) => t.id));
    this.routeServerIps = routeServerIps ?? pulumi.output([]);
    this.registerOutputs({
      insideCidr: this.insideCidr,
      routers: this.routers,
      links: this.links,
      allocations: this.allocations,
      azureRouteTableIds: this.azureRouteTableIds,
      routeServerIps: this.routeServerIps,
    });
  }
}
