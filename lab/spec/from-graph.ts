/**
 * Builds lab specs from what a preview *recorded*: the AWS VpnConnection/CustomerGateway/VGW-or-TGW
 * inputs and the Azure VirtualNetworkGateway/LocalNetworkGateway/Connection inputs, paired the way the
 * clouds pair them (an Azure connection belongs to the AWS tunnel whose outside address its local network
 * gateway points at). Nothing is taken from the sdk plan, so a component that swaps ASNs, mis-wires a
 * local network gateway or forgets a policy field fails the lab as it would fail in the cloud.
 */
import { ResourceIndex, SecretValue, T, getPath, type RecordedGraph, type RecordedResource, type RecordedValue } from "../../graph";
import {
  TGW_VPN_ECMP_DEFAULT,
  AWS_TUNNEL_DEFAULTS,
  AZURE_CONNECTION_DEFAULTS,
  type AwsDpdTimeoutAction,
  type AwsEncryptionAlgorithm,
  type AwsIkeVersion,
  type AwsIntegrityAlgorithm,
  type AwsPhase1DhGroup,
  type AwsPhase2DhGroup,
  type AwsStartupAction,
  type AzureConnectionMode,
  type AzureConnectionProtocol,
  type AzureIpsecPolicy,
} from "../../sdk";
import type { LabAwsTunnel, LabAzureTunnel, LabSpec, LabTunnel } from "./spec";

import { LabTranslationError } from "./errors";
import { interconnectFromGraph } from "../interconnect/from-graph";

export { LabTranslationError } from "./errors";

/** What the program rendered (inputs) wins; outputs only fill in what the provider computes (addresses, ids). */
const value = (r: RecordedResource, path: string): RecordedValue | undefined => getPath({ ...r.outputs, ...r.inputs }, path) ?? undefined;
const str = (v: RecordedValue | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const num = (v: RecordedValue | undefined): number => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN);
const list = (v: RecordedValue | undefined): RecordedValue[] => (Array.isArray(v) ? [...v] : []);
/** Secrets stay in memory: they are revealed only here, for the lab's 0600 key files. */
const secret = (v: RecordedValue | undefined): string => (v instanceof SecretValue ? str(v.reveal()) : str(v));

/** The recorded graph indexed once; references resolve as everywhere else (graph/resolve.ts). */
type Index = ResourceIndex<RecordedResource>;
const indexGraph = (graph: RecordedGraph): Index => new ResourceIndex(graph.resources, (r, path) => (path === "id" ? r.id : value(r, path)));

/** A recorded list, as the vocabulary's type; validate.ts rejects any value outside it, by path. */
const listOf = <T extends string | number>(v: RecordedValue | undefined, read: (x: RecordedValue | undefined) => string | number): T[] =>
  list(v).map(read) as T[];

function awsSide(vpn: RecordedResource, n: 1 | 2, cgw: RecordedResource): LabAwsTunnel {
  const p = (k: string) => value(vpn, `tunnel${n}${k}`);
  const dpdAction = str(p("DpdTimeoutAction"));
  const hold = num(p("BgpHoldtime"));
  return {
    insideCidr: str(p("InsideCidr")),
    customerGatewayAsn: num(value(cgw, "bgpAsn") ?? value(cgw, "bgpAsnExtended")),
    presharedKey: secret(p("PresharedKey")),
    ikeVersions: listOf<AwsIkeVersion>(p("IkeVersions"), str),
    phase1EncryptionAlgorithms: listOf<AwsEncryptionAlgorithm>(p("Phase1EncryptionAlgorithms"), str),
    phase1IntegrityAlgorithms: listOf<AwsIntegrityAlgorithm>(p("Phase1IntegrityAlgorithms"), str),
    phase1DhGroupNumbers: listOf<AwsPhase1DhGroup>(p("Phase1DhGroupNumbers"), num),
    phase1LifetimeSeconds: num(p("Phase1LifetimeSeconds")),
    phase2EncryptionAlgorithms: listOf<AwsEncryptionAlgorithm>(p("Phase2EncryptionAlgorithms"), str),
    phase2IntegrityAlgorithms: listOf<AwsIntegrityAlgorithm>(p("Phase2IntegrityAlgorithms"), str),
    phase2DhGroupNumbers: listOf<AwsPhase2DhGroup>(p("Phase2DhGroupNumbers"), num),
    phase2LifetimeSeconds: num(p("Phase2LifetimeSeconds")),
    dpdTimeoutSeconds: num(p("DpdTimeoutSeconds")),
    ...(dpdAction ? { dpdTimeoutAction: dpdAction as AwsDpdTimeoutAction } : {}),
    startupAction: (str(p("StartupAction")) || AWS_TUNNEL_DEFAULTS.startupAction) as AwsStartupAction,
    ...(Number.isFinite(hold) ? { bgpHoldTimeSeconds: hold } : {}),
  };
}

function azureSide(conn: RecordedResource, lng: RecordedResource, ipConfigurationId: string, where: string): LabAzureTunnel {
  const entries = list(value(conn, "gatewayCustomBgpIpAddresses"));
  const own = entries.find((e) => str(getPath(e, "ipConfigurationId")) === ipConfigurationId);
  if (!own) throw new LabTranslationError(`${where}: the Azure connection ${conn.name} lists no custom APIPA for ${ipConfigurationId}, the gateway instance the AWS customer gateway points at`);
  const policy = list(value(conn, "ipsecPolicies"))[0];
  if (policy === undefined) throw new LabTranslationError(`${where}: the Azure connection ${conn.name} has no ipsecPolicies; Azure would negotiate its defaults, which the lab does not model`);
  const mode = str(value(conn, "connectionMode"));
  return {
    customBgpIpAddress: str(getPath(own, "customBgpIpAddress")),
    localNetworkGateway: { bgpPeeringAddress: str(value(lng, "bgpSettings.bgpPeeringAddress")), asn: num(value(lng, "bgpSettings.asn")) },
    sharedKey: secret(value(conn, "sharedKey")),
    connectionProtocol: (str(value(conn, "connectionProtocol")) || AZURE_CONNECTION_DEFAULTS.connectionProtocol) as AzureConnectionProtocol,
    ipsecPolicy: {
      ikeEncryption: str(getPath(policy, "ikeEncryption")),
      ikeIntegrity: str(getPath(policy, "ikeIntegrity")),
      dhGroup: str(getPath(policy, "dhGroup")),
      ipsecEncryption: str(getPath(policy, "ipsecEncryption")),
      ipsecIntegrity: str(getPath(policy, "ipsecIntegrity")),
      pfsGroup: str(getPath(policy, "pfsGroup")),
      saLifeTimeSeconds: num(getPath(policy, "saLifeTimeSeconds")),
      saDataSizeKilobytes: num(getPath(policy, "saDataSizeKilobytes")),
    } as AzureIpsecPolicy,
    // A connection that sets no DPD timeout gets Azure's default.
    dpdTimeoutSeconds: Number.isFinite(num(value(conn, "dpdTimeoutSeconds"))) ? num(value(conn, "dpdTimeoutSeconds")) : AZURE_CONNECTION_DEFAULTS.dpdTimeoutSeconds,
    ...(mode ? { connectionMode: mode as AzureConnectionMode } : {}),
  };
}

/** VPC CIDRs AWS announces over the VPN: the VGW's VPC, or every VPC attached to the TGW. */
function awsPrefixes(ix: Index, vpn: RecordedResource): string[] {
  const vgw = ix.resolve(vpn, "vpnGatewayId", [T.awsVpnGateway]);
  const tgwId = str(value(vpn, "transitGatewayId"));
  const vpcs = vgw
    ? [ix.resolve(vgw, "vpcId", [T.awsVpc])]
    : ix.ofType(T.awsTgwVpcAttachment).filter((a) => str(value(a, "transitGatewayId")) === tgwId).map((a) => ix.resolve(a, "vpcId", [T.awsVpc]));
  return [...new Set(vpcs.map((vpc) => (vpc ? str(value(vpc, "cidrBlock")) : "")).filter((c) => c !== ""))].sort();
}

/** The VNet address space of the gateway's subnet: what Azure announces over the VPN. */
function azurePrefixes(ix: Index, vng: RecordedResource): string[] {
  const subnetId = str(getPath(list(value(vng, "ipConfigurations"))[0], "subnet.id"));
  const vnet = ix.ofType(T.azureVnet).find((v) => v.id !== undefined && subnetId.startsWith(`${v.id}/`));
  return vnet ? list(value(vnet, "addressSpace.addressPrefixes")).map(str) : [];
}

/** One lab spec per SiteToSiteVpn in the graph. */
export function labSpecsFromGraph(graph: RecordedGraph, opts: { readonly bfd?: boolean } = {}): LabSpec[] {
  const ix = indexGraph(graph);
  const specs: LabSpec[] = [];
  for (const s2s of ix.ofType(T.siteToSiteVpn)) {
    const where = `SiteToSiteVpn ${s2s.name}`;
    const vng = ix.children(s2s, T.azureVng)[0];
    if (!vng) throw new LabTranslationError(`${where}: uses an existing Azure gateway; the lab needs the gateway's recorded bgpSettings and ip configurations`);
    const ipConfigs = list(value(vng, "ipConfigurations"));
    const bgpPeering = list(value(vng, "bgpSettings.bgpPeeringAddresses"));
    const vpns = ix.children(s2s, T.awsVpnConnection).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (vpns.length === 0) throw new LabTranslationError(`${where}: no AWS VPN connection was recorded`);
    const lngs = ix.descendants(s2s, T.azureLng);
    const conns = ix.descendants(s2s, T.azureConnection);
    const tunnels: LabTunnel[] = [];
    let awsAsn = NaN;
    let tgw: RecordedResource | undefined;
    for (const vpn of vpns) {
      const cgw = ix.resolve(vpn, "customerGatewayId", [T.awsCustomerGateway]);
      if (!cgw) throw new LabTranslationError(`${where}: ${vpn.name} points at a customer gateway that was not recorded`);
      const edge = ix.resolve(vpn, "vpnGatewayId", [T.awsVpnGateway]) ?? ix.resolve(vpn, "transitGatewayId", [T.awsTransitGateway]);
      if (!edge) throw new LabTranslationError(`${where}: ${vpn.name} is attached to neither a recorded VGW nor a recorded TGW`);
      awsAsn = num(value(edge, "amazonSideAsn"));
      if (edge.type === T.awsTransitGateway) tgw = edge;
      // Which gateway instance the customer gateway points at: the ip configuration with that public IP.
      const instance = ipConfigs.findIndex((_, i) => { const pip = ix.resolve(vng, `ipConfigurations.${i}.publicIPAddress`, [T.azurePublicIp]); return pip !== undefined && str(value(pip, "ipAddress")) === str(value(cgw, "ipAddress")); });
      const ipConfigurationId = str(getPath(bgpPeering[instance], "ipconfigurationId"));
      if (instance < 0 || !ipConfigurationId) throw new LabTranslationError(`${where}: ${cgw.name}'s ipAddress is none of the gateway's public IPs`);
      const key = vpn.name.slice(s2s.name.length + 1).replace(/-vpn$/, "");
      for (const n of [1, 2] as const) {
        const outside = str(value(vpn, `tunnel${n}Address`));
        const lng = lngs.find((l) => str(value(l, "gatewayIpAddress")) === outside);
        if (!lng) throw new LabTranslationError(`${where}: no local network gateway points at ${vpn.name} tunnel ${n} (${outside})`);
        const conn = conns.find((c) => str(value(c, "localNetworkGateway2.id")) === lng.id);
        if (!conn) throw new LabTranslationError(`${where}: no Azure connection uses ${lng.name}`);
        const azure = azureSide(conn, lng, ipConfigurationId, where);
        const configured = list(getPath(bgpPeering[instance], "customBgpIpAddresses")).map(str);
        if (!configured.includes(azure.customBgpIpAddress)) {
          throw new LabTranslationError(`${where}: ${conn.name} uses custom APIPA ${azure.customBgpIpAddress}, which gateway instance ${instance} does not carry (${configured.join(", ")})`);
        }
        tunnels.push({ key: `${key}-t${n}`, aws: awsSide(vpn, n, cgw), azure });
      }
    }
    // ECMP where the clouds do it: a TGW with vpnEcmpSupport installs every tunnel as an equal next hop, and an
    // active-active Azure gateway sends over all of its tunnels. A VGW, or an active-standby gateway, prefers one.
    const ecmp = tgw !== undefined && (str(value(tgw, "vpnEcmpSupport")) || TGW_VPN_ECMP_DEFAULT) === "enable" && value(vng, "activeActive") === true;
    const interconnect = tgw?.id !== undefined ? interconnectFromGraph(ix, tgw.id, where) : undefined;
    specs.push({
      name: s2s.name,
      aws: { asn: awsAsn, prefixes: awsPrefixes(ix, vpns[0] as RecordedResource) },
      azure: { asn: num(value(vng, "bgpSettings.asn")), prefixes: azurePrefixes(ix, vng) },
      tunnels,
      ...(opts.bfd ? { bfd: true } : {}),
      ...(ecmp ? { ecmp: true } : {}),
      ...(interconnect ? { interconnect } : {}),
    });
  }
  if (specs.length === 0) throw new LabTranslationError("the stack has no SiteToSiteVpn: there is nothing for the lab to bring up");
  return specs;
}
