import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as network from "@pulumi/azure-native/network";
import * as random from "@pulumi/random";
import {
  AlarmNames,
  Issue,
  IpsecProfileName,
  PSK_RANDOM_SPEC,
  TunnelPlan,
  GatewayInstanceRole,
  VpnAttachment,
  VpnConnectionSpec,
  VpnGatewaySku,
  VpnLayout,
  VpnPlan,
  awsTunnelOptions,
  checkKey,
  checkVpnPlan,
  customerGatewayAsnFields,
  ipsecProfile,
  issue,
  joinPath,
  planVpn,
  sortedKeys,
  throwIfIssues,
  vpnGatewayInstances,
} from "../sdk";
import { BgpSessionInfo } from "./bgp-session";
import { vpnHealthAlarms } from "./health-alarm-sets";
import { HealthAlarmsArgs, checkHealthAlarmsArgs } from "./health-alarms";
import { AwsTunnelTarget } from "./health-alarms-aws";
import { TYPE } from "./type-tokens";
import { VpnTunnel } from "./vpn-tunnel";

/** @deprecated Use `VpnAttachment` (the same values, and a schema enum). */
export type VpnAttachmentKind = VpnAttachment;

/** Inside /30s of one AWS VPN connection's two tunnels. */
export interface TunnelInsideCidrs {
  /** Inside /30 of tunnel 1, within Azure's custom APIPA range (`AZURE_APIPA_FIRST`–`AZURE_APIPA_LAST`), the only one Azure accepts. */
  readonly t1: string;
  /** Inside /30 of tunnel 2, same range. */
  readonly t2: string;
}

/** One AWS VPN connection (two tunnels) and the Azure gateway instance it lands on. */
export interface VpnConnectionArgs {
  /** Azure gateway instance (0 or 1) the connection's customer gateway points at. */
  readonly azureInstance: number;
  /**
   * Explicit inside /30s for the connection's tunnels.
   * @default - planned from Azure's custom APIPA range (`AZURE_APIPA_FIRST`–`AZURE_APIPA_LAST`)
   */
  readonly insideCidrs?: TunnelInsideCidrs;
}

/** An existing Azure VPN gateway to use instead of creating one. */
export interface ExistingAzureGatewayArgs {
  /** Resource id of an existing route-based, active-active VPN gateway. */
  readonly id: pulumi.Input<string>;
  /** Its public IPs, in ip configuration order. */
  readonly publicIpAddresses: pulumi.Input<string>[];
  /** Its ip configuration ids, in the same order. */
  readonly ipConfigurationIds: pulumi.Input<string>[];
}

/**
 * A site-to-site VPN between AWS (VGW or TGW) and one Azure VPN gateway. Give either the intent (`layout`,
 * `awsRegion`, `awsPrefixes`, `azurePrefixes` and the optional fields after them), which the component
 * plans, or a `plan` already made by the sdk (`planNetwork(config).vpn`, `planVpn(input).plan`), which it
 * renders as it is after checking it.
 */
export interface SiteToSiteVpnArgs {
  /**
   * The VPN layout to render, planned by the sdk. It replaces every intent field (`layout`, `connections`,
   * `tunnelCount`, `awsAsn`, `azureAsn`, `awsRegion`, `awsPrefixes`, `azurePrefixes`, `ipsecProfile`,
   * `gatewaySku`, `routeServer`): give the plan or those, not both. It is validated (`checkVpnPlan`), never re-planned.
   * @default - planned here from the intent fields
   */
  readonly plan?: VpnPlan;
  /**
   * `dev`: 1 connection/2 tunnels; `ha`: 2 connections/4 tunnels; `custom`: `connections` or `tunnelCount`.
   * @default - none; required unless `plan` is given
   */
  readonly layout?: VpnLayout;
  /** Connections keyed by a stable slug: for `custom`, the layout itself; for `dev`/`ha`, only `insideCidrs` pins. */
  readonly connections?: Readonly<Record<string, VpnConnectionArgs>>;
  /** For `custom`: an even number of tunnels; connections `a`, `b`, … alternate instances. */
  readonly tunnelCount?: number;
  /**
   * Amazon-side ASN of the VGW/TGW.
   * @default `AWS_DEFAULT_AMAZON_ASN` (AWS's own default)
   */
  readonly awsAsn?: number;
  /**
   * Azure VPN gateway ASN.
   * @default `AZURE_DEFAULT_ASN` (Azure's own default)
   */
  readonly azureAsn?: number;
  /**
   * AWS Region of the VPN (some customer-gateway ASNs are reserved per Region).
   * @default - none; required unless `plan` is given
   */
  readonly awsRegion?: string;
  /**
   * Prefixes AWS advertises to Azure (VPC CIDRs).
   * @default - none; required unless `plan` is given
   */
  readonly awsPrefixes?: string[];
  /**
   * Prefixes Azure advertises to AWS (VNet address spaces); at most 100 per AWS VPN connection.
   * @default - none; required unless `plan` is given
   */
  readonly azurePrefixes?: string[];
  /**
   * IKE/IPsec profile pinned on both clouds, named like a strongSwan proposal (`IPSEC_PROFILES`).
   * @default "aes256-sha256-modp2048" (IKEv2, AES256, SHA2-256, DH group 14)
   */
  readonly ipsecProfile?: IpsecProfileName;
  /**
   * Azure VPN gateway SKU.
   * @default "VpnGw1AZ" for dev, "VpnGw2AZ" otherwise (`DEFAULT_VPN_SKU`)
   */
  readonly gatewaySku?: VpnGatewaySku;
  /**
   * An Azure Route Server shares the VNet (forces `AZURE_DEFAULT_ASN` and active-active).
   * @default false
   */
  readonly routeServer?: boolean;

  /** Azure subscription id, used to build the gateway's self-referencing ip configuration ids. */
  readonly subscriptionId: pulumi.Input<string>;
  /** Azure resource group of the gateway and its public IPs. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the gateway. */
  readonly location: pulumi.Input<string>;
  /** Id of the VNet's `GatewaySubnet`. Required unless `existingGateway` is given. */
  readonly gatewaySubnetId?: pulumi.Input<string>;
  /**
   * Azure name of the gateway; pinned because ip configuration ids embed it.
   * @default `${name}-vng`
   */
  readonly gatewayName?: string;
  /** Bring your own gateway: it must already carry the planned custom APIPA addresses (see `customBgpIpAddresses`). */
  readonly existingGateway?: ExistingAzureGatewayArgs;

  /** `vgw`: a virtual private gateway (created, or `existingVpnGatewayId`); `tgw`: `transitGatewayId`. */
  readonly attachment: VpnAttachment;
  /** VPC to attach a new VGW to. */
  readonly vpcId?: pulumi.Input<string>;
  /** Use an existing VGW instead of creating one. */
  readonly existingVpnGatewayId?: pulumi.Input<string>;
  /**
   * Route tables that learn Azure routes from a new VGW (route propagation), keyed by a stable slug; the
   * key names the propagation, so removing one table never touches another's.
   * @default {}
   */
  readonly vgwRouteTableIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Transit Gateway for `tgw` (its `vpnEcmpSupport` should be enabled for HA). */
  readonly transitGatewayId?: pulumi.Input<string>;
  /**
   * Tags for every AWS and Azure resource (AWS resources also get a `Name`).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Tunnel and BGP health alarms on both clouds: per AWS tunnel and connection (`TunnelState`), per Azure BGP
   * peer in use (`BgpPeerStatus`) and on the routes the gateway learns (`BgpRoutesLearned`).
   * @default - on, notifying a created SNS topic and action group (`HEALTH_ALARM_DEFAULTS`)
   */
  readonly healthAlarms?: HealthAlarmsArgs;
}

/** Everything a user wants to know about one tunnel, in one row. */
export interface TunnelRow {
  /** The tunnel's key: `<connection>-t1` or `-t2`. */
  readonly key: string;
  /** AWS tunnel outside (public) address. */
  readonly awsOutsideAddress: string;
  /** Public IP of the Azure gateway instance the tunnel lands on. */
  readonly azureOutsideAddress: string;
  /** The tunnel's inside /30. */
  readonly insideCidr: string;
  /** AWS's BGP address (first usable address of the /30). */
  readonly awsInsideAddress: string;
  /** Azure's custom APIPA BGP address (second usable address). */
  readonly azureInsideAddress: string;
  /** The Azure gateway instance the tunnel lands on (the only one whose tunnel to AWS can come up). */
  readonly azureInstance: number;
  /** Amazon-side ASN. */
  readonly awsAsn: number;
  /** Azure gateway ASN. */
  readonly azureAsn: number;
  /** The AWS VPN connection carrying the tunnel. */
  readonly awsVpnConnectionId: string;
  /** The Azure IPsec connection of the tunnel. */
  readonly azureConnectionId: string;
}

/** One Azure VPN gateway instance, as monitoring and operators need it. */
export interface GatewayInstanceRow {
  /** The instance: its ip configuration index. */
  readonly instance: number;
  /** "active" (carries tunnels) or "idle" (carries none, by design). */
  readonly role: GatewayInstanceRole;
  /** Its public IP. */
  readonly publicIpAddress: string;
  /** Keys of the tunnels that land on it. */
  readonly tunnels: string[];
  /** AWS inside addresses of its BGP peers (Azure's `BgpPeerAddress` metric dimension); none when idle. */
  readonly bgpPeerAddresses: string[];
  /** Its custom APIPA BGP addresses. */
  readonly customBgpIpAddresses: string[];
  /** Why it is idle and what that means for alarms and cost; empty when active. */
  readonly note: string;
}

/** The intent fields a `plan` replaces, and those of them the intent cannot do without. */
export const SITE_TO_SITE_VPN_INTENT_FIELDS = ["layout", "connections", "tunnelCount", "awsAsn", "azureAsn", "awsRegion", "awsPrefixes", "azurePrefixes", "ipsecProfile", "gatewaySku", "routeServer"] as const;
const REQUIRED_INTENT_FIELDS = ["layout", "awsRegion", "awsPrefixes", "azurePrefixes"] as const;

/** Plans the layout from the intent fields (the path every non-TypeScript user takes); never throws. */
function planFromIntent(name: string, args: SiteToSiteVpnArgs): { plan: VpnPlan | undefined; issues: Issue[] } {
  const missing = REQUIRED_INTENT_FIELDS.filter((f) => args[f] === undefined);
  if (missing.length > 0) return { plan: undefined, issues: missing.map((f) => issue(`${name}.${f}`, "VALUE_REQUIRED", `${f} is required unless plan is given`)) };
  const connections: Record<string, VpnConnectionSpec> = {};
  for (const [k, c] of Object.entries(args.connections ?? {})) {
    connections[k] = { azureInstance: c.azureInstance as 0 | 1, ...(c.insideCidrs ? { insideCidrs: c.insideCidrs } : {}) };
  }
  return planVpn({
    layout: args.layout as VpnLayout,
    awsRegion: args.awsRegion as string,
    awsPrefixes: args.awsPrefixes as string[],
    azurePrefixes: args.azurePrefixes as string[],
    path: name,
    ...(args.connections ? { connections } : {}),
    ...(args.tunnelCount !== undefined ? { tunnelCount: args.tunnelCount } : {}),
    ...(args.awsAsn !== undefined ? { awsAsn: args.awsAsn } : {}),
    ...(args.azureAsn !== undefined ? { azureAsn: args.azureAsn } : {}),
    ...(args.ipsecProfile !== undefined ? { ipsecProfile: args.ipsecProfile } : {}),
    ...(args.gatewaySku !== undefined ? { gatewaySku: args.gatewaySku } : {}),
    ...(args.routeServer !== undefined ? { routeServer: args.routeServer } : {}),
  });
}

/**
 * The layout the component renders, `args.plan ?? planFromIntent(args)`, and every problem with the
 * args; never throws. A given plan is checked (`checkVpnPlan`), not re-planned.
 */
export function planSiteToSiteVpn(name: string, args: SiteToSiteVpnArgs): { plan: VpnPlan | undefined; issues: Issue[] } {
  let plan: VpnPlan | undefined;
  const out: Issue[] = [];
  if (args.plan !== undefined) {
    const given = SITE_TO_SITE_VPN_INTENT_FIELDS.filter((f) => args[f] !== undefined);
    if (given.length > 0) out.push(issue(`${name}.plan`, "OPTION_CONFLICT", `the plan replaces ${given.join(", ")}; give the plan or the intent fields, not both`));
    out.push(...checkVpnPlan(`${name}.plan`, args.plan));
    plan = args.plan;
  } else {
    const planned = planFromIntent(name, args);
    out.push(...planned.issues);
    plan = planned.plan;
  }
  if (args.attachment === "tgw") {
    if (args.transitGatewayId === undefined) out.push(issue(`${name}.transitGatewayId`, "VALUE_REQUIRED", `attachment "tgw" needs transitGatewayId`));
    if (args.vpcId !== undefined || args.existingVpnGatewayId !== undefined) out.push(issue(`${name}.attachment`, "VPN_LAYOUT", `attachment "tgw" takes no vpcId or existingVpnGatewayId`));
  } else if (args.attachment === "vgw") {
    if (args.transitGatewayId !== undefined) out.push(issue(`${name}.transitGatewayId`, "VPN_LAYOUT", `attachment "vgw" takes no transitGatewayId; use attachment "tgw"`));
    if (args.vpcId !== undefined && args.existingVpnGatewayId !== undefined) out.push(issue(`${name}.existingVpnGatewayId`, "VPN_LAYOUT", `give either vpcId (a new VGW) or existingVpnGatewayId, not both`));
  } else {
    out.push(issue(`${name}.attachment`, "VPN_LAYOUT", `"${String(args.attachment)}" is not an attachment; use "vgw" or "tgw"`));
  }
  for (const key of sortedKeys(args.vgwRouteTableIds ?? {})) out.push(...checkKey(joinPath(name, "vgwRouteTableIds", key), key));
  out.push(...checkHealthAlarmsArgs(joinPath(name, "healthAlarms"), args.healthAlarms));
  if (args.vgwRouteTableIds !== undefined && Object.keys(args.vgwRouteTableIds).length > 0 && (args.attachment !== "vgw" || args.existingVpnGatewayId !== undefined)) {
    out.push(issue(`${name}.vgwRouteTableIds`, "VPN_LAYOUT", `route propagation is set up on a VGW this component creates; with ${args.attachment === "vgw" ? "existingVpnGatewayId" : `attachment "${String(args.attachment)}"`} it would be ignored`));
  }
  if (args.existingGateway) {
    const n = plan?.instances ?? args.existingGateway.publicIpAddresses.length;
    if (args.existingGateway.publicIpAddresses.length !== n || args.existingGateway.ipConfigurationIds.length !== n) {
      out.push(issue(`${name}.existingGateway`, "VPN_LAYOUT", `the layout needs an active-active gateway with ${n} public IPs and ${n} ip configurations; got ${args.existingGateway.publicIpAddresses.length} and ${args.existingGateway.ipConfigurationIds.length}`));
    }
  } else if (args.gatewaySubnetId === undefined) {
    out.push(issue(`${name}.gatewaySubnetId`, "VALUE_REQUIRED", `a GatewaySubnet id is required unless existingGateway is given`));
  }
  return { plan, issues: out };
}

/**
 * A site-to-site VPN between AWS (VGW or TGW) and one Azure VPN gateway, with BGP over every tunnel.
 *
 * Dependency shape (reference §4): customer gateways depend on the Azure *public IPs*, never on the
 * 45-minute gateway build, so AWS VPN connections are created while Azure is still building the gateway;
 * only the Azure connections wait for both.
 *
 *   PIP0/1 ──ipAddress──► CGW ──► VpnConnection ──tunnelNAddress──► LNG ─┐
 *      └──────────► VNG (45 min, in parallel) ──────────────────────────┴─► Connection
 */
export class SiteToSiteVpn extends pulumi.ComponentResource {
  // Every field is an output of the component (Pulumi's schema inference reads class fields as outputs),
  // so the validated layout is not kept here: `planSiteToSiteVpn(name, args)` returns the same plan.
  /** The Azure VPN gateway (created, or `existingGateway.id`). */
  public readonly azureGatewayId: pulumi.Output<string>;
  /** Public IPs of the Azure gateway instances, in ip configuration order. */
  public readonly azurePublicIpAddresses: pulumi.Output<string>[];
  /** The AWS virtual private gateway (created or given); none with attachment `tgw`. */
  public readonly awsVpnGatewayId: pulumi.Output<string> | undefined;
  /** AWS customer gateways keyed `instance0`/`instance1`: one per Azure gateway instance that carries tunnels. */
  public readonly customerGatewayIds: Record<string, pulumi.Output<string>> = {};
  /** AWS VPN connections by connection key. */
  public readonly vpnConnectionIds: Record<string, pulumi.Output<string>> = {};
  /** TGW attachment of each VPN connection (tgw only), for route table association/propagation. */
  public readonly transitGatewayAttachmentIds: Record<string, pulumi.Output<string>> = {};
  /** The BGP session of each tunnel, seen from AWS, keyed by tunnel key (`a-t1`, …). */
  public readonly bgpSessions: Record<string, BgpSessionInfo> = {};
  /** One row per tunnel: outside and inside addresses of both ends, ASNs and ids. */
  public readonly tunnelTable: pulumi.Output<TunnelRow[]>;
  /**
   * Every Azure gateway instance: active (with its tunnels and BGP peer addresses) or idle by design (dev: no
   * AWS connection lands on instance 1). Monitoring alarms on the active instances' tunnels and peers only.
   */
  public readonly gatewayInstances: pulumi.Output<GatewayInstanceRow[]>;
  /** Name of every health alarm built (CloudWatch alarms, Azure metric alert rules); empty when they are off. */
  public readonly alarmNames: AlarmNames;
  /** The SNS topic the AWS alarms notify (given or created); undefined when the alarms are off. */
  public readonly alarmTopicArn: pulumi.Output<string> | undefined;
  /** The action group the Azure alerts notify (given or created); undefined when the alarms are off. */
  public readonly alarmActionGroupId: pulumi.Output<string> | undefined;

  constructor(name: string, args: SiteToSiteVpnArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const planned = planSiteToSiteVpn(name, args);
    throwIfIssues(planned.issues, `crosscloud SiteToSiteVpn "${name}"`);
    const plan = planned.plan as VpnPlan;
    super(TYPE.SiteToSiteVpn, name, {}, opts);
    const profile = ipsecProfile(plan.ipsecProfile);
    const parent = { parent: this };

    // --- Azure: public IPs and the gateway ----------------------------------------------------
    let ipConfigurationIds: pulumi.Input<string>[];
    let publicIps: pulumi.Output<string>[];
    if (args.existingGateway) {
      this.azureGatewayId = pulumi.output(args.existingGateway.id);
      ipConfigurationIds = [...args.existingGateway.ipConfigurationIds];
      publicIps = args.existingGateway.publicIpAddresses.map((ip) => pulumi.output(ip));
    } else {
      const gatewayName = args.gatewayName ?? `${name}-vng`;
      const pips = Array.from({ length: plan.instances }, (_, i) =>
        new network.PublicIPAddress(
          `${name}-pip${i}`,
          {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            // New gateways need Standard, static, zone-redundant IPs; a static IP is known before the gateway exists.
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            zones: ["1", "2", "3"],
            tags: { ...args.tags },
          },
          parent,
        ),
      );
      // The gateway's bgpSettings reference its own ip configurations, so their ids are built as strings
      // from the pinned gateway name rather than read from the gateway (which would be a cycle).
      ipConfigurationIds = pips.map(
        (_, i) =>
          pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/virtualNetworkGateways/${gatewayName}/ipConfigurations/ipconfig${i}`,
      );
      const gateway = new network.VirtualNetworkGateway(
        `${name}-vng`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          virtualNetworkGatewayName: gatewayName,
          gatewayType: "Vpn",
          vpnType: "RouteBased",
          vpnGatewayGeneration: plan.gatewayGeneration,
          sku: { name: plan.gatewaySku, tier: plan.gatewaySku },
          activeActive: plan.activeActive,
          enableBgp: true,
          ipConfigurations: pips.map((pip, i) => ({
            name: `ipconfig${i}`,
            privateIPAllocationMethod: "Dynamic",
            subnet: { id: args.gatewaySubnetId as pulumi.Input<string> },
            publicIPAddress: { id: pip.id },
          })),
          bgpSettings: {
            asn: plan.azureAsn,
            bgpPeeringAddresses: plan.customBgpIpAddresses.map((addresses, i) => ({
              ipconfigurationId: ipConfigurationIds[i],
              customBgpIpAddresses: [...addresses],
            })),
          },
          tags: { ...args.tags },
        },
        parent,
      );
      this.azureGatewayId = gateway.id;
      publicIps = pips.map((p) => p.ipAddress.apply((ip) => ip ?? ""));
    }
    this.azurePublicIpAddresses = publicIps;

    // --- AWS: VGW (or TGW), customer gateways, VPN connections --------------------------------
    let target: { vpnGatewayId: pulumi.Input<string> } | { transitGatewayId: pulumi.Input<string> };
    if (args.attachment === "tgw") {
      target = { transitGatewayId: args.transitGatewayId as pulumi.Input<string> };
      this.awsVpnGatewayId = undefined;
    } else if (args.existingVpnGatewayId !== undefined) {
      target = { vpnGatewayId: args.existingVpnGatewayId };
      this.awsVpnGatewayId = pulumi.output(args.existingVpnGatewayId);
    } else {
      const vgw = new aws.ec2.VpnGateway(
        `${name}-vgw`,
        { amazonSideAsn: String(plan.awsAsn), ...(args.vpcId !== undefined ? { vpcId: args.vpcId } : {}), tags: { ...args.tags, Name: `${name}-vgw` } },
        parent,
      );
      target = { vpnGatewayId: vgw.id };
      this.awsVpnGatewayId = vgw.id;
      sortedKeys(args.vgwRouteTableIds ?? {}).forEach((key, i) => {
        new aws.ec2.VpnGatewayRoutePropagation(
          `${name}-${key}-rtb-prop`,
          { vpnGatewayId: vgw.id, routeTableId: (args.vgwRouteTableIds ?? {})[key] as pulumi.Input<string> },
          // Until 0.2 these were named by list position (`-vgw-rtb<i>`). The alias to the name this key's
          // place in key order had keeps a stack whose list was in key order (the sample dev stack: one
          // table) from replacing them; a live replace would disable the propagation it re-enables.
          { parent: this, aliases: [{ name: `${name}-vgw-rtb${i}` }] },
        );
      });
    }

    const cgwByInstance = new Map<number, aws.ec2.CustomerGateway>();
    for (const c of plan.connections) {
      if (cgwByInstance.has(c.azureInstance)) continue;
      cgwByInstance.set(
        c.azureInstance,
        new aws.ec2.CustomerGateway(
          `${name}-cgw${c.azureInstance}`,
          {
            type: "ipsec.1",
            ...customerGatewayAsnFields(plan.azureAsn),
            ipAddress: publicIps[c.azureInstance] as pulumi.Output<string>,
            deviceName: `azure-vpn-gateway-instance-${c.azureInstance}`,
            tags: { ...args.tags, Name: `${name}-cgw${c.azureInstance}` },
          },
          parent,
        ),
      );
    }
    for (const [i, cgw] of cgwByInstance) this.customerGatewayIds[`instance${i}`] = cgw.id;

    const rows: pulumi.Output<TunnelRow>[] = [];
    const alarmTargets: Record<string, AwsTunnelTarget> = {};
    for (const c of plan.connections) {
      // checkVpnPlan / planVpn guarantee exactly t1 and t2.
      const [t1, t2] = c.tunnels as [TunnelPlan, TunnelPlan];
      // One generated key per tunnel, fed to both clouds, so AWS never generates (and stores) its own.
      const psk1 = new random.RandomPassword(`${name}-${t1.key}-psk`, { ...PSK_RANDOM_SPEC }, parent);
      const psk2 = new random.RandomPassword(`${name}-${t2.key}-psk`, { ...PSK_RANDOM_SPEC }, parent);
      const vpn = new aws.ec2.VpnConnection(
        `${name}-${c.key}-vpn`,
        {
          ...target,
          customerGatewayId: (cgwByInstance.get(c.azureInstance) as aws.ec2.CustomerGateway).id,
          type: "ipsec.1",
          staticRoutesOnly: false,
          tunnel1InsideCidr: t1.insideCidr,
          tunnel2InsideCidr: t2.insideCidr,
          tunnel1PresharedKey: psk1.result,
          tunnel2PresharedKey: psk2.result,
          ...awsTunnelOptions(1, profile),
          ...awsTunnelOptions(2, profile),
          tags: { ...args.tags, Name: `${name}-${c.key}-vpn` },
        },
        parent,
      );
      this.vpnConnectionIds[c.key] = vpn.id;
      if (args.attachment === "tgw") this.transitGatewayAttachmentIds[c.key] = vpn.transitGatewayAttachmentId;

      for (const [t, psk, outside] of [
        [t1, psk1, vpn.tunnel1Address],
        [t2, psk2, vpn.tunnel2Address],
      ] as const) {
        const tunnel = new VpnTunnel(
          `${name}-${t.key}`,
          {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            virtualNetworkGatewayId: this.azureGatewayId,
            gatewayIpConfigurationIds: ipConfigurationIds,
            azureInstance: t.azureInstance,
            gatewayCustomBgpIpAddresses: t.gatewayCustomBgpIpAddresses.map((g) => g.address),
            insideCidr: t.insideCidr,
            awsOutsideAddress: outside,
            awsAsn: plan.awsAsn,
            azureAsn: plan.azureAsn,
            sharedKey: psk.result,
            ipsecProfile: plan.ipsecProfile,
            awsPrefixes: plan.awsPrefixes,
            azurePrefixes: plan.azurePrefixes,
            ...(args.tags ? { tags: args.tags } : {}),
          },
          parent,
        );
        this.bgpSessions[t.key] = tunnel.bgpSession;
        alarmTargets[t.key] = { vpnConnectionId: vpn.id, tunnelAddress: outside };
        rows.push(
          pulumi.all([outside, publicIps[t.azureInstance] as pulumi.Output<string>, vpn.id, tunnel.connectionId]).apply(([awsOut, azureOut, vpnId, connId]) => ({
            key: t.key,
            awsOutsideAddress: awsOut,
            azureOutsideAddress: azureOut,
            insideCidr: t.insideCidr,
            awsInsideAddress: t.awsInsideAddress,
            azureInsideAddress: t.azureInsideAddress,
            azureInstance: t.azureInstance,
            awsAsn: plan.awsAsn,
            azureAsn: plan.azureAsn,
            awsVpnConnectionId: vpnId,
            azureConnectionId: connId,
          })),
        );
      }
    }
    this.tunnelTable = pulumi.all(rows);
    this.gatewayInstances = pulumi
      .all(publicIps)
      .apply((ips) => vpnGatewayInstances(plan).map((i) => ({ ...i, publicIpAddress: ips[i.instance] ?? "" })));

    const alarms = vpnHealthAlarms({
      parent: this,
      name,
      args: args.healthAlarms,
      plan,
      tunnels: alarmTargets,
      vpnConnectionIds: this.vpnConnectionIds,
      gatewayId: this.azureGatewayId,
      resourceGroupName: args.resourceGroupName,
      tags: { ...args.tags },
    });
    this.alarmNames = alarms.names;
    this.alarmTopicArn = alarms.actions ? pulumi.output(alarms.actions.snsTopicArn) : undefined;
    this.alarmActionGroupId = alarms.actions ? pulumi.output(alarms.actions.actionGroupId) : undefined;

    this.registerOutputs({
      azureGatewayId: this.azureGatewayId,
      azurePublicIpAddresses: this.azurePublicIpAddresses,
      awsVpnGatewayId: this.awsVpnGatewayId,
      customerGatewayIds: this.customerGatewayIds,
      vpnConnectionIds: this.vpnConnectionIds,
      transitGatewayAttachmentIds: this.transitGatewayAttachmentIds,
      bgpSessions: this.bgpSessions,
      tunnelTable: this.tunnelTable,
      gatewayInstances: this.gatewayInstances,
      alarmNames: this.alarmNames,
      alarmTopicArn: this.alarmTopicArn,
      alarmActionGroupId: this.alarmActionGroupId,
    });
  }
}
