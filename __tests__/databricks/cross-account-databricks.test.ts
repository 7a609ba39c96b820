import { Buffer } from "buffer";
import { Token } from "cdktf";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { ExistingRole } from "../../modules/iam/role";
import { InstanceProfileRegistration } from "../../modules/databricks/instance-profile-registration";
import { S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER, S3aAssumedRoleScope, assumedRoleS3aConf } from "../../modules/databricks/assumed-role-s3a";
import {
  KinesisConnectionCheckNotebook,
  kinesisConnectionCheckSource,
  kinesisReadStreamOptions,
  stsEndpointOf,
} from "../../modules/databricks/kinesis-connection-check-notebook";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

const ROLE_B = "arn:aws:iam::444455556666:role/MyRoleB";

describe("InstanceProfileRegistration", () => {
  function registrationStack(seconds?: number) {
    const t = testStack();
    const role = new InstanceProfileRole(t.stack, "role-a", { account: t.accountA, roleName: "MyRoleA" });
    // The workspace role as another stack owns it: referenced by name, one inline policy of ours.
    const workspaceRole = new ExistingRole(t.stack, "workspace-role", {
      account: t.accountA,
      roleArn: "arn:aws:iam::111122223333:role/changeme-crossaccount-iam-role",
      inlinePolicyName: "changeme-xacct-pass-role",
    });
    const registration = new InstanceProfileRegistration(t.stack, "registration", { instanceProfileRole: role, workspaceRole, propagationWaitSeconds: seconds });
    return { ...t, role, workspaceRole, registration, json: synthJson(t.stack) };
  }

  test("iam:PassRole on exactly role A, only to EC2, in an inline policy of its own on the workspace role", () => {
    const { json } = registrationStack();
    const policies = Object.values(resourcesOf(json, "aws_iam_role_policy")).filter((p: any) => p.role === "changeme-crossaccount-iam-role");
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ name: "changeme-xacct-pass-role", provider: "aws" });
    expect(statementsOf(json, policies[0].policy)).toEqual([
      {
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: [expect.stringMatching(/^\$\{aws_iam_role\.role-a_role_[0-9A-F]+\.arn\}$/)],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ]);
    // Nothing else touches the workspace role: no attachment, no managed policy, no role resource.
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
    expect(Object.values(resourcesOf(json, "aws_iam_role")).map((r: any) => r.name)).toEqual(["MyRoleA"]);
  });

  test("registers the instance profile after a wait on the profile and the PassRole policy", () => {
    const { json } = registrationStack();
    const registration = onlyResource(json, "databricks_instance_profile");
    expect(registration).toMatchObject({
      instance_profile_arn: expect.stringMatching(/^\$\{aws_iam_instance_profile\.\S+\.arn\}$/),
      iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.role-a_\S+\.arn\}$/),
      skip_validation: false,
      depends_on: [expect.stringMatching(/^time_sleep\./)],
    });
    const sleep = onlyResource(json, "time_sleep");
    expect(sleep.create_duration).toBe("30s");
    expect(sleep.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_instance_profile\./),
      expect.stringMatching(/^aws_iam_role_policy\.workspace-role_default-policy_/),
    ]);
  });

  test("with no wait, the registration depends on the IAM resources directly", () => {
    const { json } = registrationStack(0);
    expect(resourcesOf(json, "time_sleep")).toEqual({});
    expect(onlyResource(json, "databricks_instance_profile").depends_on).toEqual([
      expect.stringMatching(/^aws_iam_instance_profile\./),
      expect.stringMatching(/^aws_iam_role_policy\.workspace-role_default-policy_/),
    ]);
  });

  test("the workspace role must be in the instance profile's account", () => {
    const t = testStack();
    const role = new InstanceProfileRole(t.stack, "role-a", { account: t.accountA, roleName: "MyRoleA" });
    const roleInB = new ExistingRole(t.stack, "other", { account: t.accountB, roleArn: "arn:aws:iam::444455556666:role/x", inlinePolicyName: "p" });
    expect(() => new InstanceProfileRegistration(t.stack, "r", { instanceProfileRole: role, workspaceRole: roleInB })).toThrow(
      'InstanceProfileRegistration.workspaceRole "444455556666" is invalid: must be in the instance profile\'s account 111122223333 (iam:PassRole does not cross accounts)',
    );
  });
});

describe("assumedRoleS3aConf (seed 001 step 4)", () => {
  test("global: the two fs.s3a.* settings", () => {
    expect(assumedRoleS3aConf({ roleArn: ROLE_B, scope: S3aAssumedRoleScope.GLOBAL })).toEqual({
      "fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider",
      "fs.s3a.assumed.role.arn": ROLE_B,
    });
  });

  test("per bucket (the default): the two fs.s3a.bucket.<bucket>.* settings", () => {
    expect(assumedRoleS3aConf({ roleArn: ROLE_B, bucketName: "my-bucket" })).toEqual({
      "fs.s3a.bucket.my-bucket.aws.credentials.provider": S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER,
      "fs.s3a.bucket.my-bucket.assumed.role.arn": ROLE_B,
    });
  });

  test("a role ARN reference passes through", () => {
    const token = Token.asString({ Ref: "x" });
    expect(assumedRoleS3aConf({ roleArn: token, bucketName: "b-1" })["fs.s3a.bucket.b-1.assumed.role.arn"]).toBe(token);
  });

  test.each([
    [{ roleArn: ROLE_B }, "assumedRoleS3aConf.bucketName undefined is invalid: must be set with the per-bucket scope"],
    [
      { roleArn: ROLE_B, scope: S3aAssumedRoleScope.GLOBAL, bucketName: "b-1" },
      'assumedRoleS3aConf.bucketName "b-1" is invalid: must not be set with the global scope (it applies to every bucket)',
    ],
    [{ roleArn: "MyRoleB", bucketName: "b-1" }, 'assumedRoleS3aConf.roleArn "MyRoleB" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'],
    [{ roleArn: ROLE_B, bucketName: "B_1" }, 'assumedRoleS3aConf.bucketName "B_1" is invalid: must be 3-63 characters'],
  ])("rejects %j", (options, message) => {
    expect(() => assumedRoleS3aConf(options)).toThrow(message);
  });
});

describe("Kinesis readStream options and the connection-check notebook (seed 000 step 5)", () => {
  const seedOptions = {
    streamNames: ["testStream"],
    region: "us-east-1",
    roleArn: "arn:aws:iam::444455556666:role/KinesisCrossAccountRole",
  };

  test("the seed's options, in the seed's order; roleExternalId only when set", () => {
    const options = kinesisReadStreamOptions(seedOptions);
    expect(Object.entries(options)).toEqual([
      ["streamName", "testStream"],
      ["stsEndpoint", "sts.us-east-1.amazonaws.com"],
      ["region", "us-east-1"],
      ["roleArn", "arn:aws:iam::444455556666:role/KinesisCrossAccountRole"],
      ["initialPosition", "earliest"],
    ]);
    expect(kinesisReadStreamOptions({ ...seedOptions, roleExternalId: "myExternalCode" }).roleExternalId).toBe("myExternalCode");
  });

  test("several streams become the source's comma-separated list", () => {
    expect(kinesisReadStreamOptions({ ...seedOptions, streamNames: ["a", "b"] }).streamName).toBe("a,b");
  });

  test("regional STS endpoints, .com.cn in China", () => {
    expect(stsEndpointOf("eu-west-1")).toBe("sts.eu-west-1.amazonaws.com");
    expect(stsEndpointOf("cn-north-1")).toBe("sts.cn-north-1.amazonaws.com.cn");
  });

  test("the notebook runs the seed's readStream with exactly those options", () => {
    const t = testStack();
    const options = kinesisReadStreamOptions({ ...seedOptions, roleExternalId: "myExternalCode" });
    new KinesisConnectionCheckNotebook(t.stack, "check", { path: "/Shared/check", readOptions: options });
    const notebook = onlyResource(synthJson(t.stack), "databricks_notebook");
    expect(notebook.path).toBe("/Shared/check");
    expect(notebook.language).toBe("PYTHON");
    const source = Buffer.from(notebook.content_base64, "base64").toString("utf8");
    expect(source).toBe(kinesisConnectionCheckSource(options));
    expect(source).toContain('spark.readStream.format("kinesis")');
    expect(source).toContain('.option("streamName", "testStream")');
    expect(source).toContain('.option("stsEndpoint", "sts.us-east-1.amazonaws.com")');
    expect(source).toContain('.option("region", "us-east-1")');
    expect(source).toContain('.option("roleArn", "arn:aws:iam::444455556666:role/KinesisCrossAccountRole")');
    expect(source).toContain('.option("roleExternalId", "myExternalCode")');
    expect(source).toContain('.option("initialPosition", "earliest")');
    expect(source).toContain("display(kinesis)");
    expect(source.startsWith("# Databricks notebook source\n")).toBe(true);
  });

  test.each([
    [{ streamNames: [] }, "kinesisReadStreamOptions.streamNames [] is invalid: must name at least one stream"],
    [{ streamNames: ["bad name"] }, 'kinesisReadStreamOptions.streamNames[0] "bad name" is invalid: must be 1-128 characters of letters, digits and _.-'],
    [{ region: "us-east-9" }, 'kinesisReadStreamOptions.region "us-east-9" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
    [{ roleExternalId: "x" }, 'kinesisReadStreamOptions.roleExternalId "x" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
  ])("rejects %j", (override, message) => {
    expect(() => kinesisReadStreamOptions({ ...seedOptions, ...override })).toThrow(message);
  });

  test("the notebook needs values known at synth time and an absolute path", () => {
    const t = testStack();
    const token = Token.asString({ Ref: "x" });
    expect(() => new KinesisConnectionCheckNotebook(t.stack, "a", { path: "/Shared/a", readOptions: { roleArn: token } })).toThrow(
      /^KinesisConnectionCheckNotebook\.readOptions\.roleArn ".*" is invalid: must be known at synth time \(the notebook source is generated\)$/,
    );
    expect(() => new KinesisConnectionCheckNotebook(t.stack, "b", { path: "Shared/b", readOptions: {} })).toThrow(
      'KinesisConnectionCheckNotebook.path "Shared/b" is invalid: must be an absolute workspace path like /Shared/kinesis-check',
    );
  });
});
