import { CLOUD_IPSEC_MTU, CLOUD_IPSEC_TCP_MSS, WIREGUARD_DEFAULT_MTU, overheadBytes, recommendMtu, tunnelOverhead } from "../../sdk/mtu";

describe("tunnel overhead", () => {
  it("itemises WireGuard's data message: 60 bytes over IPv4, 80 over IPv6 (seed 002 counts the tag twice)", () => {
    expect(tunnelOverhead("wireguard", "ipv4")).toEqual([
      { layer: "outer IPv4 header", bytes: 20 },
      { layer: "UDP header", bytes: 8 },
      { layer: "WireGuard data header (type, reserved, receiver index, counter)", bytes: 16 },
      { layer: "Poly1305 authentication tag", bytes: 16 },
    ]);
    expect([overheadBytes("wireguard", "ipv4"), overheadBytes("wireguard", "ipv6")]).toEqual([60, 80]);
  });

  it("counts worst-case ESP with NAT-T: 85/105 bytes for AES-CBC+SHA256, 65/85 for AES-GCM", () => {
    expect([overheadBytes("ipsec-aes-cbc", "ipv4"), overheadBytes("ipsec-aes-cbc", "ipv6"), overheadBytes("ipsec-aes-gcm", "ipv4"), overheadBytes("ipsec-aes-gcm", "ipv6")]).toEqual([85, 105, 65, 85]);
    expect(tunnelOverhead("ipsec-aes-cbc", "ipv4").map((i) => i.bytes)).toEqual([20, 8, 8, 16, 15, 2, 16]);
  });
});

describe("recommendMtu", () => {
  it("gives WireGuard 1420 with MSS 1380 (IPv4) and 1360 (IPv6) on a 1500-byte IPv4 path (seed 002)", () => {
    expect(WIREGUARD_DEFAULT_MTU).toBe(1420);
    expect(recommendMtu("wireguard", "ipv4")).toEqual({ maxInnerMtu: 1440, interfaceMtu: 1420, tcpMssIpv4: 1380, tcpMssIpv6: 1360 });
  });

  it("keeps 1420 on an IPv6 underlay, where it is exactly 1500 − 80", () => {
    expect(recommendMtu("wireguard", "ipv6")).toEqual({ maxInnerMtu: 1420, interfaceMtu: 1420, tcpMssIpv4: 1380, tcpMssIpv6: 1360 });
  });

  it("lowers WireGuard below 1420 when the path is smaller (1400-byte IPv6 path)", () => {
    expect(recommendMtu("wireguard", "ipv6", 1400)).toEqual({ maxInnerMtu: 1320, interfaceMtu: 1320, tcpMssIpv4: 1280, tcpMssIpv6: 1260 });
  });

  it("caps AWS↔Azure IPsec at Azure's documented 1400 MTU and 1350 MSS", () => {
    expect([CLOUD_IPSEC_MTU, CLOUD_IPSEC_TCP_MSS]).toEqual([1400, 1350]);
    expect(recommendMtu("ipsec-aes-cbc", "ipv4")).toEqual({ maxInnerMtu: 1415, interfaceMtu: 1400, tcpMssIpv4: 1350, tcpMssIpv6: 1340 });
    expect(recommendMtu("ipsec-aes-gcm", "ipv4")).toEqual({ maxInnerMtu: 1435, interfaceMtu: 1400, tcpMssIpv4: 1350, tcpMssIpv6: 1340 });
    expect(recommendMtu("ipsec-aes-cbc", "ipv6")).toEqual({ maxInnerMtu: 1395, interfaceMtu: 1395, tcpMssIpv4: 1350, tcpMssIpv6: 1335 });
  });

  it("follows a smaller path MTU below every cap (e.g. a 1400-byte ExpressRoute/DX path)", () => {
    expect(recommendMtu("ipsec-aes-cbc", "ipv4", 1400)).toEqual({ maxInnerMtu: 1315, interfaceMtu: 1315, tcpMssIpv4: 1275, tcpMssIpv6: 1255 });
    expect(recommendMtu("wireguard", "ipv4", 1400)).toEqual({ maxInnerMtu: 1340, interfaceMtu: 1340, tcpMssIpv4: 1300, tcpMssIpv6: 1280 });
  });
});
