import { seconds } from "../runtime/exec";
import { LabCheck, LabCheckStatus } from "./report";

/** Checks run in order, each skipped with the reason when a check it needs has not passed. */
export interface CheckSequence<N extends string> {
  /** The results so far, in order. */
  readonly checks: LabCheck<N>[];
  readonly passed: (name: N) => boolean;
  /**
   * Runs `body` as check `name` unless one of `needs` has not passed (then a skip says which). An error is
   * the check failing, unless the run was aborted (a signal), which propagates.
   */
  readonly run: (name: N, needs: readonly N[], body: () => Promise<LabCheck<N> | LabCheck<N>[]>) => Promise<void>;
}

/** A sequence for a lab whose checks `make` builds (its catalogue), aborted by `runtime.signal`. */
export function checkSequence<N extends string>(
  make: (name: N, status: LabCheckStatus, detail: string, seconds: number) => LabCheck<N>,
  runtime: { readonly signal: AbortSignal; readonly log: (message: string) => void },
): CheckSequence<N> {
  const checks: LabCheck<N>[] = [];
  const passed = (name: N): boolean => checks.some((c) => c.name === name && c.status === "pass");
  const run = async (name: N, needs: readonly N[], body: () => Promise<LabCheck<N> | LabCheck<N>[]>): Promise<void> => {
    const missing = needs.filter((n) => !passed(n));
    if (missing.length > 0) {
      checks.push(make(name, "skip", `skipped: needs ${missing.join(", ")} to pass`, 0));
      return;
    }
    const started = Date.now();
    try {
      const result = await body();
      checks.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      if (runtime.signal.aborted) throw error;
      checks.push(make(name, "fail", `error while checking: ${error instanceof Error ? error.message : String(error)}`, seconds(started)));
    }
    runtime.log(`check ${name}: ${checks.filter((c) => c.name === name).map((c) => c.status).join(",") || "done"}`);
  };
  return { checks, passed, run };
}
