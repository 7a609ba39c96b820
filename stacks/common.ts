import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack, TerraformVariable } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { AwsAccount, AwsAccountProvider } from "../modules/account/aws-account-provider";
import { ExistingRole } from "../modules/iam/role";
import { partitionOf } from "../modules/private/validation";
import { AppConfig } from "../config/app-config";

/** State: a local file per stack by default, or S3 with locking for teams. */
export function configureBackend(stack: TerraformStack, config: AppConfig, stackName: string): void {
  const backend = config.backend;
  if (backend.type === "local") {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix.replace(/\/+$/, "")}/${stackName}.tfstate`,
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.dynamodbTable,
  });
  // S3-native locking (Terraform >= 1.10) is not yet a typed option of cdktf 0.21's S3Backend.
  const useLockfile = backend.useLockfile ?? backend.dynamodbTable === undefined;
  if (useLockfile) s3.addOverride("use_lockfile", true);
}

/** The workspace account (A): the stack's default AWS provider, pinned to that account. */
export function workspaceAccountProvider(scope: Construct, config: AppConfig): AwsAccountProvider {
  return new AwsAccountProvider(scope, "workspace-account", {
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

/** The Databricks providers: the workspace one (default) and the account-level one (alias `mws`). */
export interface DatabricksProviders {
  readonly workspace: DatabricksProvider;
  readonly account: DatabricksProvider;
  /** The Databricks account ID, a Terraform variable as in seed 001 (never a literal in code). */
  readonly accountId: string;
}

/**
 * Declares both Databricks providers. Credentials come from the provider's usual environment
 * variables (DATABRICKS_CLIENT_ID/SECRET, DATABRICKS_TOKEN, or a CLI profile), never from config.
 */
export function databricksProviders(scope: Construct, config: AppConfig): DatabricksProviders {
  const accountId = new TerraformVariable(scope, "databricks_account_id", {
    type: "string",
    description:
      "Account ID. You can get your account ID in the bottom left corner of the account console. See https://accounts.cloud.databricks.com",
  });
  const workspace = new DatabricksProvider(scope, "databricks", { host: config.databricks.workspaceHost });
  const account = new DatabricksProvider(scope, "databricks-mws", {
    alias: "mws",
    host: config.databricks.accountHost,
    accountId: accountId.stringValue,
  });
  return { workspace, account, accountId: accountId.stringValue };
}

/** The seed's naming: `<prefix>-<suffix>`. */
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
