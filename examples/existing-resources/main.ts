// Buckets, a KMS key and a Kinesis stream that already exist in the data account (B), made readable to
// Databricks clusters of the workspace account (A) through a role in B. Nothing in B but that role is created.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import {
  AutoscalingCluster,
  AwsAccountProvider,
  CrossAccountAssumeRolePair,
  DataAccessSecurityChecks,
  DataBucket,
  DataStream,
  ExistingEncryptionKey,
  ExistingRole,
  InstanceProfileRegistration,
  S3aConfTarget,
  assumedRoleS3aConf,
} from "cdktf-databricks-aws-data-access";

const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
const REGION = "eu-central-1";

class ExistingResourcesStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const workspaceAccount = new AwsAccountProvider(this, "workspace-account", { accountId: WORKSPACE_ACCOUNT_ID, region: REGION });
    const dataAccount = new AwsAccountProvider(this, "data-account", {
      accountId: DATA_ACCOUNT_ID,
      region: REGION,
      alias: "data",
      profile: "data-account-admin", // a named profile of ~/.aws/config instead of an assumed role
    });
    const databricks = new DatabricksProvider(this, "databricks", { host: "https://dbc-1234567890123456.cloud.databricks.com" });

    const roles = new CrossAccountAssumeRolePair(this, "lake-access", {
      sourceAccount: workspaceAccount,
      targetAccount: dataAccount,
      sourceRoleName: "lake-cluster",
      targetRoleName: "lake-reader",
      purpose: "reads of the existing lake",
    });

    // #region readme-existing
    // Existing resources, by name or ARN: grants write the reader role's policy and touch no resource policy.
    const lakeKey = new ExistingEncryptionKey(this, "lake-key", {
      account: dataAccount,
      keyArn: `arn:aws:kms:${REGION}:${DATA_ACCOUNT_ID}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
    });
    const raw = DataBucket.fromBucketName(this, "raw", { account: dataAccount, bucketName: "acme-lake-raw", encryptionKey: lakeKey });
    const refined = DataBucket.fromBucketName(this, "refined", { account: dataAccount, bucketName: "acme-lake-refined", encryptionKey: lakeKey });
    const events = DataStream.fromStreamName(this, "events", { account: dataAccount, streamName: "acme-events", encryptionKey: lakeKey });
    raw.grantRead(roles.targetRole);
    refined.grantReadWrite(roles.targetRole);
    events.grantRead(roles.targetRole);
    // #endregion

    const registration = new InstanceProfileRegistration(this, "registration", {
      instanceProfileRole: roles.sourceRole,
      workspaceRole: new ExistingRole(this, "workspace-role", {
        account: workspaceAccount,
        roleArn: `arn:aws:iam::${WORKSPACE_ACCOUNT_ID}:role/acme-crossaccount-role`,
        inlinePolicyName: "lake-pass-cluster-role",
      }),
      provider: databricks,
    });
    const cluster = new AutoscalingCluster(this, "cluster", {
      provider: databricks,
      clusterName: "Lake",
      instanceProfileArn: registration.id,
      // S3A reads both buckets as the role in B; other buckets keep the instance profile's own identity.
      sparkConf: assumedRoleS3aConf({ roles, target: S3aConfTarget.CLUSTER, bucketNames: ["acme-lake-raw", "acme-lake-refined"] }),
    });

    new TerraformOutput(this, "reader_role_arn", { value: roles.targetRoleArn });
    new TerraformOutput(this, "cluster_id", { value: cluster.clusterId });
  }
}

const app = new App();
new ExistingResourcesStack(app, "existing-resources");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
