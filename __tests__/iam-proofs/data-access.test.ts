/**
 * Access proofs for the data-access stack (Databricks provider docs examples), from its synthesized JSON.
 *
 * Three of its policy documents are computed by the Databricks provider at plan time and are
 * unknown to a synth-only proof: the bucket policy it merges (`databricks_aws_bucket_policy`), the
 * workspace role's trust (`databricks_aws_assume_role_policy`) and its permissions
 * (`databricks_aws_crossaccount_policy`). The proofs come in two kinds:
 * - known statements only: what holds whatever those documents say (explicit denies, the EC2
 *   trust, grants written by our constructs), each assertion acknowledging the unknowns it meets;
 * - under stand-ins transcribed from the Databricks provider's source
 *   (`support/databricks-documents.ts`): what holds if the provider renders what its source says,
 *   each assertion acknowledging the stand-ins it uses.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { DataAccessStack } from "../../stacks/data-access-stack";
import { DATABRICKS_ASSUMED_DOCUMENTS, DATABRICKS_AWS_ACCOUNT_ID } from "../support/databricks-documents";
import { findResource, findRole, IamModel, ModelOptions, modelFromStack, roleOfInstanceProfile } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";

const WORKSPACE_ACCOUNT = "111122223333";
const DATA_ROLE = `arn:aws:iam::${WORKSPACE_ACCOUNT}:role/changeme-first-ec2s3`;
const WORKSPACE_ROLE = `arn:aws:iam::${WORKSPACE_ACCOUNT}:role/changeme-crossaccount-iam-role`;
const BUCKET = "changeme-ds";
const OBJECT = `arn:aws:s3:::${BUCKET}/experiments/part-0000.parquet`;
const OTHER_BUCKET_OBJECT = "arn:aws:s3:::changeme-other-data/part-0000.parquet";
const DATABRICKS_ACCOUNT_ID = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

/** What the data role does on its bucket: read, write, delete and list. */
const DATA_ROLE_REQUESTS: readonly (readonly [string, string])[] = [
  ["s3:GetObject", OBJECT],
  ["s3:PutObject", OBJECT],
  ["s3:DeleteObject", OBJECT],
  ["s3:ListBucket", `arn:aws:s3:::${BUCKET}`],
];

const BUCKET_POLICY = "databricks_aws_bucket_policy";
const ASSUME_ROLE_POLICY = "databricks_aws_assume_role_policy";
const CROSSACCOUNT_POLICY = "databricks_aws_crossaccount_policy";

function dataAccessModel(override: Record<string, unknown> = {}, options: ModelOptions = {}): IamModel {
  const stack = new DataAccessStack(Testing.app(), "data-access", { config: resolveConfig(override) });
  return modelFromStack({ name: "data-access", json: Testing.synth(stack) }, options);
}

describe("data-access stack: known statements only", () => {
  const model = dataAccessModel();

  test("the unknown documents are exactly the three Databricks-generated ones", () => {
    expect(model.unknownDocuments.map((u) => u.split(".")[1]).sort()).toEqual([ASSUME_ROLE_POLICY, BUCKET_POLICY, CROSSACCOUNT_POLICY]);
  });

  test("the instance profile carries the data role, and EC2 may assume it", async () => {
    expect(roleOfInstanceProfile(model, "changeme-first-profile")).toBe(DATA_ROLE);
    expectAllowed(await canAssumeRole(model, { principal: "ec2.amazonaws.com", roleArn: DATA_ROLE }));
  });

  test("nothing but EC2 may assume the data role", async () => {
    for (const principal of ["lambda.amazonaws.com", WORKSPACE_ROLE, `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:root`]) {
      // The data role's trust is fully known, but the other callers' own policies may not be.
      const result = await canAssumeRole(model, { principal, roleArn: DATA_ROLE });
      expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
      expect(result.decision).not.toBe("Allowed");
    }
  });

  test("EC2 -> data role -> read, write and list the data bucket, on the data role's own grant alone", async () => {
    for (const [action, resourceArn] of DATA_ROLE_REQUESTS) {
      const proof = await proveChain(model, [{ principal: "ec2.amazonaws.com", assumeRole: DATA_ROLE }, { action, resourceArn }]);
      expectAllowed(proof, { unknownDocuments: [BUCKET_POLICY] });
    }
    expect(findRole(model, DATA_ROLE).inlinePolicies.map((p) => p.name)).toEqual(["inline:changeme-first-ec2s3-grants"]);
  });

  test("the data role's grant stops at the bucket actions of the examples", async () => {
    const bucketArn = `arn:aws:s3:::${BUCKET}`;
    for (const action of ["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"]) {
      expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action, resourceArn: bucketArn }), "ImplicitlyDenied", { unknownDocuments: [BUCKET_POLICY] });
    }
  });

  test("the data bucket's DenyInsecureTransport holds whatever the Databricks bucket policy says (explicit deny wins)", async () => {
    const result = await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:GetObject", resourceArn: OBJECT, context: { "aws:SecureTransport": "false" } });
    expectDenied(result, "ExplicitlyDenied", { unknownDocuments: [BUCKET_POLICY] });
    expect(result.deniedBy.join("\n")).toContain("DenyInsecureTransport");
  });

  test("the data role gets nothing on another bucket (its identity policies are all known)", async () => {
    const result = await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:GetObject", resourceArn: OTHER_BUCKET_OBJECT, resourceAccount: WORKSPACE_ACCOUNT });
    expect(result.decision).toBe("ImplicitlyDenied");
    expect(result.unknownDocuments).toEqual([]);
  });

  test("no known statement lets the workspace role pass any role; iam:PassRole lives in the unknown cross-account policy", async () => {
    for (const role of [DATA_ROLE, WORKSPACE_ROLE, `arn:aws:iam::${WORKSPACE_ACCOUNT}:role/admin`]) {
      const result = await isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: role });
      expectDenied(result, "ImplicitlyDenied", { unknownDocuments: [CROSSACCOUNT_POLICY] });
    }
  });
});

describe("data-access stack: the cross-account policy's arguments", () => {
  const model = dataAccessModel();

  test("pass_roles is exactly the data role's ARN", () => {
    const block = model.resources.find((r) => r.isData && r.type === CROSSACCOUNT_POLICY)!;
    expect(block.config.pass_roles.map((r: string) => model.resolve(r))).toEqual([DATA_ROLE]);
  });

  test("the bucket policy's full_access_role is the data role and its bucket the data bucket", () => {
    const block = model.resources.find((r) => r.isData && r.type === BUCKET_POLICY)!;
    expect(model.resolve(block.config.full_access_role)).toBe(DATA_ROLE);
    expect(model.resolve(block.config.bucket)).toBe(BUCKET);
  });
});

describe("data-access stack: under the Databricks provider's documents (stand-ins from its source)", () => {
  const model = dataAccessModel({}, { assumedDocuments: DATABRICKS_ASSUMED_DOCUMENTS, variables: { databricks_account_id: DATABRICKS_ACCOUNT_ID } });

  test("EC2 -> data role -> read, write and list the data bucket", async () => {
    for (const [action, resourceArn] of DATA_ROLE_REQUESTS) {
      const proof = await proveChain(model, [{ principal: "ec2.amazonaws.com", assumeRole: DATA_ROLE }, { action, resourceArn }]);
      expectAllowed(proof, { assumedDocuments: [BUCKET_POLICY] });
    }
  });

  test("denied: the data role beyond the bucket policy's actions, on another bucket, or without TLS", async () => {
    const bucketArn = `arn:aws:s3:::${BUCKET}`;
    expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:PutBucketPolicy", resourceArn: bucketArn }), "ImplicitlyDenied", { assumedDocuments: [BUCKET_POLICY] });
    expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:DeleteBucket", resourceArn: bucketArn }), "ImplicitlyDenied", { assumedDocuments: [BUCKET_POLICY] });
    expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:GetObject", resourceArn: OTHER_BUCKET_OBJECT, resourceAccount: WORKSPACE_ACCOUNT }), "ImplicitlyDenied");
    expectDenied(
      await isAllowed(model, { principalArn: DATA_ROLE, action: "s3:GetObject", resourceArn: OBJECT, context: { "aws:SecureTransport": "false" } }),
      "ExplicitlyDenied",
      { assumedDocuments: [BUCKET_POLICY] },
    );
  });

  test("the workspace role may pass the data role, and no other role", async () => {
    expectAllowed(await isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: DATA_ROLE }), { assumedDocuments: [CROSSACCOUNT_POLICY] });
    for (const role of [WORKSPACE_ROLE, `arn:aws:iam::${WORKSPACE_ACCOUNT}:role/admin`, `arn:aws:iam::${WORKSPACE_ACCOUNT}:role/changeme-first-ec2s3-other`]) {
      expectDenied(await isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: role }), "ImplicitlyDenied", { assumedDocuments: [CROSSACCOUNT_POLICY] });
    }
  });

  test("the workspace role's trust admits Databricks' account only with the Databricks account ID as external ID", async () => {
    // Databricks' callers are outside the model (their identity policies are unknown), so these check the trust side.
    const databricksCaller = `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:role/databricks-control-plane`;
    const withId = await canAssumeRole(model, { principal: databricksCaller, roleArn: WORKSPACE_ROLE, externalId: DATABRICKS_ACCOUNT_ID });
    expect(withId.resourcePolicyDecision).toBe("AllowedForAccount");
    expect(withId.assumedDocuments.join()).toContain(ASSUME_ROLE_POLICY);
    const withoutId = await canAssumeRole(model, { principal: databricksCaller, roleArn: WORKSPACE_ROLE });
    expect(withoutId.resourcePolicyDecision).toBe("ImplicitlyDenied");
    const otherAccount = await canAssumeRole(model, { principal: "arn:aws:iam::999988887777:role/x", roleArn: WORKSPACE_ROLE, externalId: DATABRICKS_ACCOUNT_ID });
    expect(otherAccount.resourcePolicyDecision).toBe("ImplicitlyDenied");
  });
});

describe("data-access stack with KMS encryption", () => {
  const model = dataAccessModel({ bucket: { encryption: "KMS" } });
  const keyArn = () => findResource(model, "aws_kms_key").arn!;

  test("the data role may use the bucket key; the workspace role may not", async () => {
    // The key ARN is synthetic (assigned at apply) but the same in the key policy, grants and bucket encryption.
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
      expectAllowed(await isAllowed(model, { principalArn: DATA_ROLE, action, resourceArn: keyArn() }));
    }
    expectDenied(await isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "kms:Decrypt", resourceArn: keyArn() }), "ImplicitlyDenied", {
      unknownDocuments: [CROSSACCOUNT_POLICY],
    });
  });

  test("the data role may not administer the key", async () => {
    expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action: "kms:ScheduleKeyDeletion", resourceArn: keyArn() }), "ImplicitlyDenied");
    expectDenied(await isAllowed(model, { principalArn: DATA_ROLE, action: "kms:PutKeyPolicy", resourceArn: keyArn() }), "ImplicitlyDenied");
  });
});
