import fc from "fast-check";
import { blockAt } from "../../sdk/cidr";
import { HubPlanInput, HubSpokeInput, cidrSlug, interconnectNames, planHub } from "../../sdk/hub";

const spoke = (cidr: string): HubSpokeInput => ({ cidr, subnetAzs: ["us-east-1a"], routeTableKeys: ["private"] });
/** Spoke i gets the i-th /24 of 10.0.0.0/8. */
const manySpokes = (count: number): Record<string, HubSpokeInput> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, spoke(blockAt(0x0a000000 + i * 256, 24).text)]));

describe("planHub", () => {
  it("plans thousands of spokes: a fixed set of names per spoke, each depending only on that spoke", () => {
    const input: HubPlanInput = { spokes: manySpokes(5000), remotePrefixes: ["172.16.0.0/16", "172.17.0.0/16"], vpnAttachmentKeys: ["a", "b"], directConnect: true };
    const { plan, issues } = planHub("hub", input);
    expect(issues).toEqual([]);
    expect(plan?.spokes).toHaveLength(5000);
    expect(plan?.spokes.every((s) => s.routes.length === 2)).toBe(true);
    // Adding spokes leaves every existing spoke's plan as it was.
    const fewer = planHub("hub", { ...input, spokes: manySpokes(4000) }).plan;
    expect(plan?.spokes.filter((s) => fewer?.spokes.some((f) => f.key === s.key))).toEqual(fewer?.spokes);
    expect(plan?.interconnects.map((c) => [c.association, c.propagation])).toEqual([
      ["hub-a-vpn-assoc", "hub-a-vpn-prop"],
      ["hub-b-vpn-assoc", "hub-b-vpn-prop"],
      ["hub-dx-assoc", "hub-dx-prop"],
    ]);
  });

  it("reports the default route, a bad CIDR, a bad key and a spoke without subnets or route tables together", () => {
    const { plan, issues } = planHub("hub", {
      amazonSideAsn: 7224,
      spokes: { App: { cidr: "10.0.0.1/24", subnetAzs: [], routeTableKeys: [] } },
      remotePrefixes: ["0.0.0.0/0", "10.16.0.0/33"],
      vpnAttachmentKeys: ["A"],
    });
    expect(plan).toBeUndefined();
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["hub.amazonSideAsn", "ASN_NOT_PRIVATE"],
      ["hub.remotePrefixes.0", "DEFAULT_ROUTE"],
      ["hub.remotePrefixes.1", "CIDR_SYNTAX"],
      ["hub.spokes.App", "KEY_INVALID"],
      ["hub.spokes.App.cidr", "CIDR_HOST_BITS"],
      ["hub.spokes.App.subnetIds", "VALUE_REQUIRED"],
      ["hub.spokes.App.routeTableIds", "VALUE_REQUIRED"],
      ["hub.vpnAttachmentIds.A", "KEY_INVALID"],
    ]);
  });

  it("names interconnect attachments so that no VPN key can produce the DX names or another kind's", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/), (key) => {
        const vpn = interconnectNames("hub", "vpn", key);
        const dx = interconnectNames("hub", "dx", undefined);
        expect([vpn.association, vpn.propagation]).not.toContain(dx.association);
        expect([vpn.association, vpn.propagation]).not.toContain(dx.propagation);
        // Spoke names end in -spoke-assoc / -spoke-prop / -mesh-prop; VPN names never do.
        expect(/-(spoke-assoc|spoke-prop|mesh-prop)$/.test(vpn.association) || /-(spoke-assoc|spoke-prop|mesh-prop)$/.test(vpn.propagation)).toBe(false);
      }),
    );
  });
});

describe("cidrSlug", () => {
  it("is lossless: distinct CIDRs never share a slug (1.11.0.0/24 vs 11.1.0.0/24)", () => {
    expect([cidrSlug("1.11.0.0/24"), cidrSlug("11.1.0.0/24")]).toEqual(["1-11-0-0-24", "11-1-0-0-24"]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (n, len) => {
        const block = blockAt(Math.floor(n / 2 ** (32 - len)) * 2 ** (32 - len), len);
        const [a, b, c, d, l] = cidrSlug(block.text).split("-");
        expect(`${a}.${b}.${c}.${d}/${l}`).toBe(block.text);
      }),
    );
  });
});
