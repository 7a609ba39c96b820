import { SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { StackIndex, TerraformBlock } from "../stack-index";
import { ConditionView, StatementView } from "../policy-reader";
import { identityAllowsDefinedIn } from "../identity-policy";

/**
 * Actions that have no resource type, so IAM accepts them only with `Resource: "*"` (AWS Service
 * Authorization Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/): a
 * statement of only these may use `*`. `conditionKey` names a condition that must narrow the action.
 */
const RESOURCELESS_ACTIONS: readonly { readonly action: string; readonly conditionKey?: string }[] = [
  // list_amazoncloudwatch.html: PutMetricData has no resource type; cloudwatch:namespace narrows it (KCL's metrics).
  { action: "cloudwatch:PutMetricData", conditionKey: "cloudwatch:namespace" },
  // list_awssecuritytokenservice.html: GetCallerIdentity has no resource type.
  { action: "sts:GetCallerIdentity" },
  // list_amazonkinesis.html: ListStreams and DescribeLimits have no resource type.
  { action: "kinesis:ListStreams" },
  { action: "kinesis:DescribeLimits" },
  // list_amazons3.html: ListAllMyBuckets has no resource type.
  { action: "s3:ListAllMyBuckets" },
  // list_amazonsqs.html / list_amazonsns.html: ListQueues and ListTopics have no resource type (Unity Catalog file events).
  { action: "sqs:ListQueues" },
  { action: "sns:ListTopics" },
];

/**
 * Action wildcards that expand only to a key user's operations (the KMS console's default key policy
 * grants exactly these: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-users).
 */
const KEY_USER_ACTION_WILDCARDS = ["kms:GenerateDataKey*", "kms:ReEncrypt*"];

/** The documented exceptions, as listed in docs/security-rules.md. */
export const IAM_WILDCARD_PERMISSIONS_EXCEPTIONS: readonly string[] = [
  ...RESOURCELESS_ACTIONS.map(({ action, conditionKey }) =>
    conditionKey ? `${action} on "*" with a positive ${conditionKey} condition (the action has no resource type)` : `${action} on "*" (the action has no resource type)`,
  ),
  ...KEY_USER_ACTION_WILDCARDS.map((action) => `the action wildcard ${action} (it expands only to key-user operations)`),
];

function narrows(condition: ConditionView, key: string): boolean {
  const test = condition.test.toLowerCase();
  return condition.variable.toLowerCase() === key.toLowerCase() && test.startsWith("string") && !test.includes("not") && !test.endsWith("ifexists") && condition.values.length > 0;
}

/** True when every action of the statement is resourceless (with its condition, when one is required). */
function onlyResourcelessActions(statement: StatementView): boolean {
  return (
    statement.actions.length > 0 &&
    statement.actions.every((action) => {
      const entry = RESOURCELESS_ACTIONS.find((e) => e.action.toLowerCase() === action.toLowerCase());
      return entry !== undefined && (entry.conditionKey === undefined || statement.conditions.some((c) => narrows(c, entry.conditionKey!)));
    })
  );
}

/**
 * A resource that names every resource of a type: `*`, or an ARN whose resource part is a wildcard
 * after at most a resource type (`arn:aws:s3:::*`, `arn:aws:kinesis:us-east-1:123456789012:stream/*`,
 * `arn:aws:iam::123456789012:role/*`). `arn:aws:s3:::bucket/*` (every object of one bucket) and
 * `.../stream/name/consumer/*` name one resource's children and pass.
 */
function isEveryResource(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return false;
  const service = parts[2];
  const resourcePart = parts.slice(5).join(":");
  if (service === "s3") return resourcePart.startsWith("*");
  return /^([A-Za-z0-9-]+[/:])?\*/.test(resourcePart);
}

/**
 * Wildcards in identity policies (after cdk-nag's AwsSolutions-IAM5): an Allow whose action has a
 * wildcard (`s3:*`, `kinesis:Get*`) or is a `NotAction`, or whose resource is every resource of a type
 * (`*`, `arn:aws:s3:::*`, `...:stream/*`) or a `NotResource`. Identity statements are those without a
 * principal, in `aws_iam_policy_document`s and literal JSON policies.
 */
export const IAM_WILDCARD_PERMISSIONS = defineSecurityRule({
  id: "IAM-WILDCARD-PERMISSIONS",
  level: SecurityRuleLevel.ERROR,
  explanation: "An identity policy allows a wildcard action (s3:*, NotAction) or every resource of a type (*, NotResource), which grants far more than the task needs.",
  checks: "Allow statements without a principal (identity policies) in policy documents and literal JSON policies: actions with * or ?, NotAction, resources naming every resource of a type (*, arn:aws:s3:::*, ...:stream/*, ...:role/*), NotResource.",
  fix: "List the actions (BUCKET_READ_ACTIONS, STREAM_READ_ACTIONS) and the resource ARNs; use the constructs' grant methods, which do.",
  exceptions: IAM_WILDCARD_PERMISSIONS_EXCEPTIONS,
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    const findings: string[] = [];
    for (const statement of identityAllowsDefinedIn(block, stack)) {
      for (const action of statement.actions) {
        if (!/[*?]/.test(action)) continue;
        if (KEY_USER_ACTION_WILDCARDS.some((allowed) => allowed.toLowerCase() === action.toLowerCase())) continue;
        findings.push(`Action::${action}`);
      }
      if (statement.notActions.length > 0) findings.push(`NotAction::${statement.notActions.join(",")}`);
      if (!onlyResourcelessActions(statement)) {
        for (const resource of statement.resources) {
          if (isEveryResource(resource)) findings.push(`Resource::${resource}`);
        }
      }
      if (statement.notResources.length > 0) findings.push(`NotResource::${statement.notResources.join(",")}`);
    }
    return resultOf(findings);
  },
});
