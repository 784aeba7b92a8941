import { isDefaultRoute } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { wireGuardPorts } from "./user-data";
import { Unknown, type Value, get, list, num, str, strings } from "./values";

/**
 * No security group or NSG may open a WireGuard port to the whole internet (0.0.0.0/0, ::/0, `*`,
 * `Internet`, `Any`). WireGuard answers nothing without a valid handshake, but an open port still
 * invites handshake floods (each costs the router a Curve25519 computation) and hides a rule that
 * should name the peers: the overlay admits each link's port from exactly the peer router's public IP.
 *
 * The WireGuard ports are the stack's own: every WireGuardOverlay link's port, and every `ListenPort`
 * in instance or VM user data. Checked: `aws.vpc.SecurityGroupIngressRule`, inline `ec2.SecurityGroup`
 * ingress, `ec2.SecurityGroupRule` (type ingress), Azure NSG inline rules and `network.SecurityRule`,
 * each when it allows UDP (or every protocol) on a range that covers a WireGuard port.
 *
 * An unknown source that flows from an Elastic IP or public IP (the overlay's `<peer IP>/32`) is one
 * address, not the internet, and passes; any other unknown source blocks the decision.
 */
export const NAME = "wireguard-port-not-public";

const WORLD_AZURE = new Set(["*", "internet", "any", "0.0.0.0/0", "::/0"]);
const ADDRESS_SOURCES: readonly string[] = [T.awsEip, T.azurePublicIp];

/** Protocol allows UDP: `udp`, `17`, `-1`, `all`, Azure `Udp` or `*`. */
function allowsUdp(protocol: string): boolean {
  return ["udp", "17", "-1", "all", "*"].includes(protocol.toLowerCase());
}

/** AWS port range [from, to]; -1 or a missing range means every port. */
function awsPorts(rule: Value): [number, number] | Unknown {
  const from = num(get(rule, "fromPort"));
  const to = num(get(rule, "toPort"));
  if (from instanceof Unknown) return from;
  if (to instanceof Unknown) return to;
  if (from === undefined || from < 0 || to === undefined || to < 0) return [0, 65535];
  return [from, to];
}

/** Azure port ranges: `*`, `51820`, `51820-51823`, or a list of those. */
function azurePorts(rule: Value): [number, number][] | Unknown {
  const single = str(get(rule, "destinationPortRange"));
  const many = strings(get(rule, "destinationPortRanges"));
  if (single instanceof Unknown) return single;
  if (many instanceof Unknown) return many;
  const ranges: [number, number][] = [];
  for (const text of [...(single !== undefined ? [single] : []), ...(many ?? [])]) {
    if (text instanceof Unknown) return text;
    if (text.trim() === "*") ranges.push([0, 65535]);
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
    if (m) ranges.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return ranges;
}

/** A string list as entries; an unknown list is one unknown entry. */
const entries = (v: Value): (string | Unknown)[] => {
  const l = strings(v);
  return l instanceof Unknown ? [l] : (l ?? []);
};

const covered = (ports: ReadonlySet<number>, [from, to]: [number, number]): number[] => [...ports].filter((p) => p >= from && p <= to).sort((a, b) => a - b);

export function checkWireGuardPortNotPublic(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const ports = wireGuardPorts(resources);
  if (ports.size === 0) return out;
  const index = new StackIndex(resources);
  /** Whether `source` is the whole internet: true, false, or the Unknown that blocks the answer. */
  const world = (r: RuleResource, source: string | Unknown | undefined, depsKey: string, azure: boolean): boolean | Unknown => {
    if (source === undefined) return false;
    if (source instanceof Unknown) {
      const from = (r.propertyDependencies[depsKey] ?? []).map((u) => index.byUrn.get(u)?.type);
      return from.some((t) => t !== undefined && ADDRESS_SOURCES.includes(t)) ? false : source;
    }
    return azure ? WORLD_AZURE.has(source.trim().toLowerCase()) : isDefaultRoute(source);
  };
  const flag = (r: RuleResource, where: string, source: string, open: readonly number[]): void =>
    out.report(`${label(r)} ${where}admits UDP ${open.join(", ")} (WireGuard) from ${source}; allow each link's port from the peer router's public IP only.`, r.urn);

  const awsRule = (r: RuleResource, rule: Value, sources: readonly [string, string | Unknown | undefined][], protocolKey: string, depsKey: string, where: string): void => {
    const protocol = str(get(rule, protocolKey));
    if (protocol === undefined || out.blockedBy(protocol) || !allowsUdp(protocol)) return;
    const range = awsPorts(rule);
    if (out.blockedBy(range)) return;
    const open = covered(ports, range);
    if (open.length === 0) return;
    for (const [, source] of sources) {
      const w = world(r, source, depsKey, false);
      if (out.blockedBy(w) || w === false) continue;
      flag(r, where, source as string, open);
    }
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsSecurityGroupIngressRule:
        awsRule(r, r.props, [["cidrIpv4", str(r.props.cidrIpv4)], ["cidrIpv6", str(r.props.cidrIpv6)]], "ipProtocol", "cidrIpv4", "");
        break;
      case T.awsSecurityGroupRule: {
        if (str(r.props.type) !== "ingress") break;
        const blocks = [...entries(r.props.cidrBlocks), ...entries(r.props.ipv6CidrBlocks)];
        awsRule(r, r.props, blocks.map((b) => ["cidrBlocks", b] as [string, string | Unknown]), "protocol", "cidrBlocks", "");
        break;
      }
      case T.awsSecurityGroup: {
        const ingress = list(r.props.ingress);
        if (ingress === undefined || out.blockedBy(ingress)) break;
        ingress.forEach((rule, i) => {
          const blocks = [...entries(get(rule, "cidrBlocks")), ...entries(get(rule, "ipv6CidrBlocks"))];
          awsRule(r, rule, blocks.map((b) => ["cidrBlocks", b] as [string, string | Unknown]), "protocol", "ingress", `ingress.${i} `);
        });
        break;
      }
      case T.azureNetworkSecurityGroup: {
        const rules = list(r.props.securityRules);
        if (rules === undefined || out.blockedBy(rules)) break;
        rules.forEach((rule, i) => azureRule(r, rule, "securityRules", `securityRules.${i} `));
        break;
      }
      case T.azureSecurityRule:
        azureRule(r, r.props, "sourceAddressPrefix", "");
        break;
      default:
        break;
    }
  }
  return out;

  function azureRule(r: RuleResource, rule: Value, depsKey: string, where: string): void {
    const direction = str(get(rule, "direction"));
    const access = str(get(rule, "access"));
    const protocol = str(get(rule, "protocol"));
    if (out.blockedBy(direction) || out.blockedBy(access) || out.blockedBy(protocol)) return;
    if (direction !== "Inbound" || access !== "Allow" || protocol === undefined || !allowsUdp(protocol)) return;
    const ranges = azurePorts(rule);
    if (out.blockedBy(ranges)) return;
    const open = [...new Set(ranges.flatMap((range) => covered(ports, range)))].sort((a, b) => a - b);
    if (open.length === 0) return;
    const sources = [str(get(rule, "sourceAddressPrefix")), ...entries(get(rule, "sourceAddressPrefixes"))];
    for (const source of sources) {
      const w = world(r, source, depsKey, true);
      if (out.blockedBy(w) || w === false) continue;
      flag(r, `${where}(${str(get(rule, "name")) ?? "rule"}) `, source as string, open);
    }
  }
}

export const wireGuardPortNotPublic = stackPolicy<AllowConfig>({
  name: NAME,
  description: "Security groups and NSGs must not open a WireGuard port to the whole internet.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Admit each WireGuard port from the peer router's public address only (`<ip>/32`), as WireGuardOverlay does. " +
    "For a deliberate exception (a roaming client endpoint), list the rule's URN or name in the policy's `allow` config.",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkWireGuardPortNotPublic,
});
