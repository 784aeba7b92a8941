import { wireGuardKeysMustBeSecret as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";
import { base64, key, userData } from "./overlay-fixtures";

const INSTANCE = "aws:ec2/instance:Instance";
const VM = "azure-native:compute:VirtualMachine";
const BYTES = "random:index/randomBytes:RandomBytes";
const STRING = "random:index/randomString:RandomString";
const PLAIN = "in plaintext: it is not from a secret-producing resource and not in additionalSecretOutputs. The state, stack outputs, CI logs and diffs would show the key.";

describe("wireguard-keys-must-be-secret: evidence that the user data is protected", () => {
  it("passes WireGuardOverlay's routers: user data secret by additionalSecretOutputs, custom data flowing from random.RandomBytes", () => {
    const fakes = [
      r(BYTES, "k1", { length: 32, base64: key(9) }),
      r(INSTANCE, "r1", { userData: userData("aws-us-east-1a") }, { additionalSecretOutputs: ["userData"], propertyDependencies: { userData: ["k1"] } }),
      r(VM, "r2", { osProfile: { computerName: "r2", customData: base64(userData("azure-1")) } }, { propertyDependencies: { osProfile: ["k1"] } }),
    ];
    expect(run(policy, fakes)).toEqual({ violations: [] });
  });

  it("passes user data it cannot read (a plan.json secret, or not generated yet), and user data without keys", () => {
    expect(run(policy, [r(INSTANCE, "r1", { userData: UNKNOWN }), r(VM, "r2", { osProfile: { customData: UNKNOWN } })])).toEqual({ violations: [] });
    expect(run(policy, [r(INSTANCE, "web", { userData: "#!/bin/sh\necho PrivateKey = not-a-key\n" })])).toEqual({ violations: [] });
  });
});

describe("wireguard-keys-must-be-secret: keys in plaintext", () => {
  it("flags a private key in known user data with no evidence, on EC2 (text or base64) and Azure, never echoing it", () => {
    const text = userData("aws-us-east-1a");
    const result = run(policy, [
      r(INSTANCE, "r1", { userData: text }),
      r(INSTANCE, "r1b", { userDataBase64: base64(text) }),
      r(VM, "r2", { osProfile: { customData: base64(userData("azure-1")) } }),
      r(VM, "r3", { userData: base64("#!/bin/sh\nwg set wg0 private-key /dev/stdin <<< x\ncat > /etc/wireguard/wg0.conf <<E\n[Interface]\nPrivateKey = " + key(5) + "\nE\n") }),
    ]);
    expect(result.violations).toEqual([
      { urn: urnOf(INSTANCE, "r1"), message: `aws:ec2/instance:Instance "r1" userData carries a WireGuard PrivateKey (value withheld) ${PLAIN}` },
      { urn: urnOf(INSTANCE, "r1b"), message: `aws:ec2/instance:Instance "r1b" userDataBase64 carries a WireGuard PrivateKey (value withheld) ${PLAIN}` },
      { urn: urnOf(VM, "r2"), message: `azure-native:compute:VirtualMachine "r2" osProfile.customData carries a WireGuard PrivateKey (value withheld) ${PLAIN}` },
      { urn: urnOf(VM, "r3"), message: `azure-native:compute:VirtualMachine "r3" userData carries a WireGuard PrivateKey (value withheld) ${PLAIN}` },
    ]);
    expect(JSON.stringify(result)).not.toContain(key(9));
  });

  it("flags a preshared key alone too, and keys from a generator whose result is stored in plaintext", () => {
    const pskOnly = "#cloud-config\n" + JSON.stringify({ write_files: [{ path: "/etc/wireguard/wg0.conf", content: `[Peer]\nPresharedKey = ${key(7)}\n` }] });
    expect(run(policy, [r(INSTANCE, "r1", { userData: pskOnly })]).violations.map((v) => v.message)).toEqual([`aws:ec2/instance:Instance "r1" userData carries a WireGuard PresharedKey (value withheld) ${PLAIN}`]);
    const fakes = [r(STRING, "weak", { length: 44, result: key(9) }), r(INSTANCE, "r1", { userData: userData() }, { propertyDependencies: { userData: ["weak"] } })];
    expect(run(policy, fakes).violations.map((v) => v.message)).toEqual([
      'aws:ec2/instance:Instance "r1" userData carries a WireGuard PrivateKey (value withheld) that comes from random:index/randomString:RandomString "weak", whose result is stored in plaintext; generate keys with random.RandomBytes.',
    ]);
  });

  it("exempts allowed resources", () => {
    expect(run(policy, [r(INSTANCE, "r1", { userData: userData() })], { allow: ["r1"] })).toEqual({ violations: [] });
  });
});
