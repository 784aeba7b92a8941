import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { estimateDag } from "../../preview/dag-estimate";
import { assertNoSecretLeak, buildPlan, SecretLeakError, serializePlan } from "../../preview/plan-json";
import type { RecordedGraph, RecordedResource } from "../../graph";
import { renderTree } from "../../preview/render-tree";
import { PreviewRunError, runPreview } from "../../preview/run";
import { getPath, SecretValue } from "../../graph";
import { MINI_CONFIG, MINI_SECRET_KEYS, miniProgram } from "./fixtures/mini-program";

const ROOT = "urn:pulumi:dev::crosscloud::pulumi:pulumi:Stack::crosscloud-dev";
const LINK = "urn:pulumi:dev::crosscloud::crosscloud:index:Link::link";
/** URN of a child of the Link component. */
const linkChild = (type: string, name: string): string => `urn:pulumi:dev::crosscloud::crosscloud:index:Link$${type}::${name}`;

function preview(overrides: Partial<Parameters<typeof runPreview>[0]> = {}): Promise<RecordedGraph> {
  return runPreview({ project: "crosscloud", stack: "dev", program: miniProgram(), config: MINI_CONFIG, secretKeys: MINI_SECRET_KEYS, ...overrides });
}

function find(graph: RecordedGraph, type: string, name: string): RecordedResource {
  const r = graph.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}`);
  return r;
}

function reveal(value: unknown): unknown {
  if (!(value instanceof SecretValue)) throw new Error("not a secret");
  return value.reveal();
}

describe("runPreview", () => {
  let graph: RecordedGraph;
  beforeAll(async () => {
    graph = await preview();
  });

  it("runs the program under a root stack: top-level resources are its children, component children are the component's", () => {
    const root = graph.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    expect(root).toMatchObject({ urn: ROOT, name: "crosscloud-dev", parent: undefined, custom: false });
    expect(find(graph, "aws:ec2transitgateway/transitGateway:TransitGateway", "tgw")).toMatchObject({
      urn: "urn:pulumi:dev::crosscloud::aws:ec2transitgateway/transitGateway:TransitGateway::tgw",
      parent: ROOT,
    });
    expect(find(graph, "crosscloud:index:Link", "link").parent).toBe(ROOT);
    expect(find(graph, "aws:ec2/vpnConnection:VpnConnection", "link-vpn")).toMatchObject({
      urn: "urn:pulumi:dev::crosscloud::crosscloud:index:Link$aws:ec2/vpnConnection:VpnConnection::link-vpn",
      parent: LINK,
    });
    expect(graph.resources).toHaveLength(13);
    expect(graph.failures).toEqual([]);
    expect(graph.unsimulatedTypes).toEqual([]);
  });

  it("makes the program's return value the stack outputs, with config read through pulumi.Config and secret config kept secret", () => {
    const { env, adminKey, tunnel1Address, psk } = graph.stackOutputs;
    expect(env).toBe("dev");
    expect(reveal(adminKey)).toBe("correct-horse-battery");
    expect(tunnel1Address).toBe(getPath(find(graph, "aws:ec2/vpnConnection:VpnConnection", "link-vpn").outputs, "tunnel1Address"));
    expect(reveal(psk)).toBe(reveal(getPath(find(graph, "random:index/randomPassword:RandomPassword", "link-psk").outputs, "result")));
    // aws:region from the config reached the simulated provider.
    expect(getPath(find(graph, "aws:ec2transitgateway/transitGateway:TransitGateway", "tgw").outputs, "region")).toBe("eu-west-1");
  });

  it("records cross-cloud wiring as dependencies: AWS customer gateway on the Azure public IP, never on the 45-minute gateway", () => {
    const pip = find(graph, "azure-native:network:PublicIPAddress", "pip0");
    const cgw = find(graph, "aws:ec2/customerGateway:CustomerGateway", "link-cgw");
    const vng = find(graph, "azure-native:network:VirtualNetworkGateway", "vng");
    const conn = find(graph, "azure-native:network:VirtualNetworkGatewayConnection", "link-t1-conn");
    const lng = find(graph, "azure-native:network:LocalNetworkGateway", "link-t1-lng");
    expect(cgw.propertyDependencies["ipAddress"]).toEqual([pip.urn]);
    expect(cgw.dependencies).not.toContain(vng.urn);
    expect(conn.propertyDependencies["virtualNetworkGateway1"]).toEqual([vng.urn]);
    expect(conn.propertyDependencies["localNetworkGateway2"]).toEqual([lng.urn]);
    expect(getPath(conn.inputs, "localNetworkGateway2.id")).toBe(lng.id);
  });

  it("prints a pulumi-preview-style tree and summary", () => {
    expect(renderTree(graph)).toBe(
      [
        "     Type                                                        Name",
        " +   pulumi:pulumi:Stack                                         crosscloud-dev",
        " +   ├─ crosscloud:index:Link                                    link",
        " +   │  ├─ random:index/randomPassword:RandomPassword            link-psk",
        " +   │  ├─ aws:ec2/customerGateway:CustomerGateway               link-cgw",
        " +   │  ├─ aws:ec2/vpnConnection:VpnConnection                   link-vpn",
        " +   │  ├─ azure-native:network:LocalNetworkGateway              link-t1-lng",
        " +   │  └─ azure-native:network:VirtualNetworkGatewayConnection  link-t1-conn",
        " +   ├─ aws:ec2transitgateway/transitGateway:TransitGateway      tgw",
        " +   ├─ azure-native:resources:ResourceGroup                     rg",
        " +   ├─ azure-native:network:PublicIPAddress                     pip0",
        " +   ├─ azure-native:network:VirtualNetwork                      vnet",
        " +   ├─ azure-native:network:Subnet                              gw-subnet",
        " +   └─ azure-native:network:VirtualNetworkGateway               vng",
        "",
        "Resources:",
        "    + 13 to create",
        "    13 total",
        "",
        "Resources by type:",
        "    1  aws:ec2/customerGateway:CustomerGateway",
        "    1  aws:ec2/vpnConnection:VpnConnection",
        "    1  aws:ec2transitgateway/transitGateway:TransitGateway",
        "    1  azure-native:network:LocalNetworkGateway",
        "    1  azure-native:network:PublicIPAddress",
        "    1  azure-native:network:Subnet",
        "    1  azure-native:network:VirtualNetwork",
        "    1  azure-native:network:VirtualNetworkGateway",
        "    1  azure-native:network:VirtualNetworkGatewayConnection",
        "    1  azure-native:resources:ResourceGroup",
        "    1  crosscloud:index:Link",
        "    1  pulumi:pulumi:Stack",
        "    1  random:index/randomPassword:RandomPassword",
        "",
      ].join("\n"),
    );
  });

  it("writes plan.json per the contract: five keys, URN order, secrets as [secret] everywhere", () => {
    const plan = buildPlan(graph, {
      violations: [
        { policy: "z-policy", level: "advisory", urn: LINK, message: "b" },
        { policy: "a-policy", level: "mandatory", urn: LINK, message: "a" },
      ],
    });
    expect(Object.keys(plan)).toEqual(["stack", "resources", "violations", "outputs", "cost"]);
    expect(plan.stack).toBe("dev");
    const urns = plan.resources.map((r) => r.urn);
    expect(urns).toEqual([...urns].sort());
    expect(plan.violations.map((v) => v.policy)).toEqual(["a-policy", "z-policy"]);
    const root = plan.resources.find((r) => r.urn === ROOT);
    expect(root?.parent).toBeNull();
    const vpn = plan.resources.find((r) => r.name === "link-vpn");
    expect(Object.keys(vpn ?? {})).toEqual(["urn", "type", "name", "id", "parent", "dependencies", "inputs", "outputs"]);
    expect(vpn?.inputs["tunnel1PresharedKey"]).toBe("[secret]");
    expect(vpn?.outputs["tunnel1PresharedKey"]).toBe("[secret]");
    expect(vpn?.outputs["customerGatewayConfiguration"]).toBe("[secret]");
    expect(plan.resources.find((r) => r.name === "link-t1-conn")?.inputs["sharedKey"]).toBe("[secret]");
    expect(plan.outputs).toEqual({ adminKey: "[secret]", env: "dev", psk: "[secret]", tunnel1Address: graph.stackOutputs["tunnel1Address"] });
  });

  it("refuses to serialise a plan in which a secret's plaintext appears, naming where the secret came from", () => {
    const text = serializePlan(graph);
    const psk = String(reveal(getPath(find(graph, "random:index/randomPassword:RandomPassword", "link-psk").outputs, "result")));
    expect(text).not.toContain(psk);
    expect(text).not.toContain("correct-horse-battery");
    expect(() => assertNoSecretLeak(`${text}{"oops": "${psk}"}`, graph)).toThrow(
      new SecretLeakError([
        `${linkChild("aws:ec2/vpnConnection:VpnConnection", "link-vpn")} inputs.tunnel1PresharedKey`,
        `${linkChild("aws:ec2/vpnConnection:VpnConnection", "link-vpn")} outputs.tunnel1PresharedKey`,
        `${linkChild("azure-native:network:VirtualNetworkGatewayConnection", "link-t1-conn")} inputs.sharedKey`,
        `${linkChild("azure-native:network:VirtualNetworkGatewayConnection", "link-t1-conn")} outputs.sharedKey`,
        `${linkChild("random:index/randomPassword:RandomPassword", "link-psk")} outputs.result`,
        `${LINK} outputs.psk`,
        `${ROOT} outputs.psk`,
      ]),
    );
  });

  it("estimates the first deployment by the longest weighted path: the VPN gateway's 45 minutes dominate", () => {
    const estimate = estimateDag(graph);
    // Resource group, VNet and subnet take seconds (0 min); the gateway and its connection dominate.
    expect(estimate.totalMinutes).toBe(46);
    expect(estimate.criticalPath.filter((s) => s.minutes > 0).map((s) => [s.name, s.minutes, s.start, s.finish])).toEqual([
      ["vng", 45, 0, 45],
      ["link-t1-conn", 1, 45, 46],
    ]);
    // The AWS side runs in parallel: the VPN connection is done long before the gateway.
    expect(estimate.schedule[linkChild("aws:ec2/vpnConnection:VpnConnection", "link-vpn")]).toEqual({ start: 1, finish: 6 });
    // A component finishes with its last child.
    expect(estimate.schedule[LINK]).toEqual({ start: 0, finish: 46 });
  });

  it("is deterministic and repeatable: a second run in the same process gives the same plan, tree and estimate", async () => {
    const again = await preview();
    expect(serializePlan(again)).toBe(serializePlan(graph));
    expect(renderTree(again)).toBe(renderTree(graph));
    expect(estimateDag(again)).toEqual(estimateDag(graph));
  });

  it("isolates runs: config and stack name do not leak from one run into the next, even when started together", async () => {
    const [prod, bare] = await Promise.all([
      preview({ stack: "prod", config: { ...MINI_CONFIG, "crosscloud:env": "prod" } }),
      preview({ config: { "crosscloud:env": "dev", "crosscloud:adminKey": "x-secret-x" }, secretKeys: [] }),
    ]);
    expect(prod.stackOutputs["env"]).toBe("prod");
    expect(prod.resources.every((r) => r.urn.startsWith("urn:pulumi:prod::crosscloud::"))).toBe(true);
    // Without aws:region the simulated AWS provider falls back to us-east-1.
    expect(getPath(find(bare, "aws:ec2transitgateway/transitGateway:TransitGateway", "tgw").outputs, "region")).toBe("us-east-1");
    expect(reveal(bare.stackOutputs["adminKey"])).toBe("x-secret-x");
  });

  it("rejects with the program's own error when the program throws", async () => {
    const boom = new Error("config crosscloud:mode must be dev or ha");
    await expect(
      runPreview({
        project: "crosscloud",
        stack: "dev",
        program: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });

  it("rejects listing the registration a simulated provider refused", async () => {
    await expect(preview({ program: miniProgram({ tunnel1InsideCidr: "169.254.21.0/29" }) })).rejects.toThrow(
      new PreviewRunError([
        `register ${linkChild("aws:ec2/vpnConnection:VpnConnection", "link-vpn")}: link-vpn: tunnel1InsideCidr 169.254.21.0/29 is not a /30; AWS would reject it`,
      ]),
    );
  });

  it("rejects when the program awaits an invoke the simulation does not know", async () => {
    await expect(
      runPreview({
        project: "crosscloud",
        stack: "dev",
        program: async () => {
          const vpc = await aws.ec2.getVpc({ default: true });
          return { vpcId: vpc.id };
        },
      }),
    ).rejects.toThrow("the offline preview has no simulation for invoke 'aws:ec2/getVpc:getVpc'");
  });

  it("runs with isDryRun() false by default and true when asked", async () => {
    const seen: boolean[] = [];
    for (const previewMode of [false, true]) {
      await runPreview({
        project: "crosscloud",
        stack: "dev",
        preview: previewMode,
        program: () => {
          seen.push(pulumi.runtime.isDryRun());
        },
      });
    }
    expect(seen).toEqual([false, true]);
  });

  it("turns an exception thrown inside apply() into a rejection (checked in a real Node process)", () => {
    const repo = path.resolve(__dirname, "../..");
    const run = spawnSync(path.join(repo, "node_modules/.bin/tsx"), [path.join(__dirname, "fixtures/apply-throws.ts")], {
      cwd: repo,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({
      outcome: "rejected",
      name: "PreviewRunError",
      errors: ["cannot plan subnets for vpc-09682fdf56039d0c6"],
    });
  });
});
