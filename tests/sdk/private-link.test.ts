import fc from "fast-check";
import { matchingForwardRule } from "../../sdk/dns";
import { PRIVATE_LINK_DNS_ZONES, checkForwardedZones, checkPrivateLinkZones, dropContained, isPrivateLinkZone, privateLinkForwarders, privateLinkZoneInfo } from "../../sdk/private-link";

const forwardersOf = (zone: string): string[] | undefined => privateLinkZoneInfo(zone)?.forwarders;
/** A DNS label for a placeholder such as `{regionName}`. */
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
/** Every zone pattern of Microsoft's table with its placeholders filled with arbitrary labels. */
const tableZone = fc
  .constantFrom(...PRIVATE_LINK_DNS_ZONES.flatMap((r) => r.zones))
  .chain((pattern) => fc.array(label, { minLength: 4, maxLength: 4 }).map((values) => pattern.replace(/\{[A-Za-z]+\}/g, (_, offset: number) => values[offset % 4] as string)));
/** The zone with its privatelink label removed: the public suffix of the names clients ask for. */
const stripped = (zone: string): string =>
  zone
    .split(".")
    .filter((l) => l !== "privatelink" && !l.startsWith("privatelink-"))
    .join(".");

describe("privateLinkZoneInfo: Microsoft's public forwarder zones", () => {
  it.each([
    ["privatelink.blob.core.windows.net", ["blob.core.windows.net"]],
    ["privatelink.database.windows.net", ["database.windows.net"]],
    // Key Vault: two public zones for one private zone.
    ["privatelink.vaultcore.azure.net", ["vaultcore.azure.net", "vault.azure.net"]],
    ["PrivateLink.Servicebus.Windows.NET.", ["servicebus.windows.net"]],
    // Placeholders bound from the private zone.
    ["privatelink.eastus.azmk8s.io", ["eastus.azmk8s.io"]],
    ["abc123.privatelink.eastus.azmk8s.io", ["eastus.azmk8s.io"]],
    ["privatelink.azurecr.io", ["azurecr.io"]],
    ["eastus.privatelink.azurecr.io", ["eastus.azurecr.io"]],
    ["scm.privatelink.azurewebsites.net", ["scm.azurewebsites.net"]],
    ["eastus.privatelink.batch.azure.com", ["eastus.batch.azure.com"]],
    ["privatelink.inst01.database.windows.net", ["inst01.database.windows.net"]],
    // A placeholder the private zone does not determine ({regionCode}, {workspaceName}) widens to the zone that contains every such name.
    ["privatelink.azure-automation.net", ["azure-automation.net"]],
    ["privatelink.siterecovery.windowsazure.com", ["siterecovery.windowsazure.com"]],
    ["privatelink.sql.azuresynapse.net", ["sql.azuresynapse.net"]],
    // Forwarders Microsoft lists per service, not per zone, go with every zone of the service.
    ["privatelink.api.azureml.ms", ["api.azureml.ms", "instances.azureml.ms", "aznbcontent.net", "inference.ml.azure.com"]],
    ["privatelink.notebooks.azure.net", ["notebooks.azure.net", "instances.azureml.ms", "aznbcontent.net", "inference.ml.azure.com"]],
    ["privatelink.purviewstudio.azure.com", ["purviewstudio.azure.com", "purview.azure.com"]],
    // A listed zone inside another listed zone is dropped: the rule for directline.botframework.com covers it.
    ["privatelink.directline.botframework.com", ["directline.botframework.com"]],
    ["privatelink-global.wvd.microsoft.com", ["wvd.microsoft.com"]],
    ["privatelink.blob.core.usgovcloudapi.net", ["blob.core.usgovcloudapi.net"]],
    ["privatelink.signalr.azure.cn", ["service.signalr.azure.cn"]],
  ])("%s → %j", (zone, forwarders) => {
    expect(forwardersOf(zone)).toEqual(forwarders);
  });

  it("knows the services behind a zone, and nothing about a zone Microsoft does not list", () => {
    expect(privateLinkZoneInfo("privatelink.blob.core.windows.net")?.services).toEqual([
      "Storage account / blob, blob_secondary (AzureCloud)",
      "Azure Monitor / azuremonitor (AzureCloud)",
    ]);
    expect(privateLinkZoneInfo("privatelink.example.com")).toBeUndefined();
    // A placeholder stands for one label, never several, and never for the fixed labels around it.
    expect(privateLinkZoneInfo("privatelink.a.b.database.windows.net")).toBeUndefined();
    expect(privateLinkZoneInfo("privatelink.eastus.azmk8s.io.example.com")).toBeUndefined();
  });

  it("maps every zone of the table, whatever its placeholders hold, to public zones only (law)", () => {
    fc.assert(
      fc.property(tableZone, (zone) => {
        expect(isPrivateLinkZone(zone)).toBe(true);
        const forwarders = forwardersOf(zone);
        expect(forwarders?.length).toBeGreaterThan(0);
        for (const f of forwarders ?? []) {
          expect(isPrivateLinkZone(f)).toBe(false);
          expect(f.split(".").length).toBeGreaterThanOrEqual(2);
          expect(f).not.toMatch(/[{}]/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("forwards a rule that matches the name a client asks for, for every zone of the table (law)", () => {
    // The client asks for the public name (acct.blob.core.windows.net) that Azure CNAMEs into the private zone
    // (acct.privatelink.blob.core.windows.net): Route 53 must have a rule for it.
    // Two rows as Microsoft published them name a public zone unlike the private one: China's SignalR
    // (service.signalr.azure.cn) and Government IoT Hub's second zone (privatelink.servicebus.windows.us).
    const unlike = new Set(["privatelink.signalr.azure.cn", "privatelink.servicebus.windows.us"]);
    fc.assert(
      fc.property(tableZone, label, (zone, account) => {
        fc.pre(!unlike.has(zone));
        expect(matchingForwardRule(`${account}.${stripped(zone)}`, forwardersOf(zone) ?? [])).toBeDefined();
        // …which a rule for the private zone itself never does.
        expect(matchingForwardRule(`${account}.${stripped(zone)}`, [zone])).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });
});

describe("the zone lists", () => {
  it("forwards each public zone once, dropping zones another listed zone contains", () => {
    expect(privateLinkForwarders(["privatelink.servicebus.windows.net", "privatelink.azure-devices.net", "privatelink.directline.botframework.com", "privatelink.blob.core.windows.net"])).toEqual([
      "servicebus.windows.net",
      "azure-devices.net",
      "directline.botframework.com",
      "blob.core.windows.net",
    ]);
    expect(dropContained(["a.example.com", "example.com", "Example.com.", "other.org"])).toEqual(["example.com", "other.org"]);
  });

  it("refuses zones that are not Microsoft's Private Link zones", () => {
    expect(checkPrivateLinkZones("dns.privateLinkZones", ["privatelink.blob.core.windows.net", "blob.core.windows.net", "privatelink.contoso.com"])).toEqual([
      {
        path: "dns.privateLinkZones.1",
        code: "DNS_PRIVATE_LINK",
        message: `"blob.core.windows.net" is not a Private Link zone (no "privatelink" label); list zones clients query by name under azureZones instead`,
      },
      {
        path: "dns.privateLinkZones.2",
        code: "DNS_PRIVATE_LINK",
        message: `"privatelink.contoso.com" is not in Microsoft's table of Private Link DNS zones (learn.microsoft.com/azure/private-link/private-endpoint-dns), so its public forwarder zone is unknown; list the public zone that its clients query (the service's own domain) under azureZones`,
      },
    ]);
  });

  it("refuses forwarding any privatelink zone by name, known to Microsoft or not", () => {
    const issues = checkForwardedZones("x.azureZones", ["corp.example.com", "privatelink.vaultcore.azure.net", "privatelink.contoso.com"], "x.privateLinkZones");
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ["x.azureZones.1", "DNS_PRIVATE_LINK"],
      ["x.azureZones.2", "DNS_PRIVATE_LINK"],
    ]);
    expect(issues[0]?.message).toMatch(/^"privatelink\.vaultcore\.azure\.net" cannot be forwarded from AWS: clients query acct\.vaultcore\.azure\.net, which a rule for privatelink\.vaultcore\.azure\.net never matches/);
    expect(issues[1]?.message).toContain("Move it to x.privateLinkZones (Route 53 then forwards the service's public zone)");
    expect(checkForwardedZones("x.azureZones", ["privatelink.vaultcore.azure.net"], "x.privateLinkZones")[0]?.message).toContain(
      "Move it to x.privateLinkZones (Route 53 then forwards vaultcore.azure.net and vault.azure.net) or forward vaultcore.azure.net and vault.azure.net here",
    );
  });
});
