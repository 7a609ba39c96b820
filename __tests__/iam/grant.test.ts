import { DataBucket } from "../../modules/s3/data-bucket";
import { Role } from "../../modules/iam/role";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { ArnPrincipal, PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { grant, grantOnPrincipal, grantOnResource } from "../../modules/iam/grant";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { warningsOf } from "../support/warnings";

const OTHER_ROLE = "arn:aws:iam::111122223333:role/analytics";

describe("grant(), grantOnPrincipal(), grantOnResource()", () => {
  test("a Role is its own grant principal; an InstanceProfileRole's is its role", () => {
    const t = testStack();
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    const profile = new InstanceProfileRole(t.stack, "profile", { account: t.accountA, roleName: "p" });
    expect(role.grantPrincipal).toBe(role);
    expect(profile.grantPrincipal).toBe(profile.role);
    expect(role.accountId).toBe("111122223333");
  });

  test("addToResourcePolicy: a bucket of this stack takes the statement, a referenced one does not", () => {
    const t = testStack();
    const statement = new PolicyStatement({ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], principals: [new ArnPrincipal(OTHER_ROLE, "111122223333")] });
    expect(new DataBucket(t.stack, "own", { account: t.accountB, bucketName: "own-bucket" }).addToResourcePolicy(statement)).toEqual({ statementAdded: true });
    expect(DataBucket.fromBucketName(t.stack, "theirs", { account: t.accountB, bucketName: "their-bucket" }).addToResourcePolicy(statement)).toEqual({
      statementAdded: false,
    });
  });

  test("a grant to a bare ARN of another account writes the resource policy only (no identity policy here)", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "shared-bucket" });
    const result = grant({ grantee: new ArnPrincipal(OTHER_ROLE, "111122223333"), actions: ["s3:GetObject"], resourceArns: [`${bucket.bucketArn}/*`], resource: bucket });
    expect(result.principalStatement).toBeUndefined();
    const json = synthJson(t.stack);
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({});
    expect(statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy)[1]).toEqual({
      effect: "Allow",
      actions: ["s3:GetObject"],
      resources: [expect.stringMatching(/^arn:aws:s3:::\$\{aws_s3_bucket\.bucket_[0-9A-F]+\.bucket\}\/\*$/)],
      principals: [{ type: "AWS", identifiers: [OTHER_ROLE] }],
    });
  });

  test("grantOnPrincipal writes the identity policy only, even across accounts", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "shared-bucket" });
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    const result = grantOnPrincipal({ grantee: role, actions: ["s3:ListBucket"], resourceArns: [bucket.bucketArn] });
    expect(result.principalStatement?.actions).toEqual(["s3:ListBucket"]);
    const json = synthJson(t.stack);
    expect(statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy).map((s: any) => s.sid)).toEqual(["DenyInsecureTransport"]);
  });

  test("grant() puts the sid on the identity statement only; a malformed sid fails", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountB, bucketName: "shared-bucket" });
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    const result = grant({ grantee: role, sid: "ReadShared", actions: ["s3:GetObject"], resourceArns: [`${bucket.bucketArn}/*`], resource: bucket });
    expect(result.principalStatement?.sid).toBe("ReadShared");
    expect(result.resourceStatement?.sid).toBeUndefined();
    const json = synthJson(t.stack);
    expect(statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy).map((s: any) => s.sid)).toEqual(["ReadShared"]);
    expect(() => grantOnPrincipal({ grantee: role, sid: "read-shared", actions: ["s3:GetObject"], resourceArns: ["*"] })).toThrow(
      'PolicyStatement.sid "read-shared" is invalid: must contain only letters and digits',
    );
  });

  test("grantOnResource names the grantee in the resource policy, within one account too", () => {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "own-bucket" });
    const role = new Role(t.stack, "role", { account: t.accountA, roleName: "r", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    const result = grantOnResource({ grantee: role, actions: ["s3:GetObject"], resourceArns: [`${bucket.bucketArn}/*`], resource: bucket });
    expect(result.resourceStatement?.principals).toEqual([role]);
    const json = synthJson(t.stack);
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({});
    expect(statementsOf(json, onlyResource(json, "aws_s3_bucket_policy").policy)).toHaveLength(2);
  });

  test("grantOnResource on a resource this stack does not manage warns with the warning's ID", () => {
    const t = testStack();
    const bucket = DataBucket.fromBucketName(t.stack, "theirs", { account: t.accountB, bucketName: "their-bucket" });
    const result = grantOnResource({ grantee: new ArnPrincipal(OTHER_ROLE), actions: ["s3:GetObject"], resourceArns: ["arn:aws:s3:::their-bucket/*"], resource: bucket });
    expect(result).toEqual({});
    expect(warningsOf(bucket)).toEqual([
      "GRANT-RESOURCE-POLICY-NOT-MANAGED: Cross-account grant to a resource this stack does not manage: the owner of account " +
        "444455556666 must also allow the grantee's account in its resource policy.",
    ]);
  });
});
