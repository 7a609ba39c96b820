/** The shapes of the IAM model (see ../iam-model.ts). */
import type { PolicyJson, StatementJson } from "../../../modules/private/terraform-json/policy-document";

export type { PolicyJson, StatementJson };

/** A policy document of the model and what is known about it. */
export interface RenderedPolicy {
  /** Where it comes from: `<stack>/<terraform address>` (e.g. `app/data.aws_iam_policy_document.x`). */
  readonly source: string;
  /** The statements known before apply. */
  readonly document: PolicyJson;
  /**
   * Documents merged into this one whose content is computed only at plan/apply time, as Terraform
   * addresses (e.g. `data.databricks_aws_bucket_policy.ds`). Their statements are NOT in
   * `document`: a decision that depends on this policy holds for its known statements only.
   */
  readonly unknownSourceDocuments: readonly string[];
  /**
   * Source documents the caller supplied a stand-in for (see {@link ModelOptions.assumedDocuments}):
   * the statements are in `document`, but they are the caller's assumption, not Terraform's output.
   */
  readonly assumedSourceDocuments: readonly string[];
  /** Terraform expressions that could not be resolved; they appear as `unresolved-<expression>` placeholders. */
  readonly unresolvedReferences: readonly string[];
}

/** A named identity policy attached to a role. */
export interface AttachedPolicy {
  /** `inline:<name>` or `managed:<arn>`. */
  readonly name: string;
  readonly policy: RenderedPolicy;
}

/** An AWS provider block: which account and region its resources land in. */
export interface ProviderAccount {
  /** The stack that declares it. */
  readonly stack: string;
  /** `aws` or `aws.<alias>`. */
  readonly key: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

/** A Terraform resource or data source of the model, with its account and (when computable) ARN. */
export interface ResourceModel {
  readonly stack: string;
  /** `<type>.<logical id>` or `data.<type>.<logical id>`. */
  readonly address: string;
  readonly type: string;
  readonly logicalId: string;
  readonly isData: boolean;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** The ARN, when it can be computed before apply (possibly with synthetic parts, see `syntheticValues`). */
  readonly arn?: string;
  /** The name attribute (`name`, `bucket`, `function_name`...), when known. */
  readonly name?: string;
  /** The block as synthesized (unresolved). */
  readonly config: Readonly<Record<string, any>>;
}

/** An IAM role: created by a stack, or only referenced (inline policies added to an existing role). */
export interface RoleModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly partition: string;
  /** The stack and address of the `aws_iam_role`, or undefined for a role no stack creates. */
  readonly source?: string;
  /** The trust policy; undefined when no stack in the model creates the role (then it is unknown). */
  readonly trustPolicy?: RenderedPolicy;
  /** Inline policies (`aws_iam_role_policy` and the role's own `inline_policy` blocks). */
  readonly inlinePolicies: AttachedPolicy[];
  /** Managed policies attached and known (created in a stack, or supplied in {@link ModelOptions.managedPolicies}). */
  readonly managedPolicies: AttachedPolicy[];
  /** Managed policy ARNs attached whose documents the model does not know. */
  readonly unknownManagedPolicyArns: string[];
  /** The permissions boundary ARN, if any. */
  readonly permissionsBoundaryArn?: string;
}

/** A customer-managed policy (`aws_iam_policy`). */
export interface ManagedPolicyModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly policy: RenderedPolicy;
}

/** A resource-based policy (bucket policy, key policy, stream policy, Lambda permissions...). */
export interface ResourcePolicyModel {
  /** The ARN of the resource the policy is attached to. */
  readonly resourceArn: string;
  readonly accountId: string;
  /** The policies found for this resource (usually one; Lambda permissions add one each). */
  readonly policies: RenderedPolicy[];
  /** All statements of `policies`, as the one document the simulator evaluates. */
  readonly document: PolicyJson;
}

/** An instance profile and the role it carries. */
export interface InstanceProfileModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  /** The role's ARN (undefined if the role name could not be resolved). */
  readonly roleArn?: string;
}

/** A value the harness made up because AWS assigns it only at apply. */
export interface SyntheticValue {
  readonly source: string;
  readonly value: string;
  readonly note: string;
}

/** The IAM model of one or more stacks. */
export interface IamModel {
  readonly stacks: readonly string[];
  readonly providers: readonly ProviderAccount[];
  /** Every resource and data source, in stack order. */
  readonly resources: readonly ResourceModel[];
  /** Roles by ARN. */
  readonly roles: ReadonlyMap<string, RoleModel>;
  /** Customer-managed policies by ARN. */
  readonly managedPolicies: ReadonlyMap<string, ManagedPolicyModel>;
  /** Resource policies by resource ARN (S3 bucket ARN, KMS key ARN, stream ARN, function ARN...). */
  readonly resourcePolicies: ReadonlyMap<string, ResourcePolicyModel>;
  /** Instance profiles by ARN. */
  readonly instanceProfiles: ReadonlyMap<string, InstanceProfileModel>;
  /** Every rendered `aws_iam_policy_document`, by source (`<stack>/data.aws_iam_policy_document.<id>`). */
  readonly documents: ReadonlyMap<string, RenderedPolicy>;
  /** Every unknown source document anywhere in the model (Terraform addresses, prefixed by stack). */
  readonly unknownDocuments: readonly string[];
  /** Values made up for identifiers assigned at apply. */
  readonly syntheticValues: readonly SyntheticValue[];
  /** Things that look wrong but did not stop the model (two bucket policies on one bucket...). */
  readonly warnings: readonly string[];
  /** AWS-managed policy documents the caller supplied, keyed as supplied (ARN or policy name). */
  readonly knownAwsManagedPolicies: ReadonlyMap<string, PolicyJson>;
  /**
   * Resolves a value of a stack the way the model does (`${...}` references, placeholders for the
   * rest), e.g. a data source argument: `model.resolve(block.config.pass_roles[0])`.
   * @param stack the stack the value comes from (default: the first)
   */
  readonly resolve: (value: string, stack?: string) => string;
}

/** A stand-in for a document computed at apply, built from the data source's (resolved) arguments. */
export type AssumedDocument = (args: {
  /** The data source's address, e.g. `data.databricks_aws_crossaccount_policy.this`. */
  readonly address: string;
  /** Resolves a string of the data source's config (`${...}` references included). */
  readonly resolve: (value: string) => string;
  /** The data source block as synthesized. */
  readonly config: Readonly<Record<string, any>>;
}) => PolicyJson;

/** Options of {@link modelFromStack} / {@link modelFromStacks}. */
export interface ModelOptions {
  /**
   * Documents of AWS-managed policies attached by ARN, keyed by full ARN or by policy name
   * (e.g. `AWSLambdaKinesisExecutionRole`). Attachments not found here are listed in
   * {@link RoleModel.unknownManagedPolicyArns}.
   * @default none
   */
  readonly managedPolicies?: Readonly<Record<string, PolicyJson>>;
  /**
   * Stand-ins for documents computed at apply, keyed by data source type (e.g.
   * `databricks_aws_crossaccount_policy`). Use only with a documented source for the content: the
   * stand-in is recorded in {@link RenderedPolicy.assumedSourceDocuments}.
   * @default none: such documents stay unknown
   */
  readonly assumedDocuments?: Readonly<Record<string, AssumedDocument>>;
  /**
   * Values of Terraform variables (as `-var` would set them), e.g. `{ databricks_account_id: "..." }`.
   * @default each variable's `default`, else unresolved
   */
  readonly variables?: Readonly<Record<string, string>>;
}

/** One stack's synthesized JSON: a JSON string, a parsed object, or a path to `cdk.tf.json`. */
export type SynthesizedStack = string | Record<string, any> | { readonly name: string; readonly json: string | Record<string, any> };
