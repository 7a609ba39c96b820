import { TerraformStack, TerraformVariable } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { AutoscalingCluster } from "../../modules/databricks/autoscaling-cluster";
import { DatabricksInstanceProfile } from "../../modules/databricks/databricks-instance-profile";
import { IamPropagationWait } from "../../modules/databricks/iam-propagation-wait";
import { S3Mount } from "../../modules/databricks/s3-mount";
import { SingleNodeCluster } from "../../modules/databricks/single-node-cluster";
import { CrossAccountPolicyType, WorkspaceCrossAccountRole } from "../../modules/databricks/workspace-cross-account-role";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { onlyResource, policyDocumentOf, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { InstanceProfileRegistration } from "../../modules/databricks/instance-profile-registration";

function withDatabricks() {
  const t = testStack();
  const workspace = new DatabricksProvider(t.stack, "databricks", { host: "https://x.cloud.databricks.com" });
  const accountId = new TerraformVariable(t.stack, "databricks_account_id", { type: "string" }).stringValue;
  const mws = new DatabricksProvider(t.stack, "mws", { alias: "mws", host: "https://accounts.cloud.databricks.com", accountId });
  return { ...t, workspace, mws, accountId };
}

function workspaceRole(t: ReturnType<typeof withDatabricks>, props: Partial<ConstructorParameters<typeof WorkspaceCrossAccountRole>[2]> = {}) {
  return new WorkspaceCrossAccountRole(t.stack, "ws", {
    account: t.accountA,
    databricksAccountId: t.accountId,
    mwsProvider: t.mws,
    roleName: "changeme-crossaccount-iam-role",
    policyName: "changeme-crossaccount-iam-policy",
    credentialsName: "changeme-creds",
    passRoleArns: ["arn:aws:iam::111122223333:role/changeme-first-ec2s3"],
    ...props,
  });
}

describe("WorkspaceCrossAccountRole", () => {
  test("trust and permissions come from the Databricks data sources, with the account ID as external ID", () => {
    const t = withDatabricks();
    workspaceRole(t);
    const json = synthJson(t.stack);
    const trust = Object.values(json.data!.databricks_aws_assume_role_policy)[0];
    expect(trust.external_id).toBe("${var.databricks_account_id}");
    const permissions = Object.values(json.data!.databricks_aws_crossaccount_policy)[0];
    expect(permissions).toEqual(expect.objectContaining({ pass_roles: ["arn:aws:iam::111122223333:role/changeme-first-ec2s3"], policy_type: "managed" }));
    const role = onlyResource(json, "aws_iam_role");
    // Built on Role: its trust document merges the Databricks one as its only source, with no statement of its own.
    const trustDocument = policyDocumentOf(json, role.assume_role_policy);
    expect(trustDocument.source_policy_documents).toEqual([expect.stringMatching(/^\$\{data\.databricks_aws_assume_role_policy\..+\.json\}$/)]);
    expect(trustDocument.statement).toBeUndefined();
    expect(role.name).toBe("changeme-crossaccount-iam-role");
    expect(onlyResource(json, "aws_iam_policy")).toEqual(
      expect.objectContaining({ name: "changeme-crossaccount-iam-policy", policy: expect.stringMatching(/^\$\{data\.databricks_aws_crossaccount_policy\..+\.json\}$/) }),
    );
    expect(onlyResource(json, "aws_iam_role_policy_attachment").policy_arn).toMatch(/^\$\{aws_iam_policy\..+\.arn\}$/);
  });

  test("credentials are registered on the mws provider after the IAM propagation wait", () => {
    const t = withDatabricks();
    workspaceRole(t);
    const json = synthJson(t.stack);
    const creds = onlyResource(json, "databricks_mws_credentials");
    expect(creds).toEqual(expect.objectContaining({ provider: "databricks.mws", credentials_name: "changeme-creds", role_arn: expect.stringMatching(/aws_iam_role/) }));
    expect(creds.account_id).toBeUndefined(); // deprecated: the account comes from the provider
    const sleepId = Object.keys(resourcesOf(json, "time_sleep"))[0];
    expect(creds.depends_on).toEqual([`time_sleep.${sleepId}`]);
    const sleep = onlyResource(json, "time_sleep");
    expect(sleep.create_duration).toBe("30s");
    expect(sleep.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\./), expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
    expect(json.provider!.time).toEqual([{}]);
  });

  test("a zero wait removes the sleep and depends on the IAM resources directly", () => {
    const t = withDatabricks();
    workspaceRole(t, { propagationWaitSeconds: 0 });
    const json = synthJson(t.stack);
    expect(resourcesOf(json, "time_sleep")).toEqual({});
    expect(onlyResource(json, "databricks_mws_credentials").depends_on).toEqual([expect.stringMatching(/^aws_iam_role\./), expect.stringMatching(/^aws_iam_role_policy_attachment\./)]);
  });

  test("addPassRole adds exactly that role in an inline policy of its own", () => {
    const t = withDatabricks();
    const ws = workspaceRole(t);
    ws.addPassRole("arn:aws:iam::111122223333:role/MyRoleA");
    const json = synthJson(t.stack);
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(inline.name).toBe("changeme-crossaccount-iam-role-grants");
    expect(statementsOf(json, inline.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: ["arn:aws:iam::111122223333:role/MyRoleA"],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ]);
    // The generated cross-account policy is untouched.
    expect(Object.values(json.data!.databricks_aws_crossaccount_policy)[0].pass_roles).toEqual(["arn:aws:iam::111122223333:role/changeme-first-ec2s3"]);
  });

  test("the Databricks policies are rendered for the account's partition; aws-cn is refused", () => {
    const t = withDatabricks();
    const gov = new AwsAccountProvider(t.stack, "gov", { accountId: "777788889999", region: "us-gov-west-1", alias: "gov" });
    workspaceRole(t, { account: gov });
    const json = synthJson(t.stack);
    expect(Object.values(json.data!.databricks_aws_assume_role_policy)[0].aws_partition).toBe("aws-us-gov");
    expect(Object.values(json.data!.databricks_aws_crossaccount_policy)[0].aws_partition).toBe("aws-us-gov");

    const china = withDatabricks();
    const cn = new AwsAccountProvider(china.stack, "cn", { accountId: "777788889999", region: "cn-north-1", alias: "cn" });
    expect(() => workspaceRole(china, { account: cn })).toThrow(
      'WorkspaceCrossAccountRole.account.region "cn-north-1" is invalid: must be in the aws or aws-us-gov partition (Databricks on AWS is not available in aws-cn)',
    );
  });

  test("principalPolicyDependables: the generated policy's attachment, then the grants policy once used", () => {
    const t = withDatabricks();
    const ws = workspaceRole(t);
    expect(ws.principalPolicyDependables).toEqual([ws.policyAttachment]);
    ws.addPassRole("arn:aws:iam::111122223333:role/MyRoleA");
    expect(ws.principalPolicyDependables).toHaveLength(2);
  });

  test("restricted policies carry account, region, VPC and security group", () => {
    const t = withDatabricks();
    workspaceRole(t, { policyType: CrossAccountPolicyType.RESTRICTED, vpcId: "vpc-1", securityGroupId: "sg-1" });
    expect(Object.values(synthJson(t.stack).data!.databricks_aws_crossaccount_policy)[0]).toEqual(
      expect.objectContaining({ policy_type: "restricted", aws_account_id: "111122223333", region: "us-east-1", vpc_id: "vpc-1", security_group_id: "sg-1" }),
    );
  });

  test.each([
    [{ roleName: "bad role" }, 'WorkspaceCrossAccountRole.roleName "bad role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [{ databricksAccountId: "not-a-uuid" }, 'WorkspaceCrossAccountRole.databricksAccountId "not-a-uuid" is invalid: must be a Databricks account ID (a UUID)'],
    [{ policyType: CrossAccountPolicyType.RESTRICTED }, "WorkspaceCrossAccountRole.vpcId undefined is invalid: and securityGroupId are required with policyType restricted"],
    [{ vpcId: "vpc-1" }, 'WorkspaceCrossAccountRole.vpcId "vpc-1" is invalid: is only used with policyType customer or restricted'],
    [{ propagationWaitSeconds: 900 }, "IamPropagationWait.seconds 900 is invalid: must be an integer from 0 to 300"],
  ])("rejects %j", (override, message) => {
    const t = withDatabricks();
    expect(() => workspaceRole(t, override)).toThrow(message);
  });
});

describe("IamPropagationWait", () => {
  test("one time provider per stack however many waits", () => {
    const t = withDatabricks();
    const role = new InstanceProfileRole(t.stack, "r", { account: t.accountA, roleName: "r" });
    new IamPropagationWait(t.stack, "w1", { after: [role.instanceProfile] });
    new IamPropagationWait(t.stack, "w2", { after: [role.instanceProfile], seconds: 10 });
    const json = synthJson(t.stack);
    expect(json.provider!.time).toHaveLength(1);
    expect(Object.values(resourcesOf(json, "time_sleep")).map((s: any) => s.create_duration)).toEqual(["30s", "10s"]);
  });
});

describe("DatabricksInstanceProfile, S3Mount, AutoscalingCluster", () => {
  test("instance profile registration: validation on by default, escape hatch opt-in", () => {
    const t = withDatabricks();
    new DatabricksInstanceProfile(t.stack, "ip", { provider: t.workspace, instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/p" });
    new DatabricksInstanceProfile(t.stack, "ip2", {
      provider: t.workspace,
      instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/q",
      iamRoleArn: "arn:aws:iam::111122223333:role/other-name",
      skipValidation: true,
    });
    const profiles = Object.values(resourcesOf(synthJson(t.stack), "databricks_instance_profile")).sort((a: any, b: any) =>
      a.instance_profile_arn.localeCompare(b.instance_profile_arn),
    );
    expect(profiles[0]).toEqual(expect.objectContaining({ instance_profile_arn: "arn:aws:iam::111122223333:instance-profile/p", skip_validation: false }));
    expect(profiles[1]).toEqual(expect.objectContaining({ iam_role_arn: "arn:aws:iam::111122223333:role/other-name", skip_validation: true }));
  });

  test("with extraConfigs the mount takes the uri form on the given cluster, never the s3 block", () => {
    const t = withDatabricks();
    new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "data", bucketName: "changeme-ds", clusterId: "c-1", extraConfigs: { "fs.s3a.credentialsType": "AssumeRole" } });
    const mount = onlyResource(synthJson(t.stack), "databricks_mount");
    expect(mount).toEqual(expect.objectContaining({ uri: "s3a://changeme-ds", cluster_id: "c-1", extra_configs: { "fs.s3a.credentialsType": "AssumeRole" } }));
    expect(mount.s3).toBeUndefined();
  });

  test("the mount uses databricks_mount with an s3 block", () => {
    const t = withDatabricks();
    const mount = new S3Mount(t.stack, "m", { provider: t.workspace, mountName: "experiments", bucketName: "changeme-ds", instanceProfile: "ip-id" });
    const json = synthJson(t.stack);
    expect(json.resource!.databricks_aws_s3_mount).toBeUndefined();
    expect(onlyResource(json, "databricks_mount")).toEqual(expect.objectContaining({ name: "experiments", s3: { bucket_name: "changeme-ds", instance_profile: "ip-id" } }));
    expect(mount.mountPath).toMatch(/^\/mnt\//);
  });

  test("the cluster: smallest local-disk node, latest LTS, 1..50 workers, 20 minutes, instance profile", () => {
    const t = withDatabricks();
    new AutoscalingCluster(t.stack, "c", { provider: t.workspace, instanceProfileArn: "ip-id" });
    const json = synthJson(t.stack);
    expect(Object.values(json.data!.databricks_node_type)[0]).toEqual(expect.objectContaining({ local_disk: true }));
    expect(Object.values(json.data!.databricks_spark_version)[0]).toEqual(expect.objectContaining({ long_term_support: true }));
    expect(onlyResource(json, "databricks_cluster")).toEqual(
      expect.objectContaining({
        cluster_name: "Shared Autoscaling",
        autotermination_minutes: 20,
        autoscale: { min_workers: 1, max_workers: 50 },
        aws_attributes: { instance_profile_arn: "ip-id" },
        data_security_mode: "NONE",
        node_type_id: expect.stringMatching(/^\$\{data\.databricks_node_type\./),
        spark_version: expect.stringMatching(/^\$\{data\.databricks_spark_version\./),
      }),
    );
  });

  test.each([
    [{ minWorkers: -1 }, "AutoscalingCluster.minWorkers -1 is invalid: must be an integer from 0 to 100000"],
    [{ maxWorkers: 0 }, "AutoscalingCluster.maxWorkers 0 is invalid: must be an integer from 1 to 100000"],
    [{ minWorkers: 10, maxWorkers: 5 }, "AutoscalingCluster.maxWorkers 5 is invalid: must be at least minWorkers (10)"],
    [{ autoterminationMinutes: 5 }, "AutoscalingCluster.autoterminationMinutes 5 is invalid: must be an integer from 10 to 10000"],
  ])("cluster rejects %j", (props, message) => {
    const t = withDatabricks();
    expect(() => new AutoscalingCluster(t.stack, "c", props)).toThrow(message);
  });

  test.each([
    [{ mountName: "/mnt/x" }, 'S3Mount.mountName "/mnt/x" is invalid: must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)'],
    [
      { extraConfigs: { "fs.s3a.acl.default": "BucketOwnerFullControl" }, clusterId: "c-1" },
      'S3Mount.instanceProfile "ip" is invalid: must not be set with extraConfigs or directory (the uri form has no instance profile: pass the clusterId of a cluster running on it)',
    ],
    [{ bucketName: "B" }, 'S3Mount.bucketName "B" is invalid: must be 3-63 characters'],
  ])("mount rejects %j", (override, message) => {
    const t = withDatabricks();
    expect(() => new S3Mount(t.stack, "m", { mountName: "experiments", bucketName: "changeme-ds", instanceProfile: "ip", ...override })).toThrow(message);
  });

  test("instance profile ARNs are checked", () => {
    const t = withDatabricks();
    expect(() => new DatabricksInstanceProfile(t.stack, "ip", { instanceProfileArn: "instance-profile/p" })).toThrow(
      'DatabricksInstanceProfile.instanceProfileArn "instance-profile/p" is invalid: must be an ARN of the form arn:<partition>:<service>:<region>:<account>:<resource> with service "iam"',
    );
  });
});

describe("InstanceProfileRegistration with a WorkspaceCrossAccountRole", () => {
  function registrationWith(passRoleArns: (profile: InstanceProfileRole) => string[]) {
    const t = withDatabricks();
    const profile = new InstanceProfileRole(t.stack, "profile", { account: t.accountA, roleName: "changeme-first-ec2s3" });
    const ws = workspaceRole(t, { passRoleArns: passRoleArns(profile) });
    const registration = new InstanceProfileRegistration(t.stack, "registration", { instanceProfileRole: profile, workspaceRole: ws, provider: t.workspace });
    return { json: synthJson(t.stack), registration };
  }

  test("whose generated policy already passes the role: no iam:PassRole of its own", () => {
    const { json, registration } = registrationWith((profile) => [profile.roleArn]);
    expect(registration.passRoleStatement).toBeUndefined();
    expect(resourcesOf(json, "aws_iam_role_policy")).toEqual({});
  });

  test("that does not pass the role: iam:PassRole in its grants policy", () => {
    const { json, registration } = registrationWith(() => []);
    expect(registration.passRoleStatement?.actions).toEqual(["iam:PassRole"]);
    expect(onlyResource(json, "aws_iam_role_policy").name).toBe("changeme-crossaccount-iam-role-grants");
  });
});

describe("a renamed instance profile replaces its registration (databricks/terraform-provider-databricks#4210)", () => {
  // aws/resource_instance_profile.go (v1.99.0): instance_profile_arn is not ForceNew and Update only edits the role
  // of the registered ARN, so a new ARN must replace databricks_instance_profile rather than update it.
  test("InstanceProfileRegistration: replace_triggered_by names the profile's arn as a bare address; the wait re-runs", () => {
    const t = withDatabricks();
    const profile = new InstanceProfileRole(t.stack, "profile", { account: t.accountA, roleName: "changeme-first-ec2s3" });
    new InstanceProfileRegistration(t.stack, "registration", { instanceProfileRole: profile, workspaceRole: workspaceRole(t), provider: t.workspace });
    const json = synthJson(t.stack);
    const [profileId] = Object.keys(resourcesOf(json, "aws_iam_instance_profile"));
    // Terraform's JSON syntax takes a bare reference here; "${...}" fails validate with "Invalid character".
    expect(onlyResource(json, "databricks_instance_profile").lifecycle).toEqual({
      replace_triggered_by: [`aws_iam_instance_profile.${profileId}.arn`],
    });
    const sleeps = Object.values(resourcesOf(json, "time_sleep")).filter((s: any) => s.triggers !== undefined);
    expect(sleeps.map((s: any) => s.triggers)).toEqual([{ instance_profile_arn: `\${aws_iam_instance_profile.${profileId}.arn}` }]);
  });

  test("the address follows an overridden logical ID", () => {
    const t = withDatabricks();
    const profile = new InstanceProfileRole(t.stack, "profile", { account: t.accountA, roleName: "changeme-first-ec2s3" });
    profile.instanceProfile.overrideLogicalId("data_profile");
    new DatabricksInstanceProfile(t.stack, "ip", { provider: t.workspace, instanceProfileArn: profile.instanceProfileArn, awsInstanceProfile: profile.instanceProfile });
    expect(onlyResource(synthJson(t.stack), "databricks_instance_profile").lifecycle).toEqual({ replace_triggered_by: ["aws_iam_instance_profile.data_profile.arn"] });
  });

  test("without awsInstanceProfile (an ARN managed elsewhere) there is no lifecycle block", () => {
    const t = withDatabricks();
    new DatabricksInstanceProfile(t.stack, "ip", { provider: t.workspace, instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/MyRoleA" });
    expect(onlyResource(synthJson(t.stack), "databricks_instance_profile").lifecycle).toBeUndefined();
  });

  test("an aws_iam_instance_profile of another stack is refused", () => {
    const t = withDatabricks();
    const other = new TerraformStack(t.app, "other");
    const otherAccount = new AwsAccountProvider(other, "account", { accountId: "111122223333", region: "us-east-1" });
    const profile = new InstanceProfileRole(other, "profile", { account: otherAccount, roleName: "changeme-first-ec2s3" });
    expect(
      () => new DatabricksInstanceProfile(t.stack, "ip", { provider: t.workspace, instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/changeme-first-ec2s3", awsInstanceProfile: profile.instanceProfile }),
    ).toThrow(
      'DatabricksInstanceProfile.awsInstanceProfile "other/profile/instance-profile" is invalid: must be in the stack of test/ip ' +
        "(replace_triggered_by only refers to resources of the same configuration)",
    );
  });
});

describe("SingleNodeCluster", () => {
  test("no workers, Spark in local mode, the ResourceClass tag, 10 idle minutes, latest LTS on the smallest node", () => {
    const t = withDatabricks();
    new SingleNodeCluster(t.stack, "mount-cluster", { provider: t.workspace, instanceProfileArn: "ip-1", sparkConf: { "spark.hadoop.fs.s3a.acl.default": "BucketOwnerFullControl" } });
    const json = synthJson(t.stack);
    const cluster = onlyResource(json, "databricks_cluster");
    expect(cluster).toMatchObject({
      cluster_name: "Single Node",
      num_workers: 0,
      autotermination_minutes: 10,
      data_security_mode: "NONE",
      aws_attributes: { instance_profile_arn: "ip-1" },
      // storage/mounts.go getCommonClusterObject (v1.99.0): the provider's own mounting cluster.
      spark_conf: { "spark.hadoop.fs.s3a.acl.default": "BucketOwnerFullControl", "spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]" },
      custom_tags: { ResourceClass: "SingleNode" },
      spark_version: expect.stringMatching(/^\$\{data\.databricks_spark_version\.\S+\.id\}$/),
      node_type_id: expect.stringMatching(/^\$\{data\.databricks_node_type\.\S+\.id\}$/),
    });
    expect(cluster.autoscale).toBeUndefined();
    expect(Object.values(json.data!.databricks_spark_version)).toEqual([expect.objectContaining({ long_term_support: true })]);
  });

  test.each([
    [{ sparkConf: { "spark.master": "local[2]" } }, 'SingleNodeCluster.sparkConf "spark.master" is invalid: must not set a single-node key: the construct sets it'],
    [{ customTags: { ResourceClass: "Serverless" } }, 'SingleNodeCluster.customTags "ResourceClass" is invalid: must not set a single-node key: the construct sets it'],
    [{ autoterminationMinutes: 5 }, "SingleNodeCluster.autoterminationMinutes 5 is invalid: must be an integer from 10 to 10000"],
  ])("rejects %j", (props, message) => {
    const t = withDatabricks();
    expect(() => new SingleNodeCluster(t.stack, "c", { provider: t.workspace, ...props })).toThrow(message);
  });

  test("a pinned runtime and node type look nothing up", () => {
    const t = withDatabricks();
    new SingleNodeCluster(t.stack, "c", { provider: t.workspace, sparkVersion: "15.4.x-scala2.12", nodeTypeId: "m5d.large", autoterminationMinutes: 0 });
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_cluster")).toMatchObject({ spark_version: "15.4.x-scala2.12", node_type_id: "m5d.large", autotermination_minutes: 0 });
    expect(json.data).toBeUndefined();
  });
});
