/**
 * Pulumi type tokens of crosscloud's components: `crosscloud:index:<Class>` (the schema's `index` module).
 * Stated once, in the graph layer, with every other token the project knows.
 */
export { TYPE, type ComponentType } from "../graph/types";
