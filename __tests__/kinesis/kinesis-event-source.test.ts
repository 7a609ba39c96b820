import { Lazy, TerraformStack, Testing } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { DataStream, StreamEncryption } from "../../modules/kinesis/data-stream";
import { StreamConsumer } from "../../modules/kinesis/stream-consumer";
import { LambdaFunction } from "../../modules/lambda/lambda-function";
import {
  KinesisEventSource,
  KinesisEventSourceProps,
  KinesisReadPermissions,
  OnFailureDestination,
  StartingPosition,
  shareStreamWithExecutionRole,
} from "../../modules/kinesis/kinesis-event-source";
import { ROLE_ARN_RULE, SAME_REGION_RULE, ValidationError } from "../../modules/private/validation";
import { KINESIS_READER_CODE } from "../../stacks/kinesis-lambda-sharing-stack";
import { StackJson, onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { warningsOf } from "../support/warnings";

const READ_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:ListShards",
];
const STREAM_ARN_A = /^arn:aws:kinesis:us-east-1:111122223333:stream\/\$\{aws_kinesis_stream\.\S+\.name\}$/;
const QUEUE = "arn:aws:sqs:us-east-1:444455556666:kds-reader1-failures";

type Options = Partial<Omit<KinesisEventSourceProps, "consumerFunction" | "stream" | "consumer">> & {
  efo?: boolean;
  encryption?: StreamEncryption;
};

/** GIVEN a stream in account A (default provider) and a function in account B (alias "data"). */
function sharingStack(options: Options = {}) {
  const t = testStack();
  const stream = new DataStream(t.stack, "stream", { account: t.accountA, streamName: "kds-sharing-example1", encryption: options.encryption ?? StreamEncryption.KMS });
  const consumer = options.efo ? new StreamConsumer(t.stack, "consumer", { stream, consumerName: "kds-reader1-efo" }) : undefined;
  const fn = new LambdaFunction(t.stack, "reader", {
    account: t.accountB,
    functionName: "kds-reader1",
    codeDirectory: KINESIS_READER_CODE,
    handler: "index.lambda_handler",
  });
  const source = new KinesisEventSource(t.stack, "trigger", { consumerFunction: fn, stream, consumer, ...options });
  return { ...t, stream, consumer, fn, source };
}

function executionRoleStatements(json: StackJson): any[] {
  return statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
}

function resourcePolicies(json: StackJson): any[] {
  return Object.values(resourcesOf(json, "aws_kinesis_resource_policy"));
}


describe("KinesisEventSource: defaults (scoped inline permissions, shared polling)", () => {
  const { stack } = sharingStack();
  const json = synthJson(stack);
  const roleArn = expect.stringMatching(/^\$\{aws_iam_role\.reader_execution-role\S+\.arn\}$/);

  test("the execution role reads exactly this stream (the five actions) and decrypts with exactly its key", () => {
    const statements = executionRoleStatements(json);
    expect(statements).toContainEqual({ effect: "Allow", actions: READ_ACTIONS, resources: [expect.stringMatching(STREAM_ARN_A)] });
    expect(statements).toContainEqual({
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: [expect.stringMatching(/^\$\{aws_kms_key\.stream_key\S+\.arn\}$/)],
    });
    expect(statements.flatMap((s) => s.actions).filter((a: string) => a.startsWith("kinesis:"))).toEqual(READ_ACTIONS);
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("the stream's resource policy (account A) names the execution role with the five actions, DescribeStream included", () => {
    const [policy] = resourcePolicies(json);
    expect(resourcePolicies(json)).toHaveLength(1);
    expect(policy.provider).toBe("aws");
    expect(policy.resource_arn).toMatch(/^\$\{aws_kinesis_stream\.\S+\.arn\}$/);
    expect(statementsOf(json, policy.policy)).toEqual([
      { effect: "Allow", actions: READ_ACTIONS, resources: [expect.stringMatching(STREAM_ARN_A)], principals: [{ type: "AWS", identifiers: [roleArn] }] },
    ]);
  });

  test("the stream's key policy makes the execution role a decrypt-only key user", () => {
    const key = onlyResource(json, "aws_kms_key");
    expect(statementsOf(json, key.policy)).toContainEqual({
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [roleArn] }],
    });
  });

  test("the mapping (account B) polls the stream ARN from LATEST, 100 records, no bisect, Lambda's retries", () => {
    const mapping = onlyResource(json, "aws_lambda_event_source_mapping");
    expect(mapping).toMatchObject({
      provider: "aws.data",
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.\S+\.arn\}$/),
      event_source_arn: expect.stringMatching(STREAM_ARN_A),
      starting_position: "LATEST",
      batch_size: 100,
      bisect_batch_on_function_error: false,
      maximum_retry_attempts: -1,
      enabled: true,
    });
    expect(mapping.destination_config).toBeUndefined();
  });

  test("the mapping is created after the stream policy and the role's policy (Lambda checks access on create)", () => {
    const mapping = onlyResource(json, "aws_lambda_event_source_mapping");
    expect(mapping.depends_on).toEqual([
      expect.stringMatching(/^aws_kinesis_resource_policy\.stream_/),
      expect.stringMatching(/^aws_iam_role_policy\.reader_execution-role_default-policy/),
    ]);
  });
});

describe("KinesisEventSource: options", () => {
  test("MANAGED_POLICY attaches AWSLambdaKinesisExecutionRole; the stream policy still names the role; KMS stays inline", () => {
    const { stack } = sharingStack({ permissions: KinesisReadPermissions.MANAGED_POLICY });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_iam_role_policy_attachment")).toMatchObject({
      provider: "aws.data",
      policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
    });
    const statements = executionRoleStatements(json);
    expect(statements.flatMap((s) => s.actions).filter((a: string) => a.startsWith("kinesis:"))).toEqual([]);
    expect(statements.flatMap((s) => s.actions)).toContain("kms:Decrypt");
    expect(statementsOf(json, resourcePolicies(json)[0].policy)[0].actions).toEqual(READ_ACTIONS);
    expect(onlyResource(json, "aws_lambda_event_source_mapping").depends_on).toContainEqual(expect.stringMatching(/^aws_iam_role_policy_attachment\./));
  });

  test("an EFO consumer: the mapping reads the consumer ARN, the consumer's own policy names the role, consumer actions on exactly it", () => {
    const { stack } = sharingStack({ efo: true });
    const json = synthJson(stack);
    const consumerArn = expect.stringMatching(/^\$\{aws_kinesis_stream_consumer\.\S+\.arn\}$/);
    const mapping = onlyResource(json, "aws_lambda_event_source_mapping");
    expect(mapping.event_source_arn).toEqual(consumerArn);
    expect(mapping.depends_on).toContainEqual(expect.stringMatching(/^aws_kinesis_resource_policy\.consumer_/));
    const consumerPolicy = resourcePolicies(json).find((p) => p.resource_arn.includes("aws_kinesis_stream_consumer"));
    expect(statementsOf(json, consumerPolicy.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
        resources: [consumerArn],
        principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader_execution-role\S+\.arn\}$/)] }],
      },
    ]);
    expect(executionRoleStatements(json)).toContainEqual({
      effect: "Allow",
      actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
      resources: [consumerArn],
    });
  });

  test("starting position, batch size, bisect, retries and an SQS on-failure destination (SendMessage on exactly it)", () => {
    const { stack, source } = sharingStack({
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 500,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      onFailureDestination: OnFailureDestination.fromArn(QUEUE),
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_lambda_event_source_mapping")).toMatchObject({
      starting_position: "TRIM_HORIZON",
      batch_size: 500,
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      destination_config: { on_failure: { destination_arn: QUEUE } },
    });
    expect(executionRoleStatements(json)).toContainEqual({ sid: "SendFailedBatches", effect: "Allow", actions: ["sqs:SendMessage"], resources: [QUEUE] });
    expect(warningsOf(source)).toEqual([]);
  });

  test("an SNS topic destination gets sns:Publish; with unlimited retries a warning says it would rarely be used", () => {
    const topic = "arn:aws:sns:us-east-1:444455556666:kds-reader1-failures";
    const { stack, source } = sharingStack({ onFailureDestination: OnFailureDestination.snsTopic(topic) });
    expect(executionRoleStatements(synthJson(stack))).toContainEqual({ sid: "SendFailedBatches", effect: "Allow", actions: ["sns:Publish"], resources: [topic] });
    expect(warningsOf(source)).toEqual([
      "EVENT-SOURCE-DESTINATION-UNLIMITED-RETRIES: An on-failure destination with unlimited retries (maximumRetryAttempts -1) receives a batch " +
        "only when its records expire; set maximumRetryAttempts to send failures sooner.",
    ]);
  });

  test("a destination in another account is granted, with a warning that its owner must allow the role", () => {
    const { source } = sharingStack({
      maximumRetryAttempts: 2,
      onFailureDestination: OnFailureDestination.sqsQueue("arn:aws:sqs:us-east-1:999988887777:central-failures"),
    });
    expect(warningsOf(source)).toEqual([
      "EVENT-SOURCE-DESTINATION-OTHER-ACCOUNT: The on-failure destination arn:aws:sqs:us-east-1:999988887777:central-failures is in account " +
        "999988887777: its queue or topic policy must also allow 444455556666's execution role.",
    ]);
  });

  test("AT_TIMESTAMP takes a timestamp", () => {
    const { stack } = sharingStack({ startingPosition: StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: "2024-02-28T00:00:00Z" });
    expect(onlyResource(synthJson(stack), "aws_lambda_event_source_mapping")).toMatchObject({
      starting_position: "AT_TIMESTAMP",
      starting_position_timestamp: "2024-02-28T00:00:00Z",
    });
  });
});

describe("KinesisEventSource: rules", () => {
  test("sharing works only within one region: the error names both regions", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "regions");
    const producer = new AwsAccountProvider(stack, "producer", { accountId: "111122223333", region: "us-west-2", alias: "producer" });
    const consumer = new AwsAccountProvider(stack, "consumer", { accountId: "444455556666", region: "ap-northeast-1", alias: "consumer" });
    const stream = new DataStream(stack, "stream", { account: producer, streamName: "kds-sharing-example1", encryption: StreamEncryption.KMS });
    const fn = new LambdaFunction(stack, "reader", { account: consumer, functionName: "kds-reader1", codeDirectory: KINESIS_READER_CODE, handler: "index.lambda_handler" });
    expect(() => new KinesisEventSource(stack, "trigger", { consumerFunction: fn, stream })).toThrow(
      new ValidationError(
        "KinesisEventSource.stream",
        "us-west-2",
        `must be in the function's region ap-northeast-1 (stream in us-west-2, function in ap-northeast-1): ${SAME_REGION_RULE}`,
      ).message,
    );
  });

  test("a stream on the AWS-managed key cannot be shared with another account", () => {
    expect(() => sharingStack({ encryption: StreamEncryption.AWS_MANAGED })).toThrow(
      /^DataStream\.encryption "AWS_MANAGED" is invalid: must be KMS with a customer-managed key to grant account 444455556666/,
    );
  });

  test("the consumer must be registered on the stream read", () => {
    const t = testStack();
    const stream = new DataStream(t.stack, "stream", { account: t.accountA, streamName: "s1", encryption: StreamEncryption.KMS });
    const other = new DataStream(t.stack, "other", { account: t.accountA, streamName: "s2", encryption: StreamEncryption.KMS });
    const consumer = new StreamConsumer(t.stack, "consumer", { stream: other, consumerName: "c" });
    const fn = new LambdaFunction(t.stack, "reader", { account: t.accountB, functionName: "r", codeDirectory: KINESIS_READER_CODE, handler: "index.lambda_handler" });
    expect(() => new KinesisEventSource(t.stack, "trigger", { consumerFunction: fn, stream, consumer })).toThrow(
      'KinesisEventSource.consumer "test/consumer" is invalid: must be a consumer registered on KinesisEventSource.stream',
    );
  });

  test.each([
    [{ batchSize: 0 }, "KinesisEventSource.batchSize 0 is invalid: must be an integer from 1 to 10000"],
    [{ batchSize: 10001 }, "KinesisEventSource.batchSize 10001 is invalid: must be an integer from 1 to 10000"],
    [{ maximumRetryAttempts: -2 }, "KinesisEventSource.maximumRetryAttempts -2 is invalid: must be an integer from -1 to 10000"],
    [{ startingPosition: StartingPosition.AT_TIMESTAMP }, "KinesisEventSource.startingPositionTimestamp undefined is invalid: must be set exactly when startingPosition is AT_TIMESTAMP"],
    [{ startingPositionTimestamp: "2024-01-01T00:00:00Z" }, 'KinesisEventSource.startingPositionTimestamp "2024-01-01T00:00:00Z" is invalid: must be set exactly when startingPosition is AT_TIMESTAMP'],
  ])("%j", (options, message) => {
    expect(() => sharingStack(options as Options)).toThrow(message);
  });

  test("on-failure destinations are SQS queues or SNS topics", () => {
    expect(() => OnFailureDestination.fromArn("arn:aws:s3:::failures")).toThrow(
      'OnFailureDestination.fromArn "arn:aws:s3:::failures" is invalid: must be an SQS queue or SNS topic ARN',
    );
    const reference = Lazy.stringValue({ produce: () => "arn:aws:sqs:us-east-1:444455556666:q" });
    expect(() => OnFailureDestination.fromArn(reference)).toThrow(/is invalid: must be a literal ARN \(use sqsQueue or snsTopic for references\)$/);
    expect(OnFailureDestination.sqsQueue(reference).actions).toEqual(["sqs:SendMessage"]);
    expect(() => OnFailureDestination.sqsQueue("arn:aws:sns:us-east-1:444455556666:t")).toThrow(
      /^OnFailureDestination\.sqsQueue "arn:aws:sns:us-east-1:444455556666:t" is invalid: must be an ARN .* with service "sqs"$/,
    );
  });
});

describe("shareStreamWithExecutionRole (the producer side alone, for a function deployed elsewhere)", () => {
  const ROLE = "arn:aws:iam::444455556666:role/service-role/kds-reader1-role-q6zcv9kq";

  function producerStack() {
    const t = testStack();
    const stream = new DataStream(t.stack, "stream", { account: t.accountA, streamName: "kds-sharing-example1", encryption: StreamEncryption.KMS });
    return { ...t, stream };
  }

  test("names the role in the stream policy and the key policy; writes no identity policy (the role is the other account's)", () => {
    const { stack, stream } = producerStack();
    shareStreamWithExecutionRole(stream, ROLE);
    const json = synthJson(stack);
    expect(statementsOf(json, onlyResource(json, "aws_kinesis_resource_policy").policy)).toEqual([
      { effect: "Allow", actions: READ_ACTIONS, resources: [expect.stringMatching(STREAM_ARN_A)], principals: [{ type: "AWS", identifiers: [ROLE] }] },
    ]);
    expect(statementsOf(json, onlyResource(json, "aws_kms_key").policy)).toContainEqual({
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [ROLE] }],
    });
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({});
  });

  test("with a consumer, its policy too", () => {
    const { stack, stream } = producerStack();
    const consumer = new StreamConsumer(stack, "consumer", { stream, consumerName: "efo" });
    shareStreamWithExecutionRole(stream, ROLE, { consumer });
    expect(resourcePolicies(synthJson(stack)).map((p) => /^\$\{(\w+)\./.exec(p.resource_arn)?.[1])).toEqual(["aws_kinesis_stream_consumer", "aws_kinesis_stream"]);
  });

  test.each([
    ["a function ARN", "arn:aws:lambda:us-east-1:444455556666:function:kds-reader1"],
    ["a stream ARN", "arn:aws:kinesis:us-east-1:444455556666:stream/kds-sharing-example1"],
    ["an account root", "arn:aws:iam::444455556666:root"],
  ])("the principal must be an IAM role ARN, not %s", (_what, arn) => {
    const { stream } = producerStack();
    expect(() => shareStreamWithExecutionRole(stream, arn)).toThrow(`shareStreamWithExecutionRole.executionRoleArn ${JSON.stringify(arn)} is invalid: ${ROLE_ARN_RULE}`);
  });

  test("a reference needs its account", () => {
    const { stream } = producerStack();
    const reference = Lazy.stringValue({ produce: () => ROLE });
    expect(() => shareStreamWithExecutionRole(stream, reference)).toThrow(
      "ExecutionRoleShareOptions.accountId undefined is invalid: must be set when executionRoleArn is a reference",
    );
    expect(() => shareStreamWithExecutionRole(stream, reference, { accountId: "444455556666" })).not.toThrow();
  });
});
