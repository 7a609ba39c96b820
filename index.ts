// The published API: construct classes and their props, grants, action lists, the security aspect, and
// ValidationError. Validators, policy readers and app config (stacks/, config/) stay internal.
export { ValidationError } from "./modules/private/validation";
export { Warnings } from "./modules/core/warnings";
export type { WarningAcknowledgement, WarningType } from "./modules/core/warnings";
export * from "./modules/account/aws-account-provider";
export * from "./modules/iam/policy-statement";
export * from "./modules/iam/policy-document";
export * from "./modules/iam/role";
export * from "./modules/iam/grant";
export * from "./modules/iam/saml-provider";
export * from "./modules/kms/encryption-key";
export * from "./modules/s3/data-bucket";
export * from "./modules/iam/instance-profile-role";
export * from "./modules/iam/saml-federated-data-role";
export * from "./modules/kinesis/data-stream";
export * from "./modules/kinesis/stream-consumer";
export * from "./modules/lambda/lambda-function";
export {
  EVENT_SOURCE_DESTINATION_OTHER_ACCOUNT,
  EVENT_SOURCE_DESTINATION_UNLIMITED_RETRIES,
  KinesisEventSource,
  KinesisReadPermissions,
  LAMBDA_KINESIS_EXECUTION_POLICY,
  ON_FAILURE_DESTINATION_ACTIONS,
  OnFailureDestination,
  StartingPosition,
  shareStreamWithExecutionRole,
} from "./modules/kinesis/kinesis-event-source";
export type { ExecutionRoleShareOptions, KinesisEventSourceProps } from "./modules/kinesis/kinesis-event-source";
export * from "./modules/kinesis/kcl-application";
export * from "./modules/kinesis/kcl-cross-account-consumer";
export * from "./modules/databricks/iam-propagation-wait";
export * from "./modules/databricks/workspace-cross-account-role";
export * from "./modules/databricks/databricks-instance-profile";
export * from "./modules/databricks/s3-mount";
export * from "./modules/databricks/autoscaling-cluster";
export * from "./modules/databricks/single-node-cluster";
export * from "./modules/databricks/instance-profile-registration";
export * from "./modules/databricks/assumed-role-s3a";
export * from "./modules/databricks/kinesis-connection-check-notebook";
export * from "./modules/databricks/meta-instance-profile";
export {
  CredentialPassthrough,
  PASSTHROUGH_CREDENTIALS_PROVIDER_CLASS,
  PASSTHROUGH_DATA_SECURITY_MODE,
  PASSTHROUGH_SPARK_CONF,
  passthroughMountCommand,
  passthroughMountConfigs,
} from "./modules/databricks/credential-passthrough";
export type {
  CredentialPassthroughProps,
  PassthroughClusterProps,
  PassthroughDataset,
  PassthroughDatasetProps,
  PassthroughMountConfig,
} from "./modules/databricks/credential-passthrough";
export { DATABRICKS_PROVIDER_RULES } from "./modules/databricks/provider-rules";
export type { DatabricksProviderRule } from "./modules/databricks/provider-rules";
export * from "./modules/databricks/unity-catalog-role";
export * from "./modules/databricks/unity-catalog-storage-credential";
export * from "./modules/databricks/unity-catalog-external-location";
export * from "./modules/databricks/unity-catalog-service-credential";
export { UNITY_CATALOG_PRIVILEGES } from "./modules/private/unity-catalog-grants";
export type { UnityCatalogGrant, UnityCatalogSecurable } from "./modules/private/unity-catalog-grants";
export * from "./modules/iam/cross-account-assume-role-pair";
export * from "./modules/security";
