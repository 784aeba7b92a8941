import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { overlayRouterBoot, renderOverlayCloudInit } from "../../components/overlay-boot-config";
import { OVERLAY_BOOT_PATHS, enabledFrrDaemons, parseSysctl, parseWireGuardConf, readCloudConfig, unitCommands, wireGuardInterfaces } from "../../sdk/overlay-boot";
import { planOverlay } from "../../sdk/overlay";

const key = (n: number): string => Buffer.alloc(32, n).toString("base64");

function rendered(): string {
  const { plan } = planOverlay({ aws: { zones: ["us-east-1a", "us-east-1b"], prefixes: ["10.0.0.0/16"] }, azure: { prefixes: ["10.16.0.0/16"] } });
  if (!plan) throw new Error("plan");
  const keys = ["aws-us-east-1a", "aws-us-east-1b", "azure-1", "azure-2"];
  return renderOverlayCloudInit(
    overlayRouterBoot(plan, "aws-us-east-1a", {
      hostname: "r1",
      publicIps: Object.fromEntries(keys.map((k, i) => [k, `192.0.2.${i + 1}`])),
      publicKeys: Object.fromEntries(keys.map((k, i) => [k, key(i + 1)])),
      privateKey: key(9),
      presharedKeys: Object.fromEntries(Object.keys(plan.links).map((l, i) => [l, key(20 + i)])),
    }),
  );
}

describe("readCloudConfig: the rendered user data, read back", () => {
  it("reads what the renderer writes, exactly as a YAML parser (cloud-init) reads it", () => {
    const text = rendered();
    const { config, issues } = readCloudConfig(text);
    expect(issues).toEqual([]);
    const yaml = parseYaml(text) as { packages: string[]; write_files: { path: string; content: string }[]; runcmd: string[][] };
    expect(config?.packages).toEqual(yaml.packages);
    expect(Object.values(config?.files ?? {}).map((f) => [f.path, f.content])).toEqual(yaml.write_files.map((f) => [f.path, f.content]));
    expect(config?.runcmd).toEqual(yaml.runcmd);
  });

  it("finds every WireGuard interface with its settings and peer", () => {
    const { config } = readCloudConfig(rendered());
    if (!config) throw new Error("no config");
    const wg = wireGuardInterfaces(config);
    expect(Object.keys(wg).sort()).toEqual(["wg-aws-0", "wg-aws-1"]);
    expect(wg["wg-aws-0"]?.interface).toMatchObject({ PrivateKey: key(9), ListenPort: "51820", Address: "100.64.0.0/31", MTU: "1420", Table: "off" });
    expect(wg["wg-aws-0"]?.peers).toEqual([{ PublicKey: key(3), PresharedKey: key(20), Endpoint: "192.0.2.3:51820", AllowedIPs: "0.0.0.0/0", PersistentKeepalive: "25" }]);
    expect(parseSysctl(config.files[OVERLAY_BOOT_PATHS.sysctl]?.content ?? "")).toEqual({ "net.ipv4.ip_forward": "1", "net.ipv4.conf.all.rp_filter": "2", "net.ipv4.conf.default.rp_filter": "2" });
    const clamp = unitCommands(config.files[OVERLAY_BOOT_PATHS.mssClampUnit]?.content ?? "");
    expect(clamp.start).toEqual([
      "/usr/sbin/iptables -t mangle -A FORWARD -o wg+ -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1380",
      "/usr/sbin/iptables -t mangle -A FORWARD -i wg+ -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1380",
    ]);
    expect(clamp.stop.map((c) => c.includes(" -D FORWARD "))).toEqual([true, true]);
    expect(enabledFrrDaemons(config.files[OVERLAY_BOOT_PATHS.frrDaemons]?.content ?? "")).toEqual(["zebra", "bgpd", "bfdd"]);
  });

  it("says why text is not a cloud-config it can read, and never throws", () => {
    expect(readCloudConfig("#!/bin/sh\necho hi\n").issues.map((i) => i.code)).toEqual(["VALUE_REQUIRED"]);
    expect(readCloudConfig("#cloud-config\npackages: [a]\n").issues[0]?.message).toMatch(/not the JSON crosscloud renders/);
    expect(readCloudConfig('#cloud-config\n{"write_files":[{"path":"/x"}]}').issues[0]?.path).toBe("userData.write_files.0");
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(readCloudConfig(s).issues)));
  });
});

describe("parseWireGuardConf", () => {
  it("reads sections case-insensitively, drops comments, keeps '=' inside values (base64 padding)", () => {
    const conf = parseWireGuardConf("# c\n[interface]\nPrivateKey = abc= # comment\nMTU=1380\n\n[Peer]\nPublicKey = x==\n[Peer]\nEndpoint = 1.2.3.4:5\n");
    expect(conf).toEqual({ interface: { PrivateKey: "abc=", MTU: "1380" }, peers: [{ PublicKey: "x==" }, { Endpoint: "1.2.3.4:5" }] });
  });
});
