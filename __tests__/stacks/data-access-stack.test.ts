import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { DataAccessStack } from "../../stacks/data-access-stack";
import { onlyResource, resourcesOf, statementsOf, synthJson, resourceCounts } from "../support/stack-json";

function synthDataAccess(override: Record<string, unknown> = {}) {
  const stack = new DataAccessStack(Testing.app(), "data-access", { config: resolveConfig(override) });
  return { stack, json: synthJson(stack) };
}

const ref = (type: string) => new RegExp(`^\\$\\{${type.replace(/\./g, "\\.")}\\.[^.]+\\.`);

describe("DataAccessStack (Databricks provider docs examples)", () => {
  const { json } = synthDataAccess();

  test("every element of the provider docs examples is present", () => {
    expect(resourceCounts(json)).toEqual({
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_policy: 1,
      aws_iam_role: 2,
      aws_iam_instance_profile: 1,
      aws_iam_policy: 1,
      aws_iam_role_policy_attachment: 1,
      aws_iam_role_policy: 1, // the data role's identity grant on the bucket
      databricks_mws_credentials: 1,
      databricks_instance_profile: 1,
      databricks_mount: 1,
      databricks_cluster: 1,
      time_sleep: 2,
    });
    expect(Object.keys(json.data!).sort()).toEqual([
      "aws_iam_policy_document",
      "databricks_aws_assume_role_policy",
      "databricks_aws_bucket_policy",
      "databricks_aws_crossaccount_policy",
      "databricks_node_type",
      "databricks_spark_version",
    ]);
  });

  test("the examples' names, from the prefix", () => {
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("changeme-ds");
    const roles = Object.values(resourcesOf(json, "aws_iam_role")).map((r: any) => r.name).sort();
    expect(roles).toEqual(["changeme-crossaccount-iam-role", "changeme-first-ec2s3"]);
    expect(onlyResource(json, "aws_iam_instance_profile").name).toBe("changeme-first-profile");
    expect(onlyResource(json, "aws_iam_policy").name).toBe("changeme-crossaccount-iam-policy");
    expect(onlyResource(json, "databricks_mws_credentials").credentials_name).toBe("changeme-creds");
    expect(onlyResource(json, "databricks_mount").name).toBe("experiments");
  });

  test("the data role is trusted by EC2 only and described as in the examples", () => {
    const dataRole = Object.values(resourcesOf(json, "aws_iam_role")).find((r: any) => r.name === "changeme-first-ec2s3");
    expect(dataRole.description).toBe("(changeme) EC2 Assume Role role for S3 access");
    expect(statementsOf(json, dataRole.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
  });

  test("the bucket policy merges databricks_aws_bucket_policy (full access = data role) with the TLS deny", () => {
    const bucketPolicy = Object.values(json.data!.databricks_aws_bucket_policy)[0];
    expect(bucketPolicy.provider).toBe("databricks.mws");
    expect(bucketPolicy.aws_partition).toBe("aws");
    expect(bucketPolicy.full_access_role).toMatch(/^\$\{aws_iam_role\.data-role.*\.arn\}$/);
    expect(bucketPolicy.bucket).toMatch(ref("aws_s3_bucket"));
    const policyRef = onlyResource(json, "aws_s3_bucket_policy").policy;
    const doc = json.data!.aws_iam_policy_document[policyRef.split(".")[2]];
    expect(doc.source_policy_documents).toEqual([expect.stringMatching(ref("data.databricks_aws_bucket_policy"))]);
    expect(doc.statement.map((s: any) => s.sid)).toEqual(["DenyInsecureTransport"]);
  });

  test("the data role's identity policy holds the examples' bucket actions on the data bucket only", () => {
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(inline.role).toMatch(/^\$\{aws_iam_role\.data-role/);
    expect(statementsOf(json, inline.policy)).toEqual([
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [expect.stringMatching(/^arn:aws:s3:::\$\{aws_s3_bucket\.data-bucket.*\.bucket\}$/)] },
      { effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], resources: [expect.stringMatching(/\.bucket\}\/\*$/)] },
    ]);
  });

  test("the cross-account policy passes only the data role", () => {
    const policy = Object.values(json.data!.databricks_aws_crossaccount_policy)[0];
    expect(policy.pass_roles).toEqual([expect.stringMatching(/^\$\{aws_iam_role\.data-role.*\.arn\}$/)]);
    expect(policy.policy_type).toBe("managed");
  });

  test("instance profile registered after the propagation wait; mount and cluster use the registration", () => {
    const registration = onlyResource(json, "databricks_instance_profile");
    expect(registration).toEqual(
      expect.objectContaining({
        instance_profile_arn: expect.stringMatching(ref("aws_iam_instance_profile")),
        iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.data-role.*\.arn\}$/),
        skip_validation: false,
        provider: "databricks",
      }),
    );
    expect(registration.depends_on).toEqual([expect.stringMatching(/^time_sleep\.instance-profile-registration_iam-propagation/)]);
    // The wait covers the profile and the workspace role's PassRole grant (the generated policy's attachment).
    const wait = Object.entries(resourcesOf(json, "time_sleep")).find(([id]) => id.startsWith("instance-profile-registration_iam-propagation"))![1];
    expect(wait.depends_on).toEqual([expect.stringMatching(/^aws_iam_instance_profile\./), expect.stringMatching(/^aws_iam_role_policy_attachment\.workspace-role/)]);
    const registrationId = expect.stringMatching(ref("databricks_instance_profile"));
    expect(onlyResource(json, "databricks_mount").s3).toEqual({ bucket_name: expect.stringMatching(ref("aws_s3_bucket")), instance_profile: registrationId });
    expect(onlyResource(json, "databricks_cluster")).toEqual(
      expect.objectContaining({ autoscale: { min_workers: 1, max_workers: 50 }, autotermination_minutes: 20, aws_attributes: { instance_profile_arn: registrationId } }),
    );
  });

  test("providers: AWS pinned to the workspace account, Databricks workspace + mws alias, account ID as a variable", () => {
    expect(json.provider!.aws).toEqual([
      { allowed_account_ids: ["111122223333"], region: "us-east-1", default_tags: [{ tags: { ManagedBy: "cdktf", Project: "databricks-data-access" } }] },
    ]);
    expect(json.provider!.databricks).toEqual([
      { host: "https://changeme.cloud.databricks.com" },
      { alias: "mws", host: "https://accounts.cloud.databricks.com", account_id: "${var.databricks_account_id}" },
    ]);
    expect(json.variable!.databricks_account_id).toEqual(expect.objectContaining({ type: "string" }));
    expect(json.variable!.databricks_account_id.default).toBeUndefined();
    // Every AWS resource is on the default provider (account A); there is no other AWS provider here.
    for (const [type, blocks] of Object.entries(json.resource!)) {
      if (!type.startsWith("aws_")) continue;
      for (const block of Object.values(blocks)) expect((block as any).provider).toBe("aws");
    }
  });

  test("outputs for what a user needs next", () => {
    expect(Object.keys(json.output!).sort()).toEqual([
      "bucket_arn",
      "bucket_name",
      "cluster_id",
      "crossaccount_role_arn",
      "data_role_arn",
      "databricks_credentials_id",
      "instance_profile_arn",
      "mount_source",
    ]);
  });

  test("local state by default; S3 with S3-native locking when configured", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.data-access.tfstate" } });
    const s3 = synthDataAccess({ backend: { type: "s3", bucket: "acme-state", keyPrefix: "dbx", region: "us-east-1" } }).json;
    expect(s3.terraform.backend).toEqual({ s3: { bucket: "acme-state", key: "dbx/data-access.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true } });
  });

  test("config flows into the constructs: KMS bucket, versioning, sizing, no wait, skip validation", () => {
    const custom = synthDataAccess({
      bucket: { encryption: "KMS", versioned: true },
      cluster: { minWorkers: 2, maxWorkers: 4 },
      iamPropagationWaitSeconds: 0,
      skipInstanceProfileValidation: true,
    }).json;
    expect(resourcesOf(custom, "aws_kms_key")).not.toEqual({});
    expect(resourcesOf(custom, "time_sleep")).toEqual({});
    expect(onlyResource(custom, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(onlyResource(custom, "databricks_cluster").autoscale).toEqual({ min_workers: 2, max_workers: 4 });
    expect(onlyResource(custom, "databricks_instance_profile").skip_validation).toBe(true);
    // With a KMS bucket the data role is a key user.
    const keyPolicy = statementsOf(custom, onlyResource(custom, "aws_kms_key").policy);
    expect(keyPolicy[1].principals).toEqual([{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.data-role/)] }]);
  });
});
