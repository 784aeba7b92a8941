import fc from "fast-check";
import { Cidr, LabeledCidr, blockAt, cidr, contains, ipToLong, overlaps } from "../../sdk/cidr";
import { AllocationRequest, DEFAULT_SUPERNETS, allocate, supernetFor } from "../../sdk/ipam";

const texts = (blocks: Readonly<Record<string, Cidr>>): Record<string, string> =>
  Object.fromEntries(Object.entries(blocks).map(([k, b]) => [k, b.text]));
const codes = (r: { issues: readonly { path: string; code: string }[] }): [string, string][] => r.issues.map((i) => [i.path, i.code]);

describe("allocate: known answers", () => {
  const pool = cidr("10.0.0.0/16");

  it("hands out the lowest free aligned block in key order, not list order", () => {
    const r = allocate({ pool, path: "aws.vpcs", requests: [{ key: "b", prefixLength: 24 }, { key: "a", prefixLength: 20 }, { key: "c", prefixLength: 24 }] });
    expect(r.issues).toEqual([]);
    expect(texts(r.blocks)).toEqual({ a: "10.0.0.0/20", b: "10.0.16.0/24", c: "10.0.17.0/24" });
  });

  it("skips reserved blocks and fills the holes they leave", () => {
    const reserved: LabeledCidr[] = [{ label: "registry prod/aws/vpc/app", cidr: cidr("10.0.0.0/24") }];
    const r = allocate({ pool, path: "p", reserved, requests: [{ key: "x", prefixLength: 20 }, { key: "y", prefixLength: 24 }] });
    expect(r.issues).toEqual([]);
    // x cannot start at 10.0.0.0 (the /24 is taken), so the first aligned /20 is 10.0.16.0; y fits right after the /24.
    expect(texts(r.blocks)).toEqual({ x: "10.0.16.0/20", y: "10.0.1.0/24" });
  });

  it("keeps pins exactly and allocates around them", () => {
    const r = allocate({
      pool,
      path: "p",
      requests: [{ key: "c", prefixLength: 22 }, { key: "pinned", prefixLength: 24, cidr: "10.0.4.0/24" }, { key: "b", prefixLength: 22 }],
    });
    expect(r.issues).toEqual([]);
    expect(texts(r.blocks)).toEqual({ pinned: "10.0.4.0/24", b: "10.0.0.0/22", c: "10.0.8.0/22" });
  });

  it("rejects pins outside the pool unless pins may live elsewhere", () => {
    const requests = [{ key: "legacy", prefixLength: 24, cidr: "10.1.0.0/24" }];
    const inside = allocate({ pool, path: "aws.vpcs.app.subnets", requests });
    expect(inside.issues).toEqual([{ path: "aws.vpcs.app.subnets.legacy", code: "CIDR_OUTSIDE_PARENT", message: "10.1.0.0/24 is outside 10.0.0.0/16, the pool it must come from" }]);
    expect(inside.blocks).toEqual({});
    const anywhere = allocate({ pool, path: "aws.vpcs", requests, pinsInsidePool: false });
    expect(anywhere.issues).toEqual([]);
    expect(texts(anywhere.blocks)).toEqual({ legacy: "10.1.0.0/24" });
  });

  it("reports pins that overlap reserved blocks, naming the owner", () => {
    const reserved: LabeledCidr[] = [
      { label: "registry prod/aws/vpc/app", cidr: cidr("10.0.0.0/20") },
      { label: "registry prod/aws/vpc/data", cidr: cidr("10.0.16.0/20") },
    ];
    const r = allocate({ pool, path: "aws.vpcs", reserved, requests: [{ key: "app", prefixLength: 20, cidr: "10.0.0.0/19" }] });
    expect(r.issues).toEqual([
      { path: "aws.vpcs.app", code: "CIDR_OVERLAP", message: "10.0.0.0/19 overlaps 10.0.0.0/20 (registry prod/aws/vpc/app)" },
      { path: "aws.vpcs.app", code: "CIDR_OVERLAP", message: "10.0.0.0/19 overlaps 10.0.16.0/20 (registry prod/aws/vpc/data)" },
    ]);
  });

  it("reports pins that overlap each other at the later path", () => {
    const r = allocate({ pool, path: "p", requests: [{ key: "b", prefixLength: 25, cidr: "10.0.0.128/25" }, { key: "a", prefixLength: 24, cidr: "10.0.0.0/24" }] });
    expect(r.issues).toEqual([{ path: "p.b", code: "CIDR_OVERLAP", message: "10.0.0.128/25 overlaps 10.0.0.0/24 (p.a)" }]);
  });

  it("reports an exhausted pool per request that did not fit", () => {
    const r = allocate({ pool: cidr("10.0.0.0/24"), path: "p", requests: ["a", "b", "c"].map((key) => ({ key, prefixLength: 25 })) });
    expect(texts(r.blocks)).toEqual({ a: "10.0.0.0/25", b: "10.0.0.128/25" });
    expect(r.issues).toEqual([{ path: "p.c", code: "POOL_EXHAUSTED", message: "no free /25 is left in 10.0.0.0/24" }]);
  });

  it("reports sizes that cannot come from the pool as issues at the size field (never a throw)", () => {
    const r = allocate({ pool, path: "aws.vpcs", requests: [8, 24.5, 33].map((prefixLength, i) => ({ key: `v${i}`, prefixLength })) });
    expect(r.issues).toEqual([
      { path: "aws.vpcs.v0.prefixLength", code: "CIDR_WRONG_SIZE", message: "/8 cannot come from 10.0.0.0/16; use a whole number from 16 to 32" },
      { path: "aws.vpcs.v1.prefixLength", code: "CIDR_WRONG_SIZE", message: "/24.5 cannot come from 10.0.0.0/16; use a whole number from 16 to 32" },
      { path: "aws.vpcs.v2.prefixLength", code: "CIDR_WRONG_SIZE", message: "/33 cannot come from 10.0.0.0/16; use a whole number from 16 to 32" },
    ]);
    expect(r.blocks).toEqual({});
  });

  it("reports malformed pins, and names the registry when the bad value came from the lock", () => {
    const r = allocate({
      pool,
      path: "p",
      requests: [{ key: "a", prefixLength: 24, cidr: "10.0.0.1/24" }, { key: "b", prefixLength: 24 }],
      lock: { "vpc/b": "10.0.300.0/24" },
      lockKey: (k) => `vpc/${k}`,
    });
    expect(r.issues).toEqual([
      { path: "p.a", code: "CIDR_HOST_BITS", message: `"10.0.0.1/24" has host bits set; the network is 10.0.0.0/24` },
      { path: "p.b (from the registry lock)", code: "CIDR_SYNTAX", message: `"10.0.300.0/24" is not an IPv4 CIDR of the form a.b.c.d/n with decimal octets without leading zeros` },
    ]);
    expect(r.blocks).toEqual({});
  });

  it("keeps a locked block (looked up through lockKey) and lets an explicit pin win over the lock", () => {
    const r = allocate({
      pool,
      path: "p",
      requests: [{ key: "a", prefixLength: 24 }, { key: "b", prefixLength: 24, cidr: "10.0.9.0/24" }, { key: "c", prefixLength: 24 }],
      lock: { "vpc/a": "10.0.7.0/24", "vpc/b": "10.0.8.0/24" },
      lockKey: (k) => `vpc/${k}`,
    });
    expect(r.issues).toEqual([]);
    expect(texts(r.blocks)).toEqual({ a: "10.0.7.0/24", b: "10.0.9.0/24", c: "10.0.0.0/24" });
  });
});

describe("supernetFor", () => {
  it("uses the documented per-cloud /12s and validates overrides", () => {
    expect(DEFAULT_SUPERNETS).toEqual({ aws: "10.0.0.0/12", azure: "10.16.0.0/12", gcp: "10.32.0.0/12", onprem: "10.48.0.0/12" });
    expect(supernetFor("azure", undefined, "supernets.azure")).toEqual({ block: cidr("10.16.0.0/12"), issues: [] });
    expect(supernetFor("aws", "172.16.0.0/12", "supernets.aws")).toEqual({ block: cidr("172.16.0.0/12"), issues: [] });
    expect(supernetFor("aws", "172.16.0.0/11", "supernets.aws")).toEqual({
      block: undefined,
      issues: [{ path: "supernets.aws", code: "CIDR_HOST_BITS", message: `"172.16.0.0/11" has host bits set; the network is 172.0.0.0/11` }],
    });
  });
});

// ---- laws ---------------------------------------------------------------------------------------

const POOL = cidr("10.0.0.0/20");
const KEY = fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/);
/** Blocks anywhere near the pool (some inside, some straddling, some outside) with prefixes /18–/28. */
const arbNearBlock = fc.tuple(fc.integer({ min: 0, max: 2 ** 14 - 1 }), fc.integer({ min: 18, max: 28 })).map(([off, len]) => {
  const size = 2 ** (32 - len);
  return blockAt(Math.floor((ipToLong("10.0.0.0") - 2 ** 12 + off) / size) * size, len);
});
const arbReserved = fc.array(arbNearBlock, { maxLength: 5 }).map((bs) => bs.map((b, i) => ({ label: `other${i}`, cidr: b })));
const arbRequests = fc.uniqueArray(fc.record({ key: KEY, prefixLength: fc.integer({ min: 22, max: 28 }) }), { selector: (r) => r.key, maxLength: 12 });

/** The slow, obviously correct allocator: for each key in order, try every aligned start from the bottom. */
function bruteForce(pool: Cidr, requests: readonly AllocationRequest[], reserved: readonly LabeledCidr[]): Record<string, string> {
  const taken: Cidr[] = reserved.map((r) => r.cidr);
  const out: Record<string, string> = {};
  for (const req of [...requests].sort((x, y) => (x.key < y.key ? -1 : 1))) {
    const size = 2 ** (32 - req.prefixLength);
    for (let start = pool.first; start + size - 1 <= pool.last; start += size) {
      const candidate = blockAt(start, req.prefixLength);
      if (!taken.some((t) => overlaps(t, candidate))) {
        taken.push(candidate);
        out[req.key] = candidate.text;
        break;
      }
    }
  }
  return out;
}

describe("allocate: laws", () => {
  it("gives the same blocks as the brute-force first-fit allocator, inside the pool, disjoint from each other and from reserved", () => {
    fc.assert(
      fc.property(arbRequests, arbReserved, (requests, reserved) => {
        const r = allocate({ pool: POOL, path: "p", requests, reserved });
        expect(texts(r.blocks)).toEqual(bruteForce(POOL, requests, reserved));
        const blocks = Object.values(r.blocks);
        blocks.forEach((b, i) => {
          expect(contains(POOL, b)).toBe(true);
          reserved.forEach((x) => expect(overlaps(b, x.cidr)).toBe(false));
          blocks.slice(i + 1).forEach((c) => expect(overlaps(b, c)).toBe(false));
        });
        // Every request is either placed or reported as not fitting; nothing vanishes silently.
        const missing = requests.filter((q) => !(q.key in r.blocks)).map((q) => [`p.${q.key}`, "POOL_EXHAUSTED"]);
        expect(codes(r).sort()).toEqual(missing.sort());
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same output, issues included, whatever order the requests come in", () => {
    // Some requests pinned (possibly overlapping each other, the reserved blocks or leaving the pool) so issues occur too.
    const arbMixed = fc
      .tuple(arbRequests, fc.array(fc.option(arbNearBlock, { nil: undefined }), { minLength: 12, maxLength: 12 }))
      .map(([reqs, pins]) => reqs.map((r, i) => (pins[i] ? { ...r, cidr: pins[i].text } : r)));
    fc.assert(
      fc.property(arbMixed, arbReserved, (requests, reserved) => {
        const shuffled = [...requests].reverse();
        const rotated = [...requests.slice(1), ...requests.slice(0, 1)];
        const a = allocate({ pool: POOL, path: "p", requests, reserved });
        expect(allocate({ pool: POOL, path: "p", requests: shuffled, reserved })).toEqual(a);
        expect(allocate({ pool: POOL, path: "p", requests: rotated, reserved })).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it("re-planning with one more key and the previous result as the lock moves nothing", () => {
    fc.assert(
      fc.property(arbRequests, arbReserved, KEY, fc.integer({ min: 22, max: 28 }), (requests, reserved, extraKey, extraLen) => {
        fc.pre(!requests.some((r) => r.key === extraKey));
        const before = allocate({ pool: POOL, path: "p", requests, reserved });
        const lock = texts(before.blocks);
        const after = allocate({ pool: POOL, path: "p", requests: [...requests, { key: extraKey, prefixLength: extraLen }], reserved, lock });
        for (const [key, text] of Object.entries(lock)) expect(after.blocks[key]?.text).toBe(text);
        const added = after.blocks[extraKey];
        if (added) Object.values(before.blocks).forEach((b) => expect(overlaps(added, b)).toBe(false));
      }),
      { numRuns: 300 },
    );
  });

  it("adding a key that sorts after every existing key moves nothing, even without a lock", () => {
    fc.assert(
      fc.property(arbRequests, arbReserved, fc.integer({ min: 22, max: 28 }), (requests, reserved, extraLen) => {
        const before = allocate({ pool: POOL, path: "p", requests, reserved });
        // KEY only produces [a-z0-9], so "zzzzz" sorts after all of them.
        const after = allocate({ pool: POOL, path: "p", requests: [...requests, { key: "zzzzz", prefixLength: extraLen }], reserved });
        for (const [key, block] of Object.entries(before.blocks)) expect(after.blocks[key]).toEqual(block);
      }),
      { numRuns: 300 },
    );
  });

  it("without a lock, a key that sorts first does move the others (the reason the registry lock exists)", () => {
    const before = allocate({ pool: POOL, path: "p", requests: [{ key: "m", prefixLength: 24 }] });
    const after = allocate({ pool: POOL, path: "p", requests: [{ key: "m", prefixLength: 24 }, { key: "a", prefixLength: 24 }] });
    expect([before.blocks["m"]?.text, after.blocks["m"]?.text]).toEqual(["10.0.0.0/24", "10.0.1.0/24"]);
  });
});
