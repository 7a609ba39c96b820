import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { AppConfig } from "../config/app-config";
import { BucketEncryption, DataBucket } from "../modules/s3/data-bucket";
import { InstanceProfileRole } from "../modules/iam/instance-profile-role";
import { IamPropagationWait } from "../modules/databricks/iam-propagation-wait";
import { CrossAccountPolicyType, WorkspaceCrossAccountRole } from "../modules/databricks/workspace-cross-account-role";
import { DatabricksInstanceProfile } from "../modules/databricks/databricks-instance-profile";
import { S3Mount } from "../modules/databricks/s3-mount";
import { AutoscalingCluster, DataSecurityMode } from "../modules/databricks/autoscaling-cluster";
import {
  configureBackend,
  createdWorkspaceRoleName,
  accountDatabricksProvider,
  workspaceDatabricksProvider,
  existingWorkspaceRole,
  prefixed,
  workspaceAccountProvider,
  workspaceRoleName,
} from "./common";
import { passRoleStatement } from "../modules/private/pass-role-statement";
import { IGrantee } from "../modules/iam/role";

const POLICY_TYPES: Record<AppConfig["crossAccountPolicy"]["policyType"], CrossAccountPolicyType> = {
  managed: CrossAccountPolicyType.MANAGED,
  customer: CrossAccountPolicyType.CUSTOMER,
  restricted: CrossAccountPolicyType.RESTRICTED,
};

/** Props of {@link DataAccessStack}. */
export interface DataAccessStackProps {
  readonly config: AppConfig;
}

/**
 * Seed 001's Terraform as a stack: the data bucket and its Databricks bucket policy, the EC2 data
 * role and instance profile, the workspace cross-account role and credentials, the registration
 * of the instance profile, the `/mnt/experiments` mount and the shared autoscaling cluster.
 */
export class DataAccessStack extends TerraformStack {
  public readonly bucket: DataBucket;
  public readonly dataRole: InstanceProfileRole;
  public readonly workspaceRole: WorkspaceCrossAccountRole;
  /** The workspace-level resources, unless `databricks.deployWorkspaceResources` is false. */
  public readonly instanceProfile?: DatabricksInstanceProfile;
  public readonly mount?: S3Mount;
  public readonly cluster?: AutoscalingCluster;

  constructor(scope: Construct, id: string, props: DataAccessStackProps) {
    super(scope, id);
    const { config } = props;
    configureBackend(this, config, id);
    const account = workspaceAccountProvider(this, config);
    const workspaceDatabricks = workspaceDatabricksProvider(this, config);
    const accountDatabricks = accountDatabricksProvider(this, config);
    const databricks = { workspace: workspaceDatabricks, account: accountDatabricks.provider, accountId: accountDatabricks.accountId };

    this.bucket = new DataBucket(this, "data-bucket", {
      account,
      bucketName: prefixed(config, "ds"),
      versioned: config.bucket.versioned,
      forceDestroy: config.bucket.forceDestroy,
      encryption: config.bucket.encryption === "KMS" ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
    });
    this.dataRole = new InstanceProfileRole(this, "data-role", {
      account,
      roleName: prefixed(config, "first-ec2s3"),
      instanceProfileName: prefixed(config, "first-profile"),
      description: `(${config.namePrefix}) EC2 Assume Role role for S3 access`,
    });
    // The seed's bucket policy gives the data role full access; it is merged with our deny-non-TLS statement.
    const databricksBucketPolicy = new DataDatabricksAwsBucketPolicy(this, "databricks-bucket-policy", {
      provider: databricks.account,
      bucket: this.bucket.bucketName,
      fullAccessRole: this.dataRole.roleArn,
      awsPartition: account.partition,
    });
    this.bucket.addPolicyDocument(databricksBucketPolicy.json);
    // The same access as an identity grant: reviewable and provable before apply (the Databricks
    // document is only known at plan time), and it makes the data role a key user of a KMS bucket.
    this.bucket.grantReadWrite(this.dataRole);

    this.workspaceRole = new WorkspaceCrossAccountRole(this, "workspace-role", {
      account,
      databricksAccountId: databricks.accountId,
      mwsProvider: databricks.account,
      roleName: createdWorkspaceRoleName(config),
      policyName: prefixed(config, "crossaccount-iam-policy"),
      credentialsName: prefixed(config, "creds"),
      passRoleArns: [this.dataRole.roleArn],
      policyType: POLICY_TYPES[config.crossAccountPolicy.policyType],
      vpcId: config.crossAccountPolicy.vpcId,
      securityGroupId: config.crossAccountPolicy.securityGroupId,
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
    });

    new TerraformOutput(this, "bucket_name", { value: this.bucket.bucketName, description: "The data bucket" });
    new TerraformOutput(this, "bucket_arn", { value: this.bucket.bucketArn });
    new TerraformOutput(this, "data_role_arn", { value: this.dataRole.roleArn, description: "EC2 data role" });
    new TerraformOutput(this, "instance_profile_arn", { value: this.dataRole.instanceProfileArn });
    new TerraformOutput(this, "crossaccount_role_arn", { value: this.workspaceRole.roleArn, description: "Workspace cross-account role" });
    new TerraformOutput(this, "databricks_credentials_id", {
      value: this.workspaceRole.credentialsId,
      description: "credentials_id for databricks_mws_workspaces",
    });
    if (!config.databricks.deployWorkspaceResources) return;

    // A workspace that runs with another cross-account role must be allowed to pass the data role too.
    const passRoleGrantees: IGrantee[] = [this.workspaceRole];
    if (workspaceRoleName(config) !== createdWorkspaceRoleName(config)) {
      const existing = existingWorkspaceRole(this, config, account, "pass-data-role", "existing-workspace-role");
      existing.addToPrincipalPolicy(passRoleStatement(this.dataRole.roleArn));
      passRoleGrantees.push(existing);
    }
    const profileWait = new IamPropagationWait(this, "instance-profile-propagation", {
      // Databricks validates the profile through the workspace role: wait for its PassRole grant too.
      after: [this.dataRole.instanceProfile, ...passRoleGrantees.flatMap((g) => g.principalPolicyDependables)],
      seconds: config.iamPropagationWaitSeconds,
    });
    this.instanceProfile = new DatabricksInstanceProfile(this, "databricks-instance-profile", {
      provider: databricks.workspace,
      instanceProfileArn: this.dataRole.instanceProfileArn,
      // The seed names the profile (`-first-profile`) and the role (`-first-ec2s3`) differently, and
      // Databricks then needs the role's ARN to validate the profile.
      iamRoleArn: this.dataRole.roleArn,
      names: this.dataRole.givenNames,
      skipValidation: config.skipInstanceProfileValidation,
      dependsOn: profileWait.dependables,
    });
    this.mount = new S3Mount(this, "experiments-mount", {
      provider: databricks.workspace,
      mountName: "experiments",
      bucketName: this.bucket.bucketName,
      instanceProfile: this.instanceProfile.id,
    });
    this.cluster = new AutoscalingCluster(this, "shared-autoscaling", {
      provider: databricks.workspace,
      clusterName: config.cluster.name,
      minWorkers: config.cluster.minWorkers,
      maxWorkers: config.cluster.maxWorkers,
      autoterminationMinutes: config.cluster.autoterminationMinutes,
      instanceProfileArn: this.instanceProfile.id,
      // Reads the bucket through the data role's instance profile and the /mnt/experiments mount, which need
      // the no-isolation access mode (no Unity Catalog here).
      dataSecurityMode: DataSecurityMode.NO_ISOLATION,
    });

    new TerraformOutput(this, "cluster_id", { value: this.cluster.clusterId });
    new TerraformOutput(this, "mount_source", { value: this.mount.source });
  }
}
