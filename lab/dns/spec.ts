import { isIpv4, normalizeZone, parseCidr } from "../../sdk";

/**
 * What the cross-cloud DNS lab needs to know about one CrossCloudDns rendering, all of it read from the
 * recorded graph (lab/dns/from-graph.ts), never from the component's arguments: each side's resolver
 * endpoints (addresses as the providers assign them), the forwarding rules that apply in the network of
 * the endpoints, the private zones that network sees, and the names the checks ask for.
 */

export interface DnsLabRecord {
  /** Fully qualified, lower case, no trailing dot. */
  readonly name: string;
  readonly type: "A" | "CNAME";
  /** An IPv4 address (A) or a name (CNAME, no trailing dot). */
  readonly value: string;
  readonly ttl: number;
}

export interface DnsLabZone {
  readonly zone: string;
  /**
   * The rendered zone resource's logical name; `undefined` for a zone this stack forwards but does not create
   * (the lab stands it in, as the existing zone it must be, and says so in the report's notes).
   */
  readonly resource: string | undefined;
  readonly records: readonly DnsLabRecord[];
}

/** A forwarding rule as rendered: Route 53 `ResolverRule` (FORWARD) or Azure `ForwardingRule`. */
export interface DnsLabRule {
  readonly domain: string;
  /** Target addresses (port 53). */
  readonly targets: readonly string[];
  /** The rule's logical name. */
  readonly resource: string;
}

/** One cloud's side: the network holding the resolver endpoints, as the cloud's own resolver sees it. */
export interface DnsLabSide {
  /** The VPC's / VNet's logical name. */
  readonly network: string;
  readonly cidrs: readonly string[];
  /** The cloud's resolver in that network: the VPC's base + 2, or Azure DNS at 168.63.129.16 (sdk/dns-resolution.ts). */
  readonly resolverIp: string;
  readonly inboundIps: readonly string[];
  /** Where forwarded queries leave from: the outbound endpoint's addresses. */
  readonly outboundIps: readonly string[];
  /** Rules that apply in the network (associated with the VPC / in a ruleset linked to the VNet). */
  readonly rules: readonly DnsLabRule[];
  /** Private zones the network sees (associated with the VPC / linked to the VNet), each with its test records. */
  readonly zones: readonly DnsLabZone[];
  /** The lab's test VM in the network, a client of `resolverIp`. */
  readonly hostIp: string;
}

/**
 * Another VPC the Route 53 rules are associated with (a spoke): it has its own Resolver at its base + 2, which
 * applies the rules associated with it, sending through the same outbound endpoint.
 */
export interface DnsLabVpc {
  readonly network: string;
  readonly cidr: string;
  readonly resolverIp: string;
  readonly rules: readonly DnsLabRule[];
  /** Names of the AWS zones (of `aws.zones`) associated with it. */
  readonly zones: readonly string[];
  readonly hostIp: string;
}

/** A name a check resolves, and what it must resolve to. */
export interface DnsLabProbe {
  /** The VPC / VNet whose test VM asks (its own resolver). */
  readonly network: string;
  readonly name: string;
  /** The A record's address the client must get. */
  readonly expect: string;
  /** The zone holding the answer. */
  readonly zone: string;
  /** For Private Link names: the CNAME Azure's public DNS answers first (`acct.privatelink.blob.core.windows.net`). */
  readonly cname?: string;
  /** The forwarding rule the name must take (its logical name), or why none applies. */
  readonly rule: string;
}

export interface DnsLabProbes {
  /** Names in each Azure zone Route 53 forwards by name, asked from the AWS VM. */
  readonly awsToAzure: readonly DnsLabProbe[];
  /** Names in each AWS zone Azure forwards, asked from the Azure VM. */
  readonly azureToAws: readonly DnsLabProbe[];
  /** `acct.<public zone>` for each Private Link zone Route 53 forwards by its public zone, asked from the AWS VM. */
  readonly privateLink: readonly DnsLabProbe[];
  /** Names beside the forwarded zones that must NOT cross: from the AWS VM, and from the Azure VM. */
  readonly noLeakFromAws: readonly string[];
  readonly noLeakFromAzure: readonly string[];
}

export interface CrossCloudDnsLabSpec {
  /** The CrossCloudDns component's name. */
  readonly name: string;
  readonly aws: DnsLabSide;
  readonly azure: DnsLabSide;
  /** The other VPCs with rules associated; their VMs must resolve every Azure zone Route 53 forwards. */
  readonly awsSpokes: readonly DnsLabVpc[];
  /** Public DNS as the lab's internet serves it: Microsoft's CNAMEs into the Private Link zones, and the no-leak names. */
  readonly publicRecords: readonly DnsLabRecord[];
  readonly probes: DnsLabProbes;
  /** Stand-ins, said plainly (zones forwarded but created elsewhere, addresses no resource exposes). */
  readonly notes: readonly string[];
}

export class DnsLabSpecError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the cross-cloud DNS lab cannot run this rendering:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DnsLabSpecError";
  }
}

const inZone = (name: string, zone: string): boolean => {
  const n = normalizeZone(name);
  const z = normalizeZone(zone);
  return n === z || n.endsWith(`.${z}`);
};

/** Every problem that keeps the lab from building the namespaces; a wrong rule target is NOT one (the checks catch it). */
export function validateDnsLabSpec(spec: CrossCloudDnsLabSpec): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [cloud, side] of [["aws", spec.aws], ["azure", spec.azure]] as const) {
    const at = (what: string): string => `${cloud} ${what}`;
    if (side.inboundIps.length === 0) problems.push(`${at("inbound endpoint")}: no address recorded; the other cloud's rules have nothing to reach`);
    if (side.outboundIps.length === 0) problems.push(`${at("outbound endpoint")}: no address recorded; forwarded queries could not leave ${side.network}`);
    if (side.cidrs.length === 0 || side.cidrs.some((c) => parseCidr(c) === undefined)) problems.push(`${at("network")} ${side.network}: CIDRs ${JSON.stringify(side.cidrs)} are not all IPv4 CIDRs`);
    const addresses: [string, string][] = [
      [side.resolverIp, "resolver"],
      [side.hostIp, "test VM"],
      ...side.inboundIps.map((ip): [string, string] => [ip, "inbound endpoint"]),
      ...side.outboundIps.map((ip): [string, string] => [ip, "outbound endpoint"]),
    ];
    for (const [ip, role] of addresses) {
      if (!isIpv4(ip)) problems.push(`${at(role)}: "${ip}" is not an IPv4 address`);
      const other = seen.get(ip);
      if (other !== undefined) problems.push(`${at(role)} ${ip} is also the ${other}: every address lives in one namespace`);
      else seen.set(ip, at(role));
    }
    for (const rule of side.rules) {
      if (rule.targets.length === 0) problems.push(`${at("rule")} ${rule.resource} (${rule.domain}): no target address`);
      for (const t of rule.targets) if (!isIpv4(t)) problems.push(`${at("rule")} ${rule.resource} (${rule.domain}): target "${t}" is not an IPv4 address`);
    }
    if (cloud === "aws") {
      for (const vpc of spec.awsSpokes) {
        for (const [ip, role] of [[vpc.resolverIp, `resolver of ${vpc.network}`], [vpc.hostIp, `test VM in ${vpc.network}`]] as const) {
          if (!isIpv4(ip)) problems.push(`aws ${role}: "${ip}" is not an IPv4 address`);
          const other = seen.get(ip);
          if (other !== undefined) problems.push(`aws ${role} ${ip} is also the ${other}: every address lives in one namespace`);
          else seen.set(ip, `aws ${role}`);
        }
        if (parseCidr(vpc.cidr) === undefined) problems.push(`aws network ${vpc.network}: "${vpc.cidr}" is not an IPv4 CIDR`);
        const known = new Set(side.zones.map((z) => z.zone));
        for (const z of vpc.zones) if (!known.has(z)) problems.push(`aws network ${vpc.network}: zone ${z} is not among the AWS zones`);
        for (const rule of vpc.rules) if (rule.targets.length === 0) problems.push(`aws rule ${rule.resource} (${rule.domain}): no target address`);
      }
    }
    for (const zone of side.zones) {
      for (const r of zone.records) {
        if (!inZone(r.name, zone.zone)) problems.push(`${at("zone")} ${zone.zone}: record ${r.name} is outside it`);
        if (r.type === "A" && !isIpv4(r.value)) problems.push(`${at("zone")} ${zone.zone}: ${r.name} A "${r.value}" is not an IPv4 address`);
      }
    }
  }
  return problems;
}

export function assertValidDnsLabSpec(spec: CrossCloudDnsLabSpec): void {
  const problems = validateDnsLabSpec(spec);
  if (problems.length > 0) throw new DnsLabSpecError(problems);
}
