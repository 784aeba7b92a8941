/**
 * One resolver for references between resources, whatever form the resources come in: the recorded graph
 * (preview, lab), the policy pack's view of AnalyzeStack (`RuleResource`), a plan.json or a stack export.
 * Pure: it reads properties only through the reader it is given.
 */

/** What the index needs of a resource. */
export interface GraphNode {
  readonly urn: string;
  readonly type: string;
  /** Parent URN. */
  readonly parent?: string | undefined;
  readonly dependencies: readonly string[];
  /** Property name → URNs whose outputs flowed into it (empty when the format does not record them). */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/**
 * Reads a property (a dotted path such as `localNetworkGateway2.id`) of a resource: a string or number
 * when known, `undefined` when not set, anything else when set but unknown (a computed value in a preview,
 * a secret the reader does not open).
 */
export type PropertyReader<R> = (resource: R, path: string) => unknown;

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);

/** `/subscriptions/…/resourceGroups/RG/providers/…/<kind>/NAME` → `rg/name` (Azure names are case-insensitive). */
export function azureIdKey(id: string): string | undefined {
  const m = /\/resourceGroups\/([^/]+)\/providers\/.+\/([^/]+)$/i.exec(id);
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

/** Properties that carry an Azure resource's own name, beside `resourceGroupName`. */
const AZURE_NAME_KEYS = ["name", "localNetworkGatewayName", "virtualNetworkGatewayName", "virtualNetworkName"] as const;

export class ResourceIndex<R extends GraphNode> {
  readonly byUrn: ReadonlyMap<string, R>;
  private readonly byIdentity = new Map<string, R[]>();
  private readonly byParent = new Map<string, R[]>();

  constructor(
    readonly resources: readonly R[],
    private readonly read: PropertyReader<R>,
  ) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r] as const));
    for (const r of resources) {
      for (const id of this.identities(r)) this.byIdentity.set(id, [...(this.byIdentity.get(id) ?? []), r]);
      if (r.parent !== undefined) this.byParent.set(r.parent, [...(this.byParent.get(r.parent) ?? []), r]);
    }
  }

  /**
   * Identities under which other resources may refer to `r`: its `id`, the resource part of an AWS ARN
   * (`arn:…:vpc/vpc-0abc` → `vpc-0abc`; plan.json records the ARN but no `id`), and `<resource group>/<name>`
   * for Azure resources (lower case: Azure names are case-insensitive).
   */
  private identities(r: R): string[] {
    const ids: string[] = [];
    const id = text(this.read(r, "id"));
    if (id !== undefined && id !== "") ids.push(id, id.toLowerCase());
    const arn = text(this.read(r, "arn"));
    if (arn !== undefined && arn.includes("/")) ids.push(arn.slice(arn.lastIndexOf("/") + 1));
    const rg = text(this.read(r, "resourceGroupName"));
    if (rg !== undefined) {
      for (const key of AZURE_NAME_KEYS) {
        const n = text(this.read(r, key));
        if (n !== undefined) ids.push(`${rg}/${n}`.toLowerCase());
      }
    }
    return ids;
  }

  ofType(...types: readonly string[]): R[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** Direct children of `parent`, of one of `types` (any type when none is given). */
  children(parent: R, ...types: readonly string[]): R[] {
    return (this.byParent.get(parent.urn) ?? []).filter((r) => types.length === 0 || types.includes(r.type));
  }

  /** Every resource below `parent`, of one of `types`, in registration order. */
  descendants(parent: R, ...types: readonly string[]): R[] {
    const out: R[] = [];
    const walk = (urn: string): void => {
      for (const r of this.byParent.get(urn) ?? []) {
        if (types.length === 0 || types.includes(r.type)) out.push(r);
        walk(r.urn);
      }
    };
    walk(parent.urn);
    return out;
  }

  /** The nearest ancestor of `r` of one of `types`. */
  ancestor(r: R, ...types: readonly string[]): R | undefined {
    for (let at = r.parent !== undefined ? this.byUrn.get(r.parent) : undefined; at; at = at.parent !== undefined ? this.byUrn.get(at.parent) : undefined) {
      if (types.includes(at.type)) return at;
    }
    return undefined;
  }

  /** Resources known under `ref` (an id, an ARN's resource part, an Azure resource id). */
  withIdentity(ref: string): R[] {
    const keys = [ref, ref.toLowerCase(), azureIdKey(ref)].filter((k): k is string => k !== undefined);
    return [...new Set(keys.flatMap((k) => this.byIdentity.get(k) ?? []))];
  }

  /**
   * The resource of one of `types` that `from`'s property `prop` refers to, found the way each input
   * format allows: the engine's property dependencies (exact, even when the id is unknown during a
   * preview), then the referenced id (a string, or an Azure `{ id }` object), then — for a plan.json,
   * which records no property dependencies — the one resource-level dependency of that type.
   * `undefined` when the property is not set or nothing identifies the target unambiguously.
   */
  resolve(from: R, prop: string, types: readonly string[]): R | undefined {
    const one = (rs: readonly (R | undefined)[]): R | undefined => {
      const found = [...new Set(rs.filter((r): r is R => r !== undefined && types.includes(r.type)))];
      return found.length === 1 ? found[0] : undefined;
    };
    const byDeps = one((from.propertyDependencies[prop] ?? []).map((u) => this.byUrn.get(u)));
    if (byDeps) return byDeps;
    let raw = this.read(from, prop);
    if (raw !== undefined && text(raw) === undefined) {
      const inner = this.read(from, `${prop}.id`);
      if (inner !== undefined) raw = inner;
    }
    if (raw === undefined || raw === "") return undefined;
    const ref = text(raw);
    if (ref !== undefined) {
      const byId = one(this.withIdentity(ref));
      if (byId) return byId;
    }
    // The reference is set but unknown, or names nothing we can identify: a resource depends on
    // what its inputs refer to, so a single dependency of the right type is the one.
    return one(from.dependencies.map((u) => this.byUrn.get(u)));
  }
}
