import { accessSync, constants, readFileSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { BINARIES } from "./daemons";

/**
 * What the lab needs from the machine. The lab never installs anything itself: it says what is
 * missing and the exact command that provides it.
 */

/** lab.md's package set (strongSwan 5.9.8 and FRR 8.4.4 on Debian 12), plus unbound 1.17 and dig for the DNS checks. */
export const LAB_APT_PACKAGES = ["strongswan-charon", "strongswan-swanctl", "libcharon-extra-plugins", "frr", "iputils-ping", "unbound", "bind9-dnsutils"] as const;

export const LAB_APT_COMMAND = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${LAB_APT_PACKAGES.join(" ")}`;

export const CHARON_PLUGIN_DIR = "/usr/lib/ipsec/plugins";

/** Each requirement, with the package that provides it on Debian. */
const REQUIRED_BINARIES: readonly { readonly path: string; readonly pkg: string }[] = [
  { path: BINARIES.charon, pkg: "strongswan-charon" },
  { path: BINARIES.swanctl, pkg: "strongswan-swanctl" },
  { path: BINARIES.zebra, pkg: "frr" },
  { path: BINARIES.bgpd, pkg: "frr" },
  { path: BINARIES.bfdd, pkg: "frr" },
  { path: BINARIES.vtysh, pkg: "frr" },
  { path: BINARIES.ip, pkg: "iproute2" },
  { path: BINARIES.ping, pkg: "iputils-ping" },
  { path: BINARIES.unshare, pkg: "util-linux" },
  { path: BINARIES.mount, pkg: "mount" },
  { path: BINARIES.unbound, pkg: "unbound" },
  { path: BINARIES.unboundControl, pkg: "unbound" },
  { path: BINARIES.unboundCheckconf, pkg: "unbound" },
  { path: BINARIES.dig, pkg: "bind9-dnsutils" },
];

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
  readonly notRoot: boolean;
  /** Human-readable items, e.g. "/usr/lib/frr/bfdd (package frr)". */
  readonly missing: readonly string[];
  readonly packages: readonly string[];
}

export function findMissingPrerequisites(probe: PrerequisiteProbe = systemProbe()): MissingPrerequisites {
  const missing: string[] = [];
  const packages = new Set<string>();
  for (const bin of REQUIRED_BINARIES) {
    if (!probe.executable(bin.path)) {
      missing.push(`${bin.path} (package ${bin.pkg})`);
      packages.add(bin.pkg);
    }
  }
  for (const plugin of REQUIRED_PLUGINS) {
    if (!probe.installedPlugins.has(plugin.name)) {
      missing.push(`strongSwan plugin ${plugin.name} (package ${plugin.pkg})`);
      packages.add(plugin.pkg);
    }
  }
  if (!probe.hasUser("frr")) {
    missing.push("system user frr (package frr)");
    packages.add("frr");
  }
  return { notRoot: probe.uid !== 0, missing, packages: [...packages] };
}

export class LabPrerequisiteError extends Error {
  constructor(readonly missing: MissingPrerequisites) {
    const parts: string[] = [];
    if (missing.notRoot) parts.push("the lab must run as root (it creates network namespaces and runs charon and FRR)");
    if (missing.missing.length > 0) {
      parts.push(`missing: ${missing.missing.join(", ")}`);
      parts.push(`install with: ${LAB_APT_COMMAND}`);
    }
    super(`lab prerequisites not met: ${parts.join("; ")}`);
    this.name = "LabPrerequisiteError";
  }
}

export function assertLabPrerequisites(probe: PrerequisiteProbe = systemProbe()): void {
  const missing = findMissingPrerequisites(probe);
  if (missing.notRoot || missing.missing.length > 0) throw new LabPrerequisiteError(missing);
}

/** Why the lab cannot run here, or undefined if it can; for tests that must skip loudly. */
export function labSkipReason(probe: PrerequisiteProbe = systemProbe()): string | undefined {
  try {
    assertLabPrerequisites(probe);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
