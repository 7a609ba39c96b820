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
