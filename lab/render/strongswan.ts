import { Side, TunnelPlan, planLab } from "../topology/plan";
import {
  Proposal,
  awsEspProposals,
  awsIkeProposals,
  azureEspProposal,
  azureIkeProposal,
  pluginsToLoad,
  proposalString,
} from "./proposals";
import { AWS_TUNNEL_DEFAULTS, AZURE_CONNECTION_DEFAULTS, AZURE_IKE_SA_LIFETIME_SECONDS } from "../../sdk";
import { LabSpec, LabTunnel } from "../spec/spec";

/**
 * strongSwan configuration for one charon, i.e. one side of one tunnel. Pure text rendering; the
 * lab writes the result into the run's private directory.
 */

/**
 * lab.md's plugin list: userspace ESP (kernel-libipsec over TUN) because these kernels have no ESP
 * or xfrm interfaces, PSK-only crypto, and vici for swanctl.
 */
export const BASE_CHARON_PLUGINS = [
  "random", "nonce", "aes", "sha1", "sha2", "hmac", "gmp", "kdf", "pem", "pkcs1", "pubkey", "x509",
  "kernel-libipsec", "kernel-netlink", "socket-default", "vici", "updown",
] as const;

export interface CharonPaths {
  /** unix socket swanctl talks to; one per charon so the daemons never share state. */
  readonly viciSocket: string;
  readonly logFile: string;
}

export function renderStrongswanConf(paths: CharonPaths, plugins: readonly string[] = BASE_CHARON_PLUGINS): string {
  return `# crosscloud lab: one charon per tunnel side
charon {
  load_modular = no
  load = ${plugins.join(" ")}
  plugins {
    kernel-netlink {
      # libipsec adds a default route in table 220; tie its rule to a mark nothing sets, so FRR
      # alone decides what enters the tunnel device.
      fwmark = 0x4242
    }
    vici {
      socket = unix://${paths.viciSocket}
    }
  }
  filelog {
    lab {
      path = ${paths.logFile}
      time_format = %H:%M:%S
      default = 1
      flush_line = yes
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
`;
}

/** What to render for a side, after deciding which algorithms this machine can run. */
export interface SideProposals {
  readonly ike: readonly Proposal[];
  readonly esp: readonly Proposal[];
}

/**
 * The proposals each cloud's own values produce. AWS lists all it accepts; Azure proposes one.
 */
export function sideProposals(tunnel: LabTunnel, side: Side): SideProposals {
  return side === "aws"
    ? { ike: awsIkeProposals(tunnel.aws), esp: awsEspProposals(tunnel.aws) }
    : { ike: [azureIkeProposal(tunnel.azure.ipsecPolicy)], esp: [azureEspProposal(tunnel.azure.ipsecPolicy)] };
}

export interface RunnableProposals extends SideProposals {
  /** Keywords that were dropped because no installed plugin implements them. */
  readonly dropped: readonly string[];
  /** Plugins (beyond the base list) that the kept keywords need. */
  readonly extraPlugins: readonly string[];
}

/**
 * Removes keywords this machine cannot run from a side's proposals. This is only sound for a side
 * that *lists* acceptable algorithms (AWS): Azure proposes one combination, so whatever is chosen
 * must be in it, and dropping an AWS alternative Azure never proposes does not change the outcome.
 * The lab refuses an Azure policy it cannot run instead of calling this on it.
 */
export function runnableProposals(proposals: SideProposals, installed: ReadonlySet<string>): RunnableProposals {
  const dropped = new Set<string>();
  const extra = new Set<string>();
  const base = new Set<string>(BASE_CHARON_PLUGINS);
  const keep = (proposal: Proposal): Proposal | undefined => {
    const kept = proposal.filter((keyword) => {
      const plugins = pluginsToLoad(keyword, installed);
      if (plugins === undefined) dropped.add(keyword);
      else plugins.filter((p) => !base.has(p)).forEach((p) => extra.add(p));
      return plugins !== undefined;
    });
    // A proposal needs a cipher; if all its ciphers went, the whole proposal goes.
    const hasCipher = kept.some((k) => k === "null" || k.startsWith("aes") || k.endsWith("des"));
    return hasCipher ? kept : undefined;
  };
  const filter = (list: readonly Proposal[]): Proposal[] => list.map(keep).filter((p): p is Proposal => p !== undefined);
  return { ike: filter(proposals.ike), esp: filter(proposals.esp), dropped: [...dropped].sort(), extraPlugins: [...extra].sort() };
}

/** Keywords of a side's proposals that no installed plugin implements. */
export function unrunnableKeywords(proposals: SideProposals, installed: ReadonlySet<string>): string[] {
  const all = [...proposals.ike, ...proposals.esp].flat();
  return [...new Set(all.filter((k) => pluginsToLoad(k, installed) === undefined))].sort();
}

/** swanctl `version`: 1, 2, or 0 for "either". */
function ikeVersion(tunnel: LabTunnel, side: Side): 0 | 1 | 2 {
  if (side === "azure") return tunnel.azure.connectionProtocol === "IKEv1" ? 1 : 2;
  const versions = new Set(tunnel.aws.ikeVersions);
  return versions.size === 2 ? 0 : versions.has("ikev1") ? 1 : 2;
}

/** The PSK as hex, so no character of a key can break out of the config syntax. */
const hexSecret = (psk: string): string => `0x${Buffer.from(psk, "utf8").toString("hex")}`;

/** strongSwan rekeys before expiry; 90% of the lifetime with the rest as margin keeps the hard limit at the cloud's value. */
const rekeyAt = (lifetime: number): number => Math.max(1, Math.floor(lifetime * 0.9));

export interface SwanctlOptions {
  /** The proposals to write; @default - {@link sideProposals} unfiltered */
  readonly proposals?: SideProposals;
  /**
   * Render `start_action = none` whatever the cloud says. The lab loads this staging version into
   * every charon first, then the real one, so no gateway initiates toward a peer that has no
   * configuration yet (that race shows up as a bogus NO_PROPOSAL_CHOSEN: "no IKE config found").
   * @default false
   */
  readonly deferStart?: boolean;
}

/**
 * swanctl.conf for one side of one tunnel. It contains the side's own pre-shared key, so the lab
 * writes it with mode 0600 and deletes it at teardown.
 */
export function renderSwanctlConf(spec: LabSpec, tunnelKey: string, side: Side, options: SwanctlOptions = {}): string {
  const tunnel = spec.tunnels.find((t) => t.key === tunnelKey);
  const plan = planLab(spec).tunnels.find((t) => t.key === tunnelKey);
  if (!tunnel || !plan) throw new Error(`no tunnel "${tunnelKey}" in lab spec "${spec.name}"`);
  const proposals = options.proposals ?? sideProposals(tunnel, side);
  const text = side === "aws" ? renderAws(tunnel, plan, proposals) : renderAzure(tunnel, plan, proposals);
  return options.deferStart === true ? text.replace(/start_action = start/, "start_action = none") : text;
}

interface ConnectionText {
  readonly version: number;
  readonly local: string;
  readonly remote: string;
  readonly proposals: SideProposals;
  readonly ikeLifetime: number;
  readonly childLifetime: number;
  readonly childBytes?: number;
  readonly dpdDelay: number;
  readonly startAction: "none" | "start";
  readonly dpdAction: string;
  readonly closeAction: string;
  readonly psk: string;
  readonly comment: string;
}

function connection(c: ConnectionText): string {
  const bytes =
    c.childBytes !== undefined && c.childBytes > 0
      ? `        life_bytes = ${c.childBytes}\n        rekey_bytes = ${rekeyAt(c.childBytes)}\n`
      : "";
  return `# ${c.comment}
connections {
  lab {
    version = ${c.version}
    local_addrs = ${c.local}
    remote_addrs = ${c.remote}
    proposals = ${proposalString(c.proposals.ike)}
    rekey_time = ${rekeyAt(c.ikeLifetime)}s
    over_time = ${c.ikeLifetime - rekeyAt(c.ikeLifetime)}s
    dpd_delay = ${c.dpdDelay}s
    # Route-based gateways: no MOBIKE, and never give up retrying.
    mobike = no
    keyingtries = 0
    local {
      auth = psk
    }
    remote {
      auth = psk
    }
    children {
      lab {
        # Route-based VPN: everything is allowed through; BGP decides what is routed in.
        local_ts = 0.0.0.0/0
        remote_ts = 0.0.0.0/0
        esp_proposals = ${proposalString(c.proposals.esp)}
        rekey_time = ${rekeyAt(c.childLifetime)}s
        life_time = ${c.childLifetime}s
${bytes}        start_action = ${c.startAction}
        dpd_action = ${c.dpdAction}
        close_action = ${c.closeAction}
      }
    }
  }
}
secrets {
  ike-lab {
    secret = ${hexSecret(c.psk)}
  }
}
`;
}

/**
 * IKEv2 has no DPD timeout knob: strongSwan probes after `dpd_delay` of silence and declares the
 * peer dead when the probe's retransmissions run out. Probing every third of the cloud's timeout
 * matches how AWS describes its own DPD (three missed probes).
 */
const dpdDelay = (timeout: number): number => Math.max(1, Math.round(timeout / 3));

function renderAws(tunnel: LabTunnel, plan: TunnelPlan, proposals: SideProposals): string {
  const aws = tunnel.aws;
  return connection({
    comment: `AWS side of tunnel ${tunnel.key} (VpnConnection tunnel options)`,
    version: ikeVersion(tunnel, "aws"),
    local: plan.aws.outsideAddress,
    remote: plan.azure.outsideAddress,
    proposals,
    ikeLifetime: aws.phase1LifetimeSeconds,
    childLifetime: aws.phase2LifetimeSeconds,
    dpdDelay: dpdDelay(aws.dpdTimeoutSeconds),
    // "add" means AWS waits for the customer gateway to initiate.
    startAction: (aws.startupAction ?? AWS_TUNNEL_DEFAULTS.startupAction) === "start" ? "start" : "none",
    dpdAction: aws.dpdTimeoutAction ?? AWS_TUNNEL_DEFAULTS.dpdTimeoutAction,
    closeAction: "none",
    psk: aws.presharedKey,
  });
}

function renderAzure(tunnel: LabTunnel, plan: TunnelPlan, proposals: SideProposals): string {
  const az = tunnel.azure;
  const responderOnly = (az.connectionMode ?? AZURE_CONNECTION_DEFAULTS.connectionMode) === "ResponderOnly";
  return connection({
    comment: `Azure side of tunnel ${tunnel.key} (VirtualNetworkGatewayConnection ipsecPolicies[0])`,
    version: ikeVersion(tunnel, "azure"),
    local: plan.azure.outsideAddress,
    remote: plan.aws.outsideAddress,
    proposals,
    // Azure fixes its IKE SA lifetime; the connection's policy only sets the child SA's.
    ikeLifetime: AZURE_IKE_SA_LIFETIME_SECONDS,
    childLifetime: az.ipsecPolicy.saLifeTimeSeconds,
    childBytes: az.ipsecPolicy.saDataSizeKilobytes * 1024,
    dpdDelay: dpdDelay(az.dpdTimeoutSeconds),
    startAction: responderOnly ? "none" : "start",
    // Azure keeps a connection up on its own: it re-initiates after DPD or a peer's delete,
    // unless the connection is told never to initiate.
    dpdAction: responderOnly ? "clear" : "restart",
    closeAction: responderOnly ? "none" : "restart",
    psk: az.sharedKey,
  });
}
