import { Construct } from "constructs";
import { AppConfig } from "../config/app-config";
import { AwsAccount } from "../modules/aws-account";
import { ExistingRole } from "../modules/iam/role";
import { prefixed } from "./common";

/**
 * The workspace cross-account role, created by the data-access stack (`<prefix>-crossaccount-iam-role`,
 * see DataAccessStack) and referenced here by name: the cross-account stacks add one inline policy of
 * their own to it (iam:PassRole on their EC2 role) and leave its other policies alone.
 */
export function existingWorkspaceRole(scope: Construct, config: AppConfig, account: AwsAccount, inlinePolicySuffix: string): ExistingRole {
  return new ExistingRole(scope, "workspace-role", {
    account,
    roleArn: roleArnOf(account, prefixed(config, "crossaccount-iam-role")),
    inlinePolicyName: prefixed(config, inlinePolicySuffix),
  });
}

/** The ARN a role named `roleName` (path `/`) has in `account`, known before apply. */
export function roleArnOf(account: AwsAccount, roleName: string): string {
  return `arn:${account.partition}:iam::${account.accountId}:role/${roleName}`;
}
