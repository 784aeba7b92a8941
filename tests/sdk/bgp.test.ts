import fc from "fast-check";
import { DX_BFD, EXPRESSROUTE_BFD, bfdDetectionMs, checkNoDefaultRoute } from "../../sdk/bgp";

describe("checkNoDefaultRoute", () => {
  it("reports each default route by its position in the advertised list", () => {
    expect(checkNoDefaultRoute("vpn.azurePrefixes", ["10.16.0.0/20", "0.0.0.0/0", "10.17.0.0/20", "::/0"])).toEqual([
      { path: "vpn.azurePrefixes.1", code: "DEFAULT_ROUTE", message: "0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other" },
      { path: "vpn.azurePrefixes.3", code: "DEFAULT_ROUTE", message: "::/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other" },
    ]);
  });

  it("accepts specific prefixes and explicitly allowed defaults", () => {
    expect(checkNoDefaultRoute("p", ["10.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1"])).toEqual([]);
    expect(checkNoDefaultRoute("p", [" 0.0.0.0/0", "::/0"], ["0.0.0.0/0"]).map((i) => i.path)).toEqual(["p.1"]);
  });
});

describe("bfdDetectionMs", () => {
  it("is the clouds' 300 ms × 3 = 900 ms for ExpressRoute and Direct Connect", () => {
    expect([bfdDetectionMs(EXPRESSROUTE_BFD), bfdDetectionMs(DX_BFD)]).toEqual([900, 900]);
  });

  it("is the slower of the two intervals times the multiplier, whichever side is slower", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 60000 }), fc.integer({ min: 10, max: 60000 }), fc.integer({ min: 2, max: 255 }), (tx, rx, m) => {
        const d = bfdDetectionMs({ transmitIntervalMs: tx, receiveIntervalMs: rx, detectMultiplier: m });
        expect(d).toBe(Math.max(tx, rx) * m);
        expect(d).toBe(bfdDetectionMs({ transmitIntervalMs: rx, receiveIntervalMs: tx, detectMultiplier: m }));
      }),
    );
  });
});
