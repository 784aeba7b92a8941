import { resolveCapabilities, LabUnsupportedError } from "../../../lab/render/capabilities";
import { azureEspProposal, azureIkeProposal, proposalString } from "../../../lab/render/proposals";
import { BASE_CHARON_PLUGINS, renderStrongswanConf, renderSwanctlConf } from "../../../lab/render/strongswan";
import { LabSpec } from "../../../lab/spec/spec";
import { devSpec, haSpec, withTunnel } from "../fixtures";

/** The lines of a rendered config, trimmed, for exact-line assertions. */
const lines = (text: string): string[] => text.split("\n").map((l) => l.trim());

/** lab.md's package set: no openssl, gcm or des plugin. */
const LAB_MD_PLUGINS = new Set([...BASE_CHARON_PLUGINS, "md5"]);

describe("renderSwanctlConf", () => {
  it("renders the AWS side from AWS's own values: responder for startupAction add, DPD clear, phase lifetimes", () => {
    const conf = lines(renderSwanctlConf(devSpec(), "a-t1", "aws"));
    expect(conf).toEqual(
      expect.arrayContaining([
        "version = 2",
        "local_addrs = 198.51.100.1",
        "remote_addrs = 203.0.113.1",
        "proposals = aes256-sha256-modp2048",
        "esp_proposals = aes256-sha256-modp2048",
        // 90% of the 28,800 s phase 1 lifetime, the rest as hard-expiry margin.
        "rekey_time = 25920s",
        "over_time = 2880s",
        "rekey_time = 3240s",
        "life_time = 3600s",
        "dpd_delay = 10s",
        "start_action = none",
        "dpd_action = clear",
        "close_action = none",
        "mobike = no",
        "keyingtries = 0",
      ]),
    );
  });

  it("renders the Azure side as the initiator that restarts, with its data lifetime in bytes", () => {
    const conf = lines(renderSwanctlConf(devSpec(), "a-t2", "azure"));
    expect(conf).toEqual(
      expect.arrayContaining([
        "local_addrs = 203.0.113.5",
        "remote_addrs = 198.51.100.5",
        "proposals = aes256-sha256-modp2048",
        "esp_proposals = aes256-sha256-modp2048",
        "life_time = 3600s",
        "life_bytes = 104857600000",
        "dpd_delay = 15s",
        "start_action = start",
        "dpd_action = restart",
        "close_action = restart",
      ]),
    );
  });

  it("starts IKE from AWS only when startupAction is start, and never while staging", () => {
    const ha = haSpec();
    expect(lines(renderSwanctlConf(ha, "b-t1", "aws"))).toContain("start_action = start");
    expect(lines(renderSwanctlConf(ha, "b-t1", "aws", { deferStart: true }))).toContain("start_action = none");
    expect(lines(renderSwanctlConf(ha, "b-t1", "azure", { deferStart: true }))).not.toContain("start_action = start");
  });

  it("stops Azure from initiating or restarting for a ResponderOnly connection", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({ ...t, azure: { ...t.azure, connectionMode: "ResponderOnly" } }));
    const conf = lines(renderSwanctlConf(spec, "a-t1", "azure"));
    expect(conf).toEqual(expect.arrayContaining(["start_action = none", "dpd_action = clear", "close_action = none"]));
  });

  it("writes each side's own key, hex-encoded, and never the key in clear", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({ ...t, azure: { ...t.azure, sharedKey: 'we"ird}key' } }));
    const aws = renderSwanctlConf(spec, "a-t1", "aws");
    const azure = renderSwanctlConf(spec, "a-t1", "azure");
    expect(lines(aws)).toContain(`secret = 0x${Buffer.from("Ka1.first_tunnel_key").toString("hex")}`);
    expect(lines(azure)).toContain(`secret = 0x${Buffer.from('we"ird}key').toString("hex")}`);
    expect(aws).not.toContain("Ka1.first_tunnel_key");
    expect(azure).not.toContain("we\"ird}key");
  });

  it("offers every AWS combination, with GCM in its own proposal that names a PRF for IKE", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({
      ...t,
      aws: {
        ...t.aws,
        ikeVersions: ["ikev1", "ikev2"],
        phase1EncryptionAlgorithms: ["AES128", "AES256-GCM-16", "AES256"],
        phase1IntegrityAlgorithms: ["SHA1", "SHA2-384"],
        phase1DhGroupNumbers: [2, 14, 19],
        phase1LifetimeSeconds: 28800,
        phase2EncryptionAlgorithms: ["AES128-GCM-16", "AES256"],
        phase2IntegrityAlgorithms: ["SHA2-512"],
        phase2DhGroupNumbers: [5, 24],
        phase2LifetimeSeconds: 3600,
      },
    }));
    const conf = lines(renderSwanctlConf(spec, "a-t1", "aws"));
    expect(conf).toContain("version = 0");
    expect(conf).toContain("proposals = aes128-aes256-sha1-sha384-modp1024-modp2048-ecp256, aes256gcm16-prfsha1-prfsha384-modp1024-modp2048-ecp256");
    expect(conf).toContain("esp_proposals = aes256-sha512-modp1536-modp2048s256, aes128gcm16-modp1536-modp2048s256");
  });

  it("maps Azure's names to the groups Microsoft documents", () => {
    const policy = devSpec().tunnels[0]!.azure.ipsecPolicy;
    expect(azureIkeProposal({ ...policy, dhGroup: "DHGroup2048" })).toEqual(["aes256", "sha256", "modp2048"]);
    expect(azureIkeProposal({ ...policy, dhGroup: "DHGroup24", ikeIntegrity: "SHA384" })).toEqual(["aes256", "sha384", "modp2048s256"]);
    expect(azureIkeProposal({ ...policy, ikeEncryption: "GCMAES256", ikeIntegrity: "GCMAES256", dhGroup: "ECP384" })).toEqual(["aes256gcm16", "prfsha256", "ecp384"]);
    expect(azureEspProposal({ ...policy, pfsGroup: "PFS24" })).toEqual(["aes256", "sha256", "modp2048s256"]);
    expect(azureEspProposal({ ...policy, pfsGroup: "PFS14" })).toEqual(["aes256", "sha256", "modp2048"]);
    expect(azureEspProposal({ ...policy, pfsGroup: "None", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256" })).toEqual(["aes256gcm16"]);
    expect(proposalString([azureEspProposal({ ...policy, ipsecIntegrity: "SHA1", pfsGroup: "PFS2" })])).toBe("aes256-sha1-modp1024");
  });
});

describe("resolveCapabilities", () => {
  const ecpEverywhere = (spec: LabSpec): LabSpec =>
    withTunnel(spec, "a-t1", (t) => ({ ...t, azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, dhGroup: "ECP256" } } }));

  it("refuses an Azure policy no installed plugin can run, naming tunnel and algorithm", () => {
    expect(() => resolveCapabilities(ecpEverywhere(devSpec()), LAB_MD_PLUGINS)).toThrow(LabUnsupportedError);
    try {
      resolveCapabilities(ecpEverywhere(devSpec()), LAB_MD_PLUGINS);
    } catch (error) {
      expect((error as LabUnsupportedError).problems).toEqual([{ tunnel: "a-t1", keywords: ["ecp256"] }]);
    }
  });

  it("drops only AWS alternatives nothing here implements, and says so", () => {
    const spec = withTunnel(devSpec(), "a-t2", (t) => ({
      ...t,
      aws: { ...t.aws, phase1EncryptionAlgorithms: ["AES256", "AES256-GCM-16"], phase1DhGroupNumbers: [14, 20] },
    }));
    const caps = resolveCapabilities(spec, LAB_MD_PLUGINS);
    const awsSetup = caps.charons.get("a-t2")?.aws;
    expect(awsSetup?.proposals.ike).toEqual([["aes256", "sha256", "modp2048"]]);
    expect(caps.notes).toEqual(["tunnel a-t2: AWS-side algorithms not emulated here (no plugin): aes256gcm16, ecp384"]);
    expect(awsSetup?.plugins).toEqual([...BASE_CHARON_PLUGINS]);
  });

  it("loads an extra plugin when an algorithm needs one that is installed", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({
      ...t,
      azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, ipsecIntegrity: "MD5" } },
      aws: t.aws,
    }));
    expect(resolveCapabilities(spec, LAB_MD_PLUGINS).charons.get("a-t1")?.azure.plugins).toEqual([...BASE_CHARON_PLUGINS, "md5"]);
    expect(resolveCapabilities(spec, new Set([...BASE_CHARON_PLUGINS, "openssl"])).charons.get("a-t1")?.azure.plugins).toEqual([...BASE_CHARON_PLUGINS, "openssl"]);
  });
});

describe("renderStrongswanConf", () => {
  it("loads the listed plugins, pins libipsec's routing rule to an unused mark, and logs to the run's file", () => {
    const conf = lines(renderStrongswanConf({ viciSocket: "/run/x/charon.vici", logFile: "/run/x/charon.log" }));
    expect(conf).toEqual(
      expect.arrayContaining([
        "load_modular = no",
        `load = ${BASE_CHARON_PLUGINS.join(" ")}`,
        "fwmark = 0x4242",
        "socket = unix:///run/x/charon.vici",
        "path = /run/x/charon.log",
      ]),
    );
  });
});
