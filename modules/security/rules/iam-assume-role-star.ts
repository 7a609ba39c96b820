import { SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { StackIndex, TerraformBlock } from "../stack-index";
import { statementCoversAction } from "../policy-reader";
import { anyRoleResourceFindings, identityAllowsDefinedIn } from "../identity-policy";

/**
 * An identity policy allowing `sts:AssumeRole` (directly, through `sts:*`/`*`/`sts:Assume*`, or through
 * `NotAction`) on every role (`*`, `arn:aws:iam::<any account>:role/*`) or on a `NotResource`.
 */
export const IAM_ASSUME_ROLE_STAR = defineSecurityRule({
  id: "IAM-ASSUME-ROLE-STAR",
  level: SecurityRuleLevel.ERROR,
  explanation: "An identity policy allows sts:AssumeRole on every role, so the principal can become any role whose trust policy admits its account.",
  checks: "Allow statements without a principal covering sts:AssumeRole (by name, sts:*, *, or NotAction) whose resources include *, every role of an account or of any account (arn:aws:iam::*:role/*), or a NotResource.",
  fix: "Name the role ARNs it may assume (CrossAccountAssumeRolePair does: exactly the target role).",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const findings: string[] = [];
    for (const statement of identityAllowsDefinedIn(block, stack)) {
      if (statementCoversAction(statement, "sts:AssumeRole")) findings.push(...anyRoleResourceFindings(statement));
    }
    return resultOf(findings);
  },
});
