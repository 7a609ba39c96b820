import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { AwsAccount } from "../account/aws-account-provider";
import { InlinePolicy } from "../private/inline-policy";
import { RolePrincipal } from "../private/role-principal";
import { ValidationError, isUnresolved, validateArnInAccount, validateRoleArn, validateRoleName } from "../private/validation";

/** Props of {@link ExistingRole}. */
export interface ExistingRoleProps {
  /** The account the role lives in; its provider writes the inline policy. */
  readonly account: AwsAccount;
  /** The role's ARN. */
  readonly roleArn: string;
  /**
   * The role's name, when `roleArn` is a token.
   * @default the last path element of `roleArn`
   */
  readonly roleName?: string;
  /** Name of the inline policy grants are written to; it leaves the role's other policies alone. */
  readonly inlinePolicyName: string;
}

/**
 * A role this stack does not create. Grants add one inline policy (`aws_iam_role_policy`) to it and
 * leave its other policies untouched.
 */
export class ExistingRole extends RolePrincipal {
  public readonly account: AwsAccount;
  public readonly roleArn: string;
  public readonly roleName: string;
  protected readonly inlinePolicy: InlinePolicy;

  constructor(scope: Construct, id: string, props: ExistingRoleProps) {
    super(scope, id);
    validateRoleArn("ExistingRole.roleArn", props.roleArn);
    validateArnInAccount("ExistingRole.roleArn", props.roleArn, props.account.accountId, `must be a role in account ${props.account.accountId}`);
    if (props.roleName === undefined && isUnresolved(props.roleArn)) {
      throw new ValidationError("ExistingRole.roleName", props.roleName, "must be set when roleArn is a token");
    }
    this.account = props.account;
    this.roleArn = props.roleArn;
    this.roleName = props.roleName ?? props.roleArn.split("/").pop()!;
    validateRoleName("ExistingRole.roleName", this.roleName);
    this.inlinePolicy = new InlinePolicy(this, "default-policy", props.inlinePolicyName, props.account, () => this.roleName);
  }

  public get principalPolicyDependables(): ITerraformDependable[] {
    return this.inlinePolicy.resource ? [this.inlinePolicy.resource] : [];
  }
}
