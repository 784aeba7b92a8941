import { InterconnectPlan, expressRouteStatus, interconnectResourceNames } from "./interconnect";
import { NetworkPlan } from "./plan";
import { VpnPlan, vpnGatewayInstances } from "./vpn";

/**
 * What a valid plan still leaves for the user to know or do: not errors (the plan is valid and deploys), but
 * states a reader of `pulumi up`'s output would not see. `crosscloud preview` prints them through
 * {@link networkNotices}, a pure function of the plan, so a command that validates a stack prints the same list.
 */
export const NoticeLevel = {
  /** Something does not work yet, or works differently than the config's intent suggests. */
  Warning: "warning",
  /** A deliberate trade-off worth knowing. */
  Info: "info",
} as const;
export type NoticeLevel = (typeof NoticeLevel)[keyof typeof NoticeLevel];

/** Stable codes; tests and tools match on these, never on message text. */
export const NoticeCode = {
  /** The ExpressRoute circuit is not provider-provisioned, so there is no ExpressRoute connection. */
  ExpressRouteAwaitingProvider: "EXPRESSROUTE_AWAITING_PROVIDER",
  /** An Azure VPN gateway instance carries no tunnel. */
  VpnInstanceIdle: "VPN_INSTANCE_IDLE",
} as const;
export type NoticeCode = (typeof NoticeCode)[keyof typeof NoticeCode];

export interface PlanNotice {
  readonly level: NoticeLevel;
  readonly code: NoticeCode;
  /** The config path the notice is about (`interconnect.expressRoute.providerProvisioned`). */
  readonly path: string;
  /** What is the case, naming the resources concerned. */
  readonly message: string;
  /** What to do about it; empty when nothing is to be done. */
  readonly nextStep: string;
}

/** The component names the sample stacks give (`stacks/`), which notices name resources by. */
export const stackComponentNames = (environment: string) => ({ vpn: `${environment}-vpn`, interconnect: `${environment}-er`, dns: `${environment}-dns` }) as const;

/** The ExpressRoute leg's notices: the missing connection while the provider has not provisioned the circuit. */
export function interconnectNotices(plan: InterconnectPlan, opts: { readonly name: string; readonly path: string }): PlanNotice[] {
  if (expressRouteStatus(plan) !== "awaiting-provider") return [];
  const names = interconnectResourceNames(opts.name);
  const er = plan.expressRoute;
  const provider = er.serviceProviderName;
  const peering = er.providerManagedPeering ? "" : ` and the private peering ${names.peering}`;
  return [
    {
      level: NoticeLevel.Warning,
      code: NoticeCode.ExpressRouteAwaitingProvider,
      path: `${opts.path}.expressRoute.providerProvisioned`,
      message:
        `ExpressRoute is not connected: the circuit ${names.circuit} is not provisioned by ${provider} yet, so the ExpressRoute connection ${names.connection} ` +
        `(gateway ${names.gateway} to the circuit)${peering} is not created. Nothing crosses ExpressRoute/Direct Connect; all traffic between the clouds rides the VPN.`,
      nextStep:
        `Give ${provider} the circuit's service key (\`pulumi stack output expressRouteServiceKey --show-secrets\`) when ordering the Azure connection; ` +
        `once Azure shows the circuit's serviceProviderProvisioningState as Provisioned, set ${opts.path}.expressRoute.providerProvisioned: true and run \`pulumi up\` again ` +
        `to create ${names.connection}${peering}.`,
    },
  ];
}

/** The VPN's notices: an idle gateway instance (dev), with why and what it costs. */
export function vpnNotices(plan: VpnPlan, opts: { readonly name: string; readonly path: string }): PlanNotice[] {
  return vpnGatewayInstances(plan)
    .filter((i) => i.role === "idle")
    .map((i) => ({
      level: NoticeLevel.Info,
      code: NoticeCode.VpnInstanceIdle,
      path: `${opts.path}.layout`,
      message: `Azure VPN gateway ${opts.name}-vng instance ${i.instance} (public IP ${opts.name}-pip${i.instance}) is ${i.note}`,
      nextStep: "",
    }));
}

/** Every notice of a stack's plan, named as the sample stacks name their components. */
export function networkNotices(plan: NetworkPlan, names: { readonly vpn: string; readonly interconnect: string } = stackComponentNames(plan.environment)): PlanNotice[] {
  return [...vpnNotices(plan.vpn, { name: names.vpn, path: "vpn" }), ...(plan.interconnect ? interconnectNotices(plan.interconnect, { name: names.interconnect, path: "interconnect" }) : [])];
}

/** One notice as the CLI prints it. */
export const formatNotice = (n: PlanNotice): string => `${n.level}: ${n.message}${n.nextStep ? `\n  next: ${n.nextStep}` : ""} [${n.code}]`;
