import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { AwsAccount } from "../account/aws-account-provider";
import { InstanceProfileRole } from "../iam/instance-profile-role";
import { grantOnPrincipal } from "../iam/grant";
import { IGrantable } from "../iam/policy-statement";
import { SamlFederatedDataRole } from "../iam/saml-federated-data-role";
import { InstanceProfileRegistration } from "./instance-profile-registration";

/** Props of {@link MetaInstanceProfile}. */
export interface MetaInstanceProfileProps {
  /** The workspace account, where cluster nodes run. */
  readonly account: AwsAccount;
  /** The meta role's name. */
  readonly roleName: string;
  /**
   * The instance profile's name.
   * @default the role name
   */
  readonly instanceProfileName?: string;
  /**
   * The workspace cross-account role Databricks launches clusters with; it receives `iam:PassRole` on
   * exactly the meta role (see {@link InstanceProfileRegistration}).
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
   * Register without Databricks' validation (escape hatch, see {@link DatabricksInstanceProfileProps.skipValidation}).
   * @default false
   */
  readonly skipValidation?: boolean;
  /**
   * Tags on the role and the instance profile.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The meta instance profile of IAM credential passthrough: cluster nodes run with a role that can do
 * nothing by itself; with SAML federation Databricks assumes each dataset role with the user's assertion.
 * {@link addDataRole} is the opt-in plain `sts:AssumeRole` path (on exactly those ARNs, each of them
 * trusting exactly this role back), which bypasses the IdP. It is registered in Databricks with
 * `is_meta_instance_profile = true`, so only passthrough clusters use it, and Databricks assumes a
 * dataset role only for users whose SAML assertion grants it.
 */
export class MetaInstanceProfile extends Construct {
  /** The EC2 role and its instance profile. */
  public readonly instanceProfileRole: InstanceProfileRole;
  /** PassRole for the workspace role, the propagation wait and the Databricks registration. */
  public readonly registration: InstanceProfileRegistration;
  private readonly dataRoleArns = new Set<string>();

  constructor(scope: Construct, id: string, props: MetaInstanceProfileProps) {
    super(scope, id);
    this.instanceProfileRole = new InstanceProfileRole(this, "role", {
      account: props.account,
      roleName: props.roleName,
      instanceProfileName: props.instanceProfileName,
      description: "Meta instance profile for IAM credential passthrough: assumes the dataset roles on behalf of users",
      tags: props.tags,
    });
    this.registration = new InstanceProfileRegistration(this, "registration", {
      instanceProfileRole: this.instanceProfileRole,
      workspaceRole: props.workspaceRole,
      provider: props.provider,
      propagationWaitSeconds: props.propagationWaitSeconds,
      skipValidation: props.skipValidation,
      isMetaInstanceProfile: true,
    });
  }

  /**
   * Lets the meta role assume `dataRole` and makes `dataRole` trust the meta role. Both sides are
   * needed: the identity policy here and the trust policy there (which also makes it work when the
   * dataset role lives in another account).
   */
  public addDataRole(dataRole: SamlFederatedDataRole): void {
    if (this.dataRoleArns.has(dataRole.roleArn)) return;
    this.dataRoleArns.add(dataRole.roleArn);
    grantOnPrincipal({ grantee: this.instanceProfileRole.role, actions: ["sts:AssumeRole"], resourceArns: [dataRole.roleArn] });
    dataRole.trustMetaRole(this.instanceProfileRole.role);
  }

  /** The meta role's ARN. */
  public get roleArn(): string {
    return this.instanceProfileRole.roleArn;
  }

  /** The instance profile ARN. */
  public get instanceProfileArn(): string {
    return this.instanceProfileRole.instanceProfileArn;
  }

  /** The Databricks registration's ID, for the passthrough cluster. */
  public get id(): string {
    return this.registration.id;
  }
}
