import { join } from "path";
import { Aspects, Testing } from "cdktf";
import { loadConfig, resolveConfig } from "../../config/app-config";
import { UnityCatalogStack } from "../../stacks/unity-catalog-stack";
import { buildApp } from "../../stacks/app";
import { DataAccessSecurityChecks } from "../../modules/security/data-access-security-checks";
import { policyNamed, resourceCounts, resourcesOf, synthJson } from "../support/stack-json";

function synthUnityCatalog(config = resolveConfig()) {
  const stack = new UnityCatalogStack(Testing.app(), "unity-catalog", { config });
  return { stack, json: synthJson(stack) };
}

describe("UnityCatalogStack, default config", () => {
  const { stack, json } = synthUnityCatalog();

  test("what it creates: a bucket, two roles, a storage and a service credential, two locations, a stream", () => {
    expect(resourceCounts(json)).toEqual({
      aws_iam_role: 2,
      aws_iam_role_policy: 2,
      aws_kinesis_stream: 1,
      aws_s3_bucket: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
      databricks_credential: 1,
      databricks_external_location: 2,
      databricks_grants: 3,
      databricks_storage_credential: 1,
      time_sleep: 1,
    });
  });

  test("every AWS resource is in the data account (provider aws.data)", () => {
    for (const [type, blocks] of Object.entries(json.resource!)) {
      if (!type.startsWith("aws_")) continue;
      for (const block of Object.values(blocks)) expect(block.provider).toBe("aws.data");
    }
  });

  test("landing is read-write for data-engineers, curated read-only for data-analysts", () => {
    // The read-only location on the new (empty) bucket skips Databricks' read check (provider issue #3843).
    const locations = Object.values(resourcesOf(json, "databricks_external_location")).map((l: any) => [l.name, l.url.replace(/\$\{[^}]+\}/, "<bucket>"), l.read_only, l.skip_validation]);
    expect(locations).toEqual([
      ["changeme-curated", "s3://<bucket>/curated", true, true],
      ["changeme-landing", "s3://<bucket>/landing", false, undefined],
    ]);
    const grants = Object.values(resourcesOf(json, "databricks_grants")).map((g: any) => g.grant);
    expect(grants).toEqual(
      expect.arrayContaining([
        [{ principal: "data-engineers", privileges: ["READ_FILES", "WRITE_FILES", "CREATE_EXTERNAL_VOLUME", "CREATE_EXTERNAL_TABLE"] }],
        [{ principal: "data-analysts", privileges: ["READ_FILES"] }],
        [{ principal: "data-engineers", privileges: ["ACCESS"] }],
      ]),
    );
  });

  test("outputs: roles, credential, external ID, location URLs, and the readStream options with serviceCredential", () => {
    expect(Object.keys(json.output!).sort()).toEqual([
      "bucket_name",
      "external_location_urls",
      "kinesis_read_stream_options",
      "kinesis_role_arn",
      "storage_credential_external_id",
      "storage_credential_name",
      "storage_role_arn",
    ]);
    expect(Object.keys(json.output!.kinesis_read_stream_options.value).sort()).toEqual(["initialPosition", "region", "serviceCredential", "streamName"]);
    expect(json.output!.kinesis_read_stream_options.value.serviceCredential).toMatch(/^\$\{databricks_credential\..+\.name\}$/);
  });

  test("the security aspect finds nothing", () => {
    Aspects.of(stack).add(new DataAccessSecurityChecks());
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});

describe("UnityCatalogStack, example config with existing resources", () => {
  const config = loadConfig(join(__dirname, "..", "..", "config", "unity-catalog.example.config.json"));
  const { json } = synthUnityCatalog(config);

  test("creates no bucket and no stream; writes only the roles' identity policies", () => {
    const c = resourceCounts(json);
    expect(c.aws_s3_bucket).toBeUndefined();
    expect(c.aws_s3_bucket_policy).toBeUndefined();
    expect(c.aws_kinesis_stream).toBeUndefined();
    expect(c).toEqual(expect.objectContaining({ aws_iam_role: 2, aws_iam_role_policy: 2, databricks_external_location: 2, databricks_volume: 1 }));
  });

  test("locations on the existing buckets by name; the read one with managed file events", () => {
    const locations = Object.values(resourcesOf(json, "databricks_external_location"));
    // Existing buckets hold data: Databricks validates every location on them.
    expect(locations.map((l: any) => [l.name, l.url, l.read_only, l.enable_file_events, l.skip_validation])).toEqual([
      ["acme-analytics-lakehouse", "s3://acme-lakehouse", false, undefined, undefined],
      ["acme-analytics-raw-events", "s3://acme-raw-events/events", true, true, undefined],
    ]);
  });

  test("a location whose volume covers it grants no CREATE_EXTERNAL_TABLE (tables and volumes may not overlap)", () => {
    const withVolume = config.unityCatalog.locations.filter((l) => l.volume !== undefined);
    expect(withVolume.map((l) => l.name)).toEqual(["lakehouse"]);
    expect(withVolume.flatMap((l) => l.grants.flatMap((g) => g.privileges))).not.toContain("CREATE_EXTERNAL_TABLE");
  });

  test("the storage role decrypts with the existing bucket key and reaches the existing streams' key through the Kinesis role only", () => {
    const storageActions = policyNamed(json, "acme-analytics-uc-storage-grants").flatMap((s: any) => s.resources.map((r: string) => `${s.actions.join("+")} ${r}`));
    expect(storageActions).toContain("kms:Decrypt arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    expect(storageActions).toContain("s3:GetObject arn:aws:s3:::acme-raw-events/events/*");
    const kinesisResources = policyNamed(json, "acme-analytics-uc-kinesis-grants").flatMap((s: any) => s.resources);
    expect(kinesisResources).toEqual(
      expect.arrayContaining([
        "arn:aws:kinesis:us-east-1:444455556666:stream/clickstream",
        "arn:aws:kinesis:us-east-1:444455556666:stream/orders",
        "arn:aws:kms:us-east-1:444455556666:key/abcd1234-ab12-cd34-ef56-abcdef123456",
      ]),
    );
    expect(json.output!.kinesis_read_stream_options.value).toEqual(expect.objectContaining({ streamName: "clickstream,orders", initialPosition: "trim_horizon" }));
  });
});

describe("UnityCatalogStack: config rules", () => {
  test.each([
    [
      { locations: [{ name: "a", access: "read", grants: [{ principal: "g", privileges: ["WRITE FILES"] }] }] },
      'config.unityCatalog.locations[0].grants[0].privileges "WRITE FILES" is invalid: must be one of ALL_PRIVILEGES, BROWSE, CREATE_EXTERNAL_TABLE, CREATE_EXTERNAL_VOLUME, CREATE_MANAGED_STORAGE, MANAGE, READ_FILES, WRITE_FILES for securable external_location (write WRITE_FILES: databricks_grants spells privileges with underscores)',
    ],
    [{ locations: [{ name: "a", access: "read", grants: [], bucket: "x" }] }, 'config.unityCatalog.locations[0].bucket "x" is invalid: is not a known configuration field'],
    [{ createBucket: false }, "config.unityCatalog.locations[0].existingBucketName is missing: must be set when config.unityCatalog.createBucket is false"],
    [
      { locations: [{ name: "a", access: "read", grants: [] }, { name: "a", access: "read", grants: [] }] },
      'config.unityCatalog.locations[1].name "a" is invalid: must be unique among the locations',
    ],
    [
      { locations: [{ name: "a", access: "read", grants: [], existingBucketName: "b-c-d", existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" }] },
      'config.unityCatalog.locations[0].existingBucketKmsKeyArn "arn:aws:kms:us-east-1:111122223333:key/k" is invalid: must be a key in the data account 444455556666',
    ],
    [
      { locations: [{ name: "a", prefix: "a", access: "read", grants: [] }, { name: "b", prefix: "a/b", access: "read", grants: [] }] },
      'config.unityCatalog.locations[1].prefix "a/b" is invalid: must not overlap location "a" (s3://<namePrefix>-uc-data/a): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
    ],
    [
      { locations: [{ name: "a", prefix: "a/b", access: "read", grants: [], existingBucketName: "raw-b" }, { name: "b", prefix: "a", access: "read", grants: [], existingBucketName: "raw-b" }] },
      'config.unityCatalog.locations[1].prefix "a" is invalid: must not overlap location "a" (s3://raw-b/a/b): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
    ],
    [
      { locations: [{ name: "a", prefix: "x", access: "read", grants: [] }, { name: "whole", access: "read", grants: [] }] },
      'config.unityCatalog.locations[1].prefix is missing: must not overlap location "a" (s3://<namePrefix>-uc-data/x): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
    ],
    [
      { locations: [{ name: "a", prefix: "x", access: "read", grants: [] }, { name: "b", prefix: "x", access: "read-write", grants: [] }] },
      'config.unityCatalog.locations[1].prefix "x" is invalid: must not overlap location "a" (s3://<namePrefix>-uc-data/x): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
    ],
    [{ kinesis: { streamNames: [] } }, "config.unityCatalog.kinesis.streamNames [] is invalid: must be a list naming at least one stream"],
    [{ kinesis: { accessGroups: [""] } }, 'config.unityCatalog.kinesis.accessGroups[0] "" is invalid: must name a group, user or service principal'],
  ])("rejects %j", (unityCatalog, message) => {
    expect(() => resolveConfig({ unityCatalog })).toThrow(message);
  });

  test("locations on sibling prefixes (a, ab, b/c) or on different buckets do not overlap", () => {
    const locations = [
      { name: "a", prefix: "a", access: "read", grants: [] },
      { name: "ab", prefix: "ab", access: "read", grants: [] },
      { name: "bc", prefix: "b/c", access: "read", grants: [] },
      { name: "other-whole", access: "read", grants: [], existingBucketName: "raw-b" },
      { name: "other-a", prefix: "a", access: "read", grants: [], existingBucketName: "raw-c" },
    ];
    expect(resolveConfig({ unityCatalog: { locations } }).unityCatalog.locations.map((l) => l.name)).toEqual(["a", "ab", "bc", "other-whole", "other-a"]);
  });

  test("a read location with READ_FILES and CREATE_EXTERNAL_TABLE passes; WRITE_FILES on it fails at synth", () => {
    const ok = resolveConfig({ unityCatalog: { locations: [{ name: "a", access: "read", grants: [{ principal: "g", privileges: ["READ_FILES", "CREATE_EXTERNAL_TABLE"] }] }] } });
    expect(() => Testing.synth(new UnityCatalogStack(Testing.app(), "unity-catalog", { config: ok }), true)).not.toThrow();
    const bad = resolveConfig({ unityCatalog: { locations: [{ name: "a", access: "read", grants: [{ principal: "g", privileges: ["WRITE_FILES"] }] }] } });
    expect(() => Testing.synth(new UnityCatalogStack(Testing.app(), "unity-catalog", { config: bad }), true)).toThrow(
      'UnityCatalogExternalLocation.grants "WRITE_FILES" is invalid: must not be granted to g on a read-only location (access READ)',
    );
  });

  test("enabled by default in the app; disabled, the app has no unity-catalog stack", () => {
    const names = (config: ReturnType<typeof resolveConfig>) => buildApp(Testing.app(), config).node.children.map((c) => c.node.id);
    expect(names(resolveConfig())).toContain("unity-catalog");
    expect(names(resolveConfig({ unityCatalog: { enabled: false } }))).not.toContain("unity-catalog");
  });
});
