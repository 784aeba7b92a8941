export * from "./spec";
export { dnsFailoverSpecsFromGraph } from "./from-graph";
export { renderAzureResolverConf, renderRoute53Conf, renderZoneFile } from "./render";
export type { UnboundPaths } from "./render";
export { DNS_FLIP_MARGIN_SECONDS, clientAddress, runDnsFailoverLab } from "./run";
export type { DnsFailoverLabOptions } from "./run";
