import { Construct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { AddToResourcePolicyResult } from "../iam/grant";
import { PolicyStatement } from "../iam/policy-statement";
import { KeyBase } from "../private/key-base";
import { validateArnInAccount, validateKmsKeyArn } from "../private/validation";

/** Props of {@link ExistingEncryptionKey}. */
export interface ExistingEncryptionKeyProps {
  /** The account the key lives in. */
  readonly account: AwsAccount;
  /**
   * The key ARN (`arn:<partition>:kms:<region>:<account>:key/<key-id>`), in `account`. An alias ARN is
   * refused: IAM matches grants against the key ARN, so a grant on an alias ARN would allow nothing.
   */
  readonly keyArn: string;
}

/**
 * A key this stack does not manage. Grants write the grantee's identity policy; the key owner must
 * name the grantee in the key policy (a warning says so for cross-account grants).
 */
export class ExistingEncryptionKey extends KeyBase {
  public readonly account: AwsAccount;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ExistingEncryptionKeyProps) {
    super(scope, id);
    validateKmsKeyArn("ExistingEncryptionKey.keyArn", props.keyArn);
    validateArnInAccount(
      "ExistingEncryptionKey.keyArn",
      props.keyArn,
      props.account.accountId,
      `must be a key in account ${props.account.accountId} (the account it is declared in)`,
    );
    this.account = props.account;
    this.keyArn = props.keyArn;
  }

  /** The key policy is its owner's: nothing is added. */
  public addToResourcePolicy(_statement: PolicyStatement): AddToResourcePolicyResult {
    return { statementAdded: false };
  }
}
