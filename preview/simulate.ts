/**
 * The simulated clouds: a `pulumi.runtime.Mocks` that answers resource creation and invokes the
 * way the AWS, Azure and random providers would, deterministically.
 *
 * Per-type behaviour lives in simulate-aws.ts, simulate-azure.ts and simulate-random.ts; this file
 * dispatches to them and keeps the registry that lets one resource's simulated outputs depend on
 * another's (a VPN connection's BGP ASN is its transit gateway's, a resolver endpoint's IPs come
 * from its subnets' CIDRs, a VPN gateway's tunnel IPs are its public IPs).
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockCallResult, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { AddressPool, uuid } from "./ids";
import { DOCUMENTATION_CIDRS, cidr, cidrProblem } from "../sdk/cidr";
import { SUBNET_RESERVED_ADDRESSES } from "../sdk/subnets";
import { AWS_INVOKES, AWS_SIMULATORS } from "./simulate-aws";
import { AWS_FAILOVER_SIMULATORS } from "./simulate-aws-failover";
import { AZURE_INVOKES, AZURE_SIMULATORS } from "./simulate-azure";
import { COMPUTE_INVOKES, COMPUTE_SIMULATORS } from "./simulate-compute";
import { record, str, type SimContext, type SimulatedEntry, type SimulatedWorld, type Simulator } from "./simulate-context";
import { RANDOM_SIMULATORS } from "./simulate-random";
import { unwrapSecrets } from "../graph/wire";
import { PROVIDER_TYPE_PREFIX, T } from "../graph/types";

/** Every resource type with a dedicated simulator. Anything else is echoed (see {@link SimulatedCloud.unsimulatedTypes}). */
export const SIMULATORS: Readonly<Record<string, Simulator>> = { ...AWS_SIMULATORS, ...AWS_FAILOVER_SIMULATORS, ...AZURE_SIMULATORS, ...RANDOM_SIMULATORS, ...COMPUTE_SIMULATORS };

/** Thrown for an invoke no simulator answers: returning `{}` would let a program run on garbage. */
export class UnsimulatedInvokeError extends Error {
  constructor(readonly token: string) {
    super(
      `the offline preview has no simulation for invoke '${token}'. ` +
        `Add one to preview/simulate-*.ts, or pass the value in as config instead of looking it up`,
    );
    this.name = "UnsimulatedInvokeError";
  }
}

/** Documentation ranges (RFC 5737) so no simulated public address can be mistaken for a real one. */
const PUBLIC_POOLS = { azure: DOCUMENTATION_CIDRS.testNet3, aws: DOCUMENTATION_CIDRS.testNet2 } as const;

export class SimulatedCloud implements Mocks, SimulatedWorld {
  private readonly byId = new Map<string, SimulatedEntry>();
  private readonly groups = new Map<string, SimulatedEntry>();
  private readonly providers = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly publicPools = new Map<string, AddressPool>();
  private readonly subnetPools = new Map<string, AddressPool>();
  private readonly unsimulated = new Set<string>();

  /** Resource types that had no simulator and were answered by echoing their inputs. */
  get unsimulatedTypes(): readonly string[] {
    return [...this.unsimulated].sort();
  }

  /** Forgets every simulated resource and address (between independent test cases). */
  reset(): void {
    this.byId.clear();
    this.groups.clear();
    this.providers.clear();
    this.publicPools.clear();
    this.subnetPools.clear();
    this.unsimulated.clear();
  }

  // ---- Mocks -----------------------------------------------------------------------------------

  newResource(args: MockResourceArgs): MockResourceResult {
    const inputs = record(args.inputs);
    // Components are not created by a provider; the engine echoes their inputs back.
    if (args.custom === false) return { id: undefined, state: { ...inputs } };

    const providerId = args.provider ? args.provider.split("::").pop() : undefined;
    const ctx: SimContext = {
      type: args.type,
      name: args.name,
      inputs,
      plain: record(unwrapSecrets(inputs)),
      requestedId: args.id ? args.id : undefined,
      providerInputs: providerId === undefined ? undefined : this.providers.get(providerId),
      world: this,
      seed: (purpose = "") => `${args.type}\u0000${args.name}\u0000${purpose}`,
    };

    if (args.type.startsWith(PROVIDER_TYPE_PREFIX)) {
      // Provider resources get a UUID id, like the engine assigns, and remember their config
      // (region, location) for the resources that use them.
      const id = ctx.requestedId ?? uuid(ctx.seed());
      this.providers.set(id, ctx.plain);
      return { id, state: { ...inputs } };
    }

    const simulate = SIMULATORS[args.type];
    if (!simulate) {
      this.unsimulated.add(args.type);
      const id = ctx.requestedId ?? `${args.name}-id`;
      return { id, state: { ...inputs } };
    }
    const result = simulate(ctx);
    const entry: SimulatedEntry = {
      type: args.type,
      name: args.name,
      id: result.id,
      state: record(unwrapSecrets(result.state)),
      facts: result.facts ?? {},
    };
    this.register(entry);
    for (const also of result.alsoCreates ?? []) this.register({ ...also, state: record(unwrapSecrets(also.state)) });
    return { id: result.id, state: result.state };
  }

  call(args: MockCallArgs): MockCallResult {
    const inputs = record(unwrapSecrets(args.inputs));
    const aws = AWS_INVOKES[args.token];
    if (aws) {
      const providerId = args.provider ? args.provider.split("::").pop() : undefined;
      const providerInputs = providerId === undefined ? undefined : this.providers.get(providerId);
      const region = str(inputs["region"]) ?? str(providerInputs?.["region"]) ?? this.config("aws:region") ?? "us-east-1";
      return aws(inputs, region);
    }
    const azure = AZURE_INVOKES[args.token];
    if (azure) return azure();
    const compute = COMPUTE_INVOKES[args.token];
    if (compute) return compute(inputs, this);
    throw new UnsimulatedInvokeError(args.token);
  }

  // ---- SimulatedWorld --------------------------------------------------------------------------

  lookup(id: string): SimulatedEntry | undefined {
    return this.byId.get(normaliseId(id));
  }

  resourceGroup(name: string): SimulatedEntry | undefined {
    return this.groups.get(name.toLowerCase());
  }

  publicIp(pool: "azure" | "aws", seed: string): string {
    let addresses = this.publicPools.get(pool);
    if (!addresses) {
      const block = cidr(PUBLIC_POOLS[pool]);
      // .0 and .255 are network/broadcast; everything between is fair game.
      addresses = new AddressPool(block, 1, block.size - 2);
      this.publicPools.set(pool, addresses);
    }
    return addresses.allocate(seed);
  }

  privateIp(subnetKey: string, subnetCidr: string, seed: string, sequential: boolean): string {
    let addresses = this.subnetPools.get(subnetKey);
    if (!addresses) {
      // Never align a block with host bits set: the cloud would have rejected the subnet.
      const problem = cidrProblem(subnetCidr);
      if (problem) throw new Error(`simulated subnet ${subnetKey}: its CIDR ${problem.message}; the cloud would reject it`);
      const block = cidr(subnetCidr);
      const reserved = SUBNET_RESERVED_ADDRESSES;
      addresses = new AddressPool(block, reserved.leading, block.size - 1 - reserved.trailing);
      this.subnetPools.set(subnetKey, addresses);
    }
    return addresses.allocate(seed, sequential);
  }

  config(key: string): string | undefined {
    return pulumi.runtime.getConfig(key);
  }

  private register(entry: SimulatedEntry): void {
    if (entry.id === "") return;
    this.byId.set(normaliseId(entry.id), entry);
    if (entry.type === T.azureResourceGroup) this.groups.set(String(entry.state["name"]).toLowerCase(), entry);
  }
}

/** ARM ids are case-insensitive; AWS ids are lower-case already. */
function normaliseId(id: string): string {
  return id.startsWith("/") ? id.toLowerCase() : id;
}
