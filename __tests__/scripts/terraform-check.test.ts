/**
 * The pure parts of the real-Terraform harness (scripts/terraform-check.ts): deriving the installable
 * copy of a stack, placeholders for references into left-out blocks, the offline provider rewrite,
 * and the check that the plan creates every resource. No terraform binary needed.
 */
import { bindingDirectory, parseBindingKinds } from "../../scripts/terraform-check/attribute-kinds";
import {
  AWS_PROVIDER_SOURCE,
  isLoopbackUrl,
  offlineProblems,
  placeholderVarArgs,
  toOfflinePlanConfig,
} from "../../scripts/terraform-check/offline-plan-config";
import {
  PLACEHOLDER_ARN,
  PLACEHOLDER_POLICY_JSON,
  PLACEHOLDER_STRING,
  substituteReferences,
} from "../../scripts/terraform-check/placeholders";
import { parsePlanJsonStream, parseValidateJson, unplannedResources } from "../../scripts/terraform-check/plan-results";
import { terraformEnv } from "../../scripts/terraform-check/processes";
import { isEndpointAliasWarning } from "../../scripts/terraform-check/stack-check";
import { stripProviders } from "../../scripts/terraform-check/strip-providers";
import { JsonObject, TerraformConfig, normalizeProviderSource, providerSources } from "../../scripts/terraform-check/terraform-json";

const DATABRICKS = "registry.terraform.io/databricks/databricks";
const TIME = "registry.terraform.io/hashicorp/time";
const NOT_IN_MIRROR = new Map([
  [DATABRICKS, `provider ${DATABRICKS} not in the filesystem mirror`],
  [TIME, `provider ${TIME} not in the filesystem mirror`],
]);

/** A stack shaped like cdktf's output: AWS + databricks (aliased) + time, with references across. */
function stack(): TerraformConfig {
  return {
    terraform: {
      backend: { local: { path: "/somewhere/terraform.app.tfstate" } },
      required_providers: {
        aws: { source: "aws", version: "5.100.0" },
        databricks: { source: "databricks/databricks", version: "1.99.0" },
        time: { source: "hashicorp/time", version: "0.13.1" },
      },
    },
    provider: {
      aws: [
        { region: "us-east-1", allowed_account_ids: ["111122223333"] },
        {
          alias: "data",
          region: "eu-west-1",
          allowed_account_ids: ["444455556666"],
          assume_role: [{ role_arn: "arn:aws:iam::444455556666:role/Admin", external_id: "x" }],
          profile: "data",
        },
      ],
      databricks: [{ alias: "mws", host: "https://accounts.cloud.databricks.com", account_id: "${var.databricks_account_id}" }],
      time: [{}],
    },
    variable: { databricks_account_id: { type: "string" }, prefix: { type: "string", default: "x" } },
    data: {
      aws_iam_policy_document: {
        bucket: {
          provider: "aws.data",
          source_policy_documents: ["${data.databricks_aws_bucket_policy.ds.json}"],
          statement: [{ actions: ["s3:*"], effect: "Deny", resources: ["arn:aws:s3:::${aws_s3_bucket.ds.bucket}/*"] }],
        },
      },
      databricks_aws_bucket_policy: { ds: { provider: "databricks.mws", bucket: "${aws_s3_bucket.ds.bucket}" } },
    },
    resource: {
      aws_s3_bucket: { ds: { provider: "aws.data", bucket: "ds" } },
      aws_s3_bucket_policy: {
        ds: {
          provider: "aws.data",
          bucket: "${aws_s3_bucket.ds.id}",
          policy: "${data.aws_iam_policy_document.bucket.json}",
          depends_on: ["aws_s3_bucket.ds", "time_sleep.wait"],
        },
      },
      aws_iam_role: {
        reader: {
          name: "reader",
          assume_role_policy: "${data.databricks_aws_bucket_policy.ds.json}",
          description: "for ${databricks_mws_credentials.creds.credentials_id} via ${databricks_mws_credentials.creds.role_arn}",
          depends_on: ["time_sleep.wait"],
        },
      },
      time_sleep: { wait: { create_duration: "20s", depends_on: ["aws_s3_bucket.ds"] } },
      databricks_mws_credentials: {
        creds: { provider: "databricks.mws", credentials_name: "c", role_arn: "${aws_iam_role.reader.arn}", depends_on: ["time_sleep.wait"] },
      },
    },
    output: {
      credentials_id: { value: "${databricks_mws_credentials.creds.credentials_id}" },
      bucket: { value: "${aws_s3_bucket.ds.bucket}" },
    },
  };
}

const resources = (c: TerraformConfig) => c.resource as Record<string, Record<string, JsonObject>>;
const dataSources = (c: TerraformConfig) => c.data as Record<string, Record<string, JsonObject>>;

describe("provider sources", () => {
  test("short, namespaced and fully qualified sources normalize to the mirror's layout", () => {
    expect(normalizeProviderSource("aws")).toBe(AWS_PROVIDER_SOURCE);
    expect(normalizeProviderSource("Databricks/Databricks")).toBe(DATABRICKS);
    expect(normalizeProviderSource("example.com/acme/thing")).toBe("example.com/acme/thing");
  });

  test("a provider used without a required_providers entry gets the implied hashicorp source", () => {
    const sources = providerSources({ resource: { random_id: { x: {} } } });
    expect(sources.get("random")).toBe("registry.terraform.io/hashicorp/random");
  });
});

describe("stripping providers missing from the mirror", () => {
  const result = stripProviders(stack(), NOT_IN_MIRROR);

  test("leaves out provider configs, requirements, resources and data sources of those providers", () => {
    const c = result.config;
    expect(Object.keys(c.provider as JsonObject)).toEqual(["aws"]);
    expect(Object.keys((c.terraform as JsonObject).required_providers as JsonObject)).toEqual(["aws"]);
    expect(Object.keys(resources(c)).sort()).toEqual(["aws_iam_role", "aws_s3_bucket", "aws_s3_bucket_policy"]);
    expect(Object.keys(dataSources(c))).toEqual(["aws_iam_policy_document"]);
  });

  test("names every left-out block with the reason", () => {
    expect(result.leftOut).toEqual(
      expect.arrayContaining([
        { address: "provider.databricks.mws", reason: `provider ${DATABRICKS} not in the filesystem mirror` },
        { address: "provider.time", reason: `provider ${TIME} not in the filesystem mirror` },
        { address: "time_sleep.wait", reason: `provider ${TIME} not in the filesystem mirror` },
        { address: "databricks_mws_credentials.creds", reason: `provider ${DATABRICKS} not in the filesystem mirror` },
        { address: "data.databricks_aws_bucket_policy.ds", reason: `provider ${DATABRICKS} not in the filesystem mirror` },
        { address: "output.credentials_id", reason: "references left-out databricks_mws_credentials.creds" },
      ]),
    );
    expect(result.leftOut).toHaveLength(6);
  });

  test("keeps outputs that reference only remaining blocks", () => {
    expect(result.config.output).toEqual({ bucket: { value: "${aws_s3_bucket.ds.bucket}" } });
  });

  test("drops depends_on entries to left-out blocks, keeps the others, and removes emptied lists", () => {
    expect(resources(result.config).aws_s3_bucket_policy.ds.depends_on).toEqual(["aws_s3_bucket.ds"]);
    expect(resources(result.config).aws_iam_role.reader).not.toHaveProperty("depends_on");
    expect(result.droppedDependencies).toEqual([
      "aws_s3_bucket_policy.ds: depends_on time_sleep.wait",
      "aws_iam_role.reader: depends_on time_sleep.wait",
    ]);
  });

  test("a policy json reference becomes a valid policy document with one statement that grants nothing", () => {
    const sources = dataSources(result.config).aws_iam_policy_document.bucket.source_policy_documents as string[];
    expect(sources).toEqual([PLACEHOLDER_POLICY_JSON]);
    const policy = JSON.parse(sources[0]);
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: "Deny" })]);
    expect(resources(result.config).aws_iam_role.reader.assume_role_policy).toBe(PLACEHOLDER_POLICY_JSON);
  });

  test("references inside larger strings are replaced in place, arn attributes by an ARN", () => {
    expect(resources(result.config).aws_iam_role.reader.description).toBe(`for ${PLACEHOLDER_STRING} via ${PLACEHOLDER_ARN}`);
    expect(result.placeholders).toEqual(
      expect.arrayContaining([
        { in: "aws_iam_role.reader", reference: "databricks_mws_credentials.creds.role_arn", kind: "arn" },
        { in: "data.aws_iam_policy_document.bucket", reference: "data.databricks_aws_bucket_policy.ds.json", kind: "policyJson" },
      ]),
    );
  });

  test("references to remaining blocks are untouched, and the input is not modified", () => {
    expect(resources(result.config).aws_s3_bucket_policy.ds.policy).toBe("${data.aws_iam_policy_document.bucket.json}");
    expect(resources(stack()).time_sleep).toBeDefined();
    const original = stack();
    stripProviders(original, NOT_IN_MIRROR);
    expect(original).toEqual(stack());
  });

  test("with every provider installable, the copy equals the original", () => {
    const all = stripProviders(stack(), new Map());
    expect(all.config).toEqual(stack());
    expect(all.leftOut).toEqual([]);
  });
});

describe("placeholder substitution", () => {
  const removed = (address: string) => address.startsWith("databricks_") || address.startsWith("data.databricks_");

  test("a whole-value list reference becomes a JSON list; an indexed one a scalar", () => {
    const lookup = () => "list" as const;
    expect(substituteReferences("${data.databricks_group.g.members}", removed, lookup).value).toEqual([PLACEHOLDER_STRING]);
    expect(substituteReferences("${data.databricks_group.g.members[0]}", removed, lookup).value).toBe(PLACEHOLDER_STRING);
    // Without a lookup, the name decides.
    expect(substituteReferences("${data.databricks_x.y.role_arns}", removed).value).toEqual([PLACEHOLDER_ARN]);
  });

  test("a reference inside a larger expression becomes an HCL literal of the right type", () => {
    const lookup = (_m: string, _t: string, attribute: string) => (attribute === "members" ? ("list" as const) : undefined);
    expect(substituteReferences('${tolist(data.databricks_group.g.members)}', removed, lookup).value).toBe(
      `\${tolist(["${PLACEHOLDER_STRING}"])}`,
    );
    expect(substituteReferences('${jsonencode({a = databricks_job.j.id, b = "databricks_job.j.id"})}', removed).value).toBe(
      `\${jsonencode({a = "${PLACEHOLDER_STRING}", b = "databricks_job.j.id"})}`,
    );
  });

  test("nested-block attributes and numbers are typed", () => {
    expect(substituteReferences("${databricks_storage_credential.c.aws_iam_role[0].unity_catalog_iam_arn}", removed).value).toBe(PLACEHOLDER_ARN);
    expect(substituteReferences("${databricks_mws_credentials.c.creation_time}", removed, () => "number").value).toBe(0);
  });

  test("does not touch similar-looking names, escaped templates or data sources of the same type name", () => {
    const onlyResource = (address: string) => address === "databricks_x.y";
    for (const text of ["${aws_iam_role.my-databricks_x.y}", "$${databricks_x.y.id}", "${data.databricks_x.y.id}", "databricks_x.y.id"]) {
      expect(substituteReferences(text, onlyResource).value).toBe(text);
    }
  });
});

describe("offline plan rewrite", () => {
  const keys = ["s3", "iam", "sts", "kms"];
  const derived = stripProviders(stack(), NOT_IN_MIRROR).config;
  const { config, notes } = toOfflinePlanConfig(derived, { endpointKeys: keys, endpointUrl: "http://127.0.0.1:1", statePath: "/tmp/x/terraform.tfstate" });
  const providers = (config.provider as JsonObject).aws as JsonObject[];

  test("every AWS provider block gets mock credentials, skipped lookups, and every endpoint on loopback", () => {
    expect(providers).toHaveLength(2);
    for (const p of providers) {
      expect(p).toMatchObject({
        access_key: "mock",
        secret_key: "mock",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        skip_region_validation: true,
        max_retries: 1,
        endpoints: [{ s3: "http://127.0.0.1:1", iam: "http://127.0.0.1:1", sts: "http://127.0.0.1:1", kms: "http://127.0.0.1:1" }],
      });
      expect(p).not.toHaveProperty("assume_role");
      expect(p).not.toHaveProperty("profile");
    }
    expect(providers[1]).toMatchObject({ alias: "data", region: "eu-west-1" });
    expect(offlineProblems(config, keys)).toEqual([]);
  });

  test("allowed_account_ids is dropped in the plan copy only, and the report says so", () => {
    for (const p of providers) expect(p).not.toHaveProperty("allowed_account_ids");
    expect(((derived.provider as JsonObject).aws as JsonObject[])[0].allowed_account_ids).toEqual(["111122223333"]);
    expect(notes.join("\n")).toMatch(/allowed_account_ids dropped from 2 AWS provider block/);
  });

  test("the backend is a fresh local state in the temp dir", () => {
    expect((config.terraform as JsonObject).backend).toEqual({ local: { path: "/tmp/x/terraform.tfstate" } });
  });

  test("offline problems catch a missed endpoint, a public URL, and a leftover assume_role", () => {
    const broken = JSON.parse(JSON.stringify(config)) as TerraformConfig;
    const p = ((broken.provider as JsonObject).aws as JsonObject[])[1];
    delete (p.endpoints as JsonObject[])[0].kms;
    (p.endpoints as JsonObject[])[0].s3 = "https://s3.amazonaws.com";
    p.assume_role = [{ role_arn: "arn:aws:iam::1:role/x" }];
    const problems = offlineProblems(broken, keys).join("\n");
    expect(problems).toMatch(/alias data.*still sets assume_role/);
    expect(problems).toMatch(/2 endpoint\(s\) not on loopback, e\.g\. s3, kms/);
    expect(isLoopbackUrl("http://127.0.0.1:9")).toBe(true);
    expect(isLoopbackUrl("http://127.0.0.1.example.com")).toBe(false);
  });

  test("root variables without a default get typed -var placeholders", () => {
    expect(placeholderVarArgs(config)).toEqual(["-var", "databricks_account_id=terraform-check-placeholder"]);
    expect(placeholderVarArgs({ variable: { n: { type: "number" }, l: { type: "${list(string)}" }, d: { default: 1 } } })).toEqual([
      "-var",
      "n=0",
      "-var",
      "l=[]",
    ]);
  });

  test("the child environment loses credentials, profiles, proxies and Terraform overrides", () => {
    const env = terraformEnv(
      { PATH: "/bin", AWS_PROFILE: "prod", AWS_ACCESS_KEY_ID: "AKIA", HTTPS_PROXY: "http://proxy", TF_PLUGIN_CACHE_DIR: "/c", TF_VAR_x: "1" },
      "/tmp/rc",
    );
    expect(env).toEqual({
      PATH: "/bin",
      TF_CLI_CONFIG_FILE: "/tmp/rc",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
  });
});

describe("terraform output parsing", () => {
  const line = (o: object) => JSON.stringify(o);
  const planned = (addr: string, action: string) => line({ type: "planned_change", change: { action, resource: { addr, resource: addr } } });

  test("counts managed resources to create, not data sources read at apply", () => {
    const stdout = [
      "not json",
      planned("aws_iam_role.a", "create"),
      planned("aws_s3_bucket.b", "create"),
      planned("data.aws_iam_policy_document.d", "read"),
      planned("module.m.data.aws_iam_policy_document.e", "create"),
      line({ type: "change_summary", changes: { add: 2, change: 0, remove: 0 } }),
      line({ type: "diagnostic", diagnostic: { severity: "warning", summary: "Invalid Attribute Combination", detail: 'Only one of "endpoints[0].dms"' } }),
    ].join("\n");
    const result = parsePlanJsonStream(stdout);
    expect(result.creates).toEqual(["aws_iam_role.a", "aws_s3_bucket.b"]);
    expect(result.summaryAdd).toBe(2);
    expect(result.warnings).toHaveLength(1);
    expect(isEndpointAliasWarning(result.warnings[0])).toBe(true);
  });

  test("validate -json errors are separated from warnings", () => {
    const result = parseValidateJson(
      line({ valid: false, diagnostics: [{ severity: "error", summary: "Missing required argument" }, { severity: "warning", summary: "Deprecated" }] }),
    );
    expect(result.valid).toBe(false);
    expect(result.errors.map((d) => d.summary)).toEqual(["Missing required argument"]);
  });
});

describe("every resource planned", () => {
  test("a resource of the configuration the plan does not create, or a creation it does not declare, is reported", () => {
    const config: TerraformConfig = { resource: { aws_s3_bucket: { a: {}, b: {} }, aws_iam_role: { r: {} } }, data: { aws_iam_policy_document: { d: {} } } };
    expect(unplannedResources(config, ["aws_s3_bucket.a", "aws_s3_bucket.b", "aws_iam_role.r"])).toEqual([]);
    expect(unplannedResources(config, ["aws_s3_bucket.a", "aws_iam_role.r", "aws_iam_role.extra"])).toEqual([
      "aws_s3_bucket.b is in the configuration but the plan does not create it",
      "the plan creates aws_iam_role.extra, which the configuration does not declare",
    ]);
  });

  test("resources with count or for_each match their instances", () => {
    const config: TerraformConfig = { resource: { aws_s3_bucket: { many: { count: 2 } } } };
    expect(unplannedResources(config, ["aws_s3_bucket.many[0]", "aws_s3_bucket.many[1]"])).toEqual([]);
    expect(unplannedResources(config, [])).toEqual(["aws_s3_bucket.many is in the configuration but the plan does not create it"]);
  });
});

describe("attribute kinds from cdktf bindings", () => {
  test("getter calls give each attribute's kind", () => {
    const source = `get members() { return cdktf.Fn.tolist(this.getListAttribute('members')); }
      get json() { return this.getStringAttribute('json'); }
      get creation_time() { return this.getNumberAttribute('creation_time'); }`;
    expect([...parseBindingKinds(source)]).toEqual([
      ["members", "list"],
      ["json", "string"],
      ["creation_time", "number"],
    ]);
  });

  test("block types map to the binding module directories", () => {
    expect(bindingDirectory("managed", "databricks_mws_credentials")).toBe("mws-credentials");
    expect(bindingDirectory("data", "databricks_aws_bucket_policy")).toBe("data-databricks-aws-bucket-policy");
    expect(bindingDirectory("managed", "time_sleep")).toBe("sleep");
  });
});
