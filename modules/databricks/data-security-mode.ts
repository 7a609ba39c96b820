/**
 * Cluster access modes (`data_security_mode`, provider docs/resources/cluster.md) used by this library.
 * Every cluster sets one explicitly: left unset, the workspace picks a default that may differ between
 * workspaces and runtime versions.
 */
export enum DataSecurityMode {
  /**
   * No isolation shared: clusters that reach S3 and Kinesis through their instance profile, S3A assumed-role
   * settings and mounts (the legacy, non-Unity-Catalog data access of these scenarios). `NONE` is the current
   * name of the legacy `NO_ISOLATION` (provider docs/resources/cluster.md, `data_security_mode`).
   */
  NONE = "NONE",
  /** IAM credential passthrough (legacy; deprecated from Databricks Runtime 15.0). */
  LEGACY_PASSTHROUGH = "LEGACY_PASSTHROUGH",
  /** Single user (dedicated): Unity Catalog and instance profiles, one user. */
  SINGLE_USER = "SINGLE_USER",
  /** Shared (standard): Unity Catalog with user isolation. */
  USER_ISOLATION = "USER_ISOLATION",
}
