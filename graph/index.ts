export * from "./wire";
export * from "./values";
export * from "./recorded";
export * from "./types";
export * from "./resolve";
