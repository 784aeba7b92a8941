import { isIpv4, parseCidr } from "./cidr";
import { Issue, issue, joinPath } from "./errors";

/**
 * The stack output `crosscloud verify` reads after `pulumi up`: everything it needs to find the live
 * resources and to know what they should look like. Produced by the sample stacks (stacks/day-two.ts),
 * consumed by verify/, so its shape is a contract, versioned and checked here.
 *
 * ```sh
 * pulumi stack output --json | crosscloud verify --stack dev
 * ```
 * reads `dayTwo` and `alarmNames` from that JSON.
 */
export const DAY_TWO_OUTPUT = "dayTwo";
export const ALARM_NAMES_OUTPUT = "alarmNames";
export const DAY_TWO_VERSION = 1;

/** One tunnel as verify checks it. */
export interface DayTwoTunnel {
  /** `a-t1`. */
  readonly key: string;
  /** Key of the AWS VPN connection. */
  readonly connection: string;
  /** AWS tunnel number in the connection (1 or 2). */
  readonly awsTunnel: number;
  /** The Azure gateway instance that carries it. */
  readonly azureInstance: number;
  /** AWS tunnel outside address (`VgwTelemetry.OutsideIpAddress`). */
  readonly awsOutsideAddress: string;
  /** AWS inside address: the Azure gateway's BGP neighbour. */
  readonly awsInsideAddress: string;
  /** Azure's custom APIPA BGP address. */
  readonly azureInsideAddress: string;
  /** ARM id of the tunnel's Azure IPsec connection. */
  readonly azureConnectionId: string;
}

export interface DayTwoAws {
  readonly region: string;
  /** VPN connection ids by connection key. */
  readonly vpnConnectionIds: Record<string, string>;
  /** `vgw`: learned routes are read from the VPC route tables; `tgw`: from the transit gateway's route tables. */
  readonly attachment: string;
  /** The VGW (attachment `vgw`). */
  readonly vpnGatewayId?: string;
  /** VPC route tables that propagate the VGW's routes (attachment `vgw`). */
  readonly vpcRouteTableIds?: string[];
  /** The transit gateway's `spokes` route table (attachment `tgw`): where the spokes learn Azure's prefixes. */
  readonly spokesRouteTableId?: string;
  /** The transit VIF of the interconnect, when there is one. */
  readonly dxVirtualInterfaceId?: string;
}

export interface DayTwoExpressRoute {
  /** ARM id of the circuit. */
  readonly circuitId: string;
  /** ARM id of the ExpressRoute gateway. */
  readonly gatewayId: string;
  /** The provider has provisioned the circuit and the gateway connection exists (the second bring-up pass). */
  readonly provisioned: boolean;
}

export interface DayTwoAzure {
  /** ARM id of the VPN gateway; the subscription is read from it (a secret subscription id stays out of the outputs). */
  readonly vpnGatewayId: string;
  /** Resource group of the health alert rules (the components' resource group). */
  readonly alertResourceGroupName: string;
  readonly expressRoute?: DayTwoExpressRoute;
}

/** What verify reads. */
export interface DayTwoManifest {
  readonly version: number;
  readonly environment: string;
  readonly aws: DayTwoAws;
  readonly azure: DayTwoAzure;
  /** The planned prefixes: what each side must learn from the other, nothing more. */
  readonly prefixes: { readonly aws: string[]; readonly azure: string[] };
  readonly tunnels: DayTwoTunnel[];
}

/** The parts of an ARM id verify needs. */
export interface ArmId {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
}

const ARM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i;

/** `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/c` → {s, rg, c}; undefined if not that shape. */
export function parseArmId(id: string): ArmId | undefined {
  const m = ARM_ID.exec(id);
  return m ? { subscriptionId: m[1] as string, resourceGroupName: m[2] as string, name: m[3] as string } : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** Checks a `dayTwo` output read back from `pulumi stack output --json`; every problem, paths from `dayTwo`. */
export function checkDayTwoManifest(value: unknown, path = DAY_TWO_OUTPUT): { manifest: DayTwoManifest | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const need = (p: string, ok: boolean, what: string) => {
    if (!ok) issues.push(issue(p, "VALUE_REQUIRED", what));
  };
  if (!isObject(value)) return { manifest: undefined, issues: [issue(path, "VALUE_REQUIRED", `the stack has no "${DAY_TWO_OUTPUT}" output object; deploy a crosscloud stack of this version, then run verify on its outputs`)] };
  need(joinPath(path, "version"), value.version === DAY_TWO_VERSION, `version ${String(value.version)} is not ${DAY_TWO_VERSION}, the one this crosscloud reads`);
  need(joinPath(path, "environment"), isString(value.environment), "the environment name is required");
  const aws = isObject(value.aws) ? value.aws : {};
  need(joinPath(path, "aws.region"), isString(aws.region), "the AWS Region is required");
  need(joinPath(path, "aws.attachment"), aws.attachment === "vgw" || aws.attachment === "tgw", `"${String(aws.attachment)}" is not vgw or tgw`);
  need(joinPath(path, "aws.vpnConnectionIds"), isObject(aws.vpnConnectionIds) && Object.values(aws.vpnConnectionIds).every(isString), "a map of VPN connection ids is required");
  if (aws.attachment === "tgw") need(joinPath(path, "aws.spokesRouteTableId"), isString(aws.spokesRouteTableId), "a transit gateway route table id is required with attachment tgw");
  if (aws.attachment === "vgw") {
    need(joinPath(path, "aws.vpcRouteTableIds"), Array.isArray(aws.vpcRouteTableIds) && aws.vpcRouteTableIds.every(isString), "the VPC route table ids are required with attachment vgw");
    need(joinPath(path, "aws.vpnGatewayId"), isString(aws.vpnGatewayId), "the VPN gateway id is required with attachment vgw");
  }
  const azure = isObject(value.azure) ? value.azure : {};
  need(joinPath(path, "azure.vpnGatewayId"), isString(azure.vpnGatewayId) && parseArmId(azure.vpnGatewayId) !== undefined, `"${String(azure.vpnGatewayId)}" is not an ARM resource id`);
  need(joinPath(path, "azure.alertResourceGroupName"), isString(azure.alertResourceGroupName), "the resource group of the alert rules is required");
  if (azure.expressRoute !== undefined) {
    const er = isObject(azure.expressRoute) ? azure.expressRoute : {};
    for (const k of ["circuitId", "gatewayId"] as const) need(joinPath(path, `azure.expressRoute.${k}`), isString(er[k]) && parseArmId(er[k] as string) !== undefined, "an ARM resource id is required");
    need(joinPath(path, "azure.expressRoute.provisioned"), typeof er.provisioned === "boolean", "true or false is required");
  }
  const prefixes = isObject(value.prefixes) ? value.prefixes : {};
  for (const side of ["aws", "azure"] as const) {
    const list = prefixes[side];
    need(joinPath(path, `prefixes.${side}`), Array.isArray(list) && list.length > 0 && list.every((p) => typeof p === "string" && parseCidr(p) !== undefined), "a non-empty list of canonical CIDRs is required");
  }
  const tunnels = Array.isArray(value.tunnels) ? value.tunnels : undefined;
  need(joinPath(path, "tunnels"), tunnels !== undefined && tunnels.length > 0, "the tunnel list is required");
  (tunnels ?? []).forEach((t, i) => {
    const p = joinPath(path, "tunnels", isObject(t) && isString(t.key) ? t.key : String(i));
    const row = isObject(t) ? t : {};
    need(p, isString(row.key) && isString(row.connection) && typeof row.awsTunnel === "number" && typeof row.azureInstance === "number", "key, connection, awsTunnel and azureInstance are required");
    for (const k of ["awsOutsideAddress", "awsInsideAddress", "azureInsideAddress"] as const) need(joinPath(p, k), typeof row[k] === "string" && isIpv4(row[k] as string), `"${String(row[k])}" is not an IPv4 address`);
    need(joinPath(p, "azureConnectionId"), isString(row.azureConnectionId) && parseArmId(row.azureConnectionId) !== undefined, `"${String(row.azureConnectionId)}" is not an ARM resource id`);
  });
  return { manifest: issues.length === 0 ? (value as unknown as DayTwoManifest) : undefined, issues };
}
