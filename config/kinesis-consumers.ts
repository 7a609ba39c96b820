import {
  ValidationError,
  validateArn,
  validateExternalId,
  validateFunctionName,
  validateIntegerRange,
  validateKclApplicationName,
  validateLogRetentionDays,
  validateRoleName,
  validateRoleSessionName,
  validateStreamName,
} from "../modules/private/validation";
import { expectType, isObject, oneOf, validatePrefixedRoleName } from "./checks";

/** A stream a scenario creates (named `<prefix>-<name>`). */
export interface KinesisStreamSettings {
  /** The stream name, before the prefix. */
  readonly name: string;
  /** Capacity mode: `PROVISIONED` (seed 002: one shard) or `ON_DEMAND`. */
  readonly streamMode: "PROVISIONED" | "ON_DEMAND";
  /** Shards of a provisioned stream (ignored on demand). */
  readonly shardCount: number;
  /** Hours records are kept (24-8760). */
  readonly retentionPeriodHours: number;
  /**
   * A customer-managed key in the producer account: the key a created stream uses instead of a new
   * one, or the key an existing stream is encrypted with. Its key policy is then not managed here:
   * its owner must make the consumer a key user. Unset: a created stream gets a new key whose policy
   * names the consumer. Streams are always encrypted with a customer-managed key: the AWS-managed
   * `alias/aws/kinesis` serves only its own account, so another account could not read.
   */
  readonly kmsKeyArn?: string;
}

/**
 * Seed 002: a Lambda function in the consumer account triggered by a stream of the producer account,
 * shared through the stream's resource policy. Names are prefixed with `namePrefix-`.
 */
export interface KinesisLambdaSharingConfig {
  /** Build the `kinesis-lambda-sharing` stack. */
  readonly enabled: boolean;
  /** The shared stream (seed: `kds-sharing-example1`, provisioned, one shard). */
  readonly stream: KinesisStreamSettings;
  /** The function (seed: `kds-reader1`); its execution role is `<prefix>-<functionName>-role`. */
  readonly functionName: string;
  /**
   * The execution role's Kinesis permissions: `scoped-inline` (the five read actions on exactly this
   * stream, the default) or `managed-policy` (the seed's `AWSLambdaKinesisExecutionRole`).
   */
  readonly permissions: "scoped-inline" | "managed-policy";
  /** Read through a registered enhanced fan-out consumer (with its own resource policy) instead of polling. */
  readonly enhancedFanOut: boolean;
  /** The EFO consumer's name (prefixed), used when `enhancedFanOut`. */
  readonly consumerName: string;
  /** `LATEST` (records after the trigger exists) or `TRIM_HORIZON` (everything still in the stream). */
  readonly startingPosition: "LATEST" | "TRIM_HORIZON";
  /** Records per invocation (1-10000). */
  readonly batchSize: number;
  /** Split failing batches to isolate a bad record. */
  readonly bisectBatchOnFunctionError: boolean;
  /** Retries of a failing batch (-1: until the records expire). */
  readonly maximumRetryAttempts: number;
  /** An SQS queue or SNS topic ARN in the consumer account for batches that failed every retry. Unset: none. */
  readonly onFailureDestinationArn?: string;
  /** Days the function's logs are kept (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
}

/**
 * Seed 003: a KCL application on EC2 in the consumer account reads a stream of the producer account
 * through a role it assumes there. Names (but not an existing stream's) are prefixed with `namePrefix-`.
 */
export interface KclConsumerConfig {
  /** Build the `kcl-consumer` stack. */
  readonly enabled: boolean;
  /**
   * Create the stream (seed prerequisite `StockTradeStream`) or use an existing one named `stream.name`
   * (then `streamMode`, `shardCount` and `retentionPeriodHours` are ignored, and `stream.kmsKeyArn` names
   * its key, if it has a customer-managed one).
   */
  readonly createStream: boolean;
  /** The stream (created as `<prefix>-<name>`, or existing as `<name>`). */
  readonly stream: KinesisStreamSettings;
  /** The KCL application name (seed: `StockTradesProcessor`): lease table and metrics namespace. */
  readonly applicationName: string;
  /** The role in the producer account (seed: `kds-stock-trade-stream-role`). */
  readonly streamRoleName: string;
  /** The workers' EC2 role and instance profile in the consumer account (seed: `kcl-stock-trader-app-role`). */
  readonly workerRoleName: string;
  /** The session name of the assumed role (seed: `kinesiscrossaccount`; not prefixed). */
  readonly roleSessionName: string;
  /**
   * Who the stream role trusts: `worker-role` (exactly the workers' role ARN, the default) or
   * `consumer-account` (the consumer account's root, as in the seed; requires `externalId`).
   */
  readonly trust: "worker-role" | "consumer-account";
  /** External ID the workers must send. Unset: none (allowed only with `worker-role`). */
  readonly externalId?: string;
  /** Let the stream role register EFO consumers (the seed's RegisterStreamConsumer; KCL 2.x+ uses EFO by default). */
  readonly registerConsumers: boolean;
  /** KCL's `initialPositionInStream` in the generated properties. */
  readonly initialPositionInStream: "LATEST" | "TRIM_HORIZON";
  /** Create the lease table with Terraform (encrypted, PITR, deletion protection) instead of letting KCL create it. */
  readonly createLeaseTable: boolean;
}

/** The Kinesis consumer scenarios (seeds 002 and 003). */
export interface KinesisConsumersConfig {
  /**
   * Which of the app's two accounts owns the streams (the producer, seeds' account A): `workspace`
   * (`config.workspaceAccountId`, the default) or `data` (`config.dataAccount`). The other account
   * runs the consumers (seeds' account B).
   */
  readonly producerAccount: "workspace" | "data";
  readonly lambda: KinesisLambdaSharingConfig;
  readonly kcl: KclConsumerConfig;
}

/** Defaults: the seeds' example names and values. */
export const DEFAULT_KINESIS_CONSUMERS_CONFIG: KinesisConsumersConfig = {
  producerAccount: "workspace",
  lambda: {
    enabled: true,
    stream: { name: "kds-sharing-example1", streamMode: "PROVISIONED", shardCount: 1, retentionPeriodHours: 24 },
    functionName: "kds-reader1",
    permissions: "scoped-inline",
    enhancedFanOut: false,
    consumerName: "kds-reader1-efo",
    startingPosition: "LATEST",
    batchSize: 100,
    bisectBatchOnFunctionError: false,
    maximumRetryAttempts: -1,
    logRetentionDays: 365,
  },
  kcl: {
    enabled: true,
    createStream: true,
    stream: { name: "StockTradeStream", streamMode: "PROVISIONED", shardCount: 1, retentionPeriodHours: 24 },
    applicationName: "StockTradesProcessor",
    streamRoleName: "kds-stock-trade-stream-role",
    workerRoleName: "kcl-stock-trader-app-role",
    roleSessionName: "kinesiscrossaccount",
    trust: "worker-role",
    registerConsumers: true,
    initialPositionInStream: "LATEST",
    createLeaseTable: false,
  },
};

/** Optional keys of this section, for the app config's merge (which rejects unknown keys). */
export const KINESIS_CONSUMERS_OPTIONAL_KEYS: readonly string[] = [
  "config.kinesisConsumers.lambda.onFailureDestinationArn",
  "config.kinesisConsumers.lambda.stream.kmsKeyArn",
  "config.kinesisConsumers.kcl.stream.kmsKeyArn",
  "config.kinesisConsumers.kcl.externalId",
];

/** What the validator needs from the rest of the app config. */
export interface KinesisConsumersContext {
  readonly namePrefix: string;
  readonly workspaceAccountId: string;
  readonly dataAccount: { readonly accountId: string };
}

/** The producer's and the consumer's account IDs under `producerAccount`. */
export function kinesisAccountIds(section: KinesisConsumersConfig, context: KinesisConsumersContext): { producer: string; consumer: string } {
  return section.producerAccount === "data"
    ? { producer: context.dataAccount.accountId, consumer: context.workspaceAccountId }
    : { producer: context.workspaceAccountId, consumer: context.dataAccount.accountId };
}

function validateStreamSettings(field: string, stream: unknown, prefix: string | undefined, producerAccountId: string): void {
  if (!isObject(stream)) throw new ValidationError(field, stream, "must be an object");
  expectType(`${field}.name`, stream.name, "string");
  if (prefix === undefined) validateStreamName(`${field}.name`, stream.name as string);
  else validateStreamName(`${field}.name (prefixed)`, `${prefix}-${stream.name as string}`);
  oneOf(`${field}.streamMode`, stream.streamMode, ["PROVISIONED", "ON_DEMAND"]);
  expectType(`${field}.shardCount`, stream.shardCount, "number");
  validateIntegerRange(`${field}.shardCount`, stream.shardCount as number, 1, 10000);
  expectType(`${field}.retentionPeriodHours`, stream.retentionPeriodHours, "number");
  validateIntegerRange(`${field}.retentionPeriodHours`, stream.retentionPeriodHours as number, 24, 8760);
  if (stream.kmsKeyArn !== undefined) {
    expectType(`${field}.kmsKeyArn`, stream.kmsKeyArn, "string");
    validateArn(`${field}.kmsKeyArn`, stream.kmsKeyArn as string, "kms");
    if ((stream.kmsKeyArn as string).split(":")[4] !== producerAccountId) {
      throw new ValidationError(`${field}.kmsKeyArn`, stream.kmsKeyArn, `must be a key in the producer account ${producerAccountId}`);
    }
  }
}

/** Checks the section; errors name the field, the value and the rule. */
export function validateKinesisConsumersConfig(section: KinesisConsumersConfig, context: KinesisConsumersContext): KinesisConsumersConfig {
  if (!isObject(section)) throw new ValidationError("config.kinesisConsumers", section, "must be an object");
  const prefix = context.namePrefix;
  oneOf("config.kinesisConsumers.producerAccount", section.producerAccount, ["workspace", "data"]);
  const accounts = kinesisAccountIds(section, context);

  const l = section.lambda;
  const lf = "config.kinesisConsumers.lambda";
  if (!isObject(l)) throw new ValidationError(lf, l, "must be an object");
  expectType(`${lf}.enabled`, l.enabled, "boolean");
  validateStreamSettings(`${lf}.stream`, l.stream, prefix, accounts.producer);
  expectType(`${lf}.functionName`, l.functionName, "string");
  validateFunctionName(`${lf}.functionName (prefixed)`, `${prefix}-${l.functionName}`);
  validateRoleName(`${lf}.functionName (execution role <prefix>-<functionName>-role)`, `${prefix}-${l.functionName}-role`);
  oneOf(`${lf}.permissions`, l.permissions, ["scoped-inline", "managed-policy"]);
  expectType(`${lf}.enhancedFanOut`, l.enhancedFanOut, "boolean");
  expectType(`${lf}.consumerName`, l.consumerName, "string");
  validateStreamName(`${lf}.consumerName (prefixed)`, `${prefix}-${l.consumerName}`);
  oneOf(`${lf}.startingPosition`, l.startingPosition, ["LATEST", "TRIM_HORIZON"]);
  expectType(`${lf}.batchSize`, l.batchSize, "number");
  validateIntegerRange(`${lf}.batchSize`, l.batchSize, 1, 10000);
  expectType(`${lf}.bisectBatchOnFunctionError`, l.bisectBatchOnFunctionError, "boolean");
  expectType(`${lf}.maximumRetryAttempts`, l.maximumRetryAttempts, "number");
  validateIntegerRange(`${lf}.maximumRetryAttempts`, l.maximumRetryAttempts, -1, 10000);
  if (l.onFailureDestinationArn !== undefined) {
    const field = `${lf}.onFailureDestinationArn`;
    expectType(field, l.onFailureDestinationArn, "string");
    validateArn(field, l.onFailureDestinationArn);
    const [, , service, , account] = l.onFailureDestinationArn.split(":");
    if (service !== "sqs" && service !== "sns") throw new ValidationError(field, l.onFailureDestinationArn, "must be an SQS queue or SNS topic ARN");
    if (account !== accounts.consumer) {
      throw new ValidationError(field, l.onFailureDestinationArn, `must be in the consumer account ${accounts.consumer} (where the function runs)`);
    }
  }
  expectType(`${lf}.logRetentionDays`, l.logRetentionDays, "number");
  validateLogRetentionDays(`${lf}.logRetentionDays`, l.logRetentionDays);

  const k = section.kcl;
  const kf = "config.kinesisConsumers.kcl";
  if (!isObject(k)) throw new ValidationError(kf, k, "must be an object");
  expectType(`${kf}.enabled`, k.enabled, "boolean");
  expectType(`${kf}.createStream`, k.createStream, "boolean");
  validateStreamSettings(`${kf}.stream`, k.stream, k.createStream ? prefix : undefined, accounts.producer);
  expectType(`${kf}.applicationName`, k.applicationName, "string");
  validateKclApplicationName(`${kf}.applicationName (prefixed)`, `${prefix}-${k.applicationName}`);
  validatePrefixedRoleName(`${kf}.streamRoleName`, k.streamRoleName, prefix);
  validatePrefixedRoleName(`${kf}.workerRoleName`, k.workerRoleName, prefix);
  expectType(`${kf}.roleSessionName`, k.roleSessionName, "string");
  validateRoleSessionName(`${kf}.roleSessionName`, k.roleSessionName);
  oneOf(`${kf}.trust`, k.trust, ["worker-role", "consumer-account"]);
  if (k.externalId !== undefined) expectType(`${kf}.externalId`, k.externalId, "string");
  validateExternalId(`${kf}.externalId`, k.externalId);
  if (k.trust === "consumer-account" && k.externalId === undefined) {
    throw new ValidationError(
      `${kf}.externalId`,
      k.externalId,
      "must be set when trust is consumer-account (a whole-account trust without an external ID lets any principal of that account in)",
    );
  }
  expectType(`${kf}.registerConsumers`, k.registerConsumers, "boolean");
  oneOf(`${kf}.initialPositionInStream`, k.initialPositionInStream, ["LATEST", "TRIM_HORIZON"]);
  expectType(`${kf}.createLeaseTable`, k.createLeaseTable, "boolean");
  return section;
}
