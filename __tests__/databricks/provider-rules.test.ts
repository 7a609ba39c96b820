import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { AutoscalingCluster, DataSecurityMode } from "../../modules/databricks/autoscaling-cluster";
import { DatabricksInstanceProfile } from "../../modules/databricks/databricks-instance-profile";
import { S3Mount } from "../../modules/databricks/s3-mount";
import {
  DATABRICKS_PROVIDER_RULES,
  INSTANCE_PROFILE_NEEDS_ROLE_ARN,
  MOUNT_ON_PASSTHROUGH_CLUSTER,
  MOUNT_STORAGE_BLOCK_CONFLICT,
  S3_MOUNT_CLUSTER_NEEDS_PROFILE,
  S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER,
  URI_MOUNT_NEEDS_CLUSTER,
} from "../../modules/databricks/provider-rules";
import { testStack } from "../support/stack-json";

/** Every synth-time validation error in the stack (what `app.synth()` reports). */
function synthErrors(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((node: IConstruct) => node.node.validate());
}

function setup() {
  const t = testStack();
  const workspace = new DatabricksProvider(t.stack, "databricks", { host: "https://x.cloud.databricks.com" });
  return { ...t, workspace };
}

const ASSUME_ROLE_CONFIGS = { "fs.s3a.credentialsType": "AssumeRole" };

describe("the databricks provider's cross-argument rules, checked at synth", () => {
  test("DBX-MOUNT-1 trips on a storage block next to extra_configs (here forced through an override)", () => {
    const t = setup();
    const mount = new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", clusterId: "c-1", extraConfigs: ASSUME_ROLE_CONFIGS });
    mount.resource.addOverride("s3", { bucket_name: "changeme-ds" });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-MOUNT-1] test/m/mount: databricks_mount takes either one storage block (s3, abfs, wasb, adl, gs) or uri + extra_configs, never both: " +
        'the provider stops plan with "Conflicting configuration arguments" (storage/resource_mount.go)',
    ]);
    expect(() => t.app.synth()).toThrow(MOUNT_STORAGE_BLOCK_CONFLICT.message);
  });

  test("DBX-MOUNT-1 passes: uri + extra_configs + cluster_id, and an s3 block alone", () => {
    const t = setup();
    new S3Mount(t.stack, "uri", { provider: t.workspace, mountName: "a", bucketName: "changeme-ds", clusterId: "c-1", extraConfigs: ASSUME_ROLE_CONFIGS });
    new S3Mount(t.stack, "block", { provider: t.workspace, mountName: "b", bucketName: "changeme-ds", instanceProfile: "ip-1" });
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("DBX-MOUNT-2 trips on an s3 block with neither instance_profile nor cluster_id", () => {
    const t = setup();
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds" });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-MOUNT-2] test/m/mount: an S3 databricks_mount needs s3.instance_profile or cluster_id: the provider fails with " +
        '"either cluster_id or instance_profile must be specified to mount S3 bucket" (storage/s3.go)',
    ]);
  });

  test("DBX-MOUNT-2 passes with a cluster_id instead of an instance profile", () => {
    const t = setup();
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", clusterId: "c-1" });
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("DBX-MOUNT-3 trips on an s3a:// uri mount without cluster_id, with the provider's own error text", () => {
    const t = setup();
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", directory: "data/hr" });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-MOUNT-3] test/m/mount: a databricks_mount with an s3:// or s3a:// uri needs cluster_id (the uri form has no instance_profile): " +
        'the provider fails with "either cluster_id or instance_profile must be specified to mount S3 bucket" (storage/s3.go)',
    ]);
  });

  test("DBX-MOUNT-3 passes with the cluster_id of a cluster in the stack, and for a uri of another scheme", () => {
    const t = setup();
    const cluster = new AutoscalingCluster(t.stack, "c", { provider: t.workspace, instanceProfileArn: "ip-1" });
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", directory: "data/hr", clusterId: cluster.clusterId });
    // storage/s3.go l.52: other schemes skip the S3 checks (the provider creates a terraform-mount cluster).
    const gcs = new S3Mount(t.stack, "gcs", { provider: t.workspace, mountName: "g", bucketName: "changeme-ds", directory: "data" });
    gcs.resource.addOverride("uri", "gs://changeme-ds");
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("DBX-MOUNT-5 trips on an S3 mount run on a cluster of the stack without an instance profile", () => {
    const t = setup();
    const cluster = new AutoscalingCluster(t.stack, "c", { provider: t.workspace });
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", clusterId: cluster.clusterId, extraConfigs: ASSUME_ROLE_CONFIGS });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-MOUNT-5] test/m/mount: the databricks_cluster an S3 databricks_mount runs on needs aws_attributes.instance_profile_arn: " +
        'the provider fails with "cluster %s must have EC2 instance profile attached" (storage/s3.go)',
    ]);
    expect(() => t.app.synth()).toThrow(S3_MOUNT_CLUSTER_NEEDS_PROFILE.message);
  });

  test("DBX-MOUNT-5 passes on a cluster with an instance profile, and on a cluster_id it cannot see", () => {
    const t = setup();
    const cluster = new AutoscalingCluster(t.stack, "c", { provider: t.workspace, instanceProfileArn: "ip-1" });
    new S3Mount(t.stack, "known", { provider: t.workspace, mountName: "a", bucketName: "changeme-ds", clusterId: cluster.clusterId, extraConfigs: ASSUME_ROLE_CONFIGS });
    new S3Mount(t.stack, "literal", { provider: t.workspace, mountName: "b", bucketName: "changeme-ds", clusterId: "0123-456789-abcdef", extraConfigs: ASSUME_ROLE_CONFIGS });
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("DBX-MOUNT-4 trips on a mount run on a LEGACY_PASSTHROUGH cluster", () => {
    const t = setup();
    const cluster = new AutoscalingCluster(t.stack, "c", { provider: t.workspace, instanceProfileArn: "ip-1", dataSecurityMode: DataSecurityMode.LEGACY_PASSTHROUGH });
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "m", bucketName: "changeme-ds", clusterId: cluster.clusterId, extraConfigs: ASSUME_ROLE_CONFIGS });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-MOUNT-4] test/m/mount: a databricks_mount must not run on a LEGACY_PASSTHROUGH cluster: since provider 1.71.0 (#4590) each " +
        "new mount is checked with check_path(), JVM calls that a passthrough cluster blocks; and, inferred for AWS from the Azure AAD " +
        'passthrough note ("Mounts using AAD passthrough cannot be created using a service principal"), a service principal cannot ' +
        "create it; set allowOnPassthroughCluster only if a federated user applies it (storage/mounts.go, docs/resources/mount.md)",
    ]);
  });

  test("DBX-MOUNT-4 passes when opted in, and on a no-isolation cluster", () => {
    const t = setup();
    const passthrough = new AutoscalingCluster(t.stack, "p", { provider: t.workspace, instanceProfileArn: "ip-1", dataSecurityMode: DataSecurityMode.LEGACY_PASSTHROUGH });
    const shared = new AutoscalingCluster(t.stack, "s", { provider: t.workspace, instanceProfileArn: "ip-1" });
    new S3Mount(t.stack, "opted-in", {
      provider: t.workspace,
      mountName: "a",
      bucketName: "changeme-ds",
      clusterId: passthrough.clusterId,
      extraConfigs: ASSUME_ROLE_CONFIGS,
      allowOnPassthroughCluster: true,
    });
    new S3Mount(t.stack, "shared", { provider: t.workspace, mountName: "b", bucketName: "changeme-ds", clusterId: shared.clusterId, extraConfigs: ASSUME_ROLE_CONFIGS });
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("DBX-IP-1 trips when the profile and role names differ and iam_role_arn is missing", () => {
    const t = setup();
    new DatabricksInstanceProfile(t.stack, "ip", {
      provider: t.workspace,
      instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/changeme-first-profile",
      names: { instanceProfileName: "changeme-first-profile", roleName: "changeme-first-ec2s3" },
    });
    expect(synthErrors(t.stack)).toEqual([
      "[DBX-IP-1] test/ip/instance-profile: databricks_instance_profile should set iam_role_arn when the instance profile and role names " +
        "differ (a safeguard of this library, not a provider check): SQL Serverless needs it then, and on update the provider sends the " +
        "profile ARN as iam_role_arn when none is set (docs/resources/instance_profile.md, aws/resource_instance_profile.go)",
    ]);
  });

  test("DBX-IP-1 passes with iam_role_arn, or with equal names", () => {
    const t = setup();
    new DatabricksInstanceProfile(t.stack, "with-arn", {
      provider: t.workspace,
      instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/changeme-first-profile",
      iamRoleArn: "arn:aws:iam::111122223333:role/changeme-first-ec2s3",
      names: { instanceProfileName: "changeme-first-profile", roleName: "changeme-first-ec2s3" },
    });
    new DatabricksInstanceProfile(t.stack, "same-name", {
      provider: t.workspace,
      instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/MyRoleA",
      names: { instanceProfileName: "MyRoleA", roleName: "MyRoleA" },
    });
    expect(synthErrors(t.stack)).toEqual([]);
  });

  test("every rule names its provider source and has a stable ID", () => {
    expect(DATABRICKS_PROVIDER_RULES.map((r) => r.id)).toEqual(["DBX-MOUNT-1", "DBX-MOUNT-2", "DBX-MOUNT-3", "DBX-MOUNT-4", "DBX-MOUNT-5", "DBX-IP-1"]);
    expect(DATABRICKS_PROVIDER_RULES).toEqual([
      MOUNT_STORAGE_BLOCK_CONFLICT,
      S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER,
      URI_MOUNT_NEEDS_CLUSTER,
      MOUNT_ON_PASSTHROUGH_CLUSTER,
      S3_MOUNT_CLUSTER_NEEDS_PROFILE,
      INSTANCE_PROFILE_NEEDS_ROLE_ARN,
    ]);
  });
});
