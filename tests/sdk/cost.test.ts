import fc from "fast-check";
import { CostInventory, CrossCloudPath, HOURS_PER_MONTH, PRICES, applyPriceOverrides, cents, estimateCost, monthly } from "../../sdk";

describe("the price table (sdk/prices.ts)", () => {
  it("gives every price a unit, a source, the date it was checked and a status", () => {
    for (const [key, p] of Object.entries(PRICES)) {
      expect([key, typeof p.usd, ["hour", "month", "GB"].includes(p.unit), p.source.length > 10, p.checked]).toEqual([key, "number", true, true, "2026-12-01"]);
      expect(["vendor", "transcribed", "unconfirmed"]).toContain(p.status);
    }
  });

  it("marks what the research could not confirm as unconfirmed, and nothing from issue 17's list more confirmed than the notes say", () => {
    const status = (k: keyof typeof PRICES) => PRICES[k].status;
    expect(
      ["aws.vpn.connection", "azure.vpnGateway.VpnGw1AZ", "azure.vpnGateway.VpnGw2AZ", "azure.expressRoute.Standard_MeteredData.1000", "azure.expressRoute.meteredEgress", "azure.dnsResolver.endpoint", "azure.internet.egress"].map((k) =>
        status(k as keyof typeof PRICES),
      ),
    ).toEqual(Array(7).fill("unconfirmed"));
    expect(["aws.tgw.attachment", "aws.tgw.processing", "aws.dx.hosted.1000", "aws.dx.transferOut", "aws.internet.egress"].map((k) => status(k as keyof typeof PRICES))).toEqual(Array(5).fill("transcribed"));
    expect(status("aws.route53resolver.eni")).toBe("vendor");
    expect([PRICES["aws.vpn.connection"].usd, PRICES["aws.dx.hosted.1000"].usd, PRICES["azure.vpnGateway.VpnGw2AZ"].usd, PRICES["azure.dnsResolver.endpoint"].usd]).toEqual([0.05, 0.33, 0.54, 180]);
  });
});

describe("applyPriceOverrides", () => {
  it("replaces a figure, adds an SKU the table lacks, and marks both as overrides from the file", () => {
    const { prices, issues } = applyPriceOverrides(PRICES, { "aws.vpn.connection": 0.04, "azure.vm.Standard_D2s_v5": { usd: 0.096, unit: "hour", what: "D2s v5" } }, "rates.json");
    expect(issues).toEqual([]);
    expect(prices["aws.vpn.connection"]).toMatchObject({ usd: 0.04, unit: "hour", status: "override", source: "rates.json" });
    expect(prices["azure.vm.Standard_D2s_v5"]).toMatchObject({ usd: 0.096, unit: "hour", what: "D2s v5" });
    expect(PRICES["aws.vpn.connection"].usd).toBe(0.05);
  });

  it("reports every bad entry at once", () => {
    const { issues } = applyPriceOverrides(PRICES, { "aws.vpn.connection": -1, "aws.tgw.attachment": { usd: 0.05, unit: "GB" }, "azure.vm.X": 3, "aws.route53.hostedZone": "cheap" }, "rates.json");
    expect(issues.map((i) => i.path)).toEqual(["aws.vpn.connection", "aws.tgw.attachment", "azure.vm.X", "aws.route53.hostedZone"]);
    expect(issues.map((i) => i.message)).toEqual([
      "-1 is not a price in USD (a number ≥ 0)",
      `unit "GB" differs from the table's "hour" for aws.tgw.attachment`,
      `"azure.vm.X" is not in the price table; give its unit (hour, month, GB) too`,
      `"cheap" is not a price: give a number (USD) or an object { usd, unit, what }`,
    ]);
    expect(issues.every((i) => i.code === "PRICE_INVALID")).toBe(true);
    expect(applyPriceOverrides(PRICES, [1], "x.json").issues).toHaveLength(1);
  });
});

describe("estimateCost", () => {
  const vpnOnly: CostInventory = {
    items: [
      { priceKey: "aws.vpn.connection", kind: "VPN", resource: "vpn-a" },
      { priceKey: "aws.vpn.connection", kind: "VPN", resource: "vpn-b" },
      { priceKey: "azure.vpnGateway.VpnGw9AZ", kind: "gateway", resource: "vng" },
    ],
    paths: [{ path: CrossCloudPath.Vpn, viaTransitGateway: true }],
    notes: [],
  };

  it("runs hourly prices 730 hours, blends the two directions evenly and lists what it cannot price", () => {
    const c = estimateCost(vpnOnly, PRICES, 2000);
    expect(c.fixed).toEqual([{ kind: "VPN", priceKey: "aws.vpn.connection", quantity: 2, unit: "hour", unitUsd: 0.05, monthlyUsd: 73, resources: ["vpn-a", "vpn-b"] }]);
    expect(c.unpriced).toEqual([{ kind: "gateway", priceKey: "azure.vpnGateway.VpnGw9AZ", quantity: 1, resources: ["vng"] }]);
    // (0.09 + 0.02) / 2 + (0.087 + 0.02) / 2 per GB
    expect(c.paths[0]).toMatchObject({ path: "vpn-internet", active: true, usdPerGb: 0.1085, monthlyUsd: 217 });
    expect(c.totalMonthlyUsd).toBe(290);
    expect(c.prices.map((p) => p.key)).toEqual(["aws.internet.egress", "aws.tgw.processing", "aws.vpn.connection", "azure.internet.egress"]);
    expect(c.notes.join(" ")).toContain("add them with --prices");
  });

  it("puts the traffic on the interconnect when a stack has it and the VPN too", () => {
    const c = estimateCost({ items: [], paths: [{ path: CrossCloudPath.Vpn, viaTransitGateway: false }, { path: CrossCloudPath.Interconnect, viaTransitGateway: false }], notes: [] }, PRICES, 1000);
    expect(c.paths.map((p) => [p.path, p.active, p.monthlyUsd])).toEqual([
      ["er-dx", true, 22.5],
      ["vpn-internet", false, 88.5],
    ]);
    expect(c.trafficMonthlyUsd).toBe(22.5);
  });

  it("adds up: every line is in cents and the totals are the sums of the printed lines", () => {
    const keys = Object.keys(PRICES).filter((k) => PRICES[k as keyof typeof PRICES].unit !== "GB");
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.constantFrom(...keys), quantity: fc.integer({ min: 0, max: 9 }) }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.subarray([CrossCloudPath.Vpn, CrossCloudPath.Interconnect, CrossCloudPath.Overlay]),
        (items, gb, paths) => {
          const c = estimateCost({ items: items.map((i, n) => ({ priceKey: i.key, kind: i.key, resource: `r${n}`, quantity: i.quantity })), paths: paths.map((path) => ({ path, viaTransitGateway: false })), notes: [] }, PRICES, gb);
          const fixed = c.fixed.reduce((s, l) => s + l.monthlyUsd, 0);
          return (
            c.fixed.every((l) => l.monthlyUsd === cents(monthly(PRICES[l.priceKey as keyof typeof PRICES], l.quantity))) &&
            c.fixedMonthlyUsd === cents(fixed) &&
            c.totalMonthlyUsd === cents(c.fixedMonthlyUsd + c.trafficMonthlyUsd) &&
            c.paths.filter((p) => p.active).length === (paths.length > 0 ? 1 : 0)
          );
        },
      ),
    );
    expect(monthly({ usd: 1, unit: "hour" }, 2)).toBe(2 * HOURS_PER_MONTH);
  });
});
