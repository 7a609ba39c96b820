import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsAccount } from "../account/aws-account-provider";
import { ValidationError, validateExternalId, validateIntegerRange, validateRoleName } from "../private/validation";
import { PolicyDocument } from "./policy-document";
import { InlinePolicy } from "../private/inline-policy";
import { Condition, IPrincipal, PolicyStatement } from "./policy-statement";
import { RolePrincipal } from "../private/role-principal";

/** Props of {@link Role}. */
export interface RoleProps {
  /** The account (and provider) the role is created in. */
  readonly account: AwsAccount;
  /** The role name (1-64 characters). */
  readonly roleName: string;
  /**
   * Who may assume the role. Name roles, not account roots, wherever the other side is known.
   * May be empty when `trustPolicyDocuments` say who.
   */
  readonly assumedBy: IPrincipal[];
  /**
   * Trust policy JSON documents merged under the `assumedBy` statement (e.g. a
   * `databricks_aws_assume_role_policy`), through `aws_iam_policy_document.source_policy_documents`.
   * @default none
   */
  readonly trustPolicyDocuments?: string[];
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
 * An IAM role with a typed trust policy and an identity policy that grants add to. It is its own
 * grant principal (AWS CDK's `Role.grantPrincipal = this`).
 */
export class Role extends RolePrincipal {
  public readonly account: AwsAccount;
  /** The underlying `aws_iam_role`. */
  public readonly resource: IamRole;
  /** The trust policy document. */
  public readonly trustPolicy: PolicyDocument;
  /** The role ARN (a reference, so dependents wait for the role); one token, so it can be compared. */
  public readonly roleArn: string;
  protected readonly inlinePolicy: InlinePolicy;
  private readonly attachments: IamRolePolicyAttachment[] = [];

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id);
    validateRoleName("Role.roleName", props.roleName);
    validateExternalId("Role.externalId", props.externalId);
    validateIntegerRange("Role.maxSessionDurationSeconds", props.maxSessionDurationSeconds, 3600, 43200);
    const trustDocuments = props.trustPolicyDocuments ?? [];
    if (props.assumedBy.length === 0 && trustDocuments.length === 0) {
      throw new ValidationError("Role.assumedBy", [], "must name at least one principal (or set trustPolicyDocuments)");
    }
    this.account = props.account;
    const trust: PolicyStatement[] = [];
    if (props.assumedBy.length > 0) {
      trust.push(new PolicyStatement({ actions: props.trustActions ?? ["sts:AssumeRole"], principals: props.assumedBy, conditions: props.trustConditions }));
      if (props.externalId !== undefined) trust[0].addCondition("StringEquals", "sts:ExternalId", [props.externalId]);
    }
    this.trustPolicy = new PolicyDocument(this, "trust-policy", {
      provider: props.account.provider,
      statements: trust,
      sourcePolicyDocuments: trustDocuments,
    });
    this.resource = new IamRole(this, "role", {
      provider: props.account.provider,
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: this.trustPolicy.json,
      maxSessionDuration: props.maxSessionDurationSeconds,
      tags: props.tags,
    });
    this.roleArn = this.resource.arn;
    this.inlinePolicy = new InlinePolicy(this, this.inlinePolicyId, props.inlinePolicyName ?? `${props.roleName}-grants`, props.account, () => this.resource.name);
  }

  /**
   * Construct ID of the inline policy grants are written to; a subclass may keep the ID its resources had
   * before it was built on Role, so their Terraform addresses stay.
   */
  protected get inlinePolicyId(): string {
    return "default-policy";
  }


  /** The role name (a reference). */
  public get roleName(): string {
    return this.resource.name;
  }

  /** Statements of the role's identity policy added so far. */
  public get principalPolicyStatements(): readonly PolicyStatement[] {
    return this.inlinePolicy.statements;
  }

  /**
   * The identity policy as applied (a reference to `aws_iam_role_policy.policy`), once a grant added a
   * statement: it changes whenever a later grant adds one, so a wait can be keyed on it.
   */
  public get principalPolicyJson(): string | undefined {
    return this.inlinePolicy.resource?.policy;
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
