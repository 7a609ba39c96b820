import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { AwsAccount } from "../account/aws-account-provider";
import { PolicyDocument } from "../iam/policy-document";
import { AccountRootPrincipal, IGrantable, PolicyStatement } from "../iam/policy-statement";
import { AddToResourcePolicyResult, Grant, IResourceWithPolicy } from "../iam/grant";
import { validateIntegerRange, ValidationError, isUnresolved } from "../private/validation";
import { KeyBase } from "../private/key-base";

/** A KMS key that can be granted on, whether this stack creates it or not. */
export interface IEncryptionKey extends IResourceWithPolicy {
  /** The key ARN. */
  readonly keyArn: string;
  /** Grants decrypt (read side). */
  grantDecrypt(grantee: IGrantable): Grant;
  /** Makes the grantee a key user (encrypt, decrypt, re-encrypt, generate data keys). */
  grantEncryptDecrypt(grantee: IGrantable): Grant;
  /** Grants exactly `actions` on the key (e.g. the SSE-KMS sets of {@link DataBucket}). */
  grant(grantee: IGrantable, actions: readonly string[]): Grant;
}

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The account the key is created in. */
  readonly account: AwsAccount;
  /** What the key protects. */
  readonly description: string;
  /**
   * An alias, without the `alias/` prefix.
   * @default none
   */
  readonly alias?: string;
  /**
   * Days before a deleted key is gone (7-30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Tags on the key.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A customer-managed KMS key with yearly rotation. Its key policy keeps the account's IAM in
 * control (the standard root statement) and names every key user granted from another account.
 */
export class EncryptionKey extends KeyBase {
  public readonly account: AwsAccount;
  public readonly resource: KmsKey;
  /** The key policy. */
  public readonly keyPolicy: PolicyDocument;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    validateIntegerRange("EncryptionKey.deletionWindowInDays", props.deletionWindowInDays, 7, 30);
    if (props.alias !== undefined && !isUnresolved(props.alias) && !/^[a-zA-Z0-9/_-]{1,250}$/.test(props.alias)) {
      throw new ValidationError("EncryptionKey.alias", props.alias, "must be 1-250 characters of letters, digits and /_- (no alias/ prefix)");
    }
    this.account = props.account;
    this.keyPolicy = new PolicyDocument(this, "key-policy", {
      provider: props.account.provider,
      statements: [
        // Without this statement the key can become unmanageable; it delegates to the account's IAM.
        new PolicyStatement({
          sid: "EnableIamPolicies",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [new AccountRootPrincipal(props.account.accountId, props.account.partition)],
        }),
      ],
    });
    this.resource = new KmsKey(this, "key", {
      provider: props.account.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: this.keyPolicy.json,
      tags: props.tags,
    });
    if (props.alias !== undefined) {
      new KmsAlias(this, "alias", { provider: props.account.provider, name: `alias/${props.alias}`, targetKeyId: this.resource.keyId });
    }
  }

  public get keyArn(): string {
    return this.resource.arn;
  }

  /** Adds a statement to the key policy. */
  public addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult {
    this.keyPolicy.addStatements(statement);
    return { statementAdded: true };
  }
}
