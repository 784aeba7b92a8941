import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePreviewArgs, previewCommand } from "../../cli/preview";
import { HOURS_PER_MONTH, PRICES } from "../../sdk";

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
    expect(parsePreviewArgs(["--traffic-gb-per-month", "10000", "--prices", "p.json"])).toEqual({ stack: "dev", policy: true, trafficGbPerMonth: 10000, prices: "p.json" });
    expect(parsePreviewArgs(["--traffic-gb-per-month", "lots"])).toBe("--traffic-gb-per-month lots is not a number of GB (≥ 0)");
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
    expect(Object.keys(plan)).toEqual(["stack", "resources", "violations", "outputs", "cost"]);
    expect(plan.stack).toBe("dev");
    expect(fs.readFileSync(json, "utf8")).toBe(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
    const topology = fs.readFileSync(path.join(out, "topology.md"), "utf8");
    expect(topology).toContain("```mermaid");
    expect(topology).toContain('IPsec dev-vpn-a-t1: 169.254.21.1 AS 64512 ⇄ 169.254.21.2 AS 65515');
    expect(topology).toContain("| a-t2 |");
    expect(stdout.join("")).toContain("Estimated first deployment: 46 min (critical path):");
    // Dev's idle gateway instance is printed as a note, not discovered later.
    expect(stdout.join("")).toMatch(/Notes:\ninfo: Azure VPN gateway dev-vpn-vng instance 1 \(public IP dev-vpn-pip1\) is idle by design/);
  });

  it("--stack dev --traffic-gb-per-month 10000 prints a cost section whose figures follow from the price file and the plan", async () => {
    const out = path.join(dir, "dev");
    const { io, out: stdout } = capture();
    expect(await previewCommand(["--stack", "dev", "--traffic-gb-per-month", "10000", "--out", out, "--no-policy"], io)).toBe(0);
    const text = stdout.join("");
    const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as {
      resources: { type: string; inputs: Record<string, unknown> }[];
      cost: { totalMonthlyUsd: number; traffic: { gbPerMonth: number }; prices: { key: string; source: string; checked: string; status: string }[] };
    };
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    // Recomputed here from sdk/prices.ts and the resources dev builds, not by the estimator.
    const vpn = count("aws:ec2/vpnConnection:VpnConnection") * PRICES["aws.vpn.connection"].usd * HOURS_PER_MONTH;
    const gateways = plan.resources.filter((r) => r.type === "azure-native:network:VirtualNetworkGateway");
    expect(gateways.map((g) => (g.inputs["sku"] as { name: string }).name)).toEqual(["VpnGw1AZ"]);
    const gateway = PRICES["azure.vpnGateway.VpnGw1AZ"].usd * HOURS_PER_MONTH;
    const pips = count("azure-native:network:PublicIPAddress") * PRICES["azure.publicIp.standard"].usd * HOURS_PER_MONTH;
    // dev's health alarms (one per tunnel and one per connection), billed per alarm-month.
    const alarms = count("aws:cloudwatch/metricAlarm:MetricAlarm") * PRICES["aws.cloudwatch.alarm"].usd;
    expect(alarms).toBeGreaterThan(0);
    const traffic = 10000 * (0.5 * PRICES["aws.internet.egress"].usd + 0.5 * PRICES["azure.internet.egress"].usd); // dev: VGW, no Transit Gateway
    const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const section = text.slice(text.indexOf("Estimated monthly cost"));
    expect(section).toMatch(new RegExp(`\\${usd(vpn)}\\s+AWS Site-to-Site VPN connection\\s+1 ×`));
    expect(section).toMatch(new RegExp(`\\${usd(gateway)}\\s+Azure VPN gateway`));
    expect(section).toMatch(new RegExp(`\\${usd(pips)}\\s+Azure public IP address\\s+2 ×`));
    expect(section).toMatch(new RegExp(`\\${usd(alarms)}\\s+CloudWatch alarm\\s+3 ×`));
    expect(section).toContain(`${usd(vpn + gateway + pips + alarms)}  fixed`);
    expect(section).toContain("Cross-cloud traffic: 10000 GB a month");
    expect(section).toMatch(new RegExp(`\\${usd(traffic)}\\s+IPsec VPN over the internet \\(carries the traffic\\)`));
    expect(section).toContain(`${usd(vpn + gateway + pips + alarms + traffic)}  total`);
    expect(section).toContain("UNCONFIRMED prices: aws.cloudwatch.alarm, aws.vpn.connection");
    expect(plan.cost.totalMonthlyUsd).toBeCloseTo(vpn + gateway + pips + alarms + traffic, 2);
    expect(plan.cost.traffic.gbPerMonth).toBe(10000);
    expect(plan.cost.prices.find((p) => p.key === "aws.vpn.connection")).toMatchObject({ checked: "2026-12-01", status: "unconfirmed" });
  });

  it("takes negotiated rates from --prices, and refuses a bad price file with exit 2 before running anything", async () => {
    const rates = path.join(dir, "rates.json");
    fs.writeFileSync(rates, JSON.stringify({ "aws.vpn.connection": 0.04 }));
    const { io, out: stdout } = capture();
    expect(await previewCommand(["--stack", "dev", "--prices", rates, "--out", path.join(dir, "o"), "--no-policy"], io)).toBe(0);
    expect(stdout.join("")).toContain(`$29.20  AWS Site-to-Site VPN connection  1 × $0.04/hour`);
    fs.writeFileSync(rates, JSON.stringify({ "aws.vpn.connection": "free" }));
    const bad = capture();
    expect(await previewCommand(["--stack", "dev", "--prices", rates, "--out", path.join(dir, "p"), "--no-policy"], bad.io)).toBe(2);
    expect(bad.err.join("")).toContain(`crosscloud preview: price file ${rates} is invalid (1 problem):\n  - aws.vpn.connection: "free" is not a price: give a number (USD)`);
    expect(fs.existsSync(path.join(dir, "p"))).toBe(false);
  });

  it("warns, on prod's first pass, that the ExpressRoute connection is missing and what to do, and draws the leg pending", async () => {
    const out = path.join(dir, "prod");
    const { io, out: stdout } = capture();
    expect(await previewCommand(["--stack", "prod", "--out", out, "--no-policy"], io)).toBe(0);
    const printed = stdout.join("");
    expect(printed).toContain(
      "warning: ExpressRoute is not connected: the circuit prod-er-circuit is not provisioned by Megaport yet, so the ExpressRoute connection prod-er-conn (gateway prod-er-ergw to the circuit) is not created.",
    );
    expect(printed).toContain("  next: Give Megaport the circuit's service key");
    expect(printed).toContain("Time to connectivity:\n   46 min  VPN, first IPsec connection prod-vpn-a-t1-conn\n  pending  ExpressRoute:");
    const topology = fs.readFileSync(path.join(out, "topology.md"), "utf8");
    expect(topology).toContain('n_prod_er_ergw -. "pending: no ExpressRoute connection until the provider provisions the circuit" .- n_prod_er_circuit');
    expect(topology).toMatch(/n_prod_er_circuit <-\. "expressroute prod-er-er-primary: .* \(pending\)" \.-> n_exchange_65100/);
    expect(topology).toContain("- **warning** (EXPRESSROUTE_AWAITING_PROVIDER)");
  }, 120_000);
});
