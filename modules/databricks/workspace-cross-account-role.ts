import { Construct } from "constructs";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DataDatabricksAwsAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-assume-role-policy";
import { DataDatabricksAwsCrossaccountPolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-crossaccount-policy";
import { MwsCredentials } from "@cdktf/provider-databricks/lib/mws-credentials";
import { AwsAccount } from "../account/aws-account-provider";
import { ArnPrincipal, IPrincipal, PolicyStatement } from "../iam/policy-statement";
import { passRoleStatement } from "../private/pass-role-statement";
import { IGrantee } from "../iam/role";
import { InlinePolicy } from "../private/inline-policy";
import {
  ValidationError,
  isUnresolved,
  validateAccountId,
  validatePolicyName,
  validateRegion,
  validateRoleName,
} from "../private/validation";
import { IamPropagationWait } from "./iam-propagation-wait";

/** The `policy_type` of `databricks_aws_crossaccount_policy`. */
export enum CrossAccountPolicyType {
  /** Databricks-managed VPC (the provider's default). */
  MANAGED = "managed",
  /** Customer-managed VPC. */
  CUSTOMER = "customer",
  /** Customer-managed VPC with actions restricted to one account, region, VPC and security group. */
  RESTRICTED = "restricted",
}

/** Props of {@link WorkspaceCrossAccountRole}. */
export interface WorkspaceCrossAccountRoleProps {
  /** The workspace AWS account (and provider). */
  readonly account: AwsAccount;
  /** The Databricks account ID: the trust policy's external ID (a Terraform variable, not a literal in code). */
  readonly databricksAccountId: string;
  /** The Databricks account-level provider (alias `mws`) that registers the credentials. */
  readonly mwsProvider: TerraformProvider;
  /** The role name (seed: `<prefix>-crossaccount-iam-role`). */
  readonly roleName: string;
  /** The managed policy name (seed: `<prefix>-crossaccount-iam-policy`). */
  readonly policyName: string;
  /** The `databricks_mws_credentials` name (seed: `<prefix>-creds`). */
  readonly credentialsName: string;
  /**
   * Data roles the workspace may pass to cluster nodes (the policy's `pass_roles`). More can be
   * added later with {@link WorkspaceCrossAccountRole.addPassRole} without touching this policy.
   * @default none
   */
  readonly passRoleArns?: string[];
  /**
   * Which Databricks cross-account policy to generate.
   * @default CrossAccountPolicyType.MANAGED
   */
  readonly policyType?: CrossAccountPolicyType;
  /**
   * `restricted` only: the account the policy is restricted to.
   * @default the workspace account
   */
  readonly restrictToAccountId?: string;
  /**
   * `restricted` only: the region the policy is restricted to.
   * @default the workspace account's region
   */
  readonly restrictToRegion?: string;
  /** `customer`/`restricted` only: the workspace VPC ID. @default none */
  readonly vpcId?: string;
  /** `customer`/`restricted` only: the workspace security group ID. @default none */
  readonly securityGroupId?: string;
  /**
   * Seconds to wait for IAM propagation before registering the credentials (see {@link IamPropagationWait}).
   * @default 30
   */
  readonly propagationWaitSeconds?: number;
  /**
   * Tags on the role and policy.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The workspace cross-account role of Databricks-on-AWS (seed 001): trust from
 * `databricks_aws_assume_role_policy` with the Databricks account ID as external ID, permissions
 * from `databricks_aws_crossaccount_policy`, the attachment, a propagation wait, and
 * `databricks_mws_credentials` on the account-level provider.
 */
export class WorkspaceCrossAccountRole extends Construct implements IGrantee {
  public readonly account: AwsAccount;
  public readonly role: IamRole;
  public readonly policy: IamPolicy;
  public readonly credentials: MwsCredentials;
  /** Attaches the generated cross-account policy (which passes `passRoleArns`) to the role. */
  public readonly policyAttachment: IamRolePolicyAttachment;
  public readonly grantPrincipal: IPrincipal;
  private readonly grantsPolicy: InlinePolicy;

  constructor(scope: Construct, id: string, props: WorkspaceCrossAccountRoleProps) {
    super(scope, id);
    validateRoleName("WorkspaceCrossAccountRole.roleName", props.roleName);
    validatePolicyName("WorkspaceCrossAccountRole.policyName", props.policyName);
    validateAccountId("WorkspaceCrossAccountRole.restrictToAccountId", props.restrictToAccountId);
    validateRegion("WorkspaceCrossAccountRole.restrictToRegion", props.restrictToRegion);
    if (!isUnresolved(props.databricksAccountId) && !/^[0-9a-f-]{36}$/.test(props.databricksAccountId)) {
      throw new ValidationError("WorkspaceCrossAccountRole.databricksAccountId", props.databricksAccountId, "must be a Databricks account ID (a UUID)");
    }
    const policyType = props.policyType ?? CrossAccountPolicyType.MANAGED;
    const restricted = policyType === CrossAccountPolicyType.RESTRICTED;
    if (policyType === CrossAccountPolicyType.MANAGED && (props.vpcId !== undefined || props.securityGroupId !== undefined)) {
      throw new ValidationError("WorkspaceCrossAccountRole.vpcId", props.vpcId ?? props.securityGroupId, "is only used with policyType customer or restricted");
    }
    if (restricted && (props.vpcId === undefined || props.securityGroupId === undefined)) {
      throw new ValidationError("WorkspaceCrossAccountRole.vpcId", props.vpcId, "and securityGroupId are required with policyType restricted");
    }
    if (props.account.partition === "aws-cn") {
      // databricks_aws_*_policy render `aws` or `aws-us-gov` ARNs only; Databricks does not run in China.
      throw new ValidationError("WorkspaceCrossAccountRole.account.region", props.account.region, "must be in the aws or aws-us-gov partition (Databricks on AWS is not available in aws-cn)");
    }
    this.account = props.account;
    const aws = props.account.provider;

    const trust = new DataDatabricksAwsAssumeRolePolicy(this, "assume-role-policy", {
      provider: props.mwsProvider,
      externalId: props.databricksAccountId,
      awsPartition: props.account.partition,
    });
    const permissions = new DataDatabricksAwsCrossaccountPolicy(this, "crossaccount-policy", {
      provider: props.mwsProvider,
      awsPartition: props.account.partition,
      passRoles: props.passRoleArns && props.passRoleArns.length > 0 ? props.passRoleArns : undefined,
      policyType,
      awsAccountId: restricted ? props.restrictToAccountId ?? props.account.accountId : undefined,
      region: restricted ? props.restrictToRegion ?? props.account.region : undefined,
      vpcId: props.vpcId,
      securityGroupId: props.securityGroupId,
    });
    this.policy = new IamPolicy(this, "policy", { provider: aws, name: props.policyName, policy: permissions.json, tags: props.tags });
    this.role = new IamRole(this, "role", {
      provider: aws,
      name: props.roleName,
      assumeRolePolicy: trust.json,
      description: "Grants Databricks full access to VPC resources",
      tags: props.tags,
    });
    this.policyAttachment = new IamRolePolicyAttachment(this, "policy-attachment", {
      provider: aws,
      role: this.role.name,
      policyArn: this.policy.arn,
    });
    this.grantPrincipal = new ArnPrincipal(this.role.arn, props.account.accountId);
    this.grantsPolicy = new InlinePolicy(this, "grants-policy", `${props.roleName}-grants`, props.account, () => this.role.name);

    const wait = new IamPropagationWait(this, "iam-propagation", {
      after: [this.role, this.policyAttachment],
      seconds: props.propagationWaitSeconds,
    });
    this.credentials = new MwsCredentials(this, "credentials", {
      provider: props.mwsProvider,
      credentialsName: props.credentialsName,
      roleArn: this.role.arn,
      dependsOn: wait.dependables,
    });
  }

  public get roleArn(): string {
    return this.role.arn;
  }

  /** The Databricks credentials ID for `databricks_mws_workspaces`. */
  public get credentialsId(): string {
    return this.credentials.credentialsId;
  }

  /**
   * Lets Databricks pass `roleArn` to cluster nodes (seed 000/001: `iam:PassRole` on exactly that
   * role, and only to EC2), in an inline policy of its own so the generated cross-account policy
   * stays as it is.
   */
  public addPassRole(roleArn: string): void {
    this.grantsPolicy.add(passRoleStatement(roleArn));
  }

  /** Adds a statement to the role's own inline policy (`<roleName>-grants`), next to the generated one. */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.grantsPolicy.add(statement);
  }

  /** The generated policy's attachment and, once something was granted, the inline policy. */
  public get principalPolicyDependables(): ITerraformDependable[] {
    return [this.policyAttachment, ...(this.grantsPolicy.resource ? [this.grantsPolicy.resource] : [])];
  }
}
