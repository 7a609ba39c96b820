import { DEFAULT_CONFIG, resolveConfig } from "../../config/app-config";

const s3 = (o: Record<string, unknown>) => ({ crossAccount: { s3: o } });
const kinesis = (o: Record<string, unknown>) => ({ crossAccount: { kinesis: o } });

describe("cross-account config: defaults", () => {
  test("the guides' example names and values, and least privilege for Kinesis", () => {
    expect(DEFAULT_CONFIG.crossAccount).toEqual(resolveConfig({}).crossAccount);
    const config = resolveConfig();
    expect(config.crossAccount.s3).toMatchObject({ sourceRoleName: "MyRoleA", targetRoleName: "MyRoleB", access: "read-write", sparkConfScope: "per-bucket" });
    expect(config.crossAccount.s3.existingBucketName).toBeUndefined();
    expect(config.crossAccount.kinesis).toMatchObject({
      sourceRoleName: "DatabricksToKinesisAssumeRole",
      targetRoleName: "KinesisCrossAccountRole",
      streamNames: ["testStream"],
      access: "read",
      initialPosition: "earliest",
      notebook: { enabled: false },
    });
    expect(config.crossAccount.kinesis.externalId).toBeUndefined();
  });

  test("optional fields are accepted, unknown ones rejected, lists replaced whole", () => {
    const config = resolveConfig({
      crossAccount: {
        s3: { existingBucketName: "their-bucket", existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" },
        kinesis: { externalId: "myExternalCode", kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k", streamEncryption: "KMS", streamNames: ["a", "b"] },
      },
    });
    expect(config.crossAccount.s3.existingBucketName).toBe("their-bucket");
    expect(config.crossAccount.kinesis.streamNames).toEqual(["a", "b"]);
    expect(config.crossAccount.kinesis.sourceRoleName).toBe("DatabricksToKinesisAssumeRole");
    expect(() => resolveConfig(kinesis({ streamName: "x" }))).toThrow('config.crossAccount.kinesis.streamName "x" is invalid: is not a known configuration field');
  });
});

describe("cross-account config: accounts and regions", () => {
  test("the data account's region must be in the workspace region's partition", () => {
    expect(() => resolveConfig({ dataAccount: { accountId: "444455556666", assumeRoleName: "OrganizationAccountAccessRole", region: "cn-north-1" } })).toThrow(
      'config.dataAccount.region "cn-north-1" is invalid: must be in the same AWS partition as config.region us-east-1 (aws): roles cannot be assumed across partitions',
    );
    expect(resolveConfig({ dataAccount: { accountId: "444455556666", assumeRoleName: "OrganizationAccountAccessRole", region: "eu-west-1" }, kinesisConsumers: { lambda: { enabled: false } } }).dataAccount.region).toBe(
      "eu-west-1",
    );
  });

  // Already enforced by the app config; asserted here because both cross-account stacks rely on them.
  test.each([
    [{ workspaceAccountId: "12345" }, 'config.workspaceAccountId "12345" is invalid: must be a 12-digit AWS account ID'],
    [{ dataAccount: { accountId: "111122223333" } }, 'config.dataAccount.accountId "111122223333" is invalid: must differ from config.workspaceAccountId (this is cross-account access)'],
    [{ dataAccount: { accountId: "444455556666", region: "us-east-9" } }, 'config.dataAccount.region "us-east-9" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
  ])("%j", (override, message) => {
    expect(() => resolveConfig(override)).toThrow(message);
  });
});

describe("cross-account config: S3 rules", () => {
  test.each([
    [s3({ sourceRoleName: "My Role" }), 'config.crossAccount.s3.sourceRoleName "My Role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [
      s3({ targetRoleName: "x".repeat(60) }),
      `config.crossAccount.s3.targetRoleName "changeme-${"x".repeat(60)}" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`,
    ],
    [s3({ targetRoleName: "MyRoleA" }), 'config.crossAccount.s3.targetRoleName "MyRoleA" is invalid: must differ from sourceRoleName'],
    [s3({ maxSessionDurationSeconds: 100 }), "config.crossAccount.s3.maxSessionDurationSeconds 100 is invalid: must be an integer from 3600 to 43200"],
    [s3({ existingBucketName: "Bad_Bucket" }), 'config.crossAccount.s3.existingBucketName "Bad_Bucket" is invalid: must be 3-63 characters'],
    [
      s3({ existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" }),
      'config.crossAccount.s3.existingBucketKmsKeyArn "arn:aws:kms:us-east-1:444455556666:key/k" is invalid: is only used with existingBucketName (a created bucket gets its key from bucketEncryption)',
    ],
    [
      s3({ existingBucketName: "their-bucket", existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k" }),
      'config.crossAccount.s3.existingBucketKmsKeyArn "arn:aws:kms:us-east-1:111122223333:key/k" is invalid: must be a key in the data account 444455556666 (config.dataAccount.accountId)',
    ],
    [s3({ bucketEncryption: "DSSE" }), 'config.crossAccount.s3.bucketEncryption "DSSE" is invalid: must be one of S3_MANAGED, KMS'],
    [s3({ access: "write" }), 'config.crossAccount.s3.access "write" is invalid: must be one of read, read-write'],
    [s3({ sparkConfScope: "cluster" }), 'config.crossAccount.s3.sparkConfScope "cluster" is invalid: must be one of global, per-bucket'],
    [s3({ mountName: "a/b" }), 'config.crossAccount.s3.mountName "a/b" is invalid: must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)'],
  ])("%j", (override, message) => {
    expect(() => resolveConfig(override)).toThrow(message);
  });
});

describe("cross-account config: Kinesis rules", () => {
  test.each([
    [kinesis({ targetRoleName: "DatabricksToKinesisAssumeRole" }), 'config.crossAccount.kinesis.targetRoleName "DatabricksToKinesisAssumeRole" is invalid: must differ from sourceRoleName'],
    [kinesis({ externalId: "x" }), 'config.crossAccount.kinesis.externalId "x" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
    [kinesis({ streamNames: [] }), "config.crossAccount.kinesis.streamNames [] is invalid: must be a non-empty list of stream names"],
    [kinesis({ streamNames: ["ok", "not ok"] }), 'config.crossAccount.kinesis.streamNames[1] "not ok" is invalid: must be 1-128 characters of letters, digits and _.-'],
    [kinesis({ streamNames: ["a", "a"] }), 'config.crossAccount.kinesis.streamNames[1] "a" is invalid: must not name a stream twice'],
    [kinesis({ streamMode: "AUTO" }), 'config.crossAccount.kinesis.streamMode "AUTO" is invalid: must be one of PROVISIONED, ON_DEMAND'],
    [kinesis({ shardCount: 0 }), "config.crossAccount.kinesis.shardCount 0 is invalid: must be an integer from 1 to 10000"],
    [kinesis({ retentionPeriodHours: 1 }), "config.crossAccount.kinesis.retentionPeriodHours 1 is invalid: must be an integer from 24 to 8760"],
    [kinesis({ streamEncryption: "NONE" }), 'config.crossAccount.kinesis.streamEncryption "NONE" is invalid: must be one of AWS_MANAGED, KMS'],
    [
      kinesis({ kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/k" }),
      'config.crossAccount.kinesis.kmsKeyArn "arn:aws:kms:us-east-1:444455556666:key/k" is invalid: needs streamEncryption KMS for created streams',
    ],
    [kinesis({ access: "admin" }), 'config.crossAccount.kinesis.access "admin" is invalid: must be one of read, read-write, full-access'],
    [
      kinesis({ access: "full-access" }),
      "config.crossAccount.kinesis.fullAccessReason is missing: must explain in at least 20 characters why access full-access (AmazonKinesisFullAccess) is acceptable",
    ],
    [kinesis({ fullAccessReason: "because the guide says so" }), 'config.crossAccount.kinesis.fullAccessReason "because the guide says so" is invalid: is only used with access full-access'],
    [kinesis({ initialPosition: "now" }), 'config.crossAccount.kinesis.initialPosition "now" is invalid: must be one of latest, trim_horizon, earliest'],
    [kinesis({ notebook: { path: "Shared/x" } }), 'config.crossAccount.kinesis.notebook.path "Shared/x" is invalid: must be an absolute workspace path like /Shared/kinesis-check'],
    [kinesis({ notebook: { enabled: "yes" } }), 'config.crossAccount.kinesis.notebook.enabled "yes" is invalid: must be a boolean'],
  ])("%j", (override, message) => {
    expect(() => resolveConfig(override)).toThrow(message);
  });

  test("existing streams are used as named (not prefixed)", () => {
    expect(() => resolveConfig(kinesis({ createStreams: false, streamNames: ["x".repeat(128)] }))).not.toThrow();
    expect(() => resolveConfig(kinesis({ streamNames: ["x".repeat(128)] }))).toThrow(/streamNames\[0\] "changeme-x+\.\.\. is invalid/);
  });
});

test.each([
  ["crossAccount.s3.existingBucketKmsKeyArn", s3({ existingBucketName: "their-bucket", existingBucketKmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" })],
  ["crossAccount.kinesis.kmsKeyArn", kinesis({ streamEncryption: "KMS", kmsKeyArn: "1234abcd-12ab-34cd-56ef-1234567890ab" })],
])("a bare key ID in %s is one problem, the format, not also the key's account", (field, override) => {
  expect(() => resolveConfig(override)).toThrow(
    "Invalid configuration (the built-in defaults): 1 problem\n" +
      `  config.${field} "1234abcd-12ab-34cd-56ef-1234567890ab" is invalid: must be a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key-id>\n`,
  );
});
