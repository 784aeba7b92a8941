/**
 * Every `crosscloud:*` key, one module each. This table is the schema of the stack config: validation, the
 * TypeScript types (`ConfigValues`) and the published JSON Schema all come from it. A new key is a new module
 * and one line here.
 */
import { z } from "zod";
import { HealthAlarmThresholds, InterconnectConfig, NetworkConfig, OverlayNetworkConfig } from "../../sdk";
import { alarms, alarmThresholds } from "./alarms";
import { azure } from "./azure";
import { existing } from "./existing";
import { failover } from "./failover";
import { interconnect } from "./interconnect";
import { network } from "./network";
import { overlay } from "./overlay";
import { profile, registryFile, tags } from "./scalars";

export const CONFIG_NAMESPACE = "crosscloud";

export const CONFIG_SECTIONS = {
  profile,
  network,
  azure,
  interconnect,
  existing,
  tags,
  registryFile,
  alarms,
  failover,
  overlay,
} as const;

export type SectionName = keyof typeof CONFIG_SECTIONS;
export const SECTION_NAMES = Object.keys(CONFIG_SECTIONS) as SectionName[];

/** The config key of a section: `crosscloud:network`. */
export const configKey = (name: string): string => `${CONFIG_NAMESPACE}:${name}`;

/** The parsed `crosscloud:*` values, each optional (requirements across keys are checked with the plan). */
export type ConfigValues = { readonly [K in SectionName]?: z.output<(typeof CONFIG_SECTIONS)[K]> };

// ---- the schema is the source of the config types, and they are the sdk's -------------------------------
// The sdk stays free of zod: these assertions make any drift between the schema and the sdk's config
// interfaces a compile error, both ways (a field the sdk lacks, or one the schema does not declare).

/** The keys of `T`, all the way down, without the schema's refused-only (unsupported) fields. */
type Shape<T> = T extends readonly (infer E)[]
  ? Shape<E>
  : T extends object
    ? { [K in keyof T as [NonNullable<T[K]>] extends [never] ? never : K]-?: Shape<NonNullable<T[K]>> }
    : "leaf";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assert = <T extends true>(): T => true as T;

type NetworkSection = z.output<typeof network>;
type InterconnectSection = z.output<typeof interconnect>;
/** What `crosscloud:network` gives the sdk; the registry and the interconnect come from their own keys. */
export type PlannedNetwork = Omit<NetworkConfig, "registry" | "interconnect">;

type OverlaySection = z.output<typeof overlay>;
/** What `crosscloud:overlay` gives the sdk: the overlay network without the registry, its routers' settings apart. */
type PlannedOverlay = Omit<OverlayNetworkConfig, "registry">;
type OverlayNetworkPart = Omit<OverlaySection, "sshPublicKey" | "aws" | "azure"> & {
  aws: Omit<OverlaySection["aws"], "imageId" | "instanceType">;
  azure: Omit<OverlaySection["azure"], "vmSize">;
};

export const SCHEMA_MATCHES_SDK = [
  assert<Same<Shape<OverlayNetworkPart>, Shape<PlannedOverlay>>>(),
  assert<Same<Shape<z.output<typeof alarmThresholds>>, Shape<HealthAlarmThresholds>>>(),
  assert<Same<Shape<NetworkSection>, Shape<PlannedNetwork>>>(),
  assert<Same<Shape<InterconnectSection>, Shape<InterconnectConfig>>>(),
  assert<NetworkSection extends PlannedNetwork ? true : false>(),
  assert<InterconnectSection extends InterconnectConfig ? true : false>(),
] as const;
