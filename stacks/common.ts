import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { AwsAccount, AwsAccountProvider } from "../modules/account/aws-account-provider";
import { ExistingRole } from "../modules/iam/existing-role";
import { BucketEncryption, DataBucket, IDataBucket } from "../modules/s3/data-bucket";
import { ExistingEncryptionKey } from "../modules/kms/existing-encryption-key";
import { AutoscalingCluster, DataSecurityMode } from "../modules/databricks/autoscaling-cluster";
import { partitionOf } from "../modules/private/validation";
import { AppConfig } from "../config/app-config";

/**
 * The workspace account (A), pinned to that account: the stack's default AWS provider, or an aliased one
 * when `alias` is given.
 */
export function workspaceAccountProvider(scope: Construct, config: AppConfig, alias?: string): AwsAccountProvider {
  return new AwsAccountProvider(scope, "workspace-account", {
    alias,
    accountId: config.workspaceAccountId,
    region: config.region,
    defaultTags: { ...config.tags },
  });
}

/** The second account (B): an aliased provider reaching it through an assumed role or a profile. */
export function dataAccountProvider(scope: Construct, config: AppConfig, alias = "data"): AwsAccountProvider {
  const data = config.dataAccount;
  const partition = partitionOf(config.region);
  const useRole = data.profile === undefined && data.assumeRoleName !== undefined;
  return new AwsAccountProvider(scope, "data-account", {
    alias,
    accountId: data.accountId,
    region: data.region ?? config.region,
    profile: data.profile,
    assumeRoleArn: useRole ? `arn:${partition}:iam::${data.accountId}:role/${data.assumeRoleName}` : undefined,
    assumeRoleExternalId: useRole ? data.assumeRoleExternalId : undefined,
    defaultTags: { ...config.tags },
  });
}

/**
 * The workspace-level Databricks provider (the stack's default): host from `databricks.workspaceHost`,
 * auth from `databricks.workspaceAuth` or the provider's environment (see docs/databricks-authentication.md).
 */
export function workspaceDatabricksProvider(scope: Construct, config: AppConfig): DatabricksProvider {
  const auth = config.databricks.workspaceAuth ?? {};
  return new DatabricksProvider(scope, "databricks", {
    host: config.databricks.workspaceHost,
    profile: auth.profile,
    authType: auth.authType,
    clientId: auth.clientId,
  });
}

/** The account-level Databricks provider and the Databricks account ID it works in. */
export interface AccountDatabricksProvider {
  readonly provider: DatabricksProvider;
  /** The Databricks account ID, the `databricks_account_id` Terraform variable (never a literal in code). */
  readonly accountId: string;
}

/**
 * The account-level (`mws`) Databricks provider, with the `databricks_account_id` variable it needs. Only
 * stacks that create account-level resources declare it. The account API takes OAuth only (a service
 * principal's client ID/secret or a CLI profile), never a workspace token: `databricks.accountAuth`.
 */
export function accountDatabricksProvider(scope: Construct, config: AppConfig): AccountDatabricksProvider {
  const accountId = new TerraformVariable(scope, "databricks_account_id", {
    type: "string",
    description:
      "Account ID. You can get your account ID in the bottom left corner of the account console. See https://accounts.cloud.databricks.com",
  });
  const auth = config.databricks.accountAuth ?? {};
  const provider = new DatabricksProvider(scope, "databricks-mws", {
    alias: "mws",
    host: config.databricks.accountHost,
    accountId: accountId.stringValue,
    profile: auth.profile,
    authType: auth.authType,
    clientId: auth.clientId,
  });
  return { provider, accountId: accountId.stringValue };
}

/** The naming of the Databricks Terraform provider's examples: `<prefix>-<suffix>`. */
export function prefixed(config: AppConfig, suffix: string): string {
  return `${config.namePrefix}-${suffix}`;
}

/** The workspace cross-account role the data-access stack creates. */
export function createdWorkspaceRoleName(config: AppConfig): string {
  return prefixed(config, "crossaccount-iam-role");
}

/** The cross-account role the workspace runs with: the created one unless config names another. */
export function workspaceRoleName(config: AppConfig): string {
  return config.databricks.workspaceCrossAccountRoleName ?? createdWorkspaceRoleName(config);
}

/**
 * The workspace's cross-account role (the data-access stack's, or `databricks.workspaceCrossAccountRoleName`),
 * referenced by name: each stack adds one inline policy of its own to it (iam:PassRole on its EC2 role)
 * and leaves its other policies alone.
 */
export function existingWorkspaceRole(
  scope: Construct,
  config: AppConfig,
  account: AwsAccount,
  inlinePolicySuffix: string,
  id = "workspace-role",
): ExistingRole {
  return new ExistingRole(scope, id, {
    account,
    roleArn: roleArnOf(account, workspaceRoleName(config)),
    inlinePolicyName: prefixed(config, inlinePolicySuffix),
  });
}

/** The ARN a role named `roleName` (path `/`) has in `account`, known before apply. */
export function roleArnOf(account: AwsAccount, roleName: string): string {
  return `arn:${account.partition}:iam::${account.accountId}:role/${roleName}`;
}

/** Props of {@link dataBucketFromConfig}. */
export interface ConfiguredBucketProps {
  /** The account the bucket is in. */
  readonly account: AwsAccount;
  /** The name of a bucket this stack creates. */
  readonly bucketName: string;
  /** How a created bucket encrypts (a config section's `encryption` setting). */
  readonly encryption: BucketEncryption;
}

/** A bucket this stack creates, with the versioning and force-destroy settings of `config.bucket`. */
export function dataBucketFromConfig(scope: Construct, id: string, config: AppConfig, props: ConfiguredBucketProps): DataBucket {
  return new DataBucket(scope, id, {
    account: props.account,
    bucketName: props.bucketName,
    versioned: config.bucket.versioned,
    forceDestroy: config.bucket.forceDestroy,
    encryption: props.encryption,
  });
}

/** Props of {@link createOrImportBucket}. */
export interface CreateOrImportBucketProps extends ConfiguredBucketProps {
  /**
   * Use this existing bucket instead of creating one.
   * @default none: the bucket is created
   */
  readonly existingBucketName?: string;
  /**
   * The existing bucket's KMS key, if it encrypts with one.
   * @default none
   */
  readonly existingBucketKeyArn?: string;
}

/** The existing bucket a config section names (with its key, if any), or else a bucket created by this stack. */
export function createOrImportBucket(scope: Construct, id: string, config: AppConfig, props: CreateOrImportBucketProps): IDataBucket {
  if (props.existingBucketName === undefined) return dataBucketFromConfig(scope, id, config, props);
  const { account, existingBucketKeyArn } = props;
  return DataBucket.fromBucketName(scope, id, {
    account,
    bucketName: props.existingBucketName,
    encryptionKey: existingBucketKeyArn !== undefined ? new ExistingEncryptionKey(scope, `${id}-key`, { account, keyArn: existingBucketKeyArn }) : undefined,
  });
}

/** Props of {@link clusterFromConfig}. */
export interface ConfiguredClusterProps {
  /** The workspace-level Databricks provider. */
  readonly provider: DatabricksProvider;
  /** The cluster name. */
  readonly clusterName: string;
  /** The registered instance profile the nodes run with. */
  readonly instanceProfileArn: string;
  /** The access mode, always stated by the caller with its reason. */
  readonly dataSecurityMode: DataSecurityMode;
  /**
   * Spark configuration.
   * @default none
   */
  readonly sparkConf?: Record<string, string>;
}

/** An autoscaling cluster sized and terminated as `config.cluster` says. */
export function clusterFromConfig(scope: Construct, id: string, config: AppConfig, props: ConfiguredClusterProps): AutoscalingCluster {
  return new AutoscalingCluster(scope, id, {
    provider: props.provider,
    clusterName: props.clusterName,
    minWorkers: config.cluster.minWorkers,
    maxWorkers: config.cluster.maxWorkers,
    autoterminationMinutes: config.cluster.autoterminationMinutes,
    sparkVersion: config.cluster.sparkVersion,
    instanceProfileArn: props.instanceProfileArn,
    dataSecurityMode: props.dataSecurityMode,
    sparkConf: props.sparkConf,
  });
}
