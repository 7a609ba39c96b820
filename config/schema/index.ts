import { z } from "zod";
import { SAME_REGION_RULE, accountOfArn, partitionOf, validateArn, validateKmsKeyArn } from "../../modules/private/validation";
import { backendSchema } from "./backend";
import { bucketSchema } from "./bucket";
import { clusterSchema } from "./cluster";
import { credentialPassthroughSchema } from "./credential-passthrough";
import { crossAccountSchema } from "./cross-account";
import { crossAccountPolicySchema } from "./cross-account-policy";
import { dataAccountSchema } from "./data-account";
import { databricksSchema } from "./databricks";
import { generalFields } from "./general";
import { kinesisAccountIds, kinesisConsumersSchema } from "./kinesis-consumers";
import { checkNameLengths } from "./names";
import { type Validator, passes } from "./rules";
import { unityCatalogSchema } from "./unity-catalog";

/**
 * The app's configuration: one section per file in this folder, composed here. Every field has a
 * default, so `{}` is a valid config (the example values); unknown keys are errors at every level.
 */
export const appConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema editors check this file against (config/schema.json); ignored by the app."),
    "//": z.string().optional().describe("A comment; ignored."),
    ...generalFields,
    dataAccount: dataAccountSchema,
    databricks: databricksSchema,
    bucket: bucketSchema,
    cluster: clusterSchema,
    crossAccountPolicy: crossAccountPolicySchema,
    backend: backendSchema,
    crossAccount: crossAccountSchema,
    credentialPassthrough: credentialPassthroughSchema,
    kinesisConsumers: kinesisConsumersSchema,
    unityCatalog: unityCatalogSchema,
  })
  .superRefine((config, ctx) => {
    // Rules across sections, each reported at the field to change.
    const add = (path: ReadonlyArray<string | number>, input: unknown, message: string) => ctx.addIssue({ code: "custom", path: [...path], input, message });
    const data = config.dataAccount;
    if (data.accountId === config.workspaceAccountId) {
      add(["dataAccount", "accountId"], data.accountId, "must differ from config.workspaceAccountId (this is cross-account access)");
    }
    const dataRegion = data.region ?? config.region;
    if (partitionOf(dataRegion) !== partitionOf(config.region)) {
      add(
        ["dataAccount", "region"],
        dataRegion,
        `must be in the same AWS partition as config.region ${config.region} (${partitionOf(config.region)}): roles cannot be assumed across partitions`,
      );
    } else if (config.kinesisConsumers.lambda.enabled && dataRegion !== config.region) {
      // The kinesis-lambda-sharing stack's accounts are the workspace and data accounts, in their regions.
      add(["dataAccount", "region"], dataRegion, `must equal config.region ${config.region} while kinesisConsumers.lambda is enabled: ${SAME_REGION_RULE}`);
    }
    // An ARN its field's format rule refuses is reported there once, not again for its account.
    const inAccount = (path: ReadonlyArray<string | number>, arn: string | undefined, account: string, message: string, format: Validator<string> = validateKmsKeyArn) => {
      if (arn !== undefined && passes(format, arn) && accountOfArn(arn) !== account) add(path, arn, message);
    };
    const dataKey = `must be a key in the data account ${data.accountId} (config.dataAccount.accountId)`;
    inAccount(["crossAccount", "s3", "existingBucketKmsKeyArn"], config.crossAccount.s3.existingBucketKmsKeyArn, data.accountId, dataKey);
    inAccount(["crossAccount", "kinesis", "kmsKeyArn"], config.crossAccount.kinesis.kmsKeyArn, data.accountId, dataKey);
    config.unityCatalog.locations.forEach((l, i) => inAccount(["unityCatalog", "locations", i, "existingBucketKmsKeyArn"], l.existingBucketKmsKeyArn, data.accountId, dataKey));
    inAccount(
      ["credentialPassthrough", "existingBucketKeyArn"],
      config.credentialPassthrough.existingBucketKeyArn,
      config.workspaceAccountId,
      `must be a key in the workspace account ${config.workspaceAccountId} (config.workspaceAccountId)`,
    );
    const consumers = config.kinesisConsumers;
    const { producer, consumer } = kinesisAccountIds(consumers, config);
    const producerKey = `must be a key in the producer account ${producer}`;
    inAccount(["kinesisConsumers", "lambda", "stream", "kmsKeyArn"], consumers.lambda.stream.kmsKeyArn, producer, producerKey);
    inAccount(["kinesisConsumers", "kcl", "stream", "kmsKeyArn"], consumers.kcl.stream.kmsKeyArn, producer, producerKey);
    inAccount(
      ["kinesisConsumers", "lambda", "onFailureDestinationArn"],
      consumers.lambda.onFailureDestinationArn,
      consumer,
      `must be in the consumer account ${consumer} (where the function runs)`,
      validateArn,
    );
    checkNameLengths(config, ctx);
  });

/** The typed configuration of the app, inferred from the schema. */
export type AppConfig = z.output<typeof appConfigSchema>;
export type { BackendConfig } from "./backend";
export type { DataAccountConfig } from "./data-account";
export type { DatabricksAuthConfig } from "./databricks";
export type { CrossAccountConfig, CrossAccountKinesisConfig, CrossAccountS3Config } from "./cross-account";
export type { CredentialPassthroughConfig, PassthroughDatasetConfig } from "./credential-passthrough";
export type { KinesisConsumersConfig, KinesisStreamSettings } from "./kinesis-consumers";
export type { UnityCatalogConfig, UnityCatalogLocationConfig } from "./unity-catalog";
