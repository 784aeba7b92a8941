import { mocks } from "../helpers/pulumi-mocks";
import { HubSpokeArgs, TransitGatewayHub, TransitGatewayHubArgs } from "../../components";
import { PlanError } from "../../sdk";

const T = {
  tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
  rtb: "aws:ec2transitgateway/routeTable:RouteTable",
  attachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  assoc: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
  prop: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
  tgwRoute: "aws:ec2transitgateway/route:Route",
  route: "aws:ec2/route:Route",
} as const;

const REMOTE = ["10.16.0.0/20", "10.16.16.0/20"];

/** Spoke n: its own /20 in 10.0.0.0/12, two AZs, two route tables. */
const spoke = (n: number): HubSpokeArgs => ({
  vpcId: `vpc-spoke${n}`,
  cidr: `10.0.${n * 16}.0/20`,
  subnetIds: { "us-east-1b": `subnet-${n}b`, "us-east-1a": `subnet-${n}a` },
  routeTableIds: { private: `rtb-${n}-private`, data: `rtb-${n}-data` },
});
const spokes = (count: number): Record<string, HubSpokeArgs> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`spoke${i + 1}`, spoke(i + 1)]));
const args = (count: number, extra: Partial<TransitGatewayHubArgs> = {}): TransitGatewayHubArgs => ({
  amazonSideAsn: 64600,
  spokes: spokes(count),
  remotePrefixes: REMOTE,
  vpnAttachmentIds: { a: "tgw-attach-vpna0000000000", b: "tgw-attach-vpnb0000000000" },
  dxAttachmentId: "tgw-attach-dx00000000000",
  ...extra,
});

afterEach(() => mocks.reset());

describe("TransitGatewayHub", () => {
  it("creates the TGW with the plan's ASN, VPN ECMP and no default route tables", async () => {
    const hub = new TransitGatewayHub("hub", args(1));
    await mocks.settled();
    const tgw = mocks.created(T.tgw, "hub-tgw");
    expect([tgw.input("amazonSideAsn"), tgw.input("vpnEcmpSupport"), tgw.input("defaultRouteTableAssociation"), tgw.input("defaultRouteTablePropagation")]).toEqual([
      64600,
      "enable",
      "disable",
      "disable",
    ]);
    expect(mocks.all(T.rtb).map((r) => r.name)).toEqual(["hub-spokes-rtb", "hub-interconnect-rtb"]);
    expect(await mocks.valueOf(hub.transitGatewayId)).toBe(tgw.id);
    expect(await mocks.valueOf(hub.spokesRouteTableId)).toBe(mocks.created(T.rtb, "hub-spokes-rtb").id);
    expect(await mocks.valueOf(hub.interconnectRouteTableId)).toBe(mocks.created(T.rtb, "hub-interconnect-rtb").id);
    expect(hub.amazonSideAsn).toBe(64600);
  });

  it("attaches each spoke in its subnets, associates it with `spokes` and propagates it to `interconnect`", async () => {
    const hub = new TransitGatewayHub("hub", args(5));
    await mocks.settled();
    const spokesRtb = mocks.created(T.rtb, "hub-spokes-rtb");
    const interconnectRtb = mocks.created(T.rtb, "hub-interconnect-rtb");
    for (let n = 1; n <= 5; n++) {
      const key = `spoke${n}`;
      const attachment = mocks.created(T.attachment, `hub-${key}-attachment`);
      expect(attachment.input("vpcId")).toBe(`vpc-spoke${n}`);
      // One subnet per AZ, in AZ order.
      expect(attachment.input("subnetIds")).toEqual([`subnet-${n}a`, `subnet-${n}b`]);
      expect(await mocks.valueOf(hub.spokeAttachmentIds[key] as never)).toBe(attachment.id);

      const assoc = mocks.created(T.assoc, `hub-${key}-spoke-assoc`);
      expect([assoc.input("transitGatewayRouteTableId"), assoc.input("transitGatewayAttachmentId")]).toEqual([spokesRtb.id, attachment.id]);
      expect(assoc.propertyDependencies["transitGatewayAttachmentId"]).toEqual([attachment.urn]);
      const prop = mocks.created(T.prop, `hub-${key}-spoke-prop`);
      expect([prop.input("transitGatewayRouteTableId"), prop.input("transitGatewayAttachmentId")]).toEqual([interconnectRtb.id, attachment.id]);
    }
  });

  it("associates VPN and DX with `interconnect` and propagates them to `spokes`, and nothing else", async () => {
    new TransitGatewayHub("hub", args(3));
    await mocks.settled();
    const spokesRtb = mocks.created(T.rtb, "hub-spokes-rtb").id;
    const interconnectRtb = mocks.created(T.rtb, "hub-interconnect-rtb").id;
    const spokeAttachments = mocks.all(T.attachment).map((a) => a.id).sort();
    const interconnect = ["tgw-attach-dx00000000000", "tgw-attach-vpna0000000000", "tgw-attach-vpnb0000000000"];
    const into = (type: string, table: string | undefined) =>
      mocks
        .all(type)
        .filter((r) => r.input("transitGatewayRouteTableId") === table)
        .map((r) => r.input("transitGatewayAttachmentId") as string)
        .sort();
    // Spokes learn Azure only from the interconnect; Azure learns only the spokes; spokes never learn each other.
    expect(into(T.assoc, spokesRtb)).toEqual(spokeAttachments);
    expect(into(T.assoc, interconnectRtb)).toEqual(interconnect);
    expect(into(T.prop, spokesRtb)).toEqual(interconnect);
    expect(into(T.prop, interconnectRtb)).toEqual(spokeAttachments);
    expect(mocks.all(T.tgwRoute)).toEqual([]);
  });

  it("lets spokes learn each other only when spokeToSpoke is set", async () => {
    new TransitGatewayHub("hub", args(2, { spokeToSpoke: true }));
    await mocks.settled();
    const spokesRtb = mocks.created(T.rtb, "hub-spokes-rtb").id;
    const propagatedToSpokes = mocks
      .all(T.prop)
      .filter((r) => r.input("transitGatewayRouteTableId") === spokesRtb)
      .map((r) => r.name)
      .sort();
    expect(propagatedToSpokes).toEqual(["hub-a-vpn-prop", "hub-b-vpn-prop", "hub-dx-prop", "hub-spoke1-mesh-prop", "hub-spoke2-mesh-prop"]);
  });

  it("routes every remote prefix from every route table of every spoke to the TGW, once the attachment exists", async () => {
    new TransitGatewayHub("hub", args(3));
    await mocks.settled();
    const tgw = mocks.created(T.tgw, "hub-tgw");
    const routes = mocks.all(T.route);
    expect(routes).toHaveLength(3 * 2 * REMOTE.length);
    for (let n = 1; n <= 3; n++) {
      const attachment = mocks.created(T.attachment, `hub-spoke${n}-attachment`);
      for (const table of ["private", "data"]) {
        const mine = routes.filter((r) => r.input("routeTableId") === `rtb-${n}-${table}`);
        expect(mine.map((r) => r.input("destinationCidrBlock")).sort()).toEqual(REMOTE);
        for (const r of mine) {
          expect(r.input("transitGatewayId")).toBe(tgw.id);
          expect(r.dependencies).toContain(attachment.urn);
        }
      }
    }
    expect(mocks.created(T.route, "hub-spoke1-private-10-16-16-0-20-route").input("destinationCidrBlock")).toBe("10.16.16.0/20");
  });

  it("never routes a default route toward the hub", async () => {
    new TransitGatewayHub("hub", args(4));
    await mocks.settled();
    const destinations = [...mocks.all(T.route), ...mocks.all(T.tgwRoute)].map((r) => [r.input("destinationCidrBlock"), r.input("destinationIpv6CidrBlock")]);
    expect(destinations.length).toBeGreaterThan(0);
    for (const [v4, v6] of destinations) {
      expect(["0.0.0.0/0", "::/0"]).not.toContain(v4);
      expect(v6).toBeUndefined();
    }
  });

  it("rejects a default route in the remote prefixes with the sdk error, before registering anything", async () => {
    let error: unknown;
    try {
      new TransitGatewayHub("hub", args(2, { remotePrefixes: ["10.16.0.0/20", "0.0.0.0/0", "::/0"] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect((error as PlanError).issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["hub.remotePrefixes.1", "DEFAULT_ROUTE", "0.0.0.0/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other"],
      ["hub.remotePrefixes.2", "DEFAULT_ROUTE", "::/0 is a default route; advertising it across the interconnect would pull all of one cloud's traffic into the other"],
    ]);
    await mocks.settled();
    expect(mocks.all()).toEqual([]);
  });

  it("adds spoke 6 without changing any existing resource's name or inputs", async () => {
    new TransitGatewayHub("hub", args(5));
    await mocks.settled();
    const first = mocks.all().map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: r.inputs }));
    await mocks.reset();

    new TransitGatewayHub("hub", args(6));
    await mocks.settled();
    const second = mocks.all();
    for (const r of first) {
      const again = second.filter((s) => s.type === r.type && s.name === r.name);
      expect(again).toHaveLength(1);
      expect(again[0]?.urn).toBe(r.urn);
      expect(again[0]?.inputs).toEqual(r.inputs);
    }
    const added = second.filter((s) => !first.some((r) => r.urn === s.urn)).map((s) => s.name).sort();
    expect(added).toEqual([
      "hub-spoke6-attachment",
      "hub-spoke6-data-10-16-0-0-20-route",
      "hub-spoke6-data-10-16-16-0-20-route",
      "hub-spoke6-private-10-16-0-0-20-route",
      "hub-spoke6-private-10-16-16-0-20-route",
      "hub-spoke6-spoke-assoc",
      "hub-spoke6-spoke-prop",
    ]);
  });

  it("registers a fixed number of resources per spoke (100 spokes; the plan is tested with thousands in tests/sdk/hub.test.ts)", async () => {
    const count = 100;
    const many = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`s${i}`, { ...spoke(0), vpcId: `vpc-${i}`, cidr: `10.${16 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` }]),
    );
    new TransitGatewayHub("big", { spokes: many, remotePrefixes: ["172.16.0.0/16"] });
    await mocks.settled();
    // TGW + 2 tables, then per spoke: attachment, association, propagation, 2 route tables × 1 prefix.
    expect(mocks.all().filter((r) => r.custom)).toHaveLength(3 + count * 5);
  });

  it("attaches a VPN after construction, and refuses the same key twice without registering anything", async () => {
    const hub = new TransitGatewayHub("hub", { spokes: spokes(1), remotePrefixes: REMOTE });
    hub.attachVpn("c", "tgw-attach-vpnc0000000000");
    await mocks.settled();
    const interconnectRtb = mocks.created(T.rtb, "hub-interconnect-rtb").id;
    expect(mocks.created(T.assoc, "hub-c-vpn-assoc").input("transitGatewayRouteTableId")).toBe(interconnectRtb);
    const before = mocks.all().length;
    expect(() => hub.attachVpn("c", "tgw-attach-other")).toThrow(PlanError);
    expect(() => hub.attachVpn("C", "tgw-attach-other")).toThrow(/hub\.vpnAttachmentIds\.C: key "C" must match/);
    await mocks.settled();
    expect(mocks.all()).toHaveLength(before);
  });

  it("reports keys that would spell the same route name, with both paths", () => {
    const s = spoke(1);
    const clash = {
      a: { ...s, routeTableIds: { "b-c": "rtb-x" } },
      "a-b": { ...spoke(2), routeTableIds: { c: "rtb-y" } },
    };
    let error: unknown;
    try {
      new TransitGatewayHub("hub", { spokes: clash, remotePrefixes: ["10.16.0.0/20"] });
    } catch (e) {
      error = e;
    }
    expect((error as PlanError).issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["hub.spokes.a-b.routeTableIds.c", "KEY_INVALID", `produces the resource name "hub-a-b-c-10-16-0-0-20-route", which hub.spokes.a.routeTableIds.b-c already uses; rename one of the keys`],
    ]);
  });

  it("rejects overlapping spokes and a spoke overlapping Azure", () => {
    expect(() => new TransitGatewayHub("hub", { spokes: { x: spoke(1), y: { ...spoke(2), cidr: "10.0.16.0/24" }, z: { ...spoke(3), cidr: "10.16.0.0/24" } }, remotePrefixes: REMOTE })).toThrow(
      [
        `crosscloud TransitGatewayHub "hub" is invalid (2 problems):`,
        `  - hub.spokes.y.cidr: 10.0.16.0/24 overlaps 10.0.16.0/20 (hub.spokes.x.cidr) [CIDR_OVERLAP]`,
        `  - hub.spokes.z.cidr: 10.16.0.0/24 overlaps 10.16.0.0/20 (hub.remotePrefixes.0) [CIDR_OVERLAP]`,
      ].join("\n"),
    );
  });
});
