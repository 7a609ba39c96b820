import { Construct } from "constructs";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { InstanceProfile } from "@cdktf/provider-databricks/lib/instance-profile";
import { isUnresolved, validateArn, validateRoleArn } from "../private/validation";
import { addProviderRuleValidation, checkInstanceProfile } from "./provider-rules";

/** Props of {@link DatabricksInstanceProfile}. */
export interface DatabricksInstanceProfileProps {
  /** The `aws_iam_instance_profile` ARN. */
  readonly instanceProfileArn: string;
  /**
   * The role's ARN, required by Databricks when the role name differs from the profile name
   * (and for serverless SQL).
   * @default none
   */
  readonly iamRoleArn?: string;
  /**
   * The instance profile's and the role's names, when `instanceProfileArn` is a reference: with different
   * names `iamRoleArn` is required, which synth checks (DBX-IP-1).
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
   * A meta instance profile: one that only assumes other roles (IAM credential passthrough, seed 004).
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
