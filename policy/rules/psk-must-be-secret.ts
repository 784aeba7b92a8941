import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { Unknown } from "./values";

/**
 * Pre-shared keys and BGP MD5 keys must be Pulumi secrets, never plaintext in code, config or state.
 *
 * What a policy can see (see README-internal.md): @pulumi/policy 1.21 hands stack policies secrets
 * already decrypted, without a marker, so a secret and a plaintext string look the same. What *is*
 * visible, and is used as evidence that a key is protected:
 *
 *   1. the value is unknown: a plan.json `"[secret]"`, an export's ciphertext, or a key not
 *      generated yet during a preview (the policy never reads the key itself);
 *   2. the property is in the resource's additionalSecretOutputs (the state stores it encrypted;
 *      @pulumi/aws adds tunnel1/2PresharedKey for every VpnConnection);
 *   3. the value flows from another resource's output (property dependencies), e.g.
 *      random.RandomPassword.result, unless that resource is a generator whose output is stored in
 *      plaintext (RandomString, RandomId, …), which is flagged by name.
 *
 * A known key with none of these is flagged. The limitation: under the real engine a
 * `config.requireSecret(...)` value passed straight to a resource is known and has no dependency,
 * so it is flagged too; declare the property in `additionalSecretOutputs` (which also keeps it
 * encrypted in the state) or list the resource in `allow`.
 */
export const NAME = "psk-must-be-secret";

/** Key-bearing properties by resource type. */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  [T.awsVpnConnection]: ["tunnel1PresharedKey", "tunnel2PresharedKey"],
  [T.azureConnection]: ["sharedKey"],
  [T.azureErPeering]: ["sharedKey"],
  [T.awsDxTransitVif]: ["bgpAuthKey"],
  [T.awsDxPrivateVif]: ["bgpAuthKey"],
  [T.awsDxHostedTransitVif]: ["bgpAuthKey"],
  [T.awsDxHostedPrivateVif]: ["bgpAuthKey"],
  [T.awsDxBgpPeer]: ["bgpAuthKey"],
};

/** @pulumi/random resources whose `result` is stored in plaintext (RandomPassword's is a secret). */
const PLAINTEXT_GENERATORS: readonly string[] = [
  T.randomString,
  T.randomId,
  T.randomPet,
  T.randomInteger,
  T.randomUuid,
];

export function checkPskMustBeSecret(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  for (const r of resources) {
    const keys = KEYS[r.type];
    if (keys === undefined || isAllowed(r, config.allow)) continue;
    for (const key of keys) {
      const value = r.props[key];
      // Unset or empty: the cloud generates the key (AWS VPN) or there is none. Unknown: secret or not yet generated.
      if (value === undefined || value === null || value === "" || value instanceof Unknown) continue;
      if (r.additionalSecretOutputs.includes(key)) continue;
      const sources = (r.propertyDependencies[key] ?? []).map((u) => index.byUrn.get(u)).filter((s): s is RuleResource => s !== undefined);
      const plain = sources.find((s) => PLAINTEXT_GENERATORS.includes(s.type));
      if (plain) {
        out.report(`${label(r)} ${key} (value withheld) comes from ${label(plain)}, whose result is stored in plaintext; generate the key with random.RandomPassword.`, r.urn);
        continue;
      }
      if ((r.propertyDependencies[key] ?? []).length > 0) continue;
      out.report(
        `${label(r)} ${key} (value withheld) is a known value that is not a Pulumi secret: not from a secret-producing resource, not in additionalSecretOutputs. ` +
          "A key in plaintext ends up in source control, CI logs and the state.",
        r.urn,
      );
    }
  }
  return out;
}

export const pskMustBeSecret = stackPolicy<AllowConfig>({
  name: NAME,
  description: "VPN pre-shared keys and BGP MD5 keys must be Pulumi secrets, never plaintext.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Generate keys with random.RandomPassword (sdk PSK_RANDOM_SPEC) and pass its `result`, or wrap a configured key with `config.requireSecret` " +
    "and list the property in the resource's `additionalSecretOutputs` (policies cannot see secretness of config values). " +
    "For a Direct Connect VIF, always set bgpAuthKey: the key AWS generates otherwise is stored in plaintext.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkPskMustBeSecret,
});
