import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { userDataOf } from "./user-data";
import { Unknown } from "./values";

/**
 * WireGuard private and preshared keys must be Pulumi secrets: user data that carries one (an EC2
 * instance's `userData`, an Azure VM's `osProfile.customData` or `userData`) must itself be secret.
 * The state, `pulumi stack output`, CI logs and every diff would show it otherwise, and whoever reads
 * a router's private key can impersonate it to every peer.
 *
 * A key is a `PrivateKey = …` or `PresharedKey = …` setting (wg-quick, wg setconf) with a 32-byte
 * base64 value, anywhere in the user data. The evidence that the user data is protected is that of
 * psk-must-be-secret: it is unknown (a plan.json `"[secret]"`, an export's ciphertext, or not known yet
 * during a preview); its property is in the resource's additionalSecretOutputs; or it flows (property
 * dependencies) from a secret-producing generator (`random.RandomBytes`, `random.RandomPassword`),
 * which makes every value computed from it secret, unless a plaintext generator (`RandomString`,
 * `RandomId`, …) feeds it, which is flagged by name.
 */
export const NAME = "wireguard-keys-must-be-secret";

/** A 32-byte WireGuard key in base64 (43 characters and "="), as a setting; no word boundary: in JSON text it follows a "\\n" escape. */
const KEY_SETTING = /(PrivateKey|PresharedKey)\s*=\s*[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=/;

const SECRET_GENERATORS: readonly string[] = [T.randomBytes, T.randomPassword];
const PLAINTEXT_GENERATORS: readonly string[] = [T.randomString, T.randomId, T.randomPet, T.randomInteger, T.randomUuid];

export function checkWireGuardKeysMustBeSecret(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    for (const u of userDataOf(r)) {
      // Unknown: a secret (plan.json, ciphertext) or not generated yet; the rule never needs to read it then.
      if (u.text instanceof Unknown) continue;
      const key = KEY_SETTING.exec(u.text)?.[1];
      if (key === undefined) continue;
      if (r.additionalSecretOutputs.includes(u.property)) continue;
      const sources = (r.propertyDependencies[u.property] ?? []).map((s) => index.byUrn.get(s)).filter((s): s is RuleResource => s !== undefined);
      const plain = sources.find((s) => PLAINTEXT_GENERATORS.includes(s.type));
      if (plain) {
        out.report(`${label(r)} ${u.path} carries a WireGuard ${key} (value withheld) that comes from ${label(plain)}, whose result is stored in plaintext; generate keys with random.RandomBytes.`, r.urn);
        continue;
      }
      if (sources.some((s) => SECRET_GENERATORS.includes(s.type))) continue;
      out.report(
        `${label(r)} ${u.path} carries a WireGuard ${key} (value withheld) in plaintext: it is not from a secret-producing resource and not in additionalSecretOutputs. ` +
          "The state, stack outputs, CI logs and diffs would show the key.",
        r.urn,
      );
    }
  }
  return out;
}

export const wireGuardKeysMustBeSecret = stackPolicy<AllowConfig>({
  name: NAME,
  description: "User data that carries a WireGuard private or preshared key must be a Pulumi secret.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Generate keys with random.RandomBytes (components/wireguard-keys.ts does) and build the user data from its outputs, or wrap the user data in pulumi.secret() " +
    "and list the property (userData, osProfile) in the resource's additionalSecretOutputs.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkWireGuardKeysMustBeSecret,
});
