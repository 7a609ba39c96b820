import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { DataDatabricksAwsUnityCatalogAssumeRolePolicy } from "@cdktf/provider-databricks/lib/data-databricks-aws-unity-catalog-assume-role-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { Grant, grant, grantOnPrincipal } from "../iam/grant";
import { IGrantable } from "../iam/policy-statement";
import { Role } from "../iam/role";
import { IDataBucket } from "../s3/data-bucket";
import { ValidationError, validateRoleName } from "../private/validation";

/**
 * Actions Unity Catalog needs to set up managed file events on an external location: bucket
 * notifications on the bucket, and the SNS topics / SQS queues it creates itself, all named `csms-*`
 * (terraform-provider-databricks v1.99.0 aws/data_aws_unity_catalog_policy.go,
 * `ManagedFileEventsSetupStatement`).
 */
export const FILE_EVENTS_BUCKET_ACTIONS = ["s3:GetBucketNotification", "s3:PutBucketNotification"] as const;
/** SNS/SQS actions of `ManagedFileEventsSetupStatement`, on the `csms-*` topics and queues. */
export const FILE_EVENTS_QUEUE_ACTIONS = [
  "sns:ListSubscriptionsByTopic",
  "sns:GetTopicAttributes",
  "sns:SetTopicAttributes",
  "sns:CreateTopic",
  "sns:TagResource",
  "sns:Publish",
  "sns:Subscribe",
  "sqs:CreateQueue",
  "sqs:DeleteMessage",
  "sqs:ReceiveMessage",
  "sqs:SendMessage",
  "sqs:GetQueueUrl",
  "sqs:GetQueueAttributes",
  "sqs:SetQueueAttributes",
  "sqs:TagQueue",
  "sqs:ChangeMessageVisibility",
  "sqs:PurgeQueue",
] as const;
/**
 * The list actions of `ManagedFileEventsListStatement`. They have no resource type (AWS Service Authorization
 * Reference, list_amazonsqs.html and list_amazonsns.html), so IAM matches them only on `Resource: "*"`: the
 * provider's policy scopes them to `csms-*` and so grants nothing; they are granted on `*` here.
 */
export const FILE_EVENTS_LIST_ACTIONS = ["sqs:ListQueues", "sns:ListTopics"] as const;
/** The rest of `ManagedFileEventsListStatement` and `ManagedFileEventsTeardownStatement`, on the `csms-*` topics and queues. */
export const FILE_EVENTS_TEARDOWN_ACTIONS = ["sqs:ListQueueTags", "sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"] as const;

/** Props of {@link UnityCatalogRole}. */
export interface UnityCatalogRoleProps {
  /** The account the role is created in: the account of the buckets or streams it reaches. */
  readonly account: AwsAccount;
  /** The role name (1-64 characters). */
  readonly roleName: string;
  /**
   * The external ID Unity Catalog presents: the credential's computed
   * `aws_iam_role[0].external_id` (the Databricks account ID when an account admin creates it, a
   * random ID otherwise).
   */
  readonly externalId: string;
  /**
   * The Databricks provider that evaluates `databricks_aws_unity_catalog_assume_role_policy` (it makes no API call).
   * @default the stack's default Databricks provider
   */
  readonly databricksProvider?: TerraformProvider;
  /**
   * Databricks' Unity Catalog role the trust names.
   * @default the provider's default for the partition (`arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL` in `aws`)
   */
  readonly unityCatalogIamArn?: string;
  /**
   * A description of what the role is for.
   * @default "Unity Catalog credential role"
   */
  readonly description?: string;
  /**
   * Tags on the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An IAM role Unity Catalog assumes for a storage or service credential. Its trust is
 * `databricks_aws_unity_catalog_assume_role_policy` (aws/data_aws_unity_catalog_assume_role_policy.go):
 * Databricks' Unity Catalog role with the credential's external ID, and the role itself
 * (self-assumption, required for credentials since 2023). The self-trust names the account root with
 * an `aws:PrincipalArn` condition rather than the role's ARN, so IAM accepts it before the role
 * exists; the identity side of the self-assumption is a grant of `sts:AssumeRole` on itself, as
 * `databricks_aws_unity_catalog_policy` has. All other permissions come from the resources' grants
 * (`bucket.grantRead(role)`, `stream.grantRead(role)`).
 */
export class UnityCatalogRole extends Construct implements IGrantable {
  /**
   * The ARN a role named `roleName` has in `account`, known before either exists: the credential
   * must name it before the role is created, since the role's trust needs the credential's external ID.
   */
  public static arnOf(account: AwsAccount, roleName: string): string {
    return `arn:${account.partition}:iam::${account.accountId}:role/${roleName}`;
  }

  /** The role. */
  public readonly role: Role;
  /** The trust document the provider computes. */
  public readonly assumeRolePolicy: DataDatabricksAwsUnityCatalogAssumeRolePolicy;
  /** The grant that lets the role assume itself (identity side). */
  public readonly selfAssumeGrant: Grant;

  constructor(scope: Construct, id: string, props: UnityCatalogRoleProps) {
    super(scope, id);
    validateRoleName("UnityCatalogRole.roleName", props.roleName);
    // The data source knows the partitions aws, aws-us-gov and aws-us-gov-dod (aws/constants.go AwsPartitions);
    // for DoD, pass that partition's unityCatalogIamArn. Other partitions fail at plan.
    if (!["aws", "aws-us-gov"].includes(props.account.partition)) {
      throw new ValidationError("UnityCatalogRole.account", props.account.partition, "must be in partition aws or aws-us-gov (Databricks' Unity Catalog role exists only there)");
    }
    this.assumeRolePolicy = new DataDatabricksAwsUnityCatalogAssumeRolePolicy(this, "assume-role-policy", {
      provider: props.databricksProvider,
      awsAccountId: props.account.accountId,
      awsPartition: props.account.partition,
      roleName: props.roleName,
      externalId: props.externalId,
      unityCatalogIamArn: props.unityCatalogIamArn,
    });
    this.role = new Role(this, "role", {
      account: props.account,
      roleName: props.roleName,
      description: props.description ?? "Unity Catalog credential role",
      assumedBy: [],
      trustPolicyDocuments: [this.assumeRolePolicy.json],
      tags: props.tags,
    });
    // The trust names the account root (with a PrincipalArn condition), so the identity side must allow it too.
    this.selfAssumeGrant = grantOnPrincipal({ grantee: this.role, actions: ["sts:AssumeRole"], resourceArns: [UnityCatalogRole.arnOf(props.account, props.roleName)] });
  }

  /**
   * Lets Unity Catalog set up managed file events for locations on `bucket`: bucket notifications
   * on the bucket, and the `csms-*` SNS topics and SQS queues it creates in this role's account.
   */
  public grantFileEvents(bucket: IDataBucket): Grant[] {
    const partition = this.role.account.partition;
    const accountId = this.role.account.accountId;
    const queues = [`arn:${partition}:sqs:*:${accountId}:csms-*`, `arn:${partition}:sns:*:${accountId}:csms-*`];
    return [
      grant({ grantee: this.role, actions: FILE_EVENTS_BUCKET_ACTIONS, resourceArns: [bucket.bucketArn], resource: bucket }),
      // Topics and queues Databricks creates in the role's own account: the identity policy suffices.
      grantOnPrincipal({ grantee: this.role, actions: FILE_EVENTS_QUEUE_ACTIONS, resourceArns: queues }),
      grantOnPrincipal({ grantee: this.role, actions: FILE_EVENTS_TEARDOWN_ACTIONS, resourceArns: queues }),
      grantOnPrincipal({ grantee: this.role, actions: FILE_EVENTS_LIST_ACTIONS, resourceArns: ["*"] }),
    ];
  }

  /** The role ARN (a reference). */
  public get roleArn(): string {
    return this.role.roleArn;
  }

  /** The role's account. */
  public get account(): AwsAccount {
    return this.role.account;
  }

  /** The role: grants to this construct go to it. */
  public get grantPrincipal(): Role {
    return this.role;
  }
}
