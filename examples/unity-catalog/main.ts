// Unity Catalog access to buckets and a Kinesis stream of the data account: a storage credential on a role there,
// external locations with grants to groups, and a service credential for Kinesis (Databricks Runtime 16.1+).
// The workspace's Unity Catalog metastore must exist and be assigned to the workspace.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import {
  AwsAccountProvider,
  DataAccessSecurityChecks,
  DataBucket,
  DataStream,
  ExternalLocationAccess,
  UnityCatalogExternalLocation,
  UnityCatalogServiceCredential,
  UnityCatalogStorageCredential,
} from "cdktf-databricks-aws-data-access";

const DATA_ACCOUNT_ID = "444455556666";

class UnityCatalogStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Everything in AWS lands in the data account; Unity Catalog objects are made through the workspace.
    const dataAccount = new AwsAccountProvider(this, "data-account", {
      accountId: DATA_ACCOUNT_ID,
      region: "us-east-1",
      alias: "data",
      assumeRoleArn: `arn:aws:iam::${DATA_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });
    const databricks = new DatabricksProvider(this, "databricks", { host: "https://dbc-1234567890123456.cloud.databricks.com" });

    // #region readme-unity-catalog
    // A role in the data account that Unity Catalog assumes, and the storage credential on it.
    const storage = new UnityCatalogStorageCredential(this, "storage", {
      account: dataAccount,
      roleName: "acme-uc-storage",
      credentialName: "acme-uc-storage",
      provider: databricks,
    });
    // One external location per prefix, with grants to groups instead of instance profiles on clusters.
    const lake = DataBucket.fromBucketName(this, "lake", { account: dataAccount, bucketName: "acme-lake" });
    new UnityCatalogExternalLocation(this, "curated", {
      credential: storage,
      bucket: lake,
      prefix: "curated",
      locationName: "acme-curated",
      access: ExternalLocationAccess.READ,
      grants: [{ principal: "data-analysts", privileges: ["READ_FILES"] }],
    });

    // Kinesis through a service credential: the role in the data account reads the stream.
    const kinesis = new UnityCatalogServiceCredential(this, "kinesis", {
      account: dataAccount,
      roleName: "acme-uc-kinesis",
      credentialName: "acme-uc-kinesis",
      provider: databricks,
      grants: [{ principal: "data-engineers", privileges: ["ACCESS"] }],
    });
    const events = DataStream.fromStreamName(this, "events", { account: dataAccount, streamName: "acme-events" });
    events.grantRead(kinesis.role);
    new TerraformOutput(this, "kinesis_read_stream_options", { value: kinesis.kinesisReadStreamOptions([events]) });
    // #endregion
  }
}

const app = new App();
new UnityCatalogStack(app, "unity-catalog");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
