/**
 * The lab's result: every check with its verdict, what was seen, and how long it took.
 */
export const LAB_CHECKS = {
  "ipsec-sas": "IKE and child SAs up on every tunnel",
  "ipsec-rekey": "child SAs rekey (PFS negotiated) when either side initiates",
  "ike-auth": "IKE authentication (pre-shared keys agree)",
  "ike-proposals": "IKE/ESP proposals agree",
  "bgp-sessions": "BGP sessions Established",
  "bgp-prefixes": "each side learned exactly the other's prefixes",
  "preferred-path": "traffic uses the preferred tunnel",
  ecmp: "every tunnel is an equal next hop on both sides, and flows spread over at least 3",
  "interconnect-bgp": "ExpressRoute and Direct Connect peerings Established with BFD, prefixes as rendered",
  "interconnect-preferred": "AWS↔Azure traffic takes the interconnect both ways, the VPN routes present as backup",
  ping: "LAN-to-LAN ping across the tunnels, both directions",
  "default-route-filtered": "a default route from either side is filtered, never installed",
  failover: "silent loss of a tunnel fails over within hold time + 5 s (with ECMP: no loss on the surviving tunnels)",
  "failover-restore": "the cut tunnel carries traffic again after healing",
  "interconnect-failover": "a silent interconnect blackhole moves traffic to the VPN both ways within BFD detection + 2 s",
  "interconnect-restore": "healing the interconnect returns traffic to it",
  "dns-failover": "Azure clients get the secondary within the record's TTL once the primary's alarm fires (and only while the standby is reachable)",
  teardown: "no process or namespace of the run remains",
} as const;

export type LabCheckName = keyof typeof LAB_CHECKS;
export type LabCheckStatus = "pass" | "fail" | "skip";

/** One check's result; `N` is the catalogue's check names (the IPsec lab's by default, the overlay lab's in lab/overlay). */
export interface LabCheck<N extends string = LabCheckName> {
  readonly name: N;
  readonly title: string;
  readonly status: LabCheckStatus;
  /** What was observed; for a skip, why it did not run. */
  readonly detail: string;
  /** Wall-clock time the check took (for failover: the measured failover time). */
  readonly seconds: number;
  /** Keys of the tunnels a failure concerns. */
  readonly tunnels?: readonly string[];
}

export interface LabReport<N extends string = LabCheckName> {
  readonly name: string;
  readonly runId: string;
  /** True when no check failed. Skips happen only for checks that do not apply or were turned off. */
  readonly passed: boolean;
  readonly checks: readonly LabCheck<N>[];
  /** Hold time BGP settled on, per tunnel, as read back from FRR. */
  readonly negotiatedHoldTimeSeconds: Readonly<Record<string, number>>;
  readonly setupSeconds: number;
  readonly totalSeconds: number;
  /** Things worth knowing that are not failures, e.g. algorithms this machine cannot emulate. */
  readonly notes: readonly string[];
  /** Figures measured on this machine (bring-up, failover, ECMP spread): benchmarks, reported, not asserted beyond the checks. */
  readonly figures?: readonly string[];
  /** Kept only when asked for (`keepWorkDir`); pre-shared keys are deleted from it regardless. */
  readonly workDir?: string;
}

export function makeCheck(name: LabCheckName, status: LabCheckStatus, detail: string, seconds: number, tunnels?: readonly string[]): LabCheck {
  return makeCheckOf(LAB_CHECKS, name, status, detail, seconds, tunnels);
}

/** A check of any catalogue (check name → title), e.g. the overlay lab's `OVERLAY_LAB_CHECKS`. */
export function makeCheckOf<C extends Readonly<Record<string, string>>>(
  catalogue: C,
  name: keyof C & string,
  status: LabCheckStatus,
  detail: string,
  seconds: number,
  tunnels?: readonly string[],
): LabCheck<keyof C & string> {
  const base = { name, title: catalogue[name] as string, status, detail, seconds };
  return tunnels && tunnels.length > 0 ? { ...base, tunnels } : base;
}

const MARK: Readonly<Record<LabCheckStatus, string>> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

/** A plain-text report, one block per check, meant for a terminal or a CI log. */
export function formatReport(report: LabReport<string>): string {
  const lines = [
    `crosscloud lab "${report.name}" (run ${report.runId}): ${report.passed ? "PASSED" : "FAILED"}`,
    `  setup ${report.setupSeconds.toFixed(1)} s, total ${report.totalSeconds.toFixed(1)} s`,
  ];
  const holds = Object.entries(report.negotiatedHoldTimeSeconds);
  if (holds.length > 0) lines.push(`  negotiated BGP hold time: ${holds.map(([k, v]) => `${k} ${v} s`).join(", ")}`);
  lines.push("");
  for (const check of report.checks) {
    const time = check.status === "skip" ? "" : ` (${check.seconds.toFixed(2)} s)`;
    lines.push(`  [${MARK[check.status]}] ${check.name}: ${check.title}${time}`);
    for (const detail of check.detail.split("\n")) lines.push(`         ${detail}`);
  }
  if (report.figures && report.figures.length > 0) {
    lines.push("", "  figures:");
    for (const figure of report.figures) lines.push(`    - ${figure}`);
  }
  if (report.notes.length > 0) {
    lines.push("", "  notes:");
    for (const note of report.notes) lines.push(`    - ${note}`);
  }
  if (report.workDir) lines.push("", `  work dir (kept): ${report.workDir}`);
  return lines.join("\n");
}
