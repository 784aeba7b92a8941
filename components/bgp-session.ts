import * as pulumi from "@pulumi/pulumi";
import { BgpSessionPlan, Issue, checkAsnsDiffer, checkNoDefaultRoute, isIpv4, issue, throwIfIssues, ASN_MAX } from "../sdk";
import { TYPE } from "./type-tokens";

/** A session as the sdk plans it (`BgpSessionPlan`), without its plan key; `acceptedPrefixes` @default [] */
export interface BgpSessionArgs extends Omit<BgpSessionPlan, "key" | "acceptedPrefixes"> {
  readonly acceptedPrefixes?: readonly string[];
}

/** Validates session args; paths are relative to the session's logical name. */
export function checkBgpSessionArgs(path: string, args: BgpSessionArgs): Issue[] {
  const issues: Issue[] = [];
  for (const [field, asn] of [["localAsn", args.localAsn], ["peerAsn", args.peerAsn]] as const) {
    if (!Number.isInteger(asn) || asn < 1 || asn > ASN_MAX) issues.push(issue(`${path}.${field}`, "ASN_RANGE", `${asn} is not an ASN; use an integer from 1 to ${ASN_MAX}`));
  }
  issues.push(...checkAsnsDiffer(`${path}.peerAsn`, args.peerAsn, args.localAsn, `${path}.localAsn`));
  for (const [field, ip] of [["localAddress", args.localAddress], ["peerAddress", args.peerAddress]] as const) {
    if (!isIpv4(ip)) issues.push(issue(`${path}.${field}`, "VALUE_REQUIRED", `"${ip}" is not an IPv4 address`));
  }
  issues.push(...checkNoDefaultRoute(`${path}.advertisedPrefixes`, args.advertisedPrefixes));
  if (!Number.isInteger(args.holdTimeSeconds) || (args.holdTimeSeconds !== 0 && args.holdTimeSeconds < 3) || args.holdTimeSeconds > 65535) {
    issues.push(issue(`${path}.holdTimeSeconds`, "VALUE_REQUIRED", `${args.holdTimeSeconds} is not a BGP hold time; use 0 or 3–65535 seconds (RFC 4271)`));
  }
  return issues;
}

/**
 * One BGP session with uniform outputs, whatever carries it (VPN tunnel, ExpressRoute private peering,
 * DX transit VIF, Route Server). It creates no cloud resource: the session itself is configured by the
 * resources of its carrier. It exists so that stacks, policies and the lab read every session the same way.
 */
export class BgpSession extends pulumi.ComponentResource {
  public readonly carrier: pulumi.Output<string>;
  public readonly localAsn: pulumi.Output<number>;
  public readonly peerAsn: pulumi.Output<number>;
  public readonly localAddress: pulumi.Output<string>;
  public readonly peerAddress: pulumi.Output<string>;
  public readonly advertisedPrefixes: pulumi.Output<string[]>;
  public readonly acceptedPrefixes: pulumi.Output<string[]>;
  public readonly holdTimeSeconds: pulumi.Output<number>;

  constructor(name: string, args: BgpSessionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    throwIfIssues(checkBgpSessionArgs(name, args), `crosscloud BgpSession "${name}"`);
    super(TYPE.BgpSession, name, {}, opts);
    this.carrier = pulumi.output(args.carrier);
    this.localAsn = pulumi.output(args.localAsn);
    this.peerAsn = pulumi.output(args.peerAsn);
    this.localAddress = pulumi.output(args.localAddress);
    this.peerAddress = pulumi.output(args.peerAddress);
    this.advertisedPrefixes = pulumi.output([...args.advertisedPrefixes]);
    this.acceptedPrefixes = pulumi.output([...(args.acceptedPrefixes ?? [])]);
    this.holdTimeSeconds = pulumi.output(args.holdTimeSeconds);
    this.registerOutputs({
      carrier: this.carrier,
      localAsn: this.localAsn,
      peerAsn: this.peerAsn,
      localAddress: this.localAddress,
      peerAddress: this.peerAddress,
      advertisedPrefixes: this.advertisedPrefixes,
      acceptedPrefixes: this.acceptedPrefixes,
      holdTimeSeconds: this.holdTimeSeconds,
    });
  }
}
