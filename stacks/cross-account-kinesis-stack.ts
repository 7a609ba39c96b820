import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { IEncryptionKey } from "../modules/kms/encryption-key";
import { ExistingEncryptionKey } from "../modules/kms/existing-encryption-key";
import { CrossAccountAssumeRolePair } from "../modules/iam/cross-account-assume-role-pair";
import { ExistingRole } from "../modules/iam/existing-role";
import { DataStream, IDataStream } from "../modules/kinesis/data-stream";
import { InstanceProfileRegistration } from "../modules/databricks/instance-profile-registration";
import { AutoscalingCluster, DataSecurityMode } from "../modules/databricks/autoscaling-cluster";
import { KinesisConnectionCheckNotebook, kinesisReadStreamOptions } from "../modules/databricks/kinesis-connection-check-notebook";
import { SecuritySuppressions } from "../modules/security/suppressions";
import { IAM_MANAGED_FULL_ACCESS } from "../modules/security/rules/iam-managed-full-access";
import { clusterFromConfig, dataAccountProvider, existingWorkspaceRole, prefixed, workspaceAccountProvider, workspaceDatabricksProvider } from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";

/**
 * The Databricks guide "Secure access to Kinesis across accounts using IAM roles with an AssumeRole policy":
 * clusters in the workspace account (A) read Kinesis streams in the data account (B) as
 * KinesisCrossAccountRole, assumed from DatabricksToKinesisAssumeRole by the Databricks Kinesis source
 * (`roleArn` option). Least-privilege read on the named streams by default. Account B's resources are created
 * by the aliased provider `aws.data`; the workspace cross-account role belongs to the data-access stack (deploy
 * it first), this stack only adds iam:PassRole to it.
 */
export class CrossAccountKinesisStack extends DataAccessAppStack {
  public readonly workspaceAccount: AwsAccountProvider;
  public readonly dataAccount: AwsAccountProvider;
  public readonly roles: CrossAccountAssumeRolePair;
  public readonly streams: IDataStream[];
  public readonly workspaceRole: ExistingRole;
  public readonly registration: InstanceProfileRegistration;
  public readonly cluster: AutoscalingCluster;
  /** The readStream options a notebook needs (also the `kinesis_read_stream_options` output). */
  public readonly readOptions: Record<string, string>;
  /** The connection-check notebook, when `notebook.enabled`. */
  public readonly notebook?: KinesisConnectionCheckNotebook;
  /** The `AmazonKinesisFullAccess` attachment, only with `access: "full-access"`. */
  public readonly fullAccessAttachment?: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const k = config.crossAccount.kinesis;
    this.workspaceAccount = workspaceAccountProvider(this, config);
    this.dataAccount = dataAccountProvider(this, config);
    const databricks = { workspace: workspaceDatabricksProvider(this, config) };

    const targetRoleName = prefixed(config, k.targetRoleName);
    this.roles = new CrossAccountAssumeRolePair(this, "assume-role-pair", {
      sourceAccount: this.workspaceAccount,
      targetAccount: this.dataAccount,
      sourceRoleName: prefixed(config, k.sourceRoleName),
      targetRoleName,
      externalId: k.externalId,
      maxSessionDurationSeconds: k.maxSessionDurationSeconds,
      purpose: "Kinesis access",
    });

    const key: IEncryptionKey | undefined =
      k.kmsKeyArn !== undefined ? new ExistingEncryptionKey(this, "stream-key", { account: this.dataAccount, keyArn: k.kmsKeyArn }) : undefined;
    const streamNames = k.streamNames.map((name) => (k.createStreams ? prefixed(config, name) : name));
    this.streams = streamNames.map((streamName, i) =>
      k.createStreams
        ? new DataStream(this, `stream-${i}`, {
            account: this.dataAccount,
            streamName,
            streamMode: k.streamMode,
            shardCount: k.streamMode === "ON_DEMAND" ? undefined : k.shardCount,
            retentionPeriodHours: k.retentionPeriodHours,
            encryption: k.streamEncryption,
            encryptionKey: key,
          })
        : DataStream.fromStreamName(this, `stream-${i}`, { account: this.dataAccount, streamName, encryptionKey: key }),
    );

    const role = this.roles.targetRole;
    if (k.access === "full-access") {
      // The guide's shortcut: every stream in account B. Only on explicit request, with the reason on record.
      this.fullAccessAttachment = role.attachManagedPolicy(
        "kinesis-full-access",
        `arn:${this.dataAccount.partition}:iam::aws:policy/AmazonKinesisFullAccess`,
      );
      SecuritySuppressions.add(this.fullAccessAttachment, [{ id: IAM_MANAGED_FULL_ACCESS.id, reason: k.fullAccessReason ?? "" }]);
      // The managed policy does not cover customer-managed keys.
      for (const stream of this.streams) stream.encryptionKey?.grantEncryptDecrypt(role);
    } else {
      for (const stream of this.streams) {
        if (k.access === "read-write") stream.grantReadWrite(role, { registerConsumers: k.registerConsumers });
        else stream.grantRead(role, { registerConsumers: k.registerConsumers });
      }
    }

    this.workspaceRole = existingWorkspaceRole(this, config, this.workspaceAccount, "xacct-kinesis-pass-role");
    this.registration = new InstanceProfileRegistration(this, "instance-profile-registration", {
      instanceProfileRole: this.roles.sourceRole,
      workspaceRole: this.workspaceRole,
      provider: databricks.workspace,
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
      skipValidation: config.skipInstanceProfileValidation,
    });
    this.cluster = clusterFromConfig(this, "cluster", config, {
      provider: databricks.workspace,
      clusterName: k.clusterName,
      instanceProfileArn: this.registration.id,
      // The Kinesis source assumes the role in B with the instance profile's credentials (roleArn option),
      // which the no-isolation access mode allows (no Unity Catalog here).
      dataSecurityMode: DataSecurityMode.NONE,
    });

    // Static values (the pair's literal role ARN and its external ID), so the output and the generated
    // notebook are known at synth time and identical.
    this.readOptions = kinesisReadStreamOptions({
      streamNames,
      region: this.dataAccount.region,
      roles: this.roles,
      initialPosition: k.initialPosition,
    });
    if (k.notebook.enabled) {
      this.notebook = new KinesisConnectionCheckNotebook(this, "connection-check", {
        provider: databricks.workspace,
        path: k.notebook.path,
        readOptions: this.readOptions,
      });
    }

    new TerraformOutput(this, "source_role_arn", { value: this.roles.sourceRoleArn, description: "DatabricksToKinesisAssumeRole: EC2 role in the workspace account" });
    new TerraformOutput(this, "instance_profile_arn", { value: this.roles.instanceProfileArn, description: "Its instance profile, registered in Databricks" });
    new TerraformOutput(this, "target_role_arn", { value: this.roles.targetRoleArn, description: "KinesisCrossAccountRole in the data account" });
    new TerraformOutput(this, "stream_arns", { value: this.streams.map((s) => s.streamArn) });
    new TerraformOutput(this, "cluster_id", { value: this.cluster.clusterId });
    new TerraformOutput(this, "kinesis_read_stream_options", {
      value: this.readOptions,
      description: 'spark.readStream.format("kinesis") options: terraform output -json kinesis_read_stream_options',
    });
    if (this.notebook) new TerraformOutput(this, "connection_check_notebook_path", { value: this.notebook.resource.path });
  }
}
