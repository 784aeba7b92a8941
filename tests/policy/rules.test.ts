/** The shared machinery under every policy: snapshots with unknowns, and reference resolution. */
import { StackIndex, fromPolicyResource } from "../../policy/rules/resources";
import { Unknown, get, num, snapshot, strings } from "../../policy/rules/values";
import { UNKNOWN, policyResources, r, urnOf } from "./harness";

const rules = (fakes: Parameters<typeof policyResources>[0]) => policyResources(fakes).map(fromPolicyResource);

describe("snapshot", () => {
  it("copies props through the proxy, turning each unknown into an Unknown that carries the preview's error", () => {
    const [res] = rules([r("t:m:T", "x", { a: "1", nested: { list: ["10.0.0.0/8", UNKNOWN], deep: UNKNOWN }, top: UNKNOWN })]);
    const props = res?.props ?? {};
    expect(props.a).toBe("1");
    const list = get(props, "nested", "list");
    expect(Array.isArray(list) && list[0]).toBe("10.0.0.0/8");
    const unknowns = [get(props, "nested", "list", 1), get(props, "nested", "deep"), props.top];
    expect(unknowns.map((u) => (u instanceof Unknown ? [u.path, u.error.message] : u))).toEqual([
      [".nested.list.1", "string value at .nested.list.1 can't be known during preview"],
      [".nested.deep", "string value at .nested.deep can't be known during preview"],
      [".top", "string value at .top can't be known during preview"],
    ]);
  });

  it("passes an Unknown through get, and reads AWS's numeric strings as numbers", () => {
    const u = new Unknown(".x", new Error("x"));
    expect(get({ x: u }, "x", "y")).toBe(u);
    expect([num("64512"), num(65515), num("vgw-1"), num(undefined)]).toEqual([64512, 65515, undefined, undefined]);
    expect(strings(["a", 1, u])).toEqual(["a", u]);
    expect(snapshot(undefined)).toBeUndefined();
  });
});

describe("StackIndex.resolve", () => {
  const vpcA = r("aws:ec2/vpc:Vpc", "a", { id: "vpc-a" });
  const vpcB = r("aws:ec2/vpc:Vpc", "b", { arn: "arn:aws:ec2:us-east-1:1:vpc/vpc-b" });

  it("prefers property dependencies, then the id (or ARN), then a single resource dependency of the type", () => {
    const index = new StackIndex(
      rules([
        vpcA,
        vpcB,
        r("s", "by-deps", { vpcId: "vpc-a" }, { propertyDependencies: { vpcId: ["b"] } }),
        r("s", "by-id", { vpcId: "vpc-a" }, { dependsOn: ["b"] }),
        r("s", "by-arn", { vpcId: "vpc-b" }),
        r("s", "by-dependency", { vpcId: UNKNOWN }, { dependsOn: ["a"] }),
        r("s", "ambiguous", { vpcId: UNKNOWN }, { dependsOn: ["a", "b"] }),
        r("s", "unset", {}, { dependsOn: ["a"] }),
      ]),
    );
    const resolved = ["by-deps", "by-id", "by-arn", "by-dependency", "ambiguous", "unset"].map((n) => index.resolve(index.byUrn.get(urnOf("s", n))!, "vpcId", ["aws:ec2/vpc:Vpc"])?.name);
    expect(resolved).toEqual(["b", "a", "b", "a", undefined, undefined]);
  });

  it("matches an Azure { id } by resource group and name, case-insensitively", () => {
    const lng = r("azure-native:network:LocalNetworkGateway", "lng", { name: "Site-1", resourceGroupName: "RG" });
    const conn = r("c", "conn", { localNetworkGateway2: { id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/localNetworkGateways/site-1" } });
    const index = new StackIndex(rules([lng, conn]));
    expect(index.resolve(index.byUrn.get(urnOf("c", "conn"))!, "localNetworkGateway2", ["azure-native:network:LocalNetworkGateway"])?.name).toBe("lng");
  });
});
