export * from "./components";
export * from "./schema";
