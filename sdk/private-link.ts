import { Issue, issue } from "./errors";

/**
 * Azure Private Link DNS: which public zone a resolver outside Azure must forward for each `privatelink.*`
 * private DNS zone.
 *
 * A client asks for the service's public name (`acct.blob.core.windows.net`). Azure's public DNS answers
 * with a CNAME into the private zone (`acct.privatelink.blob.core.windows.net`), and only a resolver inside
 * a VNet linked to that private zone answers it with the private endpoint's address. So a conditional
 * forwarder outside Azure must forward the PUBLIC zone: "The conditional forwarding must be made to the
 * recommended public DNS zone forwarder. For example: database.windows.net instead of
 * privatelink.database.windows.net" (learn.microsoft.com/azure/private-link/private-endpoint-dns-integration).
 * A rule for `privatelink.blob.core.windows.net` matches no name a client asks for, so the client gets the
 * public answer and its traffic leaves the private path.
 *
 * The table is Microsoft's "Azure services DNS zone configuration" (learn.microsoft.com/azure/private-link/
 * private-endpoint-dns; MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md, ms.date
 * 10/11/2023, commit 42655f0), all three clouds, as written there: per service row, its private DNS zones and
 * its "Public DNS zone forwarders". `{name}` is Microsoft's placeholder for one DNS label (or part of one).
 * One typing slip of that revision is written as meant: a tab inside the Government Azure Monitor zone
 * `privatelink.oms.opinsights.azure.us`.
 */
export interface PrivateLinkZoneRow {
  /** Microsoft's resource type and subresource, e.g. "Storage account (Microsoft.Storage/storageAccounts) / blob". */
  readonly service: string;
  /** Which Azure cloud the row belongs to. */
  readonly cloud: "AzureCloud" | "AzureUSGovernment" | "AzureChinaCloud";
  /** Private DNS zone names, possibly with `{placeholder}` labels. */
  readonly zones: readonly string[];
  /** Public DNS zone forwarders, possibly with `{placeholder}` labels. */
  readonly forwarders: readonly string[];
}

const row = (cloud: PrivateLinkZoneRow["cloud"], service: string, zones: readonly string[], forwarders: readonly string[]): PrivateLinkZoneRow => ({ cloud, service, zones, forwarders });
const pub = (service: string, zones: readonly string[], forwarders: readonly string[]): PrivateLinkZoneRow => row("AzureCloud", service, zones, forwarders);
const gov = (service: string, zones: readonly string[], forwarders: readonly string[]): PrivateLinkZoneRow => row("AzureUSGovernment", service, zones, forwarders);
const cn = (service: string, zones: readonly string[], forwarders: readonly string[]): PrivateLinkZoneRow => row("AzureChinaCloud", service, zones, forwarders);

/** Microsoft's table of private DNS zones and public DNS zone forwarders (source above). */
export const PRIVATE_LINK_DNS_ZONES: readonly PrivateLinkZoneRow[] = [
  pub("Azure Automation / Webhook, DSCAndHybridWorker", ["privatelink.azure-automation.net"], ["{regionCode}.azure-automation.net"]),
  pub("Azure SQL Database / sqlServer", ["privatelink.database.windows.net"], ["database.windows.net"]),
  pub("Azure SQL Managed Instance / managedInstance", ["privatelink.{dnsPrefix}.database.windows.net"], ["{instanceName}.{dnsPrefix}.database.windows.net"]),
  pub("Azure Synapse Analytics / Sql", ["privatelink.sql.azuresynapse.net"], ["sql.azuresynapse.net"]),
  pub("Azure Synapse Analytics / SqlOnDemand", ["privatelink.sql.azuresynapse.net"], ["{workspaceName}-ondemand.sql.azuresynapse.net"]),
  pub("Azure Synapse Analytics / Dev", ["privatelink.dev.azuresynapse.net"], ["dev.azuresynapse.net"]),
  pub("Azure Synapse Studio / Web", ["privatelink.azuresynapse.net"], ["azuresynapse.net"]),
  pub("Storage account / blob, blob_secondary", ["privatelink.blob.core.windows.net"], ["blob.core.windows.net"]),
  pub("Storage account / table, table_secondary", ["privatelink.table.core.windows.net"], ["table.core.windows.net"]),
  pub("Storage account / queue, queue_secondary", ["privatelink.queue.core.windows.net"], ["queue.core.windows.net"]),
  pub("Storage account / file", ["privatelink.file.core.windows.net"], ["file.core.windows.net"]),
  pub("Storage account / web, web_secondary", ["privatelink.web.core.windows.net"], ["web.core.windows.net"]),
  pub("Azure Data Lake File System Gen2 / dfs, dfs_secondary", ["privatelink.dfs.core.windows.net"], ["dfs.core.windows.net"]),
  pub("Azure Cosmos DB / Sql", ["privatelink.documents.azure.com"], ["documents.azure.com"]),
  pub("Azure Cosmos DB / MongoDB", ["privatelink.mongo.cosmos.azure.com"], ["mongo.cosmos.azure.com"]),
  pub("Azure Cosmos DB / Cassandra", ["privatelink.cassandra.cosmos.azure.com"], ["cassandra.cosmos.azure.com"]),
  pub("Azure Cosmos DB / Gremlin", ["privatelink.gremlin.cosmos.azure.com"], ["gremlin.cosmos.azure.com"]),
  pub("Azure Cosmos DB / Table", ["privatelink.table.cosmos.azure.com"], ["table.cosmos.azure.com"]),
  pub("Azure Cosmos DB for PostgreSQL / coordinator", ["privatelink.postgres.cosmos.azure.com"], ["postgres.cosmos.azure.com"]),
  pub("Azure Batch / batchAccount", ["{regionName}.privatelink.batch.azure.com"], ["{regionName}.batch.azure.com"]),
  pub("Azure Batch / nodeManagement", ["{regionName}.service.privatelink.batch.azure.com"], ["{regionName}.service.batch.azure.com"]),
  pub("Azure Database for PostgreSQL - Single server / postgresqlServer", ["privatelink.postgres.database.azure.com"], ["postgres.database.azure.com"]),
  pub("Azure Database for MySQL / mysqlServer", ["privatelink.mysql.database.azure.com"], ["mysql.database.azure.com"]),
  pub("Azure Database for MariaDB / mariadbServer", ["privatelink.mariadb.database.azure.com"], ["mariadb.database.azure.com"]),
  pub("Azure Key Vault / vault", ["privatelink.vaultcore.azure.net"], ["vault.azure.net", "vaultcore.azure.net"]),
  pub("Azure Key Vault / managedhsm", ["privatelink.managedhsm.azure.net"], ["managedhsm.azure.net"]),
  pub("Azure Kubernetes Service - Kubernetes API / management", ["privatelink.{regionName}.azmk8s.io", "{subzone}.privatelink.{regionName}.azmk8s.io"], ["{regionName}.azmk8s.io"]),
  pub("Azure Search / searchService", ["privatelink.search.windows.net"], ["search.windows.net"]),
  pub("Azure Container Registry / registry", ["privatelink.azurecr.io", "{regionName}.privatelink.azurecr.io"], ["azurecr.io", "{regionName}.azurecr.io"]),
  pub("Azure App Configuration / configurationStores", ["privatelink.azconfig.io"], ["azconfig.io"]),
  pub("Azure Backup / AzureBackup", ["privatelink.{regionCode}.backup.windowsazure.com"], ["{regionCode}.backup.windowsazure.com"]),
  pub("Azure Site Recovery / AzureSiteRecovery", ["privatelink.siterecovery.windowsazure.com"], ["{regionCode}.siterecovery.windowsazure.com"]),
  pub("Azure Event Hubs / namespace", ["privatelink.servicebus.windows.net"], ["servicebus.windows.net"]),
  pub("Azure Service Bus / namespace", ["privatelink.servicebus.windows.net"], ["servicebus.windows.net"]),
  pub("Azure IoT Hub / iotHub", ["privatelink.azure-devices.net", "privatelink.servicebus.windows.net"], ["azure-devices.net", "servicebus.windows.net"]),
  pub("Azure IoT Hub Device Provisioning Service / iotDps", ["privatelink.azure-devices-provisioning.net"], ["azure-devices-provisioning.net"]),
  pub("Azure Relay / namespace", ["privatelink.servicebus.windows.net"], ["servicebus.windows.net"]),
  pub("Azure Event Grid / topic, domain", ["privatelink.eventgrid.azure.net"], ["eventgrid.azure.net"]),
  pub("Azure Web Apps - Azure Function Apps / sites", ["privatelink.azurewebsites.net", "scm.privatelink.azurewebsites.net"], ["azurewebsites.net", "scm.azurewebsites.net"]),
  pub(
    "Azure Machine Learning / amlworkspace",
    ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"],
    ["api.azureml.ms", "notebooks.azure.net", "instances.azureml.ms", "aznbcontent.net", "inference.ml.azure.com"],
  ),
  pub("SignalR / signalR", ["privatelink.service.signalr.net"], ["service.signalr.net"]),
  pub(
    "Azure Monitor / azuremonitor",
    ["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net"],
    ["monitor.azure.com", "oms.opinsights.azure.com", "ods.opinsights.azure.com", "agentsvc.azure-automation.net", "blob.core.windows.net"],
  ),
  pub("Azure AI services / account", ["privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com"], ["cognitiveservices.azure.com", "openai.azure.com"]),
  pub("Azure File Sync / afs", ["{regionName}.privatelink.afs.azure.net"], ["{regionName}.afs.azure.net"]),
  pub("Azure Data Factory / dataFactory", ["privatelink.datafactory.azure.net"], ["datafactory.azure.net"]),
  pub("Azure Data Factory / portal", ["privatelink.adf.azure.com"], ["adf.azure.com"]),
  pub("Azure Cache for Redis / redisCache", ["privatelink.redis.cache.windows.net"], ["redis.cache.windows.net"]),
  pub("Azure Cache for Redis Enterprise / redisEnterprise", ["privatelink.redisenterprise.cache.azure.net"], ["redisenterprise.cache.azure.net"]),
  pub("Microsoft Purview / account", ["privatelink.purview.azure.com"], ["purview.azure.com"]),
  pub("Microsoft Purview / portal", ["privatelink.purviewstudio.azure.com"], ["purview.azure.com", "purviewstudio.azure.com"]),
  pub("Azure Digital Twins / digitalTwinsInstances", ["privatelink.digitaltwins.azure.net"], ["digitaltwins.azure.net"]),
  pub("Azure HDInsight", ["privatelink.azurehdinsight.net"], ["azurehdinsight.net"]),
  pub(
    "Azure Arc / hybridcompute",
    ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"],
    ["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com"],
  ),
  pub("Azure Media Services / keydelivery, liveevent, streamingendpoint", ["privatelink.media.azure.net"], ["media.azure.net"]),
  pub("Azure Data Explorer / cluster", ["privatelink.{regionName}.kusto.windows.net"], ["{regionName}.kusto.windows.net"]),
  pub("Azure Static Web Apps / staticSites", ["privatelink.azurestaticapps.net", "privatelink.{partitionId}.azurestaticapps.net"], ["azurestaticapps.net", "{partitionId}.azurestaticapps.net"]),
  pub("Azure Migrate / Default", ["privatelink.prod.migration.windowsazure.com"], ["prod.migration.windowsazure.com"]),
  pub("Azure API Management / gateway", ["privatelink.azure-api.net"], ["azure-api.net"]),
  pub(
    "Microsoft PowerBI / tenant",
    ["privatelink.analysis.windows.net", "privatelink.pbidedicated.windows.net", "privatelink.tip1.powerquery.microsoft.com"],
    ["analysis.windows.net", "pbidedicated.windows.net", "tip1.powerquery.microsoft.com"],
  ),
  pub("Azure Bot Service / Bot", ["privatelink.directline.botframework.com"], ["directline.botframework.com", "europe.directline.botframework.com"]),
  pub("Azure Bot Service / Token", ["privatelink.token.botframework.com"], ["token.botframework.com", "europe.token.botframework.com"]),
  pub(
    "Azure Health Data Services / healthcareworkspace",
    ["privatelink.workspace.azurehealthcareapis.com", "privatelink.fhir.azurehealthcareapis.com", "privatelink.dicom.azurehealthcareapis.com"],
    ["workspace.azurehealthcareapis.com", "fhir.azurehealthcareapis.com", "dicom.azurehealthcareapis.com"],
  ),
  pub("Azure Databricks / databricks_ui_api, browser_authentication", ["privatelink.azuredatabricks.net"], ["azuredatabricks.net"]),
  pub("Azure Virtual Desktop / global", ["privatelink-global.wvd.microsoft.com"], ["wvd.microsoft.com"]),
  pub("Azure Virtual Desktop / feed, connection", ["privatelink.wvd.microsoft.com"], ["wvd.microsoft.com"]),

  gov("Azure Automation / Webhook, DSCAndHybridWorker", ["privatelink.azure-automation.us"], ["azure-automation.us"]),
  gov("Azure SQL Database / sqlServer", ["privatelink.database.usgovcloudapi.net"], ["database.usgovcloudapi.net"]),
  gov("Azure SQL Managed Instance / managedInstance", ["privatelink.{dnsPrefix}.database.usgovcloudapi.net"], ["{instanceName}.{dnsPrefix}.database.usgovcloudapi.net"]),
  gov("Storage account / blob, blob_secondary", ["privatelink.blob.core.usgovcloudapi.net"], ["blob.core.usgovcloudapi.net"]),
  gov("Storage account / table, table_secondary", ["privatelink.table.core.usgovcloudapi.net"], ["table.core.usgovcloudapi.net"]),
  gov("Storage account / queue, queue_secondary", ["privatelink.queue.core.usgovcloudapi.net"], ["queue.core.usgovcloudapi.net"]),
  gov("Storage account / file, file_secondary", ["privatelink.file.core.usgovcloudapi.net"], ["file.core.usgovcloudapi.net"]),
  gov("Storage account / web, web_secondary", ["privatelink.web.core.usgovcloudapi.net"], ["web.core.usgovcloudapi.net"]),
  gov("Azure Cosmos DB / Sql", ["privatelink.documents.azure.us"], ["documents.azure.us"]),
  gov("Azure Batch / batchAccount", ["privatelink.batch.usgovcloudapi.net"], ["{regionName}.batch.usgovcloudapi.net"]),
  gov("Azure Batch / nodeManagement", ["privatelink.batch.usgovcloudapi.net"], ["{regionName}.service.batch.usgovcloudapi.net"]),
  gov("Azure Database for PostgreSQL - Single server / postgresqlServer", ["privatelink.postgres.database.usgovcloudapi.net"], ["postgres.database.usgovcloudapi.net"]),
  gov("Azure Database for MySQL / mysqlServer", ["privatelink.mysql.database.usgovcloudapi.net"], ["mysql.database.usgovcloudapi.net"]),
  gov("Azure Database for MariaDB / mariadbServer", ["privatelink.mariadb.database.usgovcloudapi.net"], ["mariadb.database.usgovcloudapi.net"]),
  gov("Azure Key Vault / vault", ["privatelink.vaultcore.usgovcloudapi.net"], ["vault.usgovcloudapi.net", "vaultcore.usgovcloudapi.net"]),
  gov("Azure Search / searchService", ["privatelink.search.windows.us"], ["search.windows.us"]),
  gov("Azure App Configuration / configurationStores", ["privatelink.azconfig.azure.us"], ["azconfig.azure.us"]),
  gov("Azure Backup / AzureBackup", ["privatelink.{regionCode}.backup.windowsazure.us"], ["{regionCode}.backup.windowsazure.us"]),
  gov("Azure Site Recovery / AzureSiteRecovery", ["privatelink.siterecovery.windowsazure.us"], ["{regionCode}.siterecovery.windowsazure.us"]),
  gov("Azure Event Hubs / namespace", ["privatelink.servicebus.usgovcloudapi.net"], ["servicebus.usgovcloudapi.net"]),
  gov("Azure Service Bus / namespace", ["privatelink.servicebus.usgovcloudapi.net"], ["servicebus.usgovcloudapi.net"]),
  gov("Azure IoT Hub / iotHub", ["privatelink.azure-devices.us", "privatelink.servicebus.windows.us"], ["azure-devices.us", "servicebus.usgovcloudapi.net"]),
  gov("Azure IoT Hub Device Provisioning Service / iotDps", ["privatelink.azure-devices-provisioning.us"], ["azure-devices-provisioning.us"]),
  gov("Azure Relay / namespace", ["privatelink.servicebus.usgovcloudapi.net"], ["servicebus.usgovcloudapi.net"]),
  gov("Azure Web Apps / sites", ["privatelink.azurewebsites.us", "scm.privatelink.azurewebsites.us"], ["azurewebsites.us", "scm.azurewebsites.us"]),
  gov(
    "Azure Monitor / azuremonitor",
    [
      "privatelink.monitor.azure.us",
      "privatelink.adx.monitor.azure.us",
      "privatelink.oms.opinsights.azure.us",
      "privatelink.ods.opinsights.azure.us",
      "privatelink.agentsvc.azure-automation.us",
      "privatelink.blob.core.usgovcloudapi.net",
    ],
    ["monitor.azure.us", "adx.monitor.azure.us", "oms.opinsights.azure.us", "ods.opinsights.azure.us", "agentsvc.azure-automation.us", "blob.core.usgovcloudapi.net"],
  ),
  gov("Azure AI services / account", ["privatelink.cognitiveservices.azure.us"], ["cognitiveservices.azure.us"]),
  gov("Azure Cache for Redis / redisCache", ["privatelink.redis.cache.usgovcloudapi.net"], ["redis.cache.usgovcloudapi.net"]),
  gov("Azure HDInsight", ["privatelink.azurehdinsight.us"], ["azurehdinsight.us"]),
  gov(
    "Azure Machine Learning / amlworkspace",
    ["privatelink.api.ml.azure.us", "privatelink.notebooks.usgovcloudapi.net"],
    ["api.ml.azure.us", "notebooks.usgovcloudapi.net", "instances.azureml.us", "aznbcontent.net", "inference.ml.azure.us"],
  ),
  gov("Azure Virtual Desktop / global", ["privatelink-global.wvd.azure.us"], ["wvd.azure.us"]),
  gov("Azure Virtual Desktop / feed, connection", ["privatelink.wvd.azure.us"], ["wvd.azure.us"]),

  cn("Azure Automation / Webhook, DSCAndHybridWorker", ["privatelink.azure-automation.cn"], ["azure-automation.cn"]),
  cn("Azure SQL Database / sqlServer", ["privatelink.database.chinacloudapi.cn"], ["database.chinacloudapi.cn"]),
  cn("Storage account / blob, blob_secondary", ["privatelink.blob.core.chinacloudapi.cn"], ["blob.core.chinacloudapi.cn"]),
  cn("Storage account / table, table_secondary", ["privatelink.table.core.chinacloudapi.cn"], ["table.core.chinacloudapi.cn"]),
  cn("Storage account / queue, queue_secondary", ["privatelink.queue.core.chinacloudapi.cn"], ["queue.core.chinacloudapi.cn"]),
  cn("Storage account / file, file_secondary", ["privatelink.file.core.chinacloudapi.cn"], ["file.core.chinacloudapi.cn"]),
  cn("Storage account / web, web_secondary", ["privatelink.web.core.chinacloudapi.cn"], ["web.core.chinacloudapi.cn"]),
  cn("Azure Data Lake File System Gen2 / dfs, dfs_secondary", ["privatelink.dfs.core.chinacloudapi.cn"], ["dfs.core.chinacloudapi.cn"]),
  cn("Azure Cosmos DB / Sql", ["privatelink.documents.azure.cn"], ["documents.azure.cn"]),
  cn("Azure Cosmos DB / MongoDB", ["privatelink.mongo.cosmos.azure.cn"], ["mongo.cosmos.azure.cn"]),
  cn("Azure Cosmos DB / Cassandra", ["privatelink.cassandra.cosmos.azure.cn"], ["cassandra.cosmos.azure.cn"]),
  cn("Azure Cosmos DB / Gremlin", ["privatelink.gremlin.cosmos.azure.cn"], ["gremlin.cosmos.azure.cn"]),
  cn("Azure Cosmos DB / Table", ["privatelink.table.cosmos.azure.cn"], ["table.cosmos.azure.cn"]),
  cn("Azure Batch / batchAccount", ["privatelink.batch.chinacloudapi.cn"], ["{region}.batch.chinacloudapi.cn"]),
  cn("Azure Batch / nodeManagement", ["privatelink.batch.chinacloudapi.cn"], ["{region}.service.batch.chinacloudapi.cn"]),
  cn("Azure Database for PostgreSQL - Single server / postgresqlServer", ["privatelink.postgres.database.chinacloudapi.cn"], ["postgres.database.chinacloudapi.cn"]),
  cn("Azure Database for MySQL / mysqlServer", ["privatelink.mysql.database.chinacloudapi.cn"], ["mysql.database.chinacloudapi.cn"]),
  cn("Azure Database for MariaDB / mariadbServer", ["privatelink.mariadb.database.chinacloudapi.cn"], ["mariadb.database.chinacloudapi.cn"]),
  cn("Azure Key Vault / vault", ["privatelink.vaultcore.azure.cn"], ["vaultcore.azure.cn"]),
  cn("Azure Event Hubs / namespace", ["privatelink.servicebus.chinacloudapi.cn"], ["servicebus.chinacloudapi.cn"]),
  cn("Azure Service Bus / namespace", ["privatelink.servicebus.chinacloudapi.cn"], ["servicebus.chinacloudapi.cn"]),
  cn("Azure IoT Hub / iotHub", ["privatelink.azure-devices.cn", "privatelink.servicebus.chinacloudapi.cn"], ["azure-devices.cn", "servicebus.chinacloudapi.cn"]),
  cn("Azure IoT Hub Device Provisioning Service / iotDps", ["privatelink.azure-devices-provisioning.cn"], ["azure-devices-provisioning.cn"]),
  cn("Azure Relay / namespace", ["privatelink.servicebus.chinacloudapi.cn"], ["servicebus.chinacloudapi.cn"]),
  cn("Azure Event Grid / topic, domain", ["privatelink.eventgrid.azure.cn"], ["eventgrid.azure.cn"]),
  cn("Azure Web Apps / sites", ["privatelink.chinacloudsites.cn"], ["chinacloudsites.cn"]),
  cn(
    "Azure Machine Learning / amlworkspace",
    ["privatelink.api.ml.azure.cn", "privatelink.notebooks.chinacloudapi.cn"],
    ["api.ml.azure.cn", "notebooks.chinacloudapi.cn", "instances.azureml.cn", "aznbcontent.net", "inference.ml.azure.cn"],
  ),
  cn("SignalR / signalR", ["privatelink.signalr.azure.cn"], ["service.signalr.azure.cn"]),
  cn("Azure File Sync / afs", ["privatelink.afs.azure.cn"], ["afs.azure.cn"]),
  cn("Azure Data Factory / dataFactory", ["privatelink.datafactory.azure.cn"], ["datafactory.azure.cn"]),
  cn("Azure Data Factory / portal", ["privatelink.adf.azure.cn"], ["adf.azure.cn"]),
  cn("Azure Cache for Redis / redisCache", ["privatelink.redis.cache.chinacloudapi.cn"], ["redis.cache.chinacloudapi.cn"]),
  cn("Azure HDInsight", ["privatelink.azurehdinsight.cn"], ["azurehdinsight.cn"]),
  cn("Azure Data Explorer / cluster", ["privatelink.{regionName}.kusto.windows.cn"], ["{regionName}.kusto.windows.cn"]),
  cn("Azure Virtual Desktop / global", ["privatelink-global.wvd.azure.cn"], ["wvd.azure.cn"]),
  cn("Azure Virtual Desktop / feed, connection", ["privatelink.wvd.azure.cn"], ["wvd.azure.cn"]),
];

/** Private Link zones forwarded when a stack or component gives none: Blob storage, Azure SQL and Key Vault. */
export const DEFAULT_PRIVATE_LINK_ZONES: readonly string[] = ["privatelink.blob.core.windows.net", "privatelink.database.windows.net", "privatelink.vaultcore.azure.net"];

const normalize = (zone: string): string => zone.trim().toLowerCase().replace(/\.$/, "");
const labelsOf = (zone: string): string[] => normalize(zone).split(".");
/** The label Microsoft puts into every private zone name: `privatelink`, or `privatelink-global` (Virtual Desktop). */
const isPrivateLinkLabel = (label: string): boolean => label === "privatelink" || label.startsWith("privatelink-");

/** A zone that only exists privately (a `privatelink` label): no client ever asks for a name in it directly. */
export const isPrivateLinkZone = (zone: string): boolean => labelsOf(zone).some(isPrivateLinkLabel);

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const DNS_LABEL_CHARS = "[a-z0-9-]+";

/** Placeholder values when `zone` is an instance of `pattern` (label by label), else undefined. */
function bind(pattern: string, zone: string): Record<string, string> | undefined {
  const p = labelsOf(pattern);
  const z = labelsOf(zone);
  if (p.length !== z.length) return undefined;
  const values: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const pl = p[i] as string;
    const zl = z[i] as string;
    const names = [...pl.matchAll(PLACEHOLDER)].map((m) => (m[1] as string).toLowerCase());
    const re = new RegExp(`^${pl.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[a-z]+\\?\}/gi, `(${DNS_LABEL_CHARS})`)}$`);
    const m = re.exec(zl);
    if (!m) return undefined;
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string;
      const value = m[k + 1] as string;
      if (values[name] !== undefined && values[name] !== value) return undefined;
      values[name] = value;
    }
  }
  return values;
}

/**
 * A forwarder pattern made concrete: bound placeholders filled in; labels with a placeholder the private zone
 * does not determine (`{instanceName}`, `{regionCode}`, …) dropped from the left, leaving the smallest zone that
 * contains every name Microsoft's forwarder stands for (e.g. `{regionCode}.azure-automation.net` →
 * `azure-automation.net`). Forwarding a larger public zone than needed is safe: Azure DNS answers public
 * names too.
 */
function instantiate(forwarder: string, values: Readonly<Record<string, string>>): string {
  const labels = labelsOf(forwarder).map((l) => l.replace(PLACEHOLDER, (whole, name: string) => values[name.toLowerCase()] ?? whole));
  let firstConcrete = 0;
  labels.forEach((l, i) => {
    if (/\{[a-z]+\}/i.test(l)) firstConcrete = i + 1;
  });
  return labels.slice(firstConcrete).join(".");
}

/** `suffix` equals `zone` or its last labels (pattern text, placeholders compared as written). */
const endsWithLabels = (zone: readonly string[], suffix: readonly string[]): boolean =>
  suffix.length <= zone.length && suffix.every((l, i) => zone[zone.length - suffix.length + i] === l);

/**
 * The forwarder patterns of `row` that belong to its zone pattern `zonePattern`: the most specific forwarder
 * that the zone name without its `privatelink` label ends with, plus the row's forwarders that belong to none
 * of its zones (Microsoft lists some, e.g. Machine Learning's `instances.azureml.ms`, per service, not per zone).
 */
function forwardersOf(row: PrivateLinkZoneRow, zonePattern: string): string[] {
  const paired = (zone: string): string | undefined => {
    const stripped = labelsOf(zone).filter((l) => !isPrivateLinkLabel(l));
    return row.forwarders
      .filter((f) => endsWithLabels(stripped, labelsOf(f)))
      .sort((a, b) => labelsOf(b).length - labelsOf(a).length)[0];
  };
  const owned = new Set(row.zones.map(paired).filter((f): f is string => f !== undefined));
  const mine = paired(zonePattern);
  return [...(mine ? [mine] : []), ...row.forwarders.filter((f) => !owned.has(f))];
}

/** What Microsoft's table says about one private zone. */
export interface PrivateLinkZoneInfo {
  /** The zone, normalised (lower case, no trailing dot). */
  readonly zone: string;
  /** The public zones a resolver outside Azure forwards for it, most specific names dropped when a listed zone contains them. */
  readonly forwarders: string[];
  /** Microsoft's rows that list the zone. */
  readonly services: string[];
}

/** The public forwarder zones of a `privatelink.*` zone per Microsoft's table, or undefined when the table has no such zone. */
export function privateLinkZoneInfo(zone: string): PrivateLinkZoneInfo | undefined {
  const name = normalize(zone);
  const forwarders: string[] = [];
  const services: string[] = [];
  for (const r of PRIVATE_LINK_DNS_ZONES) {
    for (const pattern of r.zones) {
      const values = bind(pattern, name);
      if (!values) continue;
      services.push(`${r.service} (${r.cloud})`);
      for (const f of forwardersOf(r, pattern)) forwarders.push(instantiate(f, values));
    }
  }
  if (services.length === 0) return undefined;
  return { zone: name, forwarders: dropContained(forwarders), services: [...new Set(services)] };
}

/** `name` is `zone` or a name inside it. */
export const isInZone = (name: string, zone: string): boolean => {
  const n = normalize(name);
  const z = normalize(zone);
  return n === z || n.endsWith(`.${z}`);
};

/** Unique zones, in first-seen order, without any zone another listed zone contains. */
export function dropContained(zones: readonly string[]): string[] {
  const unique = [...new Set(zones.map(normalize))];
  return unique.filter((z) => !unique.some((other) => other !== z && isInZone(z, other)));
}

/** The public zones Route 53 forwards for a list of private zones, in order, deduplicated. */
export function privateLinkForwarders(privateLinkZones: readonly string[]): string[] {
  return dropContained(privateLinkZones.flatMap((z) => privateLinkZoneInfo(z)?.forwarders ?? []));
}

/**
 * `privateLinkZones`: each one a `privatelink.*` zone that Microsoft's table lists (so its public forwarder zone
 * is known). Issue paths are `${path}.<i>`.
 */
export function checkPrivateLinkZones(path: string, zones: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  zones.forEach((zone, i) => {
    if (!isPrivateLinkZone(zone)) {
      issues.push(issue(`${path}.${i}`, "DNS_PRIVATE_LINK", `"${zone}" is not a Private Link zone (no "privatelink" label); list zones clients query by name under azureZones instead`));
    } else if (!privateLinkZoneInfo(zone)) {
      issues.push(
        issue(
          `${path}.${i}`,
          "DNS_PRIVATE_LINK",
          `"${zone}" is not in Microsoft's table of Private Link DNS zones (learn.microsoft.com/azure/private-link/private-endpoint-dns), so its public forwarder zone is unknown; list the public zone that its clients query (the service's own domain) under azureZones`,
        ),
      );
    }
  });
  return issues;
}

/**
 * Zones a resolver outside Azure forwards by name (`azureZones`) must be names clients query: a `privatelink.*`
 * zone never matches one, so it is refused with the public zone to forward instead. `privateLinkPath` is where
 * such a zone belongs (e.g. `dns.privateLinkZones`). Issue paths are `${path}.<i>`.
 */
export function checkForwardedZones(path: string, zones: readonly string[], privateLinkPath: string): Issue[] {
  const issues: Issue[] = [];
  zones.forEach((zone, i) => {
    if (!isPrivateLinkZone(zone)) return;
    const info = privateLinkZoneInfo(zone);
    const publicZones = info ? info.forwarders.join(" and ") : "the service's public zone";
    const client = info?.forwarders[0] ? `acct.${info.forwarders[0]}` : "the service's public name";
    issues.push(
      issue(
        `${path}.${i}`,
        "DNS_PRIVATE_LINK",
        `"${zone}" cannot be forwarded from AWS: clients query ${client}, which a rule for ${normalize(zone)} never matches, so they would get the public address; ` +
          `Microsoft: "the conditional forwarding must be made to the recommended public DNS zone forwarder". Move it to ${privateLinkPath} (Route 53 then forwards ${publicZones}) or forward ${publicZones} here`,
      ),
    );
  });
  return issues;
}
