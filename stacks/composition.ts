import { Issue, VpnAttachment, issue } from "../sdk";
import { NetworkProfile } from "./schema/scalars";

/** Where each composition terminates the VPN: dev on a VGW on its VPC, prod on the hub's transit gateway. */
export const COMPOSITION_ATTACHMENT: Readonly<Record<NetworkProfile, VpnAttachment>> = { dev: "vgw", prod: "tgw" };

/** The composition must be able to build the VPN the config asks for; checked with the plan, before any resource. */
export function checkComposition(profile: NetworkProfile, attachment: VpnAttachment): Issue[] {
  const supported = COMPOSITION_ATTACHMENT[profile];
  return attachment === supported
    ? []
    : [
        issue(
          "crosscloud:network.vpn.attachment",
          "VPN_LAYOUT",
          `the ${profile} composition terminates the VPN on a ${supported === "vgw" ? "VGW on its VPC" : "transit gateway"}; "${attachment}" is not supported, use "${supported}"`,
        ),
      ];
}
