import { readFileSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * "A cloud fact is written once, in sdk/, with its source": every default ASN, reserved block and
 * timer appears, as a literal, in exactly one non-test source file, the sdk file named for it.
 * Everything else (components, policies, simulators, the lab, the CLI, benchmarks) imports it.
 *
 * The scan is grep-like: it reads comments and strings too, because a number restated in a doc
 * comment or an error message drifts just like one restated in code. To stay blind to unrelated
 * numbers, each fact is matched the way it is written:
 *  - ASNs and address blocks as whole literals (`64512` but not `4200064512`, `169.254.21.0` but not
 *    `169.254.21.04`);
 *  - BGP timers only next to a hold/keepalive name or word (`holdTimeSeconds: 30`, "hold 30 s");
 *  - the Azure DPD default and AWS DPD minimum only on a line that talks about DPD.
 */

const ROOT = join(__dirname, "..", "..");
const SKIP_DIRS = new Set(["node_modules", "dist", "out", "coverage", "tests"]);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

function sourceFiles(dir = ROOT): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (SOURCE.test(entry.name) && !/\.test\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      files.push({ path: relative(ROOT, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
    }
  }
  return files;
}

interface Fact {
  readonly name: string;
  /** The sdk file named for the fact. */
  readonly home: string;
  /** Every line of `text` that states the fact. */
  readonly find: (text: string) => string[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const linesMatching = (text: string, test: (line: string) => boolean): string[] => text.split("\n").filter(test);

/** `literal` not glued to another digit (or, for an address, to a further octet). */
const literal = (name: string, home: string, value: string): Fact => {
  const re = new RegExp(`(?<![\\d.])${escape(value)}(?![\\d]|\\.\\d)`);
  return { name, home, find: (text) => linesMatching(text, (l) => re.test(l)) };
};

// ---- the facts -------------------------------------------------------------------------------

const ASNS: Record<string, string> = {
  "64512": "AWS's default amazon-side ASN",
  "65515": "Azure's default VPN gateway / Route Server ASN",
  "12076": "Microsoft's ExpressRoute ASN",
  "7224": "Amazon's own ASN",
  "8074": "an ASN Azure reserves",
  "8075": "an ASN Azure reserves",
  "65517": "first of Azure's internal ASNs",
  "65520": "last of Azure's and ExpressRoute's reserved ASNs",
};

const BLOCKS = [
  "169.254.0.0/16",
  "169.254.21.0",
  "169.254.22.255",
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252",
];

const DOCUMENTATION_BLOCKS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"];

/** Every BGP timer value a cloud defines (AWS VPN 30/10, Azure VPN 180/60, DX 90/30, ExpressRoute 180/60). */
const BGP_TIMER_VALUES = new Set(["10", "30", "60", "90", "180"]);
const TIMER_NAME = /\w*(?:hold|keepalive|keepAlive)\w*["']?\s*[:=]\s*(\d+)\b/gi;
const TIMER_PROSE = [/\b(?:hold(?:[ -]?time(?:r)?)?|keep-?alive)\b[^\d\n.;]{0,15}?(\d+)\s?(?:s|sec|seconds)\b/gi, /\b(\d+)\s?(?:s|seconds)\s+(?:bgp\s+)?(?:hold|keep-?alive)\b/gi];

function bgpTimerLines(text: string): string[] {
  return linesMatching(text, (line) =>
    [TIMER_NAME, ...TIMER_PROSE].some((re) => [...line.matchAll(re)].some((m) => m[1] !== undefined && BGP_TIMER_VALUES.has(m[1]))),
  );
}

const dpdLines = (value: string) => (text: string): string[] =>
  linesMatching(text, (l) => /dpd|dead[- ]peer/i.test(l) && new RegExp(`(?<![\\d.])${value}(?!\\d)`).test(l));

const FACTS: readonly Fact[] = [
  ...Object.entries(ASNS).map(([asn, what]) => literal(`ASN ${asn} (${what})`, "sdk/asn.ts", asn)),
  ...BLOCKS.map((block) => literal(`link-local block ${block}`, "sdk/apipa.ts", block)),
  ...DOCUMENTATION_BLOCKS.map((block) => literal(`RFC 5737 block ${block}`, "sdk/cidr.ts", block)),
  { name: "BGP hold/keepalive timers (30, 180, 90, 60, 10 s)", home: "sdk/bgp.ts", find: bgpTimerLines },
  literal("Azure's fixed IKE SA lifetime 28800 s", "sdk/ipsec-vocabulary.ts", "28800"),
  literal("Azure's fixed IKE SA lifetime 28,800 s", "sdk/ipsec-vocabulary.ts", "28,800"),
  { name: "Azure's default DPD timeout 45 s", home: "sdk/ipsec-vocabulary.ts", find: dpdLines("45") },
  { name: "AWS's minimum DPD timeout 30 s", home: "sdk/ipsec-vocabulary.ts", find: dpdLines("30") },
  // Prices: a dollar sign and a figure ("$0.05/h", "≈ $180"); not a template's `${`, a regex's "$1" or a shell's $0.
  { name: "prices in USD", home: "sdk/prices.ts", find: (text) => linesMatching(text, (l) => /(?<![\w"'$/])\$\d+(?:[.,]\d+)?(?![\w$])/.test(l)) },
];

/** Files (with the offending lines) that state `fact`. */
function statedIn(files: readonly SourceFile[], fact: Fact): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of files) {
    const lines = fact.find(f.text);
    if (lines.length > 0) out[f.path] = lines.map((l) => l.trim());
  }
  return out;
}

// ---- the tests -------------------------------------------------------------------------------

describe("cloud facts are written once, in the sdk file named for them", () => {
  const files = sourceFiles();

  it("scans the whole source tree except tests, dependencies and build output", () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["sdk/asn.ts", "preview/simulate-aws.ts", "lab/spec/spec.ts", "components/site-to-site-vpn.ts", "policy/rules/bgp-asn-rules.ts"]));
    expect(paths.filter((p) => p.startsWith("tests/") || p.includes("node_modules/") || p.startsWith("dist/") || /\.test\.ts$/.test(p))).toEqual([]);
  });

  it.each(FACTS.map((f) => [f.name, f] as const))("%s", (_name, fact) => {
    // One file, and the right one: moving a fact out of its home fails as loudly as copying it.
    expect(statedIn(files, fact)).toEqual({ [fact.home]: expect.any(Array) });
  });
});

describe("the facts scanner", () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const fact = (name: string): Fact => {
    const found = FACTS.find((f) => f.name.startsWith(name));
    if (!found) throw new Error(name);
    return found;
  };

  it("reports a planted copy, in code, a string or a comment, with its line", () => {
    const tree = [
      file("sdk/asn.ts", "export const AWS_DEFAULT_AMAZON_ASN = 64512;"),
      file("lab/spec/spec.ts", "const awsAsn = 64512;"),
      file("policy/rules/x.ts", `const msg = "defaults: 64512 on AWS";`),
      file("components/y.ts", "/** @default 64512 */"),
    ];
    expect(statedIn(tree, fact("ASN 64512"))).toEqual({
      "sdk/asn.ts": ["export const AWS_DEFAULT_AMAZON_ASN = 64512;"],
      "lab/spec/spec.ts": ["const awsAsn = 64512;"],
      "policy/rules/x.ts": [`const msg = "defaults: 64512 on AWS";`],
      "components/y.ts": ["/** @default 64512 */"],
    });
  });

  it("is blind to numbers that merely contain a fact", () => {
    const tree = [file("a.ts", "const max = 4200064512; const ip = '10.64512.0.1'; const port = 645120;"), file("b.ts", "'169.254.21.04', '169.254.21.0.5', '1169.254.21.0'")];
    expect(statedIn(tree, fact("ASN 64512"))).toEqual({});
    expect(statedIn(tree, fact("link-local block 169.254.21.0"))).toEqual({});
    expect(statedIn([file("c.ts", "cidr: '169.254.21.0/30'")], fact("link-local block 169.254.21.0"))).toEqual({ "c.ts": ["cidr: '169.254.21.0/30'"] });
  });

  it("finds BGP timers by name or by prose, and ignores the same numbers elsewhere", () => {
    const timers = fact("BGP hold/keepalive");
    const stated = [
      "awsBgpHoldTimeSeconds: 30,",
      "const AWS_VPN_BGP_HOLD_TIME = 30;",
      "state.tunnel1BgpHoldtime = 30;",
      "azureBgpTimers: { keepaliveSeconds: 60, holdTimeSeconds: 180 },",
      "/** DX default BGP timers: hold 90 s, keepalive 30 s. */",
      "// AWS keeps the RFC's one-third ratio: 10 s keepalive for its 30 s hold.",
    ];
    for (const line of stated) expect([line, timers.find(line)]).toEqual([line, [line]]);
    const unrelated = [
      "const timeoutSeconds = 30;",
      "// negotiated hold time + 5 s",
      "if (holdTimeSeconds < 3) return;",
      "// the 60–90 s of an active-standby failover",
      "mtu: 1500, keepaliveCount: 3,",
      "// the 45-minute gateway build",
    ];
    for (const line of unrelated) expect([line, timers.find(line)]).toEqual([line, []]);
  });

  it("finds DPD values only where DPD is meant", () => {
    expect(fact("Azure's default DPD").find("dpdTimeoutSeconds: cond ? x : 45,")).toEqual(["dpdTimeoutSeconds: cond ? x : 45,"]);
    expect(fact("Azure's default DPD").find("azureVpnGateway: 45,")).toEqual([]);
    expect(fact("AWS's minimum DPD").find("if (p.dpdTimeoutSeconds < 30) fail();")).toEqual(["if (p.dpdTimeoutSeconds < 30) fail();"]);
  });

  it("finds prices by their dollar sign, not regex groups, shell arguments or template holes", () => {
    const prices = fact("prices in USD");
    for (const line of ["// four ENIs ≈ $365 a month", "* (≈ $180 each, UNCONFIRMED)", "const perGb = 0.02; // $0.02/GB", "($1,100/month)"]) expect([line, prices.find(line)]).toEqual([line, [line]]);
    for (const line of ["s.replace(/x/, '$1')", "`mount --bind \"$0\" /run`", "`$${n}`", "\"<rootDir>/$1/index.ts\"", "`$2a$10$${hash}`"]) expect([line, prices.find(line)]).toEqual([line, []]);
  });
});
