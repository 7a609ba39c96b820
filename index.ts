// The published API: constructs, their props, grants and validation. Nothing from stacks/ or config/.
export * from "./modules/validation";
export * from "./modules/aws-account";
export * from "./modules/iam/policy-statement";
export * from "./modules/iam/policy-document";
export * from "./modules/iam/role";
export * from "./modules/iam/grant";
export * from "./modules/encryption-key";
export * from "./modules/data-bucket";
export * from "./modules/instance-profile-role";
export * from "./modules/kinesis-stream";
export * from "./modules/databricks/iam-propagation-wait";
export * from "./modules/databricks/workspace-cross-account-role";
export * from "./modules/databricks/databricks-instance-profile";
export * from "./modules/databricks/s3-mount";
export * from "./modules/databricks/autoscaling-cluster";
