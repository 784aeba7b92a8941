import * as pulumi from "@pulumi/pulumi";
import { StackBase } from "./common";
import { devStack } from "./dev";

/** prod: placeholder until the hub/ExpressRoute/DNS components land. */
export function prodStack(base: StackBase): Record<string, pulumi.Input<unknown>> {
  return devStack(base);
}
