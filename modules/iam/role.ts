import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsAccount } from "../account/aws-account-provider";
import {
  ValidationError,
  accountOfArn,
  isUnresolved,
  validateExternalId,
  validateIntegerRange,
  validateRoleArn,
  validateRoleName,
} from "../private/validation";
import { PolicyDocument } from "./policy-document";
import { InlinePolicy } from "../private/inline-policy";
import { ArnPrincipal, Condition, IPrincipal, PolicyStatement } from "./policy-statement";

/**
 * Something permissions can be granted to: a principal with an identity policy in a known account.
 * Grants add to its identity policy and, when the resource lives in another account, to the
 * resource's policy too (see {@link grant}).
 */
export interface IGrantee {
  /** The principal to name in resource policies. */
  readonly grantPrincipal: IPrincipal;
  /** The account the principal lives in. */
  readonly account: AwsAccount;
  /** Adds a statement to the principal's identity policy. */
  addToPrincipalPolicy(statement: PolicyStatement): void;
  /**
   * The resources that carry the principal's identity policy, for what must wait until a grant has
   * propagated (Databricks validating an instance profile, Lambda creating an event source mapping).
   */
  readonly principalPolicyDependables: ITerraformDependable[];
}

/** Props of {@link Role}. */
export interface RoleProps {
  /** The account (and provider) the role is created in. */
  readonly account: AwsAccount;
  /** The role name (1-64 characters). */
  readonly roleName: string;
  /**
   * Who may assume the role. Name roles, not account roots, wherever the other side is known. May be
   * empty when `trustPolicySourceDocuments` says who may assume it.
   */
  readonly assumedBy: IPrincipal[];
  /**
   * Trust policy JSON documents computed elsewhere and merged under the `assumedBy` statement, e.g.
   * `databricks_aws_unity_catalog_assume_role_policy.json`.
   * @default none
   */
  readonly trustPolicySourceDocuments?: string[];
  /**
   * The actions the trust policy allows.
   * @default ["sts:AssumeRole"]
   */
  readonly trustActions?: string[];
  /**
   * An external ID the caller must present (`sts:ExternalId` condition on the trust policy).
   * @default none
   */
  readonly externalId?: string;
  /**
   * More conditions on the trust statement.
   * @default none
   */
  readonly trustConditions?: Condition[];
  /**
   * A description of what the role is for.
   * @default none
   */
  readonly description?: string;
  /**
   * Maximum session duration in seconds (3600-43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Tags on the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
  /**
   * Name of the inline policy grants are written to.
   * @default "<roleName>-grants"
   */
  readonly inlinePolicyName?: string;
}

/**
 * An IAM role with a typed trust policy and an identity policy that grants add to.
 */
export class Role extends Construct implements IGrantee {
  public readonly account: AwsAccount;
  /** The underlying `aws_iam_role`. */
  public readonly resource: IamRole;
  /** The trust policy document. */
  public readonly trustPolicy: PolicyDocument;
  public readonly grantPrincipal: IPrincipal;
  private readonly inlinePolicy: InlinePolicy;
  private readonly attachments: IamRolePolicyAttachment[] = [];

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    validateRoleName("Role.roleName", props.roleName);
    validateExternalId("Role.externalId", props.externalId);
    validateIntegerRange("Role.maxSessionDurationSeconds", props.maxSessionDurationSeconds, 3600, 43200);
    const trustSources = props.trustPolicySourceDocuments ?? [];
    if (props.assumedBy.length === 0 && trustSources.length === 0) {
      throw new ValidationError("Role.assumedBy", [], "must name at least one principal (or set trustPolicySourceDocuments)");
    }
    this.account = props.account;
    const statements: PolicyStatement[] = [];
    if (props.assumedBy.length > 0) {
      const trust = new PolicyStatement({
        actions: props.trustActions ?? ["sts:AssumeRole"],
        principals: props.assumedBy,
        conditions: props.trustConditions,
      });
      if (props.externalId !== undefined) trust.addCondition("StringEquals", "sts:ExternalId", [props.externalId]);
      statements.push(trust);
    }
    this.trustPolicy = new PolicyDocument(this, "trust-policy", {
      provider: props.account.provider,
      statements,
      sourcePolicyDocuments: trustSources,
    });
    this.resource = new IamRole(this, "role", {
      provider: props.account.provider,
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: this.trustPolicy.json,
      maxSessionDuration: props.maxSessionDurationSeconds,
      tags: props.tags,
    });
    this.grantPrincipal = new ArnPrincipal(this.resource.arn, props.account.accountId);
    this.inlinePolicy = new InlinePolicy(this, "default-policy", props.inlinePolicyName ?? `${props.roleName}-grants`, props.account, () => this.resource.name);
  }

  /** The role ARN (a reference, so dependents wait for the role). */
  public get roleArn(): string {
    return this.resource.arn;
  }

  /** The role name (a reference). */
  public get roleName(): string {
    return this.resource.name;
  }

  /** Statements of the role's identity policy added so far. */
  public get principalPolicyStatements(): readonly PolicyStatement[] {
    return this.inlinePolicy.statements;
  }

  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.inlinePolicy.add(statement);
  }

  public get principalPolicyDependables(): ITerraformDependable[] {
    return [...(this.inlinePolicy.resource ? [this.inlinePolicy.resource] : []), ...this.attachments];
  }

  /** Attaches a managed policy by ARN. */
  public attachManagedPolicy(id: string, policyArn: string): IamRolePolicyAttachment {
    const attachment = new IamRolePolicyAttachment(this, id, { provider: this.account.provider, role: this.resource.name, policyArn });
    this.attachments.push(attachment);
    return attachment;
  }
}

/** Props of {@link ExistingRole}. */
export interface ExistingRoleProps {
  /** The account the role lives in; its provider writes the inline policy. */
  readonly account: AwsAccount;
  /** The role's ARN. */
  readonly roleArn: string;
  /**
   * The role's name, when `roleArn` is a token.
   * @default the last path element of `roleArn`
   */
  readonly roleName?: string;
  /** Name of the inline policy grants are written to; it leaves the role's other policies alone. */
  readonly inlinePolicyName: string;
}

/**
 * A role this stack does not create. Grants add one inline policy (`aws_iam_role_policy`) to it and
 * leave its other policies untouched.
 */
export class ExistingRole extends Construct implements IGrantee {
  public readonly account: AwsAccount;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly grantPrincipal: IPrincipal;
  private readonly inlinePolicy: InlinePolicy;

  constructor(scope: Construct, id: string, props: ExistingRoleProps) {
    super(scope, id);
    validateRoleArn("ExistingRole.roleArn", props.roleArn);
    const arnAccount = accountOfArn(props.roleArn);
    if (arnAccount !== undefined && arnAccount !== props.account.accountId) {
      throw new ValidationError("ExistingRole.roleArn", props.roleArn, `must be a role in account ${props.account.accountId}`);
    }
    if (props.roleName === undefined && isUnresolved(props.roleArn)) {
      throw new ValidationError("ExistingRole.roleName", props.roleName, "must be set when roleArn is a token");
    }
    this.account = props.account;
    this.roleArn = props.roleArn;
    this.roleName = props.roleName ?? props.roleArn.split("/").pop()!;
    validateRoleName("ExistingRole.roleName", this.roleName);
    this.grantPrincipal = new ArnPrincipal(props.roleArn, props.account.accountId);
    this.inlinePolicy = new InlinePolicy(this, "default-policy", props.inlinePolicyName, props.account, () => this.roleName);
  }

  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.inlinePolicy.add(statement);
  }

  public get principalPolicyDependables(): ITerraformDependable[] {
    return this.inlinePolicy.resource ? [this.inlinePolicy.resource] : [];
  }
}
