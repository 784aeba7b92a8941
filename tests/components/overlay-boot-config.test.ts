import { parse as parseYaml } from "yaml";
import { OverlayRuntimeValues, overlayRouterBoot, renderFrrConf, renderOverlayCloudInit, renderWireGuardConf } from "../../components/overlay-boot-config";
import { OverlayConfig, OverlayPlan, planOverlay } from "../../sdk";

function plan(config: Partial<OverlayConfig> = {}): OverlayPlan {
  const r = planOverlay({ aws: { zones: ["us-east-1a", "us-east-1b"], prefixes: ["10.0.0.0/16"] }, azure: { prefixes: ["10.16.0.0/16", "10.17.0.0/16"] }, ...config });
  if (!r.plan) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}
const KEYS = ["aws-us-east-1a", "aws-us-east-1b", "azure-1", "azure-2"];
const values = (p: OverlayPlan, extra: Partial<OverlayRuntimeValues> = {}): OverlayRuntimeValues => ({
  hostname: "ovl-r",
  publicIps: Object.fromEntries(KEYS.map((k, i) => [k, `198.51.100.${i + 10}`])),
  publicKeys: Object.fromEntries(KEYS.map((k) => [k, `pub-of-${k}`])),
  privateKey: "my-private-key",
  presharedKeys: Object.fromEntries(Object.keys(p.links).map((l) => [l, `psk-of-${l}`])),
  ...extra,
});

describe("renderWireGuardConf", () => {
  it("renders one wg-quick interface per peer: the link's /31, its port, no routes, the peer's key and endpoint (known answer)", () => {
    const p = plan();
    const boot = overlayRouterBoot(p, "aws-us-east-1b", values(p));
    expect(boot.interfaces.map((i) => i.name)).toEqual(["wg-aws-2", "wg-aws-3"]);
    expect(renderWireGuardConf(boot, boot.interfaces[1] as (typeof boot.interfaces)[number])).toBe(
      [
        "# crosscloud overlay aws-us-east-1b: link aws-us-east-1b.azure-2 to azure-2",
        "[Interface]",
        "PrivateKey = my-private-key",
        "ListenPort = 51823",
        "Address = 100.64.0.6/31",
        "MTU = 1420",
        "Table = off",
        "",
        "[Peer]",
        "PublicKey = pub-of-azure-2",
        "PresharedKey = psk-of-aws-us-east-1b.azure-2",
        "Endpoint = 198.51.100.13:51823",
        "AllowedIPs = 0.0.0.0/0",
        "PersistentKeepalive = 25",
        "",
      ].join("\n"),
    );
  });

  it("leaves the preshared key out when the overlay uses none", () => {
    const p = plan({ presharedKeys: false });
    const boot = overlayRouterBoot(p, "azure-1", values(p, { presharedKeys: {} }));
    expect(boot.interfaces.map((i) => renderWireGuardConf(boot, i)).filter((c) => c.includes("PresharedKey"))).toEqual([]);
  });
});

describe("renderFrrConf", () => {
  it("accepts every remote prefix but never a default route, and announces exactly the local ones", () => {
    const p = plan();
    const frr = renderFrrConf(overlayRouterBoot(p, "aws-us-east-1a", values(p)));
    expect(frr.split("\n").filter((l) => l.startsWith("ip prefix-list"))).toEqual([
      "ip prefix-list CC-LOCAL seq 5 permit 10.0.0.0/16",
      "ip prefix-list CC-REMOTE seq 5 deny 0.0.0.0/0",
      "ip prefix-list CC-REMOTE seq 10 permit 10.16.0.0/16 le 32",
      "ip prefix-list CC-REMOTE seq 15 permit 10.17.0.0/16 le 32",
    ]);
    expect(frr.split("\n").filter((l) => l.startsWith(" neighbor 100.64.0.1 "))).toEqual([
      " neighbor 100.64.0.1 remote-as 65020",
      " neighbor 100.64.0.1 description aws-us-east-1a.azure-1 via wg-aws-0",
      " neighbor 100.64.0.1 timers 10 30",
      " neighbor 100.64.0.1 timers connect 5",
      " neighbor 100.64.0.1 bfd profile crosscloud",
    ]);
    expect(frr).toContain("  maximum-paths 2\n");
    expect(frr).not.toContain("CC-RS");
  });

  it("adds Route Server only on Azure routers: multihop eBGP to both IPs, nothing learned, only the AWS prefixes announced", () => {
    const p = plan({ routeServer: true });
    const rs = { routeServerIps: ["10.16.1.4", "10.16.1.5"] };
    const azure = renderFrrConf(overlayRouterBoot(p, "azure-2", values(p, rs)));
    expect(azure.split("\n").filter((l) => l.includes("10.16.1.5"))).toEqual([
      " neighbor 10.16.1.5 remote-as 65515",
      " neighbor 10.16.1.5 description route-server",
      " neighbor 10.16.1.5 ebgp-multihop 2",
      " neighbor 10.16.1.5 timers 60 180",
      " neighbor 10.16.1.5 timers connect 5",
      "  neighbor 10.16.1.5 activate",
      "  neighbor 10.16.1.5 route-map CC-RS-IN in",
      "  neighbor 10.16.1.5 route-map CC-RS-OUT out",
    ]);
    expect(azure).toContain("route-map CC-RS-IN deny 10\n");
    expect(renderFrrConf(overlayRouterBoot(p, "aws-us-east-1a", values(p, rs)))).not.toContain("10.16.1.4");
    expect(() => overlayRouterBoot(p, "azure-2", values(p))).toThrow("overlay boot config: Route Server's IPs is missing");
  });
});

describe("renderOverlayCloudInit", () => {
  it("writes every file through write_files (FRR's deferred until the package exists) and enables each interface", () => {
    const p = plan();
    const doc = renderOverlayCloudInit(overlayRouterBoot(p, "azure-2", values(p)));
    expect(doc.split("\n")[0]).toBe("#cloud-config");
    const cc = parseYaml(doc) as { packages: string[]; write_files: { path: string; permissions: string; owner: string; defer?: boolean }[]; runcmd: string[][] };
    expect(cc.write_files.map((f) => [f.path, f.permissions, f.owner, f.defer ?? false])).toEqual([
      ["/etc/wireguard/wg-azure-1.conf", "0600", "root:root", false],
      ["/etc/wireguard/wg-azure-3.conf", "0600", "root:root", false],
      ["/etc/sysctl.d/90-crosscloud-overlay.conf", "0644", "root:root", false],
      ["/etc/systemd/system/crosscloud-mss-clamp.service", "0644", "root:root", false],
      ["/etc/frr/daemons", "0640", "frr:frr", true],
      ["/etc/frr/frr.conf", "0640", "frr:frr", true],
    ]);
    expect(cc.runcmd).toEqual([
      ["sysctl", "--system"],
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "crosscloud-mss-clamp.service"],
      ["systemctl", "enable", "--now", "wg-quick@wg-azure-1"],
      ["systemctl", "enable", "--now", "wg-quick@wg-azure-3"],
      ["systemctl", "restart", "frr"],
    ]);
  });

  it("refuses to render without a value the plan needs", () => {
    const p = plan();
    const v = values(p);
    expect(() => overlayRouterBoot(p, "aws-us-east-1a", { ...v, publicKeys: {} })).toThrow("overlay boot config: the public key of azure-1 is missing");
    expect(() => overlayRouterBoot(p, "aws-us-east-1a", { ...v, presharedKeys: {} })).toThrow("overlay boot config: the preshared key of aws-us-east-1a.azure-1 is missing");
    expect(() => overlayRouterBoot(p, "nobody", v)).toThrow('overlay boot config: router "nobody" in the plan is missing');
  });
});
