/** How objects are encrypted at rest. */
export enum BucketEncryption {
  /** SSE-S3 (AES256), managed by S3. */
  S3_MANAGED = "S3_MANAGED",
  /** SSE-KMS with a customer-managed key; readers become key users. */
  KMS = "KMS",
}
