// A KCL application on EC2 in the consumer account reads a stream of the producer account through a role
// it assumes there; its lease tables and metrics stay in the consumer account.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  AwsAccountProvider,
  DataAccessSecurityChecks,
  DataStream,
  KclCrossAccountConsumer,
  StreamEncryption,
} from "cdktf-databricks-aws-data-access";

const PRODUCER_ACCOUNT_ID = "111122223333";
const CONSUMER_ACCOUNT_ID = "444455556666";
const REGION = "us-east-1";

class KclConsumerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const producer = new AwsAccountProvider(this, "producer-account", { accountId: PRODUCER_ACCOUNT_ID, region: REGION, alias: "producer" });
    const consumer = new AwsAccountProvider(this, "consumer-account", {
      accountId: CONSUMER_ACCOUNT_ID,
      region: REGION,
      alias: "consumer",
      assumeRoleArn: `arn:aws:iam::${CONSUMER_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });

    // #region readme-kcl
    const stream = new DataStream(this, "trades", { account: producer, streamName: "StockTradeStream", encryption: StreamEncryption.KMS });
    // The workers' instance-profile role (consumer) assumes a stream role (producer) that reads the stream;
    // the lease table, KCL's other tables and its CloudWatch namespace are granted in the consumer account.
    const kcl = new KclCrossAccountConsumer(this, "kcl", {
      stream,
      consumerAccount: consumer,
      applicationName: "StockTradesProcessor",
      workerRoleName: "kcl-stock-trader-app-role",
      streamRoleName: "kds-stock-trade-stream-role",
      createLeaseTable: true,
    });
    // The KCL MultiLangDaemon properties (credentials providers, stream, application, region).
    new TerraformOutput(this, "kcl_properties", { value: kcl.propertiesFile });
    // #endregion
    new TerraformOutput(this, "worker_instance_profile_name", { value: kcl.workerRole.instanceProfile.name });
  }
}

const app = new App();
new KclConsumerStack(app, "kcl-consumer");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
