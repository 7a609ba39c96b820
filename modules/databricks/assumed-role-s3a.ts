import { ValidationError, validateBucketName, validateRoleArn } from "../private/validation";

/** The Hadoop S3A provider that reads S3 as an assumed role (seed 001 step 4). */
export const S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";

/** Where the assumed-role settings apply. */
export enum S3aAssumedRoleScope {
  /** `fs.s3a.*`: every bucket the cluster reads goes through the assumed role. */
  GLOBAL = "global",
  /** `fs.s3a.bucket.<bucket>.*`: only the named bucket; others keep the instance profile's own identity. */
  PER_BUCKET = "per-bucket",
}

/** Options of {@link assumedRoleS3aConf}. */
export interface AssumedRoleS3aConfOptions {
  /** The role to assume (the role in the bucket's account). */
  readonly roleArn: string;
  /**
   * Global or per-bucket settings.
   * @default S3aAssumedRoleScope.PER_BUCKET
   */
  readonly scope?: S3aAssumedRoleScope;
  /**
   * The bucket, for per-bucket settings.
   * @default none (required with PER_BUCKET)
   */
  readonly bucketName?: string;
}

/**
 * The open-source Hadoop S3A options (Databricks Runtime 7.3 LTS+) that make a cluster or a mount read
 * S3 as `roleArn`, assumed with the instance profile's credentials, exactly as seed 001 step 4 shows:
 * globally (`fs.s3a.aws.credentials.provider`, `fs.s3a.assumed.role.arn`) or for one bucket
 * (`fs.s3a.bucket.<bucket>.aws.credentials.provider`, `fs.s3a.bucket.<bucket>.assumed.role.arn`).
 * Per-bucket is the default: it keeps the assumed role from silently applying to every other bucket.
 */
export function assumedRoleS3aConf(options: AssumedRoleS3aConfOptions): Record<string, string> {
  validateRoleArn("assumedRoleS3aConf.roleArn", options.roleArn);
  const scope = options.scope ?? S3aAssumedRoleScope.PER_BUCKET;
  if (scope === S3aAssumedRoleScope.GLOBAL) {
    if (options.bucketName !== undefined) {
      throw new ValidationError("assumedRoleS3aConf.bucketName", options.bucketName, "must not be set with the global scope (it applies to every bucket)");
    }
    return {
      "fs.s3a.aws.credentials.provider": S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER,
      "fs.s3a.assumed.role.arn": options.roleArn,
    };
  }
  if (options.bucketName === undefined) {
    throw new ValidationError("assumedRoleS3aConf.bucketName", undefined, "must be set with the per-bucket scope");
  }
  validateBucketName("assumedRoleS3aConf.bucketName", options.bucketName);
  const prefix = `fs.s3a.bucket.${options.bucketName}`;
  return {
    [`${prefix}.aws.credentials.provider`]: S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER,
    [`${prefix}.assumed.role.arn`]: options.roleArn,
  };
}
