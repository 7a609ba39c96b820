import { ValidationError } from "../private/validation";
import { StackIndex, TerraformBlock } from "./stack-index";

/** How a rule's findings are reported. */
export enum SecurityRuleLevel {
  /** Fails synthesis (an error annotation) unless suppressed. */
  ERROR = "error",
  /** A warning annotation; synthesis goes on. */
  WARNING = "warning",
}

/** What a rule concluded about one block. */
export enum RuleCompliance {
  COMPLIANT = "compliant",
  NON_COMPLIANT = "non-compliant",
  NOT_APPLICABLE = "not-applicable",
}

/** The outcome of a rule on one block; non-compliant results name each finding. */
export type RuleResult =
  | { readonly compliance: RuleCompliance.COMPLIANT | RuleCompliance.NOT_APPLICABLE }
  | {
      readonly compliance: RuleCompliance.NON_COMPLIANT;
      /** Granular finding IDs, `Key::value` (e.g. `Resource::*`), reported as `RULE-ID[Key::value]`. */
      readonly findings: readonly string[];
    };

/** The block is of a kind the rule checks, and it passes. */
export const COMPLIANT: RuleResult = Object.freeze({ compliance: RuleCompliance.COMPLIANT });
/** The rule does not check blocks of this kind. */
export const NOT_APPLICABLE: RuleResult = Object.freeze({ compliance: RuleCompliance.NOT_APPLICABLE });

/** Compliant when there are no findings, else non-compliant with the (deduplicated) findings. */
export function resultOf(findings: readonly string[]): RuleResult {
  if (findings.length === 0) return COMPLIANT;
  return Object.freeze({ compliance: RuleCompliance.NON_COMPLIANT, findings: Object.freeze([...new Set(findings)]) });
}

/** A security rule: a stable ID, a level, what it protects against, how to fix it, and a pure check. */
export interface SecurityRule {
  /** Stable ID, upper-case words joined by `-`, e.g. `IAM-PASSROLE-STAR`. Suppressions name it. */
  readonly id: string;
  /** Error (fails synthesis) or warning. */
  readonly level: SecurityRuleLevel;
  /** One line: what is wrong and why it matters. */
  readonly explanation: string;
  /**
   * One line: which blocks the rule reads and what makes one non-compliant (the rule reference's "Checks").
   * @default none: the reference shows the explanation only
   */
  readonly checks?: string;
  /** One line: how to fix it. */
  readonly fix: string;
  /**
   * What the rule lets through on purpose, one line each (listed in the generated rule reference).
   * @default none
   */
  readonly exceptions?: readonly string[];
  /**
   * The check: a pure function of one block's resolved configuration and a read-only index of the
   * stack's other blocks. It must not mutate either; it may throw (reported as `RULE-EVALUATION-ERROR`).
   */
  readonly evaluate: (block: TerraformBlock, stack: StackIndex) => RuleResult;
}

const RULE_ID_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const definedRules = new Map<string, SecurityRule>();

/**
 * Defines a rule and registers its ID, so suppressions can be checked against the known rule IDs
 * when they are added. IDs are unique: defining one twice throws.
 */
export function defineSecurityRule(rule: SecurityRule): SecurityRule {
  if (!RULE_ID_PATTERN.test(rule.id)) {
    throw new ValidationError("SecurityRule.id", rule.id, "must be upper-case words of letters and digits joined by '-', e.g. S3-FORCE-DESTROY");
  }
  if (definedRules.has(rule.id)) {
    throw new ValidationError("SecurityRule.id", rule.id, "must be unique: a rule with this ID is already defined");
  }
  const lines: (readonly [string, string])[] = [["explanation", rule.explanation], ["fix", rule.fix], ...(rule.checks !== undefined ? [["checks", rule.checks] as const] : []), ...(rule.exceptions ?? []).map((e) => ["exceptions", e] as const)];
  for (const [field, text] of lines) {
    if (text.trim().length === 0 || text.includes("\n")) {
      throw new ValidationError(`SecurityRule.${field}`, text, "must be one non-empty line");
    }
  }
  const frozen = Object.freeze({ ...rule, ...(rule.exceptions ? { exceptions: Object.freeze([...rule.exceptions]) } : {}) });
  definedRules.set(rule.id, frozen);
  return frozen;
}

/** IDs of every rule defined so far (the built-in ones are defined when the module loads). */
export function knownSecurityRuleIds(): string[] {
  return [...definedRules.keys()];
}

/** The rule with this ID, if one is defined. */
export function securityRuleById(id: string): SecurityRule | undefined {
  return definedRules.get(id);
}

/**
 * Reported when a rule throws: the block was not checked by that rule. A warning, as in cdk-nag, so a
 * bug in one rule does not block every deployment; the report and the annotation keep it visible.
 */
export const RULE_EVALUATION_ERROR = defineSecurityRule({
  id: "RULE-EVALUATION-ERROR",
  level: SecurityRuleLevel.WARNING,
  explanation: "A security rule threw while checking this block, so that rule did not check it.",
  checks: "Every block, for every rule: reported when the rule throws (the finding names the rule).",
  fix: "Fix the rule (the finding names it); suppress RULE-EVALUATION-ERROR only after checking the block by hand.",
  evaluate: () => NOT_APPLICABLE,
});
