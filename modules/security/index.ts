export * from "./rule";
export { BlockKind, isReferenceTo, parseReference } from "./stack-index";
export type { BlockReference, StackIndex, TerraformBlock } from "./stack-index";
export * from "./policy-reader";
export * from "./suppressions";
export * from "./data-access-security-checks";
export * from "./rules";
