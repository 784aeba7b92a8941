import { OVERLAY_BOOT_PATHS, WIREGUARD_DEFAULT_MTU, unitCommands } from "crosscloud/sdk";
import { type RuleResource, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { userDataOf, wireGuardOf } from "./user-data";

/**
 * Every WireGuard interface a router boots with must have an MTU of at most `WIREGUARD_DEFAULT_MTU`
 * (1500 minus WireGuard's 80 bytes over an IPv6 underlay, sdk/mtu.ts), and the TCP MSS clamp beside it
 * must fit that MTU (MTU − 40). Read from the rendered user data: each `/etc/wireguard/<if>.conf`'s `MTU`
 * and the clamp unit's `--set-mss`.
 *
 * Larger inner packets become outer packets above 1500 bytes: the internet path between the clouds
 * fragments or drops them, and with ICMP "fragmentation needed" filtered (common) TCP stalls after the
 * handshake ("SSH works, SCP hangs"). An interface with no `MTU` is flagged too: wg-quick then takes the
 * MTU of the route to the endpoint minus 80, which on EC2 (9001-byte jumbo frames inside the VPC) is
 * far above what the internet carries.
 *
 * The user data must be known: in a plan.json it is `"[secret]"` (the policy cannot run there and says
 * so); `crosscloud preview`, `pulumi preview`/`up` and `pulumi stack export --show-secrets` give it the value.
 */
export const NAME = "wireguard-mtu";

/** IPv4 + TCP headers: the MSS that fits an MTU is MTU − 40 (sdk/mtu.ts `recommendMtu`). */
const TCP_IPV4_HEADERS = 40;

export function checkWireGuardMtu(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    for (const u of userDataOf(r)) {
      if (out.blockedBy(u.text)) continue;
      const wg = wireGuardOf(u.text);
      if (wg === undefined) continue;
      let smallest = Infinity;
      for (const [name, conf] of Object.entries(wg.interfaces).sort(([a], [b]) => (a < b ? -1 : 1))) {
        const text = conf.interface["MTU"];
        const mtu = text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
        if (mtu === undefined) {
          out.report(
            `${label(r)} ${u.path} sets no MTU on WireGuard interface ${name}: wg-quick would take the route's MTU minus 80 (8921 on EC2's 9001-byte network), above what the internet carries; set MTU = ${WIREGUARD_DEFAULT_MTU}.`,
            r.urn,
          );
          continue;
        }
        smallest = Math.min(smallest, mtu);
        if (mtu > WIREGUARD_DEFAULT_MTU) {
          out.report(
            `${label(r)} ${u.path} sets MTU ${mtu} on WireGuard interface ${name}, above ${WIREGUARD_DEFAULT_MTU} (1500 minus WireGuard's 80-byte overhead): outer packets would exceed 1500 bytes and be fragmented or dropped between the clouds.`,
            r.urn,
          );
        }
      }
      const unit = wg.config.files[OVERLAY_BOOT_PATHS.mssClampUnit];
      if (unit === undefined || smallest === Infinity) continue;
      for (const line of unitCommands(unit.content).start) {
        const mss = Number(/--set-mss\s+(\d+)/.exec(line)?.[1]);
        if (Number.isFinite(mss) && mss > smallest - TCP_IPV4_HEADERS) {
          out.report(`${label(r)} ${u.path} clamps TCP MSS to ${mss}, more than the WireGuard MTU ${smallest} minus 40 bytes of IPv4 and TCP headers; segments would not fit the tunnel.`, r.urn);
          break;
        }
      }
    }
  }
  return out;
}

export const wireGuardMtu = stackPolicy<AllowConfig>({
  name: NAME,
  description: `WireGuard interfaces in router user data must have an MTU of at most ${WIREGUARD_DEFAULT_MTU}, and the TCP MSS clamp must fit it.`,
  enforcementLevel: "mandatory",
  remediationSteps:
    `Set MTU = ${WIREGUARD_DEFAULT_MTU} (or less) on every WireGuard interface and clamp TCP MSS to MTU − 40 (WireGuardOverlay renders ${WIREGUARD_DEFAULT_MTU}/${WIREGUARD_DEFAULT_MTU - TCP_IPV4_HEADERS}, from sdk recommendMtu). ` +
    "For a path known to carry larger packets end to end, list the instance or VM in the policy's `allow` config.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkWireGuardMtu,
});
