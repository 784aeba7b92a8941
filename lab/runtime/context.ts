import { CharonHandle, FrrHandle } from "./daemons";
import { LabPlan, Side, TunnelPlan } from "../topology/plan";
import { LabSpec } from "../spec/spec";

export interface InterconnectFrr {
  readonly dxgw: FrrHandle;
  readonly mcr: FrrHandle;
  readonly msee: FrrHandle;
}

/** Every deadline the lab uses, in seconds. */
export interface LabTimeouts {
  /** A daemon's pid file and control socket appear. @default 10 */
  readonly daemonStartSeconds: number;
  /** All SAs are up (or have failed for good). lab.md measured 0.75 s. @default 20 */
  readonly ipsecSeconds: number;
  /** All BGP sessions are Established (or have failed for good). @default 30 */
  readonly bgpSessionsSeconds: number;
  /** Routes are exchanged, installed, and settled on the preferred tunnel. @default 20 */
  readonly routesSeconds: number;
  /** A ping gets through. @default 10 */
  readonly pingSeconds: number;
  /** An injected default route reaches the receiver. @default 15 */
  readonly defaultRouteSeconds: number;
  /** After healing, the preferred tunnel carries traffic again. @default 60 */
  readonly restoreSeconds: number;
  /** The interconnect's sessions are Established with BFD up and its routes are preferred. @default 30 */
  readonly interconnectSeconds: number;
}

export const DEFAULT_TIMEOUTS: LabTimeouts = {
  daemonStartSeconds: 10,
  ipsecSeconds: 20,
  bgpSessionsSeconds: 30,
  routesSeconds: 20,
  pingSeconds: 10,
  defaultRouteSeconds: 15,
  restoreSeconds: 60,
  interconnectSeconds: 30,
};

/** The failover bound the lab asserts: negotiated hold time plus this margin. */
export const FAILOVER_MARGIN_SECONDS = 5;

export interface TunnelDaemons {
  readonly aws: CharonHandle;
  readonly azure: CharonHandle;
}

/** Everything a check needs to look at a running lab. */
export interface LabRuntime {
  readonly spec: LabSpec;
  readonly plan: LabPlan;
  readonly dir: string;
  readonly charons: ReadonlyMap<string, TunnelDaemons>;
  readonly frr: { readonly aws: FrrHandle; readonly azure: FrrHandle };
  /** The interconnect's routers, when the plan has an interconnect. */
  readonly interconnectFrr?: InterconnectFrr;
  /** Pids of probe processes (UDP flows) the checks start; teardown kills any still alive. */
  readonly probePids: number[];
  /** Benchmark figures the checks measured (bring-up, failover times, ECMP spread), printed with the report. */
  readonly figures: string[];
  readonly timeouts: LabTimeouts;
  /** When the real tunnel configurations were loaded: the zero point of the IKE and BGP timings. */
  readonly tunnelsStartedAt: number;
  readonly signal: AbortSignal;
  readonly log: (message: string) => void;
}

export const otherSide = (side: Side): Side => (side === "aws" ? "azure" : "aws");

export const preferredPlan = (plan: LabPlan): TunnelPlan => {
  const tunnel = plan.tunnels.find((t) => t.key === plan.preferredKey);
  if (!tunnel) throw new Error(`preferred tunnel ${plan.preferredKey} is not in the plan`);
  return tunnel;
};

export const tunnelOfDevice = (plan: LabPlan, device: string): string =>
  plan.tunnels.find((t) => t.device === device)?.key ?? device;
