/**
 * A `pulumi preview`-style tree of a recorded graph, and its summary:
 *
 * ```
 *      Type                                         Name
 *  +   pulumi:pulumi:Stack                          crosscloud-dev
 *  +   ├─ crosscloud:index:SiteToSiteVpn            vpn
 *  +   │  ├─ azure-native:network:PublicIPAddress   vpn-pip0
 *  +   │  └─ aws:ec2/customerGateway:CustomerGateway vpn-cgw0
 *
 * Resources:
 *     + 4 to create
 * ```
 * Children appear in the order they were registered, as in Pulumi's own output.
 */
import type { RecordedGraph, RecordedResource } from "../graph";

export interface TypeCount {
  readonly type: string;
  readonly count: number;
}

export interface ResourceSummary {
  /** Every registration, the stack and components included (what Pulumi counts). */
  readonly total: number;
  readonly toCreate: number;
  readonly toRead: number;
  /** Sorted by type token. */
  readonly byType: readonly TypeCount[];
}

export function summarize(graph: RecordedGraph): ResourceSummary {
  const counts = new Map<string, number>();
  for (const r of graph.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const toRead = graph.resources.filter((r) => r.read).length;
  return {
    total: graph.resources.length,
    toCreate: graph.resources.length - toRead,
    toRead,
    byType: [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, count]) => ({ type, count })),
  };
}

interface Row {
  readonly op: string;
  readonly type: string;
  readonly name: string;
}

/** The tree rows, depth-first, children in registration order; resources whose parent was never recorded become roots. */
function rows(graph: RecordedGraph): Row[] {
  const known = new Set(graph.resources.map((r) => r.urn));
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of graph.resources) {
    const key = r.parent !== undefined && known.has(r.parent) ? r.parent : undefined;
    const siblings = children.get(key) ?? [];
    siblings.push(r);
    children.set(key, siblings);
  }
  const out: Row[] = [];
  const visit = (r: RecordedResource, prefix: string, branch: string): void => {
    out.push({ op: r.read ? ">" : "+", type: `${prefix}${branch}${r.type}`, name: r.name });
    const kids = children.get(r.urn) ?? [];
    const childPrefix = branch === "" ? prefix : `${prefix}${branch === "├─ " ? "│  " : "   "}`;
    kids.forEach((kid, i) => visit(kid, childPrefix, i === kids.length - 1 ? "└─ " : "├─ "));
  };
  for (const root of children.get(undefined) ?? []) visit(root, "", "");
  return out;
}

export function renderTree(graph: RecordedGraph): string {
  const body = rows(graph);
  const typeWidth = Math.max("Type".length, ...body.map((r) => r.type.length)) + 2;
  const lines = [`     ${"Type".padEnd(typeWidth)}Name`];
  for (const row of body) lines.push(` ${row.op}   ${row.type.padEnd(typeWidth)}${row.name}`.trimEnd());
  return `${lines.join("\n")}\n\n${renderSummary(graph)}`;
}

export function renderSummary(graph: RecordedGraph): string {
  const summary = summarize(graph);
  const lines = ["Resources:"];
  lines.push(`    + ${summary.toCreate} to create`);
  if (summary.toRead > 0) lines.push(`    > ${summary.toRead} to read`);
  lines.push(`    ${summary.total} total`);
  lines.push("", "Resources by type:");
  const countWidth = Math.max(...summary.byType.map((t) => String(t.count).length), 1);
  for (const { type, count } of summary.byType) lines.push(`    ${String(count).padStart(countWidth)}  ${type}`);
  return `${lines.join("\n")}\n`;
}
