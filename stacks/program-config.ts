import * as pulumi from "@pulumi/pulumi";
import { StackConfigInput, fromEngineValue } from "./config";
import { CONFIG_NAMESPACE } from "./schema/sections";
import { secretStackKeys } from "./secret-config";

/**
 * The running stack's whole config (every key, so an unknown `crosscloud:*` key is seen too), and which of
 * its `crosscloud:*` keys the engine lists as secret (their values are wrapped later: secret-config.ts).
 */
export function readProgramConfig(): StackConfigInput {
  const all = pulumi.runtime.allConfig();
  const values: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(all)) values[key] = key.startsWith(`${CONFIG_NAMESPACE}:`) ? fromEngineValue(text) : text;
  const ours = Object.keys(values)
    .filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`))
    .map((k) => k.slice(CONFIG_NAMESPACE.length + 1));
  const secretKeys = secretStackKeys(ours);
  return { stack: pulumi.getStack(), values, ...(secretKeys.length > 0 ? { secretKeys } : {}) };
}
