/** `crosscloud:azure`: the Azure context the stack deploys into. */
import { z } from "zod";
import { flag, resourceId, section, text } from "./fields";

export const azure = section(
  {
    resourceGroupName: text("Resource group of every Azure resource of the stack."),
    subscriptionId: resourceId(
      "Subscription of the gateway's ip configuration ids. Default: azure-native:subscriptionId, else the signed-in client's. May be set as a secret (pulumi config set --secret --path crosscloud:azure.subscriptionId).",
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      "a subscription id (a GUID)",
      { secret: true, encryptable: true },
    ).optional(),
    createResourceGroup: flag("Create the resource group; false uses an existing one. Default true.").optional(),
  },
  "The Azure resource group (and optionally the subscription) of the stack.",
);

export type AzureSection = z.output<typeof azure>;
