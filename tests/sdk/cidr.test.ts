import fc from "fast-check";
import {
  Cidr,
  DOCUMENTATION_CIDRS,
  LabeledCidr,
  blockAt,
  blockContaining,
  checkCidr,
  cidr,
  cidrProblem,
  contains,
  containsIp,
  findOverlaps,
  hostAt,
  ipToLong,
  isDefaultRoute,
  isIpv4,
  longToIp,
  overlapIssue,
  overlaps,
  parseCidr,
  parseIpv4,
  subBlock,
} from "../../sdk/cidr";

const SYNTAX = (text: string, hint = ""): string =>
  `"${text}" is not an IPv4 CIDR of the form a.b.c.d/n with decimal octets without leading zeros${hint}`;

/** A canonical block from any 32-bit address and prefix length: the address with its host bits cleared. */
const arbBlock = (minPrefix: number, maxPrefix: number, base = 0, span = 2 ** 32): fc.Arbitrary<Cidr> =>
  fc.tuple(fc.integer({ min: 0, max: span - 1 }), fc.integer({ min: minPrefix, max: maxPrefix })).map(([offset, len]) => {
    const size = 2 ** (32 - len);
    return blockAt(Math.floor((base + offset) / size) * size, len);
  });

describe("strict CIDR parsing", () => {
  it.each([
    ["10.0.0.0/33", "CIDR_SYNTAX", SYNTAX("10.0.0.0/33", " (the prefix length must be 0–32)")],
    ["10.0.0.1/16", "CIDR_HOST_BITS", `"10.0.0.1/16" has host bits set; the network is 10.0.0.0/16`],
    ["10.0.0.5/24", "CIDR_HOST_BITS", `"10.0.0.5/24" has host bits set; the network is 10.0.0.0/24`],
    ["not-a-cidr", "CIDR_SYNTAX", SYNTAX("not-a-cidr")],
    // netmask would read this as 0.0.216.240/32
    ["216.240", "CIDR_SYNTAX", SYNTAX("216.240")],
    // leading zeros were octal in netmask < 2.0.1
    ["010.0.0.0/8", "CIDR_SYNTAX", SYNTAX("010.0.0.0/8")],
    ["10.0.0.0", "CIDR_SYNTAX", SYNTAX("10.0.0.0")],
    ["10.0.0.0/08", "CIDR_SYNTAX", SYNTAX("10.0.0.0/08")],
    ["256.0.0.0/8", "CIDR_SYNTAX", SYNTAX("256.0.0.0/8")],
    [" 10.0.0.0/8", "CIDR_SYNTAX", SYNTAX(" 10.0.0.0/8")],
    ["10.0.0.0/8\n", "CIDR_SYNTAX", SYNTAX("10.0.0.0/8\n")],
    ["", "CIDR_SYNTAX", SYNTAX("")],
  ])("rejects %j with %s and the exact message", (text, code, message) => {
    expect(cidrProblem(text)).toEqual({ code, message });
    expect(parseCidr(text)).toBeUndefined();
    expect(checkCidr("aws.vpcs.app.cidr", text)).toEqual([{ path: "aws.vpcs.app.cidr", code, message }]);
    expect(() => cidr(text)).toThrow(new Error(message));
  });

  it.each([
    ["10.0.0.0/16", 167772160, 167837695, 16, 65536],
    ["0.0.0.0/0", 0, 4294967295, 0, 4294967296],
    ["255.255.255.255/32", 4294967295, 4294967295, 32, 1],
    ["169.254.21.0/30", 2852001024, 2852001027, 30, 4],
    ["192.168.0.0/16", 3232235520, 3232301055, 16, 65536],
  ])("parses %s as unsigned integers", (text, first, last, prefixLength, size) => {
    expect(checkCidr("x", text)).toEqual([]);
    expect(parseCidr(text)).toEqual({ text, first, last, prefixLength, size });
    expect(cidr(text)).toEqual({ text, first, last, prefixLength, size });
  });

  it("accepts every canonical block and rejects the same block with any host bit set (law)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (address, len) => {
        const size = 2 ** (32 - len);
        const network = Math.floor(address / size) * size;
        const canonical = `${longToIp(network)}/${len}`;
        expect(parseCidr(canonical)).toEqual({ text: canonical, first: network, last: network + size - 1, prefixLength: len, size });
        const written = `${longToIp(address)}/${len}`;
        if (address === network) expect(cidrProblem(written)).toBeUndefined();
        else expect(cidrProblem(written)).toEqual({ code: "CIDR_HOST_BITS", message: `"${written}" has host bits set; the network is ${canonical}` });
      }),
    );
  });

  it("converts addresses to unsigned integers and back, including above 2^31", () => {
    expect(ipToLong("255.255.255.255")).toBe(4294967295);
    expect(ipToLong("128.0.0.0")).toBe(2147483648);
    expect(longToIp(4294967295)).toBe("255.255.255.255");
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => expect(ipToLong(longToIp(n))).toBe(n)));
  });

  it("accepts only canonical dotted quads as addresses", () => {
    expect(["10.0.0.1", "010.0.0.1", "10.0.1", "10.0.0.256", "10.0.0.1/32"].map(isIpv4)).toEqual([true, false, false, false, false]);
  });

  it("parses an address to its integer only when it is a canonical dotted quad, never as netmask would read it", () => {
    expect(["10.0.0.1", "255.255.255.255", "0.0.0.0"].map(parseIpv4)).toEqual([167772161, 4294967295, 0]);
    // netmask reads "216.240" as 0.0.216.240 and "010.0.0.1" as octal in old versions; neither is an address here.
    expect(["216.240", "010.0.0.1", "10.0.0.256", " 10.0.0.1", "10.0.0.1 ", "10.0.0.1/32", "", "1e3.0.0.1"].map(parseIpv4)).toEqual(
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => expect(parseIpv4(longToIp(n))).toBe(n)));
  });

  it("throws instead of guessing when a known-valid address or integer is not one", () => {
    expect(() => ipToLong("216.240")).toThrow(new Error(`"216.240" is not an IPv4 address of the form a.b.c.d with decimal octets without leading zeros`));
    expect(() => ipToLong("10.0.0.1/32")).toThrow(new Error(`"10.0.0.1/32" is not an IPv4 address of the form a.b.c.d with decimal octets without leading zeros`));
    expect(() => longToIp(2 ** 32)).toThrow(new Error("4294967296 is not an IPv4 address (an integer from 0 to 4294967295)"));
    expect(() => longToIp(-1)).toThrow(new Error("-1 is not an IPv4 address (an integer from 0 to 4294967295)"));
    expect(() => longToIp(1.5)).toThrow(new Error("1.5 is not an IPv4 address (an integer from 0 to 4294967295)"));
  });

  it("keeps the RFC 5737 documentation ranges canonical", () => {
    for (const text of Object.values(DOCUMENTATION_CIDRS)) expect(cidrProblem(text)).toBeUndefined();
  });
});

describe("blockContaining", () => {
  it.each([
    ["169.254.21.2", 30, "169.254.21.0/30"],
    ["169.254.21.3", 30, "169.254.21.0/30"],
    ["169.254.21.4", 30, "169.254.21.4/30"],
    ["10.1.2.3", 16, "10.1.0.0/16"],
    ["255.255.255.255", 0, "0.0.0.0/0"],
    ["192.0.2.7", 32, "192.0.2.7/32"],
  ])("puts %s in its /%i: %s", (ip, len, text) => {
    expect(blockContaining(ipToLong(ip), len).text).toBe(text);
  });

  it("returns the one aligned block of that size holding the address, whatever the address", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (n, len) => {
        const b = blockContaining(n, len);
        expect([b.prefixLength, b.first <= n && n <= b.last, b.first % b.size]).toEqual([len, true, 0]);
        expect(parseCidr(b.text)).toEqual(b);
      }),
    );
  });

  it("refuses what is not an address or a prefix length", () => {
    expect(() => blockContaining(2 ** 32, 30)).toThrow(new Error("4294967296 is not an IPv4 address (an integer from 0 to 4294967295)"));
    expect(() => blockContaining(0, 33)).toThrow(new Error("/33 is not an IPv4 prefix length (0–32)"));
  });
});

describe("containment and overlap", () => {
  it.each([
    ["10.0.0.0/16", "10.0.4.0/24", true, true],
    ["10.0.4.0/24", "10.0.0.0/16", false, true],
    ["10.0.0.0/16", "10.0.0.0/16", true, true],
    ["10.0.0.0/16", "10.1.0.0/16", false, false],
    ["10.0.0.0/24", "10.0.1.0/24", false, false],
    ["10.0.0.0/25", "10.0.0.128/25", false, false],
    ["0.0.0.0/0", "255.255.255.255/32", true, true],
  ])("%s contains %s: %s, overlaps: %s", (outer, inner, isContained, isOverlapping) => {
    expect(contains(cidr(outer), cidr(inner))).toBe(isContained);
    expect(overlaps(cidr(outer), cidr(inner))).toBe(isOverlapping);
    expect(overlaps(cidr(inner), cidr(outer))).toBe(isOverlapping);
  });

  it("checks single addresses at the block edges", () => {
    const b = cidr("10.0.4.0/24");
    expect(["10.0.3.255", "10.0.4.0", "10.0.4.255", "10.0.5.0"].map((ip) => containsIp(b, ip))).toEqual([false, true, true, false]);
  });

  it("two blocks overlap exactly when one contains the other (CIDR blocks are laminar)", () => {
    fc.assert(
      fc.property(arbBlock(0, 32), arbBlock(0, 32), (a, b) => {
        expect(overlaps(a, b)).toBe(contains(a, b) || contains(b, a));
        expect(overlaps(a, b)).toBe(overlaps(b, a));
      }),
    );
  });

  it("recognises default routes only", () => {
    expect(["0.0.0.0/0", " 0.0.0.0/0 ", "::/0", "0.0.0.0/1", "10.0.0.0/0"].map(isDefaultRoute)).toEqual([true, true, true, false, false]);
  });
});

describe("subBlock, blockAt and hostAt", () => {
  it("indexes aligned sub-blocks like Terraform's cidrsubnet", () => {
    const parent = cidr("10.0.0.0/16");
    expect(subBlock(parent, 24, 0).text).toBe("10.0.0.0/24");
    expect(subBlock(parent, 24, 3).text).toBe("10.0.3.0/24");
    expect(subBlock(parent, 24, 255).text).toBe("10.0.255.0/24");
    expect(subBlock(parent, 20, 1)).toEqual(cidr("10.0.16.0/20"));
    expect(subBlock(parent, 16, 0)).toEqual(parent);
    expect(subBlock(cidr("169.254.21.0/24"), 30, 63).text).toBe("169.254.21.252/30");
  });

  it("rejects sub-blocks that do not exist, with the reason", () => {
    const parent = cidr("10.0.0.0/16");
    expect(() => subBlock(parent, 24, 256)).toThrow(new Error("10.0.0.0/16 has 256 /24 blocks; index 256 is out of range"));
    expect(() => subBlock(parent, 24, -1)).toThrow(new Error("10.0.0.0/16 has 256 /24 blocks; index -1 is out of range"));
    expect(() => subBlock(parent, 24, 1.5)).toThrow(new Error("10.0.0.0/16 has 256 /24 blocks; index 1.5 is out of range"));
    expect(() => subBlock(parent, 8, 0)).toThrow(new Error("/8 does not fit in 10.0.0.0/16"));
    expect(() => subBlock(parent, 33, 0)).toThrow(new Error("/33 does not fit in 10.0.0.0/16"));
  });

  it("every sub-block lies inside its parent and consecutive indexes tile it (law)", () => {
    fc.assert(
      fc.property(arbBlock(8, 28), fc.integer({ min: 0, max: 4 }), fc.nat(), (parent, extra, rawIndex) => {
        const len = parent.prefixLength + extra;
        const count = 2 ** extra;
        const index = rawIndex % count;
        const child = subBlock(parent, len, index);
        expect(contains(parent, child)).toBe(true);
        expect(child.first).toBe(parent.first + index * child.size);
        if (index + 1 < count) expect(subBlock(parent, len, index + 1).first).toBe(child.last + 1);
      }),
    );
  });

  it("refuses unaligned starts", () => {
    expect(blockAt(ipToLong("10.0.1.0"), 24).text).toBe("10.0.1.0/24");
    expect(() => blockAt(ipToLong("10.0.0.1"), 24)).toThrow(new Error("10.0.0.1 is not aligned to /24"));
  });

  it("gives AWS the first and Azure the second address of a /30, and nothing past the block", () => {
    const b = cidr("169.254.21.4/30");
    expect([0, 1, 2, 3].map((o) => hostAt(b, o))).toEqual(["169.254.21.4", "169.254.21.5", "169.254.21.6", "169.254.21.7"]);
    expect(() => hostAt(b, 4)).toThrow(new Error("169.254.21.4/30 has no host at offset 4"));
    expect(() => hostAt(b, -1)).toThrow(new Error("169.254.21.4/30 has no host at offset -1"));
  });
});

describe("findOverlaps", () => {
  const L = (label: string, text: string): LabeledCidr => ({ label, cidr: cidr(text) });
  const pairs = (items: LabeledCidr[]): [string, string][] => findOverlaps(items).map((p) => [p.a.label, p.b.label]);

  it("reports a nested block against its parent, enclosing block first", () => {
    expect(pairs([L("subnet", "10.0.1.0/24"), L("vpc", "10.0.0.0/16")])).toEqual([["vpc", "subnet"]]);
  });

  it("reports equal blocks once, earlier label first", () => {
    expect(pairs([L("zeta", "10.0.0.0/16"), L("alpha", "10.0.0.0/16")])).toEqual([["alpha", "zeta"]]);
  });

  it("reports nothing for disjoint blocks, even adjacent ones", () => {
    expect(pairs([L("a", "10.0.0.0/24"), L("b", "10.0.1.0/24"), L("c", "10.1.0.0/16")])).toEqual([]);
    expect(pairs([L("lo", "10.0.0.0/25"), L("hi", "10.0.0.128/25")])).toEqual([]);
  });

  it("reports every pair of a three-level nesting, and a sibling only against its ancestors", () => {
    const items = [L("c-24", "10.1.2.0/24"), L("d-other16", "10.9.0.0/16"), L("a-8", "10.0.0.0/8"), L("b-16", "10.1.0.0/16")];
    expect(pairs(items)).toEqual([
      ["a-8", "b-16"],
      ["a-8", "c-24"],
      ["b-16", "c-24"],
      ["a-8", "d-other16"],
    ]);
  });

  it("renders a pair as an issue at the second member's path", () => {
    const [pair] = findOverlaps([L("aws.vpcs.app", "10.0.0.0/20"), L("azure.vnets.hub", "10.0.8.0/21")]);
    expect(pair && overlapIssue(pair)).toEqual({ path: "azure.vnets.hub", code: "CIDR_OVERLAP", message: "10.0.8.0/21 overlaps 10.0.0.0/20 (aws.vpcs.app)" });
  });

  it("finds exactly the pairs an O(n²) comparison finds, each with the enclosing block first (law)", () => {
    // A /16 with prefixes 16–24 makes nesting and equal blocks common.
    const arbItems = fc.array(arbBlock(16, 24, ipToLong("10.0.0.0"), 2 ** 16), { maxLength: 25 }).map((blocks) => blocks.map((b, i) => ({ label: `n${String(i).padStart(2, "0")}`, cidr: b })));
    fc.assert(
      fc.property(arbItems, (items) => {
        const fast = findOverlaps(items);
        const brute: string[] = [];
        items.forEach((x, i) => items.forEach((y, j) => { if (i < j && overlaps(x.cidr, y.cidr)) brute.push([x.label, y.label].sort().join("+")); }));
        expect(fast.map((p) => [p.a.label, p.b.label].sort().join("+")).sort()).toEqual(brute.sort());
        for (const p of fast) {
          expect(contains(p.a.cidr, p.b.cidr)).toBe(true);
          if (p.a.cidr.text === p.b.cidr.text) expect(p.a.label < p.b.label).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
