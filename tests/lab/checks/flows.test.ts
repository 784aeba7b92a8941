import { countersByDevice } from "../../../lab/checks/flows";

/** The per-tunnel packet counts the ECMP check reads back from `nft -j list table`. */
describe("countersByDevice", () => {
  const rule = (dev: string, packets: number) => ({
    rule: { family: "inet", table: "crosscloud_lab_count", chain: "out", expr: [{ match: { op: "==", left: { meta: { key: "oifname" } }, right: dev } }, { match: { op: "==", left: { payload: { protocol: "udp", field: "dport" } }, right: 47000 } }, { counter: { packets, bytes: packets * 30 } }] },
  });

  it("sums every chain's and port direction's counters per tunnel device, and counts unseen devices as 0", () => {
    const json = JSON.stringify({ nftables: [{ metainfo: { version: "1.0.6" } }, { table: { family: "inet", name: "crosscloud_lab_count" } }, rule("vti0", 40), rule("vti0", 2), rule("vti1", 0), rule("vti2", 7)] });
    expect(countersByDevice(json, ["vti0", "vti1", "vti2", "vti3"])).toEqual({ vti0: 42, vti1: 0, vti2: 7, vti3: 0 });
  });

  it("ignores rules on devices it was not asked about", () => {
    expect(countersByDevice(JSON.stringify({ nftables: [rule("dx0", 9)] }), ["vti0"])).toEqual({ vti0: 0 });
  });
});
