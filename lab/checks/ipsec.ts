import { pollUntil, seconds } from "../runtime/exec";
import { Side } from "../topology/plan";
import { LogEvidence, SaState, countFailureLines, listSas, readCharonLog, rekeyChild, saUp, scanCharonLog } from "./probes";
import { LabCheck, makeCheck } from "./report";
import { LabRuntime } from "../runtime/context";
import { AWS_TUNNEL_DEFAULTS, AZURE_CONNECTION_DEFAULTS } from "../../sdk";
import { LabSpec, LabTunnel } from "../spec/spec";

/**
 * Checks 1 and 6: every tunnel's IKE and child SAs come up, and when they do not, *why*: an
 * authentication failure (pre-shared keys differ) and a proposal failure (no common algorithms)
 * are reported as separate, named checks, from the evidence in the charon logs.
 */

interface TunnelIpsec {
  readonly key: string;
  readonly aws: SaState;
  readonly azure: SaState;
  readonly evidence: readonly (LogEvidence & { readonly side: "aws" | "azure" })[];
  /** Failure lines in both logs so far: a new failed exchange raises it. */
  readonly failureLines: number;
  readonly up: boolean;
}

/** Neither side will ever start IKE: AWS waits ("add") and Azure is told not to initiate. */
export function nobodyInitiates(tunnel: LabTunnel): boolean {
  const azureMode = tunnel.azure.connectionMode ?? AZURE_CONNECTION_DEFAULTS.connectionMode;
  return (tunnel.aws.startupAction ?? AWS_TUNNEL_DEFAULTS.startupAction) === "add" && azureMode === "ResponderOnly";
}

async function observe(runtime: LabRuntime, tunnel: LabTunnel): Promise<TunnelIpsec> {
  const daemons = runtime.charons.get(tunnel.key);
  if (!daemons) throw new Error(`no charons for tunnel ${tunnel.key}`);
  const [aws, azure] = await Promise.all([listSas(daemons.aws), listSas(daemons.azure)]);
  const awsLog = readCharonLog(daemons.aws);
  const azureLog = readCharonLog(daemons.azure);
  const evidence = [
    ...scanCharonLog(awsLog).map((e) => ({ ...e, side: "aws" as const })),
    ...scanCharonLog(azureLog).map((e) => ({ ...e, side: "azure" as const })),
  ];
  const failureLines = countFailureLines(awsLog) + countFailureLines(azureLog);
  return { key: tunnel.key, aws, azure, evidence, failureLines, up: saUp(aws) && saUp(azure) };
}

const describeSa = (s: SaState): string => `IKE ${s.ike.join("/") || "none"}, child ${s.child.join("/") || "none"}`;

function evidenceDetail(t: TunnelIpsec, failure: "auth" | "proposal"): string {
  return t.evidence
    .filter((e) => e.failure === failure)
    .map((e) => `${e.side}: ${e.line}`)
    .join("; ");
}

/**
 * Rekeys every tunnel's CHILD SA from `side` and waits until each tunnel shows a new installed
 * CHILD SA on both ends, or evidence of a failure. Returns the keys of tunnels that did not rekey.
 */
async function rekeyRound(runtime: LabRuntime, side: Side, keys: readonly string[]): Promise<{ failed: string[]; seconds: number }> {
  const tunnels = runtime.spec.tunnels.filter((t) => keys.includes(t.key));
  const before = await Promise.all(tunnels.map((t) => observe(runtime, t)));
  for (const tunnel of tunnels) {
    const daemons = runtime.charons.get(tunnel.key);
    if (daemons) await rekeyChild(daemons[side]);
  }
  const isNew = (now: SaState, then: SaState | undefined): boolean => now.installed.some((id) => !(then?.installed ?? []).includes(id));
  const result = await pollUntil(
    async () => {
      const now = await Promise.all(tunnels.map((t) => observe(runtime, t)));
      const status = now.map((t, i) => {
        const old = before[i];
        const rekeyed = isNew(t.aws, old?.aws) && isNew(t.azure, old?.azure);
        const failed = t.failureLines > (old?.failureLines ?? 0);
        return { key: t.key, rekeyed, failed };
      });
      return { done: status.every((s) => s.rekeyed || s.failed), value: status };
    },
    { what: `CHILD SA rekey from ${side}`, deadlineSeconds: runtime.timeouts.ipsecSeconds, signal: runtime.signal, intervalMs: 100 },
  );
  return { failed: result.value.filter((s) => !s.rekeyed || s.failed).map((s) => s.key), seconds: result.seconds };
}

export async function checkIpsec(runtime: LabRuntime): Promise<LabCheck[]> {
  const spec: LabSpec = runtime.spec;
  const silent = spec.tunnels.filter(nobodyInitiates).map((t) => t.key);
  const result = await pollUntil(
    async () => {
      const tunnels = await Promise.all(spec.tunnels.map((t) => observe(runtime, t)));
      // A tunnel is decided when it is up, or when its logs show a failure no retry can fix.
      const decided = tunnels.every((t) => t.up || t.evidence.length > 0 || silent.includes(t.key));
      const state = tunnels.map((t) => `${t.key}: ${t.up ? "up" : "down"}`).join(", ");
      return { done: decided, value: tunnels, state };
    },
    { what: "IKE and child SAs", deadlineSeconds: runtime.timeouts.ipsecSeconds, signal: runtime.signal, intervalMs: 100 },
  );
  // Timed from loading the configurations, which is when the gateways start negotiating.
  const took = seconds(runtime.tunnelsStartedAt);
  let rekey: LabCheck;
  const upKeys = result.value.filter((t) => t.up).map((t) => t.key);
  if (upKeys.length > 0) {
    const rounds: { side: Side; failed: string[]; seconds: number }[] = [];
    // Azure first: the usual initiator; then AWS, whose proposals Azure must accept as responder.
    for (const side of ["azure", "aws"] as const) rounds.push({ side, ...(await rekeyRound(runtime, side, upKeys)) });
    const failed = [...new Set(rounds.flatMap((r) => r.failed))];
    const notUp = spec.tunnels.map((t) => t.key).filter((k) => !upKeys.includes(k));
    const lines = rounds.map(
      (r) => `rekey initiated by ${r.side}: ${r.failed.length === 0 ? `${upKeys.length} tunnel(s) rekeyed` : `FAILED on ${r.failed.join(", ")}`} (${r.seconds.toFixed(2)} s)`,
    );
    if (notUp.length > 0) lines.push(`not attempted on tunnels that never came up: ${notUp.join(", ")}`);
    rekey = makeCheck("ipsec-rekey", failed.length === 0 ? "pass" : "fail", lines.join("\n"), rounds.reduce((sum, r) => sum + r.seconds, 0), failed);
  } else {
    rekey = makeCheck("ipsec-rekey", "skip", "skipped: no tunnel came up", 0);
  }
  // Re-read the logs: a rekey can be the first place a proposal mismatch (PFS) shows.
  const tunnels = await Promise.all(spec.tunnels.map((t) => observe(runtime, t)));
  const down = result.value.filter((t) => !t.up);
  const sasDetail = result.value
    .map((t) =>
      t.up
        ? `${t.key}: up (aws ${describeSa(t.aws)}; azure ${describeSa(t.azure)})`
        : `${t.key}: DOWN (aws ${describeSa(t.aws)}; azure ${describeSa(t.azure)})${
            silent.includes(t.key) ? " — neither side initiates: AWS startupAction \"add\" and Azure connectionMode \"ResponderOnly\"" : ""
          }`,
    )
    .join("\n");
  const sasCheck = makeCheck(
    "ipsec-sas",
    down.length === 0 ? "pass" : "fail",
    down.length === 0 || result.done ? sasDetail : `${sasDetail}\n(gave up after ${runtime.timeouts.ipsecSeconds} s)`,
    took,
    down.map((t) => t.key),
  );

  const failureCheck = (name: "ike-auth" | "ike-proposals", failure: "auth" | "proposal", label: string): LabCheck => {
    const failed = tunnels.filter((t) => t.evidence.some((e) => e.failure === failure));
    const detail =
      failed.length === 0
        ? `no ${label} in any charon log`
        : failed.map((t) => `${t.key}: ${label} — ${evidenceDetail(t, failure)}`).join("\n");
    return makeCheck(name, failed.length === 0 ? "pass" : "fail", detail, took, failed.map((t) => t.key));
  };
  return [
    sasCheck,
    rekey,
    failureCheck("ike-auth", "auth", "AUTH_FAILED (pre-shared keys differ)"),
    failureCheck("ike-proposals", "proposal", "NO_PROPOSAL_CHOSEN (no common IKE/ESP proposal)"),
  ];
}
