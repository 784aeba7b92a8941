/**
 * bench/preview-scale: how the offline preview scales with the number of hub spokes.
 *
 * For 10, 100 and 1,000 spokes it previews a prod-like program (TransitGatewayHub + HA SiteToSiteVpn on
 * the TGW + CrossCloudDns) under the recording monitor, then registers the same number of bare resources
 * under the same monitor as a floor: what the Pulumi SDK itself costs per resource. It prints wall time,
 * the ratio to the floor, and peak RSS. A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench            (or: npx tsx bench/preview-scale.ts 10 100)
 */
import * as aws from "@pulumi/aws";
import { CrossCloudDns, SiteToSiteVpn, TransitGatewayHub } from "../components";
import { AWS_DEFAULT_AMAZON_ASN, cidr, subBlock } from "../sdk";
import { runPreview } from "../preview/run";

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

/**
 * The floor: the same number of resources with no components, no wiring, no validation, and the
 * cheapest simulated provider answer (an EC2 tag echoes its inputs): what the SDK itself costs.
 */
function bare(count: number): () => void {
  return () => {
    for (let i = 0; i < count; i++) new aws.ec2.Tag(`bare-${i}`, { resourceId: "vpc-00000000000000000", key: `k${i}`, value: "v" });
  };
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function timed(program: () => unknown, stack: string): Promise<{ seconds: number; resources: number; peakMb: number }> {
  peakRss = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const graph = await runPreview({ program: program as () => void, project: "bench", stack });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { seconds, resources: graph.resources.length, peakMb: Math.round(peakRss / 2 ** 20) };
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const counts = sizes.length > 0 ? sizes : [10, 100, 1000];
  console.log("bench/preview-scale: prod-like preview vs. the same number of bare resources (floor)");
  console.log("spokes  resources  preview s  floor s  ratio  per-resource ms  peak RSS MB (preview / floor)");
  for (const n of counts) {
    const p = await timed(prodLike(n), `scale-${n}`);
    const f = await timed(bare(p.resources), `floor-${n}`);
    const ratio = p.seconds / f.seconds;
    console.log(
      `${String(n).padStart(6)}  ${String(p.resources).padStart(9)}  ${p.seconds.toFixed(2).padStart(9)}  ${f.seconds.toFixed(2).padStart(7)}  ${ratio.toFixed(2).padStart(5)}  ${((p.seconds * 1000) / p.resources).toFixed(2).padStart(15)}  ${p.peakMb} / ${f.peakMb}`,
    );
  }
  clearInterval(sampler);
}

main().catch((e: unknown) => {
  clearInterval(sampler);
  console.error(e);
  process.exit(1);
});
