import { Buffer } from "buffer";
import { Aspects, Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { CrossAccountKinesisStack } from "../../stacks/cross-account-kinesis-stack";
import { SecuritySuppressions } from "../../modules/security/suppressions";
import { DataAccessSecurityChecks } from "../../modules/security/data-access-security-checks";
import { onlyResource, policyNamed, resourcesOf, roleNamed, statementsOf, synthJson, resourceCounts } from "../support/stack-json";

function synthKinesis(override: Record<string, unknown> = {}) {
  const stack = new CrossAccountKinesisStack(Testing.app(), "cross-account-kinesis", { config: resolveConfig({ crossAccount: { kinesis: override } }) });
  return { stack, json: synthJson(stack) };
}

const READ_ACTIONS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"];
const STREAM_ARN = /^arn:aws:kinesis:us-east-1:444455556666:stream\/\$\{aws_kinesis_stream\.stream-0_stream_[0-9A-F]+\.name\}$/;
const ROLE_A_ARN = /^\$\{aws_iam_role\.assume-role-pair_source_role_[0-9A-F]+\.arn\}$/;

describe("CrossAccountKinesisStack (Kinesis AssumeRole guide)", () => {
  const { json } = synthKinesis();

  test("what it creates", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_role: 2,
      aws_iam_instance_profile: 1,
      aws_iam_role_policy: 3,
      aws_kinesis_stream: 1,
      time_sleep: 1,
      databricks_instance_profile: 1,
      databricks_cluster: 1,
    });
  });

  test("the stream testStream in B: provisioned, 1 shard, KMS with the AWS-managed key", () => {
    expect(onlyResource(json, "aws_kinesis_stream")).toEqual({
      provider: "aws.data",
      name: "changeme-testStream",
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 1,
      retention_period: 24,
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
    });
  });

  test("step 1: KinesisCrossAccountRole trusts exactly DatabricksToKinesisAssumeRole (not A's root, not EC2) and reads only the named stream", () => {
    const role = roleNamed(json, "changeme-KinesisCrossAccountRole");
    expect(role.provider).toBe("aws.data");
    expect(statementsOf(json, role.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [expect.stringMatching(ROLE_A_ARN)] }] },
    ]);
    expect(policyNamed(json, "changeme-KinesisCrossAccountRole-grants")).toEqual([
      { effect: "Allow", actions: READ_ACTIONS, resources: [expect.stringMatching(STREAM_ARN)] },
      { effect: "Allow", actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], resources: [expect.stringMatching(/\/consumer\/\*$/)] },
    ]);
    expect(resourcesOf(json, "aws_iam_role_policy_attachment")).toEqual({});
  });

  test("step 2: DatabricksToKinesisAssumeRole, EC2-trusted, with the guide's inline sts:AssumeRole and PassRole on the workspace role", () => {
    expect(onlyResource(json, "aws_iam_instance_profile").name).toBe("changeme-DatabricksToKinesisAssumeRole");
    expect(policyNamed(json, "changeme-DatabricksToKinesisAssumeRole-grants")).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], resources: [expect.stringMatching(/assume-role-pair_target_role_\S+\.arn\}$/)] },
    ]);
    const passRole = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.role === "changeme-crossaccount-iam-role");
    expect(passRole.name).toBe("changeme-xacct-kinesis-pass-role");
    expect(statementsOf(json, passRole.policy)[0]).toMatchObject({ actions: ["iam:PassRole"], resources: [expect.stringMatching(ROLE_A_ARN)] });
  });

  test("steps 3-4: the profile registered and a cluster on it (the role is chosen per query, no Spark settings)", () => {
    const cluster = onlyResource(json, "databricks_cluster");
    expect(cluster.cluster_name).toBe("Cross-account Kinesis");
    expect(cluster.aws_attributes.instance_profile_arn).toMatch(/^\$\{databricks_instance_profile\.\S+\.id\}$/);
    expect(cluster.spark_conf).toBeUndefined();
  });

  test("step 5: the exact readStream options as an output; no notebook by default", () => {
    expect(json.output!.kinesis_read_stream_options.value).toEqual({
      streamName: "changeme-testStream",
      stsEndpoint: "sts.us-east-1.amazonaws.com",
      region: "us-east-1",
      roleArn: "arn:aws:iam::444455556666:role/changeme-KinesisCrossAccountRole",
      initialPosition: "earliest",
    });
    expect(resourcesOf(json, "databricks_notebook")).toEqual({});
  });
});

describe("CrossAccountKinesisStack options", () => {
  test("external ID: on the trust policy and in the readStream options", () => {
    const { json } = synthKinesis({ externalId: "myExternalCode" });
    const role = roleNamed(json, "changeme-KinesisCrossAccountRole");
    expect(statementsOf(json, role.assume_role_policy)[0].condition).toEqual([{ test: "StringEquals", variable: "sts:ExternalId", values: ["myExternalCode"] }]);
    expect(json.output!.kinesis_read_stream_options.value.roleExternalId).toBe("myExternalCode");
  });

  test("the opt-in notebook runs the connection check with the output's values", () => {
    const { json } = synthKinesis({ notebook: { enabled: true, path: "/Shared/check" }, externalId: "myExternalCode" });
    const notebook = onlyResource(json, "databricks_notebook");
    expect(notebook).toMatchObject({ path: "/Shared/check", language: "PYTHON", provider: "databricks" });
    const source = Buffer.from(notebook.content_base64, "base64").toString("utf8");
    for (const [key, value] of Object.entries(json.output!.kinesis_read_stream_options.value as Record<string, string>)) {
      expect(source).toContain(`.option(${JSON.stringify(key)}, ${JSON.stringify(value)})`);
    }
  });

  test("the readStream role ARN is the ARN the role gets", () => {
    const { json } = synthKinesis({ targetRoleName: "Reader" });
    expect(roleNamed(json, "changeme-Reader").provider).toBe("aws.data");
    expect(json.output!.kinesis_read_stream_options.value.roleArn).toBe("arn:aws:iam::444455556666:role/changeme-Reader");
  });

  test("write is opt-in: read-write adds put actions", () => {
    const { json } = synthKinesis({ access: "read-write" });
    expect(policyNamed(json, "changeme-KinesisCrossAccountRole-grants").map((s) => s.actions)).toEqual([
      READ_ACTIONS,
      ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
      ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
    ]);
  });

  test("EFO consumer registration only on request", () => {
    const { json } = synthKinesis({ registerConsumers: true });
    expect(policyNamed(json, "changeme-KinesisCrossAccountRole-grants").map((s) => s.actions)).toContainEqual([
      "kinesis:ListStreamConsumers",
      "kinesis:RegisterStreamConsumer",
      "kinesis:DeregisterStreamConsumer",
    ]);
  });

  test("AmazonKinesisFullAccess only on explicit request, with the security suppression's rule ID and reason", () => {
    const reason = "Legacy consumer needs every stream of the account until migration INC-42 is done";
    const { stack, json } = synthKinesis({ access: "full-access", fullAccessReason: reason });
    expect(onlyResource(json, "aws_iam_role_policy_attachment")).toEqual({
      provider: "aws.data",
      role: expect.stringMatching(/assume-role-pair_target_role_\S+\.name\}$/),
      policy_arn: "arn:aws:iam::aws:policy/AmazonKinesisFullAccess",
    });
    expect(SecuritySuppressions.of(stack.fullAccessAttachment!)).toEqual([{ id: "IAM-MANAGED-FULL-ACCESS", reason }]);
    // No scoped grants next to it: the managed policy is what the user asked for.
    expect(() => policyNamed(json, "changeme-KinesisCrossAccountRole-grants")).toThrow("no policy");
  });

  test("customer key: created streams use it and the role becomes its user", () => {
    const { json } = synthKinesis({ streamEncryption: "KMS" });
    const key = onlyResource(json, "aws_kms_key");
    expect(key.provider).toBe("aws.data");
    expect(onlyResource(json, "aws_kinesis_stream").kms_key_id).toMatch(/^\$\{aws_kms_key\.\S+\.arn\}$/);
    expect(statementsOf(json, key.policy)[1]).toMatchObject({ actions: ["kms:Decrypt", "kms:DescribeKey"], resources: ["*"] });
  });

  test("existing streams by name, on demand or not: nothing created in B but the role", () => {
    const { json } = synthKinesis({ createStreams: false, streamNames: ["orders", "clicks"], kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" });
    expect(resourcesOf(json, "aws_kinesis_stream")).toEqual({});
    const statements = policyNamed(json, "changeme-KinesisCrossAccountRole-grants");
    expect(statements.filter((s) => s.actions.includes("kinesis:GetRecords")).map((s) => s.resources)).toEqual([
      ["arn:aws:kinesis:us-east-1:444455556666:stream/orders"],
      ["arn:aws:kinesis:us-east-1:444455556666:stream/clicks"],
    ]);
    expect(statements.filter((s) => s.actions.includes("kms:Decrypt")).map((s) => s.resources)).toEqual([
      ["arn:aws:kms:us-east-1:444455556666:key/k"],
      ["arn:aws:kms:us-east-1:444455556666:key/k"],
    ]);
    expect(json.output!.kinesis_read_stream_options.value.streamName).toBe("orders,clicks");
  });

  test("on-demand streams have no shard count", () => {
    const { json } = synthKinesis({ streamMode: "ON_DEMAND", retentionPeriodHours: 48 });
    const stream = onlyResource(json, "aws_kinesis_stream");
    expect(stream.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
    expect(stream.shard_count).toBeUndefined();
    expect(stream.retention_period).toBe(48);
  });
});

describe("CrossAccountKinesisStack under the security checks", () => {
  function findingsOf(override: Record<string, unknown>) {
    const stack = new CrossAccountKinesisStack(Testing.app(), "cross-account-kinesis", { config: resolveConfig({ crossAccount: { kinesis: override } }) });
    const checks = new DataAccessSecurityChecks({ writeReport: false });
    Aspects.of(stack).add(checks);
    Testing.synth(stack);
    return checks.reportFor(stack).findings.map((f) => `${f.status} ${f.ruleId}[${f.finding}]`);
  }

  test("no finding by default, nor with a customer key and an external ID", () => {
    expect(findingsOf({})).toEqual([]);
    expect(findingsOf({ streamEncryption: "KMS", externalId: "myExternalCode", access: "read-write" })).toEqual([]);
  });

  test("full-access is reported, as suppressed with its reason", () => {
    expect(findingsOf({ access: "full-access", fullAccessReason: "Legacy consumer needs every stream until migration INC-42 is done" })).toEqual([
      "suppressed IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AmazonKinesisFullAccess]",
    ]);
  });
});
