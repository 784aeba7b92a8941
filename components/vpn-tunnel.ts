import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import {
  BgpCarrier,
  DEFAULT_IPSEC_PROFILE,
  Issue,
  IpsecProfileName,
  awsInsideAddress,
  azureInsideAddress,
  checkAmazonSideAsn,
  checkAzurePeerAsn,
  checkInsideCidr,
  checkIpsecProfileName,
  cidr,
  ipsecProfile,
  isIpv4,
  issue,
  renderAzureIpsecPolicy,
  throwIfIssues,
  AWS_VPN_BGP_HOLD_SECONDS,
  AZURE_VPN_BGP_HOLD_SECONDS,
} from "../sdk";
import { BgpSession, BgpSessionArgs, BgpSessionInfo, bgpSessionInfo, checkBgpSessionArgs } from "./bgp-session";
import { TYPE } from "./type-tokens";

/** One IPsec tunnel's Azure side: where it terminates, its addressing, key and BGP parameters. */
export interface VpnTunnelArgs {
  /** Azure resource group of the gateway. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region of the gateway. */
  readonly location: pulumi.Input<string>;
  /** The Azure VPN gateway this tunnel terminates on. */
  readonly virtualNetworkGatewayId: pulumi.Input<string>;
  /** Ids of the gateway's ip configurations, one per instance, in instance order. */
  readonly gatewayIpConfigurationIds: pulumi.Input<string>[];
  /** Gateway instance (ip configuration index) that owns this tunnel. */
  readonly azureInstance: number;
  /** Custom APIPA to list for each instance in `gatewayCustomBgpIpAddresses`, in instance order. */
  readonly gatewayCustomBgpIpAddresses: string[];
  /** The tunnel's inside /30 (AWS `tunnelNInsideCidr`); AWS takes the first address, Azure the second. */
  readonly insideCidr: string;
  /** AWS tunnel outside address (`tunnelNAddress` of the VPN connection). */
  readonly awsOutsideAddress: pulumi.Input<string>;
  /** Amazon-side ASN of the VGW/TGW: the local network gateway's ASN. */
  readonly awsAsn: number;
  /** Azure gateway ASN (for the BGP session's outputs). */
  readonly azureAsn: number;
  /** Pre-shared key; must be a Pulumi secret (e.g. a `random.RandomPassword` result). */
  readonly sharedKey: pulumi.Input<string>;
  /**
   * IKE/IPsec profile pinned on the Azure connection (AWS's side is pinned by `SiteToSiteVpn`).
   * @default "aes256-sha256-modp2048" (`DEFAULT_IPSEC_PROFILE`)
   */
  readonly ipsecProfile?: IpsecProfileName;
  /** Prefixes AWS advertises over this tunnel (for the BGP session outputs). */
  readonly awsPrefixes: string[];
  /** Prefixes Azure advertises over this tunnel. */
  readonly azurePrefixes: string[];
  /**
   * Tags for the local network gateway and the connection.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export function checkVpnTunnelArgs(path: string, args: VpnTunnelArgs): Issue[] {
  const issues: Issue[] = [...checkInsideCidr(`${path}.insideCidr`, args.insideCidr)];
  const asnIssues = checkAmazonSideAsn(`${path}.awsAsn`, args.awsAsn);
  issues.push(...(asnIssues.length > 0 ? asnIssues : checkAzurePeerAsn(`${path}.awsAsn`, args.awsAsn)));
  issues.push(...checkIpsecProfileName(`${path}.ipsecProfile`, args.ipsecProfile ?? DEFAULT_IPSEC_PROFILE));
  const instances = args.gatewayIpConfigurationIds.length;
  if (!Number.isInteger(args.azureInstance) || args.azureInstance < 0 || args.azureInstance >= instances) {
    issues.push(issue(`${path}.azureInstance`, "VPN_LAYOUT", `${args.azureInstance} is not one of the gateway's ${instances} instance(s)`));
  }
  if (args.gatewayCustomBgpIpAddresses.length !== instances) {
    issues.push(issue(`${path}.gatewayCustomBgpIpAddresses`, "VPN_LAYOUT", `lists ${args.gatewayCustomBgpIpAddresses.length} address(es) for ${instances} gateway instance(s); Azure needs exactly one per instance`));
  }
  args.gatewayCustomBgpIpAddresses.forEach((a, i) => {
    if (!isIpv4(a)) issues.push(issue(`${path}.gatewayCustomBgpIpAddresses.${i}`, "VALUE_REQUIRED", `"${a}" is not an IPv4 address`));
  });
  if (issues.length === 0) {
    const own = args.gatewayCustomBgpIpAddresses[args.azureInstance];
    const expected = azureInsideAddress(cidr(args.insideCidr));
    if (own !== expected) {
      issues.push(issue(`${path}.gatewayCustomBgpIpAddresses.${args.azureInstance}`, "VPN_LAYOUT", `${own} is not ${expected}, Azure's address in ${args.insideCidr}; the owning instance must use the tunnel's own APIPA`));
    }
  }
  return issues;
}

/** The tunnel's BGP session, seen from AWS: AWS initiates (Azure never does with APIPA addresses). */
function tunnelSession(args: VpnTunnelArgs): BgpSessionArgs {
  const block = cidr(args.insideCidr);
  return {
    carrier: BgpCarrier.Vpn,
    localAsn: args.awsAsn,
    peerAsn: args.azureAsn,
    localAddress: awsInsideAddress(block),
    peerAddress: azureInsideAddress(block),
    advertisedPrefixes: args.awsPrefixes,
    acceptedPrefixes: args.azurePrefixes,
    holdTimeSeconds: Math.min(AWS_VPN_BGP_HOLD_SECONDS, AZURE_VPN_BGP_HOLD_SECONDS),
  };
}

/**
 * One IPsec tunnel: one AWS VPN connection tunnel (1 or 2) ↔ the Azure VPN gateway. It owns the Azure
 * side of the tunnel — the local network gateway that stands for the AWS tunnel endpoint and the
 * IPsec connection — plus the tunnel's {@link BgpSession}.
 */
export class VpnTunnel extends pulumi.ComponentResource {
  /** The Azure local network gateway standing for the AWS tunnel endpoint. */
  public readonly localNetworkGatewayId: pulumi.Output<string>;
  /** The Azure IPsec connection. */
  public readonly connectionId: pulumi.Output<string>;
  /** The tunnel's inside /30. */
  public readonly insideCidr: pulumi.Output<string>;
  /** AWS's BGP address: the first usable address of the /30. */
  public readonly awsInsideAddress: pulumi.Output<string>;
  /** Azure's custom APIPA BGP address: the second usable address of the /30. */
  public readonly azureInsideAddress: pulumi.Output<string>;
  /** The AWS tunnel's outside (public) address. */
  public readonly awsOutsideAddress: pulumi.Output<string>;
  /** The tunnel's BGP session, seen from AWS, as plain data (the child `BgpSession` component holds the same). */
  public readonly bgpSession: BgpSessionInfo;

  constructor(name: string, args: VpnTunnelArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // The session is derived from the inside /30, so it can only be checked once that /30 is valid;
    // every other problem is still reported in the same error.
    const session = checkInsideCidr(name, args.insideCidr).length === 0 ? tunnelSession(args) : undefined;
    throwIfIssues([...checkVpnTunnelArgs(name, args), ...(session ? checkBgpSessionArgs(`${name}-bgp`, session) : [])], `crosscloud VpnTunnel "${name}"`);
    const { localAddress: awsAddress, peerAddress: azureAddress } = session as BgpSessionArgs;
    super(TYPE.VpnTunnel, name, {}, opts);

    const profile = ipsecProfile(args.ipsecProfile ?? DEFAULT_IPSEC_PROFILE);
    const lng = new network.LocalNetworkGateway(
      `${name}-lng`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        gatewayIpAddress: args.awsOutsideAddress,
        bgpSettings: { asn: args.awsAsn, bgpPeeringAddress: awsAddress },
        // Empty on purpose: Azure adds the BGP peer's host route itself, and an APIPA address is not accepted here.
        localNetworkAddressSpace: { addressPrefixes: [] },
        tags: { ...args.tags },
      },
      { parent: this },
    );
    const connection = new network.VirtualNetworkGatewayConnection(
      `${name}-conn`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        connectionType: "IPsec",
        connectionProtocol: "IKEv2",
        connectionMode: "Default",
        virtualNetworkGateway1: { id: args.virtualNetworkGatewayId },
        localNetworkGateway2: { id: lng.id },
        sharedKey: pulumi.secret(args.sharedKey),
        enableBgp: true,
        usePolicyBasedTrafficSelectors: false,
        useLocalAzureIpAddress: false,
        dpdTimeoutSeconds: profile.dpdTimeoutSeconds,
        ipsecPolicies: [renderAzureIpsecPolicy(profile)],
        // Every connection lists one custom APIPA per gateway instance; only the owning instance's entry is used.
        gatewayCustomBgpIpAddresses: args.gatewayIpConfigurationIds.map((id, i) => ({
          ipConfigurationId: id,
          customBgpIpAddress: args.gatewayCustomBgpIpAddresses[i] as string,
        })),
        tags: { ...args.tags },
      },
      { parent: this },
    );
    new BgpSession(`${name}-bgp`, session as BgpSessionArgs, { parent: this });
    this.bgpSession = bgpSessionInfo(session as BgpSessionArgs);

    this.localNetworkGatewayId = lng.id;
    this.connectionId = connection.id;
    this.insideCidr = pulumi.output(args.insideCidr);
    this.awsInsideAddress = pulumi.output(awsAddress);
    this.azureInsideAddress = pulumi.output(azureAddress);
    this.awsOutsideAddress = pulumi.output(args.awsOutsideAddress);
    this.registerOutputs({
      localNetworkGatewayId: this.localNetworkGatewayId,
      connectionId: this.connectionId,
      insideCidr: this.insideCidr,
      awsInsideAddress: this.awsInsideAddress,
      azureInsideAddress: this.azureInsideAddress,
      awsOutsideAddress: this.awsOutsideAddress,
      bgpSession: this.bgpSession,
    });
  }
}
