import { BINARIES } from "../runtime/daemons";
import { must, run } from "../runtime/exec";
import type { InterconnectLinkPlan, InterconnectPlan, LinkEndPlan } from "./plan";

/**
 * The interconnect's namespaces and links (see plan.ts). As for the VPN lab, every command names a namespace of
 * the run and both ends of every veth are created inside the run's namespaces: nothing touches the host's.
 */

const ip = (args: readonly string[]): Promise<string> => must(BINARIES.ip, args);
const sysctl = (ns: string, key: string, value: string): Promise<string> =>
  must(BINARIES.ip, ["netns", "exec", ns, "sh", "-c", `echo ${value} > /proc/sys/${key.replace(/\./g, "/")}`]);

/** The nftables table that silently blackholes the interconnect in the provider router's namespace. */
export const CUT_TABLE = "crosscloud_lab_cut";

export const interconnectNamespaces = (plan: InterconnectPlan): string[] => [plan.routers.dxgw.namespace, plan.routers.mcr.namespace, plan.routers.msee.namespace];

/**
 * Puts a link end's address on a VLAN subinterface when the kernel has 802.1Q devices, else on the veth itself.
 * Returns the device carrying the address, and whether the VLAN could be used.
 */
async function addressEnd(end: LinkEndPlan, vlan: number | undefined): Promise<{ device: string; tagged: boolean }> {
  await ip(["-n", end.namespace, "link", "set", end.device, "up"]);
  let device = end.device;
  let tagged = false;
  if (vlan !== undefined) {
    const sub = `${end.device}.${vlan}`;
    const made = await run(BINARIES.ip, ["-n", end.namespace, "link", "add", "link", end.device, "name", sub, "type", "vlan", "id", String(vlan)]);
    if (made.code === 0) {
      device = sub;
      tagged = true;
      await ip(["-n", end.namespace, "link", "set", sub, "up"]);
    }
  }
  await ip(["-n", end.namespace, "addr", "add", `${end.address}/${end.prefixLength}`, "dev", device]);
  return { device, tagged };
}

async function createLink(link: InterconnectLinkPlan): Promise<string | undefined> {
  await ip(["-n", link.a.namespace, "link", "add", link.a.device, "type", "veth", "peer", "name", link.b.device, "netns", link.b.namespace]);
  const a = await addressEnd(link.a, link.vlan);
  const b = await addressEnd(link.b, a.tagged ? link.vlan : undefined);
  if (link.vlan !== undefined && !(a.tagged && b.tagged)) return `${link.key}: VLAN ${link.vlan} carried untagged (this kernel has no 802.1Q devices); the addresses and BGP are as rendered`;
  return undefined;
}

/**
 * Creates the three routers' namespaces (recording each in `created` as it appears) and every link, the ones to
 * the cloud routers included. Returns notes (e.g. a VLAN this kernel cannot tag).
 */
export async function createInterconnect(plan: InterconnectPlan, created: string[]): Promise<string[]> {
  for (const ns of interconnectNamespaces(plan)) {
    await ip(["netns", "add", ns]);
    created.push(ns);
    await ip(["-n", ns, "link", "set", "lo", "up"]);
    await sysctl(ns, "net.ipv4.ip_forward", "1");
    await sysctl(ns, "net.ipv4.conf.all.rp_filter", "0");
    await sysctl(ns, "net.ipv4.conf.default.rp_filter", "0");
  }
  const notes: string[] = [];
  for (const link of plan.links) {
    const note = await createLink(link);
    if (note) notes.push(note);
  }
  return notes;
}

/**
 * Silently blackholes the interconnect: an nftables table in the provider router's namespace drops every packet
 * in, out and through its three peering devices (and their VLAN subinterfaces). No link, address or route
 * changes anywhere, so only BFD (and, behind it, the BGP hold timers) can notice, as when a provider's
 * fabric stops forwarding.
 */
export async function cutInterconnect(plan: InterconnectPlan): Promise<void> {
  const ns = plan.routers.mcr.namespace;
  const rules = (dir: "iifname" | "oifname"): string => plan.cutDevices.map((d) => `${dir} "${d}*" drop;`).join(" ");
  const table =
    `table inet ${CUT_TABLE} { ` +
    `chain ingress_drop { type filter hook prerouting priority -300; ${rules("iifname")} }; ` +
    `chain egress_drop { type filter hook output priority -300; ${rules("oifname")} }; ` +
    `chain through_drop { type filter hook forward priority -300; ${rules("oifname")} }; }`;
  await run(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "delete", "table", "inet", CUT_TABLE]);
  await must(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, table]);
}

/** Undoes {@link cutInterconnect}; safe when nothing is cut. */
export async function healInterconnect(plan: InterconnectPlan): Promise<void> {
  await run(BINARIES.ip, ["netns", "exec", plan.routers.mcr.namespace, BINARIES.nft, "delete", "table", "inet", CUT_TABLE]);
}
