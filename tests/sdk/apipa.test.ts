import fc from "fast-check";
import {
  APIPA_SLOTS,
  AWS_RESERVED_INSIDE_CIDRS,
  InsideCidrRequest,
  TunnelPair,
  awsInsideAddress,
  azureInsideAddress,
  checkAwsInsideCidr,
  checkAzureCustomApipa,
  checkInsideCidr,
  isInAzureApipaRange,
  planInsideCidrs,
} from "../../sdk/apipa";
import { Cidr, cidr, ipToLong, overlaps } from "../../sdk/cidr";

const text = (plan: Readonly<Record<string, TunnelPair<Cidr>>>): Record<string, TunnelPair<string>> =>
  Object.fromEntries(Object.entries(plan).map(([k, p]) => [k, { t1: p.t1.text, t2: p.t2.text }]));
const OUTSIDE = (t: string, where = ""): string =>
  `${t} is outside 169.254.21.0–169.254.22.255, the only range Azure accepts for custom APIPA BGP addresses${where}`;

describe("the HA reference table (networking.md §2)", () => {
  it("plans VPN-A and VPN-B exactly as the reference, with AWS on .1/.5 and Azure on .2/.6", () => {
    const { cidrs, issues } = planInsideCidrs([{ key: "b" }, { key: "a" }]);
    expect(issues).toEqual([]);
    expect(text(cidrs)).toEqual({
      a: { t1: "169.254.21.0/30", t2: "169.254.22.0/30" },
      b: { t1: "169.254.21.4/30", t2: "169.254.22.4/30" },
    });
    const rows = ["a", "b"].flatMap((k) => (["t1", "t2"] as const).map((t) => {
      const block = cidrs[k]?.[t] as Cidr;
      return [`${k}-${t}`, block.text, awsInsideAddress(block), azureInsideAddress(block)];
    }));
    expect(rows).toEqual([
      ["a-t1", "169.254.21.0/30", "169.254.21.1", "169.254.21.2"],
      ["a-t2", "169.254.22.0/30", "169.254.22.1", "169.254.22.2"],
      ["b-t1", "169.254.21.4/30", "169.254.21.5", "169.254.21.6"],
      ["b-t2", "169.254.22.4/30", "169.254.22.5", "169.254.22.6"],
    ]);
  });

  it("has 64 slots and then reports exhaustion", () => {
    const keys = Array.from({ length: APIPA_SLOTS + 1 }, (_, i) => `c${String(i).padStart(2, "0")}`);
    const { cidrs, issues } = planInsideCidrs(keys.map((key) => ({ key })));
    expect(text(cidrs)["c63"]).toEqual({ t1: "169.254.21.252/30", t2: "169.254.22.252/30" });
    expect(cidrs["c64"]).toBeUndefined();
    expect(issues).toEqual([{ path: "vpn.connections.c64", code: "APIPA_EXHAUSTED", message: "no free pair of /30s is left in 169.254.21.0–169.254.22.255" }]);
  });
});

describe("checkInsideCidr", () => {
  it("accepts every /30 of 169.254.21.0/24 and 169.254.22.0/24, edges included", () => {
    expect(["169.254.21.0/30", "169.254.21.252/30", "169.254.22.0/30", "169.254.22.252/30"].flatMap((t) => checkInsideCidr("p", t))).toEqual([]);
  });

  it.each([
    ["169.254.20.252/30", [["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("169.254.20.252/30")]]],
    ["169.254.23.0/30", [["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("169.254.23.0/30")]]],
    ["10.0.0.0/30", [["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("10.0.0.0/30", " (and outside 169.254.0.0/16, which AWS requires)")]]],
    [
      "169.254.5.0/30",
      [
        ["APIPA_AWS_RESERVED", "169.254.5.0/30 overlaps 169.254.5.0/30, which AWS reserves for its own use"],
        ["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("169.254.5.0/30")],
      ],
    ],
    [
      "169.254.169.252/30",
      [
        ["APIPA_AWS_RESERVED", "169.254.169.252/30 overlaps 169.254.169.252/30, which AWS reserves for its own use"],
        ["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("169.254.169.252/30")],
      ],
    ],
    ["169.254.21.0/29", [["CIDR_WRONG_SIZE", "169.254.21.0/29 must be a /30 (AWS tunnel inside CIDRs are /30 blocks)"]]],
    ["169.254.21.8/31", [["CIDR_WRONG_SIZE", "169.254.21.8/31 must be a /30 (AWS tunnel inside CIDRs are /30 blocks)"]]],
    [
      "169.254.0.0/16",
      [
        ["CIDR_WRONG_SIZE", "169.254.0.0/16 must be a /30 (AWS tunnel inside CIDRs are /30 blocks)"],
        ["APIPA_AWS_RESERVED", "169.254.0.0/16 overlaps 169.254.0.0/30, which AWS reserves for its own use"],
        ["APIPA_OUTSIDE_AZURE_RANGE", OUTSIDE("169.254.0.0/16")],
      ],
    ],
    ["169.254.21.1/30", [["CIDR_HOST_BITS", `"169.254.21.1/30" has host bits set; the network is 169.254.21.0/30`]]],
  ])("%s", (t, expected) => {
    expect(checkInsideCidr("vpn.connections.a.insideCidrs.t1", t)).toEqual(
      expected.map(([code, message]) => ({ path: "vpn.connections.a.insideCidrs.t1", code, message })),
    );
  });

  it("knows all seven AWS-reserved /30s, and none of them is in Azure's range", () => {
    expect(AWS_RESERVED_INSIDE_CIDRS).toEqual(["169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30", "169.254.169.252/30"]);
    expect(AWS_RESERVED_INSIDE_CIDRS.map((t) => checkInsideCidr("p", t).map((i) => i.code))).toEqual(
      AWS_RESERVED_INSIDE_CIDRS.map(() => ["APIPA_AWS_RESERVED", "APIPA_OUTSIDE_AZURE_RANGE"]),
    );
  });
});

describe("planInsideCidrs with pins", () => {
  it("keeps pins, reports duplicates at the later tunnel, and fills free slots around pins", () => {
    const { cidrs, issues } = planInsideCidrs(
      [
        { key: "x", insideCidrs: { t1: "169.254.21.0/30", t2: "169.254.22.8/30" } },
        { key: "y", insideCidrs: { t1: "169.254.22.8/30", t2: "169.254.22.12/30" } },
        { key: "a" },
        { key: "b" },
      ],
      { path: "vpn.connections" },
    );
    expect(issues).toEqual([
      { path: "vpn.connections.y.insideCidrs.t1", code: "APIPA_DUPLICATE", message: "169.254.22.8/30 is already used by vpn.connections.x.insideCidrs.t2; every tunnel needs its own /30" },
    ]);
    // Slot 0 (21.0) and slot 2 (22.8) and slot 3 (22.12) are taken by pins, so a and b get slots 1 and 4.
    expect(text(cidrs)).toEqual({
      x: { t1: "169.254.21.0/30", t2: "169.254.22.8/30" },
      y: { t1: "169.254.22.8/30", t2: "169.254.22.12/30" },
      a: { t1: "169.254.21.4/30", t2: "169.254.22.4/30" },
      b: { t1: "169.254.21.16/30", t2: "169.254.22.16/30" },
    });
  });

  it("reports both tunnels of a connection using the same /30", () => {
    expect(planInsideCidrs([{ key: "a", insideCidrs: { t1: "169.254.21.8/30", t2: "169.254.21.8/30" } }]).issues).toEqual([
      { path: "vpn.connections.a.insideCidrs.t2", code: "APIPA_DUPLICATE", message: "169.254.21.8/30 is already used by vpn.connections.a.insideCidrs.t1; every tunnel needs its own /30" },
    ]);
  });

  it("drops a connection whose pin is invalid, reports it, and does not let it block a slot", () => {
    const { cidrs, issues } = planInsideCidrs([{ key: "a", insideCidrs: { t1: "169.254.20.0/30", t2: "169.254.22.0/30" } }, { key: "b" }], { path: "vpn" });
    expect(issues.map((i) => [i.path, i.code])).toEqual([["vpn.a.insideCidrs.t1", "APIPA_OUTSIDE_AZURE_RANGE"]]);
    expect(text(cidrs)).toEqual({ b: { t1: "169.254.21.0/30", t2: "169.254.22.0/30" } });
  });
});

// ---- laws ---------------------------------------------------------------------------------------

const KEYS = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), { minLength: 1, maxLength: 40 });
const AZURE_FIRST = ipToLong("169.254.21.0");
const AZURE_LAST = ipToLong("169.254.22.255");
const RESERVED = AWS_RESERVED_INSIDE_CIDRS.map((t) => cidr(t));

describe("planInsideCidrs: laws", () => {
  it("plans distinct /30s inside 169.254.21.0–22.255 and outside AWS's reserved set, whatever order the keys come in", () => {
    fc.assert(
      fc.property(KEYS, (keys) => {
        const plan = planInsideCidrs(keys.map((key) => ({ key })));
        expect(plan.issues).toEqual([]);
        expect(Object.keys(plan.cidrs).sort()).toEqual([...keys].sort());
        const blocks = Object.values(plan.cidrs).flatMap((p) => [p.t1, p.t2]);
        expect(new Set(blocks.map((b) => b.text)).size).toBe(blocks.length);
        for (const b of blocks) {
          expect(b.prefixLength).toBe(30);
          expect(b.first >= AZURE_FIRST && b.last <= AZURE_LAST).toBe(true);
          expect(isInAzureApipaRange(b)).toBe(true);
          expect(RESERVED.some((r) => overlaps(r, b))).toBe(false);
        }
        expect(planInsideCidrs([...keys].reverse().map((key) => ({ key })))).toEqual(plan);
      }),
    );
  });

  it("gives the same plan and the same issues in any key order when some connections are pinned (some badly)", () => {
    // Pins from 169.254.20.0–23.255 in steps of /30 (some outside Azure's range), so duplicates and range errors both occur.
    const arbPin = fc.integer({ min: 0, max: 1023 }).map((i) => `169.254.${20 + (i >> 8)}.${(i & 255) & ~3}/30`);
    const arbReqs = fc
      .tuple(KEYS, fc.array(fc.option(fc.record({ t1: arbPin, t2: arbPin }), { nil: undefined }), { minLength: 40, maxLength: 40 }))
      .map(([keys, pins]) => keys.map((key, i): InsideCidrRequest => (pins[i] ? { key, insideCidrs: pins[i] } : { key })));
    fc.assert(
      fc.property(arbReqs, (reqs) => {
        expect(planInsideCidrs([...reqs].reverse())).toEqual(planInsideCidrs(reqs));
      }),
    );
  });

  it("adding a connection with the old plan as the lock never renumbers a tunnel", () => {
    fc.assert(
      fc.property(KEYS, fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), (keys, extra) => {
        fc.pre(!keys.includes(extra));
        const before = planInsideCidrs(keys.map((key) => ({ key })));
        const lock = text(before.cidrs);
        const after = planInsideCidrs([...keys, extra].map((key): InsideCidrRequest => ({ key })), { lock });
        expect(after.issues).toEqual([]);
        for (const [key, pair] of Object.entries(lock)) expect(text(after.cidrs)[key]).toEqual(pair);
        const added = after.cidrs[extra];
        expect(added).toBeDefined();
        for (const p of Object.values(before.cidrs)) for (const b of [p.t1, p.t2]) for (const n of [added?.t1, added?.t2]) expect(overlaps(b, n as Cidr)).toBe(false);
      }),
    );
  });

  it("without the lock, a key that sorts first would renumber the others (why the lock is kept)", () => {
    const before = text(planInsideCidrs([{ key: "m" }]).cidrs);
    const after = text(planInsideCidrs([{ key: "m" }, { key: "a" }]).cidrs);
    const locked = text(planInsideCidrs([{ key: "m" }, { key: "a" }], { lock: before }).cidrs);
    expect([before["m"]?.t1, after["m"]?.t1, locked["m"]?.t1, locked["a"]?.t1]).toEqual(["169.254.21.0/30", "169.254.21.4/30", "169.254.21.0/30", "169.254.21.4/30"]);
  });
});

describe("checkAwsInsideCidr (AWS's own rules, whatever the peer)", () => {
  it("accepts a /30 in 169.254.0.0/16 outside AWS's reserved blocks, including ones outside Azure's range", () => {
    expect(checkAwsInsideCidr("t", "169.254.21.0/30")).toEqual([]);
    expect(checkAwsInsideCidr("t", "169.254.100.4/30")).toEqual([]);
  });

  it("rejects each AWS-reserved /30", () => {
    for (const reserved of AWS_RESERVED_INSIDE_CIDRS) {
      expect(checkAwsInsideCidr("t", reserved)).toEqual([
        { path: "t", code: "APIPA_AWS_RESERVED", message: `${reserved} overlaps ${reserved}, which AWS reserves for its own use` },
      ]);
    }
  });

  it("rejects other sizes, blocks outside link-local, and text that is not a canonical CIDR", () => {
    expect(checkAwsInsideCidr("t", "169.254.21.0/29")).toEqual([
      { path: "t", code: "CIDR_WRONG_SIZE", message: "169.254.21.0/29 must be a /30 (AWS tunnel inside CIDRs are /30 blocks)" },
    ]);
    expect(checkAwsInsideCidr("t", "10.0.0.0/30")).toEqual([
      { path: "t", code: "CIDR_OUTSIDE_PARENT", message: "10.0.0.0/30 is outside 169.254.0.0/16, where AWS requires tunnel inside CIDRs" },
    ]);
    expect(checkAwsInsideCidr("t", "169.254.0.0/29")).toEqual([
      { path: "t", code: "CIDR_WRONG_SIZE", message: "169.254.0.0/29 must be a /30 (AWS tunnel inside CIDRs are /30 blocks)" },
      { path: "t", code: "APIPA_AWS_RESERVED", message: "169.254.0.0/29 overlaps 169.254.0.0/30, which AWS reserves for its own use" },
    ]);
    expect(checkAwsInsideCidr("t", "169.254.21.1/30").map((i) => i.code)).toEqual(["CIDR_HOST_BITS"]);
  });

  it("never contradicts checkInsideCidr: every AWS problem is also a problem for an AWS<->Azure tunnel", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 14 - 1 }), fc.integer({ min: 28, max: 32 }), (n, len) => {
        const block = cidr(`169.254.${Math.floor(n / 64)}.${(n % 64) * 4}/30`);
        const text = `${block.text.split("/")[0]}/${len}`;
        const aws = checkAwsInsideCidr("t", text).map((i) => i.code);
        const both = checkInsideCidr("t", text).map((i) => i.code);
        expect(aws.every((c) => both.includes(c))).toBe(true);
      }),
    );
  });
});

describe("checkAzureCustomApipa (one custom APIPA BGP address)", () => {
  it("accepts exactly 169.254.21.0–169.254.22.255", () => {
    expect(["169.254.21.0", "169.254.21.2", "169.254.22.255"].flatMap((a) => checkAzureCustomApipa("a", a))).toEqual([]);
    expect(checkAzureCustomApipa("a", "169.254.20.255")).toEqual([
      { path: "a", code: "APIPA_OUTSIDE_AZURE_RANGE", message: OUTSIDE("169.254.20.255") },
    ]);
    expect(checkAzureCustomApipa("a", "169.254.23.0")).toEqual([{ path: "a", code: "APIPA_OUTSIDE_AZURE_RANGE", message: OUTSIDE("169.254.23.0") }]);
  });

  it("agrees with isInAzureApipaRange on every address of 169.254.0.0/16", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (n) => {
        const address = `169.254.${n >> 8}.${n & 255}`;
        expect(checkAzureCustomApipa("a", address).length === 0).toBe(isInAzureApipaRange(cidr(`${address}/32`)));
      }),
    );
  });

  it("rejects text that is not an IPv4 address", () => {
    expect(checkAzureCustomApipa("a", "169.254.21")).toEqual([{ path: "a", code: "VALUE_REQUIRED", message: '"169.254.21" is not an IPv4 address' }]);
  });
});
