import { SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { StackIndex, TerraformBlock } from "../stack-index";
import { statementCoversAction, statementsDefinedIn } from "../policy-reader";
import { anyRoleResourceFindings } from "../identity-policy";

/**
 * `iam:PassRole` (directly, through `iam:*`/`*`/`iam:Pass*`, or through `NotAction`) allowed on every
 * role (`*`, `...:role/*`, or any `NotResource`).
 */
export const IAM_PASSROLE_STAR = defineSecurityRule({
  id: "IAM-PASSROLE-STAR",
  level: SecurityRuleLevel.ERROR,
  explanation: "A statement allows iam:PassRole on every role, so the principal can hand any role, admin roles included, to a service it controls.",
  checks: "Allow statements covering iam:PassRole (by name, iam:*, *, iam:Pass*, or NotAction) whose resources include *, an ARN for every role (arn:aws:iam::<account>:role/*), or a NotResource.",
  fix: "List the role ARNs that may be passed in resources and add an iam:PassedToService condition.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const findings: string[] = [];
    for (const statement of statementsDefinedIn(block, stack).statements) {
      if (statement.effect !== "Allow" || !statementCoversAction(statement, "iam:PassRole")) continue;
      findings.push(...anyRoleResourceFindings(statement));
    }
    return resultOf(findings);
  },
});
