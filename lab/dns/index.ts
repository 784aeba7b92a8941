export * from "./spec";
export { dnsLabSpecsFromGraph, hasCrossCloudDnsEndpoints } from "./from-graph";
export { renderInboundConf, renderPublicConf, renderResolverConf, renderServerFiles, renderZoneFile, DNS_SERVER_ROLES } from "./render";
export type { DnsServerRole, UnboundPaths } from "./render";
export { DNS_LAB_CHECKS } from "./checks";
export type { DnsLabCheck, DnsLabCheckName } from "./checks";
export { runCrossCloudDnsLab } from "./run";
export type { DnsLabOptions, DnsLabReport } from "./run";
