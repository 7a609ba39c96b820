import { Construct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { AddToResourcePolicyResult, Grant, grant } from "../iam/grant";
import { IGrantable, PolicyStatement } from "../iam/policy-statement";
import type { IEncryptionKey } from "../kms/encryption-key";
import { KEY_DECRYPT_ACTIONS, KEY_USER_ACTIONS } from "../kms/key-actions";

/** What EncryptionKey and ExistingEncryptionKey share: the grants. */
export abstract class KeyBase extends Construct implements IEncryptionKey {
  public abstract readonly account: AwsAccount;
  public abstract readonly keyArn: string;
  public abstract addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult;

  public grantDecrypt(grantee: IGrantable): Grant {
    return this.grant(grantee, KEY_DECRYPT_ACTIONS);
  }

  public grantEncryptDecrypt(grantee: IGrantable): Grant {
    return this.grant(grantee, KEY_USER_ACTIONS);
  }

  /** Grants exactly `actions` on the key. */
  public grant(grantee: IGrantable, actions: readonly string[]): Grant {
    // In a key policy "*" means this key; the key user is named in the key's own account too, so that a
    // role of another account can use it (Databricks guide "Secure access to S3 buckets across accounts
    // using instance profiles with an AssumeRole policy").
    return grant({ grantee, actions, resourceArns: [this.keyArn], resourcePolicyArns: ["*"], resource: this, alwaysAddToResourcePolicy: true });
  }
}
