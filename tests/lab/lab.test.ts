import { spawn } from "node:child_process";
import { join } from "node:path";
import { LabCheck, LabCheckName, LabReport, LabSpec, formatReport, runLab } from "../../lab";
import { labDescribe } from "../helpers/lab-gate";
import { run } from "../../lab/runtime/exec";
import { findProcesses } from "../../lab/runtime/processes";
import { AWS_ASN, AZURE_ASN, devSpec, haSpec, withTunnel } from "./fixtures";

/**
 * The real thing: strongSwan and FRR in network namespaces (needs root and lab.md's packages).
 * Where root or the packages are missing these tests are skipped, and say why, rather than pass.
 */
const describeLab = labDescribe("tests/lab/lab.test.ts");

const SCENARIO_TIMEOUT_MS = 150_000;

function check(report: LabReport, name: LabCheckName): LabCheck {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`report has no ${name} check:\n${formatReport(report)}`);
  return found;
}

const statuses = (report: LabReport): Record<string, string> => Object.fromEntries(report.checks.map((c) => [c.name, c.status]));

/** Independent of the lab's own teardown check: look for the run's namespaces and daemons. */
async function leftovers(runId: string): Promise<string[]> {
  const namespaces = (await run("ip", ["netns", "list"])).stdout
    .split("\n")
    .map((l) => l.split(" ")[0] ?? "")
    .filter((n) => n.startsWith(`ccl${runId}-`));
  const processes = findProcesses(["charon", "zebra", "bgpd", "bfdd"], `crosscloud-lab-${runId}-`);
  return [...namespaces, ...processes.map((p) => `${p.comm} ${p.pid}`)];
}

async function lab(spec: LabSpec, options: Parameters<typeof runLab>[1] = {}): Promise<LabReport> {
  const report = await runLab(spec, options);
  console.log(formatReport(report));
  expect(check(report, "teardown").status).toBe("pass");
  expect(await leftovers(report.runId)).toEqual([]);
  return report;
}

describeLab("lab: emulated AWS and Azure gateways (strongSwan + FRR)", () => {
  it(
    "dev (1 connection, 2 tunnels, BFD): every check passes, failover in about a second",
    async () => {
      const report = await lab({ ...devSpec(), bfd: true });
      expect(statuses(report)).toEqual({
        "ipsec-sas": "pass",
        "ipsec-rekey": "pass",
        "ike-auth": "pass",
        "ike-proposals": "pass",
        "bgp-sessions": "pass",
        "bgp-prefixes": "pass",
        "preferred-path": "pass",
        // A VGW prefers one tunnel; no interconnect is in the spec.
        ecmp: "skip",
        "interconnect-bgp": "skip",
        "interconnect-preferred": "skip",
        ping: "pass",
        "default-route-filtered": "pass",
        failover: "pass",
        "failover-restore": "pass",
        "interconnect-failover": "skip",
        "interconnect-restore": "skip",
        teardown: "pass",
      });
      expect(report.passed).toBe(true);
      expect(report.negotiatedHoldTimeSeconds).toEqual({ "a-t1": 30, "a-t2": 30 });
      // BFD detects in 900 ms; the hold timer alone would take up to 30 s.
      expect(check(report, "failover").seconds).toBeLessThan(5);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "HA (2 connections, 4 tunnels, cloud BGP timers, both sides initiating): passes, failover within hold + 5 s",
    async () => {
      const report = await lab(haSpec());
      expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
      expect(report.negotiatedHoldTimeSeconds).toEqual({ "a-t1": 30, "a-t2": 30, "b-t1": 30, "b-t2": 30 });
      const failover = check(report, "failover");
      expect(failover.seconds).toBeLessThanOrEqual(35);
      expect(failover.detail).toContain("detector: BGP hold timer 30 s");
      expect(check(report, "preferred-path").detail).toContain("aws → 10.16.0.0/16 via vti0 (a-t1)");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "a wrong pre-shared key on one side is an authentication failure of that tunnel, not a proposal failure",
    async () => {
      const spec = withTunnel({ ...devSpec(), bfd: true }, "a-t2", (t) => ({ ...t, azure: { ...t.azure, sharedKey: "Wrong.key_for_a_t2" } }));
      const report = await lab(spec);
      expect(report.passed).toBe(false);
      expect(check(report, "ike-auth")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
      expect(check(report, "ike-auth").detail).toMatch(/AUTH_FAILED|AUTHENTICATION_FAILED/);
      expect(check(report, "ike-proposals").status).toBe("pass");
      expect(check(report, "ipsec-sas")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
      expect(check(report, "bgp-sessions").status).toBe("skip");
      expect(check(report, "ike-auth").detail).not.toContain("Wrong.key_for_a_t2");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "mismatched proposals (IKE DH group on one tunnel, ESP PFS group on the other) are proposal failures",
    async () => {
      const dev = { ...devSpec(), bfd: true };
      const ike = withTunnel(dev, "a-t1", (t) => ({ ...t, azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, dhGroup: "DHGroup24" } } }));
      const spec = withTunnel(ike, "a-t2", (t) => ({ ...t, azure: { ...t.azure, ipsecPolicy: { ...t.azure.ipsecPolicy, pfsGroup: "PFS24" } } }));
      const report = await lab(spec);
      expect(report.passed).toBe(false);
      expect(check(report, "ike-proposals")).toMatchObject({ status: "fail", tunnels: ["a-t1", "a-t2"] });
      expect(check(report, "ike-auth").status).toBe("pass");
      // The IKE mismatch stops a-t1 at IKE_SA_INIT. The PFS mismatch lets a-t2 come up (its first
      // CHILD SA has no DH exchange) and only fails when a rekey negotiates PFS.
      expect(check(report, "ipsec-sas")).toMatchObject({ status: "fail", tunnels: ["a-t1"] });
      expect(check(report, "ipsec-rekey")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "a PFS mismatch alone brings the tunnels up, then fails the forced rekey as a proposal failure",
    async () => {
      const dev = { ...devSpec(), bfd: true };
      const spec = withTunnel(dev, "a-t2", (t) => ({ ...t, aws: { ...t.aws, phase2DhGroupNumbers: [24] } }));
      const report = await lab(spec);
      expect(report.passed).toBe(false);
      expect(check(report, "ipsec-sas").status).toBe("pass");
      expect(check(report, "ipsec-rekey")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
      expect(check(report, "ike-proposals")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
      expect(check(report, "bgp-sessions").status).toBe("skip");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "swapped ASNs on the Azure side (LNG asn = Azure's own) fail BGP with Bad Peer AS while IPsec is fine",
    async () => {
      const dev = { ...devSpec(), bfd: true };
      const spec: LabSpec = {
        ...dev,
        tunnels: dev.tunnels.map((t) => ({ ...t, azure: { ...t.azure, localNetworkGateway: { ...t.azure.localNetworkGateway, asn: AZURE_ASN } } })),
      };
      const report = await lab(spec);
      expect(report.passed).toBe(false);
      expect(check(report, "ipsec-sas").status).toBe("pass");
      expect(check(report, "bgp-sessions")).toMatchObject({ status: "fail", tunnels: ["a-t1", "a-t2"] });
      expect(check(report, "bgp-sessions").detail).toContain("Bad Peer AS");
      expect(check(report, "ping").status).toBe("skip");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    "a wrong LNG bgpPeeringAddress fails that tunnel's BGP session",
    async () => {
      const spec = withTunnel({ ...devSpec(), bfd: true }, "a-t2", (t) => ({
        ...t,
        azure: { ...t.azure, localNetworkGateway: { bgpPeeringAddress: "169.254.22.5", asn: AWS_ASN } },
      }));
      // Nothing is definitive here (no OPEN is ever refused), so the wait runs to its deadline.
      const report = await lab(spec, { timeouts: { bgpSessionsSeconds: 12 } });
      expect(check(report, "ipsec-sas").status).toBe("pass");
      expect(check(report, "bgp-sessions")).toMatchObject({ status: "fail", tunnels: ["a-t2"] });
      expect(check(report, "bgp-sessions").detail).toContain("a-t1: Established");
    },
    SCENARIO_TIMEOUT_MS,
  );

  it.each(["SIGINT", "SIGTERM"] as const)(
    "tears everything down when the process gets %s mid-run",
    async (signal) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "support", "interrupt-child.ts")], {
        cwd: join(__dirname, "..", ".."),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once("exit", (code, sig) => resolve({ code, signal: sig })),
      );
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never got FRR up:\n${output}`)), 60_000);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("FRR up in both routers")) {
            clearTimeout(timer);
            child.kill(signal);
            resolve();
          }
        });
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      });
      const result = await exited;
      const runId = /prefix ccl([0-9a-f]{6})/.exec(output)?.[1];
      expect(runId).toBeDefined();
      // The lab hands the signal back once it has cleaned up, so the child dies of it.
      expect(result).toEqual({ code: null, signal });
      expect(output).toContain("tearing down");
      expect(await leftovers(runId ?? "none")).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
