import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { DEFAULT_CONFIG, resolveConfig } from "../../config/app-config";
import { EXAMPLE_SAML_METADATA_FILE } from "../../config/credential-passthrough";
import { CredentialPassthroughStack } from "../../stacks/credential-passthrough-stack";
import { checkStack, findingsOf } from "../security/check-stack";
import { onlyResource, resourcesOf, statementsOf, synthJson, resourceCounts } from "../support/stack-json";

const EXAMPLE_METADATA = fs.readFileSync(path.join(__dirname, "..", "..", EXAMPLE_SAML_METADATA_FILE), "utf8");

function synthPassthrough(override: Record<string, unknown> = {}) {
  const stack = new CredentialPassthroughStack(Testing.app(), "credential-passthrough", { config: resolveConfig(override) });
  return { stack, json: synthJson(stack) };
}

const section = (override: Record<string, unknown>) => ({ credentialPassthrough: override });

describe("CredentialPassthroughStack (seed 004)", () => {
  const { json } = synthPassthrough();

  test("every element of the scenario is present, in the workspace account", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_saml_provider: 1,
      aws_iam_role: 3, // two dataset roles and the meta role
      aws_iam_role_policy: 4, // two dataset policies, the meta role's AssumeRole, PassRole on the workspace role
      aws_iam_instance_profile: 1,
      aws_s3_bucket: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      aws_s3_bucket_policy: 1,
      databricks_instance_profile: 1,
      databricks_cluster: 1,
      databricks_mount: 2,
      time_sleep: 1,
    });
    expect(json.provider!.aws).toEqual([expect.objectContaining({ allowed_account_ids: ["111122223333"], region: "us-east-1" })]);
    const providers = new Set(Object.values(json.resource!).flatMap((blocks) => Object.values(blocks).map((b: any) => b.provider)));
    expect([...providers].sort()).toEqual(["aws", "databricks", undefined].sort());
  });

  test("names follow the prefix; the shipped example metadata is used by default", () => {
    expect(onlyResource(json, "aws_iam_saml_provider")).toEqual(expect.objectContaining({ name: "changeme-databricks-idp", saml_metadata_document: EXAMPLE_METADATA }));
    expect(Object.values(resourcesOf(json, "aws_iam_role")).map((r: any) => r.name).sort()).toEqual([
      "changeme-hr-data-role",
      "changeme-passthrough-meta-role",
      "changeme-sensitive-data-role",
    ]);
    expect(onlyResource(json, "aws_s3_bucket").bucket).toBe("changeme-passthrough-data");
    expect(Object.values(resourcesOf(json, "databricks_mount")).map((m: any) => m.name).sort()).toEqual(["hr-data", "sensitive-data"]);
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
    const stack = new CredentialPassthroughStack(Testing.app(), "credential-passthrough", { config: resolveConfig() });
    const { report, annotations } = checkStack(stack);
    expect(findingsOf(report)).toEqual([]);
    expect(annotations.filter((a) => a.level !== "info")).toEqual([]);
  });

  test("an existing bucket is used by name, with its KMS key, and no bucket is created", () => {
    const keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { json: existing } = synthPassthrough(section({ existingBucketName: "databricks-demo-data-us-east-1", existingBucketKeyArn: keyArn }));
    expect(resourcesOf(existing, "aws_s3_bucket")).toEqual({});
    expect(Object.values(resourcesOf(existing, "databricks_mount")).map((m: any) => m.uri).sort()).toEqual([
      "s3a://databricks-demo-data-us-east-1/data/hr",
      "s3a://databricks-demo-data-us-east-1/data/sensitive",
    ]);
    const hrPolicy = Object.values(resourcesOf(existing, "aws_iam_role_policy")).find((p: any) => p.name === "changeme-hr-data-role-dataset-access") as any;
    expect(statementsOf(existing, hrPolicy.policy).map((s: any) => s.resources)).toEqual([
      ["arn:aws:s3:::databricks-demo-data-us-east-1"],
      ["arn:aws:s3:::databricks-demo-data-us-east-1/data/hr/*"],
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
  test("defaults are seed 004's datasets and mounts", () => {
    expect(DEFAULT_CONFIG.credentialPassthrough.datasets).toEqual([
      { name: "sensitive-data", roleName: "sensitive-data-role", prefix: "data/sensitive", mountName: "sensitive-data" },
      { name: "hr-data", roleName: "hr-data-role", prefix: "data/hr", mountName: "hr-data" },
    ]);
    expect(resolveConfig().credentialPassthrough.samlAudiences).toEqual(["https://signin.aws.amazon.com/saml"]);
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
    ["a bad provider name", { samlProviderName: "a b" }, `${FIELD}.samlProviderName "changeme-a b" is invalid: must be 1-128 characters of letters, digits and _.-`],
    ["both a file and a document", { samlMetadata: { file: "a.xml", document: "<x/>" } }, `${FIELD}.samlMetadata {"file":"a.xml","document":"<x/>"} is invalid: must be {"file": "<path>"} or {"document": "<xml>"}`],
    ["a missing metadata file", { samlMetadata: { file: "config/nope.xml" } }, `${FIELD}.samlMetadata.file "config/nope.xml" is invalid: must be a readable file, relative to the project root or absolute (ENOENT`],
    ["an empty inline document", { samlMetadata: { document: "" } }, `${FIELD}.samlMetadata.document "" is invalid: must not be empty`],
    ["no audience", { samlAudiences: [] }, `${FIELD}.samlAudiences [] is invalid: must be a non-empty list of audience URLs`],
    ["an audience that is not a URL", { samlAudiences: ["aws"] }, `${FIELD}.samlAudiences[0] "aws" is invalid: must be an https:// URL or a urn: (the endpoint SAML assertions are posted to)`],
    ["a bad existing bucket name", { existingBucketName: "Bad_Bucket" }, `${FIELD}.existingBucketName "Bad_Bucket" is invalid: must be 3-63 characters`],
    ["a key without an existing bucket", { existingBucketKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" }, `${FIELD}.existingBucketKeyArn "arn:aws:kms:us-east-1:111122223333:key/k" is invalid: may only be set with existingBucketName`],
    [
      "an unknown dataset field",
      { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr", mountName: "hr", bucket: "b" }] },
      `${FIELD}.datasets[0].bucket "b" is invalid: is not a known configuration field`,
    ],
    ["a dataset field missing", { datasets: [{ name: "hr", roleName: "hr", prefix: "data/hr" }] }, `${FIELD}.datasets[0].mountName undefined is invalid: must be a string`],
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
    ["a bad meta role name", { metaRoleName: "a b" }, `${FIELD}.metaRoleName "changeme-a b" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`],
    ["fewer max than min workers", { cluster: { minWorkers: 5, maxWorkers: 2 } }, `${FIELD}.cluster.maxWorkers 2 is invalid: must be at least ${FIELD}.cluster.minWorkers (5)`],
    ["a too short autotermination", { cluster: { autoterminationMinutes: 5 } }, `${FIELD}.cluster.autoterminationMinutes 5 is invalid: must be an integer from 10 to 10000`],
  ])("rejects %s", (_, override, message) => {
    expect(() => resolveConfig(section(override))).toThrow(message);
  });
});
