import { Construct } from "constructs";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { InstanceProfile } from "@cdktf/provider-databricks/lib/instance-profile";
import { replaceTriggerOn } from "../private/replace-trigger";
import { isUnresolved, validateArn, validateRoleArn } from "../private/validation";
import { addProviderRuleValidation, checkInstanceProfile } from "../private/provider-rule-checks";

/** Props of {@link DatabricksInstanceProfile}. */
export interface DatabricksInstanceProfileProps {
  /** The `aws_iam_instance_profile` ARN. */
  readonly instanceProfileArn: string;
  /**
   * The `aws_iam_instance_profile` that `instanceProfileArn` is the ARN of, when this stack manages it. A new ARN
   * (the profile renamed, or replaced) then replaces the registration (`lifecycle.replace_triggered_by` on its `arn`):
   * the provider would otherwise update it in place, which fails, because `instance_profile_arn` is not ForceNew and
   * the update only edits the role of the registered ARN (databricks/terraform-provider-databricks#4210).
   * @default none: a changed `instanceProfileArn` is planned as an in-place update
   */
  readonly awsInstanceProfile?: IamInstanceProfile;
  /**
   * The role's ARN. Databricks SQL Serverless needs it when the role and profile names differ
   * (docs/resources/instance_profile.md); this library then requires it (DBX-IP-1, docs/synth-checks.md).
   * @default none
   */
  readonly iamRoleArn?: string;
  /**
   * The instance profile's and the role's names, when `instanceProfileArn` is a reference: with different
   * names this library requires `iamRoleArn`, checked at synth (DBX-IP-1).
   * @default parsed from a literal `instanceProfileArn`; the role name is then unknown and the check passes
   */
  readonly names?: { readonly instanceProfileName: string; readonly roleName: string };
  /**
   * The workspace-level Databricks provider.
   * @default the stack's default Databricks provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Register without Databricks launching a test instance. An escape hatch for when validation keeps
   * failing on a freshly created profile (databricks/terraform-provider-databricks#1226).
   * @default false
   */
  readonly skipValidation?: boolean;
  /**
   * A meta instance profile: one that only assumes other roles (IAM credential passthrough: Databricks blog
   * "Introducing Databricks AWS IAM Credential Passthrough").
   * @default false
   */
  readonly isMetaInstanceProfile?: boolean;
  /**
   * What to wait for before registering, typically an {@link IamPropagationWait}'s dependables.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Registers an AWS instance profile in a Databricks workspace (`databricks_instance_profile`). */
export class DatabricksInstanceProfile extends Construct {
  public readonly resource: InstanceProfile;

  constructor(scope: Construct, id: string, props: DatabricksInstanceProfileProps) {
    super(scope, id);
    validateArn("DatabricksInstanceProfile.instanceProfileArn", props.instanceProfileArn, "iam");
    validateRoleArn("DatabricksInstanceProfile.iamRoleArn", props.iamRoleArn);
    this.resource = new InstanceProfile(this, "instance-profile", {
      provider: props.provider,
      instanceProfileArn: props.instanceProfileArn,
      iamRoleArn: props.iamRoleArn,
      skipValidation: props.skipValidation ?? false,
      isMetaInstanceProfile: props.isMetaInstanceProfile,
      dependsOn: props.dependsOn,
      // aws/resource_instance_profile.go (v1.99.0): InstanceProfileInfo has no force_new tag, and Update posts
      // /instance-profiles/edit, which changes only the iam_role_arn of an already registered ARN; the ID stays the
      // old ARN. Replacing the registration when the profile's ARN changes is the only way through (#4210).
      lifecycle:
        props.awsInstanceProfile !== undefined
          ? { replaceTriggeredBy: [replaceTriggerOn(this, "DatabricksInstanceProfile.awsInstanceProfile", props.awsInstanceProfile, "arn")] }
          : undefined,
    });
    const names = props.names;
    const known = names !== undefined && !isUnresolved(names.instanceProfileName) && !isUnresolved(names.roleName) ? names : {};
    addProviderRuleValidation(this, () => checkInstanceProfile(this.resource, known));
  }

  /** The registration's ID (the instance profile ARN), for clusters and mounts. */
  public get id(): string {
    return this.resource.id;
  }
}
