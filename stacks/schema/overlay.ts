/**
 * `crosscloud:overlay`: the overlay profile's networks and WireGuard overlay (sdk `OverlayNetworkConfig`, without
 * the registry, which comes from `crosscloud:registryFile`), and its routers' images and key. Values (CIDRs,
 * zones, ASNs, router counts, BFD timers, ports) are the sdk's to check (`validateOverlayNetwork`), with the
 * registry, in the same pass.
 */
import { z } from "zod";
import { DEFAULT_SUPERNETS, OVERLAY_DEFAULTS } from "../../sdk";
import { asn, cidrField, flag, integer, list, section, text, withMeta } from "./fields";

const routerCount = integer(`Routers on this side. Default ${OVERLAY_DEFAULTS.routersPerSide}.`, { min: 1 });

export const overlayAws = section(
  {
    region: text("AWS Region of the VPC and the routers, e.g. us-east-1."),
    zones: list(text("An Availability Zone name of the Region."), "Availability Zones: a router and a workload subnet in each. Default: the Region's a and b.", {}, { min: 1 }).optional(),
    block: cidrField("Pin this environment's AWS block. Default: allocated.").optional(),
    vpcCidr: cidrField("Pin the VPC CIDR. Default: allocated from the block.").optional(),
    asn: asn(`The AWS routers' ASN. Default ${OVERLAY_DEFAULTS.awsAsn}.`).optional(),
    routerCount: routerCount.optional(),
    imageId: text("The routers' AMI. Default: the newest official Debian 12 AMI.").optional(),
    instanceType: text("The routers' instance type.").optional(),
  },
  "The AWS side of the overlay.",
);

export const overlayAzure = section(
  {
    region: text("Azure region of the VNet and the routers, e.g. eastus."),
    zones: list(text("An availability zone (1, 2 or 3)."), "Zones the routers may use. Default: 1, 2, 3.", {}, { min: 1 }).optional(),
    block: cidrField("Pin this environment's Azure block. Default: allocated.").optional(),
    addressSpace: cidrField("Pin the VNet address space. Default: allocated from the block.").optional(),
    asn: asn(`The Azure routers' ASN. Default ${OVERLAY_DEFAULTS.azureAsn}.`).optional(),
    routerCount: routerCount.optional(),
    vmSize: text("The routers' VM size.").optional(),
  },
  "The Azure side of the overlay.",
);

export const overlayBfd = section(
  {
    transmitIntervalMs: integer("BFD transmit interval, ms.", { min: 1 }),
    receiveIntervalMs: integer("BFD receive interval, ms.", { min: 1 }),
    detectMultiplier: integer("Missed packets before the session is down.", { min: 1 }),
  },
  "BFD timers of every overlay BGP session.",
);

export const overlay = section(
  {
    environment: text("Environment slug; it owns this stack's registry entries."),
    supernets: section(
      {
        aws: cidrField(`The aws supernet. Default ${DEFAULT_SUPERNETS.aws}.`).optional(),
        azure: cidrField(`The azure supernet. Default ${DEFAULT_SUPERNETS.azure}.`).optional(),
        gcp: cidrField(`The gcp supernet. Default ${DEFAULT_SUPERNETS.gcp}.`).optional(),
        onprem: cidrField(`The onprem supernet. Default ${DEFAULT_SUPERNETS.onprem}.`).optional(),
      },
      "Per-cloud supernets the blocks are allocated from (the same as every stack's, so the registry keeps them apart).",
    ).optional(),
    aws: overlayAws,
    azure: overlayAzure,
    routeServer: flag("The Azure routers peer with an Azure Route Server instead of a UDR. Default false.").optional(),
    pool: cidrField(`Pool of the overlay's dedicated /24. Default ${OVERLAY_DEFAULTS.pool}.`).optional(),
    insideCidr: cidrField("Pin the overlay's /24. Default: allocated, then kept by the registry.").optional(),
    port: integer(`WireGuard listen port. Default ${OVERLAY_DEFAULTS.port}.`, { min: 1, max: 65535 }).optional(),
    bfd: overlayBfd.optional(),
    presharedKeys: flag(`A WireGuard pre-shared key per link, generated as a Pulumi secret. Default ${String(OVERLAY_DEFAULTS.presharedKeys)}.`).optional(),
    sshPublicKey: withMeta(z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-\S+) \S+/).describe("The Azure routers' admin key, an OpenSSH public key (ssh-ed25519 …): they allow key login only."), {
      valueMessage: () => "an OpenSSH public key (ssh-ed25519 …) is required: the Azure routers allow key login only",
      placeholder: "ssh-ed25519 placeholder",
    }),
  },
  "The overlay profile: networks joined only by a WireGuard overlay of router instances.",
);

export type OverlaySection = z.output<typeof overlay>;
