/**
 * The sample stacks through Pulumi's own runner (`@pulumi/pulumi/cmd/run`, launched as the Node.js language
 * host launches it) against the local engine, compared with the in-process preview.
 *
 * Slow by nature: the runner type-checks the program with ts-node (20-45 s cold on a loaded 2-core machine,
 * a few seconds once its cache is warm), so the runs here are few and each proves several things.
 * `npm ci` builds dist/, which is what made `main: stacks/` run the library instead of the stack: these
 * tests run with it present.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SecretValue, UnknownValue, getPath, renderValue, type RecordedGraph, type RecordedResource } from "../../../graph";
import { isWireObject, isWireSecret } from "../../../graph/wire";
import { T } from "../../../graph/types";
import { runEngine, EngineRunError, describeFailure, type EngineRunOptions, type EngineRunResult } from "../../../preview/engine/local-engine";
import { serializePlan } from "../../../preview/plan-json";
import { runPreview } from "../../../preview/run";
import { loadStackConfigFile } from "../../../preview/stack";
import { compareGraphs, formatComparison, isEquivalent } from "./compare";
import { expectNothingLeft } from "./leftovers";

const ROOT = path.resolve(__dirname, "../../..");
const RUNNER_TIMEOUT = 300_000;
const stackConfig = (stack: string): Record<string, string> => loadStackConfigFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const program = (): (() => Promise<Record<string, unknown>>) => require(path.join(ROOT, "stacks")) as () => Promise<Record<string, unknown>>;

async function throughRunner(opts: Omit<EngineRunOptions, "root">): Promise<EngineRunResult> {
  const result = await runEngine({ root: ROOT, ...opts });
  await expectNothingLeft(result);
  return result;
}

function expectOk(result: EngineRunResult): void {
  if (result.outcome !== "ok") throw new EngineRunError(result);
}

const byType = (graph: RecordedGraph, type: string): RecordedResource[] => graph.resources.filter((r) => r.type === type);

beforeAll(() => {
  // With dist/ built, `main: stacks/` ran the library instead of the stack: keep the tests honest about it.
  if (!fs.existsSync(path.join(ROOT, "dist", "index.js"))) throw new Error("build dist/ first (npm run build): these tests run with the library built, as npm ci leaves it");
});

describe.each(["dev", "prod"])("%s through the runner as `pulumi up`", (stack) => {
  it(
    "records the graph the in-process preview records: URNs, types, parents, dependencies, inputs and outputs",
    async () => {
      const config = stackConfig(stack);
      const viaRunner = await throughRunner({ stack, config, dryRun: false });
      expectOk(viaRunner);
      const inProcess = await runPreview({ program: program(), project: "crosscloud", stack, config });

      const c = compareGraphs(inProcess, viaRunner.graph);
      expect(formatComparison(c, ["in-process", "runner"])).toBe("");
      expect(isEquivalent(c)).toBe(true);
      expect(c.outputDifferences).toEqual([]);
      // The contract file, byte for byte.
      expect(serializePlan(viaRunner.graph)).toBe(serializePlan(inProcess));
      expect(viaRunner.graph.resources.length).toBeGreaterThan(stack === "prod" ? 100 : 30);

      // The launch the language host makes: main is a file, so no package.json lookup (which would find dist/).
      expect(viaRunner.argv.slice(-1)).toEqual(["index.ts"]);
      expect(viaRunner.request.programDirectory).toBe(path.join(ROOT, "stacks"));
      expect(viaRunner.session.calls.get("SignalAndWaitForShutdown")).toBe(1);
    },
    RUNNER_TIMEOUT,
  );
});

describe.each(["dev", "prod"])("%s through the runner as `pulumi preview` (dry run)", (stack) => {
  it(
    "registers the same resources with the same known inputs, and the values only a create can give are unknown",
    async () => {
      const config = stackConfig(stack);
      const viaRunner = await throughRunner({ stack, config, dryRun: true });
      expectOk(viaRunner);
      const inProcess = await runPreview({ program: program(), project: "crosscloud", stack, config });
      // Every known value equals the update's: nothing was computed from a value the dry run did not have
      // (prod's DNS rules read resolver IPs, which a shallow model of unknowns turned into "/32").
      const c = compareGraphs(inProcess, viaRunner.graph, { rightIsDryRun: true });
      expect(formatComparison(c, ["in-process", "runner"])).toBe("");

      const vpn = byType(viaRunner.graph, T.awsVpnConnection)[0];
      expect(vpn?.id).toBeUndefined();
      // A tunnel's outside address is AWS's to pick: unknown in a preview, and so is everything built from it.
      expect(vpn?.outputs["tunnel1Address"]).toBeInstanceOf(UnknownValue);
      expect(vpn?.outputs["customerGatewayId"]).toBeInstanceOf(UnknownValue);
      expect(byType(viaRunner.graph, T.azureLng)[0]?.inputs["gatewayIpAddress"]).toBeInstanceOf(UnknownValue);
      // Planned values stay known: the plan's inside CIDRs are inputs.
      expect(renderValue(vpn?.inputs["tunnel1InsideCidr"] ?? null)).toMatch(/^169\.254\.2[12]\.\d+\/30$/);
      expect(viaRunner.graph.stackOutputs["tunnels"]).toBeInstanceOf(UnknownValue);
    },
    RUNNER_TIMEOUT,
  );
});

describe("a program error through the runner", () => {
  it(
    "exits 32 with the runner's report of the config error sent to the engine, and registers nothing after it",
    async () => {
      const result = await throughRunner({ stack: "dev", config: { ...stackConfig("dev"), "crosscloud:profile": "staging" }, dryRun: false });
      expect(result.outcome).toBe("failed");
      expect(result.exitCode).toBe(32);
      expect(result.hostError).toBe("bail");
      const errors = result.logs.filter((l) => l.severity === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toContain("Running program '" + path.join(ROOT, "stacks", "index.ts") + "' failed with an unhandled exception");
      expect(errors[0]?.message).toContain('crosscloud:profile: "staging" is not a composition; set crosscloud:profile to "dev", "prod" or "overlay" [VALUE_INVALID]');
      // Only the root stack: the config is checked before any resource.
      expect(result.graph.resources.map((r) => r.type)).toEqual([T.stack]);
      expect(result.session.calls.get("RegisterResource")).toBe(1);
      expect(result.session.shutdownSignalled).toBe(false);
      expect(describeFailure(result)).toContain("[VALUE_INVALID]");
    },
    RUNNER_TIMEOUT,
  );
});

describe("a secret config value through the runner", () => {
  const SUBSCRIPTION = "5ec2e75e-7f3a-4c1b-9d2e-c0ffee5ec2e7";

  /** Every wire string containing `needle` sits inside a secret wrapper. */
  function plaintextOutsideSecrets(value: unknown, needle: string, at: string, into: string[]): void {
    if (isWireSecret(value)) return;
    if (typeof value === "string") {
      if (value.includes(needle)) into.push(at);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => plaintextOutsideSecrets(v, needle, `${at}[${i}]`, into));
    } else if (isWireObject(value)) {
      for (const [k, v] of Object.entries(value)) plaintextOutsideSecrets(v, needle, `${at}.${k}`, into);
    }
  }

  it(
    "`pulumi config set --secret --path crosscloud:azure.subscriptionId`: reaches the resources as a secret, never as plaintext",
    async () => {
      const config = { ...stackConfig("dev"), "crosscloud:azure": JSON.stringify({ resourceGroupName: "crosscloud-dev", subscriptionId: SUBSCRIPTION }) };
      // The CLI lists the whole structured key as secret when any leaf of it is.
      const result = await throughRunner({ stack: "dev", config, secretKeys: ["crosscloud:azure"], dryRun: false });
      expectOk(result);
      expect(result.request.secretKeys).toEqual(["crosscloud:azure"]);

      // The gateway's BGP peering addresses name its own ip configurations by id, built from the subscription.
      const [gateway] = byType(result.graph, T.azureVng);
      const ipConfigId = getPath(gateway?.inputs, "bgpSettings.bgpPeeringAddresses[0].ipconfigurationId");
      expect(ipConfigId).toBeInstanceOf(SecretValue);
      expect(String((ipConfigId as SecretValue).reveal())).toContain(`/subscriptions/${SUBSCRIPTION}/resourceGroups/crosscloud-dev/`);

      const leaks: string[] = [];
      for (const r of result.graph.resources) {
        plaintextOutsideSecrets(r.wireInputs, SUBSCRIPTION, `${r.urn} inputs`, leaks);
        plaintextOutsideSecrets(r.wireOutputs, SUBSCRIPTION, `${r.urn} outputs`, leaks);
      }
      // What the CLI shows. (The SDK's debug lines, shown only by `pulumi up --debug`, echo each RPC's response
      // with secrets inside their wrappers: the generated PSKs as much as this value.)
      for (const l of result.logs) if (l.severity !== "debug" && l.message.includes(SUBSCRIPTION)) leaks.push(`log: ${l.message.slice(0, 80)}`);
      expect(leaks).toEqual([]);
      const plan = serializePlan(result.graph);
      expect(plan).not.toContain(SUBSCRIPTION);
      expect(plan).toContain("[secret]");
    },
    RUNNER_TIMEOUT,
  );
});

describe("stopping the runner", () => {
  it(
    "on timeout: SIGINT (then SIGKILL), reported as cancelled, with no process or port left",
    async () => {
      const result = await throughRunner({ stack: "dev", config: stackConfig("dev"), dryRun: true, timeoutMs: 300 });
      expect(result.cancelled).toBe(true);
      expect(result.outcome).toBe("failed");
      expect(describeFailure(result)).toContain("the program was stopped after");
    },
    RUNNER_TIMEOUT,
  );
});
