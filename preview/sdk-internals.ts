/**
 * The few @pulumi/pulumi runtime internals the offline preview needs, in one place.
 *
 * They are marked `@internal` (so absent from the .d.ts) but are what the SDK's own
 * `runtime.setMocks` and Automation API inline programs (`automation/server.js`) use:
 * - `state.getStore()`: the runtime store whose feature flags `setMocks` sets after installing its
 *   monitor. We install our own monitor, so we must set the same flags.
 * - `state.withLocalStorage(fn)`: runs `fn` with a fresh store in an AsyncLocalStorage context, so
 *   each preview has its own config, stack resource, monitor and RPC queue (how the Automation API
 *   runs several inline programs in one process).
 * - `settings.waitForRPCs()`: resolves once every pending registration has been answered.
 *
 * Checked against @pulumi/pulumi 3.248.0 (package.json pins it). Each accessor fails with a message
 * naming the missing function rather than a TypeError deep in a preview.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

interface RuntimeStore {
  supportsSecrets: boolean;
  supportsResourceReferences: boolean;
  supportsOutputValues: boolean;
  supportsDeletedWith: boolean;
  supportsReplaceWith: boolean;
  supportsAliasSpecs: boolean;
  supportsTransforms: boolean;
  supportsInvokeTransforms: boolean;
  supportsParameterization: boolean;
  supportsResourceHooks: boolean;
  supportsErrorHooks: boolean;
}

interface StateModule {
  getStore(): RuntimeStore;
  withLocalStorage<T>(callback: () => T): T;
}

interface SettingsModule {
  waitForRPCs(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- the internals have no type declarations */
const state = require("@pulumi/pulumi/runtime/state") as Partial<StateModule>;
const settings = require("@pulumi/pulumi/runtime/settings") as Partial<SettingsModule>;
/* eslint-enable @typescript-eslint/no-require-imports */

function missing(name: string): Error {
  return new Error(
    `@pulumi/pulumi runtime internal '${name}' is missing; the offline preview was written against ` +
      `@pulumi/pulumi 3.248.0 and must be updated for this SDK version`,
  );
}

/**
 * Features the recording monitor reports. Transforms and hooks need the engine's callback server,
 * which an offline run does not have, so they are reported as unsupported and a program that uses
 * them fails with the SDK's own "does not support" error instead of hanging on a missing server.
 * `outputValues` stays off, as in `setMocks`, so mocks see plain values rather than Output objects.
 */
export const MONITOR_FEATURES: Readonly<Record<string, boolean>> = {
  secrets: true,
  resourceReferences: true,
  outputValues: false,
  deletedWith: true,
  replaceWith: true,
  aliasSpecs: true,
  transforms: false,
  invokeTransforms: false,
  parameterization: true,
  resourceHooks: false,
  errorHooks: false,
};

export interface InstallOptions {
  readonly project: string;
  readonly stack: string;
  /**
   * Whether the program sees `pulumi.runtime.isDryRun() === true`.
   * @default false - the simulated provider knows every output, so running as an update makes
   *   resources created inside `apply()` appear in the graph, as they would in `pulumi up`.
   */
  readonly preview?: boolean;
  readonly organization?: string;
}

/**
 * Makes `monitor` the resource monitor of the current runtime store (the global one, or the
 * AsyncLocalStorage one inside {@link withFreshRuntime}): `setMocks` with our own monitor.
 */
export function installMonitor(monitor: MockMonitor, opts: InstallOptions): void {
  pulumi.runtime.setMockOptions(monitor, opts.project, opts.stack, opts.preview ?? false, opts.organization);
  if (typeof state.getStore !== "function") throw missing("runtime/state.getStore");
  const store = state.getStore();
  store.supportsSecrets = MONITOR_FEATURES["secrets"] === true;
  store.supportsResourceReferences = MONITOR_FEATURES["resourceReferences"] === true;
  store.supportsOutputValues = MONITOR_FEATURES["outputValues"] === true;
  store.supportsDeletedWith = MONITOR_FEATURES["deletedWith"] === true;
  store.supportsReplaceWith = MONITOR_FEATURES["replaceWith"] === true;
  store.supportsAliasSpecs = MONITOR_FEATURES["aliasSpecs"] === true;
  store.supportsTransforms = MONITOR_FEATURES["transforms"] === true;
  store.supportsInvokeTransforms = MONITOR_FEATURES["invokeTransforms"] === true;
  store.supportsParameterization = MONITOR_FEATURES["parameterization"] === true;
  store.supportsResourceHooks = MONITOR_FEATURES["resourceHooks"] === true;
  store.supportsErrorHooks = MONITOR_FEATURES["errorHooks"] === true;
}

/** Runs `fn` with a fresh runtime store, isolated from the global one and from other runs. */
export function withFreshRuntime<T>(fn: () => Promise<T>): Promise<T> {
  if (typeof state.withLocalStorage !== "function") throw missing("runtime/state.withLocalStorage");
  return state.withLocalStorage(fn);
}

/** Resolves once every registration, invoke and output registration issued so far has completed. */
export function waitForRPCs(): Promise<void> {
  if (typeof settings.waitForRPCs !== "function") throw missing("runtime/settings.waitForRPCs");
  return settings.waitForRPCs();
}
