/**
 * Default router images: Debian 12 (bookworm), whose packages the overlay's cloud-init installs
 * (wireguard-tools, frr 8.4, iptables). Debian 12's kernel has WireGuard built in as a module since 5.6.
 */

/**
 * Official Debian AMIs: owner 136693071363 (the Debian project's AWS account) and names like
 * `debian-12-amd64-20250610-2137` (wiki.debian.org/Cloud/AmazonEC2Image/Bookworm).
 */
export const DEBIAN_12_AMI = {
  owner: "136693071363",
  namePattern: { x86_64: "debian-12-amd64-*", arm64: "debian-12-arm64-*" },
} as const;

/** Debian 12 on the Azure Marketplace, generation-2 VMs (publisher "Debian", offer "debian-12", SKU "12-gen2"). */
export const DEBIAN_12_AZURE_IMAGE = { publisher: "Debian", offer: "debian-12", sku: "12-gen2", version: "latest" } as const;
