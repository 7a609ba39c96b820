import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { KclConsumerStack } from "../../stacks/kcl-consumer-stack";
import { onlyResource, resourceCounts, resourcesOf, roleNamed, StackJson, statementsOf } from "../support/stack-json";

function synthStack(override: Record<string, unknown> = {}): { stack: KclConsumerStack; json: StackJson } {
  const stack = new KclConsumerStack(Testing.app(), "kcl-consumer", { config: resolveConfig(override) });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

describe("kcl-consumer stack: defaults (KCL cross-account post)", () => {
  const { json } = synthStack();

  test("the resources it creates, per type", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_instance_profile: 1,
      aws_iam_role: 2, // the stream role (producer) and the workers' role (consumer)
      aws_iam_role_policy: 2,
      aws_kinesis_stream: 1,
      aws_kms_key: 1,
    });
  });

  test("the stream (producer): the post's StockTradeStream, prefixed, with a customer-managed key", () => {
    expect(onlyResource(json, "aws_kinesis_stream")).toMatchObject({
      provider: "aws.producer",
      name: "changeme-StockTradeStream",
      shard_count: 1,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/),
    });
  });

  test("the post's two roles, each in its account: the stream role (producer) and the workers' role with its instance profile (consumer)", () => {
    expect(roleNamed(json, "changeme-kds-stock-trade-stream-role").provider).toBe("aws.producer");
    expect(roleNamed(json, "changeme-kcl-stock-trader-app-role").provider).toBe("aws.consumer");
    expect(onlyResource(json, "aws_iam_instance_profile")).toMatchObject({ provider: "aws.consumer", name: "changeme-kcl-stock-trader-app-role" });
  });

  test("the stream role trusts the workers' role ARN, not the consumer account", () => {
    const trust = statementsOf(json, roleNamed(json, "changeme-kds-stock-trade-stream-role").assume_role_policy);
    expect(trust).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.kcl_worker_role_\w+\.arn\}$/)] }],
      },
    ]);
  });

  test("no lease table is created (KCL creates it), no resource policy is needed", () => {
    expect(resourcesOf(json, "aws_dynamodb_table")).toEqual({});
    expect(resourcesOf(json, "aws_kinesis_resource_policy")).toEqual({});
  });

  test("the kcl_properties output is the post's sample.properties configuration", () => {
    expect(json.output!.kcl_properties.value.split("\n")).toEqual([
      expect.stringMatching(/^streamName = \$\{aws_kinesis_stream\.\S+\.name\}$/),
      "applicationName = changeme-StockTradesProcessor",
      expect.stringMatching(
        /^AwsCredentialsProvider = StsAssumeRoleCredentialsProvider\|\$\{aws_iam_role\.kcl_stream-role_\w+\.arn\}\|kinesiscrossaccount\|endpointRegion=us-east-1$/,
      ),
      "AwsCredentialsProviderDynamoDB = DefaultCredentialsProvider",
      "AwsCredentialsProviderCloudWatch = DefaultCredentialsProvider",
      "initialPositionInStream = LATEST",
      "regionName = us-east-1",
    ]);
  });

  test("outputs for wiring the fleet", () => {
    expect(Object.keys(json.output!).sort()).toEqual(
      ["kcl_properties", "lease_table_name", "stream_arn", "stream_name", "stream_role_arn", "worker_instance_profile_name", "worker_role_arn"].sort(),
    );
    expect(json.output!.lease_table_name.value).toBe("changeme-StockTradesProcessor");
  });
});

describe("kcl-consumer stack: options", () => {
  test("an existing stream by its own name, with its customer key: no stream or key created, decrypt on that key", () => {
    const keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { json } = synthStack({ kinesisConsumers: { kcl: { createStream: false, stream: { name: "StockTradeStream", kmsKeyArn: keyArn } } } });
    expect(resourcesOf(json, "aws_kinesis_stream")).toEqual({});
    expect(resourcesOf(json, "aws_kms_key")).toEqual({});
    expect(json.output!.stream_arn.value).toBe("arn:aws:kinesis:us-east-1:111122223333:stream/StockTradeStream");
    const policies = Object.values(resourcesOf(json, "aws_iam_role_policy")).map((p: any) => statementsOf(json, p.policy));
    expect(policies.flat()).toContainEqual({ effect: "Allow", actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [keyArn] });
  });

  test("consumer-account trust with an external ID; the properties use KCL multilang's provider that sends it", () => {
    const { json } = synthStack({ kinesisConsumers: { kcl: { trust: "CONSUMER_ACCOUNT", externalId: "kcl-7f3a" } } });
    const trust = statementsOf(json, roleNamed(json, "changeme-kds-stock-trade-stream-role").assume_role_policy);
    expect(trust[0]).toMatchObject({
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::444455556666:root"] }],
      condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["kcl-7f3a"] }],
    });
    expect(json.output!.kcl_properties.value).toMatch(/ = KclStsAssumeRoleCredentialsProvider\|\S+\|kinesiscrossaccount\|endpointRegion=us-east-1\|externalId=kcl-7f3a\n/);
  });

  test("the lease table and TRIM_HORIZON", () => {
    const { json } = synthStack({ kinesisConsumers: { kcl: { createLeaseTable: true, initialPositionInStream: "TRIM_HORIZON" } } });
    expect(onlyResource(json, "aws_dynamodb_table")).toMatchObject({ provider: "aws.consumer", name: "changeme-StockTradesProcessor", billing_mode: "PAY_PER_REQUEST" });
    expect(json.output!.kcl_properties.value).toContain("initialPositionInStream = TRIM_HORIZON");
  });

  test("streams and workers in different regions are allowed (a warning covers KCL's regionName)", () => {
    const { stack } = synthStack({ dataAccount: { accountId: "444455556666", assumeRoleName: "OrganizationAccountAccessRole", region: "eu-west-1" }, kinesisConsumers: { lambda: { enabled: false } } });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
    expect(warnings).toEqual([expect.stringContaining("The stream is in us-east-1 and the lease tables in eu-west-1")]);
  });
});
