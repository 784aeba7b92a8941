import { wireGuardMtu as policy } from "../../policy/policies";
import { UNKNOWN, r, run, urnOf } from "./harness";
import { base64, userData } from "./overlay-fixtures";

const INSTANCE = "aws:ec2/instance:Instance";
const VM = "azure-native:compute:VirtualMachine";

describe("wireguard-mtu", () => {
  it("passes the rendered overlay routers: MTU 1420 and MSS 1380 on every interface, on both clouds", () => {
    const result = run(policy, [
      r(INSTANCE, "r1", { userData: userData("aws-us-east-1a") }),
      r(VM, "r2", { osProfile: { computerName: "r2", customData: base64(userData("azure-1")) } }),
    ]);
    expect(result).toEqual({ violations: [] });
  });

  it("flags an interface above 1420, and a clamp that no longer fits (MTU 1500 with MSS 1460 passes the clamp, not the MTU)", () => {
    const mtu1500 = userData("aws-us-east-1a", (t) => t.replace(/MTU = 1420/g, "MTU = 1500"));
    const result = run(policy, [r(INSTANCE, "r1", { userData: mtu1500 })]);
    expect(result.violations.map((v) => v.message)).toEqual([
      'aws:ec2/instance:Instance "r1" userData sets MTU 1500 on WireGuard interface wg-aws-0, above 1420 (1500 minus WireGuard\'s 80-byte overhead): outer packets would exceed 1500 bytes and be fragmented or dropped between the clouds.',
      'aws:ec2/instance:Instance "r1" userData sets MTU 1500 on WireGuard interface wg-aws-1, above 1420 (1500 minus WireGuard\'s 80-byte overhead): outer packets would exceed 1500 bytes and be fragmented or dropped between the clouds.',
    ]);
    const bigMss = userData("azure-1", (t) => t.replace(/--set-mss 1380/g, "--set-mss 1400"));
    expect(run(policy, [r(VM, "r2", { osProfile: { customData: base64(bigMss) } })]).violations).toEqual([
      { urn: urnOf(VM, "r2"), message: 'azure-native:compute:VirtualMachine "r2" osProfile.customData clamps TCP MSS to 1400, more than the WireGuard MTU 1420 minus 40 bytes of IPv4 and TCP headers; segments would not fit the tunnel.' },
    ]);
  });

  it("flags an interface with no MTU, which wg-quick would size from EC2's jumbo frames", () => {
    const noMtu = userData("aws-us-east-1b", (t) => t.replace(/MTU = 1420\\n/g, ""));
    const result = run(policy, [r(INSTANCE, "r1", { userData: noMtu })]);
    expect(result.violations).toHaveLength(2);
    expect(result.violations[0]?.message).toMatch(/sets no MTU on WireGuard interface wg-aws-2: .*8921 on EC2's 9001-byte network/);
  });

  it("cannot decide on a secret it cannot read (plan.json), and says so; ignores user data that is not a WireGuard cloud-config", () => {
    expect(run(policy, [r(INSTANCE, "r1", { userData: UNKNOWN })]).cantRun).toMatch(/can't be known during preview/);
    expect(run(policy, [r(INSTANCE, "web", { userData: "#!/bin/sh\napt-get install -y nginx\n" })])).toEqual({ violations: [] });
  });

  it("exempts allowed resources", () => {
    const mtu1500 = userData("aws-us-east-1a", (t) => t.replace(/MTU = 1420/g, "MTU = 1500"));
    expect(run(policy, [r(INSTANCE, "r1", { userData: mtu1500 })], { allow: ["r1"] })).toEqual({ violations: [] });
  });
});
