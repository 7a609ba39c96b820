import { CrossAccountAssumeRolePair } from "../iam/cross-account-assume-role-pair";
import { ValidationError, validateBucketName } from "../private/validation";

/** The Hadoop S3A provider that reads S3 as an assumed role (per-bucket form, Databricks Runtime 7.3 LTS+). */
export const S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";

/** The ACL objects written to another account's bucket get, so that bucket's owner owns them. */
export const BUCKET_OWNER_FULL_CONTROL = "BucketOwnerFullControl";

/** Where the assumed-role settings apply. */
export enum S3aAssumedRoleScope {
  /** `fs.s3a.*`: every bucket the cluster reads goes through the assumed role. */
  GLOBAL = "global",
  /** `fs.s3a.bucket.<bucket>.*`: only the named buckets; others keep the instance profile's own identity. */
  PER_BUCKET = "per-bucket",
}

/** Who reads the settings. */
export enum S3aConfTarget {
  /**
   * A cluster's `spark_conf`: each key carries the `spark.hadoop.` prefix, which is how Spark copies a
   * setting into the Hadoop configuration S3A reads (Databricks' "Connect to Amazon S3", open-source Hadoop options).
   */
  CLUSTER = "cluster",
  /** A mount's `extra_configs` (`dbutils.fs.mount(..., extra_configs=...)`): bare Hadoop keys, for that mount only. */
  MOUNT = "mount",
}

/** Options of {@link assumedRoleS3aConf}. */
export interface AssumedRoleS3aConfOptions {
  /**
   * The assume-role pair: S3A assumes its target role (in the bucket's account) with the credentials of
   * its source role's instance profile. A pair with an external ID is refused: S3A sends none.
   */
  readonly roles: CrossAccountAssumeRolePair;
  /** Cluster Spark configuration or mount `extra_configs`. */
  readonly target: S3aConfTarget;
  /**
   * Global or per-bucket settings (cluster only; a mount's settings travel with that mount).
   * @default S3aAssumedRoleScope.PER_BUCKET for a cluster
   */
  readonly scope?: S3aAssumedRoleScope;
  /**
   * The buckets, for per-bucket cluster settings: one set of keys per bucket.
   * @default none (required with PER_BUCKET, not allowed otherwise)
   */
  readonly bucketNames?: readonly string[];
}

/**
 * The S3A settings that make a cluster or a mount read S3 as the pair's target role, as Databricks'
 * "Access cross-account S3 buckets with an AssumeRole policy" guide gives them
 * (https://docs.databricks.com/aws/en/archive/admin-guide/assume-role.html):
 *
 * - mount (`extra_configs`): `fs.s3a.credentialsType AssumeRole`, `fs.s3a.stsAssumeRole.arn <role>`,
 *   `fs.s3a.canned.acl` and `fs.s3a.acl.default BucketOwnerFullControl` (the guide's
 *   `dbutils.fs.mount` step; the same keys in databricks/terraform-provider-databricks#436, #474, #497);
 * - cluster, global: `fs.s3a.credentialsType`, `fs.s3a.stsAssumeRole.arn`, `fs.s3a.acl.default`;
 * - cluster, per bucket (Databricks Runtime 7.3 LTS+, open-source Hadoop keys):
 *   `fs.s3a.bucket.<bucket>.aws.credentials.provider AssumedRoleCredentialProvider`,
 *   `fs.s3a.bucket.<bucket>.assumed.role.arn <role>`, and `fs.s3a.bucket.<bucket>.acl.default`
 *   (Hadoop's per-bucket configuration applies to any `fs.s3a.` option).
 *
 * The per-bucket keys are exactly those of the guide's Step 4 ("Configure cluster with MyRoleA", note for Databricks
 * Runtime 7.3 LTS and above: `fs.s3a.bucket.<s3-bucket-name>.aws.credentials.provider
 * org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider` and `fs.s3a.bucket.<s3-bucket-name>.assumed.role.arn`).
 * The guide sets no base credentials for the STS call (`fs.s3a.assumed.role.credentials.provider`) and relies on the
 * cluster's instance profile; open-source Hadoop defaults that key to `SimpleAWSCredentialsProvider` (access keys,
 * `Constants.ASSUMED_ROLE_CREDENTIALS_DEFAULT`; Hadoop "Working with IAM Assumed Roles"), so that the Databricks
 * runtime falls back to the instance profile is documented only by the guide's omission; it is not set here.
 *
 * Cluster keys get the `spark.hadoop.` prefix, as Databricks' "Connect to Amazon S3" page writes cluster S3A
 * settings ("Access S3 with open-source Hadoop options": `spark.hadoop.fs.s3a.<key>` globally,
 * `spark.hadoop.fs.s3a.bucket.<bucket-name>.<configuration-key>` per bucket). Per-bucket is the cluster default:
 * it keeps the assumed role from silently applying to every other bucket.
 */
export function assumedRoleS3aConf(options: AssumedRoleS3aConfOptions): Record<string, string> {
  const { roles } = options;
  if (roles.externalId !== undefined) {
    throw new ValidationError(
      "assumedRoleS3aConf.roles.externalId",
      roles.externalId,
      "must be unset: S3A assumes the role without an external ID, so every read would be denied (use a pair without externalId for S3)",
    );
  }
  const roleArn = roles.targetRoleArn;
  const bucketNames = options.bucketNames ?? [];
  bucketNames.forEach((name, i) => validateBucketName(`assumedRoleS3aConf.bucketNames[${i}]`, name));
  if (options.target === S3aConfTarget.MOUNT) {
    if (options.scope !== undefined || options.bucketNames !== undefined) {
      throw new ValidationError("assumedRoleS3aConf.scope", options.scope ?? bucketNames, "must be unset for a mount (its extra_configs apply to that mount only)");
    }
    return {
      "fs.s3a.credentialsType": "AssumeRole",
      "fs.s3a.stsAssumeRole.arn": roleArn,
      "fs.s3a.canned.acl": BUCKET_OWNER_FULL_CONTROL,
      "fs.s3a.acl.default": BUCKET_OWNER_FULL_CONTROL,
    };
  }
  const scope = options.scope ?? S3aAssumedRoleScope.PER_BUCKET;
  let conf: Record<string, string>;
  if (scope === S3aAssumedRoleScope.GLOBAL) {
    if (options.bucketNames !== undefined) {
      throw new ValidationError("assumedRoleS3aConf.bucketNames", bucketNames, "must be unset with the global scope (it applies to every bucket)");
    }
    conf = {
      "fs.s3a.credentialsType": "AssumeRole",
      "fs.s3a.stsAssumeRole.arn": roleArn,
      "fs.s3a.acl.default": BUCKET_OWNER_FULL_CONTROL,
    };
  } else {
    if (bucketNames.length === 0) {
      throw new ValidationError("assumedRoleS3aConf.bucketNames", options.bucketNames, "must name at least one bucket with the per-bucket scope");
    }
    const duplicate = bucketNames.find((name, i) => bucketNames.indexOf(name) !== i);
    if (duplicate !== undefined) throw new ValidationError("assumedRoleS3aConf.bucketNames", duplicate, "must not repeat a bucket");
    conf = {};
    for (const bucket of bucketNames) {
      const prefix = `fs.s3a.bucket.${bucket}`;
      conf[`${prefix}.aws.credentials.provider`] = S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER;
      conf[`${prefix}.assumed.role.arn`] = roleArn;
      conf[`${prefix}.acl.default`] = BUCKET_OWNER_FULL_CONTROL;
    }
  }
  return Object.fromEntries(Object.entries(conf).map(([key, value]) => [`spark.hadoop.${key}`, value]));
}
