import * as pulumi from "@pulumi/pulumi";

/**
 * Stack config set with `pulumi config set --secret`: which `crosscloud:*` keys may be secret, and how their
 * values stay secret on the way to resources.
 *
 * The engine tells the program which keys are secret (`PULUMI_CONFIG_SECRET_KEYS`, built by the Node.js
 * language host's `constructConfigSecretKeys`, pulumi/pulumi v3.248.0). `Config.get`/`getObject` ignore that
 * list (their "is a secret" warning is commented out, @pulumi/pulumi runtime/config.js, pulumi/pulumi#7127):
 * read that way, a secret's plaintext flows into inputs, outputs and the state like any other string. A key is
 * listed whole when any part of it is secret (`pulumi config set --secret --path crosscloud:azure.subscriptionId`
 * makes `crosscloud:azure` secret: sdk/go/common/resource/config/object.go `Secure`), so the program cannot tell
 * which field was encrypted. This table says, per key, what a secret key means.
 *
 * The stack needs the plaintext to check the config and plan the network (CIDR math cannot run on an
 * `Output`), so it reads the value as `getSecretObject` itself does (parse, then wrap) and wraps each value it
 * passes on to a resource with {@link configOutput}.
 */
export { SECRET_CONFIG_KEYS, SecretConfigKey, isSecretConfigKey, secretKeyIssues } from "./secret-keys";

/** `pulumi.runtime.isConfigSecret`: the SDK's reading of the engine's secret-key list (internal, so reached by path). */
type IsConfigSecret = (fullKey: string) => boolean;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal to @pulumi/pulumi 3.248.0, absent from its .d.ts
const sdkConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: IsConfigSecret };

function engineListsSecret(fullKey: string): boolean {
  if (typeof sdkConfig.isConfigSecret !== "function") {
    throw new Error("@pulumi/pulumi runtime/config.isConfigSecret is missing; stacks/secret-config.ts was written against @pulumi/pulumi 3.248.0");
  }
  return sdkConfig.isConfigSecret(fullKey);
}

/** The `crosscloud:*` keys (of `keys`) the engine lists as secret. */
export function secretStackKeys(keys: readonly string[], isSecret: IsConfigSecret = engineListsSecret): string[] {
  return keys.filter((key) => isSecret(`crosscloud:${key}`));
}

/** `value` as an Output: secret when it came from a secret config key, so everything derived from it stays secret. */
export function configOutput<T>(value: T, secret: boolean): pulumi.Output<pulumi.Unwrap<T>> {
  return secret ? pulumi.secret(value) : pulumi.output(value);
}

/** A string config value of another package (`azure-native:subscriptionId`), secret when the engine lists it so. */
export function readConfigString(namespace: string, key: string, isSecret: IsConfigSecret = engineListsSecret): pulumi.Output<string> | undefined {
  const cfg = new pulumi.Config(namespace);
  if (isSecret(`${namespace}:${key}`)) return cfg.getSecret(key);
  const value = cfg.get(key);
  return value === undefined ? undefined : pulumi.output(value);
}
