/** How the schema words problems: suggestions, values shown (or withheld), paths, and the two messages issue 12 named as misleading. */
import { parseKey, joinConfigPath, show } from "../../../stacks/schema";
import { interconnect } from "../../../stacks/schema/interconnect";
import { network } from "../../../stacks/schema/network";
import { azure } from "../../../stacks/schema/azure";
import { suggest } from "../../../stacks/schema/suggest";

const issuesOf = (root: string, schema: Parameters<typeof parseKey>[1], value: unknown) => parseKey(root, schema, value).issues.map((i) => [i.path, i.code, i.message]);

describe("suggest", () => {
  it("finds typos, case slips and prefixes, and stays quiet for unrelated or very short names", () => {
    const known = ["cidr", "prefixLength", "azs", "subnets"];
    expect(suggest("cdir", known)).toBe("cidr");
    expect(suggest("CIDR", known)).toBe("cidr");
    expect(suggest("prefix", known)).toBe("prefixLength");
    expect(suggest("subnet", known)).toBe("subnets");
    expect(suggest("region", known)).toBeUndefined();
    expect(suggest("y", ["x"])).toBeUndefined();
    expect(suggest("az", ["azs"])).toBeUndefined();
  });
});

describe("paths and values in messages", () => {
  it("quotes keys that are not plain", () => {
    expect(joinConfigPath("crosscloud:tags", ["kubernetes.io/role"])).toBe('crosscloud:tags["kubernetes.io/role"]');
    expect(joinConfigPath("crosscloud:network", ["aws", "vpcs", "app", "azs", 0])).toBe("crosscloud:network.aws.vpcs.app.azs.0");
    expect(joinConfigPath("crosscloud:network", ["aws", "vpcs", ""])).toBe('crosscloud:network.aws.vpcs[""]');
  });

  it("shows values short, and maps and lists by kind", () => {
    expect(show("x".repeat(100))).toBe(`"${"x".repeat(48)}…"`);
    expect(show({ secret: "s" })).toBe("a map");
    expect(show([1, 2])).toBe("a list of 2");
    expect(show(null)).toBe("an empty value (null)");
  });

  it("withholds the value of a field that may be a secret", () => {
    const [[, code, message]] = issuesOf("crosscloud:azure", azure, { resourceGroupName: "rg", subscriptionId: "1234-not-a-guid-5678" }) as [[string, string, string]];
    expect(code).toBe("VALUE_INVALID");
    expect(message).not.toContain("1234-not-a-guid-5678");
    expect(issuesOf("crosscloud:azure", azure, { resourceGroupName: "rg", subscriptionId: 42 })).toEqual([["crosscloud:azure.subscriptionId", "TYPE_INVALID", "expected a string, got a number (value withheld)"]]);
  });
});

describe("the misleading messages of issue 12", () => {
  it("a quoted ASN is a string to unquote, not a non-ASN", () => {
    const base = { environment: "dev", aws: { region: "us-east-1", asn: "65010", vpcs: { app: {} } }, azure: { region: "eastus", vnets: { hub: {} } }, vpn: { layout: "dev" } };
    expect(issuesOf("crosscloud:network", network, base)).toEqual([
      ["crosscloud:network.aws.asn", "TYPE_INVALID", 'expected a number, got the string "65010"; an ASN is a number: write the number without quotes'],
    ]);
  });

  it('"1 Gbps" is a string where a number of Mbps belongs, not "1 Gbps Mbps"', () => {
    const er = { serviceProviderName: "Megaport", peeringLocation: "Washington DC", bandwidthInMbps: "1 Gbps", peerAsn: 65100, vlanId: 100, primaryPeerAddressPrefix: "192.168.100.0/30", secondaryPeerAddressPrefix: "192.168.100.4/30" };
    const dx = { dxGatewayAsn: 64600, customerAsn: 65100, hostedVirtualInterfaceId: "dxvif-fgq1w2e3", peeringCidr: "192.168.100.8/30" };
    const issues = issuesOf("crosscloud:interconnect", interconnect, { expressRoute: er, directConnect: dx });
    expect(issues).toEqual([
      [
        "crosscloud:interconnect.expressRoute.bandwidthInMbps",
        "TYPE_INVALID",
        'expected a number, one of 50, 100, 200, 500, 1000, 2000, 5000, 10000; got the string "1 Gbps"; bandwidthInMbps is a number of Mbps: write 1000 for 1 Gbps, 10000 for 10 Gbps',
      ],
    ]);
    expect(String(issues[0]?.[2])).not.toContain("Gbps Mbps");
  });
});

describe("parseKey keeps what can be planned", () => {
  it("replaces a broken part and says which, and gives up only when nothing is left", () => {
    const base = { environment: "dev", aws: { region: "us-east-1", asn: "65010", vpcs: { app: null } }, azure: { region: "eastus", vnets: { hub: {} } }, vpn: { layout: "dev" } };
    const parsed = parseKey("crosscloud:network", network, base);
    expect(parsed.value).toBeUndefined();
    expect(parsed.usable?.aws).toEqual({ region: "us-east-1", vpcs: { app: {} } });
    expect(parsed.replaced.map((r) => [r.path, r.reach])).toEqual([
      ["crosscloud:network.aws.asn", "self"],
      ["crosscloud:network.aws.vpcs.app", "self"],
    ]);
    expect(parseKey("crosscloud:network", network, "dev").usable).toBeUndefined();
  });
});
