import { validateNetwork } from "../../sdk/plan";
import { IPSEC_PROFILES, ipsecProfile } from "../../sdk/ipsec";
import { TunnelPlan, VpnLayout, VpnPlanInput, checkVpnPrefixCounts, planVpn } from "../../sdk/vpn";

const base = (over: Partial<VpnPlanInput> = {}): VpnPlanInput => ({
  layout: "dev",
  awsRegion: "us-east-1",
  azurePrefixes: ["10.16.0.0/20"],
  awsPrefixes: ["10.0.0.0/20"],
  ...over,
});
const codes = (issues: readonly { path: string; code: string }[]): [string, string][] => issues.map((i) => [i.path, i.code]);
/** A tunnel row: key, inside CIDR, AWS address, Azure address, owning instance, gatewayCustomBgpIpAddresses. */
const row = (t: TunnelPlan): [string, string, string, string, number, string[]] => [
  t.key,
  t.insideCidr,
  t.awsInsideAddress,
  t.azureInsideAddress,
  t.azureInstance,
  t.gatewayCustomBgpIpAddresses.map((g) => `${g.instance}:${g.address}`),
];
const SKUS = "VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ";

describe("dev layout", () => {
  const { plan, issues } = planVpn(base());

  it("is valid", () => expect(issues).toEqual([]));

  it("has one connection whose two tunnels both land on instance 0", () => {
    expect(plan.connections.map((c) => [c.key, c.azureInstance, c.tunnels.map((t) => t.key)])).toEqual([["a", 0, ["a-t1", "a-t2"]]]);
    expect(plan.tunnels.map(row)).toEqual([
      ["a-t1", "169.254.21.0/30", "169.254.21.1", "169.254.21.2", 0, ["0:169.254.21.2", "1:169.254.21.6"]],
      ["a-t2", "169.254.22.0/30", "169.254.22.1", "169.254.22.2", 0, ["0:169.254.22.2", "1:169.254.21.6"]],
    ]);
  });

  it("is active-active on VpnGw1AZ Generation1 with a standby APIPA on the idle instance 1", () => {
    expect([plan.activeActive, plan.instances, plan.gatewaySku, plan.gatewayGeneration]).toEqual([true, 2, "VpnGw1AZ", "Generation1"]);
    expect(plan.customBgpIpAddresses).toEqual([["169.254.21.2", "169.254.22.2"], ["169.254.21.6"]]);
  });

  it("uses the default ASNs, profile and the lower BGP hold time, and passes the prefixes through", () => {
    expect([plan.layout, plan.awsAsn, plan.azureAsn, plan.holdTimeSeconds]).toEqual(["dev", 64512, 65515, 30]);
    expect(ipsecProfile(plan.ipsecProfile)).toBe(IPSEC_PROFILES["aes256-sha256-modp2048"]);
    expect([plan.awsPrefixes, plan.azurePrefixes]).toEqual([["10.0.0.0/20"], ["10.16.0.0/20"]]);
  });
});

describe("ha layout", () => {
  const { plan, issues } = planVpn(base({ layout: "ha" }));

  it("plans two connections and four tunnels exactly as the reference table, on VpnGw2AZ Generation2", () => {
    expect(issues).toEqual([]);
    expect([plan.gatewaySku, plan.gatewayGeneration, plan.activeActive, plan.instances]).toEqual(["VpnGw2AZ", "Generation2", true, 2]);
    expect(plan.connections.map((c) => [c.key, c.azureInstance])).toEqual([["a", 0], ["b", 1]]);
    expect(plan.customBgpIpAddresses).toEqual([["169.254.21.2", "169.254.22.2"], ["169.254.21.6", "169.254.22.6"]]);
    // The owning instance gets the tunnel's APIPA; the other instance gets its first custom APIPA.
    expect(plan.tunnels.map(row)).toEqual([
      ["a-t1", "169.254.21.0/30", "169.254.21.1", "169.254.21.2", 0, ["0:169.254.21.2", "1:169.254.21.6"]],
      ["a-t2", "169.254.22.0/30", "169.254.22.1", "169.254.22.2", 0, ["0:169.254.22.2", "1:169.254.21.6"]],
      ["b-t1", "169.254.21.4/30", "169.254.21.5", "169.254.21.6", 1, ["0:169.254.21.2", "1:169.254.21.6"]],
      ["b-t2", "169.254.22.4/30", "169.254.22.5", "169.254.22.6", 1, ["0:169.254.21.2", "1:169.254.22.6"]],
    ]);
  });

  it("growing dev into ha keeps a-t1/a-t2, with or without the lock", () => {
    const dev = planVpn(base()).plan;
    const lock = { a: { t1: dev.tunnels[0]?.insideCidr as string, t2: dev.tunnels[1]?.insideCidr as string } };
    for (const grown of [planVpn(base({ layout: "ha", insideCidrLock: lock })), planVpn(base({ layout: "ha" }))]) {
      expect(grown.issues).toEqual([]);
      const addressing = (t: TunnelPlan): string[] => [t.key, t.insideCidr, t.awsInsideAddress, t.azureInsideAddress, String(t.azureInstance)];
      expect(grown.plan.tunnels.slice(0, 2).map(addressing)).toEqual(dev.tunnels.map(addressing));
      // Instance 1's first custom APIPA stays 169.254.21.6: dev's standby address becomes b-t1's.
      expect(grown.plan.customBgpIpAddresses[1]?.[0]).toBe(dev.customBgpIpAddresses[1]?.[0]);
    }
  });

  it("honours an explicit SKU and its generation", () => {
    expect([planVpn(base({ layout: "ha", gatewaySku: "VpnGw1AZ" })).plan.gatewayGeneration, planVpn(base({ gatewaySku: "VpnGw3AZ" })).plan.gatewayGeneration]).toEqual(["Generation1", "Generation2"]);
  });
});

describe("custom layout", () => {
  it("tunnelCount 6 gives connections a, b, c alternating instances", () => {
    const { plan, issues } = planVpn(base({ layout: "custom", tunnelCount: 6 }));
    expect(issues).toEqual([]);
    expect(plan.connections.map((c) => [c.key, c.azureInstance])).toEqual([["a", 0], ["b", 1], ["c", 0]]);
    expect(plan.customBgpIpAddresses).toEqual([["169.254.21.2", "169.254.21.10", "169.254.22.2", "169.254.22.10"], ["169.254.21.6", "169.254.22.6"]]);
    expect(plan.tunnels.filter((t) => t.connection === "c").map(row)).toEqual([
      ["c-t1", "169.254.21.8/30", "169.254.21.9", "169.254.21.10", 0, ["0:169.254.21.10", "1:169.254.21.6"]],
      ["c-t2", "169.254.22.8/30", "169.254.22.9", "169.254.22.10", 0, ["0:169.254.22.10", "1:169.254.21.6"]],
    ]);
  });

  it("a connections map may put everything on instance 1; instance 0 then gets a standby APIPA after the real slots", () => {
    const { plan, issues } = planVpn(base({ layout: "custom", connections: { west: { azureInstance: 1 }, east: { azureInstance: 1 } } }));
    expect(issues).toEqual([]);
    expect(plan.customBgpIpAddresses).toEqual([["169.254.21.10"], ["169.254.21.2", "169.254.21.6", "169.254.22.2", "169.254.22.6"]]);
    expect(plan.tunnels.map(row)).toEqual([
      ["east-t1", "169.254.21.0/30", "169.254.21.1", "169.254.21.2", 1, ["0:169.254.21.10", "1:169.254.21.2"]],
      ["east-t2", "169.254.22.0/30", "169.254.22.1", "169.254.22.2", 1, ["0:169.254.21.10", "1:169.254.22.2"]],
      ["west-t1", "169.254.21.4/30", "169.254.21.5", "169.254.21.6", 1, ["0:169.254.21.10", "1:169.254.21.6"]],
      ["west-t2", "169.254.22.4/30", "169.254.22.5", "169.254.22.6", 1, ["0:169.254.21.10", "1:169.254.22.6"]],
    ]);
  });

  it("a connection named like the internal standby slot does not share its address", () => {
    const { plan, issues } = planVpn(base({ layout: "custom", connections: { "standby-1": { azureInstance: 0 } } }));
    expect(issues).toEqual([]);
    expect(plan.customBgpIpAddresses).toEqual([["169.254.21.2", "169.254.22.2"], ["169.254.21.6"]]);
    const all = plan.customBgpIpAddresses.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it("keeps pinned inside CIDRs per connection", () => {
    const { plan, issues } = planVpn(base({ layout: "custom", connections: { a: { azureInstance: 0, insideCidrs: { t1: "169.254.21.200/30", t2: "169.254.22.200/30" } }, b: { azureInstance: 1 } } }));
    expect(issues).toEqual([]);
    expect(plan.tunnels.map((t) => [t.key, t.insideCidr])).toEqual([["a-t1", "169.254.21.200/30"], ["a-t2", "169.254.22.200/30"], ["b-t1", "169.254.21.0/30"], ["b-t2", "169.254.22.0/30"]]);
  });

  it.each([3, 0, 54, 2.5])("rejects tunnelCount %p", (n) => {
    expect(planVpn(base({ layout: "custom", tunnelCount: n })).issues).toEqual([
      { path: "vpn.tunnelCount", code: "VPN_LAYOUT", message: `${n} is not a valid tunnel count; every AWS VPN connection has 2 tunnels, so use an even number from 2 to 52` },
    ]);
  });

  it("needs connections or tunnelCount, valid instances and valid keys", () => {
    expect(planVpn(base({ layout: "custom" })).issues).toEqual([{ path: "vpn.connections", code: "VPN_LAYOUT", message: `the "custom" layout needs connections or tunnelCount` }]);
    const bad = planVpn(base({ layout: "custom", connections: { x: { azureInstance: 2 as 0 }, Bad_Key: { azureInstance: 0 } } }));
    expect(bad.issues).toEqual([
      { path: "vpn.connections.x.azureInstance", code: "VPN_LAYOUT", message: "2 is not an Azure gateway instance; use 0 or 1" },
      {
        path: "vpn.connections.Bad_Key",
        code: "KEY_INVALID",
        message: `key "Bad_Key" must match ^[a-z][a-z0-9-]{0,30}$ (lower-case letter first, then letters, digits or '-', at most 31 characters) because it becomes part of resource names`,
      },
    ]);
    expect(bad.plan.tunnels.map((t) => t.key)).toEqual(["Bad_Key-t1", "Bad_Key-t2"]);
  });

  it("counts tunnels against the SKU's site-to-site limit", () => {
    expect(planVpn(base({ layout: "custom", tunnelCount: 32, gatewaySku: "VpnGw3AZ" })).issues).toEqual([
      { path: "vpn.connections", code: "VPN_LAYOUT", message: "32 tunnels exceed the 30 site-to-site tunnels of VpnGw3AZ" },
    ]);
    expect(planVpn(base({ layout: "custom", tunnelCount: 30, gatewaySku: "VpnGw3AZ" })).issues).toEqual([]);
    expect(planVpn(base({ layout: "custom", tunnelCount: 52, gatewaySku: "VpnGw4AZ" })).issues).toEqual([]);
  });
});

describe("invalid input", () => {
  it("rejects an unknown layout", () => {
    const r = planVpn(base({ layout: "mesh" as VpnLayout }));
    expect(r.issues).toEqual([{ path: "vpn.layout", code: "VPN_LAYOUT", message: `"mesh" is not a VPN layout; use "dev", "ha" or "custom"` }]);
    expect(r.plan.tunnels).toEqual([]);
  });

  it("rejects connection keys the dev and ha layouts do not have", () => {
    expect(planVpn(base({ connections: { b: { azureInstance: 1 } } })).issues).toEqual([
      { path: "vpn.connections.b", code: "VPN_LAYOUT", message: `the "dev" layout has connections "a"; "b" is not one of them (use layout "custom")` },
    ]);
    expect(planVpn(base({ layout: "ha", connections: { c: { azureInstance: 0 } } })).issues).toEqual([
      { path: "vpn.connections.c", code: "VPN_LAYOUT", message: `the "ha" layout has connections "a", "b"; "c" is not one of them (use layout "custom")` },
    ]);
  });

  it.each([
    ["Basic", "Basic has no BGP"],
    ["VpnGw2", "non-AZ VPN SKUs cannot be created since 2025-01-01"],
    ["Foo", "it is not a VPN gateway SKU"],
  ])("rejects SKU %s and falls back to the layout's default", (sku, why) => {
    const r = planVpn(base({ layout: "ha", gatewaySku: sku }));
    expect(r.issues).toEqual([{ path: "vpn.gatewaySku", code: "SKU_INVALID", message: `"${sku}" cannot be used: ${why}; use one of ${SKUS}` }]);
    expect(r.plan.gatewaySku).toBe("VpnGw2AZ");
  });

  it("rejects an unknown IPsec profile and plans with the default one", () => {
    const r = planVpn(base({ ipsecProfile: "aes256-gcm" }));
    expect(codes(r.issues)).toEqual([["vpn.ipsecProfile", "IPSEC_UNSUPPORTED"]]);
    expect(r.plan.ipsecProfile).toBe("aes256-sha256-modp2048");
  });

  it("allows 100 prefixes from Azure and 4000 from AWS, and no more", () => {
    const n = (count: number): string[] => Array.from({ length: count }, (_, i) => `10.${16 + (i >> 8)}.${i & 255}.0/24`);
    expect(planVpn(base({ azurePrefixes: n(100), awsPrefixes: n(4000) })).issues).toEqual([]);
    expect(planVpn(base({ azurePrefixes: n(101), awsPrefixes: n(4001) })).issues).toEqual([
      { path: "vpn.azurePrefixes", code: "PREFIX_LIMIT", message: "Azure would advertise 101 prefixes; an AWS VPN connection accepts at most 100 from a customer gateway" },
      { path: "vpn.awsPrefixes", code: "PREFIX_LIMIT", message: "AWS would advertise 4001 prefixes; Azure drops the BGP session above 4000" },
    ]);
  });

  it("checks the AWS ASN as amazon-side and as Azure's peer, the Azure ASN as gateway and customer gateway, and that they differ", () => {
    expect(planVpn(base({ awsAsn: 65515 })).issues).toEqual([
      { path: "vpn.awsAsn", code: "ASN_RESERVED", message: "65515 is reserved by Azure (its VPN gateway and Route Server default); only the Azure gateway itself may use it; Azure will not peer with it" },
      { path: "vpn.azureAsn", code: "ASN_EQUAL", message: "65515 equals vpn.awsAsn; the two sides of an eBGP session must use different ASNs" },
    ]);
    expect(codes(planVpn(base({ awsAsn: 7224, azureAsn: 7224, asnPaths: { aws: "aws.asn", azure: "azure.asn" } })).issues)).toEqual([
      ["aws.asn", "ASN_NOT_PRIVATE"],
      ["azure.asn", "ASN_RESERVED"],
      ["azure.asn", "ASN_EQUAL"],
    ]);
    expect(codes(planVpn(base({ azureAsn: 9059, awsRegion: "eu-west-1" })).issues)).toEqual([["vpn.azureAsn", "ASN_RESERVED"]]);
    expect(planVpn(base({ azureAsn: 9059, awsRegion: "us-west-2" })).issues).toEqual([]);
  });

  it("requires ASN 65515 on the gateway when Route Server is present", () => {
    expect(codes(planVpn(base({ routeServer: true, azureAsn: 64600 })).issues)).toEqual([["vpn.azureAsn", "ASN_ROUTE_SERVER"]]);
    const ok = planVpn(base({ routeServer: true }));
    expect([ok.issues, ok.plan.activeActive]).toEqual([[], true]);
  });

  it("reports a bad pinned inside CIDR at the connection's tunnel path", () => {
    expect(codes(planVpn(base({ connections: { a: { azureInstance: 0, insideCidrs: { t1: "169.254.5.0/30", t2: "169.254.22.0/30" } } } })).issues)).toEqual([
      ["vpn.connections.a.insideCidrs.t1", "APIPA_AWS_RESERVED"],
      ["vpn.connections.a.insideCidrs.t1", "APIPA_OUTSIDE_AZURE_RANGE"],
    ]);
  });
});

describe("checkVpnPrefixCounts (what planVpn and the prefix-limits policy apply)", () => {
  const n = (count: number): string[] => Array.from({ length: count }, (_, i) => `10.${16 + (i >> 8)}.${i & 255}.0/24`);

  it("allows up to 100 toward AWS and 4000 toward Azure, each list optional", () => {
    expect(checkVpnPrefixCounts({ path: "s", azurePrefixes: n(100), awsPrefixes: n(4000) })).toEqual([]);
    expect(checkVpnPrefixCounts({ path: "s" })).toEqual([]);
    expect(checkVpnPrefixCounts({ path: "s", azurePrefixes: n(101) })).toEqual([
      { path: "s.azurePrefixes", code: "PREFIX_LIMIT", message: "Azure would advertise 101 prefixes; an AWS VPN connection accepts at most 100 from a customer gateway" },
    ]);
    expect(checkVpnPrefixCounts({ path: "", awsPrefixes: n(4001) })).toEqual([
      { path: "awsPrefixes", code: "PREFIX_LIMIT", message: "AWS would advertise 4001 prefixes; Azure drops the BGP session above 4000" },
    ]);
  });

  it("is the rule planVpn applies", () => {
    const input = base({ azurePrefixes: n(150), awsPrefixes: n(10) });
    expect(planVpn(input).issues.filter((i) => i.code === "PREFIX_LIMIT")).toEqual(
      checkVpnPrefixCounts({ path: "vpn", azurePrefixes: input.azurePrefixes, awsPrefixes: input.awsPrefixes }),
    );
  });
});

describe("planVpn: fixed layouts refuse what they would otherwise ignore", () => {
  const input = { awsRegion: "us-east-1", awsPrefixes: ["10.0.0.0/20"], azurePrefixes: ["10.16.0.0/20"] } as const;
  it("rejects tunnelCount outside the custom layout", () => {
    expect(planVpn({ ...input, layout: "ha", tunnelCount: 6 }).issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["vpn.tunnelCount", "VPN_LAYOUT", 'the "ha" layout has a fixed tunnel count; tunnelCount applies to layout "custom" only'],
    ]);
  });
  it("rejects an azureInstance the fixed layout would silently override", () => {
    expect(planVpn({ ...input, layout: "dev", connections: { a: { azureInstance: 1 } } }).issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["vpn.connections.a.azureInstance", "VPN_LAYOUT", '1 is not where the "dev" layout puts connection "a" (instance 0); use layout "custom" to choose'],
    ]);
  });
});

describe("VPN quotas on a virtual private gateway", () => {
  const vgw = (tunnelCount: number, maxConnectionsPerVgw?: number) =>
    validateNetwork({
      environment: "dev",
      aws: { region: "us-east-1", vpcs: { app: {} } },
      azure: { region: "eastus", vnets: { hub: {} } },
      vpn: { layout: "custom", attachment: "vgw", tunnelCount, ...(maxConnectionsPerVgw !== undefined ? { maxConnectionsPerVgw } : {}) },
    }).issues.filter((i) => i.code === "QUOTA_EXCEEDED" || i.code === "OPTION_CONFLICT");

  it("allows 10 connections per VGW and refuses 12, naming the override", () => {
    expect(vgw(20)).toEqual([]);
    const [quota] = vgw(24);
    expect(quota?.path).toBe("vpn.tunnelCount");
    expect(quota?.message).toBe(
      '12 VPN connections on one virtual private gateway; AWS allows 10 per VGW (quota L-B91E5754, adjustable): use attachment "tgw", fewer connections, or, once AWS has raised the quota for the account, set vpn.maxConnectionsPerVgw',
    );
  });

  it("takes a raised quota, and refuses the override on a transit gateway", () => {
    expect(vgw(24, 15)).toEqual([]);
    expect(vgw(32, 15).map((i) => i.message)).toEqual([expect.stringContaining("vpn.maxConnectionsPerVgw allows 15")]);
    const tgw = validateNetwork({
      environment: "prod",
      aws: { region: "us-east-1", vpcs: { app: {} } },
      azure: { region: "eastus", vnets: { hub: {} } },
      vpn: { layout: "ha", maxConnectionsPerVgw: 20 },
    });
    expect(tgw.issues.map((i) => [i.path, i.code])).toEqual([["vpn.maxConnectionsPerVgw", "OPTION_CONFLICT"]]);
  });
});
