import { DEFAULT_CONFIG, resolveConfig } from "../../config/app-config";
import { kinesisAccountIds } from "../../config/schema/kinesis-consumers";
import { FUNCTION_NAME_RULE, KCL_APPLICATION_NAME_RULE, ROLE_NAME_RULE, STREAM_NAME_RULE } from "../../modules/private/validation";

const lambda = (o: Record<string, unknown>) => ({ kinesisConsumers: { lambda: o } });
const kcl = (o: Record<string, unknown>) => ({ kinesisConsumers: { kcl: o } });

describe("kinesis consumers config: defaults", () => {
  test("the guides' example names and values; producer = workspace account (A), consumer = data account (B)", () => {
    expect(DEFAULT_CONFIG.kinesisConsumers).toEqual(resolveConfig({}).kinesisConsumers);
    const config = resolveConfig();
    expect(config.kinesisConsumers.producerAccount).toBe("workspace");
    expect(kinesisAccountIds(config.kinesisConsumers, config)).toEqual({ producer: "111122223333", consumer: "444455556666" });
    expect(config.kinesisConsumers.lambda).toEqual({
      enabled: true,
      stream: { name: "kds-sharing-example1", streamMode: "PROVISIONED", shardCount: 1, retentionPeriodHours: 24 },
      functionName: "kds-reader1",
      permissions: "SCOPED_INLINE",
      enhancedFanOut: false,
      consumerName: "kds-reader1-efo",
      startingPosition: "LATEST",
      batchSize: 100,
      bisectBatchOnFunctionError: false,
      maximumRetryAttempts: -1,
      logRetentionDays: 365,
    });
    expect(config.kinesisConsumers.kcl).toMatchObject({
      enabled: true,
      createStream: true,
      stream: { name: "StockTradeStream" },
      applicationName: "StockTradesProcessor",
      streamRoleName: "kds-stock-trade-stream-role",
      workerRoleName: "kcl-stock-trader-app-role",
      roleSessionName: "kinesiscrossaccount",
      trust: "WORKER_ROLE",
      registerConsumers: true,
      initialPositionInStream: "LATEST",
      createLeaseTable: false,
    });
  });

  test("producerAccount data swaps the roles of the two accounts", () => {
    const config = resolveConfig({ kinesisConsumers: { producerAccount: "data" } });
    expect(kinesisAccountIds(config.kinesisConsumers, config)).toEqual({ producer: "444455556666", consumer: "111122223333" });
  });

  test("optional fields are accepted, unknown ones rejected", () => {
    const config = resolveConfig({
      kinesisConsumers: {
        lambda: { onFailureDestinationArn: "arn:aws:sqs:us-east-1:444455556666:failures", stream: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" } },
        kcl: { externalId: "kcl-7f3a", trust: "CONSUMER_ACCOUNT", stream: { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" } },
      },
    });
    expect(config.kinesisConsumers.lambda.onFailureDestinationArn).toBe("arn:aws:sqs:us-east-1:444455556666:failures");
    expect(config.kinesisConsumers.lambda.stream.name).toBe("kds-sharing-example1");
    expect(config.kinesisConsumers.kcl.externalId).toBe("kcl-7f3a");
    expect(() => resolveConfig(lambda({ streamEncryption: "KMS" }))).toThrow(
      'config.kinesisConsumers.lambda.streamEncryption "KMS" is invalid: is not a known configuration field',
    );
  });
});

describe("kinesis consumers config: rules", () => {
  test.each([
    [{ kinesisConsumers: { producerAccount: "A" } }, 'config.kinesisConsumers.producerAccount "A" is invalid: must be one of workspace, data'],
    [lambda({ enabled: "yes" }), 'config.kinesisConsumers.lambda.enabled "yes" is invalid: must be a boolean'],
    [lambda({ permissions: "managed" }), 'config.kinesisConsumers.lambda.permissions "managed" is invalid: must be one of SCOPED_INLINE, MANAGED_POLICY'],
    [lambda({ startingPosition: "AT_TIMESTAMP" }), 'config.kinesisConsumers.lambda.startingPosition "AT_TIMESTAMP" is invalid: must be one of LATEST, TRIM_HORIZON'],
    [lambda({ batchSize: 20000 }), "config.kinesisConsumers.lambda.batchSize 20000 is invalid: must be an integer from 1 to 10000"],
    [lambda({ maximumRetryAttempts: -5 }), "config.kinesisConsumers.lambda.maximumRetryAttempts -5 is invalid: must be an integer from -1 to 10000"],
    [lambda({ logRetentionDays: 10 }), /\n  config\.kinesisConsumers\.lambda\.logRetentionDays 10 is invalid: must be one of 1, 3, 5/],
    [lambda({ functionName: "f".repeat(60) }), `config.kinesisConsumers.lambda.functionName "changeme-${"f".repeat(60)}" is invalid: ${FUNCTION_NAME_RULE}`],
    [
      // 9 + 51 = 60 characters fit a function name; 60 + "-role" do not fit a role name.
      lambda({ functionName: "f".repeat(51) }),
      `config.kinesisConsumers.lambda.functionName "changeme-${"f".repeat(51)}-role" is invalid: ${ROLE_NAME_RULE}`,
    ],
    [lambda({ consumerName: "efo reader" }), `config.kinesisConsumers.lambda.consumerName "efo reader" is invalid: ${STREAM_NAME_RULE}`],
    [lambda({ stream: { name: "kds sharing" } }), `config.kinesisConsumers.lambda.stream.name "kds sharing" is invalid: ${STREAM_NAME_RULE}`],
    [lambda({ stream: { streamMode: "SERVERLESS" } }), 'config.kinesisConsumers.lambda.stream.streamMode "SERVERLESS" is invalid: must be one of PROVISIONED, ON_DEMAND'],
    [lambda({ stream: { shardCount: 0 } }), "config.kinesisConsumers.lambda.stream.shardCount 0 is invalid: must be an integer from 1 to 10000"],
    [lambda({ stream: { retentionPeriodHours: 12 } }), "config.kinesisConsumers.lambda.stream.retentionPeriodHours 12 is invalid: must be an integer from 24 to 8760"],
    [
      lambda({ stream: { kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" } }),
      'config.kinesisConsumers.lambda.stream.kmsKeyArn "arn:aws:kms:us-east-1:444455556666:key/k" is invalid: must be a key in the producer account 111122223333',
    ],
    [
      lambda({ onFailureDestinationArn: "arn:aws:s3:::failures" }),
      'config.kinesisConsumers.lambda.onFailureDestinationArn "arn:aws:s3:::failures" is invalid: must be an SQS queue or SNS topic ARN',
    ],
    [
      lambda({ onFailureDestinationArn: "arn:aws:sqs:us-east-1:111122223333:failures" }),
      'config.kinesisConsumers.lambda.onFailureDestinationArn "arn:aws:sqs:us-east-1:111122223333:failures" is invalid: must be in the consumer account 444455556666 (where the function runs)',
    ],
    [
      kcl({ trust: "CONSUMER_ACCOUNT" }),
      "config.kinesisConsumers.kcl.externalId is missing: must be set when trust is CONSUMER_ACCOUNT (a whole-account trust without an external ID lets any principal of that account in)",
    ],
    [kcl({ trust: "account" }), 'config.kinesisConsumers.kcl.trust "account" is invalid: must be one of WORKER_ROLE, CONSUMER_ACCOUNT'],
    [kcl({ externalId: "x" }), 'config.kinesisConsumers.kcl.externalId "x" is invalid'],
    [kcl({ roleSessionName: "kinesis cross account" }), 'config.kinesisConsumers.kcl.roleSessionName "kinesis cross account" is invalid: must be 2-64 characters'],
    [kcl({ applicationName: "Stock Trades" }), `config.kinesisConsumers.kcl.applicationName "Stock Trades" is invalid: ${KCL_APPLICATION_NAME_RULE}`],
    [kcl({ workerRoleName: "w".repeat(60) }), `config.kinesisConsumers.kcl.workerRoleName "changeme-${"w".repeat(60)}" is invalid: ${ROLE_NAME_RULE}`],
    [kcl({ streamRoleName: "stream role" }), `config.kinesisConsumers.kcl.streamRoleName "stream role" is invalid: ${ROLE_NAME_RULE}`],
    [kcl({ initialPositionInStream: "earliest" }), 'config.kinesisConsumers.kcl.initialPositionInStream "earliest" is invalid: must be one of LATEST, TRIM_HORIZON'],
    [kcl({ createLeaseTable: "no" }), 'config.kinesisConsumers.kcl.createLeaseTable "no" is invalid: must be a boolean'],
  ])("%j", (override, message) => {
    expect(() => resolveConfig(override as Record<string, unknown>)).toThrow(message);
  });

  test("an existing stream keeps its own name (no prefix), and may name its customer key", () => {
    const config = resolveConfig(kcl({ createStream: false, stream: { name: "StockTradeStream", kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" } }));
    expect(config.kinesisConsumers.kcl.stream.name).toBe("StockTradeStream");
    // 128 characters fit unprefixed, not prefixed.
    expect(() => resolveConfig(kcl({ createStream: false, stream: { name: "s".repeat(128) } }))).not.toThrow();
    expect(() => resolveConfig(kcl({ stream: { name: "s".repeat(128) } }))).toThrow("config.kinesisConsumers.kcl.stream.name");
  });
});
