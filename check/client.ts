import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { AnalyzerResourceData } from "./resource-data";
import type { JsonObject } from "./wire";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One policy violation reported by the pack. */
export interface Violation {
  readonly policy: string;
  readonly level: EnforcementLevel;
  /** The resource the policy named; `""` when it reported against the stack as a whole. */
  readonly urn: string;
  /** As the pack formats it: the policy's description, a newline, then the policy's own message. */
  readonly message: string;
  readonly description?: string;
}

export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** JSON-schema `properties` of the policy's config, if it takes any. */
  readonly configSchema?: { readonly properties: JsonObject; readonly required: readonly string[] };
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly supportsConfig: boolean;
  readonly policies: readonly PolicyInfo[];
}

/** What `Configure` takes for one policy. The level is required: the proto has no "unset" level. */
export interface PolicyConfigEntry {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: JsonObject;
}

const LEVEL_FROM_PROTO: Readonly<Record<number, EnforcementLevel>> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
  [pb.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_TO_PROTO: Readonly<Record<EnforcementLevel, pb.EnforcementLevel>> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  remediate: pb.EnforcementLevel.REMEDIATE,
  disabled: pb.EnforcementLevel.DISABLED,
};

function levelFromProto(level: pb.EnforcementLevel): EnforcementLevel {
  const mapped = LEVEL_FROM_PROTO[level];
  if (mapped === undefined) throw new Error(`policy pack sent unknown enforcement level ${level}`);
  return mapped;
}

/** @pulumi/policy allows 400 MiB messages; large stacks need more than gRPC's 4 MiB default. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Builds the AnalyzerResource message the engine would send for one resource. */
export function toAnalyzerResourceMessage(r: AnalyzerResourceData): pb.AnalyzerResource {
  const options = new pb.AnalyzerResourceOptions()
    .setProtect(r.options.protect)
    .setIgnorechangesList([...r.options.ignoreChanges])
    .setDeletebeforereplace(r.options.deleteBeforeReplace ?? false)
    .setDeletebeforereplacedefined(r.options.deleteBeforeReplace !== undefined)
    .setAdditionalsecretoutputsList([...r.options.additionalSecretOutputs])
    .setAliasesList([...r.options.aliases])
    .setCustomtimeouts(
      new pb.AnalyzerResourceOptions.CustomTimeouts()
        .setCreate(r.options.customTimeouts.create)
        .setUpdate(r.options.customTimeouts.update)
        .setDelete(r.options.customTimeouts.delete),
    );
  const msg = new pb.AnalyzerResource()
    .setUrn(r.urn)
    .setType(r.type)
    .setName(r.name)
    .setProperties(Struct.fromJavaScript(r.properties))
    .setOptions(options)
    .setParent(r.parent)
    .setDependenciesList([...r.dependencies]);
  const deps = msg.getPropertydependenciesMap();
  for (const [key, urns] of Object.entries(r.propertyDependencies)) {
    deps.set(key, new pb.AnalyzerPropertyDependencies().setUrnsList([...urns]));
  }
  if (r.provider !== undefined) {
    msg.setProvider(
      new pb.AnalyzerProviderResource()
        .setUrn(r.provider.urn)
        .setType(r.provider.type)
        .setName(r.provider.name)
        .setProperties(Struct.fromJavaScript(r.provider.properties)),
    );
  }
  return msg;
}

export interface PolicyPackClientOptions {
  /**
   * Per-call deadline. A policy that never returns would otherwise hang the check forever.
   * @default 120_000
   */
  readonly callTimeoutMs?: number;
}

/** A typed client for a policy pack's Analyzer gRPC service, as the Pulumi engine uses it. */
export class PolicyPackClient {
  private readonly client: AnalyzerClient;
  private readonly callTimeoutMs: number;

  /** `address` is `host:port`, e.g. `127.0.0.1:${pack.port}`. */
  constructor(address: string, options: PolicyPackClientOptions = {}) {
    this.client = new AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    this.callTimeoutMs = options.callTimeoutMs ?? 120_000;
  }

  private call<Req, Res>(
    method: (req: Req, md: grpc.Metadata, opts: Partial<grpc.CallOptions>, cb: (err: grpc.ServiceError | null, res: Res) => void) => grpc.ClientUnaryCall,
    req: Req,
    label: string,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, req, new grpc.Metadata(), { deadline: Date.now() + this.callTimeoutMs }, (err, res) => {
        if (err) reject(new Error(`policy pack ${label} failed: ${err.details || err.message}`, { cause: err }));
        else resolve(res);
      });
    });
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const info = await this.call(this.client.getAnalyzerInfo, new Empty(), "GetAnalyzerInfo");
    return {
      name: info.getName(),
      version: info.getVersion(),
      supportsConfig: info.getSupportsconfig(),
      policies: info.getPoliciesList().map((p): PolicyInfo => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: levelFromProto(p.getEnforcementlevel()),
          ...(schema === undefined
            ? {}
            : {
                configSchema: {
                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as JsonObject,
                  required: schema.getRequiredList(),
                },
              }),
        };
      }),
    };
  }

  /** Replaces the pack's policy config. Only the policies named are configured; others keep their defaults. */
  async configure(policyConfig: Readonly<Record<string, PolicyConfigEntry>>): Promise<void> {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(policyConfig)) {
      // @pulumi/policy calls getProperties().toJavaScript() unguarded, so an empty Struct is required.
      map.set(
        name,
        new pb.PolicyConfig().setEnforcementlevel(LEVEL_TO_PROTO[entry.enforcementLevel]).setProperties(Struct.fromJavaScript(entry.properties)),
      );
    }
    await this.call(this.client.configure, req, "Configure");
  }

  /** Runs every stack policy over the resources and returns what they report. */
  async analyzeStack(resources: readonly AnalyzerResourceData[]): Promise<Violation[]> {
    const req = new pb.AnalyzeStackRequest().setResourcesList(resources.map(toAnalyzerResourceMessage));
    const res = await this.call(this.client.analyzeStack, req, "AnalyzeStack");
    return res.getDiagnosticsList().map((d): Violation => {
      const description = d.getDescription();
      return {
        policy: d.getPolicyname(),
        level: levelFromProto(d.getEnforcementlevel()),
        urn: d.getUrn(),
        message: d.getMessage(),
        ...(description === "" ? {} : { description }),
      };
    });
  }

  close(): void {
    this.client.close();
  }
}
