/**
 * `crosscloud lab`: previews a stack in-process, builds each VPN's lab spec from the recorded resources,
 * brings the tunnels and BGP up with real strongSwan and FRR in network namespaces, runs the checks and
 * tears everything down. Root and Debian's strongSwan/FRR packages are required; nothing is installed.
 */
import { LabPrerequisiteError, LabUnsupportedError, formatReport, runLab, labSkipReason } from "../lab";
import { LabReport } from "../lab/report";
import { labSpecsFromGraph } from "../lab/from-preview";
import { runStackPreview } from "./preview/command";

export const LAB_USAGE =
  "usage: crosscloud lab [--stack dev|prod] [--config FILE] [--bfd] [--skip-failover]\n" +
  "  runs the stack's rendered tunnels and BGP sessions with real strongSwan + FRR in network namespaces (root)\n" +
  "  --bfd: BFD (300 ms x 3) on every session, to show sub-second failover (neither cloud offers it on VPN)\n" +
  "  --skip-failover: leave out the HA failover check\n" +
  "exit code: 0 every check passed, 1 a check failed, 2 bad usage or missing prerequisites";

export interface LabCommandResult {
  readonly reports: readonly LabReport[];
}

export async function labCommand(argv: string[], io: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } } = process): Promise<number> {
  let stack = "dev";
  let config: string | undefined;
  let bfd = false;
  let skipFailover = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--stack" && argv[i + 1]) stack = argv[++i] as string;
    else if (a === "--config" && argv[i + 1]) config = argv[++i] as string;
    else if (a === "--bfd") bfd = true;
    else if (a === "--skip-failover") skipFailover = true;
    else if (a === "--help" || a === "-h") {
      io.stdout.write(`${LAB_USAGE}\n`);
      return 0;
    } else {
      io.stderr.write(`crosscloud lab: unexpected argument ${String(a)}\n${LAB_USAGE}\n`);
      return 2;
    }
  }
  // Say what is missing before spending time on the preview.
  const missing = labSkipReason();
  if (missing !== undefined) {
    io.stderr.write(`crosscloud lab: ${missing}\n`);
    return 2;
  }
  const preview = await runStackPreview({ stack, policy: false, ...(config ? { config } : {}) });
  const specs = labSpecsFromGraph(preview.graph, { bfd });
  let failed = false;
  for (const spec of specs) {
    io.stdout.write(`crosscloud lab: ${spec.name}: ${spec.tunnels.length} tunnels, AWS AS ${spec.aws.asn} ⇄ Azure AS ${spec.azure.asn}${bfd ? ", BFD" : ""}\n`);
    try {
      const report = await runLab(spec, skipFailover ? { skip: ["failover"] } : {});
      io.stdout.write(`${formatReport(report)}\n`);
      if (!report.passed) failed = true;
    } catch (e) {
      if (e instanceof LabPrerequisiteError || e instanceof LabUnsupportedError) {
        io.stderr.write(`crosscloud lab: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }
  return failed ? 1 : 0;
}
