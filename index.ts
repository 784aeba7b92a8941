/** crosscloud: Pulumi components for private AWS↔Azure networking, and the network plan they render. */
export * from "./sdk";
export * from "./components";
