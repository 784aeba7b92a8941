export { runPreview, PreviewRunError, type RunPreviewOptions } from "./run";
export { RecordingMonitor, type RecordingMonitorOptions } from "./recording-monitor";
export { SimulatedCloud, SIMULATORS, UnsimulatedInvokeError } from "./simulate";
export { renderTree, renderSummary, summarize, type ResourceSummary, type TypeCount } from "./render-tree";
export {
  buildPlan,
  serializePlan,
  writePlanJson,
  assertNoSecretLeak,
  SecretLeakError,
  MIN_SECRET_LENGTH_CHECKED,
  type PlanJson,
  type PlanResource,
  type PlanViolation,
  type PlanOptions,
  type ViolationLevel,
} from "./plan-json";
export {
  estimateDag,
  renderDagEstimate,
  provisioningMinutes,
  PROVISIONING_MINUTES,
  DependencyCycleError,
  type DagEstimate,
  type DagStep,
  type DagOptions,
} from "./dag-estimate";
export { runStackPreview, renderTopologyMarkdown, loadStackConfigFile, packageRoot, type PreviewResult, type StackPreviewOptions } from "./stack";
