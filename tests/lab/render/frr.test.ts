import { renderFrrConfigs } from "../../../lab/render/frr";
import { AWS_ASN, AZURE_ASN, devSpec, haSpec, withTunnel } from "../fixtures";

const lines = (text: string): string[] => text.split("\n").map((l) => l.trim());
const LOG = { logDir: "/tmp/lab-x/frr" };

describe("renderFrrConfigs", () => {
  it("peers the AWS router with the second address of each inside /30, as the customer gateway ASN, at AWS timers", () => {
    const bgpd = lines(renderFrrConfigs(haSpec(), "aws", LOG).bgpd);
    expect(bgpd).toEqual(
      expect.arrayContaining([
        `router bgp ${AWS_ASN}`,
        "bgp router-id 10.0.0.1",
        `neighbor 169.254.21.2 remote-as ${AZURE_ASN}`,
        `neighbor 169.254.22.2 remote-as ${AZURE_ASN}`,
        `neighbor 169.254.21.6 remote-as ${AZURE_ASN}`,
        `neighbor 169.254.22.6 remote-as ${AZURE_ASN}`,
        "neighbor 169.254.21.2 timers 10 30",
        "neighbor 169.254.21.2 timers connect 5",
        "network 10.0.0.0/16",
      ]),
    );
    expect(bgpd.filter((l) => l.endsWith(" passive"))).toEqual([]);
  });

  it("peers the Azure router with each LNG's bgpPeeringAddress as the LNG's ASN, passively, at Azure timers", () => {
    const bgpd = lines(renderFrrConfigs(haSpec(), "azure", LOG).bgpd);
    expect(bgpd).toEqual(
      expect.arrayContaining([
        `router bgp ${AZURE_ASN}`,
        `neighbor 169.254.21.1 remote-as ${AWS_ASN}`,
        `neighbor 169.254.21.5 remote-as ${AWS_ASN}`,
        "neighbor 169.254.21.1 timers 60 180",
        "neighbor 169.254.21.1 passive",
        "neighbor 169.254.22.5 passive",
        "network 10.16.0.0/16",
      ]),
    );
  });

  it("renders each side from its own values only: a wrong LNG changes the Azure router and nothing on AWS", () => {
    const wrong = withTunnel(devSpec(), "a-t1", (t) => ({
      ...t,
      azure: { ...t.azure, localNetworkGateway: { bgpPeeringAddress: "169.254.21.5", asn: AZURE_ASN } },
    }));
    expect(renderFrrConfigs(wrong, "aws", LOG)).toEqual(renderFrrConfigs(devSpec(), "aws", LOG));
    const azure = lines(renderFrrConfigs(wrong, "azure", LOG).bgpd);
    expect(azure).toContain(`neighbor 169.254.21.5 remote-as ${AZURE_ASN}`);
    expect(azure.some((l) => l.startsWith("neighbor 169.254.21.1 "))).toBe(false);
  });

  it("filters exactly the default route inbound and announces only local prefixes outbound", () => {
    const spec = { ...devSpec(), aws: { asn: AWS_ASN, prefixes: ["10.0.0.0/16", "10.1.0.0/16"] } };
    const bgpd = lines(renderFrrConfigs(spec, "aws", LOG).bgpd);
    expect(bgpd).toEqual(
      expect.arrayContaining([
        "ip prefix-list LAB-NO-DEFAULT seq 5 deny 0.0.0.0/0",
        "ip prefix-list LAB-NO-DEFAULT seq 10 permit 0.0.0.0/0 le 32",
        "ip prefix-list LAB-LOCAL seq 5 permit 10.0.0.0/16",
        "ip prefix-list LAB-LOCAL seq 10 permit 10.1.0.0/16",
        "network 10.1.0.0/16",
        "neighbor 169.254.21.2 route-map LAB-IN in",
        "neighbor 169.254.22.2 route-map LAB-IN in",
        "neighbor 169.254.21.2 soft-reconfiguration inbound",
      ]),
    );
  });

  it("prepends the own ASN toward every backup tunnel, on both sides, and never toward the preferred one", () => {
    const ha = haSpec();
    const aws = lines(renderFrrConfigs(ha, "aws", LOG).bgpd);
    const azure = lines(renderFrrConfigs(ha, "azure", LOG).bgpd);
    expect(aws.filter((l) => / route-map LAB-OUT(-BACKUP)? out$/.test(l))).toEqual([
      "neighbor 169.254.21.2 route-map LAB-OUT out",
      "neighbor 169.254.22.2 route-map LAB-OUT-BACKUP out",
      "neighbor 169.254.21.6 route-map LAB-OUT-BACKUP out",
      "neighbor 169.254.22.6 route-map LAB-OUT-BACKUP out",
    ]);
    expect(aws).toContain(`set as-path prepend ${AWS_ASN}`);
    expect(azure).toContain(`set as-path prepend ${AZURE_ASN}`);
    expect(azure).toContain("neighbor 169.254.21.1 route-map LAB-OUT out");
    expect(azure).toContain("neighbor 169.254.21.5 route-map LAB-OUT-BACKUP out");
  });

  it("treats the first tunnel as preferred when none is marked", () => {
    const spec = { ...haSpec(), tunnels: haSpec().tunnels.map(({ preferred: _ignored, ...t }) => t) };
    const aws = lines(renderFrrConfigs(spec, "aws", LOG).bgpd);
    expect(aws).toContain("neighbor 169.254.21.2 route-map LAB-OUT out");
    expect(aws).toContain("neighbor 169.254.22.2 route-map LAB-OUT-BACKUP out");
  });

  it("uses an AWS hold time from the tunnel and Azure timers from the gateway when given", () => {
    const spec = {
      ...withTunnel(devSpec(), "a-t2", (t) => ({ ...t, aws: { ...t.aws, bgpHoldTimeSeconds: 9 } })),
      azure: { ...devSpec().azure, bgpTimers: { keepaliveSeconds: 3, holdTimeSeconds: 9 } },
    };
    expect(lines(renderFrrConfigs(spec, "aws", LOG).bgpd)).toEqual(expect.arrayContaining(["neighbor 169.254.21.2 timers 10 30", "neighbor 169.254.22.2 timers 3 9"]));
    expect(lines(renderFrrConfigs(spec, "azure", LOG).bgpd)).toContain("neighbor 169.254.22.1 timers 3 9");
  });

  it("adds BFD 300 ms × 3 only when asked", () => {
    const plain = renderFrrConfigs(devSpec(), "aws", LOG);
    expect(plain.bfdd).toBeUndefined();
    expect(plain.bgpd).not.toContain("bfd");
    const bfd = renderFrrConfigs({ ...devSpec(), bfd: true }, "azure", LOG);
    expect(lines(bfd.bgpd)).toEqual(expect.arrayContaining(["neighbor 169.254.21.1 bfd profile lab", "neighbor 169.254.22.1 bfd profile lab"]));
    expect(lines(bfd.bfdd ?? "")).toEqual(expect.arrayContaining(["profile lab", "detect-multiplier 3", "receive-interval 300", "transmit-interval 300"]));
  });

  it("logs into the run's directory", () => {
    const configs = renderFrrConfigs(devSpec(), "aws", LOG);
    expect(lines(configs.zebra)).toContain("log file /tmp/lab-x/frr/zebra.log informational");
    expect(lines(configs.bgpd)).toContain("log file /tmp/lab-x/frr/bgpd.log informational");
  });
});
