import { ResourceIndex, T, azureIdKey, type GraphNode } from "../../graph";

interface Node extends GraphNode {
  readonly props: Readonly<Record<string, unknown>>;
}
const UNKNOWN = Symbol("unknown");
const node = (urn: string, type: string, props: Record<string, unknown>, extra: Partial<Node> = {}): Node => ({
  urn,
  type,
  props,
  dependencies: [],
  propertyDependencies: {},
  ...extra,
});
const read = (r: Node, path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), r.props) ?? undefined;

const vpc = node("urn:vpc", T.awsVpc, { id: "vpc-0abc", arn: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0abc" });
const vpc2 = node("urn:vpc2", T.awsVpc, { id: "vpc-0def" });
const vnet = node("urn:vnet", T.azureVnet, {
  id: "/subscriptions/s/resourceGroups/RG-Net/providers/Microsoft.Network/virtualNetworks/Hub",
  resourceGroupName: "rg-net",
  name: "hub",
});

describe("ResourceIndex.resolve", () => {
  it("prefers the engine's property dependencies, even when the id is unknown", () => {
    const subnet = node("urn:s", T.awsSubnet, { vpcId: UNKNOWN }, { propertyDependencies: { vpcId: ["urn:vpc2"] } });
    const ix = new ResourceIndex([vpc, vpc2, subnet], read);
    expect(ix.resolve(subnet, "vpcId", [T.awsVpc])?.urn).toBe("urn:vpc2");
  });

  it("matches ids, an ARN's resource part and Azure ids case-insensitively, including `{ id }` objects", () => {
    const a = node("urn:a", T.awsSubnet, { vpcId: "vpc-0abc" });
    const b = node("urn:b", T.azureSubnet, { virtualNetwork: { id: "/subscriptions/S/resourcegroups/rg-net/providers/Microsoft.Network/virtualNetworks/HUB" } });
    const ix = new ResourceIndex([vpc, vpc2, vnet, a, b], read);
    expect(ix.resolve(a, "vpcId", [T.awsVpc])?.urn).toBe("urn:vpc");
    expect(ix.resolve(b, "virtualNetwork", [T.azureVnet])?.urn).toBe("urn:vnet");
    expect(azureIdKey("/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/X")).toBe("rg/x");
  });

  it("falls back to the single dependency of the type when the reference is unknown, and gives up when ambiguous or unset", () => {
    const one = node("urn:one", T.awsSubnet, { vpcId: UNKNOWN }, { dependencies: ["urn:vpc"] });
    const two = node("urn:two", T.awsSubnet, { vpcId: UNKNOWN }, { dependencies: ["urn:vpc", "urn:vpc2"] });
    const unset = node("urn:unset", T.awsSubnet, {}, { dependencies: ["urn:vpc"] });
    const ix = new ResourceIndex([vpc, vpc2, one, two, unset], read);
    expect(ix.resolve(one, "vpcId", [T.awsVpc])?.urn).toBe("urn:vpc");
    expect(ix.resolve(two, "vpcId", [T.awsVpc])).toBeUndefined();
    expect(ix.resolve(unset, "vpcId", [T.awsVpc])).toBeUndefined();
    expect(ix.resolve(one, "vpcId", [T.azureVnet])).toBeUndefined();
  });

  it("walks children, descendants and ancestors by parent URN", () => {
    const parent = node("urn:p", T.siteToSiteVpn, {});
    const child = node("urn:c", T.vpnTunnel, {}, { parent: "urn:p" });
    const grandchild = node("urn:g", T.azureConnection, {}, { parent: "urn:c" });
    const ix = new ResourceIndex([parent, child, grandchild], read);
    expect(ix.children(parent).map((r) => r.urn)).toEqual(["urn:c"]);
    expect(ix.descendants(parent, T.azureConnection).map((r) => r.urn)).toEqual(["urn:g"]);
    expect(ix.ancestor(grandchild, T.siteToSiteVpn)?.urn).toBe("urn:p");
  });
});
