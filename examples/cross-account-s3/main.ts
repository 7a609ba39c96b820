// Databricks clusters in the workspace account (A) reach two S3 buckets in the data account (B):
// `curated` through a role they assume in B, `landing` directly, through B's bucket policy.
// #region readme-imports
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import {
  AutoscalingCluster,
  AwsAccountProvider,
  CrossAccountAssumeRolePair,
  DataAccessSecurityChecks,
  DataBucket,
  ExistingRole,
  InstanceProfileRegistration,
  S3aConfTarget,
  SecuritySuppressions,
  assumedRoleS3aConf,
} from "cdktf-databricks-aws-data-access";

const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
const REGION = "eu-west-1";
// Known at synth time: the cluster's per-bucket S3A keys contain it.
const CURATED_BUCKET = `analytics-curated-${DATA_ACCOUNT_ID}`;
// #endregion

class CrossAccountS3Stack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // #region readme-accounts
    // One AWS provider per account, each pinned to its account ID (allowed_account_ids).
    const workspaceAccount = new AwsAccountProvider(this, "workspace-account", { accountId: WORKSPACE_ACCOUNT_ID, region: REGION });
    const dataAccount = new AwsAccountProvider(this, "data-account", {
      accountId: DATA_ACCOUNT_ID,
      region: REGION,
      alias: "data",
      assumeRoleArn: `arn:aws:iam::${DATA_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });
    // The workspace-level Databricks provider; credentials come from DATABRICKS_* variables or a CLI profile.
    const databricks = new DatabricksProvider(this, "databricks", { host: "https://dbc-1234567890123456.cloud.databricks.com" });
    // #endregion

    // #region readme-grants
    // An instance-profile role in A that may assume exactly one role in B.
    const roles = new CrossAccountAssumeRolePair(this, "analytics-access", {
      sourceAccount: workspaceAccount,
      targetAccount: dataAccount,
      sourceRoleName: "analytics-cluster",
      targetRoleName: "analytics-data-access",
      purpose: "analytics reads and writes",
    });

    // Same account as the role in B: the grant writes that role's policy only.
    const curated = new DataBucket(this, "curated", { account: dataAccount, bucketName: CURATED_BUCKET });
    curated.grantReadWrite(roles.targetRole);

    // Across accounts: the role in A gets the identity statements, and B's bucket policy names that role.
    const landing = new DataBucket(this, "landing", { account: dataAccount, bucketName: `analytics-landing-${DATA_ACCOUNT_ID}`, forceDestroy: true });
    landing.grantRead(roles.sourceRole);
    SecuritySuppressions.add(landing, [
      { id: "S3-FORCE-DESTROY", reason: "the landing zone is a copy that the ingestion jobs rebuild from the source systems" },
    ]);
    // #endregion

    // #region readme-databricks
    // The workspace's cross-account role (created with the workspace) may pass the instance profile's role to EC2.
    const workspaceRole = new ExistingRole(this, "workspace-role", {
      account: workspaceAccount,
      roleArn: `arn:aws:iam::${WORKSPACE_ACCOUNT_ID}:role/analytics-workspace-crossaccount`,
      inlinePolicyName: "analytics-pass-cluster-role",
    });
    const registration = new InstanceProfileRegistration(this, "registration", {
      instanceProfileRole: roles.sourceRole,
      workspaceRole,
      provider: databricks,
    });
    // S3A assumes the role in B for the curated bucket only; other buckets keep the instance profile's identity.
    const cluster = new AutoscalingCluster(this, "cluster", {
      provider: databricks,
      clusterName: "Analytics",
      instanceProfileArn: registration.id,
      sparkConf: assumedRoleS3aConf({ roles, target: S3aConfTarget.CLUSTER, bucketNames: [CURATED_BUCKET] }),
    });
    // #endregion

    new TerraformOutput(this, "instance_profile_arn", { value: roles.instanceProfileArn });
    new TerraformOutput(this, "data_access_role_arn", { value: roles.targetRoleArn });
    new TerraformOutput(this, "cluster_id", { value: cluster.clusterId });
  }
}

// #region readme-app
const app = new App();
new CrossAccountS3Stack(app, "cross-account-s3");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
// #endregion
