import { DataStream, StreamEncryption, StreamMode, AWS_MANAGED_KINESIS_KEY } from "../../modules/kinesis/data-stream";
import { ExistingEncryptionKey } from "../../modules/kms/existing-encryption-key";
import { Role } from "../../modules/iam/role";
import { ArnPrincipal, Effect, PolicyStatement } from "../../modules/iam/policy-statement";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { warningsOf } from "../support/warnings";

const STREAM_ARN_B = /^arn:aws:kinesis:us-east-1:444455556666:stream\/\$\{aws_kinesis_stream\.\S+\.name\}$/;

function streamStack(props: Partial<ConstructorParameters<typeof DataStream>[2]> = {}, inAccount: "A" | "B" = "B") {
  const t = testStack();
  const account = inAccount === "A" ? t.accountA : t.accountB;
  const stream = new DataStream(t.stack, "stream", { account, streamName: "testStream", ...props });
  // A reader in account B (same account as the stream by default) and one in account A.
  const readerB = new Role(t.stack, "reader-b", { account: t.accountB, roleName: "reader-b", assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/x")] });
  const readerA = new Role(t.stack, "reader-a", { account: t.accountA, roleName: "reader-a", assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/y")] });
  return { ...t, stream, readerA, readerB };
}

/** The statements of a role's grants policy, by role name. */
function grantsOf(json: ReturnType<typeof synthJson>, roleName: string): any[] {
  const policy = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === `${roleName}-grants`);
  if (!policy) throw new Error(`no grants policy for ${roleName}`);
  return statementsOf(json, policy.policy);
}

describe("DataStream defaults", () => {
  test("provisioned with 1 shard, 24 h retention, KMS-encrypted with the AWS-managed key, on the account's provider", () => {
    const { stack } = streamStack();
    const stream = onlyResource(synthJson(stack), "aws_kinesis_stream");
    expect(stream).toEqual({
      provider: "aws.data",
      name: "testStream",
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 1,
      retention_period: 24,
      encryption_type: "KMS",
      kms_key_id: AWS_MANAGED_KINESIS_KEY,
    });
  });

  test("on-demand has no shard count; retention is configurable", () => {
    const { stack } = streamStack({ streamMode: StreamMode.ON_DEMAND, retentionPeriodHours: 168 });
    const stream = onlyResource(synthJson(stack), "aws_kinesis_stream");
    expect(stream.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
    expect(stream.shard_count).toBeUndefined();
    expect(stream.retention_period).toBe(168);
  });

  test("KMS encryption creates a rotating customer key in the stream's account and uses it", () => {
    const { stack } = streamStack({ encryption: StreamEncryption.KMS });
    const json = synthJson(stack);
    const key = onlyResource(json, "aws_kms_key");
    expect(key.provider).toBe("aws.data");
    expect(key.enable_key_rotation).toBe(true);
    expect(onlyResource(json, "aws_kinesis_stream").kms_key_id).toMatch(/^\$\{aws_kms_key\.\S+\.arn\}$/);
  });

  test("a given customer key implies KMS encryption with that key", () => {
    const t = testStack();
    const key = new ExistingEncryptionKey(t.stack, "key", { account: t.accountB, keyArn: "arn:aws:kms:us-east-1:444455556666:key/abcd" });
    const stream = new DataStream(t.stack, "stream", { account: t.accountB, streamName: "s", encryptionKey: key });
    expect(stream.encryptionKey).toBe(key);
    expect(onlyResource(synthJson(t.stack), "aws_kinesis_stream").kms_key_id).toBe("arn:aws:kms:us-east-1:444455556666:key/abcd");
  });

  test("no resource policy until something is shared", () => {
    const { stack, stream } = streamStack();
    expect(stream.resourcePolicy).toBeUndefined();
    expect(resourcesOf(synthJson(stack), "aws_kinesis_resource_policy")).toEqual({});
  });
});

describe("DataStream grants", () => {
  test("grantRead within the account: stream read actions on the stream, EFO reads on its consumers, no resource policy", () => {
    const { stack, stream, readerB } = streamStack();
    stream.grantRead(readerB);
    const json = synthJson(stack);
    const [streamStatement, consumerStatement, ...rest] = grantsOf(json, "reader-b");
    expect(streamStatement).toEqual({
      effect: "Allow",
      actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
      resources: [expect.stringMatching(STREAM_ARN_B)],
    });
    expect(consumerStatement).toEqual({
      effect: "Allow",
      actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
      resources: [expect.stringMatching(/\/consumer\/\*$/)],
    });
    expect(rest).toEqual([]);
    expect(resourcesOf(json, "aws_kinesis_resource_policy")).toEqual({});
  });

  test("grantWrite: put actions only", () => {
    const { stack, stream, readerB } = streamStack();
    stream.grantWrite(readerB);
    const [statement, ...rest] = grantsOf(synthJson(stack), "reader-b");
    expect(statement.actions).toEqual(["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"]);
    expect(rest).toEqual([]);
  });

  test("registerConsumers adds consumer registration on the stream and deregistration on its consumers", () => {
    const { stack, stream, readerB } = streamStack();
    stream.grantRead(readerB, { registerConsumers: true });
    const statements = grantsOf(synthJson(stack), "reader-b");
    expect(statements[2].actions).toEqual(["kinesis:ListStreamConsumers", "kinesis:RegisterStreamConsumer", "kinesis:DeregisterStreamConsumer"]);
    expect(statements[2].resources).toEqual([expect.stringMatching(STREAM_ARN_B)]);
    expect(statements[3]).toEqual({ effect: "Allow", actions: ["kinesis:DeregisterStreamConsumer"], resources: [expect.stringMatching(/\/consumer\/\*$/)] });
  });

  test("a cross-account grant lands in aws_kinesis_resource_policy on the stream's provider, naming the grantee", () => {
    const { stack, stream, readerA } = streamStack({ encryption: StreamEncryption.KMS });
    stream.grantRead(readerA);
    const json = synthJson(stack);
    const policy = onlyResource(json, "aws_kinesis_resource_policy");
    expect(policy.provider).toBe("aws.data");
    expect(policy.resource_arn).toMatch(/^\$\{aws_kinesis_stream\.\S+\.arn\}$/);
    expect(statementsOf(json, policy.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        resources: [expect.stringMatching(STREAM_ARN_B)],
        principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader-a_role_\S+\.arn\}$/)] }],
      },
    ]);
  });

  test("a customer key makes readers key users (decrypt) and writers encrypt-decrypt users, in the key policy too", () => {
    const { stack, stream, readerA, readerB } = streamStack({ encryption: StreamEncryption.KMS });
    stream.grantRead(readerA);
    stream.grantWrite(readerB);
    const json = synthJson(stack);
    const keyStatements = statementsOf(json, onlyResource(json, "aws_kms_key").policy);
    expect(keyStatements.map((s) => s.actions)).toEqual([
      ["kms:*"],
      ["kms:Decrypt", "kms:DescribeKey"],
      ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    ]);
    expect(grantsOf(json, "reader-a").at(-1)).toEqual({
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:DescribeKey"],
      resources: [expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/)],
    });
  });

  test("addToResourcePolicy creates the stream policy once and collects every statement", () => {
    const { stack, stream } = streamStack();
    const share = (account: string) =>
      new PolicyStatement({ actions: ["kinesis:DescribeStreamSummary"], resources: [stream.streamArn], principals: [new ArnPrincipal(`arn:aws:iam::${account}:role/r`)] });
    stream.addToResourcePolicy(share("111122223333"));
    stream.addToResourcePolicy(share("777788889999"));
    const json = synthJson(stack);
    expect(statementsOf(json, onlyResource(json, "aws_kinesis_resource_policy").policy).map((s) => s.principals[0].identifiers)).toEqual([
      ["arn:aws:iam::111122223333:role/r"],
      ["arn:aws:iam::777788889999:role/r"],
    ]);
  });

  test("the generic grant names only the given actions", () => {
    const { stack, stream, readerB } = streamStack();
    stream.grant(readerB, "kinesis:DescribeStreamSummary");
    expect(grantsOf(synthJson(stack), "reader-b")).toEqual([
      { effect: "Allow", actions: ["kinesis:DescribeStreamSummary"], resources: [expect.stringMatching(STREAM_ARN_B)] },
    ]);
  });

  test("fromStreamName: identity policy only, a warning that the owner must share the stream", () => {
    const t = testStack();
    const stream = DataStream.fromStreamName(t.stack, "existing", { account: t.accountB, streamName: "testStream" });
    const reader = new Role(t.stack, "reader-a", { account: t.accountA, roleName: "reader-a", assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/y")] });
    stream.grantRead(reader);
    const json = synthJson(t.stack);
    expect(stream.streamArn).toBe("arn:aws:kinesis:us-east-1:444455556666:stream/testStream");
    expect(grantsOf(json, "reader-a")[0].resources).toEqual(["arn:aws:kinesis:us-east-1:444455556666:stream/testStream"]);
    expect(resourcesOf(json, "aws_kinesis_resource_policy")).toEqual({});
    expect(resourcesOf(json, "aws_kinesis_stream")).toEqual({});
    expect(warningsOf(stream)).toEqual([
      "GRANT-RESOURCE-POLICY-NOT-MANAGED: Cross-account grant to a resource this stack does not manage: the owner of account " +
        "444455556666 must also allow 111122223333 in its resource policy.",
    ]);
  });
});

describe("DataStream validation", () => {
  test.each([
    [{ streamName: "bad name" }, 'DataStream.streamName "bad name" is invalid: must be 1-128 characters of letters, digits and _.-'],
    [{ shardCount: 0 }, "DataStream.shardCount 0 is invalid: must be an integer from 1 to 10000"],
    [{ retentionPeriodHours: 12 }, "DataStream.retentionPeriodHours 12 is invalid: must be an integer from 24 to 8760"],
    [
      { streamMode: StreamMode.ON_DEMAND, shardCount: 2 },
      "DataStream.shardCount 2 is invalid: must not be set when streamMode is ON_DEMAND (Kinesis manages shards)",
    ],
  ])("%j", (props, message) => {
    expect(() => streamStack(props as any)).toThrow(message);
  });

  test("a customer key with AWS_MANAGED encryption is contradictory", () => {
    const t = testStack();
    const key = new ExistingEncryptionKey(t.stack, "key", { account: t.accountB, keyArn: "arn:aws:kms:us-east-1:444455556666:key/abcd" });
    expect(() => new DataStream(t.stack, "s", { account: t.accountB, streamName: "s", encryption: StreamEncryption.AWS_MANAGED, encryptionKey: key })).toThrow(
      'DataStream.encryptionKey "arn:aws:kms:us-east-1:444455556666:key/abcd" is invalid: must not be set when encryption is AWS_MANAGED',
    );
  });

  test("a cross-account grant on a stream with the AWS-managed key is refused (that key serves only its own account)", () => {
    const { stream, readerA } = streamStack();
    expect(() => stream.grantRead(readerA)).toThrow(
      'DataStream.encryption "AWS_MANAGED" is invalid: must be KMS with a customer-managed key to grant account 111122223333 access to a stream of ' +
        "account 444455556666 (the AWS-managed key alias/aws/kinesis serves only its own account)",
    );
  });

  test("registering consumers from another account is refused", () => {
    const { stream, readerA } = streamStack({ encryption: StreamEncryption.KMS });
    expect(() => stream.grantRead(readerA, { registerConsumers: true })).toThrow(
      "StreamGrantReadOptions.registerConsumers true is invalid: needs a grantee in the stream's account 444455556666 (the grantee is in 111122223333); " +
        "register the consumer in the stream's account and share it through the consumer's resource policy",
    );
  });

  test("a deny statement can be added to the resource policy as well", () => {
    const { stack, stream } = streamStack();
    stream.addToResourcePolicy(new PolicyStatement({ effect: Effect.DENY, actions: ["kinesis:DeleteStream"], resources: [stream.streamArn], principals: [new ArnPrincipal("arn:aws:iam::111122223333:root")] }));
    const json = synthJson(stack);
    expect(statementsOf(json, onlyResource(json, "aws_kinesis_resource_policy").policy)[0].effect).toBe("Deny");
  });
});
