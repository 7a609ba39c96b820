import { Annotations } from "cdktf";
import { IConstruct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { IGrantee } from "./role";
import { Condition, PolicyStatement } from "./policy-statement";

/** A resource whose own policy can name principals (bucket policy, key policy, stream policy). */
export interface IResourceWithPolicy extends IConstruct {
  /** The account the resource lives in. */
  readonly account: AwsAccount;
  /**
   * Adds a statement to the resource policy; undefined for resources this stack does not own.
   */
  readonly addToResourcePolicy?: (statement: PolicyStatement) => void;
}

/** Options of {@link grant}. */
export interface GrantOptions {
  /** Who receives the permissions. */
  readonly grantee: IGrantee;
  /** The actions granted. */
  readonly actions: readonly string[];
  /** The ARNs the identity statement names. */
  readonly resourceArns: readonly string[];
  /** The resource granted on. */
  readonly resource: IResourceWithPolicy;
  /**
   * Conditions on both statements (e.g. `s3:prefix` on a prefix-scoped `s3:ListBucket`).
   * @default none
   */
  readonly conditions?: readonly Condition[];
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
  /** The statement added to the grantee's identity policy. */
  readonly principalStatement: PolicyStatement;
  /** The statement added to the resource policy, if one was needed. */
  readonly resourceStatement?: PolicyStatement;
}

/**
 * The one way permissions are granted (after AWS CDK's `Grant.addToPrincipalOrResource`): always
 * to the grantee's identity policy; also to the resource's policy when the grantee is in another
 * account, since cross-account access needs both sides to agree.
 */
export function grant(options: GrantOptions): Grant {
  const principalStatement = new PolicyStatement({
    actions: [...options.actions],
    resources: [...options.resourceArns],
    conditions: [...(options.conditions ?? [])],
  });
  options.grantee.addToPrincipalPolicy(principalStatement);
  const crossAccount = options.grantee.account.accountId !== options.resource.account.accountId;
  if (!crossAccount && !options.alwaysAddToResourcePolicy) return { principalStatement };
  if (!options.resource.addToResourcePolicy) {
    if (crossAccount) {
      Annotations.of(options.resource).addWarning(
        `Cross-account grant to a resource this stack does not manage: the owner of account ` +
          `${options.resource.account.accountId} must also allow ${options.grantee.account.accountId} in its resource policy.`,
      );
    }
    return { principalStatement };
  }
  const resourceStatement = new PolicyStatement({
    actions: [...options.actions],
    resources: [...(options.resourcePolicyArns ?? options.resourceArns)],
    principals: [options.grantee.grantPrincipal],
    conditions: [...(options.conditions ?? [])],
  });
  options.resource.addToResourcePolicy(resourceStatement);
  return { principalStatement, resourceStatement };
}
