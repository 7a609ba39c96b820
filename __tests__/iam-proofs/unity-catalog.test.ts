/**
 * Access proofs for the unity-catalog stack, from its synthesized JSON.
 *
 * The storage and Kinesis roles trust `databricks_aws_unity_catalog_assume_role_policy`, computed by
 * the Databricks provider: the proofs use the stand-in transcribed from its Go source
 * (`support/databricks-documents.ts`) and acknowledge it wherever the trust takes part. The external
 * ID in that trust is the credential's computed `aws_iam_role[0].external_id`; the model turns it
 * into a placeholder, which is what Databricks' Unity Catalog role presents here. Everything else
 * (identity policies, bucket policy, stream grants) is written by our constructs.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { UnityCatalogStack } from "../../stacks/unity-catalog-stack";
import { DATABRICKS_ASSUMED_DOCUMENTS, UNITY_CATALOG_IAM_ARNS } from "../support/databricks-documents";
import { IamModel, modelFromStack } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed } from "../support/iam-proof";

const B = "444455556666";
const UC_ROLE = UNITY_CATALOG_IAM_ARNS.aws;
const STORAGE_ROLE = `arn:aws:iam::${B}:role/changeme-uc-storage`;
const KINESIS_ROLE = `arn:aws:iam::${B}:role/changeme-uc-kinesis`;
const BUCKET = "arn:aws:s3:::changeme-uc-data";
const LANDING_OBJECT = `${BUCKET}/landing/2026/11/part-0000.parquet`;
const CURATED_OBJECT = `${BUCKET}/curated/sales/part-0000.parquet`;
const STREAM = `arn:aws:kinesis:us-east-1:${B}:stream/changeme-uc-events`;
const TRUST = "databricks_aws_unity_catalog_assume_role_policy";

function model(unityCatalog: Record<string, unknown> = {}): IamModel {
  const config = resolveConfig({ unityCatalog });
  return modelFromStack(Testing.synth(new UnityCatalogStack(Testing.app(), "unity-catalog", { config })), { assumedDocuments: DATABRICKS_ASSUMED_DOCUMENTS });
}

/** The external ID the trust of `roleName` expects, resolved as the model resolves it (the credential's computed attribute). */
function externalIdOf(m: IamModel, roleName: string): string {
  const [trust, ...others] = m.resources.filter((r) => r.isData && r.type === "databricks_aws_unity_catalog_assume_role_policy" && r.config.role_name === roleName);
  expect(others).toEqual([]);
  expect(trust.config.external_id).toMatch(/^\$\{databricks_(storage_)?credential\.[^.]+\.aws_iam_role\[0\]\.external_id\}$/);
  return m.resolve(trust.config.external_id);
}

describe("unity catalog: Databricks assumes the storage role", () => {
  const m = model();
  const externalId = externalIdOf(m, "changeme-uc-storage");

  test("Databricks' Unity Catalog role, presenting the credential's external ID, is admitted by the storage role's trust", async () => {
    // Databricks' role is outside the model (its identity policy is Databricks'), so this checks the trust side.
    const result = await canAssumeRole(m, { principal: UC_ROLE, roleArn: STORAGE_ROLE, externalId });
    expect(result.resourcePolicyDecision).toBe("Allowed");
    expect(result.assumedDocuments.join()).toContain(TRUST);
  });

  test("the storage role may assume itself (trust + its own sts:AssumeRole grant)", async () => {
    const result = await canAssumeRole(m, { principal: STORAGE_ROLE, roleArn: STORAGE_ROLE, externalId });
    expect(result.identityDecision).toBe("Allowed");
    expectAllowed(result, { assumedDocuments: [TRUST] });
  });

  test("without the external ID, neither Databricks nor the role itself may assume it", async () => {
    for (const principal of [UC_ROLE, STORAGE_ROLE]) {
      const result = await canAssumeRole(m, { principal, roleArn: STORAGE_ROLE });
      expect(result.allowedByBothSides).toBe(false);
      expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
    }
  });

  test("another principal with the right external ID may not: another role of B, another Databricks role, the Kinesis role", async () => {
    for (const principal of [`arn:aws:iam::${B}:role/OrganizationAccountAccessRole`, "arn:aws:iam::414351767826:role/some-other-databricks-role", KINESIS_ROLE]) {
      const result = await canAssumeRole(m, { principal, roleArn: STORAGE_ROLE, externalId });
      expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
      expect(result.allowedByBothSides).toBe(false);
    }
  });
});

describe("unity catalog: the storage role reaches exactly its locations", () => {
  const m = model();

  test.each([
    ["s3:GetObject", LANDING_OBJECT],
    ["s3:PutObject", LANDING_OBJECT],
    ["s3:DeleteObject", LANDING_OBJECT],
    ["s3:GetObject", CURATED_OBJECT],
    ["s3:GetBucketLocation", BUCKET],
  ])("allowed: %s on %s", async (action, resourceArn) => {
    expectAllowed(await isAllowed(m, { principalArn: STORAGE_ROLE, action, resourceArn }));
  });

  test("allowed: listing under each location's prefix, as an assumed-role session", async () => {
    for (const prefix of ["landing/", "curated/sales/"]) {
      const result = await isAllowed(m, { principalArn: STORAGE_ROLE, sessionName: "databricks", action: "s3:ListBucket", resourceArn: BUCKET, context: { "s3:prefix": prefix } });
      expectAllowed(result);
    }
  });

  test("denied: writing or deleting on the read-only location", async () => {
    for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
      expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action, resourceArn: CURATED_OBJECT }), "ImplicitlyDenied");
    }
  });

  test("allowed: listing the whole bucket (the root, a sibling prefix), as Databricks' storage-credential policy grants it", async () => {
    // Unconditioned s3:ListBucket: a HEAD on a missing key answers 404, not 403 (Unity Catalog's existence checks).
    for (const prefix of ["", "secret/", "landing-old/"]) {
      const result = await isAllowed(m, { principalArn: STORAGE_ROLE, action: "s3:ListBucket", resourceArn: BUCKET, context: { "s3:prefix": prefix } });
      expectAllowed(result);
    }
  });

  test("denied: reading, writing or deleting objects outside the granted prefixes (a sibling, another prefix, the bucket root)", async () => {
    for (const object of [`${BUCKET}/landing-old/x.parquet`, `${BUCKET}/secret/x.parquet`, `${BUCKET}/top.parquet`]) {
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
        expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action, resourceArn: object }), "ImplicitlyDenied");
      }
    }
  });

  test("denied: an ungranted bucket, bucket administration, and the stream (the Kinesis role's grant)", async () => {
    const other = await isAllowed(m, { principalArn: STORAGE_ROLE, action: "s3:GetObject", resourceArn: "arn:aws:s3:::changeme-other-data/x", resourceAccount: B });
    expectDenied(other, "ImplicitlyDenied");
    for (const action of ["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutBucketNotification"]) {
      expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action, resourceArn: BUCKET }), "ImplicitlyDenied");
    }
    expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action: "kinesis:GetRecords", resourceArn: STREAM }), "ImplicitlyDenied");
  });

  test("TLS only: the bucket policy denies the storage role over plain HTTP", async () => {
    const result = await isAllowed(m, { principalArn: STORAGE_ROLE, action: "s3:GetObject", resourceArn: LANDING_OBJECT, context: { "aws:SecureTransport": "false" } });
    expectDenied(result, "ExplicitlyDenied");
  });
});

describe("unity catalog: options", () => {
  test("KMS bucket: the storage role may use the bucket's key; the Kinesis role may not", async () => {
    const m = model({ bucketEncryption: "KMS" });
    const [key] = [...m.resourcePolicies.values()].filter((p) => p.resourceArn.includes(":kms:"));
    expect(key.accountId).toBe(B);
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
      expectAllowed(await isAllowed(m, { principalArn: STORAGE_ROLE, action, resourceArn: key.resourceArn }));
    }
    expectDenied(await isAllowed(m, { principalArn: KINESIS_ROLE, action: "kms:Decrypt", resourceArn: key.resourceArn }), "ImplicitlyDenied");
  });

  test("file events: bucket notifications and Databricks' csms-* queues, nothing else", async () => {
    const m = model({ locations: [{ name: "events", prefix: "events", access: "read", grants: [], fileEvents: true }] });
    expectAllowed(await isAllowed(m, { principalArn: STORAGE_ROLE, action: "s3:PutBucketNotification", resourceArn: BUCKET }));
    expectAllowed(await isAllowed(m, { principalArn: STORAGE_ROLE, action: "sqs:ReceiveMessage", resourceArn: `arn:aws:sqs:us-east-1:${B}:csms-abc` }));
    expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action: "sqs:ReceiveMessage", resourceArn: `arn:aws:sqs:us-east-1:${B}:orders` }), "ImplicitlyDenied");
    expectDenied(await isAllowed(m, { principalArn: STORAGE_ROLE, action: "s3:PutBucketNotification", resourceArn: "arn:aws:s3:::changeme-other-data", resourceAccount: B }), "ImplicitlyDenied");
  });
});

describe("unity catalog: Kinesis through the service credential", () => {
  const m = model();
  const externalId = externalIdOf(m, "changeme-uc-kinesis");

  test("Databricks' Unity Catalog role with the service credential's external ID is admitted by the Kinesis role's trust, which may assume itself", async () => {
    const databricks = await canAssumeRole(m, { principal: UC_ROLE, roleArn: KINESIS_ROLE, externalId });
    expect(databricks.resourcePolicyDecision).toBe("Allowed");
    expect(databricks.assumedDocuments.join()).toContain(TRUST);
    expectAllowed(await canAssumeRole(m, { principal: KINESIS_ROLE, roleArn: KINESIS_ROLE, externalId }), { assumedDocuments: [TRUST] });
  });

  test("the storage credential's external ID does not open the Kinesis role", async () => {
    const storageExternalId = externalIdOf(m, "changeme-uc-storage");
    expect(storageExternalId).not.toBe(externalId);
    const result = await canAssumeRole(m, { principal: UC_ROLE, roleArn: KINESIS_ROLE, externalId: storageExternalId });
    expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
  });

  test.each(["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"])("the Kinesis role may %s on the stream", async (action) => {
    expectAllowed(await isAllowed(m, { principalArn: KINESIS_ROLE, action, resourceArn: STREAM }));
  });

  test("denied: writes to the stream, another stream, and the bucket", async () => {
    expectDenied(await isAllowed(m, { principalArn: KINESIS_ROLE, action: "kinesis:PutRecord", resourceArn: STREAM }), "ImplicitlyDenied");
    expectDenied(await isAllowed(m, { principalArn: KINESIS_ROLE, action: "kinesis:GetRecords", resourceArn: `arn:aws:kinesis:us-east-1:${B}:stream/other` }), "ImplicitlyDenied");
    expectDenied(await isAllowed(m, { principalArn: KINESIS_ROLE, action: "s3:GetObject", resourceArn: LANDING_OBJECT }), "ImplicitlyDenied");
  });
});
