import { type Cidr, DOCUMENTATION_CIDRS, hostAt, parseCidr, parseIpv4 } from "../../sdk";
import { LabSpec, awsHoldTime, azureTimers, preferredTunnel } from "../spec/spec";
import { InterconnectPlan, planInterconnect } from "../interconnect/plan";

/**
 * Where everything lives in one lab run: namespaces, devices and addresses, derived purely from
 * the spec and a run id. Renderers and the topology builder both read this, so an address is
 * decided in exactly one place.
 *
 *   <p>-aws (router, FRR)                                             <p>-azure (router, FRR)
 *     lan: 10.0.0.1/16                                                  lan: 10.16.0.1/16
 *     vti0: 169.254.21.1/30 ─┐                                    ┌─ vti0: 169.254.21.2/30
 *                            │ (charon's TUN, moved in)            │
 *   <p>-aws-a-t1 (charon) ───┘ wan0 198.51.100.1 ─┐   ┌─ 203.0.113.1 wan0 └── <p>-az-a-t1 (charon)
 *                                                 <p>-wan (routes; failover blackholes here)
 */
export type Side = "aws" | "azure";

export const SIDES: readonly Side[] = ["aws", "azure"];

export interface RouterPlan {
  readonly side: Side;
  readonly namespace: string;
  readonly asn: number;
  /** First host of each announced prefix, as `address/length`, on the LAN veth. */
  readonly lanAddresses: readonly string[];
  /** First host of the first prefix: the source/destination of the cross-cloud ping. */
  readonly pingAddress: string;
  readonly routerId: string;
  readonly prefixes: readonly string[];
}

export interface TunnelSidePlan {
  readonly side: Side;
  /** The namespace that holds this side's charon. */
  readonly namespace: string;
  /** This side's "public" address, on `wan0` in its tunnel namespace. */
  readonly outsideAddress: string;
  /** The wan namespace's address on the same /30: the tunnel namespace's default gateway. */
  readonly gatewayAddress: string;
  /** The veth end inside the wan namespace. */
  readonly wanDevice: string;
  /** The inside address with its /30, on the router's tunnel device. */
  readonly insideAddressCidr: string;
  readonly insideAddress: string;
  /** Whom this side's BGP speaker calls, and as which ASN it expects it. */
  readonly bgpPeer: { readonly address: string; readonly remoteAs: number };
  readonly keepaliveSeconds: number;
  readonly holdTimeSeconds: number;
}

export interface TunnelPlan {
  readonly key: string;
  readonly index: number;
  readonly preferred: boolean;
  /** Name of the moved TUN device in both routers. */
  readonly device: string;
  readonly aws: TunnelSidePlan;
  readonly azure: TunnelSidePlan;
}

export interface LabPlan {
  readonly runId: string;
  /** Prefix of every namespace this run creates; unique per run. */
  readonly prefix: string;
  readonly wanNamespace: string;
  readonly routers: { readonly aws: RouterPlan; readonly azure: RouterPlan };
  readonly tunnels: readonly TunnelPlan[];
  readonly preferredKey: string;
  /** Every tunnel is an equal next hop (`spec.ecmp`); `preferredKey` then names only the tunnel failover cuts. */
  readonly ecmp: boolean;
  /** The interconnect's routers and links, when the spec has one whose ExpressRoute connection is rendered. */
  readonly interconnect?: InterconnectPlan;
}

/** Documentation ranges (RFC 5737) stand in for the gateways' public IPs. */
const AWS_OUTSIDE_RANGE = DOCUMENTATION_CIDRS.testNet2;
const AZURE_OUTSIDE_RANGE = DOCUMENTATION_CIDRS.testNet3;

function cidrOrThrow(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`not a canonical CIDR: ${text}`);
  return cidr;
}

function router(spec: LabSpec, side: Side, namespace: string): RouterPlan {
  const { asn, prefixes } = spec[side];
  const lanAddresses = prefixes.map((p) => {
    const cidr = cidrOrThrow(p);
    return `${hostAt(cidr, 1)}/${cidr.prefixLength}`;
  });
  const first = lanAddresses[0];
  if (first === undefined) throw new Error(`${side} announces no prefix`);
  const pingAddress = first.split("/")[0] ?? first;
  return { side, namespace, asn, lanAddresses, pingAddress, routerId: pingAddress, prefixes };
}

/** Pure: the same spec and run id always give the same plan. Expects a validated spec. */
export function planLab(spec: LabSpec, runId = "lab"): LabPlan {
  const prefix = `ccl${runId}`;
  const preferredKey = preferredTunnel(spec).key;
  const awsRange = cidrOrThrow(AWS_OUTSIDE_RANGE);
  const azureRange = cidrOrThrow(AZURE_OUTSIDE_RANGE);
  const azure = azureTimers(spec);
  const tunnels = spec.tunnels.map((tunnel, index): TunnelPlan => {
    const inside = cidrOrThrow(tunnel.aws.insideCidr);
    const azureAddress = parseIpv4(tunnel.azure.customBgpIpAddress);
    if (azureAddress === undefined) throw new Error(`not an address: ${tunnel.azure.customBgpIpAddress}`);
    const awsHold = awsHoldTime(tunnel);
    return {
      key: tunnel.key,
      index,
      preferred: tunnel.key === preferredKey,
      device: `vti${index}`,
      aws: {
        side: "aws",
        namespace: `${prefix}-aws-${tunnel.key}`,
        outsideAddress: hostAt(awsRange, 4 * index + 1),
        gatewayAddress: hostAt(awsRange, 4 * index + 2),
        wanDevice: `a${index}`,
        // AWS takes the first address of the inside /30 and expects the customer gateway on the second.
        insideAddress: hostAt(inside, 1),
        insideAddressCidr: `${hostAt(inside, 1)}/30`,
        bgpPeer: { address: hostAt(inside, 2), remoteAs: tunnel.aws.customerGatewayAsn },
        // AWS keeps the RFC's one-third ratio between its keepalive and its hold time.
        keepaliveSeconds: Math.max(1, Math.floor(awsHold / 3)),
        holdTimeSeconds: awsHold,
      },
      azure: {
        side: "azure",
        namespace: `${prefix}-az-${tunnel.key}`,
        outsideAddress: hostAt(azureRange, 4 * index + 1),
        gatewayAddress: hostAt(azureRange, 4 * index + 2),
        wanDevice: `z${index}`,
        insideAddress: tunnel.azure.customBgpIpAddress,
        // Azure's APIPA is configured on its own; the lab gives it the /30 it falls in, so an
        // address outside AWS's /30 leaves the two ends on different subnets, as in the cloud.
        insideAddressCidr: `${tunnel.azure.customBgpIpAddress}/30`,
        bgpPeer: {
          address: tunnel.azure.localNetworkGateway.bgpPeeringAddress,
          remoteAs: tunnel.azure.localNetworkGateway.asn,
        },
        keepaliveSeconds: azure.keepaliveSeconds,
        holdTimeSeconds: azure.holdTimeSeconds,
      },
    };
  });
  const routers = { aws: router(spec, "aws", `${prefix}-aws`), azure: router(spec, "azure", `${prefix}-azure`) };
  const interconnect =
    spec.interconnect?.expressRouteConnected === true
      ? planInterconnect(spec.interconnect, prefix, { awsNamespace: routers.aws.namespace, azureNamespace: routers.azure.namespace })
      : undefined;
  return {
    runId,
    prefix,
    wanNamespace: `${prefix}-wan`,
    routers,
    tunnels,
    preferredKey,
    ecmp: spec.ecmp === true,
    ...(interconnect ? { interconnect } : {}),
  };
}
