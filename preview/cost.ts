/**
 * What a recorded graph costs a month: finds every billed resource and every cross-cloud path the stack
 * builds, and prices them with the sdk's price table (sdk/prices.ts, `--prices FILE` overrides) through
 * `estimateCost` (sdk/cost.ts). The rules (hours a month, rounding, traffic split, which path carries the
 * traffic) live in the sdk; this file only reads resources.
 */
import { readFileSync } from "node:fs";
import { ResourceIndex, T, TYPE, getPath, type RecordedGraph, type RecordedResource, type RecordedValue } from "../graph";
import {
  CrossCloudPath,
  HealthCheckType,
  PRICES,
  PlanError,
  applyPriceOverrides,
  checkTraffic,
  estimateCost,
  type CostEstimate,
  type CostInventory,
  type CostItem,
  type PathItem,
  type PriceTable,
} from "../sdk";

/** The traffic assumption when none is given: 1 TB a month. */
export const DEFAULT_TRAFFIC_GB_PER_MONTH = 1000;

const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
const str = (v: RecordedValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: RecordedValue | undefined): number | undefined => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** Health check types billed with optional features (HTTPS, string matching). */
const ROUTE53_FEATURE_TYPES: readonly string[] = [HealthCheckType.Https, HealthCheckType.HttpsStrMatch, HealthCheckType.HttpStrMatch];

/** A probe of a target outside AWS is billed at the non-AWS rate (Route 53 pricing, UNCONFIRMED); an `*.amazonaws.com` name is AWS. */
function probesAws(r: RecordedResource): boolean {
  return (str(value(r, "fqdn")) ?? "").endsWith(".amazonaws.com");
}

/** Finds every billed resource and cross-cloud path in `graph`. */
export function costInventory(graph: RecordedGraph): CostInventory {
  const index = new ResourceIndex(graph.resources, (r, path) => (path === "id" ? r.id : value(r, path)));
  const items: CostItem[] = [];
  const paths: PathItem[] = [];
  const notes: string[] = [];
  const add = (r: RecordedResource, priceKey: string, kind: string, quantity = 1): void => {
    items.push({ priceKey, kind, resource: r.name, quantity });
  };

  for (const r of graph.resources) {
    if (!r.custom || r.read) continue;
    switch (r.type) {
      case T.awsVpnConnection: {
        const viaTgw = str(value(r, "transitGatewayId")) !== undefined;
        add(r, "aws.vpn.connection", "AWS Site-to-Site VPN connection");
        if (viaTgw) add(r, "aws.tgw.attachment", "Transit Gateway attachment (VPN)");
        if (str(value(r, "tunnelBandwidth")) === "large") notes.push(`${r.name}: Large tunnels are billed at a price not in the table`);
        paths.push({ path: CrossCloudPath.Vpn, viaTransitGateway: viaTgw });
        break;
      }
      case T.awsTgwVpcAttachment:
        add(r, "aws.tgw.attachment", "Transit Gateway attachment (VPC)");
        break;
      case T.awsDxGatewayAssociation: {
        const target = index.resolve(r, "associatedGatewayId", [T.awsTransitGateway]);
        const viaTgw = target !== undefined || (str(value(r, "associatedGatewayId")) ?? "").startsWith("tgw-");
        if (viaTgw) add(r, "aws.tgw.attachment", "Transit Gateway attachment (Direct Connect gateway)");
        paths.push({ path: CrossCloudPath.Interconnect, viaTransitGateway: viaTgw });
        break;
      }
      case T.awsDxTransitVif:
      case T.awsDxHostedTransitVifAcceptor: {
        // The port-hours of the connection under the VIF. Its capacity is not in the graph; the circuit it
        // pairs with says what the design needs (a transit VIF through a partner needs a hosted connection
        // of at least 1 Gbps, reference/networking.md §6).
        const circuit = index.ofType(T.azureErCircuit)[0];
        const mbps = circuit ? num(value(circuit, "serviceProviderProperties.bandwidthInMbps")) : undefined;
        add(r, `aws.dx.hosted.${Math.max(mbps ?? 1000, 1000)}`, "Direct Connect hosted connection (port-hours)");
        paths.push({ path: CrossCloudPath.Interconnect, viaTransitGateway: false });
        break;
      }
      case T.azureVng: {
        const sku = str(value(r, "sku.name")) ?? "unknown";
        if (str(value(r, "gatewayType")) === "ExpressRoute") add(r, `azure.erGateway.${sku}`, "Azure ExpressRoute gateway");
        else add(r, `azure.vpnGateway.${sku}`, "Azure VPN gateway");
        break;
      }
      case T.azurePublicIp:
        add(r, `azure.publicIp.${(str(value(r, "sku.name")) ?? "Standard").toLowerCase()}`, "Azure public IP address");
        break;
      case T.azureErCircuit: {
        const sku = str(value(r, "sku.name")) ?? "unknown";
        const mbps = num(value(r, "serviceProviderProperties.bandwidthInMbps")) ?? 0;
        add(r, `azure.expressRoute.${sku}.${mbps}`, "ExpressRoute circuit");
        paths.push({ path: CrossCloudPath.Interconnect, viaTransitGateway: false });
        break;
      }
      case T.awsResolverEndpoint: {
        const ips = value(r, "ipAddresses");
        add(r, "aws.route53resolver.eni", "Route 53 Resolver endpoint IP (ENI)", Array.isArray(ips) ? ips.length : 0);
        break;
      }
      case T.azureDnsInboundEndpoint:
      case T.azureDnsOutboundEndpoint:
        add(r, "azure.dnsResolver.endpoint", "Azure DNS Private Resolver endpoint");
        break;
      case T.awsRoute53Zone:
        add(r, "aws.route53.hostedZone", "Route 53 hosted zone");
        break;
      case T.awsRoute53HealthCheck: {
        const type = str(value(r, "type")) ?? "";
        const endpoint = type !== HealthCheckType.Calculated && type !== HealthCheckType.CloudWatchMetric;
        const nonAws = endpoint && !probesAws(r);
        add(r, nonAws ? "aws.route53.healthCheck.nonAws" : "aws.route53.healthCheck", "Route 53 health check");
        const features = (ROUTE53_FEATURE_TYPES.includes(type) ? (type === HealthCheckType.HttpsStrMatch ? 2 : 1) : 0) + (num(value(r, "requestInterval")) === 10 ? 1 : 0);
        if (features > 0) add(r, nonAws ? "aws.route53.healthCheck.feature.nonAws" : "aws.route53.healthCheck.feature", "Route 53 health check option (HTTPS, string match, fast interval)", features);
        break;
      }
      case T.awsMetricAlarm:
        add(r, "aws.cloudwatch.alarm", "CloudWatch alarm");
        break;
      case T.awsInstance:
        add(r, `aws.ec2.${str(value(r, "instanceType")) ?? "unknown"}`, "EC2 instance");
        break;
      case T.awsEip:
        add(r, "aws.publicIpv4", "AWS public IPv4 address");
        break;
      case T.azureVirtualMachine:
        add(r, `azure.vm.${str(value(r, "hardwareProfile.vmSize")) ?? "unknown"}`, "Azure virtual machine");
        break;
      case T.azureVirtualHub:
        add(r, "azure.routeServer", "Azure Route Server");
        break;
      default:
        break;
    }
  }
  if (graph.resources.some((r) => r.type === TYPE.WireGuardOverlay)) paths.push({ path: CrossCloudPath.Overlay, viaTransitGateway: false });
  const connections = index.ofType(T.azureConnection).filter((c) => str(value(c, "connectionType")) === "IPsec").length;
  if (connections > 10) notes.push(`${connections} S2S connections: Azure bills tunnels beyond the 10 a VPN gateway includes (not modelled)`);
  if (items.length > 0) notes.push("not counted: DNS query charges, Azure Monitor metric alert rules, disks, cross-AZ traffic, partner (Megaport) ports and cross-connects");
  return { items, paths, notes: [...new Set(notes)] };
}

export interface CostOptions {
  /** Monthly cross-cloud traffic, GB. @default 1000 */
  readonly trafficGbPerMonth?: number;
  /** The price table. @default PRICES */
  readonly prices?: PriceTable;
}

/** The cost estimate of a recorded graph. */
export function estimateGraphCost(graph: RecordedGraph, opts: CostOptions = {}): CostEstimate {
  return estimateCost(costInventory(graph), opts.prices ?? PRICES, opts.trafficGbPerMonth ?? DEFAULT_TRAFFIC_GB_PER_MONTH);
}

/** Reads a `--prices` file over the table; throws a PlanError listing every problem. */
export function loadPrices(file: string | undefined, base: PriceTable = PRICES): PriceTable {
  if (file === undefined) return base;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new PlanError([{ path: file, code: "PRICE_INVALID", message: `cannot read it as JSON: ${(e as Error).message}` }], `price file ${file}`);
  }
  const { prices, issues } = applyPriceOverrides(base, data, file);
  if (issues.length > 0) throw new PlanError(issues, `price file ${file}`);
  return prices;
}

/** Validates a traffic figure; throws a PlanError. */
export function assertTraffic(gb: number): number {
  const issues = checkTraffic("--traffic-gb-per-month", gb);
  if (issues.length > 0) throw new PlanError(issues, "the traffic assumption");
  return gb;
}
