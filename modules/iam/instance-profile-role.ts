import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { AwsAccount } from "../account/aws-account-provider";
import { IGrantable, IPrincipal, ServicePrincipal } from "./policy-statement";
import { Role } from "./role";
import { validateInstanceProfileName } from "../private/validation";

/** Props of {@link InstanceProfileRole}. */
export interface InstanceProfileRoleProps {
  /** The account (and provider) the role and profile are created in. */
  readonly account: AwsAccount;
  /** The role name. */
  readonly roleName: string;
  /**
   * The instance profile name.
   * @default the role name (as the Databricks console expects: `instance-profile/<role name>`)
   */
  readonly instanceProfileName?: string;
  /**
   * What the role is for.
   * @default none
   */
  readonly description?: string;
  /**
   * Tags on the role and the profile.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An IAM role that EC2 instances (Databricks cluster nodes, a KCL fleet) assume through an
 * instance profile. Grant it access like any role: it is an {@link IGrantable} whose principal is {@link role}.
 */
export class InstanceProfileRole extends Construct implements IGrantable {
  /** The EC2 role: grants write its identity policy. */
  public readonly role: Role;
  public readonly instanceProfile: IamInstanceProfile;
  /** The role's and the profile's names as given (literals, or references when passed as such). */
  public readonly givenNames: { readonly roleName: string; readonly instanceProfileName: string };

  constructor(scope: Construct, id: string, props: InstanceProfileRoleProps) {
    super(scope, id);
    validateInstanceProfileName("InstanceProfileRole.instanceProfileName", props.instanceProfileName);
    this.role = new Role(this, "role", {
      account: props.account,
      roleName: props.roleName,
      description: props.description,
      assumedBy: [new ServicePrincipal("ec2.amazonaws.com")],
      tags: props.tags,
    });
    this.givenNames = { roleName: props.roleName, instanceProfileName: props.instanceProfileName ?? props.roleName };
    this.instanceProfile = new IamInstanceProfile(this, "instance-profile", {
      provider: props.account.provider,
      name: props.instanceProfileName ?? props.roleName,
      role: this.role.roleName,
      tags: props.tags,
    });
  }

  /** The role. */
  public get grantPrincipal(): IPrincipal {
    return this.role;
  }

  public get roleArn(): string {
    return this.role.roleArn;
  }

  public get roleName(): string {
    return this.role.roleName;
  }

  public get instanceProfileArn(): string {
    return this.instanceProfile.arn;
  }

}
