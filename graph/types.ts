/**
 * Every Pulumi type token crosscloud knows, stated once: its own components (`crosscloud:index:<Class>`,
 * the schema's `index` module), and the provider resources it creates, simulates, checks or reads, as the
 * engine reports them (ground truth: the `__pulumiType` of each class in @pulumi/aws 7.48.0,
 * @pulumi/azure-native 3.28.0 and @pulumi/random 4.21.2; a test checks each against the installed SDKs).
 */
export const TYPE = {
  BgpSession: "crosscloud:index:BgpSession",
  VpnTunnel: "crosscloud:index:VpnTunnel",
  SiteToSiteVpn: "crosscloud:index:SiteToSiteVpn",
  TransitGatewayHub: "crosscloud:index:TransitGatewayHub",
  ExpressRouteInterconnect: "crosscloud:index:ExpressRouteInterconnect",
  CrossCloudDns: "crosscloud:index:CrossCloudDns",
  WireGuardOverlay: "crosscloud:index:WireGuardOverlay",
  CrossCloudFailover: "crosscloud:index:CrossCloudFailover",
} as const;
export type ComponentType = (typeof TYPE)[keyof typeof TYPE];

/** Provider resources (and the root stack), by a short name used across the preview, policies and lab. */
export const T = {
  stack: "pulumi:pulumi:Stack",
  // crosscloud components, under the names the rules use
  bgpSession: TYPE.BgpSession,
  vpnTunnel: TYPE.VpnTunnel,
  siteToSiteVpn: TYPE.SiteToSiteVpn,
  wireGuardOverlay: TYPE.WireGuardOverlay,
  // AWS: VPC
  awsVpc: "aws:ec2/vpc:Vpc",
  awsVpcCidrAssociation: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
  awsSubnet: "aws:ec2/subnet:Subnet",
  awsRoute: "aws:ec2/route:Route",
  awsRouteTable: "aws:ec2/routeTable:RouteTable",
  awsRouteTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  awsSecurityGroup: "aws:ec2/securityGroup:SecurityGroup",
  awsSecurityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  awsSecurityGroupEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  awsSecurityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  awsInternetGateway: "aws:ec2/internetGateway:InternetGateway",
  awsEgressOnlyInternetGateway: "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
  // AWS: EC2 (the WireGuard overlay's routers)
  awsInstance: "aws:ec2/instance:Instance",
  awsNetworkInterface: "aws:ec2/networkInterface:NetworkInterface",
  awsEip: "aws:ec2/eip:Eip",
  // AWS: Site-to-Site VPN
  awsVpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  awsVpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
  awsVpnGatewayRoutePropagation: "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
  awsCustomerGateway: "aws:ec2/customerGateway:CustomerGateway",
  awsVpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  awsVpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  // AWS: Transit Gateway
  awsTransitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
  awsTgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  awsTgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
  awsTgwRouteTableAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
  awsTgwRouteTablePropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
  awsTgwRoute: "aws:ec2transitgateway/route:Route",
  /** Attachments AWS creates implicitly (no Pulumi class creates them; the simulator records them by id). */
  awsTgwVpnAttachment: "aws:ec2transitgateway:VpnAttachment",
  awsTgwDxGatewayAttachment: "aws:ec2transitgateway:DirectConnectGatewayAttachment",
  // AWS: Direct Connect
  awsDxGateway: "aws:directconnect/gateway:Gateway",
  awsDxGatewayAssociation: "aws:directconnect/gatewayAssociation:GatewayAssociation",
  awsDxGatewayAssociationProposal: "aws:directconnect/gatewayAssociationProposal:GatewayAssociationProposal",
  awsDxTransitVif: "aws:directconnect/transitVirtualInterface:TransitVirtualInterface",
  awsDxConnectionConfirmation: "aws:directconnect/connectionConfirmation:ConnectionConfirmation",
  awsDxHostedTransitVifAcceptor: "aws:directconnect/hostedTransitVirtualInterfaceAcceptor:HostedTransitVirtualInterfaceAcceptor",
  awsDxHostedTransitVif: "aws:directconnect/hostedTransitVirtualInterface:HostedTransitVirtualInterface",
  awsDxPrivateVif: "aws:directconnect/privateVirtualInterface:PrivateVirtualInterface",
  awsDxHostedPrivateVif: "aws:directconnect/hostedPrivateVirtualInterface:HostedPrivateVirtualInterface",
  awsDxBgpPeer: "aws:directconnect/bgpPeer:BgpPeer",
  // AWS: health alarms (day two)
  awsMetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  awsSnsTopic: "aws:sns/topic:Topic",
  awsSnsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  // AWS: Route 53 Resolver
  awsResolverEndpoint: "aws:route53/resolverEndpoint:ResolverEndpoint",
  awsResolverRule: "aws:route53/resolverRule:ResolverRule",
  awsResolverRuleAssociation: "aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
  // AWS: Route 53 DNS failover (its CloudWatch alarms: awsMetricAlarm above)
  awsRoute53Zone: "aws:route53/zone:Zone",
  awsRoute53Record: "aws:route53/record:Record",
  awsRoute53HealthCheck: "aws:route53/healthCheck:HealthCheck",
  // Azure
  azureResourceGroup: "azure-native:resources:ResourceGroup",
  azureVnet: "azure-native:network:VirtualNetwork",
  azureSubnet: "azure-native:network:Subnet",
  azurePublicIp: "azure-native:network:PublicIPAddress",
  azureVng: "azure-native:network:VirtualNetworkGateway",
  azureLng: "azure-native:network:LocalNetworkGateway",
  azureConnection: "azure-native:network:VirtualNetworkGatewayConnection",
  azureErCircuit: "azure-native:network:ExpressRouteCircuit",
  azureErPeering: "azure-native:network:ExpressRouteCircuitPeering",
  azureRouteTable: "azure-native:network:RouteTable",
  azureRoute: "azure-native:network:Route",
  azureVirtualHub: "azure-native:network:VirtualHub",
  azureVirtualHubIpConfiguration: "azure-native:network:VirtualHubIpConfiguration",
  azureVirtualHubBgpConnection: "azure-native:network:VirtualHubBgpConnection",
  // Azure: compute and its network (the WireGuard overlay's routers)
  azureNetworkSecurityGroup: "azure-native:network:NetworkSecurityGroup",
  azureSecurityRule: "azure-native:network:SecurityRule",
  azureNetworkInterface: "azure-native:network:NetworkInterface",
  azureVirtualMachine: "azure-native:compute:VirtualMachine",
  azureDnsResolver: "azure-native:dnsresolver:DnsResolver",
  azureDnsInboundEndpoint: "azure-native:dnsresolver:InboundEndpoint",
  azureDnsOutboundEndpoint: "azure-native:dnsresolver:OutboundEndpoint",
  azureDnsForwardingRuleset: "azure-native:dnsresolver:DnsForwardingRuleset",
  azureDnsForwardingRule: "azure-native:dnsresolver:ForwardingRule",
  azureDnsRulesetVnetLink: "azure-native:dnsresolver:PrivateResolverVirtualNetworkLink",
  azurePrivateDnsZone: "azure-native:privatedns:PrivateZone",
  azurePrivateDnsZoneVnetLink: "azure-native:privatedns:VirtualNetworkLink",
  azureMetricAlert: "azure-native:monitor:MetricAlert",
  azureActionGroup: "azure-native:monitor:ActionGroup",
  // random
  randomPassword: "random:index/randomPassword:RandomPassword",
  randomString: "random:index/randomString:RandomString",
  randomId: "random:index/randomId:RandomId",
  randomPet: "random:index/randomPet:RandomPet",
  randomInteger: "random:index/randomInteger:RandomInteger",
  randomUuid: "random:index/randomUuid:RandomUuid",
  randomBytes: "random:index/randomBytes:RandomBytes",
} as const;
export type KnownType = (typeof T)[keyof typeof T];

/** Invoke (data source) tokens the stacks may call and the preview simulates. */
export const INVOKE = {
  awsGetCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
  awsGetRegion: "aws:index/getRegion:getRegion",
  awsGetPartition: "aws:index/getPartition:getPartition",
  awsGetAvailabilityZones: "aws:index/getAvailabilityZones:getAvailabilityZones",
  azureGetClientConfig: "azure-native:authorization:getClientConfig",
  /** The router image lookup of the WireGuard overlay's stacks (components/overlay-images.ts). */
  awsGetAmi: "aws:ec2/getAmi:getAmi",
  /** Route Server's router IPs, read back once its IP configuration exists (components/wireguard-overlay-azure.ts). */
  azureGetVirtualHub: "azure-native:network:getVirtualHub",
  /** The SDK's own lookup of an already-registered resource. */
  pulumiGetResource: "pulumi:pulumi:getResource",
} as const;

/** Provider resources are `pulumi:providers:<package>`. */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
export const ROOT_STACK_TYPE = T.stack;
