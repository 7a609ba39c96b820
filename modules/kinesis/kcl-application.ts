import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { AwsAccount } from "../account/aws-account-provider";
import { grantOnPrincipal } from "../iam/grant";
import { IGrantable, PolicyStatement } from "../iam/policy-statement";
import { ValidationError, isUnresolved, validateKclApplicationName } from "../private/validation";

/**
 * DynamoDB actions a KCL worker needs on the lease table (KCL docs, "IAM permissions required for KCL
 * consumer applications"; UpdateTable is KCL 3.x's, to add the lease-owner index).
 */
export const KCL_LEASE_TABLE_ACTIONS = [
  "dynamodb:CreateTable",
  "dynamodb:DescribeTable",
  "dynamodb:UpdateTable",
  "dynamodb:Scan",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
] as const;

/** DynamoDB actions on the worker-metrics and coordinator-state tables KCL 3.x adds. */
export const KCL_METADATA_TABLE_ACTIONS = [
  "dynamodb:CreateTable",
  "dynamodb:DescribeTable",
  "dynamodb:Scan",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
] as const;

/** DynamoDB actions on the lease table's global secondary index (KCL 3.x lease discovery). */
export const KCL_LEASE_INDEX_ACTIONS = ["dynamodb:Query"] as const;

/** CloudWatch actions of a KCL worker (metrics in the application's namespace). */
export const KCL_METRICS_ACTIONS = ["cloudwatch:PutMetricData"] as const;

/** Suffixes KCL 3.x appends to the application name for its other metadata tables. */
export const KCL_COORDINATOR_STATE_SUFFIX = "-CoordinatorState";
export const KCL_WORKER_METRICS_SUFFIX = "-WorkerMetricStats";
/** The global secondary index KCL 3.x puts on the lease table. */
export const KCL_LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

/** Props of {@link KclApplication}. */
export interface KclApplicationProps {
  /** The account (and provider) the application's DynamoDB tables and metrics live in: the workers' account. */
  readonly account: AwsAccount;
  /** The KCL application name (`applicationName`): the lease table's name and, by default, the metrics namespace. */
  readonly applicationName: string;
  /**
   * The CloudWatch namespace the workers publish metrics to (KCL's `ConfigsBuilder` defaults it to the
   * application name).
   * @default applicationName
   */
  readonly metricsNamespace?: string;
  /**
   * Create the lease table here (PAY_PER_REQUEST, key `leaseKey`, KCL 3.x's lease-owner index,
   * encrypted, point-in-time recovery, deletion protection) instead of letting the first worker create
   * it. The other two KCL 3.x tables are still created by KCL.
   * @default false (KCL creates it on first start, as in the KCL cross-account post of the AWS Architecture Blog)
   */
  readonly createLeaseTable?: boolean;
  /**
   * Deletion protection on a lease table created here.
   * @default true
   */
  readonly leaseTableDeletionProtection?: boolean;
  /**
   * Tags on a lease table created here.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The DynamoDB and CloudWatch footprint of one KCL application in its workers' account: the lease
 * table `<app>`, KCL 3.x's `<app>-CoordinatorState` and `<app>-WorkerMetricStats` tables and the
 * lease table's indexes, and metrics in the application's namespace. {@link grantWorker} gives a
 * worker identity exactly that; the lease table itself can be created here.
 */
export class KclApplication extends Construct {
  public readonly account: AwsAccount;
  public readonly applicationName: string;
  public readonly metricsNamespace: string;
  /** The lease table, when created here. */
  public readonly leaseTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: KclApplicationProps) {
    super(scope, id);
    validateKclApplicationName("KclApplication.applicationName", props.applicationName);
    if (props.metricsNamespace !== undefined && !isUnresolved(props.metricsNamespace) && !/^[^:$]{1,255}$/.test(props.metricsNamespace)) {
      throw new ValidationError("KclApplication.metricsNamespace", props.metricsNamespace, "must be 1-255 characters without ':' or '$'");
    }
    this.account = props.account;
    this.applicationName = props.applicationName;
    this.metricsNamespace = props.metricsNamespace ?? props.applicationName;
    if (props.createLeaseTable ?? false) {
      this.leaseTable = new DynamodbTable(this, "lease-table", {
        provider: props.account.provider,
        name: props.applicationName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "leaseKey",
        attribute: [
          { name: "leaseKey", type: "S" },
          { name: "leaseOwner", type: "S" },
        ],
        // KCL 3.x adds this index itself when it is missing; declaring it keeps Terraform from seeing drift.
        globalSecondaryIndex: [{ name: KCL_LEASE_OWNER_INDEX, hashKey: "leaseOwner", rangeKey: "leaseKey", projectionType: "KEYS_ONLY" }],
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: props.leaseTableDeletionProtection ?? true,
        tags: props.tags,
      });
    }
  }

  private tableArn(name: string): string {
    return `arn:${this.account.partition}:dynamodb:${this.account.region}:${this.account.accountId}:table/${name}`;
  }

  /** The lease table ARN, `…:table/<app>`. */
  public get leaseTableArn(): string {
    return this.tableArn(this.applicationName);
  }

  /** The ARNs of the lease table's indexes, `…:table/<app>/index/*`. */
  public get leaseTableIndexArns(): string {
    return `${this.leaseTableArn}/index/*`;
  }

  /** The coordinator-state table ARN (KCL 3.x), `…:table/<app>-CoordinatorState`. */
  public get coordinatorStateTableArn(): string {
    return this.tableArn(`${this.applicationName}${KCL_COORDINATOR_STATE_SUFFIX}`);
  }

  /** The worker-metrics table ARN (KCL 3.x), `…:table/<app>-WorkerMetricStats`. */
  public get workerMetricsTableArn(): string {
    return this.tableArn(`${this.applicationName}${KCL_WORKER_METRICS_SUFFIX}`);
  }

  /**
   * Gives a worker identity of this account what KCL 2.x and 3.x need: the metadata tables of this
   * application only, and `cloudwatch:PutMetricData` in its namespace only (PutMetricData has no
   * resource type, so the namespace condition is what scopes it).
   */
  public grantWorker(grantee: IGrantable): PolicyStatement[] {
    const principal = grantee.grantPrincipal;
    if (principal.accountId !== this.account.accountId) {
      throw new ValidationError(
        "KclApplication.grantWorker.grantee",
        principal.accountId,
        `must be in the application's account ${this.account.accountId} (KCL keeps its tables and metrics in the workers' account)`,
      );
    }
    const grants = [
      grantOnPrincipal({ grantee, sid: "KclLeaseTable", actions: [...KCL_LEASE_TABLE_ACTIONS], resourceArns: [this.leaseTableArn] }),
      grantOnPrincipal({
        grantee,
        sid: "KclMetadataTables",
        actions: [...KCL_METADATA_TABLE_ACTIONS],
        resourceArns: [this.coordinatorStateTableArn, this.workerMetricsTableArn],
      }),
      grantOnPrincipal({ grantee, sid: "KclLeaseTableIndexes", actions: [...KCL_LEASE_INDEX_ACTIONS], resourceArns: [this.leaseTableIndexArns] }),
      grantOnPrincipal({
        grantee,
        sid: "KclMetrics",
        actions: [...KCL_METRICS_ACTIONS],
        resourceArns: ["*"],
        conditions: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [this.metricsNamespace] }],
      }),
    ];
    return grants.flatMap((g) => (g.principalStatement ? [g.principalStatement] : []));
  }
}
