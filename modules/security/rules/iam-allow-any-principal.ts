import { SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { StackIndex, TerraformBlock } from "../stack-index";
import { isAnyPrincipal, statementsDefinedIn } from "../policy-reader";

/**
 * An Allow statement whose principal is anyone (`"*"` or `{"AWS": "*"}`), or an Allow with `NotPrincipal`
 * (anyone but the listed principals). Checked in every `aws_iam_policy_document` and every literal JSON
 * policy of a resource.
 */
export const IAM_ALLOW_ANY_PRINCIPAL = defineSecurityRule({
  id: "IAM-ALLOW-ANY-PRINCIPAL",
  level: SecurityRuleLevel.ERROR,
  explanation: "A policy statement allows any principal (Principal \"*\" or {\"AWS\":\"*\"}), so anyone in any account gets its actions.",
  checks: "Every Allow statement in aws_iam_policy_document blocks and literal JSON policies (policy, assume_role_policy, access_policies, inline_policy): Principal \"*\" or {\"AWS\": \"*\"}, or any NotPrincipal.",
  fix: "Name the principals (role ARNs, or an account with a condition); use AnyPrincipal only in Deny statements.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const findings: string[] = [];
    for (const statement of statementsDefinedIn(block, stack).statements) {
      if (statement.effect !== "Allow") continue;
      for (const principal of statement.principals) {
        if (isAnyPrincipal(principal)) findings.push(principal.type === "*" ? "Principal::*" : `Principal::${principal.type}:*`);
      }
      for (const principal of statement.notPrincipals) {
        findings.push(`NotPrincipal::${principal.type}:${principal.identifiers.join(",")}`);
      }
    }
    return resultOf(findings);
  },
});
