import { ipToLong } from "./cidr";
import { TunnelPair, awsInsideAddress, azureInsideAddress, planInsideCidrs } from "./apipa";
import { AWS_DEFAULT_AMAZON_ASN, AZURE_DEFAULT_ASN, checkAmazonSideAsn, checkAsnsDiffer, checkAzureGatewayAsn, checkAzurePeerAsn, checkCustomerGatewayAsn } from "./asn";
import { AWS_VPN_BGP_HOLD_SECONDS, AZURE_VPN_BGP_HOLD_SECONDS, checkAdvertisedPrefixes } from "./bgp";
import { Issue, issue, joinPath } from "./errors";
import { DEFAULT_IPSEC_PROFILE, IpsecProfileName, checkIpsecProfileName } from "./ipsec";
import { checkKey, sortedKeys } from "./keys";
import { HOURS_PER_MONTH, PRICES } from "./prices";

/**
 * Site-to-site VPN layouts between AWS (VGW or TGW) and one Azure VPN gateway (reference §2).
 *
 * - `dev`: one AWS VPN connection (`a`) whose two tunnels both land on Azure instance 0.
 * - `ha`:  two connections, `a` on instance 0 and `b` on instance 1: four tunnels.
 * - `custom`: the connections map says which instance each connection lands on.
 *
 * The gateway is active-active whenever more than one custom APIPA address is needed (always, with two
 * tunnels per connection): active-standby supports a single custom APIPA. An instance that carries no
 * tunnel (instance 1 in dev) still needs one custom APIPA, because every connection must list one for
 * each instance; it gets a standby slot of its own.
 */
export const VpnLayout = {
  /** One AWS VPN connection (`a`): two tunnels, both on Azure gateway instance 0. */
  Dev: "dev",
  /** Two connections (`a` on instance 0, `b` on instance 1): four tunnels, ECMP across them on a TGW. */
  Ha: "ha",
  /** Connections as given in `connections`, or `tunnelCount` tunnels alternating instances. */
  Custom: "custom",
} as const;
// The `const` object + indexed type pattern (not a string-literal union alone) is what Pulumi's schema
// inference turns into a schema enum; in TypeScript the type is still exactly "dev" | "ha" | "custom".
export type VpnLayout = (typeof VpnLayout)[keyof typeof VpnLayout];
export type AzureInstance = 0 | 1;
/** Where the AWS side of the VPN terminates. */
export const VpnAttachment = {
  /** A virtual private gateway on one VPC (created, or an existing one). */
  Vgw: "vgw",
  /** A transit gateway. */
  Tgw: "tgw",
} as const;
export type VpnAttachment = (typeof VpnAttachment)[keyof typeof VpnAttachment];
/** Zone-redundant Azure VPN gateway SKUs (non-AZ VPN SKUs cannot be created since 2025-01-01). */
export const VpnGatewaySku = {
  VpnGw1AZ: "VpnGw1AZ",
  VpnGw2AZ: "VpnGw2AZ",
  VpnGw3AZ: "VpnGw3AZ",
  VpnGw4AZ: "VpnGw4AZ",
  VpnGw5AZ: "VpnGw5AZ",
} as const;
export type VpnGatewaySku = (typeof VpnGatewaySku)[keyof typeof VpnGatewaySku];

/** Site-to-site tunnel limits per SKU (Microsoft's SKU table, 2026-06-08). */
export const VPN_SKU_TUNNELS: Readonly<Record<VpnGatewaySku, number>> = { VpnGw1AZ: 30, VpnGw2AZ: 30, VpnGw3AZ: 30, VpnGw4AZ: 100, VpnGw5AZ: 100 };
export const DEFAULT_VPN_SKU: Readonly<Record<"dev" | "ha", VpnGatewaySku>> = { dev: "VpnGw1AZ", ha: "VpnGw2AZ" };
/** Azure VPN gateway generation. */
export const VpnGatewayGeneration = {
  /** The only generation of VpnGw1AZ. */
  Generation1: "Generation1",
  /** VpnGw2AZ and above. */
  Generation2: "Generation2",
} as const;
export type VpnGatewayGeneration = (typeof VpnGatewayGeneration)[keyof typeof VpnGatewayGeneration];
/** VpnGw1AZ exists only as Generation1; Generation2 starts at VpnGw2AZ. */
export const vpnGatewayGeneration = (sku: VpnGatewaySku): VpnGatewayGeneration => (sku === "VpnGw1AZ" ? "Generation1" : "Generation2");

/** The hold time a VPN tunnel's BGP session negotiates: neither cloud lets it be configured. */
export const VPN_BGP_HOLD_SECONDS = Math.min(AWS_VPN_BGP_HOLD_SECONDS, AZURE_VPN_BGP_HOLD_SECONDS);
/**
 * AWS accepts at most 100 dynamic routes from a customer gateway per VPN connection, not adjustable.
 * AWS Site-to-Site VPN User Guide, "Site-to-Site VPN quotas" (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html):
 * "Dynamic routes advertised from a customer gateway device to a Site-to-Site VPN connection (on a transit
 * gateway or virtual private gateway): 100". (A later revision of the page is reported to give 1,000 on a
 * transit gateway; crosscloud keeps the lower figure for both until that is confirmed.)
 */
export const AWS_VPN_MAX_ROUTES_FROM_CGW = 100;
/**
 * Routes a VPN connection on a virtual private gateway advertises to the customer gateway: at most 1,000, not
 * adjustable (same page: "Routes advertised from a Site-to-Site VPN connection to a customer gateway device:
 * 1,000"). On a transit gateway the current page gives 5,000, above the 4,000 Azure accepts, so there only
 * Azure's limit can bind.
 */
export const AWS_VPN_MAX_ROUTES_TO_CGW_ON_VGW = 1000;
/**
 * "Site-to-Site VPN connections per virtual private gateway: 10", adjustable (Service Quotas code L-B91E5754;
 * same page). A stack whose account has a raised quota says so with `vpn.maxConnectionsPerVgw`.
 */
export const AWS_VPN_CONNECTIONS_PER_VGW = { default: 10, quotaCode: "L-B91E5754" } as const;
/** Azure's VPN gateway drops the BGP session above 4000 received prefixes. */
export const AZURE_VPN_MAX_PREFIXES = 4000;

/**
 * BGP prefix limits of a VPN between the clouds: AWS accepts at most 100 routes per VPN connection
 * from the customer gateway (what Azure advertises), Azure's gateway drops the session above 4000
 * received prefixes (what AWS advertises). Either list may be omitted. Issue paths are
 * `${path}.azurePrefixes` / `${path}.awsPrefixes`.
 */
export function checkVpnPrefixCounts(opts: { readonly azurePrefixes?: readonly string[]; readonly awsPrefixes?: readonly string[]; readonly path: string }): Issue[] {
  const issues: Issue[] = [];
  const azure = opts.azurePrefixes?.length ?? 0;
  const aws = opts.awsPrefixes?.length ?? 0;
  if (azure > AWS_VPN_MAX_ROUTES_FROM_CGW) {
    issues.push(issue(joinPath(opts.path, "azurePrefixes"), "PREFIX_LIMIT", `Azure would advertise ${azure} prefixes; an AWS VPN connection accepts at most ${AWS_VPN_MAX_ROUTES_FROM_CGW} from a customer gateway`));
  }
  if (aws > AZURE_VPN_MAX_PREFIXES) {
    issues.push(issue(joinPath(opts.path, "awsPrefixes"), "PREFIX_LIMIT", `AWS would advertise ${aws} prefixes; Azure drops the BGP session above ${AZURE_VPN_MAX_PREFIXES}`));
  }
  return issues;
}

/**
 * The VPN connections one virtual private gateway carries, against the account's quota (`quota`, default
 * {@link AWS_VPN_CONNECTIONS_PER_VGW}). A transit gateway has no such per-gateway limit.
 */
export function checkVgwConnectionCount(path: string, connections: number, quota: { readonly value?: number; readonly path: string }): Issue[] {
  const limit = quota.value ?? AWS_VPN_CONNECTIONS_PER_VGW.default;
  if (connections <= limit) return [];
  const raised = quota.value !== undefined;
  return [
    issue(
      path,
      "QUOTA_EXCEEDED",
      `${connections} VPN connections on one virtual private gateway; ${raised ? `${quota.path} allows ${limit}` : `AWS allows ${limit} per VGW`} (quota ${AWS_VPN_CONNECTIONS_PER_VGW.quotaCode}, adjustable): ` +
        `use attachment "tgw", fewer connections, or${raised ? " raise" : ", once AWS has raised the quota for the account, set"} ${quota.path}`,
    ),
  ];
}

/** What a VGW advertises over each VPN connection (the VPC's prefixes), against the 1,000 routes AWS sends to a customer gateway. */
export function checkRoutesToCustomerGateway(path: string, advertised: number): Issue[] {
  return advertised > AWS_VPN_MAX_ROUTES_TO_CGW_ON_VGW
    ? [issue(path, "PREFIX_LIMIT", `a virtual private gateway would advertise ${advertised} prefixes over the VPN; AWS sends at most ${AWS_VPN_MAX_ROUTES_TO_CGW_ON_VGW} to a customer gateway (not adjustable)`)]
    : [];
}

/** Where the VPN terminates when the config does not say: a VGW for the dev layout, a transit gateway otherwise. */
export const defaultVpnAttachment = (layout: VpnLayout): VpnAttachment => (layout === "dev" ? "vgw" : "tgw");

/**
 * The prefixes of a VPN between the clouds: canonical CIDRs, never a default route, within both clouds'
 * BGP prefix limits. Issue paths are `${path}.awsPrefixes.<i>` / `${path}.azurePrefixes.<i>`.
 */
export function checkVpnPrefixes(path: string, prefixes: { readonly awsPrefixes: readonly string[]; readonly azurePrefixes: readonly string[] }): Issue[] {
  return [
    ...checkAdvertisedPrefixes(joinPath(path, "awsPrefixes"), prefixes.awsPrefixes),
    ...checkAdvertisedPrefixes(joinPath(path, "azurePrefixes"), prefixes.azurePrefixes),
    ...checkVpnPrefixCounts({ ...prefixes, path }),
  ];
}

export interface VpnConnectionSpec {
  /** Which Azure gateway instance (ip configuration) the connection's customer gateway points at. */
  readonly azureInstance: AzureInstance;
  /** Explicit inside /30s for tunnel 1 and 2. @default - planned from Azure's custom APIPA range (`AZURE_APIPA_FIRST`–`AZURE_APIPA_LAST`) */
  readonly insideCidrs?: TunnelPair<string>;
}

export interface VpnPlanInput {
  readonly layout: VpnLayout;
  /** Required for `custom`; for `dev`/`ha` only `insideCidrs` may be given per connection. */
  readonly connections?: Readonly<Record<string, VpnConnectionSpec>>;
  /** Shorthand for `custom`: this many tunnels (an even number), connections `a`, `b`, … alternating instances. */
  readonly tunnelCount?: number;
  /** @default `AWS_DEFAULT_AMAZON_ASN` (AWS's own default) */
  readonly awsAsn?: number;
  /** @default `AZURE_DEFAULT_ASN` (Azure's own default) */
  readonly azureAsn?: number;
  readonly awsRegion: string;
  /** @default "aes256-sha256-modp2048" */
  readonly ipsecProfile?: string;
  /** @default "VpnGw1AZ" for dev, "VpnGw2AZ" otherwise */
  readonly gatewaySku?: string;
  readonly routeServer?: boolean;
  /** Prefixes Azure advertises to AWS (VNet address spaces). */
  readonly azurePrefixes: readonly string[];
  /** Prefixes AWS advertises to Azure (VPC CIDRs). */
  readonly awsPrefixes: readonly string[];
  /** Earlier inside CIDRs by connection key (the registry lock). */
  readonly insideCidrLock?: Readonly<Record<string, TunnelPair<string>>>;
  /** Issue path prefix. @default "vpn" */
  readonly path?: string;
  /** Where the ASNs were written, for issue paths. @default `${path}.awsAsn` / `${path}.azureAsn` */
  readonly asnPaths?: { readonly aws: string; readonly azure: string };
}

// The plan types below are also component args (`SiteToSiteVpn`'s `plan`), so they keep to the forms
// Pulumi's schema inference reads: named interfaces, mutable arrays, numbers rather than literal unions.

/** The custom APIPA an Azure connection lists for one gateway instance. */
export interface GatewayCustomBgpIpAddress {
  /** Gateway instance: the index of its ip configuration (0 or 1). */
  readonly instance: number;
  /** The custom APIPA BGP address listed for that instance. */
  readonly address: string;
}

/** One tunnel of the plan: its inside /30 and both clouds' addresses in it. */
export interface TunnelPlan {
  /** `${connection}-t1` / `-t2`; AWS's own tunnel names, so stable. */
  readonly key: string;
  /** Key of the AWS VPN connection carrying the tunnel. */
  readonly connection: string;
  /** AWS tunnel number within the connection: 1 or 2. */
  readonly awsTunnel: number;
  /** Azure gateway instance (ip configuration index) the tunnel lands on: 0 or 1. */
  readonly azureInstance: number;
  /** The tunnel's inside /30: in Azure's custom APIPA range, outside the /30s AWS reserves. */
  readonly insideCidr: string;
  /** VGW/TGW side: first usable address; also the LNG's `bgpPeeringAddress`. */
  readonly awsInsideAddress: string;
  /** Azure custom APIPA on the owning instance: second usable address. */
  readonly azureInsideAddress: string;
  /** `gatewayCustomBgpIpAddresses` for this tunnel's Azure connection: one entry per gateway instance, in instance order. */
  readonly gatewayCustomBgpIpAddresses: GatewayCustomBgpIpAddress[];
}

/** One AWS VPN connection of the plan: two tunnels on one Azure gateway instance. */
export interface VpnConnectionPlan {
  /** The connection's key (a stable slug; it names the connection's resources). */
  readonly key: string;
  /** Azure gateway instance its customer gateway points at: 0 or 1. */
  readonly azureInstance: number;
  /** Its two tunnels: `t1` then `t2`. */
  readonly tunnels: TunnelPlan[];
}

/** A validated site-to-site VPN layout: what `SiteToSiteVpn` renders. */
export interface VpnPlan {
  /** The layout it was planned from. */
  readonly layout: VpnLayout;
  /** AWS Region of the VPN (customer-gateway ASN reservations are per Region). */
  readonly awsRegion: string;
  /** Amazon-side ASN of the VGW/TGW; also the local network gateways' ASN. */
  readonly awsAsn: number;
  /** Azure VPN gateway ASN; also the customer gateways' ASN. */
  readonly azureAsn: number;
  /** Azure VPN gateway SKU. */
  readonly gatewaySku: VpnGatewaySku;
  /** Azure VPN gateway generation (follows from the SKU). */
  readonly gatewayGeneration: VpnGatewayGeneration;
  /** The Azure gateway is active-active. */
  readonly activeActive: boolean;
  /** Number of Azure gateway instances, i.e. public IPs and ip configurations (2 when active-active). */
  readonly instances: number;
  /** Custom APIPA addresses per instance, in ip configuration order. */
  readonly customBgpIpAddresses: string[][];
  /** The AWS VPN connections, in key order. */
  readonly connections: VpnConnectionPlan[];
  /** Every connection's tunnels, in connection key order. */
  readonly tunnels: TunnelPlan[];
  /** IKE/IPsec profile pinned on both clouds (`ipsecProfile(name)` gives its parameters). */
  readonly ipsecProfile: IpsecProfileName;
  /** Negotiated BGP hold time of every tunnel's session, in seconds. */
  readonly holdTimeSeconds: number;
  /** Prefixes AWS advertises to Azure. */
  readonly awsPrefixes: string[];
  /** Prefixes Azure advertises to AWS. */
  readonly azurePrefixes: string[];
}

// '~' cannot appear in a connection key (KEY_PATTERN), so a connection named "standby-1" can never share the idle
// instance's slot (it did, giving both instances 169.254.21.6), and it sorts after every key, so the standby slot
// never pushes a real connection to a later slot.
const STANDBY_KEY = (instance: AzureInstance): string => `~standby-${instance}`;

function layoutConnections(input: VpnPlanInput, path: string, issues: Issue[]): Record<string, VpnConnectionSpec> {
  const given = input.connections ?? {};
  const withPins = (base: Record<string, AzureInstance>): Record<string, VpnConnectionSpec> => {
    for (const key of Object.keys(given)) {
      if (!(key in base)) issues.push(issue(joinPath(path, "connections", key), "VPN_LAYOUT", `the "${input.layout}" layout has connections ${Object.keys(base).map((k) => `"${k}"`).join(", ")}; "${key}" is not one of them (use layout "custom")`));
    }
    if (input.layout !== "custom" && input.tunnelCount !== undefined) {
      issues.push(issue(joinPath(path, "tunnelCount"), "VPN_LAYOUT", `the "${input.layout}" layout has a fixed tunnel count; tunnelCount applies to layout "custom" only`));
    }
    const out: Record<string, VpnConnectionSpec> = {};
    for (const [key, instance] of Object.entries(base)) {
      const declared = given[key]?.azureInstance;
      if (input.layout !== "custom" && declared !== undefined && declared !== instance) {
        issues.push(issue(joinPath(path, "connections", key, "azureInstance"), "VPN_LAYOUT", `${declared} is not where the "${input.layout}" layout puts connection "${key}" (instance ${instance}); use layout "custom" to choose`));
      }
      const pins = given[key]?.insideCidrs;
      out[key] = pins ? { azureInstance: instance, insideCidrs: pins } : { azureInstance: instance };
    }
    return out;
  };
  switch (input.layout) {
    case "dev":
      return withPins({ a: 0 });
    case "ha":
      return withPins({ a: 0, b: 1 });
    case "custom": {
      if (input.tunnelCount !== undefined) {
        if (!Number.isInteger(input.tunnelCount) || input.tunnelCount < 2 || input.tunnelCount % 2 !== 0 || input.tunnelCount > 52) {
          issues.push(issue(joinPath(path, "tunnelCount"), "VPN_LAYOUT", `${input.tunnelCount} is not a valid tunnel count; every AWS VPN connection has 2 tunnels, so use an even number from 2 to 52`));
          return {};
        }
        const base: Record<string, AzureInstance> = {};
        for (let i = 0; i < input.tunnelCount / 2; i++) base[String.fromCharCode(97 + i)] = (i % 2) as AzureInstance;
        return withPins(base);
      }
      if (Object.keys(given).length === 0) issues.push(issue(joinPath(path, "connections"), "VPN_LAYOUT", `the "custom" layout needs connections or tunnelCount`));
      for (const [key, spec] of Object.entries(given)) {
        if (spec.azureInstance !== 0 && spec.azureInstance !== 1) issues.push(issue(joinPath(path, "connections", key, "azureInstance"), "VPN_LAYOUT", `${String(spec.azureInstance)} is not an Azure gateway instance; use 0 or 1`));
      }
      return { ...given };
    }
    default:
      issues.push(issue(joinPath(path, "layout"), "VPN_LAYOUT", `"${String(input.layout)}" is not a VPN layout; use "dev", "ha" or "custom"`));
      return {};
  }
}

/**
 * The ASN rules of a VPN between the clouds. The AWS ASN is both amazon-side (AWS's rule) and the local
 * network gateways' ASN (Azure's rule); the Azure ASN is both the gateway's and the customer gateways'.
 * One problem is reported per field.
 */
export function checkVpnAsns(opts: {
  readonly awsAsn: number;
  readonly azureAsn: number;
  readonly awsRegion: string;
  readonly routeServer: boolean;
  readonly awsAsnPath: string;
  readonly azureAsnPath: string;
}): Issue[] {
  const { awsAsn, azureAsn, awsAsnPath, azureAsnPath } = opts;
  const issues: Issue[] = [];
  const awsAsnIssues = checkAmazonSideAsn(awsAsnPath, awsAsn);
  issues.push(...(awsAsnIssues.length > 0 ? awsAsnIssues : checkAzurePeerAsn(awsAsnPath, awsAsn)));
  const azureAsnIssues = checkAzureGatewayAsn(azureAsnPath, azureAsn, { routeServer: opts.routeServer });
  issues.push(...(azureAsnIssues.length > 0 ? azureAsnIssues : checkCustomerGatewayAsn(azureAsnPath, azureAsn, opts.awsRegion)));
  issues.push(...checkAsnsDiffer(azureAsnPath, azureAsn, awsAsn, awsAsnPath));
  return issues;
}

/** A zone-redundant VPN gateway SKU with BGP. */
export function checkVpnGatewaySku(path: string, sku: string): Issue[] {
  if (sku in VPN_SKU_TUNNELS) return [];
  const why = sku === "Basic" ? "Basic has no BGP" : /^VpnGw\d$/.test(sku) ? "non-AZ VPN SKUs cannot be created since 2025-01-01" : "it is not a VPN gateway SKU";
  return [issue(path, "SKU_INVALID", `"${sku}" cannot be used: ${why}; use one of ${Object.keys(VPN_SKU_TUNNELS).join(", ")}`)];
}

/** The gateway SKU's site-to-site tunnel limit. */
export function checkTunnelCount(path: string, tunnelCount: number, sku: VpnGatewaySku): Issue[] {
  return tunnelCount > VPN_SKU_TUNNELS[sku] ? [issue(path, "VPN_LAYOUT", `${tunnelCount} tunnels exceed the ${VPN_SKU_TUNNELS[sku]} site-to-site tunnels of ${sku}`)] : [];
}

/** Validates and plans a VPN layout; returns the plan and every issue found (it never throws). */
export function planVpn(input: VpnPlanInput): { plan: VpnPlan; issues: Issue[]; connectionCount: number } {
  const path = input.path ?? "vpn";
  const issues: Issue[] = [];
  const awsAsn = input.awsAsn ?? AWS_DEFAULT_AMAZON_ASN;
  const azureAsn = input.azureAsn ?? AZURE_DEFAULT_ASN;
  issues.push(
    ...checkVpnAsns({
      awsAsn,
      azureAsn,
      awsRegion: input.awsRegion,
      routeServer: input.routeServer ?? false,
      awsAsnPath: input.asnPaths?.aws ?? joinPath(path, "awsAsn"),
      azureAsnPath: input.asnPaths?.azure ?? joinPath(path, "azureAsn"),
    }),
  );

  const profileName = input.ipsecProfile ?? DEFAULT_IPSEC_PROFILE;
  const profileIssues = checkIpsecProfileName(joinPath(path, "ipsecProfile"), profileName);
  issues.push(...profileIssues);
  const ipsecProfileName = profileIssues.length === 0 ? (profileName as IpsecProfileName) : DEFAULT_IPSEC_PROFILE;

  const defaultSku = DEFAULT_VPN_SKU[input.layout === "dev" ? "dev" : "ha"];
  const skuName = input.gatewaySku ?? defaultSku;
  const skuIssues = checkVpnGatewaySku(joinPath(path, "gatewaySku"), skuName);
  issues.push(...skuIssues);
  const gatewaySku: VpnGatewaySku = skuIssues.length === 0 ? (skuName as VpnGatewaySku) : defaultSku;

  const specs = layoutConnections(input, path, issues);
  const keys = sortedKeys(specs);
  for (const key of keys) issues.push(...checkKey(joinPath(path, "connections", key), key));
  const instancesUsed = new Set(keys.map((k) => (specs[k] as VpnConnectionSpec).azureInstance));
  const tunnelCount = keys.length * 2;
  const activeActive = tunnelCount > 1 || (input.routeServer ?? false);
  const instances = activeActive ? 2 : 1;
  const idle = ([0, 1] as const).filter((i) => i < instances && !instancesUsed.has(i));

  const requests = [
    ...keys.map((key) => ({ key, ...(specs[key]?.insideCidrs ? { insideCidrs: specs[key]?.insideCidrs } : {}) })),
    ...idle.map((i) => ({ key: STANDBY_KEY(i) })),
  ];
  const inside = planInsideCidrs(requests, { path: joinPath(path, "connections"), lock: input.insideCidrLock });
  issues.push(...inside.issues);

  issues.push(...checkTunnelCount(joinPath(path, "connections"), tunnelCount, gatewaySku));
  issues.push(...checkVpnPrefixes(path, input));

  const customBgp: string[][] = [[], []];
  const draft: Omit<TunnelPlan, "gatewayCustomBgpIpAddresses">[] = [];
  for (const key of keys) {
    const pair = inside.cidrs[key];
    const instance = (specs[key] as VpnConnectionSpec).azureInstance;
    if (!pair || (instance !== 0 && instance !== 1)) continue;
    for (const n of [1, 2] as const) {
      const block = n === 1 ? pair.t1 : pair.t2;
      draft.push({ key: `${key}-t${n}`, connection: key, awsTunnel: n, azureInstance: instance, insideCidr: block.text, awsInsideAddress: awsInsideAddress(block), azureInsideAddress: azureInsideAddress(block) });
      customBgp[instance]?.push(azureInsideAddress(block));
    }
  }
  for (const i of idle) {
    const pair = inside.cidrs[STANDBY_KEY(i)];
    if (pair) customBgp[i]?.push(azureInsideAddress(pair.t1));
  }
  const customBgpIpAddresses = customBgp.slice(0, instances).map((xs) => [...xs].sort((a, b) => ipToLong(a) - ipToLong(b)));
  const tunnels: TunnelPlan[] = draft.map((t) => ({
    ...t,
    gatewayCustomBgpIpAddresses: customBgpIpAddresses.map((addrs, i) => ({
      instance: i,
      // The owning instance uses this tunnel's APIPA; the other lists its default (first) custom APIPA, which
      // Azure requires but does not use for this connection.
      address: i === t.azureInstance ? t.azureInsideAddress : (addrs[0] ?? t.azureInsideAddress),
    })),
  }));
  const connections: VpnConnectionPlan[] = keys
    .map((key) => ({ key, azureInstance: (specs[key] as VpnConnectionSpec).azureInstance, tunnels: tunnels.filter((t) => t.connection === key) }))
    .filter((c) => c.tunnels.length === 2);

  return {
    plan: {
      layout: input.layout,
      awsRegion: input.awsRegion,
      awsAsn,
      azureAsn,
      gatewaySku,
      gatewayGeneration: vpnGatewayGeneration(gatewaySku),
      activeActive,
      instances,
      customBgpIpAddresses,
      connections,
      tunnels,
      ipsecProfile: ipsecProfileName,
      holdTimeSeconds: VPN_BGP_HOLD_SECONDS,
      awsPrefixes: [...input.awsPrefixes],
      azurePrefixes: [...input.azurePrefixes],
    },
    issues,
    // The connections the layout asks for, including any the issues kept out of `plan.connections`.
    connectionCount: keys.length,
  };
}

// ---- gateway instances: which carry tunnels, which are idle -------------------------------------------

/** How an Azure VPN gateway instance is used by the plan. */
export const GatewayInstanceRole = {
  /** Carries tunnels: its BGP sessions and tunnels are expected up. */
  Active: "active",
  /** Carries no tunnel: present only because the gateway must be active-active (see {@link vpnGatewayInstances}). */
  Idle: "idle",
} as const;
export type GatewayInstanceRole = (typeof GatewayInstanceRole)[keyof typeof GatewayInstanceRole];

/**
 * Standard static public IP, per hour: the price table's (sdk/prices.ts, UNCONFIRMED list price). An idle
 * gateway instance costs its public IP; the gateway's own hourly price is per gateway, whatever its mode.
 */
export const STANDARD_PUBLIC_IP_USD_PER_HOUR = PRICES["azure.publicIp.standard"].usd;

/** One Azure VPN gateway instance (ip configuration) of a plan, and what monitoring should expect of it. */
export interface GatewayInstancePlan {
  /** The instance: its ip configuration index (`ipconfig<instance>`). */
  readonly instance: number;
  /** Whether it carries tunnels. */
  readonly role: GatewayInstanceRole;
  /** Keys of the tunnels that terminate on it (`a-t1`, …); none when idle. */
  readonly tunnels: string[];
  /**
   * The AWS inside addresses of its BGP peers: the values of Azure's `BgpPeerAddress` metric dimension (and the
   * local network gateways' `bgpPeeringAddress`) that should be up. None when idle.
   */
  readonly bgpPeerAddresses: string[];
  /** Its custom APIPA BGP addresses (an idle instance still holds one: every connection lists one per instance). */
  readonly customBgpIpAddresses: string[];
  /** Why the instance is idle and what that means for monitoring and cost; empty when active. */
  readonly note: string;
}

/**
 * Every gateway instance of a plan and its role. An instance is idle when no connection lands on it: the `dev`
 * layout keeps the gateway active-active, the only way Azure holds two custom APIPA addresses (one per AWS tunnel),
 * while AWS has a single customer gateway, instance 0's public IP. Azure still tries every connection from both
 * instances, so instance 1's tunnels to AWS never come up: alarms must be built for the active instances'
 * tunnels and BGP peers only (Azure metrics carry an `Instance` dimension; reference §6).
 *
 * The same holds per connection on every active-active gateway: Azure tries each connection from both
 * instances, and AWS accepts a tunnel only from its customer gateway, i.e. the instance that owns the tunnel
 * (`TunnelPlan.azureInstance`). A per-connection alarm filters on that instance.
 */
export function vpnGatewayInstances(plan: VpnPlan): GatewayInstancePlan[] {
  const monthly = Math.round(STANDARD_PUBLIC_IP_USD_PER_HOUR * HOURS_PER_MONTH * 100) / 100;
  return Array.from({ length: plan.instances }, (_, instance) => {
    const tunnels = plan.tunnels.filter((t) => t.azureInstance === instance);
    const idle = tunnels.length === 0;
    return {
      instance,
      role: idle ? GatewayInstanceRole.Idle : GatewayInstanceRole.Active,
      tunnels: tunnels.map((t) => t.key),
      bgpPeerAddresses: tunnels.map((t) => t.awsInsideAddress),
      customBgpIpAddresses: [...(plan.customBgpIpAddresses[instance] ?? [])],
      note: idle
        ? `idle by design: no AWS connection lands on instance ${instance}. The gateway is active-active only because that is the only way Azure holds ` +
          `more than one custom APIPA BGP address, and AWS has one customer gateway (instance ${plan.connections[0]?.azureInstance ?? 0}'s public IP), ` +
          `so Azure's attempts from instance ${instance} never come up and its tunnels show down. Do not alarm on them. It costs its Standard public IP ` +
          `(about $${STANDARD_PUBLIC_IP_USD_PER_HOUR}/h, $${monthly}/month, UNCONFIRMED list price).`
        : "",
    };
  });
}

/** The instances no tunnel lands on (dev: [1]); monitoring must not alarm on their tunnels or sessions. */
export const idleGatewayInstances = (plan: VpnPlan): number[] => vpnGatewayInstances(plan).filter((i) => i.role === GatewayInstanceRole.Idle).map((i) => i.instance);
