import { z } from "zod";
import { S3aAssumedRoleScope } from "../../modules/databricks/s3a-assumed-role-scope";
import { BucketEncryption } from "../../modules/s3/bucket-encryption";
import { StreamEncryption, StreamMode } from "../../modules/kinesis/stream-settings";
import {
  validateBucketName,
  validateExternalId,
  validateKmsKeyArn,
  validateMountName,
  validateNotebookPath,
  validateRoleName,
  validateStreamName,
} from "../../modules/private/validation";
import { MIN_SUPPRESSION_REASON_LENGTH } from "../../modules/security/suppression-reason";
import { checkedString, flag, integer } from "./rules";

/** A DBFS mount name, with S3Mount's rule. */
export function mountName(description: string) {
  return checkedString(validateMountName, description);
}

/** A role name that the stacks prefix with `<namePrefix>-` (the combined length is checked in names.ts). */
export function prefixedRoleName(description: string) {
  return checkedString(validateRoleName, `${description} Created as <namePrefix>-<name>.`);
}

/** A KMS key ARN (not an alias). */
export function kmsKeyArn(description: string) {
  return checkedString(validateKmsKeyArn, description);
}

function differentRoles(section: { sourceRoleName: string; targetRoleName: string }, ctx: z.RefinementCtx): void {
  if (section.sourceRoleName === section.targetRoleName) {
    ctx.addIssue({ code: "custom", path: ["targetRoleName"], input: section.targetRoleName, message: "must differ from sourceRoleName" });
  }
}

const maxSessionDurationSeconds = integer(3600, 43200).default(3600).describe("Maximum session duration of the role in B, seconds (3600-43200).");

/** Cross-account S3: clusters in A read a bucket in B as a role in B assumed from a role in A. */
export const crossAccountS3Schema = z
  .strictObject({
    sourceRoleName: prefixedRoleName("The EC2 role in A the cluster runs with.").default("MyRoleA"),
    targetRoleName: prefixedRoleName("The role in B that reads the bucket.").default("MyRoleB"),
    maxSessionDurationSeconds,
    existingBucketName: checkedString(validateBucketName, "An existing bucket in B, by name (not prefixed). Unset: the stack creates <namePrefix>-xacct-ds in B.").optional(),
    existingBucketKmsKeyArn: kmsKeyArn("The customer-managed KMS key (in B) of an existing SSE-KMS bucket; the role in B becomes its user. Only with existingBucketName.").optional(),
    bucketEncryption: z.enum(BucketEncryption).default(BucketEncryption.S3_MANAGED).describe("Encryption of the created bucket: S3_MANAGED or KMS (a new customer key in B)."),
    access: z.enum(["read", "read-write"]).default("read-write").describe("read (list + get) or read-write (put, put-acl, get, delete)."),
    sparkConfScope: z
      .enum(S3aAssumedRoleScope)
      .default(S3aAssumedRoleScope.PER_BUCKET)
      .describe("Assumed-role S3A settings on the cluster: per-bucket (only this bucket) or global (every bucket)."),
    clusterName: z.string().min(1, { error: "must not be empty" }).default("Cross-account S3").describe("The cluster's name."),
    mountName: mountName("The mount name: the bucket appears at /mnt/<mountName>.").default("cross-account-ds"),
  })
  .superRefine((s3, ctx) => {
    differentRoles(s3, ctx);
    if (s3.existingBucketName === undefined && s3.existingBucketKmsKeyArn !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["existingBucketKmsKeyArn"],
        input: s3.existingBucketKmsKeyArn,
        message: "is only used with existingBucketName (a created bucket gets its key from bucketEncryption)",
      });
    }
  })
  .prefault({})
  .describe("Cross-account S3: clusters in A read a bucket in B through a role assumed from a role in A.");

/** Cross-account Kinesis: clusters in A read streams in B as a role in B assumed from a role in A. */
export const crossAccountKinesisSchema = z
  .strictObject({
    sourceRoleName: prefixedRoleName("The EC2 role in A.").default("DatabricksToKinesisAssumeRole"),
    targetRoleName: prefixedRoleName("The role in B.").default("KinesisCrossAccountRole"),
    maxSessionDurationSeconds,
    externalId: checkedString(validateExternalId, "External ID the role in B requires (the notebook then passes roleExternalId). Unset: none.").optional(),
    streamNames: z
      .array(checkedString(validateStreamName, "A stream name."))
      .min(1, { error: "must be a non-empty list of stream names" })
      .default(["testStream"])
      .describe("The streams the role in B may use. Created streams are named <namePrefix>-<name>; existing ones (createStreams false) are used as named."),
    createStreams: flag(true, "Create the streams in B (true) or use existing ones by name (false)."),
    streamMode: z.enum(StreamMode).default(StreamMode.PROVISIONED).describe("Capacity mode of created streams: PROVISIONED or ON_DEMAND."),
    shardCount: integer(1, 10000).default(1).describe("Shards of each created provisioned stream, 1-10000."),
    retentionPeriodHours: integer(24, 8760).default(24).describe("Retention of created streams, hours (24-8760)."),
    streamEncryption: z
      .enum(StreamEncryption)
      .default(StreamEncryption.AWS_MANAGED)
      .describe("Encryption of created streams: AWS_MANAGED (alias/aws/kinesis) or KMS (a customer key)."),
    kmsKeyArn: kmsKeyArn(
      "A customer-managed key in B: used by created streams with KMS encryption (else a new key), or the key existing streams are encrypted with.",
    ).optional(),
    access: z
      .enum(["read", "read-write", "full-access"])
      .default("read")
      .describe("read (least privilege), read-write (adds put), or full-access (AmazonKinesisFullAccess on every stream in B; needs fullAccessReason)."),
    fullAccessReason: z
      .string()
      .optional()
      .describe(`Why full-access is acceptable; recorded as the security suppression's reason (${MIN_SUPPRESSION_REASON_LENGTH}+ characters). Only with full-access.`),
    registerConsumers: flag(false, "Let the role register its own enhanced fan-out consumers (Databricks consumerMode efo)."),
    initialPosition: z.enum(["latest", "trim_horizon", "earliest"]).default("earliest").describe("initialPosition of the generated readStream options."),
    clusterName: z.string().min(1, { error: "must not be empty" }).default("Cross-account Kinesis").describe("The cluster's name."),
    notebook: z
      .strictObject({
        enabled: flag(false, "Create the connection-check notebook."),
        path: checkedString(validateNotebookPath, "Its workspace path, absolute.").default("/Shared/kinesis-cross-account-check"),
      })
      .prefault({})
      .describe("The connection-check notebook (databricks_notebook); off by default."),
  })
  .superRefine((k, ctx) => {
    differentRoles(k, ctx);
    const seen = new Set<string>();
    k.streamNames.forEach((name, i) => {
      if (seen.has(name)) ctx.addIssue({ code: "custom", path: ["streamNames", i], input: name, message: "must not name a stream twice" });
      seen.add(name);
    });
    if (k.kmsKeyArn !== undefined && k.createStreams && k.streamEncryption !== StreamEncryption.KMS) {
      ctx.addIssue({ code: "custom", path: ["kmsKeyArn"], input: k.kmsKeyArn, message: "needs streamEncryption KMS for created streams" });
    }
    if (k.access === "full-access") {
      const reason = (k.fullAccessReason ?? "").trim().replace(/\s+/g, " ");
      if (reason.length < MIN_SUPPRESSION_REASON_LENGTH) {
        ctx.addIssue({
          code: "custom",
          path: ["fullAccessReason"],
          input: k.fullAccessReason,
          message: `must explain in at least ${MIN_SUPPRESSION_REASON_LENGTH} characters why access full-access (AmazonKinesisFullAccess) is acceptable`,
        });
      }
    } else if (k.fullAccessReason !== undefined) {
      ctx.addIssue({ code: "custom", path: ["fullAccessReason"], input: k.fullAccessReason, message: "is only used with access full-access" });
    }
  })
  .prefault({})
  .describe("Cross-account Kinesis: clusters in A read streams in B through a role assumed from a role in A.");

/** The cross-account scenarios (S3 and Kinesis through assumed roles). */
export const crossAccountSchema = z
  .strictObject({ s3: crossAccountS3Schema, kinesis: crossAccountKinesisSchema })
  .prefault({})
  .describe("The cross-account scenarios: S3 and Kinesis in account B through assumed roles.");

export type CrossAccountConfig = z.output<typeof crossAccountSchema>;
export type CrossAccountS3Config = z.output<typeof crossAccountS3Schema>;
export type CrossAccountKinesisConfig = z.output<typeof crossAccountKinesisSchema>;
