import { readFileSync } from "fs";
import * as path from "path";
import { BucketEncryption, DataBucket } from "../../modules/s3/data-bucket";
import { SamlProvider } from "../../modules/iam/saml-provider";
import { ArnPrincipal } from "../../modules/iam/policy-statement";
import { SamlFederatedDataRole } from "../../modules/iam/saml-federated-data-role";
import { logicalIdOf, onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

const METADATA = readFileSync(path.join(__dirname, "..", "..", "config", "saml-idp-metadata.example.xml"), "utf8");
const META_ROLE = "arn:aws:iam::111122223333:role/changeme-passthrough-meta-role";
const WORKSPACE_AUDIENCE = "https://changeme.cloud.databricks.com/saml/consume";

/** GIVEN a SAML provider and a bucket in account A, and the two datasets of the credential passthrough blog. */
function setup(encryption = BucketEncryption.S3_MANAGED) {
  const t = testStack();
  const samlProvider = new SamlProvider(t.stack, "idp", { account: t.accountA, providerName: "changeme-databricks-idp", metadataDocument: METADATA });
  const bucket = new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "changeme-passthrough-data", encryption });
  const role = (id: string, roleName: string, prefix: string, extra: object = {}) =>
    new SamlFederatedDataRole(t.stack, id, { samlProvider, roleName, bucket, prefix, samlAudiences: [WORKSPACE_AUDIENCE], ...extra });
  return { ...t, samlProvider, bucket, role };
}

function roleBlock(json: any, name: string): any {
  return json.resource.aws_iam_role[logicalIdOf(json, "aws_iam_role", (r) => r.name === name)];
}

function inlineStatements(json: any, roleName: string): any[] {
  const roleId = logicalIdOf(json, "aws_iam_role", (r) => r.name === roleName);
  const inline = Object.values(resourcesOf(json, "aws_iam_role_policy")).filter((p: any) => p.role === `\${aws_iam_role.${roleId}.name}`);
  return inline.flatMap((p: any) => statementsOf(json, p.policy));
}

describe("SamlProvider", () => {
  test("creates the IAM SAML provider with the metadata as given", () => {
    const t = setup();
    const provider = onlyResource(synthJson(t.stack), "aws_iam_saml_provider");
    expect(provider).toEqual(expect.objectContaining({ name: "changeme-databricks-idp", saml_metadata_document: METADATA, provider: "aws" }));
  });

  test.each([
    ["a name with a space", { providerName: "has space" }, 'SamlProvider.providerName "has space" is invalid: must be 1-128 characters of letters, digits and _.-'],
    ["blank metadata", { metadataDocument: "  " }, 'SamlProvider.metadataDocument "  " is invalid: must not be empty'],
    [
      "metadata shorter than IAM accepts",
      { metadataDocument: "<EntityDescriptor/>" },
      'SamlProvider.metadataDocument "<EntityDescriptor/>" is invalid: must be 1000 to 10000000 characters long (IAM\'s limits for a SAML metadata document)',
    ],
    [
      "a document that is not SAML metadata",
      { metadataDocument: `<html>${"x".repeat(1000)}</html>` },
      `SamlProvider.metadataDocument "<html>${"x".repeat(51)}..." is invalid: must be SAML 2.0 identity provider metadata: ` +
        "an EntityDescriptor of namespace urn:oasis:names:tc:SAML:2.0:metadata with an IDPSSODescriptor",
    ],
    [
      "service-provider metadata (no IDPSSODescriptor)",
      { metadataDocument: METADATA.replace(/IDPSSODescriptor/g, "SPSSODescriptor") },
      "is invalid: must be SAML 2.0 identity provider metadata",
    ],
  ])("rejects %s", (_, override, message) => {
    const t = testStack();
    expect(
      () => new SamlProvider(t.stack, "idp", { account: t.accountA, providerName: "changeme-databricks-idp", metadataDocument: METADATA, ...override }),
    ).toThrow(message);
  });
});

describe("SamlFederatedDataRole", () => {
  test("trusts only the SAML provider, for AssumeRoleWithSAML, only with the audience", () => {
    const t = setup();
    t.role("sensitive", "changeme-sensitive-data-role", "data/sensitive");
    const json = synthJson(t.stack);
    const providerId = Object.keys(resourcesOf(json, "aws_iam_saml_provider"))[0];
    expect(statementsOf(json, roleBlock(json, "changeme-sensitive-data-role").assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithSAML"],
        principals: [{ type: "Federated", identifiers: [`\${aws_iam_saml_provider.${providerId}.arn}`] }],
        condition: [{ test: "StringEquals", variable: "SAML:aud", values: [WORKSPACE_AUDIENCE] }],
      },
    ]);
  });

  test("other audiences replace the default", () => {
    const t = setup();
    t.role("hr", "hr", "data/hr", { samlAudiences: ["https://changeme.cloud.databricks.com/saml/consume"] });
    const json = synthJson(t.stack);
    const [trust] = statementsOf(json, roleBlock(json, "hr").assume_role_policy);
    expect(trust.condition).toEqual([{ test: "StringEquals", variable: "SAML:aud", values: ["https://changeme.cloud.databricks.com/saml/consume"] }]);
  });

  test("trustMetaRole adds exactly that role ARN for sts:AssumeRole, once", () => {
    const t = setup();
    const role = t.role("hr", "hr", "data/hr");
    role.trustMetaRole(new ArnPrincipal(META_ROLE, "111122223333"));
    role.trustMetaRole(new ArnPrincipal(META_ROLE, "111122223333"));
    const json = synthJson(t.stack);
    const statements = statementsOf(json, roleBlock(json, "hr").assume_role_policy);
    expect(statements.map((s: any) => s.principals[0].type)).toEqual(["Federated", "AWS"]);
    expect(statements[1]).toEqual({ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [META_ROLE] }] });
  });

  test("each role's statements name only its own prefix", () => {
    const t = setup();
    t.role("sensitive", "sensitive", "data/sensitive");
    t.role("hr", "hr", "data/hr");
    const json = synthJson(t.stack);
    const bucketArn = `arn:aws:s3:::\${aws_s3_bucket.${Object.keys(resourcesOf(json, "aws_s3_bucket"))[0]}.bucket}`;
    for (const [roleName, prefix] of [["sensitive", "data/sensitive"], ["hr", "data/hr"]]) {
      expect(inlineStatements(json, roleName)).toEqual([
        {
          sid: "ListOwnPrefix",
          effect: "Allow",
          actions: ["s3:ListBucket"],
          resources: [bucketArn],
          condition: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}/*`] }],
        },
        { sid: "ReadWriteOwnPrefix", effect: "Allow", actions: ["s3:PutObject", "s3:PutObjectAcl", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], resources: [`${bucketArn}/${prefix}`, `${bucketArn}/${prefix}/`, `${bucketArn}/${prefix}/*`] },
      ]);
    }
    const hrPolicy = JSON.stringify(inlineStatements(json, "hr"));
    expect(hrPolicy).not.toContain("sensitive");
  });

  test("the role becomes a key user of a KMS-encrypted bucket's key", () => {
    const t = setup(BucketEncryption.KMS);
    t.role("hr", "hr", "data/hr");
    const json = synthJson(t.stack);
    const keyStatement = inlineStatements(json, "hr")[2];
    expect(keyStatement.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(keyStatement.resources).toEqual([expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)]);
  });

  test.each([
    [
      { prefix: "/data/hr" },
      'SamlFederatedDataRole.prefix "/data/hr" is invalid: must be an S3 key prefix like data/hr: at most 1024 characters, segments of letters, ' +
        "digits and !_.'()- separated by single slashes, no leading or trailing slash, no . or .. segment",
    ],
    [{ prefix: "data/hr/" }, "SamlFederatedDataRole.prefix \"data/hr/\" is invalid: must be an S3 key prefix"],
    [{ prefix: "data/*" }, "SamlFederatedDataRole.prefix \"data/*\" is invalid: must be an S3 key prefix"],
    [{ prefix: "data/../hr" }, "SamlFederatedDataRole.prefix \"data/../hr\" is invalid: must be an S3 key prefix"],
    [{ samlAudiences: [] }, "SamlFederatedDataRole.samlAudiences [] is invalid: must name at least one audience (without one the role trusts any assertion of the IdP)"],
    [{ samlAudiences: ["signin.aws.amazon.com"] }, 'SamlFederatedDataRole.samlAudiences[0] "signin.aws.amazon.com" is invalid: must be an https:// URL or a urn: (the endpoint SAML assertions are posted to)'],
    [
      { samlAudiences: ["http://changeme.cloud.databricks.com/saml/consume"] },
      'SamlFederatedDataRole.samlAudiences[0] "http://changeme.cloud.databricks.com/saml/consume" is invalid: must not be http:// (SAML assertions must be posted over https)',
    ],
    [{ roleName: "has space" }, 'Role.roleName "has space" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
  ])("rejects %j", (override, message) => {
    const t = setup();
    expect(() => t.role("r", "r", "data/hr", override)).toThrow(message);
  });

  test("rejects a bucket in another account", () => {
    const t = setup();
    const other = DataBucket.fromBucketName(t.stack, "other", { account: t.accountB, bucketName: "bucket-in-b" });
    expect(() => t.role("r", "r", "data/hr", { bucket: other })).toThrow(
      'SamlFederatedDataRole.bucket "bucket-in-b" is invalid: must be in the SAML provider\'s account 111122223333 (cross-account datasets are not supported)',
    );
  });
});
