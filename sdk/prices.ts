import { Issue, issue } from "./errors";

/**
 * Every price crosscloud's cost estimate uses, in one place, each with its source, the date it was
 * checked and how far it is confirmed. List prices, US East (AWS us-east-1, Azure eastus), USD.
 *
 * The official AWS and Azure pricing pages were not reachable when these were checked (2026-12-01), so:
 * - `vendor`: stated by the vendor itself (an AWS-authored knowledge-centre article, a vendor bill line);
 * - `transcribed`: a verbatim transcription of the vendor's pricing page by a third party, dated;
 * - `unconfirmed`: widely published (third-party tables, issue 17's list) but not found in a primary
 *   source. Verify before quoting; override with `crosscloud preview --prices FILE`.
 * Research notes: notes/research-12-15-17.md ("Issue 17 … Prices"), reference/networking.md §5 and §6.
 */

export const PriceUnit = { Hour: "hour", Month: "month", Gb: "GB" } as const;
export type PriceUnit = (typeof PriceUnit)[keyof typeof PriceUnit];

export const PriceStatus = { Vendor: "vendor", Transcribed: "transcribed", Unconfirmed: "unconfirmed", Override: "override" } as const;
export type PriceStatus = (typeof PriceStatus)[keyof typeof PriceStatus];

export interface Price {
  readonly usd: number;
  readonly unit: PriceUnit;
  /** What is billed. */
  readonly what: string;
  readonly source: string;
  /** When the source was read (ISO date). */
  readonly checked: string;
  readonly status: PriceStatus;
}

/** The regions the list prices are for. */
export const PRICE_REGIONS = { aws: "us-east-1", azure: "eastus" } as const;

/** Hours in a billing month as the AWS Pricing Calculator counts them (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;

const CHECKED = "2026-12-01";
const u = (usd: number, unit: PriceUnit, what: string, source: string): Price => ({ usd, unit, what, source, checked: CHECKED, status: PriceStatus.Unconfirmed });
const t = (usd: number, unit: PriceUnit, what: string, source: string): Price => ({ usd, unit, what, source, checked: CHECKED, status: PriceStatus.Transcribed });
const v = (usd: number, unit: PriceUnit, what: string, source: string): Price => ({ usd, unit, what, source, checked: CHECKED, status: PriceStatus.Vendor });

const TGW_PAGE = "aws.amazon.com/transit-gateway/pricing worked example (us-east-2), transcribed verbatim by api-evangelist/amazon-transit-gateway plans/…pricing.yml, read 2026-09-20";
const DX_PAGE = "aws.amazon.com/directconnect/pricing/pay-as-you-go, transcribed verbatim by api-evangelist/amazon-direct-connect plans/amazon-direct-connect-plans-pricing.yml, read 2026-09-20";

/** The price table. Keys are what `crosscloud preview --prices FILE` overrides. */
export const PRICES = {
  // ---- AWS -------------------------------------------------------------------------------------
  "aws.vpn.connection": u(0.05, "hour", "Site-to-Site VPN connection (standard tunnels)", "issue 17 list; many third-party tables; api-evangelist's transcription of aws.amazon.com/vpn/pricing is cut off before the figure"),
  "aws.tgw.attachment": t(0.05, "hour", "Transit Gateway attachment (VPC, VPN or Direct Connect gateway)", TGW_PAGE),
  "aws.tgw.processing": t(0.02, "GB", "Transit Gateway data processing, per GB sent into the TGW", TGW_PAGE),
  "aws.dx.hosted.1000": t(0.33, "hour", "Direct Connect hosted connection, 1 Gbps port-hour", DX_PAGE),
  "aws.dx.transferOut": t(0.02, "GB", "Direct Connect data transfer out (US East (Ohio) to a US location; assumed for us-east-1)", DX_PAGE),
  "aws.internet.egress": t(0.09, "GB", "data transfer out to the internet, first 10 TB/month (after the account's 100 GB free)", "an AWS bill line quoted on repost.aws: \"$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier\""),
  "aws.route53resolver.eni": v(0.125, "hour", "Route 53 Resolver endpoint, per IP address (ENI)", "AWS re:Post Knowledge Center, route-53-resolver-endpoint-costs (AWS-authored)"),
  "aws.route53.healthCheck": u(0.5, "month", "Route 53 health check, AWS endpoint (alarm-based and calculated checks included)", "third-party Route 53 pricing summaries"),
  "aws.route53.healthCheck.nonAws": u(0.75, "month", "Route 53 health check probing a non-AWS endpoint", "third-party Route 53 pricing summaries"),
  "aws.route53.healthCheck.feature": u(1, "month", "Route 53 health check optional feature (HTTPS, string matching or fast interval), each, AWS endpoint", "third-party Route 53 pricing summaries"),
  "aws.route53.healthCheck.feature.nonAws": u(2, "month", "Route 53 health check optional feature, each, non-AWS endpoint", "third-party Route 53 pricing summaries"),
  "aws.route53.hostedZone": u(0.5, "month", "Route 53 hosted zone (first 25)", "third-party Route 53 pricing summaries"),
  "aws.cloudwatch.alarm": u(0.1, "month", "CloudWatch standard-resolution metric alarm", "third-party CloudWatch pricing summaries"),
  "aws.publicIpv4": u(0.005, "hour", "public IPv4 address (Elastic IP)", "third-party VPC pricing summaries"),
  "aws.ec2.t3.small": u(0.0208, "hour", "EC2 t3.small, Linux, on demand", "consistent in many third-party code tables"),
  // ---- Azure -----------------------------------------------------------------------------------
  "azure.vpnGateway.VpnGw1AZ": u(0.21, "hour", "VPN gateway VpnGw1AZ (AZ prices cut from 2025-01-01)", "issue 17 list; reference/networking.md §5 (\"indicative 2026-09\")"),
  "azure.vpnGateway.VpnGw2AZ": u(0.54, "hour", "VPN gateway VpnGw2AZ", "issue 17 list; reference/networking.md §5"),
  "azure.erGateway.ErGw1AZ": u(170, "month", "ExpressRoute gateway ErGw1AZ", "third party, reference/networking.md §5"),
  "azure.expressRoute.Standard_MeteredData.1000": u(436, "month", "ExpressRoute circuit, Standard, metered, 1 Gbps", "issue 17 list; other sources quote $270–1,100/month"),
  "azure.expressRoute.meteredEgress": u(0.025, "GB", "ExpressRoute metered data out (zone 1)", "issue 17 list; a DE-CIX help page gives €0.02–0.11/GB by zone"),
  "azure.internet.egress": u(0.087, "GB", "data transfer out to the internet, first 10 TB/month (after 100 GB free)", "c3x.dev (third party)"),
  "azure.dnsResolver.endpoint": u(180, "month", "DNS Private Resolver inbound or outbound endpoint", "issue 17 list; reference/networking.md §5"),
  "azure.publicIp.standard": u(0.005, "hour", "Standard public IP address", "reference/networking.md §5"),
  "azure.routeServer": u(0.45, "hour", "Route Server", "reference/networking.md §5"),
  "azure.vm.Standard_B2s": u(0.0416, "hour", "VM Standard_B2s, Linux, pay as you go", "third-party price tables"),
} as const satisfies Readonly<Record<string, Price>>;

export type PriceKey = keyof typeof PRICES;
export type PriceTable = Readonly<Record<string, Price>>;

/** Per-GB prices, keyed by what they are, so the estimate names them instead of repeating keys. */
export const TRAFFIC_PRICE_KEYS = {
  awsInternetEgress: "aws.internet.egress",
  azureInternetEgress: "azure.internet.egress",
  tgwProcessing: "aws.tgw.processing",
  dxTransferOut: "aws.dx.transferOut",
  erMeteredEgress: "azure.expressRoute.meteredEgress",
} as const satisfies Readonly<Record<string, PriceKey>>;

/** The first tier the internet egress prices above cover, per cloud and month (10 TB). */
export const INTERNET_EGRESS_FIRST_TIER_GB = 10_240;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const UNITS: readonly string[] = Object.values(PriceUnit);

/**
 * Applies a user's price file (negotiated rates) to `base`. The file is a JSON object keyed by price key:
 * a number replaces that price's USD figure; an object `{ usd, unit?, what? }` replaces or adds a price
 * (an SKU the table lacks, like `azure.vm.Standard_D2s_v5`). Every problem is reported at once.
 */
export function applyPriceOverrides(base: PriceTable, overrides: unknown, source: string): { prices: PriceTable; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isObject(overrides)) return { prices: base, issues: [issue(source, "PRICE_INVALID", `a price file is a JSON object keyed by price key, like { "aws.vpn.connection": 0.048 }`)] };
  const out: Record<string, Price> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const path = key;
    const known = base[key];
    const entry = typeof value === "number" ? { usd: value } : isObject(value) ? value : undefined;
    if (entry === undefined) {
      issues.push(issue(path, "PRICE_INVALID", `${JSON.stringify(value)} is not a price: give a number (USD) or an object { usd, unit, what }`));
      continue;
    }
    const usd = entry["usd"];
    const unit = entry["unit"] ?? known?.unit;
    if (typeof usd !== "number" || !Number.isFinite(usd) || usd < 0) issues.push(issue(path, "PRICE_INVALID", `${JSON.stringify(usd)} is not a price in USD (a number ≥ 0)`));
    if (typeof unit !== "string" || !UNITS.includes(unit)) {
      issues.push(issue(path, "PRICE_INVALID", known ? `unit "${String(unit)}" is not one of ${UNITS.join(", ")}` : `"${key}" is not in the price table; give its unit (${UNITS.join(", ")}) too`));
      continue;
    }
    if (known && unit !== known.unit) issues.push(issue(path, "PRICE_INVALID", `unit "${unit}" differs from the table's "${known.unit}" for ${key}`));
    if (typeof usd !== "number") continue;
    const what = typeof entry["what"] === "string" ? entry["what"] : (known?.what ?? key);
    out[key] = { usd, unit: unit as PriceUnit, what, source, checked: "", status: PriceStatus.Override };
  }
  return { prices: out, issues };
}
