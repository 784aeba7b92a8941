import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { HUB_DEFAULTS, HubInterconnectPlan, HubPlan, Issue, checkKey, interconnectNames, issue, joinPath, planHub, sortedKeys, throwIfIssues } from "../sdk";
import { TYPE } from "./type-tokens";

/** One spoke VPC of the hub. */
export interface HubSpokeArgs {
  /** The spoke VPC. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's CIDR. Plain: it is checked against the other spokes and the remote prefixes. */
  readonly cidr: string;
  /**
   * Attachment subnets keyed by Availability Zone (`us-east-1a: subnet-…`): AWS takes at most one
   * attachment subnet per AZ, and keying by AZ makes that impossible to get wrong.
   */
  readonly subnetIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** The spoke's VPC route tables that route the remote prefixes to the TGW, keyed by a stable slug. */
  readonly routeTableIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/** A transit gateway hub: its spokes, the remote prefixes they route to it, and the interconnect attachments. */
export interface TransitGatewayHubArgs {
  /**
   * The TGW's amazon-side ASN (the VPN's `awsAsn`; the DX gateway must use a different one).
   * @default `HUB_DEFAULTS.amazonSideAsn` (`AWS_DEFAULT_AMAZON_ASN`, AWS's default)
   */
  readonly amazonSideAsn?: number;
  /** Spoke VPCs keyed by a stable slug; the key becomes part of every child's name. */
  readonly spokes: Readonly<Record<string, HubSpokeArgs>>;
  /** Azure prefixes each spoke routes to the hub. A default route is rejected. */
  readonly remotePrefixes: string[];
  /**
   * VPN attachments keyed by connection (e.g. `SiteToSiteVpn.transitGatewayAttachmentIds`):
   * associated with `interconnect`, propagated to `spokes`. See {@link TransitGatewayHub.attachVpn}
   * for the usual case where the VPN is built on this hub's TGW.
   * @default {}
   */
  readonly vpnAttachmentIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * The DX gateway association's TGW attachment (`ExpressRouteInterconnect.transitGatewayAttachmentId`).
   * @default - none; or {@link TransitGatewayHub.attachDirectConnect} later
   */
  readonly dxAttachmentId?: pulumi.Input<string>;
  /**
   * Let spokes reach each other through the hub (each spoke also propagates into `spokes`).
   * @default false
   */
  readonly spokeToSpoke?: boolean;
  /**
   * Description of the transit gateway.
   * @default `crosscloud hub ${name}`
   */
  readonly description?: string;
  /**
   * Tags for AWS resources.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What `attachVpn`/`attachDirectConnect` need after construction: names in use and the two route tables. */
interface HubAttachState {
  readonly hubName: string;
  readonly usedNames: Set<string>;
  readonly spokesTable: aws.ec2transitgateway.RouteTable;
  readonly interconnectTable: aws.ec2transitgateway.RouteTable;
}
const attachState = new WeakMap<TransitGatewayHub, HubAttachState>();

/**
 * A transit gateway hub: spokes on one side, the interconnect (VPN and DX) on the other, with two
 * explicit route tables so that spokes learn Azure, Azure learns the spokes, and spokes do not reach
 * each other unless asked. The full design is documented in sdk/hub.ts.
 *
 *   spoke VPC ──attachment──► assoc `spokes`        ◄──prop── VPN, DX
 *                            prop `interconnect` ──►  assoc `interconnect` ◄── VPN, DX
 *
 * VPN and DX connections need this hub's TGW id and this hub needs their attachment ids, so they can
 * be attached after construction with {@link attachVpn} / {@link attachDirectConnect} (or passed in
 * through `vpnAttachmentIds` / `dxAttachmentId` when they already exist).
 */
export class TransitGatewayHub extends pulumi.ComponentResource {
  // Every field is an output (Pulumi's schema inference reads class fields, private ones included, as
  // outputs), so what `attach` needs lives in `attachState`; `planHub` gives the plan.
  /** The transit gateway. */
  public readonly transitGatewayId: pulumi.Output<string>;
  /** The transit gateway's ARN. */
  public readonly transitGatewayArn: pulumi.Output<string>;
  /** The TGW's amazon-side ASN. Plain, for the VPN's `awsAsn` and the DX gateway's differ check. */
  public readonly amazonSideAsn: number;
  /** Route table the spokes are associated with; the interconnect attachments propagate into it. */
  public readonly spokesRouteTableId: pulumi.Output<string>;
  /** Route table the VPN and DX attachments are associated with; the spokes propagate into it. */
  public readonly interconnectRouteTableId: pulumi.Output<string>;
  /** Each spoke's VPC attachment, by spoke key. */
  public readonly spokeAttachmentIds: Record<string, pulumi.Output<string>> = {};
  /** Attachments on the interconnect side: `vpn-<key>` and `dx`. */
  public readonly interconnectAttachmentIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: TransitGatewayHubArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    const { plan, issues } = planHub(name, {
      amazonSideAsn: args.amazonSideAsn ?? HUB_DEFAULTS.amazonSideAsn,
      spokes: Object.fromEntries(
        Object.entries(args.spokes).map(([k, s]) => [k, { cidr: s.cidr, subnetAzs: Object.keys(s.subnetIds), routeTableKeys: Object.keys(s.routeTableIds) }]),
      ),
      remotePrefixes: args.remotePrefixes,
      vpnAttachmentKeys: Object.keys(args.vpnAttachmentIds ?? {}),
      directConnect: args.dxAttachmentId !== undefined,
      spokeToSpoke: args.spokeToSpoke ?? HUB_DEFAULTS.spokeToSpoke,
    });
    throwIfIssues(issues, `crosscloud TransitGatewayHub "${name}"`);
    const p = plan as HubPlan;
    super(TYPE.TransitGatewayHub, name, {}, opts);
    this.amazonSideAsn = p.amazonSideAsn;
    const parent = { parent: this };
    const tags = (n: string) => ({ ...args.tags, Name: n });

    const tgw = new aws.ec2transitgateway.TransitGateway(
      p.names.transitGateway,
      {
        description: args.description ?? `crosscloud hub ${name}`,
        amazonSideAsn: p.amazonSideAsn,
        // ECMP across the VPN tunnels; AWS's default, pinned so nobody turns HA into active/standby.
        vpnEcmpSupport: "enable",
        // Every association and propagation is explicit (the two tables below); a default table
        // would silently connect every new attachment to everything.
        defaultRouteTableAssociation: "disable",
        defaultRouteTablePropagation: "disable",
        dnsSupport: "enable",
        autoAcceptSharedAttachments: "disable",
        tags: tags(p.names.transitGateway),
      },
      parent,
    );
    this.transitGatewayId = tgw.id;
    this.transitGatewayArn = tgw.arn;
    const spokesTable = new aws.ec2transitgateway.RouteTable(p.names.routeTables.spokes, { transitGatewayId: tgw.id, tags: tags(p.names.routeTables.spokes) }, parent);
    const interconnectTable = new aws.ec2transitgateway.RouteTable(
      p.names.routeTables.interconnect,
      { transitGatewayId: tgw.id, tags: tags(p.names.routeTables.interconnect) },
      parent,
    );
    this.spokesRouteTableId = spokesTable.id;
    this.interconnectRouteTableId = interconnectTable.id;

    for (const spoke of p.spokes) {
      const s = args.spokes[spoke.key] as HubSpokeArgs;
      const attachment = new aws.ec2transitgateway.VpcAttachment(
        spoke.names.attachment,
        {
          transitGatewayId: tgw.id,
          vpcId: s.vpcId,
          subnetIds: sortedKeys(s.subnetIds).map((az) => s.subnetIds[az] as pulumi.Input<string>),
          transitGatewayDefaultRouteTableAssociation: false,
          transitGatewayDefaultRouteTablePropagation: false,
          dnsSupport: "enable",
          tags: tags(spoke.names.attachment),
        },
        parent,
      );
      this.spokeAttachmentIds[spoke.key] = attachment.id;
      new aws.ec2transitgateway.RouteTableAssociation(
        spoke.names.association,
        { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: spokesTable.id },
        parent,
      );
      new aws.ec2transitgateway.RouteTablePropagation(
        spoke.names.propagation,
        { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: interconnectTable.id },
        parent,
      );
      if (spoke.names.meshPropagation !== undefined) {
        new aws.ec2transitgateway.RouteTablePropagation(
          spoke.names.meshPropagation,
          { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: spokesTable.id },
          parent,
        );
      }
      for (const route of spoke.routes) {
        new aws.ec2.Route(
          route.name,
          { routeTableId: s.routeTableIds[route.routeTableKey] as pulumi.Input<string>, destinationCidrBlock: route.destination, transitGatewayId: tgw.id },
          // EC2 refuses a route to a TGW that is not yet attached to the route table's VPC.
          { parent: this, dependsOn: [attachment] },
        );
      }
    }

    attachState.set(this, {
      hubName: name,
      usedNames: new Set(p.spokes.flatMap((s) => [s.names.attachment, s.names.association, s.names.propagation, ...s.routes.map((r) => r.name)])),
      spokesTable,
      interconnectTable,
    });
    for (const key of sortedKeys(args.vpnAttachmentIds ?? {})) this.attachVpn(key, (args.vpnAttachmentIds ?? {})[key] as pulumi.Input<string>);
    if (args.dxAttachmentId !== undefined) this.attachDirectConnect(args.dxAttachmentId);

    this.registerOutputs({
      transitGatewayId: this.transitGatewayId,
      transitGatewayArn: this.transitGatewayArn,
      amazonSideAsn: this.amazonSideAsn,
      spokesRouteTableId: this.spokesRouteTableId,
      interconnectRouteTableId: this.interconnectRouteTableId,
      spokeAttachmentIds: this.spokeAttachmentIds,
    });
  }

  /**
   * Attaches a VPN connection's TGW attachment (`SiteToSiteVpn.transitGatewayAttachmentIds[key]`):
   * associated with `interconnect` (so Azure learns the spokes over it) and propagated to `spokes`
   * (so spokes learn Azure from it; DX-learned routes still win for equal prefixes). Throws a
   * PlanError, creating nothing, if the key is invalid or already attached.
   */
  public attachVpn(key: string, transitGatewayAttachmentId: pulumi.Input<string>): void {
    this.attach("vpn", key, transitGatewayAttachmentId);
  }

  /** Attaches the DX gateway association's TGW attachment (`ExpressRouteInterconnect.transitGatewayAttachmentId`), like {@link attachVpn}. */
  public attachDirectConnect(transitGatewayAttachmentId: pulumi.Input<string>): void {
    this.attach("dx", undefined, transitGatewayAttachmentId);
  }

  private attach(kind: "vpn" | "dx", key: string | undefined, attachmentId: pulumi.Input<string>): void {
    const state = attachState.get(this) as HubAttachState;
    const names: HubInterconnectPlan = interconnectNames(state.hubName, kind, key);
    const path = kind === "dx" ? joinPath(state.hubName, "dxAttachmentId") : joinPath(state.hubName, "vpnAttachmentIds", key);
    const issues: Issue[] = kind === "vpn" ? checkKey(path, key ?? "") : [];
    if (issues.length === 0 && (state.usedNames.has(names.association) || state.usedNames.has(names.propagation))) {
      issues.push(issue(path, "KEY_INVALID", kind === "dx" ? `a Direct Connect attachment is already attached to this hub` : `VPN attachment "${key}" is already attached to this hub`));
    }
    throwIfIssues(issues, `crosscloud TransitGatewayHub "${state.hubName}"`);
    state.usedNames.add(names.association).add(names.propagation);
    new aws.ec2transitgateway.RouteTableAssociation(
      names.association,
      { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: state.interconnectTable.id },
      { parent: this },
    );
    new aws.ec2transitgateway.RouteTablePropagation(names.propagation, { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: state.spokesTable.id }, { parent: this });
    this.interconnectAttachmentIds[kind === "dx" ? "dx" : `vpn-${key}`] = pulumi.output(attachmentId);
  }
}
