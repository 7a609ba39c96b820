/** Where the assumed-role settings apply. */
export enum S3aAssumedRoleScope {
  /** `fs.s3a.*`: every bucket the cluster reads goes through the assumed role. */
  GLOBAL = "global",
  /** `fs.s3a.bucket.<bucket>.*`: only the named buckets; others keep the instance profile's own identity. */
  PER_BUCKET = "per-bucket",
}
