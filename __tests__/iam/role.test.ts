import { Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ExistingRole } from "../../modules/iam/existing-role";
import { Role } from "../../modules/iam/role";
import { ArnPrincipal, PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

describe("Role", () => {
  test("trusts exactly the given principal, with an external ID condition when set", () => {
    const t = testStack();
    new Role(t.stack, "role-b", {
      account: t.accountB,
      roleName: "MyRoleB",
      assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/MyRoleA", "111122223333")],
      externalId: "databricks-ext",
      maxSessionDurationSeconds: 7200,
    });
    const json = synthJson(t.stack);
    const role = onlyResource(json, "aws_iam_role");
    expect(role).toEqual(expect.objectContaining({ name: "MyRoleB", provider: "aws.data", max_session_duration: 7200 }));
    expect(statementsOf(json, role.assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/MyRoleA"] }],
        condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["databricks-ext"] }],
      },
    ]);
    // The trust document is evaluated by the same account's provider.
    expect(Object.values(json.data!.aws_iam_policy_document)[0].provider).toBe("aws.data");
  });

  test("no inline policy until something is granted; then one, holding every grant", () => {
    const t = testStack();
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    expect(resourcesOf(synthJson(t.stack), "aws_iam_role_policy")).toEqual({});
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::444455556666:role/MyRoleB"] }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["kinesis:GetRecords"], resources: ["arn:aws:kinesis:us-east-1:444455556666:stream/s"] }));
    const json = synthJson(t.stack);
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(inline.name).toBe("r-grants");
    expect(inline.role).toMatch(/^\$\{aws_iam_role\..+\.name\}$/);
    expect(statementsOf(json, inline.policy).map((s: any) => s.actions)).toEqual([["sts:AssumeRole"], ["kinesis:GetRecords"]]);
  });

  test("managed policies attach by ARN", () => {
    const t = testStack();
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("lambda.amazonaws.com")] });
    role.attachManagedPolicy("logs", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
    expect(onlyResource(synthJson(t.stack), "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  });

  test.each([
    [{ roleName: "has space" }, 'Role.roleName "has space" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [{ externalId: "!" }, 'Role.externalId "!" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
    [{ maxSessionDurationSeconds: 60 }, "Role.maxSessionDurationSeconds 60 is invalid: must be an integer from 3600 to 43200"],
    [{ assumedBy: [] }, "Role.assumedBy [] is invalid: must name at least one principal"],
  ])("rejects %j", (override, message) => {
    const t = testStack();
    expect(
      () => new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")], ...override }),
    ).toThrow(message);
  });

  test("is an IamRole in the synthesized stack", () => {
    const t = testStack();
    new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    expect(Testing.synth(t.stack)).toHaveResourceWithProperties(IamRole, { name: "r" });
  });
});

describe("ExistingRole", () => {
  test("adds one named inline policy to a role it does not own, in the role's account", () => {
    const t = testStack();
    const role = new ExistingRole(t.stack, "ws", {
      account: t.accountA,
      roleArn: "arn:aws:iam::111122223333:role/changeme-crossaccount-iam-role",
      inlinePolicyName: "pass-my-role-a",
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["iam:PassRole"], resources: ["arn:aws:iam::111122223333:role/MyRoleA"] }));
    const json = synthJson(t.stack);
    expect(resourcesOf(json, "aws_iam_role")).toEqual({});
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(inline).toEqual(expect.objectContaining({ name: "pass-my-role-a", role: "changeme-crossaccount-iam-role" }));
    expect(statementsOf(json, inline.policy)).toEqual([{ effect: "Allow", actions: ["iam:PassRole"], resources: ["arn:aws:iam::111122223333:role/MyRoleA"] }]);
  });

  test("the ARN must be a role in the given account", () => {
    const t = testStack();
    expect(
      () => new ExistingRole(t.stack, "x", { account: t.accountA, roleArn: "arn:aws:iam::444455556666:role/x", inlinePolicyName: "p" }),
    ).toThrow('ExistingRole.roleArn "arn:aws:iam::444455556666:role/x" is invalid: must be a role in account 111122223333');
  });

  test("an ARN whose account is not 12 digits is refused, not let past the account check", () => {
    const t = testStack();
    expect(
      () => new ExistingRole(t.stack, "x", { account: t.accountA, roleArn: "arn:aws:iam::1111222233334:role/x", inlinePolicyName: "p" }),
    ).toThrow('ExistingRole.roleArn "arn:aws:iam::1111222233334:role/x" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>');
  });
});
