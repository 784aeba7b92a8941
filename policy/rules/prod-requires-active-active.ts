import type { PolicyConfigSchema } from "@pulumi/policy";
import { type RuleResource, T, isAllowed, label } from "./resources";
import { ALLOW_SCHEMA, Outcome, type ParsedConfig, stackPolicy, stringConfig, stringListConfig } from "./stack-policy";
import { get, str } from "./values";

/**
 * In production every Azure VPN gateway is active-active: both instances carry tunnels, so a
 * planned maintenance or an instance failure moves traffic by BGP in seconds instead of dropping it
 * for the 60–90 s of an active-standby failover (crosscloud's `ha` layout always is).
 *
 * The stack is production when the policy config's `environment` says so, or when any resource
 * carries the tag `crosscloud:environment` (configurable) with a production value.
 */
export const NAME = "prod-requires-active-active";

export const DEFAULT_PROD_VALUES: readonly string[] = ["prod", "production"];
export const DEFAULT_ENVIRONMENT_TAG = "crosscloud:environment";

export interface ProdRequiresActiveActiveConfig {
  /** This stack's environment, e.g. "prod". @default - read from resource tags */
  readonly environment?: string;
  /** Environment values that mean production (case-insensitive). @default ["prod", "production"] */
  readonly prodValues: readonly string[];
  /** Tag whose value names the environment. @default "crosscloud:environment" */
  readonly tagKey: string;
  readonly allow: readonly string[];
}

function parseConfig(raw: Readonly<Record<string, unknown>>): ParsedConfig<ProdRequiresActiveActiveConfig> {
  const problems: string[] = [];
  const environment = stringConfig(raw, "environment", problems);
  const prodValues = raw.prodValues === undefined ? [...DEFAULT_PROD_VALUES] : stringListConfig(raw, "prodValues", problems);
  const tagKey = stringConfig(raw, "tagKey", problems) ?? DEFAULT_ENVIRONMENT_TAG;
  const allow = stringListConfig(raw, "allow", problems);
  return { config: { ...(environment === undefined ? {} : { environment }), prodValues, tagKey, allow }, problems };
}

export function checkProdRequiresActiveActive(resources: readonly RuleResource[], config: ProdRequiresActiveActiveConfig): Outcome {
  const out = new Outcome();
  const prod = new Set(config.prodValues.map((v) => v.toLowerCase()));
  const isProd = (v: string | undefined): boolean => v !== undefined && prod.has(v.toLowerCase());
  const tagged = resources.find((r) => {
    const v = str(get(r.props, "tags", config.tagKey));
    return typeof v === "string" && isProd(v);
  });
  if (!isProd(config.environment) && !tagged) return out;
  const why = isProd(config.environment) ? `the policy config sets environment "${config.environment}"` : `${label(tagged as RuleResource)} is tagged ${config.tagKey}=${String(str(get((tagged as RuleResource).props, "tags", config.tagKey)))}`;

  for (const r of resources) {
    if (r.type !== T.azureVng || isAllowed(r, config.allow)) continue;
    const type = str(r.props.gatewayType);
    if (type === undefined || out.blockedBy(type) || type !== "Vpn") continue;
    const activeActive = r.props.activeActive;
    if (out.blockedBy(activeActive) || activeActive === true) continue;
    out.report(`${label(r)} is an active-standby VPN gateway in a production stack (${why}); set activeActive: true with a second public IP.`, r.urn);
  }
  return out;
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    environment: { type: "string", description: "This stack's environment; a production value turns the policy on. Default: read from resource tags." },
    prodValues: { type: "array", items: { type: "string" }, default: [...DEFAULT_PROD_VALUES], description: "Environment values that mean production (case-insensitive)." },
    tagKey: { type: "string", default: DEFAULT_ENVIRONMENT_TAG, description: "Resource tag whose value names the environment." },
    allow: ALLOW_SCHEMA,
  },
};

export const prodRequiresActiveActive = stackPolicy<ProdRequiresActiveActiveConfig>({
  name: NAME,
  description: "In a production stack every Azure VPN gateway must be active-active.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Set activeActive: true on the VirtualNetworkGateway with two ipConfigurations (two Standard public IPs) and land one AWS VPN connection on each " +
    "instance (crosscloud's `ha` VPN layout). Switching a live gateway to active-active is an in-place update, but plan it in a maintenance window.",
  configSchema: CONFIG_SCHEMA,
  parseConfig,
  rule: checkProdRequiresActiveActive,
});
