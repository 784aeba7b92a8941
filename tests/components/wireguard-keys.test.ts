import { mocks } from "../helpers/pulumi-mocks";
import * as crypto from "node:crypto";
import fc from "fast-check";
import { clampX25519, newWireGuardKeyPair, newWireGuardPresharedKey, wireGuardPrivateKey, wireGuardPublicKey } from "../../components/wireguard-keys";

afterEach(() => mocks.reset());

const hex = (h: string): string => Buffer.from(h, "hex").toString("base64");

describe("wireGuardPublicKey agrees with wg pubkey", () => {
  // Generated on this machine with wireguard-tools 1.0.20210914: `k=$(wg genkey); echo $k | wg pubkey`.
  it.each([
    ["EEFvxxi/ehea9KXWcM7VTvMI/1UpyFLDWWMyt+Mn+Fc=", "WzcjdGOIjgZ0rG6eKr+R9t+hGHuIAs6wBBZv2H786gE="],
    ["iPAIqeOcWl/g7lezlj3zEw9rg8sQ/nM92xQy0y9IG2s=", "Y/wyz/5jZx3gf8DaOcbcbNS8nQjNE51TZHojm36wmDw="],
    ["iGV/wkRQAcvBZqZ6mMhijlkT/Hsu38qdI+YC+unI01Q=", "DnpkmoU0Aco5oZ3Fr+lOy6ky48KcLK2cp05Cgf+WZRw="],
    ["IHbsLIysAtMPpNejCT8GAvS3TOGwgiau7699gttvq2E=", "uHbzl2ciVR7Bp4sleoHVXv30aWuoXSaaGS5TGPfW1Sc="],
  ])("wg genkey %s → wg pubkey %s", (priv, pub) => {
    expect(wireGuardPublicKey(priv)).toBe(pub);
    // `wg genkey` output is already clamped, so clamping changes nothing.
    expect(wireGuardPrivateKey(priv)).toBe(priv);
  });

  // `head -c32 /dev/urandom | base64 | wg pubkey`: wg clamps unclamped input itself, and so does X25519.
  it.each([
    ["hqtnCo5eq/lcozELGgDswTZia/DyAFF09bqeNorH+FA=", "0CRZBN2WRBhsaqhS6InoKPOp9yEr0cetUPpDLU/Z5m4="],
    ["HcbK6852vQBVBnh8jmF7KOBbNfgz93/yROrn6UNXMbw=", "op4gzmUDdocu5KbFBCPxi6K/J+57gKnEKQn/9CfeknU="],
  ])("unclamped random bytes %s → %s, before and after clamping", (raw, pub) => {
    expect(wireGuardPublicKey(raw)).toBe(pub);
    expect(wireGuardPublicKey(wireGuardPrivateKey(raw))).toBe(pub);
  });

  it("reproduces RFC 7748 §6.1 (Alice and Bob), checked with wg pubkey too", () => {
    const alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    expect(Buffer.from(wireGuardPublicKey(alice), "base64").toString("hex")).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(Buffer.from(wireGuardPublicKey(bob), "base64").toString("hex")).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  });

  it("derives keys that agree on the RFC 7748 §6.1 shared secret", () => {
    const priv = (k: string) => crypto.createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b656e04220420", "hex"), Buffer.from(k, "base64")]), format: "der", type: "pkcs8" });
    const pub = (k: string) => crypto.createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b656e032100", "hex"), Buffer.from(k, "base64")]), format: "der", type: "spki" });
    const alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    const secret = crypto.diffieHellman({ privateKey: priv(alice), publicKey: pub(wireGuardPublicKey(bob)) });
    expect(secret.toString("hex")).toBe("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  });

  it("clamps as RFC 7748 §5 says: low 3 bits and bit 255 cleared, bit 254 set", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const k = clampX25519(bytes);
        expect([(k[0] as number) & 7, (k[31] as number) & 0x80, (k[31] as number) & 0x40]).toEqual([0, 0, 0x40]);
        expect(k.subarray(1, 31).equals(Buffer.from(bytes).subarray(1, 31))).toBe(true);
        expect(clampX25519(k).equals(k)).toBe(true);
      }),
    );
  });

  it("refuses anything but 32 bytes of canonical base64", () => {
    expect(() => wireGuardPublicKey("c2hvcnQ=")).toThrow("a WireGuard private key must be 32 bytes in base64 (44 characters ending in '='); got 8 characters");
    expect(() => wireGuardPrivateKey("EEFvxxi/ehea9KXWcM7VTvMI/1UpyFLDWWMyt+Mn+F*=")).toThrow("the random bytes must be 32 bytes in base64");
    expect(() => clampX25519(new Uint8Array(31))).toThrow("an X25519 private key is 32 bytes, not 31");
  });
});

describe("key resources", () => {
  it("makes the private key a secret from random.RandomBytes, and the public key a plain value derived from it", async () => {
    const pair = newWireGuardKeyPair("r1-wg-key", {}, {});
    const psk = newWireGuardPresharedKey("l1-wg-psk", { rotation: "2026-q3" }, {});
    await mocks.settled();
    const [priv, pub, pre] = await Promise.all([mocks.outputOf(pair.privateKey), mocks.outputOf(pair.publicKey), mocks.outputOf(psk)]);
    expect([priv.isSecret, pub.isSecret, pre.isSecret]).toEqual([true, false, true]);
    expect(pub.value).toBe(wireGuardPublicKey(priv.value as string));
    expect(wireGuardPrivateKey(priv.value as string)).toBe(priv.value);
    const bytes = mocks.created("random:index/randomBytes:RandomBytes", "r1-wg-key");
    expect(bytes.input("length")).toBe(32);
    expect(mocks.isSecret(bytes.output("base64"))).toBe(true);
    // The private key is the clamped random bytes, nothing else.
    expect(priv.value).toBe(wireGuardPrivateKey(mocks.reveal(bytes.output("base64")) as string));
    expect(mocks.created("random:index/randomBytes:RandomBytes", "l1-wg-psk").input("keepers")).toEqual({ rotation: "2026-q3" });
  });
});
