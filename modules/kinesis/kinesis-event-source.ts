import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { Grant, grantOnPrincipal } from "../iam/grant";
import { ArnPrincipal } from "../iam/policy-statement";
import { Warnings, defineWarning } from "../core/warnings";
import { DataStream, IDataStream, STREAM_READ_ACTIONS } from "./data-stream";
import { StreamConsumer } from "./stream-consumer";
import { LambdaFunction } from "../lambda/lambda-function";
import { SAME_REGION_RULE, ValidationError, accountOfArn, isUnresolved, validateAccountId, validateArn, validateIntegerRange, validateRoleArn } from "../private/validation";
import { KinesisReadPermissions, StartingPosition } from "./event-source-settings";
// Declared without cdktf, so the app config can use it before cdktf is loaded.
export { KinesisReadPermissions, StartingPosition } from "./event-source-settings";

/**
 * The AWS-managed policy that the article "How to set up cross-account access to Amazon Kinesis Data Streams"
 * (DEV Community) attaches to the reader's execution role (Kinesis reads and logs on `*`).
 */
export const LAMBDA_KINESIS_EXECUTION_POLICY = "AWSLambdaKinesisExecutionRole";

/** Reported when the on-failure destination is in another account than the function. */
export const EVENT_SOURCE_DESTINATION_OTHER_ACCOUNT = defineWarning({
  id: "EVENT-SOURCE-DESTINATION-OTHER-ACCOUNT",
  summary: "The on-failure destination is in another account: its queue or topic policy must also allow the execution role.",
});

/** Reported when an on-failure destination is combined with unlimited retries. */
export const EVENT_SOURCE_DESTINATION_UNLIMITED_RETRIES = defineWarning({
  id: "EVENT-SOURCE-DESTINATION-UNLIMITED-RETRIES",
  summary: "An on-failure destination with unlimited retries receives a batch only when its records expire.",
});

/** Actions the execution role needs on an on-failure destination, by the destination's service. */
export const ON_FAILURE_DESTINATION_ACTIONS: Readonly<Record<"sqs" | "sns", readonly string[]>> = Object.freeze({
  sqs: ["sqs:SendMessage"],
  sns: ["sns:Publish"],
});

/**
 * Where a Kinesis mapping sends the metadata of a batch that failed every retry: an SQS queue or an
 * SNS topic. The execution role is granted `sqs:SendMessage` / `sns:Publish` on exactly that ARN.
 */
export class OnFailureDestination {
  /** An SQS queue, by ARN (a reference to a queue of this stack is fine). */
  public static sqsQueue(queueArn: string): OnFailureDestination {
    return new OnFailureDestination("sqs", queueArn);
  }

  /** An SNS topic, by ARN (a reference to a topic of this stack is fine). */
  public static snsTopic(topicArn: string): OnFailureDestination {
    return new OnFailureDestination("sns", topicArn);
  }

  /** A queue or topic by literal ARN; the service is read from the ARN. */
  public static fromArn(arn: string): OnFailureDestination {
    const field = "OnFailureDestination.fromArn";
    if (isUnresolved(arn)) throw new ValidationError(field, arn, "must be a literal ARN (use sqsQueue or snsTopic for references)");
    validateArn(field, arn);
    const service = arn.split(":")[2];
    if (service !== "sqs" && service !== "sns") throw new ValidationError(field, arn, "must be an SQS queue or SNS topic ARN");
    return new OnFailureDestination(service, arn);
  }

  private constructor(
    /** `sqs` or `sns`. */
    public readonly service: "sqs" | "sns",
    /** The queue or topic ARN. */
    public readonly arn: string,
  ) {
    validateArn(`OnFailureDestination.${service === "sqs" ? "sqsQueue" : "snsTopic"}`, arn, service);
  }

  /** The actions the execution role needs to send to it. */
  public get actions(): readonly string[] {
    return ON_FAILURE_DESTINATION_ACTIONS[this.service];
  }
}

/** Props of {@link KinesisEventSource}. */
export interface KinesisEventSourceProps {
  /** The function that processes the records; its execution role gets the read permissions. */
  readonly consumerFunction: LambdaFunction;
  /** The stream read. It must be in the function's region (stream sharing is regional). */
  readonly stream: IDataStream;
  /**
   * Read through this enhanced fan-out consumer (dedicated throughput) instead of shared polling.
   * It must be registered on `stream`.
   * @default none: the mapping polls the stream
   */
  readonly consumer?: StreamConsumer;
  /**
   * How the execution role gets its read permissions.
   * @default KinesisReadPermissions.SCOPED_INLINE
   */
  readonly permissions?: KinesisReadPermissions;
  /**
   * Where reading starts.
   * @default StartingPosition.LATEST
   */
  readonly startingPosition?: StartingPosition;
  /**
   * RFC 3339 time to start from; required with `StartingPosition.AT_TIMESTAMP`, not allowed otherwise.
   * @default none
   */
  readonly startingPositionTimestamp?: string;
  /**
   * Records per invocation (1-10000).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Split a failing batch in two and retry each half, to isolate a bad record.
   * @default false
   */
  readonly bisectBatchOnFunctionError?: boolean;
  /**
   * Retries of a failing batch (-1 = until the records expire, 0-10000).
   * @default -1 (Lambda's default)
   */
  readonly maximumRetryAttempts?: number;
  /**
   * An SQS queue or SNS topic that receives the metadata of batches that failed every retry.
   * @default none: failed batches are only retried
   */
  readonly onFailureDestination?: OnFailureDestination;
  /**
   * Whether the mapping polls.
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * A Kinesis trigger of a Lambda function (`aws_lambda_event_source_mapping`), with the permissions it
 * needs on both sides: the read actions in the execution role (scoped inline or the AWS-managed
 * policy), the execution role named in the stream's (and consumer's) resource policy when the stream
 * is in another account, and decrypt on the stream's customer key.
 *
 * The mapping is created after those policies: Lambda checks the role's access to the stream when the mapping
 * is created, and the console error that the Kinesis sharing article shows ("check DescribeStream") is what a
 * missing stream policy looks like.
 */
export class KinesisEventSource extends Construct {
  /** The `aws_lambda_event_source_mapping`. */
  public readonly resource: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: KinesisEventSourceProps) {
    super(scope, id);
    const fn = props.consumerFunction;
    const role = fn.role;
    const { stream, consumer } = props;
    checkSameRegion(stream.account.region, role.account.region);
    if (consumer !== undefined && consumer.stream !== stream) {
      throw new ValidationError("KinesisEventSource.consumer", consumer.node.path, "must be a consumer registered on KinesisEventSource.stream");
    }
    validateIntegerRange("KinesisEventSource.batchSize", props.batchSize, 1, 10000);
    validateIntegerRange("KinesisEventSource.maximumRetryAttempts", props.maximumRetryAttempts, -1, 10000);
    const startingPosition = props.startingPosition ?? StartingPosition.LATEST;
    if ((startingPosition === StartingPosition.AT_TIMESTAMP) !== (props.startingPositionTimestamp !== undefined)) {
      throw new ValidationError(
        "KinesisEventSource.startingPositionTimestamp",
        props.startingPositionTimestamp,
        "must be set exactly when startingPosition is AT_TIMESTAMP",
      );
    }
    const destination = props.onFailureDestination;

    const dependencies: ITerraformDependable[] = [];
    if ((props.permissions ?? KinesisReadPermissions.SCOPED_INLINE) === KinesisReadPermissions.MANAGED_POLICY) {
      dependencies.push(
        role.attachManagedPolicy(
          "kinesis-execution-policy",
          `arn:${role.account.partition}:iam::aws:policy/service-role/${LAMBDA_KINESIS_EXECUTION_POLICY}`,
        ),
      );
      // The managed policy is the identity side: granted to the role's bare ARN (a principal without an
      // identity policy), the grant writes only the stream policy, and only across accounts.
      stream.grant(new ArnPrincipal(role.roleArn, role.accountId), ...STREAM_READ_ACTIONS);
    } else {
      stream.grant(fn, ...STREAM_READ_ACTIONS);
    }
    consumer?.grantRead(fn);
    stream.encryptionKey?.grantDecrypt(fn);
    if (destination !== undefined) {
      grantOnPrincipal({ grantee: role, sid: "SendFailedBatches", actions: [...destination.actions], resourceArns: [destination.arn] });
      const destinationAccount = accountOfArn(destination.arn);
      if (destinationAccount !== undefined && destinationAccount !== role.accountId) {
        Warnings.of(this).add(
          EVENT_SOURCE_DESTINATION_OTHER_ACCOUNT,
          `The on-failure destination ${destination.arn} is in account ${destinationAccount}: its queue or topic ` +
            `policy must also allow ${role.accountId}'s execution role.`,
        );
      }
    }
    if (destination !== undefined && (props.maximumRetryAttempts ?? -1) === -1) {
      Warnings.of(this).add(
        EVENT_SOURCE_DESTINATION_UNLIMITED_RETRIES,
        "An on-failure destination with unlimited retries (maximumRetryAttempts -1) receives a batch only when its records " +
          "expire; set maximumRetryAttempts to send failures sooner.",
      );
    }

    if (stream instanceof DataStream && stream.resourcePolicyResource) dependencies.push(stream.resourcePolicyResource);
    if (consumer?.resourcePolicyResource) dependencies.push(consumer.resourcePolicyResource);
    dependencies.push(...role.principalPolicyDependables);

    this.resource = new LambdaEventSourceMapping(this, "mapping", {
      provider: role.account.provider,
      functionName: fn.functionArn,
      eventSourceArn: consumer ? consumer.consumerArn : stream.streamArn,
      startingPosition,
      startingPositionTimestamp: props.startingPositionTimestamp,
      batchSize: props.batchSize ?? 100,
      bisectBatchOnFunctionError: props.bisectBatchOnFunctionError ?? false,
      maximumRetryAttempts: props.maximumRetryAttempts ?? -1,
      destinationConfig: destination !== undefined ? { onFailure: { destinationArn: destination.arn } } : undefined,
      enabled: props.enabled ?? true,
      dependsOn: dependencies,
    });
  }

  /** The mapping's UUID. */
  public get mappingId(): string {
    return this.resource.uuid;
  }
}

function checkSameRegion(streamRegion: string, functionRegion: string): void {
  if (isUnresolved(streamRegion) || isUnresolved(functionRegion) || streamRegion === functionRegion) return;
  throw new ValidationError(
    "KinesisEventSource.stream",
    streamRegion,
    `must be in the function's region ${functionRegion} (stream in ${streamRegion}, function in ${functionRegion}): ${SAME_REGION_RULE}`,
  );
}

/** Options of {@link shareStreamWithExecutionRole}. */
export interface ExecutionRoleShareOptions {
  /**
   * Also share this enhanced fan-out consumer of the stream (its own resource policy).
   * @default none
   */
  readonly consumer?: StreamConsumer;
  /**
   * The execution role's account, needed when `executionRoleArn` is a reference.
   * @default the account in the ARN
   */
  readonly accountId?: string;
}

/**
 * The producer side of the Kinesis sharing article alone, for a function deployed elsewhere: names a Lambda
 * execution role of another account in the stream's resource policy (the five read actions), in the consumer's
 * policy (when given) and in the stream key's policy (decrypt). The principal must be the execution role's ARN:
 * Kinesis refuses a function or stream ARN as principal (the Kinesis sharing article). The role's own identity
 * policy is its owner's to write ({@link KinesisEventSource} does both sides), and its function must be in the
 * stream's region.
 */
export function shareStreamWithExecutionRole(stream: IDataStream, executionRoleArn: string, options: ExecutionRoleShareOptions = {}): Grant[] {
  validateRoleArn("shareStreamWithExecutionRole.executionRoleArn", executionRoleArn);
  validateAccountId("ExecutionRoleShareOptions.accountId", options.accountId);
  const accountId = options.accountId ?? accountOfArn(executionRoleArn);
  if (accountId === undefined) {
    throw new ValidationError("ExecutionRoleShareOptions.accountId", undefined, "must be set when executionRoleArn is a reference");
  }
  if (options.consumer !== undefined && options.consumer.stream !== stream) {
    throw new ValidationError("ExecutionRoleShareOptions.consumer", options.consumer.node.path, "must be a consumer registered on the stream shared");
  }
  // A bare ARN has no identity policy here (the role belongs to the other account): grants name it in the resource policies only.
  const role = new ArnPrincipal(executionRoleArn, accountId);
  const grants = [stream.grant(role, ...STREAM_READ_ACTIONS)];
  if (options.consumer) grants.push(options.consumer.grantRead(role));
  if (stream.encryptionKey) grants.push(stream.encryptionKey.grantDecrypt(role));
  return grants;
}
