import { ROUTE_SERVER_ASN, ROUTE_SERVER_MAX_PEERS, ROUTE_SERVER_MAX_ROUTES_PER_PEER, checkRouteServerPeering } from "../../sdk/route-server";

const ok = { asnPath: "nva.asn", asn: 65020, peersPath: "nva.peers", peerCount: 2, prefixesPath: "nva.prefixes", advertisedPrefixCount: 3, subnetPath: "nva.subnet", subnetCidr: "10.16.1.0/26" };
const codes = (issues: readonly { path: string; code: string }[]): [string, string][] => issues.map((i) => [i.path, i.code]);

describe("checkRouteServerPeering", () => {
  it("states Route Server's facts once", () => {
    expect([ROUTE_SERVER_ASN, ROUTE_SERVER_MAX_PEERS, ROUTE_SERVER_MAX_ROUTES_PER_PEER]).toEqual([65515, 8, 1000]);
  });

  it("accepts a 16-bit private ASN, 8 peers, 1000 routes and a /26 or larger RouteServerSubnet", () => {
    expect(checkRouteServerPeering(ok)).toEqual([]);
    expect(checkRouteServerPeering({ ...ok, peerCount: 8, advertisedPrefixCount: 1000, subnetCidr: "10.16.0.0/24" })).toEqual([]);
  });

  it.each([
    [{ asn: 65515 }, [["nva.asn", "ASN_RESERVED"]]],
    [{ asn: 4200000000 }, [["nva.asn", "ASN_ROUTE_SERVER"]]],
    [{ asn: 0 }, [["nva.asn", "ASN_RANGE"]]],
    [{ peerCount: 9 }, [["nva.peers", "ROUTER_COUNT"]]],
    [{ advertisedPrefixCount: 1001 }, [["nva.prefixes", "PREFIX_LIMIT"]]],
    [{ subnetCidr: "10.16.1.0/27" }, [["nva.subnet", "ROUTE_SERVER_SUBNET_TOO_SMALL"]]],
    [{ subnetCidr: "10.16.1.1/26" }, [["nva.subnet", "CIDR_HOST_BITS"]]],
  ])("rejects %j", (change, expected) => {
    expect(codes(checkRouteServerPeering({ ...ok, ...change }))).toEqual(expected);
  });

  it("names the limit in its message", () => {
    expect(checkRouteServerPeering({ ...ok, advertisedPrefixCount: 1200 })[0]?.message).toBe("each peer would advertise 1200 prefixes; Azure Route Server drops a session above 1000");
  });
});
