import fc from "fast-check";
import { InterconnectPlan, InterconnectPlanInput, planInterconnect } from "../../sdk/interconnect";
import { checkInterconnectPlan } from "../../sdk/interconnect-plan-check";

const base: InterconnectPlanInput = {
  awsPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  expressRoute: {
    serviceProviderName: "Equinix",
    peeringLocation: "Washington DC",
    bandwidthInMbps: 1000,
    peerAsn: 65010,
    vlanId: 100,
    primaryPeerAddressPrefix: "192.168.100.0/30",
    secondaryPeerAddressPrefix: "192.168.100.4/30",
  },
  directConnect: { dxGatewayAsn: 64513, transitGatewayAsn: 64512, customerAsn: 65010, mode: "create", vlan: 200, peeringCidr: "192.168.200.0/30" },
};
const planned = (input: InterconnectPlanInput = base): InterconnectPlan => {
  const { plan, issues } = planInterconnect(input);
  expect(issues).toEqual([]);
  return structuredClone(plan as InterconnectPlan);
};
const codes = (plan: InterconnectPlan) => checkInterconnectPlan("ic.plan", plan).map((i) => [i.path, i.code, i.message]);

describe("checkInterconnectPlan", () => {
  it("passes every plan planInterconnect makes without issues, as it is and through JSON (law)", () => {
    const slot = fc.integer({ min: 0, max: 63 }).map((n) => `192.168.${100 + (n >> 4)}.${(n & 15) * 16}/30`);
    fc.assert(
      fc.property(
        fc.record({
          provider: fc.constantFrom("Megaport", "Equinix"),
          links: fc.uniqueArray(slot, { minLength: 3, maxLength: 3 }),
          mode: fc.constantFrom("create" as const, "accept" as const),
          confirm: fc.boolean(),
          bgpAuth: fc.option(fc.boolean(), { nil: undefined }),
          provisioned: fc.boolean(),
          zones: fc.subarray(["1", "2", "3"], { minLength: 1 }),
          mtu: fc.constantFrom(1500, 8500),
          tier: fc.constantFrom("Standard", "Premium"),
          split: fc.boolean(),
        }),
        (c) => {
          // Megaport sells no hosted transit VIF, so planInterconnect refuses that combination (next test).
          const mode = c.provider === "Megaport" ? "create" : c.mode;
          const input: InterconnectPlanInput = {
            ...base,
            expressRoute: {
              ...base.expressRoute,
              serviceProviderName: c.provider,
              primaryPeerAddressPrefix: c.links[0] as string,
              secondaryPeerAddressPrefix: c.links[1] as string,
              skuTier: c.tier,
              gatewayPublicIpZones: c.zones,
              providerProvisioned: c.provisioned,
              ...(c.bgpAuth !== undefined ? { bgpAuth: c.bgpAuth } : {}),
            },
            directConnect: {
              ...base.directConnect,
              mode,
              peeringCidr: c.links[2] as string,
              mtu: c.mtu,
              confirmHostedConnection: mode === "create" && c.confirm,
              ...(mode === "accept" ? { vlan: undefined } : {}),
              // More specific allowed prefixes still cover what the VPN advertises.
              ...(c.split ? { allowedPrefixes: ["10.0.0.0/21", "10.0.8.0/21", "10.0.16.0/20"] } : {}),
            },
          };
          const plan = planned(input);
          expect(checkInterconnectPlan("plan", plan)).toEqual([]);
          expect(checkInterconnectPlan("plan", JSON.parse(JSON.stringify(plan)) as InterconnectPlan)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reports a plan that accepts a hosted transit VIF through Megaport, which sells none", () => {
    const plan = planned({ ...base, directConnect: { ...base.directConnect, mode: "accept", vlan: undefined } });
    const megaport: InterconnectPlan = { ...plan, expressRoute: { ...plan.expressRoute, serviceProviderName: "Megaport" } };
    expect(codes(megaport).map(([path, code]) => [path, code])).toEqual([["ic.plan.directConnect.mode", "DX_PROVIDER_OFFER"]]);
    expect(codes(megaport)[0]?.[2]).toContain("Order a Hosted Connection of at least 1 Gbps from Megaport instead");
  });

  it("reports a SKU name that is not the tier and family, and addresses that are not the link's", () => {
    const plan = planned();
    const edited: InterconnectPlan = {
      ...plan,
      expressRoute: { ...plan.expressRoute, skuName: "Premium_MeteredData", primary: { ...plan.expressRoute.primary, cloudAddress: "192.168.100.1" } },
      directConnect: { ...plan.directConnect, amazonAddress: "192.168.200.1/30" },
    };
    expect(codes(edited)).toEqual([
      ["ic.plan.expressRoute.skuName", "SKU_INVALID", `"Premium_MeteredData" is not Standard_MeteredData, the SKU name of the plan's tier and family`],
      ["ic.plan.expressRoute.primary.cloudAddress", "VALUE_REQUIRED", "192.168.100.1 is not 192.168.100.2, the cloud's (second usable) address in 192.168.100.0/30"],
      ["ic.plan.directConnect.amazonAddress", "VALUE_REQUIRED", "192.168.200.1/30 is not 192.168.200.2/30, the link's cloud address"],
    ]);
  });

  it("reports a key for a peering the provider manages, a VLAN on an accepted VIF, and a link on a network", () => {
    const plan = planned();
    const edited: InterconnectPlan = {
      ...plan,
      expressRoute: { ...plan.expressRoute, providerManagedPeering: true, bgpAuth: true },
      directConnect: { ...plan.directConnect, mode: "accept", link: { cidr: "10.0.16.0/30", routerAddress: "10.0.16.1", cloudAddress: "10.0.16.2" }, amazonAddress: "10.0.16.2/30", customerAddress: "10.0.16.1/30" },
    };
    expect(codes(edited)).toEqual([
      ["ic.plan.expressRoute.bgpAuth", "VALUE_REQUIRED", "the provider manages the private peering, so there is no peering of ours to protect with a key; set bgpAuth to false"],
      ["ic.plan.directConnect.vlan", "VALUE_REQUIRED", "the partner chose the VLAN of a hosted VIF; a plan that accepts one gives none"],
      ["ic.plan.directConnect.link.cidr", "CIDR_OVERLAP", "10.0.16.0/30 overlaps 10.0.16.0/20 (ic.plan.awsPrefixes.1)"],
    ]);
  });

  it("applies the rules planInterconnect applies to its input: bandwidth, ASNs, allowed prefixes", () => {
    const plan = planned();
    const edited: InterconnectPlan = {
      ...plan,
      expressRoute: { ...plan.expressRoute, bandwidthInMbps: 300 },
      directConnect: { ...plan.directConnect, dxGatewayAsn: 64512, allowedPrefixes: ["10.0.0.0/16"] },
    };
    expect(codes(edited).map(([path, code]) => [path, code])).toEqual([
      ["ic.plan.expressRoute.bandwidthInMbps", "BANDWIDTH_INVALID"],
      ["ic.plan.directConnect.dxGatewayAsn", "ASN_EQUAL"],
      ["ic.plan.directConnect.allowedPrefixes.0", "VPN_LAYOUT"],
      ["ic.plan.directConnect.allowedPrefixes.1", "VPN_LAYOUT"],
    ]);
  });
});
