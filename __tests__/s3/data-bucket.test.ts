import { Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { BucketEncryption, DataBucket } from "../../modules/s3/data-bucket";
import { ExistingEncryptionKey } from "../../modules/kms/existing-encryption-key";
import { Role } from "../../modules/iam/role";
import { ServicePrincipal } from "../../modules/iam/policy-statement";
import { Grant } from "../../modules/iam/grant";
import { onlyResource, statementsOf, synthJson, testStack } from "../support/stack-json";
import { warningsOf } from "../support/warnings";

function bucketStack(props: Partial<ConstructorParameters<typeof DataBucket>[2]> = {}) {
  const t = testStack();
  const bucket = new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "changeme-ds", ...props });
  return { ...t, bucket };
}

describe("DataBucket safe defaults", () => {
  test("private: all four public access blocks and bucket-owner-enforced ownership", () => {
    const { stack } = bucketStack();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("encrypted with SSE-S3 by default, versioning disabled, no force_destroy", () => {
    const { stack } = bucketStack();
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "changeme-ds", force_destroy: false, tags: { Name: "changeme-ds" } });
    expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Disabled" } });
  });

  test("force_destroy and versioning only when asked", () => {
    const { stack } = bucketStack({ forceDestroy: true, versioned: true });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(S3Bucket, { force_destroy: true });
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("the bucket policy denies non-TLS requests to everyone, on the bucket and its objects", () => {
    const { stack } = bucketStack();
    const json = synthJson(stack);
    const policy = onlyResource(json, "aws_s3_bucket_policy");
    const [deny] = statementsOf(json, policy.policy);
    expect(deny).toEqual({
      sid: "DenyInsecureTransport",
      effect: "Deny",
      actions: ["s3:*"],
      principals: [{ type: "*", identifiers: ["*"] }],
      resources: [expect.stringMatching(/^arn:aws:s3:::\$\{aws_s3_bucket\.\S+\.bucket\}$/), expect.stringMatching(/\.bucket\}\/\*$/)],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    // The policy waits for the public access block, which S3 applies first.
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]);
  });

  test("other documents are merged into the bucket policy (databricks_aws_bucket_policy)", () => {
    const { stack, bucket } = bucketStack();
    bucket.addPolicyDocument("${data.databricks_aws_bucket_policy.ds.json}");
    const json = synthJson(stack);
    const doc = Object.values(json.data!.aws_iam_policy_document)[0];
    expect(doc.source_policy_documents).toEqual(["${data.databricks_aws_bucket_policy.ds.json}"]);
  });

  test("KMS encryption creates a rotating customer key and uses it with bucket keys", () => {
    const { stack } = bucketStack({ encryption: BucketEncryption.KMS });
    const json = synthJson(stack);
    const key = onlyResource(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const sse = onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0]).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/) },
      bucket_key_enabled: true,
    });
  });

  test("a given key implies KMS encryption", () => {
    const t = testStack();
    const key = new ExistingEncryptionKey(t.stack, "key", { account: t.accountA, keyArn: "arn:aws:kms:us-east-1:111122223333:key/abc" });
    new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "changeme-ds", encryptionKey: key });
    const sse = onlyResource(synthJson(t.stack), "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-east-1:111122223333:key/abc" });
  });

  test("bad bucket names fail at synth time", () => {
    const t = testStack();
    expect(() => new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "Bad_Name" })).toThrow(
      'DataBucket.bucketName "Bad_Name" is invalid: must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, have no two adjacent dots and no dot beside a hyphen, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, --x-s3, --table-s3 or .mrap (reserved by AWS)',
    );
  });
});

describe("DataBucket grants", () => {
  function grantee(t: ReturnType<typeof testStack>, account: "A" | "B") {
    return new Role(t.stack, `reader-${account}`, {
      account: account === "A" ? t.accountA : t.accountB,
      roleName: `reader-${account}`,
      assumedBy: [new ServicePrincipal("ec2.amazonaws.com")],
    });
  }

  test("same account: the reader actions go to the role's identity policy only", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    bucket.grantReadWrite(grantee(t, "B"));
    const json = synthJson(t.stack);
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(statementsOf(json, inline.policy)).toEqual([
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], resources: [expect.stringMatching(/^arn:aws:s3:::\$\{aws_s3_bucket\..+\.bucket\}$/)] },
      {
        effect: "Allow",
        actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: [expect.stringMatching(/\.bucket\}\/\*$/)],
      },
    ]);
    const bucketPolicy = onlyResource(json, "aws_s3_bucket_policy");
    expect(statementsOf(json, bucketPolicy.policy).map((s) => s.sid)).toEqual(["DenyInsecureTransport"]);
  });

  test("a prefix scopes objects to <prefix>/* and listing to s3:prefix <prefix>/*, on both sides across accounts", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    bucket.grantRead(grantee(t, "A"), { prefix: "landing/raw" });
    const json = synthJson(t.stack);
    const expected = [
      { effect: "Allow", actions: ["s3:GetBucketLocation"], resources: [expect.stringMatching(/\.bucket\}$/)] },
      {
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: [expect.stringMatching(/\.bucket\}$/)],
        condition: [{ test: "StringLike", variable: "s3:prefix", values: ["landing/raw/*"] }],
      },
      { effect: "Allow", actions: ["s3:GetObject"], resources: [expect.stringMatching(/\.bucket\}\/landing\/raw\/\*$/)] },
    ];
    expect(statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy)).toEqual(expected);
    const bucketStatements = statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy).slice(1);
    expect(bucketStatements.map(({ principals, ...rest }: any) => rest)).toEqual(expected);
  });

  test("listWholeBucket: listing on the whole bucket without a condition, objects still under the prefix, on both sides across accounts", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    bucket.grantReadWrite(grantee(t, "A"), { prefix: "landing/raw", listWholeBucket: true });
    const json = synthJson(t.stack);
    const expected = [
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [expect.stringMatching(/\.bucket\}$/)] },
      {
        effect: "Allow",
        actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: [expect.stringMatching(/\.bucket\}\/landing\/raw\/\*$/)],
      },
    ];
    expect(statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy)).toEqual(expected);
    const bucketStatements = statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy).slice(1);
    expect(bucketStatements.map(({ principals, ...rest }: any) => rest)).toEqual(expected);
  });

  test("s3:ListBucketMultipartUploads (S3A committers) on whole-bucket read-write grants only", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    const bucketActions = (grants: Grant[]) => grants[0].principalStatement?.actions;
    expect(bucketActions(bucket.grantReadWrite(grantee(t, "A")))).toContain("s3:ListBucketMultipartUploads");
    const roleB = grantee(t, "B");
    expect(bucketActions(bucket.grantRead(roleB))).not.toContain("s3:ListBucketMultipartUploads");
    // It lists the pending uploads of the whole bucket: a prefix grant leaves it out.
    const prefixGrants = bucket.grantReadWrite(roleB, { prefix: "landing" });
    expect(prefixGrants.flatMap((g) => g.principalStatement?.actions ?? [])).not.toContain("s3:ListBucketMultipartUploads");
  });

  test("a prefix with a wildcard or slash at either end fails at synth", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    expect(() => bucket.grantRead(grantee(t, "B"), { prefix: "landing/*" })).toThrow(
      'BucketGrantOptions.prefix "landing/*" is invalid: must be an S3 key prefix like data/hr',
    );
  });

  test("cross account: the bucket policy also names the role", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds" });
    bucket.grantRead(grantee(t, "A"));
    const json = synthJson(t.stack);
    const statements = statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy);
    expect(statements.slice(1)).toEqual([
      expect.objectContaining({ actions: ["s3:GetBucketLocation", "s3:ListBucket"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader-A.*\.arn\}$/)] }] }),
      expect.objectContaining({ actions: ["s3:GetObject"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.reader-A.*\.arn\}$/)] }] }),
    ]);
  });

  test("a KMS bucket makes the reader a key user in the key's account (key policy + identity policy)", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-ds", encryption: BucketEncryption.KMS });
    bucket.grantRead(grantee(t, "A"));
    const json = synthJson(t.stack);
    const key = onlyResource(json, "aws_kms_key");
    expect(key.provider).toBe("aws.data");
    const keyStatements = statementsOf(json, key.policy);
    expect(keyStatements[1]).toEqual(
      expect.objectContaining({ actions: ["kms:Decrypt"], resources: ["*"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(/reader-A/)] }] }),
    );
    const identity = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(identity[2]).toEqual({ effect: "Allow", actions: ["kms:Decrypt"], resources: [expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)] });
  });

  test("an existing bucket by name gets identity grants with a literal ARN, and one warning across accounts (not one per statement)", () => {
    const t = testStack();
    const bucket = DataBucket.fromBucketName(t.stack, "existing", { account: t.accountB, bucketName: "their-bucket" });
    bucket.grantRead(grantee(t, "A"));
    const json = synthJson(t.stack);
    expect(json.resource!.aws_s3_bucket_policy).toBeUndefined();
    const identity = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(identity.map((s: any) => s.resources)).toEqual([["arn:aws:s3:::their-bucket"], ["arn:aws:s3:::their-bucket/*"]]);
    // Two grants (bucket and objects) need the bucket policy, and the warning is given once.
    expect(warningsOf(bucket)).toEqual([
      "GRANT-RESOURCE-POLICY-NOT-MANAGED: Cross-account grant to a resource this stack does not manage: the owner of account " +
        "444455556666 must also allow 111122223333 in its resource policy.",
    ]);
  });
});
