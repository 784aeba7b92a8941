import fc from "fast-check";
import { cidr, contains, findOverlaps, subBlock } from "../../sdk/cidr";
import { OVERLAY_BFD_DEFAULT, OverlayConfig, OverlayPlan, OverlayRouterConfig, planOverlay } from "../../sdk/overlay";

const codes = (r: { issues: readonly { path: string; code: string }[] }): [string, string][] => r.issues.map((i) => [i.path, i.code]);

function plan(config: OverlayConfig): OverlayPlan {
  const r = planOverlay(config);
  expect(r.issues).toEqual([]);
  if (!r.plan) throw new Error("no plan");
  return r.plan;
}

const base: OverlayConfig = {
  aws: { zones: ["us-east-1b", "us-east-1a", "us-east-1c"], prefixes: ["10.0.0.0/16"], routeTables: { private: {} } },
  azure: { prefixes: ["10.16.0.0/16"], routeTables: { workload: { router: "azure-2" } } },
};

describe("planOverlay: known answers", () => {
  it("plans the default 2 × 2 overlay: routers in the first two zones, a full mesh of /31s, eBGP, BFD 100 ms × 3, MTU 1420 / MSS 1380", () => {
    const p = plan(base);
    expect(p.insideCidr).toBe("100.64.0.0/24");
    expect([p.mtu, p.tcpMss, p.port, p.presharedKeys, p.persistentKeepaliveSeconds]).toEqual([1420, 1380, 51820, true, 25]);
    expect(p.bfd).toEqual({ transmitIntervalMs: 100, receiveIntervalMs: 100, detectMultiplier: 3 });
    expect(p.bgp).toEqual({ keepaliveSeconds: 10, holdTimeSeconds: 30 });
    expect(p.routeServer).toBeUndefined();
    expect(Object.values(p.aws.routers).map((r) => [r.key, r.zone, r.asn, r.routerId])).toEqual([
      ["aws-us-east-1a", "us-east-1a", 65010, "100.64.0.128"],
      ["aws-us-east-1b", "us-east-1b", 65010, "100.64.0.129"],
    ]);
    expect(Object.values(p.azure.routers).map((r) => [r.key, r.zone, r.asn, r.routerId])).toEqual([
      ["azure-1", "1", 65020, "100.64.0.130"],
      ["azure-2", "2", 65020, "100.64.0.131"],
    ]);
    expect(Object.values(p.links).map((l) => [l.key, l.cidr, l.awsAddress, l.azureAddress, l.port, l.awsInterface, l.azureInterface])).toEqual([
      ["aws-us-east-1a.azure-1", "100.64.0.0/31", "100.64.0.0", "100.64.0.1", 51820, "wg-aws-0", "wg-azure-0"],
      ["aws-us-east-1a.azure-2", "100.64.0.2/31", "100.64.0.2", "100.64.0.3", 51821, "wg-aws-1", "wg-azure-1"],
      ["aws-us-east-1b.azure-1", "100.64.0.4/31", "100.64.0.4", "100.64.0.5", 51822, "wg-aws-2", "wg-azure-2"],
      ["aws-us-east-1b.azure-2", "100.64.0.6/31", "100.64.0.6", "100.64.0.7", 51823, "wg-aws-3", "wg-azure-3"],
    ]);
    expect(p.aws.routers["aws-us-east-1b"]?.links).toEqual(["aws-us-east-1b.azure-1", "aws-us-east-1b.azure-2"]);
    expect(p.azure.routers["azure-1"]?.links).toEqual(["aws-us-east-1a.azure-1", "aws-us-east-1b.azure-1"]);
    expect(p.aws.routeTables).toEqual({ private: "aws-us-east-1a" });
    expect(p.azure.routeTables).toEqual({ workload: "azure-2" });
    expect(p.allocations).toEqual({
      "overlay/inside": "100.64.0.0/24",
      "overlay/link/aws-us-east-1a/azure-1": "100.64.0.0/31",
      "overlay/link/aws-us-east-1a/azure-2": "100.64.0.2/31",
      "overlay/link/aws-us-east-1b/azure-1": "100.64.0.4/31",
      "overlay/link/aws-us-east-1b/azure-2": "100.64.0.6/31",
      "overlay/router/aws-us-east-1a": "100.64.0.128/32",
      "overlay/router/aws-us-east-1b": "100.64.0.129/32",
      "overlay/router/azure-1": "100.64.0.130/32",
      "overlay/router/azure-2": "100.64.0.131/32",
    });
  });

  it("takes the /24 around blocks other stacks hold, and keeps a pinned one", () => {
    expect(plan({ ...base, reserved: { "registry prod/overlay/inside": "100.64.0.0/24" } }).insideCidr).toBe("100.64.1.0/24");
    const pinned = plan({ ...base, insideCidr: "172.31.250.0/24", port: 40000 });
    expect(Object.values(pinned.links).map((l) => [l.cidr, l.port])).toEqual([
      ["172.31.250.0/31", 40000],
      ["172.31.250.2/31", 40001],
      ["172.31.250.4/31", 40002],
      ["172.31.250.6/31", 40003],
    ]);
    expect(pinned.aws.routers["aws-us-east-1a"]?.routerId).toBe("172.31.250.128");
  });

  it("plans the Route Server variant: Route Server's ASN and 60/180 timers, no Azure UDRs", () => {
    const p = plan({ ...base, azure: { prefixes: ["10.16.0.0/16"] }, routeServer: true, routeServerSubnetCidr: "10.16.1.0/26" });
    expect(p.routeServer).toEqual({ asn: 65515, timers: { keepaliveSeconds: 60, holdTimeSeconds: 180 } });
    expect(p.azure.routeTables).toEqual({});
    expect(Object.keys(p.links)).toHaveLength(4);
  });

  it("lists explicit routers, a regional Azure router and a custom BFD profile", () => {
    const p = plan({
      aws: { zones: ["eu-west-1a"], routers: { edge: { zone: "eu-west-1a" } }, prefixes: ["10.0.0.0/20"], asn: 4200000001 },
      azure: { routers: { nva: {} }, prefixes: ["10.16.0.0/20"] },
      bfd: { transmitIntervalMs: 50, receiveIntervalMs: 50, detectMultiplier: 3 },
      presharedKeys: false,
    });
    expect(p.azure.routers["nva"]).toEqual({ key: "nva", cloud: "azure", asn: 65020, routerId: "100.64.0.129", links: ["edge.nva"] });
    expect(p.aws.routers["edge"]?.routerId).toBe("100.64.0.128");
    expect([p.aws.asn, p.presharedKeys, p.bfd.transmitIntervalMs]).toEqual([4200000001, false, 50]);
  });
});

describe("planOverlay: every issue at once", () => {
  it("reports ports, BFD, router counts, zones, ASNs, Route Server rules and prefixes in one pass", () => {
    const r = planOverlay({
      aws: { zones: ["us-east-1a"], routerCount: 3, asn: 65515, prefixes: ["0.0.0.0/0", "10.0.0.0/8"] },
      azure: { zones: ["4"], asn: 70000, prefixes: ["10.1.0.0/16"], routeTables: { workload: {} } },
      routeServer: true,
      routeServerSubnetCidr: "10.1.0.0/27",
      bfd: { transmitIntervalMs: 5, receiveIntervalMs: 100, detectMultiplier: 1 },
      port: 65500,
    });
    expect(r.plan).toBeUndefined();
    expect(codes(r)).toEqual([
      ["port", "PORT_INVALID"],
      ["bfd.transmitIntervalMs", "BFD_INVALID"],
      ["bfd.detectMultiplier", "BFD_INVALID"],
      ["aws.routerCount", "ROUTER_COUNT"],
      ["azure.zones.0", "ZONE_UNKNOWN"],
      ["azure.routerCount", "ROUTER_COUNT"],
      ["aws.asn", "ASN_RESERVED"],
      ["azure.asn", "ASN_ROUTE_SERVER"],
      ["routeServerSubnetCidr", "ROUTE_SERVER_SUBNET_TOO_SMALL"],
      ["azure.routeTables", "OPTION_CONFLICT"],
      ["aws.prefixes.0", "DEFAULT_ROUTE"],
      ["azure.prefixes.0", "CIDR_OVERLAP"],
    ]);
    expect(r.issues[0]?.message).toBe("65500 is not a usable first port: link n listens on port + n for up to 64 links, so use a whole number from 1 to 65472");
  });

  it("reports keys, zones, route-table routers, equal ASNs, a BFD slower than the hold time and a misplaced Route Server subnet", () => {
    const r = planOverlay({
      aws: { zones: ["us-east-1a"], routers: { Edge: { zone: "us-east-1a" }, shared: { zone: "us-east-1z" }, nozone: {} }, routerCount: 2, prefixes: ["10.0.0.0/16"], routeTables: { main: { router: "gone" } } },
      azure: { routers: { shared: { zone: "1" }, z: { zone: "5" } }, asn: 65010, prefixes: ["10.16.0.0/16", "10.16.4.0/24"] },
      bfd: { transmitIntervalMs: 10000, receiveIntervalMs: 10000, detectMultiplier: 3 },
      routeServerSubnetCidr: "10.16.1.0/26",
    });
    expect(codes(r)).toEqual([
      ["bfd", "BFD_INVALID"],
      ["aws.routerCount", "OPTION_CONFLICT"],
      ["aws.routers.Edge", "KEY_INVALID"],
      ["aws.routers.nozone.zone", "VALUE_REQUIRED"],
      ["aws.routers.shared.zone", "ZONE_UNKNOWN"],
      ["azure.routers.z.zone", "ZONE_UNKNOWN"],
      ["azure.routers.shared", "KEY_INVALID"],
      ["routeServerSubnetCidr", "OPTION_CONFLICT"],
      ["azure.asn", "ASN_EQUAL"],
      ["azure.prefixes.1", "CIDR_OVERLAP"],
      ["aws.routeTables.main.router", "ROUTER_UNKNOWN"],
    ]);
  });

  it("rejects a pinned /24 of the wrong size or over a cloud prefix, and lock entries of the wrong size", () => {
    expect(codes(planOverlay({ ...base, insideCidr: "10.0.5.0/24" }))).toEqual([["insideCidr", "CIDR_OVERLAP"]]);
    expect(codes(planOverlay({ ...base, insideCidr: "100.64.0.0/23" }))).toEqual([["insideCidr", "CIDR_WRONG_SIZE"]]);
    expect(codes(planOverlay({ ...base, insideCidr: "100.64.0.1/24" }))).toEqual([["insideCidr", "CIDR_HOST_BITS"]]);
    const lock = { "overlay/inside": "100.64.9.0/24", "overlay/link/aws-us-east-1a/azure-1": "100.64.9.0/30", "overlay/router/azure-1": "100.64.0.130/32" };
    expect(codes(planOverlay({ ...base, lock }))).toEqual([
      ["links.aws-us-east-1a.azure-1 (from the registry lock)", "CIDR_WRONG_SIZE"],
      ["routerIds.azure-1 (from the registry lock)", "CIDR_OUTSIDE_PARENT"],
    ]);
  });

  it("needs prefixes on both sides, and at most 8 routers a side (also Route Server's peer limit), reported once", () => {
    const routers: Record<string, OverlayRouterConfig> = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`nva${String.fromCharCode(97 + i)}`, { zone: "1" }]));
    expect(codes(planOverlay({ aws: { zones: ["a", "b"], prefixes: [] }, azure: { routers, prefixes: ["10.16.0.0/16"] }, routeServer: true }))).toEqual([
      ["azure.routers", "ROUTER_COUNT"],
      ["aws.prefixes", "VALUE_REQUIRED"],
    ]);
  });
});

// ---- laws -----------------------------------------------------------------------------------------

const key = (prefix: string) => fc.stringMatching(/^[a-z0-9-]{0,8}$/).map((s) => `${prefix}${s}`);
const keys = (prefix: string, max: number) => fc.uniqueArray(key(prefix), { minLength: 1, maxLength: max });

function config(awsKeys: readonly string[], azureKeys: readonly string[], lock?: Readonly<Record<string, string>>): OverlayConfig {
  return {
    aws: { routers: Object.fromEntries(awsKeys.map((k) => [k, { zone: "us-east-1a" }])), prefixes: ["10.0.0.0/16"] },
    azure: { routers: Object.fromEntries(azureKeys.map((k) => [k, { zone: "1" }])), prefixes: ["10.16.0.0/16"] },
    ...(lock ? { lock } : {}),
  };
}

describe("planOverlay: laws", () => {
  it("adding a router to either side never moves an existing link, port, interface, router id or the /24", () => {
    fc.assert(
      fc.property(keys("a", 6), keys("z", 6), key("a"), key("z"), fc.boolean(), (aws, azure, newAws, newAzure, onAws) => {
        fc.pre(onAws ? !aws.includes(newAws) && aws.length < 8 : !azure.includes(newAzure) && azure.length < 8);
        const before = plan(config(aws, azure));
        const after = plan(onAws ? config([...aws, newAws], azure, before.allocations) : config(aws, [...azure, newAzure], before.allocations));
        expect(after.insideCidr).toBe(before.insideCidr);
        for (const [k, link] of Object.entries(before.links)) expect(after.links[k]).toEqual(link);
        for (const side of ["aws", "azure"] as const) {
          for (const [k, r] of Object.entries(before[side].routers)) expect(after[side].routers[k]?.routerId).toBe(r.routerId);
        }
        expect(Object.keys(after.links)).toHaveLength((aws.length + (onAws ? 1 : 0)) * (azure.length + (onAws ? 0 : 1)));
      }),
    );
  });

  it("links and router ids never overlap, stay in their halves of the /24, and ports and interface names are unique", () => {
    fc.assert(
      fc.property(keys("a", 8), keys("z", 8), (aws, azure) => {
        const p = plan(config(aws, azure));
        const inside = cidr(p.insideCidr);
        const links = Object.values(p.links);
        const ids = [...Object.values(p.aws.routers), ...Object.values(p.azure.routers)].map((r) => cidr(`${r.routerId}/32`));
        expect(links).toHaveLength(aws.length * azure.length);
        expect(findOverlaps([...links.map((l) => ({ label: l.key, cidr: cidr(l.cidr) })), ...ids.map((c) => ({ label: c.text, cidr: c }))])).toEqual([]);
        links.forEach((l) => expect(contains(subBlock(inside, 25, 0), cidr(l.cidr))).toBe(true));
        ids.forEach((c) => expect(contains(subBlock(inside, 25, 1), c)).toBe(true));
        expect(new Set(links.map((l) => l.port)).size).toBe(links.length);
        const names = links.flatMap((l) => [l.awsInterface, l.azureInterface]);
        expect(new Set(names).size).toBe(names.length);
        names.forEach((n) => expect(n.length).toBeLessThanOrEqual(15));
        // every pair exactly once: the full mesh
        expect(new Set(links.map((l) => `${l.aws}|${l.azure}`)).size).toBe(aws.length * azure.length);
      }),
    );
  });

  it("the order keys are listed in does not matter", () => {
    fc.assert(
      fc.property(keys("a", 6), keys("z", 6), (aws, azure) => {
        expect(plan(config([...aws].reverse(), [...azure].reverse()))).toEqual(plan(config(aws, azure)));
      }),
    );
  });

  it("re-planning with its own allocations as the lock gives the same plan", () => {
    fc.assert(
      fc.property(keys("a", 5), keys("z", 5), (aws, azure) => {
        const p = plan(config(aws, azure));
        expect(plan(config(aws, azure, p.allocations))).toEqual(p);
      }),
    );
  });

  it("removing a router, with the lock, leaves every other link where it was", () => {
    fc.assert(
      fc.property(keys("a", 6), keys("z", 6), fc.nat(), (aws, azure, pick) => {
        fc.pre(aws.length > 1);
        const before = plan(config(aws, azure));
        const gone = aws[pick % aws.length] as string;
        const after = plan(config(aws.filter((k) => k !== gone), azure, before.allocations));
        for (const [k, link] of Object.entries(after.links)) expect(link).toEqual(before.links[k]);
      }),
    );
  });

  it("the default profile is the measured one", () => {
    expect(OVERLAY_BFD_DEFAULT).toEqual({ transmitIntervalMs: 100, receiveIntervalMs: 100, detectMultiplier: 3 });
  });
});
