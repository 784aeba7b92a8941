import {
  AWS_CGW_RESERVED,
  AWS_DEFAULT_AMAZON_ASN,
  AZURE_DEFAULT_ASN,
  MICROSOFT_EXPRESSROUTE_ASN,
  checkAmazonSideAsn,
  checkAsnRange,
  checkAsnsDiffer,
  checkAzureGatewayAsn,
  checkAzurePeerAsn,
  checkCustomerGatewayAsn,
  checkRouteServerPeerAsn,
  customerGatewayAsnFields,
  is16BitAsn,
  isPrivateAsn,
} from "../../sdk/asn";

const MS = "reserved by Azure (Microsoft)";
const ER = "reserved by Azure (Microsoft's ExpressRoute ASN)";
const GW = "reserved by Azure (its VPN gateway and Route Server default); only the Azure gateway itself may use it";
const INTERNAL = "reserved by Azure for internal use";
const RFC7607 = "reserved by IANA (RFC 7607)";
const AS_TRANS = "reserved by IANA (AS_TRANS, RFC 6793)";
const DOC = "reserved by IANA for documentation (RFC 5398)";
const SPECIAL = "reserved by IANA (RFC 7300, RFC 5398)";
const LAST = "reserved by IANA (RFC 7300)";
const PRIVATE_HINT = "use a private ASN: 64512–65534 or 4200000000–4294967294";

describe("constants", () => {
  it("names the defaults both clouds document", () => {
    expect([AZURE_DEFAULT_ASN, AWS_DEFAULT_AMAZON_ASN, MICROSOFT_EXPRESSROUTE_ASN]).toEqual([65515, 64512, 12076]);
    expect(AWS_CGW_RESERVED).toEqual([
      { asn: 7224, region: "*" },
      { asn: 9059, region: "eu-west-1" },
      { asn: 10124, region: "ap-northeast-1" },
      { asn: 17943, region: "ap-southeast-1" },
    ]);
  });
});

describe("checkAzurePeerAsn (the ASN Azure peers with)", () => {
  it.each([
    [8074, MS],
    [8075, MS],
    [12076, ER],
    [65515, GW],
    [65517, INTERNAL],
    [65518, INTERNAL],
    [65519, INTERNAL],
    [65520, INTERNAL],
    [23456, AS_TRANS],
    [64496, DOC],
    [64500, DOC],
    [64511, DOC],
    [65535, SPECIAL],
    [65540, SPECIAL],
    [65551, SPECIAL],
    [4294967295, LAST],
  ])("rejects %i: %s", (asn, why) => {
    expect(checkAzurePeerAsn("aws.asn", asn)).toEqual([{ path: "aws.asn", code: "ASN_RESERVED", message: `${asn} is ${why}; Azure will not peer with it` }]);
  });

  it.each([8073, 8076, 12075, 12077, 23455, 23457, 64495, 64512, 65514, 65516, 65521, 65534, 65552, 4200000000, 4294967294])("accepts %i (next to a reserved range)", (asn) => {
    expect(checkAzurePeerAsn("aws.asn", asn)).toEqual([]);
  });

  it.each([
    [0, "0 is not an ASN; use an integer from 1 to 4294967295"],
    [-1, "-1 is not an ASN; use an integer from 1 to 4294967295"],
    [4294967296, "4294967296 is not an ASN; use an integer from 1 to 4294967295"],
    [64512.5, "64512.5 is not an ASN; use an integer from 1 to 4294967295"],
    [NaN, "NaN is not an ASN; use an integer from 1 to 4294967295"],
  ])("rejects %p as out of range before any reservation check (AS 0 is never valid)", (asn, message) => {
    expect(checkAzurePeerAsn("p", asn)).toEqual([{ path: "p", code: "ASN_RANGE", message }]);
  });
});

describe("checkAzureGatewayAsn (Azure's own ASN)", () => {
  it("allows 65515 only as the gateway's own ASN, and anything unreserved", () => {
    expect(checkAzureGatewayAsn("azure.asn", 65515)).toEqual([]);
    expect(checkAzurePeerAsn("aws.asn", 65515).map((i) => i.code)).toEqual(["ASN_RESERVED"]);
    expect(checkAzureGatewayAsn("azure.asn", 65516)).toEqual([]);
    expect(checkAzureGatewayAsn("azure.asn", 64513)).toEqual([]);
    expect(checkAzureGatewayAsn("azure.asn", 4200000001)).toEqual([]);
  });

  it.each([
    [8075, MS],
    [12076, ER],
    [65518, INTERNAL],
    [23456, AS_TRANS],
    [64496, DOC],
    [65551, SPECIAL],
    [4294967295, LAST],
  ])("rejects %i: %s", (asn, why) => {
    expect(checkAzureGatewayAsn("azure.asn", asn)).toEqual([{ path: "azure.asn", code: "ASN_RESERVED", message: `${asn} is ${why}` }]);
  });

  it("requires 65515 when Route Server shares the VNet", () => {
    expect(checkAzureGatewayAsn("azure.asn", 65515, { routeServer: true })).toEqual([]);
    expect(checkAzureGatewayAsn("azure.asn", 64600, { routeServer: true })).toEqual([
      { path: "azure.asn", code: "ASN_ROUTE_SERVER", message: "64600 cannot be used with Azure Route Server: a VPN gateway that coexists with Route Server must use ASN 65515 and be active-active" },
    ]);
    expect(checkAzureGatewayAsn("azure.asn", 0, { routeServer: true }).map((i) => i.code)).toEqual(["ASN_RANGE"]);
  });
});

describe("checkAmazonSideAsn (VGW, TGW, DX gateway)", () => {
  it.each([
    [64511, false],
    [64512, true],
    [65534, true],
    [65535, false],
    [4199999999, false],
    [4200000000, true],
    [4294967294, true],
    [4294967295, false],
    [7224, false],
  ])("%i is accepted: %s", (asn, ok) => {
    expect(checkAmazonSideAsn("aws.asn", asn)).toEqual(ok ? [] : [{ path: "aws.asn", code: "ASN_NOT_PRIVATE", message: `${asn} is not accepted as an amazon-side ASN; ${PRIVATE_HINT}` }]);
    expect(isPrivateAsn(asn)).toBe(ok);
  });
});

describe("checkCustomerGatewayAsn (Azure's ASN as AWS sees it)", () => {
  it.each([
    [7224, "us-east-1", "7224 is reserved by AWS for customer gateways"],
    [7224, "eu-west-1", "7224 is reserved by AWS for customer gateways"],
    [9059, "eu-west-1", "9059 is reserved by AWS for customer gateways in eu-west-1"],
    [10124, "ap-northeast-1", "10124 is reserved by AWS for customer gateways in ap-northeast-1"],
    [17943, "ap-southeast-1", "17943 is reserved by AWS for customer gateways in ap-southeast-1"],
  ])("rejects %i in %s", (asn, region, message) => {
    expect(checkCustomerGatewayAsn("azure.asn", asn, region)).toEqual([{ path: "azure.asn", code: "ASN_RESERVED", message }]);
  });

  it.each([
    [9059, "us-east-1"],
    [9059, "eu-west-2"],
    [10124, "eu-west-1"],
    [17943, "ap-northeast-1"],
    [65515, "us-east-1"],
  ])("accepts %i in %s", (asn, region) => {
    expect(checkCustomerGatewayAsn("azure.asn", asn, region)).toEqual([]);
  });
});

describe("pairing rules", () => {
  it("rejects equal ASNs on the two sides of an eBGP session", () => {
    expect(checkAsnsDiffer("azure.asn", 64512, 64512, "aws.asn")).toEqual([
      { path: "azure.asn", code: "ASN_EQUAL", message: "64512 equals aws.asn; the two sides of an eBGP session must use different ASNs" },
    ]);
    expect(checkAsnsDiffer("azure.asn", 65515, 64512, "aws.asn")).toEqual([]);
  });

  it("lets Route Server peer only with 16-bit ASNs", () => {
    expect(checkRouteServerPeerAsn("p", 65534)).toEqual([]);
    expect(checkRouteServerPeerAsn("p", 65535)).toEqual([]);
    expect(checkRouteServerPeerAsn("p", 65536)).toEqual([{ path: "p", code: "ASN_ROUTE_SERVER", message: "65536 is a 32-bit ASN; Azure Route Server peers only with 16-bit ASNs" }]);
    expect(checkRouteServerPeerAsn("p", 4200000000)).toEqual([{ path: "p", code: "ASN_ROUTE_SERVER", message: "4200000000 is a 32-bit ASN; Azure Route Server peers only with 16-bit ASNs" }]);
    expect([0, 1, 65535, 65536].map(is16BitAsn)).toEqual([false, true, true, false]);
  });
});

describe("customerGatewayAsnFields", () => {
  it("uses bgpAsn up to 2147483647 and bgpAsnExtended above", () => {
    expect(customerGatewayAsnFields(65515)).toEqual({ bgpAsn: "65515" });
    expect(customerGatewayAsnFields(2147483647)).toEqual({ bgpAsn: "2147483647" });
    expect(customerGatewayAsnFields(2147483648)).toEqual({ bgpAsnExtended: "2147483648" });
    expect(customerGatewayAsnFields(4200000000)).toEqual({ bgpAsnExtended: "4200000000" });
  });
});

describe("checkAsnRange (any session end, Microsoft's 12076 included)", () => {
  it("accepts 1–4294967295 whoever owns the ASN, and nothing else", () => {
    expect([1, MICROSOFT_EXPRESSROUTE_ASN, AZURE_DEFAULT_ASN, 4294967295].flatMap((a) => checkAsnRange("s.localAsn", a))).toEqual([]);
    for (const bad of [0, -1, 4294967296, 1.5, Number.NaN]) {
      expect(checkAsnRange("s.localAsn", bad)).toEqual([
        { path: "s.localAsn", code: "ASN_RANGE", message: `${bad} is not an ASN; use an integer from 1 to 4294967295` },
      ]);
    }
  });
});
