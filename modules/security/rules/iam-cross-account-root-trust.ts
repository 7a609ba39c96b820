import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";
import { ConditionView, StatementView, readPolicy } from "../policy-reader";

const ACCOUNT_ROOT = /^(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$/;

/** Condition keys that narrow "anyone in that account" to a caller the role owner chose. */
const RESTRICTING_KEYS = ["sts:externalid", "aws:principalarn", "aws:userid"];
const RESTRICTING_KEY_PREFIXES = ["aws:principaltag/"];

/**
 * A positive test on a restricting key. Negated operators, `Null` and `...IfExists` (which passes when the
 * key is absent, e.g. when no external ID is sent) do not restrict.
 */
function isRestricting(condition: ConditionView): boolean {
  const test = condition.test.toLowerCase();
  const key = condition.variable.toLowerCase();
  if (test.includes("not") || test === "null" || test.endsWith("ifexists") || condition.values.length === 0) return false;
  return RESTRICTING_KEYS.includes(key) || RESTRICTING_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function foreignRoots(statement: StatementView, roleAccount: string | undefined): string[] {
  if (statement.effect !== "Allow" || statement.conditions.some(isRestricting)) return [];
  const roots: string[] = [];
  for (const principal of statement.principals) {
    if (principal.type !== "AWS") continue;
    for (const identifier of principal.identifiers) {
      const match = ACCOUNT_ROOT.exec(identifier);
      const account = match?.[1] ?? match?.[2];
      // An unknown role account cannot prove the root is its own, so it counts as foreign.
      if (account !== undefined && account !== roleAccount) roots.push(identifier);
    }
  }
  return roots;
}

/**
 * A role trust policy that lets another account's root (`arn:<partition>:iam::<account>:root` or a bare
 * account ID) assume the role with no `sts:ExternalId` or principal condition. The role's account is its
 * provider's single `allowed_account_ids` entry.
 */
export const IAM_CROSS_ACCOUNT_ROOT_TRUST = defineSecurityRule({
  id: "IAM-CROSS-ACCOUNT-ROOT-TRUST",
  level: SecurityRuleLevel.ERROR,
  explanation: "The trust policy lets any principal of another account assume the role (account root, no sts:ExternalId or principal condition).",
  checks: "aws_iam_role trust policies: an Allow to another account's root (arn:...:root or a bare account ID) without a positive condition on sts:ExternalId, aws:PrincipalArn, aws:userid or aws:PrincipalTag/* (negated, Null and ...IfExists operators do not count).",
  fix: "Trust the other account's role ARN, or set Role.externalId (an sts:ExternalId condition).",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_iam_role") return NOT_APPLICABLE;
    const roleAccount = stack.accountOf(block);
    const trust = readPolicy(block.config.assume_role_policy, stack);
    return resultOf(trust.statements.flatMap((s) => foreignRoots(s, roleAccount)).map((root) => `Principal::${root}`));
  },
});
