import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { AssetValue, decodeWire, getPath, renderValue, ResourceRef, SecretValue, UnknownValue } from "../../graph";
import { toMockInputs } from "../../preview/values";

const { specialSigKey: SIG, specialSecretSig: SECRET, specialResourceSig: RESOURCE, specialAssetSig: ASSET, unknownValue: UNKNOWN } = pulumi.runtime;

describe("decodeWire / renderValue", () => {
  const wire = {
    plain: { a: [1, true, null, "x"] },
    key: { [SIG]: SECRET, value: "Abcdefgh12" },
    nested: { list: [{ [SIG]: SECRET, value: { inner: "deep-secret" } }] },
    later: UNKNOWN,
    ref: { [SIG]: RESOURCE, urn: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v", id: "vpc-1" },
    file: { [SIG]: ASSET, path: "./a.txt" },
  };

  it("keeps special values typed: secrets, unknowns, resource references, assets", () => {
    const decoded = decodeWire(wire);
    expect(getPath(decoded, "key")).toBeInstanceOf(SecretValue);
    expect((getPath(decoded, "key") as SecretValue).reveal()).toBe("Abcdefgh12");
    expect(getPath(decoded, "nested.list[0]")).toBeInstanceOf(SecretValue);
    expect(getPath(decoded, "later")).toBe(UnknownValue.instance);
    expect(getPath(decoded, "ref")).toEqual(new ResourceRef("urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v", "vpc-1"));
    expect(getPath(decoded, "ref.id")).toBe("vpc-1");
    expect(getPath(decoded, "file")).toEqual(new AssetValue("asset", "./a.txt"));
    expect(getPath(decoded, "plain.a[1]")).toBe(true);
    expect(getPath(decoded, "plain.missing.deeper")).toBeUndefined();
  });

  it("renders secrets as [secret] through every printing path, with keys sorted", () => {
    const decoded = decodeWire(wire);
    expect(renderValue(decoded)).toEqual({
      file: "[asset ./a.txt]",
      key: "[secret]",
      later: "[unknown]",
      nested: { list: ["[secret]"] },
      plain: { a: [1, true, null, "x"] },
      ref: { urn: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v", id: "vpc-1" },
    });
    expect(Object.keys(renderValue(decoded) as object)).toEqual(["file", "key", "later", "nested", "plain", "ref"]);
    const printed = [JSON.stringify(decoded), inspect(decoded, { depth: 10 }), String(getPath(decoded, "key"))].join("\n");
    expect(printed).not.toContain("Abcdefgh12");
    expect(printed).not.toContain("deep-secret");
  });

  it("hands mocks the SDK's secret wrapper, resource refs as ids, and drops unknowns", () => {
    expect(toMockInputs(wire)).toEqual({
      plain: { a: [1, true, null, "x"] },
      key: { [SIG]: SECRET, value: "Abcdefgh12" },
      nested: { list: [{ [SIG]: SECRET, value: { inner: "deep-secret" } }] },
      ref: "vpc-1",
      file: { [SIG]: ASSET, path: "./a.txt" },
    });
  });
});
