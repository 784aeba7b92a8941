import fc from "fast-check";
import { blockAt, cidr, containsIp, findOverlaps, ipToLong } from "../../sdk/cidr";
import {
  BGP_AUTH_KEY_RANDOM_SPEC,
  DX_MAX_ALLOWED_PREFIXES,
  DX_PROVIDER_OFFERS,
  EXPRESSROUTE_BANDWIDTHS_MBPS,
  InterconnectPlan,
  InterconnectPlanInput,
  interconnectBgpSessions,
  checkAllowedPrefixes,
  checkExpressRouteBandwidth,
  checkExpressRouteGatewaySku,
  checkExpressRoutePeerAsn,
  checkExpressRouteSku,
  checkInterconnectPreferred,
  dxBgpAsnFields,
  dxProviderOffer,
  peeringLink,
  planInterconnect,
  providerManagesPeering,
} from "../../sdk/interconnect";

const base: InterconnectPlanInput = {
  path: "prod",
  awsPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
  azurePrefixes: ["10.16.0.0/20"],
  expressRoute: {
    serviceProviderName: "Megaport",
    peeringLocation: "Washington DC",
    bandwidthInMbps: 1000,
    peerAsn: 133937,
    vlanId: 100,
    primaryPeerAddressPrefix: "192.168.100.0/30",
    secondaryPeerAddressPrefix: "192.168.100.4/30",
  },
  directConnect: { dxGatewayAsn: 64513, transitGatewayAsn: 64512, customerAsn: 133937, mode: "create", vlan: 200, peeringCidr: "192.168.200.0/30" },
};
const withEr = (er: Partial<InterconnectPlanInput["expressRoute"]>): InterconnectPlanInput => ({ ...base, expressRoute: { ...base.expressRoute, ...er } });
const withDx = (dx: Partial<InterconnectPlanInput["directConnect"]>): InterconnectPlanInput => ({ ...base, directConnect: { ...base.directConnect, ...dx } });
const issuesOf = (input: InterconnectPlanInput) => planInterconnect(input).issues.map((i) => [i.path, i.code, i.message]);

describe("planInterconnect", () => {
  it("plans both clouds with the router on the first usable address and the cloud on the second", () => {
    const { plan, issues } = planInterconnect(base);
    expect(issues).toEqual([]);
    expect(plan?.expressRoute.primary).toEqual({ cidr: "192.168.100.0/30", routerAddress: "192.168.100.1", cloudAddress: "192.168.100.2" });
    expect(plan?.expressRoute.secondary).toEqual({ cidr: "192.168.100.4/30", routerAddress: "192.168.100.5", cloudAddress: "192.168.100.6" });
    expect(plan?.directConnect).toMatchObject({
      link: { cidr: "192.168.200.0/30", routerAddress: "192.168.200.1", cloudAddress: "192.168.200.2" },
      amazonAddress: "192.168.200.2/30",
      customerAddress: "192.168.200.1/30",
      mtu: 1500,
      vlan: 200,
      allowedPrefixes: ["10.0.0.0/20", "10.0.16.0/20"],
    });
    expect(plan?.expressRoute).toMatchObject({ skuName: "Standard_MeteredData", gatewaySku: "ErGw1AZ", routingWeight: 0, providerManagedPeering: true });
    expect(interconnectBgpSessions(plan as InterconnectPlan)).toEqual([
      { key: "er-primary", carrier: "expressroute", localAsn: 12076, peerAsn: 133937, localAddress: "192.168.100.2", peerAddress: "192.168.100.1", advertisedPrefixes: ["10.16.0.0/20"], acceptedPrefixes: ["10.0.0.0/20", "10.0.16.0/20"], holdTimeSeconds: 180 },
      { key: "er-secondary", carrier: "expressroute", localAsn: 12076, peerAsn: 133937, localAddress: "192.168.100.6", peerAddress: "192.168.100.5", advertisedPrefixes: ["10.16.0.0/20"], acceptedPrefixes: ["10.0.0.0/20", "10.0.16.0/20"], holdTimeSeconds: 180 },
      { key: "dx", carrier: "dx-transit-vif", localAsn: 64513, peerAsn: 133937, localAddress: "192.168.200.2", peerAddress: "192.168.200.1", advertisedPrefixes: ["10.0.0.0/20", "10.0.16.0/20"], acceptedPrefixes: ["10.16.0.0/20"], holdTimeSeconds: 90 },
    ]);
  });

  it("rejects 21 allowed prefixes with the quota in the message", () => {
    const prefixes = Array.from({ length: 21 }, (_, i) => `10.0.${i}.0/24`);
    expect(issuesOf({ ...base, awsPrefixes: prefixes })).toEqual([
      ["prod.directConnect.allowedPrefixes", "PREFIX_LIMIT", "21 allowed prefixes; a Direct Connect gateway association with a transit gateway accepts at most 20 (AWS quota)"],
    ]);
    expect(issuesOf({ ...base, awsPrefixes: prefixes.slice(0, DX_MAX_ALLOWED_PREFIXES) })).toEqual([]);
  });

  it("rejects a default route among the allowed prefixes", () => {
    expect(issuesOf(withDx({ allowedPrefixes: ["10.0.0.0/20", "0.0.0.0/0", "10.0.16.0/20"] }))).toEqual([
      ["prod.directConnect.allowedPrefixes.1", "DEFAULT_ROUTE", "0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other"],
    ]);
  });

  it("rejects undocumented bandwidths and SKUs with the allowed values", () => {
    expect(issuesOf(withEr({ bandwidthInMbps: 300, skuTier: "Basic", skuFamily: "Metered", gatewaySku: "ErGw1" }))).toEqual([
      ["prod.expressRoute.bandwidthInMbps", "BANDWIDTH_INVALID", "300 Mbps is not an ExpressRoute provider bandwidth; use one of 50, 100, 200, 500, 1000, 2000, 5000 or 10000 Mbps"],
      ["prod.expressRoute.skuTier", "SKU_INVALID", `"Basic" is not an ExpressRoute circuit tier; use Local, Standard or Premium`],
      ["prod.expressRoute.skuFamily", "SKU_INVALID", `"Metered" is not an ExpressRoute circuit family; use MeteredData or UnlimitedData`],
      ["prod.expressRoute.gatewaySku", "SKU_INVALID", `"ErGw1" is not a zone-redundant ExpressRoute gateway SKU; use ErGw1AZ, ErGw2AZ or ErGw3AZ`],
    ]);
    expect(issuesOf(withEr({ skuTier: "Local" }))).toEqual([
      ["prod.expressRoute.skuFamily", "SKU_INVALID", "an ExpressRoute Local circuit must use the UnlimitedData family, not MeteredData"],
    ]);
    expect(planInterconnect(withEr({ skuTier: "Local", skuFamily: "UnlimitedData" })).plan?.expressRoute.skuName).toBe("Local_UnlimitedData");
  });

  it("checks the three ASNs: DX gateway private and unlike the TGW, routers not reserved", () => {
    expect(issuesOf(withDx({ dxGatewayAsn: 64512, customerAsn: 7224 }))).toEqual([
      ["prod.directConnect.dxGatewayAsn", "ASN_EQUAL", "64512 equals prod.directConnect.transitGatewayAsn (the transit gateway's ASN); the two sides of an eBGP session must use different ASNs"],
      ["prod.directConnect.customerAsn", "ASN_RESERVED", "7224 is Amazon's own ASN and cannot be the customer side of a Direct Connect VIF"],
    ]);
    expect(issuesOf(withDx({ dxGatewayAsn: 7224, customerAsn: 7224 }))).toEqual([
      ["prod.directConnect.dxGatewayAsn", "ASN_NOT_PRIVATE", "7224 is not accepted as an amazon-side ASN; use a private ASN: 64512–65534 or 4200000000–4294967294"],
      ["prod.directConnect.customerAsn", "ASN_RESERVED", "7224 is Amazon's own ASN and cannot be the customer side of a Direct Connect VIF"],
      ["prod.directConnect.customerAsn", "ASN_EQUAL", "7224 equals prod.directConnect.dxGatewayAsn; the two sides of an eBGP session must use different ASNs"],
    ]);
    expect(issuesOf(withEr({ peerAsn: 12076 }))).toEqual([
      ["prod.expressRoute.peerAsn", "ASN_RESERVED", "12076 is reserved by Azure (Microsoft's ExpressRoute ASN); Azure will not peer with it"],
    ]);
  });

  it("checks the peering /30s: size, overlap with each other and with either cloud", () => {
    expect(
      issuesOf({
        ...withEr({ primaryPeerAddressPrefix: "192.168.100.0/29", secondaryPeerAddressPrefix: "10.16.0.4/30" }),
        directConnect: { ...base.directConnect, peeringCidr: "10.16.0.4/30" },
      }),
    ).toEqual([
      ["prod.expressRoute.primaryPeerAddressPrefix", "CIDR_WRONG_SIZE", "192.168.100.0/29 must be a /30 (one BGP peering link: the router takes the first usable address, the cloud the second)"],
      // Overlaps come in address order, equal blocks ordered by path.
      ["prod.directConnect.peeringCidr", "CIDR_OVERLAP", "10.16.0.4/30 overlaps 10.16.0.0/20 (prod.azurePrefixes.0)"],
      ["prod.expressRoute.secondaryPeerAddressPrefix", "CIDR_OVERLAP", "10.16.0.4/30 overlaps 10.16.0.0/20 (prod.azurePrefixes.0)"],
      ["prod.expressRoute.secondaryPeerAddressPrefix", "CIDR_OVERLAP", "10.16.0.4/30 overlaps 10.16.0.4/30 (prod.directConnect.peeringCidr)"],
    ]);
  });

  it("requires a VLAN to create a transit VIF but not to accept a hosted one, and a transit VIF MTU", () => {
    expect(issuesOf(withDx({ vlan: undefined, mtu: 9001 }))).toEqual([
      ["prod.directConnect.vlan", "VALUE_REQUIRED", "a VLAN id is required to create a transit VIF"],
      ["prod.directConnect.mtu", "VALUE_REQUIRED", "9001 is not a transit VIF MTU; use 1500 or 8500"],
    ]);
    // A provider that sells hosted transit VIFs (not Megaport: see the next test).
    const accepted = planInterconnect({ ...withDx({ mode: "accept", vlan: undefined }), expressRoute: { ...base.expressRoute, serviceProviderName: "Equinix" } });
    expect(accepted.issues).toEqual([]);
    expect(accepted.plan?.directConnect.vlan).toBeUndefined();
    expect(issuesOf(withEr({ vlanId: 4095 }))).toEqual([["prod.expressRoute.vlanId", "VALUE_REQUIRED", "4095 is not a VLAN id; use an integer from 1 to 4094"]]);
  });

  it("refuses a hosted transit VIF through Megaport, which sells none, and names the Hosted Connection fields instead", () => {
    const megaport = withDx({ mode: "accept", vlan: undefined });
    expect(planInterconnect(megaport).issues).toEqual([
      {
        path: "prod.directConnect.mode",
        code: "DX_PROVIDER_OFFER",
        message:
          `Megaport does not create hosted transit VIFs: its Hosted VIF product is a private or public VIF only, and a Hosted VIF cannot connect to a transit VIF (${DX_PROVIDER_OFFERS["megaport"]?.source}). ` +
          "Order a Hosted Connection of at least 1 Gbps from Megaport instead, then give its id as a connection id, set prod.directConnect.confirmHostedConnection: true (crosscloud accepts the connection) " +
          "and prod.directConnect.vlan: the VLAN Megaport allocated to it; crosscloud creates the transit VIF on it",
      },
    ]);
    // Reported at the field the input came from, with that source's field names; any spelling of the provider.
    const fields = { hostedPath: "ic.hosted", connection: "ic.conn", confirm: "ic.confirm", vlan: "ic.vlan" };
    const issues = planInterconnect({ ...megaport, expressRoute: { ...base.expressRoute, serviceProviderName: " MEGAPORT " }, transitVifFields: fields }).issues;
    expect(issues.map((i) => i.path)).toEqual(["ic.hosted"]);
    expect(issues[0]?.message).toContain("give its id as ic.conn, set ic.confirm: true (crosscloud accepts the connection) and ic.vlan: the VLAN");
    // What Megaport sells: a confirmed Hosted Connection with our own transit VIF on it.
    expect(planInterconnect(withDx({ mode: "create", confirmHostedConnection: true, vlan: 200 })).issues).toEqual([]);
    expect(dxProviderOffer("Megaport")).toEqual({ hostedTransitVif: false, minHostedConnectionMbpsForTransit: 1000, source: expect.stringContaining("docs.megaport.com") });
    expect(dxProviderOffer("Equinix")).toBeUndefined();
  });

  it("refuses allowed prefixes that would make Azure prefer the VPN", () => {
    expect(issuesOf(withDx({ allowedPrefixes: ["10.0.0.0/16"] }))).toEqual([
      [
        "prod.directConnect.allowedPrefixes.0",
        "VPN_LAYOUT",
        "10.0.0.0/20 is advertised over the backup VPN but not covered by allowed prefixes of the same or a longer length, so Azure would prefer the VPN for it; list 10.0.0.0/20 (or more-specific blocks covering it) in allowedPrefixes",
      ],
      [
        "prod.directConnect.allowedPrefixes.1",
        "VPN_LAYOUT",
        "10.0.16.0/20 is advertised over the backup VPN but not covered by allowed prefixes of the same or a longer length, so Azure would prefer the VPN for it; list 10.0.16.0/20 (or more-specific blocks covering it) in allowedPrefixes",
      ],
    ]);
    // More-specific blocks that tile each advertised prefix keep ExpressRoute/DX preferred.
    expect(issuesOf(withDx({ allowedPrefixes: ["10.0.0.0/21", "10.0.8.0/21", "10.0.16.0/20"] }))).toEqual([]);
  });

  it("defaults providerManagedPeering from the provider name, exactly as Azure spells it", () => {
    expect([providerManagesPeering("Megaport"), providerManagesPeering("megaport"), providerManagesPeering("Equinix")]).toEqual([true, false, false]);
    expect(planInterconnect(withEr({ serviceProviderName: "Equinix" })).plan?.expressRoute.providerManagedPeering).toBe(false);
    expect(planInterconnect(withEr({ providerManagedPeering: false })).plan?.expressRoute.providerManagedPeering).toBe(false);
  });
});

describe("single rules", () => {
  it("accepts exactly the documented bandwidths", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), (mbps) => {
        expect(checkExpressRouteBandwidth("b", mbps).length === 0).toBe(EXPRESSROUTE_BANDWIDTHS_MBPS.includes(mbps));
      }),
    );
    expect(EXPRESSROUTE_BANDWIDTHS_MBPS).toEqual([50, 100, 200, 500, 1000, 2000, 5000, 10000]);
  });

  it("knows ExpressRoute's reserved ASNs beyond the VPN gateway's", () => {
    expect(checkExpressRoutePeerAsn("a", 65516).map((i) => [i.code, i.message])).toEqual([["ASN_RESERVED", "65516 is reserved by ExpressRoute for internal use (65515–65520)"]]);
    expect(checkExpressRoutePeerAsn("a", 65514)).toEqual([]);
    expect(checkExpressRoutePeerAsn("a", 4200000001)).toEqual([]);
  });

  it("takes every tier/family pairing but Local with metered data", () => {
    const bad = (["Local", "Standard", "Premium"] as const).flatMap((tier) =>
      (["MeteredData", "UnlimitedData"] as const).filter((family) => checkExpressRouteSku("s", { tier, family }).length > 0).map((family) => `${tier}_${family}`),
    );
    expect(bad).toEqual(["Local_MeteredData"]);
    expect(checkExpressRouteGatewaySku("g", "ErGw3AZ")).toEqual([]);
  });

  it("splits DX customer ASNs between bgpAsn and bgpAsnLong at 2^31 - 1", () => {
    expect([dxBgpAsnFields(133937), dxBgpAsnFields(2147483647), dxBgpAsnFields(2147483648)]).toEqual([
      { bgpAsn: 133937 },
      { bgpAsn: 2147483647 },
      { bgpAsnLong: "2147483648" },
    ]);
  });

  it("puts both peers inside the /30, router first and cloud second, for any /30", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 - 1 }), (n) => {
        const block = blockAt(n * 4, 30);
        const link = peeringLink(block);
        expect(ipToLong(link.routerAddress)).toBe(block.first + 1);
        expect(ipToLong(link.cloudAddress)).toBe(block.first + 2);
        expect(containsIp(block, link.routerAddress) && containsIp(block, link.cloudAddress)).toBe(true);
      }),
    );
  });

  it("counts allowed prefixes against the quota and reports each bad one by position", () => {
    expect(checkAllowedPrefixes("p", ["10.0.0.0/8", "::/0", "10.0.0.1/24"]).map((i) => [i.path, i.code])).toEqual([
      ["p.1", "DEFAULT_ROUTE"],
      ["p.2", "CIDR_HOST_BITS"],
    ]);
  });

  it("is satisfied when the allowed prefixes are exactly the VPN's, and not when any one is summarised", () => {
    const arbPrefix = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 17, max: 28 }))
      .map(([b, len]) => blockAt(Math.floor(ipToLong(`10.${b}.0.0`) / 2 ** (32 - len)) * 2 ** (32 - len), len));
    // Pairwise-disjoint prefixes, as spoke CIDRs are: no other prefix can stand in for a summarised one.
    const arbDisjoint = fc.uniqueArray(arbPrefix, { minLength: 1, maxLength: 10, selector: (c) => c.text }).map((blocks) => {
      const overlapping = new Set(findOverlaps(blocks.map((c) => ({ label: c.text, cidr: c }))).flatMap((p) => [p.a.label, p.b.label]));
      const kept = blocks.filter((c) => !overlapping.has(c.text));
      return (kept.length > 0 ? kept : blocks.slice(0, 1)).map((c) => c.text);
    });
    fc.assert(
      fc.property(arbDisjoint, fc.nat(), (prefixes, pick) => {
        expect(checkInterconnectPreferred("p", { vpnAdvertised: prefixes, allowedPrefixes: prefixes })).toEqual([]);
        const index = pick % prefixes.length;
        const victim = cidr(prefixes[index] as string);
        const summary = blockAt(Math.floor(victim.first / (victim.size * 2)) * victim.size * 2, victim.prefixLength - 1).text;
        const allowed = prefixes.map((p, i) => (i === index ? summary : p));
        expect(checkInterconnectPreferred("p", { vpnAdvertised: prefixes, allowedPrefixes: allowed }).map((i) => i.path)).toEqual([`p.${index}`]);
      }),
    );
  });

  it("generates BGP keys of letters and digits only, long enough for DX (6–80)", () => {
    expect(BGP_AUTH_KEY_RANDOM_SPEC).toMatchObject({ length: 24, special: false });
  });
});
