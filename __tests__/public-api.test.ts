import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";
import * as api from "../index";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * Every runtime export of the package root, sorted (interfaces and types do not exist at runtime; docs/api and
 * `npm run docs:check` cover them). A change here is an API change: adding is a minor release, removing or
 * renaming is breaking (CHANGELOG.md). To update after an intended change, paste the list this test prints.
 */
const EXPECTED_EXPORTS: readonly string[] = [
  "AWS_MANAGED_KINESIS_KEY",
  "AccountRootPrincipal",
  "AnyPrincipal",
  "ArnPrincipal",
  "AutoscalingCluster",
  "AwsAccountProvider",
  "BUCKET_OWNER_FULL_CONTROL",
  "BUCKET_READ_ACTIONS",
  "BUCKET_READ_WRITE_ACTIONS",
  "BlockKind",
  "BucketBase",
  "BucketEncryption",
  "COMPLIANT",
  "CredentialPassthrough",
  "CrossAccountAssumeRolePair",
  "CrossAccountPolicyType",
  "DATABRICKS_PROVIDER_RULES",
  "DATA_ACCESS_SECURITY_RULES",
  "DataAccessSecurityChecks",
  "DataBucket",
  "DataSecurityMode",
  "DataStream",
  "DatabricksInstanceProfile",
  "EVENT_SOURCE_DESTINATION_OTHER_ACCOUNT",
  "EVENT_SOURCE_DESTINATION_UNLIMITED_RETRIES",
  "EXTERNAL_LOCATION_WRITE_PRIVILEGES",
  "Effect",
  "EncryptionKey",
  "ExistingEncryptionKey",
  "ExistingRole",
  "ExternalLocationAccess",
  "FILE_EVENTS_BUCKET_ACTIONS",
  "FILE_EVENTS_LIST_ACTIONS",
  "FILE_EVENTS_QUEUE_ACTIONS",
  "FILE_EVENTS_TEARDOWN_ACTIONS",
  "FUNCTION_LOG_ACTIONS",
  "FederatedPrincipal",
  "FindingStatus",
  "GRANT_RESOURCE_POLICY_NOT_MANAGED",
  "IAM_ALLOW_ANY_PRINCIPAL",
  "IAM_ASSUME_ROLE_STAR",
  "IAM_CROSS_ACCOUNT_ROOT_TRUST",
  "IAM_DATA_ROLE_KMS_ADMIN",
  "IAM_MANAGED_FULL_ACCESS",
  "IAM_PASSROLE_STAR",
  "IAM_WILDCARD_PERMISSIONS",
  "INSTANCE_PROFILE_NEEDS_ROLE_ARN",
  "IamPropagationWait",
  "InstanceProfileRegistration",
  "InstanceProfileRole",
  "KCL_CONSUMER_REGISTRATION_ACTIONS",
  "KCL_COORDINATOR_STATE_SUFFIX",
  "KCL_DEFAULT_CREDENTIALS_PROVIDER",
  "KCL_LEASE_INDEX_ACTIONS",
  "KCL_LEASE_OWNER_INDEX",
  "KCL_LEASE_TABLE_ACTIONS",
  "KCL_METADATA_TABLE_ACTIONS",
  "KCL_METRICS_ACTIONS",
  "KCL_STREAM_REGION_DIFFERS",
  "KCL_STS_ASSUME_ROLE_PROVIDER",
  "KCL_STS_ASSUME_ROLE_PROVIDER_WITH_EXTERNAL_ID",
  "KCL_WORKER_METRICS_SUFFIX",
  "KEY_DECRYPT_ACTIONS",
  "KEY_USER_ACTIONS",
  "KINESIS_SERVICE_CREDENTIAL_MIN_RUNTIME",
  "KINESIS_STREAM_UNENCRYPTED",
  "KclApplication",
  "KclCrossAccountConsumer",
  "KinesisConnectionCheckNotebook",
  "KinesisEventSource",
  "KinesisReadPermissions",
  "LAMBDA_KINESIS_EXECUTION_POLICY",
  "LambdaFunction",
  "MAX_CLUSTER_WORKERS",
  "MOUNT_ON_PASSTHROUGH_CLUSTER",
  "MOUNT_STORAGE_BLOCK_CONFLICT",
  "MetaInstanceProfile",
  "NOT_APPLICABLE",
  "OBJECT_READ_ACTIONS",
  "OBJECT_READ_WRITE_ACTIONS",
  "ON_FAILURE_DESTINATION_ACTIONS",
  "OnFailureDestination",
  "PASSTHROUGH_CREDENTIALS_PROVIDER_CLASS",
  "PASSTHROUGH_DATA_SECURITY_MODE",
  "PASSTHROUGH_SPARK_CONF",
  "PREFIX_OBJECT_ACTIONS",
  "PolicyDocument",
  "PolicyStatement",
  "RULE_EVALUATION_ERROR",
  "Role",
  "RuleCompliance",
  "S3A_ASSUMED_ROLE_CREDENTIAL_PROVIDER",
  "S3Mount",
  "S3_FORCE_DESTROY",
  "S3_INSECURE_TRANSPORT_ALLOWED",
  "S3_MOUNT_CLUSTER_NEEDS_PROFILE",
  "S3_MOUNT_NEEDS_PROFILE_OR_CLUSTER",
  "S3_NO_DEFAULT_ENCRYPTION",
  "S3_PUBLIC_ACCESS_NOT_BLOCKED",
  "S3aAssumedRoleScope",
  "S3aConfTarget",
  "SECURITY_REPORT_FILE",
  "SINGLE_NODE_CUSTOM_TAGS",
  "SINGLE_NODE_SPARK_CONF",
  "SSE_KMS_READ_ACTIONS",
  "SSE_KMS_WRITE_ACTIONS",
  "STREAM_CONSUMER_READ_ACTIONS",
  "STREAM_CONSUMER_REGISTRATION_ACTIONS",
  "STREAM_READ_ACTIONS",
  "STREAM_WRITE_ACTIONS",
  "SamlFederatedDataRole",
  "SamlProvider",
  "SecurityRuleLevel",
  "SecuritySuppressions",
  "ServicePrincipal",
  "SingleNodeCluster",
  "StartingPosition",
  "StreamBase",
  "StreamConsumer",
  "StreamEncryption",
  "StreamMode",
  "StreamRoleTrust",
  "UNITY_CATALOG_PRIVILEGES",
  "URI_MOUNT_NEEDS_CLUSTER",
  "UnityCatalogExternalLocation",
  "UnityCatalogRole",
  "UnityCatalogServiceCredential",
  "UnityCatalogStorageCredential",
  "ValidationError",
  "Warnings",
  "WorkspaceCrossAccountRole",
  "assumedRoleS3aConf",
  "databricksSamlAudience",
  "defineSecurityRule",
  "defineWarning",
  "grant",
  "grantOnPrincipal",
  "grantOnResource",
  "isCrossAccountGrant",
  "kinesisConnectionCheckSource",
  "kinesisReadStreamOptions",
  "passthroughMountCommand",
  "passthroughMountConfigs",
  "resultOf",
  "shareStreamWithExecutionRole",
  "stsEndpointOf",
];

/** Every source file reachable from index.ts through relative imports, and every package they import. */
function moduleGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles) {
      if (fileName.startsWith(".")) {
        const base = path.resolve(path.dirname(file), fileName);
        const resolved = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
        if (!resolved) throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${fileName}`);
        pending.push(resolved);
      } else {
        const parts = fileName.split("/");
        packages.add(fileName.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
      }
    }
  }
  return { files: [...files].map((f) => path.relative(ROOT, f).split(path.sep).join("/")).sort(), packages: [...packages].sort() };
}

describe("public API (the package root, index.ts)", () => {
  test("exports exactly the expected names", () => {
    const actual = Object.keys(api).sort();
    const added = actual.filter((name) => !EXPECTED_EXPORTS.includes(name));
    const removed = EXPECTED_EXPORTS.filter((name) => !actual.includes(name));
    if (added.length > 0 || removed.length > 0) {
      // Paste-ready for EXPECTED_EXPORTS once the change is intended (and in CHANGELOG.md).
      console.log(`EXPECTED_EXPORTS for __tests__/public-api.test.ts:\n${JSON.stringify(actual, null, 2)}`);
    }
    expect({ added, removed }).toEqual({ added: [], removed: [] });
    expect(actual).toEqual([...EXPECTED_EXPORTS].sort());
    expect(EXPECTED_EXPORTS).toEqual([...EXPECTED_EXPORTS].sort());
  });

  test("index.ts is `export *` of whole public files: none from modules/private/, no hand-picked names", () => {
    const statements = fs
      .readFileSync(path.join(ROOT, "index.ts"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("//"));
    expect(statements.filter((line) => !/^export \* from "\.\/modules\/[a-z0-9/-]+";$/.test(line))).toEqual([]);
    expect(statements.filter((line) => line.includes("/private/"))).toEqual([]);
  });

  test("every export is defined (no name re-exported from a module that lacks it)", () => {
    const undefinedExports = Object.entries(api)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    expect(undefinedExports).toEqual([]);
  });

  test("nothing from stacks/, config/, scripts/, __tests__/ or main.ts is reachable from index.ts", () => {
    const { files } = moduleGraph(path.join(ROOT, "index.ts"));
    expect(files).toContain("modules/s3/data-bucket.ts");
    const outside = files.filter((file) => file !== "index.ts" && !file.startsWith("modules/"));
    expect(outside).toEqual([]);
  });

  test("the library imports only its peer dependencies and Node built-ins", () => {
    const { packages } = moduleGraph(path.join(ROOT, "index.ts"));
    const undeclared = packages.filter((name) => !(name in PACKAGE.peerDependencies) && !builtinModules.includes(name.replace(/^node:/, "")));
    expect(undeclared).toEqual([]);
    // And every peer is used: a peer nobody imports would force consumers to install it for nothing.
    expect(Object.keys(PACKAGE.peerDependencies).filter((name) => !packages.includes(name))).toEqual([]);
  });

  test("each peer dependency range starts at the exact version the repo tests with (its devDependency)", () => {
    for (const [name, range] of Object.entries(PACKAGE.peerDependencies)) {
      const pinned = PACKAGE.devDependencies[name];
      expect({ name, pinned: /^\d+\.\d+\.\d+$/.test(pinned ?? "") }).toEqual({ name, pinned: true });
      expect({ name, range }).toEqual({ name, range: expect.stringMatching(new RegExp(`^[~^]${pinned.replace(/\./g, "\\.")}$`)) });
    }
  });
});
