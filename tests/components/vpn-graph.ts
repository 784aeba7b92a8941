/**
 * Helpers for component tests: run a program under the recording monitor and query what it registered.
 * The monitor and simulated provider outputs are the same ones the offline preview uses.
 */
import { runPreview } from "../../preview/run";
import { RecordedGraph, RecordedResource, SecretValue, T as GT } from "../../graph";

/** Short names for the types these tests read; the tokens themselves come from the graph layer. */
export const T = {
  pip: GT.azurePublicIp,
  vng: GT.azureVng,
  lng: GT.azureLng,
  conn: GT.azureConnection,
  cgw: GT.awsCustomerGateway,
  vpn: GT.awsVpnConnection,
  vgw: GT.awsVpnGateway,
  psk: GT.randomPassword,
  bgp: GT.bgpSession,
  tunnel: GT.vpnTunnel,
} as const;

export async function record(program: () => void, stack = "test"): Promise<Graph> {
  return new Graph(await runPreview({ program, project: "crosscloud", stack }));
}

export class Graph {
  constructor(readonly raw: RecordedGraph) {}
  get resources(): readonly RecordedResource[] {
    return this.raw.resources;
  }
  all(type: string): RecordedResource[] {
    return this.raw.resources.filter((r) => r.type === type);
  }
  one(type: string, name: string): RecordedResource {
    const found = this.raw.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} named ${name}; have: ${this.all(type).map((r) => r.name).join(", ")}`);
    return found;
  }
  byUrn(urn: string): RecordedResource {
    const found = this.raw.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource ${urn}`);
    return found;
  }
  byId(id: unknown): RecordedResource {
    const found = this.raw.resources.find((r) => r.id !== undefined && r.id === id);
    if (!found) throw new Error(`no resource with id ${String(id)}`);
    return found;
  }
  /** Every URN `r` waits for, directly or transitively (dependencies and parents' dependencies excluded). */
  transitiveDependencies(r: RecordedResource): Set<string> {
    const seen = new Set<string>();
    const stack = [...r.dependencies, ...Object.values(r.propertyDependencies).flat()];
    while (stack.length > 0) {
      const urn = stack.pop() as string;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const dep = this.raw.resources.find((x) => x.urn === urn);
      if (dep) stack.push(...dep.dependencies, ...Object.values(dep.propertyDependencies).flat());
    }
    return seen;
  }
}

/** Reads a nested property; secrets are revealed only when `reveal` is set. */
export function prop(r: RecordedResource, path: string, opts: { reveal?: boolean; outputs?: boolean } = {}): unknown {
  let cur: unknown = opts.outputs ? r.outputs : r.inputs;
  for (const part of path.split(".")) {
    if (cur instanceof SecretValue) cur = cur.reveal();
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return opts.reveal && cur instanceof SecretValue ? cur.reveal() : cur;
}

export const isSecret = (v: unknown): boolean => v instanceof SecretValue;
