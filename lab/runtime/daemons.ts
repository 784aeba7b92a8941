import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { must, waitFor } from "./exec";
import { Side } from "../topology/plan";
import { isAlive, readPidFile, terminate } from "./processes";

/** Binary locations of the Debian packages lab.md installs. */
export const BINARIES = {
  charon: "/usr/lib/ipsec/charon",
  swanctl: "swanctl",
  zebra: "/usr/lib/frr/zebra",
  bgpd: "/usr/lib/frr/bgpd",
  bfdd: "/usr/lib/frr/bfdd",
  vtysh: "vtysh",
  ip: "ip",
  ping: "ping",
  unshare: "unshare",
  mount: "mount",
  // DNS (the cross-cloud DNS lab and the dns-failover check): unbound plays the resolvers, dig the client.
  unbound: "/usr/sbin/unbound",
  unboundControl: "/usr/sbin/unbound-control",
  unboundCheckconf: "/usr/sbin/unbound-checkconf",
  dig: "dig",
  // The WireGuard overlay lab (Debian's wireguard-go, wireguard-tools, nftables, iptables, iproute2).
  wireguardGo: "wireguard-go",
  wg: "wg",
  wgQuick: "wg-quick",
  nft: "nft",
  /** The rendered TCPMSS clamp names this path; the lab runs it verbatim. */
  iptables: "/usr/sbin/iptables",
  ss: "ss",
} as const;

export const BASE_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };

/**
 * Starts a long-lived process in its own session (detached), so a process-group kill aimed at the
 * caller (jest, `timeout`, Ctrl-C in a shell) cannot take a daemon down behind the lab's back;
 * teardown stops every daemon explicitly instead. Output goes to `outFile`.
 */
export function spawnDetached(cmd: string, args: readonly string[], outFile: string, env: NodeJS.ProcessEnv): Promise<{ pid: number; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const fd = openSync(outFile, "a", 0o600);
    const child = spawn(cmd, [...args], { detached: true, stdio: ["ignore", fd, fd], env });
    closeSync(fd);
    const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
    child.once("error", reject);
    child.once("spawn", () => {
      child.unref();
      if (child.pid === undefined) reject(new Error(`${cmd} did not start`));
      else resolve({ pid: child.pid, exited });
    });
  });
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-5).join(" | ");
  } catch {
    return "";
  }
};

// ---- charon ---------------------------------------------------------------------------------

export interface CharonHandle {
  readonly key: string;
  readonly side: Side;
  readonly namespace: string;
  readonly dir: string;
  readonly strongswanConf: string;
  readonly swanctlConf: string;
  readonly viciSocket: string;
  readonly logFile: string;
  /** Filled once charon runs; the pid from its pid file. */
  pid?: number;
}

/**
 * Starts charon in its tunnel namespace (lab.md): `unshare -m` with a private /run because the pid
 * file path is compiled in, and its own strongswan.conf/vici socket via STRONGSWAN_CONF.
 * `ip netns exec` and `unshare` both exec, so the spawned pid becomes charon's.
 */
export async function startCharon(handle: CharonHandle, deadlineSeconds: number): Promise<void> {
  const runDir = join(handle.dir, "run");
  const out = join(handle.dir, "charon.out");
  const started = await spawnDetached(
    BINARIES.ip,
    ["netns", "exec", handle.namespace, "unshare", "-m", "--propagation", "private", "sh", "-c", `mount --bind "$0" /run && exec ${BINARIES.charon}`, runDir],
    out,
    { ...BASE_ENV, STRONGSWAN_CONF: handle.strongswanConf },
  );
  handle.pid = started.pid;
  let exitCode: number | null | undefined;
  void started.exited.then((code) => (exitCode = code));
  await waitFor(
    async () => {
      if (exitCode !== undefined) throw new Error(`charon for ${handle.side} ${handle.key} exited (${exitCode}): ${tail(out)}`);
      const pid = readPidFile(join(runDir, "charon.pid"));
      return { done: pid !== undefined && existsSync(handle.viciSocket), value: pid };
    },
    { what: `charon (${handle.side} ${handle.key}) to open its vici socket`, deadlineSeconds, intervalMs: 50 },
  ).then((r) => {
    if (r.value !== undefined) handle.pid = r.value;
  });
}

export async function loadSwanctl(handle: CharonHandle): Promise<void> {
  await must(BINARIES.swanctl, ["--load-all", "--noprompt", "--file", handle.swanctlConf, "--uri", `unix://${handle.viciSocket}`], {
    env: { ...BASE_ENV, STRONGSWAN_CONF: handle.strongswanConf },
  });
}

export async function stopCharon(handle: CharonHandle): Promise<string | undefined> {
  if (handle.pid === undefined) return undefined;
  const how = await terminate(handle.pid);
  return how === "exited" ? undefined : `charon ${handle.side} ${handle.key} (pid ${handle.pid}) ${how}`;
}

// ---- FRR ------------------------------------------------------------------------------------

/** The frr user's and group's numeric ids; FRR's directories must belong to them. */
export function frrIds(): { uid: number; gid: number } {
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("frr:"));
  const group = readFileSync("/etc/group", "utf8").split("\n").find((l) => l.startsWith("frr:"));
  const uid = Number(passwd?.split(":")[2]);
  const gid = Number(group?.split(":")[2]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error("cannot resolve user/group frr");
  return { uid, gid };
}

export type FrrDaemon = "zebra" | "bfdd" | "bgpd";

export interface FrrHandle {
  /** Which router: "aws", "azure", or an interconnect router ("dxgw", "mcr", "msee"); names it in reports. */
  readonly side: string;
  readonly namespace: string;
  /** Owned by frr:frr; holds configs, pid files, logs, and the vty and zserv sockets. */
  readonly dir: string;
  readonly daemons: FrrDaemon[];
}

const zservPath = (h: FrrHandle): string => join(h.dir, "zserv.api");
const pidPath = (h: FrrHandle, d: FrrDaemon): string => join(h.dir, `${d}.pid`);

/**
 * Starts one FRR daemon as user frr (zebra refuses root) with every path inside the run's
 * directory, and no vty TCP port, so several labs can run side by side.
 */
export async function startFrrDaemon(handle: FrrHandle, daemon: FrrDaemon, deadlineSeconds: number): Promise<void> {
  const extra = daemon === "bfdd" ? ["--bfdctl", join(handle.dir, "bfdd.sock")] : [];
  const args = [
    "netns", "exec", handle.namespace, BINARIES[daemon], "-d", "-u", "frr", "-g", "frr",
    "-f", join(handle.dir, `${daemon}.conf`), "-i", pidPath(handle, daemon), "-z", zservPath(handle),
    "--vty_socket", handle.dir, "-P", "0", ...extra,
  ];
  const out = join(handle.dir, `${daemon}.out`);
  const started = await spawnDetached(BINARIES.ip, args, out, BASE_ENV);
  handle.daemons.push(daemon);
  // With -d the foreground process exits once the daemon has forked.
  let code: number | null | undefined;
  void started.exited.then((c) => (code = c));
  await waitFor(
    async () => {
      if (code !== undefined && code !== 0) throw new Error(`${daemon} in ${handle.namespace} failed to start (${code}): ${tail(out)}`);
      const pid = readPidFile(pidPath(handle, daemon));
      const ready = pid !== undefined && isAlive(pid) && existsSync(join(handle.dir, `${daemon}.vty`));
      return { done: ready, value: pid };
    },
    { what: `${daemon} in ${handle.namespace}`, deadlineSeconds, intervalMs: 50 },
  );
}

/** Stops bgpd, then bfdd, then zebra; returns descriptions of any that needed SIGKILL. */
export async function stopFrr(handle: FrrHandle): Promise<string[]> {
  const problems: string[] = [];
  for (const daemon of ["bgpd", "bfdd", "zebra"] as const) {
    if (!handle.daemons.includes(daemon)) continue;
    const pid = readPidFile(pidPath(handle, daemon));
    if (pid === undefined) continue;
    const how = await terminate(pid);
    if (how !== "exited") problems.push(`${daemon} ${handle.side} (pid ${pid}) ${how}`);
  }
  return problems;
}

/** One vtysh command against this router's daemons. */
export async function vtysh(handle: FrrHandle, commands: readonly string[]): Promise<string> {
  return must(BINARIES.vtysh, ["--vty_socket", handle.dir, ...commands.flatMap((c) => ["-c", c])], { timeoutMs: 10000 });
}

export async function vtyshJson<T>(handle: FrrHandle, command: string): Promise<T> {
  const text = await vtysh(handle, [command]);
  return JSON.parse(text.trim() === "" ? "{}" : text) as T;
}
