import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import * as random from "@pulumi/random";
import {
  AZURE_PRIVATE_PEERING,
  AlarmNames,
  BGP_AUTH_KEY_RANDOM_SPEC,
  ExpressRouteGatewaySku,
  ExpressRouteSkuFamily,
  ExpressRouteSkuTier,
  ExpressRouteStatus,
  InterconnectPlan,
  Issue,
  PeeringLink,
  checkInterconnectPlan,
  dxBgpAsnFields,
  expressRouteStatus,
  interconnectBgpSessions,
  interconnectResourceNames,
  issue,
  planInterconnect,
  throwIfIssues,
  transitVifMode,
} from "../sdk";
import { BgpSession, BgpSessionInfo, bgpSessionInfo } from "./bgp-session";
import { interconnectHealthAlarms } from "./health-alarm-sets";
import { HealthAlarmsArgs, checkHealthAlarmsArgs } from "./health-alarms";
import { TYPE } from "./type-tokens";

/** The Azure side: the ExpressRoute circuit, its private peering and the ExpressRoute gateway. */
export interface ExpressRouteArgs {
  /** Connectivity provider as Azure lists it, e.g. "Megaport". */
  readonly serviceProviderName: string;
  /** Peering location, e.g. "Washington DC". */
  readonly peeringLocation: string;
  /** 50, 100, 200, 500, 1000, 2000, 5000 or 10000. */
  readonly bandwidthInMbps: number;
  /**
   * Circuit SKU tier.
   * @default "Standard" (`INTERCONNECT_DEFAULTS.skuTier`)
   */
  readonly skuTier?: ExpressRouteSkuTier;
  /**
   * Circuit billing family; a Local circuit needs UnlimitedData.
   * @default "MeteredData" (`INTERCONNECT_DEFAULTS.skuFamily`)
   */
  readonly skuFamily?: ExpressRouteSkuFamily;
  /**
   * The provider configures AzurePrivatePeering itself, so no `ExpressRouteCircuitPeering` is created.
   * @default - true when serviceProviderName is "Megaport" (`INTERCONNECT_DEFAULTS.providersManagingPeering`), else false
   */
  readonly providerManagedPeering?: boolean;
  /** ASN of the provider/customer router (e.g. the MCR's) on the private peering. */
  readonly peerAsn: number;
  /** VLAN of the private peering. */
  readonly vlanId: number;
  /** Primary link /30: the router takes the first usable address, Microsoft the second. */
  readonly primaryPeerAddressPrefix: string;
  /** Secondary link /30, same rule. */
  readonly secondaryPeerAddressPrefix: string;
  /**
   * MD5-protect the private peering we create with a generated key (output `expressRouteBgpAuthKey`,
   * a secret, for the provider router). Ignored when the provider manages the peering.
   * @default true (`INTERCONNECT_DEFAULTS.expressRouteBgpAuth`)
   */
  readonly bgpAuth?: boolean;
  /**
   * ExpressRoute gateway SKU (zone-redundant).
   * @default "ErGw1AZ" (`INTERCONNECT_DEFAULTS.gatewaySku`)
   */
  readonly gatewaySku?: ExpressRouteGatewaySku;
  /**
   * Zones of the gateway's Standard public IP; all three makes the gateway zone-redundant.
   * @default ["1", "2", "3"] (`INTERCONNECT_DEFAULTS.gatewayPublicIpZones`)
   */
  readonly gatewayPublicIpZones?: string[];
  /**
   * Routing weight of the gateway connection (0–32000); never below the VPN connections' weight.
   * @default 0 (`INTERCONNECT_DEFAULTS.routingWeight`)
   */
  readonly routingWeight?: number;
  /**
   * The provider has provisioned the circuit (`serviceProviderProvisioningState` is "Provisioned").
   * Azure rejects a private peering and a gateway connection on an unprovisioned circuit, so until
   * then only the circuit (whose service key the provider needs) and the gateway are created, and
   * `expressRouteStatus` is "awaiting-provider": nothing crosses ExpressRoute.
   * @default false
   */
  readonly providerProvisioned?: boolean;
}

/** The AWS side: the DX gateway, its association with the transit gateway, and the transit VIF. */
export interface DirectConnectArgs {
  /** Amazon-side ASN of the DX gateway; must differ from the TGW's. */
  readonly dxGatewayAsn: number;
  /** The TGW's amazon-side ASN (`TransitGatewayHub.amazonSideAsn`), for the differ check. */
  readonly transitGatewayAsn: number;
  /** ASN of the provider/customer router on the transit VIF. */
  readonly customerAsn: number;
  /**
   * Also confirm `dxConnectionId` as a hosted connection offered by a partner (`ConnectionConfirmation`):
   * how a transit VIF is built through Megaport (a Hosted Connection of at least 1 Gbps, confirmed, then
   * our own transit VIF on it).
   * @default false
   */
  readonly confirmHostedConnection?: boolean;
  /**
   * VLAN of the transit VIF we create. Required with `dxConnectionId`; on a hosted connection, the VLAN the
   * partner allocated to it. The partner sets it on a hosted VIF.
   * @default - none
   */
  readonly vlan?: number;
  /** The VIF's /30: router first usable address, Amazon the second (for a hosted VIF, the one the partner configured). */
  readonly peeringCidr: string;
  /**
   * MTU of the transit VIF: 1500 or 8500 (jumbo).
   * @default 1500 (`INTERCONNECT_DEFAULTS.dxMtu`)
   */
  readonly mtu?: number;
  /**
   * What the TGW advertises to the provider over DX (≤ 20, no default route).
   * @default - `awsPrefixes`
   */
  readonly allowedPrefixes?: string[];
}

/**
 * The private interconnect: ExpressRoute on Azure, Direct Connect on AWS, meeting at a provider router.
 * Give either the intent (`awsPrefixes`, `azurePrefixes`, `expressRoute`, `directConnect`), which the
 * component plans, or a `plan` the sdk already made (`planNetwork(config).interconnect`,
 * `planInterconnect(input).plan`), which it renders as it is after checking it. The resources it attaches
 * to (the TGW, the GatewaySubnet, the DX connection or hosted VIF) are given either way.
 */
export interface ExpressRouteInterconnectArgs {
  /** Azure resource group of the circuit and the gateway. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the circuit and the gateway. */
  readonly location: pulumi.Input<string>;
  /** The hub's TGW (`TransitGatewayHub.transitGatewayId`). */
  readonly transitGatewayId: pulumi.Input<string>;
  /** Id of the VNet's `GatewaySubnet` for the ExpressRoute gateway (it can be shared with the VPN gateway; /27 or larger). */
  readonly gatewaySubnetId: pulumi.Input<string>;
  /**
   * The VPN gateway in the same GatewaySubnet (`SiteToSiteVpn.azureGatewayId`). The ExpressRoute gateway is
   * then created after it, never at the same time: Azure builds one gateway per GatewaySubnet at a time
   * (a second PUT meanwhile fails with 409 AnotherOperationInProgress), Microsoft's docs once required the
   * ExpressRoute gateway first (MicrosoftDocs/azure-docs#8826) and later withdrew the rule (#14960), and the
   * VPN goes first so that its time to connectivity stays its own gateway plus one connection.
   * @default - none: the ExpressRoute gateway waits for nothing but its subnet
   */
  readonly vpnGatewayId?: pulumi.Input<string>;
  /**
   * Create a transit VIF on this (dedicated or hosted) Direct Connect connection. Exactly one of this and `dxHostedVirtualInterfaceId`.
   * @default - none; then `dxHostedVirtualInterfaceId` is required
   */
  readonly dxConnectionId?: pulumi.Input<string>;
  /**
   * Accept this partner-created hosted transit VIF. Exactly one of this and `dxConnectionId`. Refused when
   * `expressRoute.serviceProviderName` is a provider that sells no hosted transit VIF (Megaport): use
   * `dxConnectionId` with `directConnect.confirmHostedConnection` and `directConnect.vlan`.
   * @default - none; then `dxConnectionId` is required
   */
  readonly dxHostedVirtualInterfaceId?: pulumi.Input<string>;
  /**
   * The interconnect to render, planned by the sdk. It replaces the intent fields (`awsPrefixes`,
   * `azurePrefixes`, `expressRoute`, `directConnect`): give the plan or those, not both. It is validated
   * (`checkInterconnectPlan`), never re-planned; its `directConnect.mode` must match the id given.
   * @default - planned here from the intent fields
   */
  readonly plan?: InterconnectPlan;
  /**
   * AWS prefixes (the spoke CIDRs, which the TGW also advertises over the VPN).
   * @default - none; required unless `plan` is given
   */
  readonly awsPrefixes?: string[];
  /**
   * Azure prefixes (VNet address spaces).
   * @default - none; required unless `plan` is given
   */
  readonly azurePrefixes?: string[];
  /**
   * The ExpressRoute circuit, peering and gateway.
   * @default - none; required unless `plan` is given
   */
  readonly expressRoute?: ExpressRouteArgs;
  /**
   * The DX gateway, association and transit VIF.
   * @default - none; required unless `plan` is given
   */
  readonly directConnect?: DirectConnectArgs;
  /**
   * Tags for AWS and Azure resources.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Health alarms: ExpressRoute `BgpAvailability` / `ArpAvailability` on the circuit (disabled until the
   * provider has provisioned it), and, when the transit VIF is created on `dxConnectionId`, Direct Connect
   * `ConnectionState` and `VirtualInterfaceBgpStatus`.
   * @default - on, notifying a created SNS topic and action group (`HEALTH_ALARM_DEFAULTS`)
   */
  readonly healthAlarms?: HealthAlarmsArgs;
}

/** The two ExpressRoute private peering links (primary and secondary /30). */
export interface ExpressRoutePeeringLinks {
  /** The primary link. */
  readonly primary: PeeringLink;
  /** The secondary link. */
  readonly secondary: PeeringLink;
}

/** Peering addresses of both clouds, for the provider router's configuration. */
export interface InterconnectPeeringAddresses {
  /** ExpressRoute private peering: router first usable address, Microsoft the second. */
  readonly expressRoute: ExpressRoutePeeringLinks;
  /** The transit VIF: router first usable address, Amazon the second. */
  readonly directConnect: PeeringLink;
}

/** The intent fields a `plan` replaces; the intent needs all of them. */
export const EXPRESSROUTE_INTERCONNECT_INTENT_FIELDS = ["awsPrefixes", "azurePrefixes", "expressRoute", "directConnect"] as const;

/** Plans both sides from the intent fields (the path every non-TypeScript user takes); never throws. */
function planFromIntent(name: string, args: ExpressRouteInterconnectArgs): { plan: InterconnectPlan | undefined; issues: Issue[] } {
  const missing = EXPRESSROUTE_INTERCONNECT_INTENT_FIELDS.filter((f) => args[f] === undefined);
  if (missing.length > 0) return { plan: undefined, issues: missing.map((f) => issue(`${name}.${f}`, "VALUE_REQUIRED", `${f} is required unless plan is given`)) };
  const vif = transitVifMode(
    { connection: `${name}.dxConnectionId`, hosted: `${name}.dxHostedVirtualInterfaceId` },
    { connection: args.dxConnectionId !== undefined, hosted: args.dxHostedVirtualInterfaceId !== undefined },
  );
  const { plan, issues } = planInterconnect({
    path: name,
    transitVifFields: {
      hostedPath: `${name}.dxHostedVirtualInterfaceId`,
      connection: `${name}.dxConnectionId`,
      confirm: `${name}.directConnect.confirmHostedConnection`,
      vlan: `${name}.directConnect.vlan`,
    },
    awsPrefixes: args.awsPrefixes as string[],
    azurePrefixes: args.azurePrefixes as string[],
    expressRoute: args.expressRoute as ExpressRouteArgs,
    directConnect: { ...(args.directConnect as DirectConnectArgs), mode: vif.mode },
  });
  return vif.issues.length > 0 ? { plan: undefined, issues: [...vif.issues, ...issues] } : { plan, issues };
}

/** A given plan: checked, not re-planned; its transit VIF mode must match the DX id the args give. */
function checkGivenPlan(name: string, args: ExpressRouteInterconnectArgs, plan: InterconnectPlan): Issue[] {
  const issues: Issue[] = [];
  const given = EXPRESSROUTE_INTERCONNECT_INTENT_FIELDS.filter((f) => args[f] !== undefined);
  if (given.length > 0) issues.push(issue(`${name}.plan`, "OPTION_CONFLICT", `the plan replaces ${given.join(", ")}; give the plan or the intent fields, not both`));
  issues.push(...checkInterconnectPlan(`${name}.plan`, plan));
  const [needed, other] = plan.directConnect.mode === "accept" ? (["dxHostedVirtualInterfaceId", "dxConnectionId"] as const) : (["dxConnectionId", "dxHostedVirtualInterfaceId"] as const);
  if (args[needed] === undefined || args[other] !== undefined) {
    issues.push(issue(`${name}.${needed}`, "VALUE_REQUIRED", `the plan's transit VIF mode is "${plan.directConnect.mode}", which takes ${needed} and no ${other}`));
  }
  return issues;
}

/**
 * The interconnect the component renders, `args.plan ?? planFromIntent(args)`, and every problem with
 * the args; never throws.
 */
export function planExpressRouteInterconnect(name: string, args: ExpressRouteInterconnectArgs): { plan: InterconnectPlan | undefined; issues: Issue[] } {
  const alarms = checkHealthAlarmsArgs(`${name}.healthAlarms`, args.healthAlarms);
  if (args.plan !== undefined) return { plan: args.plan, issues: [...checkGivenPlan(name, args, args.plan), ...alarms] };
  const planned = planFromIntent(name, args);
  return { plan: planned.plan, issues: [...planned.issues, ...alarms] };
}

/**
 * The private interconnect: an Azure ExpressRoute circuit, gateway and connection on one side, an AWS
 * DX gateway, TGW association and transit VIF on the other, meeting at a provider router (e.g. a
 * Megaport MCR), plus the three BGP sessions as {@link BgpSession}s.
 *
 * The site-to-site VPN stays up as the backup; nothing here makes it preferred (see
 * components/README-interconnect.md): equal prefixes win over ExpressRoute in Azure and over the DX
 * gateway in the TGW, `allowedPrefixes` must be as specific as what the VPN advertises, and the
 * connection's routing weight is never below the VPN's.
 */
export class ExpressRouteInterconnect extends pulumi.ComponentResource {
  // Every field is an output of the component; `planExpressRouteInterconnect(name, args)` gives the plan.
  /** The ExpressRoute circuit. */
  public readonly circuitId: pulumi.Output<string>;
  /** The circuit's Azure name. */
  public readonly circuitName: pulumi.Output<string>;
  /** The key the provider needs to provision the circuit. A secret. */
  public readonly serviceKey: pulumi.Output<string>;
  /** The ExpressRoute virtual network gateway. */
  public readonly expressRouteGatewayId: pulumi.Output<string>;
  /** The ExpressRoute gateway's Azure name (`crosscloud verify` reads its BGP peers and learned routes). */
  public readonly expressRouteGatewayName: pulumi.Output<string>;
  /** The gateway's connection to the circuit; none until `providerProvisioned`. */
  public readonly expressRouteConnectionId: pulumi.Output<string> | undefined;
  /** "awaiting-provider" until the provider has provisioned the circuit (no connection, nothing crosses ExpressRoute), then "connected". */
  public readonly expressRouteStatus: ExpressRouteStatus;
  /** Our private peering's MD5 key (a secret) for the provider router; undefined when none is created. */
  public readonly expressRouteBgpAuthKey: pulumi.Output<string> | undefined;
  /** The Direct Connect gateway. */
  public readonly dxGatewayId: pulumi.Output<string>;
  /** Amazon-side ASN of the DX gateway. */
  public readonly dxGatewayAsn: number;
  /** The DX gateway association's TGW attachment, for `TransitGatewayHub.attachDirectConnect`. */
  public readonly transitGatewayAttachmentId: pulumi.Output<string>;
  /** The transit VIF (created, or the accepted hosted one). */
  public readonly virtualInterfaceId: pulumi.Output<string>;
  /** The transit VIF's MD5 key (a secret) for the provider router; undefined for an accepted hosted VIF. */
  public readonly dxBgpAuthKey: pulumi.Output<string> | undefined;
  /** Peering addresses of both clouds, for the provider router's configuration. */
  public readonly peeringAddresses: InterconnectPeeringAddresses;
  /** The three BGP sessions, seen from each cloud's edge, keyed `er-primary`, `er-secondary`, `dx`. */
  public readonly bgpSessions: Record<string, BgpSessionInfo> = {};
  /** Name of every health alarm built (CloudWatch alarms, Azure metric alert rules); empty when they are off. */
  public readonly alarmNames: AlarmNames;

  constructor(name: string, args: ExpressRouteInterconnectArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    const { plan, issues } = planExpressRouteInterconnect(name, args);
    throwIfIssues(issues, `crosscloud ExpressRouteInterconnect "${name}"`);
    const p = plan as InterconnectPlan;
    super(TYPE.ExpressRouteInterconnect, name, {}, opts);
    const parent = { parent: this };
    const tags = { ...args.tags };
    // AWS lists resources by their Name tag; Azure resources carry their own names.
    const awsTags = (resourceName: string): Record<string, string> => ({ ...tags, Name: resourceName });
    const names = interconnectResourceNames(name);
    const provisioned = p.expressRoute.providerProvisioned;
    this.expressRouteStatus = expressRouteStatus(p);

    // --- Azure: circuit, private peering (unless the provider makes it), gateway, connection ---
    const circuit = new network.ExpressRouteCircuit(
      names.circuit,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: p.expressRoute.skuName, tier: p.expressRoute.skuTier, family: p.expressRoute.skuFamily },
        serviceProviderProperties: {
          serviceProviderName: p.expressRoute.serviceProviderName,
          peeringLocation: p.expressRoute.peeringLocation,
          bandwidthInMbps: p.expressRoute.bandwidthInMbps,
        },
        allowClassicOperations: false,
        tags,
      },
      // Whoever holds the service key can provision the circuit; keep it out of plaintext state.
      { parent: this, additionalSecretOutputs: ["serviceKey"] },
    );
    this.circuitId = circuit.id;
    this.circuitName = circuit.name;
    this.serviceKey = pulumi.secret(circuit.serviceKey.apply((k) => k ?? ""));

    let peering: network.ExpressRouteCircuitPeering | undefined;
    const erKey = p.expressRoute.bgpAuth && !p.expressRoute.providerManagedPeering ? new random.RandomPassword(`${name}-er-bgp-key`, { ...BGP_AUTH_KEY_RANDOM_SPEC }, parent) : undefined;
    this.expressRouteBgpAuthKey = erKey ? pulumi.secret(erKey.result) : undefined;
    if (!p.expressRoute.providerManagedPeering && provisioned) {
      peering = new network.ExpressRouteCircuitPeering(
        names.peering,
        {
          resourceGroupName: args.resourceGroupName,
          circuitName: circuit.name,
          peeringName: AZURE_PRIVATE_PEERING,
          peeringType: AZURE_PRIVATE_PEERING,
          peerASN: p.expressRoute.peerAsn,
          primaryPeerAddressPrefix: p.expressRoute.primary.cidr,
          secondaryPeerAddressPrefix: p.expressRoute.secondary.cidr,
          vlanId: p.expressRoute.vlanId,
          ...(erKey ? { sharedKey: erKey.result } : {}),
        },
        { parent: this, additionalSecretOutputs: ["sharedKey"] },
      );
    }

    // ER gateways need a Standard public IP (Azure uses it to manage the gateway, not for traffic);
    // its zones decide whether the gateway is zone-redundant.
    const pip = new network.PublicIPAddress(
      names.gatewayPublicIp,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        zones: [...p.expressRoute.gatewayPublicIpZones],
        tags,
      },
      parent,
    );
    // One gateway build per GatewaySubnet at a time, the VPN gateway first (see `vpnGatewayId`): the subnet id
    // is read through the VPN gateway's id, so the engine creates this gateway only once that one exists.
    const gatewaySubnetId =
      args.vpnGatewayId === undefined ? pulumi.output(args.gatewaySubnetId) : pulumi.all([args.gatewaySubnetId, args.vpnGatewayId]).apply(([subnetId]) => subnetId);
    const gateway = new network.VirtualNetworkGateway(
      names.gateway,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        gatewayType: "ExpressRoute",
        sku: { name: p.expressRoute.gatewaySku, tier: p.expressRoute.gatewaySku },
        // ExpressRoute gateways have no VPN generation.
        vpnGatewayGeneration: "None",
        ipConfigurations: [{ name: "default", privateIPAllocationMethod: "Dynamic", subnet: { id: gatewaySubnetId }, publicIPAddress: { id: pip.id } }],
        tags,
      },
      parent,
    );
    this.expressRouteGatewayId = gateway.id;
    this.expressRouteGatewayName = gateway.name;
    if (provisioned) {
      const connection = new network.VirtualNetworkGatewayConnection(
        names.connection,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          connectionType: "ExpressRoute",
          virtualNetworkGateway1: { id: gateway.id },
          peer: { id: circuit.id },
          // Never below the VPN connections' weight (0); Azure's ER-over-VPN rule does the preferring.
          routingWeight: p.expressRoute.routingWeight,
          tags,
        },
        { parent: this, dependsOn: peering ? [peering] : [] },
      );
      this.expressRouteConnectionId = connection.id;
    } else {
      this.expressRouteConnectionId = undefined;
    }

    // --- AWS: DX gateway, TGW association, transit VIF (created or accepted) -----------------
    const dxgw = new aws.directconnect.Gateway(names.dxGateway, { amazonSideAsn: String(p.directConnect.dxGatewayAsn), tags: awsTags(names.dxGateway) }, parent);
    this.dxGatewayId = dxgw.id;
    this.dxGatewayAsn = p.directConnect.dxGatewayAsn;
    const association = new aws.directconnect.GatewayAssociation(
      names.dxAssociation,
      {
        dxGatewayId: dxgw.id,
        associatedGatewayId: args.transitGatewayId,
        // Exactly what AWS advertises to the provider: at least as specific as the VPN's routes.
        allowedPrefixes: [...p.directConnect.allowedPrefixes],
      },
      parent,
    );
    this.transitGatewayAttachmentId = association.transitGatewayAttachmentId;

    if (p.directConnect.mode === "create") {
      const connectionId = args.dxConnectionId as pulumi.Input<string>;
      const confirmation = p.directConnect.confirmHostedConnection ? new aws.directconnect.ConnectionConfirmation(names.confirmation, { connectionId }, parent) : undefined;
      // Without a key AWS generates one and the provider returns it in plaintext state; ours is a secret.
      const dxKey = new random.RandomPassword(`${name}-dx-bgp-key`, { ...BGP_AUTH_KEY_RANDOM_SPEC }, parent);
      this.dxBgpAuthKey = pulumi.secret(dxKey.result);
      const vif = new aws.directconnect.TransitVirtualInterface(
        names.vif,
        {
          connectionId,
          dxGatewayId: dxgw.id,
          vlan: p.directConnect.vlan as number,
          addressFamily: "ipv4",
          ...dxBgpAsnFields(p.directConnect.customerAsn),
          amazonAddress: p.directConnect.amazonAddress,
          customerAddress: p.directConnect.customerAddress,
          bgpAuthKey: dxKey.result,
          mtu: p.directConnect.mtu,
          tags: awsTags(names.vif),
        },
        { parent: this, additionalSecretOutputs: ["bgpAuthKey"], dependsOn: confirmation ? [confirmation] : [] },
      );
      this.virtualInterfaceId = vif.id;
    } else {
      const acceptor = new aws.directconnect.HostedTransitVirtualInterfaceAcceptor(
        names.vifAcceptor,
        { virtualInterfaceId: args.dxHostedVirtualInterfaceId as pulumi.Input<string>, dxGatewayId: dxgw.id, tags: awsTags(names.vifAcceptor) },
        parent,
      );
      this.dxBgpAuthKey = undefined;
      this.virtualInterfaceId = acceptor.id;
    }

    // --- BGP sessions (no cloud resources; uniform outputs for policies and the lab) ----------
    for (const s of interconnectBgpSessions(p)) {
      const session = bgpSessionInfo(s);
      new BgpSession(`${name}-${s.key}-bgp`, session, parent);
      this.bgpSessions[s.key] = session;
    }
    this.peeringAddresses = {
      expressRoute: { primary: p.expressRoute.primary, secondary: p.expressRoute.secondary },
      directConnect: p.directConnect.link,
    };
    this.alarmNames = interconnectHealthAlarms({
      parent: this,
      name,
      args: args.healthAlarms,
      plan: p,
      circuitId: circuit.id,
      // With an accepted hosted VIF the connection is the partner's: no ConnectionState here, and no VIF BGP
      // alarm either (its dimensions include the connection id).
      dxConnectionId: p.directConnect.mode === "create" ? args.dxConnectionId : undefined,
      virtualInterfaceId: this.virtualInterfaceId,
      resourceGroupName: args.resourceGroupName,
      tags,
    }).names;

    this.registerOutputs({
      circuitId: this.circuitId,
      circuitName: this.circuitName,
      serviceKey: this.serviceKey,
      expressRouteGatewayId: this.expressRouteGatewayId,
      expressRouteGatewayName: this.expressRouteGatewayName,
      expressRouteConnectionId: this.expressRouteConnectionId,
      expressRouteStatus: this.expressRouteStatus,
      expressRouteBgpAuthKey: this.expressRouteBgpAuthKey,
      dxGatewayId: this.dxGatewayId,
      dxGatewayAsn: this.dxGatewayAsn,
      transitGatewayAttachmentId: this.transitGatewayAttachmentId,
      virtualInterfaceId: this.virtualInterfaceId,
      dxBgpAuthKey: this.dxBgpAuthKey,
      peeringAddresses: this.peeringAddresses,
      bgpSessions: this.bgpSessions,
      alarmNames: this.alarmNames,
    });
  }
}
