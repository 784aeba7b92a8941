/**
 * `crosscloud lab`: previews a stack in-process, builds each VPN's lab spec from the recorded resources,
 * brings the tunnels and BGP up with real strongSwan and FRR in network namespaces, runs the checks and
 * tears everything down. Root and Debian's strongSwan/FRR packages are required; nothing is installed.
 */
import { LabPrerequisiteError, LabUnsupportedError, formatReport, runLab, labSkipReason } from "../lab";
import { labSpecsFromGraph } from "../lab/spec/from-graph";
import { DnsFailoverSpec, DnsFailoverSpecError, dnsFailoverSpecsFromGraph, runDnsFailoverLab } from "../lab/dns-failover";
import { runStackPreview } from "../preview/stack";
import { Command, CommandIo, runCommand } from "./command";

export const LAB_USAGE =
  "usage: crosscloud lab [--stack dev|prod] [--config FILE] [--bfd] [--skip-failover]\n" +
  "  runs the stack's rendered tunnels and BGP sessions with real strongSwan + FRR, and its DNS failover records with unbound, in network namespaces (root)\n" +
  "  --bfd: BFD (300 ms x 3) on every session, to show sub-second failover (neither cloud offers it on VPN)\n" +
  "  --skip-failover: leave out the HA failover check\n" +
  "  --skip-dns-failover: leave out the dns-failover check (run for each Route 53 failover record pair the stack renders)\n" +
  "exit code: 0 every check passed, 1 a check failed, 2 bad usage or missing prerequisites";

const OPTIONS = {
  stack: { type: "string", default: "dev" },
  config: { type: "string", needs: "a file" },
  bfd: { type: "boolean" },
  "skip-failover": { type: "boolean" },
  "skip-dns-failover": { type: "boolean" },
} as const;

export const labCmd: Command<typeof OPTIONS> = {
  name: "lab",
  summary: "prove the rendered tunnels and BGP with real strongSwan and FRR in network namespaces (root)",
  usage: LAB_USAGE,
  options: OPTIONS,
  async run({ values }, io) {
    // Say what is missing before spending time on the preview.
    const missing = labSkipReason();
    if (missing !== undefined) {
      io.stderr.write(`crosscloud lab: ${missing}\n`);
      return 2;
    }
    const bfd = values.bfd;
    const preview = await runStackPreview({ stack: values.stack, policy: false, ...(values.config ? { config: values.config } : {}) });
    const specs = labSpecsFromGraph(preview.graph, { bfd });
    let failed = false;
    for (const spec of specs) {
      io.stdout.write(`crosscloud lab: ${spec.name}: ${spec.tunnels.length} tunnels, AWS AS ${spec.aws.asn} ⇄ Azure AS ${spec.azure.asn}${bfd ? ", BFD" : ""}\n`);
      try {
        const report = await runLab(spec, values["skip-failover"] ? { skip: ["failover"] } : {});
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
    if (!values["skip-dns-failover"]) {
      let dnsSpecs: DnsFailoverSpec[];
      try {
        dnsSpecs = dnsFailoverSpecsFromGraph(preview.graph);
      } catch (e) {
        if (!(e instanceof DnsFailoverSpecError)) throw e;
        io.stderr.write(`crosscloud lab: ${e.message}\n`);
        return 1;
      }
      for (const spec of dnsSpecs) {
        io.stdout.write(`crosscloud lab: dns-failover ${spec.recordName}: TTL ${spec.ttl} s, ${spec.primary.value} → ${spec.secondary.value}\n`);
        try {
          const report = await runDnsFailoverLab(spec);
          io.stdout.write(`${formatReport(report)}\n`);
          if (!report.passed) failed = true;
        } catch (e) {
          if (!(e instanceof DnsFailoverSpecError)) throw e;
          io.stderr.write(`crosscloud lab: ${e.message}\n`);
          failed = true;
        }
      }
    }
    return failed ? 1 : 0;
  },
};

export const labCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(labCmd, argv, io);
