import { Issue, issue } from "../sdk";

/**
 * Which `crosscloud:*` keys may be set with `pulumi config set --secret`, and the issue for one that may not
 * (secret-config.ts says how a secret key's values stay secret on the way to resources). Pure: the config
 * validation uses it without the Pulumi runtime.
 */
export const SECRET_CONFIG_KEYS = {
  /** `subscriptionId` reaches every resource input built from it as a secret. */
  azure: "the subscription id stays secret in every input built from it; the resource group name cannot (it is part of every Azure resource id the provider returns)",
} as const;
export type SecretConfigKey = keyof typeof SECRET_CONFIG_KEYS;

export const isSecretConfigKey = (key: string): key is SecretConfigKey => Object.hasOwn(SECRET_CONFIG_KEYS, key);

/**
 * Keys whose values decide resource names, counts, CIDRs, tags or ids. Pulumi stores and shows those in
 * plaintext (URNs, provider outputs, the cloud's own consoles), so a secret there cannot be kept; the stack
 * refuses it rather than pretend.
 */
const NEVER_SECRET: Readonly<Record<string, string>> = {
  profile: "it picks the composition",
  network: "its values become resource names, CIDRs and BGP settings",
  registryFile: "it is a file path",
  existing: "its ids are passed to resources whose outputs repeat them",
  interconnect: "its values become circuit and interface settings the providers return in plaintext",
  tags: "tags are returned by both clouds in plaintext",
  alarms: "its topic, action group and email addresses are returned by both clouds in plaintext",
  failover: "its zone, names and targets become DNS records and health checks Route 53 returns in plaintext",
  overlay: "its values become instance settings, CIDRs and BGP settings the providers return in plaintext",
};

/** One issue per secret key that cannot stay secret, naming the key and the reason. */
export function secretKeyIssues(secretKeys: readonly string[]): Issue[] {
  return secretKeys.flatMap((key) => {
    if (isSecretConfigKey(key)) return [];
    const why = NEVER_SECRET[key] ?? "the stack does not read it as a secret";
    return [issue(`crosscloud:${key}`, "SECRET_UNSUPPORTED", `is set as a secret, but ${why}, which Pulumi keeps in plaintext; set it without --secret`)];
  });
}

