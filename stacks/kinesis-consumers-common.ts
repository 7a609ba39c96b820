import { Construct } from "constructs";
import { AppConfig } from "../config/app-config";
import { KinesisStreamSettings } from "../config/app-config";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { ExistingEncryptionKey } from "../modules/kms/existing-encryption-key";
import { DataStream, IDataStream, StreamEncryption, StreamMode } from "../modules/kinesis/data-stream";
import { dataAccountProvider, prefixed, workspaceAccountProvider } from "./common";

/** The two accounts of the Kinesis consumer scenarios, each on an aliased provider. */
export interface KinesisAccounts {
  /**
   * The stream owner (account A in the AWS Kinesis sharing and KCL cross-account guides), provider alias
   * `producer`.
   */
  readonly producer: AwsAccountProvider;
  /** The consumer (account B in those guides), provider alias `consumer`. */
  readonly consumer: AwsAccountProvider;
}

/**
 * Aliased providers `producer` and `consumer` over the app's two accounts, as
 * `config.kinesisConsumers.producerAccount` assigns them: the workspace account uses the
 * environment's credentials, the data account its assumed role or profile (see stacks/common.ts).
 * Neither is the default provider, so every block of these stacks names the account it lands in.
 */
export function kinesisAccountProviders(scope: Construct, config: AppConfig): KinesisAccounts {
  const producerIsWorkspace = config.kinesisConsumers.producerAccount === "workspace";
  const workspace = workspaceAccountProvider(scope, config, producerIsWorkspace ? "producer" : "consumer");
  const data = dataAccountProvider(scope, config, producerIsWorkspace ? "consumer" : "producer");
  return producerIsWorkspace ? { producer: workspace, consumer: data } : { producer: data, consumer: workspace };
}

/**
 * The producer's stream: created (`<prefix>-<name>`, customer-managed key) or, when `create` is false,
 * an existing one by name. A `kmsKeyArn` is the created stream's key or the existing stream's key.
 */
export function producerStream(
  scope: Construct,
  config: AppConfig,
  producer: AwsAccountProvider,
  settings: KinesisStreamSettings,
  create: boolean,
): IDataStream {
  const key = settings.kmsKeyArn !== undefined ? new ExistingEncryptionKey(scope, "stream-key", { account: producer, keyArn: settings.kmsKeyArn }) : undefined;
  if (!create) return DataStream.fromStreamName(scope, "stream", { account: producer, streamName: settings.name, encryptionKey: key });
  const onDemand = settings.streamMode === StreamMode.ON_DEMAND;
  return new DataStream(scope, "stream", {
    account: producer,
    streamName: prefixed(config, settings.name),
    streamMode: settings.streamMode,
    shardCount: onDemand ? undefined : settings.shardCount,
    retentionPeriodHours: settings.retentionPeriodHours,
    // Always a customer-managed key: the AWS-managed one cannot be used by the consumer's account.
    encryption: StreamEncryption.KMS,
    encryptionKey: key,
  });
}
