import { cidr } from "../../sdk/cidr";
import { Registry, RegistryEntry, isLinkLocalEntry, lockFor, mergeRegistry, readRegistry, registryOverlaps, reservedFor } from "../../sdk/registry";

const E = (stack: string, key: string, text: string): RegistryEntry => ({ stack, key, cidr: text });
const reg = (...allocations: RegistryEntry[]): Registry => ({ version: 1, allocations });

describe("readRegistry", () => {
  it("accepts a well-formed registry as is, keeping descriptions", () => {
    const data = { version: 1, allocations: [{ stack: "dev", key: "aws/block", cidr: "10.0.0.0/16", description: "dev aws us-east-1" }, { stack: "external", key: "onprem/dc1", cidr: "10.48.0.0/16" }] };
    expect(readRegistry(data, "ipam.yaml")).toEqual({
      registry: { version: 1, allocations: [{ ...E("dev", "aws/block", "10.0.0.0/16"), description: "dev aws us-east-1" }, E("external", "onprem/dc1", "10.48.0.0/16")] },
      issues: [],
    });
  });

  it.each([["a string", "version: 1"], ["null", null], ["a list", [{ version: 1 }]], ["a number", 1]])("rejects %s at the top level", (_what, data) => {
    expect(readRegistry(data, "ipam.yaml")).toEqual({
      registry: { version: 1, allocations: [] },
      issues: [{ path: "ipam.yaml", code: "REGISTRY_FORMAT", message: `expected an object with "version: 1" and "allocations: [...]"` }],
    });
  });

  it("reports a wrong version and a missing allocation list together", () => {
    expect(readRegistry({ version: 2 }, "ipam.yaml").issues).toEqual([
      { path: "ipam.yaml.version", code: "REGISTRY_FORMAT", message: "2 is not a supported registry version; expected 1" },
      { path: "ipam.yaml.allocations", code: "REGISTRY_FORMAT", message: "expected a list of { stack, key, cidr } entries" },
    ]);
    expect(readRegistry({ allocations: [] }, "ipam.yaml").issues).toEqual([
      { path: "ipam.yaml.version", code: "REGISTRY_FORMAT", message: "undefined is not a supported registry version; expected 1" },
    ]);
    expect(readRegistry({ version: "1", allocations: [] }, "ipam.yaml").issues).toEqual([
      { path: "ipam.yaml.version", code: "REGISTRY_FORMAT", message: `"1" is not a supported registry version; expected 1` },
    ]);
  });

  it("reports bad entries by position, drops them, and keeps the good ones", () => {
    const data = {
      version: 1,
      allocations: [
        { stack: "dev", key: "aws/block", cidr: "10.0.0.0/16" },
        { stack: "dev", key: "aws/vpc/app" },
        { stack: "dev", key: "aws/vpc/data", cidr: "10.0.16.1/20" },
        "10.0.0.0/8",
        { stack: "dev", key: "aws/block", cidr: "10.0.0.0/16" },
        { stack: 7, key: "x", cidr: "10.0.0.0/8" },
      ],
    };
    const { registry, issues } = readRegistry(data, "ipam.yaml");
    expect(issues).toEqual([
      { path: "ipam.yaml.allocations.1", code: "REGISTRY_FORMAT", message: "each allocation needs string fields stack, key and cidr" },
      { path: "ipam.yaml.allocations.2.cidr", code: "CIDR_HOST_BITS", message: `"10.0.16.1/20" has host bits set; the network is 10.0.16.0/20` },
      { path: "ipam.yaml.allocations.3", code: "REGISTRY_FORMAT", message: "each allocation needs string fields stack, key and cidr" },
      { path: "ipam.yaml.allocations.4", code: "REGISTRY_FORMAT", message: "dev/aws/block is listed twice" },
      { path: "ipam.yaml.allocations.5", code: "REGISTRY_FORMAT", message: "each allocation needs string fields stack, key and cidr" },
    ]);
    // The duplicate is reported and dropped: only the first entry for a stack/key counts.
    expect(registry.allocations.map((e) => [e.stack, e.key, e.cidr])).toEqual([["dev", "aws/block", "10.0.0.0/16"]]);
  });
});

describe("registryOverlaps", () => {
  it("reports the same range claimed by two stacks, at the later label", () => {
    expect(registryOverlaps(reg(E("prod", "aws/block", "10.0.0.0/16"), E("dev", "aws/block", "10.0.0.0/16")))).toEqual([
      { path: "registry prod/aws/block", code: "CIDR_OVERLAP", message: "10.0.0.0/16 overlaps 10.0.0.0/16 (registry dev/aws/block)" },
    ]);
  });

  it("reports another stack's block nested in mine, but never my own nested keys", () => {
    const r = reg(
      E("dev", "aws/block", "10.0.0.0/16"),
      E("dev", "aws/vpc/app", "10.0.0.0/20"),
      E("dev", "aws/vpc/app/subnet/private-a", "10.0.0.0/24"),
      E("external", "onprem/branch", "10.0.1.0/24"),
      E("prod", "aws/block", "10.1.0.0/16"),
    );
    expect(registryOverlaps(r).map((i) => [i.path, i.code, i.message])).toEqual([
      ["registry external/onprem/branch", "CIDR_OVERLAP", "10.0.1.0/24 overlaps 10.0.0.0/16 (registry dev/aws/block)"],
      ["registry external/onprem/branch", "CIDR_OVERLAP", "10.0.1.0/24 overlaps 10.0.0.0/20 (registry dev/aws/vpc/app)"],
    ]);
  });

  it("ignores link-local tunnel /30s: they are unique per gateway, not across stacks", () => {
    const r = reg(E("dev", "vpn/a/t1", "169.254.21.0/30"), E("prod", "vpn/a/t1", "169.254.21.0/30"), E("stage", "vpn/a/t1", "169.254.21.0/30"));
    expect(registryOverlaps(r)).toEqual([]);
    expect([isLinkLocalEntry(E("dev", "k", "169.254.21.0/30")), isLinkLocalEntry(E("dev", "k", "169.0.0.0/8")), isLinkLocalEntry(E("dev", "k", "10.0.0.0/8"))]).toEqual([true, false, false]);
  });
});

describe("lockFor, reservedFor and mergeRegistry", () => {
  const r = reg(
    E("dev", "aws/block", "10.0.0.0/16"),
    E("dev", "vpn/a/t1", "169.254.21.0/30"),
    E("prod", "aws/block", "10.1.0.0/16"),
    E("prod", "vpn/a/t1", "169.254.21.0/30"),
    E("external", "onprem/dc1", "10.48.0.0/16"),
  );

  it("locks a stack to its own earlier allocations, tunnel /30s included", () => {
    expect(lockFor(r, "dev")).toEqual({ "aws/block": "10.0.0.0/16", "vpn/a/t1": "169.254.21.0/30" });
    expect(lockFor(r, "new")).toEqual({});
    expect(lockFor(undefined, "dev")).toEqual({});
  });

  it("reserves every other stack's blocks except link-local ones", () => {
    expect(reservedFor(r, "dev")).toEqual([
      { label: "registry prod/aws/block", cidr: cidr("10.1.0.0/16") },
      { label: "registry external/onprem/dc1", cidr: cidr("10.48.0.0/16") },
    ]);
    expect(reservedFor(undefined, "dev")).toEqual([]);
  });

  it("replaces one stack's entries, keeps the others, and sorts by stack then key", () => {
    const merged = mergeRegistry(r, "dev", [E("dev", "vpn/a/t1", "169.254.21.0/30"), E("dev", "aws/vpc/app", "10.0.0.0/20"), E("dev", "aws/block", "10.0.0.0/16")]);
    expect(merged).toEqual(
      reg(
        E("dev", "aws/block", "10.0.0.0/16"),
        E("dev", "aws/vpc/app", "10.0.0.0/20"),
        E("dev", "vpn/a/t1", "169.254.21.0/30"),
        E("external", "onprem/dc1", "10.48.0.0/16"),
        E("prod", "aws/block", "10.1.0.0/16"),
        E("prod", "vpn/a/t1", "169.254.21.0/30"),
      ),
    );
    expect(mergeRegistry(undefined, "dev", [E("dev", "b", "10.0.1.0/24"), E("dev", "a", "10.0.0.0/24")])).toEqual(reg(E("dev", "a", "10.0.0.0/24"), E("dev", "b", "10.0.1.0/24")));
  });

  it("round-trips: a merged registry reads back without issues", () => {
    const merged = mergeRegistry(r, "dev", [E("dev", "aws/block", "10.0.0.0/16")]);
    expect(readRegistry(JSON.parse(JSON.stringify(merged)), "ipam.json")).toEqual({ registry: merged, issues: [] });
  });
});

describe("readRegistry: ambiguous entries", () => {
  it("rejects a stack name with '/' and keeps only the first of a duplicated entry", () => {
    const { registry, issues } = readRegistry(
      {
        version: 1,
        allocations: [
          { stack: "a/b", key: "c", cidr: "10.0.0.0/16" },
          { stack: "dev", key: "aws/block", cidr: "10.1.0.0/16" },
          { stack: "dev", key: "aws/block", cidr: "10.2.0.0/16" },
        ],
      },
      "registry.yaml",
    );
    expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
      ["registry.yaml.allocations.0.stack", "REGISTRY_FORMAT", `"a/b" is not a stack name (letters, digits, '.', '_' and '-')`],
      ["registry.yaml.allocations.2", "REGISTRY_FORMAT", "dev/aws/block is listed twice"],
    ]);
    expect(registry.allocations).toEqual([{ stack: "dev", key: "aws/block", cidr: "10.1.0.0/16" }]);
  });
});
