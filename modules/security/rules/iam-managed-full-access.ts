import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";

/** AWS-managed policies that grant a whole service (`*FullAccess`) or everything. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.+\/)?([\w+=,.@-]*FullAccess|AdministratorAccess|PowerUserAccess)$/;
const BROAD_POLICY_NAME = /^([\w+=,.@-]*FullAccess|AdministratorAccess|PowerUserAccess)$/;

/** Where each attachment resource keeps its policy ARN(s). */
const POLICY_ARN_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_user_policy_attachments_exclusive: "policy_arns",
  aws_iam_group_policy_attachments_exclusive: "policy_arns",
};

/** The ARN a value names: a literal, or a `data.aws_iam_policy` looked up by literal ARN or name. */
function broadPolicy(value: unknown, stack: StackIndex): string | undefined {
  if (typeof value !== "string") return undefined;
  if (BROAD_MANAGED_POLICY.test(value)) return value;
  const lookup = stack.referencedBlock(value);
  if (lookup?.kind !== BlockKind.DATA || lookup.type !== "aws_iam_policy") return undefined;
  const { arn, name } = lookup.config;
  if (typeof arn === "string" && BROAD_MANAGED_POLICY.test(arn)) return arn;
  if (typeof name === "string" && BROAD_POLICY_NAME.test(name)) return `arn:aws:iam::aws:policy/${name}`;
  return undefined;
}

/** An AWS-managed `*FullAccess` (or `AdministratorAccess`/`PowerUserAccess`) policy attached to a role, user or group. */
export const IAM_MANAGED_FULL_ACCESS = defineSecurityRule({
  id: "IAM-MANAGED-FULL-ACCESS",
  level: SecurityRuleLevel.ERROR,
  explanation: "An AWS-managed *FullAccess (or AdministratorAccess/PowerUserAccess) policy is attached, granting whole services on every resource.",
  checks: "Role, user and group policy attachments (single, legacy aws_iam_policy_attachment, exclusive, managed_policy_arns) naming an AWS-managed *FullAccess, AdministratorAccess or PowerUserAccess policy, literally or through a data.aws_iam_policy lookup.",
  fix: "Grant the actions needed on named resources (DataBucket.grantRead, grant(), a scoped PolicyDocument) instead of a managed policy.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const attribute = block.kind === BlockKind.RESOURCE ? POLICY_ARN_ATTRIBUTES[block.type] : undefined;
    if (!attribute) return NOT_APPLICABLE;
    const value = block.config[attribute];
    const findings: string[] = [];
    for (const arn of Array.isArray(value) ? value : [value]) {
      const broad = broadPolicy(arn, stack);
      if (broad) findings.push(`PolicyArn::${broad}`);
    }
    return resultOf(findings);
  },
});
