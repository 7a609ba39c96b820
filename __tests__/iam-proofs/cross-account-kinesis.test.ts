/**
 * Access proofs for the cross-account Kinesis scenario (the Databricks guide "Secure access to Kinesis across
 * accounts using IAM roles with an AssumeRole policy"), from the synthesized JSON of the data-access stack
 * (which owns the workspace cross-account role) and the cross-account-kinesis stack, modelled together as they
 * are deployed.
 *
 * The chain: EC2 -> DatabricksToKinesisAssumeRole (instance profile) -> sts:AssumeRole
 * KinesisCrossAccountRole (account B, optionally with an external ID) -> Kinesis reads on the named
 * stream. Every policy on that chain is written by our constructs, so those proofs are complete.
 */
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { DataAccessStack } from "../../stacks/data-access-stack";
import { CrossAccountKinesisStack } from "../../stacks/cross-account-kinesis-stack";
import { IamModel, ModelOptions, modelFromStacks, roleOfInstanceProfile } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";

const A = "111122223333";
const B = "444455556666";
const ROLE_A = `arn:aws:iam::${A}:role/changeme-DatabricksToKinesisAssumeRole`;
const ROLE_B = `arn:aws:iam::${B}:role/changeme-KinesisCrossAccountRole`;
const WORKSPACE_ROLE = `arn:aws:iam::${A}:role/changeme-crossaccount-iam-role`;
const OTHER_ROLE_IN_A = `arn:aws:iam::${A}:role/changeme-first-ec2s3`;
const STREAM = `arn:aws:kinesis:us-east-1:${B}:stream/changeme-testStream`;
const OTHER_STREAM = `arn:aws:kinesis:us-east-1:${B}:stream/changeme-otherStream`;
const CROSSACCOUNT_POLICY = "databricks_aws_crossaccount_policy";
const READ_ACTIONS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"];

// The data-access stack does not depend on the cross-account section: synthesized once per file.
let dataAccessJson: string | undefined;

function model(kinesis: Record<string, unknown> = {}, options: ModelOptions = {}): IamModel {
  const config = resolveConfig({ crossAccount: { kinesis } });
  dataAccessJson ??= Testing.synth(new DataAccessStack(Testing.app(), "data-access", { config }));
  const crossAccount = new CrossAccountKinesisStack(Testing.app(), "cross-account-kinesis", { config });
  return modelFromStacks(
    [
      { name: "data-access", json: dataAccessJson },
      { name: "cross-account-kinesis", json: Testing.synth(crossAccount) },
    ],
    options,
  );
}

describe("cross-account Kinesis: the allowed chain", () => {
  const m = model();

  test("the instance profile carries DatabricksToKinesisAssumeRole", () => {
    expect(roleOfInstanceProfile(m, "changeme-DatabricksToKinesisAssumeRole")).toBe(ROLE_A);
  });

  test("EC2 -> DatabricksToKinesisAssumeRole -> sts:AssumeRole KinesisCrossAccountRole -> every read action on the stream", async () => {
    const chain = await proveChain(m, [
      { principal: "ec2.amazonaws.com", assumeRole: ROLE_A },
      { assumeRole: ROLE_B },
      { action: "kinesis:GetRecords", resourceArn: STREAM },
      ...READ_ACTIONS.map((action) => ({ action, resourceArn: STREAM, principalArn: ROLE_B })),
      { action: "kinesis:SubscribeToShard", resourceArn: `${STREAM}/consumer/databricks_q1:1700000000`, principalArn: ROLE_B },
    ]);
    expectAllowed(chain);
  });

  test("the workspace role may pass DatabricksToKinesisAssumeRole to EC2", async () => {
    const result = await isAllowed(m, { principalArn: WORKSPACE_ROLE, action: "iam:PassRole", resourceArn: ROLE_A, context: { "iam:PassedToService": "ec2.amazonaws.com" } });
    expectAllowed(result, { unknownDocuments: [CROSSACCOUNT_POLICY] });
  });
});

describe("cross-account Kinesis: denied probes", () => {
  const m = model();

  test("another role in account A cannot assume KinesisCrossAccountRole", async () => {
    const result = await canAssumeRole(m, { principal: OTHER_ROLE_IN_A, roleArn: ROLE_B });
    expect(result.resourcePolicyDecision).toBe("ImplicitlyDenied");
    expectDenied(result, "ImplicitlyDenied");
  });

  test("a role of another account cannot assume it, nor can EC2 directly (the guide's trust also named EC2; ours does not)", async () => {
    const other = await canAssumeRole(m, { principal: "arn:aws:iam::777788889999:role/changeme-DatabricksToKinesisAssumeRole", roleArn: ROLE_B });
    expect(other.resourcePolicyDecision).toBe("ImplicitlyDenied");
    expect(other.allowedByBothSides).toBe(false);
    const ec2 = await canAssumeRole(m, { principal: "ec2.amazonaws.com", roleArn: ROLE_B });
    expectDenied(ec2, "ImplicitlyDenied");
  });

  test("DatabricksToKinesisAssumeRole cannot read the stream itself", async () => {
    expectDenied(await isAllowed(m, { principalArn: ROLE_A, action: "kinesis:GetRecords", resourceArn: STREAM }), "ImplicitlyDenied");
  });

  test.each(["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DeleteStream", "kinesis:AddTagsToStream", "kinesis:RegisterStreamConsumer"])(
    "KinesisCrossAccountRole cannot %s (read is the default)",
    async (action) => {
      expectDenied(await isAllowed(m, { principalArn: ROLE_B, action, resourceArn: STREAM }), "ImplicitlyDenied");
    },
  );

  test("KinesisCrossAccountRole cannot read another stream", async () => {
    expectDenied(await isAllowed(m, { principalArn: ROLE_B, action: "kinesis:GetRecords", resourceArn: OTHER_STREAM }), "ImplicitlyDenied");
  });

  test("the workspace role cannot pass an unrelated role by our statements", async () => {
    const result = await isAllowed(m, {
      principalArn: WORKSPACE_ROLE,
      action: "iam:PassRole",
      resourceArn: `arn:aws:iam::${A}:role/admin`,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    });
    expectDenied(result, "ImplicitlyDenied", { unknownDocuments: [CROSSACCOUNT_POLICY] });
  });
});

describe("cross-account Kinesis: options", () => {
  test("external ID: required on the assume step, the right one passes", async () => {
    const m = model({ externalId: "myExternalCode" });
    expectAllowed(await canAssumeRole(m, { principal: ROLE_A, roleArn: ROLE_B, externalId: "myExternalCode" }));
    expectDenied(await canAssumeRole(m, { principal: ROLE_A, roleArn: ROLE_B }), "ImplicitlyDenied");
    expectDenied(await canAssumeRole(m, { principal: ROLE_A, roleArn: ROLE_B, externalId: "guess" }), "ImplicitlyDenied");
  });

  test("read-write: puts allowed, stream administration still denied", async () => {
    const m = model({ access: "read-write" });
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, action: "kinesis:PutRecords", resourceArn: STREAM }));
    expectDenied(await isAllowed(m, { principalArn: ROLE_B, action: "kinesis:DeleteStream", resourceArn: STREAM }), "ImplicitlyDenied");
  });

  test("customer key: KinesisCrossAccountRole may decrypt the stream's records, DatabricksToKinesisAssumeRole may not", async () => {
    const m = model({ streamEncryption: "KMS" });
    const [key] = [...m.resourcePolicies.values()].filter((p) => p.resourceArn.includes(":kms:"));
    expect(key.accountId).toBe(B);
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, action: "kms:Decrypt", resourceArn: key.resourceArn }));
    expectDenied(await isAllowed(m, { principalArn: ROLE_A, action: "kms:Decrypt", resourceArn: key.resourceArn }), "ImplicitlyDenied");
  });

  test("why full-access is opt-in: with AmazonKinesisFullAccess the role may delete any stream of account B", async () => {
    // The AWS-managed policy's document (one statement: kinesis:* on *).
    const fullAccess = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kinesis:*", Resource: "*" }] };
    const m = model(
      { access: "full-access", fullAccessReason: "Legacy consumer needs every stream until migration INC-42 is done" },
      { managedPolicies: { AmazonKinesisFullAccess: fullAccess } },
    );
    expectAllowed(await isAllowed(m, { principalArn: ROLE_B, action: "kinesis:DeleteStream", resourceArn: OTHER_STREAM }));
  });
});
