import { accessSync, constants, readFileSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { BINARIES } from "./daemons";

/**
 * What the labs need from the machine. A lab never installs anything itself: it says what is
 * missing and the exact command that provides it (`.ci/run` installs both labs' packages).
 */

/** The labs: IPsec gateways (strongSwan + FRR), the WireGuard overlay (wireguard-go + FRR), DNS (unbound + dig). */
export type LabKind = "ipsec" | "overlay" | "dns";

/**
 * lab.md's package set (strongSwan 5.9.8 and FRR 8.4.4 on Debian 12), plus nftables (the interconnect's silent cut,
 * per-tunnel flow counters) and iproute2's ss (the ECMP flow probes).
 */
export const LAB_APT_PACKAGES = ["strongswan-charon", "strongswan-swanctl", "libcharon-extra-plugins", "frr", "iputils-ping", "nftables", "iproute2"] as const;

/**
 * The overlay lab's (reference/wireguard): wireguard-go 0.0.20220316 as the data plane over TUN (the
 * kernel has no WireGuard module), wg and wg-quick, FRR 8.4.4, nftables (failure injection, the
 * fragment-dropping underlay), iptables (the rendered TCPMSS clamp), ping and ss.
 */
export const OVERLAY_LAB_APT_PACKAGES = ["wireguard-go", "wireguard-tools", "frr", "nftables", "iptables", "iputils-ping", "iproute2"] as const;

const aptCommand = (packages: readonly string[]): string => `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(" ")}`;
export const LAB_APT_COMMAND = aptCommand(LAB_APT_PACKAGES);
export const OVERLAY_LAB_APT_COMMAND = aptCommand(OVERLAY_LAB_APT_PACKAGES);
/** The DNS labs' (cross-cloud DNS and the dns-failover check): unbound 1.17 plays the resolvers, dig the client. */
export const DNS_LAB_APT_PACKAGES = ["unbound", "bind9-dnsutils", "iproute2"] as const;
export const DNS_LAB_APT_COMMAND = aptCommand(DNS_LAB_APT_PACKAGES);

export const CHARON_PLUGIN_DIR = "/usr/lib/ipsec/plugins";

/** Each requirement, with the package that provides it on Debian. */
const FRR_AND_BASE: readonly { readonly path: string; readonly pkg: string }[] = [
  { path: BINARIES.zebra, pkg: "frr" },
  { path: BINARIES.bgpd, pkg: "frr" },
  { path: BINARIES.bfdd, pkg: "frr" },
  { path: BINARIES.vtysh, pkg: "frr" },
  { path: BINARIES.ip, pkg: "iproute2" },
  { path: BINARIES.ping, pkg: "iputils-ping" },
  { path: BINARIES.unshare, pkg: "util-linux" },
  { path: BINARIES.mount, pkg: "mount" },
];

const REQUIRED_BINARIES: Readonly<Record<LabKind, readonly { readonly path: string; readonly pkg: string }[]>> = {
  ipsec: [
    { path: BINARIES.charon, pkg: "strongswan-charon" },
    { path: BINARIES.swanctl, pkg: "strongswan-swanctl" },
    ...FRR_AND_BASE,
    { path: BINARIES.nft, pkg: "nftables" },
    { path: BINARIES.ss, pkg: "iproute2" },
  ],
  overlay: [
    ...FRR_AND_BASE,
    { path: BINARIES.wireguardGo, pkg: "wireguard-go" },
    { path: BINARIES.wg, pkg: "wireguard-tools" },
    { path: BINARIES.wgQuick, pkg: "wireguard-tools" },
    { path: BINARIES.nft, pkg: "nftables" },
    { path: BINARIES.iptables, pkg: "iptables" },
    { path: BINARIES.ss, pkg: "iproute2" },
  ],
  dns: [
    { path: BINARIES.ip, pkg: "iproute2" },
    { path: BINARIES.unshare, pkg: "util-linux" },
    { path: BINARIES.mount, pkg: "mount" },
    { path: BINARIES.unbound, pkg: "unbound" },
    { path: BINARIES.unboundControl, pkg: "unbound" },
    { path: BINARIES.unboundCheckconf, pkg: "unbound" },
    { path: BINARIES.dig, pkg: "bind9-dnsutils" },
  ],
};

const APT_COMMAND: Readonly<Record<LabKind, string>> = { ipsec: LAB_APT_COMMAND, overlay: OVERLAY_LAB_APT_COMMAND, dns: DNS_LAB_APT_COMMAND };

/** Userspace ESP over TUN; the kernels these labs run on have no ESP or xfrm interfaces. */
const REQUIRED_PLUGINS: readonly { readonly name: string; readonly pkg: string }[] = [
  { name: "kernel-libipsec", pkg: "libcharon-extra-plugins" },
  { name: "vici", pkg: "strongswan-swanctl" },
];

export interface PrerequisiteProbe {
  readonly uid: number;
  readonly executable: (path: string) => boolean;
  readonly installedPlugins: ReadonlySet<string>;
  readonly hasUser: (name: string) => boolean;
}

const SEARCH_PATH = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"];

function isExecutable(path: string): boolean {
  const candidates = path.includes("/") ? [path] : SEARCH_PATH.filter((d) => d !== "").map((d) => join(d, path));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Plugin names found as `libstrongswan-<name>.so` in charon's plugin directory. */
export function installedCharonPlugins(dir = CHARON_PLUGIN_DIR): Set<string> {
  try {
    return new Set(
      readdirSync(dir)
        .map((f) => /^libstrongswan-(.+)\.so$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined),
    );
  } catch {
    return new Set();
  }
}

function hasSystemUser(name: string): boolean {
  try {
    return readFileSync("/etc/passwd", "utf8").split("\n").some((l) => l.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

export const systemProbe = (): PrerequisiteProbe => ({
  uid: process.getuid?.() ?? -1,
  executable: isExecutable,
  installedPlugins: installedCharonPlugins(),
  hasUser: hasSystemUser,
});

export interface MissingPrerequisites {
  readonly kind: LabKind;
  readonly notRoot: boolean;
  /** Human-readable items, e.g. "/usr/lib/frr/bfdd (package frr)". */
  readonly missing: readonly string[];
  readonly packages: readonly string[];
}

export function findMissingPrerequisites(probe: PrerequisiteProbe = systemProbe(), kind: LabKind = "ipsec"): MissingPrerequisites {
  const missing: string[] = [];
  const packages = new Set<string>();
  for (const bin of REQUIRED_BINARIES[kind]) {
    if (!probe.executable(bin.path)) {
      missing.push(`${bin.path} (package ${bin.pkg})`);
      packages.add(bin.pkg);
    }
  }
  for (const plugin of kind === "ipsec" ? REQUIRED_PLUGINS : []) {
    if (!probe.installedPlugins.has(plugin.name)) {
      missing.push(`strongSwan plugin ${plugin.name} (package ${plugin.pkg})`);
      packages.add(plugin.pkg);
    }
  }
  if (kind !== "dns" && !probe.hasUser("frr")) {
    missing.push("system user frr (package frr)");
    packages.add("frr");
  }
  return { kind, notRoot: probe.uid !== 0, missing, packages: [...packages] };
}

export class LabPrerequisiteError extends Error {
  constructor(readonly missing: MissingPrerequisites) {
    const parts: string[] = [];
    const daemons = { ipsec: "charon and FRR", overlay: "wireguard-go and FRR", dns: "unbound" }[missing.kind];
    if (missing.notRoot) parts.push(`the lab must run as root (it creates network namespaces and runs ${daemons})`);
    if (missing.missing.length > 0) {
      parts.push(`missing: ${missing.missing.join(", ")}`);
      parts.push(`install with: ${APT_COMMAND[missing.kind]}`);
    }
    super(`lab prerequisites not met: ${parts.join("; ")}`);
    this.name = "LabPrerequisiteError";
  }
}

export function assertLabPrerequisites(probe: PrerequisiteProbe = systemProbe(), kind: LabKind = "ipsec"): void {
  const missing = findMissingPrerequisites(probe, kind);
  if (missing.notRoot || missing.missing.length > 0) throw new LabPrerequisiteError(missing);
}

/** Why the lab cannot run here, or undefined if it can; for tests that must skip loudly. */
export function labSkipReason(probe: PrerequisiteProbe = systemProbe(), kind: LabKind = "ipsec"): string | undefined {
  try {
    assertLabPrerequisites(probe, kind);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
