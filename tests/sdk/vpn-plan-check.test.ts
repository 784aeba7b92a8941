import fc from "fast-check";
import { IPSEC_PROFILES } from "../../sdk/ipsec";
import { TunnelPlan, VpnPlan, VpnPlanInput, planVpn } from "../../sdk/vpn";
import { checkVpnPlan } from "../../sdk/vpn-plan-check";

const codes = (issues: readonly { path: string; code: string; message: string }[]) => issues.map((i) => [i.path, i.code, i.message]);
const dev = (): VpnPlan => structuredClone(planVpn({ layout: "dev", awsRegion: "us-east-1", awsPrefixes: ["10.0.0.0/20"], azurePrefixes: ["10.16.0.0/20"] }).plan);
/** Edits tunnel `key` wherever the plan lists it (its connection and the flat list), as a consistent plan would. */
const editTunnel = (plan: VpnPlan, key: string, edit: (t: TunnelPlan) => TunnelPlan): VpnPlan => ({
  ...plan,
  connections: plan.connections.map((c) => ({ ...c, tunnels: c.tunnels.map((t) => (t.key === key ? edit(t) : t)) })),
  tunnels: plan.tunnels.map((t) => (t.key === key ? edit(t) : t)),
});
/** Deep copy with every object's keys in reverse order: a plan written by hand, or decoded from another language. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
  return value;
}

const arbKey = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const arbLayout: fc.Arbitrary<Pick<VpnPlanInput, "layout" | "tunnelCount" | "connections">> = fc.oneof(
  fc.record({ layout: fc.constantFrom("dev" as const, "ha" as const) }),
  fc.record({ layout: fc.constant("custom" as const), tunnelCount: fc.integer({ min: 1, max: 8 }).map((n) => n * 2) }),
  fc.record({ layout: fc.constant("custom" as const), connections: fc.dictionary(arbKey, fc.record({ azureInstance: fc.constantFrom(0 as const, 1 as const) }), { minKeys: 1, maxKeys: 6 }) }),
);
const arbInput: fc.Arbitrary<VpnPlanInput> = fc
  .record({
    layout: arbLayout,
    awsAsn: fc.constantFrom(64512, 64600, 4200000001),
    azureAsn: fc.constantFrom(65515, 65010, 4200000100),
    gatewaySku: fc.option(fc.constantFrom("VpnGw1AZ", "VpnGw2AZ", "VpnGw4AZ"), { nil: undefined }),
    ipsecProfile: fc.constantFrom(...(Object.keys(IPSEC_PROFILES) as (keyof typeof IPSEC_PROFILES)[])),
    routeServer: fc.boolean(),
    awsPrefixes: fc.uniqueArray(fc.integer({ min: 0, max: 15 }).map((n) => `10.0.${n * 16}.0/20`), { minLength: 1, maxLength: 4 }),
    azurePrefixes: fc.uniqueArray(fc.integer({ min: 0, max: 15 }).map((n) => `10.16.${n * 16}.0/20`), { minLength: 1, maxLength: 4 }),
  })
  .map(({ layout, gatewaySku, ...rest }) => ({ ...rest, ...layout, ...(gatewaySku ? { gatewaySku } : {}), awsRegion: "us-east-1" }));

describe("checkVpnPlan", () => {
  it("passes every plan planVpn makes without issues, as it is, through JSON, and with its fields in any order (law)", () => {
    let checked = 0;
    fc.assert(
      fc.property(arbInput, (input) => {
        const { plan, issues } = planVpn(input);
        fc.pre(issues.length === 0);
        checked++;
        expect(checkVpnPlan("plan", plan)).toEqual([]);
        expect(checkVpnPlan("plan", JSON.parse(JSON.stringify(plan)) as VpnPlan)).toEqual([]);
        expect(checkVpnPlan("plan", reverseKeys(plan))).toEqual([]);
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(50);
  });

  it("reports an Azure address that is not the second of its /30, at the tunnel", () => {
    const plan = editTunnel(dev(), "a-t1", (t) => ({ ...t, azureInsideAddress: "169.254.21.1" }));
    expect(codes(checkVpnPlan("link.plan", plan))).toEqual([
      ["link.plan.connections.a.t1.azureInsideAddress", "VPN_LAYOUT", "169.254.21.1 is not 169.254.21.2, Azure's address (the second usable) in 169.254.21.0/30"],
    ]);
  });

  it("reports a /30 two tunnels share", () => {
    const t1 = dev().tunnels[0] as TunnelPlan;
    const plan = editTunnel(dev(), "a-t2", (t) => ({ ...t, insideCidr: t1.insideCidr, awsInsideAddress: t1.awsInsideAddress, azureInsideAddress: t1.azureInsideAddress, gatewayCustomBgpIpAddresses: t1.gatewayCustomBgpIpAddresses }));
    expect(codes(checkVpnPlan("plan", plan))).toEqual([
      ["plan.connections.a.t2.insideCidr", "APIPA_DUPLICATE", "169.254.21.0/30 is already used by plan.connections.a.t1.insideCidr; every tunnel needs its own /30"],
    ]);
  });

  it("reports an instance without a custom APIPA, and the connections that list one for it", () => {
    const plan = { ...dev(), customBgpIpAddresses: [["169.254.21.2", "169.254.22.2"], []] };
    expect(codes(checkVpnPlan("plan", plan))).toEqual([
      ["plan.customBgpIpAddresses.1", "VPN_LAYOUT", "instance 1 has no custom APIPA; every connection lists one per instance, so each instance needs at least one"],
      ["plan.connections.a.t1.gatewayCustomBgpIpAddresses", "VPN_LAYOUT", "169.254.21.6 is not one of instance 1's customBgpIpAddresses"],
      ["plan.connections.a.t2.gatewayCustomBgpIpAddresses", "VPN_LAYOUT", "169.254.21.6 is not one of instance 1's customBgpIpAddresses"],
    ]);
  });

  it("reports a tunnel address the gateway does not carry, a generation that is not the SKU's, and a hold time neither cloud uses", () => {
    const plan = { ...dev(), customBgpIpAddresses: [["169.254.22.2"], ["169.254.21.6"]], gatewayGeneration: "Generation2" as const, holdTimeSeconds: 90 };
    expect(codes(checkVpnPlan("plan", plan))).toEqual([
      ["plan.gatewayGeneration", "SKU_INVALID", "Generation2 is not VpnGw1AZ's generation (Generation1)"],
      ["plan.connections.a.t1.azureInsideAddress", "VPN_LAYOUT", "169.254.21.2 is not among instance 0's customBgpIpAddresses; the gateway must carry it for the tunnel's BGP session"],
      ["plan.holdTimeSeconds", "VALUE_REQUIRED", "90 is not a VPN tunnel's hold time: AWS fixes 30 s and Azure 180 s, so every session negotiates 30 s"],
    ]);
  });

  it("reports a connection with one tunnel, a flat tunnel list that disagrees, and the rules planVpn applies to intent", () => {
    const base = dev();
    const plan: VpnPlan = {
      ...base,
      layout: "prod" as never,
      azureAsn: 64512,
      ipsecProfile: "aes128" as never,
      awsPrefixes: ["0.0.0.0/0"],
      connections: base.connections.map((c) => ({ ...c, tunnels: c.tunnels.slice(0, 1) })),
    };
    expect(codes(checkVpnPlan("plan", plan)).map(([path, code]) => [path, code])).toEqual([
      ["plan.layout", "VPN_LAYOUT"],
      ["plan.azureAsn", "ASN_EQUAL"],
      ["plan.ipsecProfile", "IPSEC_UNSUPPORTED"],
      ["plan.connections.a.tunnels", "VPN_LAYOUT"],
      ["plan.tunnels", "VPN_LAYOUT"],
      ["plan.awsPrefixes.0", "DEFAULT_ROUTE"],
    ]);
  });

  it("reports an active-standby gateway asked to carry several custom APIPAs", () => {
    const plan = { ...dev(), activeActive: false };
    expect(codes(checkVpnPlan("plan", plan)).map(([path, code]) => [path, code])).toEqual([
      ["plan.instances", "VPN_LAYOUT"],
      ["plan.activeActive", "VPN_LAYOUT"],
    ]);
  });
});
