import { Construct } from "constructs";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { KinesisResourcePolicy } from "@cdktf/provider-aws/lib/kinesis-resource-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { AddToResourcePolicyResult, Grant, IResourceWithPolicy, grant } from "../iam/grant";
import { PolicyDocument } from "../iam/policy-document";
import { KinesisResourcePolicyOnDemand } from "../private/kinesis-resource-policy-on-demand";
import { IGrantable, PolicyStatement } from "../iam/policy-statement";
import { IDataStream, STREAM_CONSUMER_READ_ACTIONS } from "./data-stream";
import { validateStreamName } from "../private/validation";

/** Props of {@link StreamConsumer}. */
export interface StreamConsumerProps {
  /** The stream the consumer is registered on; the consumer is created in the stream's account. */
  readonly stream: IDataStream;
  /** The consumer name (1-128 characters of letters, digits and `_.-`), unique within the stream. */
  readonly consumerName: string;
}

/**
 * An enhanced fan-out (EFO) consumer registered on a stream (`aws_kinesis_stream_consumer`), with a
 * resource policy of its own. A stream policy may name only the stream, so another account's
 * reader is shared a consumer through the consumer's policy (`aws_kinesis_resource_policy` on the
 * consumer ARN), created on first cross-account grant.
 *
 * {@link grantRead} covers the consumer only (SubscribeToShard, DescribeStreamConsumer); an EFO
 * reader also needs the stream-level read actions, granted on the stream.
 */
export class StreamConsumer extends Construct implements IResourceWithPolicy {
  public readonly account: AwsAccount;
  public readonly stream: IDataStream;
  /** The `aws_kinesis_stream_consumer`. */
  public readonly resource: KinesisStreamConsumer;
  private readonly resourcePolicyOnDemand = new KinesisResourcePolicyOnDemand(this, () => this.consumerArn);

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    validateStreamName("StreamConsumer.consumerName", props.consumerName);
    this.stream = props.stream;
    this.account = props.stream.account;
    this.resource = new KinesisStreamConsumer(this, "consumer", {
      provider: this.account.provider,
      name: props.consumerName,
      streamArn: props.stream.streamArn,
    });
  }

  /** The consumer ARN, `<stream ARN>/consumer/<name>:<creation timestamp>` (known after apply). */
  public get consumerArn(): string {
    return this.resource.arn;
  }

  /** The consumer name (a reference). */
  public get consumerName(): string {
    return this.resource.name;
  }

  /** The consumer's resource policy document, once a statement was added. */
  public get resourcePolicy(): PolicyDocument | undefined {
    return this.resourcePolicyOnDemand.document;
  }

  /** The consumer's `aws_kinesis_resource_policy`, once a statement was added. */
  public get resourcePolicyResource(): KinesisResourcePolicy | undefined {
    return this.resourcePolicyOnDemand.resource;
  }

  /**
   * Adds a statement to the consumer's resource policy, creating it on first use. The statement's
   * resources must be the consumer itself ({@link consumerArn}).
   */
  public addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult {
    this.resourcePolicyOnDemand.add(statement);
    return { statementAdded: true };
  }

  /**
   * Grants reading through this consumer (SubscribeToShard, DescribeStreamConsumer) on exactly its
   * ARN; across accounts the grantee is also named in the consumer's resource policy.
   */
  public grantRead(grantee: IGrantable): Grant {
    return grant({ grantee, actions: STREAM_CONSUMER_READ_ACTIONS, resourceArns: [this.consumerArn], resource: this });
  }
}
