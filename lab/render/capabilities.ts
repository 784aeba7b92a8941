import { Side } from "../topology/plan";
import { EXTRA_PLUGINS_PACKAGE } from "./proposals";
import { BASE_CHARON_PLUGINS, SideProposals, runnableProposals, sideProposals, unrunnableKeywords } from "./strongswan";
import { LabSpec } from "../spec/spec";

/**
 * Matches the spec's algorithms to the strongSwan plugins installed here. lab.md's packages give
 * AES-CBC, SHA-1/2, MD5 and MODP groups; ECP groups, GCM and 3DES need more plugins.
 */

export class LabUnsupportedError extends Error {
  constructor(readonly problems: readonly { readonly tunnel: string; readonly keywords: readonly string[] }[]) {
    super(
      `the lab cannot emulate these Azure IPsec policies on this machine: ${problems
        .map((p) => `tunnel ${p.tunnel} needs ${p.keywords.join(", ")}`)
        .join("; ")}. No installed strongSwan plugin implements them (try package ${EXTRA_PLUGINS_PACKAGE}).`,
    );
    this.name = "LabUnsupportedError";
  }
}

export interface CharonSetup {
  readonly proposals: SideProposals;
  readonly plugins: readonly string[];
}

export interface LabCapabilities {
  /** Per tunnel key, per side. */
  readonly charons: ReadonlyMap<string, Readonly<Record<Side, CharonSetup>>>;
  readonly notes: readonly string[];
}

/**
 * Azure proposes exactly one combination, so it must be runnable as is, or the lab refuses the spec.
 * AWS lists alternatives; dropping the ones nothing here implements cannot change what is
 * negotiated against Azure's single proposal, so they are dropped with a note.
 */
export function resolveCapabilities(spec: LabSpec, installed: ReadonlySet<string>): LabCapabilities {
  const problems: { tunnel: string; keywords: readonly string[] }[] = [];
  const notes: string[] = [];
  const charons = new Map<string, Record<Side, CharonSetup>>();
  for (const tunnel of spec.tunnels) {
    const azure = sideProposals(tunnel, "azure");
    const missing = unrunnableKeywords(azure, installed);
    if (missing.length > 0) problems.push({ tunnel: tunnel.key, keywords: missing });
    const azureRunnable = runnableProposals(azure, installed);
    const aws = runnableProposals(sideProposals(tunnel, "aws"), installed);
    if (aws.dropped.length > 0) {
      notes.push(`tunnel ${tunnel.key}: AWS-side algorithms not emulated here (no plugin): ${aws.dropped.join(", ")}`);
    }
    if (aws.ike.length === 0 || aws.esp.length === 0) {
      problems.push({ tunnel: tunnel.key, keywords: aws.dropped });
    }
    const plugins = (extra: readonly string[]): string[] => [...BASE_CHARON_PLUGINS, ...extra.filter((p) => !(BASE_CHARON_PLUGINS as readonly string[]).includes(p))];
    charons.set(tunnel.key, {
      aws: { proposals: aws, plugins: plugins(aws.extraPlugins) },
      azure: { proposals: azure, plugins: plugins(azureRunnable.extraPlugins) },
    });
  }
  if (problems.length > 0) throw new LabUnsupportedError(problems);
  return { charons, notes };
}
