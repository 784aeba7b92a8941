import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePreviewArgs, previewCommand } from "../../cli/preview";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
};

describe("crosscloud preview", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-preview-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("parses its options and refuses unknown ones", () => {
    expect(parsePreviewArgs(["--stack", "prod", "--out", "x", "--no-policy"])).toEqual({ stack: "prod", out: "x", policy: false });
    expect(parsePreviewArgs(["--stack"])).toBe("--stack needs a value");
    expect(parsePreviewArgs(["--frobnicate"])).toBe("unexpected argument --frobnicate");
  });

  it("exits 1 on a bad config with the sdk's full problem list and writes nothing", async () => {
    const config = path.join(dir, "Pulumi.bad.yaml");
    fs.writeFileSync(
      config,
      [
        "config:",
        "  crosscloud:profile: dev",
        "  crosscloud:azure: { resourceGroupName: rg }",
        "  crosscloud:network:",
        "    environment: bad",
        "    aws: { region: us-east-1, asn: 65517, vpcs: { app: { cidr: 10.16.0.0/20 } } }",
        "    azure: { region: eastus, asn: 65517, vnets: { hub: { addressSpace: 10.16.0.0/16, subnets: { GatewaySubnet: { prefixLength: 28 } } } } }",
        "    vpn: { layout: dev, connections: { a: { azureInstance: 0, insideCidrs: { t1: 169.254.30.0/30, t2: 169.254.22.0/30 } } } }",
      ].join("\n"),
    );
    const out = path.join(dir, "out");
    const { io, err } = capture();
    expect(await previewCommand(["--stack", "bad", "--config", config, "--out", out, "--no-policy"], io)).toBe(1);
    const text = err.join("");
    expect(text).toContain('crosscloud preview: stack "bad" failed; nothing was written.');
    expect(text).toContain('crosscloud stack "bad" config is invalid (6 problems):');
    for (const line of [
      "  - crosscloud:network.azure.vnets.hub.subnets.GatewaySubnet: 10.16.0.0/28 is smaller than /27; Azure recommends a GatewaySubnet of /27 or larger (/26 for ExpressRoute with 16 circuits) [GATEWAY_SUBNET_TOO_SMALL]",
      "  - crosscloud:network.aws.vpcs.app: 10.16.0.0/20 overlaps 10.16.0.0/16 (azure.vnets.hub) [CIDR_OVERLAP]",
      "  - crosscloud:network.azure.asn: 65517 equals aws.asn; the two sides of an eBGP session must use different ASNs [ASN_EQUAL]",
      "  - crosscloud:network.vpn.connections.a.insideCidrs.t1: 169.254.30.0/30 is outside 169.254.21.0–169.254.22.255, the only range Azure accepts for custom APIPA BGP addresses [APIPA_OUTSIDE_AZURE_RANGE]",
    ]) {
      expect(text).toContain(line);
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it("writes plan.json and topology.md where --out says, and --json FILE too", async () => {
    const out = path.join(dir, "dev");
    const json = path.join(dir, "copy.json");
    const { io, out: stdout } = capture();
    expect(await previewCommand(["--stack", "dev", "--out", out, "--json", json, "--no-policy"], io)).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as { stack: string; resources: unknown[]; violations: unknown[] };
    expect(Object.keys(plan)).toEqual(["stack", "resources", "violations", "outputs"]);
    expect(plan.stack).toBe("dev");
    expect(fs.readFileSync(json, "utf8")).toBe(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
    const topology = fs.readFileSync(path.join(out, "topology.md"), "utf8");
    expect(topology).toContain("```mermaid");
    expect(topology).toContain('IPsec dev-vpn-a-t1: 169.254.21.1 AS 64512 ⇄ 169.254.21.2 AS 65515');
    expect(topology).toContain("| a-t2 |");
    expect(stdout.join("")).toContain("Estimated first deployment: 46 min (critical path):");
  });
});
