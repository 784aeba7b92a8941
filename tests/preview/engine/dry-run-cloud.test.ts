import fc from "fast-check";
import { SIG_KEY, UNKNOWN_VALUE, wireSecret } from "../../../graph/wire";
import { INVOKE } from "../../../graph/types";
import { DryRunCloud, previewState, withUnknowns } from "../../../preview/engine/dry-run-cloud";
import { SimulatedCloud } from "../../../preview/simulate";

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const arbKey = fc.stringMatching(/^[a-z]{1,4}$/);
/** JSON-like values without signature keys: what a program's plain inputs look like. */
const arbValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.boolean(), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(arbKey, tie("value"), { maxKeys: 4 })),
})).value;
const arbObject = fc.dictionary(arbKey, arbValue, { maxKeys: 5 });

/** Every primitive leaf of `v`, by its path of keys and indexes. */
function primitiveLeaves(v: unknown, at: Array<string | number> = []): Array<[Array<string | number>, unknown]> {
  if (Array.isArray(v)) return v.flatMap((x, i) => primitiveLeaves(x, [...at, i]));
  if (isPlainObject(v)) return Object.entries(v).flatMap(([k, x]) => primitiveLeaves(x, [...at, k]));
  return [[at, v]];
}
const atPath = (v: unknown, path: Array<string | number>): unknown => path.reduce<unknown>((cur, step) => (cur as Record<string | number, unknown> | undefined)?.[step], v);

describe("previewState: a create's planned outputs", () => {
  it("keeps every value the program gave, and marks unknown every key only the provider would fill", () => {
    fc.assert(
      fc.property(arbObject, arbObject, (input, simulated) => {
        const planned = previewState(input, simulated) as Record<string, unknown>;
        expect(Object.keys(planned).sort()).toEqual([...new Set([...Object.keys(input), ...Object.keys(simulated)])].sort());
        for (const key of Object.keys(simulated)) if (!(key in input)) expect(planned[key]).toBe(UNKNOWN_VALUE);
        for (const [path, value] of primitiveLeaves(input)) expect(atPath(planned, path)).toEqual(value);
      }),
    );
  });

  it("recurses into objects and same-length arrays, so a nested computed value is unknown too", () => {
    const input = { ipConfigurations: [{ name: "ipconfig0", subnet: { id: "s" } }], tags: { a: "b" } };
    const simulated = { ipConfigurations: [{ name: "ipconfig0", subnet: { id: "s" }, privateIPAddress: "10.0.0.4" }], tags: { a: "b" }, id: "/x", provisioningState: "Succeeded" };
    expect(previewState(input, simulated)).toEqual({
      ipConfigurations: [{ name: "ipconfig0", subnet: { id: "s" }, privateIPAddress: UNKNOWN_VALUE }],
      tags: { a: "b" },
      id: UNKNOWN_VALUE,
      provisioningState: UNKNOWN_VALUE,
    });
    // A secret input is planned whole, never opened.
    const secret = wireSecret({ k: "v" });
    expect(previewState({ s: secret }, { s: { k: "v", extra: 1 } })).toEqual({ s: secret });
  });
});

describe("withUnknowns: the inputs as a provider's Check returns them", () => {
  it("puts back, at any depth, the unknowns the simulator's view drops", () => {
    const wire = { a: UNKNOWN_VALUE, b: { c: UNKNOWN_VALUE, d: 1 }, list: ["x", UNKNOWN_VALUE], s: { [SIG_KEY]: "1b47061264138c4ac30d75fd1eb44270", value: "p" } };
    const known = { b: { d: 1 }, list: ["x", undefined], s: wireSecret("p") };
    expect(withUnknowns(wire, known)).toEqual({ a: UNKNOWN_VALUE, b: { c: UNKNOWN_VALUE, d: 1 }, list: ["x", UNKNOWN_VALUE], s: wireSecret("p") });
    expect(withUnknowns(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});

describe("DryRunCloud", () => {
  it("answers a new provider with the engine's UnknownID, and still finds its config for invokes through it", async () => {
    const cloud = new DryRunCloud(new SimulatedCloud());
    const urn = "urn:pulumi:dev::p::pulumi:providers:aws::west";
    cloud.next = { urn, wireInputs: { region: "us-west-2" } };
    const provider = await cloud.newResource({ type: "pulumi:providers:aws", name: "west", inputs: { region: "us-west-2" }, custom: true });
    expect(provider).toEqual({ id: UNKNOWN_VALUE, state: { region: "us-west-2" } });
    const region = await cloud.call({ token: INVOKE.awsGetRegion, inputs: {}, provider: `${urn}::${UNKNOWN_VALUE}` });
    expect(region["name"]).toBe("us-west-2");
  });

  it("answers a new custom resource with an empty id (unknown to the SDK) and its planned outputs", async () => {
    const cloud = new DryRunCloud(new SimulatedCloud());
    cloud.next = { urn: "urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v", wireInputs: { cidrBlock: "10.0.0.0/16", tags: { Name: UNKNOWN_VALUE } } };
    const vpc = await cloud.newResource({ type: "aws:ec2/vpc:Vpc", name: "v", inputs: { cidrBlock: "10.0.0.0/16", tags: {} }, custom: true });
    expect(vpc.id).toBe("");
    expect(vpc.state).toMatchObject({ cidrBlock: "10.0.0.0/16", tags: { Name: UNKNOWN_VALUE }, arn: UNKNOWN_VALUE });
  });
});
