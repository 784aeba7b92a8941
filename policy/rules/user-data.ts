import { type CloudConfig, type WireGuardConf, readCloudConfig, wireGuardInterfaces } from "crosscloud/sdk";
import { type RuleResource, T } from "./resources";
import { Unknown, get, str } from "./values";

/**
 * The boot scripts of instances and VMs, as the overlay's policies read them: EC2 `userData` (text) or
 * `userDataBase64`, an Azure VM's `osProfile.customData` or `userData` (base64). A WireGuard router's
 * keys and interface settings are in there (components/overlay-boot-config.ts renders them).
 */
export interface UserData {
  readonly resource: RuleResource;
  /** The top-level property holding it (what additionalSecretOutputs and property dependencies name). */
  readonly property: string;
  /** Where, for messages: `userData`, `osProfile.customData`, … */
  readonly path: string;
  /** The decoded text, or the Unknown that hides it (a plan.json secret, a value not known yet). */
  readonly text: string | Unknown;
}

const decode = (v: string | Unknown, base64: boolean): string | Unknown => (typeof v === "string" && base64 ? Buffer.from(v, "base64").toString("utf8") : v);

/** Every user data a resource carries (none for other types). */
export function userDataOf(r: RuleResource): UserData[] {
  const out: UserData[] = [];
  const add = (property: string, path: string, value: string | Unknown | undefined, base64: boolean): void => {
    if (value === undefined || value === "") return;
    out.push({ resource: r, property, path, text: decode(value, base64) });
  };
  if (r.type === T.awsInstance) {
    add("userData", "userData", str(r.props.userData), false);
    add("userDataBase64", "userDataBase64", str(r.props.userDataBase64), true);
  } else if (r.type === T.azureVirtualMachine) {
    add("osProfile", "osProfile.customData", str(get(r.props, "osProfile", "customData")), true);
    add("userData", "userData", str(r.props.userData), true);
  }
  return out;
}

/** The WireGuard interfaces a (known) user data writes, when it is a cloud-config this project can read. */
export function wireGuardOf(text: string): { readonly config: CloudConfig; readonly interfaces: Record<string, WireGuardConf> } | undefined {
  const { config } = readCloudConfig(text);
  return config ? { config, interfaces: wireGuardInterfaces(config) } : undefined;
}

/** WireGuard listen ports the stack uses: every WireGuardOverlay's links, and `ListenPort` in any known user data. */
export function wireGuardPorts(resources: readonly RuleResource[]): Set<number> {
  const ports = new Set<number>();
  for (const r of resources) {
    if (r.type === T.wireGuardOverlay) {
      const links = r.props.links;
      if (typeof links === "object" && links !== null && !Array.isArray(links) && !(links instanceof Unknown)) {
        for (const l of Object.values(links)) {
          const port = get(l, "port");
          if (typeof port === "number") ports.add(port);
        }
      }
    }
    for (const u of userDataOf(r)) {
      if (typeof u.text !== "string") continue;
      const wg = wireGuardOf(u.text);
      if (wg) {
        for (const conf of Object.values(wg.interfaces)) if (/^\d+$/.test(conf.interface["ListenPort"] ?? "")) ports.add(Number(conf.interface["ListenPort"]));
      } else {
        // Some other boot script (a shell script running `wg set … listen-port`, a wg-quick file written by hand).
        for (const m of u.text.matchAll(/(?:ListenPort\s*=|listen-port)\s*(\d+)/g)) ports.add(Number(m[1]));
      }
    }
  }
  return ports;
}
