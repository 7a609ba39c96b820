import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { IDataStream } from "../modules/kinesis/data-stream";
import { KclCrossAccountConsumer } from "../modules/kinesis/kcl-cross-account-consumer";
import { prefixed } from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";
import { kinesisAccountProviders, producerStream } from "./kinesis-consumers-common";

/**
 * The AWS Architecture Blog post "Field Notes: How to Enable Cross-Account Access for Amazon Kinesis Data
 * Streams using Kinesis Client Library 2.x" as a stack: a KCL application on EC2 in the consumer account reads
 * a stream of the producer account. The workers' instance-profile role assumes a role in the producer account
 * that holds the post's stream policy; the lease tables and metrics stay in the consumer account. The
 * `kcl_properties` output is the KCL configuration the post's `sample.properties` shows.
 */
export class KclConsumerStack extends DataAccessAppStack {
  public readonly producerAccount: AwsAccountProvider;
  public readonly consumerAccount: AwsAccountProvider;
  public readonly stream: IDataStream;
  public readonly kcl: KclCrossAccountConsumer;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const k = config.kinesisConsumers.kcl;
    const { producer, consumer } = kinesisAccountProviders(this, config);
    this.producerAccount = producer;
    this.consumerAccount = consumer;

    this.stream = producerStream(this, config, producer, k.stream, k.createStream);
    this.kcl = new KclCrossAccountConsumer(this, "kcl", {
      stream: this.stream,
      consumerAccount: consumer,
      applicationName: prefixed(config, k.applicationName),
      workerRoleName: prefixed(config, k.workerRoleName),
      streamRoleName: prefixed(config, k.streamRoleName),
      roleSessionName: k.roleSessionName,
      trust: k.trust,
      externalId: k.externalId,
      registerConsumers: k.registerConsumers,
      initialPositionInStream: k.initialPositionInStream,
      createLeaseTable: k.createLeaseTable,
    });

    new TerraformOutput(this, "kcl_properties", {
      value: this.kcl.propertiesFile,
      description: "KCL MultiLangDaemon settings (sample.properties lines of the KCL cross-account post); add executableName and processingLanguage",
    });
    new TerraformOutput(this, "stream_name", { value: this.stream.streamName, description: "The stream (producer account)" });
    new TerraformOutput(this, "stream_arn", { value: this.stream.streamArn });
    new TerraformOutput(this, "stream_role_arn", { value: this.kcl.streamRole.roleArn, description: "The role the workers assume (producer account)" });
    new TerraformOutput(this, "worker_role_arn", { value: this.kcl.workerRole.roleArn, description: "The KCL workers' role (consumer account)" });
    new TerraformOutput(this, "worker_instance_profile_name", {
      value: this.kcl.workerRole.instanceProfile.name,
      description: "Attach to the KCL EC2 instances (aws ec2 associate-iam-instance-profile)",
    });
    new TerraformOutput(this, "lease_table_name", { value: this.kcl.application.applicationName, description: "KCL's lease table (consumer account)" });
  }
}
