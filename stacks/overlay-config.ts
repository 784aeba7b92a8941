import { OverlayNetworkConfig, Registry } from "../sdk";
import { AzureSection } from "./schema/azure";
import { OverlaySection } from "./schema/overlay";

/**
 * The `overlay` profile's configuration: networks joined only by the WireGuard overlay. Its own key,
 * `crosscloud:overlay` (stacks/schema/overlay.ts), holds what `planOverlayNetwork` plans (no VPN section:
 * there is no VPN); the common keys (`crosscloud:azure`, `crosscloud:tags`, `crosscloud:registryFile`) mean
 * what they mean for every stack. It is validated with every other stack config, in one pass
 * (stacks/config.ts `validateStackConfig`).
 *
 * ```yaml
 * config:
 *   crosscloud:profile: overlay
 *   crosscloud:overlay:
 *     environment: overlay
 *     aws: { region: us-east-1, zones: [us-east-1a, us-east-1b], imageId?: ami-…, instanceType?: t3.small }
 *     azure: { region: eastus, zones?: ["1", "2"], vmSize?: Standard_B2s }
 *     routeServer: false            # true: the Azure routers peer with an Azure Route Server instead of a UDR
 *     sshPublicKey: ssh-ed25519 …   # the Azure routers' admin key (password login is off)
 * ```
 */
export const OVERLAY_PROFILE = "overlay";

export interface OverlayStackConfig {
  readonly network: OverlayNetworkConfig;
  readonly azure: { readonly resourceGroupName: string; readonly createResourceGroup?: boolean };
  readonly sshPublicKey: string;
  /** The routers' AMI. @default - the newest official Debian 12 AMI (`debian12AmiId`) */
  readonly awsImageId?: string;
  readonly awsInstanceType?: string;
  readonly azureVmSize?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The overlay network the sdk plans: the section without the routers' own settings, with the registry. */
export function overlayNetworkConfig(section: OverlaySection, registry: Registry | undefined): OverlayNetworkConfig {
  const { sshPublicKey, aws, azure, ...rest } = section;
  void sshPublicKey;
  const { imageId, instanceType, ...awsNetwork } = aws;
  void imageId, void instanceType;
  const { vmSize, ...azureNetwork } = azure;
  void vmSize;
  return { ...rest, aws: awsNetwork, azure: azureNetwork, ...(registry ? { registry } : {}) };
}

/** The validated sections as the overlay stack reads them. */
export function overlayStackConfig(section: OverlaySection, azure: AzureSection, tags: Readonly<Record<string, string>>, registry: Registry | undefined): OverlayStackConfig {
  return {
    network: overlayNetworkConfig(section, registry),
    azure: { resourceGroupName: azure.resourceGroupName, ...(azure.createResourceGroup !== undefined ? { createResourceGroup: azure.createResourceGroup } : {}) },
    sshPublicKey: section.sshPublicKey,
    ...(section.aws.imageId !== undefined ? { awsImageId: section.aws.imageId } : {}),
    ...(section.aws.instanceType !== undefined ? { awsInstanceType: section.aws.instanceType } : {}),
    ...(section.azure.vmSize !== undefined ? { azureVmSize: section.azure.vmSize } : {}),
    tags,
  };
}
