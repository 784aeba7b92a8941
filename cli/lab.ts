/**
 * `crosscloud lab`: previews a stack in-process and proves what it rendered with real daemons in network
 * namespaces. Each SiteToSiteVpn becomes an IPsec lab (strongSwan + FRR: tunnels, BGP); each
 * WireGuardOverlay an overlay lab (wireguard-go + FRR from the routers' rendered cloud-init: handshakes,
 * eBGP + BFD, MTU, MSS clamp, sub-second failover). Root and Debian's packages are required; nothing is
 * installed.
 */
import { LabPrerequisiteError, LabUnsupportedError, formatReport, labSkipReason, runLab, type LabKind } from "../lab";
import { overlayLabSpecsFromGraph } from "../lab/overlay/from-graph";
import { runOverlayLab } from "../lab/overlay/run";
import { labSpecsFromGraph } from "../lab/spec/from-graph";
import { DnsFailoverSpec, DnsFailoverSpecError, dnsFailoverSpecsFromGraph, runDnsFailoverLab } from "../lab/dns-failover";
import { CrossCloudDnsLabSpec, DnsLabSpecError, dnsLabSpecsFromGraph, hasCrossCloudDnsEndpoints, runCrossCloudDnsLab } from "../lab/dns";
import { T, TYPE, getPath } from "../graph";
import { join } from "node:path";
import { secondPassConfig } from "./lab-pass2";
import { packageRoot, runStackPreview } from "../preview/stack";
import { Command, CommandIo, runCommand } from "./command";

export const LAB_USAGE =
  "usage: crosscloud lab [--stack dev|prod|overlay] [--config FILE] [--bfd] [--skip-failover] [--skip-dns] [--skip-dns-failover] [--as-configured]\n" +
  "  runs the stack's rendered tunnels and BGP sessions with real strongSwan + FRR in network namespaces (root),\n" +
  "  its WireGuard overlay's routers from their rendered cloud-init with wireguard-go + FRR,\n" +
  "  and its cross-cloud DNS (resolver endpoints, rules, private zones) and DNS failover records with unbound\n" +
  "  --bfd: BFD (300 ms x 3) on every IPsec session, to show sub-second failover (neither cloud offers it on VPN)\n" +
  "  --skip-failover: leave out the failover check\n" +
  "  --skip-dns: leave out the cross-cloud DNS checks (run for each CrossCloudDns that renders resolver endpoints)\n" +
  "  --skip-dns-failover: leave out the dns-failover check (run for each Route 53 failover record pair the stack renders)\n" +
  "  --as-configured: with an ExpressRoute connection still pending (providerProvisioned: false), emulate that first pass\n" +
  "    as it is (VPN only) instead of previewing the second pass, which renders the connection, and proving its interconnect\n" +
  "exit code: 0 every check passed, 1 a check failed, 2 bad usage or missing prerequisites";

const OPTIONS = {
  stack: { type: "string", default: "dev" },
  config: { type: "string", needs: "a file" },
  bfd: { type: "boolean" },
  "skip-failover": { type: "boolean" },
  "skip-dns": { type: "boolean" },
  "skip-dns-failover": { type: "boolean" },
  "as-configured": { type: "boolean" },
} as const;

export const labCmd: Command<typeof OPTIONS> = {
  name: "lab",
  summary: "prove the rendered tunnels, overlay and BGP with real daemons in network namespaces (root)",
  usage: LAB_USAGE,
  options: OPTIONS,
  async run({ values }, io) {
    const bfd = values.bfd;
    const skipFailover = values["skip-failover"];
    let preview = await runStackPreview({ stack: values.stack, policy: false, ...(values.config ? { config: values.config } : {}) });
    // An interconnect whose ExpressRoute connection is still pending: prove the second pass's (see lab-pass2.ts).
    const pending = preview.graph.resources.some((r) => r.type === TYPE.ExpressRouteInterconnect && getPath(r.outputs, "expressRouteStatus") === "awaiting-provider");
    if (pending && !values["as-configured"]) {
      const pass2 = secondPassConfig(values.config ?? join(packageRoot(), "stacks", `Pulumi.${values.stack}.yaml`));
      try {
        preview = await runStackPreview({ stack: values.stack, policy: false, config: pass2.file });
      } finally {
        pass2.cleanup();
      }
      io.stdout.write("crosscloud lab: the ExpressRoute connection is pending in this config (providerProvisioned: false); proving the second pass (providerProvisioned: true), which renders it (--as-configured: the first pass as it is)\n");
    }
    const has = (type: string): boolean => preview.graph.resources.some((r) => r.type === type);
    const crossCloudDns = !values["skip-dns"] && hasCrossCloudDnsEndpoints(preview.graph);
    const kinds: LabKind[] = [
      ...(has(T.siteToSiteVpn) ? (["ipsec"] as const) : []),
      ...(has(T.wireGuardOverlay) ? (["overlay"] as const) : []),
      ...(crossCloudDns || (!values["skip-dns-failover"] && preview.graph.resources.some((r) => r.type === T.awsRoute53Record && getPath(r.inputs, "failoverRoutingPolicies") !== undefined)) ? (["dns"] as const) : []),
    ];
    if (kinds.length === 0) {
      io.stderr.write(`crosscloud lab: stack "${values.stack}" has no SiteToSiteVpn, WireGuardOverlay, CrossCloudDns resolver endpoints or DNS failover record to bring up\n`);
      return 2;
    }
    // Say what is missing before building anything.
    for (const kind of kinds) {
      const missing = labSkipReason(undefined, kind);
      if (missing !== undefined) {
        io.stderr.write(`crosscloud lab: ${missing}\n`);
        return 2;
      }
    }
    let failed = false;
    try {
      if (kinds.includes("ipsec")) {
        for (const spec of labSpecsFromGraph(preview.graph, { bfd })) {
          const ic = spec.interconnect;
          const icText = ic ? (ic.expressRouteConnected ? `; interconnect ${ic.name}: MSEE AS ${ic.msee.asn} ⇄ provider AS ${ic.provider.asn} ⇄ DX gateway AS ${ic.dxGateway.asn}` : `; interconnect ${ic.name} pending (no ExpressRoute connection rendered)`) : "";
          io.stdout.write(`crosscloud lab: ${spec.name}: ${spec.tunnels.length} tunnels${spec.ecmp ? " (ECMP)" : ""}, AWS AS ${spec.aws.asn} ⇄ Azure AS ${spec.azure.asn}${bfd ? ", BFD" : ""}${icText}\n`);
          const report = await runLab(spec, skipFailover ? { skip: ["failover"] } : {});
          io.stdout.write(`${formatReport(report)}\n`);
          if (!report.passed) failed = true;
        }
      }
      if (kinds.includes("overlay")) {
        for (const spec of overlayLabSpecsFromGraph(preview.graph)) {
          const count = (cloud: "aws" | "azure"): number => spec.routers.filter((r) => r.cloud === cloud).length;
          const vnet = spec.routeServer ? `Route Server AS ${spec.routeServer.asn} at ${spec.routeServer.ips.join(", ")}` : "UDRs";
          io.stdout.write(`crosscloud lab: ${spec.name}: WireGuard overlay, ${count("aws")} AWS ⇄ ${count("azure")} Azure routers from their rendered cloud-init, VNet routes by ${vnet}\n`);
          const report = await runOverlayLab(spec, skipFailover ? { skipFailover: true } : {});
          io.stdout.write(`${formatReport(report)}\n`);
          if (!report.passed) failed = true;
        }
      }
      if (crossCloudDns) {
        let specs: CrossCloudDnsLabSpec[];
        try {
          specs = dnsLabSpecsFromGraph(preview.graph);
        } catch (e) {
          if (!(e instanceof DnsLabSpecError)) throw e;
          io.stderr.write(`crosscloud lab: ${e.message}\n`);
          return 1;
        }
        for (const spec of specs) {
          io.stdout.write(`crosscloud lab: dns ${spec.name}: Route 53 (${spec.aws.network}) ⇄ Azure DNS Private Resolver (${spec.azure.network}), ${spec.aws.rules.length} + ${spec.azure.rules.length} forwarding rules\n`);
          try {
            const report = await runCrossCloudDnsLab(spec);
            io.stdout.write(`${formatReport(report)}\n`);
            if (!report.passed) failed = true;
          } catch (e) {
            if (!(e instanceof DnsLabSpecError)) throw e;
            io.stderr.write(`crosscloud lab: ${e.message}\n`);
            failed = true;
          }
        }
      }
      if (kinds.includes("dns") && !values["skip-dns-failover"]) {
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
    } catch (e) {
      if (e instanceof LabPrerequisiteError || e instanceof LabUnsupportedError) {
        io.stderr.write(`crosscloud lab: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    return failed ? 1 : 0;
  },
};

export const labCommand = (argv: readonly string[], io: CommandIo = process): Promise<number> => runCommand(labCmd, argv, io);
