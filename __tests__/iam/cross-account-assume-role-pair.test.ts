import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { CrossAccountAssumeRolePair } from "../../modules/iam/cross-account-assume-role-pair";
import { assumeRolePair, resourcesOf, roleNamed, statementsOf, synthJson, testStack } from "../support/stack-json";

function pairStack(props: Partial<ConstructorParameters<typeof CrossAccountAssumeRolePair>[2]> = {}) {
  const t = testStack();
  const pair = assumeRolePair(t, props);
  return { ...t, pair, json: synthJson(t.stack) };
}

const ROLE_A_ARN = /^\$\{aws_iam_role\.pair_source_role_[0-9A-F]+\.arn\}$/;
const ROLE_B_ARN = /^\$\{aws_iam_role\.pair_target_role_[0-9A-F]+\.arn\}$/;

describe("CrossAccountAssumeRolePair", () => {
  test("role A: EC2-trusted, in account A (default provider), with an instance profile named after it", () => {
    const { json } = pairStack();
    const roleA = roleNamed(json, "MyRoleA");
    expect(roleA.provider).toBe("aws");
    expect(statementsOf(json, roleA.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
    const [profile] = Object.values(resourcesOf(json, "aws_iam_instance_profile"));
    expect(profile).toEqual({ provider: "aws", name: "MyRoleA", role: expect.stringMatching(/^\$\{aws_iam_role\.pair_source_role_\S+\.name\}$/) });
  });

  test("role A's inline policy allows sts:AssumeRole on exactly role B, nothing else", () => {
    const { json } = pairStack();
    const policies = Object.values(resourcesOf(json, "aws_iam_role_policy")).filter((p: any) => p.name === "MyRoleA-grants");
    expect(policies).toHaveLength(1);
    expect(policies[0].provider).toBe("aws");
    expect(statementsOf(json, policies[0].policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], resources: [expect.stringMatching(ROLE_B_ARN)] },
    ]);
  });

  test("role B: in account B (aws.data), trusting exactly role A's ARN (not A's root), no external ID by default", () => {
    const { json } = pairStack();
    const roleB = roleNamed(json, "MyRoleB");
    expect(roleB.provider).toBe("aws.data");
    const trust = statementsOf(json, roleB.assume_role_policy);
    expect(trust).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(ROLE_A_ARN)] }] }]);
    expect(JSON.stringify(trust)).not.toContain(":root");
    // The trust document is rendered in account B too.
    const trustDocId = /aws_iam_policy_document\.([^.]+)\.json/.exec(roleB.assume_role_policy)![1];
    expect(json.data!.aws_iam_policy_document[trustDocId].provider).toBe("aws.data");
  });

  test("external ID and max session duration land on role B's trust and role", () => {
    const { json, pair } = pairStack({ externalId: "myExternalCode", maxSessionDurationSeconds: 7200 });
    const roleB = roleNamed(json, "MyRoleB");
    expect(roleB.max_session_duration).toBe(7200);
    expect(statementsOf(json, roleB.assume_role_policy)[0].condition).toEqual([
      { test: "StringEquals", variable: "sts:ExternalId", values: ["myExternalCode"] },
    ]);
    expect(pair.externalId).toBe("myExternalCode");
  });

  test("exposes both ARNs and the instance profile ARN as references", () => {
    const t = testStack();
    const pair = new CrossAccountAssumeRolePair(t.stack, "pair", { sourceAccount: t.accountA, targetAccount: t.accountB, sourceRoleName: "a", targetRoleName: "b" });
    new TerraformOutput(t.stack, "arns", { value: [pair.sourceRoleArn, pair.targetRoleArn, pair.instanceProfileArn] });
    expect(synthJson(t.stack).output!.arns.value).toEqual([
      expect.stringMatching(ROLE_A_ARN),
      expect.stringMatching(ROLE_B_ARN),
      expect.stringMatching(/^\$\{aws_iam_instance_profile\.pair_source_instance-profile_\S+\.arn\}$/),
    ]);
  });

  test("a custom instance profile name", () => {
    const { json } = pairStack({ instanceProfileName: "MyRoleA-profile" });
    expect(Object.values(resourcesOf(json, "aws_iam_instance_profile"))[0].name).toBe("MyRoleA-profile");
  });
});

describe("CrossAccountAssumeRolePair validation", () => {
  test("the two accounts must differ", () => {
    const t = testStack();
    const alsoA = new AwsAccountProvider(t.stack, "also-a", { accountId: "111122223333", region: "us-east-1", alias: "other" });
    expect(
      () => new CrossAccountAssumeRolePair(t.stack, "pair", { sourceAccount: t.accountA, targetAccount: alsoA, sourceRoleName: "a", targetRoleName: "b" }),
    ).toThrow(
      'CrossAccountAssumeRolePair.targetAccount "111122223333" is invalid: must differ from sourceAccount (an assume-role pair crosses accounts; within one account grant the role directly)',
    );
  });

  test("the target account needs a provider of its own", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const a = new AwsAccountProvider(stack, "a", { accountId: "111122223333", region: "us-east-1" });
    const bOnA = { accountId: "444455556666", region: "us-east-1", partition: "aws", provider: a.provider };
    expect(() => new CrossAccountAssumeRolePair(stack, "pair", { sourceAccount: a, targetAccount: bOnA, sourceRoleName: "a", targetRoleName: "b" })).toThrow(
      'CrossAccountAssumeRolePair.targetAccount.provider "default" is invalid: must be a provider of its own for the target account (an aliased AwsAccountProvider), not the source account\'s',
    );
  });

  test("the target account's provider must be aliased (two default providers fail terraform init)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const a = new AwsAccountProvider(stack, "a", { accountId: "111122223333", region: "us-east-1", alias: "workspace" });
    const b = new AwsAccountProvider(stack, "b", { accountId: "444455556666", region: "us-east-1" });
    expect(() => new CrossAccountAssumeRolePair(stack, "pair", { sourceAccount: a, targetAccount: b, sourceRoleName: "a", targetRoleName: "b" })).toThrow(
      'CrossAccountAssumeRolePair.targetAccount.provider "default" is invalid: must be an aliased provider (an AwsAccountProvider with alias): ' +
        "the target account cannot use the stack's default provider",
    );
  });

  test.each([
    ["sourceRoleName", { sourceRoleName: "My Role" }, 'CrossAccountAssumeRolePair.sourceRoleName "My Role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    ["targetRoleName", { targetRoleName: "x".repeat(65) }, `CrossAccountAssumeRolePair.targetRoleName "${"x".repeat(65)}" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`],
    ["externalId", { externalId: "a" }, 'CrossAccountAssumeRolePair.externalId "a" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
    ["maxSessionDurationSeconds", { maxSessionDurationSeconds: 60 }, "Role.maxSessionDurationSeconds 60 is invalid: must be an integer from 3600 to 43200"],
  ])("%s", (_name, props, message) => {
    expect(() => pairStack(props)).toThrow(message);
  });
});
