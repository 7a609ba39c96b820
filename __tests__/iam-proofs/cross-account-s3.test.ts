/**
 * Access proofs for the cross-account S3 scenario (the Databricks guide "Secure access to S3 buckets across
 * accounts using instance profiles with an AssumeRole policy", steps 1-5), from the synthesized JSON of the
 * data-access stack (which owns the workspace cross-account role) and the cross-account-s3 stack, modelled
 * together as they are deployed.
 *
 * The chain: EC2 -> MyRoleA (instance profile) -> sts:AssumeRole MyRoleB (account B) -> S3 on the
 * bucket in B. Every policy on that chain is written by our constructs, so those proofs are complete.
 * Probes on the workspace role meet the Databricks-generated cross-account policy, unknown before
 * apply, and acknowledge it.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { DataAccessStack } from "../../stacks/data-access-stack";
import { CrossAccountS3Stack } from "../../stacks/cross-account-s3-stack";
import { IamModel, modelFromStacks, roleOfInstanceProfile } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";

const A = "111122223333";
const B = "444455556666";
const ROLE_A = `arn:aws:iam::${A}:role/changeme-MyRoleA`;
const ROLE_B = `arn:aws:iam::${B}:role/changeme-MyRoleB`;
const WORKSPACE_ROLE = `arn:aws:iam::${A}:role/changeme-crossaccount-iam-role`;
const OTHER_ROLE_IN_A = `arn:aws:iam::${A}:role/changeme-first-ec2s3`; // the data-access stack's EC2 role
const BUCKET = "arn:aws:s3:::changeme-xacct-ds";
const OBJECT = `${BUCKET}/experiments/part-0000.parquet`;
const CROSSACCOUNT_POLICY = "databricks_aws_crossaccount_policy";

// The data-access stack does not depend on the cross-account section: synthesized once per file.
let dataAccessJson: string | undefined;

function model(s3: Record<string, unknown> = {}): IamModel {
  const config = resolveConfig({ crossAccount: { s3 } });
  dataAccessJson ??= Testing.synth(new DataAccessStack(Testing.app(), "data-access", { config }));
  const crossAccount = new CrossAccountS3Stack(Testing.app(), "cross-account-s3", { config });
  return modelFromStacks([
    { name: "data-access", json: dataAccessJson },
    { name: "cross-account-s3", json: Testing.synth(crossAccount) },
  ]);
}

describe("cross-account S3: the allowed chain", () => {
  const m = model();

  test("MyRoleA's instance profile carries MyRoleA", () => {
    expect(roleOfInstanceProfile(m, "changeme-MyRoleA")).toBe(ROLE_A);
  });

  test("EC2 -> MyRoleA -> sts:AssumeRole MyRoleB -> s3:GetObject, ListBucket, PutObject on the bucket in B", async () => {
    const chain = await proveChain(m, [
      { principal: "ec2.amazonaws.com", assumeRole: ROLE_A },
      { assumeRole: ROLE_B },
      { action: "s3:GetObject", resourceArn: OBJECT },
      { action: "s3:ListBucket", resourceArn: BUCKET, principalArn: ROLE_B },
      { action: "s3:PutObject", resourceArn: OBJECT, principalArn: ROLE_B },
      { action: "s3:DeleteObject", resourceArn: OBJECT, principalArn: ROLE_B },
    ]);
    expectAllowed(chain);
  });

  test("as the assumed-role session S3A uses", async () => {
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, sessionName: "s3a-session", action: "s3:GetObject", resourceArn: OBJECT }));
  });

  test("the workspace role may pass MyRoleA to EC2 (our PassRole statement)", async () => {
    const result = await isAllowed(m, {
      principalArn: WORKSPACE_ROLE,
      action: "iam:PassRole",
      resourceArn: ROLE_A,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    });
    expectAllowed(result, { unknownDocuments: [CROSSACCOUNT_POLICY] });
  });
});

describe("cross-account S3: denied probes", () => {
  const m = model();

  test("another role in account A cannot assume MyRoleB (the trust names MyRoleA, not A's root)", async () => {
    const result = await canAssumeRole(m, { principal: OTHER_ROLE_IN_A, roleArn: ROLE_B });
    expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
    expectDenied(result, "ImplicitlyDenied");
  });

  test("a role of another account, even named MyRoleA, cannot assume MyRoleB", async () => {
    const result = await canAssumeRole(m, { principal: "arn:aws:iam::777788889999:role/changeme-MyRoleA", roleArn: ROLE_B });
    expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
    expect(result.allowedByBothSides).toBe(false);
    expect(result.decision).not.toBe("Allowed");
  });

  test("MyRoleA may assume nothing but MyRoleB", async () => {
    const result = await isAllowed(m, { principalArn: ROLE_A, action: "sts:AssumeRole", resourceArn: `arn:aws:iam::${B}:role/OrganizationAccountAccessRole` });
    expect(result.identityDecision).toBe("ImplicitlyDenied");
  });

  test("MyRoleA itself cannot read the bucket (only through MyRoleB)", async () => {
    expectDenied(await isAllowed(m, { principalArn: ROLE_A, action: "s3:GetObject", resourceArn: OBJECT }), "ImplicitlyDenied");
  });

  test.each(["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutBucketAcl", "s3:GetBucketPolicy"])("MyRoleB cannot %s (beyond the grant)", async (action) => {
    expectDenied(await isAllowed(m, { principalArn: ROLE_B, action, resourceArn: BUCKET }), "ImplicitlyDenied");
  });

  test("MyRoleB cannot read another bucket", async () => {
    const result = await isAllowed(m, { principalArn: ROLE_B, action: "s3:GetObject", resourceArn: "arn:aws:s3:::changeme-other-data/x", resourceAccount: B });
    expectDenied(result, "ImplicitlyDenied");
  });

  test("TLS only: the bucket policy denies MyRoleB over plain HTTP", async () => {
    const result = await isAllowed(m, { principalArn: ROLE_B, action: "s3:GetObject", resourceArn: OBJECT, context: { "aws:SecureTransport": "false" } });
    expectDenied(result, "ExplicitlyDenied");
  });

  test("the workspace role cannot pass an unrelated role, nor MyRoleA to another service, by our statements", async () => {
    const unrelated = await isAllowed(m, {
      principalArn: WORKSPACE_ROLE,
      action: "iam:PassRole",
      resourceArn: `arn:aws:iam::${A}:role/admin`,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    });
    expectDenied(unrelated, "ImplicitlyDenied", { unknownDocuments: [CROSSACCOUNT_POLICY] });
    const toLambda = await isAllowed(m, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: ROLE_A, context: { "iam:PassedToService": "lambda.amazonaws.com" } });
    expectDenied(toLambda, "ImplicitlyDenied", { unknownDocuments: [CROSSACCOUNT_POLICY] });
  });
});

describe("cross-account S3: options", () => {
  test("read-only: MyRoleB reads but cannot write or delete", async () => {
    const m = model({ access: "read" });
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, action: "s3:GetObject", resourceArn: OBJECT }));
    for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectAcl"]) {
      expectDenied(await isAllowed(m, { principalArn: ROLE_B, action, resourceArn: OBJECT }), "ImplicitlyDenied");
    }
  });

  test("KMS: MyRoleB may decrypt with the bucket's key, MyRoleA may not", async () => {
    const m = model({ bucketEncryption: "KMS" });
    const [key] = [...m.resourcePolicies.values()].filter((p) => p.resourceArn.includes(":kms:"));
    expect(key.accountId).toBe(B);
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, action: "kms:Decrypt", resourceArn: key.resourceArn }));
    expectDenied(await isAllowed(m, { principalArn: ROLE_A, action: "kms:Decrypt", resourceArn: key.resourceArn }), "ImplicitlyDenied");
  });
});
