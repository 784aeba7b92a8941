import * as path from "path";
import { BfdProfile, Issue, OverlayNetworkConfig, Registry, issue } from "../sdk";
import { RawStackConfig, loadRegistryFile, projectRoot } from "./config";

/**
 * The `overlay` profile's configuration: networks joined only by the WireGuard overlay. Its own key,
 * `crosscloud:overlay`, holds what `planOverlayNetwork` plans (no VPN section: there is no VPN); the
 * common keys (`crosscloud:azure`, `crosscloud:tags`, `crosscloud:registryFile`) mean what they mean
 * for every stack. Shapes are checked here, values by the sdk, every problem listed at once.
 *
 * ```yaml
 * config:
 *   crosscloud:profile: overlay
 *   crosscloud:overlay:
 *     environment: overlay
 *     aws: { region: us-east-1, zones: [us-east-1a, us-east-1b], imageId?: ami-…, instanceType?: t3.small }
 *     azure: { region: eastus, zones?: ["1", "2"], vmSize?: Standard_B2s }
 *     routeServer: false            # true: the Azure routers peer with an Azure Route Server instead of a UDR
 *     sshPublicKey: ssh-ed25519 …   # the Azure routers' admin key (password login is off)
 * ```
 */
export const OVERLAY_PROFILE = "overlay";

export interface OverlayStackConfig {
  readonly network: OverlayNetworkConfig;
  readonly azure: { readonly resourceGroupName: string; readonly createResourceGroup?: boolean };
  readonly sshPublicKey: string;
  /** The routers' AMI. @default - the newest official Debian 12 AMI (`debian12AmiId`) */
  readonly awsImageId?: string;
  readonly awsInstanceType?: string;
  readonly azureVmSize?: string;
  readonly tags: Readonly<Record<string, string>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The composition a raw config names: `crosscloud:profile`, else the stack name. */
export const isOverlayProfile = (raw: RawStackConfig): boolean => (raw.profile ?? raw.stack) === OVERLAY_PROFILE;

function optional<T>(issues: Issue[], where: string, v: unknown, ok: (x: unknown) => x is T, what: string): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (ok(v)) return v;
  issues.push(issue(`crosscloud:overlay.${where}`, "VALUE_REQUIRED", `${JSON.stringify(v)} is not ${what}`));
  return undefined;
}
const isString = (x: unknown): x is string => typeof x === "string";
const isNumber = (x: unknown): x is number => typeof x === "number";
const isBoolean = (x: unknown): x is boolean => typeof x === "boolean";
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isBfd = (x: unknown): x is BfdProfile => isObject(x) && isNumber(x["transmitIntervalMs"]) && isNumber(x["receiveIntervalMs"]) && isNumber(x["detectMultiplier"]);

/** Checks the overlay profile's config shape and converts it; values are validated by `validateOverlayNetwork`. */
export function parseOverlayStackConfig(raw: RawStackConfig, root: string = projectRoot()): { config: OverlayStackConfig | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const o = raw.overlay;
  if (!isObject(o)) return { config: undefined, issues: [issue("crosscloud:overlay", "VALUE_REQUIRED", `the overlay profile needs its settings (environment, aws, azure, sshPublicKey)`)] };
  if (typeof o["environment"] !== "string") issues.push(issue("crosscloud:overlay.environment", "VALUE_REQUIRED", `the environment name is required`));
  const aws = isObject(o["aws"]) ? o["aws"] : undefined;
  const azure = isObject(o["azure"]) ? o["azure"] : undefined;
  if (!aws || typeof aws["region"] !== "string") issues.push(issue("crosscloud:overlay.aws.region", "VALUE_REQUIRED", `an AWS Region is required`));
  if (!azure || typeof azure["region"] !== "string") issues.push(issue("crosscloud:overlay.azure.region", "VALUE_REQUIRED", `an Azure region is required`));
  if (typeof o["sshPublicKey"] !== "string" || !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-\S+) \S+/.test(o["sshPublicKey"])) {
    issues.push(issue("crosscloud:overlay.sshPublicKey", "VALUE_REQUIRED", `an OpenSSH public key (ssh-ed25519 …) is required: the Azure routers allow key login only`));
  }
  const rg = raw.azure;
  if (!isObject(rg) || typeof rg["resourceGroupName"] !== "string") issues.push(issue("crosscloud:azure.resourceGroupName", "VALUE_REQUIRED", `the Azure resource group name is required`));
  const tags = isObject(raw.tags) ? raw.tags : {};
  for (const [k, v] of Object.entries(tags)) if (typeof v !== "string") issues.push(issue(`crosscloud:tags.${k}`, "VALUE_REQUIRED", `tag values must be strings`));

  const side = (name: "aws" | "azure", s: Record<string, unknown> | undefined) => ({
    zones: optional(issues, `${name}.zones`, s?.["zones"], isStrings, "a list of zones"),
    block: optional(issues, `${name}.block`, s?.["block"], isString, "a CIDR"),
    asn: optional(issues, `${name}.asn`, s?.["asn"], isNumber, "an ASN"),
    routerCount: optional(issues, `${name}.routerCount`, s?.["routerCount"], isNumber, "a number"),
  });
  const awsSide = side("aws", aws);
  const azureSide = side("azure", azure);
  const vpcCidr = optional(issues, "aws.vpcCidr", aws?.["vpcCidr"], isString, "a CIDR");
  const addressSpace = optional(issues, "azure.addressSpace", azure?.["addressSpace"], isString, "a CIDR");
  const awsImageId = optional(issues, "aws.imageId", aws?.["imageId"], isString, "an AMI id");
  const awsInstanceType = optional(issues, "aws.instanceType", aws?.["instanceType"], isString, "an instance type");
  const azureVmSize = optional(issues, "azure.vmSize", azure?.["vmSize"], isString, "a VM size");
  const routeServer = optional(issues, "routeServer", o["routeServer"], isBoolean, "true or false");
  const pool = optional(issues, "pool", o["pool"], isString, "a CIDR");
  const insideCidr = optional(issues, "insideCidr", o["insideCidr"], isString, "a CIDR");
  const port = optional(issues, "port", o["port"], isNumber, "a port number");
  const bfd = optional(issues, "bfd", o["bfd"], isBfd, "{ transmitIntervalMs, receiveIntervalMs, detectMultiplier }");
  const presharedKeys = optional(issues, "presharedKeys", o["presharedKeys"], isBoolean, "true or false");

  let registry: Registry | undefined;
  if (raw.registryFile !== undefined) {
    const loaded = loadRegistryFile(path.resolve(root, raw.registryFile));
    issues.push(...loaded.issues);
    registry = loaded.registry;
  }
  if (issues.length > 0) return { config: undefined, issues };

  const defined = <T extends Record<string, unknown>>(x: T): T => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as T;
  const network: OverlayNetworkConfig = defined({
    environment: o["environment"] as string,
    ...(registry ? { registry } : {}),
    aws: defined({ region: aws?.["region"] as string, ...awsSide, vpcCidr }),
    azure: defined({ region: azure?.["region"] as string, ...azureSide, addressSpace }),
    routeServer,
    pool,
    insideCidr,
    port,
    bfd,
    presharedKeys,
  });
  const az = rg as { resourceGroupName: string; createResourceGroup?: unknown };
  return {
    config: defined({
      network,
      azure: { resourceGroupName: az.resourceGroupName, ...(typeof az.createResourceGroup === "boolean" ? { createResourceGroup: az.createResourceGroup } : {}) },
      sshPublicKey: o["sshPublicKey"] as string,
      awsImageId,
      awsInstanceType,
      azureVmSize,
      tags: tags as Record<string, string>,
    }),
    issues,
  };
}
