import { planLab } from "../../../lab/topology/plan";
import { LabSpec, negotiatedHoldTime, preferredTunnel } from "../../../lab/spec/spec";
import { LabSpecError, assertValidLabSpec, validateLabSpec } from "../../../lab/spec/validate";
import { devSpec, haSpec, withTunnel } from "../fixtures";

describe("validateLabSpec", () => {
  it("accepts the dev and HA fixtures", () => {
    expect(validateLabSpec(devSpec())).toEqual([]);
    expect(validateLabSpec(haSpec())).toEqual([]);
  });

  it("lists every structural problem at once, with key-based paths and stable codes", () => {
    const bad: LabSpec = {
      ...haSpec(),
      name: "Bad Name",
      aws: { asn: 0, prefixes: ["10.0.0.5/16"] },
      tunnels: [
        ...haSpec().tunnels.slice(0, 2).map((t) => ({ ...t, preferred: true })),
        withTunnel(haSpec(), "b-t1", (t) => ({
          ...t,
          aws: { ...t.aws, insideCidr: "169.254.21.0/30", presharedKey: "", phase1DhGroupNumbers: [] },
          azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, ipsecEncryption: "GCMAES256", pfsGroup: "PFSMM" } },
        })).tunnels[2]!,
      ],
    };
    expect(validateLabSpec(bad).map((i) => [i.path, i.code])).toEqual([
      ["name", "NAME_INVALID"],
      ["aws.asn", "ASN_INVALID"],
      ["aws.prefixes[0]", "PREFIX_INVALID"],
      ["tunnels", "PREFERRED_AMBIGUOUS"],
      ["tunnels.b-t1.aws.presharedKey", "PSK_EMPTY"],
      ["tunnels.b-t1.aws.phase1DhGroupNumbers", "LIST_EMPTY"],
      ["tunnels.b-t1.azure.ipsecPolicy.ipsecIntegrity", "AZURE_GCM_PAIRING"],
      ["tunnels.b-t1.azure.ipsecPolicy.pfsGroup", "LAB_UNSUPPORTED"],
      ["tunnels.b-t1.aws.insideCidr", "INSIDE_CIDR_DUPLICATE"],
    ]);
  });

  it("rejects values outside each cloud's vocabulary (a translator passing strings through)", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({
      ...t,
      aws: { ...t.aws, phase1IntegrityAlgorithms: ["SHA256" as never] },
      azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, dhGroup: "14" as never } },
    }));
    expect(validateLabSpec(spec).map((i) => [i.path, i.code])).toEqual([
      ["tunnels.a-t1.aws.phase1IntegrityAlgorithms[0]", "VALUE_UNKNOWN"],
      ["tunnels.a-t1.azure.ipsecPolicy.dhGroup", "VALUE_UNKNOWN"],
    ]);
  });

  it("does not judge agreement between the clouds: that is what the lab runs for", () => {
    const mismatched = withTunnel(devSpec(), "a-t1", (t) => ({
      ...t,
      azure: { ...t.azure, sharedKey: "another.key", localNetworkGateway: { bgpPeeringAddress: "169.254.30.1", asn: 65000 } },
    }));
    expect(validateLabSpec(mismatched)).toEqual([]);
  });

  it("never echoes a pre-shared key in its error", () => {
    const spec = withTunnel(devSpec(), "a-t1", (t) => ({ ...t, aws: { ...t.aws, insideCidr: "bad" }, azure: { ...t.azure, sharedKey: "TOP.secret_1" } }));
    expect(() => assertValidLabSpec(spec)).toThrow(LabSpecError);
    expect(() => assertValidLabSpec(spec)).toThrow(/tunnels\.a-t1\.aws\.insideCidr/);
    try {
      assertValidLabSpec(spec);
    } catch (error) {
      expect(String(error)).not.toContain("TOP.secret_1");
    }
  });
});

describe("planLab", () => {
  it("gives AWS the first and Azure its own APIPA address, and each side the peer it believes in", () => {
    const plan = planLab(haSpec(), "abc123");
    const b1 = plan.tunnels.find((t) => t.key === "b-t1")!;
    expect(b1.aws).toMatchObject({
      namespace: "cclabc123-aws-b-t1",
      insideAddressCidr: "169.254.21.5/30",
      bgpPeer: { address: "169.254.21.6", remoteAs: 65515 },
      keepaliveSeconds: 10,
      holdTimeSeconds: 30,
    });
    expect(b1.azure).toMatchObject({
      namespace: "cclabc123-az-b-t1",
      insideAddressCidr: "169.254.21.6/30",
      bgpPeer: { address: "169.254.21.5", remoteAs: 64512 },
      keepaliveSeconds: 60,
      holdTimeSeconds: 180,
    });
    expect(plan.tunnels.map((t) => [t.key, t.device, t.aws.outsideAddress, t.azure.outsideAddress])).toEqual([
      ["a-t1", "vti0", "198.51.100.1", "203.0.113.1"],
      ["a-t2", "vti1", "198.51.100.5", "203.0.113.5"],
      ["b-t1", "vti2", "198.51.100.9", "203.0.113.9"],
      ["b-t2", "vti3", "198.51.100.13", "203.0.113.13"],
    ]);
    expect(plan.routers.aws).toMatchObject({ namespace: "cclabc123-aws", lanAddresses: ["10.0.0.1/16"], pingAddress: "10.0.0.1" });
    expect(plan.routers.azure).toMatchObject({ namespace: "cclabc123-azure", lanAddresses: ["10.16.0.1/16"], pingAddress: "10.16.0.1" });
    expect(plan.wanNamespace).toBe("cclabc123-wan");
  });

  it("is deterministic for a run id", () => {
    expect(planLab(haSpec(), "x1")).toEqual(planLab(haSpec(), "x1"));
  });

  it("expects the lower hold time of the two sides, per tunnel", () => {
    const spec = withTunnel(haSpec(), "a-t2", (t) => ({ ...t, aws: { ...t.aws, bgpHoldTimeSeconds: 240 } }));
    expect(spec.tunnels.map((t) => negotiatedHoldTime(spec, t))).toEqual([30, 180, 30, 30]);
    expect(preferredTunnel(spec).key).toBe("a-t1");
  });
});
