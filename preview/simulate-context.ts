/**
 * What a per-type simulator sees, and small readers for its inputs. Kept apart from simulate.ts so
 * the per-cloud tables (simulate-aws.ts, simulate-azure.ts, simulate-random.ts) depend on types
 * only, not on the class that dispatches to them.
 */
import { isWireSecret, unwrapSecrets } from "../graph/wire";

/** One resource the simulated clouds have "created", as later resources look it up by id. */
export interface SimulatedEntry {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  /** Final state, secrets unwrapped: the provider's own view. */
  readonly state: Readonly<Record<string, unknown>>;
  /** See {@link SimulatedResult.facts}. */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** The lookups and allocators a simulator may use; implemented by `SimulatedCloud`. */
export interface SimulatedWorld {
  lookup(id: string): SimulatedEntry | undefined;
  /** Azure resource groups by name (Azure names are case-insensitive). */
  resourceGroup(name: string): SimulatedEntry | undefined;
  /** A distinct public address from the pool: Azure PIPs or AWS tunnel endpoints, each from its own RFC 5737 range (`DOCUMENTATION_CIDRS`). */
  publicIp(pool: "azure" | "aws", seed: string): string;
  /**
   * A private address inside a subnet's CIDR, distinct from others handed out in that subnet.
   * `sequential` = lowest free (Azure); otherwise seed-derived (AWS picks at random).
   */
  privateIp(subnetKey: string, cidr: string, seed: string, sequential: boolean): string;
  /** Read a Pulumi config value of the running program (`aws:region`, `azure-native:location`). */
  config(key: string): string | undefined;
}

export interface SimContext {
  readonly type: string;
  /** The logical (Pulumi) name. */
  readonly name: string;
  /** Inputs as the SDK sent them: secrets still wrapped, so echoing them keeps them secret. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The same inputs with every secret unwrapped, for computing derived values. */
  readonly plain: Readonly<Record<string, unknown>>;
  /** An id requested by `import` or `.get()`, which a real provider would adopt. */
  readonly requestedId: string | undefined;
  /** Inputs of the provider resource this resource uses, if it was given one explicitly. */
  readonly providerInputs: Readonly<Record<string, unknown>> | undefined;
  readonly world: SimulatedWorld;
  /** A seed unique to this resource and `purpose`, for ids.ts. */
  seed(purpose?: string): string;
}

export interface SimulatedResult {
  readonly id: string;
  readonly state: Record<string, unknown>;
  /**
   * Facts later lookups need that are not provider outputs (e.g. which VPC a TGW attachment
   * attaches); kept in the registry, never in the resource's recorded outputs.
   */
  readonly facts?: Readonly<Record<string, unknown>>;
  /** Objects AWS creates implicitly (the TGW attachment of a VPN connection), registered by id. */
  readonly alsoCreates?: readonly SimulatedEntry[];
}

export type Simulator = (ctx: SimContext) => SimulatedResult;

export function str(value: unknown): string | undefined {
  const v = isWireSecret(value) ? unwrapSecrets(value) : value;
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

export function num(value: unknown): number | undefined {
  const v = isWireSecret(value) ? unwrapSecrets(value) : value;
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `{ id }` sub-resource references, as azure-native takes them (`subnet: { id }`). */
export function refId(value: unknown): string | undefined {
  return str(record(value)["id"]);
}
