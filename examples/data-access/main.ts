// A private data bucket in the workspace's AWS account, the EC2 role Databricks clusters run as, the
// workspace cross-account role with its Databricks credentials, and a cluster that reads the bucket.
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import {
  AutoscalingCluster,
  AwsAccountProvider,
  DataAccessSecurityChecks,
  DataBucket,
  InstanceProfileRegistration,
  InstanceProfileRole,
  S3Mount,
  WorkspaceCrossAccountRole,
} from "cdktf-databricks-aws-data-access";

class DataAccessStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // #region readme-providers
    const account = new AwsAccountProvider(this, "workspace-account", { accountId: "111122223333", region: "us-east-1" });
    // The Databricks account ID is a Terraform variable (TF_VAR_databricks_account_id), never a literal.
    const databricksAccountId = new TerraformVariable(this, "databricks_account_id", { type: "string" }).stringValue;
    // Account level (credentials for workspace creation) and workspace level (profile, mount, cluster).
    const mws = new DatabricksProvider(this, "databricks-mws", { alias: "mws", host: "https://accounts.cloud.databricks.com", accountId: databricksAccountId });
    const workspace = new DatabricksProvider(this, "databricks", { host: "https://dbc-1234567890123456.cloud.databricks.com" });
    // #endregion

    // #region readme-data-access
    // Private, encrypted, TLS-only; versioning and forceDestroy are opt-in.
    const bucket = new DataBucket(this, "data", { account, bucketName: "acme-databricks-data" });
    // The EC2 role cluster nodes run as, with its instance profile.
    const dataRole = new InstanceProfileRole(this, "data-role", { account, roleName: "acme-data-role", instanceProfileName: "acme-data-profile" });
    bucket.grantReadWrite(dataRole);

    // The role Databricks launches clusters with; it may pass exactly the data role.
    const workspaceRole = new WorkspaceCrossAccountRole(this, "workspace-role", {
      account,
      databricksAccountId,
      mwsProvider: mws,
      roleName: "acme-crossaccount-role",
      policyName: "acme-crossaccount-policy",
      credentialsName: "acme-credentials",
      passRoleArns: [dataRole.roleArn],
    });

    // Registered once IAM has propagated, then mounted and used by a cluster.
    const registration = new InstanceProfileRegistration(this, "registration", { instanceProfileRole: dataRole, workspaceRole, provider: workspace });
    const mount = new S3Mount(this, "mount", { provider: workspace, mountName: "data", bucketName: bucket.bucketName, instanceProfile: registration.id });
    const cluster = new AutoscalingCluster(this, "cluster", { provider: workspace, clusterName: "Shared", instanceProfileArn: registration.id });
    // #endregion

    new TerraformOutput(this, "databricks_credentials_id", { value: workspaceRole.credentialsId });
    new TerraformOutput(this, "mount_source", { value: mount.source });
    new TerraformOutput(this, "cluster_id", { value: cluster.clusterId });
  }
}

const app = new App();
new DataAccessStack(app, "data-access");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
