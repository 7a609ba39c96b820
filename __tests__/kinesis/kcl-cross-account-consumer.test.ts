import { KCL3_CREDENTIALS_KEYS, KCL3_CREDENTIALS_PROVIDER_CLASSES, KCL3_NESTED_KEYS, KCL3_PROPERTY_NAMES } from "../support/kcl-multilang-names";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { DataStream, StreamEncryption } from "../../modules/kinesis/data-stream";
import { KclCrossAccountConsumer, KclCrossAccountConsumerProps, StreamRoleTrust } from "../../modules/kinesis/kcl-cross-account-consumer";
import { ROLE_SESSION_NAME_RULE } from "../../modules/private/validation";
import { StackJson, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { warningsOf } from "../support/warnings";

/** GIVEN a stream in account A (default provider) and KCL workers in account B (alias "data"). */
function kclStack(props: Partial<KclCrossAccountConsumerProps> = {}) {
  const t = testStack();
  const stream = new DataStream(t.stack, "stream", { account: t.accountA, streamName: "StockTradeStream", encryption: StreamEncryption.KMS });
  const kcl = new KclCrossAccountConsumer(t.stack, "kcl", {
    stream,
    consumerAccount: t.accountB,
    applicationName: "StockTradesProcessor",
    workerRoleName: "kcl-stock-trader-app-role",
    streamRoleName: "kds-stock-trade-stream-role",
    ...props,
  });
  return { ...t, stream, kcl };
}

function roleNamed(json: StackJson, name: string): [string, any] {
  const found = Object.entries(resourcesOf(json, "aws_iam_role")).find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found as [string, any];
}

function inlineStatementsOf(json: StackJson, roleLogicalId: string): any[] {
  const policy = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.role === `\${aws_iam_role.${roleLogicalId}.name}`);
  return statementsOf(json, (policy as any).policy);
}

const STREAM_ARN = /^arn:aws:kinesis:us-east-1:111122223333:stream\/\$\{aws_kinesis_stream\.\S+\.name\}$/;

describe("KclCrossAccountConsumer: the role in the stream's account", () => {
  const { stack } = kclStack();
  const json = synthJson(stack);
  const [streamRoleId, streamRole] = roleNamed(json, "kds-stock-trade-stream-role");
  const [workerRoleId] = roleNamed(json, "kcl-stock-trader-app-role");

  test("is created by the stream account's provider and trusts exactly the workers' role ARN, no account root", () => {
    expect(streamRole.provider).toBe("aws");
    expect(statementsOf(json, streamRole.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [`\${aws_iam_role.${workerRoleId}.arn}`] }] },
    ]);
  });

  test("holds the KCL cross-account post's stream policy: reads and RegisterStreamConsumer on the stream, EFO reads on its consumers, decrypt on its key", () => {
    expect(inlineStatementsOf(json, streamRoleId)).toEqual([
      {
        effect: "Allow",
        actions: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        resources: [expect.stringMatching(STREAM_ARN)],
      },
      {
        effect: "Allow",
        actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
        resources: [expect.stringMatching(/^arn:aws:kinesis:us-east-1:111122223333:stream\/\$\{aws_kinesis_stream\.\S+\.name\}\/consumer\/\*$/)],
      },
      { effect: "Allow", actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/)] },
      { effect: "Allow", actions: ["kinesis:RegisterStreamConsumer"], resources: [expect.stringMatching(STREAM_ARN)] },
    ]);
  });

  test("the stream needs no resource policy: the reader is a role of its own account", () => {
    expect(resourcesOf(json, "aws_kinesis_resource_policy")).toEqual({});
  });
});

describe("KclCrossAccountConsumer: the workers' role in the consumer account", () => {
  const { stack } = kclStack();
  const json = synthJson(stack);
  const [streamRoleId] = roleNamed(json, "kds-stock-trade-stream-role");
  const [workerRoleId, workerRole] = roleNamed(json, "kcl-stock-trader-app-role");

  test("is an EC2 role with an instance profile of the same name, both in the consumer account", () => {
    expect(workerRole.provider).toBe("aws.data");
    expect(statementsOf(json, workerRole.assume_role_policy)[0].principals).toEqual([{ type: "Service", identifiers: ["ec2.amazonaws.com"] }]);
    expect(Object.values(resourcesOf(json, "aws_iam_instance_profile"))).toEqual([
      { provider: "aws.data", name: "kcl-stock-trader-app-role", role: `\${aws_iam_role.${workerRoleId}.name}` },
    ]);
  });

  test("may assume exactly the stream role, and nothing of the stream itself", () => {
    const statements = inlineStatementsOf(json, workerRoleId);
    expect(statements[0]).toEqual({ sid: "AssumeStreamRole", effect: "Allow", actions: ["sts:AssumeRole"], resources: [`\${aws_iam_role.${streamRoleId}.arn}`] });
    expect(statements.flatMap((s) => s.actions).filter((a: string) => a.startsWith("kinesis:") || a.startsWith("kms:"))).toEqual([]);
    expect(statements.map((s) => s.sid)).toEqual(["AssumeStreamRole", "KclLeaseTable", "KclMetadataTables", "KclLeaseTableIndexes", "KclMetrics"]);
    expect(statements[1].resources).toEqual(["arn:aws:dynamodb:us-east-1:444455556666:table/StockTradesProcessor"]);
  });
});

describe("KclCrossAccountConsumer: the KCL properties", () => {
  /** Values as Terraform sees them (references rendered), through a stack output. */
  function resolved(stack: TerraformStack, value: unknown): any {
    new TerraformOutput(stack, "probe", { value });
    return synthJson(stack).output!.probe.value;
  }

  test("KCL 3.x settings: SDK v2 providers, stream, application and region", () => {
    const { kcl, stack } = kclStack();
    const properties = resolved(stack, { ...kcl.properties, file: kcl.propertiesFile });
    const file = properties.file;
    delete properties.file;
    expect(properties).toEqual({
      streamName: expect.stringMatching(/^\$\{aws_kinesis_stream\.\S+\.name\}$/),
      applicationName: "StockTradesProcessor",
      AwsCredentialsProvider: expect.stringMatching(
        /^StsAssumeRoleCredentialsProvider\|\$\{aws_iam_role\.kcl_stream-role_\w+\.arn\}\|kinesiscrossaccount\|endpointRegion=us-east-1$/,
      ),
      AwsCredentialsProviderDynamoDB: "DefaultCredentialsProvider",
      AwsCredentialsProviderCloudWatch: "DefaultCredentialsProvider",
      initialPositionInStream: "LATEST",
      regionName: "us-east-1",
    });
    expect(file.split("\n")).toEqual(
      ["streamName", "applicationName", "AwsCredentialsProvider", "AwsCredentialsProviderDynamoDB", "AwsCredentialsProviderCloudWatch", "initialPositionInStream", "regionName"].map(
        (key) => `${key} = ${properties[key]}`,
      ),
    );
  });

  test("with an external ID, KCL multilang's provider that sends it", () => {
    const { kcl, stack } = kclStack({ externalId: "kcl-7f3a", roleSessionName: "trades" });
    expect(resolved(stack, kcl.properties.AwsCredentialsProvider)).toMatch(
      /^KclStsAssumeRoleCredentialsProvider\|\$\{aws_iam_role\.kcl_stream-role_\w+\.arn\}\|trades\|endpointRegion=us-east-1\|externalId=kcl-7f3a$/,
    );
  });

  test.each([{}, { externalId: "kcl-7f3a" }])("every name is one KCL 3.x's MultiLangDaemon knows (%j)", (options) => {
    const { kcl } = kclStack(options);
    for (const key of Object.keys(kcl.properties)) expect(KCL3_PROPERTY_NAMES).toContain(key);
    for (const key of KCL3_CREDENTIALS_KEYS) {
      const [providerClass, ...rest] = kcl.properties[key].split("|");
      expect(KCL3_CREDENTIALS_PROVIDER_CLASSES).toContain(providerClass);
      // After the class: role ARN and session name (positional), then nested key=value pairs KCL knows.
      for (const nested of rest.filter((part) => /^[a-z]\w*=/.test(part))) expect(KCL3_NESTED_KEYS).toContain(nested.split("=")[0]);
    }
  });
});

describe("KclCrossAccountConsumer: options", () => {
  test("trust CONSUMER_ACCOUNT: the consumer account's root, with the external ID as a condition", () => {
    const { stack } = kclStack({ trust: StreamRoleTrust.CONSUMER_ACCOUNT, externalId: "kcl-7f3a" });
    const json = synthJson(stack);
    expect(statementsOf(json, roleNamed(json, "kds-stock-trade-stream-role")[1].assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::444455556666:root"] }],
        condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["kcl-7f3a"] }],
      },
    ]);
  });

  test("without RegisterStreamConsumer", () => {
    const { stack } = kclStack({ registerConsumers: false });
    const json = synthJson(stack);
    const actions = inlineStatementsOf(json, roleNamed(json, "kds-stock-trade-stream-role")[0]).flatMap((s) => s.actions);
    expect(actions).not.toContain("kinesis:RegisterStreamConsumer");
  });

  test("the lease table, in the consumer account", () => {
    const { stack } = kclStack({ createLeaseTable: true });
    expect(Object.values(resourcesOf(synthJson(stack), "aws_dynamodb_table"))).toEqual([
      expect.objectContaining({ provider: "aws.data", name: "StockTradesProcessor", hash_key: "leaseKey" }),
    ]);
  });

  test("streams and workers in different regions: a warning about KCL's single regionName", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "regions");
    const a = new AwsAccountProvider(stack, "a", { accountId: "111122223333", region: "us-east-1", alias: "producer" });
    const b = new AwsAccountProvider(stack, "b", { accountId: "444455556666", region: "eu-west-1", alias: "consumer" });
    const stream = new DataStream(stack, "stream", { account: a, streamName: "s", encryption: StreamEncryption.KMS });
    const kcl = new KclCrossAccountConsumer(stack, "kcl", { stream, consumerAccount: b, applicationName: "app", workerRoleName: "w", streamRoleName: "r" });
    expect(warningsOf(kcl)).toEqual([expect.stringMatching(/^KCL-STREAM-REGION-DIFFERS: The stream is in us-east-1 and the lease tables in eu-west-1/)]);
  });
});

describe("KclCrossAccountConsumer: rules", () => {
  test("a whole-account trust needs an external ID", () => {
    expect(() => kclStack({ trust: StreamRoleTrust.CONSUMER_ACCOUNT })).toThrow(
      "KclCrossAccountConsumer.externalId undefined is invalid: must be set when trust is CONSUMER_ACCOUNT " +
        "(a whole-account trust without an external ID lets any principal of that account in)",
    );
  });

  test("the consumer account must differ from the stream's", () => {
    const t = testStack();
    const stream = new DataStream(t.stack, "stream", { account: t.accountB, streamName: "s", encryption: StreamEncryption.KMS });
    expect(
      () => new KclCrossAccountConsumer(t.stack, "kcl", { stream, consumerAccount: t.accountB, applicationName: "app", workerRoleName: "w", streamRoleName: "r" }),
    ).toThrow('KclCrossAccountConsumer.consumerAccount "444455556666" is invalid: must differ from the stream\'s account');
  });

  test("the consumer account needs a provider of its own", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "providers");
    const a = new AwsAccountProvider(stack, "a", { accountId: "111122223333", region: "us-east-1" });
    const stream = new DataStream(stack, "stream", { account: a, streamName: "s", encryption: StreamEncryption.KMS });
    const sameProvider = { accountId: "444455556666", region: "us-east-1", partition: "aws", provider: a.provider };
    expect(
      () => new KclCrossAccountConsumer(stack, "kcl", { stream, consumerAccount: sameProvider, applicationName: "app", workerRoleName: "w", streamRoleName: "r" }),
    ).toThrow('KclCrossAccountConsumer.consumerAccount.provider "default" is invalid: must be a provider of its own for the consumer account');
  });

  test.each([
    [{ workerRoleName: "kcl app" }, 'KclCrossAccountConsumer.workerRoleName "kcl app" is invalid'],
    [{ streamRoleName: "r".repeat(65) }, "KclCrossAccountConsumer.streamRoleName"],
    [{ roleSessionName: "a" }, `KclCrossAccountConsumer.roleSessionName "a" is invalid: ${ROLE_SESSION_NAME_RULE}`],
    [{ externalId: "x" }, 'KclCrossAccountConsumer.externalId "x" is invalid'],
  ])("%j", (props, message) => {
    expect(() => kclStack(props)).toThrow(message);
  });

  test("a stream on the AWS-managed key is fine here: the reader is in the stream's own account", () => {
    const t = testStack();
    const stream = new DataStream(t.stack, "stream", { account: t.accountA, streamName: "s" });
    expect(
      () => new KclCrossAccountConsumer(t.stack, "kcl", { stream, consumerAccount: t.accountB, applicationName: "app", workerRoleName: "w", streamRoleName: "r" }),
    ).not.toThrow();
  });
});
