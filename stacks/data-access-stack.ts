import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { DataDatabricksAwsBucketPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-bucket-policy";
import { DataBucket } from "../modules/s3/data-bucket";
import { InstanceProfileRole } from "../modules/iam/instance-profile-role";
import { WorkspaceCrossAccountRole } from "../modules/databricks/workspace-cross-account-role";
import { InstanceProfileRegistration } from "../modules/databricks/instance-profile-registration";
import { S3Mount } from "../modules/databricks/s3-mount";
import { AutoscalingCluster, DataSecurityMode } from "../modules/databricks/autoscaling-cluster";
import {
  clusterFromConfig,
  createdWorkspaceRoleName,
  accountDatabricksProvider,
  dataBucketFromConfig,
  existingWorkspaceRole,
  prefixed,
  workspaceAccountProvider,
  workspaceDatabricksProvider,
  workspaceRoleName,
} from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";

/**
 * The Databricks Terraform provider's docs examples (`databricks_aws_bucket_policy`,
 * `databricks_instance_profile`, `databricks_cluster`) as a stack: the data bucket and its Databricks bucket
 * policy, the EC2 data role and instance profile, the workspace cross-account role and credentials, the
 * registration of the instance profile, the `/mnt/experiments` mount and the shared autoscaling cluster.
 */
export class DataAccessStack extends DataAccessAppStack {
  public readonly bucket: DataBucket;
  public readonly dataRole: InstanceProfileRole;
  public readonly workspaceRole: WorkspaceCrossAccountRole;
  /** The workspace-level resources, unless `databricks.deployWorkspaceResources` is false. */
  public readonly registration?: InstanceProfileRegistration;
  public readonly mount?: S3Mount;
  public readonly cluster?: AutoscalingCluster;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const account = workspaceAccountProvider(this, config);
    const workspaceDatabricks = workspaceDatabricksProvider(this, config);
    const accountDatabricks = accountDatabricksProvider(this, config);
    const databricks = { workspace: workspaceDatabricks, account: accountDatabricks.provider, accountId: accountDatabricks.accountId };

    this.bucket = dataBucketFromConfig(this, "data-bucket", config, { account, bucketName: prefixed(config, "ds"), encryption: config.bucket.encryption });
    this.dataRole = new InstanceProfileRole(this, "data-role", {
      account,
      roleName: prefixed(config, "first-ec2s3"),
      instanceProfileName: prefixed(config, "first-profile"),
      description: `(${config.namePrefix}) EC2 Assume Role role for S3 access`,
    });
    // The provider example's bucket policy gives the data role full access; it is merged with our deny-non-TLS
    // statement.
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
      policyType: config.crossAccountPolicy.policyType,
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

    // Databricks launches clusters with the workspace's cross-account role: the one created here, whose generated
    // policy already passes the data role, or the one config names, which gets iam:PassRole of its own.
    const launchRole =
      workspaceRoleName(config) === createdWorkspaceRoleName(config)
        ? this.workspaceRole
        : existingWorkspaceRole(this, config, account, "pass-data-role", "existing-workspace-role");
    this.registration = new InstanceProfileRegistration(this, "instance-profile-registration", {
      instanceProfileRole: this.dataRole,
      workspaceRole: launchRole,
      provider: databricks.workspace,
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
      skipValidation: config.skipInstanceProfileValidation,
    });
    this.mount = new S3Mount(this, "experiments-mount", {
      provider: databricks.workspace,
      mountName: "experiments",
      bucketName: this.bucket.bucketName,
      instanceProfile: this.registration.id,
    });
    this.cluster = clusterFromConfig(this, "shared-autoscaling", config, {
      provider: databricks.workspace,
      clusterName: config.cluster.name,
      instanceProfileArn: this.registration.id,
      // Reads the bucket through the data role's instance profile and the /mnt/experiments mount, which need
      // the no-isolation access mode (no Unity Catalog here).
      dataSecurityMode: DataSecurityMode.NONE,
    });

    new TerraformOutput(this, "cluster_id", { value: this.cluster.clusterId });
    new TerraformOutput(this, "mount_source", { value: this.mount.source });
  }
}
