/**
 * Proves the IAM proof harness itself (`__tests__/support/iam-model.ts`, `iam-proof.ts`): that it
 * renders policy documents like the AWS provider, resolves references per provider account, and
 * that its allowed/denied answers flip when the configuration they depend on changes.
 */
import { Testing, TerraformStack } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { BucketEncryption, DataBucket } from "../../modules/s3/data-bucket";
import { Role } from "../../modules/iam/role";
import { AccountRootPrincipal, ArnPrincipal, IPrincipal, PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { PolicyDocument } from "../../modules/iam/policy-document";
import { findResource, findRole, IamModel, modelFromStack, modelFromStacks } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";

const ACCOUNT_A = "111122223333";
const ACCOUNT_B = "444455556666";
const ACCOUNT_C = "777788889999";
const EXTERNAL_ID = "harness-external-id";
const ROLE_A = `arn:aws:iam::${ACCOUNT_A}:role/harness-a`;
const ROLE_B = `arn:aws:iam::${ACCOUNT_B}:role/harness-b`;
const OTHER_ROLE_IN_A = `arn:aws:iam::${ACCOUNT_A}:role/harness-other-a`;
const ROLE_IN_C = `arn:aws:iam::${ACCOUNT_C}:role/harness-c`;
const BUCKET = "harness-data-bucket";
const OTHER_BUCKET = "harness-other-bucket";
const OBJECT = `arn:aws:s3:::${BUCKET}/reports/2024.parquet`;

/** What the scenario stack can be varied in, to show each probe fails on the misconfiguration it guards against. */
interface ScenarioVariant {
  /** Trust account A's root instead of role A's ARN. */
  readonly trustAccountRoot?: boolean;
  /** Drop the external ID condition. */
  readonly noExternalId?: boolean;
  /** Grant role B `s3:*` on the bucket on top of grantReadWrite. */
  readonly grantS3Star?: boolean;
}

/**
 * GIVEN role A in account A (default provider) trusted by EC2 and allowed to assume role B;
 * role B in account B (provider alias "data") trusting exactly role A with an external ID and
 * holding grantReadWrite on a DataBucket in account B; plus look-alike callers with the same
 * identity permissions: another role in A and a role in a third account C.
 */
function scenarioStack(variant: ScenarioVariant = {}): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, "harness");
  const accountA = new AwsAccountProvider(stack, "account-a", { accountId: ACCOUNT_A, region: "us-east-1" });
  const accountB = new AwsAccountProvider(stack, "account-b", { accountId: ACCOUNT_B, region: "eu-west-1", alias: "data" });
  const accountC = new AwsAccountProvider(stack, "account-c", { accountId: ACCOUNT_C, region: "us-east-1", alias: "other" });

  const roleA = new Role(stack, "role-a", { account: accountA, roleName: "harness-a", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
  const trusted: IPrincipal = variant.trustAccountRoot ? new AccountRootPrincipal(ACCOUNT_A) : new ArnPrincipal(roleA.roleArn, ACCOUNT_A);
  const roleB = new Role(stack, "role-b", {
    account: accountB,
    roleName: "harness-b",
    assumedBy: [trusted],
    externalId: variant.noExternalId ? undefined : EXTERNAL_ID,
  });
  const assumeB = () => new PolicyStatement({ actions: ["sts:AssumeRole"], resources: [roleB.roleArn] });
  roleA.addToPrincipalPolicy(assumeB());
  // Look-alikes: same identity permission as role A, so only the trust policy can stop them.
  new Role(stack, "other-role-a", { account: accountA, roleName: "harness-other-a", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] }).addToPrincipalPolicy(assumeB());
  new Role(stack, "role-c", { account: accountC, roleName: "harness-c", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] }).addToPrincipalPolicy(assumeB());

  const bucket = new DataBucket(stack, "data-bucket", { account: accountB, bucketName: BUCKET });
  new DataBucket(stack, "other-bucket", { account: accountB, bucketName: OTHER_BUCKET });
  bucket.grantReadWrite(roleB);
  if (variant.grantS3Star) roleB.addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:*"], resources: [bucket.bucketArn, `${bucket.bucketArn}/*`] }));
  return Testing.synth(stack);
}

describe("IAM proof harness: cross-account chain EC2 -> role A -> role B -> S3", () => {
  let model: IamModel;
  beforeAll(() => {
    model = modelFromStack(scenarioStack());
  });

  test("the model places each resource in its provider's account and resolves ARNs statically", () => {
    expect(findRole(model, "harness-a").arn).toBe(ROLE_A);
    expect(findRole(model, "harness-b").arn).toBe(ROLE_B);
    expect(findRole(model, "harness-b").accountId).toBe(ACCOUNT_B);
    expect(findResource(model, "aws_s3_bucket", (r) => r.name === BUCKET).accountId).toBe(ACCOUNT_B);
    expect(findResource(model, "aws_s3_bucket", (r) => r.name === BUCKET).region).toBe("eu-west-1");
    // The trust policy names role A by its resolved ARN, with the external ID.
    expect(findRole(model, "harness-b").trustPolicy?.document.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Principal: { AWS: [ROLE_A] },
        Condition: { StringEquals: { "sts:ExternalId": [EXTERNAL_ID] } },
      },
    ]);
    expect(model.unknownDocuments).toEqual([]);
  });

  test("allowed: EC2 -> role A -> role B (with external ID) -> s3:GetObject on the bucket", async () => {
    const proof = await proveChain(model, [
      { principal: "ec2.amazonaws.com", assumeRole: ROLE_A },
      { assumeRole: ROLE_B, externalId: EXTERNAL_ID },
      { action: "s3:GetObject", resourceArn: OBJECT },
    ]);
    expectAllowed(proof);
    // Cross-account step: both the identity policy of A and the trust policy of B allowed.
    expect(proof.steps[1].result.sameAccount).toBe(false);
    expect(proof.steps[1].result.identityDecision).toBe("Allowed");
    expect(proof.steps[1].result.resourcePolicyDecision).toBe("Allowed");
  });

  test("denied: role A assuming role B without the external ID", async () => {
    expectDenied(await canAssumeRole(model, { principal: ROLE_A, roleArn: ROLE_B }), "ImplicitlyDenied");
    expectDenied(await canAssumeRole(model, { principal: ROLE_A, roleArn: ROLE_B, externalId: "wrong" }), "ImplicitlyDenied");
  });

  test("denied: another role of account A with the same sts:AssumeRole permission", async () => {
    const result = await canAssumeRole(model, { principal: OTHER_ROLE_IN_A, roleArn: ROLE_B, externalId: EXTERNAL_ID });
    expect(result.identityDecision).toBe("Allowed"); // only the trust policy stops it
    expectDenied(result, "ImplicitlyDenied");
  });

  test("denied: a role of another account with the same sts:AssumeRole permission", async () => {
    const result = await canAssumeRole(model, { principal: ROLE_IN_C, roleArn: ROLE_B, externalId: EXTERNAL_ID });
    expect(result.identityDecision).toBe("Allowed");
    expectDenied(result, "ImplicitlyDenied");
  });

  test("denied: role B beyond its grant (s3:PutBucketPolicy)", async () => {
    expectDenied(await isAllowed(model, { principalArn: ROLE_B, action: "s3:PutBucketPolicy", resourceArn: `arn:aws:s3:::${BUCKET}` }), "ImplicitlyDenied");
  });

  test("denied: role B on another bucket of its own account", async () => {
    expectDenied(await isAllowed(model, { principalArn: ROLE_B, action: "s3:GetObject", resourceArn: `arn:aws:s3:::${OTHER_BUCKET}/reports/2024.parquet` }), "ImplicitlyDenied");
  });

  test("denied: s3:GetObject without TLS, by the bucket's DenyInsecureTransport statement", async () => {
    const result = await isAllowed(model, { principalArn: ROLE_B, action: "s3:GetObject", resourceArn: OBJECT, context: { "aws:SecureTransport": "false" } });
    expectDenied(result, "ExplicitlyDenied");
    expect(result.deniedBy.join("\n")).toContain("DenyInsecureTransport");
  });

  test("denied: role A reading the bucket directly (grant went to role B only)", async () => {
    expectDenied(await isAllowed(model, { principalArn: ROLE_A, action: "s3:GetObject", resourceArn: OBJECT }), "ImplicitlyDenied");
  });

  test("the chain report names the failing step", async () => {
    const proof = await proveChain(model, [
      { principal: "ec2.amazonaws.com", assumeRole: ROLE_A },
      { assumeRole: ROLE_B },
      { action: "s3:GetObject", resourceArn: OBJECT },
    ]);
    expect(proof.allowed).toBe(false);
    expect(proof.steps.map((s) => s.allowed)).toEqual([true, false, true]);
    expect(() => expectAllowed(proof)).toThrow(/\[2\] FAIL .*sts:AssumeRole/);
  });

  test("an empty chain proves nothing and is refused", async () => {
    await expect(proveChain(model, [])).rejects.toThrow("iam-proof: a chain needs at least one step");
  });
});

describe("IAM proof harness: each probe fails on the misconfiguration it guards against", () => {
  test("trust naming account A's root lets another role of A assume role B", async () => {
    const model = modelFromStack(scenarioStack({ trustAccountRoot: true }));
    const result = await canAssumeRole(model, { principal: OTHER_ROLE_IN_A, roleArn: ROLE_B, externalId: EXTERNAL_ID });
    expect(result.decision).toBe("Allowed");
    expect(() => expectDenied(result)).toThrow(/expected a denial, got Allowed/);
  });

  test("trust without external ID lets role A assume role B without one", async () => {
    const model = modelFromStack(scenarioStack({ noExternalId: true }));
    expect((await canAssumeRole(model, { principal: ROLE_A, roleArn: ROLE_B })).decision).toBe("Allowed");
  });

  test("a grant of s3:* lets role B change the bucket policy", async () => {
    const model = modelFromStack(scenarioStack({ grantS3Star: true }));
    expect((await isAllowed(model, { principalArn: ROLE_B, action: "s3:PutBucketPolicy", resourceArn: `arn:aws:s3:::${BUCKET}` })).decision).toBe("Allowed");
  });
});

describe("IAM proof harness: semantics", () => {
  test("same-account trust naming a role ARN: AWS allows on the trust alone, the strict check does not", async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "same-account");
    const account = new AwsAccountProvider(stack, "a", { accountId: ACCOUNT_A, region: "us-east-1" });
    const caller = new Role(stack, "caller", { account, roleName: "caller", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    new Role(stack, "target", { account, roleName: "target", assumedBy: [new ArnPrincipal(caller.roleArn, ACCOUNT_A)] });
    const model = modelFromStack(Testing.synth(stack));
    const result = await canAssumeRole(model, { principal: `arn:aws:iam::${ACCOUNT_A}:role/caller`, roleArn: `arn:aws:iam::${ACCOUNT_A}:role/target` });
    expect(result.decision).toBe("Allowed");
    expect(result.identityDecision).toBe("ImplicitlyDenied");
    expect(result.allowedByBothSides).toBe(false);
    expect(() => expectAllowed(result)).toThrow(/identity policy and the trust policy/);
  });

  test("cross-account access needs the resource policy too; same-account does not", async () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "kms");
    const accountA = new AwsAccountProvider(stack, "a", { accountId: ACCOUNT_A, region: "us-east-1" });
    const accountB = new AwsAccountProvider(stack, "b", { accountId: ACCOUNT_B, region: "us-east-1", alias: "data" });
    const bucket = new DataBucket(stack, "bucket", { account: accountB, bucketName: "harness-kms-bucket", encryption: BucketEncryption.KMS });
    const reader = new Role(stack, "reader", { account: accountA, roleName: "reader", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    bucket.grantRead(reader);
    // An identity-only permission on the key, without a key policy statement, from account A.
    const sneaky = new Role(stack, "sneaky", { account: accountA, roleName: "sneaky", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    sneaky.addToPrincipalPolicy(new PolicyStatement({ actions: ["kms:Decrypt"], resources: [bucket.encryptionKey!.keyArn] }));
    const model = modelFromStack(Testing.synth(stack));

    const key = findResource(model, "aws_kms_key");
    // The key ARN is synthetic (key IDs are assigned at apply) but the same everywhere it is referenced.
    expect(key.arn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT_B}:key/`));
    expect(model.syntheticValues.some((v) => v.value === key.arn)).toBe(true);

    expectAllowed(await isAllowed(model, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/reader`, action: "kms:Decrypt", resourceArn: key.arn! }));
    expectAllowed(await isAllowed(model, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/reader`, action: "s3:GetObject", resourceArn: "arn:aws:s3:::harness-kms-bucket/k" }));
    const sneakyResult = await isAllowed(model, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/sneaky`, action: "kms:Decrypt", resourceArn: key.arn! });
    expect(sneakyResult.identityDecision).toBe("Allowed");
    expectDenied(sneakyResult, "ImplicitlyDenied");
  });

  test("SAML federation: AssumeRoleWithSAML from the provider, with the audience condition", async () => {
    const audience = "https://signin.aws.amazon.com/saml";
    const model = modelFromStack(
      JSON.stringify({
        provider: { aws: [{ allowed_account_ids: [ACCOUNT_A], region: "us-east-1" }] },
        data: {
          aws_iam_policy_document: {
            trust: {
              statement: [
                {
                  actions: ["sts:AssumeRoleWithSAML"],
                  principals: [{ type: "Federated", identifiers: ["${aws_iam_saml_provider.idp.arn}"] }],
                  condition: [{ test: "StringEquals", variable: "SAML:aud", values: [audience] }],
                },
              ],
            },
          },
        },
        resource: {
          aws_iam_saml_provider: { idp: { name: "corporate-idp", saml_metadata_document: "<xml/>" } },
          aws_iam_role: { r: { name: "federated-reader", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } },
        },
      }),
    );
    const idp = findResource(model, "aws_iam_saml_provider").arn!;
    expect(idp).toBe(`arn:aws:iam::${ACCOUNT_A}:saml-provider/corporate-idp`);
    const role = `arn:aws:iam::${ACCOUNT_A}:role/federated-reader`;
    const allowed = await canAssumeRole(model, { principal: idp, roleArn: role, context: { "SAML:aud": audience } });
    expect(allowed.request.action).toBe("sts:AssumeRoleWithSAML");
    expectAllowed(allowed);
    expectDenied(await canAssumeRole(model, { principal: idp, roleArn: role, context: { "SAML:aud": "https://evil.example.com/saml" } }), "ImplicitlyDenied");
    expectDenied(await canAssumeRole(model, { principal: idp, roleArn: role }), "ImplicitlyDenied");
    expectDenied(await canAssumeRole(model, { principal: `arn:aws:iam::${ACCOUNT_A}:saml-provider/other-idp`, roleArn: role, context: { "SAML:aud": audience } }), "ImplicitlyDenied");
  });

  test("callers and resources outside the model are reported as caveats", async () => {
    const model = modelFromStack(scenarioStack());
    const elsewhere = { principalArn: `arn:aws:iam::${ACCOUNT_B}:role/not-modelled`, action: "s3:GetObject", resourceArn: "arn:aws:s3:::somebody-elses-bucket/k" };
    // The bucket's account decides same- vs cross-account rules: it is never guessed.
    await expect(isAllowed(model, elsewhere)).rejects.toThrow(/pass resourceAccount/);
    const result = await isAllowed(model, { ...elsewhere, resourceAccount: ACCOUNT_C });
    expect(result.complete).toBe(false);
    expect(result.caveats.join("\n")).toMatch(/not a role in the model/);
    expect(result.caveats.join("\n")).toMatch(/not a resource of the model/);
  });
});

describe("IAM proof harness: policy document rendering (AWS provider rules)", () => {
  /** A hand-written synthesized stack, to pin down rendering rules exactly. */
  function stackJson(data: Record<string, any>, resource: Record<string, any> = {}): string {
    return JSON.stringify({
      provider: { aws: [{ allowed_account_ids: [ACCOUNT_A], region: "us-east-1" }, { alias: "data", allowed_account_ids: [ACCOUNT_B], region: "eu-west-1" }] },
      data,
      resource,
    });
  }

  test("source documents merge first; own statements replace same-Sid ones; override documents replace last", () => {
    const model = modelFromStack(
      stackJson({
        aws_iam_policy_document: {
          source: { statement: [{ sid: "Shared", effect: "Allow", actions: ["s3:GetObject"], resources: ["*"] }, { sid: "OnlyInSource", actions: ["s3:ListBucket"], resources: ["*"] }] },
          override: { statement: [{ sid: "OnlyInSource", effect: "Deny", actions: ["s3:ListBucket"], resources: ["*"] }] },
          merged: {
            source_policy_documents: ["${data.aws_iam_policy_document.source.json}"],
            override_policy_documents: ["${data.aws_iam_policy_document.override.json}"],
            statement: [{ sid: "Shared", effect: "Allow", actions: ["s3:PutObject"], resources: ["arn:aws:s3:::b/*"] }, { actions: ["s3:GetBucketLocation"], resources: ["*"] }],
          },
        },
      }),
    );
    expect(model.documents.get("stack0/data.aws_iam_policy_document.merged")?.document.Statement).toEqual([
      { Sid: "Shared", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::b/*"] },
      { Sid: "OnlyInSource", Effect: "Deny", Action: ["s3:ListBucket"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: ["*"] },
    ]);
  });

  test("duplicate Sids across source documents are rejected, as Terraform does", () => {
    expect(() =>
      modelFromStack(
        stackJson({
          aws_iam_policy_document: {
            one: { statement: [{ sid: "Same", actions: ["s3:GetObject"], resources: ["*"] }] },
            two: { statement: [{ sid: "Same", actions: ["s3:PutObject"], resources: ["*"] }] },
            merged: { source_policy_documents: ["${data.aws_iam_policy_document.one.json}", "${data.aws_iam_policy_document.two.json}"] },
          },
        }),
      ),
    ).toThrow(/duplicate Sid \(Same\)/);
  });

  test("references resolve per provider account, inside strings too; &{} becomes an IAM variable", () => {
    const model = modelFromStack(
      stackJson(
        {
          aws_iam_policy_document: {
            doc: {
              provider: "aws.data",
              statement: [
                {
                  actions: ["s3:GetObject"],
                  resources: ["arn:aws:s3:::${aws_s3_bucket.b.bucket}/home/&{aws:username}/*"],
                  principals: [{ type: "AWS", identifiers: ["${aws_iam_role.r.arn}"] }],
                  condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: ["${aws_kinesis_stream.s.arn}"] }],
                },
              ],
            },
          },
        },
        {
          aws_s3_bucket: { b: { provider: "aws.data", bucket: "my-bucket" } },
          aws_iam_role: { r: { provider: "aws.data", name: "reader", path: "/team/", assume_role_policy: "{}" } },
          aws_kinesis_stream: { s: { name: "events" } },
        },
      ),
    );
    expect(model.documents.get("stack0/data.aws_iam_policy_document.doc")?.document.Statement[0]).toEqual({
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::my-bucket/home/${aws:username}/*"],
      Principal: { AWS: [`arn:aws:iam::${ACCOUNT_B}:role/team/reader`] },
      Condition: { StringEquals: { "aws:SourceArn": [`arn:aws:kinesis:us-east-1:${ACCOUNT_A}:stream/events`] } },
    });
  });

  test("documents computed at apply are recorded as unknown, the statements around them kept", () => {
    const model = modelFromStack(
      stackJson(
        {
          databricks_aws_bucket_policy: { dbx: { bucket: "my-bucket", full_access_role: "${aws_iam_role.r.arn}" } },
          aws_iam_policy_document: {
            bucket: {
              source_policy_documents: ["${data.databricks_aws_bucket_policy.dbx.json}"],
              statement: [{ sid: "DenyInsecureTransport", effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] }],
            },
          },
        },
        {
          aws_iam_role: { r: { name: "r", assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) } },
          aws_s3_bucket_policy: { p: { bucket: "my-bucket", policy: "${data.aws_iam_policy_document.bucket.json}" } },
        },
      ),
    );
    const policy = model.resourcePolicies.get("arn:aws:s3:::my-bucket")!;
    expect(policy.document.Statement).toEqual([{ Sid: "DenyInsecureTransport", Effect: "Deny", Action: ["s3:*"], Resource: ["*"], Principal: "*" }]);
    expect(policy.policies[0].unknownSourceDocuments).toEqual(["stack0/data.databricks_aws_bucket_policy.dbx"]);
    expect(model.unknownDocuments).toEqual(["stack0/data.databricks_aws_bucket_policy.dbx"]);
  });

  test("a policy string that is not a policy document (no Statement) is recorded as unknown, one that is is read", () => {
    const model = modelFromStack(
      stackJson(
        {},
        {
          aws_iam_role: {
            bad: { name: "bad", assume_role_policy: "{}" },
            good: { name: "good", assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
          },
        },
      ),
    );
    expect(model.unknownDocuments).toEqual(["aws_iam_role.bad.assume_role_policy (policy string not a static policy JSON: {})"]);
  });

  test("an unknown document must be acknowledged by the assertion, and the acknowledgement must match", async () => {
    const model = modelFromStack(
      stackJson(
        {
          databricks_aws_crossaccount_policy: { x: {} },
          aws_iam_policy_document: {
            trust: { statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }] },
            known: { source_policy_documents: ["${data.databricks_aws_crossaccount_policy.x.json}"], statement: [{ actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::my-bucket"] }] },
          },
        },
        {
          aws_iam_role: { r: { name: "r", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } },
          aws_iam_role_policy: { p: { name: "p", role: "${aws_iam_role.r.name}", policy: "${data.aws_iam_policy_document.known.json}" } },
          aws_s3_bucket: { b: { bucket: "my-bucket" } },
        },
      ),
    );
    const result = await isAllowed(model, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/r`, action: "s3:ListBucket", resourceArn: "arn:aws:s3:::my-bucket" });
    expect(result.decision).toBe("Allowed");
    expect(result.unknownDocuments).toEqual(["stack0/data.databricks_aws_crossaccount_policy.x"]);
    expect(() => expectAllowed(result)).toThrow(/unknown before apply that the test does not acknowledge/);
    expect(() => expectAllowed(result, { unknownDocuments: ["databricks_aws_bucket_policy"] })).toThrow(/took no part/);
    expectAllowed(result, { unknownDocuments: ["databricks_aws_crossaccount_policy"] });
  });

  test("managed policies: stack-created ones resolve, AWS-managed ones only when supplied", async () => {
    const json = stackJson(
      {},
      {
        aws_iam_role: { r: { name: "r", assume_role_policy: "{}" } },
        aws_iam_policy: { own: { name: "own", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }] }) } },
        aws_iam_role_policy_attachment: {
          own: { role: "${aws_iam_role.r.name}", policy_arn: "${aws_iam_policy.own.arn}" },
          aws: { role: "${aws_iam_role.r.name}", policy_arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" },
        },
      },
    );
    const without = modelFromStack(json);
    expect(findRole(without, "r").managedPolicies.map((p) => p.name)).toEqual([`managed:arn:aws:iam::${ACCOUNT_A}:policy/own`]);
    expect(findRole(without, "r").unknownManagedPolicyArns).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole"]);
    const kinesisArn = `arn:aws:kinesis:us-east-1:${ACCOUNT_A}:stream/s`;
    const unknown = await isAllowed(without, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/r`, action: "kinesis:GetRecords", resourceArn: kinesisArn });
    expect(unknown.decision).toBe("ImplicitlyDenied");
    expect(unknown.unknownDocuments.join()).toContain("AWSLambdaKinesisExecutionRole");

    // A caller-supplied stand-in document (here a minimal one, not AWS's full policy).
    const withSupplied = modelFromStack(json, {
      managedPolicies: { AWSLambdaKinesisExecutionRole: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kinesis:GetRecords"], Resource: "*" }] } },
    });
    expectAllowed(await isAllowed(withSupplied, { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/r`, action: "kinesis:GetRecords", resourceArn: kinesisArn }));
  });

  test("a PolicyDocument built with the modules renders the same way through the synthesized JSON", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "docs");
    new AwsAccountProvider(stack, "a", { accountId: ACCOUNT_A, region: "us-east-1" });
    const base = new PolicyDocument(stack, "base", { statements: [new PolicyStatement({ sid: "Read", actions: ["s3:GetObject"], resources: ["*"] })] });
    new PolicyDocument(stack, "derived", {
      sourcePolicyDocuments: [base.json],
      statements: [new PolicyStatement({ sid: "Read", actions: ["s3:GetObjectVersion"], resources: ["arn:aws:s3:::x/*"] })],
    });
    const model = modelFromStack({ name: "docs", json: Testing.synth(stack) });
    const derived = [...model.documents.entries()].find(([source]) => source.includes("derived"))![1];
    expect(derived.document.Statement).toEqual([{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObjectVersion"], Resource: ["arn:aws:s3:::x/*"] }]);
  });
});

describe("IAM proof harness: several stacks", () => {
  /** Account A's workload stack and account B's data stack; the bucket policy names the role through a cross-stack reference. */
  function twoStacks(synthApp: boolean): { workload: string; data: string } {
    const app = Testing.app();
    const workload = new TerraformStack(app, "workload");
    const accountA = new AwsAccountProvider(workload, "a", { accountId: ACCOUNT_A, region: "us-east-1" });
    const role = new Role(workload, "role", { account: accountA, roleName: "workload", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shared-data-bucket/*"] }));
    const data = new TerraformStack(app, "data");
    const accountB = new AwsAccountProvider(data, "b", { accountId: ACCOUNT_B, region: "us-east-1" });
    const bucket = new DataBucket(data, "bucket", { account: accountB, bucketName: "shared-data-bucket" });
    bucket.addToResourcePolicy(new PolicyStatement({ actions: ["s3:GetObject"], resources: [`${bucket.bucketArn}/*`], principals: [new ArnPrincipal(role.roleArn, ACCOUNT_A)] }));
    // app.synth() turns the cross-stack reference into terraform_remote_state + an output; without it the raw reference stays.
    if (synthApp) app.synth();
    return { workload: Testing.synth(workload), data: Testing.synth(data) };
  }
  const request = { principalArn: `arn:aws:iam::${ACCOUNT_A}:role/workload`, action: "s3:GetObject", resourceArn: "arn:aws:s3:::shared-data-bucket/k" };

  test.each([
    ["terraform_remote_state outputs (app.synth)", true],
    ["raw references into the other stack (Testing.synth only)", false],
  ])("cross-account access needs both stacks in the model: %s", async (_name, synthApp) => {
    const { workload, data } = twoStacks(synthApp);
    if (synthApp) expect(data).toContain("terraform_remote_state");
    const merged = modelFromStacks([{ name: "workload", json: workload }, { name: "data", json: data }]);
    expectAllowed(await isAllowed(merged, request));
    // Either stack alone cannot prove it: the other side is missing.
    expect((await isAllowed(modelFromStacks([{ name: "workload", json: workload }]), { ...request, resourceAccount: ACCOUNT_B })).decision).toBe("ImplicitlyDenied");
    expect((await isAllowed(modelFromStacks([{ name: "data", json: data }]), request)).decision).toBe("ImplicitlyDenied");
  });
});
