import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { IDataBucket } from "../modules/s3/data-bucket";
import { CrossAccountAssumeRolePair } from "../modules/iam/cross-account-assume-role-pair";
import { ExistingRole } from "../modules/iam/existing-role";
import { InstanceProfileRegistration } from "../modules/databricks/instance-profile-registration";
import { S3aAssumedRoleScope, S3aConfTarget, assumedRoleS3aConf } from "../modules/databricks/assumed-role-s3a";
import { AutoscalingCluster, DataSecurityMode } from "../modules/databricks/autoscaling-cluster";
import { S3Mount } from "../modules/databricks/s3-mount";
import { SingleNodeCluster } from "../modules/databricks/single-node-cluster";
import {
  clusterFromConfig,
  createOrImportBucket,
  dataAccountProvider,
  existingWorkspaceRole,
  prefixed,
  workspaceAccountProvider,
  workspaceDatabricksProvider,
} from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";

/**
 * The Databricks guide "Secure access to S3 buckets across accounts using instance profiles with an AssumeRole
 * policy", steps 1-5: clusters in the workspace account (A) read and write a bucket in the data account (B) as
 * MyRoleB, assumed from MyRoleA through the S3A assumed-role credential provider. Account B's resources are
 * created by the aliased provider `aws.data`. The workspace cross-account role belongs to the data-access stack
 * (deploy it first); this stack only adds iam:PassRole to it.
 */
export class CrossAccountS3Stack extends DataAccessAppStack {
  public readonly workspaceAccount: AwsAccountProvider;
  public readonly dataAccount: AwsAccountProvider;
  public readonly roles: CrossAccountAssumeRolePair;
  public readonly bucket: IDataBucket;
  public readonly workspaceRole: ExistingRole;
  public readonly registration: InstanceProfileRegistration;
  /** The shared cluster, for users. */
  public readonly cluster: AutoscalingCluster;
  /** The small cluster the mount runs on (the provider starts it on every refresh). */
  public readonly mountCluster: SingleNodeCluster;
  public readonly mount: S3Mount;
  /** The bucket's name, known at synth time (the per-bucket S3A keys contain it). */
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const s3 = config.crossAccount.s3;
    this.workspaceAccount = workspaceAccountProvider(this, config);
    this.dataAccount = dataAccountProvider(this, config);
    const databricks = { workspace: workspaceDatabricksProvider(this, config) };

    this.roles = new CrossAccountAssumeRolePair(this, "assume-role-pair", {
      sourceAccount: this.workspaceAccount,
      targetAccount: this.dataAccount,
      sourceRoleName: prefixed(config, s3.sourceRoleName),
      targetRoleName: prefixed(config, s3.targetRoleName),
      maxSessionDurationSeconds: s3.maxSessionDurationSeconds,
      purpose: "S3 access",
    });

    this.bucketName = s3.existingBucketName ?? prefixed(config, "xacct-ds");
    this.bucket = createOrImportBucket(this, "bucket", config, {
      account: this.dataAccount,
      bucketName: this.bucketName,
      encryption: s3.bucketEncryption,
      existingBucketName: s3.existingBucketName,
      existingBucketKeyArn: s3.existingBucketKmsKeyArn,
    });
    // MyRoleB and the bucket share account B, so its identity policy suffices (and works for a bucket whose
    // policy this stack does not own); with a customer key, MyRoleB also becomes a key user in B.
    if (s3.access === "read") this.bucket.grantRead(this.roles.targetRole);
    else this.bucket.grantReadWrite(this.roles.targetRole);

    this.workspaceRole = existingWorkspaceRole(this, config, this.workspaceAccount, "xacct-s3-pass-role");
    this.registration = new InstanceProfileRegistration(this, "instance-profile-registration", {
      instanceProfileRole: this.roles.sourceRole,
      workspaceRole: this.workspaceRole,
      provider: databricks.workspace,
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
      skipValidation: config.skipInstanceProfileValidation,
    });

    const scopeOfConf = s3.sparkConfScope;
    const sparkConf = assumedRoleS3aConf({
      roles: this.roles,
      target: S3aConfTarget.CLUSTER,
      scope: scopeOfConf,
      bucketNames: scopeOfConf === S3aAssumedRoleScope.PER_BUCKET ? [this.bucketName] : undefined,
    });
    this.cluster = clusterFromConfig(this, "cluster", config, {
      provider: databricks.workspace,
      clusterName: s3.clusterName,
      instanceProfileArn: this.registration.id,
      // Reaches S3 through MyRoleA's instance profile and custom S3A credentials in its Spark config,
      // which only the no-isolation access mode passes through (no Unity Catalog here).
      dataSecurityMode: DataSecurityMode.NONE,
      sparkConf,
    });
    // The provider starts a mount's cluster on every refresh, plan and apply (storage/mounts.go mountRead;
    // docs/resources/mount.md, cluster_id): a single node stopping after 10 idle minutes, not the shared 1-50 workers.
    this.mountCluster = new SingleNodeCluster(this, "mount-cluster", {
      provider: databricks.workspace,
      clusterName: `${s3.clusterName} mount`,
      instanceProfileArn: this.registration.id,
      dataSecurityMode: DataSecurityMode.NONE,
      sparkConf,
      sparkVersion: config.cluster.sparkVersion,
    });
    // The assumed-role mount of Databricks' AssumeRole guide: uri + extra_configs, run on a cluster on MyRoleA's
    // instance profile; provider 1.99 refuses extra_configs next to an s3 block.
    this.mount = new S3Mount(this, "mount", {
      provider: databricks.workspace,
      mountName: s3.mountName,
      bucketName: this.bucket.bucketName,
      clusterId: this.mountCluster.clusterId,
      extraConfigs: assumedRoleS3aConf({ roles: this.roles, target: S3aConfTarget.MOUNT }),
    });

    new TerraformOutput(this, "source_role_arn", { value: this.roles.sourceRoleArn, description: "MyRoleA: EC2 role in the workspace account" });
    new TerraformOutput(this, "instance_profile_arn", { value: this.roles.instanceProfileArn, description: "MyRoleA's instance profile, registered in Databricks" });
    new TerraformOutput(this, "target_role_arn", { value: this.roles.targetRoleArn, description: "MyRoleB: the role in the data account that reads the bucket" });
    new TerraformOutput(this, "bucket_name", { value: this.bucket.bucketName, description: "The bucket in the data account" });
    new TerraformOutput(this, "cluster_id", { value: this.cluster.clusterId });
    new TerraformOutput(this, "mount_cluster_id", { value: this.mountCluster.clusterId, description: "The single-node cluster the mount runs on" });
    new TerraformOutput(this, "mount_source", { value: this.mount.source });
  }
}
