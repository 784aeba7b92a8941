export * from "./type-tokens";
export * from "./bgp-session";
export * from "./vpn-tunnel";
export * from "./site-to-site-vpn";
export * from "./transit-gateway-hub";
export * from "./expressroute-interconnect";
export * from "./cross-cloud-dns";
