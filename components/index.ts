export * from "./type-tokens";
export * from "./bgp-session";
export * from "./vpn-tunnel";
export * from "./site-to-site-vpn";
