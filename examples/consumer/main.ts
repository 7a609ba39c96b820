// A CDKTF project of its own that uses the library only through its package name, as any consumer would.
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  AwsAccountProvider,
  CrossAccountAssumeRolePair,
  DataAccessSecurityChecks,
  DataBucket,
  SecuritySuppressions,
} from "cdktf-databricks-aws-data-access";

const WORKSPACE_ACCOUNT_ID = "111122223333";
const DATA_ACCOUNT_ID = "444455556666";
const REGION = "eu-west-1";

/**
 * Analytics clusters in the workspace account (A) reach two buckets in the data account (B):
 * `curated` through an assumed role in B, `landing` directly, through B's bucket policy.
 */
class AnalyticsDataStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const workspace = new AwsAccountProvider(this, "workspace-account", { accountId: WORKSPACE_ACCOUNT_ID, region: REGION });
    const data = new AwsAccountProvider(this, "data-account", {
      accountId: DATA_ACCOUNT_ID,
      region: REGION,
      alias: "data",
      assumeRoleArn: `arn:aws:iam::${DATA_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });

    const access = new CrossAccountAssumeRolePair(this, "analytics-access", {
      sourceAccount: workspace,
      targetAccount: data,
      sourceRoleName: "analytics-cluster",
      targetRoleName: "analytics-data-access",
      externalId: "analytics-clusters-7f3c",
      purpose: "analytics reads and writes",
    });

    // Same account as the role in B: the grant writes B's role policy only.
    const curated = new DataBucket(this, "curated", { account: data, bucketName: `analytics-curated-${DATA_ACCOUNT_ID}` });
    curated.grantReadWrite(access.targetRole);

    // Across accounts: the role in A gets the identity statements and B's bucket policy names that role.
    const landing = new DataBucket(this, "landing", {
      account: data,
      bucketName: `analytics-landing-${DATA_ACCOUNT_ID}`,
      forceDestroy: true,
    });
    landing.grantRead(access.sourceRole);
    SecuritySuppressions.add(landing, [
      { id: "S3-FORCE-DESTROY", reason: "the landing zone is a copy that the ingestion jobs rebuild from the source systems" },
    ]);

    new TerraformOutput(this, "instance_profile_arn", { value: access.instanceProfileArn });
    new TerraformOutput(this, "data_access_role_arn", { value: access.targetRoleArn });
  }
}

const app = new App();
const stack = new AnalyticsDataStack(app, "analytics-data");
Aspects.of(stack).add(new DataAccessSecurityChecks());
app.synth();
