import { LINK_LOCAL_CIDR } from "./apipa";
import { Cidr, cidr, overlaps } from "./cidr";
import { Issue, issue } from "./errors";

/**
 * What address space a VPC or a VNet may take, each rule with its source.
 *
 * - AWS VPC size: "The allowed block size is between a /16 netmask (65,536 IP addresses) and /28 netmask
 *   (16 IP addresses)". Amazon VPC User Guide, "VPC CIDR blocks"
 *   (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html); the same rule is in the EC2 API
 *   reference for CreateVpc.
 * - Azure VNet ranges: "You cannot add the following address ranges" (multicast, broadcast, loopback,
 *   link-local, internal DNS). Azure Virtual Network FAQ, "What address ranges can I use in my VNets?"
 *   (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#what-address-ranges-can-i-use-in-my-vnets).
 * - crosscloud applies the same five ranges to VPCs. Every VPC prefix is advertised into Azure over the VPN
 *   and ExpressRoute, where it must be an address a VNet could route to; and the link-local block is where both
 *   clouds put the tunnels' inside /30s (and AWS its instance metadata), so a VPC there would collide with
 *   them. AWS publishes no such list for VPCs (whether AWS itself refuses a link-local VPC is UNCONFIRMED), so
 *   for VPCs this is crosscloud's rule, and the message says so.
 */

/** AWS VPC prefix lengths: /16 (largest) to /28 (smallest). */
export const AWS_VPC_PREFIX = { min: 16, max: 28 } as const;

export interface ForbiddenRange {
  readonly cidr: string;
  /** What the range is, for messages. */
  readonly what: string;
}

/** The ranges the Azure VNet FAQ forbids in a VNet, in the FAQ's order. */
export const AZURE_VNET_FORBIDDEN_RANGES: readonly ForbiddenRange[] = [
  { cidr: "224.0.0.0/4", what: "multicast" },
  { cidr: "255.255.255.255/32", what: "broadcast" },
  { cidr: "127.0.0.0/8", what: "loopback" },
  { cidr: LINK_LOCAL_CIDR, what: "link-local, where both clouds put the VPN tunnels' inside addresses" },
  { cidr: "168.63.129.16/32", what: "Azure's platform DNS and health-probe address" },
];

const FORBIDDEN: readonly (ForbiddenRange & { readonly block: Cidr })[] = AZURE_VNET_FORBIDDEN_RANGES.map((r) => ({ ...r, block: cidr(r.cidr) }));

/** A VPC's size: AWS accepts /16 to /28. `path` is where the size came from (`cidr` or `prefixLength`). */
export function checkVpcPrefixLength(path: string, prefixLength: number, text: string): Issue[] {
  return prefixLength >= AWS_VPC_PREFIX.min && prefixLength <= AWS_VPC_PREFIX.max
    ? []
    : [issue(path, "CIDR_WRONG_SIZE", `${text} is a /${prefixLength}; AWS accepts VPCs from /${AWS_VPC_PREFIX.min} (largest) to /${AWS_VPC_PREFIX.max} (smallest)`)];
}

/**
 * A VPC's or VNet's block against the ranges Azure forbids in a VNet (for a VPC: crosscloud's rule, see above).
 * One issue per range it touches.
 */
export function checkNetworkRange(path: string, cloud: "aws" | "azure", block: Cidr): Issue[] {
  return FORBIDDEN.filter((r) => overlaps(r.block, block)).map((r) =>
    issue(
      path,
      "CIDR_FORBIDDEN",
      cloud === "azure"
        ? `${block.text} overlaps ${r.cidr} (${r.what}), which Azure does not allow in a VNet; use private space (RFC 1918)`
        : `${block.text} overlaps ${r.cidr} (${r.what}); crosscloud keeps VPCs out of the ranges Azure forbids in a VNet, because every VPC prefix is advertised into Azure; use private space (RFC 1918)`,
    ),
  );
}
