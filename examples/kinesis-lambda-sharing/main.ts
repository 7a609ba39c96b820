// A Kinesis stream in the producer account, shared with a Lambda function in the consumer account
// through the stream's resource policy (AWS's "Share your data stream with another account").
import * as path from "path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  AwsAccountProvider,
  DataAccessSecurityChecks,
  DataStream,
  KinesisEventSource,
  LambdaFunction,
  StartingPosition,
  StreamConsumer,
  StreamEncryption,
} from "cdktf-databricks-aws-data-access";

const PRODUCER_ACCOUNT_ID = "111122223333";
const CONSUMER_ACCOUNT_ID = "444455556666";
const REGION = "us-east-1"; // stream sharing works within one region: both accounts use the same

class KinesisLambdaSharingStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Both accounts on aliased providers: every resource says which account it lands in.
    const producer = new AwsAccountProvider(this, "producer-account", { accountId: PRODUCER_ACCOUNT_ID, region: REGION, alias: "producer" });
    const consumer = new AwsAccountProvider(this, "consumer-account", {
      accountId: CONSUMER_ACCOUNT_ID,
      region: REGION,
      alias: "consumer",
      assumeRoleArn: `arn:aws:iam::${CONSUMER_ACCOUNT_ID}:role/OrganizationAccountAccessRole`,
    });

    // #region readme-lambda-sharing
    // A customer-managed key: the AWS-managed Kinesis key cannot be used by another account.
    const stream = new DataStream(this, "orders", { account: producer, streamName: "orders", encryption: StreamEncryption.KMS });
    // Optional: an enhanced fan-out consumer, shared by a resource policy of its own.
    const fanOut = new StreamConsumer(this, "orders-efo", { stream, consumerName: "orders-reader-efo" });
    const reader = new LambdaFunction(this, "reader", {
      account: consumer,
      functionName: "orders-reader",
      codeDirectory: path.join(__dirname, "reader"),
      handler: "index.lambda_handler",
    });
    // The trigger: grants the execution role the read actions in the stream's, the consumer's and the key's
    // policies (DescribeStream included), and creates the event source mapping after them.
    new KinesisEventSource(this, "trigger", {
      consumerFunction: reader,
      stream,
      consumer: fanOut,
      startingPosition: StartingPosition.TRIM_HORIZON,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
    });
    // #endregion

    new TerraformOutput(this, "stream_name", { value: stream.streamName });
    new TerraformOutput(this, "log_group_name", { value: reader.logGroup.name });
  }
}

const app = new App();
new KinesisLambdaSharingStack(app, "kinesis-lambda-sharing");
// The security checks run on every stack during synthesis; an error-level finding fails `cdktf synth`.
DataAccessSecurityChecks.addToEachStack(app);
app.synth();
