import { pollUntil, seconds } from "./exec";
import { LogEvidence, SaState, listSas, readCharonLog, saUp, scanCharonLog } from "./probes";
import { LabCheck, makeCheck } from "./report";
import { LabRuntime } from "./runtime";
import { LAB_DEFAULTS, LabSpec, LabTunnel } from "./spec";

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
  readonly up: boolean;
}

/** Neither side will ever start IKE: AWS waits ("add") and Azure is told not to initiate. */
export function nobodyInitiates(tunnel: LabTunnel): boolean {
  const azureMode = tunnel.azure.connectionMode ?? LAB_DEFAULTS.azureConnectionMode;
  return tunnel.aws.startupAction === "add" && azureMode === "ResponderOnly";
}

async function observe(runtime: LabRuntime, tunnel: LabTunnel): Promise<TunnelIpsec> {
  const daemons = runtime.charons.get(tunnel.key);
  if (!daemons) throw new Error(`no charons for tunnel ${tunnel.key}`);
  const [aws, azure] = await Promise.all([listSas(daemons.aws), listSas(daemons.azure)]);
  const evidence = [
    ...scanCharonLog(readCharonLog(daemons.aws)).map((e) => ({ ...e, side: "aws" as const })),
    ...scanCharonLog(readCharonLog(daemons.azure)).map((e) => ({ ...e, side: "azure" as const })),
  ];
  return { key: tunnel.key, aws, azure, evidence, up: saUp(aws) && saUp(azure) };
}

const describeSa = (s: SaState): string => `IKE ${s.ike.join("/") || "none"}, child ${s.child.join("/") || "none"}`;

function evidenceDetail(t: TunnelIpsec, failure: "auth" | "proposal"): string {
  return t.evidence
    .filter((e) => e.failure === failure)
    .map((e) => `${e.side}: ${e.line}`)
    .join("; ");
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
  const tunnels = result.value;
  // Timed from loading the configurations, which is when the gateways start negotiating.
  const took = seconds(runtime.tunnelsStartedAt);
  const down = tunnels.filter((t) => !t.up);
  const sasDetail = tunnels
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
    failureCheck("ike-auth", "auth", "AUTH_FAILED (pre-shared keys differ)"),
    failureCheck("ike-proposals", "proposal", "NO_PROPOSAL_CHOSEN (no common IKE/ESP proposal)"),
  ];
}
