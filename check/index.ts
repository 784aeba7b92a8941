export { type AnalyzerInfo, type EnforcementLevel, type PolicyConfigEntry, type PolicyInfo, PolicyPackClient, type Violation } from "./client";
export { loadPolicyPackConfig, parsePolicyPackConfig, type PolicyPackConfig, resolvePolicyConfig } from "./policy-config";
export { type AnalyzerResourceData, CheckInputError } from "./resource-data";
export { detectFormat, type InputFormat, loadResources, type LoadedResources, resourcesFromDocument } from "./resources";
export { defaultPackEntry, type PackCommand, packCommand, type RunningPack, spawnPack, type SpawnPackOptions } from "./spawn-pack";
