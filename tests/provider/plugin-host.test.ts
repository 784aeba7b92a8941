/**
 * Starts the package as the Pulumi CLI starts a source-based Node plugin, and asks it for its schema
 * over gRPC. The CLI's Node language host runs `node <@pulumi/pulumi/cmd/run-plugin> <plugin dir> …`
 * in the consumer's directory; the runner loads package.json's `main`, finds the exported components
 * and serves them through `componentProviderHost`, printing its port on the first stdout line.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest } from "@pulumi/pulumi/proto/provider_pb";
import { parse } from "yaml";
import { PACKAGE_NAME, SCHEMA_FILE, packageRoot } from "../../provider";
import { RunningPack, spawnPack } from "../../check";

const root = packageRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string; main: string };
const CALL_TIMEOUT_MS = 240_000; // the first GetSchema type-checks the whole package: tens of seconds on a busy machine

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function unary<Res>(call: (deadline: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => call({ deadline: Date.now() + CALL_TIMEOUT_MS }, (err, res) => (err ? reject(err) : resolve(res))));
}

describe("the package as a Pulumi plugin (PulumiPlugin.yaml, runtime nodejs)", () => {
  let host: RunningPack | undefined;
  let client: ResourceProviderClient | undefined;
  let consumerDir: string | undefined;

  beforeAll(async () => {
    const main = path.join(root, manifest.main);
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: the language host runs the built package (\`npm run build\`; \`npm ci\` runs it)`);
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "crosscloud-consumer-"));
    consumerDir = cwd;
    host = await spawnPack({
      command: {
        executable: process.execPath,
        args: [require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [root] }), root],
        cwd,
      },
    });
    client = new ResourceProviderClient(host.address, grpc.credentials.createInsecure());
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await host?.close();
    if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
  });

  it("declares the Node runtime in PulumiPlugin.yaml and is named like its type tokens", () => {
    expect(parse(fs.readFileSync(path.join(root, "PulumiPlugin.yaml"), "utf8"))).toEqual({ runtime: "nodejs" });
    expect(manifest.name).toBe(PACKAGE_NAME);
  });

  it("answers GetSchema with the schema in schema.json", async () => {
    const c = client as ResourceProviderClient;
    const res = await unary<{ getSchema(): string }>((opts, cb) => c.getSchema(new GetSchemaRequest(), new grpc.Metadata(), opts, cb));
    expect(JSON.parse(res.getSchema())).toEqual(JSON.parse(fs.readFileSync(path.join(root, SCHEMA_FILE), "utf8")));
  }, CALL_TIMEOUT_MS + 10_000);

  it("answers GetPluginInfo with the package version", async () => {
    const c = client as ResourceProviderClient;
    const info = await unary<{ getVersion(): string }>((opts, cb) => c.getPluginInfo(new Empty(), new grpc.Metadata(), opts, cb));
    expect(info.getVersion()).toBe(manifest.version);
  });

  it("stops on SIGTERM and leaves no process behind", async () => {
    const pid = (host as RunningPack).pid;
    expect(alive(pid)).toBe(true);
    client?.close();
    client = undefined;
    await host?.close();
    expect(alive(pid)).toBe(false);
  });
});
