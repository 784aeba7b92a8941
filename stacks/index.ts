import * as pulumi from "@pulumi/pulumi";
import { PlanError, throwIfIssues, validateNetwork } from "../sdk";
import { parseStackConfig, readRawStackConfig } from "./config";
import { checkComposition, stackBase } from "./common";
import { devStack } from "./dev";
import { prodStack } from "./prod";

/**
 * The Pulumi.yaml entry point. Reads and validates the stack config, plans the network once (every
 * problem reported at once, before any resource), then builds the composition the profile names, whose
 * components render that plan as it is.
 */
export = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
  const { config, issues } = parseStackConfig(readRawStackConfig());
  if (!config) throw new PlanError(issues, `crosscloud stack "${pulumi.getStack()}" config`);
  const { plan, issues: planIssues } = validateNetwork(config.network);
  if (!plan) throw new PlanError(planIssues, `crosscloud stack "${pulumi.getStack()}" network plan`);
  throwIfIssues(checkComposition(config.profile, plan), `crosscloud stack "${pulumi.getStack()}" config`);
  const base = stackBase(config, plan);
  return config.profile === "prod" ? prodStack(base) : devStack(base);
};
