import { TerraformStack } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { synthJson, testStack } from "../support/stack-json";

describe("AwsAccountProvider", () => {
  test("pins the provider to its account and reaches it through the assumed role", () => {
    const { stack } = testStack();
    const providers = synthJson(stack).provider!.aws;
    expect(providers).toEqual([
      { allowed_account_ids: ["111122223333"], region: "us-east-1" },
      {
        alias: "data",
        allowed_account_ids: ["444455556666"],
        region: "us-east-1",
        assume_role: [{ role_arn: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole", session_name: "cdktf-databricks-data-access" }],
      },
    ]);
  });

  test("partition follows the region", () => {
    const { stack } = testStack();
    expect(new AwsAccountProvider(stack, "gov", { accountId: "777788889999", region: "us-gov-west-1", alias: "gov" }).partition).toBe("aws-us-gov");
  });

  test("a second default (unaliased) provider in one stack is refused", () => {
    const { stack } = testStack();
    expect(() => new AwsAccountProvider(stack, "second-default", { accountId: "777788889999", region: "us-east-1" })).toThrow(
      "AwsAccountProvider.alias undefined is invalid: must be set: the stack already has a default AWS provider (test/account-a/aws), and Terraform allows only one",
    );
  });

  test("one default provider per stack: another stack may have its own", () => {
    const { app } = testStack("first");
    const second = new TerraformStack(app, "second");
    const provider = new AwsAccountProvider(second, "account-a", { accountId: "111122223333", region: "us-east-1" });
    expect(synthJson(second).provider!.aws).toEqual([{ allowed_account_ids: ["111122223333"], region: "us-east-1" }]);
    expect(provider.provider.alias).toBeUndefined();
  });

  test.each([
    [{ accountId: "44445555666" }, 'AwsAccountProvider.accountId "44445555666" is invalid: must be a 12-digit AWS account ID'],
    [{ region: "us-east-7" }, 'AwsAccountProvider.region "us-east-7" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
    [{ assumeRoleArn: "arn:aws:iam::111122223333:role/Admin" }, 'AwsAccountProvider.assumeRoleArn "arn:aws:iam::111122223333:role/Admin" is invalid: must be a role in the provider\'s account 444455556666'],
    [{ assumeRoleArn: "arn:aws:iam::444455556666:role/Admin", profile: "b" }, 'AwsAccountProvider.profile "b" is invalid: must not be set together with assumeRoleArn'],
  ])("rejects %j", (override, message) => {
    const { stack } = testStack();
    expect(() => new AwsAccountProvider(stack, "x", { accountId: "444455556666", region: "us-east-1", alias: "x", ...override })).toThrow(message);
  });
});
