import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { HealthAlarmThresholds, InterconnectConfig, Issue, NetworkConfig, Registry, checkHealthAlarmThresholds, issue, readRegistry } from "../sdk";
import { SecretConfigKey, isSecretConfigKey, secretKeyIssues, secretStackKeys } from "./secret-config";

/**
 * Typed, validated stack configuration. Stacks (never components) read `pulumi.Config`; everything is
 * checked here, shape first, so that a bad config fails with every problem listed before any resource.
 *
 * ```yaml
 * config:
 *   crosscloud:profile: dev                 # which composition: dev | prod (default: the stack name)
 *   crosscloud:network: { environment, aws, azure, vpn, dns }   # sdk NetworkConfig
 *   crosscloud:azure: { resourceGroupName, subscriptionId? }
 *   crosscloud:registryFile: stacks/ipam-registry.yaml
 *   crosscloud:existing: { vpcs: {...}, vnets: {...} }         # optional: bring your own networks
 *   crosscloud:interconnect: { expressRoute, directConnect }    # prod: sdk InterconnectConfig, planned with the network
 *   crosscloud:alarms: { enabled?, snsTopicArn?, actionGroupId?, notifyEmails?, thresholds? }   # optional: health alarms
 * ```
 */
export type StackProfile = "dev" | "prod";

export interface ExistingVpc {
  readonly vpcId: string;
  /** Subnet ids by the plan's subnet keys. */
  readonly subnetIds: Readonly<Record<string, string>>;
  /** Route tables to route Azure prefixes through (TGW routes, VGW propagation), keyed by a stable slug (`private: rtb-…`). */
  readonly routeTableIds: Readonly<Record<string, string>>;
}

export interface ExistingVnet {
  /** Resource id of the VNet. */
  readonly vnetId: string;
  /** Subnet ids by the plan's subnet keys (GatewaySubnet, dns-inbound, …). */
  readonly subnetIds: Readonly<Record<string, string>>;
}

/** `crosscloud:alarms`: the health alarms of every component (README "Day two"). */
export interface StackAlarmsConfig {
  /** @default true */
  readonly enabled?: boolean;
  /** @default - a topic is created */
  readonly snsTopicArn?: string;
  /** @default - an action group is created */
  readonly actionGroupId?: string;
  /** @default [] */
  readonly notifyEmails?: string[];
  /** @default - `HEALTH_ALARM_DEFAULTS` */
  readonly thresholds?: HealthAlarmThresholds;
}

export interface StackConfig {
  readonly profile: StackProfile;
  readonly network: NetworkConfig;
  readonly azure: {
    readonly resourceGroupName: string;
    /** @default - `azure-native:subscriptionId`, else the signed-in client's subscription */
    readonly subscriptionId?: string;
    /** Create the resource group; false uses an existing one. @default true */
    readonly createResourceGroup?: boolean;
  };
  readonly registry?: Registry;
  readonly existing: { readonly vpcs: Readonly<Record<string, ExistingVpc>>; readonly vnets: Readonly<Record<string, ExistingVnet>> };
  /** `crosscloud:failover`: DNS failover services (stacks/failover.ts checks its shape, the component its values). */
  readonly failover?: unknown;
  readonly tags: Readonly<Record<string, string>>;
  /** Health alarms; on by default. */
  readonly alarms: StackAlarmsConfig;
  /** Keys set with `pulumi config set --secret` (see secret-config.ts); values built from them are secrets. */
  readonly secretKeys: readonly SecretConfigKey[];
}

/** Raw config values as read from `pulumi.Config("crosscloud")`, before validation. */
export interface RawStackConfig {
  readonly stack: string;
  readonly profile?: string;
  readonly network?: unknown;
  readonly azure?: unknown;
  readonly registryFile?: string;
  readonly existing?: unknown;
  readonly interconnect?: unknown;
  readonly failover?: unknown;
  /** The `overlay` profile's own section (stacks/overlay-config.ts). */
  readonly overlay?: unknown;
  readonly tags?: unknown;
  readonly alarms?: unknown;
  /** The keys above (without `crosscloud:`) the engine lists as secret. @default [] */
  readonly secretKeys?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The nearest directory at or above `from` that holds Pulumi.yaml, if any. */
export function findProjectRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The directory holding Pulumi.yaml (paths in config are relative to it); the working directory if none. */
export function projectRoot(from: string = __dirname): string {
  return findProjectRoot(from) ?? process.cwd();
}

/** Reads a registry file (YAML or JSON, by content). */
export function loadRegistryFile(file: string): { registry: Registry | undefined; issues: Issue[] } {
  if (!fs.existsSync(file)) return { registry: undefined, issues: [issue("crosscloud:registryFile", "REGISTRY_FORMAT", `${file} does not exist`)] };
  let data: unknown;
  try {
    data = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { registry: undefined, issues: [issue("crosscloud:registryFile", "REGISTRY_FORMAT", `${file} is not valid YAML/JSON: ${(e as Error).message}`)] };
  }
  const { registry, issues } = readRegistry(data, path.basename(file));
  return { registry, issues };
}

/** Checks the config's shape and converts it; values are validated later by the sdk plan. */
export function parseStackConfig(raw: RawStackConfig, root: string = projectRoot()): { config: StackConfig | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const profile = raw.profile ?? raw.stack;
  if (profile !== "dev" && profile !== "prod") {
    issues.push(issue("crosscloud:profile", "VALUE_REQUIRED", `"${profile}" is not a composition; set crosscloud:profile to "dev", "prod" or "overlay"`));
  }
  const network = raw.network;
  if (!isObject(network)) {
    issues.push(issue("crosscloud:network", "VALUE_REQUIRED", `the network configuration (environment, aws, azure, vpn) is required`));
  } else {
    for (const key of ["aws", "azure", "vpn"] as const) {
      if (!isObject(network[key])) issues.push(issue(`crosscloud:network.${key}`, "VALUE_REQUIRED", `an object is required`));
    }
    if (isObject(network.aws)) {
      if (typeof network.aws.region !== "string") issues.push(issue("crosscloud:network.aws.region", "VALUE_REQUIRED", `an AWS Region is required`));
      if (!isObject(network.aws.vpcs)) issues.push(issue("crosscloud:network.aws.vpcs", "VALUE_REQUIRED", `a map of VPCs is required`));
    }
    if (isObject(network.azure)) {
      if (typeof network.azure.region !== "string") issues.push(issue("crosscloud:network.azure.region", "VALUE_REQUIRED", `an Azure region is required`));
      if (!isObject(network.azure.vnets)) issues.push(issue("crosscloud:network.azure.vnets", "VALUE_REQUIRED", `a map of VNets is required`));
    }
    if (typeof network.environment !== "string") issues.push(issue("crosscloud:network.environment", "VALUE_REQUIRED", `the environment name is required`));
  }
  const azure = raw.azure;
  if (!isObject(azure) || typeof azure.resourceGroupName !== "string") {
    issues.push(issue("crosscloud:azure.resourceGroupName", "VALUE_REQUIRED", `the Azure resource group name is required`));
  }
  let registry: Registry | undefined;
  if (raw.registryFile !== undefined) {
    const loaded = loadRegistryFile(path.resolve(root, raw.registryFile));
    issues.push(...loaded.issues);
    registry = loaded.registry;
  }
  // The interconnect is part of the network plan (validated and planned with everything else), but keeps
  // its own config key: `crosscloud:interconnect`, so its issue paths read `interconnect.…` either way.
  if (isObject(network) && "interconnect" in network) {
    issues.push(issue("crosscloud:network.interconnect", "VALUE_REQUIRED", `set the interconnect under crosscloud:interconnect, not inside crosscloud:network`));
  }
  if (raw.interconnect !== undefined || profile === "prod") {
    const ic = isObject(raw.interconnect) ? raw.interconnect : {};
    if (!isObject(ic.expressRoute)) issues.push(issue("crosscloud:interconnect.expressRoute", "VALUE_REQUIRED", `the ExpressRoute circuit settings are required${profile === "prod" ? " for prod" : ""}`));
    if (!isObject(ic.directConnect)) issues.push(issue("crosscloud:interconnect.directConnect", "VALUE_REQUIRED", `the Direct Connect settings are required${profile === "prod" ? " for prod" : ""}`));
  }
  const existing = isObject(raw.existing) ? raw.existing : {};
  for (const [key, vpc] of Object.entries(isObject(existing.vpcs) ? existing.vpcs : {})) {
    // A list would name the resources built per route table by position (issue 10).
    if (!isObject(vpc) || !isObject(vpc.routeTableIds)) {
      issues.push(issue(`crosscloud:existing.vpcs.${key}.routeTableIds`, "VALUE_REQUIRED", `a map of route table ids keyed by a stable slug is required (e.g. private: rtb-0123…)`));
    }
  }
  const tags = isObject(raw.tags) ? raw.tags : {};
  for (const [k, v] of Object.entries(tags)) if (typeof v !== "string") issues.push(issue(`crosscloud:tags.${k}`, "VALUE_REQUIRED", `tag values must be strings`));
  const alarms = parseAlarms(raw.alarms, issues);
  issues.push(...secretKeyIssues(raw.secretKeys ?? []));
  if (issues.length > 0) return { config: undefined, issues };

  const net = {
    ...(network as unknown as NetworkConfig),
    ...(registry ? { registry } : {}),
    ...(isObject(raw.interconnect) ? { interconnect: raw.interconnect as unknown as InterconnectConfig } : {}),
  };
  return {
    config: {
      profile: profile as StackProfile,
      network: net,
      azure: azure as unknown as StackConfig["azure"],
      ...(registry ? { registry } : {}),
      existing: {
        vpcs: (isObject(existing.vpcs) ? existing.vpcs : {}) as Record<string, ExistingVpc>,
        vnets: (isObject(existing.vnets) ? existing.vnets : {}) as Record<string, ExistingVnet>,
      },
      ...(raw.failover !== undefined ? { failover: raw.failover } : {}),
      tags: tags as Record<string, string>,
      alarms,
      secretKeys: (raw.secretKeys ?? []).filter(isSecretConfigKey),
    },
    issues,
  };
}

const ALARM_KEYS = ["enabled", "snsTopicArn", "actionGroupId", "notifyEmails", "thresholds"] as const;

/** `crosscloud:alarms`, shape-checked; values are checked again by the components. Issues go to `issues`. */
function parseAlarms(raw: unknown, issues: Issue[]): StackAlarmsConfig {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    issues.push(issue("crosscloud:alarms", "VALUE_REQUIRED", "an object is required (enabled, snsTopicArn, actionGroupId, notifyEmails, thresholds)"));
    return {};
  }
  const before = issues.length;
  for (const key of Object.keys(raw)) {
    if (!(ALARM_KEYS as readonly string[]).includes(key)) issues.push(issue(`crosscloud:alarms.${key}`, "VALUE_REQUIRED", `unknown key; use ${ALARM_KEYS.join(", ")}`));
  }
  if (raw.enabled !== undefined && typeof raw.enabled !== "boolean") issues.push(issue("crosscloud:alarms.enabled", "VALUE_REQUIRED", "true or false is required"));
  for (const key of ["snsTopicArn", "actionGroupId"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "string") issues.push(issue(`crosscloud:alarms.${key}`, "VALUE_REQUIRED", "a string is required"));
  }
  if (raw.notifyEmails !== undefined && !(Array.isArray(raw.notifyEmails) && raw.notifyEmails.every((e) => typeof e === "string"))) {
    issues.push(issue("crosscloud:alarms.notifyEmails", "VALUE_REQUIRED", "a list of email addresses is required"));
  }
  if (raw.thresholds !== undefined && !isObject(raw.thresholds)) issues.push(issue("crosscloud:alarms.thresholds", "VALUE_REQUIRED", "an object is required"));
  else issues.push(...checkHealthAlarmThresholds("crosscloud:alarms.thresholds", raw.thresholds as HealthAlarmThresholds | undefined));
  return issues.length === before ? (raw as StackAlarmsConfig) : {};
}

/**
 * The `crosscloud:*` keys of a stack, read through `lookup(key)` (structured values already parsed), so the
 * stack program (Pulumi config) and the CLI (a stack config file) read exactly the same keys.
 */
export function rawStackConfig(stack: string, lookup: (key: string) => unknown): RawStackConfig {
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const profile = str(lookup("profile"));
  const registryFile = str(lookup("registryFile"));
  return {
    stack,
    ...(profile !== undefined ? { profile } : {}),
    network: lookup("network"),
    azure: lookup("azure"),
    ...(registryFile !== undefined ? { registryFile } : {}),
    existing: lookup("existing"),
    interconnect: lookup("interconnect"),
    failover: lookup("failover"),
    overlay: lookup("overlay"),
    tags: lookup("tags"),
    alarms: lookup("alarms"),
  };
}

/** Reads the `crosscloud:*` keys of a Pulumi stack config file as the stack program would see them. */
export function rawConfigFromFile(file: string, stack: string): RawStackConfig {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const cfg = doc?.config ?? {};
  return rawStackConfig(stack, (key) => cfg[`crosscloud:${key}`]);
}

const STRING_KEYS: ReadonlySet<string> = new Set(["profile", "registryFile"]);

/** Reads the stack's Pulumi config, and which of its keys are secret (their values are wrapped later: secret-config.ts). */
export function readRawStackConfig(): RawStackConfig {
  const cfg = new pulumi.Config("crosscloud");
  const raw = rawStackConfig(pulumi.getStack(), (key) => (STRING_KEYS.has(key) ? cfg.get(key) : cfg.getObject<unknown>(key)));
  const secretKeys = secretStackKeys(Object.keys(raw).filter((k) => k !== "stack"));
  return secretKeys.length > 0 ? { ...raw, secretKeys } : raw;
}
