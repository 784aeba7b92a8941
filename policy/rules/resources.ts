import type { PolicyResource } from "@pulumi/policy";
import { Unknown, type Value, type ValueObject, get, isValueObject, snapshot, str } from "./values";

/**
 * The resources a rule sees: plain data, built once per policy run from @pulumi/policy's
 * `PolicyResource`s. Links to other resources are URNs, so rules stay pure functions of data.
 */
export interface RuleResource {
  readonly type: string;
  readonly urn: string;
  /** The logical name (the URN's last part). */
  readonly name: string;
  /** Outputs (in a plan.json: inputs overlaid by outputs), unknowns as {@link Unknown}. */
  readonly props: ValueObject;
  /** Parent URN, if any. */
  readonly parent?: string;
  readonly dependencies: readonly string[];
  /** Property name → URNs the property's value came from (empty in a plan.json). */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  /** Outputs the program or the provider SDK declared secret (stored encrypted in the state). */
  readonly additionalSecretOutputs: readonly string[];
}

/** Type tokens the policies read, as the engine reports them (ground truth: the providers' .d.ts files). */
export const T = {
  awsVpc: "aws:ec2/vpc:Vpc",
  awsVpcCidrAssociation: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
  awsSubnet: "aws:ec2/subnet:Subnet",
  awsRoute: "aws:ec2/route:Route",
  awsRouteTable: "aws:ec2/routeTable:RouteTable",
  awsVpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  awsInternetGateway: "aws:ec2/internetGateway:InternetGateway",
  awsEgressOnlyInternetGateway: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
  awsCustomerGateway: "aws:ec2/customerGateway:CustomerGateway",
  awsVpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  awsVpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  awsTransitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
  awsTgwRoute: "aws:ec2transitgateway/route:Route",
  awsDxGateway: "aws:directconnect/gateway:Gateway",
  awsDxGatewayAssociation: "aws:directconnect/gatewayAssociation:GatewayAssociation",
  awsDxGatewayAssociationProposal: "aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal",
  azureVnet: "azure-native:network:VirtualNetwork",
  azureSubnet: "azure-native:network:Subnet",
  azureRoute: "azure-native:network:Route",
  azureRouteTable: "azure-native:network:RouteTable",
  azureLng: "azure-native:network:LocalNetworkGateway",
  azureVng: "azure-native:network:VirtualNetworkGateway",
  azureConnection: "azure-native:network:VirtualNetworkGatewayConnection",
  azureErPeering: "azure-native:network:ExpressRouteCircuitPeering",
  bgpSession: "crosscloud:index:BgpSession",
} as const;

/** Converts what @pulumi/policy passes a stack policy into a {@link RuleResource}. */
export function fromPolicyResource(r: PolicyResource): RuleResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[key] = deps.map((d) => d.urn);
  const props = snapshot(r.props);
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: isValueObject(props) ? props : {},
    ...(r.parent ? { parent: r.parent.urn } : {}),
    dependencies: (r.dependencies ?? []).map((d) => d.urn),
    propertyDependencies,
    additionalSecretOutputs: [...(r.opts?.additionalSecretOutputs ?? [])],
  };
}

/** `"aws:ec2/route:Route \"hub-spoke-a\""`: how messages name a resource. */
export const label = (r: RuleResource): string => `${r.type} "${r.name}"`;

/** Whether `allow` (URNs or logical names from a policy's config) exempts this resource. */
export const isAllowed = (r: RuleResource, allow: readonly string[]): boolean => allow.includes(r.urn) || allow.includes(r.name);

/** The stack name in a resource's URN (`urn:pulumi:<stack>::…`), or undefined. */
export function stackOfUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m?.[1];
}

/**
 * Identities under which other resources may refer to `r`: its `id` output, the resource part of
 * an AWS ARN (`arn:…:vpc/vpc-0abc` → `vpc-0abc`; plan.json records the ARN but no `id`), and
 * `<resource group>/<name>` for Azure resources (lower case: Azure names are case-insensitive).
 */
function identities(r: RuleResource): string[] {
  const ids: string[] = [];
  const id = str(r.props.id);
  if (typeof id === "string" && id !== "") ids.push(id, id.toLowerCase());
  const arn = str(r.props.arn);
  if (typeof arn === "string" && arn.includes("/")) ids.push(arn.slice(arn.lastIndexOf("/") + 1));
  const rg = str(r.props.resourceGroupName);
  if (typeof rg === "string") {
    for (const key of ["name", "localNetworkGatewayName", "virtualNetworkGatewayName", "virtualNetworkName"]) {
      const n = str(r.props[key]);
      if (typeof n === "string") ids.push(`${rg}/${n}`.toLowerCase());
    }
  }
  return ids;
}

/** `/subscriptions/…/resourceGroups/RG/providers/…/<kind>/NAME` → `rg/name`. */
function azureIdKey(id: string): string | undefined {
  const m = /\/resourceGroups\/([^/]+)\/providers\/.+\/([^/]+)$/i.exec(id);
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

/** Index over one stack's resources, with reference resolution. */
export class StackIndex {
  readonly byUrn: ReadonlyMap<string, RuleResource>;
  private readonly byId = new Map<string, RuleResource[]>();

  constructor(readonly resources: readonly RuleResource[]) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r] as const));
    for (const r of resources) for (const id of identities(r)) this.byId.set(id, [...(this.byId.get(id) ?? []), r]);
  }

  ofType(...types: readonly string[]): RuleResource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /**
   * The resource of one of `types` that `from.props[prop]` refers to, found the way each input
   * format allows: the engine's property dependencies (exact, even when the id is unknown during a
   * preview), then the referenced id (a string, or an Azure `{ id }` object), then — for a plan.json,
   * which records no property dependencies — the one resource-level dependency of that type.
   * `undefined` when the property is not set or nothing identifies the target unambiguously.
   */
  resolve(from: RuleResource, prop: string, types: readonly string[]): RuleResource | undefined {
    const one = (rs: readonly (RuleResource | undefined)[]): RuleResource | undefined => {
      const found = [...new Set(rs.filter((r): r is RuleResource => r !== undefined && types.includes(r.type)))];
      return found.length === 1 ? found[0] : undefined;
    };
    const byDeps = one((from.propertyDependencies[prop] ?? []).map((u) => this.byUrn.get(u)));
    if (byDeps) return byDeps;
    const raw = from.props[prop];
    const ref = str(isValueObject(raw) ? get(raw, "id") : raw);
    if (ref === undefined || ref === "") return undefined;
    if (typeof ref === "string") {
      const keys = [ref, ref.toLowerCase(), azureIdKey(ref)].filter((k): k is string => k !== undefined);
      const byId = one(keys.flatMap((k) => this.byId.get(k) ?? []));
      if (byId) return byId;
    }
    // The reference is set but unknown, or names nothing we can identify: a resource depends on
    // what its inputs refer to, so a single dependency of the right type is the one.
    return one(from.dependencies.map((u) => this.byUrn.get(u)));
  }
}

/** The value at `key`, or the first present of several keys (inputs and outputs name some fields differently). */
export function firstOf(r: RuleResource, ...keys: readonly string[]): Value {
  for (const k of keys) if (r.props[k] !== undefined) return r.props[k];
  return undefined;
}

export { Unknown };
