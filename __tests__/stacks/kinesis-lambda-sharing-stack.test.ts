import { App, Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { KinesisLambdaSharingStack } from "../../stacks/kinesis-lambda-sharing-stack";
import { STACK_NAMES, buildApp } from "../../stacks/app";
import { SAME_REGION_RULE } from "../../modules/private/validation";
import { StackJson, onlyResource, resourceCounts, resourcesOf, statementsOf } from "../support/stack-json";

function synthStack(override: Record<string, unknown> = {}): { stack: KinesisLambdaSharingStack; json: StackJson } {
  const stack = new KinesisLambdaSharingStack(Testing.app(), "kinesis-lambda-sharing", { config: resolveConfig(override) });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

const DATA_ACCOUNT = { accountId: "444455556666", assumeRoleName: "OrganizationAccountAccessRole" };

describe("kinesis-lambda-sharing stack: defaults (Kinesis sharing article)", () => {
  const { json } = synthStack();

  test("the resources it creates, per type", () => {
    expect(resourceCounts(json)).toEqual({
      aws_cloudwatch_log_group: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      aws_kinesis_resource_policy: 1,
      aws_kinesis_stream: 1,
      aws_kms_key: 1,
      aws_lambda_event_source_mapping: 1,
      aws_lambda_function: 1,
    });
  });

  test("two aliased providers, each pinned to one account in the same region; no default provider", () => {
    expect(json.provider!.aws.map((p: any) => [p.alias, p.allowed_account_ids, p.region])).toEqual([
      ["producer", ["111122223333"], "us-east-1"],
      ["consumer", ["444455556666"], "us-east-1"],
    ]);
    const providers = Object.values(json.resource!).flatMap((blocks) => Object.values(blocks).map((b: any) => b.provider));
    expect(new Set(providers)).toEqual(new Set(["aws.producer", "aws.consumer"]));
  });

  test("the stream (producer): the article's name with the prefix, provisioned with 1 shard, 24 h, a customer-managed key", () => {
    expect(onlyResource(json, "aws_kinesis_stream")).toEqual({
      provider: "aws.producer",
      name: "changeme-kds-sharing-example1",
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 1,
      retention_period: 24,
      encryption_type: "KMS",
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/),
    });
    expect(onlyResource(json, "aws_kms_key")).toMatchObject({ provider: "aws.producer", enable_key_rotation: true });
  });

  test("the reader (consumer): the article's function with its handler, role and log group", () => {
    expect(onlyResource(json, "aws_lambda_function")).toMatchObject({
      provider: "aws.consumer",
      function_name: "changeme-kds-reader1",
      handler: "index.lambda_handler",
      runtime: "python3.13",
    });
    expect(onlyResource(json, "aws_iam_role")).toMatchObject({ provider: "aws.consumer", name: "changeme-kds-reader1-role" });
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({ provider: "aws.consumer", name: "/aws/lambda/changeme-kds-reader1", retention_in_days: 365 });
  });

  test("the stream policy (producer) names the execution role with the five actions; scoped inline permissions, no managed policy", () => {
    const policy = onlyResource(json, "aws_kinesis_resource_policy");
    expect(policy.provider).toBe("aws.producer");
    const [statement] = statementsOf(json, policy.policy);
    expect(statement.actions).toEqual([
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
    ]);
    expect(statement.principals).toEqual([{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader_execution-role_\w+\.arn\}$/)] }]);
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
    expect(resourcesOf(json, "aws_kinesis_stream_consumer")).toEqual({});
  });

  test("the trigger (consumer) on the stream ARN, from LATEST, 100 records", () => {
    expect(onlyResource(json, "aws_lambda_event_source_mapping")).toMatchObject({
      provider: "aws.consumer",
      event_source_arn: expect.stringMatching(/^arn:aws:kinesis:us-east-1:111122223333:stream\/\$\{aws_kinesis_stream\.\S+\.name\}$/),
      starting_position: "LATEST",
      batch_size: 100,
    });
  });

  test("outputs: stream, key, function, execution role, log group, mapping", () => {
    expect(Object.keys(json.output!).sort()).toEqual(
      ["event_source_mapping_id", "execution_role_arn", "function_name", "log_group_name", "stream_arn", "stream_key_arn", "stream_name"].sort(),
    );
  });
});

describe("kinesis-lambda-sharing stack: options", () => {
  test("on demand, longer retention, managed policy, EFO consumer, TRIM_HORIZON, bisect, retries and an SQS destination", () => {
    const queue = "arn:aws:sqs:us-east-1:444455556666:kds-reader1-failures";
    const { json } = synthStack({
      kinesisConsumers: {
        lambda: {
          stream: { streamMode: "ON_DEMAND", retentionPeriodHours: 168 },
          permissions: "MANAGED_POLICY",
          enhancedFanOut: true,
          startingPosition: "TRIM_HORIZON",
          batchSize: 250,
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 2,
          onFailureDestinationArn: queue,
        },
      },
    });
    const stream = onlyResource(json, "aws_kinesis_stream");
    expect(stream).toMatchObject({ stream_mode_details: { stream_mode: "ON_DEMAND" }, retention_period: 168 });
    expect(stream.shard_count).toBeUndefined();
    expect(onlyResource(json, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole");
    expect(onlyResource(json, "aws_kinesis_stream_consumer")).toMatchObject({ provider: "aws.producer", name: "changeme-kds-reader1-efo" });
    // One resource policy on the stream and one on its consumer, both in the producer account.
    expect(Object.values(resourcesOf(json, "aws_kinesis_resource_policy")).map((p: any) => [p.provider, /^\$\{(\w+)\./.exec(p.resource_arn)?.[1]])).toEqual([
      ["aws.producer", "aws_kinesis_stream_consumer"],
      ["aws.producer", "aws_kinesis_stream"],
    ]);
    expect(onlyResource(json, "aws_lambda_event_source_mapping")).toMatchObject({
      event_source_arn: expect.stringMatching(/^\$\{aws_kinesis_stream_consumer\.\S+\.arn\}$/),
      starting_position: "TRIM_HORIZON",
      batch_size: 250,
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination_arn: queue } },
    });
    expect(json.output!.stream_consumer_arn.value).toMatch(/^\$\{aws_kinesis_stream_consumer\.\S+\.arn\}$/);
  });

  test("producerAccount data: the stream in the data account, the reader in the workspace account", () => {
    const { json } = synthStack({ kinesisConsumers: { producerAccount: "data" } });
    expect(json.provider!.aws.map((p: any) => [p.alias, p.allowed_account_ids[0], p.assume_role?.[0]?.role_arn])).toEqual([
      ["consumer", "111122223333", undefined],
      ["producer", "444455556666", "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole"],
    ]);
    expect(onlyResource(json, "aws_lambda_event_source_mapping").event_source_arn).toMatch(/^arn:aws:kinesis:us-east-1:444455556666:stream\//);
  });

  test("an existing customer key for the stream: used, no key created; the key owner must add the reader (warning)", () => {
    const keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { stack, json } = synthStack({ kinesisConsumers: { lambda: { stream: { kmsKeyArn: keyArn } } } });
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(onlyResource(json, "aws_kinesis_stream").kms_key_id).toBe(keyArn);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
    expect(warnings).toEqual([expect.stringMatching(/^GRANT-RESOURCE-POLICY-NOT-MANAGED: .*the owner of account 111122223333 must also allow 444455556666/)]);
  });
});

describe("kinesis-lambda-sharing stack: one region only (Kinesis sharing article)", () => {
  test("a consumer account in another region fails synthesis, naming both regions", () => {
    expect(() => synthStack({ dataAccount: { ...DATA_ACCOUNT, region: "ap-northeast-1" } })).toThrow(
      'config.dataAccount.region "ap-northeast-1" is invalid: must equal config.region us-east-1 while kinesisConsumers.lambda is enabled: ' +
        SAME_REGION_RULE,
    );
  });

  test("the same rule when the data account produces", () => {
    expect(() => synthStack({ dataAccount: { ...DATA_ACCOUNT, region: "us-west-2" }, kinesisConsumers: { producerAccount: "data" } })).toThrow(
      'config.dataAccount.region "us-west-2" is invalid: must equal config.region us-east-1 while kinesisConsumers.lambda is enabled: ' + SAME_REGION_RULE,
    );
  });

  test("the data account's region stated explicitly but equal is fine", () => {
    expect(() => synthStack({ dataAccount: { ...DATA_ACCOUNT, region: "us-east-1" } })).not.toThrow();
  });
});

describe("the app", () => {
  test("builds both Kinesis consumer stacks by default; each can be switched off (e.g. for a cross-region data account)", () => {
    expect(STACK_NAMES).toEqual(expect.arrayContaining(["kinesis-lambda-sharing", "kcl-consumer"]));
    const ids = (override: Record<string, unknown>) =>
      buildApp(Testing.app() as App, resolveConfig(override)).node.children.map((c) => c.node.id);
    expect(ids({})).toEqual(expect.arrayContaining(["kinesis-lambda-sharing", "kcl-consumer"]));
    const off = ids({ dataAccount: { ...DATA_ACCOUNT, region: "eu-west-1" }, kinesisConsumers: { lambda: { enabled: false }, kcl: { enabled: false } } });
    expect(off).not.toContain("kinesis-lambda-sharing");
    expect(off).not.toContain("kcl-consumer");
  });
});
