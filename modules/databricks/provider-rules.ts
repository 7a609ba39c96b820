
/**
 * Cross-argument rules the databricks provider (1.99.0) enforces only in its Go code, at plan or apply.
 * Constructs check them at synth with `node.addValidation`, so a wrong combination never ships.
 * Each rule names the provider source it mirrors; docs/synth-checks.md lists them.
 */
export interface DatabricksProviderRule {
  /** Stable ID, e.g. `DBX-MOUNT-1`. */
  readonly id: string;
  /** The error, as reported at synth. */
  readonly message: string;
  /** Where the provider enforces it (file at tag v1.99.0, or doc page). */
  readonly source: string;
}

export const MOUNT_STORAGE_BLOCK_CONFLICT: DatabricksProviderRule = {
  id: "DBX-MOUNT-1",
  message:
    "databricks_mount takes either one storage block (s3, abfs, wasb, adl, gs) or uri + extra_configs, never both: " +
    'the provider stops plan with "Conflicting configuration arguments"',
  // ResourceDatabricksMountSchema: extra_configs and uri ConflictsWith every storage block, and the reverse.
  source: "storage/resource_mount.go",
};

export const S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-2",
  message:
    "an S3 databricks_mount needs s3.instance_profile or cluster_id: the provider fails with " +
    '"either cluster_id or instance_profile must be specified to mount S3 bucket"',
  // preprocessS3MountGeneric.
  source: "storage/s3.go",
};

export const URI_MOUNT_NEEDS_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-3",
  message:
    "a databricks_mount with an s3:// or s3a:// uri needs cluster_id (the uri form has no instance_profile): the provider fails with " +
    '"either cluster_id or instance_profile must be specified to mount S3 bucket"',
  // preprocessS3MountGeneric (l.52-61): only s3:// and s3a:// URIs (or the s3 block) get here; instance_profile is read
  // from the s3 block alone. Other schemes run on an auto-created terraform-mount cluster (storage/mounts.go).
  source: "storage/s3.go",
};

export const S3_MOUNT_CLUSTER_NEEDS_PROFILE: DatabricksProviderRule = {
  id: "DBX-MOUNT-5",
  message:
    "the databricks_cluster an S3 databricks_mount runs on needs aws_attributes.instance_profile_arn: the provider fails with " +
    '"cluster %s must have EC2 instance profile attached"',
  // preprocessS3MountGeneric (l.75-76), for any S3 mount with a cluster_id; checked when the cluster is in the same stack.
  source: "storage/s3.go",
};

export const MOUNT_ON_PASSTHROUGH_CLUSTER: DatabricksProviderRule = {
  id: "DBX-MOUNT-4",
  message:
    "a databricks_mount must not run on a LEGACY_PASSTHROUGH cluster: since provider 1.71.0 (#4590) each new mount is checked " +
    "with check_path(), JVM calls that a passthrough cluster blocks; and, inferred for AWS from the Azure AAD passthrough note " +
    '("Mounts using AAD passthrough cannot be created using a service principal"), a service principal cannot create it; ' +
    "set allowOnPassthroughCluster only if a federated user applies it",
  // safe_mount → check_path: provider #4590, released in 1.71.0. The service-principal part is Azure's documented
  // limit (docs/resources/mount.md, "Example mounting ADLS Gen2 with AAD passthrough"), an inference for IAM passthrough.
  source: "storage/mounts.go, docs/resources/mount.md",
};

export const INSTANCE_PROFILE_NEEDS_ROLE_ARN: DatabricksProviderRule = {
  id: "DBX-IP-1",
  message:
    "databricks_instance_profile should set iam_role_arn when the instance profile and role names differ (a safeguard of this " +
    "library, not a provider check): SQL Serverless needs it then, and on update the provider sends the profile ARN as " +
    "iam_role_arn when none is set",
  // Not enforced by the provider: docs/resources/instance_profile.md requires iam_role_arn for differing names only
  // "to use the instance profile with Databricks SQL Serverless"; InstanceProfilesAPI.Update (l.87-95) posts
  // iam_role_arn = instance_profile_arn unless iam_role_arn is set, which names no role when the names differ.
  source: "docs/resources/instance_profile.md, aws/resource_instance_profile.go",
};

/** Every rule, for docs and tests. */
export const DATABRICKS_PROVIDER_RULES: readonly DatabricksProviderRule[] = [
  MOUNT_STORAGE_BLOCK_CONFLICT,
  S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER,
  URI_MOUNT_NEEDS_CLUSTER,
  MOUNT_ON_PASSTHROUGH_CLUSTER,
  S3_MOUNT_CLUSTER_NEEDS_PROFILE,
  INSTANCE_PROFILE_NEEDS_ROLE_ARN,
];
