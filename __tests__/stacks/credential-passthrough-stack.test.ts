import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { DEFAULT_CONFIG, resolveConfig } from "../../config/app-config";
import { EXAMPLE_SAML_METADATA_FILE } from "../../config/schema/credential-passthrough";
import { PASSTHROUGH_ENABLED } from "../support/passthrough-config";
import { CredentialPassthroughStack } from "../../stacks/credential-passthrough-stack";
import { checkStack, findingsOf } from "../security/check-stack";
import { onlyResource, resourcesOf, statementsOf, synthJson, resourceCounts } from "../support/stack-json";

const EXAMPLE_METADATA = fs.readFileSync(path.join(__dirname, "..", "..", EXAMPLE_SAML_METADATA_FILE), "utf8");

/** The section turned on with the example metadata, plus `override`. */
const section = (override: Record<string, unknown>) => ({ credentialPassthrough: { ...PASSTHROUGH_ENABLED.credentialPassthrough, ...override } });

function synthPassthrough(override: Record<string, unknown> = section({})) {
  const stack = new CredentialPassthroughStack(Testing.app(), "credential-passthrough", { config: resolveConfig(override) });
  // Testing.synth with validations: the synth-time provider rules run too.
  return { stack, json: JSON.parse(Testing.synth(stack, true)) as ReturnType<typeof synthJson> };
}

describe("CredentialPassthroughStack (Databricks blog: IAM credential passthrough)", () => {
  const { json } = synthPassthrough();

  test("every element of the scenario is present, in the workspace account", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_saml_provider: 1,
      aws_iam_role: 3, // two dataset roles and the meta role
      aws_iam_role_policy: 3, // two dataset policies and PassRole on the workspace role; the meta role has none
      aws_iam_instance_profile: 1,
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_policy: 1,
      databricks_instance_profile: 1,
      databricks_cluster: 1,
      time_sleep: 1,
    });
    expect(json.provider!.aws).toEqual([expect.objectContaining({ allowed_account_ids: ["111122223333"], region: "us-east-1" })]);
    const providers = new Set(Object.values(json.resource!).flatMap((blocks) => Object.values(blocks).map((b: any) => b.provider)));
    expect([...providers].sort()).toEqual(["aws", "databricks", undefined].sort());
  });

  test("names follow the prefix; the metadata is the one configured", () => {
    expect(onlyResource(json, "aws_iam_saml_provider")).toEqual(expect.objectContaining({ name: "changeme-databricks-idp", saml_metadata_document: EXAMPLE_METADATA }));
    expect(Object.values(resourcesOf(json, "aws_iam_role")).map((r: any) => r.name).sort()).toEqual([
      "changeme-hr-data-role",
      "changeme-passthrough-meta-role",
      "changeme-sensitive-data-role",
    ]);
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("changeme-passthrough-data");
  });

  test("dataset roles trust the SAML provider only, for the workspace's SAML URL", () => {
    for (const role of Object.values(resourcesOf(json, "aws_iam_role")).filter((r: any) => r.name.endsWith("-data-role")) as any[]) {
      expect(statementsOf(json, role.assume_role_policy)).toEqual([
        expect.objectContaining({
          actions: ["sts:AssumeRoleWithSAML"],
          condition: [{ test: "StringEquals", variable: "SAML:aud", values: ["https://changeme.cloud.databricks.com/saml/consume"] }],
        }),
      ]);
    }
  });

  test("no databricks_mount by default: each dataset's mount config and dbutils.fs.mount line are outputs", () => {
    expect(resourcesOf(json, "databricks_mount")).toEqual({});
    const roleArn = json.output!.hr_data_role_arn.value;
    expect(json.output!.hr_data_mount_config.value).toEqual({
      source: expect.stringMatching(/^s3a:\/\/\$\{aws_s3_bucket\.\S+\.bucket\}\/data\/hr$/),
      mountPoint: "/mnt/hr-data",
      extraConfigs: {
        "fs.s3a.credentialsType": "Custom",
        "fs.s3a.credentialsType.customClass": "com.databricks.backend.daemon.driver.aws.AwsCredentialContextTokenProvider",
        "fs.s3a.stsAssumeRole.arn": roleArn,
      },
    });
    expect(json.output!.hr_data_mount_command.value).toMatch(
      new RegExp(
        '^dbutils\\.fs\\.mount\\("s3a://\\$\\{aws_s3_bucket\\.\\S+\\.bucket\\}/data/hr", "/mnt/hr-data", extra_configs=\\{"fs\\.s3a\\.credentialsType": "Custom", ' +
          '"fs\\.s3a\\.credentialsType\\.customClass": "com\\.databricks\\.backend\\.daemon\\.driver\\.aws\\.AwsCredentialContextTokenProvider", ' +
          '"fs\\.s3a\\.stsAssumeRole\\.arn": "\\$\\{aws_iam_role\\.\\S+\\.arn\\}"\\}\\)$',
      ),
    );
  });

  test("createMountResources keeps the mounts as resources on the passthrough cluster (opted in, so synth passes)", () => {
    const { json: withMounts } = synthPassthrough(section({ createMountResources: true }));
    const mounts = Object.values(resourcesOf(withMounts, "databricks_mount")) as any[];
    expect(mounts.map((m) => m.name).sort()).toEqual(["hr-data", "sensitive-data"]);
    for (const mount of mounts) expect(mount.cluster_id).toMatch(/^\$\{databricks_cluster\./);
  });

  test("metaRoleAssumesDataRoles adds the plain AssumeRole path both ways", () => {
    const { json: withMeta } = synthPassthrough(section({ metaRoleAssumesDataRoles: true }));
    expect(Object.keys(resourcesOf(withMeta, "aws_iam_role_policy"))).toHaveLength(4);
    const hr = Object.values(resourcesOf(withMeta, "aws_iam_role")).find((r: any) => r.name === "changeme-hr-data-role") as any;
    expect(statementsOf(withMeta, hr.assume_role_policy).map((st: any) => st.actions)).toEqual([["sts:AssumeRoleWithSAML"], ["sts:AssumeRole"]]);
  });

  test("PassRole goes to the data-access stack's workspace role, by name", () => {
    const passRole = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === "changeme-passthrough-pass-meta-role") as any;
    expect(passRole.role).toBe("changeme-crossaccount-iam-role");
    expect(statementsOf(json, passRole.policy).map((s: any) => s.actions)).toEqual([["iam:PassRole"]]);
  });

  test("the cluster pins the last LTS runtime before passthrough's deprecation", () => {
    expect(onlyResource(json, "databricks_cluster")).toEqual(
      expect.objectContaining({ spark_version: "14.3.x-scala2.12", data_security_mode: "LEGACY_PASSTHROUGH", cluster_name: "Passthrough" }),
    );
  });

  test("outputs give the IdP the Role attribute value of each dataset", () => {
    const providerArn = `\${aws_iam_saml_provider.${Object.keys(resourcesOf(json, "aws_iam_saml_provider"))[0]}.arn}`;
    expect(json.output!.hr_data_idp_role_attribute.value).toBe(`${json.output!.hr_data_role_arn.value},${providerArn}`);
    expect(json.output!.sensitive_data_idp_role_attribute.value).toBe(`${json.output!.sensitive_data_role_arn.value},${providerArn}`);
  });

  test("the security checks find nothing to report", () => {
    const stack = new CredentialPassthroughStack(Testing.app(), "credential-passthrough", { config: resolveConfig(section({})) });
    const { report, annotations } = checkStack(stack);
    expect(findingsOf(report)).toEqual([]);
    expect(annotations.filter((a) => a.level !== "info")).toEqual([]);
  });

  test("an existing bucket is used by name, with its KMS key, and no bucket is created", () => {
    const keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { json: existing } = synthPassthrough(section({ existingBucketName: "databricks-demo-data-us-east-1", existingBucketKeyArn: keyArn }));
    expect(resourcesOf(existing, "aws_s3_bucket")).toEqual({});
    expect([existing.output!.hr_data_mount_config.value.source, existing.output!.sensitive_data_mount_config.value.source]).toEqual([
      "s3a://databricks-demo-data-us-east-1/data/hr",
      "s3a://databricks-demo-data-us-east-1/data/sensitive",
    ]);
    const hrPolicy = Object.values(resourcesOf(existing, "aws_iam_role_policy")).find((p: any) => p.name === "changeme-hr-data-role-dataset-access") as any;
    expect(statementsOf(existing, hrPolicy.policy).map((s: any) => s.resources)).toEqual([
      ["arn:aws:s3:::databricks-demo-data-us-east-1"],
      ["arn:aws:s3:::databricks-demo-data-us-east-1/data/hr", "arn:aws:s3:::databricks-demo-data-us-east-1/data/hr/", "arn:aws:s3:::databricks-demo-data-us-east-1/data/hr/*"],
      [keyArn],
    ]);
  });

  test("metadata can be given inline", () => {
    const document = EXAMPLE_METADATA.replace("idp.example.invalid", "idp2.example.invalid");
    const { json: inline } = synthPassthrough(section({ samlMetadata: { document } }));
    expect(onlyResource(inline, "aws_iam_saml_provider").saml_metadata_document).toBe(document);
  });

  test("metadata can come from another file, relative to the project root or absolute", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "saml-"));
    const file = path.join(dir, "idp.xml");
    const document = EXAMPLE_METADATA.replace("idp.example.invalid", "idp3.example.invalid");
    fs.writeFileSync(file, document);
    const { json: fromFile } = synthPassthrough(section({ samlMetadata: { file } }));
    expect(onlyResource(fromFile, "aws_iam_saml_provider").saml_metadata_document).toBe(document);
  });
});

describe("credentialPassthrough config", () => {
  test("off by default; when on, the guide's datasets and mounts, audience from the workspace host", () => {
    expect(DEFAULT_CONFIG.credentialPassthrough.enabled).toBe(false);
    expect(DEFAULT_CONFIG.credentialPassthrough.datasets).toEqual([
      { name: "sensitive-data", roleName: "sensitive-data-role", prefix: "data/sensitive", mountName: "sensitive-data" },
      { name: "hr-data", roleName: "hr-data-role", prefix: "data/hr", mountName: "hr-data" },
    ]);
    expect(resolveConfig().credentialPassthrough.samlAudiences).toBeUndefined();
  });

  test("datasets and metadata are replaced whole; cluster fields merge", () => {
    const config = resolveConfig(
      section({
        samlMetadata: { document: EXAMPLE_METADATA },
        datasets: [{ name: "finance", roleName: "finance-role", prefix: "data/finance", mountName: "finance" }],
        cluster: { maxWorkers: 4 },
      }),
    );
    expect(config.credentialPassthrough.samlMetadata).toEqual({ document: EXAMPLE_METADATA });
    expect(config.credentialPassthrough.datasets).toHaveLength(1);
    expect(config.credentialPassthrough.cluster).toEqual({ ...DEFAULT_CONFIG.credentialPassthrough.cluster, maxWorkers: 4 });
  });

  const FIELD = "config.credentialPassthrough";
  test.each([
    ["an unknown field", { samlProvider: "x" }, `${FIELD}.samlProvider "x" is invalid: is not a known configuration field`],
    ["a bad provider name", { samlProviderName: "a b" }, `${FIELD}.samlProviderName "a b" is invalid: must be 1-128 characters of letters, digits and _.-`],
    ["both a file and a document", { samlMetadata: { file: "a.xml", document: "<x/>" } }, `${FIELD}.samlMetadata {"file":"a.xml","document":"<x/>"} is invalid: must be {"file": "<path>"} or {"document": "<xml>"}`],
    ["a missing metadata file", { enabled: true, samlMetadata: { file: "config/nope.xml" } }, `${FIELD}.samlMetadata.file "config/nope.xml" is invalid: must be a readable file, relative to the project root or absolute (ENOENT`],
    ["an empty inline document", { enabled: true, samlMetadata: { document: "" } }, `${FIELD}.samlMetadata.document "" is invalid: must not be empty`],
    [
      "enabled without metadata",
      { enabled: true, samlMetadata: undefined },
      `${FIELD}.samlMetadata is missing: must be set when enabled: {"file": "<path to your IdP's SAML metadata XML>"} or {"document": "<xml>"}, ` +
        "exported from the IdP application you set up for Databricks (the example file is rejected by IAM)",
    ],
    [
      "enabled with the shipped example file",
      { enabled: true, samlMetadata: { file: EXAMPLE_SAML_METADATA_FILE } },
      `${FIELD}.samlMetadata.file "${EXAMPLE_SAML_METADATA_FILE}" is invalid: must be set when enabled: {"file": "<path to your IdP's SAML metadata XML>"}`,
    ],
    ["no audience", { samlAudiences: [] }, `${FIELD}.samlAudiences [] is invalid: must name at least one audience (without one the role trusts any assertion of the IdP)`],
    [
      "an http:// audience",
      { samlAudiences: ["http://changeme.cloud.databricks.com/saml/consume"] },
      `${FIELD}.samlAudiences[0] "http://changeme.cloud.databricks.com/saml/consume" is invalid: must not be http:// (SAML assertions must be posted over https)`,
    ],
    ["an audience that is not a URL", { samlAudiences: ["aws"] }, `${FIELD}.samlAudiences[0] "aws" is invalid: must be an https:// URL or a urn: (the endpoint SAML assertions are posted to)`],
    ["a bad existing bucket name", { existingBucketName: "Bad_Bucket" }, `${FIELD}.existingBucketName "Bad_Bucket" is invalid: must be 3-63 characters`],
    ["a key without an existing bucket", { existingBucketKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" }, `${FIELD}.existingBucketKeyArn "arn:aws:kms:us-east-1:111122223333:key/k" is invalid: may only be set with existingBucketName`],
    [
      "an unknown dataset field",
      { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr", mountName: "hr", bucket: "b" }] },
      `${FIELD}.datasets[0].bucket "b" is invalid: is not a known configuration field`,
    ],
    ["a dataset field missing", { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr" }] }, `${FIELD}.datasets[0].mountName is missing: must be set (a string)`],
    [
      "a bad mount name",
      { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr", mountName: "/mnt/hr" }] },
      `${FIELD}.datasets[0].mountName "/mnt/hr" is invalid: must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)`,
    ],
    [
      "a role name too long with the prefix",
      { datasets: [{ name: "hr", roleName: "r".repeat(60), prefix: "data/hr", mountName: "hr" }] },
      `${FIELD}.datasets[0].roleName "changeme-${"r".repeat(60)}" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`,
    ],
    [
      "nested prefixes",
      {
        datasets: [
          { name: "data", roleName: "data", prefix: "data", mountName: "data" },
          { name: "hr", roleName: "hr", prefix: "data/hr", mountName: "hr" },
        ],
      },
      `${FIELD}.datasets[1].prefix "data/hr" is invalid: must not be inside or equal to ${FIELD}.datasets[0].prefix "data" (each role must reach only its own dataset)`,
    ],
    ["no datasets", { datasets: [] }, `${FIELD}.datasets [] is invalid: must name at least one dataset`],
    ["a bad meta role name", { metaRoleName: "a b" }, `${FIELD}.metaRoleName "a b" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`],
    ["fewer max than min workers", { cluster: { minWorkers: 5, maxWorkers: 2 } }, `${FIELD}.cluster.maxWorkers 2 is invalid: must be at least minWorkers (5)`],
    ["a too short autotermination", { cluster: { autoterminationMinutes: 5 } }, `${FIELD}.cluster.autoterminationMinutes 5 is invalid: must be 0 or an integer from 10 to 10000`],
  ])("rejects %s", (_, override, message) => {
    expect(() => resolveConfig({ credentialPassthrough: override })).toThrow(message);
  });
});
