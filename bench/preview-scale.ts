/**
 * bench/preview-scale: how the offline preview scales with the number of hub spokes.
 *
 * For 10, 100 and 1,000 spokes it previews a prod-like program (TransitGatewayHub + HA SiteToSiteVpn on
 * the TGW + CrossCloudDns) under the recording monitor, and compares it with two floors run under the
 * same monitor and the same simulated clouds:
 * - the floor: the very resources the preview recorded (same classes, names and inputs, secrets still
 *   secret) registered flat, with plain values: no components, no Output wiring, no validation, no
 *   planning. The ratio to it is what crosscloud's own code adds.
 * - the tag floor: as many `aws.ec2.Tag`s as the floor registers resources (the cheapest resource
 *   there is: four inputs, no simulator). It also prices the SDK's per-property work, which grows with
 *   the resource classes the program uses; kept so figures stay comparable with earlier ones.
 *
 * Every measurement runs in its own child process (so peak RSS is that run's own, read from the kernel's
 * maxRSS rather than sampled), after an untimed warm-up of all three programs at a tiny size (so no run is
 * charged for loading provider modules or JIT warm-up that the others then get for free). The three runs
 * of one repetition go one after another. Ratios are of CPU time (user + system), which a shared machine
 * disturbs far less than wall time; each is the median over the repetitions of the ratio within one
 * repetition. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench                 (or: npx tsx bench/preview-scale.ts 10 100 --reps 5)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CrossCloudDns, SiteToSiteVpn, TransitGatewayHub } from "../components";
import { AWS_DEFAULT_AMAZON_ASN, cidr, subBlock } from "../sdk";
import { runPreview } from "../preview/run";
import { PROVIDER_TYPE_PREFIX, ROOT_STACK_TYPE, type RecordedGraph, type WireObject, type WireValue } from "../graph";
import { RESOURCE_REFERENCE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE, isWireObject } from "../graph/wire";

const AWS_POOL = cidr("10.0.0.0/12");
const AZURE_PREFIXES = ["10.16.0.0/16"];

function prodLike(spokes: number): () => Record<string, unknown> {
  return () => {
    const spokeArgs: Record<string, { vpcId: string; cidr: string; subnetIds: Record<string, string>; routeTableIds: Record<string, string> }> = {};
    for (let i = 0; i < spokes; i++) {
      const key = `spoke-${String(i).padStart(4, "0")}`;
      spokeArgs[key] = {
        vpcId: `vpc-${i.toString(16).padStart(17, "0")}`,
        cidr: subBlock(AWS_POOL, 24, i).text,
        subnetIds: { "us-east-1a": `subnet-a${i.toString(16).padStart(16, "0")}`, "us-east-1b": `subnet-b${i.toString(16).padStart(16, "0")}` },
        routeTableIds: { private: `rtb-${i.toString(16).padStart(17, "0")}` },
      };
    }
    const awsPrefixes = Object.values(spokeArgs).map((s) => s.cidr);
    const hub = new TransitGatewayHub("bench", { amazonSideAsn: AWS_DEFAULT_AMAZON_ASN, spokes: spokeArgs, remotePrefixes: AZURE_PREFIXES });
    const vpn = new SiteToSiteVpn("bench-vpn", {
      layout: "ha",
      attachment: "tgw",
      transitGatewayId: hub.transitGatewayId,
      awsRegion: "us-east-1",
      // An AWS VPN announces up to 1000 routes to the customer gateway; Azure accepts 4000.
      awsPrefixes: awsPrefixes.slice(0, 1000),
      azurePrefixes: AZURE_PREFIXES,
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      resourceGroupName: "bench",
      location: "eastus",
      gatewaySubnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet",
    });
    for (const [key, id] of Object.entries(vpn.transitGatewayAttachmentIds)) hub.attachVpn(key, id);
    new CrossCloudDns("bench-dns", {
      awsRegion: "us-east-1",
      vpcId: "vpc-00000000000000000",
      resolverSubnets: { a: { subnetId: "subnet-a0000000000000000", az: "us-east-1a" }, b: { subnetId: "subnet-b0000000000000000", az: "us-east-1b" } },
      resourceGroupName: "bench",
      location: "eastus",
      virtualNetworkId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench/providers/Microsoft.Network/virtualNetworks/hub",
      inboundSubnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench/providers/Microsoft.Network/virtualNetworks/hub/subnets/dns-inbound",
      outboundSubnetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bench/providers/Microsoft.Network/virtualNetworks/hub/subnets/dns-outbound",
      awsPrefixes: [AWS_POOL.text],
      azurePrefixes: AZURE_PREFIXES,
    });
    return { tgw: hub.transitGatewayId };
  };
}

/** One resource of the floor: what the preview registered, minus everything that made it a program. */
interface FloorResource {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: WireObject;
  readonly outputs: WireObject;
}

/** Every resource the preview registered, except the root stack and the default providers (each run creates its own). */
function floorOf(graph: RecordedGraph): FloorResource[] {
  return graph.resources
    .filter((r) => r.type !== ROOT_STACK_TYPE && !r.type.startsWith(PROVIDER_TYPE_PREFIX))
    .map((r) => ({ type: r.type, name: r.name, custom: r.custom, inputs: r.wireInputs, outputs: r.custom ? {} : r.wireOutputs }));
}

/** A recorded wire value back as a plain program value: secrets stay secret, references become their id. */
function fromWire(value: WireValue): unknown {
  if (value === UNKNOWN_VALUE) return undefined;
  if (Array.isArray(value)) return value.map(fromWire);
  if (!isWireObject(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) return pulumi.secret(fromWire(value["value"] as WireValue));
  if (value[SIG_KEY] === RESOURCE_REFERENCE_SIG) return value["id"] ?? value["urn"];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromWire(v as WireValue);
  return out;
}

type ResourceClass = new (name: string, args: Record<string, unknown>) => pulumi.CustomResource;

/** The provider SDK class of a type token (`aws:ec2/route:Route` -> `aws.ec2.Route`), through the class's own `__pulumiType`. */
function classOf(type: string): ResourceClass {
  const [pkg = "", module = "", member = ""] = type.split(":");
  const packages: Record<string, string> = { aws: "@pulumi/aws", "azure-native": "@pulumi/azure-native", random: "@pulumi/random" };
  const packageName = packages[pkg];
  if (packageName === undefined) throw new Error(`the floor cannot build ${type}: unknown package ${pkg}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class is looked up by token
  const root = require(packageName) as Record<string, Record<string, unknown>>;
  const folder = module.split("/")[0] ?? "";
  const namespace = folder === "index" ? (root as Record<string, unknown>) : root[folder];
  const cls = namespace?.[member] as (ResourceClass & { __pulumiType?: string }) | undefined;
  if (cls?.__pulumiType !== type) throw new Error(`the floor cannot build ${type}: no class with that token`);
  return cls;
}

/** A component with no children: registered, then its recorded outputs, as the real one does. */
class BareComponent extends pulumi.ComponentResource {
  constructor(type: string, name: string, outputs: Record<string, unknown>) {
    super(type, name, {});
    this.registerOutputs(outputs);
  }
}

function floor(resources: readonly FloorResource[]): () => void {
  const classes = new Map<string, ResourceClass>();
  for (const r of resources) if (r.custom && !classes.has(r.type)) classes.set(r.type, classOf(r.type));
  return () => {
    for (const r of resources) {
      if (r.custom) {
        const Cls = classes.get(r.type) as ResourceClass;
        new Cls(r.name, fromWire(r.inputs) as Record<string, unknown>);
      } else {
        new BareComponent(r.type, r.name, fromWire(r.outputs) as Record<string, unknown>);
      }
    }
  };
}

/** The tag floor: `count` of the cheapest resource there is. */
function tags(count: number): () => void {
  return () => {
    for (let i = 0; i < count; i++) new aws.ec2.Tag(`bare-${i}`, { resourceId: "vpc-00000000000000000", key: `k${i}`, value: "v" });
  };
}

const KINDS = ["preview", "floor", "tags"] as const;
type Kind = (typeof KINDS)[number];

interface Measurement {
  /** Wall-clock seconds of the run. */
  readonly seconds: number;
  /** CPU seconds (user + system, all threads: the GC's helpers included) of the run. */
  readonly cpuSeconds: number;
  readonly resources: number;
  /** Peak RSS of the whole child process (warm-up and module loading included), in MiB. */
  readonly peakMb: number;
}

/** Child: warm up, then time one run of `kind`. The preview writes its floor to `floorFile`; the floor reads it. */
async function child(kind: Kind, spokes: number, floorFile: string): Promise<void> {
  const warm = await runPreview({ program: prodLike(2), project: "bench", stack: "warm-preview" });
  await runPreview({ program: floor(floorOf(warm)), project: "bench", stack: "warm-floor" });
  await runPreview({ program: tags(10), project: "bench", stack: "warm-tags" });

  const program =
    kind === "preview"
      ? prodLike(spokes)
      : kind === "floor"
        ? floor(JSON.parse(readFileSync(floorFile, "utf8")) as FloorResource[])
        : tags(Number(readFileSync(`${floorFile}.count`, "utf8")));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const graph = await runPreview({ program: program as () => void, project: "bench", stack: `${kind}-${spokes}` });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (kind === "preview") {
    const resources = floorOf(graph);
    writeFileSync(floorFile, JSON.stringify(resources));
    writeFileSync(`${floorFile}.count`, String(resources.length));
  }
  const result: Measurement = { seconds, cpuSeconds, resources: graph.resources.length, peakMb };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(kind: Kind, spokes: number, floorFile: string): Measurement {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1] as string, "--child", kind, String(spokes), floorFile], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const last = out.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as Measurement;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { reps: { type: "string", default: "3" } }, allowPositionals: true });
  const reps = Number(values.reps);
  const sizes = positionals.map(Number);
  if (!Number.isInteger(reps) || reps < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error("usage: preview-scale.ts [--reps N] [SPOKES...]  (positive integers)");
  }
  const counts = sizes.length > 0 ? sizes : [10, 100, 1000];
  const dir = mkdtempSync(join(tmpdir(), "crosscloud-bench-"));
  try {
    console.log(`bench/preview-scale: prod-like preview vs. the same resources registered bare (floor) and vs. as many EC2 tags (tag floor)`);
    console.log(`CPU seconds of each run (user + system) and ratios of them, median of ${reps} repetitions; wall seconds for reference`);
    console.log("spokes  resources  preview CPU s  floor CPU s  ratio  tags CPU s  ratio  preview wall s  peak RSS MB (preview / floor / tags)");
    for (const n of counts) {
      const runs: Record<Kind, Measurement[]> = { preview: [], floor: [], tags: [] };
      for (let r = 0; r < reps; r++) {
        const file = join(dir, `floor-${n}.json`);
        for (const kind of KINDS) runs[kind].push(measure(kind, n, file));
      }
      const cpu = (k: Kind) => median(runs[k].map((m) => m.cpuSeconds));
      const mb = (k: Kind) => median(runs[k].map((m) => m.peakMb));
      // Each ratio pairs the runs of one repetition (taken back to back), then takes the median.
      const ratio = (k: Kind) => median(runs.preview.map((m, i) => m.cpuSeconds / (runs[k][i] as Measurement).cpuSeconds));
      console.log(
        [
          String(n).padStart(6),
          String(runs.preview[0]?.resources ?? 0).padStart(9),
          cpu("preview").toFixed(2).padStart(13),
          cpu("floor").toFixed(2).padStart(11),
          ratio("floor").toFixed(2).padStart(5),
          cpu("tags").toFixed(2).padStart(10),
          ratio("tags").toFixed(2).padStart(5),
          median(runs.preview.map((m) => m.seconds)).toFixed(2).padStart(14),
          `${mb("preview")} / ${mb("floor")} / ${mb("tags")}`,
        ].join("  "),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const [kind, spokes, floorFile] = process.argv.slice(childAt + 1);
  if (!KINDS.includes(kind as Kind) || floorFile === undefined) throw new Error("usage: preview-scale.ts --child <preview|floor|tags> <spokes> <floor file>");
  child(kind as Kind, Number(spokes), floorFile).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main();
}
