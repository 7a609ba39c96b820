import * as path from "path";
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { IDataStream } from "../modules/kinesis/data-stream";
import { StreamConsumer } from "../modules/kinesis/stream-consumer";
import { LambdaFunction } from "../modules/lambda/lambda-function";
import {
  KinesisEventSource,
  OnFailureDestination,
} from "../modules/kinesis/kinesis-event-source";
import { prefixed } from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";
import { kinesisAccountProviders, producerStream } from "./kinesis-consumers-common";
import { projectRoot } from "../config/project-root";

/**
 * The reader (`print(event)`) of the article "How to set up cross-account access to Amazon Kinesis Data
 * Streams" (DEV Community), kept as source in the repository and zipped at synth time.
 */
export const KINESIS_READER_CODE = path.join(projectRoot(), "assets", "kinesis-reader");

/**
 * The Kinesis sharing article as a stack: a data stream in the producer account shared with a Lambda function
 * in the consumer account through the stream's resource policy (`aws_kinesis_resource_policy` naming the
 * function's execution role, with the five read actions, DescribeStream included), optionally through a
 * registered enhanced fan-out consumer with its own resource policy. The function is triggered by an event
 * source mapping on the stream (or consumer) ARN. Sharing works only within one region: both providers must be
 * in the same region, or synthesis fails.
 */
export class KinesisLambdaSharingStack extends DataAccessAppStack {
  public readonly producerAccount: AwsAccountProvider;
  public readonly consumerAccount: AwsAccountProvider;
  public readonly stream: IDataStream;
  /** The enhanced fan-out consumer, when `enhancedFanOut`. */
  public readonly streamConsumer?: StreamConsumer;
  public readonly reader: LambdaFunction;
  public readonly eventSource: KinesisEventSource;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const l = config.kinesisConsumers.lambda;
    const { producer, consumer } = kinesisAccountProviders(this, config);
    // Both accounts are in one region: the config schema checks it (stream sharing is same-region only).
    this.producerAccount = producer;
    this.consumerAccount = consumer;

    this.stream = producerStream(this, config, producer, l.stream, true);
    if (l.enhancedFanOut) {
      this.streamConsumer = new StreamConsumer(this, "efo-consumer", { stream: this.stream, consumerName: prefixed(config, l.consumerName) });
    }
    this.reader = new LambdaFunction(this, "reader", {
      account: consumer,
      functionName: prefixed(config, l.functionName),
      codeDirectory: KINESIS_READER_CODE,
      handler: "index.lambda_handler",
      description: `Logs the records of a Kinesis stream shared by account ${producer.accountId}`,
      logRetentionDays: l.logRetentionDays,
    });
    this.eventSource = new KinesisEventSource(this, "trigger", {
      consumerFunction: this.reader,
      stream: this.stream,
      consumer: this.streamConsumer,
      permissions: l.permissions,
      startingPosition: l.startingPosition,
      batchSize: l.batchSize,
      bisectBatchOnFunctionError: l.bisectBatchOnFunctionError,
      maximumRetryAttempts: l.maximumRetryAttempts,
      onFailureDestination: l.onFailureDestinationArn !== undefined ? OnFailureDestination.fromArn(l.onFailureDestinationArn) : undefined,
    });

    new TerraformOutput(this, "stream_name", { value: this.stream.streamName, description: "The shared stream (producer account)" });
    new TerraformOutput(this, "stream_arn", { value: this.stream.streamArn });
    if (this.stream.encryptionKey) new TerraformOutput(this, "stream_key_arn", { value: this.stream.encryptionKey.keyArn });
    if (this.streamConsumer) new TerraformOutput(this, "stream_consumer_arn", { value: this.streamConsumer.consumerArn });
    new TerraformOutput(this, "function_name", { value: this.reader.functionName, description: "The reader (consumer account)" });
    new TerraformOutput(this, "execution_role_arn", {
      value: this.reader.role.roleArn,
      description: "The principal the stream's resource policy names",
    });
    new TerraformOutput(this, "log_group_name", { value: this.reader.logGroup.name, description: "Where the reader prints the records" });
    new TerraformOutput(this, "event_source_mapping_id", { value: this.eventSource.mappingId });
  }
}
