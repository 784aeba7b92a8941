import { Cidr, LabeledCidr, findOverlaps, overlapIssue } from "./cidr";
import { Issue, issue, joinPath } from "./errors";
import { Cloud, allocate, supernetFor } from "./ipam";
import { checkKey, sortedKeys } from "./keys";
import { BfdProfile, OverlayPlan, planOverlay } from "./overlay";
import { Registry, RegistryEntry, lockFor, reservedFor } from "./registry";
import { ROUTE_SERVER_SUBNET } from "./subnets";

/**
 * `planOverlayNetwork(config)`: the networks of a stack whose only link between the clouds is the
 * WireGuard overlay (the `overlay` sample stack), and the overlay itself, in one pure pass:
 *
 *   AWS    a /16 block, one VPC (/20) with a public /24 per Availability Zone for the routers (their
 *          Elastic IPs need a route to an internet gateway) and a private /24 per zone for workloads,
 *          whose route table sends the Azure prefixes to the router in the same zone;
 *   Azure  a /16 block, one VNet (/20) with a `routers` /24 and a `workload` /24 (its UDR sends the AWS
 *          prefixes to a router), or, with Route Server, a `RouteServerSubnet` /26 instead of the UDR;
 *   overlay planOverlay over exactly those prefixes: the dedicated /24, the keyed /31 links, router ids.
 *
 * Every allocation is keyed (the registry keys of `planNetwork` for the networks, `OVERLAY_LOCK` for the
 * overlay) and comes back in registry form, so `crosscloud ipam --stack overlay --write` records it and
 * the next plan keeps it; other stacks' registry blocks are avoided. Every problem is reported at once.
 */

/** Sizes of the overlay stack's networks (the same as `planNetwork`'s defaults; cited by the docs). */
export const OVERLAY_NETWORK_DEFAULTS = {
  blockPrefixLength: 16,
  networkPrefixLength: 20,
  subnetPrefixLength: 24,
  /** Azure requires at least /26 for RouteServerSubnet (`ROUTE_SERVER_SUBNET_MAX_PREFIX`). */
  routeServerSubnetPrefixLength: 26,
  vpc: "app",
  vnet: "hub",
  routerSubnet: "routers",
  workloadSubnet: "workload",
} as const;

export interface OverlayNetworkAwsConfig {
  readonly region: string;
  /** Availability Zones: a public (router) and a private (workload) subnet in each. @default - `<region>a`, `<region>b` */
  readonly zones?: readonly string[];
  /** Pin this environment's AWS block. @default - allocated from the AWS supernet */
  readonly block?: string;
  /** Pin the VPC CIDR. @default - allocated from the block */
  readonly vpcCidr?: string;
  /** The AWS routers' ASN. @default `OVERLAY_DEFAULTS.awsAsn` */
  readonly asn?: number;
  /** @default 2 (one per zone, in zone order) */
  readonly routerCount?: number;
}

export interface OverlayNetworkAzureConfig {
  readonly region: string;
  /** The region's zones the routers may use. @default `AZURE_ZONES` */
  readonly zones?: readonly string[];
  readonly block?: string;
  /** Pin the VNet address space. @default - allocated from the block */
  readonly addressSpace?: string;
  /** @default `OVERLAY_DEFAULTS.azureAsn` */
  readonly asn?: number;
  /** @default 2 */
  readonly routerCount?: number;
}

export interface OverlayNetworkConfig {
  /** Environment slug; it also owns this stack's registry entries. */
  readonly environment: string;
  readonly supernets?: Readonly<Partial<Record<Cloud, string>>>;
  /** Allocations of every stack: other stacks' blocks are avoided, this stack's are kept. */
  readonly registry?: Registry;
  readonly aws: OverlayNetworkAwsConfig;
  readonly azure: OverlayNetworkAzureConfig;
  /** The Azure routers peer with an Azure Route Server instead of a UDR. @default false */
  readonly routeServer?: boolean;
  /** The pool of the overlay's dedicated /24. @default `OVERLAY_DEFAULTS.pool` */
  readonly pool?: string;
  /** Pin the overlay's /24. @default - allocated (and then kept by the registry) */
  readonly insideCidr?: string;
  /** @default `OVERLAY_DEFAULTS.port` */
  readonly port?: number;
  /** @default `OVERLAY_BFD_DEFAULT` */
  readonly bfd?: BfdProfile;
  /** @default true */
  readonly presharedKeys?: boolean;
}

export const AwsOverlaySubnetTier = { Public: "public", Private: "private" } as const;
export type AwsOverlaySubnetTier = (typeof AwsOverlaySubnetTier)[keyof typeof AwsOverlaySubnetTier];

export interface OverlayAwsSubnetPlan {
  readonly cidr: string;
  readonly az: string;
  /** `public`: the routers' (default route to an internet gateway); `private`: workloads (routes to Azure via a router). */
  readonly tier: AwsOverlaySubnetTier;
}

export interface OverlayNetworkPlan {
  readonly environment: string;
  readonly aws: {
    readonly region: string;
    readonly block: string;
    readonly vpc: { readonly key: string; readonly cidr: string; readonly zones: readonly string[]; readonly subnets: Readonly<Record<string, OverlayAwsSubnetPlan>> };
  };
  readonly azure: {
    readonly region: string;
    readonly block: string;
    readonly vnet: { readonly key: string; readonly addressSpace: string; readonly subnets: Readonly<Record<string, string>> };
  };
  /** The overlay, planned over the VPC and VNet prefixes; its route tables are keyed like the subnets they serve. */
  readonly overlay: OverlayPlan;
  /** This stack's allocations in registry form (networks and overlay), to merge into the shared registry. */
  readonly allocations: readonly RegistryEntry[];
}

const LOCK = {
  block: (cloud: "aws" | "azure") => `${cloud}/block`,
  network: (cloud: "aws" | "azure", key: string) => `${cloud}/${cloud === "aws" ? "vpc" : "vnet"}/${key}`,
  subnet: (cloud: "aws" | "azure", net: string, key: string) => `${cloud}/${cloud === "aws" ? "vpc" : "vnet"}/${net}/subnet/${key}`,
};

const zoneLetter = (az: string): string => az.slice(-1);
export const awsOverlaySubnetKey = (tier: AwsOverlaySubnetTier, az: string): string => `${tier}-${zoneLetter(az)}`;

interface Ctx {
  readonly issues: Issue[];
  readonly lock: Readonly<Record<string, string>>;
  readonly reserved: readonly LabeledCidr[];
  readonly entries: RegistryEntry[];
  readonly environment: string;
}

/** One keyed block from `pool` (or pinned), recorded under `lockKey`. */
function one(ctx: Ctx, opts: { pool: Cidr | undefined; path: string; lockKey: string; prefixLength: number; pin?: string; description: string; reserved?: boolean; pinsInsidePool?: boolean }): Cidr | undefined {
  if (opts.pool === undefined) return undefined;
  const { blocks, issues } = allocate({
    pool: opts.pool,
    path: "",
    requests: [{ key: opts.path, prefixLength: opts.prefixLength, ...(opts.pin !== undefined ? { cidr: opts.pin } : {}) }],
    ...(opts.reserved === false ? {} : { reserved: ctx.reserved }),
    lock: ctx.lock,
    lockKey: () => opts.lockKey,
    pinsInsidePool: opts.pinsInsidePool ?? true,
  });
  ctx.issues.push(...issues);
  const block = blocks[opts.path];
  if (block) ctx.entries.push({ stack: ctx.environment, key: opts.lockKey, cidr: block.text, description: opts.description });
  return block;
}

/** Several keyed subnets of one network, lowest free block first in key order. */
function subnets(ctx: Ctx, cloud: "aws" | "azure", net: string, parent: Cidr | undefined, requests: Readonly<Record<string, number>>): Record<string, Cidr> {
  if (parent === undefined) return {};
  const path = joinPath(cloud, cloud === "aws" ? "vpc" : "vnet", "subnets");
  const { blocks, issues } = allocate({
    pool: parent,
    path,
    requests: sortedKeys(requests).map((key) => ({ key, prefixLength: requests[key] as number })),
    lock: ctx.lock,
    lockKey: (k) => LOCK.subnet(cloud, net, k),
  });
  ctx.issues.push(...issues);
  for (const [key, b] of Object.entries(blocks)) ctx.entries.push({ stack: ctx.environment, key: LOCK.subnet(cloud, net, key), cidr: b.text, description: `${ctx.environment} ${net} subnet ${key}` });
  return { ...blocks };
}

/** Validates and plans the overlay stack's networks and overlay; returns every issue instead of throwing. */
export function validateOverlayNetwork(config: OverlayNetworkConfig): { plan: OverlayNetworkPlan | undefined; issues: Issue[] } {
  const D = OVERLAY_NETWORK_DEFAULTS;
  const env = config.environment;
  const ctx: Ctx = { issues: [], lock: lockFor(config.registry, env), reserved: reservedFor(config.registry, env), entries: [], environment: env };
  ctx.issues.push(...checkKey("environment", env));
  const routeServer = config.routeServer ?? false;

  // --- AWS: block, VPC, a public and a private subnet per zone ---------------------------------
  const awsZones = [...new Set(config.aws.zones ?? [`${config.aws.region}a`, `${config.aws.region}b`])].sort();
  if (awsZones.length === 0) ctx.issues.push(issue("aws.zones", "VALUE_REQUIRED", `at least one Availability Zone is needed for the routers' subnets`));
  const letters = new Map<string, string>();
  for (const az of awsZones) {
    const other = letters.get(zoneLetter(az));
    if (other !== undefined) ctx.issues.push(issue("aws.zones", "KEY_INVALID", `${other} and ${az} end in the same letter, which names their subnets (public-${zoneLetter(az)}); use zones of one region`));
    letters.set(zoneLetter(az), az);
  }
  const awsSuper = supernetFor("aws", config.supernets?.aws, "supernets.aws");
  const azureSuper = supernetFor("azure", config.supernets?.azure, "supernets.azure");
  ctx.issues.push(...awsSuper.issues, ...azureSuper.issues);
  const awsBlock = one(ctx, { pool: awsSuper.block, path: "aws.block", lockKey: LOCK.block("aws"), prefixLength: D.blockPrefixLength, ...(config.aws.block !== undefined ? { pin: config.aws.block } : {}), description: `${env} aws ${config.aws.region}`, pinsInsidePool: false });
  // Inside our own block only the block can collide with other stacks (reported once, for the block).
  const vpc = one(ctx, { pool: awsBlock, path: "aws.vpcCidr", lockKey: LOCK.network("aws", D.vpc), prefixLength: D.networkPrefixLength, ...(config.aws.vpcCidr !== undefined ? { pin: config.aws.vpcCidr } : {}), description: `${env} VPC ${D.vpc}`, reserved: false });
  const awsSubnetRequests: Record<string, number> = {};
  for (const az of awsZones) for (const tier of Object.values(AwsOverlaySubnetTier)) awsSubnetRequests[awsOverlaySubnetKey(tier, az)] = D.subnetPrefixLength;
  const awsSubnets = subnets(ctx, "aws", D.vpc, vpc, awsSubnetRequests);

  // --- Azure: block, VNet, routers + workload (+ RouteServerSubnet) -----------------------------
  const azureBlock = one(ctx, { pool: azureSuper.block, path: "azure.block", lockKey: LOCK.block("azure"), prefixLength: D.blockPrefixLength, ...(config.azure.block !== undefined ? { pin: config.azure.block } : {}), description: `${env} azure ${config.azure.region}`, pinsInsidePool: false });
  const vnet = one(ctx, { pool: azureBlock, path: "azure.addressSpace", lockKey: LOCK.network("azure", D.vnet), prefixLength: D.networkPrefixLength, ...(config.azure.addressSpace !== undefined ? { pin: config.azure.addressSpace } : {}), description: `${env} VNet ${D.vnet}`, reserved: false });
  const azureSubnetRequests: Record<string, number> = { [D.routerSubnet]: D.subnetPrefixLength, [D.workloadSubnet]: D.subnetPrefixLength };
  if (routeServer) azureSubnetRequests[ROUTE_SERVER_SUBNET] = D.routeServerSubnetPrefixLength;
  const azureSubnets = subnets(ctx, "azure", D.vnet, vnet, azureSubnetRequests);
  // Its /26 minimum is checked by planOverlay (checkRouteServerPeering), with the rest of Route Server's rules.
  const rsSubnet = azureSubnets[ROUTE_SERVER_SUBNET];

  // The two networks against each other and against other stacks' blocks.
  const declared: LabeledCidr[] = [...(vpc ? [{ label: "aws.vpcCidr", cidr: vpc }] : []), ...(vnet ? [{ label: "azure.addressSpace", cidr: vnet }] : [])];
  for (const pair of findOverlaps(declared)) ctx.issues.push(overlapIssue(pair));

  // --- the overlay over exactly these networks ---------------------------------------------------
  // Planned even when a network could not be: its own settings (ASNs, zones, counts, port, BFD) are checked
  // over the clouds' supernets then, so every problem is reported in one pass; the plan is dropped anyway.
  let overlay: OverlayPlan | undefined;
  const awsPrefix = vpc ?? awsSuper.block;
  const azurePrefix = vnet ?? azureSuper.block;
  if (awsPrefix && azurePrefix) {
    // Each zone's workloads leave through the router in the same zone (routers take the first zones in order).
    const routerZones = awsZones.slice(0, config.aws.routerCount ?? 2);
    const awsTables = Object.fromEntries(
      awsZones.map((az) => [awsOverlaySubnetKey("private", az), routerZones.includes(az) ? { router: `aws-${az}` } : {}]),
    );
    const reserved = Object.fromEntries(ctx.reserved.map((r) => [r.label, r.cidr.text]));
    const planned = planOverlay({
      aws: { zones: awsZones, prefixes: [awsPrefix.text], routeTables: awsTables, ...(config.aws.asn !== undefined ? { asn: config.aws.asn } : {}), ...(config.aws.routerCount !== undefined ? { routerCount: config.aws.routerCount } : {}) },
      azure: {
        prefixes: [azurePrefix.text],
        ...(config.azure.zones !== undefined ? { zones: config.azure.zones } : {}),
        ...(config.azure.asn !== undefined ? { asn: config.azure.asn } : {}),
        ...(config.azure.routerCount !== undefined ? { routerCount: config.azure.routerCount } : {}),
        ...(routeServer ? {} : { routeTables: { [D.workloadSubnet]: {} } }),
      },
      lock: ctx.lock,
      reserved,
      routeServer,
      ...(rsSubnet ? { routeServerSubnetCidr: rsSubnet.text } : {}),
      ...(config.pool !== undefined ? { pool: config.pool } : {}),
      ...(config.insideCidr !== undefined ? { insideCidr: config.insideCidr } : {}),
      ...(config.port !== undefined ? { port: config.port } : {}),
      ...(config.bfd !== undefined ? { bfd: config.bfd } : {}),
      ...(config.presharedKeys !== undefined ? { presharedKeys: config.presharedKeys } : {}),
    });
    ctx.issues.push(...planned.issues);
    overlay = planned.plan;
    if (overlay) {
      for (const [key, text] of Object.entries(overlay.allocations)) ctx.entries.push({ stack: env, key, cidr: text, description: `${env} ${overlayDescription(key)}` });
    }
  }

  if (ctx.issues.length > 0 || !awsBlock || !vpc || !azureBlock || !vnet || !overlay) return { plan: undefined, issues: ctx.issues };
  return {
    plan: {
      environment: env,
      aws: {
        region: config.aws.region,
        block: awsBlock.text,
        vpc: {
          key: D.vpc,
          cidr: vpc.text,
          zones: awsZones,
          subnets: Object.fromEntries(
            sortedKeys(awsSubnets).map((k) => [k, { cidr: (awsSubnets[k] as Cidr).text, az: letters.get(k.slice(-1)) as string, tier: k.startsWith("public-") ? AwsOverlaySubnetTier.Public : AwsOverlaySubnetTier.Private }]),
          ),
        },
      },
      azure: {
        region: config.azure.region,
        block: azureBlock.text,
        vnet: { key: D.vnet, addressSpace: vnet.text, subnets: Object.fromEntries(sortedKeys(azureSubnets).map((k) => [k, (azureSubnets[k] as Cidr).text])) },
      },
      overlay,
      allocations: [...ctx.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    },
    issues: [],
  };
}

function overlayDescription(key: string): string {
  const [, kind, ...rest] = key.split("/");
  if (kind === "inside") return "WireGuard overlay /24 (links and router ids)";
  if (kind === "link") return `WireGuard link ${rest.join(" ⇄ ")}`;
  if (kind === "router") return `WireGuard router id ${rest.join("/")}`;
  return key;
}
