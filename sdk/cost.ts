import { Issue, issue } from "./errors";
import { HOURS_PER_MONTH, INTERNET_EGRESS_FIRST_TIER_GB, PRICE_REGIONS, PriceTable, PriceUnit, TRAFFIC_PRICE_KEYS, type Price } from "./prices";

/**
 * The monthly cost of what a stack builds: a fixed part (every billed resource, by kind) and a per-GB part
 * for the cross-cloud traffic on each path the stack builds. Pure: it prices an inventory (what the
 * preview found in the recorded graph) with a price table (sdk/prices.ts, possibly overridden).
 *
 * Rules, each stated once here:
 * - an hourly price runs {@link HOURS_PER_MONTH} hours a month;
 * - every line is rounded to cents and totals add the rounded lines, so printed figures add up;
 * - cross-cloud traffic is split evenly between the two directions (half leaves AWS, half leaves Azure);
 * - only the active path carries the traffic: the interconnect when there is one (both clouds prefer it
 *   over the VPN for equal prefixes), else the VPN, else the overlay. The others are priced per GB for
 *   comparison.
 */

/** How traffic crosses between the clouds. */
export const CrossCloudPath = { Interconnect: "er-dx", Vpn: "vpn-internet", Overlay: "overlay" } as const;
export type CrossCloudPath = (typeof CrossCloudPath)[keyof typeof CrossCloudPath];

const PATH_LABEL: Readonly<Record<CrossCloudPath, string>> = {
  [CrossCloudPath.Interconnect]: "ExpressRoute ↔ Direct Connect",
  [CrossCloudPath.Vpn]: "IPsec VPN over the internet",
  [CrossCloudPath.Overlay]: "WireGuard overlay over the internet",
};
/** Which path carries the traffic when a stack builds several. */
const PATH_PREFERENCE: readonly CrossCloudPath[] = [CrossCloudPath.Interconnect, CrossCloudPath.Vpn, CrossCloudPath.Overlay];

/** Share of the traffic that leaves AWS (the rest leaves Azure). */
export const AWS_TO_AZURE_SHARE = 0.5;

/** One billed resource the stack builds. */
export interface CostItem {
  /** The price it is billed at (a key of the price table, possibly one the table lacks). */
  readonly priceKey: string;
  /** What kind of resource, for grouping: "AWS Site-to-Site VPN connection". */
  readonly kind: string;
  /** The resource(s), for the reader: a logical name. */
  readonly resource: string;
  /** Billed units (resources, ENIs, …); the price's unit gives the period. @default 1 */
  readonly quantity?: number;
}

/** A cross-cloud path the stack builds. */
export interface PathItem {
  readonly path: CrossCloudPath;
  /** AWS terminates it on a Transit Gateway, which processes every GB sent into it from either side. */
  readonly viaTransitGateway: boolean;
}

export interface CostInventory {
  readonly items: readonly CostItem[];
  readonly paths: readonly PathItem[];
  /** Things the inventory knows it leaves out. */
  readonly notes: readonly string[];
}

export interface FixedCostLine {
  readonly kind: string;
  readonly priceKey: string;
  readonly quantity: number;
  readonly unit: PriceUnit;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  readonly resources: readonly string[];
}

export interface PathPriceComponent {
  readonly priceKey: string;
  /** Which traffic it applies to. */
  readonly direction: "aws-to-azure" | "azure-to-aws";
  readonly usdPerGb: number;
}

export interface PathCost {
  readonly path: CrossCloudPath;
  readonly label: string;
  readonly viaTransitGateway: boolean;
  /** Whether the traffic assumption puts the traffic on this path. */
  readonly active: boolean;
  /** Blended over both directions (by {@link AWS_TO_AZURE_SHARE}). */
  readonly usdPerGb: number;
  /** What the assumed traffic would cost on this path. */
  readonly monthlyUsd: number;
  readonly components: readonly PathPriceComponent[];
}

export interface UsedPrice extends Price {
  readonly key: string;
}

export interface CostEstimate {
  readonly currency: "USD";
  readonly regions: typeof PRICE_REGIONS;
  readonly hoursPerMonth: number;
  readonly traffic: { readonly gbPerMonth: number; readonly awsToAzureShare: number; readonly activePath: CrossCloudPath | null };
  readonly fixed: readonly FixedCostLine[];
  readonly fixedMonthlyUsd: number;
  /** Resources with no price in the table (add one with --prices): left out of the totals. */
  readonly unpriced: readonly { readonly kind: string; readonly priceKey: string; readonly quantity: number; readonly resources: readonly string[] }[];
  readonly paths: readonly PathCost[];
  readonly trafficMonthlyUsd: number;
  readonly totalMonthlyUsd: number;
  /** Every price used, with its source, date and status. */
  readonly prices: readonly UsedPrice[];
  readonly notes: readonly string[];
}

/** Rounds to cents. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** A price's monthly amount for `quantity` units. */
export function monthly(price: Pick<Price, "usd" | "unit">, quantity: number): number {
  return price.unit === PriceUnit.Hour ? price.usd * HOURS_PER_MONTH * quantity : price.unit === PriceUnit.Month ? price.usd * quantity : 0;
}

/** The per-GB prices each path pays, by direction. */
export function pathPriceKeys(path: PathItem): { awsToAzure: string[]; azureToAws: string[] } {
  const tgw = path.viaTransitGateway ? [TRAFFIC_PRICE_KEYS.tgwProcessing] : [];
  switch (path.path) {
    case CrossCloudPath.Interconnect:
      return { awsToAzure: [TRAFFIC_PRICE_KEYS.dxTransferOut, ...tgw], azureToAws: [TRAFFIC_PRICE_KEYS.erMeteredEgress, ...tgw] };
    case CrossCloudPath.Vpn:
    case CrossCloudPath.Overlay:
      return { awsToAzure: [TRAFFIC_PRICE_KEYS.awsInternetEgress, ...tgw], azureToAws: [TRAFFIC_PRICE_KEYS.azureInternetEgress, ...tgw] };
  }
}

export function checkTraffic(path: string, gbPerMonth: number): Issue[] {
  return Number.isFinite(gbPerMonth) && gbPerMonth >= 0 ? [] : [issue(path, "TRAFFIC_INVALID", `${gbPerMonth} is not a monthly traffic volume in GB (a number ≥ 0)`)];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function estimateCost(inventory: CostInventory, prices: PriceTable, trafficGbPerMonth: number): CostEstimate {
  const used = new Map<string, Price>();
  const use = (key: string): Price | undefined => {
    const p = prices[key];
    if (p) used.set(key, p);
    return p;
  };

  // ---- fixed: group by (kind, price) ----
  const groups = new Map<string, { kind: string; priceKey: string; quantity: number; resources: string[] }>();
  for (const item of inventory.items) {
    const id = `${item.kind}\u0000${item.priceKey}`;
    const g = groups.get(id) ?? { kind: item.kind, priceKey: item.priceKey, quantity: 0, resources: [] };
    g.quantity += item.quantity ?? 1;
    g.resources.push(item.resource);
    groups.set(id, g);
  }
  const fixed: FixedCostLine[] = [];
  const unpriced: CostEstimate["unpriced"][number][] = [];
  for (const g of [...groups.values()].sort((a, b) => byString(a.kind, b.kind) || byString(a.priceKey, b.priceKey))) {
    const price = use(g.priceKey);
    const resources = [...g.resources].sort(byString);
    if (!price || price.unit === PriceUnit.Gb) {
      unpriced.push({ kind: g.kind, priceKey: g.priceKey, quantity: g.quantity, resources });
      continue;
    }
    fixed.push({ kind: g.kind, priceKey: g.priceKey, quantity: g.quantity, unit: price.unit, unitUsd: price.usd, monthlyUsd: cents(monthly(price, g.quantity)), resources });
  }
  const fixedMonthlyUsd = cents(fixed.reduce((s, l) => s + l.monthlyUsd, 0));

  // ---- traffic: each path built, the preferred one active ----
  const built = new Map<CrossCloudPath, PathItem>();
  for (const p of inventory.paths) {
    const seen = built.get(p.path);
    built.set(p.path, { path: p.path, viaTransitGateway: p.viaTransitGateway || (seen?.viaTransitGateway ?? false) });
  }
  const activePath = PATH_PREFERENCE.find((p) => built.has(p)) ?? null;
  const notes: string[] = [...inventory.notes];
  const paths: PathCost[] = PATH_PREFERENCE.filter((p) => built.has(p)).map((p) => {
    const item = built.get(p) as PathItem;
    const keys = pathPriceKeys(item);
    const components: PathPriceComponent[] = [];
    let missing = false;
    for (const [direction, list] of [["aws-to-azure", keys.awsToAzure], ["azure-to-aws", keys.azureToAws]] as const) {
      for (const key of list) {
        const price = use(key);
        if (!price) missing = true;
        else components.push({ priceKey: key, direction, usdPerGb: price.usd });
      }
    }
    if (missing) notes.push(`${PATH_LABEL[p]}: a per-GB price is missing from the table, so its traffic cost is understated`);
    const perDirection = (d: PathPriceComponent["direction"]): number => components.filter((c) => c.direction === d).reduce((s, c) => s + c.usdPerGb, 0);
    const usdPerGb = AWS_TO_AZURE_SHARE * perDirection("aws-to-azure") + (1 - AWS_TO_AZURE_SHARE) * perDirection("azure-to-aws");
    return {
      path: p,
      label: PATH_LABEL[p],
      viaTransitGateway: item.viaTransitGateway,
      active: p === activePath,
      usdPerGb: Math.round(usdPerGb * 1e6) / 1e6,
      monthlyUsd: cents(usdPerGb * trafficGbPerMonth),
      components,
    };
  });
  const trafficMonthlyUsd = paths.find((p) => p.active)?.monthlyUsd ?? 0;
  const perDirection = Math.max(AWS_TO_AZURE_SHARE, 1 - AWS_TO_AZURE_SHARE) * trafficGbPerMonth;
  if (activePath !== CrossCloudPath.Interconnect && activePath !== null && perDirection > INTERNET_EGRESS_FIRST_TIER_GB) {
    notes.push(`${perDirection} GB a month leaves one cloud: beyond the 10 TB first tier, where internet egress gets cheaper (not modelled)`);
  }
  if (unpriced.length > 0) notes.push(`${unpriced.length} kind(s) of resource have no price in the table and are left out of the totals; add them with --prices`);

  return {
    currency: "USD",
    regions: PRICE_REGIONS,
    hoursPerMonth: HOURS_PER_MONTH,
    traffic: { gbPerMonth: trafficGbPerMonth, awsToAzureShare: AWS_TO_AZURE_SHARE, activePath },
    fixed,
    fixedMonthlyUsd,
    unpriced,
    paths,
    trafficMonthlyUsd,
    totalMonthlyUsd: cents(fixedMonthlyUsd + trafficMonthlyUsd),
    prices: [...used.entries()].sort(([a], [b]) => byString(a, b)).map(([key, p]) => ({ key, ...p })),
    notes,
  };
}

const usd = (n: number): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unitText = (p: { unitUsd: number; unit: PriceUnit }): string => `$${p.unitUsd}/${p.unit}`;

/** The preview's cost section. */
export function renderCostEstimate(c: CostEstimate): string {
  const lines: string[] = [];
  lines.push(`Estimated monthly cost (list prices, ${c.regions.aws} / ${c.regions.azure}, ${c.hoursPerMonth} h a month; verify before quoting):`);
  const width = Math.max(0, ...c.fixed.map((l) => l.kind.length));
  for (const l of c.fixed) lines.push(`  ${usd(l.monthlyUsd).padStart(11)}  ${l.kind.padEnd(width)}  ${l.quantity} × ${unitText(l)}  [${l.priceKey}]`);
  lines.push(`  ${usd(c.fixedMonthlyUsd).padStart(11)}  fixed`);
  for (const u of c.unpriced) lines.push(`  ${"(no price)".padStart(11)}  ${u.kind}  ${u.quantity} × [${u.priceKey}]`);
  lines.push(`Cross-cloud traffic: ${c.traffic.gbPerMonth} GB a month, ${Math.round(c.traffic.awsToAzureShare * 100)}% AWS→Azure:`);
  for (const p of c.paths) {
    const parts = p.components.map((x) => `${x.direction === "aws-to-azure" ? "AWS→Azure" : "Azure→AWS"} ${x.priceKey} $${x.usdPerGb}`).join(", ");
    lines.push(`  ${usd(p.monthlyUsd).padStart(11)}  ${p.label}${p.active ? " (carries the traffic)" : " (if it carried the traffic)"}: $${p.usdPerGb}/GB (${parts})`);
  }
  if (c.paths.length === 0) lines.push("  no cross-cloud path in this stack");
  lines.push(`  ${usd(c.totalMonthlyUsd).padStart(11)}  total (fixed + traffic on the active path)`);
  const unconfirmed = c.prices.filter((p) => p.status === "unconfirmed").map((p) => p.key);
  if (unconfirmed.length > 0) lines.push(`  UNCONFIRMED prices: ${unconfirmed.join(", ")}`);
  for (const n of c.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
