/**
 * Tags on everything taggable, from one place (issue 13): every resource of both sample stacks' plan.json whose
 * provider type takes `tags` carries the stack's tags (`crosscloud:tags` plus `crosscloud:environment`), and
 * every such AWS resource a `Name`, which the AWS consoles list resources by. Which types take tags is read
 * from the installed provider SDKs' type definitions (the project's ground truth), not from a list kept here.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { PlanFile, PlanFileResource, previewStack } from "./stack-preview";

const ROOT = path.join(__dirname, "..", "..");

/** The `.d.ts` file that declares a provider resource type token's class. */
function definitionFile(type: string): string | undefined {
  const [pkg, mod, cls] = type.split(":");
  if (pkg === undefined || mod === undefined || cls === undefined) return undefined;
  if (pkg === "aws" || pkg === "random") {
    // aws:ec2/vpnConnection:VpnConnection → @pulumi/aws/ec2/vpnConnection.d.ts (`index/…` lives at the root)
    const [dir, file] = mod.split("/");
    return path.join(ROOT, "node_modules/@pulumi", pkg, dir === "index" ? "" : (dir ?? ""), `${file ?? ""}.d.ts`);
  }
  if (pkg === "azure-native") return path.join(ROOT, "node_modules/@pulumi/azure-native", mod, `${cls.charAt(0).toLowerCase()}${cls.slice(1)}.d.ts`);
  return undefined;
}

const takesTagsCache = new Map<string, boolean>();
/** Whether the type's constructor args (`<Class>Args`) have a `tags` input. */
function takesTags(type: string): boolean {
  const cached = takesTagsCache.get(type);
  if (cached !== undefined) return cached;
  const file = definitionFile(type);
  if (file === undefined) throw new Error(`no provider type definition for ${type}`);
  const text = fs.readFileSync(file, "utf8");
  const cls = type.split(":")[2] as string;
  const start = text.indexOf(`export interface ${cls}Args {`);
  if (start < 0) throw new Error(`${file} declares no ${cls}Args`);
  const body = text.slice(start, text.indexOf("\n}", start));
  const result = /^\s+tags\?: /m.test(body);
  takesTagsCache.set(type, result);
  return result;
}

function stackTags(stack: string): Record<string, string> {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const network = doc.config["crosscloud:network"] as { environment: string };
  return { ...(doc.config["crosscloud:tags"] as Record<string, string>), "crosscloud:environment": network.environment };
}

const isProviderResource = (r: PlanFileResource): boolean => !r.type.startsWith("crosscloud:") && !r.type.startsWith("pulumi:");

describe.each(["dev", "prod"])("tags of the %s stack", (stack) => {
  let plan: PlanFile;
  beforeAll(async () => {
    plan = (await previewStack(stack, false)).plan;
  }, 120_000);

  it("reads the provider definitions right: known taggable and untaggable types", () => {
    expect(["aws:ec2/vpnConnection:VpnConnection", "aws:directconnect/gateway:Gateway", "azure-native:network:VirtualNetworkGateway", "azure-native:privatedns:VirtualNetworkLink"].map(takesTags)).toEqual([true, true, true, true]);
    expect(["aws:ec2/route:Route", "aws:directconnect/gatewayAssociation:GatewayAssociation", "azure-native:network:Subnet", "random:index/randomPassword:RandomPassword"].map(takesTags)).toEqual([false, false, false, false]);
  });

  it("gives every resource whose type takes tags the stack's tags, and every such AWS resource a Name", () => {
    const tags = stackTags(stack);
    const taggable = plan.resources.filter((r) => isProviderResource(r) && takesTags(r.type));
    expect(taggable.length).toBeGreaterThan(stack === "dev" ? 10 : 60);
    const wrong = taggable.flatMap((r) => {
      const given = (r.inputs["tags"] ?? {}) as Record<string, unknown>;
      const problems: string[] = [];
      for (const [k, v] of Object.entries(tags)) if (given[k] !== v) problems.push(`${k}=${String(given[k])}`);
      if (r.type.startsWith("aws:") && (typeof given["Name"] !== "string" || given["Name"] === "")) problems.push("no Name");
      return problems.length > 0 ? [`${r.type} ${r.name}: ${problems.join(", ")}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it("names each AWS resource after itself, so the console and the stack agree", () => {
    const mismatched = plan.resources
      .filter((r) => r.type.startsWith("aws:") && takesTags(r.type))
      .map((r) => [r.name, (r.inputs["tags"] as Record<string, string>)["Name"]] as const)
      // A created VPC/subnet/route table is named after its key (`dev-app`), the rest after their logical name.
      .filter(([name, tag]) => tag !== name && !name.startsWith(`${tag ?? "\u0000"}-`));
    expect(mismatched).toEqual([]);
  });
});
