/**
 * Typed validation issues and the one error that carries all of them.
 *
 * Validators are pure and *return* issues; only a boundary (planNetwork, a component constructor,
 * the CLI) throws, and it throws once with every issue, so a user fixes their config in one pass
 * instead of one 45-minute gateway build per mistake.
 */

/** Stable machine-readable codes. Tests, policies and docs match on these, never on message text. */
export type IssueCode =
  | "CIDR_SYNTAX"
  | "CIDR_HOST_BITS"
  | "CIDR_OVERLAP"
  | "CIDR_OUTSIDE_PARENT"
  | "CIDR_TOO_SMALL"
  | "CIDR_WRONG_SIZE"
  | "POOL_EXHAUSTED"
  | "KEY_INVALID"
  | "ASN_RANGE"
  | "ASN_RESERVED"
  | "ASN_NOT_PRIVATE"
  | "ASN_EQUAL"
  | "ASN_ROUTE_SERVER"
  | "APIPA_OUTSIDE_AZURE_RANGE"
  | "APIPA_AWS_RESERVED"
  | "APIPA_DUPLICATE"
  | "APIPA_EXHAUSTED"
  | "PSK_INVALID"
  | "IPSEC_UNSUPPORTED"
  | "IPSEC_MISMATCH"
  | "IPSEC_LIFETIME"
  | "SUBNET_NAME"
  | "SUBNET_AZS"
  | "GATEWAY_SUBNET_TOO_SMALL"
  | "ROUTE_SERVER_SUBNET_TOO_SMALL"
  | "DNS_SUBNET_SIZE"
  | "DNS_NAME_INVALID"
  | "DNS_DUPLICATE"
  | "DNS_PRIVATE_LINK"
  | "PREFIX_LIMIT"
  | "DEFAULT_ROUTE"
  | "VPN_LAYOUT"
  | "SKU_INVALID"
  | "BANDWIDTH_INVALID"
  | "DX_PROVIDER_OFFER"
  | "REGISTRY_FORMAT"
  | "VALUE_REQUIRED"
  | "ROUTER_COUNT"
  | "ROUTER_UNKNOWN"
  | "ZONE_UNKNOWN"
  | "PORT_INVALID"
  | "BFD_INVALID"
  | "OPTION_CONFLICT"
  | "TTL_RANGE"
  | "HEALTH_CHECK_INVALID"
  | "PRIVATE_IP_PROBED"
  | "ALARM_INVALID"
  | "FAILOVER_TARGET_INVALID"
  | "WEIGHT_INVALID"
  | "PRICE_INVALID"
  | "TRAFFIC_INVALID"
  | "SECRET_UNSUPPORTED"
  | "CIDR_FORBIDDEN"
  | "REGION_MISMATCH"
  | "QUOTA_EXCEEDED"
  // Config shape (the stack config schema): a key it does not know, a value of the wrong type, a value outside
  // the field's range or enum, and a setting users try that crosscloud does not offer (the message says why).
  | "UNKNOWN_KEY"
  | "TYPE_INVALID"
  | "VALUE_INVALID"
  | "UNSUPPORTED";

export interface Issue {
  /** Where the problem is, by keys, never by array position: `azure.vnets.hub.subnets.GatewaySubnet`. */
  readonly path: string;
  readonly code: IssueCode;
  /** What is wrong, naming the offending value (never a secret) and the rule. */
  readonly message: string;
}

export const issue = (path: string, code: IssueCode, message: string): Issue => ({ path, code, message });

/** Formats one issue the way every crosscloud error prints it. */
export const formatIssue = (i: Issue): string => `${i.path}: ${i.message} [${i.code}]`;

/** Thrown once, at a boundary, carrying every problem found. */
export class PlanError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[], context = "crosscloud network plan") {
    const n = issues.length;
    super(`${context} is invalid (${n} problem${n === 1 ? "" : "s"}):\n` + issues.map((i) => `  - ${formatIssue(i)}`).join("\n"));
    this.name = "PlanError";
    this.issues = issues;
  }
}

/** Throws a PlanError when there is anything to report; otherwise returns nothing. */
export function throwIfIssues(issues: readonly Issue[], context?: string): void {
  if (issues.length > 0) throw new PlanError(issues, context);
}

/** The issues without repeats (same path, code and message), in their first order. */
export function dedupeIssues(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.path}\0${i.code}\0${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Joins path segments, skipping empty ones: `joinPath("aws", "vpcs", "app")` → `aws.vpcs.app`. */
export const joinPath = (...parts: readonly (string | undefined)[]): string => parts.filter((p) => p !== undefined && p !== "").join(".");
