/**
 * End to end: file -> conversion -> the real policy pack process over gRPC -> violations.
 * Every test spawns its own pack and runCheck/analyzeResources stop it; afterAll proves it.
 */
import * as path from "node:path";
import { type AnalyzeResult, analyzeResources, formatCheckReport, runCheck } from "../../check/analyze";
import { checkCommand } from "../../cli/check";
import { CheckInputError } from "../../check/resource-data";
import { loadResources, resourcesFromDocument } from "../../check/resources";
import { SECRET_SIG, SIG_KEY } from "../../check/wire";
import { childPids } from "./children";

const FIXTURES = path.resolve(__dirname, "../fixtures/analyzer");
const fixture = (name: string) => path.join(FIXTURES, name);
const PROBE_PACK = fixture("probe-pack.ts");

const S = "urn:pulumi:dev::crosscloud::";
const STACK = `${S}pulumi:pulumi:Stack::crosscloud-dev`;
const DEFAULT_ROUTE = `${S}crosscloud:index:TransitGatewayHub$aws:ec2/route:Route::hub-spoke-a-default`;
const VPN = `${S}aws:ec2/vpnConnection:VpnConnection::vpn-east`;
const POLICY = "no-default-route-across-interconnect";
const DESCRIPTION = "No default route (0.0.0.0/0 or ::/0) may cross the AWS <-> Azure interconnect.";
const PLANTED_MESSAGE =
  'aws:ec2/route:Route "hub-spoke-a-default" routes 0.0.0.0/0 to transit gateway tgw-0a1b2c3d4e5f60001; ' +
  "a default route across the interconnect would pull all of one cloud's Internet-bound traffic into the other.";

const PLANTED = {
  policy: POLICY,
  level: "mandatory",
  urn: DEFAULT_ROUTE,
  message: `${DESCRIPTION}\n${PLANTED_MESSAGE}`,
  description: DESCRIPTION,
};
const PACK = { name: "crosscloud", version: "0.1.0", policyCount: 13 };

afterAll(() => {
  expect(childPids()).toEqual([]);
});

describe("crosscloud pack over gRPC", () => {
  it("flags the planted default route in a stack export, and not the one awaiting deletion", async () => {
    const result = await runCheck({ file: fixture("stack-export-default-route.json") });
    expect(result).toEqual({
      violations: [PLANTED],
      mandatoryCount: 1,
      pack: PACK,
      resourceCount: 7,
      format: "stack-export",
      stack: "dev",
    });
  });

  it("flags the same planted route in a plan.json", async () => {
    const result = await runCheck({ file: fixture("plan-default-route.json") });
    expect(result).toEqual({ violations: [PLANTED], mandatoryCount: 1, pack: PACK, resourceCount: 6, format: "plan", stack: "dev" });
  });

  it("finds nothing in a clean plan", async () => {
    const result = await runCheck({ file: fixture("plan-clean.json") });
    expect(result.violations).toEqual([]);
    expect(result.mandatoryCount).toBe(0);
  });

  it("lets policy config lower the level, with the Pulumi CLI's config format", async () => {
    const result = await runCheck({ file: fixture("plan-default-route.json"), policyConfig: { [POLICY]: "advisory" } });
    expect(result.violations).toEqual([{ ...PLANTED, level: "advisory" }]);
    expect(result.mandatoryCount).toBe(0);
  });

  it("turns a policy off with all: disabled", async () => {
    const result = await runCheck({ file: fixture("plan-default-route.json"), policyConfig: { all: "disabled" } });
    expect(result.violations).toEqual([]);
  });

  it("rejects config for a policy the pack does not have, after asking the pack which it has", async () => {
    await expect(runCheck({ file: fixture("plan-clean.json"), policyConfig: { "no-such-policy": "advisory" } })).rejects.toThrow(
      new CheckInputError(
        "policy config",
        `no policy named "no-such-policy" in pack crosscloud (it has: no-overlapping-cidrs, ${POLICY}, no-default-route-via-routers, bgp-asn-rules, tunnel-inside-addresses, ` +
          "ipsec-explicit-and-matching, psk-must-be-secret, wireguard-keys-must-be-secret, wireguard-port-not-public, wireguard-mtu, prefix-limits, prod-requires-active-active, gateway-subnet-size)",
      ),
    );
  });

  it("reports a redacted destination as 'can't run', advisory, against the root stack (not as the string [secret])", async () => {
    const result = await runCheck({ file: fixture("plan-secret-destination.json") });
    expect(result.violations).toEqual([
      {
        policy: POLICY,
        level: "advisory",
        urn: STACK,
        message:
          `can't run policy '${POLICY}' from policy pack 'crosscloud@v0.1.0' during preview: ` +
          "string value at .destinationCidrBlock can't be known during preview",
        description: DESCRIPTION,
      },
    ]);
  });
});

describe("secrets reach policies as the engine delivers them", () => {
  /** What the probe policy read from `property` on the VPN connection. */
  async function probe(resources: Parameters<typeof analyzeResources>[0], property: string): Promise<unknown> {
    const result = await analyzeResources(resources, { packEntry: PROBE_PACK, policyConfig: { "probe-property": { property } } });
    expect(result.violations.map((v) => [v.policy, v.level, v.urn])).toEqual([["probe-property", "advisory", VPN]]);
    const message = result.violations[0]?.message ?? "";
    return JSON.parse(message.slice(message.indexOf("\n") + 1));
  }

  it("a plan.json [secret] arrives as a secret of unknown value, never as the placeholder string", async () => {
    const { resources } = await loadResources(fixture("plan-default-route.json"));
    expect(await probe(resources, "tunnel1PresharedKey")).toEqual({
      unknown: "string value at .tunnel1PresharedKey can't be known during preview",
    });
  });

  it("an exported ciphertext arrives likewise unknown", async () => {
    const { resources } = await loadResources(fixture("stack-export-default-route.json"));
    expect(await probe(resources, "tunnel1PresharedKey")).toEqual({
      unknown: "string value at .tunnel1PresharedKey can't be known during preview",
    });
  });

  it("a --show-secrets plaintext arrives decrypted, as the engine hands secrets to stack policies", async () => {
    const doc = {
      version: 3,
      deployment: {
        resources: [
          {
            urn: VPN,
            type: "aws:ec2/vpnConnection:VpnConnection",
            custom: true,
            outputs: { tunnel1PresharedKey: { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify("Zq8mX1wR7tY2uI9oP3aS5dF6gH4jK0lE") } },
          },
        ],
      },
    };
    expect(await probe(resourcesFromDocument(doc, "inline").resources, "tunnel1PresharedKey")).toEqual({
      value: "Zq8mX1wR7tY2uI9oP3aS5dF6gH4jK0lE",
    });
  });

  it("policy config properties reach the policy (the probe reads its property name from them)", async () => {
    const { resources } = await loadResources(fixture("plan-default-route.json"));
    expect(await probe(resources, "tunnel1InsideCidr")).toEqual({ value: "169.254.21.0/30" });
  });
});

describe("checkCommand", () => {
  const capture = () => {
    const out = { stdout: "", stderr: "" };
    const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } };
    return { out, io };
  };

  it("prints the violations grouped by policy and exits 1 on a mandatory one", async () => {
    const { out, io } = capture();
    expect(await checkCommand([fixture("plan-default-route.json")], io)).toBe(1);
    expect(out.stdout).toBe(
      [
        `${POLICY} (mandatory)`,
        `  ${DESCRIPTION}`,
        `  - ${DEFAULT_ROUTE}`,
        `      ${PLANTED_MESSAGE}`,
        "",
        "1 violation (1 mandatory, 0 advisory) in 6 resources checked by crosscloud@0.1.0.",
        "",
      ].join("\n"),
    );
    expect(out.stderr).toBe("");
  });

  it("exits 0 when only advisory violations remain, reading --policy-config from a file", async () => {
    const { out, io } = capture();
    const code = await checkCommand([fixture("plan-default-route.json"), `--policy-config=${fixture("policy-config-advisory.json")}`], io);
    expect(code).toBe(0);
    expect(out.stdout).toContain(`${POLICY} (advisory)`);
  });

  it("exits 0 on a clean plan", async () => {
    const { out, io } = capture();
    expect(await checkCommand([fixture("plan-clean.json")], io)).toBe(0);
    expect(out.stdout).toBe("No policy violations: 5 resources checked by crosscloud@0.1.0 (13 policies).\n");
  });

  it("exits 2 naming the file when the input is not a known format, without starting a pack", async () => {
    const { out, io } = capture();
    expect(await checkCommand([fixture("policy-config-advisory.json")], io)).toBe(2);
    expect(out.stderr).toBe(
      `crosscloud check: ${fixture("policy-config-advisory.json")}: unrecognised format: expected a crosscloud plan.json ` +
        '(top-level "stack" string and "resources" array) or a `pulumi stack export` file (top-level "version": 3 and "deployment" object)\n',
    );
  });

  it("exits 2 with usage on bad arguments", async () => {
    const { out, io } = capture();
    expect(await checkCommand(["a.json", "b.json"], io)).toBe(2);
    expect(out.stderr).toMatch(/^crosscloud check: unexpected argument b\.json\nusage: crosscloud check FILE \[--policy-config FILE\.json\]/);
    expect(await checkCommand(["--policy-config"], io)).toBe(2);
    expect(out.stderr).toContain("crosscloud check: --policy-config needs a file");
  });
});

describe("formatCheckReport", () => {
  it("lists mandatory groups before advisory ones and prints stack-level violations as (stack)", () => {
    const result: AnalyzeResult = {
      violations: [
        { policy: "b-advisory", level: "advisory", urn: "", message: "whole stack" },
        { policy: "a-mandatory", level: "mandatory", urn: "urn:2", message: "D\nsecond", description: "D" },
        { policy: "a-mandatory", level: "mandatory", urn: "urn:1", message: "D\nfirst", description: "D" },
      ],
      mandatoryCount: 2,
      pack: PACK,
      resourceCount: 3,
    };
    expect(formatCheckReport(result)).toBe(
      [
        "a-mandatory (mandatory)",
        "  D",
        "  - urn:1",
        "      first",
        "  - urn:2",
        "      second",
        "",
        "b-advisory (advisory)",
        "  - (stack)",
        "      whole stack",
        "",
        "3 violations (2 mandatory, 1 advisory) in 3 resources checked by crosscloud@0.1.0.",
      ].join("\n"),
    );
  });
});
