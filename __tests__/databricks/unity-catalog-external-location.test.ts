import { ExternalLocationAccess, UnityCatalogExternalLocation } from "../../modules/databricks/unity-catalog-external-location";
import { UnityCatalogStorageCredential } from "../../modules/databricks/unity-catalog-storage-credential";
import { BucketEncryption, DataBucket, OBJECT_READ_WRITE_ACTIONS } from "../../modules/s3/data-bucket";
import { onlyResource, resourcesOf, statementsOf, synthJson } from "../support/stack-json";
import { storageCredentialStack } from "../support/unity-catalog";

function setup(credentialProps: Partial<ConstructorParameters<typeof UnityCatalogStorageCredential>[2]> = {}) {
  const { credential, ...t } = storageCredentialStack(credentialProps);
  const bucket = DataBucket.fromBucketName(t.stack, "bucket", { account: t.accountB, bucketName: "changeme-uc-data" });
  const location = (props: Partial<ConstructorParameters<typeof UnityCatalogExternalLocation>[2]> = {}, id = "landing") =>
    new UnityCatalogExternalLocation(t.stack, id, { credential, bucket, locationName: "changeme-landing", prefix: "landing", ...props });
  return { ...t, credential, bucket, location };
}

describe("UnityCatalogExternalLocation", () => {
  test("read (the default): read_only location on s3://bucket/prefix, after the IAM wait, and read grants on the prefix only", () => {
    const t = setup();
    t.location({ grants: [{ principal: "data-analysts", privileges: ["READ_FILES"] }] });
    const json = synthJson(t.stack);
    const location = onlyResource(json, "databricks_external_location");
    expect(location).toEqual(
      expect.objectContaining({
        name: "changeme-landing",
        url: "s3://changeme-uc-data/landing",
        read_only: true,
        credential_name: expect.stringMatching(/^\$\{databricks_storage_credential\..+\.name\}$/),
        depends_on: [expect.stringMatching(/^time_sleep\./)],
        provider: "databricks",
      }),
    );
    const identity = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(identity.slice(1)).toEqual([
      // Listing without a condition, as Databricks' storage-credential policy has it; objects on the prefix only.
      { effect: "Allow", actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: ["arn:aws:s3:::changeme-uc-data"] },
      { effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::changeme-uc-data/landing/*"] },
    ]);
    expect(onlyResource(json, "databricks_grants")).toEqual(
      expect.objectContaining({ external_location: expect.stringMatching(/^\$\{databricks_external_location\..+\.id\}$/), grant: [{ principal: "data-analysts", privileges: ["READ_FILES"] }] }),
    );
  });

  test("read-write on the whole bucket: writable location, read/write grants on the bucket, an external volume with its grants", () => {
    const t = setup();
    t.location({
      prefix: undefined,
      access: ExternalLocationAccess.READ_WRITE,
      grants: [{ principal: "data-engineers", privileges: ["READ_FILES", "WRITE_FILES", "CREATE_EXTERNAL_VOLUME"] }],
      volume: { catalogName: "main", schemaName: "landing", name: "raw_files", grants: [{ principal: "data-engineers", privileges: ["READ_VOLUME", "WRITE_VOLUME"] }] },
    });
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_external_location")).toEqual(expect.objectContaining({ url: "s3://changeme-uc-data", read_only: false }));
    const identity = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(identity[2]).toEqual({ effect: "Allow", actions: [...OBJECT_READ_WRITE_ACTIONS], resources: ["arn:aws:s3:::changeme-uc-data/*"] });
    expect(onlyResource(json, "databricks_volume")).toEqual(
      expect.objectContaining({
        catalog_name: "main",
        schema_name: "landing",
        name: "raw_files",
        volume_type: "EXTERNAL",
        storage_location: expect.stringMatching(/^\$\{databricks_external_location\..+\.url\}$/),
      }),
    );
    const grants = Object.values(resourcesOf(json, "databricks_grants"));
    expect(grants.map((g: any) => Object.keys(g).find((k) => ["external_location", "volume"].includes(k)))).toEqual(["external_location", "volume"]);
  });

  test("KMS bucket: the role becomes a user of its key (decrypt for read)", () => {
    const t = setup();
    const kmsBucket = new DataBucket(t.stack, "kms-bucket", { account: t.accountB, bucketName: "changeme-uc-kms", encryption: BucketEncryption.KMS });
    t.location({ bucket: kmsBucket, locationName: "changeme-kms" }, "kms");
    const json = synthJson(t.stack);
    const identity = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(identity[identity.length - 1]).toEqual({ effect: "Allow", actions: ["kms:Decrypt"], resources: [expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)] });
  });

  test("skip_validation only when asked (a read-only location on an empty prefix, provider issue #3843)", () => {
    const t = setup();
    t.location();
    t.location({ prefix: "empty", locationName: "changeme-empty", skipValidation: true }, "empty");
    const json = synthJson(t.stack);
    expect(Object.values(resourcesOf(json, "databricks_external_location")).map((l: any) => [l.name, l.skip_validation])).toEqual([
      ["changeme-empty", true],
      ["changeme-landing", undefined],
    ]);
  });

  test("file events: managed SQS queue on the location and the file-events grants", () => {
    const t = setup();
    t.location({ fileEvents: true });
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_external_location")).toEqual(expect.objectContaining({ enable_file_events: true, file_event_queue: { managed_sqs: {} } }));
    const actions = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy).flatMap((s: any) => s.actions);
    expect(actions).toEqual(expect.arrayContaining(["s3:PutBucketNotification", "sqs:CreateQueue", "sns:CreateTopic"]));
  });

  test.each([
    [{ locationName: "changeme.landing" }, 'UnityCatalogExternalLocation.locationName "changeme.landing" is invalid: must be 1-255 characters of letters, digits, _ and - (no spaces, periods or slashes)'],
    [{ prefix: "/landing" }, 'UnityCatalogExternalLocation.prefix "/landing" is invalid: must be an S3 key prefix like data/hr'],
    [
      { grants: [{ principal: "g", privileges: ["READ_VOLUME"] }] },
      'UnityCatalogExternalLocation.grants[0].privileges "READ_VOLUME" is invalid: must be one of ALL_PRIVILEGES, BROWSE, CREATE_EXTERNAL_TABLE, CREATE_EXTERNAL_VOLUME, CREATE_MANAGED_STORAGE, MANAGE, READ_FILES, WRITE_FILES for securable external_location',
    ],
    [{ grants: [{ principal: " ", privileges: ["READ_FILES"] }] }, 'UnityCatalogExternalLocation.grants[0].principal " " is invalid: must name a group, user or service principal'],
    [{ volume: { catalogName: "main", schemaName: "a b", name: "v" } }, 'ExternalVolumeSettings.schemaName "a b" is invalid: must be 1-255 characters of letters, digits, _ and -'],
  ])("rejects %j", (override, message) => {
    const t = setup();
    expect(() => t.location(override)).toThrow(message);
  });

  test("rejects a bucket with dots, and a bucket in another account than the role", () => {
    const t = setup();
    const dotted = DataBucket.fromBucketName(t.stack, "dotted", { account: t.accountB, bucketName: "changeme.uc.data" });
    expect(() => t.location({ bucket: dotted }, "dotted-location")).toThrow(
      'UnityCatalogExternalLocation.bucket "changeme.uc.data" is invalid: must be a bucket without dots in its name (Unity Catalog does not support them)',
    );
    const inA = DataBucket.fromBucketName(t.stack, "in-a", { account: t.accountA, bucketName: "changeme-in-a" });
    expect(() => t.location({ bucket: inA }, "in-a-location")).toThrow(
      'UnityCatalogExternalLocation.bucket "changeme-in-a" is invalid: must be in the storage role\'s account 444455556666 (Databricks requires the role in the bucket\'s account)',
    );
  });

  describe("synth-time rule: nothing that writes on a read-only location", () => {
    test("WRITE_FILES on a READ location fails validation with one message per privilege", () => {
      const t = setup();
      t.location({ grants: [{ principal: "g", privileges: ["READ_FILES", "WRITE_FILES", "CREATE_MANAGED_STORAGE"] }] });
      expect(() => t.stack.runAllValidations()).toThrow(
        [
          '[test/landing] UnityCatalogExternalLocation.grants "WRITE_FILES" is invalid: must not be granted to g on a read-only location (access READ)',
          '  [test/landing] UnityCatalogExternalLocation.grants "CREATE_MANAGED_STORAGE" is invalid: must not be granted to g on a read-only location (access READ)',
        ].join("\n"),
      );
    });

    test("WRITE_VOLUME or ALL_PRIVILEGES on the volume of a READ location fails validation; READ_VOLUME passes", () => {
      const t = setup();
      const volume = { catalogName: "main", schemaName: "curated", name: "files" };
      t.location({ grants: [], volume: { ...volume, grants: [{ principal: "g", privileges: ["READ_VOLUME", "WRITE_VOLUME"] }, { principal: "h", privileges: ["ALL_PRIVILEGES"] }] } });
      expect(() => t.stack.runAllValidations()).toThrow(
        [
          '[test/landing] ExternalVolumeSettings.grants "WRITE_VOLUME" is invalid: must not be granted to g on a volume of a read-only location (access READ)',
          '  [test/landing] ExternalVolumeSettings.grants "ALL_PRIVILEGES" is invalid: must not be granted to h on a volume of a read-only location (access READ)',
        ].join("\n"),
      );
      const ok = setup();
      ok.location({ grants: [], volume: { ...volume, grants: [{ principal: "g", privileges: ["READ_VOLUME"] }] } });
      expect(() => ok.stack.runAllValidations()).not.toThrow();
    });

    test("WRITE_VOLUME on the volume of a READ_WRITE location passes", () => {
      const t = setup();
      t.location({ access: ExternalLocationAccess.READ_WRITE, grants: [], volume: { catalogName: "main", schemaName: "landing", name: "files", grants: [{ principal: "g", privileges: ["WRITE_VOLUME"] }] } });
      expect(() => t.stack.runAllValidations()).not.toThrow();
    });

    test("a location inside another on the same bucket, or the whole bucket beside a prefix, fails validation", () => {
      const t = setup();
      t.location({});
      t.location({ prefix: "landing/raw", locationName: "changeme-raw" }, "raw");
      t.location({ prefix: undefined, locationName: "changeme-all" }, "all");
      expect(() => t.stack.runAllValidations()).toThrow(
        [
          '[test/raw] UnityCatalogExternalLocation.url "s3://changeme-uc-data/landing/raw" is invalid: must not overlap test/landing (s3://changeme-uc-data/landing): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
          '  [test/all] UnityCatalogExternalLocation.url "s3://changeme-uc-data" is invalid: must not overlap test/landing (s3://changeme-uc-data/landing): external locations may not overlap other external locations (Databricks, "Path rules and access in Unity Catalog volumes")',
        ].join("\n"),
      );
    });

    test("sibling prefixes (landing, landing-old) on one bucket do not overlap", () => {
      const t = setup();
      t.location({});
      t.location({ prefix: "landing-old", locationName: "changeme-landing-old" }, "landing-old");
      expect(() => t.stack.runAllValidations()).not.toThrow();
    });

    test("READ_WRITE on a read-only credential fails validation", () => {
      const t = setup({ readOnly: true });
      t.location({ access: ExternalLocationAccess.READ_WRITE, grants: [{ principal: "g", privileges: ["READ_FILES"] }] });
      expect(() => t.stack.runAllValidations()).toThrow(
        '[test/landing] UnityCatalogExternalLocation.access "READ_WRITE" is invalid: must be READ on a read-only storage credential',
      );
    });

    test("WRITE_FILES on a READ_WRITE location, and READ_FILES on a READ one, pass", () => {
      const t = setup();
      t.location({ access: ExternalLocationAccess.READ_WRITE, grants: [{ principal: "g", privileges: ["READ_FILES", "WRITE_FILES"] }] });
      t.location({ prefix: "curated", locationName: "changeme-curated", grants: [{ principal: "g", privileges: ["READ_FILES"] }] }, "curated");
      expect(() => t.stack.runAllValidations()).not.toThrow();
    });
  });
});
