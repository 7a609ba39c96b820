import { DataStream, StreamEncryption } from "../../modules/kinesis/data-stream";
import { StreamConsumer } from "../../modules/kinesis/stream-consumer";
import { Role } from "../../modules/iam/role";
import { ServicePrincipal } from "../../modules/iam/policy-statement";
import { STREAM_NAME_RULE } from "../../modules/private/validation";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

function consumerStack(consumerName = "reader-efo") {
  const t = testStack();
  // The stream (and so the consumer) in account B; readerA is the other account's reader.
  const stream = new DataStream(t.stack, "stream", { account: t.accountB, streamName: "events", encryption: StreamEncryption.KMS });
  const consumer = new StreamConsumer(t.stack, "consumer", { stream, consumerName });
  const readerB = new Role(t.stack, "reader-b", { account: t.accountB, roleName: "reader-b", assumedBy: [new ServicePrincipal("lambda.amazonaws.com")] });
  const readerA = new Role(t.stack, "reader-a", { account: t.accountA, roleName: "reader-a", assumedBy: [new ServicePrincipal("lambda.amazonaws.com")] });
  return { ...t, stream, consumer, readerA, readerB };
}

describe("StreamConsumer", () => {
  test("registers an EFO consumer on the stream, in the stream's account", () => {
    const { stack } = consumerStack();
    const consumer = onlyResource(synthJson(stack), "aws_kinesis_stream_consumer");
    expect(consumer).toEqual({
      provider: "aws.data",
      name: "reader-efo",
      stream_arn: expect.stringMatching(/^arn:aws:kinesis:us-east-1:444455556666:stream\/\$\{aws_kinesis_stream\.\S+\.name\}$/),
    });
  });

  test("a cross-account read grant writes the consumer's own resource policy (consumer ARN, SubscribeToShard, DescribeStreamConsumer)", () => {
    const { stack, consumer, readerA } = consumerStack();
    consumer.grantRead(readerA);
    const json = synthJson(stack);
    const policies = Object.values(resourcesOf(json, "aws_kinesis_resource_policy"));
    expect(policies).toHaveLength(1);
    const [policy] = policies as any[];
    expect(policy.resource_arn).toMatch(/^\$\{aws_kinesis_stream_consumer\.\S+\.arn\}$/);
    expect(policy.provider).toBe("aws.data"); // the consumer's account
    expect(statementsOf(json, policy.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
        resources: [policy.resource_arn],
        principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader-a\S+\.arn\}$/)] }],
      },
    ]);
    const grants = Object.values(resourcesOf(json, "aws_iam_role_policy")) as any[];
    expect(grants).toHaveLength(1);
    expect(statementsOf(json, grants[0].policy)).toEqual([
      { effect: "Allow", actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], resources: [policy.resource_arn] },
    ]);
  });

  test("a same-account grant needs no consumer policy", () => {
    const { stack, consumer, readerB } = consumerStack();
    consumer.grantRead(readerB);
    const json = synthJson(stack);
    expect(resourcesOf(json, "aws_kinesis_resource_policy")).toEqual({});
    expect(consumer.resourcePolicyResource).toBeUndefined();
  });

  test("the consumer name follows the Kinesis naming rule", () => {
    expect(() => consumerStack("reader efo")).toThrow(`StreamConsumer.consumerName "reader efo" is invalid: ${STREAM_NAME_RULE}`);
  });
});
