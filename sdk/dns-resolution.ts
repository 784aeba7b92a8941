import { cidr, hostAt } from "./cidr";
import { SUBNET_RESERVED_ADDRESSES } from "./subnets";

/**
 * Where each cloud's own resolver answers and what it answers with: the facts the cross-cloud DNS lab
 * (lab/dns/) models. Route 53 rules and Azure forwarding rules are rendered; these are not.
 */

/**
 * The Amazon DNS server of a VPC: "the Amazon provided DNS server at the 169.254.169.253 IP address, or the
 * reserved IP address at the base of the VPC network range 'plus two'" (AWS CloudFormation User Guide,
 * AWS::EC2::VPC `EnableDnsSupport`; Amazon VPC User Guide, "Amazon DNS server").
 *
 * What it answers, in a VPC: a forwarding rule associated with the VPC when one matches (the most specific:
 * sdk/dns.ts `matchingForwardRule`), sent out through the rule's outbound endpoint; else a private hosted
 * zone associated with the VPC; else public DNS. An inbound endpoint hands its queries to the Resolver of the
 * VPC it lives in: "Inbound endpoint: DNS resolvers on your network can forward DNS queries to Route 53
 * Resolver via this endpoint" (Route 53 Developer Guide, "Resolving DNS queries between VPCs and your network").
 */
export const AWS_VPC_RESOLVER_OFFSET = 2;
/** The VPC resolver's address in a VPC whose (primary) CIDR is `vpcCidr`. */
export const awsVpcResolverIp = (vpcCidr: string): string => hostAt(cidr(vpcCidr), AWS_VPC_RESOLVER_OFFSET);

/**
 * Azure DNS, the recursive resolver every VNet uses by default, at the virtual public IP address 168.63.129.16
 * (learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
 *
 * What it answers in a VNet: a rule of a DNS forwarding ruleset linked to the VNet ("VNets linked from a DNS
 * forwarding ruleset use the ruleset when performing name resolution"), sent out through the ruleset's
 * outbound endpoint; else a Private DNS zone linked to the VNet; else public DNS. The resolver's inbound
 * endpoint resolves in the context of its own VNet: "DNS queries sent to the inbound endpoint are resolved
 * using Azure DNS. Private DNS zones linked to the virtual network where the inbound endpoint is provisioned
 * are resolved by the inbound endpoint" (learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets).
 */
export const AZURE_DNS_VIRTUAL_IP = "168.63.129.16";

/**
 * The first address a cloud can hand out in a subnet (both reserve the first four: sdk/subnets.ts). The
 * outbound endpoint of an Azure DNS Private Resolver takes its addresses from its subnet without exposing
 * them; the lab sends from this one.
 */
export const firstAssignableIp = (subnetCidr: string): string => hostAt(cidr(subnetCidr), SUBNET_RESERVED_ADDRESSES.leading);
