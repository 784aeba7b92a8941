import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import {
  Issue,
  NetworkConfig,
  NetworkPlan,
  OverlayNetworkPlan,
  ProviderRegions,
  Registry,
  checkHealthAlarmThresholds,
  checkInterconnectPlan,
  checkProviderRegions,
  checkVpnPlan,
  dedupeIssues,
  defaultVpnAttachment,
  issue,
  readRegistry,
  sortedKeys,
  validateNetwork,
  validateOverlayNetwork,
} from "../sdk";
import { checkComposition } from "./composition";
import { CONFIG_NAMESPACE, CONFIG_SECTIONS, ConfigValues, SECTION_NAMES, SectionName, configKey } from "./schema/sections";
import { AzureSection, ExistingVnet, ExistingVpc } from "./schema";
import { ParsedKey, ReplacedPart, parseKey } from "./schema/parse";
import { unknownKeyIssue } from "./schema/issues";
import { suggest } from "./schema/suggest";
import { NetworkProfile, PROFILE_LIST, STACK_PROFILES, StackProfile } from "./schema/scalars";
import { AlarmsSection } from "./schema/alarms";
import { FailoverSection } from "./schema/failover";
import { checkFailoverConfig } from "./failover-config";
import { OVERLAY_PROFILE, OverlayStackConfig, overlayNetworkConfig, overlayStackConfig } from "./overlay-config";
import { SecretConfigKey, isSecretConfigKey, secretKeyIssues } from "./secret-keys";

/**
 * The stack configuration, validated in one pass before any resource is registered: the shape of every
 * `crosscloud:*` key (stacks/schema: unknown keys, types, ranges, enums, unsupported settings), the network
 * plan with its interconnect and DNS (sdk `validateNetwork`), the composition, the providers' regions, the
 * existing networks, and the checks the components apply to the plan they render. Every problem carries its
 * config path (`crosscloud:network.vpn.layout`) and a code, and all of them are reported together: a shape
 * error in one part does not hide plan errors in the others (see schema/parse.ts).
 *
 * The stack program (stacks/index.ts, through `readProgramConfig`), `crosscloud preview`, `ipam` and
 * `validate` all validate with {@link validateStackConfig}.
 *
 * ```yaml
 * config:
 *   crosscloud:profile: dev                 # which composition: dev | prod | overlay (default: the stack name)
 *   crosscloud:network: { environment, aws, azure, vpn, dns }   # sdk NetworkConfig
 *   crosscloud:azure: { resourceGroupName, subscriptionId?, createResourceGroup? }
 *   crosscloud:registryFile: stacks/ipam-registry.yaml
 *   crosscloud:existing: { vpcs: {...}, vnets: {...} }         # optional: bring your own networks
 *   crosscloud:interconnect: { expressRoute, directConnect }    # prod: sdk InterconnectConfig, planned with the network
 *   crosscloud:tags: { owner: … }
 *   crosscloud:alarms: { enabled?, snsTopicArn?, actionGroupId?, notifyEmails?, thresholds? }   # health alarms
 *   crosscloud:failover: { zone, services }  # optional: health-checked DNS failover (stacks/failover.ts)
 *   crosscloud:overlay: { environment, aws, azure, sshPublicKey, … }   # the overlay profile's own section
 * ```
 */
export type { StackProfile } from "./schema/scalars";
export type { ExistingVnet, ExistingVpc } from "./schema";

export interface StackConfig {
  /** The compositions planned from `crosscloud:network`; the overlay profile's config is {@link OverlayStackConfig}. */
  readonly profile: NetworkProfile;
  /** `crosscloud:network` with the registry and `crosscloud:interconnect`: what the sdk plans. */
  readonly network: NetworkConfig;
  readonly azure: AzureSection;
  readonly registry?: Registry;
  readonly existing: { readonly vpcs: Readonly<Record<string, ExistingVpc>>; readonly vnets: Readonly<Record<string, ExistingVnet>> };
  readonly tags: Readonly<Record<string, string>>;
  /** `crosscloud:alarms`: the health alarms, on by default. */
  readonly alarms: AlarmsSection;
  /** `crosscloud:failover`: DNS failover services, checked against the plan. */
  readonly failover?: FailoverSection;
  /** Keys set with `pulumi config set --secret` (see secret-config.ts); values built from them are secrets. */
  readonly secretKeys: readonly SecretConfigKey[];
}

/** A stack's config as the program sees it. */
export interface StackConfigInput {
  readonly stack: string;
  /** Every config key of the stack (`crosscloud:network`, `aws:region`, …), structured values parsed. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The `crosscloud:*` keys (without the namespace) the engine lists as secret. @default [] */
  readonly secretKeys?: readonly string[];
  /** Config paths whose values are encrypted and could not be read (offline checks of a stack file); not checked. @default [] */
  readonly encrypted?: readonly string[];
}

export interface StackConfigResult {
  /** The config, when there is no issue and every value could be read. */
  readonly config?: StackConfig;
  /** The network plan, when the network planned without issue. */
  readonly plan?: NetworkPlan;
  /** The overlay profile's config, when there is no issue (then `config` and `plan` are absent). */
  readonly overlay?: OverlayStackConfig;
  /** The overlay profile's plan, when it planned without issue. */
  readonly overlayPlan?: OverlayNetworkPlan;
  /** The IPAM registry of `crosscloud:registryFile`, when it could be read. */
  readonly registry?: Registry;
  /** Every problem, in one list. */
  readonly issues: readonly Issue[];
  /** Config paths that were not checked (encrypted values read offline). */
  readonly unchecked: readonly string[];
}

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

/** Reads a registry file (YAML or JSON, by content); its problems are reported at crosscloud:registryFile. */
export function loadRegistryFile(file: string, shown: string = file): { registry: Registry | undefined; issues: Issue[] } {
  const at = configKey("registryFile");
  if (!fs.existsSync(file)) return { registry: undefined, issues: [issue(at, "REGISTRY_FORMAT", `${shown} does not exist`)] };
  let data: unknown;
  try {
    data = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { registry: undefined, issues: [issue(at, "REGISTRY_FORMAT", `${shown} is not valid YAML/JSON: ${(e as Error).message}`)] };
  }
  const { registry, issues } = readRegistry(data, path.basename(file));
  return { registry, issues: issues.map((i) => ({ ...i, path: at, message: `${i.path}: ${i.message}` })) };
}

/** A plan issue's path in the config: the interconnect is its own key, everything else is the network's. */
export function configPathOf(planPath: string): string {
  if (planPath === "interconnect" || planPath.startsWith("interconnect.")) return configKey(planPath);
  return planPath === "" ? configKey("network") : `${configKey("network")}.${planPath}`;
}

const LOCKED = " (from the registry lock)";

/** A plan issue at its config path; a block the registry lock holds says so in the message, not in the path. */
function fromPlan(i: Issue): Issue {
  if (!i.path.endsWith(LOCKED)) return { ...i, path: configPathOf(i.path) };
  return { ...i, path: configPathOf(i.path.slice(0, -LOCKED.length)), message: `${i.message} (the block the registry file records for it)` };
}

/** An issue of a plan of one section (`crosscloud:overlay`) at its config path, the same way. */
function fromPlanAt(i: Issue, section: string): Issue {
  const at = (p: string): string => (p === "" ? section : `${section}.${p}`);
  if (!i.path.endsWith(LOCKED)) return { ...i, path: at(i.path) };
  return { ...i, path: at(i.path.slice(0, -LOCKED.length)), message: `${i.message} (the block the registry file records for it)` };
}

/** The plan's own spelling of a config path (`crosscloud:network.aws.asn` → `aws.asn`), which plan messages quote. */
const planPathOf = (configPath: string): string =>
  configPath.startsWith(`${configKey("network")}.`) ? configPath.slice(configKey("network").length + 1) : configPath.startsWith(configKey("")) ? configPath.slice(configKey("").length) : configPath;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a later stage's issue is about a replaced part of the config (schema/parse.ts): at it or below it
 * (or below its object, when the replacement decided the object's shape), or naming it in the message.
 */
function aboutReplaced(i: Issue, replaced: readonly ReplacedPart[]): boolean {
  const under = (p: string, scope: string): boolean => p === scope || p.startsWith(`${scope}.`) || p.startsWith(`${scope}[`);
  return replaced.some((r) => {
    if (under(i.path, r.reach === "parent" ? r.parent : r.path) || (r.reach === "container" && i.path === r.parent)) return true;
    const mention = new RegExp(`(^|[^\\w.:])(${escapeRe(r.path)}|${escapeRe(planPathOf(r.path))})($|[^\\w])`);
    return mention.test(i.message);
  });
}

/** The `crosscloud:*` keys (without namespace) of a stack's config values. */
const crosscloudKeys = (values: Readonly<Record<string, unknown>>): string[] =>
  Object.keys(values)
    .filter((k) => k.startsWith(configKey("")))
    .map((k) => k.slice(configKey("").length));

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Validates a stack's whole config in one pass. */
export function validateStackConfig(input: StackConfigInput, root: string = projectRoot()): StackConfigResult {
  const shape: Issue[] = [];
  const later: Issue[] = [];
  const replaced: ReplacedPart[] = [];
  const encrypted = input.encrypted ?? [];
  const unchecked = [...encrypted];

  // --- shape: every crosscloud:* key on its own -----------------------------------------------------------
  const known = new Set<string>(SECTION_NAMES);
  for (const key of crosscloudKeys(input.values)) {
    if (!known.has(key)) shape.push(unknownKeyIssue(configKey(key), configKey(key), SECTION_NAMES.map(configKey)));
  }
  shape.push(...secretKeyIssues(input.secretKeys ?? []));
  const parsed: { [K in SectionName]?: ParsedKey<NonNullable<ConfigValues[K]>> } = {};
  const present = (name: SectionName): boolean => input.values[configKey(name)] !== undefined || encrypted.includes(configKey(name));
  for (const name of SECTION_NAMES) {
    if (!present(name) || encrypted.includes(configKey(name))) continue;
    const result = parseKey(configKey(name), CONFIG_SECTIONS[name], input.values[configKey(name)]);
    (parsed as Record<string, unknown>)[name] = result;
    shape.push(...result.issues);
    replaced.push(...result.replaced);
  }
  const usable = <K extends SectionName>(name: K): NonNullable<ConfigValues[K]> | undefined => parsed[name]?.usable as NonNullable<ConfigValues[K]> | undefined;

  // --- what the keys require of each other ------------------------------------------------------------------
  const profileValue = present("profile") ? usable("profile") : (STACK_PROFILES as readonly string[]).includes(input.stack) ? (input.stack as StackProfile) : undefined;
  if (!present("profile") && profileValue === undefined) {
    shape.push(issue(configKey("profile"), "VALUE_REQUIRED", `the stack "${input.stack}" is not named after a composition; set crosscloud:profile to ${PROFILE_LIST}`));
  }
  const isOverlay = profileValue === OVERLAY_PROFILE;
  for (const name of [isOverlay ? "overlay" : "network", "azure"] as const) {
    if (!present(name)) shape.push(issue(configKey(name), "VALUE_REQUIRED", `required: ${CONFIG_SECTIONS[name].description ?? ""}`.replace(/\.$/, "")));
  }
  // Sections a composition would ignore are refused: a user who sets them believes they apply.
  const ignoredBy: readonly SectionName[] = isOverlay ? ["network", "interconnect", "existing", "failover", "alarms"] : profileValue !== undefined ? ["overlay"] : [];
  for (const name of ignoredBy) {
    if (present(name)) {
      shape.push(
        issue(
          configKey(name),
          "OPTION_CONFLICT",
          isOverlay
            ? `the overlay composition plans only crosscloud:overlay (its networks and routers), so these settings would be ignored; remove ${configKey(name)} or use the dev or prod profile`
            : `only the overlay composition reads crosscloud:overlay; the ${String(profileValue)} composition would ignore it; remove it or set crosscloud:profile to overlay`,
        ),
      );
    }
  }
  if (profileValue === "prod" && !present("interconnect")) {
    shape.push(issue(configKey("interconnect"), "VALUE_REQUIRED", `the prod composition needs the ExpressRoute and Direct Connect settings (expressRoute, directConnect)`));
  }
  if (profileValue === "dev" && present("interconnect")) {
    shape.push(issue(configKey("interconnect"), "OPTION_CONFLICT", `the dev composition builds no interconnect, so these settings would be ignored; remove crosscloud:interconnect or use the prod profile`));
  }

  // --- the registry ------------------------------------------------------------------------------------------
  let registry: Registry | undefined;
  const registryFile = usable("registryFile");
  if (registryFile !== undefined) {
    const loaded = loadRegistryFile(path.resolve(root, registryFile), `${registryFile} (relative to the project directory, the one holding Pulumi.yaml)`);
    later.push(...loaded.issues);
    registry = loaded.registry;
  }

  // --- the overlay profile: its own section, planned with the registry -----------------------------------------
  const overlaySection = isOverlay ? usable("overlay") : undefined;
  let overlayPlan: OverlayNetworkPlan | undefined;
  if (overlaySection) {
    const planned = validateOverlayNetwork(overlayNetworkConfig(overlaySection, registry));
    later.push(...planned.issues.map((i) => fromPlanAt(i, configKey("overlay"))));
    overlayPlan = planned.plan;
  }

  // --- the plan: network, interconnect and DNS together -------------------------------------------------------
  const network = isOverlay ? undefined : usable("network");
  const interconnect = usable("interconnect");
  let plan: NetworkPlan | undefined;
  let networkConfig: NetworkConfig | undefined;
  if (network) {
    networkConfig = { ...network, ...(registry ? { registry } : {}), ...(interconnect && profileValue !== "dev" ? { interconnect } : {}) };
    const planned = validateNetwork(networkConfig);
    later.push(...planned.issues.map(fromPlan));
    plan = planned.plan;
    if (plan) {
      // What the components check again on the plan they render: a plan that passes here passes there.
      later.push(...checkVpnPlan("vpn", plan.vpn).map(fromPlan));
      if (plan.interconnect) later.push(...checkInterconnectPlan("interconnect", plan.interconnect).map(fromPlan));
    }
    if (profileValue !== undefined && profileValue !== OVERLAY_PROFILE) later.push(...checkComposition(profileValue, network.vpn.attachment ?? defaultVpnAttachment(network.vpn.layout)));
    const providers: ProviderRegions = {
      ...(str(input.values["aws:region"]) !== undefined ? { awsRegion: str(input.values["aws:region"]) } : {}),
      ...(str(input.values["azure-native:location"]) !== undefined ? { azureLocation: str(input.values["azure-native:location"]) } : {}),
    };
    later.push(
      ...checkProviderRegions({ awsRegion: network.aws.region, azureRegion: network.azure.region }, providers, {
        awsRegion: "aws:region",
        azureLocation: "azure-native:location",
        planAws: `${configKey("network")}.aws.region`,
        planAzure: `${configKey("network")}.azure.region`,
      }),
    );
  }
  const existing = usable("existing") ?? {};
  later.push(...checkExisting(existing, network, plan));
  const alarms = usable("alarms") ?? {};
  later.push(...checkHealthAlarmThresholds(`${configKey("alarms")}.thresholds`, alarms.thresholds));
  const failover = isOverlay ? undefined : usable("failover");
  if (failover && plan) later.push(...checkFailoverConfig(failover, plan));

  const issues = dedupeIssues([...shape, ...later.filter((i) => !aboutReplaced(i, replaced))]);
  const azure = usable("azure");
  if (isOverlay) {
    const ok = issues.length === 0 && unchecked.length === 0 && overlaySection && overlayPlan && azure;
    return {
      ...(ok ? { overlay: overlayStackConfig(overlaySection, azure, usable("tags") ?? {}, registry), overlayPlan } : {}),
      ...(registry ? { registry } : {}),
      issues,
      unchecked,
    };
  }
  if (issues.length > 0 || unchecked.length > 0 || !networkConfig || !azure || profileValue === undefined) {
    return { ...(issues.length === 0 && plan ? { plan } : {}), ...(registry ? { registry } : {}), issues, unchecked };
  }
  return {
    config: {
      profile: profileValue,
      network: networkConfig,
      azure,
      ...(registry ? { registry } : {}),
      existing: { vpcs: existing.vpcs ?? {}, vnets: existing.vnets ?? {} },
      tags: usable("tags") ?? {},
      alarms,
      ...(failover ? { failover } : {}),
      secretKeys: (input.secretKeys ?? []).filter(isSecretConfigKey),
    },
    ...(plan ? { plan } : {}),
    ...(registry ? { registry } : {}),
    issues,
    unchecked,
  };
}

/**
 * Existing networks stand in for the plan's by key: each must be one of the plan's, with its range pinned
 * (the plan would otherwise allocate another), and give an id for every subnet the plan has for it.
 */
function checkExisting(existing: NonNullable<ConfigValues["existing"]>, network: ConfigValues["network"], plan: NetworkPlan | undefined): Issue[] {
  if (!network) return [];
  const vpcs = network.aws.vpcs;
  const vnets = network.azure.vnets;
  return [
    ...checkExistingNetworks({
      kind: "vpcs",
      what: "VPC",
      where: "aws.vpcs",
      pin: "cidr",
      given: existing.vpcs ?? {},
      declared: Object.keys(vpcs),
      pinned: (key) => vpcs[key]?.cidr !== undefined,
      subnets: (key) => plan?.aws.vpcs[key]?.subnets,
    }),
    ...checkExistingNetworks({
      kind: "vnets",
      what: "VNet",
      where: "azure.vnets",
      pin: "addressSpace",
      given: existing.vnets ?? {},
      declared: Object.keys(vnets),
      pinned: (key) => vnets[key]?.addressSpace !== undefined,
      subnets: (key) => plan?.azure.vnets[key]?.subnets,
    }),
  ];
}

function checkExistingNetworks(k: {
  readonly kind: "vpcs" | "vnets";
  readonly what: string;
  readonly where: string;
  readonly pin: string;
  readonly given: Readonly<Record<string, { readonly subnetIds: Readonly<Record<string, string>> }>>;
  readonly declared: readonly string[];
  readonly pinned: (key: string) => boolean;
  readonly subnets: (key: string) => Readonly<Record<string, unknown>> | undefined;
}): Issue[] {
  const issues: Issue[] = [];
  const at = (...parts: string[]): string => [configKey("existing"), k.kind, ...parts].join(".");
  for (const key of sortedKeys(k.given)) {
    if (!k.declared.includes(key)) {
      const near = suggest(key, k.declared);
      issues.push(
        issue(at(key), "UNKNOWN_KEY", `crosscloud:network.${k.where} has no ${k.what} "${key}"${near !== undefined ? `; did you mean "${near}"?` : ""} (an existing ${k.what} stands in for the plan's ${k.what} of the same key)`),
      );
      continue;
    }
    if (!k.pinned(key)) {
      issues.push(issue(`${configKey("network")}.${k.where}.${key}.${k.pin}`, "VALUE_REQUIRED", `crosscloud:existing.${k.kind}.${key} is an existing ${k.what}: pin its ${k.pin} to the ${k.what}'s range, or the plan allocates another`));
    }
    const planned = k.subnets(key);
    if (!planned) continue;
    const given = k.given[key]?.subnetIds ?? {};
    for (const sk of sortedKeys(planned)) {
      if (given[sk] === undefined) issues.push(issue(at(key, "subnetIds"), "VALUE_REQUIRED", `the plan has subnet "${sk}" in ${k.where}.${key}: give its id`));
    }
    for (const sk of sortedKeys(given)) if (!(sk in planned)) issues.push(unknownKeyIssue(at(key, "subnetIds", sk), sk, Object.keys(planned)));
  }
  return issues;
}

/** The `{ secure: … }` values of a stack file: whole keys, and paths inside structured keys. */
function findEncrypted(key: string, value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  if (!Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string") return [key];
  return Object.entries(value).flatMap(([k, v]) => findEncrypted(`${key}.${k}`, v));
}

/** Removes the value at a dotted path under `config` (one of the file's keys). */
function removeAt(config: Record<string, unknown>, key: string, rest: readonly string[]): void {
  let cur: unknown = config[key];
  for (const p of rest.slice(0, -1)) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
  if (typeof cur === "object" && cur !== null) delete (cur as Record<string, unknown>)[rest[rest.length - 1] as string];
}

/**
 * A config value as the engine passes it (a string) in the form the schema reads: a map or a list is JSON
 * (what `Config.getObject` parses), anything else stays the string it is.
 */
export function fromEngineValue(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/**
 * A Pulumi stack file's config as the program would see it, read offline: each value in the engine's form (a
 * string; maps and lists as JSON, as the preview passes them) and read back as the program reads it. Encrypted values cannot be read: a whole encrypted key is left
 * out, an encrypted part of one removed, and both are listed (`encrypted`) and their keys marked secret, as
 * the engine would. Throws on a file that is not YAML.
 */
export function readStackConfigFile(file: string, stack: string): StackConfigInput {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as unknown;
  const config = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as { config?: unknown }).config : undefined;
  const source = typeof config === "object" && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
    values[key] = key.startsWith(`${CONFIG_NAMESPACE}:`) ? fromEngineValue(text) : text;
  }
  const encrypted: string[] = [];
  const secretKeys: string[] = [];
  for (const key of Object.keys(values)) {
    const found = findEncrypted(key, values[key]);
    if (found.length === 0) continue;
    if (key.startsWith(`${CONFIG_NAMESPACE}:`)) secretKeys.push(key.slice(CONFIG_NAMESPACE.length + 1));
    for (const p of found) {
      encrypted.push(p);
      if (p === key) delete values[key];
      else removeAt(values, key, p.slice(key.length + 1).split("."));
    }
  }
  return { stack, values, ...(secretKeys.length > 0 ? { secretKeys } : {}), ...(encrypted.length > 0 ? { encrypted } : {}) };
}
