// Databricks clusters in the workspace account (A) read a Kinesis stream in the data account (B) by
// assuming a role there with an external ID, the way Databricks' Kinesis source takes `roleArn`.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import {
  AutoscalingCluster,
  AwsAccountProvider,
  CrossAccountAssumeRolePair,
  DataAccessSecurityChecks,
  DataStream,
  ExistingRole,
  InstanceProfileRegistration,
  KinesisConnectionCheckNotebook,
  StreamEncryption,
  kinesisReadStreamOptions,
} from "cdktf-databricks-aws-data-access";

const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
const REGION = "us-east-1";
const STREAM_NAME = "clickstream";

class CrossAccountKinesisStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const workspaceAccount = new AwsAccountProvider(this, "workspace-account", { accountId: WORKSPACE_ACCOUNT_ID, region: REGION });
    const dataAccount = new AwsAccountProvider(this, "data-account", {
      accountId: DATA_ACCOUNT_ID,
      region: REGION,
      alias: "data",
      assumeRoleArn: `arn:aws:iam::${DATA_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });
    const databricks = new DatabricksProvider(this, "databricks", { host: "https://dbc-1234567890123456.cloud.databricks.com" });

    // #region readme-kinesis
    const roles = new CrossAccountAssumeRolePair(this, "kinesis-access", {
      sourceAccount: workspaceAccount,
      targetAccount: dataAccount,
      sourceRoleName: "clickstream-cluster",
      targetRoleName: "clickstream-reader",
      externalId: "clickstream-7f3c",
      purpose: "clickstream reads",
    });
    // A stream in B, encrypted with a customer-managed key that the reader becomes a key user of.
    const stream = new DataStream(this, "clicks", { account: dataAccount, streamName: STREAM_NAME, encryption: StreamEncryption.KMS });
    stream.grantRead(roles.targetRole);
    // #endregion

    const registration = new InstanceProfileRegistration(this, "registration", {
      instanceProfileRole: roles.sourceRole,
      workspaceRole: new ExistingRole(this, "workspace-role", {
        account: workspaceAccount,
        roleArn: `arn:aws:iam::${WORKSPACE_ACCOUNT_ID}:role/acme-crossaccount-role`,
        inlinePolicyName: "clickstream-pass-cluster-role",
      }),
      provider: databricks,
    });
    const cluster = new AutoscalingCluster(this, "cluster", { provider: databricks, clusterName: "Clickstream", instanceProfileArn: registration.id });

    // #region readme-kinesis-options
    // The options of spark.readStream.format("kinesis") (role ARN and external ID from the pair), as an output
    // and as a notebook that runs them.
    const readOptions = kinesisReadStreamOptions({ streamNames: [STREAM_NAME], region: REGION, roles });
    new KinesisConnectionCheckNotebook(this, "check", { provider: databricks, path: "/Shared/clickstream-check", readOptions });
    new TerraformOutput(this, "kinesis_read_stream_options", { value: readOptions });
    // #endregion
    new TerraformOutput(this, "cluster_id", { value: cluster.clusterId });
  }
}

const app = new App();
new CrossAccountKinesisStack(app, "cross-account-kinesis");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
