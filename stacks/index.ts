import * as pulumi from "@pulumi/pulumi";
import { Issue, PlanError } from "../sdk";
import { validateStackConfig } from "./config";
import { stackBase } from "./common";
import { devStack } from "./dev";
import { prodStack } from "./prod";
import { overlayStack } from "./overlay";
import { readProgramConfig } from "./program-config";

/**
 * The Pulumi.yaml entry point. Validates the stack config and plans the network in one pass (every problem
 * reported at once, under its config path, before any resource), then builds the composition the profile
 * names, whose components render that plan as it is. The overlay profile plans its own section,
 * `crosscloud:overlay` (stacks/overlay.ts).
 */
export = async (): Promise<Record<string, pulumi.Input<unknown>>> => {
  const { config, plan, overlay, overlayPlan, issues } = validateStackConfig(readProgramConfig());
  if (overlay && overlayPlan) return overlayStack(overlay, overlayPlan);
  if (!config || !plan) throw configError(issues, `crosscloud stack "${pulumi.getStack()}" config`);
  const base = stackBase(config, plan);
  return config.profile === "prod" ? prodStack(base) : devStack(base);
};

/**
 * A config error is the user's to fix and its message lists every problem, so it carries no stack trace.
 * That also keeps Pulumi's runner quick on it: the runner formats an unhandled error with
 * `util.inspect(err, { colors: true })` (@pulumi/pulumi 3.248.0 cmd/run/error.js `defaultErrorMessage`, called
 * for every error by cmd/run/run.js), and node 20.20's inspect loops until its string outgrows the heap on a
 * frame like `node_modules/@pulumi/resource.ts:1598` (nodejs/node#64011, fixed by nodejs/node#64022): about
 * 30 s and 3 GB before the error reaches the user.
 */
function configError(issues: readonly Issue[], context: string): PlanError {
  const err = new PlanError(issues, context);
  err.stack = `${err.name}: ${err.message}`;
  return err;
}
