import { Aspects, Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { CrossAccountS3Stack } from "../../stacks/cross-account-s3-stack";
import { DataAccessSecurityChecks } from "../../modules/security/data-access-security-checks";
import { onlyResource, policyNamed, resourcesOf, roleNamed, statementsOf, synthJson, resourceCounts } from "../support/stack-json";

function synthS3(override: Record<string, unknown> = {}) {
  const stack = new CrossAccountS3Stack(Testing.app(), "cross-account-s3", { config: resolveConfig({ crossAccount: { s3: override } }) });
  return { stack, json: synthJson(stack) };
}

/** The databricks_cluster named `name`, with its logical ID. */
function clusterNamed(json: ReturnType<typeof synthJson>, name: string): { id: string; cluster: any } {
  const found = Object.entries(resourcesOf(json, "databricks_cluster")).filter(([, c]: [string, any]) => c.cluster_name === name);
  expect(found).toHaveLength(1);
  return { id: found[0][0], cluster: found[0][1] };
}
const SHARED = "Cross-account S3";
const MOUNT_CLUSTER = "Cross-account S3 mount";

const roleB = /^\$\{aws_iam_role\.assume-role-pair_target_role_[0-9A-F]+\.arn\}$/;
const PROVIDER = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";

describe("CrossAccountS3Stack (S3 AssumeRole guide, steps 1-5)", () => {
  const { json } = synthS3();

  test("what it creates, and nothing of the data-access stack", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_role: 2,
      aws_iam_instance_profile: 1,
      aws_iam_role_policy: 3,
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_policy: 1,
      time_sleep: 1,
      databricks_instance_profile: 1,
      databricks_cluster: 2,
      databricks_mount: 1,
    });
  });

  test("step 1: MyRoleA (prefixed) with its instance profile and sts:AssumeRole on exactly MyRoleB", () => {
    expect(roleNamed(json, "changeme-MyRoleA").provider).toBe("aws"); // in the workspace account
    expect(onlyResource(json, "aws_iam_instance_profile").name).toBe("changeme-MyRoleA");
    expect(policyNamed(json, "changeme-MyRoleA-grants")).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], resources: [expect.stringMatching(roleB)] }]);
  });

  test("step 1.3: iam:PassRole on MyRoleA added to the data-access stack's workspace role, by name, in a policy of its own", () => {
    const passRole = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.role === "changeme-crossaccount-iam-role");
    expect(passRole).toMatchObject({ name: "changeme-xacct-s3-pass-role", provider: "aws" });
    expect(statementsOf(json, passRole.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: [expect.stringMatching(/^\$\{aws_iam_role\.assume-role-pair_source_role_\S+\.arn\}$/)],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ]);
  });

  test("step 2: MyRoleB trusts exactly MyRoleA and may use the bucket with the guide's actions", () => {
    const role = roleNamed(json, "changeme-MyRoleB");
    expect(statementsOf(json, role.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(/assume-role-pair_source_role_\S+\.arn\}$/)] }] },
    ]);
    const bucketArn = "arn:aws:s3:::${aws_s3_bucket.bucket_3056591E.bucket}";
    expect(policyNamed(json, "changeme-MyRoleB-grants")).toEqual([
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [bucketArn] },
      { effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], resources: [`${bucketArn}/*`] },
    ]);
  });

  test("the bucket is created in B as <prefix>-xacct-ds, private and TLS-only", () => {
    const bucket = onlyResource(json, "aws_s3_bucket");
    expect(bucket).toMatchObject({ bucket: "changeme-xacct-ds", provider: "aws.data", force_destroy: false });
    expect(statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy).map((s) => s.sid)).toEqual(["DenyInsecureTransport"]);
  });

  test("steps 3-4: MyRoleA's profile registered after the IAM wait; the cluster runs on it with per-bucket S3A settings", () => {
    const registration = onlyResource(json, "databricks_instance_profile");
    expect(registration.depends_on).toEqual([expect.stringMatching(/^time_sleep\./)]);
    const { cluster } = clusterNamed(json, SHARED);
    expect(cluster.autoscale).toEqual({ min_workers: 1, max_workers: 50 });
    expect(cluster.aws_attributes.instance_profile_arn).toMatch(/^\$\{databricks_instance_profile\.\S+\.id\}$/);
    // Hadoop settings in a cluster's Spark config carry the spark.hadoop. prefix.
    expect(cluster.spark_conf).toEqual({
      "spark.hadoop.fs.s3a.bucket.changeme-xacct-ds.aws.credentials.provider": PROVIDER,
      "spark.hadoop.fs.s3a.bucket.changeme-xacct-ds.assumed.role.arn": expect.stringMatching(roleB),
      "spark.hadoop.fs.s3a.bucket.changeme-xacct-ds.acl.default": "BucketOwnerFullControl",
    });
    expect(cluster.data_security_mode).toBe("NONE");
  });

  test("step 5: the mount runs on a single-node cluster of its own, with the same profile and S3A settings", () => {
    // The provider starts the mount's cluster on every refresh and plan (storage/mounts.go mountRead), so not the shared one.
    const shared = clusterNamed(json, SHARED).cluster;
    const { cluster } = clusterNamed(json, MOUNT_CLUSTER);
    expect(cluster).toMatchObject({
      num_workers: 0,
      autotermination_minutes: 10,
      data_security_mode: "NONE",
      aws_attributes: shared.aws_attributes,
      custom_tags: { ResourceClass: "SingleNode" },
      spark_conf: { ...shared.spark_conf, "spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]" },
    });
    expect(cluster.autoscale).toBeUndefined();
  });

  test("step 5: the assumed-role mount is uri + extra_configs on the mount cluster, with no s3 block", () => {
    const mount = onlyResource(json, "databricks_mount");
    expect(mount.cluster_id).toBe(`\${databricks_cluster.${clusterNamed(json, MOUNT_CLUSTER).id}.id}`);
    expect(mount).toEqual(
      expect.objectContaining({
        name: "cross-account-ds",
        uri: "s3a://${aws_s3_bucket.bucket_3056591E.bucket}",
        extra_configs: {
          "fs.s3a.credentialsType": "AssumeRole",
          "fs.s3a.stsAssumeRole.arn": expect.stringMatching(roleB),
          "fs.s3a.canned.acl": "BucketOwnerFullControl",
          "fs.s3a.acl.default": "BucketOwnerFullControl",
        },
      }),
    );
    expect(mount.s3).toBeUndefined();
  });

  test("declares neither the databricks_account_id variable nor the account-level provider", () => {
    expect(json.variable).toBeUndefined();
    expect(json.provider!.databricks).toHaveLength(1);
    expect(json.provider!.databricks[0].alias).toBeUndefined();
  });

  test("outputs name both roles, the profile, the bucket, the cluster and the mount", () => {
    expect(Object.keys(json.output!).sort()).toEqual(["bucket_name", "cluster_id", "instance_profile_arn", "mount_cluster_id", "mount_source", "source_role_arn", "target_role_arn"]);
  });
});

describe("CrossAccountS3Stack options", () => {
  test("global S3A settings on the cluster (the mount's settings are its own)", () => {
    const { json } = synthS3({ sparkConfScope: "global" });
    const globalConf = {
      "spark.hadoop.fs.s3a.credentialsType": "AssumeRole",
      "spark.hadoop.fs.s3a.stsAssumeRole.arn": expect.stringMatching(roleB),
      "spark.hadoop.fs.s3a.acl.default": "BucketOwnerFullControl",
    };
    expect(clusterNamed(json, SHARED).cluster.spark_conf).toEqual(globalConf);
    expect(clusterNamed(json, MOUNT_CLUSTER).cluster.spark_conf).toEqual({ ...globalConf, "spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]" });
    expect(Object.keys(onlyResource(json, "databricks_mount").extra_configs)).toEqual([
      "fs.s3a.acl.default",
      "fs.s3a.canned.acl",
      "fs.s3a.credentialsType",
      "fs.s3a.stsAssumeRole.arn",
    ]);
  });

  test("read-only access", () => {
    const { json } = synthS3({ access: "read" });
    expect(policyNamed(json, "changeme-MyRoleB-grants").map((s) => s.actions)).toEqual([["s3:GetBucketLocation", "s3:ListBucket"], ["s3:GetObject"]]);
  });

  test("KMS: a customer key in B, MyRoleB a key user in the key policy and its own policy", () => {
    const { json } = synthS3({ bucketEncryption: "KMS" });
    const key = onlyResource(json, "aws_kms_key");
    expect(key.provider).toBe("aws.data");
    const keyStatements = statementsOf(json, key.policy);
    expect(keyStatements[1]).toEqual({
      effect: "Allow",
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: ["*"],
      principals: [{ type: "AWS", identifiers: [expect.stringMatching(roleB)] }],
    });
    expect(policyNamed(json, "changeme-MyRoleB-grants").at(-1).resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.\S+\.arn\}$/)]);
  });

  test("an existing bucket by name: nothing created in B but MyRoleB and its policy; its key gets a key grant", () => {
    const { json } = synthS3({ existingBucketName: "their-bucket", existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" });
    expect(Object.keys(json.resource!).filter((t) => t.startsWith("aws_s3") || t === "aws_kms_key")).toEqual([]);
    expect(policyNamed(json, "changeme-MyRoleB-grants")).toEqual([
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: ["arn:aws:s3:::their-bucket"] },
      { effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], resources: ["arn:aws:s3:::their-bucket/*"] },
      {
        effect: "Allow",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["arn:aws:kms:us-east-1:444455556666:key/k"],
      },
    ]);
    expect(onlyResource(json, "databricks_mount").uri).toBe("s3a://their-bucket");
    expect(Object.keys(clusterNamed(json, SHARED).cluster.spark_conf)).toContain("spark.hadoop.fs.s3a.bucket.their-bucket.assumed.role.arn");
  });

  test("role names and session duration from config", () => {
    const { json } = synthS3({ sourceRoleName: "ClusterRole", targetRoleName: "ReaderRole", maxSessionDurationSeconds: 7200 });
    expect(onlyResource(json, "aws_iam_instance_profile").name).toBe("changeme-ClusterRole");
    expect(roleNamed(json, "changeme-ReaderRole").max_session_duration).toBe(7200);
  });
});

test("the security checks find nothing, with SSE-S3 or a customer key", () => {
  for (const bucketEncryption of ["S3_MANAGED", "KMS"]) {
    const stack = new CrossAccountS3Stack(Testing.app(), "cross-account-s3", { config: resolveConfig({ crossAccount: { s3: { bucketEncryption } } }) });
    const checks = new DataAccessSecurityChecks({ writeReport: false });
    Aspects.of(stack).add(checks);
    Testing.synth(stack);
    expect(checks.reportFor(stack).findings).toEqual([]);
  }
});
