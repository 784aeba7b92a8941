import type { PolicyConfigSchema } from "@pulumi/policy";
import { type Cidr, contains, findOverlaps, formatIssue, isLinkLocalEntry, parseCidr, readRegistry, type Registry, registryLabel } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, isAllowed, label, stackOfUrn } from "./resources";
import { ALLOW_SCHEMA, Outcome, type ParsedConfig, stackPolicy, stringConfig, stringListConfig } from "./stack-policy";
import { Unknown, type Value, get, isValueObject, list, str, strings } from "./values";

/**
 * Every address space the stack declares must be unique: VPC CIDRs (primary and associated),
 * VNet address prefixes, subnets within one network, and — through the optional `registry` config
 * — what other stacks and on-prem hold. Routed prefixes (a route's destination, a local network
 * gateway's address space, allowed/advertised prefixes) point at someone else's space and are not
 * declarations, so they are never compared.
 *
 * Subnets: a subnet inside its own network is the point, not an overlap. A subnet whose network is
 * in the stack (its "home") is compared only with other subnets: any other overlap it has is also
 * an overlap of its home, which is reported once, there. A subnet of a network outside the stack
 * is compared with everything.
 */
export const NAME = "no-overlapping-cidrs";

export interface NoOverlappingCidrsConfig {
  /** Allocations of other stacks and on-prem, in the sdk registry format. */
  readonly registry?: Registry;
  /** This stack's name in the registry: its own entries are ignored. @default - the stack in the resources' URNs */
  readonly stack?: string;
  readonly allow: readonly string[];
}

type Kind = "network" | "subnet" | "registry";

interface Declaration {
  readonly kind: Kind;
  readonly cloud: "aws" | "azure" | "registry";
  readonly cidr: Cidr;
  /** How the message names it, e.g. `aws:ec2/vpc:Vpc "app" cidrBlock`. */
  readonly what: string;
  readonly resource?: RuleResource;
  /** Network identity (`aws:<vpc urn>`, `azure:<vnet urn>`, or a fallback by id/name); undefined when unknown. */
  readonly group?: string;
  /** Azure subnet name, for recognising one subnet declared both inline and as a resource. */
  readonly subnetName?: string;
}

function parseConfig(raw: Readonly<Record<string, unknown>>): ParsedConfig<NoOverlappingCidrsConfig> {
  const problems: string[] = [];
  const allow = stringListConfig(raw, "allow", problems);
  const stack = stringConfig(raw, "stack", problems);
  let registry: Registry | undefined;
  if (raw.registry !== undefined && raw.registry !== null) {
    const read = readRegistry(raw.registry, "registry");
    problems.push(...read.issues.map(formatIssue));
    registry = read.registry;
  }
  return { config: { allow, ...(stack === undefined ? {} : { stack }), ...(registry === undefined ? {} : { registry }) }, problems };
}

const lower = (v: Value): string | undefined => (typeof v === "string" ? v.toLowerCase() : undefined);

export function checkNoOverlappingCidrs(resources: readonly RuleResource[], config: NoOverlappingCidrsConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  const decls: Declaration[] = [];

  /** Adds one CIDR text; unknown blocks the check, text that is not a CIDR is another policy's (or the cloud's) business. */
  const add = (text: string | Unknown | undefined, d: Omit<Declaration, "cidr">): void => {
    if (text === undefined || out.blockedBy(text)) return;
    const block = parseCidr(text);
    if (block) decls.push({ ...d, cidr: block });
  };
  const addList = (value: Value, d: Omit<Declaration, "cidr" | "what">, what: string): void => {
    const items = strings(value);
    if (items === undefined || out.blockedBy(items)) return;
    items.forEach((t) => add(t, { ...d, what }));
  };

  const awsGroup = (r: RuleResource): string | undefined => {
    const vpc = index.resolve(r, "vpcId", [T.awsVpc]);
    if (vpc) return `aws:${vpc.urn}`;
    const id = str(r.props.vpcId);
    return typeof id === "string" ? `aws-id:${id}` : undefined;
  };
  const vnets = index.ofType(T.azureVnet);
  const vnetKey = (rg: Value, name: Value): string | undefined => (lower(rg) && lower(name) ? `${lower(rg)}/${lower(name)}` : undefined);
  const azureGroup = (r: RuleResource): string | undefined => {
    const key = vnetKey(r.props.resourceGroupName, r.props.virtualNetworkName);
    const byName = key === undefined ? undefined : vnets.find((v) => vnetKey(v.props.resourceGroupName, v.props.virtualNetworkName) === key || vnetKey(v.props.resourceGroupName, v.props.name) === key);
    if (byName) return `azure:${byName.urn}`;
    const vnet = index.resolve(r, "virtualNetworkName", [T.azureVnet]);
    if (vnet) return `azure:${vnet.urn}`;
    return key === undefined ? undefined : `azure-name:${key}`;
  };

  for (const r of resources) {
    if (isAllowed(r, config.allow)) continue;
    switch (r.type) {
      case T.awsVpc:
        add(str(r.props.cidrBlock), { kind: "network", cloud: "aws", what: `${label(r)} cidrBlock`, resource: r, group: `aws:${r.urn}` });
        break;
      case T.awsVpcCidrAssociation: {
        const group = awsGroup(r);
        add(str(r.props.cidrBlock), { kind: "network", cloud: "aws", what: `${label(r)} cidrBlock`, resource: r, ...(group ? { group } : {}) });
        break;
      }
      case T.awsSubnet: {
        const group = awsGroup(r);
        add(str(r.props.cidrBlock), { kind: "subnet", cloud: "aws", what: `${label(r)} cidrBlock`, resource: r, ...(group ? { group } : {}) });
        break;
      }
      case T.azureVnet: {
        const group = `azure:${r.urn}`;
        addList(get(r.props, "addressSpace", "addressPrefixes"), { kind: "network", cloud: "azure", resource: r, group }, `${label(r)} addressSpace`);
        const inline = list(r.props.subnets);
        if (inline === undefined || out.blockedBy(inline)) break;
        inline.forEach((s, i) => {
          if (!isValueObject(s)) return;
          const name = lower(s.name);
          const d = { kind: "subnet" as const, cloud: "azure" as const, resource: r, group, ...(name ? { subnetName: name } : {}) };
          const what = `${label(r)} subnets.${i}${typeof s.name === "string" ? ` (${s.name})` : ""}`;
          add(str(s.addressPrefix), { ...d, what });
          addList(s.addressPrefixes, d, what);
        });
        break;
      }
      case T.azureSubnet: {
        const group = azureGroup(r);
        const name = lower(r.props.name) ?? lower(r.props.subnetName);
        const d = { kind: "subnet" as const, cloud: "azure" as const, resource: r, ...(group ? { group } : {}), ...(name ? { subnetName: name } : {}) };
        add(str(r.props.addressPrefix), { ...d, what: `${label(r)} addressPrefix` });
        addList(r.props.addressPrefixes, d, `${label(r)} addressPrefixes`);
        break;
      }
      default:
        break;
    }
  }

  // A VNet's `subnets` output lists subnets created as separate Subnet resources too (once Azure
  // has them); the same name and prefix is one subnet, declared by the Subnet resource.
  const standalone = new Set(decls.filter((d) => d.resource?.type === T.azureSubnet).map((d) => `${d.subnetName}|${d.cidr.text}`));
  const declared = decls.filter((d) => !(d.resource?.type === T.azureVnet && d.kind === "subnet" && standalone.has(`${d.subnetName}|${d.cidr.text}`)));

  const stack = config.stack ?? stackOfUrn(resources[0]?.urn ?? "");
  for (const e of config.registry?.allocations ?? []) {
    const block = parseCidr(e.cidr);
    if (block && e.stack !== stack && !isLinkLocalEntry(e)) declared.push({ kind: "registry", cloud: "registry", cidr: block, what: registryLabel(e) });
  }

  const networks = declared.filter((d) => d.kind === "network");
  const networksByGroup = new Map<string, Declaration[]>();
  for (const n of networks) if (n.group !== undefined) networksByGroup.set(n.group, [...(networksByGroup.get(n.group) ?? []), n]);
  const home = new Map<Declaration, Declaration>();
  for (const s of declared.filter((d) => d.kind === "subnet")) {
    // Known network: only its own blocks can be home. Unknown: any block of the same cloud around it.
    const candidates = s.group === undefined ? networks.filter((n) => n.cloud === s.cloud) : (networksByGroup.get(s.group) ?? []);
    const found = candidates.find((n) => contains(n.cidr, s.cidr));
    if (found) home.set(s, found);
  }

  const byLabel = new Map(declared.map((d, i) => [String(i), d] as const));
  for (const pair of findOverlaps(declared.map((d, i) => ({ label: String(i), cidr: d.cidr })))) {
    const a = byLabel.get(pair.a.label) as Declaration;
    const b = byLabel.get(pair.b.label) as Declaration;
    if (a.kind === "registry" && b.kind === "registry") continue;
    const homeA = home.get(a);
    const homeB = home.get(b);
    if (a.kind === "subnet" && b.kind === "subnet") {
      if (homeA && homeB && homeA !== homeB) continue;
    } else if ((a.kind === "subnet" && homeA) || (b.kind === "subnet" && homeB)) {
      continue;
    }
    const [first, second] = b.resource ? [a, b] : [b, a];
    const name = (d: Declaration): string => `${d.cidr.text} (${d.what}${d.resource ? ` ${d.resource.urn}` : ""})`;
    out.report(`${name(second)} overlaps ${name(first)}; overlapping address space cannot be routed between the clouds.`, second.resource?.urn);
  }
  return out;
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    registry: {
      type: "object",
      description: "The shared IPAM registry ({ version: 1, allocations: [{ stack, key, cidr, description? }] }): CIDRs other stacks and on-prem hold.",
    },
    stack: { type: "string", description: "This stack's name in the registry; its own entries are ignored. Default: the stack in the resources' URNs." },
    allow: ALLOW_SCHEMA,
  },
};

export const noOverlappingCidrs = stackPolicy<NoOverlappingCidrsConfig>({
  name: NAME,
  description: "Address spaces the stack declares (VPC and VNet CIDRs, subnets) must not overlap each other or the shared registry.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Give one of the two blocks a free range: re-plan with `crosscloud ipam` against the shared registry, or change the VPC/VNet/subnet CIDR. " +
    "Overlapping spaces cannot be told apart by routers on either side of the interconnect.",
  configSchema: CONFIG_SCHEMA,
  parseConfig,
  rule: checkNoOverlappingCidrs,
});
