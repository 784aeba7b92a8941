/**
 * Simulated @pulumi/aws (7.x) resources: what the AWS provider would report after a create.
 *
 * Every simulator echoes its inputs (a provider's state includes them) and adds the computed
 * attributes the AWS API returns, shaped like the real thing: 17-hex-digit ids, ARNs in account
 * 123456789012 and the resource's region, documentation-range public addresses.
 */
import { awsId, hashAlnum, hashBytes, hashInt, SIM_AWS_ACCOUNT, uuid } from "./ids";
import { LINK_LOCAL, awsInsideAddress, awsReservedInsideOverlap, customerInsideAddress } from "../sdk/apipa";
import { AWS_DEFAULT_AMAZON_ASN } from "../sdk/asn";
import { AWS_VPN_BGP_HOLD_SECONDS } from "../sdk/bgp";
import { type Cidr, cidr, cidrProblem, subBlock } from "../sdk/cidr";
import { list, num, record, str, type SimContext, type SimulatedEntry, type SimulatedResult, type Simulator } from "./simulate-context";
import { wireSecret } from "../graph/wire";
import { INVOKE, T } from "../graph/types";


/**
 * The region a resource lives in: its own `region` argument (new in provider 7.x), else its
 * explicit provider's, else the program's `aws:region` config, else us-east-1 (the provider's
 * behaviour when AWS_REGION is unset is to fail; a preview picks a sensible default instead).
 */
export function awsRegion(ctx: SimContext): string {
  return (
    str(ctx.plain["region"]) ??
    str(ctx.providerInputs?.["region"]) ??
    ctx.world.config("aws:region") ??
    "us-east-1"
  );
}

export function arn(ctx: SimContext, service: string, resource: string, global = false): string {
  return `arn:aws:${service}:${global ? "" : awsRegion(ctx)}:${SIM_AWS_ACCOUNT}:${resource}`;
}

/** Echo of the inputs plus the attributes every regional, taggable AWS resource reports. */
export function base(ctx: SimContext, taggable = true): Record<string, unknown> {
  const state: Record<string, unknown> = { ...ctx.inputs, region: awsRegion(ctx) };
  if (taggable) state["tagsAll"] = ctx.inputs["tags"] ?? {};
  return state;
}

export function id(ctx: SimContext, prefix: string): string {
  return ctx.requestedId ?? awsId(prefix, ctx.seed());
}

/** `us-east-1` -> `use1`, `ap-southeast-2` -> `apse2`: the prefix of AWS AZ ids (`use1-az1`). */
function azIdPrefix(region: string): string {
  const [geo = "", direction = "", number = ""] = region.split("-");
  const dir = direction
    .replace("northeast", "ne")
    .replace("southeast", "se")
    .replace("northwest", "nw")
    .replace("southwest", "sw")
    .replace("central", "c")
    .replace(/^(north|south|east|west)$/, (d) => d.charAt(0));
  return `${geo}${dir}${number}`;
}

function availabilityZone(ctx: SimContext): { availabilityZone: string; availabilityZoneId: string } {
  const region = awsRegion(ctx);
  const az = str(ctx.plain["availabilityZone"]) ?? `${region}a`;
  const letter = az.slice(-1);
  const index = Math.max(0, letter.charCodeAt(0) - "a".charCodeAt(0));
  return { availabilityZone: az, availabilityZoneId: str(ctx.plain["availabilityZoneId"]) ?? `${azIdPrefix(region)}-az${index + 1}` };
}

/** Amazon-side ASN of the gateway a VPN connection terminates on (TGW number, VGW string). */
function gatewayAsn(ctx: SimContext): string {
  const gatewayId = str(ctx.plain["transitGatewayId"]) ?? str(ctx.plain["vpnGatewayId"]);
  const gateway = gatewayId === undefined ? undefined : ctx.world.lookup(gatewayId);
  return String(num(gateway?.state["amazonSideAsn"]) ?? AWS_DEFAULT_AMAZON_ASN);
}

/**
 * AWS picks an unused /30 from the link-local block when no inside CIDR is given, skipping the
 * blocks it reserves (`AWS_RESERVED_INSIDE_CIDRS`).
 */
function defaultInsideCidr(seed: string): Cidr {
  const slots = LINK_LOCAL.size / 4;
  let index = hashInt(seed) % slots;
  while (awsReservedInsideOverlap(subBlock(LINK_LOCAL, 30, index))) index = (index + 1) % slots;
  return subBlock(LINK_LOCAL, 30, index);
}

/**
 * A tunnel inside CIDR as AWS validates it: a canonical /30. A block with host bits set is an error
 * naming the resource and the value, never silently aligned: AWS would reject it, so a preview must too.
 */
function insideCidr(ctx: SimContext, field: string, text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem) throw new Error(`${ctx.name}: ${field} ${problem.message}; AWS would reject it`);
  const block = cidr(text);
  if (block.prefixLength !== 30) throw new Error(`${ctx.name}: ${field} ${text} is not a /30; AWS would reject it`);
  return block;
}

/** A VPC or subnet CIDR as EC2 validates it: canonical, or the create fails. */
function checkCidrInput(ctx: SimContext, field: string): void {
  const text = str(ctx.plain[field]);
  if (text === undefined) return;
  const problem = cidrProblem(text);
  if (problem) throw new Error(`${ctx.name} (${ctx.type}): ${field} ${problem.message}; AWS would reject it`);
}

/** A pre-shared key as AWS generates one: 32 of [A-Za-z0-9._], not starting with 0. */
function generatedPsk(seed: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
  const chars = [...hashBytes(seed, 32)].map((b) => alphabet[b % alphabet.length] ?? "A");
  if (chars[0] === "0" || chars[0] === "." || chars[0] === "_") chars[0] = "K";
  return chars.join("");
}

function vpnConnection(ctx: SimContext): SimulatedResult {
  const vpnId = id(ctx, "vpn");
  const state = base(ctx);
  const tunnels: Array<{ outside: string; vgw: string; cgw: string; cidr: string }> = [];
  for (const n of [1, 2] as const) {
    const given = str(ctx.plain[`tunnel${n}InsideCidr`]);
    const block = given === undefined ? defaultInsideCidr(ctx.seed(`tunnel${n}-cidr`)) : insideCidr(ctx, `tunnel${n}InsideCidr`, given);
    const outside = ctx.world.publicIp("aws", ctx.seed(`tunnel${n}-outside`));
    // AWS takes the first address of the /30, the customer gateway (here Azure) the second.
    const inside = { vgw: awsInsideAddress(block), cgw: customerInsideAddress(block) };
    tunnels.push({ outside, ...inside, cidr: block.text });
    state[`tunnel${n}InsideCidr`] = block.text;
    state[`tunnel${n}Address`] = outside;
    state[`tunnel${n}VgwInsideAddress`] = inside.vgw;
    state[`tunnel${n}CgwInsideAddress`] = inside.cgw;
    // The provider reads these from the connection's XML <vpn_gateway><bgp><asn>: the AWS side's ASN.
    state[`tunnel${n}BgpAsn`] = gatewayAsn(ctx);
    state[`tunnel${n}BgpHoldtime`] = AWS_VPN_BGP_HOLD_SECONDS;
    state[`tunnel${n}PresharedKey`] = ctx.inputs[`tunnel${n}PresharedKey`] ?? wireSecret(generatedPsk(ctx.seed(`tunnel${n}-psk`)));
  }
  state["arn"] = arn(ctx, "ec2", `vpn-connection/${vpnId}`);
  state["staticRoutesOnly"] = ctx.inputs["staticRoutesOnly"] ?? false;
  state["enableAcceleration"] = ctx.inputs["enableAcceleration"] ?? false;
  state["tunnelInsideIpVersion"] = ctx.inputs["tunnelInsideIpVersion"] ?? "ipv4";
  state["localIpv4NetworkCidr"] = ctx.inputs["localIpv4NetworkCidr"] ?? "0.0.0.0/0";
  state["remoteIpv4NetworkCidr"] = ctx.inputs["remoteIpv4NetworkCidr"] ?? "0.0.0.0/0";
  state["routes"] = [];
  state["vgwTelemetries"] = tunnels.map((t) => ({
    acceptedRouteCount: 0,
    certificateArn: "",
    lastStatusChange: "2024-01-01T00:00:00.000Z",
    outsideIpAddress: t.outside,
    status: "DOWN",
    statusMessage: "",
  }));
  const alsoCreates: SimulatedEntry[] = [];
  if (str(ctx.plain["transitGatewayId"]) !== undefined) {
    const attachmentId = awsId("tgw-attach", ctx.seed("attachment"));
    state["transitGatewayAttachmentId"] = attachmentId;
    alsoCreates.push({ type: T.awsTgwVpnAttachment, name: ctx.name, id: attachmentId, state: {}, facts: { resourceId: vpnId, resourceType: "vpn" } });
  }
  // The XML AWS hands out for configuring the customer side; it embeds the PSKs, which is why the
  // SDK lists it in additionalSecretOutputs.
  state["customerGatewayConfiguration"] = wireSecret(
    `<?xml version="1.0" encoding="UTF-8"?>\n<vpn_connection id="${vpnId}">` +
      tunnels
        .map((t, i) => {
          const psk = str(state[`tunnel${i + 1}PresharedKey`]) ?? "";
          return (
            `<ipsec_tunnel><customer_gateway><tunnel_inside_address><ip_address>${t.cgw}</ip_address></tunnel_inside_address></customer_gateway>` +
            `<vpn_gateway><tunnel_outside_address><ip_address>${t.outside}</ip_address></tunnel_outside_address>` +
            `<tunnel_inside_address><ip_address>${t.vgw}</ip_address></tunnel_inside_address>` +
            `<bgp><asn>${gatewayAsn(ctx)}</asn><hold_time>${AWS_VPN_BGP_HOLD_SECONDS}</hold_time></bgp></vpn_gateway>` +
            `<ike><pre_shared_key>${psk}</pre_shared_key></ike></ipsec_tunnel>`
          );
        })
        .join("") +
      `</vpn_connection>`,
  );
  return { id: vpnId, state, alsoCreates };
}

/** The attachment (and so its resource) a TGW route-table association or propagation points at. */
function attachmentTarget(ctx: SimContext): { resourceId: string; resourceType: string } {
  const attachmentId = str(ctx.plain["transitGatewayAttachmentId"]) ?? "";
  const attachment = ctx.world.lookup(attachmentId);
  return {
    resourceId: str(attachment?.facts["resourceId"]) ?? "",
    resourceType: str(attachment?.facts["resourceType"]) ?? "",
  };
}

/** An address for a Route 53 Resolver ENI inside its subnet; AWS picks one at random. */
function resolverIp(ctx: SimContext, subnetId: string, index: number): string {
  const subnet = ctx.world.lookup(subnetId);
  const cidr = str(subnet?.state["cidrBlock"]);
  // A subnet this program did not create (one passed in by id) has no known CIDR; fall back to a
  // seed-derived 10.x address so the preview still shows a plausible, stable value.
  const block = cidr ?? `10.${hashInt(subnetId) % 256}.${hashInt(`${subnetId}/2`) % 256}.0/24`;
  return ctx.world.privateIp(subnetId, block, ctx.seed(`ip${index}`), false);
}

/** Security group rules (the `aws.vpc` resources): id and rule id are the same `sgr-` id. */
function securityGroupRule(ctx: SimContext): SimulatedResult {
  const ruleId = id(ctx, "sgr");
  return {
    id: ruleId,
    state: { ...base(ctx), arn: arn(ctx, "ec2", `security-group-rule/${ruleId}`), securityGroupRuleId: ruleId },
  };
}

export const AWS_SIMULATORS: Readonly<Record<string, Simulator>> = {
  [T.awsVpc]: (ctx) => {
    checkCidrInput(ctx, "cidrBlock");
    const vpcId = id(ctx, "vpc");
    const mainRtb = awsId("rtb", ctx.seed("main-rtb"));
    return {
      id: vpcId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `vpc/${vpcId}`),
        defaultNetworkAclId: awsId("acl", ctx.seed("acl")),
        defaultRouteTableId: mainRtb,
        mainRouteTableId: mainRtb,
        defaultSecurityGroupId: awsId("sg", ctx.seed("default-sg")),
        dhcpOptionsId: awsId("dopt", ctx.seed("dopt")),
        enableDnsSupport: ctx.inputs["enableDnsSupport"] ?? true,
        enableDnsHostnames: ctx.inputs["enableDnsHostnames"] ?? false,
        instanceTenancy: ctx.inputs["instanceTenancy"] ?? "default",
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsSubnet]: (ctx) => {
    checkCidrInput(ctx, "cidrBlock");
    const subnetId = id(ctx, "subnet");
    return {
      id: subnetId,
      state: {
        ...base(ctx),
        ...availabilityZone(ctx),
        arn: arn(ctx, "ec2", `subnet/${subnetId}`),
        mapPublicIpOnLaunch: ctx.inputs["mapPublicIpOnLaunch"] ?? false,
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsRouteTable]: (ctx) => {
    const rtbId = id(ctx, "rtb");
    return {
      id: rtbId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `route-table/${rtbId}`),
        routes: ctx.inputs["routes"] ?? [],
        propagatingVgws: ctx.inputs["propagatingVgws"] ?? [],
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsRoute]: (ctx) => {
    const rtb = str(ctx.plain["routeTableId"]) ?? "";
    const destination = str(ctx.plain["destinationCidrBlock"]) ?? str(ctx.plain["destinationIpv6CidrBlock"]) ?? "";
    // The provider's id is "r-" + route table id + a hash code of the destination.
    return {
      id: ctx.requestedId ?? `r-${rtb}${hashInt(destination) % 2147483647}`,
      state: { ...base(ctx, false), state: "active", origin: "CreateRoute" },
    };
  },
  [T.awsRouteTableAssociation]: (ctx) => ({ id: id(ctx, "rtbassoc"), state: base(ctx, false) }),
  [T.awsSecurityGroup]: (ctx) => {
    const sgId = id(ctx, "sg");
    return {
      id: sgId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `security-group/${sgId}`),
        name: ctx.inputs["name"] ?? `${ctx.name}-${sgId.slice(-7)}`,
        description: ctx.inputs["description"] ?? "Managed by Pulumi",
        ingress: ctx.inputs["ingress"] ?? [],
        egress: ctx.inputs["egress"] ?? [],
        revokeRulesOnDelete: ctx.inputs["revokeRulesOnDelete"] ?? false,
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsSecurityGroupIngressRule]: (ctx) => securityGroupRule(ctx),
  [T.awsSecurityGroupEgressRule]: (ctx) => securityGroupRule(ctx),
  [T.awsVpnGateway]: (ctx) => {
    const vgwId = id(ctx, "vgw");
    return {
      id: vgwId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `vpn-gateway/${vgwId}`),
        amazonSideAsn: ctx.inputs["amazonSideAsn"] ?? String(AWS_DEFAULT_AMAZON_ASN),
      },
    };
  },
  [T.awsVpnGatewayAttachment]: (ctx) => ({
    id: ctx.requestedId ?? `vpn-attachment-${hashAlnum(ctx.seed(), 8)}`,
    state: base(ctx, false),
  }),
  [T.awsVpnGatewayRoutePropagation]: (ctx) => ({
    id: ctx.requestedId ?? `${str(ctx.plain["vpnGatewayId"]) ?? ""}_${str(ctx.plain["routeTableId"]) ?? ""}`,
    state: base(ctx, false),
  }),
  [T.awsCustomerGateway]: (ctx) => {
    const cgwId = id(ctx, "cgw");
    return { id: cgwId, state: { ...base(ctx), arn: arn(ctx, "ec2", `customer-gateway/${cgwId}`) } };
  },
  [T.awsVpnConnection]: vpnConnection,
  [T.awsVpnConnectionRoute]: (ctx) => ({
    id: ctx.requestedId ?? `${str(ctx.plain["destinationCidrBlock"]) ?? ""}:${str(ctx.plain["vpnConnectionId"]) ?? ""}`,
    state: base(ctx, false),
  }),

  [T.awsTransitGateway]: (ctx) => {
    const tgwId = id(ctx, "tgw");
    const defaultRtb = awsId("tgw-rtb", ctx.seed("default-rtb"));
    const associate = (str(ctx.plain["defaultRouteTableAssociation"]) ?? "enable") === "enable";
    const propagate = (str(ctx.plain["defaultRouteTablePropagation"]) ?? "enable") === "enable";
    return {
      id: tgwId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `transit-gateway/${tgwId}`),
        amazonSideAsn: num(ctx.plain["amazonSideAsn"]) ?? AWS_DEFAULT_AMAZON_ASN,
        autoAcceptSharedAttachments: ctx.inputs["autoAcceptSharedAttachments"] ?? "disable",
        defaultRouteTableAssociation: ctx.inputs["defaultRouteTableAssociation"] ?? "enable",
        defaultRouteTablePropagation: ctx.inputs["defaultRouteTablePropagation"] ?? "enable",
        // AWS creates the default route table even when both defaults are disabled, but reports
        // an empty id for a default that is turned off.
        associationDefaultRouteTableId: associate ? defaultRtb : "",
        propagationDefaultRouteTableId: propagate ? defaultRtb : "",
        dnsSupport: ctx.inputs["dnsSupport"] ?? "enable",
        vpnEcmpSupport: ctx.inputs["vpnEcmpSupport"] ?? "enable",
        multicastSupport: ctx.inputs["multicastSupport"] ?? "disable",
        securityGroupReferencingSupport: ctx.inputs["securityGroupReferencingSupport"] ?? "disable",
        ownerId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsTgwVpcAttachment]: (ctx) => {
    const attachId = id(ctx, "tgw-attach");
    return {
      id: attachId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `transit-gateway-attachment/${attachId}`),
        applianceModeSupport: ctx.inputs["applianceModeSupport"] ?? "disable",
        dnsSupport: ctx.inputs["dnsSupport"] ?? "enable",
        ipv6Support: ctx.inputs["ipv6Support"] ?? "disable",
        transitGatewayDefaultRouteTableAssociation: ctx.inputs["transitGatewayDefaultRouteTableAssociation"] ?? true,
        transitGatewayDefaultRouteTablePropagation: ctx.inputs["transitGatewayDefaultRouteTablePropagation"] ?? true,
        vpcOwnerId: SIM_AWS_ACCOUNT,
      },
      // So route-table associations and propagations can report resourceId/resourceType.
      facts: { resourceId: str(ctx.plain["vpcId"]), resourceType: "vpc" },
    };
  },
  [T.awsTgwRouteTable]: (ctx) => {
    const rtbId = id(ctx, "tgw-rtb");
    return {
      id: rtbId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "ec2", `transit-gateway-route-table/${rtbId}`),
        defaultAssociationRouteTable: false,
        defaultPropagationRouteTable: false,
      },
    };
  },
  [T.awsTgwRouteTableAssociation]: (ctx) => ({
    id: ctx.requestedId ?? `${str(ctx.plain["transitGatewayRouteTableId"]) ?? ""}_${str(ctx.plain["transitGatewayAttachmentId"]) ?? ""}`,
    state: { ...base(ctx, false), ...attachmentTarget(ctx) },
  }),
  [T.awsTgwRouteTablePropagation]: (ctx) => ({
    id: ctx.requestedId ?? `${str(ctx.plain["transitGatewayRouteTableId"]) ?? ""}_${str(ctx.plain["transitGatewayAttachmentId"]) ?? ""}`,
    state: { ...base(ctx, false), ...attachmentTarget(ctx) },
  }),
  [T.awsTgwRoute]: (ctx) => ({
    id: ctx.requestedId ?? `${str(ctx.plain["transitGatewayRouteTableId"]) ?? ""}_${str(ctx.plain["destinationCidrBlock"]) ?? ""}`,
    state: { ...base(ctx, false), blackhole: ctx.inputs["blackhole"] ?? false },
  }),

  [T.awsDxGateway]: (ctx) => {
    const dxgwId = ctx.requestedId ?? uuid(ctx.seed());
    return {
      id: dxgwId,
      state: {
        ...ctx.inputs,
        tagsAll: ctx.inputs["tags"] ?? {},
        // Direct Connect gateways are global: no region in the ARN.
        arn: arn(ctx, "directconnect", `dx-gateway/${dxgwId}`, true),
        ownerAccountId: SIM_AWS_ACCOUNT,
      },
    };
  },
  [T.awsDxGatewayAssociation]: (ctx) => {
    const dxgwId = str(ctx.plain["dxGatewayId"]) ?? "";
    const associated = str(ctx.plain["associatedGatewayId"]) ?? "";
    const isTgw = associated.startsWith("tgw-");
    const state: Record<string, unknown> = {
      ...base(ctx, false),
      dxGatewayAssociationId: uuid(ctx.seed("association")),
      associatedGatewayType: isTgw ? "transitGateway" : "virtualPrivateGateway",
      associatedGatewayOwnerAccountId: SIM_AWS_ACCOUNT,
      dxGatewayOwnerAccountId: SIM_AWS_ACCOUNT,
    };
    const alsoCreates: SimulatedEntry[] = [];
    if (isTgw) {
      const attachmentId = awsId("tgw-attach", ctx.seed("attachment"));
      state["transitGatewayAttachmentId"] = attachmentId;
      alsoCreates.push({
        type: T.awsTgwDxGatewayAttachment,
        name: ctx.name,
        id: attachmentId,
        state: {},
        facts: { resourceId: dxgwId, resourceType: "direct-connect-gateway" },
      });
    }
    // The provider's id is "ga-" + DX gateway id + associated gateway id.
    return { id: ctx.requestedId ?? `ga-${dxgwId}${associated}`, state, alsoCreates };
  },
  [T.awsDxTransitVif]: (ctx) => {
    const vifId = ctx.requestedId ?? `dxvif-${hashAlnum(ctx.seed(), 8)}`;
    const dxgw = ctx.world.lookup(str(ctx.plain["dxGatewayId"]) ?? "");
    // Without explicit peer addresses AWS allocates a link-local /30 (amazon .1, customer .2).
    const peer = defaultInsideCidr(ctx.seed("peer-cidr"));
    return {
      id: vifId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "directconnect", `dxvif/${vifId}`),
        amazonSideAsn: String(num(dxgw?.state["amazonSideAsn"]) ?? AWS_DEFAULT_AMAZON_ASN),
        amazonAddress: ctx.inputs["amazonAddress"] ?? `${awsInsideAddress(peer)}/30`,
        customerAddress: ctx.inputs["customerAddress"] ?? `${customerInsideAddress(peer)}/30`,
        bgpAuthKey: ctx.inputs["bgpAuthKey"] ?? hashAlnum(ctx.seed("bgp-auth"), 24),
        awsDevice: `EqDC2-${hashAlnum(ctx.seed("device"), 12)}`,
        jumboFrameCapable: true,
        mtu: ctx.inputs["mtu"] ?? 1500,
        sitelinkEnabled: ctx.inputs["sitelinkEnabled"] ?? false,
      },
    };
  },
  // Accepting a partner's hosted connection: the resource's id is the connection's.
  [T.awsDxConnectionConfirmation]: (ctx) => ({
    id: ctx.requestedId ?? str(ctx.plain["connectionId"]) ?? `dxcon-${hashAlnum(ctx.seed(), 8)}`,
    state: base(ctx, false),
  }),
  [T.awsDxHostedTransitVifAcceptor]: (ctx) => {
    const vifId = str(ctx.plain["virtualInterfaceId"]) ?? `dxvif-${hashAlnum(ctx.seed(), 8)}`;
    return { id: ctx.requestedId ?? vifId, state: { ...base(ctx), arn: arn(ctx, "directconnect", `dxvif/${vifId}`) } };
  },

  // CloudWatch alarms are identified by name; the provider's id is the alarm name.
  [T.awsMetricAlarm]: (ctx) => {
    const name = str(ctx.plain["name"]) ?? `${ctx.name}-${hashAlnum(ctx.seed("autoname"), 7)}`;
    return {
      id: ctx.requestedId ?? name,
      state: {
        ...base(ctx),
        name,
        arn: arn(ctx, "cloudwatch", `alarm:${name}`),
        actionsEnabled: ctx.inputs["actionsEnabled"] ?? true,
        treatMissingData: ctx.inputs["treatMissingData"] ?? "missing",
        datapointsToAlarm: ctx.inputs["datapointsToAlarm"] ?? ctx.inputs["evaluationPeriods"],
      },
    };
  },
  // SNS topics are identified by ARN.
  [T.awsSnsTopic]: (ctx) => {
    const name = str(ctx.plain["name"]) ?? `${ctx.name}-${hashAlnum(ctx.seed("autoname"), 7)}`;
    const topicArn = arn(ctx, "sns", name);
    return { id: ctx.requestedId ?? topicArn, state: { ...base(ctx), name, arn: topicArn, owner: SIM_AWS_ACCOUNT } };
  },
  [T.awsSnsTopicSubscription]: (ctx) => {
    const topic = str(ctx.plain["topic"]) ?? "";
    const subscriptionArn = `${topic}:${uuid(ctx.seed())}`;
    const email = (str(ctx.plain["protocol"]) ?? "").startsWith("email");
    return {
      id: ctx.requestedId ?? subscriptionArn,
      // An email endpoint stays unconfirmed until the recipient clicks the link SNS mails.
      state: { ...base(ctx, false), arn: subscriptionArn, ownerId: SIM_AWS_ACCOUNT, pendingConfirmation: email, confirmationWasAuthenticated: false },
    };
  },

  [T.awsResolverEndpoint]: (ctx) => {
    const inbound = (str(ctx.plain["direction"]) ?? "").toUpperCase() === "INBOUND";
    const endpointId = id(ctx, inbound ? "rslvr-in" : "rslvr-out");
    const ipAddresses = list(ctx.inputs["ipAddresses"]).map((entry, i) => {
      const e = record(entry);
      const subnetId = str(e["subnetId"]) ?? "";
      return { ...e, ip: e["ip"] ?? resolverIp(ctx, subnetId, i), ipId: awsId("rni", ctx.seed(`rni${i}`)) };
    });
    const firstSubnet = ctx.world.lookup(str(record(list(ctx.plain["ipAddresses"])[0])["subnetId"]) ?? "");
    return {
      id: endpointId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "route53resolver", `resolver-endpoint/${endpointId}`),
        ipAddresses,
        hostVpcId: firstSubnet?.state["vpcId"] ?? awsId("vpc", ctx.seed("host-vpc")),
        protocols: ctx.inputs["protocols"] ?? ["Do53"],
        resolverEndpointType: ctx.inputs["resolverEndpointType"] ?? "IPV4",
      },
    };
  },
  [T.awsResolverRule]: (ctx) => {
    const ruleId = id(ctx, "rslvr-rr");
    return {
      id: ruleId,
      state: {
        ...base(ctx),
        arn: arn(ctx, "route53resolver", `resolver-rule/${ruleId}`),
        ownerId: SIM_AWS_ACCOUNT,
        shareStatus: "NOT_SHARED",
      },
    };
  },
  [T.awsResolverRuleAssociation]: (ctx) => ({ id: id(ctx, "rslvr-rrassoc"), state: base(ctx, false) }),
};

/** Invokes the AWS provider answers offline: identity, region and zones of the simulated account. */
export const AWS_INVOKES: Readonly<Record<string, (args: Readonly<Record<string, unknown>>, region: string) => Record<string, unknown>>> = {
  [INVOKE.awsGetCallerIdentity]: () => ({
    accountId: SIM_AWS_ACCOUNT,
    arn: `arn:aws:iam::${SIM_AWS_ACCOUNT}:user/crosscloud-preview`,
    id: SIM_AWS_ACCOUNT,
    userId: "AIDAJDPLRKLG7UEXAMPLE",
  }),
  [INVOKE.awsGetRegion]: (_args, region) => ({
    id: region,
    name: region,
    region,
    description: region,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  [INVOKE.awsGetPartition]: () => ({
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  [INVOKE.awsGetAvailabilityZones]: (_args, region) => {
    const letters = ["a", "b", "c"];
    return {
      id: region,
      region,
      names: letters.map((l) => `${region}${l}`),
      zoneIds: letters.map((_, i) => `${azIdPrefix(region)}-az${i + 1}`),
      groupNames: [region],
      state: "available",
    };
  },
};

