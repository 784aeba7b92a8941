import { Cidr, LabeledCidr, cidr, findOverlaps, overlapIssue } from "./cidr";
import { TunnelPair } from "./apipa";
import { AWS_DEFAULT_AMAZON_ASN, AZURE_DEFAULT_ASN } from "./asn";
import { planDnsZones } from "./dns";
import { Issue, PlanError, dedupeIssues, issue, joinPath } from "./errors";
import { DirectConnectPlanInput, ExpressRoutePlanInput, InterconnectPlan, planInterconnect, transitVifMode } from "./interconnect";
import { AllocationRequest, Cloud, CLOUDS, allocate, supernetFor } from "./ipam";
import { checkKey, sortedKeys } from "./keys";
import { MtuRecommendation, recommendMtu } from "./mtu";
import { Registry, RegistryEntry, lockFor, reservedFor } from "./registry";
import {
  AwsSubnetPurpose,
  AzureSubnetPurpose,
  DNS_RESOLVER_DELEGATION,
  GATEWAY_SUBNET,
  ROUTE_SERVER_SUBNET,
  azureSubnetPurpose,
  checkAzureSubnet,
  checkResolverSubnets,
} from "./subnets";
import { VpnAttachment, VpnConnectionSpec, VpnLayout, VpnPlan, checkRoutesToCustomerGateway, checkVgwConnectionCount, defaultVpnAttachment, planVpn } from "./vpn";
import { checkNetworkRange, checkVpcPrefixLength } from "./address-space";
import { checkAvailabilityZoneName, checkAwsRegion } from "./regions";

/**
 * `planNetwork(config)`: the one place where crosscloud decides addresses, ASNs, tunnels and zones.
 * Pure and deterministic; validates everything in one pass and throws one {@link PlanError} listing
 * every problem. Components, stacks, the policy pack, the preview and the lab all consume its output.
 */

/** Default sizes; each is cited by the docs. */
export const PLAN_DEFAULTS = {
  /** One environment+region block per cloud: /16 out of the cloud's /12 (16 blocks). */
  blockPrefixLength: 16,
  /** A VPC or VNet: /20 (16 per block). */
  networkPrefixLength: 20,
  /** A workload subnet: /24. */
  subnetPrefixLength: 24,
  /** GatewaySubnet: /27, Azure's recommended minimum. */
  gatewaySubnetPrefixLength: 27,
  /** RouteServerSubnet: /26, Azure's minimum. */
  routeServerSubnetPrefixLength: 26,
  /** DNS Private Resolver endpoint subnets: /28, the smallest Azure allows. */
  dnsSubnetPrefixLength: 28,
  /** The VNet that holds the gateways when `azure.gatewayVnet` is not given. */
  gatewayVnet: "hub",
} as const;

export interface AwsSubnetConfig {
  /** @default - allocated from the VPC in key order */
  readonly cidr?: string;
  /** @default 24 */
  readonly prefixLength?: number;
  /** Availability Zone, e.g. `us-east-1a`. */
  readonly az: string;
  /** @default "workload" */
  readonly purpose?: AwsSubnetPurpose;
}

export interface VpcConfig {
  /** Pin the VPC CIDR (required for an existing VPC). @default - allocated from the AWS block */
  readonly cidr?: string;
  /** @default 20 */
  readonly prefixLength?: number;
  /** @default - `${region}a` and `${region}b` */
  readonly azs?: readonly string[];
  /** @default - one /24 `private-<zone letter>` workload subnet per AZ */
  readonly subnets?: Readonly<Record<string, AwsSubnetConfig>>;
}

export interface AzureSubnetConfig {
  readonly cidr?: string;
  readonly prefixLength?: number;
  /** @default - "gateway"/"routeServer" for the reserved names, otherwise "workload" */
  readonly purpose?: AzureSubnetPurpose;
}

export interface VnetConfig {
  /** @default - allocated from the Azure block */
  readonly addressSpace?: string;
  /** @default 20 */
  readonly prefixLength?: number;
  /** @default - GatewaySubnet /27 (+ dns-inbound/dns-outbound /28 with DNS) in the gateway VNet, and a /24 `workload` */
  readonly subnets?: Readonly<Record<string, AzureSubnetConfig>>;
}

export interface AwsNetworkConfig {
  readonly region: string;
  /** Amazon-side ASN of the VGW/TGW. @default `AWS_DEFAULT_AMAZON_ASN` (AWS's own default) */
  readonly asn?: number;
  /** Pin this environment's block. @default - allocated from the AWS supernet */
  readonly block?: string;
  /** @default 16 */
  readonly blockPrefixLength?: number;
  readonly vpcs: Readonly<Record<string, VpcConfig>>;
}

export interface AzureNetworkConfig {
  readonly region: string;
  /** Azure VPN gateway ASN. @default `AZURE_DEFAULT_ASN` (Azure's own default) */
  readonly asn?: number;
  readonly block?: string;
  readonly blockPrefixLength?: number;
  /** An Azure Route Server shares the gateway VNet. @default false */
  readonly routeServer?: boolean;
  /** @default "hub" if present, else the only VNet; required otherwise */
  readonly gatewayVnet?: string;
  readonly vnets: Readonly<Record<string, VnetConfig>>;
}

export interface VpnConfig {
  readonly layout: VpnLayout;
  /** @default "vgw" for dev, "tgw" otherwise */
  readonly attachment?: VpnAttachment;
  readonly connections?: Readonly<Record<string, VpnConnectionSpec>>;
  readonly tunnelCount?: number;
  readonly ipsecProfile?: string;
  readonly gatewaySku?: string;
  /**
   * The account's raised "VPN connections per virtual private gateway" quota (attachment `vgw` only).
   * @default 10 (`AWS_VPN_CONNECTIONS_PER_VGW`, AWS's default quota)
   */
  readonly maxConnectionsPerVgw?: number;
}

export interface DnsConfig {
  /** AWS private zones Azure should resolve. @default - EC2 private names of the region */
  readonly awsZones?: readonly string[];
  /**
   * Azure zones Route 53 forwards by the names clients query (e.g. `corp.azure.example`). A `privatelink.*` zone
   * is refused here: no client queries it by name; list it under `privateLinkZones`.
   * @default none (`DEFAULT_AZURE_ZONES`)
   */
  readonly azureZones?: readonly string[];
  /**
   * Azure Private Link private DNS zones (`privatelink.blob.core.windows.net`, …). Route 53 forwards each one's
   * public zone from Microsoft's table (`blob.core.windows.net`), which Azure answers through the private zone.
   * @default Blob, SQL and Key Vault (`DEFAULT_PRIVATE_LINK_ZONES`)
   */
  readonly privateLinkZones?: readonly string[];
  /**
   * Create each Private Link zone in the stack's resource group and link it to the gateway VNet, where the
   * DNS inbound endpoint resolves AWS's queries. Leave false when the zones exist already (an Azure landing
   * zone keeps them centrally); they must then be linked to that VNet.
   * @default false
   */
  readonly createPrivateLinkZones?: boolean;
  /** Create inbound endpoints (each side resolving the other's zones). @default true */
  readonly inboundEndpoints?: boolean;
  /** VPC holding the Route 53 Resolver endpoints. @default - the only VPC; required when there are several */
  readonly resolverVpc?: string;
}

/**
 * The Direct Connect side of a stack's interconnect. The stack hands the connection or hosted VIF id to
 * the component; the plan keeps only what follows from it (create a VIF, or accept the partner's).
 */
export interface DirectConnectConfig {
  /** Amazon-side ASN of the DX gateway; must differ from `aws.asn` (the transit gateway's). */
  readonly dxGatewayAsn: number;
  /** ASN of the provider/customer router on the transit VIF. */
  readonly customerAsn: number;
  /** A (dedicated or hosted) connection to create the transit VIF on. Exactly one of this and `hostedVirtualInterfaceId`. */
  readonly connectionId?: string;
  /** A partner's hosted transit VIF to accept. Exactly one of this and `connectionId`. */
  readonly hostedVirtualInterfaceId?: string;
  /** Confirm `connectionId` as a partner's hosted connection first. @default false */
  readonly confirmHostedConnection?: boolean;
  /** VLAN of the VIF we create (with `connectionId`). */
  readonly vlan?: number;
  /** The VIF's /30: the router takes the first usable address, Amazon the second. */
  readonly peeringCidr: string;
  /** @default 1500 */
  readonly mtu?: number;
  /** @default - every VPC CIDR (what the VPN advertises too) */
  readonly allowedPrefixes?: readonly string[];
}

/** ExpressRoute ↔ Direct Connect through a provider router: the private path, the VPN its backup. */
export interface InterconnectConfig {
  readonly expressRoute: ExpressRoutePlanInput;
  readonly directConnect: DirectConnectConfig;
}

export interface NetworkConfig {
  /** Environment slug; it also owns this stack's registry entries. */
  readonly environment: string;
  readonly supernets?: Readonly<Partial<Record<Cloud, string>>>;
  /** Allocations of every stack: other stacks' blocks are avoided, this stack's are kept. */
  readonly registry?: Registry;
  readonly aws: AwsNetworkConfig;
  readonly azure: AzureNetworkConfig;
  readonly vpn: VpnConfig;
  readonly dns?: DnsConfig;
  /** ExpressRoute + Direct Connect. @default - none: the VPN is the only path */
  readonly interconnect?: InterconnectConfig;
}

export interface SubnetPlan<P> {
  readonly cidr: string;
  readonly purpose: P;
}
export interface AwsSubnetPlan extends SubnetPlan<AwsSubnetPurpose> {
  readonly az: string;
}
export interface AzureSubnetPlan extends SubnetPlan<AzureSubnetPurpose> {
  readonly delegation?: string;
}
export interface VpcPlan {
  readonly cidr: string;
  readonly azs: readonly string[];
  readonly subnets: Readonly<Record<string, AwsSubnetPlan>>;
}
export interface VnetPlan {
  readonly addressSpace: string;
  readonly subnets: Readonly<Record<string, AzureSubnetPlan>>;
}

export interface DnsPlan {
  readonly awsZones: readonly string[];
  /** Zones Route 53 forwards by name, as configured (normalised). */
  readonly azureZones: readonly string[];
  /** Azure Private Link zones, as configured (normalised). */
  readonly privateLinkZones: readonly string[];
  /** Everything Route 53 forwards to Azure: `azureZones` and the public forwarder zones of `privateLinkZones`. */
  readonly forwardedAzureZones: readonly string[];
  /** Create the Private Link zones and link them to the gateway VNet. */
  readonly createPrivateLinkZones: boolean;
  readonly inboundEndpoints: boolean;
  readonly resolverVpc: string;
  /** Subnet keys (in `resolverVpc`) for Route 53 endpoint IPs, one per AZ. */
  readonly resolverSubnets: readonly string[];
  readonly azureVnet: string;
  readonly azureInboundSubnet: string;
  readonly azureOutboundSubnet: string;
}

export interface NetworkPlan {
  readonly environment: string;
  readonly supernets: Readonly<Record<Cloud, string>>;
  readonly aws: { readonly region: string; readonly asn: number; readonly block: string; readonly vpcs: Readonly<Record<string, VpcPlan>> };
  readonly azure: {
    readonly region: string;
    readonly asn: number;
    readonly block: string;
    readonly routeServer: boolean;
    readonly gatewayVnet: string;
    readonly vnets: Readonly<Record<string, VnetPlan>>;
  };
  readonly vpn: VpnPlan & { readonly attachment: VpnAttachment };
  readonly dns?: DnsPlan;
  /** ExpressRoute + Direct Connect, when configured; it attaches to the VPN's transit gateway. */
  readonly interconnect?: InterconnectPlan;
  readonly mtu: MtuRecommendation;
  /** This stack's allocations in registry form, to be merged into the shared registry. */
  readonly allocations: readonly RegistryEntry[];
}

const LOCK = {
  block: (cloud: "aws" | "azure") => `${cloud}/block`,
  network: (cloud: "aws" | "azure", key: string) => `${cloud}/${cloud === "aws" ? "vpc" : "vnet"}/${key}`,
  subnet: (cloud: "aws" | "azure", net: string, key: string) => `${cloud}/${cloud === "aws" ? "vpc" : "vnet"}/${net}/subnet/${key}`,
  tunnel: (conn: string, t: "t1" | "t2") => `vpn/${conn}/${t}`,
  peering: (link: "expressRoute/primary" | "expressRoute/secondary" | "directConnect") => `interconnect/${link}`,
};

interface Ctx {
  readonly issues: Issue[];
  readonly lock: Readonly<Record<string, string>>;
  readonly reserved: readonly LabeledCidr[];
  readonly allocations: RegistryEntry[];
  readonly environment: string;
}

function record(ctx: Ctx, key: string, block: Cidr, description: string): void {
  ctx.allocations.push({ stack: ctx.environment, key, cidr: block.text, description });
}

function planBlock(ctx: Ctx, cloud: "aws" | "azure", supernet: Cidr | undefined, pin: string | undefined, prefixLength: number, region: string): Cidr | undefined {
  if (!supernet) return undefined;
  const { blocks, issues } = allocate({
    pool: supernet,
    path: cloud,
    requests: [{ key: "block", prefixLength, ...(pin !== undefined ? { cidr: pin } : {}) }],
    reserved: ctx.reserved,
    lock: ctx.lock,
    lockKey: () => LOCK.block(cloud),
    pinsInsidePool: false,
  });
  ctx.issues.push(...issues);
  const block = blocks["block"];
  if (block) record(ctx, LOCK.block(cloud), block, `${ctx.environment} ${cloud} ${region}`);
  return block;
}

function planNetworks<C extends { readonly cidr?: string; readonly addressSpace?: string; readonly prefixLength?: number }>(
  ctx: Ctx,
  cloud: "aws" | "azure",
  block: Cidr | undefined,
  networks: Readonly<Record<string, C>>,
): Record<string, Cidr> {
  const kind = cloud === "aws" ? "vpcs" : "vnets";
  const keys = sortedKeys(networks);
  for (const key of keys) ctx.issues.push(...checkKey(joinPath(cloud, kind, key), key));
  if (!block) return {};
  const requests: AllocationRequest[] = keys.map((key) => {
    const n = networks[key] as C;
    const pin = n.cidr ?? n.addressSpace;
    return { key, prefixLength: n.prefixLength ?? PLAN_DEFAULTS.networkPrefixLength, ...(pin !== undefined ? { cidr: pin } : {}) };
  });
  const { blocks, issues } = allocate({
    pool: block,
    path: joinPath(cloud, kind),
    requests,
    reserved: ctx.reserved,
    lock: ctx.lock,
    lockKey: (k) => LOCK.network(cloud, k),
    pinsInsidePool: false,
  });
  // A pin that is not a canonical CIDR is a problem of the field that pins it.
  const pinField = cloud === "aws" ? "cidr" : "addressSpace";
  const pinned = new Set(requests.filter((r) => r.cidr !== undefined).map((r) => joinPath(cloud, kind, r.key)));
  ctx.issues.push(...issues.map((i) => ((i.code === "CIDR_SYNTAX" || i.code === "CIDR_HOST_BITS") && pinned.has(i.path) ? { ...i, path: joinPath(i.path, pinField) } : i)));
  for (const [key, b] of Object.entries(blocks)) record(ctx, LOCK.network(cloud, key), b, `${ctx.environment} ${cloud === "aws" ? "VPC" : "VNet"} ${key}`);
  return { ...blocks };
}

function planSubnets<S extends { readonly cidr?: string; readonly prefixLength?: number }>(
  ctx: Ctx,
  cloud: "aws" | "azure",
  net: string,
  parent: Cidr,
  subnets: Readonly<Record<string, S>>,
  defaultPrefix: (key: string, s: S) => number,
): Record<string, Cidr> {
  const path = joinPath(cloud, cloud === "aws" ? "vpcs" : "vnets", net, "subnets");
  const { blocks, issues } = allocate({
    pool: parent,
    path,
    requests: sortedKeys(subnets).map((key) => {
      const s = subnets[key] as S;
      return { key, prefixLength: s.prefixLength ?? defaultPrefix(key, s), ...(s.cidr !== undefined ? { cidr: s.cidr } : {}) };
    }),
    lock: ctx.lock,
    lockKey: (k) => LOCK.subnet(cloud, net, k),
  });
  ctx.issues.push(...issues);
  for (const [key, b] of Object.entries(blocks)) record(ctx, LOCK.subnet(cloud, net, key), b, `${ctx.environment} ${net} subnet ${key}`);
  return { ...blocks };
}

const zoneLetter = (az: string): string => az.slice(-1);

function defaultAwsSubnets(azs: readonly string[]): Record<string, AwsSubnetConfig> {
  const out: Record<string, AwsSubnetConfig> = {};
  for (const az of azs) out[`private-${zoneLetter(az)}`] = { az, purpose: "workload" };
  return out;
}

function defaultAzureSubnets(isGatewayVnet: boolean, withDns: boolean): Record<string, AzureSubnetConfig> {
  const out: Record<string, AzureSubnetConfig> = { workload: { purpose: "workload" } };
  if (isGatewayVnet) out[GATEWAY_SUBNET] = { purpose: "gateway" };
  if (isGatewayVnet && withDns) {
    out["dns-inbound"] = { purpose: "dnsInbound" };
    out["dns-outbound"] = { purpose: "dnsOutbound" };
  }
  return out;
}

const azureDefaultPrefix = (key: string, s: AzureSubnetConfig): number => {
  switch (azureSubnetPurpose(key, s.purpose)) {
    case "gateway":
      return PLAN_DEFAULTS.gatewaySubnetPrefixLength;
    case "routeServer":
      return PLAN_DEFAULTS.routeServerSubnetPrefixLength;
    case "dnsInbound":
    case "dnsOutbound":
      return PLAN_DEFAULTS.dnsSubnetPrefixLength;
    default:
      return PLAN_DEFAULTS.subnetPrefixLength;
  }
};

/** Validates and plans the whole network; returns every issue instead of throwing. */
export function validateNetwork(config: NetworkConfig): { plan: NetworkPlan | undefined; issues: readonly Issue[] } {
  const issues: Issue[] = [];
  const ctx: Ctx = {
    issues,
    lock: lockFor(config.registry, config.environment),
    reserved: reservedFor(config.registry, config.environment),
    allocations: [],
    environment: config.environment,
  };
  issues.push(...checkKey("environment", config.environment));

  const supernets = {} as Record<Cloud, string>;
  const supernetBlocks: Partial<Record<Cloud, Cidr>> = {};
  for (const cloud of CLOUDS) {
    const { block, issues: sIssues } = supernetFor(cloud, config.supernets?.[cloud], joinPath("supernets", cloud));
    issues.push(...sIssues);
    supernets[cloud] = block?.text ?? String(config.supernets?.[cloud]);
    if (block) supernetBlocks[cloud] = block;
  }
  const supernetLabels: LabeledCidr[] = CLOUDS.flatMap((c) => (supernetBlocks[c] ? [{ label: joinPath("supernets", c), cidr: supernetBlocks[c] as Cidr }] : []));
  for (const pair of findOverlaps(supernetLabels)) issues.push(overlapIssue(pair));

  // --- addressing -------------------------------------------------------------------------------
  const withDns = config.dns !== undefined;
  const awsBlock = planBlock(ctx, "aws", supernetBlocks.aws, config.aws.block, config.aws.blockPrefixLength ?? PLAN_DEFAULTS.blockPrefixLength, config.aws.region);
  const azureBlock = planBlock(ctx, "azure", supernetBlocks.azure, config.azure.block, config.azure.blockPrefixLength ?? PLAN_DEFAULTS.blockPrefixLength, config.azure.region);
  const vpcBlocks = planNetworks(ctx, "aws", awsBlock, config.aws.vpcs);
  const vnetBlocks = planNetworks(ctx, "azure", azureBlock, config.azure.vnets);

  issues.push(...checkAwsRegion("aws.region", config.aws.region));
  const awsRegionValid = checkAwsRegion("", config.aws.region).length === 0;
  if (Object.keys(config.aws.vpcs).length === 0) {
    issues.push(issue("aws.vpcs", "VALUE_REQUIRED", `at least one VPC is required (\`app: {}\` plans one with every default)`));
  }
  if (Object.keys(config.azure.vnets).length === 0) {
    issues.push(issue("azure.vnets", "VALUE_REQUIRED", `at least one VNet is required, the one holding the gateways (\`${PLAN_DEFAULTS.gatewayVnet}: {}\` plans one with every default)`));
  }
  // What each cloud accepts as a network's address space (sdk/address-space.ts), at the field the size or range came from.
  for (const [key, block] of Object.entries(vpcBlocks)) {
    const vpc = config.aws.vpcs[key] as VpcConfig;
    const at = joinPath("aws.vpcs", key, vpc.cidr !== undefined ? "cidr" : vpc.prefixLength !== undefined ? "prefixLength" : undefined);
    issues.push(...checkVpcPrefixLength(at, block.prefixLength, block.text), ...checkNetworkRange(at, "aws", block));
  }
  for (const [key, block] of Object.entries(vnetBlocks)) {
    const vnet = config.azure.vnets[key] as VnetConfig;
    issues.push(...checkNetworkRange(joinPath("azure.vnets", key, vnet.addressSpace !== undefined ? "addressSpace" : undefined), "azure", block));
  }

  const vnetKeys = sortedKeys(config.azure.vnets);
  // Never guess among several VNets: a guess by key order would move the gateway when a VNet is added.
  const gatewayVnet = config.azure.gatewayVnet ?? (PLAN_DEFAULTS.gatewayVnet in config.azure.vnets || vnetKeys.length !== 1 ? PLAN_DEFAULTS.gatewayVnet : (vnetKeys[0] as string));
  if (vnetKeys.length === 0) {
    // reported at azure.vnets above
  } else if (config.azure.gatewayVnet === undefined && vnetKeys.length > 1 && !(PLAN_DEFAULTS.gatewayVnet in config.azure.vnets)) {
    issues.push(issue("azure.gatewayVnet", "VALUE_REQUIRED", `name the VNet that holds the gateways (one of ${vnetKeys.join(", ")}); with several VNets and none called "${PLAN_DEFAULTS.gatewayVnet}" it is not guessed`));
  } else if (!(gatewayVnet in config.azure.vnets)) {
    issues.push(issue("azure.gatewayVnet", "VALUE_REQUIRED", `"${gatewayVnet}" is not one of azure.vnets (${vnetKeys.join(", ") || "none declared"})`));
  }

  const vpcs: Record<string, VpcPlan> = {};
  const vpcsWithBadZones = new Set<string>();
  for (const key of sortedKeys(config.aws.vpcs)) {
    const block = vpcBlocks[key];
    if (!block) continue;
    const vpc = config.aws.vpcs[key] as VpcConfig;
    const azs = vpc.azs ?? [`${config.aws.region}a`, `${config.aws.region}b`];
    const zoneIssues: Issue[] = [];
    if (awsRegionValid) vpc.azs?.forEach((az, i) => zoneIssues.push(...checkAvailabilityZoneName(joinPath("aws.vpcs", key, "azs", String(i)), az, config.aws.region)));
    const subnetsCfg = vpc.subnets ?? defaultAwsSubnets(azs);
    for (const sk of sortedKeys(subnetsCfg)) issues.push(...checkKey(joinPath("aws.vpcs", key, "subnets", sk), sk));
    const blocks = planSubnets(ctx, "aws", key, block, subnetsCfg, () => PLAN_DEFAULTS.subnetPrefixLength);
    const subnets: Record<string, AwsSubnetPlan> = {};
    for (const [sk, b] of Object.entries(blocks)) {
      const s = subnetsCfg[sk] as AwsSubnetConfig;
      if (!s.az) issues.push(issue(joinPath("aws.vpcs", key, "subnets", sk, "az"), "VALUE_REQUIRED", `an Availability Zone is required`));
      else if (awsRegionValid && vpc.subnets) zoneIssues.push(...checkAvailabilityZoneName(joinPath("aws.vpcs", key, "subnets", sk, "az"), s.az, config.aws.region));
      subnets[sk] = { cidr: b.text, az: s.az, purpose: s.purpose ?? "workload" };
    }
    vpcs[key] = { cidr: block.text, azs: [...new Set([...azs, ...Object.values(subnets).map((s) => s.az)])].sort(), subnets };
    issues.push(...zoneIssues);
    if (zoneIssues.length > 0) vpcsWithBadZones.add(key);
  }

  const vnets: Record<string, VnetPlan> = {};
  for (const key of vnetKeys) {
    const block = vnetBlocks[key];
    if (!block) continue;
    const vnet = config.azure.vnets[key] as VnetConfig;
    const subnetsCfg = vnet.subnets ?? defaultAzureSubnets(key === gatewayVnet, withDns);
    for (const sk of sortedKeys(subnetsCfg)) {
      if (sk !== GATEWAY_SUBNET && sk !== ROUTE_SERVER_SUBNET) issues.push(...checkKey(joinPath("azure.vnets", key, "subnets", sk), sk));
    }
    const blocks = planSubnets(ctx, "azure", key, block, subnetsCfg, azureDefaultPrefix);
    const subnets: Record<string, AzureSubnetPlan> = {};
    for (const [sk, b] of Object.entries(blocks)) {
      const purpose = azureSubnetPurpose(sk, (subnetsCfg[sk] as AzureSubnetConfig).purpose);
      issues.push(...checkAzureSubnet(joinPath("azure.vnets", key, "subnets", sk), sk, purpose, b));
      const dns = purpose === "dnsInbound" || purpose === "dnsOutbound";
      subnets[sk] = { cidr: b.text, purpose, ...(dns ? { delegation: DNS_RESOLVER_DELEGATION } : {}) };
    }
    vnets[key] = { addressSpace: block.text, subnets };
  }
  const gatewayVnetPlan = vnets[gatewayVnet];
  if (gatewayVnetPlan && !Object.values(gatewayVnetPlan.subnets).some((s) => s.purpose === "gateway") && vnetBlocks[gatewayVnet]) {
    issues.push(issue(joinPath("azure.vnets", gatewayVnet, "subnets"), "VALUE_REQUIRED", `the gateway VNet needs a "${GATEWAY_SUBNET}" subnet`));
  }
  if (config.azure.routeServer && gatewayVnetPlan && !Object.values(gatewayVnetPlan.subnets).some((s) => s.purpose === "routeServer")) {
    issues.push(issue(joinPath("azure.vnets", gatewayVnet, "subnets"), "VALUE_REQUIRED", `azure.routeServer needs a "${ROUTE_SERVER_SUBNET}" subnet in the gateway VNet`));
  }

  // Every declared network against every other, both clouds, and other stacks' registry blocks.
  const declared: LabeledCidr[] = [
    ...Object.entries(vpcBlocks).map(([k, b]) => ({ label: joinPath("aws.vpcs", k), cidr: b })),
    ...Object.entries(vnetBlocks).map(([k, b]) => ({ label: joinPath("azure.vnets", k), cidr: b })),
  ];
  // allocate() reports a locked block at "<path> (from the registry lock)"; that is the same problem, so match on <path>.
  const alreadyReported = new Set(issues.filter((i) => i.code === "CIDR_OVERLAP").map((i) => i.path.replace(/ \(from the registry lock\)$/, "")));
  for (const pair of findOverlaps([...declared, ...ctx.reserved])) {
    const a = pair.a.label.startsWith("registry ");
    const b = pair.b.label.startsWith("registry ");
    if (a && b) continue;
    const mine = b ? { a: pair.b, b: pair.a } : pair;
    if (alreadyReported.has(mine.b.label) && (a || b)) continue;
    issues.push(overlapIssue(mine));
  }

  // --- VPN and BGP ------------------------------------------------------------------------------
  const awsPrefixes = Object.values(vpcs).map((v) => v.cidr);
  const azurePrefixes = Object.values(vnets).map((v) => v.addressSpace);
  const insideCidrLock: Record<string, TunnelPair<string>> = {};
  for (const key of Object.keys(ctx.lock)) {
    const conn = /^vpn\/([^/]+)\/t1$/.exec(key)?.[1];
    const t1 = conn ? ctx.lock[LOCK.tunnel(conn, "t1")] : undefined;
    const t2 = conn ? ctx.lock[LOCK.tunnel(conn, "t2")] : undefined;
    if (conn && t1 && t2) insideCidrLock[conn] = { t1, t2 };
  }
  const { plan: vpnPlan, issues: vpnIssues, connectionCount } = planVpn({
    layout: config.vpn.layout,
    awsRegion: config.aws.region,
    awsAsn: config.aws.asn ?? AWS_DEFAULT_AMAZON_ASN,
    azureAsn: config.azure.asn ?? AZURE_DEFAULT_ASN,
    routeServer: config.azure.routeServer ?? false,
    awsPrefixes,
    azurePrefixes,
    insideCidrLock,
    path: "vpn",
    asnPaths: { aws: "aws.asn", azure: "azure.asn" },
    ...(config.vpn.connections ? { connections: config.vpn.connections } : {}),
    ...(config.vpn.tunnelCount !== undefined ? { tunnelCount: config.vpn.tunnelCount } : {}),
    ...(config.vpn.ipsecProfile ? { ipsecProfile: config.vpn.ipsecProfile } : {}),
    ...(config.vpn.gatewaySku ? { gatewaySku: config.vpn.gatewaySku } : {}),
  });
  // Prefix counts are about the networks behind each side: report them where those are declared.
  issues.push(...vpnIssues.map((i) => (/^vpn\.awsPrefixes(\.|$)/.test(i.path) ? { ...i, path: "aws.vpcs" } : /^vpn\.azurePrefixes(\.|$)/.test(i.path) ? { ...i, path: "azure.vnets" } : i)));
  for (const c of vpnPlan.connections) {
    for (const t of c.tunnels) {
      const n = t.awsTunnel === 1 ? "t1" : "t2";
      ctx.allocations.push({ stack: config.environment, key: LOCK.tunnel(c.key, n), cidr: t.insideCidr, description: `${config.environment} tunnel ${t.key} inside /30` });
    }
  }
  const attachment: VpnAttachment = config.vpn.attachment ?? defaultVpnAttachment(config.vpn.layout);
  if (attachment === "vgw") {
    const quotaPath = "vpn.maxConnectionsPerVgw";
    const countPath = config.vpn.tunnelCount !== undefined ? "vpn.tunnelCount" : config.vpn.connections !== undefined ? "vpn.connections" : "vpn.layout";
    issues.push(...checkVgwConnectionCount(countPath, connectionCount, { value: config.vpn.maxConnectionsPerVgw, path: quotaPath }));
    issues.push(...checkRoutesToCustomerGateway("aws.vpcs", awsPrefixes.length));
  } else if (config.vpn.maxConnectionsPerVgw !== undefined) {
    issues.push(issue("vpn.maxConnectionsPerVgw", "OPTION_CONFLICT", `applies to a VPN on a virtual private gateway (attachment "vgw"); this VPN is on a transit gateway, which has no per-gateway connection quota; remove it`));
  }

  // --- interconnect (ExpressRoute + Direct Connect) ---------------------------------------------
  let interconnect: InterconnectPlan | undefined;
  if (config.interconnect) {
    const { expressRoute, directConnect: dx } = config.interconnect;
    const dxPath = "interconnect.directConnect";
    const vif = transitVifMode(
      { connection: `${dxPath}.connectionId`, hosted: `${dxPath}.hostedVirtualInterfaceId` },
      { connection: dx.connectionId !== undefined, hosted: dx.hostedVirtualInterfaceId !== undefined },
    );
    issues.push(...vif.issues);
    if (attachment !== "tgw") {
      issues.push(issue("vpn.attachment", "VPN_LAYOUT", `"${attachment}" cannot share the interconnect's routing: the Direct Connect gateway associates with a transit gateway, which the VPN must use too; use "tgw"`));
    }
    const directConnect: DirectConnectPlanInput = {
      dxGatewayAsn: dx.dxGatewayAsn,
      transitGatewayAsn: vpnPlan.awsAsn,
      customerAsn: dx.customerAsn,
      mode: vif.mode,
      peeringCidr: dx.peeringCidr,
      ...(dx.confirmHostedConnection !== undefined ? { confirmHostedConnection: dx.confirmHostedConnection } : {}),
      ...(dx.vlan !== undefined ? { vlan: dx.vlan } : {}),
      ...(dx.mtu !== undefined ? { mtu: dx.mtu } : {}),
      ...(dx.allowedPrefixes !== undefined ? { allowedPrefixes: dx.allowedPrefixes } : {}),
    };
    // The peering /30s against every network of this stack, its tunnels' inside /30s and other stacks' blocks.
    const tunnels: LabeledCidr[] = vpnPlan.tunnels.map((t) => ({ label: joinPath("vpn.connections", t.connection, "insideCidrs", `t${t.awsTunnel}`), cidr: cidr(t.insideCidr) }));
    const planned = planInterconnect({
      path: "interconnect",
      transitGatewayAsnPath: "aws.asn",
      transitVifFields: { hostedPath: `${dxPath}.hostedVirtualInterfaceId`, connection: `${dxPath}.connectionId`, confirm: `${dxPath}.confirmHostedConnection`, vlan: `${dxPath}.vlan` },
      awsPrefixes,
      azurePrefixes,
      expressRoute,
      directConnect,
      networks: [...declared, ...tunnels, ...ctx.reserved],
    });
    issues.push(...planned.issues);
    if (planned.plan && vif.issues.length === 0) {
      interconnect = planned.plan;
      const er = interconnect.expressRoute;
      record(ctx, LOCK.peering("expressRoute/primary"), cidr(er.primary.cidr), `${config.environment} ExpressRoute primary peering`);
      record(ctx, LOCK.peering("expressRoute/secondary"), cidr(er.secondary.cidr), `${config.environment} ExpressRoute secondary peering`);
      record(ctx, LOCK.peering("directConnect"), cidr(interconnect.directConnect.link.cidr), `${config.environment} Direct Connect transit VIF peering`);
    }
  }

  // --- DNS --------------------------------------------------------------------------------------
  let dns: DnsPlan | undefined;
  if (config.dns) {
    const { zones, issues: zoneIssues } = planDnsZones("dns", {
      awsRegion: config.aws.region,
      awsZones: config.dns.awsZones,
      azureZones: config.dns.azureZones,
      privateLinkZones: config.dns.privateLinkZones,
    });
    issues.push(...zoneIssues);
    const vpcKeys = sortedKeys(config.aws.vpcs);
    const resolverVpc = config.dns.resolverVpc ?? (vpcKeys.length === 1 ? (vpcKeys[0] as string) : "");
    const vpc = vpcs[resolverVpc];
    let resolverSubnets: string[] = [];
    if (config.dns.resolverVpc === undefined && vpcKeys.length > 1) {
      issues.push(issue("dns.resolverVpc", "VALUE_REQUIRED", `name the VPC that holds the Route 53 Resolver endpoints (one of ${vpcKeys.join(", ")}); with several VPCs it is not guessed`));
    } else if (vpcKeys.length > 0 && !(resolverVpc in config.aws.vpcs)) {
      issues.push(issue("dns.resolverVpc", "VALUE_REQUIRED", `"${resolverVpc}" is not one of aws.vpcs`));
    } else if (vpc && !vpcsWithBadZones.has(resolverVpc)) {
      // (With a zone of another Region the AZ count would be wrong; the zone is reported.)
      // One subnet per AZ: Route 53 needs IPs in different AZs, and each IP is a billed ENI.
      const byAz = new Map<string, string>();
      for (const [sk, s] of Object.entries(vpc.subnets).sort(([a], [b]) => (a < b ? -1 : 1))) {
        if ((s.purpose === "resolver" || s.purpose === "workload") && !byAz.has(s.az)) byAz.set(s.az, sk);
      }
      const explicit = Object.entries(vpc.subnets).filter(([, s]) => s.purpose === "resolver");
      resolverSubnets = explicit.length > 0 ? explicit.map(([k]) => k).sort() : [...byAz.values()].sort();
      issues.push(...checkResolverSubnets(joinPath("aws.vpcs", resolverVpc, "subnets"), resolverSubnets.map((k) => ({ key: k, az: (vpc.subnets[k] as AwsSubnetPlan).az }))));
    }
    const gw = vnets[gatewayVnet];
    const find = (p: AzureSubnetPurpose): string | undefined => (gw ? Object.entries(gw.subnets).find(([, s]) => s.purpose === p)?.[0] : undefined);
    const azureInboundSubnet = find("dnsInbound");
    const azureOutboundSubnet = find("dnsOutbound");
    if (gw && !azureOutboundSubnet) issues.push(issue(joinPath("azure.vnets", gatewayVnet, "subnets"), "VALUE_REQUIRED", `DNS forwarding needs a subnet with purpose "dnsOutbound" in the gateway VNet`));
    const inbound = config.dns.inboundEndpoints ?? true;
    if (gw && inbound && !azureInboundSubnet) issues.push(issue(joinPath("azure.vnets", gatewayVnet, "subnets"), "VALUE_REQUIRED", `inbound DNS endpoints need a subnet with purpose "dnsInbound" in the gateway VNet`));
    dns = {
      ...zones,
      createPrivateLinkZones: config.dns.createPrivateLinkZones ?? false,
      inboundEndpoints: inbound,
      resolverVpc,
      resolverSubnets,
      azureVnet: gatewayVnet,
      azureInboundSubnet: azureInboundSubnet ?? "",
      azureOutboundSubnet: azureOutboundSubnet ?? "",
    };
  }

  if (issues.length > 0) return { plan: undefined, issues: dedupeIssues(issues) };
  return {
    plan: {
      environment: config.environment,
      supernets,
      aws: { region: config.aws.region, asn: vpnPlan.awsAsn, block: (awsBlock as Cidr).text, vpcs },
      azure: { region: config.azure.region, asn: vpnPlan.azureAsn, block: (azureBlock as Cidr).text, routeServer: config.azure.routeServer ?? false, gatewayVnet, vnets },
      vpn: { ...vpnPlan, attachment },
      ...(dns ? { dns } : {}),
      ...(interconnect ? { interconnect } : {}),
      mtu: recommendMtu("ipsec-aes-cbc", "ipv4"),
      allocations: [...ctx.allocations].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    },
    issues: [],
  };
}


/** Plans the network, or throws one PlanError listing every problem. */
export function planNetwork(config: NetworkConfig): NetworkPlan {
  const { plan, issues } = validateNetwork(config);
  if (!plan) throw new PlanError(issues);
  return plan;
}
