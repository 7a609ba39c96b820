import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { STACK_NAMES, buildApp } from "../../stacks/app";
import { StackJson } from "../support/stack-json";
import { PASSTHROUGH_ENABLED } from "../support/passthrough-config";
import { DATA_ACCESS_SECURITY_RULES } from "../../modules/security";

test("the default app has no passthrough stack (legacy, needs the IdP's metadata)", () => {
  const app = Testing.app();
  buildApp(app, resolveConfig());
  app.synth();
  expect(readdirSync(join(app.outdir, "stacks")).sort()).toEqual(STACK_NAMES.filter((name) => name !== "credential-passthrough").sort());
});

/**
 * The whole app with every stack (passthrough turned on), synthesized to disk as `cdktf synth` does,
 * which also runs the synth-time provider rules: properties every stack must have.
 */
describe("the app", () => {
  const app = Testing.app();
  buildApp(app, resolveConfig(PASSTHROUGH_ENABLED));
  app.synth(); // throws on an error-level security finding or a broken provider rule
  const stacksDir = join(app.outdir, "stacks");
  const stacks = readdirSync(stacksDir).sort();
  const read = (stack: string, file: string) => JSON.parse(readFileSync(join(stacksDir, stack, file), "utf8"));

  test("builds every stack it names when passthrough is configured", () => {
    expect(stacks).toEqual([...STACK_NAMES].sort());
  });

  /**
   * The clusters and instance profile registrations each stack builds, so the loops below check something:
   * a stack that lost its cluster fails here instead of passing an empty loop.
   */
  const DATABRICKS_BLOCKS: Record<(typeof STACK_NAMES)[number], { readonly clusters: number; readonly instanceProfiles: number }> = {
    "data-access": { clusters: 1, instanceProfiles: 1 },
    // The scenario cluster and the single-node cluster its assumed-role mount runs on (uri form needs a cluster_id).
    "cross-account-s3": { clusters: 2, instanceProfiles: 1 },
    "cross-account-kinesis": { clusters: 1, instanceProfiles: 1 },
    "credential-passthrough": { clusters: 1, instanceProfiles: 1 },
    // AWS-side consumers and Unity Catalog credentials: no cluster, no instance profile.
    "kinesis-lambda-sharing": { clusters: 0, instanceProfiles: 0 },
    "kcl-consumer": { clusters: 0, instanceProfiles: 0 },
    "unity-catalog": { clusters: 0, instanceProfiles: 0 },
  };

  test.each([...STACK_NAMES])("%s: builds the expected number of databricks_cluster and databricks_instance_profile", (stack) => {
    const resources = (read(stack, "cdk.tf.json") as StackJson).resource ?? {};
    expect({
      clusters: Object.keys(resources.databricks_cluster ?? {}).length,
      instanceProfiles: Object.keys(resources.databricks_instance_profile ?? {}).length,
    }).toEqual(DATABRICKS_BLOCKS[stack]);
  });

  test.each(STACK_NAMES.filter((stack) => DATABRICKS_BLOCKS[stack].clusters > 0))("%s: every databricks_cluster sets data_security_mode", (stack) => {
    const clusters = Object.values(read(stack, "cdk.tf.json").resource?.databricks_cluster ?? {});
    expect(clusters).toHaveLength(DATABRICKS_BLOCKS[stack].clusters);
    for (const cluster of clusters) expect((cluster as { data_security_mode?: string }).data_security_mode).toMatch(/^(NONE|LEGACY_PASSTHROUGH)$/);
  });

  test.each(STACK_NAMES.filter((stack) => DATABRICKS_BLOCKS[stack].instanceProfiles > 0))(
    "%s: each databricks_instance_profile is replaced with its aws_iam_instance_profile, named by a bare address of this stack",
    (stack) => {
      // Terraform's JSON syntax rejects "${...}" in replace_triggered_by ("Invalid character"); #4210 for why.
      const resources = (read(stack, "cdk.tf.json") as StackJson).resource ?? {};
      expect(Object.keys(resources.databricks_instance_profile ?? {})).toHaveLength(DATABRICKS_BLOCKS[stack].instanceProfiles);
      for (const registration of Object.values(resources.databricks_instance_profile ?? {})) {
        const [address, ...more] = (registration as { lifecycle?: { replace_triggered_by?: string[] } }).lifecycle?.replace_triggered_by ?? [];
        expect(more).toEqual([]);
        const match = /^aws_iam_instance_profile\.([A-Za-z0-9_-]+)\.arn$/.exec(address);
        expect(match).not.toBeNull();
        expect(resources.aws_iam_instance_profile?.[match![1]]).toBeDefined();
      }
    },
  );

  test("only the data-access stack declares databricks_account_id and the account-level provider", () => {
    const declaring = STACK_NAMES.filter((stack) => read(stack, "cdk.tf.json").variable?.databricks_account_id !== undefined);
    expect(declaring).toEqual(["data-access"]);
    const withMws = STACK_NAMES.filter((stack) => (read(stack, "cdk.tf.json").provider?.databricks ?? []).some((p: any) => p.alias === "mws"));
    expect(withMws).toEqual(["data-access"]);
  });

  test.each([...STACK_NAMES])("%s: the security aspect ran and found nothing to report", (stack) => {
    const report = read(stack, "security-report.json");
    expect(report.stack).toBe(stack);
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(DATA_ACCESS_SECURITY_RULES.map((r) => r.id));
    expect(report.summary).toEqual({ error: 0, warning: 0, suppressed: 0 });
  });

  test.each([...STACK_NAMES])("%s: every AWS block is on a declared provider pinned to one account", (stack) => {
    const json: StackJson = read(stack, "cdk.tf.json");
    const providers = json.provider?.aws ?? [];
    expect(providers.length).toBeGreaterThan(0);
    const declared = new Map(providers.map((p: any) => [p.alias ? `aws.${p.alias}` : "aws", p]));
    for (const p of providers) {
      expect(p.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
      expect(p.region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
    }
    for (const section of [json.resource ?? {}, json.data ?? {}]) {
      for (const [type, blocks] of Object.entries(section)) {
        if (!type.startsWith("aws_")) continue;
        for (const [name, block] of Object.entries(blocks)) {
          const provider = (block as { provider?: string }).provider ?? "aws";
          expect({ block: `${type}.${name}`, declared: declared.has(provider) }).toEqual({ block: `${type}.${name}`, declared: true });
        }
      }
    }
  });
});

test("cluster.sparkVersion pins the runtime of every scenario cluster (no latest-LTS lookup); unset, they follow the latest LTS", () => {
  const clustersByVersion = (override: Record<string, unknown>) => {
    const app = Testing.app();
    buildApp(app, resolveConfig(override));
    app.synth();
    return ["data-access", "cross-account-s3", "cross-account-kinesis"].map((stack) => {
      const json = JSON.parse(readFileSync(join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson;
      const versions = Object.values(json.resource?.databricks_cluster ?? {}).map((cluster) => (cluster as { spark_version: string }).spark_version);
      return { stack, versions, lookups: Object.keys(json.data?.databricks_spark_version ?? {}).length };
    });
  };
  expect(clustersByVersion({ cluster: { sparkVersion: "15.4.x-scala2.12" } })).toEqual([
    { stack: "data-access", versions: ["15.4.x-scala2.12"], lookups: 0 },
    { stack: "cross-account-s3", versions: ["15.4.x-scala2.12", "15.4.x-scala2.12"], lookups: 0 },
    { stack: "cross-account-kinesis", versions: ["15.4.x-scala2.12"], lookups: 0 },
  ]);
  for (const { versions, lookups } of clustersByVersion({})) {
    expect(lookups).toBeGreaterThan(0);
    for (const version of versions) expect(version).toMatch(/^\$\{data\.databricks_spark_version\.[^.]+\.id\}$/);
  }
});
