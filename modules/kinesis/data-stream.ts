import { Construct } from "constructs";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KinesisResourcePolicy } from "@cdktf/provider-aws/lib/kinesis-resource-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { EncryptionKey, IEncryptionKey } from "../kms/encryption-key";
import { AddToResourcePolicyResult, Grant, IResourceWithPolicy, grant, grantOnPrincipal, isCrossAccountGrant } from "../iam/grant";
import { PolicyDocument } from "../iam/policy-document";
import { KinesisResourcePolicyOnDemand } from "../private/kinesis-resource-policy-on-demand";
import { IGrantable, PolicyStatement } from "../iam/policy-statement";
import { ValidationError, validateIntegerRange, validateStreamName } from "../private/validation";
import { StreamMode, StreamEncryption } from "./stream-settings";
// Declared without cdktf, so the app config can use it before cdktf is loaded.
export { StreamMode, StreamEncryption } from "./stream-settings";

/**
 * Stream-level actions of a reader. The Databricks Kinesis source calls ListShards, GetShardIterator
 * and GetRecords (its docs name these three as required); DescribeStream/DescribeStreamSummary are
 * what older runtimes and the KCL use to discover shards, and AWS asks for DescribeStream in every
 * cross-account sharing policy.
 */
export const STREAM_READ_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:ListShards",
] as const;

/**
 * Consumer-level actions of an enhanced fan-out (EFO) reader, on `<stream ARN>/consumer/*`
 * (Databricks `consumerMode = "efo"`, Runtime 11.3+).
 */
export const STREAM_CONSUMER_READ_ACTIONS = ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"] as const;

/**
 * Actions of a reader that registers its own EFO consumer (the Databricks source does so, with a
 * `databricks_` name prefix, unless the consumer exists) and removes it (`requireConsumerDeregistration`).
 * Granted on the stream and on its consumers: DeregisterStreamConsumer is authorized against both.
 */
export const STREAM_CONSUMER_REGISTRATION_ACTIONS = [
  "kinesis:ListStreamConsumers",
  "kinesis:RegisterStreamConsumer",
  "kinesis:DeregisterStreamConsumer",
] as const;

/** Actions of a writer (the four the Kinesis console's sharing editor gives a writer). */
export const STREAM_WRITE_ACTIONS = [
  "kinesis:DescribeStreamSummary",
  "kinesis:ListShards",
  "kinesis:PutRecord",
  "kinesis:PutRecords",
] as const;

/** The AWS-managed Kinesis key: usable only by principals of the stream's own account. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** Options of {@link IDataStream.grantRead}. */
export interface StreamGrantReadOptions {
  /**
   * Also let the grantee register and deregister its own EFO consumers (Databricks `consumerMode = "efo"`
   * without a pre-registered consumer). Only for grantees in the stream's account: a consumer of another
   * account is registered by the stream owner and shared through the consumer's resource policy.
   * @default false
   */
  readonly registerConsumers?: boolean;
}

/** A stream that can be granted on, whether this stack creates it or not. */
export interface IDataStream extends IResourceWithPolicy {
  /** The stream name. */
  readonly streamName: string;
  /** The stream ARN, `arn:<partition>:kinesis:<region>:<account>:stream/<name>` (known at synth time). */
  readonly streamArn: string;
  /** The ARN pattern of the stream's registered consumers, `<stream ARN>/consumer/*`. */
  readonly consumerArnPattern: string;
  /**
   * The customer-managed key records are encrypted with.
   * @default none (AWS-managed key or unknown)
   */
  readonly encryptionKey?: IEncryptionKey;
  /** Grants the given actions on the stream (and adds them to the stream policy across accounts). */
  grant(grantee: IGrantable, ...actions: string[]): Grant;
  /** Grants shard discovery and record reads, EFO consumer reads, and decrypt on a customer key. */
  grantRead(grantee: IGrantable, options?: StreamGrantReadOptions): Grant[];
  /** Grants record writes and encrypt (generate data key) on a customer key. */
  grantWrite(grantee: IGrantable): Grant[];
  /** {@link grantRead} and {@link grantWrite}. */
  grantReadWrite(grantee: IGrantable, options?: StreamGrantReadOptions): Grant[];
}

/**
 * What {@link DataStream} and the streams of {@link DataStream.fromStreamName} share: the ARNs and the grants.
 * Not constructed directly; after AWS CDK's Kinesis `StreamBase`.
 */
export abstract class StreamBase extends Construct implements IDataStream {
  /** The account the stream is in; grants compare it with the grantee's to decide on a stream policy statement. */
  public abstract readonly account: AwsAccount;
  /** The stream name. */
  public abstract readonly streamName: string;
  /**
   * The customer-managed key records are encrypted with.
   * @default none (unencrypted, or the AWS-managed key: grants add no key permissions)
   */
  public abstract readonly encryptionKey?: IEncryptionKey;
  /**
   * Adds a statement to the stream's resource policy, if this stack owns the stream.
   * @returns whether the statement was added
   */
  public abstract addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult;
  /** True when records are encrypted with the AWS-managed key, which other accounts cannot use. */
  protected abstract readonly usesAwsManagedKey: boolean;

  /** The stream ARN, known before apply. */
  public get streamArn(): string {
    return `arn:${this.account.partition}:kinesis:${this.account.region}:${this.account.accountId}:stream/${this.streamName}`;
  }

  /** `<streamArn>/consumer/*`: every registered consumer of the stream. */
  public get consumerArnPattern(): string {
    return `${this.streamArn}/consumer/*`;
  }

  /**
   * Grants `actions` on the stream: to the grantee's policy and, across accounts, to the stream's resource policy.
   * A stream on the AWS-managed key refuses a grantee of another account (that key serves its own account only).
   */
  public grant(grantee: IGrantable, ...actions: string[]): Grant {
    this.checkKeyReachable(grantee);
    return grant({ grantee, actions, resourceArns: [this.streamArn], resource: this });
  }

  /** Grants shard discovery and record reads, enhanced fan-out consumer reads, and decrypt on a customer key. */
  public grantRead(grantee: IGrantable, options: StreamGrantReadOptions = {}): Grant[] {
    if ((options.registerConsumers ?? false) && isCrossAccountGrant(grantee, this)) {
      throw new ValidationError(
        "StreamGrantReadOptions.registerConsumers",
        true,
        `needs a grantee in the stream's account ${this.account.accountId} (the grantee is in ${grantee.grantPrincipal.accountId ?? "an unknown account"}); ` +
          "register the consumer in the stream's account and share it through the consumer's resource policy",
      );
    }
    const grants = [this.grant(grantee, ...STREAM_READ_ACTIONS), this.grantConsumers(grantee, STREAM_CONSUMER_READ_ACTIONS)];
    if (options.registerConsumers ?? false) {
      grants.push(this.grant(grantee, ...STREAM_CONSUMER_REGISTRATION_ACTIONS));
      grants.push(this.grantConsumers(grantee, ["kinesis:DeregisterStreamConsumer"]));
    }
    if (this.encryptionKey) grants.push(this.encryptionKey.grantDecrypt(grantee));
    return grants;
  }

  /** Grants record writes, and encrypt (generate data key) on a customer key. */
  public grantWrite(grantee: IGrantable): Grant[] {
    const grants = [this.grant(grantee, ...STREAM_WRITE_ACTIONS)];
    if (this.encryptionKey) grants.push(this.encryptionKey.grantEncryptDecrypt(grantee));
    return grants;
  }

  /** {@link StreamBase.grantRead} and {@link StreamBase.grantWrite}. */
  public grantReadWrite(grantee: IGrantable, options: StreamGrantReadOptions = {}): Grant[] {
    return [...this.grantRead(grantee, options), ...this.grantWrite(grantee)];
  }

  /**
   * Consumer actions go to the grantee's identity policy only: a stream policy may name only the
   * stream, and a registered consumer has a resource policy of its own (`aws_kinesis_resource_policy`
   * on the consumer ARN) that shares it with other accounts.
   */
  private grantConsumers(grantee: IGrantable, actions: readonly string[]): Grant {
    return grantOnPrincipal({ grantee, actions, resourceArns: [this.consumerArnPattern] });
  }

  private checkKeyReachable(grantee: IGrantable): void {
    // The AWS-managed key's policy only serves callers of its own account (kms:CallerAccount), so a
    // cross-account reader or writer would be allowed by IAM and still fail on every record.
    if (this.usesAwsManagedKey && isCrossAccountGrant(grantee, this)) {
      throw new ValidationError(
        "DataStream.encryption",
        StreamEncryption.AWS_MANAGED,
        `must be KMS with a customer-managed key to grant account ${grantee.grantPrincipal.accountId ?? "(unknown)"} access to a stream of account ` +
          `${this.account.accountId} (the AWS-managed key ${AWS_MANAGED_KINESIS_KEY} serves only its own account)`,
      );
    }
  }
}

/** Props of {@link DataStream}. */
export interface DataStreamProps {
  /** The account (and provider) the stream is created in. */
  readonly account: AwsAccount;
  /** The stream name (1-128 characters of letters, digits and `_.-`). */
  readonly streamName: string;
  /**
   * Capacity mode.
   * @default StreamMode.PROVISIONED
   */
  readonly streamMode?: StreamMode;
  /**
   * Shards of a provisioned stream (1-10000; the account's shard quota may be lower). Must not be set on demand.
   * @default 1
   */
  readonly shardCount?: number;
  /**
   * Hours records are kept (24-8760).
   * @default 24
   */
  readonly retentionPeriodHours?: number;
  /**
   * Encryption at rest.
   * @default StreamEncryption.KMS when `encryptionKey` is set, otherwise StreamEncryption.AWS_MANAGED
   */
  readonly encryption?: StreamEncryption;
  /**
   * The customer-managed key for `StreamEncryption.KMS`.
   * @default a new {@link EncryptionKey} when encryption is KMS
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Tags on the stream (and on a key created for it).
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Kinesis data stream, encrypted at rest (AWS-managed or customer key), with CDK-style grants.
 * Cross-account grants land in the stream's resource policy (`aws_kinesis_resource_policy`), which is
 * created on first use; statements can also be added with {@link DataStream.addToResourcePolicy}.
 */
export class DataStream extends StreamBase {
  /**
   * A stream this stack does not create, by name. Grants write the grantee's identity policy; the
   * stream owner keeps the stream policy (a warning says so for cross-account grants).
   */
  public static fromStreamName(scope: Construct, id: string, props: ExistingStreamProps): IDataStream {
    return new ExistingStream(scope, id, props);
  }

  public readonly account: AwsAccount;
  public readonly streamName: string;
  public readonly encryptionKey?: IEncryptionKey;
  /** The `aws_kinesis_stream`. */
  public readonly resource: KinesisStream;
  protected readonly usesAwsManagedKey: boolean;
  private readonly resourcePolicyOnDemand = new KinesisResourcePolicyOnDemand(this, () => this.resource.arn);

  constructor(scope: Construct, id: string, props: DataStreamProps) {
    super(scope, id);
    validateStreamName("DataStream.streamName", props.streamName);
    const mode = props.streamMode ?? StreamMode.PROVISIONED;
    if (mode === StreamMode.ON_DEMAND && props.shardCount !== undefined) {
      throw new ValidationError("DataStream.shardCount", props.shardCount, "must not be set when streamMode is ON_DEMAND (Kinesis manages shards)");
    }
    validateIntegerRange("DataStream.shardCount", props.shardCount, 1, 10000);
    validateIntegerRange("DataStream.retentionPeriodHours", props.retentionPeriodHours, 24, 8760);
    const encryption = props.encryption ?? (props.encryptionKey ? StreamEncryption.KMS : StreamEncryption.AWS_MANAGED);
    if (encryption === StreamEncryption.AWS_MANAGED && props.encryptionKey !== undefined) {
      throw new ValidationError("DataStream.encryptionKey", props.encryptionKey.keyArn, "must not be set when encryption is AWS_MANAGED");
    }
    this.account = props.account;
    if (encryption === StreamEncryption.KMS) {
      this.encryptionKey =
        props.encryptionKey ??
        new EncryptionKey(this, "key", { account: props.account, description: `Records of Kinesis stream ${props.streamName}`, tags: props.tags });
    }
    this.usesAwsManagedKey = encryption === StreamEncryption.AWS_MANAGED;
    this.resource = new KinesisStream(this, "stream", {
      provider: props.account.provider,
      name: props.streamName,
      streamModeDetails: { streamMode: mode },
      shardCount: mode === StreamMode.PROVISIONED ? props.shardCount ?? 1 : undefined,
      retentionPeriod: props.retentionPeriodHours ?? 24,
      encryptionType: "KMS",
      kmsKeyId: this.encryptionKey ? this.encryptionKey.keyArn : AWS_MANAGED_KINESIS_KEY,
      tags: props.tags,
    });
    // A reference, so grants and policies wait for the stream.
    this.streamName = this.resource.name;
  }

  /** The stream policy document, once a statement was added. */
  public get resourcePolicy(): PolicyDocument | undefined {
    return this.resourcePolicyOnDemand.document;
  }

  /** The `aws_kinesis_resource_policy`, once a statement was added. */
  public get resourcePolicyResource(): KinesisResourcePolicy | undefined {
    return this.resourcePolicyOnDemand.resource;
  }

  /**
   * Adds a statement to the stream's resource policy, creating the `aws_kinesis_resource_policy` on
   * first use. The statement's resources must be the stream itself ({@link streamArn}).
   */
  public addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult {
    this.resourcePolicyOnDemand.add(statement);
    return { statementAdded: true };
  }
}

/** Props of {@link DataStream.fromStreamName}. */
export interface ExistingStreamProps {
  /** The account the stream lives in. */
  readonly account: AwsAccount;
  /** The stream name. */
  readonly streamName: string;
  /**
   * The customer-managed key the stream encrypts with, if any.
   * @default none (AWS-managed key or unencrypted: no key grants)
   */
  readonly encryptionKey?: IEncryptionKey;
}

class ExistingStream extends StreamBase {
  public readonly account: AwsAccount;
  public readonly streamName: string;
  public readonly encryptionKey?: IEncryptionKey;
  // Unknown for a stream we do not manage: the owner must have chosen a key the grantee can use.
  protected readonly usesAwsManagedKey = false;

  constructor(scope: Construct, id: string, props: ExistingStreamProps) {
    super(scope, id);
    validateStreamName("DataStream.fromStreamName.streamName", props.streamName);
    this.account = props.account;
    this.streamName = props.streamName;
    this.encryptionKey = props.encryptionKey;
  }

  /** The stream policy is its owner's: nothing is added. */
  public addToResourcePolicy(_statement: PolicyStatement): AddToResourcePolicyResult {
    return { statementAdded: false };
  }
}
