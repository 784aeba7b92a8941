import * as pulumi from "@pulumi/pulumi";
import { BgpCarrier, BgpSessionPlan, Issue, checkAsnsDiffer, checkNoDefaultRoute, isIpv4, issue, throwIfIssues, ASN_MAX } from "../sdk";
import { TYPE } from "./type-tokens";

/**
 * The fields every BGP session has, whatever carries it. Declared here, not derived from the sdk's
 * `BgpSessionPlan` with `Omit`, because Pulumi's schema inference reads a mapped type's fields as `Any`.
 */
export interface BgpSessionFields {
  /** What carries the session: a VPN tunnel, ExpressRoute private peering, a DX transit VIF or Route Server. */
  readonly carrier: BgpCarrier;
  /** ASN of the local side (the cloud's edge: VGW/TGW, Microsoft, DX gateway). */
  readonly localAsn: number;
  /** ASN of the peer. */
  readonly peerAsn: number;
  /** The local side's BGP address. */
  readonly localAddress: string;
  /** The peer's BGP address. */
  readonly peerAddress: string;
  /** Prefixes the local side advertises to the peer. */
  readonly advertisedPrefixes: string[];
  /** Negotiated hold time in seconds: the lower of the two sides' configured values (0 or 3–65535). */
  readonly holdTimeSeconds: number;
}

/** One BGP session to describe; the sdk plans these (`BgpSessionPlan`, which adds a key). */
export interface BgpSessionArgs extends BgpSessionFields {
  /**
   * Prefixes the peer is expected to advertise, which the local side accepts.
   * @default []
   */
  readonly acceptedPrefixes?: string[];
}

/** One BGP session as plain data: what a component that carries sessions exposes for each of them. */
export interface BgpSessionInfo extends BgpSessionFields {
  /** Prefixes the peer is expected to advertise, which the local side accepts. */
  readonly acceptedPrefixes: string[];
}

/** The plain-data view of a session: arrays copied, so later changes to the source never show through. */
export const bgpSessionInfo = (s: BgpSessionArgs | BgpSessionPlan): BgpSessionInfo => ({
  carrier: s.carrier,
  localAsn: s.localAsn,
  peerAsn: s.peerAsn,
  localAddress: s.localAddress,
  peerAddress: s.peerAddress,
  advertisedPrefixes: [...s.advertisedPrefixes],
  acceptedPrefixes: [...(s.acceptedPrefixes ?? [])],
  holdTimeSeconds: s.holdTimeSeconds,
});

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
  /** What carries the session. */
  public readonly carrier: pulumi.Output<BgpCarrier>;
  /** ASN of the local side (the cloud's edge). */
  public readonly localAsn: pulumi.Output<number>;
  /** ASN of the peer. */
  public readonly peerAsn: pulumi.Output<number>;
  /** The local side's BGP address. */
  public readonly localAddress: pulumi.Output<string>;
  /** The peer's BGP address. */
  public readonly peerAddress: pulumi.Output<string>;
  /** Prefixes the local side advertises to the peer. */
  public readonly advertisedPrefixes: pulumi.Output<string[]>;
  /** Prefixes the local side accepts from the peer. */
  public readonly acceptedPrefixes: pulumi.Output<string[]>;
  /** Negotiated hold time in seconds. */
  public readonly holdTimeSeconds: pulumi.Output<number>;

  constructor(name: string, args: BgpSessionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before anything is registered, the component itself included.
    throwIfIssues(checkBgpSessionArgs(name, args), `crosscloud BgpSession "${name}"`);
    super(TYPE.BgpSession, name, {}, opts);
    const info = bgpSessionInfo(args);
    this.carrier = pulumi.output(info.carrier);
    this.localAsn = pulumi.output(info.localAsn);
    this.peerAsn = pulumi.output(info.peerAsn);
    this.localAddress = pulumi.output(info.localAddress);
    this.peerAddress = pulumi.output(info.peerAddress);
    this.advertisedPrefixes = pulumi.output(info.advertisedPrefixes);
    this.acceptedPrefixes = pulumi.output(info.acceptedPrefixes);
    this.holdTimeSeconds = pulumi.output(info.holdTimeSeconds);
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
