import { readFileSync } from "node:fs";
import * as azureEnums from "@pulumi/azure-native/types/enums/network";
import {
  AWS_DPD_TIMEOUT_ACTIONS,
  AWS_DPD_TIMEOUT_MIN_SECONDS,
  AWS_ENCRYPTION_ALGORITHMS,
  AWS_IKE_VERSIONS,
  AWS_INTEGRITY_ALGORITHMS,
  AWS_PHASE1_DH_GROUPS,
  AWS_PHASE2_DH_GROUPS,
  AWS_STARTUP_ACTIONS,
  AWS_TUNNEL_DEFAULTS,
  AZURE_CONNECTION_DEFAULTS,
  AZURE_CONNECTION_MODES,
  AZURE_CONNECTION_PROTOCOLS,
  AZURE_DH_GROUPS,
  AZURE_DPD_TIMEOUT_RANGE,
  AZURE_IKE_ENCRYPTIONS,
  AZURE_IKE_INTEGRITIES,
  AZURE_IKE_SA_LIFETIME_SECONDS,
  AZURE_IPSEC_ENCRYPTIONS,
  AZURE_IPSEC_INTEGRITIES,
  AZURE_PFS_GROUPS,
} from "../../sdk/ipsec-vocabulary";
import { IPSEC_PROFILES, checkLifetimes, ipsecProfile, renderAwsTunnelOptions, renderAzureIpsecPolicy } from "../../sdk/ipsec";

/**
 * The vocabularies are cloud facts: each list must be exactly what the provider SDKs accept, so these
 * tests read them from the installed SDKs (the ground truth for names and values) rather than restating them.
 */

/** `Valid values are \`a | b | c\`` from the @pulumi/aws VpnConnectionArgs doc comment of `tunnel1<Field>`. */
function awsValidValues(field: string): string[] {
  const dts = readFileSync(require.resolve("@pulumi/aws/ec2/vpnConnection.d.ts"), "utf8");
  const args = dts.slice(dts.indexOf("export interface VpnConnectionArgs"));
  const at = args.indexOf(`tunnel1${field}?:`);
  if (at < 0) throw new Error(`no tunnel1${field} in VpnConnectionArgs`);
  const doc = args.slice(args.lastIndexOf("/**", at), at);
  const match = /Valid values are `([^`]+)`/.exec(doc);
  if (!match?.[1]) throw new Error(`tunnel1${field} documents no valid values`);
  return match[1].split("|").map((v) => v.trim());
}

const sorted = (xs: readonly (string | number)[]): string[] => xs.map(String).sort();

describe("AWS tunnel-option vocabulary", () => {
  it.each([
    ["Phase1EncryptionAlgorithms", AWS_ENCRYPTION_ALGORITHMS],
    ["Phase2EncryptionAlgorithms", AWS_ENCRYPTION_ALGORITHMS],
    ["Phase1IntegrityAlgorithms", AWS_INTEGRITY_ALGORITHMS],
    ["Phase2IntegrityAlgorithms", AWS_INTEGRITY_ALGORITHMS],
    ["Phase1DhGroupNumbers", AWS_PHASE1_DH_GROUPS],
    ["Phase2DhGroupNumbers", AWS_PHASE2_DH_GROUPS],
    ["IkeVersions", AWS_IKE_VERSIONS],
    ["StartupAction", AWS_STARTUP_ACTIONS],
    ["DpdTimeoutAction", AWS_DPD_TIMEOUT_ACTIONS],
  ] as const)("tunnelN%s lists exactly the values @pulumi/aws documents", (field, values) => {
    expect(sorted(values)).toEqual(sorted(awsValidValues(field)));
  });

  it("states AWS's defaults and DPD minimum within the vocabulary", () => {
    expect(AWS_STARTUP_ACTIONS).toContain(AWS_TUNNEL_DEFAULTS.startupAction);
    expect(AWS_DPD_TIMEOUT_ACTIONS).toContain(AWS_TUNNEL_DEFAULTS.dpdTimeoutAction);
    expect(AWS_TUNNEL_DEFAULTS).toEqual({ dpdTimeoutAction: "clear", startupAction: "add" });
    expect(AWS_DPD_TIMEOUT_MIN_SECONDS).toBe(30);
  });

  it("renders every profile inside AWS's vocabulary", () => {
    for (const p of Object.values(IPSEC_PROFILES)) {
      const o = renderAwsTunnelOptions(p);
      expect(AWS_IKE_VERSIONS).toEqual(expect.arrayContaining(o.ikeVersions));
      expect(AWS_ENCRYPTION_ALGORITHMS).toEqual(expect.arrayContaining([...o.phase1EncryptionAlgorithms, ...o.phase2EncryptionAlgorithms]));
      expect(AWS_INTEGRITY_ALGORITHMS).toEqual(expect.arrayContaining([...o.phase1IntegrityAlgorithms, ...o.phase2IntegrityAlgorithms]));
      expect(AWS_PHASE1_DH_GROUPS).toEqual(expect.arrayContaining(o.phase1DhGroupNumbers));
      expect(AWS_PHASE2_DH_GROUPS).toEqual(expect.arrayContaining(o.phase2DhGroupNumbers));
    }
  });
});

describe("Azure connection vocabulary", () => {
  it.each([
    ["IkeEncryption", AZURE_IKE_ENCRYPTIONS, azureEnums.IkeEncryption],
    ["IkeIntegrity", AZURE_IKE_INTEGRITIES, azureEnums.IkeIntegrity],
    ["DhGroup", AZURE_DH_GROUPS, azureEnums.DhGroup],
    ["IpsecEncryption", AZURE_IPSEC_ENCRYPTIONS, azureEnums.IpsecEncryption],
    ["IpsecIntegrity", AZURE_IPSEC_INTEGRITIES, azureEnums.IpsecIntegrity],
    ["PfsGroup", AZURE_PFS_GROUPS, azureEnums.PfsGroup],
    ["VirtualNetworkGatewayConnectionProtocol", AZURE_CONNECTION_PROTOCOLS, azureEnums.VirtualNetworkGatewayConnectionProtocol],
    ["VirtualNetworkGatewayConnectionMode", AZURE_CONNECTION_MODES, azureEnums.VirtualNetworkGatewayConnectionMode],
  ] as const)("%s lists exactly azure-native's enum values", (_name, values, enumObject) => {
    expect(sorted(values)).toEqual(sorted(Object.values(enumObject)));
  });

  it("states Azure's defaults inside the vocabulary and its DPD range", () => {
    expect(AZURE_CONNECTION_PROTOCOLS).toContain(AZURE_CONNECTION_DEFAULTS.connectionProtocol);
    expect(AZURE_CONNECTION_MODES).toContain(AZURE_CONNECTION_DEFAULTS.connectionMode);
    expect(AZURE_CONNECTION_DEFAULTS.dpdTimeoutSeconds).toBeGreaterThanOrEqual(AZURE_DPD_TIMEOUT_RANGE.min);
    expect(AZURE_CONNECTION_DEFAULTS.dpdTimeoutSeconds).toBeLessThanOrEqual(AZURE_DPD_TIMEOUT_RANGE.max);
    expect([AZURE_CONNECTION_DEFAULTS.dpdTimeoutSeconds, AZURE_DPD_TIMEOUT_RANGE, AZURE_IKE_SA_LIFETIME_SECONDS]).toEqual([45, { min: 9, max: 3600 }, 28800]);
  });

  it("renders every profile inside Azure's vocabulary, with phase 1 at Azure's fixed IKE SA lifetime", () => {
    for (const p of Object.values(IPSEC_PROFILES)) {
      const a = renderAzureIpsecPolicy(p);
      expect(AZURE_IKE_ENCRYPTIONS).toContain(a.ikeEncryption);
      expect(AZURE_IKE_INTEGRITIES).toContain(a.ikeIntegrity);
      expect(AZURE_DH_GROUPS).toContain(a.dhGroup);
      expect(AZURE_IPSEC_ENCRYPTIONS).toContain(a.ipsecEncryption);
      expect(AZURE_IPSEC_INTEGRITIES).toContain(a.ipsecIntegrity);
      expect(AZURE_PFS_GROUPS).toContain(a.pfsGroup);
      expect(p.phase1.lifetimeSeconds).toBe(AZURE_IKE_SA_LIFETIME_SECONDS);
    }
    expect(checkLifetimes("p", { ...ipsecProfile(), phase1: { ...ipsecProfile().phase1, lifetimeSeconds: 14400 } })).toEqual([
      { path: "p.phase1.lifetimeSeconds", code: "IPSEC_LIFETIME", message: "14400 s is not 28800 s; Azure fixes the IKE SA lifetime at 28800 s" },
    ]);
  });
});
