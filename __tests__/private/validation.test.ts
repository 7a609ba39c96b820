import { Token } from "cdktf";
import {
  ValidationError,
  accountOfArn,
  validateArnInAccount,
  partitionOf,
  validateAccountId,
  validateArn,
  validateBucketName,
  validateDatabricksHost,
  validateExternalId,
  validateFunctionName,
  validateInstanceProfileName,
  validateKclApplicationName,
  validateLogRetentionDays,
  validateMountName,
  validateIntegerRange,
  validateNamePrefix,
  validateNotebookPath,
  validatePolicyName,
  validateRegion,
  validateRoleArn,
  validateKmsKeyArn,
  validateRoleName,
  validateRoleSessionName,
  validateS3Prefix,
  validateSamlMetadataDocument,
  validateSamlProviderName,
  validateStreamName,
} from "../../modules/private/validation";

describe("validation rules name the field, the value and the rule", () => {
  test.each([
    [validateAccountId, "12345", 'f "12345" is invalid: must be a 12-digit AWS account ID'],
    [validateAccountId, "1111222233334", 'f "1111222233334" is invalid: must be a 12-digit AWS account ID'],
    [validateRegion, "us-east-9", 'f "us-east-9" is invalid: must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1'],
    [validateRoleName, "a".repeat(65), `f "${"a".repeat(65)}" is invalid: must be 1-64 characters of letters, digits and +=,.@_-`],
    [validateRoleName, "my role", 'f "my role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [validateInstanceProfileName, "x".repeat(129), `f "${"x".repeat(129)}" is invalid: must be 1-128 characters of letters, digits and +=,.@_-`],
    [validatePolicyName, "bad/name", 'f "bad/name" is invalid: must be 1-128 characters of letters, digits and +=,.@_-'],
    [validateStreamName, "bad stream", 'f "bad stream" is invalid: must be 1-128 characters of letters, digits and _.-'],
    [validateNamePrefix, "Changeme", 'f "Changeme" is invalid: must be lowercase letters, digits and hyphens, starting with a letter'],
    [validateExternalId, "x", 'f "x" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
    [validateRoleArn, "arn:aws:iam::444455556666:user/bob", 'f "arn:aws:iam::444455556666:user/bob" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'],
    // An 11- or 13-digit account must fail here: accountOfArn would then return undefined and skip ExistingRole's account check.
    [validateRoleArn, "arn:aws:iam::44445555666:role/MyRoleB", 'f "arn:aws:iam::44445555666:role/MyRoleB" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'],
    [validateRoleArn, "arn:aws:iam::4444555566667:role/MyRoleB", 'f "arn:aws:iam::4444555566667:role/MyRoleB" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'],
    [validateKmsKeyArn, "arn:aws:kms:us-east-1:444455556666:alias/data", 'f "arn:aws:kms:us-east-1:444455556666:alias/data" is invalid: must be a KMS key ARN (…:key/<key-id>), not an alias ARN: IAM matches a policy\'s Resource against the key ARN, so a grant on an alias ARN allows nothing'],
    [validateKmsKeyArn, "arn:aws:kms:us-east-1:4444555566:key/abc", 'f "arn:aws:kms:us-east-1:4444555566:key/abc" is invalid: must be a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key-id>'],
    [validateArn, "not-an-arn", 'f "not-an-arn" is invalid: must be an ARN of the form arn:<partition>:<service>:<region>:<account>:<resource>'],
    [validateSamlProviderName, "okta idp", 'f "okta idp" is invalid: must be 1-128 characters of letters, digits and _.-'],
    [validateS3Prefix, "data/*", 'f "data/*" is invalid: must be an S3 key prefix like data/hr: at most 1024 characters, segments of letters, digits and !_.\'()- separated by single slashes, no leading or trailing slash, no . or .. segment'],
    [validateS3Prefix, "/data/hr", 'f "/data/hr" is invalid: must be an S3 key prefix like data/hr'],
    [validateS3Prefix, "data/../hr", 'f "data/../hr" is invalid: must be an S3 key prefix like data/hr'],
    [validateFunctionName, "kds reader", 'f "kds reader" is invalid: must be 1-64 characters of letters, digits, hyphens and underscores'],
    [validateRoleSessionName, "x", 'f "x" is invalid: must be 2-64 characters of letters, digits and +=,.@-'],
    [validateKclApplicationName, "ab", 'f "ab" is invalid: must be 3-238 characters of letters, digits and _.- (it names DynamoDB tables)'],
    [validateMountName, "/mnt/x", 'f "/mnt/x" is invalid: must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)'],
    [validateNotebookPath, "Shared/x", 'f "Shared/x" is invalid: must be an absolute workspace path like /Shared/kinesis-check'],
    [validateNotebookPath, "/Shared/", 'f "/Shared/" is invalid: must be an absolute workspace path like /Shared/kinesis-check'],
    [validateDatabricksHost, "http://dbc-1234.cloud.databricks.com", 'f "http://dbc-1234.cloud.databricks.com" is invalid: must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com'],
    [validateDatabricksHost, "https://dbc-1234.cloud.databricks.com/o/1", 'f "https://dbc-1234.cloud.databricks.com/o/1" is invalid: must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com'],
  ])("%p rejects %p", (validator, value, message) => {
    expect(() => validator("f", value)).toThrow(ValidationError);
    expect(() => validator("f", value)).toThrow(message);
  });

  test.each([
    ["ab", "too short"],
    ["a".repeat(64), "too long"],
    ["My-Bucket", "uppercase"],
    ["my_bucket", "underscore"],
    ["-bucket", "leading hyphen"],
    ["my..bucket", "adjacent dots"],
    ["192.168.1.1", "IP address"],
    ["xn--bucket", "xn-- prefix"],
    ["my.-bucket", "dot beside a hyphen"],
    ["sthree-bucket", "sthree- prefix"],
    ["amzn-s3-demo-bucket", "amzn-s3-demo- prefix"],
    ["bucket-s3alias", "-s3alias suffix (access point alias)"],
    ["bucket--ol-s3", "--ol-s3 suffix (Object Lambda access point alias)"],
    ["bucket--x-s3", "--x-s3 suffix (directory bucket)"],
    ["bucket--table-s3", "--table-s3 suffix (table bucket)"],
    ["bucket.mrap", ".mrap suffix (Multi-Region Access Point)"],
  ])("bucket name %p (%s) is rejected", (name) => {
    expect(() => validateBucketName("DataBucket.bucketName", name)).toThrow(
      `DataBucket.bucketName ${JSON.stringify(name)} is invalid: must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, have no two adjacent dots and no dot beside a hyphen, not look like an IP address, not start with xn--, sthree- or amzn-s3-demo- and not end with -s3alias, --ol-s3, --x-s3, --table-s3 or .mrap (reserved by AWS)`,
    );
  });

  test("valid values pass", () => {
    expect(() => validateAccountId("f", "111122223333")).not.toThrow();
    expect(() => validateRegion("f", "eu-west-1")).not.toThrow();
    expect(() => validateBucketName("f", "changeme-ds")).not.toThrow();
    expect(() => validateMountName("f", "cross-account_ds")).not.toThrow();
    expect(() => validateNotebookPath("f", "/Shared/kinesis-check")).not.toThrow();
    expect(() => validateDatabricksHost("f", "https://dbc-1234.cloud.databricks.com/")).not.toThrow();
    // The reserved words only count at the start or the end.
    expect(() => validateBucketName("f", "data-sthree-xn--amzn-s3-demo-s3alias--x-s3.mrap-ds")).not.toThrow();
    expect(() => validateRoleName("f", "MyRoleA")).not.toThrow();
    expect(() => validateRoleArn("f", "arn:aws:iam::444455556666:role/MyRoleB")).not.toThrow();
    expect(() => validateArn("f", "arn:aws:kms:us-east-1:444455556666:key/abc", "kms")).not.toThrow();
    expect(() => validateKmsKeyArn("f", "arn:aws:kms:us-east-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab")).not.toThrow();
  });

  test("an ARN of the wrong service is rejected with the service named", () => {
    expect(() => validateArn("f", "arn:aws:s3:::bucket", "kms")).toThrow(
      'f "arn:aws:s3:::bucket" is invalid: must be an ARN of the form arn:<partition>:<service>:<region>:<account>:<resource> with service "kms"',
    );
  });

  test("unresolved tokens pass every rule", () => {
    const token = Token.asString({ resolve: () => "x" });
    expect(() => validateAccountId("f", token)).not.toThrow();
    expect(() => validateBucketName("f", token)).not.toThrow();
    expect(() => validateRoleArn("f", token)).not.toThrow();
    expect(() => validateIntegerRange("f", Token.asNumber({ resolve: () => 1 }), 1, 2)).not.toThrow();
  });

  test("integer ranges", () => {
    expect(() => validateIntegerRange("AutoscalingCluster.minWorkers", -1, 0, 10)).toThrow(
      'AutoscalingCluster.minWorkers -1 is invalid: must be an integer from 0 to 10',
    );
    expect(() => validateIntegerRange("f", 1.5, 0, 10)).toThrow("f 1.5 is invalid: must be an integer from 0 to 10");
  });

  test("log retention must be a period CloudWatch Logs accepts", () => {
    expect(() => validateLogRetentionDays("f", 10)).toThrow("f 10 is invalid: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653");
    expect(() => validateLogRetentionDays("f", 365)).not.toThrow();
  });

  test("SAML metadata: empty, too short, or not IdP metadata", () => {
    expect(() => validateSamlMetadataDocument("f", "  ")).toThrow('f "  " is invalid: must not be empty');
    expect(() => validateSamlMetadataDocument("f", "<EntityDescriptor/>")).toThrow(
      'f "<EntityDescriptor/>" is invalid: must be 1000 to 10000000 characters long (IAM\'s limits for a SAML metadata document)',
    );
    const notIdp = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><SPSSODescriptor>${"x".repeat(1000)}</SPSSODescriptor></EntityDescriptor>`;
    expect(() => validateSamlMetadataDocument("f", notIdp)).toThrow(
      'f "<EntityDescriptor xmlns=\\"urn:oasis:names:tc:SAML:2.0:meta..." is invalid: must be SAML 2.0 identity provider metadata: an EntityDescriptor of namespace urn:oasis:names:tc:SAML:2.0:metadata with an IDPSSODescriptor',
    );
    const idp = notIdp.replace(/SPSSODescriptor/g, "IDPSSODescriptor");
    expect(() => validateSamlMetadataDocument("f", idp)).not.toThrow();
  });

  test("partitions and ARN accounts", () => {
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("eu-west-1")).toBe("aws");
    expect(accountOfArn("arn:aws:iam::444455556666:role/x")).toBe("444455556666");
    expect(accountOfArn("arn:aws:s3:::bucket")).toBeUndefined();
  });

  test("validateArnInAccount refuses an ARN of another account; no ARN, no account in it, or a token passes", () => {
    const rule = "must be a role in account 444455556666";
    expect(() => validateArnInAccount("f", "arn:aws:iam::111122223333:role/x", "444455556666", rule)).toThrow(
      `f "arn:aws:iam::111122223333:role/x" is invalid: ${rule}`,
    );
    expect(() => validateArnInAccount("f", "arn:aws:iam::444455556666:role/x", "444455556666", rule)).not.toThrow();
    expect(() => validateArnInAccount("f", undefined, "444455556666", rule)).not.toThrow();
    expect(() => validateArnInAccount("f", "arn:aws:s3:::bucket", "444455556666", rule)).not.toThrow();
    expect(() => validateArnInAccount("f", Token.asString("arn"), "444455556666", rule)).not.toThrow();
  });
});
