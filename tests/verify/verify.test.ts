/**
 * `crosscloud verify` against clouds answered locally: AWS through aws-sdk-client-mock, Azure through nock
 * (shapes and their sources: ./world.ts). Each broken world must fail the right check, by id.
 */
import nock from "nock";
import { CheckResult, VerifyOutcome, formatChecks, runVerify } from "../../verify";
import { StackOutputs } from "../../verify/outputs";
import { AzureLog, World, fakeAwsCredentials, fakeAzureCredential, healthyWorld, installAws, installAzure, loadOutputs, provisioned } from "./world";

const credentials = { aws: fakeAwsCredentials, azure: fakeAzureCredential };

let azureLog: AzureLog;
async function verify(o: StackOutputs, w: World): Promise<CheckResult[]> {
  installAws(w, o.manifest, o.alarmNames);
  azureLog = installAzure(w, o);
  const outcome: VerifyOutcome = await runVerify({ manifest: o.manifest, alarmNames: o.alarmNames, credentials, azureRetryDelayMs: 1, azurePollMs: 0 });
  if (outcome.kind !== "checked") throw new Error(`expected checks, got credential problems: ${JSON.stringify(outcome.problems)}`);
  return outcome.checks;
}

const failed = (checks: readonly CheckResult[]): string[] => checks.filter((c) => c.status === "FAIL").map((c) => c.id);
const evidenceOf = (checks: readonly CheckResult[], id: string): string => (checks.find((c) => c.id === id)?.evidence ?? []).join("\n");

afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("crosscloud verify, dev (VGW, one connection, instance 1 idle by design)", () => {
  const dev = loadOutputs("dev");

  it("passes every check on a healthy deployment, with the idle instance's sessions shown, not failed", async () => {
    const checks = await verify(dev, healthyWorld(dev));
    expect(failed(checks)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual([
      "tunnel-up:a-t1",
      "tunnel-up:a-t2",
      "bgp-peer:a-t1",
      "bgp-peer:a-t2",
      "aws-learns-azure",
      "azure-learns-aws",
      "azure-advertises",
      "alarms:aws",
      "alarms:azure",
    ]);
    expect(evidenceOf(checks, "bgp-peer:a-t1")).toMatch(/Connecting \(the other gateway instance: idle by design\)/);
    expect(evidenceOf(checks, "alarms:aws")).toContain("dev-vpn-a-t1-tunnel-down: OK");
    expect(formatChecks(checks)).toMatch(/9 checks: 9 passed, 0 failed, 0 skipped$/);
    // The gateway operations went through the long-running-operation sequences: results fetched from
    // Location (peer status, 2 × advertised routes) and, for learned routes, one InProgress poll first.
    expect(azureLog.polls).toBe(3 + 3);
    expect(azureLog.requests.filter((r) => r.startsWith("POST"))).toHaveLength(4);
  });

  it("fails the tunnel and its BGP peer, and only those, when one tunnel is down", async () => {
    const w = healthyWorld(dev);
    w.awsTunnels["a-t2"] = { status: "DOWN", accepted: 0 };
    w.azureConnections["a-t2"] = "NotConnected";
    w.azurePeers = w.azurePeers.map((p) => (p.neighbor === "169.254.22.1" ? { ...p, state: "Connecting", routesReceived: 0 } : p));
    w.awsAlarms["dev-vpn-a-t2-tunnel-down"] = "ALARM";
    w.alerts["dev-vpn-a-t2-bgp-peer-down"] = { enabled: true, status: "Unhealthy" };
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["tunnel-up:a-t2", "bgp-peer:a-t2", "alarms:aws", "alarms:azure"]);
    expect(evidenceOf(checks, "tunnel-up:a-t2")).toMatch(/tunnel 198\.51\.100\.\d+: DOWN/);
    expect(evidenceOf(checks, "alarms:aws")).toMatch(/dev-vpn-a-t2-tunnel-down: ALARM \(Threshold Crossed/);
  });

  it("fails when Azure learns a default route from AWS", async () => {
    const w = healthyWorld(dev);
    w.azureLearned.push({ network: "0.0.0.0/0", origin: "EBgp", sourcePeer: "169.254.21.1", asPath: "64512" });
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["azure-learns-aws"]);
    expect(evidenceOf(checks, "azure-learns-aws")).toContain("default route learned: 0.0.0.0/0");
  });

  it("fails when AWS learns a default route from Azure", async () => {
    const w = healthyWorld(dev);
    w.vpcRoutes.push("0.0.0.0/0");
    for (const t of Object.values(w.awsTunnels)) t.accepted = 2;
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["aws-learns-azure"]);
    expect(evidenceOf(checks, "aws-learns-azure")).toMatch(/default route learned: 0\.0\.0\.0\/0/);
  });

  it("fails when a planned prefix is missing on Azure's side", async () => {
    const w = healthyWorld(dev);
    w.azureLearned = w.azureLearned.filter((r) => !(r.network === "10.0.0.0/20" && r.origin === "EBgp"));
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["azure-learns-aws"]);
    expect(evidenceOf(checks, "azure-learns-aws")).toContain("missing: 10.0.0.0/20");
  });

  it("fails when AWS learns a prefix the plan does not have", async () => {
    const w = healthyWorld(dev);
    w.vpcRoutes.push("192.168.50.0/24");
    for (const t of Object.values(w.awsTunnels)) t.accepted = 2;
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["aws-learns-azure"]);
    expect(evidenceOf(checks, "aws-learns-azure")).toContain("unexpected: 192.168.50.0/24");
    expect(evidenceOf(checks, "aws-learns-azure")).toMatch(/accepted 2 route\(s\); the plan has Azure advertise 1/);
  });

  it("fails when an alarm is missing", async () => {
    const w = healthyWorld(dev);
    delete w.awsAlarms["dev-vpn-a-all-tunnels-down"];
    delete w.alerts["dev-vpn-bgp-routes-learned-low"];
    const checks = await verify(dev, w);
    expect(failed(checks)).toEqual(["alarms:aws", "alarms:azure"]);
    expect(evidenceOf(checks, "alarms:aws")).toContain("dev-vpn-a-all-tunnels-down: missing");
    expect(evidenceOf(checks, "alarms:azure")).toContain("dev-vpn-bgp-routes-learned-low: missing");
  });
});

describe("crosscloud verify, prod (TGW, HA VPN, ExpressRoute and Direct Connect)", () => {
  const first = loadOutputs("prod");
  const second = provisioned(first);

  it("skips the interconnect checks while the circuit awaits the provider, and keeps its alerts disabled", async () => {
    const checks = await verify(first, healthyWorld(first));
    expect(failed(checks)).toEqual([]);
    expect(checks.find((c) => c.id === "interconnect")?.status).toBe("SKIP");
    expect(evidenceOf(checks, "alarms:azure")).toMatch(/prod-er-circuit-bgp-availability-low: disabled until the provider provisions the circuit/);
  });

  it("passes with the interconnect as the active path once provisioned", async () => {
    const w = healthyWorld(second);
    for (const a of Object.values(w.alerts)) a.enabled = true;
    const checks = await verify(second, w);
    expect(failed(checks)).toEqual([]);
    expect(checks.filter((c) => ["expressroute-peering", "dx-vif", "active-path:aws", "active-path:azure"].includes(c.id)).map((c) => c.status)).toEqual(["PASS", "PASS", "PASS", "PASS"]);
    expect(evidenceOf(checks, "active-path:aws")).toMatch(/10\.17\.0\.0\/20: via direct-connect-gateway$/m);
  });

  it("fails the ExpressRoute peering (and the Azure path over it) when its BGP sessions are down", async () => {
    const w = healthyWorld(second);
    for (const a of Object.values(w.alerts)) a.enabled = true;
    if (!w.er) throw new Error("prod has ExpressRoute");
    w.er.gatewayPeers = w.er.gatewayPeers.map((p) => ({ ...p, state: "Idle", routesReceived: 0 }));
    w.er.gatewayLearned = [];
    // With ExpressRoute down the TGW falls back to the VPN for Azure's prefixes.
    w.tgwRoutes = w.tgwRoutes.map((r) => ({ ...r, carriers: ["vpn", "vpn"] }));
    const checks = await verify(second, w);
    expect(failed(checks)).toEqual(["expressroute-peering", "active-path:aws", "active-path:azure"]);
    expect(evidenceOf(checks, "expressroute-peering")).toMatch(/192\.168\.100\.1 \(AS 64512\): Idle/);
    expect(evidenceOf(checks, "active-path:aws")).toMatch(/via vpn \(expected direct-connect-gateway\)/);
  });

  it("fails the peering when the circuit's private peering is administratively disabled", async () => {
    const w = healthyWorld(second);
    for (const a of Object.values(w.alerts)) a.enabled = true;
    if (!w.er) throw new Error("prod has ExpressRoute");
    w.er.peeringState = "Disabled";
    const checks = await verify(second, w);
    expect(failed(checks)).toEqual(["expressroute-peering"]);
    expect(evidenceOf(checks, "expressroute-peering")).toContain("AzurePrivatePeering: Disabled");
  });
});
