import { type AwsTunnelOptions, type AzureIpsecPolicy, type CanonicalProposal, compareProposals, describeAwsTunnel, describeAzurePolicy } from "crosscloud/sdk";
import { type RuleResource, StackIndex, T, isAllowed, label } from "./resources";
import { ALLOW_ONLY_SCHEMA, type AllowConfig, Outcome, parseAllowConfig, stackPolicy } from "./stack-policy";
import { pairAzureConnections } from "./tunnels";
import { Unknown, type Value, get, isValueObject, list, str } from "./values";

/**
 * Every AWS<->Azure tunnel pins one explicit IKEv2 proposal, the same on both sides.
 *
 * Left at the clouds' defaults, AWS offers a list of algorithms and Azure picks from its own
 * default set; the tunnel comes up on whatever overlaps, and rekeys then drop it hourly
 * (sdk/ipsec.ts). So:
 *
 *   AWS    each VpnConnection tunnel lists exactly one value in every tunnelN* proposal list
 *          (IKE versions, phase 1/2 encryption, integrity, DH groups), and that IKE version is ikev2
 *   Azure  each IPsec connection has an ipsecPolicies entry and connectionProtocol IKEv2
 *   both   when a connection is paired with its AWS tunnel (see ./tunnels), the two proposals agree
 *          field by field (sdk compareProposals; lifetimes are local and not compared)
 */
export const NAME = "ipsec-explicit-and-matching";

/** AWS's tunnelN* proposal lists, in describeAwsTunnel's names. */
const AWS_LISTS = [
  ["ikeVersions", "IkeVersions"],
  ["phase1EncryptionAlgorithms", "Phase1EncryptionAlgorithms"],
  ["phase1IntegrityAlgorithms", "Phase1IntegrityAlgorithms"],
  ["phase1DhGroupNumbers", "Phase1DhGroupNumbers"],
  ["phase2EncryptionAlgorithms", "Phase2EncryptionAlgorithms"],
  ["phase2IntegrityAlgorithms", "Phase2IntegrityAlgorithms"],
  ["phase2DhGroupNumbers", "Phase2DhGroupNumbers"],
] as const;

type AwsRead = { proposal: CanonicalProposal } | { loose: string[] } | { blockedBy: Unknown };

/** What one AWS tunnel offers: one pinned proposal, the lists that are not pinned, or the unknown in the way. */
function readAwsTunnel(vpn: RuleResource, n: 1 | 2): AwsRead {
  const options: Record<string, (string | number)[]> = {};
  const loose: string[] = [];
  for (const [key, suffix] of AWS_LISTS) {
    const prop = `tunnel${n}${suffix}`;
    const values = list(vpn.props[prop]);
    if (values instanceof Unknown) return { blockedBy: values };
    const items = values ?? [];
    const unknown = items.find((v): v is Unknown => v instanceof Unknown);
    if (unknown) return { blockedBy: unknown };
    const known = items.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
    if (known.length !== 1) loose.push(`${prop} ${known.length === 0 ? "is unset" : `lists ${known.length} values`}`);
    options[key] = known;
  }
  const proposal = describeAwsTunnel(options as unknown as Partial<AwsTunnelOptions>);
  return proposal && loose.length === 0 ? { proposal } : { loose };
}

type AzureRead = { proposal: CanonicalProposal } | { missing: string } | { blockedBy: Unknown };

function readAzureConnection(conn: RuleResource): AzureRead {
  const protocol = str(conn.props.connectionProtocol);
  if (protocol instanceof Unknown) return { blockedBy: protocol };
  const policies = list(conn.props.ipsecPolicies);
  if (policies instanceof Unknown) return { blockedBy: policies };
  const first = policies?.[0];
  if (first === undefined) return { missing: "has no ipsecPolicies" };
  if (first instanceof Unknown) return { blockedBy: first };
  if (!isValueObject(first)) return { missing: "has no ipsecPolicies" };
  const policy: Record<string, Value> = {};
  for (const key of ["ikeEncryption", "ikeIntegrity", "dhGroup", "ipsecEncryption", "ipsecIntegrity", "pfsGroup"] as const) {
    const v = get(first, key);
    if (v instanceof Unknown) return { blockedBy: v };
    policy[key] = v;
  }
  const proposal = describeAzurePolicy(policy as Partial<AzureIpsecPolicy>, typeof protocol === "string" ? protocol : undefined);
  return proposal ? { proposal } : { missing: "has an ipsecPolicies entry without every IKE and IPsec parameter" };
}

export function checkIpsecExplicitAndMatching(resources: readonly RuleResource[], config: AllowConfig): Outcome {
  const out = new Outcome();
  const index = new StackIndex(resources);
  const aws = new Map<string, AwsRead>();
  const awsRead = (vpn: RuleResource, n: 1 | 2): AwsRead => {
    const key = `${vpn.urn}#${n}`;
    const read = aws.get(key) ?? readAwsTunnel(vpn, n);
    aws.set(key, read);
    return read;
  };
  const notIkev2 = (p: CanonicalProposal): boolean => p.ikeVersion !== "ikev2";

  for (const vpn of index.ofType(T.awsVpnConnection)) {
    if (isAllowed(vpn, config.allow)) continue;
    for (const n of [1, 2] as const) {
      const read = awsRead(vpn, n);
      if ("blockedBy" in read) out.blockedBy(read.blockedBy);
      else if ("loose" in read) {
        out.report(`${label(vpn)} tunnel ${n} leaves IKE/IPsec at the AWS default: ${read.loose.join(", ")}; pin exactly one value in each list.`, vpn.urn);
      } else if (notIkev2(read.proposal)) {
        out.report(`${label(vpn)} tunnel ${n} uses ${read.proposal.ikeVersion}; pin ikev2 (Azure's route-based gateways and crosscloud's profiles use IKEv2).`, vpn.urn);
      }
    }
  }

  for (const pairing of pairAzureConnections(index)) {
    const conn = pairing.connection;
    if (isAllowed(conn, config.allow)) continue;
    const azure = readAzureConnection(conn);
    if ("blockedBy" in azure) {
      out.blockedBy(azure.blockedBy);
      continue;
    }
    if ("missing" in azure) {
      out.report(`${label(conn)} ${azure.missing}, so Azure negotiates its default IKE/IPsec set; pin one ipsecPolicies entry matching the AWS tunnel.`, conn.urn);
      continue;
    }
    if (notIkev2(azure.proposal)) {
      out.report(`${label(conn)} uses connectionProtocol ${azure.proposal.ikeVersion.toUpperCase()}; use IKEv2.`, conn.urn);
      continue;
    }
    if (pairing.blockedBy) {
      out.blockedBy(pairing.blockedBy);
      continue;
    }
    if (!pairing.aws || isAllowed(pairing.aws.vpn, config.allow)) continue;
    const peer = awsRead(pairing.aws.vpn, pairing.aws.tunnel);
    // An AWS tunnel that is not pinned, or not yet known, was reported (or blocked) above.
    if (!("proposal" in peer)) continue;
    const where = `${label(pairing.aws.vpn)} tunnel ${pairing.aws.tunnel} (${pairing.aws.vpn.urn})`;
    for (const i of compareProposals("", peer.proposal, azure.proposal)) {
      out.report(`${label(conn)} and ${where} disagree on ${i.path.replace(/^\./, "")}: ${i.message}.`, conn.urn);
    }
  }
  return out;
}

export const ipsecExplicitAndMatching = stackPolicy<AllowConfig>({
  name: NAME,
  description: "Every AWS <-> Azure VPN tunnel must pin one explicit IKEv2 proposal, identical on both sides.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Render both sides from one sdk IPsec profile (crosscloud's SiteToSiteVpn does): on AWS set every tunnelN* proposal list to exactly one value " +
    "(awsTunnelOptions), on Azure set connectionProtocol IKEv2 and one ipsecPolicies entry (renderAzureIpsecPolicy).",
  configSchema: ALLOW_ONLY_SCHEMA,
  parseConfig: parseAllowConfig,
  rule: checkIpsecExplicitAndMatching,
});
