/**
 * `crosscloud:network`: the network the sdk plans (sdk/plan.ts `NetworkConfig`, without the registry, which
 * comes from `crosscloud:registryFile`, and the interconnect, which is `crosscloud:interconnect`).
 */
import {
  AWS_DEFAULT_AMAZON_ASN,
  AWS_SUBNET_PURPOSES,
  AWS_VPC_PREFIX,
  AWS_VPN_CONNECTIONS_PER_VGW,
  AZURE_DEFAULT_ASN,
  AZURE_SUBNET_PURPOSES,
  Cloud,
  DEFAULT_AZURE_ZONES,
  DEFAULT_PRIVATE_LINK_ZONES,
  DEFAULT_IPSEC_PROFILE,
  DEFAULT_SUPERNETS,
  DEFAULT_VPN_SKU,
  GATEWAY_SUBNET,
  IPSEC_PROFILES,
  IpsecProfileName,
  KEY_PATTERN,
  PLAN_DEFAULTS,
  ROUTE_SERVER_SUBNET,
  VPN_SKU_TUNNELS,
  VpnAttachment,
  VpnGatewaySku,
  VpnLayout,
  checkIpsecProfileName,
  checkVpnGatewaySku,
} from "../../sdk";
import { z } from "zod";
import { SLUG_KEYS, asn, cidrField, flag, integer, keyed, list, oneOf, prefixLength, section, text, unsupported, withMeta } from "./fields";

const values = <T extends Readonly<Record<string, string>>>(o: T) => Object.values(o) as unknown as readonly [T[keyof T], ...T[keyof T][]];

// ---- AWS ---------------------------------------------------------------------------------------------

export const awsSubnet = section(
  {
    cidr: cidrField("Pin the subnet's CIDR, inside its VPC.").optional(),
    prefixLength: prefixLength(`Size of an allocated subnet. Default /${PLAN_DEFAULTS.subnetPrefixLength}.`, AWS_VPC_PREFIX).optional(),
    az: text("Availability Zone name of the plan's Region, e.g. us-east-1a (not an AZ ID such as use1-az1)."),
    purpose: oneOf(AWS_SUBNET_PURPOSES, "What the subnet is for: workload subnets, Route 53 Resolver endpoints, transit gateway attachments. Default workload.").optional(),
  },
  "One AWS subnet, keyed by a stable slug (it names the subnet's resources).",
);

export const vpc = section(
  {
    cidr: cidrField(`Pin the VPC's CIDR (required for an existing VPC). AWS accepts /${AWS_VPC_PREFIX.min} to /${AWS_VPC_PREFIX.max}. Default: allocated from the AWS block.`).optional(),
    prefixLength: prefixLength(`Size of an allocated VPC. Default /${PLAN_DEFAULTS.networkPrefixLength}.`, AWS_VPC_PREFIX).optional(),
    azs: list(
      text("An Availability Zone name of the plan's Region."),
      "Availability Zones of the default subnets (one /24 per AZ). Default: the Region's a and b zones.",
      { typeHint: "give a list, e.g. [us-east-1a, us-east-1b] (a single name would be read letter by letter)" },
      { min: 1 },
    ).optional(),
    subnets: keyed(awsSubnet, "Subnets by key. Default: one workload /24 per AZ, private-<zone letter>.", {}, SLUG_KEYS).optional(),
  },
  "One VPC, keyed by a stable slug. `app: {}` plans one with every default.",
);

export const awsNetwork = section(
  {
    region: text("AWS Region of the VPCs and the VPN, e.g. us-east-1. Must equal aws:region when that is set."),
    asn: asn(`Amazon-side ASN of the VGW or transit gateway (a private ASN). Default ${AWS_DEFAULT_AMAZON_ASN}, AWS's own default.`).optional(),
    block: cidrField("Pin this environment's AWS block. Default: allocated from the AWS supernet.").optional(),
    blockPrefixLength: prefixLength(`Size of the allocated AWS block. Default /${PLAN_DEFAULTS.blockPrefixLength}.`, { min: 8, max: AWS_VPC_PREFIX.max }).optional(),
    vpcs: keyed(vpc, "The VPCs, by key (at least one).", {}, SLUG_KEYS),
  },
  "The AWS side: Region, ASN and VPCs.",
);

const PROFILE_NAMES = Object.keys(IPSEC_PROFILES) as [IpsecProfileName, ...IpsecProfileName[]];

const IPSEC_INSTEAD = `choose one of the named profiles with vpn.ipsecProfile (${PROFILE_NAMES.join(", ")}; default ${DEFAULT_IPSEC_PROFILE}): each pins every IKE and IPsec parameter identically on both clouds`;
const PER_FIELD_IPSEC = `per-field IKE/IPsec settings are not supported: clouds left to negotiate, or given different values per side, rekey into dropped tunnels; ${IPSEC_INSTEAD}`;
const PSK = "a pre-shared key in stack config is not supported: crosscloud generates each tunnel's key with @pulumi/random as a Pulumi secret, so it never appears in a file, a log or the state in plaintext; remove it (to rotate a key, replace its RandomPassword: pulumi up --replace <urn>)";
const ACTIVE_ACTIVE_WHY =
  "an active-standby Azure gateway is not supported: every AWS VPN connection has two tunnels, each needing its own custom APIPA address on the gateway, and an active-standby gateway takes only one, so crosscloud's gateway is always active-active";
const ACTIVE_ACTIVE = `the gateway's mode is not a setting (${ACTIVE_ACTIVE_WHY}); remove it`;

/** Azure subnet keys: a slug, or one of the names Azure requires for its own subnets. */
const AZURE_SUBNET_KEYS = {
  pattern: new RegExp(`^(?:${GATEWAY_SUBNET}|${ROUTE_SERVER_SUBNET}|${KEY_PATTERN.source.replace(/^\^|\$$/g, "")})$`),
  message: (key: string) => `${SLUG_KEYS.message(key)}; or ${GATEWAY_SUBNET} / ${ROUTE_SERVER_SUBNET}, the names Azure requires for its own subnets`,
} as const;

// ---- Azure -------------------------------------------------------------------------------------------

export const azureSubnet = section(
  {
    cidr: cidrField("Pin the subnet's CIDR, inside its VNet.").optional(),
    prefixLength: prefixLength("Size of an allocated subnet. Default by purpose: /27 GatewaySubnet, /26 RouteServerSubnet, /28 DNS endpoints, /24 otherwise.", { min: 8, max: 29 }).optional(),
    purpose: oneOf(AZURE_SUBNET_PURPOSES, `What the subnet is for. ${GATEWAY_SUBNET} and ${ROUTE_SERVER_SUBNET} imply theirs. Default workload.`).optional(),
  },
  `One Azure subnet, keyed by a stable slug, or ${GATEWAY_SUBNET} / ${ROUTE_SERVER_SUBNET}.`,
);

export const vnet = section(
  {
    addressSpace: cidrField("Pin the VNet's address space (required for an existing VNet). Default: allocated from the Azure block.").optional(),
    prefixLength: prefixLength(`Size of an allocated VNet. Default /${PLAN_DEFAULTS.networkPrefixLength}.`, { min: 8, max: 29 }).optional(),
    subnets: keyed(azureSubnet, `Subnets by key. Default: ${GATEWAY_SUBNET} /27 (+ dns-inbound/dns-outbound /28 with DNS) in the gateway VNet, and a /24 workload.`, {}, AZURE_SUBNET_KEYS).optional(),
  },
  "One VNet, keyed by a stable slug. `hub: {}` plans one with every default.",
);

export const azureNetwork = section(
  {
    region: text("Azure region of the VNets and gateways, e.g. eastus. Must equal azure-native:location when that is set."),
    asn: asn(`ASN of the Azure VPN gateway. Default ${AZURE_DEFAULT_ASN}, Azure's own default (required with a Route Server).`).optional(),
    block: cidrField("Pin this environment's Azure block. Default: allocated from the Azure supernet.").optional(),
    blockPrefixLength: prefixLength(`Size of the allocated Azure block. Default /${PLAN_DEFAULTS.blockPrefixLength}.`, { min: 8, max: 29 }).optional(),
    routeServer: flag("An Azure Route Server shares the gateway VNet (needs a RouteServerSubnet). Default false.").optional(),
    gatewayVnet: text(`Key of the VNet holding the gateways. Default "${PLAN_DEFAULTS.gatewayVnet}" if present, else the only VNet.`).optional(),
    vnets: keyed(vnet, "The VNets, by key (at least one).", {}, SLUG_KEYS),
    activeActive: unsupported(ACTIVE_ACTIVE),
    activeStandby: unsupported(ACTIVE_ACTIVE),
  },
  "The Azure side: region, ASN and VNets.",
  { misplaced: { gatewaySku: "the VPN gateway's SKU is vpn.gatewaySku", vpnGatewaySku: "the VPN gateway's SKU is vpn.gatewaySku" } },
);

// ---- VPN ---------------------------------------------------------------------------------------------


export const vpnConnection = section(
  {
    azureInstance: withMeta(oneOf([0, 1] as const, "Azure gateway instance (ip configuration) the connection's customer gateway points at."), { shapesParent: true }),
    insideCidrs: section(
      {
        t1: cidrField("Inside /30 of tunnel 1, in Azure's custom APIPA range."),
        t2: cidrField("Inside /30 of tunnel 2, in Azure's custom APIPA range."),
      },
      "Pin the tunnels' inside /30s. Default: planned from Azure's custom APIPA range.",
    ).optional(),
  },
  "One AWS VPN connection (two tunnels), keyed by a stable slug.",
);

export const vpn = section(
  {
    layout: withMeta(
      oneOf(values(VpnLayout), "dev: one AWS VPN connection (2 tunnels); ha: two connections on the two gateway instances (4 tunnels); custom: as given in connections or tunnelCount.", {
        aliases: { "active-active": "ha", activeactive: "ha", single: "dev", "high-availability": "ha" },
        valueMessage: (v) => (/standby/i.test(String(v)) ? `"${String(v)}" is not a layout: ${ACTIVE_ACTIVE_WHY}; use "dev" (one VPN connection) or "ha" (two)` : ""),
      }),
      { shapesParent: true },
    ),
    attachment: oneOf(values(VpnAttachment), "Where the AWS side terminates: vgw (a virtual private gateway on one VPC) or tgw (a transit gateway). Default vgw for dev, tgw otherwise.", {
      aliases: { "transit-gateway": "tgw", transitgateway: "tgw", tgw: "tgw", "vpn-gateway": "vgw", "virtual-private-gateway": "vgw", vpngateway: "vgw" },
    }).optional(),
    connections: keyed(vpnConnection, "Connections by key: required for custom; with dev/ha only insideCidrs of a/b may be given.", {}, SLUG_KEYS).optional(),
    tunnelCount: integer("Layout custom: this many tunnels (even), connections a, b, … alternating gateway instances.", { min: 2, max: 52, multipleOf: 2 }, { code: "VPN_LAYOUT", shapesParent: true }).optional(),
    ipsecProfile: oneOf(PROFILE_NAMES, `The IKEv2/IPsec profile pinned on both clouds. Default ${DEFAULT_IPSEC_PROFILE}.`, {
      code: "IPSEC_UNSUPPORTED",
      valueMessage: (v) => checkIpsecProfileName("", String(v))[0]?.message ?? "",
    }).optional(),
    gatewaySku: oneOf(values(VpnGatewaySku), `Zone-redundant Azure VPN gateway SKU. Default ${DEFAULT_VPN_SKU.dev} for dev, ${DEFAULT_VPN_SKU.ha} otherwise (tunnels per SKU: ${Object.entries(VPN_SKU_TUNNELS).map(([k, n]) => `${k} ${n}`).join(", ")}).`, {
      code: "SKU_INVALID",
      valueMessage: (v) => checkVpnGatewaySku("", String(v))[0]?.message ?? "",
    }).optional(),
    maxConnectionsPerVgw: integer(
      `Attachment vgw only: the account's raised quota of VPN connections per virtual private gateway (${AWS_VPN_CONNECTIONS_PER_VGW.quotaCode}). Default ${AWS_VPN_CONNECTIONS_PER_VGW.default}, AWS's default.`,
      { min: 1 },
    ).optional(),
    // Settings users try that crosscloud does not offer.
    preSharedKey: unsupported(PSK),
    presharedKey: unsupported(PSK),
    psk: unsupported(PSK),
    sharedKey: unsupported(PSK),
    ikeVersion: unsupported(`IKEv1 is not supported and the IKE version is not a setting: every crosscloud profile is IKEv2, which both clouds support for BGP tunnels with custom APIPA addresses; remove it`),
    ikeVersions: unsupported(`the IKE version is not a setting: every crosscloud profile is IKEv2 (IKEv1 is not supported); remove it`),
    ike: unsupported(PER_FIELD_IPSEC),
    ipsec: unsupported(PER_FIELD_IPSEC),
    ipsecPolicy: unsupported(PER_FIELD_IPSEC),
    phase1: unsupported(PER_FIELD_IPSEC),
    phase2: unsupported(PER_FIELD_IPSEC),
    tunnelOptions: unsupported(PER_FIELD_IPSEC),
    activeActive: unsupported(ACTIVE_ACTIVE),
    activeStandby: unsupported(ACTIVE_ACTIVE),
    staticRoutesOnly: unsupported("static routing is not supported: the tunnels run BGP, which is how each cloud learns the other's prefixes and fails over between tunnels; remove it"),
  },
  "The site-to-site VPN between the clouds (the backup path when an interconnect exists).",
);

// ---- DNS ---------------------------------------------------------------------------------------------

export const dns = section(
  {
    awsZones: list(text("A private DNS zone, e.g. corp.aws.example.internal."), "AWS private zones Azure should resolve. Default: the Region's EC2 private names.").optional(),
    azureZones: list(
      text("A private DNS zone clients query by name, e.g. corp.azure.example (never a privatelink.* zone: list those under privateLinkZones)."),
      `Azure private zones AWS should resolve. Default: ${DEFAULT_AZURE_ZONES.length > 0 ? DEFAULT_AZURE_ZONES.join(", ") : "none"}.`,
    ).optional(),
    privateLinkZones: list(
      text("An Azure Private Link zone, e.g. privatelink.blob.core.windows.net."),
      `Azure Private Link zones; Route 53 forwards each one's public zone (blob.core.windows.net), as Microsoft requires. Default: ${DEFAULT_PRIVATE_LINK_ZONES.join(", ")}.`,
    ).optional(),
    createPrivateLinkZones: flag("Create each Private Link zone in the stack's resource group, linked to the gateway VNet. Default false (the zones exist already and are linked).").optional(),
    inboundEndpoints: flag("Create inbound endpoints on both sides (each resolving the other's zones). Default true.").optional(),
    resolverVpc: text("Key of the VPC holding the Route 53 Resolver endpoints. Default: the only VPC; required with several.").optional(),
  },
  "DNS forwarding both ways (Route 53 Resolver and Azure DNS Private Resolver). Omit for none.",
);

const supernet = (cloud: Cloud) => cidrField(`The ${cloud} supernet. Default ${DEFAULT_SUPERNETS[cloud]}.`).optional();

// ---- the section -------------------------------------------------------------------------------------

export const network = section(
  {
    environment: text(`Environment slug (${KEY_PATTERN.source}); it names resources and owns this stack's registry entries.`),
    supernets: section(
      {
        aws: supernet("aws"),
        azure: supernet("azure"),
        gcp: supernet("gcp"),
        onprem: supernet("onprem"),
      },
      "Per-cloud supernets the blocks are allocated from; they must not overlap.",
    ).optional(),
    aws: awsNetwork,
    azure: azureNetwork,
    vpn,
    dns: dns.optional(),
  },
  "The network crosscloud plans: addresses, ASNs, tunnels and DNS for both clouds.",
  {
    misplaced: {
      ipsecProfile: "the IPsec profile is vpn.ipsecProfile",
      gatewaySku: "the VPN gateway's SKU is vpn.gatewaySku",
      interconnect: "the interconnect is its own key: move it to crosscloud:interconnect",
      registry: "the IPAM registry is a file: set crosscloud:registryFile",
      registryFile: "set it as its own key, crosscloud:registryFile",
      existing: "existing networks are their own key: move it to crosscloud:existing",
      tags: "tags are their own key: move them to crosscloud:tags",
    },
  },
);

export type NetworkSection = z.output<typeof network>;
