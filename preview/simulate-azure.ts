/**
 * Simulated @pulumi/azure-native (3.x) resources: what ARM would report after a PUT.
 *
 * Ids follow ARM's shape, `/subscriptions/<sub>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>[/<childType>/<childName>]`,
 * with the all-zero subscription and the resource group taken from the inputs. Names come from the
 * name argument when set, else from azure-native's auto-naming (logical name + 8 characters).
 */
import { hashHex, SIM_AZURE_SUBSCRIPTION, SIM_AZURE_TENANT, uuid } from "./ids";
import { AZURE_DEFAULT_ASN, MICROSOFT_EXPRESSROUTE_ASN } from "../sdk/asn";
import { cidrProblem } from "../sdk/cidr";
import { AZURE_CONNECTION_DEFAULTS } from "../sdk/ipsec-vocabulary";
import { list, num, record, refId, str, type SimContext, type SimulatedEntry, type SimulatedResult, type Simulator } from "./simulate-context";
import { INVOKE, T } from "../graph/types";

/** The API versions azure-native 3.28 uses by default (reference §"Packages"). */
const API_VERSION = { network: "2024-05-01", dnsresolver: "2023-07-01-preview", privatedns: "2024-06-01", resources: "2024-03-01", metricAlerts: "2018-03-01", actionGroups: "2024-10-01-preview" } as const;


export interface AzureSpec {
  /** ARM provider namespace, e.g. `Microsoft.Network`. */
  readonly namespace: string;
  /** Parent segments: ARM collection name + the input holding the parent's name. */
  readonly parents?: ReadonlyArray<readonly [collection: string, nameInput: string]>;
  /** ARM collection of this resource, e.g. `virtualNetworks`. */
  readonly collection: string;
  /** The input that names the resource (the last path parameter), e.g. `virtualNetworkName`. */
  readonly nameInput: string;
  readonly apiVersion: string;
  /** Tracked resources have a location; child/proxy resources (subnets, routes, rules) do not. */
  readonly tracked: boolean;
}

export interface AzureIdentity {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly armType: string;
}

/** azure-native's auto-name: the logical name plus 8 characters, no separator. */
function autoName(ctx: SimContext): string {
  return `${ctx.name}${hashHex(ctx.seed("autoname"), 8)}`;
}

function identity(ctx: SimContext, spec: AzureSpec): AzureIdentity {
  const resourceGroup = str(ctx.plain["resourceGroupName"]) ?? "";
  const name = str(ctx.plain[spec.nameInput]) ?? autoName(ctx);
  const path = [...(spec.parents ?? []).map(([collection, input]) => `${collection}/${str(ctx.plain[input]) ?? ""}`), `${spec.collection}/${name}`];
  const armType = [spec.namespace, ...(spec.parents ?? []).map(([collection]) => collection), spec.collection].join("/");
  return {
    id: `/subscriptions/${SIM_AZURE_SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/${spec.namespace}/${path.join("/")}`,
    name,
    resourceGroup,
    armType,
  };
}

/**
 * The location ARM reports: the resource's own, else its resource group's (what the portal and
 * azure-native's default do), else the explicit provider's, else `azure-native:location`, else eastus.
 */
function location(ctx: SimContext): string {
  const group = ctx.world.resourceGroup(str(ctx.plain["resourceGroupName"]) ?? "");
  return (
    str(ctx.plain["location"]) ??
    str(group?.state["location"]) ??
    str(ctx.providerInputs?.["location"]) ??
    ctx.world.config("azure-native:location") ??
    "eastus"
  );
}

function base(ctx: SimContext, spec: AzureSpec, who: AzureIdentity): Record<string, unknown> {
  const state: Record<string, unknown> = {
    ...ctx.inputs,
    name: who.name,
    type: who.armType,
    etag: `W/"${uuid(ctx.seed("etag"))}"`,
    provisioningState: "Succeeded",
    azureApiVersion: spec.apiVersion,
  };
  if (spec.tracked) {
    state["location"] = location(ctx);
    state["resourceGuid"] = uuid(ctx.seed("guid"));
  }
  return state;
}

/**
 * Address prefixes as ARM validates them: each canonical, or the PUT fails ("has an invalid CIDR
 * notation"). A prefix with host bits set is an error naming the resource and the value, never aligned.
 */
function checkPrefixes(ctx: SimContext, field: string, prefixes: readonly unknown[]): void {
  for (const prefix of prefixes) {
    if (typeof prefix !== "string") continue;
    const problem = cidrProblem(prefix);
    if (problem) throw new Error(`${ctx.name} (${ctx.type}): ${field} ${problem.message}; Azure would reject it`);
  }
}

/** A subnet's `addressPrefix` and `addressPrefixes`, inline on a VirtualNetwork or a Subnet of its own. */
function checkSubnetPrefixes(ctx: SimContext, subnet: Readonly<Record<string, unknown>>, where: string): void {
  checkPrefixes(ctx, `${where}addressPrefix`, [subnet["addressPrefix"]]);
  checkPrefixes(ctx, `${where}addressPrefixes`, list(subnet["addressPrefixes"]));
}

/** The common path: echo + identity, with `extra` computing type-specific attributes. */
export function azure(spec: AzureSpec, extra?: (ctx: SimContext, who: AzureIdentity) => Record<string, unknown>): Simulator {
  return (ctx) => {
    const who = identity(ctx, spec);
    const state = { ...base(ctx, spec, who), ...(extra ? extra(ctx, who) : {}) };
    return { id: ctx.requestedId ?? who.id, state };
  };
}

export const network = (collection: string, nameInput: string, tracked = true, parents?: AzureSpec["parents"]): AzureSpec => ({
  namespace: "Microsoft.Network",
  collection,
  nameInput,
  apiVersion: API_VERSION.network,
  tracked,
  ...(parents ? { parents } : {}),
});

const dnsResolver = (collection: string, nameInput: string, tracked = true, parents?: AzureSpec["parents"]): AzureSpec => ({
  namespace: "Microsoft.Network",
  collection,
  nameInput,
  apiVersion: API_VERSION.dnsresolver,
  tracked,
  ...(parents ? { parents } : {}),
});

const privateDns = (collection: string, nameInput: string, parents?: AzureSpec["parents"]): AzureSpec => ({
  namespace: "Microsoft.Network",
  collection,
  nameInput,
  apiVersion: API_VERSION.privatedns,
  // Private DNS zones and their links are tracked resources whose location is "global".
  tracked: true,
  ...(parents ? { parents } : {}),
});

/** Azure Monitor resources (`Microsoft.Insights`): metric alert rules and action groups, both global. */
const insights = (collection: string, nameInput: string, apiVersion: string): AzureSpec => ({
  namespace: "Microsoft.Insights",
  collection,
  nameInput,
  apiVersion,
  tracked: true,
});

/** The CIDR of a subnet by id: a Subnet resource, or a subnet declared inline on a VirtualNetwork. */
function subnetCidr(ctx: SimContext, subnetId: string): string | undefined {
  const entry = ctx.world.lookup(subnetId);
  return str(entry?.state["addressPrefix"]) ?? str(list(entry?.state["addressPrefixes"])[0]);
}

/** A private address in the subnet `subnetId`, lowest free first, as Azure's DHCP assigns. */
export function privateIpIn(ctx: SimContext, subnetId: string, purpose: string): string {
  // A subnet this program did not create has no known CIDR; a stable 10.x /24 keeps the preview plausible.
  const cidr = subnetCidr(ctx, subnetId) ?? `10.${parseInt(hashHex(subnetId, 2), 16)}.${parseInt(hashHex(`${subnetId}/2`, 2), 16)}.0/24`;
  return ctx.world.privateIp(subnetId.toLowerCase(), cidr, ctx.seed(purpose), true);
}

/** Inline subnets of a VirtualNetwork get ARM ids (and are registered so others can find their CIDR). */
function virtualNetworkExtra(ctx: SimContext, who: AzureIdentity): Record<string, unknown> {
  checkPrefixes(ctx, "addressSpace.addressPrefixes", list(record(ctx.plain["addressSpace"])["addressPrefixes"]));
  for (const s of list(ctx.plain["subnets"])) checkSubnetPrefixes(ctx, record(s), `subnets[${str(record(s)["name"]) ?? "?"}].`);
  const subnets = list(ctx.inputs["subnets"]).map((s) => {
    const subnet = record(s);
    return { ...subnet, id: `${who.id}/subnets/${str(subnet["name"]) ?? ""}`, provisioningState: "Succeeded", type: `${who.armType}/subnets` };
  });
  return { subnets, virtualNetworkPeerings: ctx.inputs["virtualNetworkPeerings"] ?? [] };
}

function virtualNetworkGatewayExtra(ctx: SimContext, who: AzureIdentity): Record<string, unknown> {
  const gatewayType = str(ctx.plain["gatewayType"]) ?? "Vpn";
  const ipConfigurations = list(ctx.inputs["ipConfigurations"]).map((c, i): Record<string, unknown> & { id: string } => {
    const config = record(c);
    const name = str(config["name"]) ?? `ipconfig${i}`;
    return {
      ...config,
      name,
      id: `${who.id}/ipConfigurations/${name}`,
      privateIPAllocationMethod: config["privateIPAllocationMethod"] ?? "Dynamic",
      provisioningState: "Succeeded",
    };
  });
  const state: Record<string, unknown> = {
    gatewayType,
    ipConfigurations,
    activeActive: ctx.inputs["activeActive"] ?? false,
    enableBgp: ctx.inputs["enableBgp"] ?? false,
  };
  if (gatewayType === "Vpn") {
    state["vpnType"] = ctx.inputs["vpnType"] ?? "RouteBased";
    const inputBgp = record(ctx.inputs["bgpSettings"]);
    const requested = list(inputBgp["bgpPeeringAddresses"]).map(record);
    // One BGP peering address per gateway instance (ip configuration). Each instance's default
    // BGP address is its private address in GatewaySubnet; its tunnel address is its public IP.
    const bgpPeeringAddresses = ipConfigurations.map((config, i) => {
      const match = requested.find((r) => str(r["ipconfigurationId"])?.toLowerCase() === config.id.toLowerCase());
      const subnetId = refId(config["subnet"]) ?? "";
      const pip = ctx.world.lookup(refId(config["publicIPAddress"]) ?? "");
      return {
        ...(match ?? {}),
        ipconfigurationId: config.id,
        customBgpIpAddresses: match?.["customBgpIpAddresses"] ?? [],
        defaultBgpIpAddresses: [privateIpIn(ctx, subnetId, `instance${i}`)],
        tunnelIpAddresses: [str(pip?.state["ipAddress"]) ?? ctx.world.publicIp("azure", ctx.seed(`tunnel${i}`))],
      };
    });
    state["bgpSettings"] = {
      ...inputBgp,
      asn: num(inputBgp["asn"]) ?? AZURE_DEFAULT_ASN,
      peerWeight: num(inputBgp["peerWeight"]) ?? 0,
      // ARM reports the instances' default addresses comma-separated here.
      bgpPeeringAddress: bgpPeeringAddresses.map((b) => b.defaultBgpIpAddresses[0]).join(","),
      bgpPeeringAddresses,
    };
  }
  return state;
}

function inboundEndpointExtra(ctx: SimContext): Record<string, unknown> {
  const ipConfigurations = list(ctx.inputs["ipConfigurations"]).map((c, i) => {
    const config = record(c);
    const method = str(config["privateIpAllocationMethod"]) ?? "Dynamic";
    const given = config["privateIpAddress"];
    return {
      ...config,
      privateIpAllocationMethod: method,
      privateIpAddress: given ?? privateIpIn(ctx, refId(config["subnet"]) ?? "", `ip${i}`),
    };
  });
  return { ipConfigurations };
}

function publicIpExtra(ctx: SimContext): Record<string, unknown> {
  const sku = str(record(ctx.plain["sku"])["name"]) ?? "Basic";
  return {
    ipAddress: ctx.inputs["ipAddress"] ?? ctx.world.publicIp("azure", ctx.seed("ip")),
    publicIPAddressVersion: ctx.inputs["publicIPAddressVersion"] ?? "IPv4",
    // Standard SKU addresses are always static; Basic defaults to dynamic.
    publicIPAllocationMethod: ctx.inputs["publicIPAllocationMethod"] ?? (sku === "Standard" ? "Static" : "Dynamic"),
    idleTimeoutInMinutes: ctx.inputs["idleTimeoutInMinutes"] ?? 4,
  };
}

/**
 * Route Server's IP configuration in RouteServerSubnet. Once it exists ARM reports the hub's two router
 * IPs (`virtualRouterIps`, the addresses NVAs peer with): the configuration's own address and the next
 * free one in the subnet. The hub's registry entry is updated with them, so a later `getVirtualHub`
 * reads what ARM would return then.
 */
function virtualHubIpConfiguration(ctx: SimContext): SimulatedResult {
  const result = azure(network("ipConfigurations", "ipConfigName", false, [["virtualHubs", "virtualHubName"]]), (c) => {
    const subnetId = refId(c.plain["subnet"]) ?? "";
    return {
      privateIPAllocationMethod: c.inputs["privateIPAllocationMethod"] ?? "Dynamic",
      privateIPAddress: c.inputs["privateIPAddress"] ?? privateIpIn(c, subnetId, "router"),
    };
  })(ctx);
  const hubId = `/subscriptions/${SIM_AZURE_SUBSCRIPTION}/resourceGroups/${str(ctx.plain["resourceGroupName"]) ?? ""}/providers/Microsoft.Network/virtualHubs/${str(ctx.plain["virtualHubName"]) ?? ""}`;
  const hub = ctx.world.lookup(hubId);
  const first = str(result.state["privateIPAddress"]);
  if (hub === undefined || first === undefined) return result;
  const second = privateIpIn(ctx, refId(ctx.plain["subnet"]) ?? "", "router2");
  return { ...result, alsoCreates: [{ ...hub, state: { ...hub.state, virtualRouterIps: [first, second] } }] };
}

export const AZURE_SIMULATORS: Readonly<Record<string, Simulator>> = {
  [T.azureResourceGroup]: (ctx) => {
    const name = str(ctx.plain["resourceGroupName"]) ?? autoName(ctx);
    return {
      id: ctx.requestedId ?? `/subscriptions/${SIM_AZURE_SUBSCRIPTION}/resourceGroups/${name}`,
      state: {
        ...ctx.inputs,
        name,
        type: "Microsoft.Resources/resourceGroups",
        location: location(ctx),
        properties: { provisioningState: "Succeeded" },
        azureApiVersion: API_VERSION.resources,
      },
    };
  },
  [T.azureVnet]: (ctx) => {
    const result = azure(network("virtualNetworks", "virtualNetworkName"), virtualNetworkExtra)(ctx);
    return { ...result, alsoCreates: inlineSubnets(result.state) };
  },
  [T.azureSubnet]: azure(network("subnets", "subnetName", false, [["virtualNetworks", "virtualNetworkName"]]), (ctx) => {
    checkSubnetPrefixes(ctx, ctx.plain, "");
    return {
      privateEndpointNetworkPolicies: ctx.inputs["privateEndpointNetworkPolicies"] ?? "Disabled",
      privateLinkServiceNetworkPolicies: ctx.inputs["privateLinkServiceNetworkPolicies"] ?? "Enabled",
      delegations: ctx.inputs["delegations"] ?? [],
    };
  }),
  [T.azurePublicIp]: azure(network("publicIPAddresses", "publicIpAddressName"), publicIpExtra),
  [T.azureVng]: azure(network("virtualNetworkGateways", "virtualNetworkGatewayName"), virtualNetworkGatewayExtra),
  [T.azureLng]: azure(network("localNetworkGateways", "localNetworkGatewayName")),
  [T.azureConnection]: azure(network("connections", "virtualNetworkGatewayConnectionName"), (ctx) => ({
    connectionMode: ctx.inputs["connectionMode"] ?? AZURE_CONNECTION_DEFAULTS.connectionMode,
    connectionProtocol: ctx.inputs["connectionProtocol"] ?? AZURE_CONNECTION_DEFAULTS.connectionProtocol,
    connectionStatus: "Unknown",
    egressBytesTransferred: 0,
    ingressBytesTransferred: 0,
    enableBgp: ctx.inputs["enableBgp"] ?? false,
    routingWeight: ctx.inputs["routingWeight"] ?? 0,
    useLocalAzureIpAddress: ctx.inputs["useLocalAzureIpAddress"] ?? false,
    usePolicyBasedTrafficSelectors: ctx.inputs["usePolicyBasedTrafficSelectors"] ?? false,
  })),
  [T.azureErCircuit]: azure(network("expressRouteCircuits", "circuitName"), (ctx) => ({
    // The key the connectivity provider (e.g. Megaport) needs to provision the circuit.
    serviceKey: ctx.inputs["serviceKey"] ?? uuid(ctx.seed("service-key")),
    serviceProviderProvisioningState: "NotProvisioned",
    circuitProvisioningState: "Enabled",
    allowClassicOperations: ctx.inputs["allowClassicOperations"] ?? false,
    authorizations: ctx.inputs["authorizations"] ?? [],
    peerings: ctx.inputs["peerings"] ?? [],
    stag: parseInt(hashHex(ctx.seed("stag"), 3), 16),
  })),
  [T.azureErPeering]: azure(
    network("peerings", "peeringName", false, [["expressRouteCircuits", "circuitName"]]),
    (ctx) => ({
      azureASN: MICROSOFT_EXPRESSROUTE_ASN,
      primaryAzurePort: `EQ-DC2-09GMR-CIS-1-PRI-A`,
      secondaryAzurePort: `EQ-DC2-09GMR-CIS-2-SEC-A`,
      state: ctx.inputs["state"] ?? "Enabled",
    }),
  ),
  [T.azureRouteTable]: azure(network("routeTables", "routeTableName"), (ctx) => ({
    disableBgpRoutePropagation: ctx.inputs["disableBgpRoutePropagation"] ?? false,
    routes: ctx.inputs["routes"] ?? [],
  })),
  [T.azureRoute]: azure(network("routes", "routeName", false, [["routeTables", "routeTableName"]]), () => ({ hasBgpOverride: false })),
  // Route Server = VirtualHub (no virtualWan) + an IP configuration in RouteServerSubnet + BGP connections.
  [T.azureVirtualHub]: azure(network("virtualHubs", "virtualHubName"), (ctx) => ({
    // Route Server's own ASN (reference §1.1). Its router IPs are assigned once the IP
    // configuration exists, which is a later resource, so they are not known here.
    virtualRouterAsn: ctx.inputs["virtualRouterAsn"] ?? AZURE_DEFAULT_ASN,
    virtualRouterIps: ctx.inputs["virtualRouterIps"] ?? [],
    routingState: "Provisioned",
  })),
  [T.azureVirtualHubIpConfiguration]: virtualHubIpConfiguration,
  [T.azureVirtualHubBgpConnection]: azure(
    network("bgpConnections", "connectionName", false, [["virtualHubs", "virtualHubName"]]),
    () => ({ connectionState: "Connected" }),
  ),

  // What ARM reports for a rule after the PUT: never evaluated yet, not migrated from classic alerts.
  [T.azureMetricAlert]: azure(insights("metricAlerts", "ruleName", API_VERSION.metricAlerts), (ctx) => ({
    autoMitigate: ctx.inputs["autoMitigate"] ?? true,
    isMigrated: false,
    lastUpdatedTime: "2024-01-01T00:00:00.0000000Z",
    targetResourceType: ctx.inputs["targetResourceType"] ?? "",
    targetResourceRegion: ctx.inputs["targetResourceRegion"] ?? "",
  })),
  [T.azureActionGroup]: azure(insights("actionGroups", "actionGroupName", API_VERSION.actionGroups), (ctx) => ({
    emailReceivers: list(ctx.inputs["emailReceivers"]).map((r) => ({ ...record(r), status: "Enabled" })),
  })),
  [T.azureDnsResolver]: azure(dnsResolver("dnsResolvers", "dnsResolverName"), () => ({ dnsResolverState: "Connected" })),
  [T.azureDnsInboundEndpoint]: azure(
    dnsResolver("inboundEndpoints", "inboundEndpointName", true, [["dnsResolvers", "dnsResolverName"]]),
    inboundEndpointExtra,
  ),
  [T.azureDnsOutboundEndpoint]: azure(dnsResolver("outboundEndpoints", "outboundEndpointName", true, [["dnsResolvers", "dnsResolverName"]])),
  [T.azureDnsForwardingRuleset]: azure(dnsResolver("dnsForwardingRulesets", "dnsForwardingRulesetName")),
  [T.azureDnsForwardingRule]: azure(
    dnsResolver("forwardingRules", "forwardingRuleName", false, [["dnsForwardingRulesets", "dnsForwardingRulesetName"]]),
    (ctx) => ({ forwardingRuleState: ctx.inputs["forwardingRuleState"] ?? "Enabled" }),
  ),
  [T.azureDnsRulesetVnetLink]: azure(
    dnsResolver("virtualNetworkLinks", "virtualNetworkLinkName", false, [["dnsForwardingRulesets", "dnsForwardingRulesetName"]]),
  ),
  [T.azurePrivateDnsZone]: azure(privateDns("privateDnsZones", "privateZoneName"), (ctx) => ({
    numberOfRecordSets: 1,
    numberOfVirtualNetworkLinks: 0,
    maxNumberOfVirtualNetworkLinks: 1000,
    internalId: uuid(ctx.seed("internal")),
  })),
  [T.azurePrivateDnsZoneVnetLink]: azure(privateDns("virtualNetworkLinks", "virtualNetworkLinkName", [["privateDnsZones", "privateZoneName"]]), (ctx) => ({
    registrationEnabled: ctx.inputs["registrationEnabled"] ?? false,
    resolutionPolicy: ctx.inputs["resolutionPolicy"] ?? "Default",
    virtualNetworkLinkState: "Completed",
  })),
};

/** Subnets declared inline on a simulated VirtualNetwork, registered by id like Subnet resources. */
function inlineSubnets(state: Readonly<Record<string, unknown>>): SimulatedEntry[] {
  return list(state["subnets"]).map((s) => {
    const subnet = record(s);
    return { type: T.azureSubnet, name: str(subnet["name"]) ?? "", id: str(subnet["id"]) ?? "", state: subnet, facts: {} };
  });
}

/** Invokes azure-native answers offline. */
export const AZURE_INVOKES: Readonly<Record<string, () => Record<string, unknown>>> = {
  [INVOKE.azureGetClientConfig]: () => ({
    clientId: "22222222-2222-2222-2222-222222222222",
    objectId: "33333333-3333-3333-3333-333333333333",
    subscriptionId: SIM_AZURE_SUBSCRIPTION,
    tenantId: SIM_AZURE_TENANT,
  }),
};
