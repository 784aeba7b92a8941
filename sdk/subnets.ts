import { Cidr } from "./cidr";
import { Issue, issue } from "./errors";

/**
 * Subnet roles and the size rules each cloud puts on them (reference/networking.md §1.1).
 */
export const AZURE_SUBNET_PURPOSES = ["gateway", "routeServer", "dnsInbound", "dnsOutbound", "workload"] as const;
export type AzureSubnetPurpose = (typeof AZURE_SUBNET_PURPOSES)[number];
export const AWS_SUBNET_PURPOSES = ["workload", "resolver", "transit"] as const;
export type AwsSubnetPurpose = (typeof AWS_SUBNET_PURPOSES)[number];

/** Azure requires these exact subnet names; they are the only keys allowed outside the key pattern. */
export const GATEWAY_SUBNET = "GatewaySubnet";
export const ROUTE_SERVER_SUBNET = "RouteServerSubnet";
/** Azure DNS Private Resolver endpoints need subnets delegated to this service. */
export const DNS_RESOLVER_DELEGATION = "Microsoft.Network/dnsResolvers";

/**
 * Addresses a subnet never hands out: AWS reserves "the first four IP addresses and the last IP address
 * in each subnet CIDR block" (Amazon VPC User Guide, "Subnet CIDR blocks",
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html), and Azure does the same (Azure
 * Virtual Network FAQ, "Are there any restrictions on using IP addresses within these subnets?",
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq).
 */
export const SUBNET_RESERVED_ADDRESSES = { leading: 4, trailing: 1 } as const;

/** "we recommend … /27 or larger" for a VPN gateway; /26 for 16 ExpressRoute circuits. */
export const GATEWAY_SUBNET_MAX_PREFIX = 27;
/** "The subnet must be a minimum of /26" (Route Server, 2025 docs). */
export const ROUTE_SERVER_SUBNET_MAX_PREFIX = 26;
/** DNS Private Resolver endpoint subnets: /28 to /24. */
export const DNS_SUBNET_PREFIX = { min: 24, max: 28 } as const;

/** Purpose implied by a subnet's name, or the declared purpose. */
export function azureSubnetPurpose(name: string, declared: AzureSubnetPurpose | undefined): AzureSubnetPurpose {
  if (name === GATEWAY_SUBNET) return "gateway";
  if (name === ROUTE_SERVER_SUBNET) return "routeServer";
  return declared ?? "workload";
}

export function checkAzureSubnet(path: string, name: string, purpose: AzureSubnetPurpose, block: Cidr): Issue[] {
  const issues: Issue[] = [];
  if (purpose === "gateway") {
    if (name !== GATEWAY_SUBNET) issues.push(issue(path, "SUBNET_NAME", `a gateway subnet must be named "${GATEWAY_SUBNET}", not "${name}"`));
    if (block.prefixLength > GATEWAY_SUBNET_MAX_PREFIX) {
      issues.push(issue(path, "GATEWAY_SUBNET_TOO_SMALL", `${block.text} is smaller than /${GATEWAY_SUBNET_MAX_PREFIX}; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits)`));
    }
  }
  if (purpose === "routeServer") {
    if (name !== ROUTE_SERVER_SUBNET) issues.push(issue(path, "SUBNET_NAME", `a Route Server subnet must be named "${ROUTE_SERVER_SUBNET}", not "${name}"`));
    if (block.prefixLength > ROUTE_SERVER_SUBNET_MAX_PREFIX) {
      issues.push(issue(path, "ROUTE_SERVER_SUBNET_TOO_SMALL", `${block.text} is smaller than /${ROUTE_SERVER_SUBNET_MAX_PREFIX}; Azure requires a RouteServerSubnet of at least /26`));
    }
  }
  if ((purpose === "dnsInbound" || purpose === "dnsOutbound") && (block.prefixLength < DNS_SUBNET_PREFIX.min || block.prefixLength > DNS_SUBNET_PREFIX.max)) {
    issues.push(issue(path, "DNS_SUBNET_SIZE", `${block.text} must be /${DNS_SUBNET_PREFIX.max} to /${DNS_SUBNET_PREFIX.min} for a DNS Private Resolver endpoint`));
  }
  return issues;
}

/** Route 53 Resolver endpoints need two or more IPs in different Availability Zones. */
export function checkResolverSubnets(path: string, subnets: readonly { readonly key: string; readonly az: string }[]): Issue[] {
  const azs = new Set(subnets.map((s) => s.az));
  return azs.size >= 2
    ? []
    : [issue(path, "SUBNET_AZS", `Route 53 Resolver endpoints need subnets in at least 2 Availability Zones; found ${azs.size} (${[...azs].join(", ") || "none"})`)];
}
