import { Issue, issue } from "./errors";

/**
 * The overlay routers' boot configuration as an artefact others read back: where the rendered
 * cloud-init puts each file, the names its frr.conf uses, and a pure reader of the rendered text.
 * The renderer is components/overlay-boot-config.ts; the readers are the lab (`crosscloud lab --stack
 * overlay` runs exactly these files) and the policy pack (which reads MTUs and keys out of user data).
 *
 * The cloud-config document is written as JSON after the `#cloud-config` line. JSON is YAML, so
 * cloud-init reads it as any cloud-config; and every reader parses it with `JSON.parse`, with no YAML
 * parser in the lab or the published policy pack.
 */

export const OVERLAY_BOOT_PATHS = {
  wireguardDir: "/etc/wireguard",
  frrConf: "/etc/frr/frr.conf",
  frrDaemons: "/etc/frr/daemons",
  sysctl: "/etc/sysctl.d/90-crosscloud-overlay.conf",
  mssClampUnit: "/etc/systemd/system/crosscloud-mss-clamp.service",
} as const;

/** Names used in frr.conf, exported so the renderer, the lab and the tests refer to the same strings. */
export const OVERLAY_FRR_NAMES = {
  local: "CC-LOCAL",
  remote: "CC-REMOTE",
  peerIn: "CC-PEER-IN",
  peerOut: "CC-PEER-OUT",
  routeServerIn: "CC-RS-IN",
  routeServerOut: "CC-RS-OUT",
  bfdProfile: "crosscloud",
} as const;

/** cloud-init's marker for a cloud-config document: the first line of the user data. */
export const CLOUD_CONFIG_HEADER = "#cloud-config";

/** One `write_files` entry. */
export interface CloudConfigFile {
  readonly path: string;
  readonly content: string;
  readonly permissions?: string;
  readonly owner?: string;
  readonly defer?: boolean;
}

export interface CloudConfig {
  readonly packages: readonly string[];
  /** `write_files`, by path. */
  readonly files: Readonly<Record<string, CloudConfigFile>>;
  readonly runcmd: readonly (readonly string[])[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads rendered user data (the text an instance or VM boots with) back into its parts. Never throws:
 * text that is not a cloud-config this project renders comes back as an issue at `path`.
 */
export function readCloudConfig(text: string, path = "userData"): { config: CloudConfig | undefined; issues: Issue[] } {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== CLOUD_CONFIG_HEADER) return { config: undefined, issues: [issue(path, "VALUE_REQUIRED", `user data that does not start with "${CLOUD_CONFIG_HEADER}" is not a cloud-config document`)] };
  let doc: unknown;
  try {
    doc = JSON.parse(lines.filter((l) => !l.startsWith("#")).join("\n"));
  } catch (e) {
    return { config: undefined, issues: [issue(path, "VALUE_REQUIRED", `the cloud-config document is not the JSON crosscloud renders (${(e as Error).message})`)] };
  }
  if (!isObject(doc)) return { config: undefined, issues: [issue(path, "VALUE_REQUIRED", `the cloud-config document is not an object`)] };
  const files: Record<string, CloudConfigFile> = {};
  const issues: Issue[] = [];
  (Array.isArray(doc["write_files"]) ? doc["write_files"] : []).forEach((f: unknown, i: number) => {
    if (!isObject(f) || typeof f["path"] !== "string" || typeof f["content"] !== "string") {
      issues.push(issue(`${path}.write_files.${i}`, "VALUE_REQUIRED", `a write_files entry needs a path and a text content`));
      return;
    }
    files[f["path"]] = {
      path: f["path"],
      content: f["content"],
      ...(typeof f["permissions"] === "string" ? { permissions: f["permissions"] } : {}),
      ...(typeof f["owner"] === "string" ? { owner: f["owner"] } : {}),
      ...(typeof f["defer"] === "boolean" ? { defer: f["defer"] } : {}),
    };
  });
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const runcmd = (Array.isArray(doc["runcmd"]) ? doc["runcmd"] : []).map((c: unknown) => (typeof c === "string" ? ["sh", "-c", c] : strings(c)));
  return issues.length > 0 ? { config: undefined, issues } : { config: { packages: strings(doc["packages"]), files, runcmd }, issues };
}

/** One wg-quick file: its `[Interface]` settings and each `[Peer]`'s, keys as written (`PrivateKey`, `MTU`, …). */
export interface WireGuardConf {
  readonly interface: Readonly<Record<string, string>>;
  readonly peers: readonly Readonly<Record<string, string>>[];
}

/** Parses a wg-quick(8) file: INI sections, `Key = value` lines, `#` comments. */
export function parseWireGuardConf(text: string): WireGuardConf {
  const iface: Record<string, string> = {};
  const peers: Record<string, string>[] = [];
  let section: Record<string, string> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1]?.toLowerCase() === "interface" ? iface : header[1]?.toLowerCase() === "peer" ? (peers.push({}), peers[peers.length - 1]) : undefined;
      continue;
    }
    const eq = line.indexOf("=");
    if (section === undefined || eq < 0) continue;
    section[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { interface: iface, peers };
}

/** Every WireGuard interface a cloud-config writes (`/etc/wireguard/<name>.conf`), by interface name. */
export function wireGuardInterfaces(config: CloudConfig): Record<string, WireGuardConf> {
  const out: Record<string, WireGuardConf> = {};
  const prefix = `${OVERLAY_BOOT_PATHS.wireguardDir}/`;
  for (const f of Object.values(config.files)) {
    if (!f.path.startsWith(prefix) || !f.path.endsWith(".conf")) continue;
    out[f.path.slice(prefix.length, -".conf".length)] = parseWireGuardConf(f.content);
  }
  return out;
}

/** `key = value` lines of a sysctl.d file. */
export function parseSysctl(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** The `ExecStart=` and `ExecStop=` command lines of a systemd unit, in order. */
export function unitCommands(text: string): { readonly start: string[]; readonly stop: string[] } {
  const lines = text.split("\n").map((l) => l.trim());
  const of = (key: string): string[] => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
  return { start: of("ExecStart"), stop: of("ExecStop") };
}

/** The daemons an FRR `daemons` file turns on (`bgpd=yes`, …); zebra always runs. */
export function enabledFrrDaemons(text: string): string[] {
  const on = text
    .split("\n")
    .map((l) => /^\s*(\w+)\s*=\s*yes\s*$/.exec(l)?.[1])
    .filter((d): d is string => d !== undefined && d.endsWith("d"));
  return ["zebra", ...on.filter((d) => d !== "zebra")];
}
