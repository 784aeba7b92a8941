/**
 * The DNS failover part of the preview: each `CrossCloudFailover`'s record and its worst-case recovery
 * time, as the component computed it with the sdk (`worstCaseRecovery`: detection + TTL, each fact sourced).
 */
import { TYPE, getPath, type RecordedGraph, type RecordedValue } from "../graph";

export interface FailoverSummary {
  /** The component's logical name. */
  readonly name: string;
  readonly recordName: string;
  readonly detectionSeconds: number;
  readonly ttlSeconds: number;
  readonly totalSeconds: number;
  readonly basis: string;
  readonly excludes: string;
}

const num = (v: RecordedValue | undefined): number => (typeof v === "number" ? v : NaN);
const text = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : "");

export function failoverSummaries(graph: RecordedGraph): FailoverSummary[] {
  return graph.resources
    .filter((r) => r.type === TYPE.CrossCloudFailover)
    .map((r) => ({
      name: r.name,
      recordName: text(getPath(r.outputs, "recordName")),
      detectionSeconds: num(getPath(r.outputs, "recovery.detectionSeconds")),
      ttlSeconds: num(getPath(r.outputs, "recovery.ttlSeconds")),
      totalSeconds: num(getPath(r.outputs, "recovery.totalSeconds")),
      basis: text(getPath(r.outputs, "recovery.basis")),
      excludes: text(getPath(r.outputs, "recovery.excludes")),
    }));
}

export function renderFailover(summaries: readonly FailoverSummary[]): string {
  if (summaries.length === 0) return "";
  const lines = ["DNS failover (worst-case recovery = detection + TTL):"];
  for (const s of summaries) {
    lines.push(`  ${s.recordName}: ${s.totalSeconds} s = ${s.detectionSeconds} s detection + ${s.ttlSeconds} s TTL`);
    lines.push(`    detection: ${s.basis}`);
    lines.push(`    not included: ${s.excludes}`);
  }
  return lines.join("\n");
}
