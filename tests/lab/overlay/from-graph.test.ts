import { SecretValue, T } from "../../../graph";
import { overlayLabSpecsFromGraph, OverlayLabTranslationError } from "../../../lab/overlay/from-graph";
import { OverlayLabSpecError, readOverlayLabSpec } from "../../../lab/overlay/spec";
import { ROUTE_SERVER_ASN, cidr, containsIp } from "../../../sdk";
import type { RecordedGraph } from "../../../graph";
import { editUserData, overlayGraph } from "./fixtures";

/** The overlay lab reads the recorded graph, never the plan: user data as the clouds receive it, cloud-given addresses, route tables. */

let udr: RecordedGraph;
let rs: RecordedGraph;
beforeAll(async () => {
  udr = await overlayGraph(false);
  rs = await overlayGraph(true);
}, 120_000);

const secretText = (v: unknown): string => String((v as SecretValue).reveal());

describe("overlayLabSpecsFromGraph", () => {
  it("takes each router's user data exactly as EC2 and Azure receive it, with the addresses the clouds gave it", () => {
    const [spec] = overlayLabSpecsFromGraph(udr);
    if (!spec) throw new Error("no spec");
    expect(spec.name).toBe("overlay-wg");
    expect(spec.routers.map((r) => [r.key, r.cloud])).toEqual([["aws-us-east-1a", "aws"], ["aws-us-east-1b", "aws"], ["azure-1", "azure"], ["azure-2", "azure"]]);
    const instance = udr.resources.find((r) => r.type === T.awsInstance && r.name === "overlay-wg-aws-us-east-1a-router");
    const vm = udr.resources.find((r) => r.type === T.azureVirtualMachine && r.name === "overlay-wg-azure-1-vm");
    expect(spec.routers[0]?.userData).toBe(secretText(instance?.inputs["userData"]));
    expect(spec.routers[2]?.userData).toBe(Buffer.from(secretText((vm?.inputs["osProfile"] as Record<string, unknown>)["customData"]), "base64").toString("utf8"));
    const eip = udr.resources.find((r) => r.type === T.awsEip && r.name === "overlay-wg-aws-us-east-1a-eip");
    expect(spec.routers[0]?.publicIp).toBe(eip?.outputs["publicIp"]);
    expect(spec.networks).toEqual({ aws: "10.2.0.0/20", azure: "10.18.0.0/20" });
    for (const r of spec.routers) expect(containsIp(cidr(spec.networks[r.cloud]), r.privateIp)).toBe(true);
    expect(spec.routeServer).toBeUndefined();
  });

  it("gives each host the route table the cloud applies to it: the zone's VPC routes, the workload subnet's UDR", () => {
    const [spec] = overlayLabSpecsFromGraph(udr);
    expect(spec?.hosts.map((h) => [h.key, h.cloud, h.address, h.routes])).toEqual([
      ["aws-private-a", "aws", "10.2.0.10", [{ destination: "10.18.0.0/20", router: "aws-us-east-1a" }]],
      ["aws-private-b", "aws", "10.2.1.10", [{ destination: "10.18.0.0/20", router: "aws-us-east-1b" }]],
      ["azure-workload", "azure", "10.18.1.10", [{ destination: "10.2.0.0/20", router: "azure-1" }]],
    ]);
  });

  it("models Route Server from its recorded hub, router IPs and BGP connections, and leaves the VNet host's routes to it", () => {
    const [spec] = overlayLabSpecsFromGraph(rs);
    expect(spec?.routeServer?.asn).toBe(ROUTE_SERVER_ASN);
    expect(spec?.routeServer?.ips).toHaveLength(2);
    expect(spec?.routeServer?.peers.map((p) => p.asn)).toEqual([65020, 65020]);
    expect(spec?.routeServer?.peers.map((p) => p.ip).sort()).toEqual(spec?.routers.filter((r) => r.cloud === "azure").map((r) => r.privateIp).sort());
    expect(spec?.hosts.find((h) => h.cloud === "azure")).toMatchObject({ key: "azure-vnet", routes: [] });
  });

  it("refuses a stack without an overlay, by name", () => {
    expect(() => overlayLabSpecsFromGraph({ ...udr, resources: udr.resources.filter((r) => r.type !== T.wireGuardOverlay) })).toThrow(OverlayLabTranslationError);
  });
});

describe("readOverlayLabSpec", () => {
  it("reads every router's boot config back, and refuses a spec it cannot run before creating anything", () => {
    const [spec] = overlayLabSpecsFromGraph(udr);
    if (!spec) throw new Error("no spec");
    const boots = readOverlayLabSpec(spec);
    expect(Object.keys(boots["aws-us-east-1a"]?.interfaces ?? {})).toEqual(["wg-aws-0", "wg-aws-1"]);
    const broken = editUserData(spec, () => "#!/bin/sh\n", "azure-2");
    expect(() => readOverlayLabSpec(broken)).toThrow(OverlayLabSpecError);
    expect(() => readOverlayLabSpec(broken)).toThrow(/routers\.azure-2\.userData: user data that does not start with "#cloud-config"/);
  });
});
