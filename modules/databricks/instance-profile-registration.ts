import { Construct } from "constructs";
import { TerraformProvider, TerraformStack } from "cdktf";
import { InstanceProfileRole } from "../iam/instance-profile-role";
import { IGrantable, PolicyStatement } from "../iam/policy-statement";
import { grantPassRole } from "../private/pass-role-grant";
import { ValidationError } from "../private/validation";
import { DatabricksInstanceProfile } from "./databricks-instance-profile";
import { IamPropagationWait } from "./iam-propagation-wait";
import { WorkspaceCrossAccountRole } from "./workspace-cross-account-role";

/** Props of {@link InstanceProfileRegistration}. */
export interface InstanceProfileRegistrationProps {
  /** The EC2 role and instance profile cluster nodes run with. */
  readonly instanceProfileRole: InstanceProfileRole;
  /**
   * The workspace cross-account role Databricks launches clusters with: a {@link WorkspaceCrossAccountRole}
   * in the same stack, or an {@link ExistingRole} (by name) when another stack owns it. It receives
   * `iam:PassRole` on exactly `instanceProfileRole`, in an inline policy of its own.
   */
  readonly workspaceRole: IGrantable;
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Seconds to wait for IAM propagation before Databricks validates the profile (0-300).
   * @default 30
   */
  readonly propagationWaitSeconds?: number;
  /**
   * Register without Databricks' validation (see {@link DatabricksInstanceProfileProps.skipValidation}).
   * @default false
   */
  readonly skipValidation?: boolean;
  /**
   * Register it as a meta instance profile: one that only assumes other roles (IAM credential passthrough).
   * @default false
   */
  readonly isMetaInstanceProfile?: boolean;
}

/**
 * Makes an instance profile usable by Databricks clusters (Databricks guide "Secure access to Kinesis across
 * accounts using IAM roles with an AssumeRole policy", steps 2.14 and 3; Databricks guide "Secure access to S3
 * buckets across accounts using instance profiles with an AssumeRole policy", steps 1.3 and 3): `iam:PassRole`
 * on exactly that role for the workspace cross-account role, restricted to passing it to EC2, without touching
 * that role's other policies; a wait for IAM propagation; and the `databricks_instance_profile` registration.
 */
export class InstanceProfileRegistration extends Construct {
  /**
   * The statement added to the workspace role; none when the role is a {@link WorkspaceCrossAccountRole}
   * whose generated policy already passes the instance profile's role (`passRoleArns`).
   */
  public readonly passRoleStatement?: PolicyStatement;
  /** The registration. */
  public readonly instanceProfile: DatabricksInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceProfileRegistrationProps) {
    super(scope, id);
    const role = props.instanceProfileRole;
    const workspaceRole = props.workspaceRole.grantPrincipal;
    if (workspaceRole.accountId !== role.role.accountId) {
      throw new ValidationError(
        "InstanceProfileRegistration.workspaceRole",
        workspaceRole.accountId,
        `must be in the instance profile's account ${role.role.accountId} (iam:PassRole does not cross accounts)`,
      );
    }
    const passedAlready = props.workspaceRole instanceof WorkspaceCrossAccountRole && props.workspaceRole.passRoleArns.includes(role.roleArn);
    if (!passedAlready) {
      this.passRoleStatement = grantPassRole(workspaceRole, role.roleArn).principalStatement;
    }

    // Databricks validates the profile by launching an instance through the workspace role, so both the
    // profile and the PassRole grant must have propagated.
    const wait = new IamPropagationWait(this, "iam-propagation", {
      after: [role.instanceProfile, ...workspaceRole.principalPolicyDependables],
      seconds: props.propagationWaitSeconds,
      // A new profile ARN waits again before the replaced registration validates it.
      triggers: { instance_profile_arn: role.instanceProfileArn },
    });
    // A renamed profile replaces the registration (see DatabricksInstanceProfileProps.awsInstanceProfile);
    // replace_triggered_by can only name a resource of this stack.
    const sameStack = TerraformStack.of(role.instanceProfile) === TerraformStack.of(this);
    this.instanceProfile = new DatabricksInstanceProfile(this, "instance-profile", {
      provider: props.provider,
      instanceProfileArn: role.instanceProfileArn,
      awsInstanceProfile: sameStack ? role.instanceProfile : undefined,
      // Always set: SQL Serverless needs it when the profile and role names differ (DBX-IP-1).
      iamRoleArn: role.roleArn,
      names: role.givenNames,
      skipValidation: props.skipValidation,
      isMetaInstanceProfile: props.isMetaInstanceProfile,
      dependsOn: wait.dependables,
    });
  }

  /** The registration's ID (the instance profile ARN), for clusters and mounts. */
  public get id(): string {
    return this.instanceProfile.id;
  }
}
