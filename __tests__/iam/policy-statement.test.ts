import { AccountRootPrincipal, AnyPrincipal, ArnPrincipal, Effect, FederatedPrincipal, PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";

describe("PolicyStatement", () => {
  test("renders an aws_iam_policy_document statement, principals grouped by type", () => {
    const statement = new PolicyStatement({
      sid: "ReadData",
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::b/*"],
      principals: [new ArnPrincipal("arn:aws:iam::111122223333:role/a"), new ArnPrincipal("arn:aws:iam::111122223333:role/b"), new ServicePrincipal("ec2.amazonaws.com")],
    }).addCondition("StringEquals", "sts:ExternalId", ["x"]);
    expect(statement.toStatementConfig()).toEqual({
      sid: "ReadData",
      effect: "Allow",
      actions: ["s3:GetObject"],
      notActions: undefined,
      resources: ["arn:aws:s3:::b/*"],
      principals: [
        { type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"] },
        { type: "Service", identifiers: ["ec2.amazonaws.com"] },
      ],
      condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: ["x"] }],
    });
  });

  test("deny with anyone, and principals that know their account", () => {
    expect(new PolicyStatement({ effect: Effect.DENY, actions: ["s3:*"], principals: [new AnyPrincipal()] }).toStatementConfig().principals).toEqual([
      { type: "*", identifiers: ["*"] },
    ]);
    expect(new AccountRootPrincipal("444455556666", "aws-cn").identifiers).toEqual(["arn:aws-cn:iam::444455556666:root"]);
    expect(new FederatedPrincipal("arn:aws:iam::111122223333:saml-provider/idp").principalType).toBe("Federated");
  });

  test.each([
    [{ actions: ["s3 GetObject"] }, 'PolicyStatement.actions "s3 GetObject" is invalid: must be \'*\' or \'service:Action\' (wildcards * and ? allowed)'],
    [{ actions: ["GetObject"] }, 'PolicyStatement.actions "GetObject" is invalid: must be \'*\' or \'service:Action\' (wildcards * and ? allowed)'],
    [{ actions: [] }, "PolicyStatement.actions [] is invalid: must name at least one action (or notAction)"],
    [{ actions: ["s3:GetObject"], sid: "not ok" }, 'PolicyStatement.sid "not ok" is invalid: must contain only letters and digits'],
  ])("malformed %j throws when built", (props, message) => {
    expect(() => new PolicyStatement(props)).toThrow(message);
  });

  test("service principals must be service names", () => {
    expect(() => new ServicePrincipal("ec2")).toThrow('ServicePrincipal.service "ec2" is invalid: must be a service principal like ec2.amazonaws.com');
  });

  test("account roots need a 12-digit account", () => {
    expect(() => new AccountRootPrincipal("123")).toThrow('AccountRootPrincipal.accountId "123" is invalid: must be a 12-digit AWS account ID');
  });
});
