import { z } from "zod";
import { StreamMode } from "../../modules/kinesis/stream-settings";
import { KinesisReadPermissions, StartingPosition } from "../../modules/kinesis/event-source-settings";
import { StreamRoleTrust } from "../../modules/kinesis/stream-role-trust";
import {
  validateArn,
  validateExternalId,
  validateFunctionName,
  validateKclApplicationName,
  validateLogRetentionDays,
  validateRoleSessionName,
  validateStreamName,
} from "../../modules/private/validation";
import { kmsKeyArn, prefixedRoleName } from "./cross-account";
import { checkedString, flag, integer, report } from "./rules";

interface StreamDefaults {
  readonly name: string;
}

/** A stream a scenario creates (named `<namePrefix>-<name>`) or, for KCL, uses. */
function streamSchema(defaults: StreamDefaults) {
  return z
    .strictObject({
      name: checkedString(validateStreamName, "The stream name (prefixed with <namePrefix>- when the stack creates it).").default(defaults.name),
      streamMode: z.enum(StreamMode).default(StreamMode.PROVISIONED).describe("Capacity mode: PROVISIONED or ON_DEMAND."),
      shardCount: integer(1, 10000).default(1).describe("Shards of a provisioned stream (ignored on demand), 1-10000."),
      retentionPeriodHours: integer(24, 8760).default(24).describe("Hours records are kept (24-8760)."),
      kmsKeyArn: kmsKeyArn(
        "A customer-managed key in the producer account: the key a created stream uses instead of a new one, or the key an existing stream " +
          "is encrypted with; its owner must make the consumer a key user. Unset: a created stream gets a new key whose policy names the consumer.",
      ).optional(),
    })
    .prefault({});
}

export type KinesisStreamSettings = z.output<ReturnType<typeof streamSchema>>;

/** The five read actions on one stream, or the AWS-managed policy; the construct's enum. */
const lambdaSchema = z
  .strictObject({
    enabled: flag(true, "Build the kinesis-lambda-sharing stack."),
    stream: streamSchema({ name: "kds-sharing-example1" }).describe("The shared stream (created as <namePrefix>-<name>)."),
    functionName: checkedString(validateFunctionName, "The function (created as <namePrefix>-<functionName>); its execution role is <namePrefix>-<functionName>-role.").default(
      "kds-reader1",
    ),
    permissions: z
      .enum(KinesisReadPermissions)
      .default(KinesisReadPermissions.SCOPED_INLINE)
      .describe("The execution role's Kinesis permissions: SCOPED_INLINE (the five read actions on exactly this stream) or MANAGED_POLICY (AWSLambdaKinesisExecutionRole)."),
    enhancedFanOut: flag(false, "Read through a registered enhanced fan-out consumer (with its own resource policy) instead of polling."),
    consumerName: checkedString(validateStreamName, "The EFO consumer's name (created as <namePrefix>-<consumerName>), used when enhancedFanOut.").default("kds-reader1-efo"),
    startingPosition: z
      .enum([StartingPosition.LATEST, StartingPosition.TRIM_HORIZON])
      .default(StartingPosition.LATEST)
      .describe("LATEST (records after the trigger exists) or TRIM_HORIZON (everything still in the stream)."),
    batchSize: integer(1, 10000).default(100).describe("Records per invocation (1-10000)."),
    bisectBatchOnFunctionError: flag(false, "Split failing batches to isolate a bad record."),
    maximumRetryAttempts: integer(-1, 10000).default(-1).describe("Retries of a failing batch (-1: until the records expire)."),
    onFailureDestinationArn: checkedString(validateArn, "An SQS queue or SNS topic ARN in the consumer account for batches that failed every retry. Unset: none.").optional(),
    logRetentionDays: z
      .number()
      .check(z.superRefine((v: number, ctx) => report(ctx, [], (field) => validateLogRetentionDays(field, v))))
      .default(365)
      .describe("Days the function's logs are kept (a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."),
  })
  .superRefine((l, ctx) => {
    const arn = l.onFailureDestinationArn;
    if (arn !== undefined && !/^arn:[^:]+:(sqs|sns):/.test(arn)) {
      ctx.addIssue({ code: "custom", path: ["onFailureDestinationArn"], input: arn, message: "must be an SQS queue or SNS topic ARN" });
    }
  })
  .prefault({})
  .describe("A Lambda function in the consumer account triggered by a stream of the producer account, shared through the stream's resource policy.");

const kclSchema = z
  .strictObject({
    enabled: flag(true, "Build the kcl-consumer stack."),
    createStream: flag(
      true,
      "Create the stream or use an existing one named stream.name (then streamMode, shardCount and retentionPeriodHours are not used, and stream.kmsKeyArn names its key).",
    ),
    stream: streamSchema({ name: "StockTradeStream" }).describe("The stream (created as <namePrefix>-<name>, or existing as <name>)."),
    applicationName: checkedString(validateKclApplicationName, "The KCL application name (created as <namePrefix>-<name>): lease table and metrics namespace.").default(
      "StockTradesProcessor",
    ),
    streamRoleName: prefixedRoleName("The role in the producer account.").default("kds-stock-trade-stream-role"),
    workerRoleName: prefixedRoleName("The workers' EC2 role and instance profile in the consumer account.").default("kcl-stock-trader-app-role"),
    roleSessionName: checkedString(validateRoleSessionName, "The session name of the assumed role (not prefixed).").default("kinesiscrossaccount"),
    trust: z
      .enum(StreamRoleTrust)
      .default(StreamRoleTrust.WORKER_ROLE)
      .describe("Who the stream role trusts: WORKER_ROLE (exactly the workers' role ARN) or CONSUMER_ACCOUNT (the consumer account's root; requires externalId)."),
    externalId: checkedString(validateExternalId, "External ID the workers must send. Unset: none (allowed only with WORKER_ROLE).").optional(),
    registerConsumers: flag(true, "Let the stream role register EFO consumers (KCL 2.x+ uses EFO by default)."),
    initialPositionInStream: z.enum(["LATEST", "TRIM_HORIZON"]).default("LATEST").describe("KCL's initialPositionInStream in the generated properties."),
    createLeaseTable: flag(false, "Create the lease table with Terraform (encrypted, PITR, deletion protection) instead of letting KCL create it."),
  })
  .superRefine((k, ctx) => {
    if (k.trust === StreamRoleTrust.CONSUMER_ACCOUNT && k.externalId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["externalId"],
        input: undefined,
        message: "must be set when trust is CONSUMER_ACCOUNT (a whole-account trust without an external ID lets any principal of that account in)",
      });
    }
  })
  .prefault({})
  .describe("A KCL application on EC2 in the consumer account reads a stream of the producer account through a role it assumes there.");

/** The Kinesis consumer scenarios. */
export const kinesisConsumersSchema = z
  .strictObject({
    producerAccount: z
      .enum(["workspace", "data"])
      .default("workspace")
      .describe("Which account owns the streams: workspace (workspaceAccountId) or data (dataAccount). The other account runs the consumers."),
    lambda: lambdaSchema,
    kcl: kclSchema,
  })
  .prefault({})
  .describe("Kinesis consumers in another account: Lambda via stream sharing, KCL via an assumed role.");

export type KinesisConsumersConfig = z.output<typeof kinesisConsumersSchema>;

/** The producer's and the consumer's account IDs under `producerAccount`. */
export function kinesisAccountIds(
  section: Pick<KinesisConsumersConfig, "producerAccount">,
  config: { readonly workspaceAccountId: string; readonly dataAccount: { readonly accountId: string } },
): { producer: string; consumer: string } {
  return section.producerAccount === "data"
    ? { producer: config.dataAccount.accountId, consumer: config.workspaceAccountId }
    : { producer: config.workspaceAccountId, consumer: config.dataAccount.accountId };
}
