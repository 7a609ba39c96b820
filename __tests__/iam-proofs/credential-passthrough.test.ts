/**
 * Proves the IAM side of IAM credential passthrough with SAML federation (Databricks blog "Introducing
 * Databricks AWS IAM Credential Passthrough") on the synthesized credential-passthrough stack: who may assume
 * the dataset roles, and what each role reaches in the bucket.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { CredentialPassthroughStack } from "../../stacks/credential-passthrough-stack";
import { IamModel, findRole, modelFromStack } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";
import { PASSTHROUGH_ENABLED } from "../support/passthrough-config";

const ACCOUNT = "111122223333";
const SAML_PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/changeme-databricks-idp`;
const SENSITIVE_ROLE = `arn:aws:iam::${ACCOUNT}:role/changeme-sensitive-data-role`;
const HR_ROLE = `arn:aws:iam::${ACCOUNT}:role/changeme-hr-data-role`;
const META_ROLE = `arn:aws:iam::${ACCOUNT}:role/changeme-passthrough-meta-role`;
const WORKSPACE_ROLE = `arn:aws:iam::${ACCOUNT}:role/changeme-crossaccount-iam-role`;
const BUCKET = "arn:aws:s3:::changeme-passthrough-data";
// The workspace's SAML URL, derived from config.databricks.workspaceHost.
const AUDIENCE = "https://changeme.cloud.databricks.com/saml/consume";

function passthroughModel(override: Record<string, unknown> = {}): IamModel {
  const config = resolveConfig({ credentialPassthrough: { ...PASSTHROUGH_ENABLED.credentialPassthrough, ...override } });
  const stack = new CredentialPassthroughStack(Testing.app(), "credential-passthrough", { config });
  return modelFromStack({ name: "credential-passthrough", json: Testing.synth(stack) });
}

describe("IAM proofs: credential passthrough with SAML federation", () => {
  let model: IamModel;
  beforeAll(() => {
    model = passthroughModel();
  });

  test("the model holds the roles the proofs name", () => {
    for (const arn of [SENSITIVE_ROLE, HR_ROLE, META_ROLE]) expect(findRole(model, arn).trustPolicy).toBeDefined();
  });

  describe("who may assume a dataset role", () => {
    test.each([SENSITIVE_ROLE, HR_ROLE])("a SAML session of the IdP with the right audience may assume %s", async (role) => {
      expectAllowed(await canAssumeRole(model, { principal: SAML_PROVIDER, roleArn: role, context: { "SAML:aud": AUDIENCE } }));
    });

    test("a SAML assertion meant for another endpoint (wrong audience) may not", async () => {
      expectDenied(
        await canAssumeRole(model, { principal: SAML_PROVIDER, roleArn: SENSITIVE_ROLE, context: { "SAML:aud": "https://other-app.example.com/saml/acs" } }),
        "ImplicitlyDenied",
      );
    });

    test("a SAML assertion without an audience may not", async () => {
      expectDenied(await canAssumeRole(model, { principal: SAML_PROVIDER, roleArn: SENSITIVE_ROLE }), "ImplicitlyDenied");
    });

    test("another SAML provider of the account, with the right audience, may not", async () => {
      expectDenied(
        await canAssumeRole(model, { principal: `arn:aws:iam::${ACCOUNT}:saml-provider/other-idp`, roleArn: SENSITIVE_ROLE, context: { "SAML:aud": AUDIENCE } }),
        "ImplicitlyDenied",
      );
    });

    test("the old audience, AWS's own sign-in endpoint, may not", async () => {
      expectDenied(
        await canAssumeRole(model, { principal: SAML_PROVIDER, roleArn: SENSITIVE_ROLE, context: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }),
        "ImplicitlyDenied",
      );
    });

    test.each([SENSITIVE_ROLE, HR_ROLE])("by default the meta role may not assume %s: SAML only, no path around the IdP", async (role) => {
      expectDenied(await canAssumeRole(model, { principal: META_ROLE, roleArn: role, sessionName: "i-0123456789abcdef0" }), "ImplicitlyDenied");
    });

    test("another role of the account (the workspace cross-account role) may not", async () => {
      expectDenied(await canAssumeRole(model, { principal: WORKSPACE_ROLE, roleArn: SENSITIVE_ROLE }), "ImplicitlyDenied");
    });
  });

  describe("what each role reaches", () => {
    test.each([
      [SENSITIVE_ROLE, "data/sensitive", "data/hr"],
      [HR_ROLE, "data/hr", "data/sensitive"],
    ])("%s reads, writes and deletes under %s and nothing under %s", async (role, own, other) => {
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
        expectAllowed(await isAllowed(model, { principalArn: role, action, resourceArn: `${BUCKET}/${own}/2024/part-0.parquet` }));
        expectDenied(await isAllowed(model, { principalArn: role, action, resourceArn: `${BUCKET}/${other}/2024/part-0.parquet` }), "ImplicitlyDenied");
      }
      // Objects next to the prefix, and the prefix's own name as a key, are outside the dataset.
      expectDenied(await isAllowed(model, { principalArn: role, action: "s3:GetObject", resourceArn: `${BUCKET}/${own}-archive/x` }), "ImplicitlyDenied");
      expectDenied(await isAllowed(model, { principalArn: role, action: "s3:GetObject", resourceArn: `${BUCKET}/top-level.csv` }), "ImplicitlyDenied");
    });

    test.each([
      [SENSITIVE_ROLE, "data/sensitive", "data/hr"],
      [HR_ROLE, "data/hr", "data/sensitive"],
    ])("%s may HEAD, create and delete the S3A directory keys %s and %s/, not the other dataset's", async (role, own, other) => {
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
        for (const key of [own, `${own}/`]) expectAllowed(await isAllowed(model, { principalArn: role, action, resourceArn: `${BUCKET}/${key}` }));
        for (const key of [other, `${other}/`]) {
          expectDenied(await isAllowed(model, { principalArn: role, action, resourceArn: `${BUCKET}/${key}` }), "ImplicitlyDenied");
        }
      }
    });

    test.each([
      [SENSITIVE_ROLE, "data/sensitive", "data/hr"],
      [HR_ROLE, "data/hr", "data/sensitive"],
    ])("%s lists under %s only", async (role, own, other) => {
      const list = (prefix: string | undefined) =>
        isAllowed(model, { principalArn: role, action: "s3:ListBucket", resourceArn: BUCKET, context: prefix === undefined ? {} : { "s3:prefix": prefix } });
      expectAllowed(await list(`${own}/`));
      expectAllowed(await list(`${own}/2024/`));
      expectDenied(await list(`${other}/`), "ImplicitlyDenied");
      expectDenied(await list(own), "ImplicitlyDenied"); // would also list siblings such as <prefix>-archive/
      expectDenied(await list(""), "ImplicitlyDenied");
      expectDenied(await list(undefined), "ImplicitlyDenied");
    });

    test("plain HTTP is denied even on the role's own prefix (bucket policy)", async () => {
      expectDenied(
        await isAllowed(model, { principalArn: SENSITIVE_ROLE, action: "s3:GetObject", resourceArn: `${BUCKET}/data/sensitive/x`, context: { "aws:SecureTransport": "false" } }),
        "ExplicitlyDenied",
      );
    });

    test("the meta role itself reaches no data", async () => {
      expectDenied(await isAllowed(model, { principalArn: META_ROLE, action: "s3:GetObject", resourceArn: `${BUCKET}/data/sensitive/x` }), "ImplicitlyDenied");
    });
  });

  test("by default the path EC2 -> meta role -> dataset role is closed", async () => {
    const proof = await proveChain(model, [
      { principal: "ec2.amazonaws.com", assumeRole: META_ROLE },
      { assumeRole: HR_ROLE, sessionName: "i-0123456789abcdef0" },
      { action: "s3:GetObject", resourceArn: `${BUCKET}/data/hr/employees.parquet`, sessionName: "alice@example.com" },
    ]);
    expect(proof.allowed).toBe(false);
  });

  test("opt-in metaRoleAssumesDataRoles: the whole path EC2 -> meta role -> dataset role -> the dataset's objects", async () => {
    const optedIn = passthroughModel({ metaRoleAssumesDataRoles: true });
    expectAllowed(await canAssumeRole(optedIn, { principal: META_ROLE, roleArn: SENSITIVE_ROLE, sessionName: "i-0123456789abcdef0" }));
    const proof = await proveChain(optedIn, [
      { principal: "ec2.amazonaws.com", assumeRole: META_ROLE },
      { assumeRole: HR_ROLE, sessionName: "i-0123456789abcdef0" },
      { action: "s3:GetObject", resourceArn: `${BUCKET}/data/hr/employees.parquet`, sessionName: "alice@example.com" },
    ]);
    expectAllowed(proof);
  });

  test("the workspace role may pass the meta role to EC2, and to nothing else", async () => {
    const pass = (service: string) =>
      isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: META_ROLE, context: { "iam:PassedToService": service } });
    expectAllowed(await pass("ec2.amazonaws.com"));
    expectDenied(await pass("lambda.amazonaws.com"), "ImplicitlyDenied");
    expectDenied(
      await isAllowed(model, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: SENSITIVE_ROLE, context: { "iam:PassedToService": "ec2.amazonaws.com" } }),
      "ImplicitlyDenied",
    );
  });
});
