import * as aws from "@pulumi/aws";
import * as azure from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ARCHIVE_SIG, ASSET_SIG, OUTPUT_VALUE_SIG, RESOURCE_REFERENCE_SIG, SECRET_SIG, SIG_KEY, T, TYPE, UNKNOWN_VALUE } from "../../graph";

/** The class behind every provider token in T (the SDKs' own `__pulumiType`). */
const CLASSES: Partial<Record<keyof typeof T, object>> = {
  awsVpc: aws.ec2.Vpc,
  awsVpcCidrAssociation: aws.ec2.VpcIpv4CidrBlockAssociation,
  awsSubnet: aws.ec2.Subnet,
  awsRoute: aws.ec2.Route,
  awsRouteTable: aws.ec2.RouteTable,
  awsRouteTableAssociation: aws.ec2.RouteTableAssociation,
  awsSecurityGroup: aws.ec2.SecurityGroup,
  awsSecurityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
  awsSecurityGroupEgressRule: aws.vpc.SecurityGroupEgressRule,
  awsSecurityGroupRule: aws.ec2.SecurityGroupRule,
  awsInternetGateway: aws.ec2.InternetGateway,
  awsEgressOnlyInternetGateway: aws.ec2.EgressOnlyInternetGateway,
  awsInstance: aws.ec2.Instance,
  awsNetworkInterface: aws.ec2.NetworkInterface,
  awsEip: aws.ec2.Eip,
  awsVpnGateway: aws.ec2.VpnGateway,
  awsVpnGatewayAttachment: aws.ec2.VpnGatewayAttachment,
  awsVpnGatewayRoutePropagation: aws.ec2.VpnGatewayRoutePropagation,
  awsCustomerGateway: aws.ec2.CustomerGateway,
  awsVpnConnection: aws.ec2.VpnConnection,
  awsVpnConnectionRoute: aws.ec2.VpnConnectionRoute,
  awsTransitGateway: aws.ec2transitgateway.TransitGateway,
  awsTgwVpcAttachment: aws.ec2transitgateway.VpcAttachment,
  awsTgwRouteTable: aws.ec2transitgateway.RouteTable,
  awsTgwRouteTableAssociation: aws.ec2transitgateway.RouteTableAssociation,
  awsTgwRouteTablePropagation: aws.ec2transitgateway.RouteTablePropagation,
  awsTgwRoute: aws.ec2transitgateway.Route,
  awsDxGateway: aws.directconnect.Gateway,
  awsDxGatewayAssociation: aws.directconnect.GatewayAssociation,
  awsDxGatewayAssociationProposal: aws.directconnect.GatewayAssociationProposal,
  awsDxTransitVif: aws.directconnect.TransitVirtualInterface,
  awsDxConnectionConfirmation: aws.directconnect.ConnectionConfirmation,
  awsDxHostedTransitVifAcceptor: aws.directconnect.HostedTransitVirtualInterfaceAcceptor,
  awsDxHostedTransitVif: aws.directconnect.HostedTransitVirtualInterface,
  awsDxPrivateVif: aws.directconnect.PrivateVirtualInterface,
  awsDxHostedPrivateVif: aws.directconnect.HostedPrivateVirtualInterface,
  awsDxBgpPeer: aws.directconnect.BgpPeer,
  awsMetricAlarm: aws.cloudwatch.MetricAlarm,
  awsSnsTopic: aws.sns.Topic,
  awsSnsTopicSubscription: aws.sns.TopicSubscription,
  awsResolverEndpoint: aws.route53.ResolverEndpoint,
  awsResolverRule: aws.route53.ResolverRule,
  awsResolverRuleAssociation: aws.route53.ResolverRuleAssociation,
  awsRoute53Zone: aws.route53.Zone,
  awsRoute53Record: aws.route53.Record,
  awsRoute53HealthCheck: aws.route53.HealthCheck,
  azureResourceGroup: azure.resources.ResourceGroup,
  azureVnet: azure.network.VirtualNetwork,
  azureSubnet: azure.network.Subnet,
  azurePublicIp: azure.network.PublicIPAddress,
  azureVng: azure.network.VirtualNetworkGateway,
  azureLng: azure.network.LocalNetworkGateway,
  azureConnection: azure.network.VirtualNetworkGatewayConnection,
  azureErCircuit: azure.network.ExpressRouteCircuit,
  azureErPeering: azure.network.ExpressRouteCircuitPeering,
  azureRouteTable: azure.network.RouteTable,
  azureRoute: azure.network.Route,
  azureVirtualHub: azure.network.VirtualHub,
  azureVirtualHubIpConfiguration: azure.network.VirtualHubIpConfiguration,
  azureVirtualHubBgpConnection: azure.network.VirtualHubBgpConnection,
  azureNetworkSecurityGroup: azure.network.NetworkSecurityGroup,
  azureSecurityRule: azure.network.SecurityRule,
  azureNetworkInterface: azure.network.NetworkInterface,
  azureVirtualMachine: azure.compute.VirtualMachine,
  azureMetricAlert: azure.monitor.MetricAlert,
  azureActionGroup: azure.monitor.ActionGroup,
  azureDnsResolver: azure.dnsresolver.DnsResolver,
  azureDnsInboundEndpoint: azure.dnsresolver.InboundEndpoint,
  azureDnsOutboundEndpoint: azure.dnsresolver.OutboundEndpoint,
  azureDnsForwardingRuleset: azure.dnsresolver.DnsForwardingRuleset,
  azureDnsForwardingRule: azure.dnsresolver.ForwardingRule,
  azureDnsRulesetVnetLink: azure.dnsresolver.PrivateResolverVirtualNetworkLink,
  azurePrivateDnsZone: azure.privatedns.PrivateZone,
  azurePrivateDnsZoneVnetLink: azure.privatedns.VirtualNetworkLink,
  randomPassword: random.RandomPassword,
  randomString: random.RandomString,
  randomId: random.RandomId,
  randomPet: random.RandomPet,
  randomInteger: random.RandomInteger,
  randomUuid: random.RandomUuid,
  randomBytes: random.RandomBytes,
};

/** Tokens no class registers: the root stack, our components, and attachments AWS creates implicitly. */
const NOT_CLASSES = new Set<keyof typeof T>(["stack", "bgpSession", "vpnTunnel", "siteToSiteVpn", "wireGuardOverlay", "awsTgwVpnAttachment", "awsTgwDxGatewayAttachment"]);

describe("graph type tokens", () => {
  it("every provider token is the installed SDK class's own __pulumiType", () => {
    for (const key of Object.keys(T) as (keyof typeof T)[]) {
      if (NOT_CLASSES.has(key)) continue;
      const cls = CLASSES[key];
      // `__pulumiType` is @internal: present at run time, absent from the .d.ts.
      expect([key, (cls as { __pulumiType?: string } | undefined)?.__pulumiType]).toEqual([key, T[key]]);
    }
  });

  it("component tokens are crosscloud:index:<Class>", () => {
    for (const [cls, token] of Object.entries(TYPE)) expect(token).toBe(`crosscloud:index:${cls}`);
  });
});

describe("graph wire format", () => {
  it("uses the engine's own signatures, as the installed SDK exports them", () => {
    const rt = pulumi.runtime;
    expect([SIG_KEY, SECRET_SIG, RESOURCE_REFERENCE_SIG, ASSET_SIG, ARCHIVE_SIG, OUTPUT_VALUE_SIG, UNKNOWN_VALUE]).toEqual([
      rt.specialSigKey,
      rt.specialSecretSig,
      rt.specialResourceSig,
      rt.specialAssetSig,
      rt.specialArchiveSig,
      rt.specialOutputValueSig,
      rt.unknownValue,
    ]);
  });
});
