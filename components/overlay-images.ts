import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { DEBIAN_12_AMI } from "../sdk";

/**
 * The default router image lookup, for stacks (components take the image as an input and never
 * invoke: STYLE rule 4). On Azure the default needs no lookup: `DEBIAN_12_AZURE_IMAGE` names the
 * Marketplace image and `version: "latest"` resolves at deployment.
 */

/** The CPU architectures Debian publishes AMIs for. */
export const AmiArchitecture = { X86_64: "x86_64", Arm64: "arm64" } as const;
export type AmiArchitecture = (typeof AmiArchitecture)[keyof typeof AmiArchitecture];

/** The newest official Debian 12 AMI in the provider's region (owner 136693071363). */
export function debian12AmiId(architecture: AmiArchitecture = AmiArchitecture.X86_64, opts?: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return aws.ec2
    .getAmiOutput(
      {
        owners: [DEBIAN_12_AMI.owner],
        mostRecent: true,
        filters: [
          { name: "name", values: [DEBIAN_12_AMI.namePattern[architecture]] },
          { name: "architecture", values: [architecture] },
          { name: "virtualization-type", values: ["hvm"] },
        ],
      },
      opts,
    )
    .apply((ami) => ami.id);
}
