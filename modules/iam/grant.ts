import { IConstruct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { Warnings, defineWarning } from "../core/warnings";
import { Condition, IGrantable, PolicyStatement } from "./policy-statement";

/** What {@link IResourceWithPolicy.addToResourcePolicy} did. */
export interface AddToResourcePolicyResult {
  /** Whether the statement was added: false for a resource this stack does not manage. */
  readonly statementAdded: boolean;
}

/** A resource whose own policy can name principals (bucket policy, key policy, stream policy). */
export interface IResourceWithPolicy extends IConstruct {
  /** The account the resource lives in. */
  readonly account: AwsAccount;
  /**
   * Adds a statement to the resource policy. A resource this stack only references (`fromBucketName`,
   * `fromStreamName`, an existing key) has no policy here and returns `statementAdded: false`.
   */
  addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult;
}

/** Reported when a grant needs a resource-policy statement that this stack cannot write. */
export const GRANT_RESOURCE_POLICY_NOT_MANAGED = defineWarning({
  id: "GRANT-RESOURCE-POLICY-NOT-MANAGED",
  summary: "A cross-account grant on a resource this stack does not manage: its owner must add the grantee to the resource policy.",
});

/** Options of {@link grantOnPrincipal}. */
export interface GrantOnPrincipalOptions {
  /** Who receives the permissions. */
  readonly grantee: IGrantable;
  /** The actions granted. */
  readonly actions: readonly string[];
  /** The ARNs the identity statement names. */
  readonly resourceArns: readonly string[];
  /**
   * Conditions on the statement (e.g. `s3:prefix` on a prefix-scoped `s3:ListBucket`).
   * @default none
   */
  readonly conditions?: readonly Condition[];
  /**
   * The identity statement's `Sid` (letters and digits), for readers of the policy; the resource-policy
   * statement of {@link grant} has none.
   * @default none
   */
  readonly sid?: string;
}

/** Options of {@link grantOnResource}. */
export interface GrantOnResourceOptions {
  /** Who the resource policy names. */
  readonly grantee: IGrantable;
  /** The actions granted. */
  readonly actions: readonly string[];
  /** The resource granted on. */
  readonly resource: IResourceWithPolicy;
  /** Resource ARNs in the resource-policy statement (a key policy says `*` for "this key"). */
  readonly resourceArns: readonly string[];
  /**
   * Conditions on the statement (e.g. `s3:prefix` on a prefix-scoped `s3:ListBucket`).
   * @default none
   */
  readonly conditions?: readonly Condition[];
}

/** Options of {@link grant}. */
export interface GrantOptions extends GrantOnPrincipalOptions {
  /** The resource granted on. */
  readonly resource: IResourceWithPolicy;
  /**
   * Resource ARNs in the resource-policy statement (a key policy says `*` for "this key").
   * @default resourceArns
   */
  readonly resourcePolicyArns?: readonly string[];
  /**
   * Add the resource-policy statement even within one account (KMS key users).
   * @default false: only across accounts, where the resource policy is required
   */
  readonly alwaysAddToResourcePolicy?: boolean;
}

/** What a grant wrote. */
export interface Grant {
  /** The statement added to the grantee's identity policy, if the grantee has one here. */
  readonly principalStatement?: PolicyStatement;
  /** The statement added to the resource policy, if one was needed and the resource takes it. */
  readonly resourceStatement?: PolicyStatement;
}

/**
 * Adds the statement to the grantee's identity policy only (AWS CDK's `Grant.addToPrincipal`): for
 * resources whose policy cannot name the grantee (Kinesis consumer ARN patterns) or that live in the
 * grantee's account. A grantee without an identity policy here (a bare {@link ArnPrincipal}) gets nothing.
 */
export function grantOnPrincipal(options: GrantOnPrincipalOptions): Grant {
  const statement = new PolicyStatement({
    sid: options.sid,
    actions: [...options.actions],
    resources: [...options.resourceArns],
    conditions: [...(options.conditions ?? [])],
  });
  const { statementAdded } = options.grantee.grantPrincipal.addToPrincipalPolicy(statement);
  return statementAdded ? { principalStatement: statement } : {};
}

/**
 * Adds a statement naming the grantee to the resource's policy only: for a grantee whose identity side
 * is written elsewhere (an AWS-managed policy, or a role of another account). A resource this stack
 * does not manage cannot take it: a {@link GRANT_RESOURCE_POLICY_NOT_MANAGED} warning says so.
 */
export function grantOnResource(options: GrantOnResourceOptions): Grant {
  const added = addResourceStatement(options);
  if (added) return { resourceStatement: added };
  const principalAccount = options.grantee.grantPrincipal.accountId ?? "the grantee's account";
  Warnings.of(options.resource).add(
    GRANT_RESOURCE_POLICY_NOT_MANAGED,
    `Cross-account grant to a resource this stack does not manage: the owner of account ` +
      `${options.resource.account.accountId} must also allow ${principalAccount} in its resource policy.`,
  );
  return {};
}

/** The statement naming the grantee, added to the resource policy; undefined if the resource did not take it. */
function addResourceStatement(options: GrantOnResourceOptions): PolicyStatement | undefined {
  const statement = new PolicyStatement({
    actions: [...options.actions],
    resources: [...options.resourceArns],
    principals: [options.grantee.grantPrincipal],
    conditions: [...(options.conditions ?? [])],
  });
  return options.resource.addToResourcePolicy(statement).statementAdded ? statement : undefined;
}

/** Whether the grantee is in another account than the resource (an unknown account counts as another). */
export function isCrossAccountGrant(grantee: IGrantable, resource: IResourceWithPolicy): boolean {
  return grantee.grantPrincipal.accountId !== resource.account.accountId;
}

/**
 * The one way permissions are granted (after AWS CDK's `Grant.addToPrincipalOrResource`): always
 * to the grantee's identity policy; also to the resource's policy when the grantee is in another
 * account, since cross-account access needs both sides to agree.
 */
export function grant(options: GrantOptions): Grant {
  const { principalStatement } = grantOnPrincipal(options);
  const crossAccount = isCrossAccountGrant(options.grantee, options.resource);
  if (!crossAccount && !options.alwaysAddToResourcePolicy) return { principalStatement };
  const resourcePolicyOptions = { ...options, resourceArns: options.resourcePolicyArns ?? options.resourceArns };
  // Within one account the identity policy suffices, so a resource that cannot take the statement needs no warning.
  const resourceStatement = crossAccount ? grantOnResource(resourcePolicyOptions).resourceStatement : addResourceStatement(resourcePolicyOptions);
  return { principalStatement, resourceStatement };
}
