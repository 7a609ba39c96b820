import { readFileSync } from "fs";
import * as path from "path";
import { DatabricksProvider } from "@cdktf/provider-databricks/lib/provider";
import { DataBucket } from "../../modules/s3/data-bucket";
import { ExistingRole } from "../../modules/iam/existing-role";
import {
  CredentialPassthrough,
  CredentialPassthroughProps,
  PassthroughDatasetProps,
} from "../../modules/databricks/credential-passthrough";
import { S3Mount } from "../../modules/databricks/s3-mount";
import { logicalIdOf, onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

const METADATA = readFileSync(path.join(__dirname, "..", "..", "config", "saml-idp-metadata.example.xml"), "utf8");
const BLOG_DATASETS: PassthroughDatasetProps[] = [
  { name: "sensitive-data", roleName: "sensitive-data-role", prefix: "data/sensitive", mountName: "sensitive-data" },
  { name: "hr-data", roleName: "hr-data-role", prefix: "data/hr", mountName: "hr-data" },
];

/**
 * GIVEN the datasets of the Databricks blog "Introducing Databricks AWS IAM Credential Passthrough" in an
 * existing bucket of account A and the workspace role by name.
 */
function passthrough(override: Partial<CredentialPassthroughProps> = {}) {
  const t = testStack();
  const workspace = new DatabricksProvider(t.stack, "databricks", { host: "https://changeme.cloud.databricks.com" });
  const workspaceRole = new ExistingRole(t.stack, "workspace-role", {
    account: t.accountA,
    roleArn: "arn:aws:iam::111122223333:role/changeme-crossaccount-iam-role",
    inlinePolicyName: "changeme-passthrough-pass-meta-role",
  });
  const construct = new CredentialPassthrough(t.stack, "passthrough", {
    account: t.accountA,
    samlProviderName: "changeme-databricks-idp",
    samlMetadataDocument: METADATA,
    bucket: DataBucket.fromBucketName(t.stack, "bucket", { account: t.accountA, bucketName: "databricks-demo-data-us-east-1" }),
    datasets: BLOG_DATASETS,
    metaRoleName: "changeme-passthrough-meta-role",
    workspaceRole,
    databricksProvider: workspace,
    workspaceHost: "https://changeme.cloud.databricks.com",
    ...override,
  });
  return { ...t, construct, json: synthJson(t.stack) };
}

const roleId = (json: any, name: string) => logicalIdOf(json, "aws_iam_role", (r) => r.name === name);
const inlinePolicyNamed = (json: any, name: string) =>
  Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === name) as any;

/** The SAML trust statement every dataset role has: the stack's SAML provider, the workspace's SAML URL as audience. */
const samlTrust = (json: any) => ({
  effect: "Allow",
  actions: ["sts:AssumeRoleWithSAML"],
  principals: [{ type: "Federated", identifiers: [`\${aws_iam_saml_provider.${Object.keys(resourcesOf(json, "aws_iam_saml_provider"))[0]}.arn}`] }],
  condition: [{ test: "StringEquals", variable: "SAML:aud", values: ["https://changeme.cloud.databricks.com/saml/consume"] }],
});

describe("CredentialPassthrough: the meta instance profile", () => {
  test("by default the meta role is trusted by EC2 only and has no policy: it reaches nothing by itself", () => {
    const { json } = passthrough();
    const meta = json.resource!.aws_iam_role[roleId(json, "changeme-passthrough-meta-role")];
    expect(statementsOf(json, meta.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
    expect(inlinePolicyNamed(json, "changeme-passthrough-meta-role-grants")).toBeUndefined();
  });

  test("by default each dataset role trusts the SAML provider only, for the workspace's SAML URL", () => {
    const { json } = passthrough();
    for (const name of ["sensitive-data-role", "hr-data-role"]) {
      const role = json.resource!.aws_iam_role[roleId(json, name)];
      expect(statementsOf(json, role.assume_role_policy)).toEqual([samlTrust(json)]);
    }
  });

  test("the SAML audience needs the workspace host or explicit audiences; http:// is refused", () => {
    expect(() => passthrough({ workspaceHost: undefined })).toThrow(
      "CredentialPassthrough.workspaceHost undefined is invalid: or samlAudiences must be set (the dataset roles accept assertions for https://<workspace host>/saml/consume)",
    );
    expect(() => passthrough({ workspaceHost: "http://changeme.cloud.databricks.com" })).toThrow(
      'CredentialPassthrough.workspaceHost "http://changeme.cloud.databricks.com" is invalid: must not be http:// (Databricks posts SAML assertions to its https:// SAML URL only)',
    );
    const { json } = passthrough({ workspaceHost: undefined, samlAudiences: ["urn:amazon:webservices"] });
    const role = json.resource!.aws_iam_role[roleId(json, "hr-data-role")];
    expect(statementsOf(json, role.assume_role_policy)[0].condition[0].values).toEqual(["urn:amazon:webservices"]);
  });

  test("opt-in metaRoleAssumesDataRoles: the meta role may assume exactly the dataset roles", () => {
    const { json } = passthrough({ metaRoleAssumesDataRoles: true });
    const meta = json.resource!.aws_iam_role[roleId(json, "changeme-passthrough-meta-role")];
    expect(statementsOf(json, meta.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
    expect(statementsOf(json, inlinePolicyNamed(json, "changeme-passthrough-meta-role-grants").policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], resources: [`\${aws_iam_role.${roleId(json, "sensitive-data-role")}.arn}`] },
      { effect: "Allow", actions: ["sts:AssumeRole"], resources: [`\${aws_iam_role.${roleId(json, "hr-data-role")}.arn}`] },
    ]);
  });

  test("opt-in metaRoleAssumesDataRoles: each dataset role also trusts the meta role, nothing else", () => {
    const { json } = passthrough({ metaRoleAssumesDataRoles: true });
    const metaArn = `\${aws_iam_role.${roleId(json, "changeme-passthrough-meta-role")}.arn}`;
    for (const name of ["sensitive-data-role", "hr-data-role"]) {
      const role = json.resource!.aws_iam_role[roleId(json, name)];
      expect(statementsOf(json, role.assume_role_policy)).toEqual([
        samlTrust(json),
        { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: [metaArn] }] },
      ]);
    }
  });

  test("the workspace role may pass exactly the meta role, to EC2, in an inline policy of its own", () => {
    const { json } = passthrough();
    const passRole = inlinePolicyNamed(json, "changeme-passthrough-pass-meta-role");
    expect(passRole.role).toBe("changeme-crossaccount-iam-role");
    expect(statementsOf(json, passRole.policy)).toEqual([
      {
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: [`\${aws_iam_role.${roleId(json, "changeme-passthrough-meta-role")}.arn}`],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ]);
  });

  test("it is registered as a meta instance profile after IAM has propagated", () => {
    const { json } = passthrough({ skipInstanceProfileValidation: true, propagationWaitSeconds: 45 });
    const registration = onlyResource(json, "databricks_instance_profile");
    expect(registration).toEqual(
      expect.objectContaining({
        is_meta_instance_profile: true,
        skip_validation: true,
        instance_profile_arn: expect.stringMatching(/^\$\{aws_iam_instance_profile\..+\.arn\}$/),
        provider: "databricks",
      }),
    );
    const sleepId = Object.keys(resourcesOf(json, "time_sleep"))[0];
    expect(registration.depends_on).toEqual([`time_sleep.${sleepId}`]);
    const sleep = onlyResource(json, "time_sleep");
    expect(sleep.create_duration).toBe("45s");
    expect(sleep.depends_on).toEqual([expect.stringMatching(/^aws_iam_instance_profile\./), expect.stringMatching(/^aws_iam_role_policy\.workspace-role_/)]);
  });
});

describe("CredentialPassthrough: cluster and mounts", () => {
  test("the cluster runs in LEGACY_PASSTHROUGH mode, Python and SQL only, on the meta instance profile", () => {
    const { json } = passthrough({ cluster: { clusterName: "Passthrough", maxWorkers: 4, sparkConf: { "spark.databricks.delta.preview.enabled": "true" } } });
    const cluster = onlyResource(json, "databricks_cluster");
    const registrationId = Object.keys(resourcesOf(json, "databricks_instance_profile"))[0];
    expect(cluster).toEqual(
      expect.objectContaining({
        cluster_name: "Passthrough",
        data_security_mode: "LEGACY_PASSTHROUGH",
        spark_conf: { "spark.databricks.repl.allowedLanguages": "python,sql", "spark.databricks.delta.preview.enabled": "true" },
        aws_attributes: { instance_profile_arn: `\${databricks_instance_profile.${registrationId}.id}` },
        autoscale: { min_workers: 1, max_workers: 4 },
        autotermination_minutes: 20,
      }),
    );
    // The access mode replaces the blog's High Concurrency profile settings.
    expect(cluster.spark_conf["spark.databricks.cluster.profile"]).toBeUndefined();
  });

  test("by default no databricks_mount: each dataset has its mount config and the dbutils.fs.mount line", () => {
    const { construct, json } = passthrough();
    expect(resourcesOf(json, "databricks_mount")).toEqual({});
    const [sensitive] = construct.datasets;
    expect(sensitive.mount).toBeUndefined();
    expect(sensitive.mountConfig.mountPoint).toBe("/mnt/sensitive-data");
    expect(sensitive.mountConfig.source).toBe("s3a://databricks-demo-data-us-east-1/data/sensitive");
    expect(Object.keys(sensitive.mountConfig.extraConfigs)).toEqual(["fs.s3a.credentialsType", "fs.s3a.credentialsType.customClass", "fs.s3a.stsAssumeRole.arn"]);
    expect(sensitive.mountCommand).toBe(
      'dbutils.fs.mount("s3a://databricks-demo-data-us-east-1/data/sensitive", "/mnt/sensitive-data", extra_configs={' +
        '"fs.s3a.credentialsType": "Custom", ' +
        '"fs.s3a.credentialsType.customClass": "com.databricks.backend.daemon.driver.aws.AwsCredentialContextTokenProvider", ' +
        `"fs.s3a.stsAssumeRole.arn": "${sensitive.mountConfig.extraConfigs["fs.s3a.stsAssumeRole.arn"]}"})`,
    );
  });

  test("opt-in createMountResources: each dataset is mounted from its prefix with extra_configs naming its own role", () => {
    const { json } = passthrough({ createMountResources: true });
    const clusterId = Object.keys(resourcesOf(json, "databricks_cluster"))[0];
    const mounts = Object.values(resourcesOf(json, "databricks_mount")).sort((a: any, b: any) => b.name.localeCompare(a.name));
    expect(mounts).toEqual([
      {
        name: "sensitive-data",
        uri: "s3a://databricks-demo-data-us-east-1/data/sensitive",
        cluster_id: `\${databricks_cluster.${clusterId}.id}`,
        extra_configs: {
          "fs.s3a.credentialsType": "Custom",
          "fs.s3a.credentialsType.customClass": "com.databricks.backend.daemon.driver.aws.AwsCredentialContextTokenProvider",
          "fs.s3a.stsAssumeRole.arn": `\${aws_iam_role.${roleId(json, "sensitive-data-role")}.arn}`,
        },
        provider: "databricks",
      },
      {
        name: "hr-data",
        uri: "s3a://databricks-demo-data-us-east-1/data/hr",
        cluster_id: `\${databricks_cluster.${clusterId}.id}`,
        extra_configs: {
          "fs.s3a.credentialsType": "Custom",
          "fs.s3a.credentialsType.customClass": "com.databricks.backend.daemon.driver.aws.AwsCredentialContextTokenProvider",
          "fs.s3a.stsAssumeRole.arn": `\${aws_iam_role.${roleId(json, "hr-data-role")}.arn}`,
        },
        provider: "databricks",
      },
    ]);
  });
});

describe("CredentialPassthrough: dataset validation", () => {
  const ds = (i: number, override: Partial<PassthroughDatasetProps>) => BLOG_DATASETS.map((d, j) => (j === i ? { ...d, ...override } : d));
  test.each([
    ["no dataset", [], "CredentialPassthrough.datasets [] is invalid: must name at least one dataset"],
    [
      "a name that is not lowercase",
      ds(0, { name: "Sensitive" }),
      'CredentialPassthrough.datasets[0].name "Sensitive" is invalid: must be 1-40 characters of lowercase letters, digits and hyphens, starting with a letter',
    ],
    ["a duplicate name", ds(1, { name: "sensitive-data" }), 'CredentialPassthrough.datasets[1].name "sensitive-data" is invalid: must be unique (CredentialPassthrough.datasets[0] has it too)'],
    [
      "a duplicate role name",
      ds(1, { roleName: "sensitive-data-role" }),
      'CredentialPassthrough.datasets[1].roleName "sensitive-data-role" is invalid: must be unique (CredentialPassthrough.datasets[0] has it too)',
    ],
    ["a duplicate mount name", ds(1, { mountName: "sensitive-data" }), 'CredentialPassthrough.datasets[1].mountName "sensitive-data" is invalid: must be unique (CredentialPassthrough.datasets[0] has it too)'],
    [
      "a prefix inside another dataset's",
      ds(1, { prefix: "data/sensitive/hr" }),
      'CredentialPassthrough.datasets[1].prefix "data/sensitive/hr" is invalid: must not be inside or equal to CredentialPassthrough.datasets[0].prefix "data/sensitive"',
    ],
    [
      "the same prefix twice",
      ds(1, { prefix: "data/sensitive" }),
      'CredentialPassthrough.datasets[0].prefix "data/sensitive" is invalid: must not be inside or equal to CredentialPassthrough.datasets[1].prefix "data/sensitive" (each role must reach only its own dataset)',
    ],
    ["a malformed prefix", ds(1, { prefix: "data//hr" }), 'CredentialPassthrough.datasets[1].prefix "data//hr" is invalid: must be an S3 key prefix like data/hr'],
  ])("rejects %s", (_, datasets, message) => {
    expect(() => passthrough({ datasets: datasets as PassthroughDatasetProps[] })).toThrow(message);
  });

  test("accepts sibling prefixes that share a beginning", () => {
    expect(() => passthrough({ datasets: [BLOG_DATASETS[0], { ...BLOG_DATASETS[1], prefix: "data/sensitive-archive" }] })).not.toThrow();
  });
});

describe("S3Mount with a directory", () => {
  test("takes no instance profile: the uri form runs on the cluster's", () => {
    const t = testStack();
    expect(() => new S3Mount(t.stack, "m", { mountName: "hr", bucketName: "changeme-ds", directory: "data/hr", instanceProfile: "ip" })).toThrow(
      'S3Mount.instanceProfile "ip" is invalid: must not be set with extraConfigs or directory (the uri form has no instance profile: pass the clusterId of a cluster running on it)',
    );
  });

  test("rejects a directory that is not a key prefix", () => {
    const t = testStack();
    expect(() => new S3Mount(t.stack, "m", { mountName: "hr", bucketName: "changeme-ds", directory: "/data/hr", clusterId: "c" })).toThrow(
      'S3Mount.directory "/data/hr" is invalid: must be an S3 key prefix like data/hr',
    );
  });

  test("without a directory it still mounts the whole bucket with the s3 block", () => {
    const t = testStack();
    new S3Mount(t.stack, "m", { mountName: "experiments", bucketName: "changeme-ds", instanceProfile: "ip" });
    const mount = onlyResource(synthJson(t.stack), "databricks_mount");
    expect(mount.s3).toEqual({ bucket_name: "changeme-ds", instance_profile: "ip" });
    expect(mount.uri).toBeUndefined();
  });
});
