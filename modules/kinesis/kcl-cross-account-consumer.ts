import { Construct } from "constructs";
import { AwsAccount } from "../account/aws-account-provider";
import { InstanceProfileRole } from "../iam/instance-profile-role";
import { grantOnPrincipal } from "../iam/grant";
import { AccountRootPrincipal, IPrincipal, PolicyStatement } from "../iam/policy-statement";
import { Role } from "../iam/role";
import { IDataStream } from "./data-stream";
import { Warnings, defineWarning } from "../core/warnings";
import { KclApplication } from "./kcl-application";
import { ValidationError, validateExternalId, validateRoleName, validateRoleSessionName } from "../private/validation";
import { StreamRoleTrust } from "./stream-role-trust";
// Declared without cdktf, so the app config can use it before cdktf is loaded.
export { StreamRoleTrust } from "./stream-role-trust";

/**
 * Stream actions of the stream policy in the AWS Architecture Blog post "Field Notes: How to Enable
 * Cross-Account Access for Amazon Kinesis Data Streams using Kinesis Client Library 2.x", beyond a reader's:
 * KCL registers its own EFO consumer.
 */
export const KCL_CONSUMER_REGISTRATION_ACTIONS = ["kinesis:RegisterStreamConsumer"] as const;

/**
 * The KCL 3.x (AWS SDK v2) credentials provider that uses the instance profile: DynamoDB and CloudWatch
 * stay in the workers' account (amazon-kinesis-client docs/multilang/configuring-credential-providers.md).
 */
export const KCL_DEFAULT_CREDENTIALS_PROVIDER = "DefaultCredentialsProvider";

/** KCL 3.x's assume-role provider (SDK v2); takes `endpointRegion=` (configuring-credential-providers.md). */
export const KCL_STS_ASSUME_ROLE_PROVIDER = "StsAssumeRoleCredentialsProvider";

/** KCL multilang's assume-role provider that also takes `externalId=` (KclStsAssumeRoleCredentialsProvider). */
export const KCL_STS_ASSUME_ROLE_PROVIDER_WITH_EXTERNAL_ID = "KclStsAssumeRoleCredentialsProvider";

/** Reported when the stream and the KCL workers' account are in different regions. */
export const KCL_STREAM_REGION_DIFFERS = defineWarning({
  id: "KCL-STREAM-REGION-DIFFERS",
  summary: "The stream and the KCL lease tables are in different regions: KCL's single regionName does not cover both.",
});

/** Where a KCL application starts reading a shard it has no checkpoint for. */
export type InitialPositionInStream = "LATEST" | "TRIM_HORIZON";

/** Props of {@link KclCrossAccountConsumer}. */
export interface KclCrossAccountConsumerProps {
  /** The stream read; the role the workers assume is created in its account. */
  readonly stream: IDataStream;
  /** The account (and provider) of the KCL workers, their lease tables and their metrics. */
  readonly consumerAccount: AwsAccount;
  /** The KCL application name (lease table name, metrics namespace). */
  readonly applicationName: string;
  /** Name of the workers' EC2 role (the KCL cross-account post uses `kcl-stock-trader-app-role`). */
  readonly workerRoleName: string;
  /**
   * Name of the workers' instance profile.
   * @default the worker role's name (one name for the role and its instance profile)
   */
  readonly instanceProfileName?: string;
  /** Name of the role in the stream's account (the KCL cross-account post uses `kds-stock-trade-stream-role`). */
  readonly streamRoleName: string;
  /**
   * The session name the workers use when assuming the stream role.
   * @default "kinesiscrossaccount" (the session name of the KCL cross-account post, shown in CloudTrail)
   */
  readonly roleSessionName?: string;
  /**
   * Who the stream role trusts.
   * @default StreamRoleTrust.WORKER_ROLE
   */
  readonly trust?: StreamRoleTrust;
  /**
   * External ID the workers must send (`sts:ExternalId`). Required with `StreamRoleTrust.CONSUMER_ACCOUNT`.
   * @default none
   */
  readonly externalId?: string;
  /**
   * Let the stream role register EFO consumers (the post's `RegisterStreamConsumer`, for KCL's enhanced fan-out
   * retrieval, its default).
   * @default true
   */
  readonly registerConsumers?: boolean;
  /**
   * Where KCL starts on shards without a checkpoint (`initialPositionInStream` in KCL's properties file).
   * @default "LATEST"
   */
  readonly initialPositionInStream?: InitialPositionInStream;
  /**
   * The workers' CloudWatch namespace.
   * @default the application name (KCL's default)
   */
  readonly metricsNamespace?: string;
  /**
   * Create the lease table in the consumer account (see {@link KclApplication}).
   * @default false
   */
  readonly createLeaseTable?: boolean;
  /**
   * Tags on the roles, the instance profile and the lease table.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The KCL cross-account post as a construct: a KCL application in one account reading a stream of another
 * through an assumed role.
 *
 * - In the stream's account, a role with the post's stream policy (the reader actions and
 *   RegisterStreamConsumer on the stream, SubscribeToShard and DescribeStreamConsumer on its
 *   consumers, decrypt on its customer key), trusting exactly the workers' role (or, when asked, the
 *   consumer account with an external ID).
 * - In the consumer account, the workers' EC2 role and instance profile, allowed `sts:AssumeRole` on
 *   exactly that role, with the application's DynamoDB tables and CloudWatch namespace
 *   ({@link KclApplication}).
 * - {@link properties}: the KCL (MultiLangDaemon) settings that wire it together.
 */
export class KclCrossAccountConsumer extends Construct {
  /** The workers' EC2 role and instance profile (consumer account). */
  public readonly workerRole: InstanceProfileRole;
  /** The role the workers assume to read the stream (stream account). */
  public readonly streamRole: Role;
  /** The application's DynamoDB and CloudWatch footprint (consumer account). */
  public readonly application: KclApplication;
  /** The statement on the worker role that allows assuming {@link streamRole}. */
  public readonly assumeRoleStatement: PolicyStatement;
  public readonly stream: IDataStream;
  public readonly roleSessionName: string;
  public readonly externalId?: string;
  private readonly initialPosition: InitialPositionInStream;

  constructor(scope: Construct, id: string, props: KclCrossAccountConsumerProps) {
    super(scope, id);
    const { stream, consumerAccount } = props;
    validateRoleName("KclCrossAccountConsumer.workerRoleName", props.workerRoleName);
    validateRoleName("KclCrossAccountConsumer.streamRoleName", props.streamRoleName);
    validateExternalId("KclCrossAccountConsumer.externalId", props.externalId);
    const sessionName = props.roleSessionName ?? "kinesiscrossaccount";
    validateRoleSessionName("KclCrossAccountConsumer.roleSessionName", sessionName);
    if (consumerAccount.accountId === stream.account.accountId) {
      throw new ValidationError(
        "KclCrossAccountConsumer.consumerAccount",
        consumerAccount.accountId,
        "must differ from the stream's account (within one account grant the workers' role on the stream directly)",
      );
    }
    if (consumerAccount.provider === stream.account.provider) {
      throw new ValidationError(
        "KclCrossAccountConsumer.consumerAccount.provider",
        consumerAccount.provider?.alias ?? "default",
        "must be a provider of its own for the consumer account, not the stream account's",
      );
    }
    const trust = props.trust ?? StreamRoleTrust.WORKER_ROLE;
    if (trust === StreamRoleTrust.CONSUMER_ACCOUNT && props.externalId === undefined) {
      throw new ValidationError(
        "KclCrossAccountConsumer.externalId",
        props.externalId,
        "must be set when trust is CONSUMER_ACCOUNT (a whole-account trust without an external ID lets any principal of that account in)",
      );
    }
    if (stream.account.region !== consumerAccount.region) {
      Warnings.of(this).add(
        KCL_STREAM_REGION_DIFFERS,
        `The stream is in ${stream.account.region} and the lease tables in ${consumerAccount.region}: KCL's single regionName ` +
          "does not cover both; build the DynamoDB and CloudWatch clients with the consumer account's region.",
      );
    }
    this.stream = stream;
    this.roleSessionName = sessionName;
    this.externalId = props.externalId;
    this.initialPosition = props.initialPositionInStream ?? "LATEST";

    this.workerRole = new InstanceProfileRole(this, "worker", {
      account: consumerAccount,
      roleName: props.workerRoleName,
      instanceProfileName: props.instanceProfileName,
      description: `KCL workers of ${props.applicationName}; assume ${props.streamRoleName} in ${stream.account.accountId} to read the stream`,
      tags: props.tags,
    });
    const trusted: IPrincipal =
      trust === StreamRoleTrust.WORKER_ROLE
        ? this.workerRole.role
        : new AccountRootPrincipal(consumerAccount.accountId, consumerAccount.partition);
    this.streamRole = new Role(this, "stream-role", {
      account: stream.account,
      roleName: props.streamRoleName,
      assumedBy: [trusted],
      externalId: props.externalId,
      description: `Assumed by the KCL workers of ${props.applicationName} in ${consumerAccount.accountId} to read the stream`,
      tags: props.tags,
    });
    stream.grantRead(this.streamRole);
    if (props.registerConsumers ?? true) stream.grant(this.streamRole, ...KCL_CONSUMER_REGISTRATION_ACTIONS);

    this.assumeRoleStatement = grantOnPrincipal({
      grantee: this.workerRole.role,
      sid: "AssumeStreamRole",
      actions: ["sts:AssumeRole"],
      resourceArns: [this.streamRole.roleArn],
    }).principalStatement!;

    this.application = new KclApplication(this, "application", {
      account: consumerAccount,
      applicationName: props.applicationName,
      metricsNamespace: props.metricsNamespace,
      createLeaseTable: props.createLeaseTable,
      tags: props.tags,
    });
    this.application.grantWorker(this.workerRole);
  }

  /**
   * The KCL 3.x credentials-provider setting for the stream (AWS SDK v2 names; KCL 3.x has no SDK v1):
   * `StsAssumeRoleCredentialsProvider|<role arn>|<session name>|endpointRegion=<stream region>`, or, with an
   * external ID, `KclStsAssumeRoleCredentialsProvider|<role arn>|<session name>|endpointRegion=<region>|externalId=<id>`
   * (amazon-kinesis-client docs/multilang/configuring-credential-providers.md).
   */
  public get credentialsProvider(): string {
    const base = `${this.streamRole.roleArn}|${this.roleSessionName}|endpointRegion=${this.stream.account.region}`;
    return this.externalId === undefined
      ? `${KCL_STS_ASSUME_ROLE_PROVIDER}|${base}`
      : `${KCL_STS_ASSUME_ROLE_PROVIDER_WITH_EXTERNAL_ID}|${base}|externalId=${this.externalId}`;
  }

  /**
   * The MultiLangDaemon settings, with KCL 3.x's property names (multilangv3.properties:
   * `AwsCredentialsProvider`, `AwsCredentialsProviderDynamoDB`, `AwsCredentialsProviderCloudWatch`).
   * Values may be Terraform references.
   */
  public get properties(): Record<string, string> {
    return {
      streamName: this.stream.streamName,
      applicationName: this.application.applicationName,
      AwsCredentialsProvider: this.credentialsProvider,
      AwsCredentialsProviderDynamoDB: KCL_DEFAULT_CREDENTIALS_PROVIDER,
      AwsCredentialsProviderCloudWatch: KCL_DEFAULT_CREDENTIALS_PROVIDER,
      initialPositionInStream: this.initialPosition,
      regionName: this.stream.account.region,
    };
  }

  /** {@link properties} as `key = value` lines, to paste into a KCL properties file. */
  public get propertiesFile(): string {
    return Object.entries(this.properties)
      .map(([key, value]) => `${key} = ${value}`)
      .join("\n");
  }
}
