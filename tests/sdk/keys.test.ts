import fc from "fast-check";
import { KEY_PATTERN, checkKey, sortedKeys } from "../../sdk/keys";

const MESSAGE = (key: string): string =>
  `key "${key}" must match ^[a-z][a-z0-9-]{0,30}$ (lower-case letter first, then letters, digits or '-', at most 31 characters) because it becomes part of resource names`;

describe("checkKey", () => {
  it.each(["a", "app", "vpn-a", "x1", `a${"b".repeat(30)}`])("accepts %s", (key) => {
    expect(checkKey("aws.vpcs", key)).toEqual([]);
  });

  it.each(["", "App", "1app", "-app", "app_1", "app.1", "a b", `a${"b".repeat(31)}`, "ä"])("rejects %j with the exact message", (key) => {
    expect(checkKey("aws.vpcs.x", key)).toEqual([{ path: "aws.vpcs.x", code: "KEY_INVALID", message: MESSAGE(key) }]);
  });

  it("agrees with KEY_PATTERN (law)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (key) => expect(checkKey("p", key).length === 0).toBe(KEY_PATTERN.test(key))));
  });
});

describe("sortedKeys", () => {
  it("orders by code point whatever the insertion order", () => {
    expect(sortedKeys({ b: 1, GatewaySubnet: 2, a: 3, "a-2": 4, a1: 5 })).toEqual(["GatewaySubnet", "a", "a-2", "a1", "b"]);
  });
});
