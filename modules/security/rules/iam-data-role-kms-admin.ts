import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";
import { StatementView, actionMatches, statementCoversAction } from "../policy-reader";
import { identityAllowsOfRole } from "../identity-policy";

/** Requests that read or write data: a role allowed any of them is a data role. */
const DATA_ACTIONS = ["s3:GetObject", "s3:PutObject", "kinesis:GetRecords", "kinesis:SubscribeToShard", "kinesis:PutRecord", "kinesis:PutRecords"];

/**
 * A key user's operations, as the KMS console's default key policy grants them
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-users).
 */
const KEY_USER_PATTERNS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * KMS operations beyond a key user's (AWS KMS actions, Service Authorization Reference list_awskeymanagementservice.html):
 * key administration, grants, and key-policy and key-state changes.
 */
const BEYOND_KEY_USER_ACTIONS = [
  "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateCustomKeyStore", "kms:CreateGrant", "kms:CreateKey", "kms:DeleteAlias",
  "kms:DeleteCustomKeyStore", "kms:DeleteImportedKeyMaterial", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey",
  "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:ImportKeyMaterial", "kms:PutKeyPolicy", "kms:ReplicateKey", "kms:RetireGrant",
  "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
  "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion",
];

/** The action patterns of a statement that allow some operation beyond a key user's. */
function beyondKeyUser(statement: StatementView): string[] {
  if (statement.actions.length === 0) {
    return BEYOND_KEY_USER_ACTIONS.some((action) => statementCoversAction(statement, action)) ? [`NotAction::${statement.notActions.join(",")}`] : [];
  }
  return statement.actions
    .filter((pattern) => !KEY_USER_PATTERNS.some((allowed) => allowed.toLowerCase() === pattern.toLowerCase()))
    .filter((pattern) => BEYOND_KEY_USER_ACTIONS.some((action) => actionMatches(pattern, action)))
    .map((pattern) => `Action::${pattern}`);
}

/**
 * A data role (a role whose identity policies in this stack allow reading or writing S3 objects or
 * Kinesis records) that is also allowed KMS operations beyond a key user's: it could change the key
 * policy, create grants for others, or schedule deletion of the key that protects its data.
 */
export const IAM_DATA_ROLE_KMS_ADMIN = defineSecurityRule({
  id: "IAM-DATA-ROLE-KMS-ADMIN",
  level: SecurityRuleLevel.ERROR,
  explanation: "A role that reads or writes data is allowed KMS operations beyond a key user's (key policy, grants, deletion), so it can take control of the key protecting the data.",
  checks: "aws_iam_role blocks whose identity policies in the stack (inline_policy, aws_iam_role_policy, attached aws_iam_policy) allow s3:GetObject/PutObject or Kinesis record reads/writes: any allowed KMS action beyond Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey.",
  fix: "Give data roles only key-user actions (grantDecrypt, grantEncryptDecrypt); administer keys from a separate role.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_iam_role") return NOT_APPLICABLE;
    const statements = identityAllowsOfRole(block, stack);
    if (!statements.some((s) => DATA_ACTIONS.some((action) => statementCoversAction(s, action)))) return NOT_APPLICABLE;
    return resultOf(statements.flatMap(beyondKeyUser));
  },
});
