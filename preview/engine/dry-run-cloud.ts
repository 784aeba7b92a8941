/**
 * The simulated providers as the engine sees them during `pulumi preview` (dry run).
 *
 * What the real engine answers for a resource it would create (v3.248.0):
 * - custom resources: the provider's `Create(preview=true)` result: the checked inputs, every
 *   computed output unknown, nested ones included, and an empty id (which the SDK turns into an
 *   unknown `id`). azure-native builds it with `SdkShapeConverter.PreviewOutputs` (provider/pkg/
 *   convert/previewOutputs.go: input values kept, every other property of the response schema,
 *   recursively into typed objects and arrays, computed); a Terraform-bridged provider (aws) returns
 *   the planned state, where computed attributes, nested blocks' included, are unknown. The
 *   simulator's state stands in for the schema: {@link previewState};
 * - provider resources: id `UnknownID` (pkg/resource/deploy/providers/registry.go `Create`:
 *   `id := resource.ID(UnknownID); if !req.Preview { id = uuid }`), outputs = inputs;
 * - components: their inputs echoed;
 * - reads (`.get()`) and imports: the real state, as in an update (the provider reads the cloud);
 * - invokes: answered as in an update (data sources run during previews).
 *
 * The SDK does not merge inputs back into outputs during a dry run (runtime/resource.js
 * `resolveOutputs`), so an output key the engine leaves out is unknown to the program.
 */
import type { MockCallArgs, MockCallResult, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { SIG_KEY, UNKNOWN_VALUE, isWireObject, isWireSecret } from "../../graph/wire";
import { PROVIDER_TYPE_PREFIX } from "../../graph/types";
import type { SimulatedCloud } from "../simulate";

/** plugin.UnknownStringValue: the engine's unknown id / unknown string. */
export const UNKNOWN_ID: string = UNKNOWN_VALUE;

export interface DryRunNote {
  readonly type: string;
  readonly name: string;
  readonly message: string;
}

export class DryRunCloud implements Mocks {
  /** Provider URN -> the id the simulation gave it, so `urn::UnknownID` references still find their config. */
  private readonly providerIds = new Map<string, string>();
  private readonly noteLog: DryRunNote[] = [];

  constructor(readonly inner: SimulatedCloud) {}

  get unsimulatedTypes(): readonly string[] {
    return this.inner.unsimulatedTypes;
  }

  /** Simulations that could not run on a dry run's partial inputs (answered with inputs + unknowns). */
  get notes(): readonly DryRunNote[] {
    return this.noteLog;
  }

  private providerRef(ref: string | undefined): string | undefined {
    if (ref === undefined) return undefined;
    const sep = ref.lastIndexOf("::");
    const urn = ref.slice(0, sep);
    const id = ref.slice(sep + 2);
    const known = id === UNKNOWN_ID ? this.providerIds.get(urn) : undefined;
    return known === undefined ? ref : `${urn}::${known}`;
  }

  async newResource(args: MockResourceArgs): Promise<MockResourceResult> {
    // Read before the first await: the recorder sets it synchronously before calling us.
    const urn = this.next?.urn;
    const wireInputs = this.next?.wireInputs;
    this.next = undefined;
    const provider = this.providerRef(args.provider);
    const forwarded = { ...args, ...(provider !== undefined ? { provider } : {}) };
    // Components, reads and imports: exactly as in an update.
    if (args.custom === false || (args.id !== undefined && args.id !== "")) return this.inner.newResource(forwarded);

    // What the provider's Check hands back: the inputs, with the program's unknowns still unknown.
    const inputs = withUnknowns(wireInputs, args.inputs ?? {}) as Record<string, unknown>;
    if (args.type.startsWith(PROVIDER_TYPE_PREFIX)) {
      const result = await this.inner.newResource(forwarded);
      if (result.id && urn !== undefined) this.providerIds.set(urn, result.id);
      return { id: UNKNOWN_ID, state: { ...inputs } };
    }

    let simulated: Record<string, unknown> = {};
    try {
      simulated = ((await this.inner.newResource(forwarded)).state ?? {}) as Record<string, unknown>;
    } catch (err) {
      // A dry run sends unknowns for outputs of resources not created yet; a simulator that needs
      // them cannot run. The engine would still plan the create: inputs known, the rest unknown.
      this.noteLog.push({ type: args.type, name: args.name, message: err instanceof Error ? err.message : String(err) });
    }
    return { id: "", state: previewState(inputs, simulated) as Record<string, unknown> };
  }

  call(args: MockCallArgs): MockCallResult | Promise<MockCallResult> {
    const provider = this.providerRef(args.provider);
    return this.inner.call({ ...args, ...(provider !== undefined ? { provider } : {}) });
  }

  /**
   * The registration being answered, set by the recorder immediately before it calls {@link newResource}:
   * the Mocks API carries no URN (provider references are `urn::id`), and its inputs have the unknowns
   * dropped, where a provider sees them.
   */
  next: { readonly urn: string; readonly wireInputs: Readonly<Record<string, unknown>> } | undefined;
}


/**
 * `known` (the inputs as the simulator gets them: secrets wrapped, references as ids, unknowns dropped)
 * with every value the program sent as unknown put back as unknown, at any depth.
 */
export function withUnknowns(wire: unknown, known: unknown): unknown {
  if (wire === UNKNOWN_VALUE) return UNKNOWN_VALUE;
  if (Array.isArray(wire) && Array.isArray(known) && wire.length === known.length) return wire.map((w: unknown, i: number) => withUnknowns(w, known[i]));
  if (isWireObject(wire) && wire[SIG_KEY] === undefined && isWireObject(known)) {
    const out: Record<string, unknown> = { ...known };
    for (const [key, value] of Object.entries(wire)) {
      const merged = withUnknowns(value, known[key]);
      if (merged !== undefined) out[key] = merged;
    }
    return out;
  }
  return known;
}

/**
 * A create's planned outputs: `input` where the program gave a value, unknown wherever the
 * simulation has a value the program did not give, recursively (objects key by key, arrays item by
 * item when the lengths agree). Secrets and other signed values are taken from the input whole.
 */
export function previewState(input: unknown, simulated: unknown): unknown {
  if (isWireObject(input) && input[SIG_KEY] === undefined && isWireObject(simulated) && !isWireSecret(simulated)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(simulated), ...Object.keys(input)])) {
      out[key] = key in input ? previewState(input[key], simulated[key]) : UNKNOWN_ID;
    }
    return out;
  }
  if (Array.isArray(input) && Array.isArray(simulated) && input.length === simulated.length) {
    return input.map((item: unknown, i: number) => previewState(item, simulated[i]));
  }
  return input;
}
