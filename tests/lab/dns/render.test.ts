import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { previewStack } from "../../stacks/stack-preview";
import { CrossCloudDnsLabSpec, DNS_SERVER_ROLES, UnboundPaths, dnsLabSpecsFromGraph, renderServerFiles, renderZoneFile } from "../../../lab/dns";
import { parseDig, parseQueryLog, finalAddress } from "../../../lab/dns/probes";
import { BINARIES } from "../../../lab/runtime/daemons";

let spec: CrossCloudDnsLabSpec;
beforeAll(async () => {
  spec = dnsLabSpecsFromGraph((await previewStack("prod", false)).result.graph)[0] as CrossCloudDnsLabSpec;
}, 120_000);

const paths = (dir: string): UnboundPaths => ({ dir, pidFile: `${dir}/unbound.pid`, logFile: `${dir}/unbound.log`, controlSocket: `${dir}/unbound.ctl` });
const conf = (role: (typeof DNS_SERVER_ROLES)[number]): string => renderServerFiles(spec, role, paths(`/run/x/${role}`))["unbound.conf"] as string;

describe("unbound configurations rendered from the lab spec", () => {
  it("Route 53 Resolver: the VPC's base + 2, the rendered rules sent from the outbound endpoint, then the associated zones, then public DNS", () => {
    const text = conf("aws-resolver");
    expect(text).toContain("  interface: 10.1.32.2\n");
    for (const ip of spec.aws.outboundIps) expect(text).toContain(`  outgoing-interface: ${ip}\n`);
    for (const rule of spec.aws.rules) expect(text).toContain(`forward-zone:\n  name: "${rule.domain}."\n${rule.targets.map((t) => `  forward-addr: ${t}\n`).join("")}`);
    expect(text).toMatch(/auth-zone:\n  name: "prod\.aws\.example\.internal\."\n  zonefile: "\/run\/x\/aws-resolver\/prod\.aws\.example\.internal\.zone"\n  for-downstream: yes\n  for-upstream: yes/);
    expect(text).toContain('stub-zone:\n  name: "."\n  stub-addr: 198.51.100.53\n');
    expect(text).toContain(`  username: ""\n  chroot: ""\n  directory: "/run/x/aws-resolver"`);
    expect(text).toContain("  log-queries: yes\n");
  });

  it("Azure DNS: 168.63.129.16, the ruleset's rules from the outbound endpoint, the linked privatelink zones followed through CNAMEs", () => {
    const text = conf("azure-resolver");
    expect(text).toContain("  interface: 168.63.129.16\n  outgoing-interface: 10.17.0.52\n");
    expect(text).toContain(`forward-zone:\n  name: "prod.aws.example.internal."\n  forward-addr: ${spec.aws.inboundIps[0]}\n  forward-addr: ${spec.aws.inboundIps[1]}\n`);
    expect(text).toMatch(/auth-zone:\n  name: "privatelink\.blob\.core\.windows\.net\."\n[^]*?for-upstream: yes/);
  });

  it("inbound endpoints: the rendered addresses, every query handed to their network's resolver", () => {
    expect(conf("aws-inbound")).toContain(`  interface: ${spec.aws.inboundIps[0]}\n  interface: ${spec.aws.inboundIps[1]}\n`);
    expect(conf("aws-inbound")).toContain('forward-zone:\n  name: "."\n  forward-addr: 10.1.32.2\n');
    expect(conf("azure-inbound")).toContain('  interface: 10.17.0.36\n');
    expect(conf("azure-inbound")).toContain('forward-zone:\n  name: "."\n  forward-addr: 168.63.129.16\n');
  });

  it("zone files: SOA, NS and the test records; public DNS holds Microsoft's CNAME into the privatelink zone", () => {
    const files = renderServerFiles(spec, "azure-resolver", paths("/d"));
    expect(files["privatelink.blob.core.windows.net.zone"]).toContain("acct.privatelink.blob.core.windows.net. 5 IN A 10.17.1.5");
    const root = renderServerFiles(spec, "public", paths("/p"))["root.zone"] as string;
    expect(root).toContain("$ORIGIN .\n");
    expect(root).toContain("acct.blob.core.windows.net. 5 IN CNAME acct.privatelink.blob.core.windows.net.");
    expect(root).toContain("ns.lab-internet. 5 IN A 198.51.100.53");
    expect(renderZoneFile("z.example", [], { name: "ns.z.example", ip: "10.0.0.2" })).toBe(
      "$ORIGIN z.example.\n@ 5 IN SOA ns.z.example. hostmaster.z.example. 1 5 5 86400 5\n@ 5 IN NS ns.z.example.\nns.z.example. 5 IN A 10.0.0.2\n",
    );
  });

  const checkconf = existsSync(BINARIES.unboundCheckconf) ? it : it.skip;
  checkconf("unbound-checkconf accepts every configuration (Debian's unbound)", () => {
    const dir = mkdtempSync(join(tmpdir(), "crosscloud-dns-render-"));
    try {
      for (const role of DNS_SERVER_ROLES) {
        const sdir = join(dir, role);
        execFileSync("mkdir", ["-p", sdir]);
        for (const [file, text] of Object.entries(renderServerFiles(spec, role, paths(sdir)))) writeFileSync(join(sdir, file), text);
        expect(() => execFileSync(BINARIES.unboundCheckconf, [join(sdir, "unbound.conf")], { stdio: "pipe" })).not.toThrow();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("reading dig and unbound's query log", () => {
  it("parses a CNAME chain and the status", () => {
    const r = parseDig(
      ";; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; flags: qr rd ra; QUERY: 1, ANSWER: 2\n" +
        "acct.blob.core.windows.net. 5\tIN\tCNAME\tacct.privatelink.blob.core.windows.net.\nacct.privatelink.blob.core.windows.net.\t5 IN A\t10.17.1.5\n",
    );
    expect(r.status).toBe("NOERROR");
    expect(r.answers.map((a) => [a.name, a.type, a.value])).toEqual([
      ["acct.blob.core.windows.net", "CNAME", "acct.privatelink.blob.core.windows.net"],
      ["acct.privatelink.blob.core.windows.net", "A", "10.17.1.5"],
    ]);
    expect(finalAddress(r)).toBe("10.17.1.5");
    expect(parseDig(";; communications error to 10.1.32.2#53: timed out\n").status).toBe("TIMEOUT");
  });

  it("parses unbound's log-queries lines and nothing else", () => {
    const log = "[1796147080] unbound[15980:0] info: start of service (unbound 1.17.1).\n[1796147080] unbound[15980:0] info: 10.1.32.71 Acct.Blob.core.windows.net. A IN\n";
    expect(parseQueryLog(log)).toEqual([{ client: "10.1.32.71", name: "acct.blob.core.windows.net", type: "A" }]);
  });
});
