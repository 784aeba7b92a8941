/**
 * The README's "Day two" section shows `crosscloud verify` output from the healthy dev fixture; this test
 * produces that output (header + checks, exactly as the command prints them) and checks the README holds it,
 * so the README cannot drift from what verify prints. Set WRITE_VERIFY_SAMPLE=1 to print it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import nock from "nock";
import { formatChecks, formatHeader, runVerify } from "../../verify";
import { fakeAwsCredentials, fakeAzureCredential, healthyWorld, installAws, installAzure, loadOutputs } from "./world";

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

it("README shows verify's real output for the healthy dev fixture", async () => {
  const dev = loadOutputs("dev");
  const w = healthyWorld(dev);
  installAws(w, dev.manifest, dev.alarmNames);
  installAzure(w, dev);
  const outcome = await runVerify({ manifest: dev.manifest, alarmNames: dev.alarmNames, credentials: { aws: fakeAwsCredentials, azure: fakeAzureCredential }, azureRetryDelayMs: 1, azurePollMs: 0 });
  if (outcome.kind !== "checked") throw new Error("expected checks");
  const text = `$ pulumi stack output --json --stack dev | crosscloud verify --stack dev\n${formatHeader("dev", dev)}\n${formatChecks(outcome.checks)}`;
  if (process.env["WRITE_VERIFY_SAMPLE"]) process.stdout.write(`${text}\n`);
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  expect(readme).toContain(text);
});
