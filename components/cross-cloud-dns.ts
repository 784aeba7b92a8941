import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as dnsresolver from "@pulumi/azure-native/dnsresolver";
import * as privatedns from "@pulumi/azure-native/privatedns";
import {
  Issue,
  checkAzureSubnet,
  checkCidr,
  checkKey,
  checkResolverSubnets,
  cidr,
  cidrSlug,
  isDefaultRoute,
  issue,
  joinPath,
  normalizeZone,
  planDnsZones,
  sortedKeys,
  throwIfIssues,
  toAwsDomain,
  toAzureDomain,
} from "../sdk";
import { TYPE } from "./type-tokens";

/**
 * Cross-cloud DNS forwarding (reference/networking.md §1.1, §3, §5):
 *
 *   AWS VPC ── Route 53 outbound ──FORWARD <azure zones>──► Azure inbound endpoint ──► Azure private zones
 *   Azure VNet ── DNS resolver outbound ──ruleset <aws zones.>──► Route 53 inbound ──► VPC resolver
 *
 * Each side's rules target the OTHER side's inbound endpoint IPs (outputs, never guessed).
 *
 * Private Link: AWS clients ask for `acct.blob.core.windows.net`, so Route 53 forwards the PUBLIC zone
 * Microsoft lists for each `privatelink.*` zone (sdk/private-link.ts); Azure's resolver follows the public
 * CNAME into the private zone, which must be linked to the resolver's VNet (`createPrivateLinkZones` creates
 * and links it here; otherwise link your own).
 *
 * Dev option `inboundEndpoints: false`: with no inbound endpoint on either side, a forwarding rule
 * has nothing to target, and an outbound endpoint without rules only costs money. So NOTHING is
 * created: no endpoints, security group, rules, associations, resolver, ruleset or links. What stops
 * working: AWS cannot resolve the Azure zones (privatelink names then resolve to the services'
 * PUBLIC addresses, so traffic leaves the private path or is refused by private-endpoint-only
 * services) and Azure cannot resolve the AWS zones (use IP addresses). Saved per month: four Route 53
 * ENIs (price `aws.route53resolver.eni`) plus two Azure endpoints (`azure.dnsResolver.endpoint`,
 * UNCONFIRMED); sdk/prices.ts has the figures and `crosscloud preview` prints them.
 */
export const CROSS_CLOUD_DNS_DEFAULTS = {
  inboundEndpoints: true,
  /** Key of the resolver VPC / VNet in the default association and link maps. */
  resolverKey: "resolver",
  port: 53,
} as const;

/** A subnet that holds one Route 53 Resolver endpoint IP (a billed ENI). */
export interface ResolverSubnetArgs {
  /** The subnet. */
  readonly subnetId: pulumi.Input<string>;
  /** The subnet's Availability Zone; endpoints need IPs in at least two. */
  readonly az: string;
}

/** CIDRs of the two subnets delegated to the DNS Private Resolver, to check against the /28–/24 rule. */
export interface DnsResolverSubnetCidrs {
  /**
   * CIDR of the inbound endpoint's subnet.
   * @default - not checked
   */
  readonly inbound?: string;
  /**
   * CIDR of the outbound endpoint's subnet.
   * @default - not checked
   */
  readonly outbound?: string;
}

/** Cross-cloud DNS forwarding between Route 53 Resolver and the Azure DNS Private Resolver. */
export interface CrossCloudDnsArgs {
  /** AWS Region (it names the default AWS zone). */
  readonly awsRegion: string;
  /** VPC of the Route 53 Resolver endpoints. */
  readonly vpcId: pulumi.Input<string>;
  /** One endpoint IP per subnet, keyed by a stable slug; ≥ 2 distinct AZs. Each IP is a billed ENI. */
  readonly resolverSubnets: Readonly<Record<string, ResolverSubnetArgs>>;
  /**
   * VPCs the AWS forwarding rules are associated with, keyed by slug.
   * @default - { resolver: vpcId }
   */
  readonly associatedVpcIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Azure resource group of the DNS Private Resolver and its ruleset. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the DNS Private Resolver. */
  readonly location: pulumi.Input<string>;
  /** VNet of the DNS Private Resolver. */
  readonly virtualNetworkId: pulumi.Input<string>;
  /**
   * Subnet delegated to Microsoft.Network/dnsResolvers for the inbound endpoint. Required unless `inboundEndpoints` is false.
   * @default - none
   */
  readonly inboundSubnetId?: pulumi.Input<string>;
  /** Subnet delegated to Microsoft.Network/dnsResolvers for the outbound endpoint. */
  readonly outboundSubnetId: pulumi.Input<string>;
  /**
   * CIDRs of the two delegated subnets, checked against the /28–/24 rule when given.
   * @default - not checked here (the network plan checks them)
   */
  readonly azureSubnetCidrs?: DnsResolverSubnetCidrs;
  /**
   * VNets linked to the forwarding ruleset, keyed by slug.
   * @default - { resolver: virtualNetworkId }
   */
  readonly linkedVirtualNetworkIds?: Readonly<Record<string, pulumi.Input<string>>>;
  /** AWS prefixes allowed to reach the Route 53 endpoints on port 53. */
  readonly awsPrefixes: string[];
  /** Azure prefixes allowed to reach the Route 53 endpoints on port 53 (the outbound endpoint's subnet at least). */
  readonly azurePrefixes: string[];
  /**
   * AWS zones Azure forwards to Route 53.
   * @default - `defaultAwsZones(awsRegion)`: the Region's EC2 private names
   */
  readonly awsZones?: string[];
  /**
   * Azure zones AWS forwards to Azure by the names clients query. A `privatelink.*` zone is refused: give it
   * in `privateLinkZones`, which forwards its public zone.
   * @default - none (`DEFAULT_AZURE_ZONES`)
   */
  readonly azureZones?: string[];
  /**
   * Azure Private Link private DNS zones; Route 53 forwards each one's public forwarder zone from Microsoft's
   * table (`privatelink.blob.core.windows.net` → `blob.core.windows.net`).
   * @default - Blob, SQL and Key Vault (`DEFAULT_PRIVATE_LINK_ZONES`)
   */
  readonly privateLinkZones?: string[];
  /**
   * Create each of `privateLinkZones` as an Azure Private DNS zone in `resourceGroupName` and link it to
   * `virtualNetworkId` (the resolver's VNet, where AWS's forwarded queries are answered), with
   * NxDomainRedirect so names without a private endpoint here still resolve publicly. Leave false when the
   * zones exist already; link them to that VNet yourself.
   * @default false
   */
  readonly createPrivateLinkZones?: boolean;
  /**
   * Create inbound endpoints (and therefore everything else); false is the dev option described on `CrossCloudDns`.
   * @default true
   */
  readonly inboundEndpoints?: boolean;
  /**
   * Tags for AWS and Azure resources.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface CrossCloudDnsPlan {
  readonly inboundEndpoints: boolean;
  /** Normalised (no trailing dot), in the given order. */
  readonly awsZones: readonly string[];
  readonly azureZones: readonly string[];
  readonly privateLinkZones: readonly string[];
  /** What Route 53 forwards: `azureZones`, then the public forwarder zones of `privateLinkZones`. */
  readonly forwardedAzureZones: readonly string[];
  readonly createPrivateLinkZones: boolean;
  /** Sources allowed to query the Route 53 endpoints, sorted, without duplicates. */
  readonly allowedSources: readonly string[];
  readonly resolverSubnetKeys: readonly string[];
  readonly associatedVpcKeys: readonly string[];
  readonly linkedVnetKeys: readonly string[];
}

/** Azure forwarding rule names allow letters, digits and '-': the zone with its dots as dashes. */
export const azureForwardingRuleName = (zone: string): string => normalizeZone(zone).replace(/\./g, "-");

/** Validates the args, collecting every problem; never throws. */
export function planCrossCloudDns(name: string, args: CrossCloudDnsArgs): { plan: CrossCloudDnsPlan; issues: Issue[] } {
  const issues: Issue[] = [];
  const inbound = args.inboundEndpoints ?? CROSS_CLOUD_DNS_DEFAULTS.inboundEndpoints;
  const { zones, issues: zoneIssues } = planDnsZones(name, { awsRegion: args.awsRegion, awsZones: args.awsZones, azureZones: args.azureZones, privateLinkZones: args.privateLinkZones });
  issues.push(...zoneIssues);

  const subnetKeys = sortedKeys(args.resolverSubnets);
  issues.push(...checkResolverSubnets(joinPath(name, "resolverSubnets"), subnetKeys.map((k) => ({ key: k, az: (args.resolverSubnets[k] as ResolverSubnetArgs).az }))));
  const vpcKeys = sortedKeys(args.associatedVpcIds ?? { [CROSS_CLOUD_DNS_DEFAULTS.resolverKey]: args.vpcId });
  const vnetKeys = sortedKeys(args.linkedVirtualNetworkIds ?? { [CROSS_CLOUD_DNS_DEFAULTS.resolverKey]: args.virtualNetworkId });
  for (const k of vpcKeys) issues.push(...checkKey(joinPath(name, "associatedVpcIds", k), k));
  for (const k of vnetKeys) issues.push(...checkKey(joinPath(name, "linkedVirtualNetworkIds", k), k));
  if (inbound && args.inboundSubnetId === undefined) {
    issues.push(issue(joinPath(name, "inboundSubnetId"), "VALUE_REQUIRED", `an inbound endpoint subnet is required unless inboundEndpoints is false`));
  }
  for (const [which, text] of Object.entries(args.azureSubnetCidrs ?? {})) {
    const path = joinPath(name, "azureSubnetCidrs", which);
    const syntax = checkCidr(path, text);
    issues.push(...(syntax.length > 0 ? syntax : checkAzureSubnet(path, `dns-${which}`, which === "inbound" ? "dnsInbound" : "dnsOutbound", cidr(text))));
  }
  for (const field of ["awsPrefixes", "azurePrefixes"] as const) {
    const path = joinPath(name, field);
    if (args[field].length === 0) issues.push(issue(path, "VALUE_REQUIRED", `at least one prefix is needed: only these sources may query the resolver endpoints`));
    args[field].forEach((p, i) => {
      if (isDefaultRoute(p)) issues.push(issue(`${path}.${i}`, "DEFAULT_ROUTE", `${p} would open the resolver endpoints' port 53 to every address; list the clouds' own prefixes`));
      else issues.push(...checkCidr(`${path}.${i}`, p));
    });
  }

  const { awsZones, forwardedAzureZones } = zones;
  if (issues.length === 0) {
    // Zones and keys both contain '-', so (zone, VPC key) pairs can spell the same association name,
    // and zones that differ only in '.' vs '-' give the same Azure rule name.
    const seen = new Map<string, string>();
    const claim = (resourceName: string, path: string, code: "KEY_INVALID" | "DNS_DUPLICATE"): void => {
      const other = seen.get(resourceName);
      if (other !== undefined) issues.push(issue(path, code, `produces the name "${resourceName}", which ${other} already uses; rename one`));
      else seen.set(resourceName, path);
    };
    forwardedAzureZones.forEach((z) => vpcKeys.forEach((k) => claim(`${name}-${z}-${k}-assoc`, joinPath(name, "associatedVpcIds", k), "KEY_INVALID")));
    awsZones.forEach((z, i) => claim(`azure-rule:${azureForwardingRuleName(z)}`, joinPath(name, "awsZones", String(i)), "DNS_DUPLICATE"));
  }
  const allowedSources = [...new Set([...args.awsPrefixes, ...args.azurePrefixes])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    plan: { inboundEndpoints: inbound, ...zones, createPrivateLinkZones: args.createPrivateLinkZones ?? false, allowedSources, resolverSubnetKeys: subnetKeys, associatedVpcKeys: vpcKeys, linkedVnetKeys: vnetKeys },
    issues,
  };
}

/**
 * Route 53 Resolver and Azure DNS Private Resolver, each forwarding the other cloud's zones to the
 * other cloud's inbound endpoint. See the note above for the dev option.
 */
export class CrossCloudDns extends pulumi.ComponentResource {
  // Every field is an output of the component; `planCrossCloudDns(name, args)` gives the plan.
  /** Route 53 inbound endpoint IPs (the targets of Azure's rules); [] without inbound endpoints. */
  public readonly awsInboundIps: pulumi.Output<string[]>;
  /** Azure inbound endpoint IPs (the targets of AWS's rules); [] without inbound endpoints. */
  public readonly azureInboundIps: pulumi.Output<string[]>;
  /** Security group of the Route 53 Resolver endpoints; none without inbound endpoints. */
  public readonly securityGroupId: pulumi.Output<string> | undefined;
  /** Route 53 Resolver inbound endpoint; none without inbound endpoints. */
  public readonly awsInboundEndpointId: pulumi.Output<string> | undefined;
  /** Route 53 Resolver outbound endpoint; none without inbound endpoints. */
  public readonly awsOutboundEndpointId: pulumi.Output<string> | undefined;
  /** The Azure DNS Private Resolver; none without inbound endpoints. */
  public readonly azureDnsResolverId: pulumi.Output<string> | undefined;
  /** The Azure resolver's inbound endpoint; none without inbound endpoints. */
  public readonly azureInboundEndpointId: pulumi.Output<string> | undefined;
  /** The Azure resolver's outbound endpoint; none without inbound endpoints. */
  public readonly azureOutboundEndpointId: pulumi.Output<string> | undefined;
  /** The Azure DNS forwarding ruleset; none without inbound endpoints. */
  public readonly forwardingRulesetId: pulumi.Output<string> | undefined;
  /** Route 53 rules by (normalised) Azure zone. */
  public readonly awsRuleIds: Record<string, pulumi.Output<string>> = {};
  /** Azure forwarding rules by (normalised) AWS zone. */
  public readonly azureRuleIds: Record<string, pulumi.Output<string>> = {};
  /** Private DNS zones created for `privateLinkZones` (with `createPrivateLinkZones`), by zone, for private endpoints' DNS zone groups. */
  public readonly privateLinkZoneIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: CrossCloudDnsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    const { plan, issues } = planCrossCloudDns(name, args);
    throwIfIssues(issues, `crosscloud CrossCloudDns "${name}"`);
    super(TYPE.CrossCloudDns, name, {}, opts);
    const parent = { parent: this };
    const port = CROSS_CLOUD_DNS_DEFAULTS.port;

    if (!plan.inboundEndpoints) {
      this.awsInboundIps = pulumi.output([]);
      this.azureInboundIps = pulumi.output([]);
      this.securityGroupId = this.awsInboundEndpointId = this.awsOutboundEndpointId = undefined;
      this.azureDnsResolverId = this.azureInboundEndpointId = this.azureOutboundEndpointId = this.forwardingRulesetId = undefined;
      this.registerOutputs({ awsInboundIps: this.awsInboundIps, azureInboundIps: this.azureInboundIps });
      return;
    }

    // --- Azure: resolver and endpoints (their IPs feed the AWS rules) --------------------------
    const resolver = new dnsresolver.DnsResolver(
      `${name}-resolver`,
      { resourceGroupName: args.resourceGroupName, location: args.location, virtualNetwork: { id: args.virtualNetworkId }, tags: { ...args.tags } },
      parent,
    );
    const azInbound = new dnsresolver.InboundEndpoint(
      `${name}-inbound`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        dnsResolverName: resolver.name,
        ipConfigurations: [{ subnet: { id: args.inboundSubnetId as pulumi.Input<string> }, privateIpAllocationMethod: "Dynamic" }],
        tags: { ...args.tags },
      },
      parent,
    );
    const azOutbound = new dnsresolver.OutboundEndpoint(
      `${name}-outbound`,
      { resourceGroupName: args.resourceGroupName, location: args.location, dnsResolverName: resolver.name, subnet: { id: args.outboundSubnetId }, tags: { ...args.tags } },
      parent,
    );
    this.azureInboundIps = azInbound.ipConfigurations.apply((configs) => configs.map((c) => c.privateIpAddress ?? ""));

    // --- AWS: security group, endpoints -------------------------------------------------------
    const sg = new aws.ec2.SecurityGroup(
      `${name}-resolver-sg`,
      { vpcId: args.vpcId, description: `Route 53 Resolver endpoints of ${name}: DNS from the AWS and Azure prefixes only`, tags: { ...args.tags, Name: `${name}-resolver-sg` } },
      parent,
    );
    // Only the two clouds' prefixes may query the endpoints (the inbound one answers Azure, the
    // outbound one only sends); one rule per prefix and protocol so adding a prefix touches no other rule.
    for (const source of plan.allowedSources) {
      for (const proto of ["tcp", "udp"] as const) {
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${cidrSlug(source)}-dns-${proto}-in`,
          {
            securityGroupId: sg.id,
            ipProtocol: proto,
            fromPort: port,
            toPort: port,
            cidrIpv4: source,
            description: `DNS from ${source}`,
            tags: { ...args.tags, Name: `${name}-${cidrSlug(source)}-dns-${proto}-in` },
          },
          parent,
        );
      }
    }
    // The outbound endpoint talks only to Azure's inbound endpoint. (Without any egress rule the
    // provider leaves the group with none: it removes AWS's default allow-all.)
    for (const proto of ["tcp", "udp"] as const) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-azure-inbound-dns-${proto}-out`,
        {
          securityGroupId: sg.id,
          ipProtocol: proto,
          fromPort: port,
          toPort: port,
          cidrIpv4: this.azureInboundIps.apply((ips) => `${ips[0] ?? ""}/32`),
          description: "DNS to the Azure inbound endpoint",
          tags: { ...args.tags, Name: `${name}-azure-inbound-dns-${proto}-out` },
        },
        parent,
      );
    }
    const ipAddresses = plan.resolverSubnetKeys.map((k) => ({ subnetId: (args.resolverSubnets[k] as ResolverSubnetArgs).subnetId }));
    const endpoint = (direction: "INBOUND" | "OUTBOUND", role: string) =>
      new aws.route53.ResolverEndpoint(
        `${name}-${role}`,
        { name: `${name}-${role}`, direction, ipAddresses, securityGroupIds: [sg.id], protocols: ["Do53"], resolverEndpointType: "IPV4", tags: { ...args.tags, Name: `${name}-${role}` } },
        parent,
      );
    const r53Inbound = endpoint("INBOUND", "r53-inbound");
    const r53Outbound = endpoint("OUTBOUND", "r53-outbound");
    this.awsInboundIps = r53Inbound.ipAddresses.apply((addresses) => addresses.map((a) => a.ip));

    // --- AWS rules: Azure zones (Private Link zones by their public zone) → Azure inbound IPs -----
    const vpcIds = args.associatedVpcIds ?? { [CROSS_CLOUD_DNS_DEFAULTS.resolverKey]: args.vpcId };
    for (const zone of plan.forwardedAzureZones) {
      const rule = new aws.route53.ResolverRule(
        `${name}-${zone}-rule`,
        {
          // Display name only; AWS allows letters, digits, '-', '_' and spaces, up to 64 characters.
          name: `${name}-${azureForwardingRuleName(zone)}`.slice(0, 64),
          domainName: toAwsDomain(zone),
          ruleType: "FORWARD",
          resolverEndpointId: r53Outbound.id,
          targetIps: this.azureInboundIps.apply((ips) => ips.map((ip) => ({ ip, port }))),
          tags: { ...args.tags, Name: `${name}-${zone}` },
        },
        parent,
      );
      this.awsRuleIds[zone] = rule.id;
      for (const key of plan.associatedVpcKeys) {
        new aws.route53.ResolverRuleAssociation(`${name}-${zone}-${key}-assoc`, { resolverRuleId: rule.id, vpcId: vpcIds[key] as pulumi.Input<string> }, parent);
      }
    }

    // --- Azure ruleset: AWS zones (dot-terminated) → Route 53 inbound IPs -----------------------
    const ruleset = new dnsresolver.DnsForwardingRuleset(
      `${name}-ruleset`,
      { resourceGroupName: args.resourceGroupName, location: args.location, dnsResolverOutboundEndpoints: [{ id: azOutbound.id }], tags: { ...args.tags } },
      parent,
    );
    for (const zone of plan.awsZones) {
      const rule = new dnsresolver.ForwardingRule(
        `${name}-${zone}-fwd`,
        {
          resourceGroupName: args.resourceGroupName,
          dnsForwardingRulesetName: ruleset.name,
          forwardingRuleName: azureForwardingRuleName(zone),
          domainName: toAzureDomain(zone),
          forwardingRuleState: "Enabled",
          targetDnsServers: this.awsInboundIps.apply((ips) => ips.map((ipAddress) => ({ ipAddress, port }))),
        },
        parent,
      );
      this.azureRuleIds[zone] = rule.id;
    }
    const vnetIds = args.linkedVirtualNetworkIds ?? { [CROSS_CLOUD_DNS_DEFAULTS.resolverKey]: args.virtualNetworkId };
    for (const key of plan.linkedVnetKeys) {
      new dnsresolver.PrivateResolverVirtualNetworkLink(
        `${name}-${key}-link`,
        { resourceGroupName: args.resourceGroupName, dnsForwardingRulesetName: ruleset.name, virtualNetwork: { id: vnetIds[key] as pulumi.Input<string> } },
        parent,
      );
    }

    // --- Azure: the Private Link zones, linked to the VNet that answers AWS's forwarded queries ---------
    if (plan.createPrivateLinkZones) {
      for (const zone of plan.privateLinkZones) {
        const privateZone = new privatedns.PrivateZone(
          `${name}-${zone}-zone`,
          // Private DNS zones are global resources.
          { resourceGroupName: args.resourceGroupName, privateZoneName: zone, location: "global", tags: { ...args.tags } },
          parent,
        );
        new privatedns.VirtualNetworkLink(
          `${name}-${zone}-zone-link`,
          {
            resourceGroupName: args.resourceGroupName,
            privateZoneName: privateZone.name,
            location: "global",
            virtualNetwork: { id: args.virtualNetworkId },
            registrationEnabled: false,
            // Route 53 forwards the whole public zone (e.g. every *.blob.core.windows.net name): a name whose
            // private endpoint is not in this zone (another organisation's account) falls back to public DNS
            // instead of NXDOMAIN.
            resolutionPolicy: "NxDomainRedirect",
            tags: { ...args.tags },
          },
          parent,
        );
        this.privateLinkZoneIds[zone] = privateZone.id;
      }
    }

    this.securityGroupId = sg.id;
    this.awsInboundEndpointId = r53Inbound.id;
    this.awsOutboundEndpointId = r53Outbound.id;
    this.azureDnsResolverId = resolver.id;
    this.azureInboundEndpointId = azInbound.id;
    this.azureOutboundEndpointId = azOutbound.id;
    this.forwardingRulesetId = ruleset.id;
    this.registerOutputs({
      awsInboundIps: this.awsInboundIps,
      azureInboundIps: this.azureInboundIps,
      securityGroupId: this.securityGroupId,
      awsInboundEndpointId: this.awsInboundEndpointId,
      awsOutboundEndpointId: this.awsOutboundEndpointId,
      azureDnsResolverId: this.azureDnsResolverId,
      azureInboundEndpointId: this.azureInboundEndpointId,
      azureOutboundEndpointId: this.azureOutboundEndpointId,
      forwardingRulesetId: this.forwardingRulesetId,
      awsRuleIds: this.awsRuleIds,
      azureRuleIds: this.azureRuleIds,
      privateLinkZoneIds: this.privateLinkZoneIds,
    });
  }
}
