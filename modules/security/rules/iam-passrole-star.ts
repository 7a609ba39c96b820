import { SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { StackIndex, TerraformBlock } from "../stack-index";
import { statementCoversAction, statementsDefinedIn } from "../policy-reader";

/** `*`, and role ARNs whose name part is only a wildcard (`arn:aws:iam::123456789012:role/*`): every role. */
function isAnyRole(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:iam::[^:]*:(role\/)?\*$/.test(resource);
}

/**
 * `iam:PassRole` (directly, through `iam:*`/`*`/`iam:Pass*`, or through `NotAction`) allowed on every
 * role (`*`, `...:role/*`, or any `NotResource`).
 */
export const IAM_PASSROLE_STAR = defineSecurityRule({
  id: "IAM-PASSROLE-STAR",
  level: SecurityRuleLevel.ERROR,
  explanation: "A statement allows iam:PassRole on every role, so the principal can hand any role, admin roles included, to a service it controls.",
  fix: "List the role ARNs that may be passed in resources and add an iam:PassedToService condition.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const findings: string[] = [];
    for (const statement of statementsDefinedIn(block, stack).statements) {
      if (statement.effect !== "Allow" || !statementCoversAction(statement, "iam:PassRole")) continue;
      for (const resource of statement.resources) {
        if (isAnyRole(resource)) findings.push(`Resource::${resource}`);
      }
      if (statement.notResources.length > 0) findings.push(`NotResource::${statement.notResources.join(",")}`);
    }
    return resultOf(findings);
  },
});
