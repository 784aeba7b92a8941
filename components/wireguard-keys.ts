import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * WireGuard keys without a custom provider.
 *
 * A private key is 32 bytes from `random.RandomBytes` (a cryptographic RNG, outputs already secret),
 * clamped as X25519 requires (RFC 7748 §5, what `wg genkey` does). The public key is derived in the
 * program with Node's crypto: the 32 bytes wrapped in an X25519 PKCS#8 structure (RFC 8410 §7),
 * imported, and the public key exported raw. It agrees with `wg pubkey` (tests/components/wireguard-keys.test.ts).
 *
 * Node's crypto is why this lives in components/ and not in the pure sdk/.
 */

/** WireGuard keys (private, public, preshared) are 32 bytes, written in base64 (wg(8)). */
export const WIREGUARD_KEY_BYTES = 32;

/** DER header of a PKCS#8 PrivateKeyInfo for X25519 (OID 1.3.101.110), followed by the 32 raw key bytes (RFC 8410 §7, §10.3). */
const X25519_PKCS8_HEADER = Buffer.from("302e020100300506032b656e04220420", "hex");

function decodeKey(base64: string, what: string): Buffer {
  const raw = Buffer.from(base64, "base64");
  // Buffer.from ignores bad characters, so compare the round trip rather than trusting the length alone.
  if (raw.length !== WIREGUARD_KEY_BYTES || raw.toString("base64") !== base64) {
    throw new Error(`${what} must be ${WIREGUARD_KEY_BYTES} bytes in base64 (44 characters ending in '='); got ${base64.length} characters`);
  }
  return raw;
}

/** RFC 7748 §5 (decodeScalar25519): clear the low 3 bits and the top bit, set bit 254. */
export function clampX25519(bytes: Uint8Array): Buffer {
  if (bytes.length !== WIREGUARD_KEY_BYTES) throw new Error(`an X25519 private key is ${WIREGUARD_KEY_BYTES} bytes, not ${bytes.length}`);
  const key = Buffer.from(bytes);
  key[0] = (key[0] as number) & 248;
  key[31] = ((key[31] as number) & 127) | 64;
  return key;
}

/** A WireGuard private key (base64, clamped) from 32 random bytes in base64, as `random.RandomBytes` gives them. */
export function wireGuardPrivateKey(randomBase64: string): string {
  return clampX25519(decodeKey(randomBase64, "the random bytes")).toString("base64");
}

/** The public key of a WireGuard private key, both base64: what `wg pubkey` prints. */
export function wireGuardPublicKey(privateKeyBase64: string): string {
  const raw = decodeKey(privateKeyBase64, "a WireGuard private key");
  const key = crypto.createPrivateKey({ key: Buffer.concat([X25519_PKCS8_HEADER, raw]), format: "der", type: "pkcs8" });
  // SubjectPublicKeyInfo DER ends with the 32-byte public key (RFC 8410 §4).
  const spki = crypto.createPublicKey(key).export({ format: "der", type: "spki" });
  return spki.subarray(spki.length - WIREGUARD_KEY_BYTES).toString("base64");
}

export interface WireGuardKeyPair {
  /** Secret from birth: the random bytes are secret outputs, and so is everything computed from them. */
  readonly privateKey: pulumi.Output<string>;
  /** Not secret: public by definition, and the peers' configs and the stack outputs need it. */
  readonly publicKey: pulumi.Output<string>;
}

export interface WireGuardKeyOptions {
  /** Changing this value generates a new key (rotation). @default - no keepers: the key lives as long as the resource */
  readonly rotation?: string;
}

const keepers = (o: WireGuardKeyOptions): { keepers?: Record<string, string> } => (o.rotation !== undefined ? { keepers: { rotation: o.rotation } } : {});

/** A key pair from one `random.RandomBytes` named `name`. */
export function newWireGuardKeyPair(name: string, options: WireGuardKeyOptions, opts: pulumi.CustomResourceOptions): WireGuardKeyPair {
  const bytes = new random.RandomBytes(name, { length: WIREGUARD_KEY_BYTES, ...keepers(options) }, { ...opts, additionalSecretOutputs: ["base64", "hex"] });
  const privateKey = pulumi.secret(bytes.base64.apply(wireGuardPrivateKey));
  return { privateKey, publicKey: pulumi.unsecret(privateKey.apply(wireGuardPublicKey)) };
}

/** A WireGuard preshared key (32 random bytes, no clamping; wg(8)), secret. */
export function newWireGuardPresharedKey(name: string, options: WireGuardKeyOptions, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
  const bytes = new random.RandomBytes(name, { length: WIREGUARD_KEY_BYTES, ...keepers(options) }, { ...opts, additionalSecretOutputs: ["base64", "hex"] });
  return pulumi.secret(bytes.base64);
}
