/** The small `crosscloud:*` keys: the composition, the registry file and the tags. */
import { z } from "zod";
import { keyed, oneOf, text, withMeta } from "./fields";

export const STACK_PROFILES = ["dev", "prod", "overlay"] as const;
export type StackProfile = (typeof STACK_PROFILES)[number];
/** The compositions planned from `crosscloud:network` (the overlay profile plans `crosscloud:overlay`). */
export type NetworkProfile = Exclude<StackProfile, "overlay">;

/** "a", "b" or "c": the profiles quoted, as a sentence lists them. */
export const PROFILE_LIST = `${STACK_PROFILES.slice(0, -1).map((p) => `"${p}"`).join(", ")} or "${STACK_PROFILES[STACK_PROFILES.length - 1]}"`;

export const profile = oneOf(STACK_PROFILES, "Which composition the stack builds: dev (one VPN connection on a VGW), prod (a transit gateway hub, HA VPN and the interconnect) or overlay (a WireGuard overlay of router instances, crosscloud:overlay). Default: the stack's name.", {
  valueMessage: (v) => `${JSON.stringify(v)} is not a composition; set crosscloud:profile to ${PROFILE_LIST}`,
});

export const registryFile = text("The shared IPAM registry (YAML or JSON), relative to the project (the directory of Pulumi.yaml).");

export const tags = keyed(withMeta(z.string().describe("A tag value (a string: quote numbers)."), { typeHint: 'tag values are strings: quote it, e.g. "1234"' }), "Tags put on every resource that takes tags, on both clouds.", {
  typeHint: "give a map of tag names to string values",
});
