import { ASN_MAX, isIpv4, parseCidr } from "../../sdk";
import type { LabIssue } from "../spec/validate";
import type { InterconnectEnd, LabInterconnect } from "./spec";

/**
 * What the lab cannot even build for an interconnect: an end without an address, an ASN out of range, an
 * allowed prefix that is no CIDR. Disagreements between the ends (a swapped /30, a wrong peer ASN) are left
 * for the lab to show failing, as with the tunnels.
 */
export function validateInterconnect(path: string, ic: LabInterconnect): LabIssue[] {
  const issues: LabIssue[] = [];
  const asn = (p: string, value: number): void => {
    if (!Number.isInteger(value) || value < 1 || value > ASN_MAX) issues.push({ path: p, code: "ASN_INVALID", message: `${value} is not an ASN (1–${ASN_MAX})` });
  };
  const end = (p: string, e: InterconnectEnd): void => {
    for (const [field, address] of [["address", e.address], ["peerAddress", e.peerAddress]] as const) {
      if (!isIpv4(address)) issues.push({ path: `${p}.${field}`, code: "ADDRESS_INVALID", message: `"${address}" is not an IPv4 address` });
    }
    if (!Number.isInteger(e.prefixLength) || e.prefixLength < 1 || e.prefixLength > 31) {
      issues.push({ path: `${p}.prefixLength`, code: "NUMBER_INVALID", message: `${e.prefixLength} is not the prefix length of a point-to-point link (1–31)` });
    }
    asn(`${p}.peerAsn`, e.peerAsn);
  };
  asn(`${path}.msee.asn`, ic.msee.asn);
  asn(`${path}.provider.asn`, ic.provider.asn);
  asn(`${path}.dxGateway.asn`, ic.dxGateway.asn);
  end(`${path}.msee.primary`, ic.msee.primary);
  end(`${path}.msee.secondary`, ic.msee.secondary);
  end(`${path}.provider.erPrimary`, ic.provider.erPrimary);
  end(`${path}.provider.erSecondary`, ic.provider.erSecondary);
  end(`${path}.provider.vif`, ic.provider.vif);
  end(`${path}.dxGateway.vif`, ic.dxGateway.vif);
  ic.dxGateway.allowedPrefixes.forEach((p, i) => {
    if (!parseCidr(p)) issues.push({ path: `${path}.dxGateway.allowedPrefixes[${i}]`, code: "PREFIX_INVALID", message: `"${p}" is not a canonical IPv4 CIDR` });
  });
  return issues;
}
