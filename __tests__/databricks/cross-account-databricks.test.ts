import { Buffer } from "buffer";
import { TerraformOutput, Token } from "cdktf";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { ExistingRole } from "../../modules/iam/existing-role";
import { InstanceProfileRegistration } from "../../modules/databricks/instance-profile-registration";
import { S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER, S3aAssumedRoleScope, S3aConfTarget, assumedRoleS3aConf } from "../../modules/databricks/assumed-role-s3a";
import {
  KinesisConnectionCheckNotebook,
  kinesisConnectionCheckSource,
  kinesisReadStreamOptions,
  stsEndpointOf,
} from "../../modules/databricks/kinesis-connection-check-notebook";
import { assumeRolePair, onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

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

describe("assumedRoleS3aConf (Databricks' AssumeRole guide)", () => {
  /** A pair in a test stack; `resolve` turns a value into what synthesizes. */
  function pairStack(externalId?: string) {
    const t = testStack();
    const roles = assumeRolePair(t, { externalId });
    const resolve = (value: unknown) => {
      new TerraformOutput(t.stack, "probe", { value });
      return synthJson(t.stack).output!.probe.value;
    };
    return { ...t, roles, resolve };
  }
  const ROLE_B_REF = expect.stringMatching(/^\$\{aws_iam_role\.pair_target_role_[0-9A-F]+\.arn\}$/);

  test("mount extra_configs: the guide's four bare keys", () => {
    const { roles, resolve } = pairStack();
    expect(resolve(assumedRoleS3aConf({ roles, target: S3aConfTarget.MOUNT }))).toEqual({
      "fs.s3a.credentialsType": "AssumeRole",
      "fs.s3a.stsAssumeRole.arn": ROLE_B_REF,
      "fs.s3a.canned.acl": "BucketOwnerFullControl",
      "fs.s3a.acl.default": "BucketOwnerFullControl",
    });
  });

  test("cluster, global: the guide's keys with the spark.hadoop. prefix", () => {
    const { roles, resolve } = pairStack();
    expect(resolve(assumedRoleS3aConf({ roles, target: S3aConfTarget.CLUSTER, scope: S3aAssumedRoleScope.GLOBAL }))).toEqual({
      "spark.hadoop.fs.s3a.credentialsType": "AssumeRole",
      "spark.hadoop.fs.s3a.stsAssumeRole.arn": ROLE_B_REF,
      "spark.hadoop.fs.s3a.acl.default": "BucketOwnerFullControl",
    });
  });

  test("cluster, per bucket (the default): one set of keys per bucket, several buckets in one call", () => {
    const { roles, resolve } = pairStack();
    expect(resolve(assumedRoleS3aConf({ roles, target: S3aConfTarget.CLUSTER, bucketNames: ["bucket-1", "bucket-2"] }))).toEqual({
      "spark.hadoop.fs.s3a.bucket.bucket-1.aws.credentials.provider": S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER,
      "spark.hadoop.fs.s3a.bucket.bucket-1.assumed.role.arn": ROLE_B_REF,
      "spark.hadoop.fs.s3a.bucket.bucket-1.acl.default": "BucketOwnerFullControl",
      "spark.hadoop.fs.s3a.bucket.bucket-2.aws.credentials.provider": S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER,
      "spark.hadoop.fs.s3a.bucket.bucket-2.assumed.role.arn": ROLE_B_REF,
      "spark.hadoop.fs.s3a.bucket.bucket-2.acl.default": "BucketOwnerFullControl",
    });
  });

  test("a pair with an external ID is refused: S3A sends none, every read would be denied", () => {
    const { roles } = pairStack("ext-1234");
    expect(() => assumedRoleS3aConf({ roles, target: S3aConfTarget.MOUNT })).toThrow(
      'assumedRoleS3aConf.roles.externalId "ext-1234" is invalid: must be unset: S3A assumes the role without an external ID, so every read would be denied (use a pair without externalId for S3)',
    );
  });

  test.each([
    [{ target: S3aConfTarget.CLUSTER }, "assumedRoleS3aConf.bucketNames undefined is invalid: must name at least one bucket with the per-bucket scope"],
    [{ target: S3aConfTarget.CLUSTER, bucketNames: ["b-1", "b-1"] }, 'assumedRoleS3aConf.bucketNames "b-1" is invalid: must not repeat a bucket'],
    [
      { target: S3aConfTarget.CLUSTER, scope: S3aAssumedRoleScope.GLOBAL, bucketNames: ["b-1"] },
      'assumedRoleS3aConf.bucketNames ["b-1"] is invalid: must be unset with the global scope (it applies to every bucket)',
    ],
    [{ target: S3aConfTarget.MOUNT, bucketNames: ["b-1"] }, 'assumedRoleS3aConf.scope ["b-1"] is invalid: must be unset for a mount (its extra_configs apply to that mount only)'],
    [{ target: S3aConfTarget.CLUSTER, bucketNames: ["B_1"] }, 'assumedRoleS3aConf.bucketNames[0] "B_1" is invalid: must be 3-63 characters'],
  ])("rejects %j", (options, message) => {
    const { roles } = pairStack();
    expect(() => assumedRoleS3aConf({ roles, ...options })).toThrow(message);
  });
});

describe("Kinesis readStream options and the connection-check notebook (Kinesis AssumeRole guide, step 5)", () => {
  const pair = (externalId?: string) =>
    assumeRolePair(testStack(), { sourceRoleName: "DatabricksToKinesisAssumeRole", targetRoleName: "KinesisCrossAccountRole", externalId });
  const guideOptions = { streamNames: ["testStream"], region: "us-east-1", roles: pair() };

  test("the guide's options, in the guide's order; roleExternalId only when set", () => {
    const options = kinesisReadStreamOptions(guideOptions);
    expect(Object.entries(options)).toEqual([
      ["streamName", "testStream"],
      ["stsEndpoint", "sts.us-east-1.amazonaws.com"],
      ["region", "us-east-1"],
      ["roleArn", "arn:aws:iam::444455556666:role/KinesisCrossAccountRole"],
      ["initialPosition", "earliest"],
    ]);
    // The pair carries the external ID: the option comes with it, never separately.
    expect(kinesisReadStreamOptions({ ...guideOptions, roles: pair("myExternalCode") }).roleExternalId).toBe("myExternalCode");
  });

  test("several streams become the source's comma-separated list", () => {
    expect(kinesisReadStreamOptions({ ...guideOptions, streamNames: ["a", "b"] }).streamName).toBe("a,b");
  });

  test("regional STS endpoints, .com.cn in China", () => {
    expect(stsEndpointOf("eu-west-1")).toBe("sts.eu-west-1.amazonaws.com");
    expect(stsEndpointOf("cn-north-1")).toBe("sts.cn-north-1.amazonaws.com.cn");
  });

  test("the notebook runs the guide's readStream with exactly those options", () => {
    const t = testStack();
    const options = kinesisReadStreamOptions({ ...guideOptions, roles: pair("myExternalCode") });
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
  ])("rejects %j", (override, message) => {
    expect(() => kinesisReadStreamOptions({ ...guideOptions, ...override })).toThrow(message);
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
