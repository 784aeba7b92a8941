import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { must, run } from "../runtime/exec";
import { BINARIES } from "../runtime/daemons";
import { type OverlayLabPlan, type RouterRun, allOverlayNamespaces, prefixLength } from "./plan";

/**
 * Namespaces, links and addresses of one overlay lab run. Every command names a namespace the run
 * created (`ip -n <ns>`, `ip netns exec <ns>`), and veths are created inside a lab namespace with their
 * peer placed in another, so nothing is ever added to the host's own network namespace.
 */

const ip = (args: readonly string[]): Promise<string> => must(BINARIES.ip, args);

/** A sysctl inside a namespace, through /proc (no `sysctl` binary needed). */
export const nsSysctl = (ns: string, key: string, value: string): Promise<string> =>
  must(BINARIES.ip, ["netns", "exec", ns, "sh", "-c", `echo "$1" > "/proc/sys/$0"`, key.replace(/\./g, "/"), value]);

/** Loads an nftables ruleset (written to the run directory, so the command log can name it) in a namespace. */
export async function nftLoad(dir: string, ns: string, name: string, ruleset: string): Promise<void> {
  const file = join(dir, `${ns}.${name}.nft`);
  writeFileSync(file, ruleset, { mode: 0o600 });
  await must(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "-f", file]);
}

/** Deletes an nftables table; no error when it is already gone. */
export async function nftDelete(ns: string, table: string): Promise<void> {
  await run(BINARIES.ip, ["netns", "exec", ns, BINARIES.nft, "delete", "table", "inet", table]);
}

/**
 * The underlay between the clouds drops IP fragments, as NATs, cloud load balancers and many
 * middleboxes on the internet do. Without this, an outer WireGuard packet above 1500 bytes (an inner
 * packet above the interface MTU's budget) would be fragmented and reassembled on the way, and an MTU
 * mistake would never show: measured with MTU 1500 and no MSS clamp, a transfer *completes* over a
 * fragment-forwarding underlay. With it, the mistake stalls TCP exactly as it does between real clouds.
 */
export const FRAGMENT_DROP_TABLE = "ccwfrag";
const FRAGMENT_DROP = `table inet ${FRAGMENT_DROP_TABLE} {
  chain forward {
    type filter hook forward priority 0; policy accept;
    ip frag-off & 0x3fff != 0 counter drop
  }
}
`;

async function addNamespace(ns: string, created: string[]): Promise<void> {
  await ip(["netns", "add", ns]);
  created.push(ns);
  await ip(["-n", ns, "link", "set", "lo", "up"]);
}

/** A veth from `ns` (named `inside`) into `lan`'s bridge (named `outside`). */
async function plugIntoLan(ns: string, inside: string, lan: string, outside: string): Promise<void> {
  await ip(["-n", ns, "link", "add", inside, "type", "veth", "peer", "name", outside, "netns", lan]);
  await ip(["-n", lan, "link", "set", outside, "master", "br0"]);
  await ip(["-n", lan, "link", "set", outside, "up"]);
  await ip(["-n", ns, "link", "set", inside, "up"]);
}

/**
 * The router's internet side: its public IP on `u0`, a point-to-point link to the inet namespace's
 * gateway, and the default route through it (so the WireGuard endpoints, the peers' public IPs, are
 * reached across the underlay). Any public address works: the inet namespace routes each as a /32.
 */
async function underlay(plan: OverlayLabPlan, r: RouterRun): Promise<void> {
  const inet = plan.inetNamespace;
  await ip(["-n", r.namespace, "link", "add", "u0", "type", "veth", "peer", "name", r.inetDevice, "netns", inet]);
  await ip(["-n", r.namespace, "addr", "add", `${r.publicIp}/32`, "dev", "u0"]);
  await ip(["-n", r.namespace, "link", "set", "u0", "up"]);
  await ip(["-n", inet, "addr", "add", `${plan.gateway}/32`, "dev", r.inetDevice]);
  await ip(["-n", inet, "link", "set", r.inetDevice, "up"]);
  await ip(["-n", inet, "route", "add", `${r.publicIp}/32`, "dev", r.inetDevice]);
  await ip(["-n", r.namespace, "route", "add", `${plan.gateway}/32`, "dev", "u0"]);
  await ip(["-n", r.namespace, "route", "add", "default", "via", plan.gateway, "dev", "u0"]);
}

/**
 * Creates every namespace and link of the run. Names of namespaces that now exist are pushed to
 * `created` as they appear, so a failure half-way still lets teardown find them.
 */
export async function createOverlayTopology(plan: OverlayLabPlan, dir: string, created: string[]): Promise<void> {
  for (const ns of allOverlayNamespaces(plan)) await addNamespace(ns, created);
  await nsSysctl(plan.inetNamespace, "net.ipv4.ip_forward", "1");
  await nftLoad(dir, plan.inetNamespace, "fragments", FRAGMENT_DROP);
  for (const lan of Object.values(plan.lanNamespaces)) {
    await ip(["-n", lan, "link", "add", "br0", "type", "bridge"]);
    await ip(["-n", lan, "link", "set", "br0", "up"]);
  }
  for (const r of plan.routers) {
    await underlay(plan, r);
    await plugIntoLan(r.namespace, "l0", plan.lanNamespaces[r.cloud], r.lanDevice);
    await ip(["-n", r.namespace, "addr", "add", `${r.privateIp}/${prefixLength(plan.networks[r.cloud])}`, "dev", "l0"]);
    // /etc/sysctl.d/90-crosscloud-overlay.conf, as `sysctl --system` applies it at boot.
    for (const [key, value] of Object.entries(r.sysctl)) await nsSysctl(r.namespace, key, value);
  }
  for (const h of plan.hosts) {
    await plugIntoLan(h.namespace, "l0", plan.lanNamespaces[h.cloud], h.lanDevice);
    await ip(["-n", h.namespace, "addr", "add", `${h.address}/${prefixLength(plan.networks[h.cloud])}`, "dev", "l0"]);
    // The cloud's route table for this host: the VPC routes to a router's ENI, or the UDR's next hop.
    for (const route of h.routes) await ip(["-n", h.namespace, "route", "add", route.destination, "via", route.via]);
  }
  for (const rs of plan.routeServers) {
    await plugIntoLan(rs.namespace, "l0", plan.lanNamespaces.azure, rs.lanDevice);
    await ip(["-n", rs.namespace, "addr", "add", `${rs.ip}/${prefixLength(plan.networks.azure)}`, "dev", "l0"]);
  }
}

/** Deletes the run's namespaces; returns the ones that could not be deleted. */
export async function deleteOverlayNamespaces(names: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const ns of names) {
    const result = await run(BINARIES.ip, ["netns", "del", ns]);
    if (result.code !== 0 && !/No such file|not found/i.test(result.stderr)) failed.push(ns);
  }
  return failed;
}
