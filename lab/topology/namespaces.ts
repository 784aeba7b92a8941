import { must, run, waitFor } from "../runtime/exec";
import { LabPlan, RouterPlan, TunnelPlan, TunnelSidePlan } from "./plan";

/**
 * Namespaces, veths and addresses for one run. Every command names a namespace the run created
 * (`ip -n <ns>`), and veths are created with both ends placed in lab namespaces, so nothing is ever
 * added to the host's own network namespace.
 */

const ip = (args: readonly string[]): Promise<string> => must("ip", args);

/** Writes a sysctl inside a namespace without depending on the `sysctl` binary. */
const nsSysctl = (ns: string, key: string, value: string): Promise<string> =>
  must("ip", ["netns", "exec", ns, "sh", "-c", `echo ${value} > /proc/sys/${key.replace(/\./g, "/")}`]);

export function allNamespaces(plan: LabPlan): string[] {
  return [
    plan.routers.aws.namespace,
    plan.routers.azure.namespace,
    plan.wanNamespace,
    ...plan.tunnels.flatMap((t) => [t.aws.namespace, t.azure.namespace]),
  ];
}

/** Namespaces whose names start with the run's prefix: what teardown must remove. */
export async function listRunNamespaces(prefix: string): Promise<string[]> {
  const result = await run("ip", ["netns", "list"]);
  return result.stdout
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name.startsWith(`${prefix}-`));
}

async function addNamespace(ns: string, created: string[]): Promise<void> {
  await ip(["netns", "add", ns]);
  created.push(ns);
  await ip(["-n", ns, "link", "set", "lo", "up"]);
}

async function setupRouter(router: RouterPlan): Promise<void> {
  const ns = router.namespace;
  await nsSysctl(ns, "net.ipv4.ip_forward", "1");
  // Traffic may come back over another tunnel than it left by (ECMP after failover).
  await nsSysctl(ns, "net.ipv4.conf.all.rp_filter", "0");
  await nsSysctl(ns, "net.ipv4.conf.default.rp_filter", "0");
  // Multipath routes hash on ports (L4), as the clouds spread flows over ECMP tunnels; without ECMP there is one path.
  await nsSysctl(ns, "net.ipv4.fib_multipath_hash_policy", "1");
  // The VPC/VNet side: a veth pair inside the router, standing in for the LAN (no dummy devices here).
  await ip(["-n", ns, "link", "add", "lan", "type", "veth", "peer", "name", "lanp"]);
  for (const address of router.lanAddresses) await ip(["-n", ns, "addr", "add", address, "dev", "lan"]);
  await ip(["-n", ns, "link", "set", "lan", "up"]);
  await ip(["-n", ns, "link", "set", "lanp", "up"]);
}

async function setupOutside(side: TunnelSidePlan, wanNs: string): Promise<void> {
  await ip(["-n", side.namespace, "link", "add", "wan0", "type", "veth", "peer", "name", side.wanDevice, "netns", wanNs]);
  await ip(["-n", side.namespace, "addr", "add", `${side.outsideAddress}/30`, "dev", "wan0"]);
  await ip(["-n", side.namespace, "link", "set", "wan0", "up"]);
  await ip(["-n", side.namespace, "route", "add", "default", "via", side.gatewayAddress]);
  await ip(["-n", wanNs, "addr", "add", `${side.gatewayAddress}/30`, "dev", side.wanDevice]);
  await ip(["-n", wanNs, "link", "set", side.wanDevice, "up"]);
}

/**
 * Creates every namespace and link except the tunnel devices, which charon creates. Names of
 * namespaces that now exist are pushed to `created` as they appear, so a failure half-way still
 * lets teardown find them.
 */
export async function createTopology(plan: LabPlan, created: string[]): Promise<void> {
  for (const ns of allNamespaces(plan)) await addNamespace(ns, created);
  await nsSysctl(plan.wanNamespace, "net.ipv4.ip_forward", "1");
  await setupRouter(plan.routers.aws);
  await setupRouter(plan.routers.azure);
  for (const tunnel of plan.tunnels) {
    await setupOutside(tunnel.aws, plan.wanNamespace);
    await setupOutside(tunnel.azure, plan.wanNamespace);
  }
}

async function linkExists(ns: string, name: string): Promise<boolean> {
  return (await run("ip", ["-n", ns, "link", "show", "dev", name])).code === 0;
}

/**
 * Moves charon's `ipsec0` TUN device into the router namespace as the tunnel's interface, gives it
 * the side's inside address, and leaves a decoy `ipsec0` veth behind, because charon installs its
 * own route via a device of that name and fails the CHILD_SA if the device is missing.
 */
export async function adoptTunnelDevice(tunnel: TunnelPlan, side: TunnelSidePlan, router: RouterPlan, deadlineSeconds: number): Promise<void> {
  await waitFor(async () => ({ done: await linkExists(side.namespace, "ipsec0"), value: undefined }), {
    what: `charon's ipsec0 in ${side.namespace}`,
    deadlineSeconds,
  });
  await ip(["-n", side.namespace, "link", "set", "ipsec0", "netns", router.namespace]);
  await ip(["-n", router.namespace, "link", "set", "ipsec0", "name", tunnel.device]);
  await ip(["-n", router.namespace, "addr", "add", side.insideAddressCidr, "dev", tunnel.device]);
  await ip(["-n", router.namespace, "link", "set", tunnel.device, "up"]);
  await ip(["-n", side.namespace, "link", "add", "ipsec0", "type", "veth", "peer", "name", "ipsec0p"]);
  await ip(["-n", side.namespace, "link", "set", "ipsec0", "up"]);
  await ip(["-n", side.namespace, "link", "set", "ipsec0p", "up"]);
}

/**
 * Silently blackholes a tunnel's outside path in the wan namespace: a /32 blackhole route for each
 * end's public address. Neither charon nor FRR sees a link, address or route event (the change is
 * in a namespace they do not watch) and blackhole routes send no ICMP, so the tunnel just stops
 * carrying packets, as when a path across the internet dies. This kernel has no netem, no tc
 * classifiers and no nftables/iptables, and `ip link set down` on a veth would be a link event.
 */
export async function blackholeTunnel(plan: LabPlan, tunnel: TunnelPlan): Promise<void> {
  for (const side of [tunnel.aws, tunnel.azure]) {
    await ip(["-n", plan.wanNamespace, "route", "replace", "blackhole", `${side.outsideAddress}/32`]);
  }
}

/** Undoes {@link blackholeTunnel}; safe to call when nothing is blackholed. */
export async function healTunnel(plan: LabPlan, tunnel: TunnelPlan): Promise<void> {
  for (const side of [tunnel.aws, tunnel.azure]) {
    await run("ip", ["-n", plan.wanNamespace, "route", "del", "blackhole", `${side.outsideAddress}/32`]);
  }
}

/** Deletes the run's namespaces; returns the ones that could not be deleted. */
export async function deleteNamespaces(names: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const ns of names) {
    const result = await run("ip", ["netns", "del", ns]);
    if (result.code !== 0 && !/No such file/.test(result.stderr)) failed.push(ns);
  }
  return failed;
}
