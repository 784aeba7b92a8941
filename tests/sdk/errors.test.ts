import { PlanError, formatIssue, issue, joinPath, throwIfIssues } from "../../sdk/errors";

describe("issues and PlanError", () => {
  const a = issue("aws.vpcs.app", "CIDR_OVERLAP", "10.0.0.0/20 overlaps 10.0.0.0/16 (registry prod/aws/block)");
  const b = issue("azure.asn", "ASN_EQUAL", "64512 equals aws.asn; the two sides of an eBGP session must use different ASNs");

  it("formats an issue as path: message [CODE]", () => {
    expect(formatIssue(a)).toBe("aws.vpcs.app: 10.0.0.0/20 overlaps 10.0.0.0/16 (registry prod/aws/block) [CIDR_OVERLAP]");
  });

  it("lists every issue in one message, with the right plural", () => {
    const e = new PlanError([a, b]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("PlanError");
    expect(e.issues).toEqual([a, b]);
    expect(e.message).toBe(
      "crosscloud network plan is invalid (2 problems):\n" +
        "  - aws.vpcs.app: 10.0.0.0/20 overlaps 10.0.0.0/16 (registry prod/aws/block) [CIDR_OVERLAP]\n" +
        "  - azure.asn: 64512 equals aws.asn; the two sides of an eBGP session must use different ASNs [ASN_EQUAL]",
    );
    expect(new PlanError([b], "SiteToSiteVpn prod").message).toBe(
      "SiteToSiteVpn prod is invalid (1 problem):\n  - azure.asn: 64512 equals aws.asn; the two sides of an eBGP session must use different ASNs [ASN_EQUAL]",
    );
  });

  it("throws only when there is something to report", () => {
    expect(() => throwIfIssues([])).not.toThrow();
    expect(() => throwIfIssues([a], "VpnLink x")).toThrow(new PlanError([a], "VpnLink x"));
    try {
      throwIfIssues([a, b]);
      throw new Error("unreachable");
    } catch (e) {
      expect(e).toBeInstanceOf(PlanError);
      expect((e as PlanError).issues.map((i) => [i.path, i.code])).toEqual([["aws.vpcs.app", "CIDR_OVERLAP"], ["azure.asn", "ASN_EQUAL"]]);
    }
  });

  it("joins paths skipping empty and missing parts", () => {
    expect([joinPath("aws", "vpcs", "app"), joinPath("", "vpn", undefined, "a"), joinPath()]).toEqual(["aws.vpcs.app", "vpn.a", ""]);
  });
});
