import fc from "fast-check";
import type * as aws from "@pulumi/aws";
import type * as azureInput from "@pulumi/azure-native/types/input";
import * as azureEnums from "@pulumi/azure-native/types/enums/network";
import {
  AwsTunnelOptions,
  CanonicalProposal,
  DEFAULT_IPSEC_PROFILE,
  DhGroup,
  Encryption,
  IPSEC_PROFILES,
  Integrity,
  IpsecProfile,
  awsTunnelOptions,
  checkIpsecProfileName,
  checkLifetimes,
  compareProposals,
  describeAwsTunnel,
  describeAzurePolicy,
  ipsecProfile,
  renderAwsTunnelOptions,
  renderAzureIpsecPolicy,
} from "../../sdk/ipsec";

/** Reads `tunnelN*` inputs back into the unprefixed form, the way a policy reads a VpnConnection's inputs. */
function unprefix(n: 1 | 2, options: object): Partial<AwsTunnelOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    const rest = k.startsWith(`tunnel${n}`) ? k.slice(`tunnel${n}`.length) : undefined;
    if (rest) out[`${rest[0]?.toLowerCase()}${rest.slice(1)}`] = v;
  }
  return out as Partial<AwsTunnelOptions>;
}

/** What a profile should negotiate, written straight from the profile (not from either renderer). */
const expectedProposal = (p: IpsecProfile): CanonicalProposal => ({
  ikeVersion: "ikev2",
  ikeEncryption: p.phase1.encryption,
  ikeIntegrity: p.phase1.integrity,
  dhGroup: p.phase1.dhGroup,
  espEncryption: p.phase2.encryption,
  espIntegrity: p.phase2.integrity,
  pfsGroup: p.phase2.pfsGroup,
});

const PROFILES = Object.values(IPSEC_PROFILES) as IpsecProfile[];

// Compile-time proof that every rendered key is a real `aws.ec2.VpnConnectionArgs` input with a compatible type.
type Tunnel1Keys = keyof ReturnType<typeof awsTunnelOptions<1>>;
type Tunnel2Keys = keyof ReturnType<typeof awsTunnelOptions<2>>;
const tunnel1Fits: Pick<aws.ec2.VpnConnectionArgs, Tunnel1Keys> = awsTunnelOptions(1, ipsecProfile());
const tunnel2Fits: Pick<aws.ec2.VpnConnectionArgs, Tunnel2Keys> = awsTunnelOptions(2, ipsecProfile());
// Every field of azure-native's IpsecPolicyArgs is required, so this fails to compile if a name drifts.
const azureFits: azureInput.network.IpsecPolicyArgs = renderAzureIpsecPolicy(ipsecProfile());

describe("exact renderings of the default profile (networking.md §1.4)", () => {
  const p = ipsecProfile();

  it("is aes256-sha256-modp2048", () => {
    expect(DEFAULT_IPSEC_PROFILE).toBe("aes256-sha256-modp2048");
    expect(p).toBe(IPSEC_PROFILES["aes256-sha256-modp2048"]);
  });

  it("renders AWS tunnel 1 and 2 options with AWS's key names and value spellings", () => {
    expect(tunnel1Fits).toEqual({
      tunnel1IkeVersions: ["ikev2"],
      tunnel1Phase1EncryptionAlgorithms: ["AES256"],
      tunnel1Phase1IntegrityAlgorithms: ["SHA2-256"],
      tunnel1Phase1DhGroupNumbers: [14],
      tunnel1Phase1LifetimeSeconds: 28800,
      tunnel1Phase2EncryptionAlgorithms: ["AES256"],
      tunnel1Phase2IntegrityAlgorithms: ["SHA2-256"],
      tunnel1Phase2DhGroupNumbers: [14],
      tunnel1Phase2LifetimeSeconds: 3600,
      tunnel1DpdTimeoutSeconds: 30,
      tunnel1DpdTimeoutAction: "restart",
      tunnel1StartupAction: "start",
    });
    expect(Object.keys(tunnel2Fits)).toEqual(Object.keys(tunnel1Fits).map((k) => k.replace("tunnel1", "tunnel2")));
    expect(unprefix(2, tunnel2Fits)).toEqual(renderAwsTunnelOptions(p));
  });

  it("renders the Azure ipsecPolicies entry with azure-native's enum strings", () => {
    expect(azureFits).toEqual({
      ikeEncryption: "AES256",
      ikeIntegrity: "SHA256",
      dhGroup: "DHGroup14",
      ipsecEncryption: "AES256",
      ipsecIntegrity: "SHA256",
      pfsGroup: "PFS2048",
      saLifeTimeSeconds: 3600,
      saDataSizeKilobytes: 102400000,
    });
  });

  it("renders group 24 as DHGroup24/PFS24 and the ECP groups by name", () => {
    expect(["aes256-sha256-modp2048s256", "aes256-sha256-ecp256", "aes256-sha384-ecp384"].map((n) => {
      const a = renderAzureIpsecPolicy(IPSEC_PROFILES[n as keyof typeof IPSEC_PROFILES]);
      return [a.ikeIntegrity, a.dhGroup, a.pfsGroup, a.ipsecIntegrity];
    })).toEqual([
      ["SHA256", "DHGroup24", "PFS24", "SHA256"],
      ["SHA256", "ECP256", "ECP256", "SHA256"],
      ["SHA384", "ECP384", "ECP384", "SHA256"],
    ]);
    expect(renderAwsTunnelOptions(IPSEC_PROFILES["aes256-sha384-ecp384"]).phase1IntegrityAlgorithms).toEqual(["SHA2-384"]);
  });
});

describe("AWS and Azure agree", () => {
  it.each(PROFILES.flatMap((p) => [[p.name, 1], [p.name, 2]] as const))("profile %s, tunnel %i: both renderings describe the profile's own proposal", (name, n) => {
    const p = IPSEC_PROFILES[name as keyof typeof IPSEC_PROFILES];
    const awsSide = describeAwsTunnel(unprefix(n, awsTunnelOptions(n, p)));
    const azureSide = describeAzurePolicy(renderAzureIpsecPolicy(p), "IKEv2");
    expect(awsSide).toEqual(expectedProposal(p));
    expect(azureSide).toEqual(expectedProposal(p));
    expect(compareProposals(`vpn.tunnels.a-t${n}`, awsSide, azureSide)).toEqual([]);
    expect(checkLifetimes(`ipsec.${name}`, p)).toEqual([]);
  });

  it("for every profile × tunnel index (law)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROFILES), fc.constantFrom(1 as const, 2 as const), (p, n) => {
        const awsSide = describeAwsTunnel(unprefix(n, awsTunnelOptions(n, p)));
        const azureSide = describeAzurePolicy(renderAzureIpsecPolicy(p), "IKEv2");
        expect(awsSide).toEqual(expectedProposal(p));
        expect(compareProposals("p", awsSide, azureSide)).toEqual([]);
      }),
    );
  });

  it("for any combination of the supported algorithms, not only the named profiles (law)", () => {
    const arbProfile = fc
      .record({
        enc: fc.constantFrom<Encryption>("AES128", "AES256"),
        integ: fc.constantFrom<Integrity>("SHA256", "SHA384"),
        dh: fc.constantFrom<DhGroup>(14, 19, 20, 24),
        pfs: fc.constantFrom<DhGroup>(14, 19, 20, 24),
      })
      .map(({ enc, integ, dh, pfs }): IpsecProfile => ({
        ...ipsecProfile(),
        phase1: { ...ipsecProfile().phase1, encryption: enc, integrity: integ, dhGroup: dh },
        phase2: { ...ipsecProfile().phase2, encryption: enc, pfsGroup: pfs },
      }));
    fc.assert(
      fc.property(arbProfile, fc.constantFrom(1 as const, 2 as const), (p, n) => {
        const awsSide = describeAwsTunnel(unprefix(n, awsTunnelOptions(n, p)));
        expect(awsSide).toEqual(expectedProposal(p));
        expect(compareProposals("p", awsSide, describeAzurePolicy(renderAzureIpsecPolicy(p), "IKEv2"))).toEqual([]);
      }),
    );
  });

  it("every Azure value is a member of azure-native's network enums", () => {
    for (const p of PROFILES) {
      const a = renderAzureIpsecPolicy(p);
      expect(Object.values(azureEnums.IkeEncryption)).toContain(a.ikeEncryption);
      expect(Object.values(azureEnums.IkeIntegrity)).toContain(a.ikeIntegrity);
      expect(Object.values(azureEnums.DhGroup)).toContain(a.dhGroup);
      expect(Object.values(azureEnums.IpsecEncryption)).toContain(a.ipsecEncryption);
      expect(Object.values(azureEnums.IpsecIntegrity)).toContain(a.ipsecIntegrity);
      expect(Object.values(azureEnums.PfsGroup)).toContain(a.pfsGroup);
    }
  });
});

describe("mismatches and cloud defaults", () => {
  const p = ipsecProfile();
  const awsOpts = renderAwsTunnelOptions(p);
  const azurePolicy = renderAzureIpsecPolicy(p);

  it("reports each differing field at its own path, naming both values", () => {
    const awsSide = describeAwsTunnel({ ...awsOpts, phase1DhGroupNumbers: [19], phase2IntegrityAlgorithms: ["SHA2-384"] });
    const azureSide = describeAzurePolicy({ ...azurePolicy, ikeEncryption: "AES128" }, "IKEv2");
    expect(compareProposals("vpn.tunnels.a-t1.ipsec", awsSide, azureSide)).toEqual([
      { path: "vpn.tunnels.a-t1.ipsec.ikeEncryption", code: "IPSEC_MISMATCH", message: "AWS offers AES256 but Azure offers AES128" },
      { path: "vpn.tunnels.a-t1.ipsec.dhGroup", code: "IPSEC_MISMATCH", message: "AWS offers 19 but Azure offers 14" },
      { path: "vpn.tunnels.a-t1.ipsec.espIntegrity", code: "IPSEC_MISMATCH", message: "AWS offers SHA384 but Azure offers SHA256" },
    ]);
  });

  it("reports an IKEv1 Azure connection as an IKE version mismatch", () => {
    expect(compareProposals("c", describeAwsTunnel(awsOpts), describeAzurePolicy(azurePolicy, "IKEv1"))).toEqual([
      { path: "c.ikeVersion", code: "IPSEC_MISMATCH", message: "AWS offers ikev2 but Azure offers ikev1" },
    ]);
    expect(describeAzurePolicy(azurePolicy, undefined)?.ikeVersion).toBe("ikev2");
  });

  it("treats DHGroup2048 as the same group 14 as DHGroup14", () => {
    expect(compareProposals("c", describeAwsTunnel(awsOpts), describeAzurePolicy({ ...azurePolicy, dhGroup: "DHGroup2048", pfsGroup: "PFS14" }, "IKEv2"))).toEqual([]);
  });

  it("treats empty or multi-valued AWS lists as the cloud default and reports it", () => {
    const cases: Partial<AwsTunnelOptions>[] = [{ ...awsOpts, phase1DhGroupNumbers: [] }, { ...awsOpts, phase2EncryptionAlgorithms: ["AES256", "AES128"] }, {}];
    for (const c of cases) expect(describeAwsTunnel(c)).toBeUndefined();
    expect(compareProposals("vpn.tunnels.a-t1", describeAwsTunnel({}), describeAzurePolicy(azurePolicy, "IKEv2"))).toEqual([
      { path: "vpn.tunnels.a-t1", code: "IPSEC_MISMATCH", message: "the AWS tunnel leaves IKE/IPsec parameters at the cloud default; pin one explicit IKEv2 proposal on both sides" },
    ]);
  });

  it("reports an Azure connection without an IPsec policy, and both sides at default", () => {
    expect(describeAzurePolicy({}, "IKEv2")).toBeUndefined();
    expect(compareProposals("c", describeAwsTunnel(awsOpts), describeAzurePolicy({ ...azurePolicy, pfsGroup: "" }, "IKEv2"))).toEqual([
      { path: "c", code: "IPSEC_MISMATCH", message: "the Azure connection leaves IKE/IPsec parameters at the cloud default; pin one explicit IKEv2 proposal on both sides" },
    ]);
    expect(compareProposals("c", undefined, undefined)).toEqual([
      { path: "c", code: "IPSEC_MISMATCH", message: "both sides leave IKE/IPsec parameters at the cloud default; pin one explicit IKEv2 proposal on both sides" },
    ]);
  });
});

describe("lifetimes and profile names", () => {
  const p = ipsecProfile();

  it("accepts the pinned lifetimes of every profile", () => {
    expect(PROFILES.flatMap((x) => checkLifetimes(x.name, x))).toEqual([]);
  });

  it("reports each lifetime rule separately", () => {
    const bad: IpsecProfile = { ...p, phase1: { ...p.phase1, lifetimeSeconds: 3600 }, phase2: { ...p.phase2, lifetimeSeconds: 3600 }, dpdTimeoutSeconds: 10 };
    expect(checkLifetimes("ipsec", bad)).toEqual([
      { path: "ipsec.phase1.lifetimeSeconds", code: "IPSEC_LIFETIME", message: "3600 s is not 28800 s; Azure fixes the IKE SA lifetime at 28800 s" },
      { path: "ipsec.phase2.lifetimeSeconds", code: "IPSEC_LIFETIME", message: "3600 s must be 900–3600 s and below phase 1 (AWS)" },
      { path: "ipsec.dpdTimeoutSeconds", code: "IPSEC_LIFETIME", message: "10 s must be 30–3600 s (AWS minimum 30, Azure maximum 3600)" },
    ]);
  });

  it.each([
    [899, false],
    [900, true],
    [3600, true],
    [3601, false],
  ])("phase 2 lifetime %i s is accepted: %s", (seconds, ok) => {
    const issues = checkLifetimes("ipsec", { ...p, phase2: { ...p.phase2, lifetimeSeconds: seconds } });
    expect(issues.map((i) => [i.path, i.code])).toEqual(ok ? [] : [["ipsec.phase2.lifetimeSeconds", "IPSEC_LIFETIME"]]);
  });

  it.each([
    [29, false],
    [30, true],
    [3600, true],
    [3601, false],
  ])("DPD timeout %i s is accepted: %s", (seconds, ok) => {
    expect(checkLifetimes("ipsec", { ...p, dpdTimeoutSeconds: seconds }).map((i) => [i.path, i.code])).toEqual(ok ? [] : [["ipsec.dpdTimeoutSeconds", "IPSEC_LIFETIME"]]);
  });

  it("rejects unknown profile names, listing the supported ones", () => {
    expect(Object.keys(IPSEC_PROFILES).flatMap((n) => checkIpsecProfileName("vpn.ipsecProfile", n))).toEqual([]);
    expect(checkIpsecProfileName("vpn.ipsecProfile", "aes256gcm16-prfsha384-ecp384")).toEqual([
      {
        path: "vpn.ipsecProfile",
        code: "IPSEC_UNSUPPORTED",
        message: `"aes256gcm16-prfsha384-ecp384" is not a supported IPsec profile; use one of aes256-sha256-modp2048, aes256-sha256-modp2048s256, aes256-sha384-ecp384, aes256-sha256-ecp256, aes128-sha256-modp2048`,
      },
    ]);
  });
});
