import { planOverlayLab, allOverlayNamespaces } from "../../../lab/overlay/plan";
import { readOverlayLabSpec, type OverlayLabSpec } from "../../../lab/overlay/spec";
import { renderRouteServerFrr } from "../../../lab/overlay/daemons";
import { ROUTE_SERVER_BGP_TIMERS } from "../../../sdk";
import { overlaySpec } from "./fixtures";

let spec: OverlayLabSpec;
let rs: OverlayLabSpec;
beforeAll(async () => {
  spec = await overlaySpec(false);
  rs = await overlaySpec(true);
}, 120_000);

describe("planOverlayLab", () => {
  it("runs the rendered interfaces under names unique to the run (wireguard-go's sockets are shared), keeping the wg prefix the clamp matches", () => {
    const plan = planOverlayLab(spec, readOverlayLabSpec(spec), "abc123");
    const interfaces = plan.routers.flatMap((r) => r.interfaces);
    expect(interfaces.map((i) => [i.rendered, i.name])).toEqual([
      ["wg-aws-0", "wgabc123a0"],
      ["wg-aws-1", "wgabc123a1"],
      ["wg-aws-2", "wgabc123a2"],
      ["wg-aws-3", "wgabc123a3"],
      ["wg-azure-0", "wgabc123z0"],
      ["wg-azure-2", "wgabc123z2"],
      ["wg-azure-1", "wgabc123z1"],
      ["wg-azure-3", "wgabc123z3"],
    ]);
    expect(new Set(interfaces.map((i) => i.name)).size).toBe(8);
    expect(interfaces.every((i) => i.name.length <= 15 && i.name.startsWith("wg"))).toBe(true);
  });

  it("reads each link's address, MTU, port, peer router and BGP neighbor from the rendered files", () => {
    const plan = planOverlayLab(spec, readOverlayLabSpec(spec), "abc123");
    const a = plan.routers.find((r) => r.key === "aws-us-east-1a");
    expect(a?.interfaces.map((i) => [i.address, i.mtu, i.listenPort, i.peerRouter, i.peerAddress])).toEqual([
      ["100.64.0.0/31", 1420, 51820, "azure-1", "100.64.0.1"],
      ["100.64.0.2/31", 1420, 51821, "azure-2", "100.64.0.3"],
    ]);
    expect(a?.sysctl).toEqual({ "net.ipv4.ip_forward": "1", "net.ipv4.conf.all.rp_filter": "2", "net.ipv4.conf.default.rp_filter": "2" });
    expect(a?.clamp.start).toHaveLength(2);
    expect(a?.daemons).toEqual(["zebra", "bgpd", "bfdd"]);
    expect(plan.hosts.map((h) => [h.namespace, h.routes.map((r) => r.via)])).toEqual([
      ["ccwabc123-ha1", [spec.routers[0]?.privateIp]],
      ["ccwabc123-ha2", [spec.routers[1]?.privateIp]],
      ["ccwabc123-hz1", [spec.routers[2]?.privateIp]],
    ]);
    expect(allOverlayNamespaces(plan).every((ns) => ns.startsWith("ccwabc123-"))).toBe(true);
  });

  it("models each Route Server instance as its own BGP speaker with Route Server's ASN and timers", () => {
    const plan = planOverlayLab(rs, readOverlayLabSpec(rs), "abc123");
    expect(plan.routeServers.map((r) => r.ip)).toEqual(rs.routeServer?.ips);
    const conf = renderRouteServerFrr(rs.routeServer!, plan.routeServers[0]!, 0);
    expect(conf).toContain(`router bgp ${rs.routeServer?.asn}\n`);
    for (const p of rs.routeServer?.peers ?? []) {
      expect(conf).toContain(` neighbor ${p.ip} remote-as ${p.asn}\n`);
      expect(conf).toContain(` neighbor ${p.ip} ebgp-multihop 2\n`);
      expect(conf).toContain(` neighbor ${p.ip} timers ${ROUTE_SERVER_BGP_TIMERS.keepaliveSeconds} ${ROUTE_SERVER_BGP_TIMERS.holdTimeSeconds}\n`);
    }
  });
});
