// The security aspect's public surface: the aspect, suppressions, the rule pack and what a custom
// rule needs. Policy-reading and reference-parsing helpers stay internal.
export { COMPLIANT, NOT_APPLICABLE, RULE_EVALUATION_ERROR, RuleCompliance, SecurityRuleLevel, defineSecurityRule, resultOf } from "./rule";
export type { RuleResult, SecurityRule } from "./rule";
export { BlockKind } from "./stack-index";
export type { StackIndex, TerraformBlock } from "./stack-index";
export { SecuritySuppressions } from "./suppressions";
export type { SecuritySuppression } from "./suppressions";
export * from "./data-access-security-checks";
export * from "./rules";
