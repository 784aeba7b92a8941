/**
 * The offline preview's {@link RecordingMonitor}, made to serve a program in another process.
 *
 * The in-process monitor reads the project and stack from the SDK runtime it shares with the
 * program; here the engine knows them from the run request instead. Registrations that fail are
 * answered with an RPC error, as the engine does (the runner then reports the program error).
 */
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import type * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { DryRunCloud } from "./dry-run-cloud";
import type { RecordedGraph } from "../../graph";
import { RecordingMonitor } from "../recording-monitor";

type Callback = (err: Error | null, response: unknown) => void;

/** `urn:pulumi:<stack>::<project>::` (neither name may contain "::"). */
const URN_PREFIX = /^urn:pulumi:.*?::.*?::/;

export class EngineRecorder extends RecordingMonitor {
  constructor(
    mocks: Mocks,
    readonly project: string,
    readonly stack: string,
  ) {
    super(mocks, { failedRegistrations: "reject" });
  }

  /**
   * {@link RecordingMonitor.urnFor} (the engine's rule) with the run's project and stack: the base class
   * reads them from this process's SDK runtime, which is not the program's.
   */
  override urnFor(parent: string | undefined, type: string, name: string): string {
    return super.urnFor(parent, type, name).replace(URN_PREFIX, `urn:pulumi:${this.stack}::${this.project}::`);
  }

  override registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
    if (this.mocks instanceof DryRunCloud) {
      const urn = this.urnFor(req.getParent() || undefined, req.getType(), req.getName());
      this.mocks.next = { urn, wireInputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown> };
    }
    return super.registerResource(req, callback);
  }

  override graph(): RecordedGraph {
    return { ...super.graph(), project: this.project, stack: this.stack };
  }
}
