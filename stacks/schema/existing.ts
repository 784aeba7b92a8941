/** `crosscloud:existing`: networks that already exist, used instead of creating the plan's. */
import { z } from "zod";
import { SLUG_KEYS, keyed, resourceId, section, text } from "./fields";

const subnetIds = keyed(text("A subnet id."), "Subnet ids by the plan's subnet keys (every subnet the plan has for this network).");

export const existingVpc = section(
  {
    vpcId: resourceId("The VPC's id.", /^vpc-[0-9a-f]+$/, "a VPC id (vpc-…)"),
    subnetIds,
    routeTableIds: keyed(
      resourceId("A route table id.", /^rtb-[0-9a-f]+$/, "a route table id (rtb-…)"),
      "Route tables to route Azure prefixes through, keyed by a stable slug (private: rtb-…): the key names the routes built for the table.",
      { typeHint: "give a map keyed by a stable slug, e.g. private: rtb-0123… (a list would name the resources built per route table by position)" },
      SLUG_KEYS,
    ),
  },
  "An existing VPC, keyed like the plan's VPC it stands for (whose cidr must be pinned to the VPC's).",
);

export const existingVnet = section(
  {
    vnetId: text("The VNet's resource id (/subscriptions/…/virtualNetworks/…)."),
    subnetIds,
  },
  "An existing VNet, keyed like the plan's VNet it stands for (whose addressSpace must be pinned to the VNet's).",
);

export const existing = section(
  {
    vpcs: keyed(existingVpc, "Existing VPCs by the plan's VPC keys.").optional(),
    vnets: keyed(existingVnet, "Existing VNets by the plan's VNet keys.").optional(),
  },
  "Bring your own networks: the plan's VPCs/VNets that already exist, by key.",
);

export type ExistingVpc = z.output<typeof existingVpc>;
export type ExistingVnet = z.output<typeof existingVnet>;
export type ExistingSection = z.output<typeof existing>;
