import { readFileSync } from "node:fs";
import { BINARIES, CharonHandle, FrrHandle, vtyshJson } from "../runtime/daemons";
import { run } from "../runtime/exec";

/**
 * Read-only observations of a running lab: SA state from charon (vici), BGP state from FRR (vtysh
 * JSON), forwarding state from the kernel (`ip -j`), and reachability (`ping`).
 */

// ---- strongSwan -----------------------------------------------------------------------------

/** A parsed `swanctl --raw` section: scalars, lists, and nested sections. */
export type ViciValue = string | readonly string[] | ViciSection;
export interface ViciSection {
  readonly [key: string]: ViciValue;
}

/**
 * Parses swanctl's `--raw` output (`name {key=value list=[a b] child {…}}`). Each message becomes
 * one top-level section named like its line prefix, e.g. "list-sa event".
 */
export function parseViciRaw(text: string): { readonly event: string; readonly body: ViciSection }[] {
  const messages: { event: string; body: ViciSection }[] = [];
  for (const line of text.split("\n")) {
    const open = line.indexOf("{");
    if (open < 0) continue;
    const tokens = line.slice(open).match(/\{|\}|\[|\]|[^\s{}[\]]+/g) ?? [];
    let pos = 0;
    const section = (): ViciSection => {
      const out: Record<string, ViciValue> = {};
      pos++; // "{"
      while (pos < tokens.length && tokens[pos] !== "}") {
        const token = tokens[pos] ?? "";
        if (token.endsWith("=") && tokens[pos + 1] === "[") {
          const values: string[] = [];
          pos += 2;
          while (pos < tokens.length && tokens[pos] !== "]") values.push(tokens[pos++] ?? "");
          pos++;
          out[token.slice(0, -1)] = values;
        } else if (token.includes("=")) {
          const eq = token.indexOf("=");
          out[token.slice(0, eq)] = token.slice(eq + 1);
          pos++;
        } else if (tokens[pos + 1] === "{") {
          pos++;
          out[token] = section();
        } else pos++;
      }
      pos++; // "}"
      return out;
    };
    messages.push({ event: line.slice(0, open).trim(), body: section() });
  }
  return messages;
}

export interface SaState {
  /** IKE SA states seen, e.g. ["ESTABLISHED"]. */
  readonly ike: readonly string[];
  /** CHILD SA states seen, e.g. ["INSTALLED"]. */
  readonly child: readonly string[];
  /** charon's unique ids of the INSTALLED CHILD SAs; a rekey replaces them with new ones. */
  readonly installed: readonly string[];
}

export function saStateFromRaw(text: string): SaState {
  const ike: string[] = [];
  const child: string[] = [];
  const installed: string[] = [];
  for (const message of parseViciRaw(text)) {
    if (message.event !== "list-sa event") continue;
    for (const sa of Object.values(message.body)) {
      if (typeof sa !== "object" || Array.isArray(sa)) continue;
      const ikeSa = sa as ViciSection;
      if (typeof ikeSa.state === "string") ike.push(ikeSa.state);
      const children = ikeSa["child-sas"];
      if (children && typeof children === "object" && !Array.isArray(children)) {
        for (const c of Object.values(children as ViciSection)) {
          const state = (c as ViciSection).state;
          const id = (c as ViciSection).uniqueid;
          if (typeof state === "string") child.push(state);
          if (state === "INSTALLED" && typeof id === "string") installed.push(id);
        }
      }
    }
  }
  return { ike, child, installed };
}

export const saUp = (state: SaState): boolean => state.ike.includes("ESTABLISHED") && state.child.includes("INSTALLED");

export async function listSas(handle: CharonHandle): Promise<SaState> {
  const result = await run(BINARIES.swanctl, ["--list-sas", "--raw", "--uri", `unix://${handle.viciSocket}`], {
    env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", STRONGSWAN_CONF: handle.strongswanConf },
    timeoutMs: 5000,
  });
  return result.code === 0 ? saStateFromRaw(result.stdout) : { ike: [], child: [], installed: [] };
}

/**
 * Asks one charon to rekey the tunnel's CHILD SA now. The first CHILD SA rides on IKE_AUTH without
 * a DH exchange, so PFS groups are only negotiated on rekey: a PFS mismatch brings a tunnel up and
 * then drops it at the first rekey, an hour later in the cloud. The lab forces that moment.
 */
export async function rekeyChild(handle: CharonHandle): Promise<boolean> {
  const result = await run(BINARIES.swanctl, ["--rekey", "--child", "lab", "--uri", `unix://${handle.viciSocket}`], {
    env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", STRONGSWAN_CONF: handle.strongswanConf },
    timeoutMs: 5000,
  });
  return result.code === 0;
}

/** Negotiation failures that are definitive (retrying with the same config cannot succeed). */
export type IkeFailure = "auth" | "proposal";

/**
 * charon log markers. The side that rejects logs the notify it *generates* in abbreviated form
 * (`N(AUTH_FAILED)`, `N(NO_PROP)`); the side that receives it logs the full name.
 */
const FAILURE_MARKERS: Readonly<Record<IkeFailure, RegExp>> = {
  auth: /N\(AUTH_FAILED\)|AUTHENTICATION_FAILED|AUTH_FAILED/,
  proposal: /N\(NO_PROP\)|NO_PROPOSAL_CHOSEN|no acceptable proposal found|received proposals unacceptable/,
};

export interface LogEvidence {
  readonly failure: IkeFailure;
  /** The first matching log line, without its timestamp. */
  readonly line: string;
}

/** How many log lines show any definitive failure; grows with every failed exchange. */
export function countFailureLines(text: string): number {
  return text.split("\n").filter((l) => Object.values(FAILURE_MARKERS).some((m) => m.test(l))).length;
}

export function scanCharonLog(text: string): LogEvidence[] {
  const found: LogEvidence[] = [];
  for (const failure of ["auth", "proposal"] as const) {
    const line = text.split("\n").find((l) => FAILURE_MARKERS[failure].test(l));
    if (line !== undefined) found.push({ failure, line: line.replace(/^\d\d:\d\d:\d\d \d+\[\w+\] /, "").trim() });
  }
  return found;
}

export function readCharonLog(handle: CharonHandle): string {
  try {
    return readFileSync(handle.logFile, "utf8");
  } catch {
    return "";
  }
}

// ---- FRR ------------------------------------------------------------------------------------

export interface BgpPeerSummary {
  readonly state?: string;
  readonly pfxRcd?: number;
}

export interface BgpNeighborDetail {
  readonly bgpState?: string;
  readonly bgpTimerHoldTimeMsecs?: number;
  readonly bgpTimerKeepAliveIntervalMsecs?: number;
  readonly lastNotificationReason?: string;
  readonly lastResetDueTo?: string;
}

export async function bgpNeighbors(frr: FrrHandle): Promise<Record<string, BgpNeighborDetail>> {
  return vtyshJson<Record<string, BgpNeighborDetail>>(frr, "show bgp neighbors json");
}

/** BFD session state per peer address, e.g. { "169.254.21.2": "up" }. */
export async function bfdPeers(frr: FrrHandle): Promise<Record<string, string>> {
  const peers = await vtyshJson<readonly { readonly peer?: string; readonly status?: string }[] | Record<string, never>>(frr, "show bfd peers json");
  const out: Record<string, string> = {};
  if (Array.isArray(peers)) for (const p of peers) if (p.peer !== undefined) out[p.peer] = p.status ?? "unknown";
  return out;
}

/** Prefixes accepted from a neighbor (after inbound policy). */
export async function acceptedPrefixes(frr: FrrHandle, peer: string): Promise<string[]> {
  const json = await vtyshJson<{ routes?: Record<string, unknown> }>(frr, `show bgp ipv4 unicast neighbors ${peer} routes json`);
  return Object.keys(json.routes ?? {}).sort();
}

/** Prefixes a neighbor sent, before inbound policy (needs soft-reconfiguration inbound). */
export async function receivedPrefixes(frr: FrrHandle, peer: string): Promise<{ prefixes: string[]; filtered: number }> {
  const json = await vtyshJson<{ receivedRoutes?: Record<string, unknown>; filteredPrefixCounter?: number }>(
    frr,
    `show bgp ipv4 unicast neighbors ${peer} received-routes json`,
  );
  return { prefixes: Object.keys(json.receivedRoutes ?? {}).sort(), filtered: json.filteredPrefixCounter ?? 0 };
}

/** Whether a prefix has any path in the BGP table, and whether zebra's RIB has any route for it. */
export async function inBgpTableAndRib(frr: FrrHandle, prefix: string): Promise<{ bgp: boolean; rib: boolean }> {
  const bgp = await vtyshJson<{ paths?: unknown[] }>(frr, `show bgp ipv4 unicast ${prefix} json`);
  const rib = await vtyshJson<Record<string, unknown[]>>(frr, `show ip route ${prefix} json`);
  return { bgp: (bgp.paths ?? []).length > 0, rib: (rib[prefix] ?? []).length > 0 };
}

// ---- kernel ---------------------------------------------------------------------------------

interface IpRoute {
  readonly dst?: string;
  readonly dev?: string;
  readonly protocol?: string;
  readonly nexthops?: readonly { readonly dev?: string }[];
}

/** Kernel routes of a namespace as prefix → devices (several with ECMP). */
export function parseIpRoutes(json: string): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  for (const route of JSON.parse(json.trim() === "" ? "[]" : json) as IpRoute[]) {
    if (route.dst === undefined) continue;
    const dst = route.dst === "default" ? "0.0.0.0/0" : route.dst.includes("/") ? route.dst : `${route.dst}/32`;
    const devs = route.nexthops ? route.nexthops.map((n) => n.dev ?? "?") : route.dev ? [route.dev] : [];
    routes.set(dst, [...(routes.get(dst) ?? []), ...devs].sort());
  }
  return routes;
}

export async function kernelRoutes(namespace: string, protocol?: "bgp"): Promise<Map<string, string[]>> {
  const args = ["-j", "-n", namespace, "route", "show", "table", "main", ...(protocol ? ["proto", protocol] : [])];
  const result = await run(BINARIES.ip, args, { timeoutMs: 5000 });
  return result.code === 0 ? parseIpRoutes(result.stdout) : new Map();
}

/** One source-addressed ping; true on a reply within a second. */
export async function ping(namespace: string, from: string, to: string): Promise<boolean> {
  const result = await run(BINARIES.ip, ["netns", "exec", namespace, BINARIES.ping, "-n", "-q", "-c", "1", "-W", "1", "-I", from, to], {
    timeoutMs: 5000,
  });
  return result.code === 0;
}
