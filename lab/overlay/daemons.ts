import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROUTE_SERVER_BGP_TIMERS } from "../../sdk";
import { BASE_ENV, BINARIES, type FrrDaemon, type FrrHandle, frrIds, spawnDetached, startFrrDaemon, vtysh } from "../runtime/daemons";
import { must, run, waitFor } from "../runtime/exec";
import { isAlive } from "../runtime/processes";
import type { InterfaceRun, RouteServerRun, RouterRun } from "./plan";
import type { OverlayLabRouteServer } from "./spec";

/**
 * The routers' daemons, started from the rendered files the way a booting VM would run them:
 *
 *   wg-quick@<if>  →  one `wireguard-go -f <if>` per interface (userspace, over TUN: this kernel has no
 *                     WireGuard module), `wg setconf` with the file `wg-quick strip` leaves (it drops the
 *                     wg-quick-only Address/MTU/Table), then Address and MTU with `ip`; Table = off means
 *                     no routes: BGP installs them;
 *   frr            →  the daemons the rendered daemons file turns on (zebra, bfdd, bgpd), each with its
 *                     sockets in the run's directory, then the integrated frr.conf applied with `vtysh -b`,
 *                     as frrinit.sh does;
 *   MSS clamp unit →  its ExecStart= lines, verbatim.
 */

/** wireguard-go's control socket (UAPI): shared by every namespace, hence the run's unique interface names. */
export const wireGuardSocket = (ifname: string): string => `/var/run/wireguard/${ifname}.sock`;

export interface WireGuardProcess {
  readonly router: string;
  readonly ifname: string;
  readonly pid: number;
}

/** Starts wireguard-go for one interface in the foreground (the pid is the daemon's) and waits for its socket. */
export async function startWireGuard(r: RouterRun, i: InterfaceRun, dir: string, deadlineSeconds: number, started: WireGuardProcess[]): Promise<void> {
  if (existsSync(wireGuardSocket(i.name))) throw new Error(`${wireGuardSocket(i.name)} exists: another lab or a leftover uses interface ${i.name}`);
  // `ip netns exec` execs, so the pid is wireguard-go's.
  const proc = await spawnDetached(BINARIES.ip, ["netns", "exec", r.namespace, BINARIES.wireguardGo, "-f", i.name], join(dir, `${i.name}.wireguard-go.log`), { ...BASE_ENV, LOG_LEVEL: "error" });
  started.push({ router: r.key, ifname: i.name, pid: proc.pid });
  await waitFor(
    async () => {
      if (!isAlive(proc.pid)) throw new Error(`wireguard-go for ${i.name} (${r.key}) exited: ${readFileSync(join(dir, `${i.name}.wireguard-go.log`), "utf8").trim()}`);
      return { done: existsSync(wireGuardSocket(i.name)), value: undefined };
    },
    { what: `wireguard-go's socket for ${i.name} (${r.key})`, deadlineSeconds, intervalMs: 20 },
  );
}

/** `wg setconf` from the stripped rendered file, then the wg-quick settings (Address, MTU) with `ip`. */
export async function configureWireGuard(r: RouterRun, i: InterfaceRun, dir: string, secrets: string[]): Promise<void> {
  const rdir = join(dir, r.namespace);
  mkdirSync(rdir, { recursive: true, mode: 0o700 });
  // The file keeps its rendered name: wg-quick takes the interface name from it.
  const conf = join(rdir, `${i.rendered}.conf`);
  secrets.push(conf);
  writeFileSync(conf, i.conf, { mode: 0o600 });
  const stripped = join(rdir, `${i.name}.stripped.conf`);
  secrets.push(stripped);
  writeFileSync(stripped, await must(BINARIES.wgQuick, ["strip", conf]), { mode: 0o600 });
  await must(BINARIES.ip, ["netns", "exec", r.namespace, BINARIES.wg, "setconf", i.name, stripped]);
  await must(BINARIES.ip, ["-n", r.namespace, "addr", "add", i.address, "dev", i.name]);
  await must(BINARIES.ip, ["-n", r.namespace, "link", "set", i.name, ...(i.mtu !== undefined ? ["mtu", String(i.mtu)] : []), "up"]);
}

/** The MSS clamp unit's ExecStart= (or ExecStop=) lines, each run verbatim in the router's namespace. */
export async function runUnitCommands(r: RouterRun, commands: readonly string[]): Promise<void> {
  for (const line of commands) await must(BINARIES.ip, ["netns", "exec", r.namespace, ...line.trim().split(/\s+/)]);
}

/**
 * FRR in one namespace, from an integrated frr.conf: each daemon started with an empty per-daemon file
 * (a daemon given the integrated file would parse the others' sections), then `vtysh -b` applies
 * frr.conf, as frrinit.sh does at boot, and logging goes to the run directory with millisecond stamps.
 */
export async function startFrr(namespace: string, side: "aws" | "azure", dir: string, frrConf: string, daemons: readonly string[], deadlineSeconds: number): Promise<FrrHandle> {
  const fdir = join(dir, `frr-${namespace}`);
  mkdirSync(fdir, { mode: 0o750 });
  const { uid, gid } = frrIds();
  const handle: FrrHandle = { side, namespace, dir: fdir, daemons: [] };
  const known: readonly FrrDaemon[] = ["zebra", "bfdd", "bgpd"];
  const wanted = known.filter((d) => daemons.includes(d));
  for (const file of ["frr.conf", ...wanted.map((d) => `${d}.conf`)]) {
    writeFileSync(join(fdir, file), file === "frr.conf" ? frrConf : "", { mode: 0o640 });
    chownSync(join(fdir, file), uid, gid);
  }
  chownSync(fdir, uid, gid);
  for (const d of wanted) await startFrrDaemon(handle, d, deadlineSeconds);
  await must(BINARIES.vtysh, ["--vty_socket", fdir, "--config_dir", fdir, "-b"], { timeoutMs: 20000 });
  await vtysh(handle, ["configure terminal", `log file ${join(fdir, "frr.log")} informational`, "log timestamp precision 3"]);
  return handle;
}

/**
 * Azure Route Server, modelled: a BGP speaker with Route Server's ASN at one of its router IPs, peering
 * with every Azure router as its BGP connections say (eBGP multihop, Route Server's fixed timers), and
 * accepting what they announce. One per router IP: Route Server runs two instances, and one bgpd with
 * two local addresses could not hold two sessions to the same router.
 */
/** The lab model's own connect retry, as short as the routers' rendered one (FRR's default waits 120 s). */
const CONNECT_RETRY_SECONDS = 5;

export function renderRouteServerFrr(rs: OverlayLabRouteServer, instance: RouteServerRun, index: number): string {
  const t = ROUTE_SERVER_BGP_TIMERS;
  return [
    "frr defaults traditional",
    `hostname route-server-${index + 1}`,
    "service integrated-vtysh-config",
    `router bgp ${rs.asn}`,
    ` bgp router-id ${instance.ip}`,
    // Route Server takes what its peers announce; it has no policy of its own to apply.
    " no bgp ebgp-requires-policy",
    ...rs.peers.flatMap((p) => [` neighbor ${p.ip} remote-as ${p.asn}`, ` neighbor ${p.ip} ebgp-multihop 2`, ` neighbor ${p.ip} timers ${t.keepaliveSeconds} ${t.holdTimeSeconds}`, ` neighbor ${p.ip} timers connect ${CONNECT_RETRY_SECONDS}`]),
    " address-family ipv4 unicast",
    `  maximum-paths ${Math.max(1, rs.peers.length)}`,
    ...rs.peers.map((p) => `  neighbor ${p.ip} activate`),
    " exit-address-family",
    "exit",
    "",
  ].join("\n");
}

/** Removes an interface's control socket if wireguard-go left it behind; never throws. */
export async function removeStaleSocket(ifname: string): Promise<void> {
  rmSync(wireGuardSocket(ifname), { force: true });
}

/** `wg show <if> latest-handshakes` in the router: the epoch second of the peer's last handshake, 0 for none. */
export async function latestHandshake(r: RouterRun, i: InterfaceRun): Promise<number> {
  const out = await run(BINARIES.ip, ["netns", "exec", r.namespace, BINARIES.wg, "show", i.name, "latest-handshakes"]);
  const fields = out.stdout.trim().split(/\s+/);
  return out.code === 0 && fields.length >= 2 ? Number(fields[1]) : 0;
}

