import { findMissingPrerequisites, LAB_APT_COMMAND, OVERLAY_LAB_APT_COMMAND, LabPrerequisiteError, PrerequisiteProbe, assertLabPrerequisites, labSkipReason } from "../../../lab/runtime/prerequisites";
import { parseIpRoutes, parseViciRaw, saStateFromRaw, saUp, scanCharonLog } from "../../../lab/checks/probes";
import { formatReport, LabReport, makeCheck } from "../../../lab/checks/report";

/** Captured from `swanctl --list-sas --raw` on strongSwan 5.9.8 (one IKE SA with one CHILD SA). */
const LIST_SAS =
  "list-sa event {lab {uniqueid=1 version=2 state=ESTABLISHED local-host=198.51.100.1 local-port=4500 local-id=198.51.100.1 " +
  "remote-host=203.0.113.1 remote-port=4500 remote-id=203.0.113.1 initiator-spi=866b32f1072564dc responder-spi=4273ac41981be6e2 " +
  "nat-remote=yes nat-any=yes encr-alg=AES_CBC encr-keysize=256 integ-alg=HMAC_SHA2_256_128 prf-alg=PRF_HMAC_SHA2_256 dh-group=MODP_2048 " +
  "established=1 rekey-time=23167 child-sas {lab-1 {name=lab uniqueid=1 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP encap=yes " +
  "spi-in=4c40192e spi-out=9bacf704 encr-alg=AES_CBC encr-keysize=256 integ-alg=HMAC_SHA2_256_128 bytes-in=0 packets-in=0 bytes-out=0 " +
  "packets-out=0 rekey-time=3148 life-time=3599 install-time=1 local-ts=[0.0.0.0/0] remote-ts=[0.0.0.0/0]}}}}\nlist-sas reply {}\n";

describe("swanctl --raw parsing", () => {
  it("reads IKE and child SA states, lists and nesting", () => {
    const [event, reply] = parseViciRaw(LIST_SAS);
    expect(event?.event).toBe("list-sa event");
    expect(reply).toEqual({ event: "list-sas reply", body: {} });
    const sa = event?.body.lab as Record<string, unknown>;
    expect(sa["dh-group"]).toBe("MODP_2048");
    expect((sa["child-sas"] as Record<string, Record<string, unknown>>)["lab-1"]?.["local-ts"]).toEqual(["0.0.0.0/0"]);
    expect(saStateFromRaw(LIST_SAS)).toEqual({ ike: ["ESTABLISHED"], child: ["INSTALLED"], installed: ["1"] });
    expect(saUp(saStateFromRaw(LIST_SAS))).toBe(true);
  });

  it("is not up with an IKE SA but no child SA (an ESP proposal mismatch)", () => {
    const ikeOnly = "list-sa event {lab {uniqueid=3 version=2 state=ESTABLISHED child-sas {}}}\nlist-sas reply {}\n";
    expect(saStateFromRaw(ikeOnly)).toEqual({ ike: ["ESTABLISHED"], child: [], installed: [] });
    expect(saUp(saStateFromRaw(ikeOnly))).toBe(false);
    expect(saUp(saStateFromRaw("list-sas reply {}\n"))).toBe(false);
  });
});

describe("charon log evidence", () => {
  it("tells an authentication failure from a proposal failure, on either side", () => {
    const responderAuth = "18:15:12 12[ENC] generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]";
    const initiatorAuth = "18:15:12 05[IKE] received AUTHENTICATION_FAILED notify error";
    const responderProp = "18:15:21 14[ENC] generating IKE_SA_INIT response 0 [ N(NO_PROP) ]";
    const initiatorProp = "18:15:21 10[IKE] received NO_PROPOSAL_CHOSEN notify error";
    expect(scanCharonLog(`x\n${responderAuth}\ny`)).toEqual([{ failure: "auth", line: "generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]" }]);
    expect(scanCharonLog(initiatorAuth)).toEqual([{ failure: "auth", line: "received AUTHENTICATION_FAILED notify error" }]);
    expect(scanCharonLog(responderProp)).toEqual([{ failure: "proposal", line: "generating IKE_SA_INIT response 0 [ N(NO_PROP) ]" }]);
    expect(scanCharonLog(initiatorProp)).toEqual([{ failure: "proposal", line: "received NO_PROPOSAL_CHOSEN notify error" }]);
    expect(scanCharonLog("18:14:40 06[IKE] CHILD_SA lab{1} established with SPIs 4c40192e_i 9bacf704_o")).toEqual([]);
  });
});

describe("kernel routes", () => {
  it("reads single and ECMP routes from `ip -j route`", () => {
    const json =
      '[{"dst":"10.16.0.0/16","flags":[],"nexthops":[{"gateway":"169.254.22.2","dev":"vti1","weight":1,"flags":[]},' +
      '{"gateway":"169.254.21.6","dev":"vti2","weight":1,"flags":[]}]},{"dst":"10.17.0.0/16","gateway":"169.254.21.2","dev":"vti0","flags":[]},' +
      '{"dst":"default","dev":"wan0","flags":[]}]';
    expect([...parseIpRoutes(json).entries()]).toEqual([
      ["10.16.0.0/16", ["vti1", "vti2"]],
      ["10.17.0.0/16", ["vti0"]],
      ["0.0.0.0/0", ["wan0"]],
    ]);
    expect(parseIpRoutes("").size).toBe(0);
  });
});

describe("prerequisites", () => {
  const probe = (over: Partial<PrerequisiteProbe>): PrerequisiteProbe => ({
    uid: 0,
    executable: () => true,
    installedPlugins: new Set(["kernel-libipsec", "vici"]),
    hasUser: () => true,
    ...over,
  });

  it("passes on a prepared machine", () => {
    expect(labSkipReason(probe({}))).toBeUndefined();
  });

  it("names exactly what is missing and the apt-get command", () => {
    const missing = findMissingPrerequisites(probe({ executable: (p) => !["/usr/lib/frr/bfdd", "ping"].includes(p), installedPlugins: new Set(["vici"]) }));
    expect(missing).toEqual({
      kind: "ipsec",
      notRoot: false,
      missing: ["/usr/lib/frr/bfdd (package frr)", "ping (package iputils-ping)", "strongSwan plugin kernel-libipsec (package libcharon-extra-plugins)"],
      packages: ["frr", "iputils-ping", "libcharon-extra-plugins"],
    });
    const error = new LabPrerequisiteError(missing);
    expect(error.message).toContain("missing: /usr/lib/frr/bfdd (package frr)");
    expect(error.message).toContain(`install with: ${LAB_APT_COMMAND}`);
    expect(LAB_APT_COMMAND).toBe(
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends strongswan-charon strongswan-swanctl libcharon-extra-plugins frr iputils-ping nftables iproute2",
    );
  });

  it("knows the DNS servers the dns-failover check runs, and their packages", () => {
    const missing = findMissingPrerequisites(probe({ executable: (p) => !["/usr/sbin/unbound-control", "dig"].includes(p) }), "dns");
    expect([missing.missing, missing.packages]).toEqual([["/usr/sbin/unbound-control (package unbound)", "dig (package bind9-dnsutils)"], ["unbound", "bind9-dnsutils"]]);
    // The IPsec lab does not need them.
    expect(findMissingPrerequisites(probe({ executable: (p) => !["/usr/sbin/unbound-control", "dig"].includes(p) }), "ipsec").missing).toEqual([]);
  });

  it("requires root", () => {
    expect(() => assertLabPrerequisites(probe({ uid: 1000 }))).toThrow(/must run as root/);
  });

  it("knows the overlay lab's binaries: wireguard-go, wg, wg-quick, nft, iptables, ss, FRR; no strongSwan", () => {
    const missing = findMissingPrerequisites(probe({ executable: (p) => !["wireguard-go", "wg-quick", "nft", "/usr/sbin/iptables"].includes(p), installedPlugins: new Set() }), "overlay");
    expect(missing).toEqual({
      kind: "overlay",
      notRoot: false,
      missing: ["wireguard-go (package wireguard-go)", "wg-quick (package wireguard-tools)", "nft (package nftables)", "/usr/sbin/iptables (package iptables)"],
      packages: ["wireguard-go", "wireguard-tools", "nftables", "iptables"],
    });
    const error = new LabPrerequisiteError({ ...missing, notRoot: true });
    expect(error.message).toContain("runs wireguard-go and FRR");
    expect(error.message).toContain(`install with: ${OVERLAY_LAB_APT_COMMAND}`);
    expect(OVERLAY_LAB_APT_COMMAND).toBe(
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wireguard-go wireguard-tools frr nftables iptables iputils-ping iproute2",
    );
    // Without strongSwan's plugins the IPsec lab cannot run, the overlay lab can.
    expect(labSkipReason(probe({ installedPlugins: new Set(), executable: (p) => !p.includes("charon") && p !== "swanctl" }), "overlay")).toBeUndefined();
    expect(labSkipReason(probe({ installedPlugins: new Set() }), "ipsec")).toMatch(/kernel-libipsec/);
  });
});

describe("formatReport", () => {
  it("prints the verdict, the hold times, every check with its time, and notes", () => {
    const report: LabReport = {
      name: "dev",
      runId: "abc123",
      passed: false,
      checks: [
        makeCheck("ipsec-sas", "fail", "a-t1: DOWN\na-t2: up", 1.234, ["a-t1"]),
        makeCheck("failover", "skip", "not applicable: needs at least 2 tunnels", 0),
      ],
      negotiatedHoldTimeSeconds: { "a-t1": 30 },
      setupSeconds: 1.5,
      totalSeconds: 9.25,
      notes: ["tunnel a-t1: AWS-side algorithms not emulated here (no plugin): ecp384"],
      figures: ["interconnect → VPN failover: AWS→Azure 1.03 s, Azure→AWS 1.11 s (BFD 900 ms; target ≤ 1.5 s)"],
    };
    expect(formatReport(report).split("\n")).toEqual([
      'crosscloud lab "dev" (run abc123): FAILED',
      "  setup 1.5 s, total 9.3 s",
      "  negotiated BGP hold time: a-t1 30 s",
      "",
      "  [FAIL] ipsec-sas: IKE and child SAs up on every tunnel (1.23 s)",
      "         a-t1: DOWN",
      "         a-t2: up",
      "  [SKIP] failover: silent loss of a tunnel fails over within hold time + 5 s (with ECMP: no loss on the surviving tunnels)",
      "         not applicable: needs at least 2 tunnels",
      "",
      "  figures:",
      "    - interconnect → VPN failover: AWS→Azure 1.03 s, Azure→AWS 1.11 s (BFD 900 ms; target ≤ 1.5 s)",
      "",
      "  notes:",
      "    - tunnel a-t1: AWS-side algorithms not emulated here (no plugin): ecp384",
    ]);
  });
});
