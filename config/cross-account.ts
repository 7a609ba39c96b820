import {
  ValidationError,
  partitionOf,
  validateArn,
  validateBucketName,
  validateExternalId,
  validateIntegerRange,
  validateStreamName,
} from "../modules/private/validation";
import { SecuritySuppressions } from "../modules/security/suppressions";
import { expectType, isObject, oneOf, validatePrefixedRoleName } from "./checks";

/**
 * Seed 001 steps 1-5: clusters in the workspace account (A) read a bucket in the data account (B)
 * as MyRoleB, assumed from MyRoleA. Role names are prefixed with `namePrefix-`.
 */
export interface CrossAccountS3Config {
  /** The EC2 role in A the cluster runs with (seed: `MyRoleA`; created as `<prefix>-MyRoleA`). */
  readonly sourceRoleName: string;
  /** The role in B that reads the bucket (seed: `MyRoleB`; created as `<prefix>-MyRoleB`). */
  readonly targetRoleName: string;
  /** Maximum session duration of the role in B, seconds (3600-43200). */
  readonly maxSessionDurationSeconds: number;
  /**
   * An existing bucket in B, by name (not prefixed). Unset: the stack creates `<prefix>-xacct-ds`
   * in B with the settings of `config.bucket` (versioning, force destroy) and `bucketEncryption`.
   */
  readonly existingBucketName?: string;
  /** The customer-managed KMS key (in B) an existing SSE-KMS bucket uses; the role in B becomes its user. */
  readonly existingBucketKmsKeyArn?: string;
  /** Encryption of the created bucket: `S3_MANAGED` or `KMS` (a new customer key in B). */
  readonly bucketEncryption: "S3_MANAGED" | "KMS";
  /** `read` (list + get) or `read-write` (the seed's put/put-acl/get/delete). */
  readonly access: "read" | "read-write";
  /** Assumed-role S3A settings on the cluster: `per-bucket` (only this bucket) or `global` (every bucket). */
  readonly sparkConfScope: "global" | "per-bucket";
  /** The cluster's name. */
  readonly clusterName: string;
  /** The mount name: the bucket appears at `/mnt/<mountName>`. */
  readonly mountName: string;
}

/**
 * Seed 000: clusters in A read Kinesis streams in B as KinesisCrossAccountRole, assumed from
 * DatabricksToKinesisAssumeRole. Role names are prefixed with `namePrefix-`.
 */
export interface CrossAccountKinesisConfig {
  /** The EC2 role in A (seed: `DatabricksToKinesisAssumeRole`; created as `<prefix>-DatabricksToKinesisAssumeRole`). */
  readonly sourceRoleName: string;
  /** The role in B (seed: `KinesisCrossAccountRole`; created as `<prefix>-KinesisCrossAccountRole`). */
  readonly targetRoleName: string;
  /** Maximum session duration of the role in B, seconds (3600-43200). */
  readonly maxSessionDurationSeconds: number;
  /** External ID the role in B requires (the notebook then passes `roleExternalId`). Unset: none, as in the seed. */
  readonly externalId?: string;
  /**
   * The streams the role in B may use (seed: `testStream`). Created streams are named
   * `<prefix>-<name>`; existing ones (`createStreams: false`) are used as named.
   */
  readonly streamNames: readonly string[];
  /** Create the streams in B (true) or use existing ones by name (false). */
  readonly createStreams: boolean;
  /** Capacity mode of created streams. */
  readonly streamMode: "PROVISIONED" | "ON_DEMAND";
  /** Shards of each created provisioned stream. */
  readonly shardCount: number;
  /** Retention of created streams, hours (24-8760). */
  readonly retentionPeriodHours: number;
  /** Encryption of created streams: `AWS_MANAGED` (`alias/aws/kinesis`) or `KMS` (a customer key). */
  readonly streamEncryption: "AWS_MANAGED" | "KMS";
  /**
   * A customer-managed key in B: used by created streams with `KMS` encryption (else a new key), or the
   * key existing streams are encrypted with. The role in B becomes its user.
   */
  readonly kmsKeyArn?: string;
  /**
   * `read` (least privilege, the default), `read-write` (adds put), or `full-access` (the seed's
   * `AmazonKinesisFullAccess`, every stream in B; needs `fullAccessReason`).
   */
  readonly access: "read" | "read-write" | "full-access";
  /** Why `full-access` is acceptable; recorded as the security suppression's reason (20+ characters). */
  readonly fullAccessReason?: string;
  /** Let the role register its own enhanced fan-out consumers (Databricks `consumerMode = "efo"`). */
  readonly registerConsumers: boolean;
  /** `initialPosition` of the generated readStream options (seed: `earliest`). */
  readonly initialPosition: "latest" | "trim_horizon" | "earliest";
  /** The cluster's name. */
  readonly clusterName: string;
  /** The connection-check notebook of seed 000 step 5 (`databricks_notebook`); off by default. */
  readonly notebook: {
    /** Create the notebook. */
    readonly enabled: boolean;
    /** Its workspace path. */
    readonly path: string;
  };
}

/** The cross-account section of the app config. */
export interface CrossAccountConfig {
  readonly s3: CrossAccountS3Config;
  readonly kinesis: CrossAccountKinesisConfig;
}

/** Defaults: the seeds' example names and values. */
export const DEFAULT_CROSS_ACCOUNT_CONFIG: CrossAccountConfig = {
  s3: {
    sourceRoleName: "MyRoleA",
    targetRoleName: "MyRoleB",
    maxSessionDurationSeconds: 3600,
    bucketEncryption: "S3_MANAGED",
    access: "read-write",
    sparkConfScope: "per-bucket",
    clusterName: "Cross-account S3",
    mountName: "cross-account-ds",
  },
  kinesis: {
    sourceRoleName: "DatabricksToKinesisAssumeRole",
    targetRoleName: "KinesisCrossAccountRole",
    maxSessionDurationSeconds: 3600,
    streamNames: ["testStream"],
    createStreams: true,
    streamMode: "PROVISIONED",
    shardCount: 1,
    retentionPeriodHours: 24,
    streamEncryption: "AWS_MANAGED",
    access: "read",
    registerConsumers: false,
    initialPosition: "earliest",
    clusterName: "Cross-account Kinesis",
    notebook: { enabled: false, path: "/Shared/kinesis-cross-account-check" },
  },
};

/** Optional keys of this section, for the app config's merge (which rejects unknown keys). */
export const CROSS_ACCOUNT_OPTIONAL_KEYS: readonly string[] = [
  "config.crossAccount.s3.existingBucketName",
  "config.crossAccount.s3.existingBucketKmsKeyArn",
  "config.crossAccount.kinesis.externalId",
  "config.crossAccount.kinesis.kmsKeyArn",
  "config.crossAccount.kinesis.fullAccessReason",
];

/** What the validator needs from the rest of the app config. */
export interface CrossAccountContext {
  readonly namePrefix: string;
  readonly region: string;
  readonly dataAccount: { readonly accountId: string; readonly region?: string };
}

/** A KMS key ARN in the data account. */
function validateDataAccountKeyArn(field: string, value: string | undefined, dataAccountId: string): void {
  if (value === undefined) return;
  expectType(field, value, "string");
  validateArn(field, value, "kms");
  const account = value.split(":")[4];
  if (account !== dataAccountId) {
    throw new ValidationError(field, value, `must be a key in the data account ${dataAccountId} (config.dataAccount.accountId)`);
  }
}

/**
 * Checks the cross-account section and what it relies on elsewhere: the data account's region must
 * be in the workspace region's partition (roles cannot be assumed across partitions).
 */
export function validateCrossAccountConfig(section: CrossAccountConfig, context: CrossAccountContext): CrossAccountConfig {
  const dataRegion = context.dataAccount.region ?? context.region;
  if (partitionOf(dataRegion) !== partitionOf(context.region)) {
    throw new ValidationError(
      "config.dataAccount.region",
      dataRegion,
      `must be in the same AWS partition as config.region ${context.region} (${partitionOf(context.region)}): roles cannot be assumed across partitions`,
    );
  }
  if (!isObject(section)) throw new ValidationError("config.crossAccount", section, "must be an object");
  const prefix = context.namePrefix;

  const s3 = section.s3;
  if (!isObject(s3)) throw new ValidationError("config.crossAccount.s3", s3, "must be an object");
  validatePrefixedRoleName("config.crossAccount.s3.sourceRoleName", s3.sourceRoleName, prefix);
  validatePrefixedRoleName("config.crossAccount.s3.targetRoleName", s3.targetRoleName, prefix);
  if (s3.sourceRoleName === s3.targetRoleName) {
    throw new ValidationError("config.crossAccount.s3.targetRoleName", s3.targetRoleName, "must differ from sourceRoleName");
  }
  expectType("config.crossAccount.s3.maxSessionDurationSeconds", s3.maxSessionDurationSeconds, "number");
  validateIntegerRange("config.crossAccount.s3.maxSessionDurationSeconds", s3.maxSessionDurationSeconds, 3600, 43200);
  if (s3.existingBucketName !== undefined) {
    expectType("config.crossAccount.s3.existingBucketName", s3.existingBucketName, "string");
    validateBucketName("config.crossAccount.s3.existingBucketName", s3.existingBucketName);
  } else if (s3.existingBucketKmsKeyArn !== undefined) {
    throw new ValidationError(
      "config.crossAccount.s3.existingBucketKmsKeyArn",
      s3.existingBucketKmsKeyArn,
      "is only used with existingBucketName (a created bucket gets its key from bucketEncryption)",
    );
  }
  validateDataAccountKeyArn("config.crossAccount.s3.existingBucketKmsKeyArn", s3.existingBucketKmsKeyArn, context.dataAccount.accountId);
  oneOf("config.crossAccount.s3.bucketEncryption", s3.bucketEncryption, ["S3_MANAGED", "KMS"]);
  oneOf("config.crossAccount.s3.access", s3.access, ["read", "read-write"]);
  oneOf("config.crossAccount.s3.sparkConfScope", s3.sparkConfScope, ["global", "per-bucket"]);
  expectType("config.crossAccount.s3.clusterName", s3.clusterName, "string");
  expectType("config.crossAccount.s3.mountName", s3.mountName, "string");
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(s3.mountName)) {
    throw new ValidationError("config.crossAccount.s3.mountName", s3.mountName, "must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)");
  }

  const k = section.kinesis;
  if (!isObject(k)) throw new ValidationError("config.crossAccount.kinesis", k, "must be an object");
  validatePrefixedRoleName("config.crossAccount.kinesis.sourceRoleName", k.sourceRoleName, prefix);
  validatePrefixedRoleName("config.crossAccount.kinesis.targetRoleName", k.targetRoleName, prefix);
  if (k.sourceRoleName === k.targetRoleName) {
    throw new ValidationError("config.crossAccount.kinesis.targetRoleName", k.targetRoleName, "must differ from sourceRoleName");
  }
  expectType("config.crossAccount.kinesis.maxSessionDurationSeconds", k.maxSessionDurationSeconds, "number");
  validateIntegerRange("config.crossAccount.kinesis.maxSessionDurationSeconds", k.maxSessionDurationSeconds, 3600, 43200);
  if (k.externalId !== undefined) expectType("config.crossAccount.kinesis.externalId", k.externalId, "string");
  validateExternalId("config.crossAccount.kinesis.externalId", k.externalId);
  if (!Array.isArray(k.streamNames) || k.streamNames.length === 0) {
    throw new ValidationError("config.crossAccount.kinesis.streamNames", k.streamNames, "must be a non-empty list of stream names");
  }
  expectType("config.crossAccount.kinesis.createStreams", k.createStreams, "boolean");
  k.streamNames.forEach((name, i) => {
    const field = `config.crossAccount.kinesis.streamNames[${i}]`;
    expectType(field, name, "string");
    validateStreamName(field, k.createStreams ? `${prefix}-${name}` : name);
  });
  if (new Set(k.streamNames).size !== k.streamNames.length) {
    throw new ValidationError("config.crossAccount.kinesis.streamNames", k.streamNames, "must not name a stream twice");
  }
  oneOf("config.crossAccount.kinesis.streamMode", k.streamMode, ["PROVISIONED", "ON_DEMAND"]);
  expectType("config.crossAccount.kinesis.shardCount", k.shardCount, "number");
  validateIntegerRange("config.crossAccount.kinesis.shardCount", k.shardCount, 1, 10000);
  expectType("config.crossAccount.kinesis.retentionPeriodHours", k.retentionPeriodHours, "number");
  validateIntegerRange("config.crossAccount.kinesis.retentionPeriodHours", k.retentionPeriodHours, 24, 8760);
  oneOf("config.crossAccount.kinesis.streamEncryption", k.streamEncryption, ["AWS_MANAGED", "KMS"]);
  validateDataAccountKeyArn("config.crossAccount.kinesis.kmsKeyArn", k.kmsKeyArn, context.dataAccount.accountId);
  if (k.kmsKeyArn !== undefined && k.createStreams && k.streamEncryption !== "KMS") {
    throw new ValidationError("config.crossAccount.kinesis.kmsKeyArn", k.kmsKeyArn, "needs streamEncryption KMS for created streams");
  }
  oneOf("config.crossAccount.kinesis.access", k.access, ["read", "read-write", "full-access"]);
  if (k.access === "full-access") {
    const reason = typeof k.fullAccessReason === "string" ? k.fullAccessReason.trim().replace(/\s+/g, " ") : "";
    if (reason.length < SecuritySuppressions.MIN_REASON_LENGTH) {
      throw new ValidationError(
        "config.crossAccount.kinesis.fullAccessReason",
        k.fullAccessReason,
        `must explain in at least ${SecuritySuppressions.MIN_REASON_LENGTH} characters why access full-access (AmazonKinesisFullAccess) is acceptable`,
      );
    }
  } else if (k.fullAccessReason !== undefined) {
    throw new ValidationError("config.crossAccount.kinesis.fullAccessReason", k.fullAccessReason, "is only used with access full-access");
  }
  expectType("config.crossAccount.kinesis.registerConsumers", k.registerConsumers, "boolean");
  oneOf("config.crossAccount.kinesis.initialPosition", k.initialPosition, ["latest", "trim_horizon", "earliest"]);
  expectType("config.crossAccount.kinesis.clusterName", k.clusterName, "string");
  if (!isObject(k.notebook)) throw new ValidationError("config.crossAccount.kinesis.notebook", k.notebook, "must be an object");
  expectType("config.crossAccount.kinesis.notebook.enabled", k.notebook.enabled, "boolean");
  expectType("config.crossAccount.kinesis.notebook.path", k.notebook.path, "string");
  if (!/^\/[^\0]{1,1023}$/.test(k.notebook.path) || k.notebook.path.endsWith("/")) {
    throw new ValidationError("config.crossAccount.kinesis.notebook.path", k.notebook.path, "must be an absolute workspace path like /Shared/kinesis-check");
  }
  return section;
}
