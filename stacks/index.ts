import * as pulumi from "@pulumi/pulumi";
import { PlanError, validateNetwork } from "../sdk";
import { parseStackConfig, readRawStackConfig } from "./config";
import { stackBase } from "./common";
import { devStack } from "./dev";
import { prodStack } from "./prod";
import { overlayProfileStack } from "./overlay";
import { isOverlayProfile } from "./overlay-config";

/**
 * The Pulumi.yaml entry point. Reads and validates the stack config, plans the network (every problem
 * reported at once, before any resource), then builds the composition the profile names. The overlay
 * profile has its own config section and plan (stacks/overlay.ts).
 */
export = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
  if (isOverlayProfile(readRawStackConfig())) return overlayProfileStack(readRawStackConfig());
  const { config, issues } = parseStackConfig(readRawStackConfig());
  if (!config) throw new PlanError(issues, `crosscloud stack "${pulumi.getStack()}" config`);
  const { plan, issues: planIssues } = validateNetwork(config.network);
  if (!plan) throw new PlanError(planIssues, `crosscloud stack "${pulumi.getStack()}" network plan`);
  const base = stackBase(config, plan);
  return config.profile === "prod" ? prodStack(base) : devStack(base);
};
