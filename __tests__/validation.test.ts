import { Token } from "cdktf";
import {
  ValidationError,
  accountOfArn,
  partitionOf,
  validateAccountId,
  validateArn,
  validateBucketName,
  validateExternalId,
  validateInstanceProfileName,
  validateIntegerRange,
  validateNamePrefix,
  validatePolicyName,
  validateRegion,
  validateRoleArn,
  validateRoleName,
  validateStreamName,
} from "../modules/validation";

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
    [validateNamePrefix, "Changeme", 'f "Changeme" is invalid: must be 1-40 characters of lowercase letters, digits and hyphens, starting with a letter'],
    [validateExternalId, "x", 'f "x" is invalid: must be 2-1224 characters of letters, digits and +=,.@:/-'],
    [validateRoleArn, "arn:aws:iam::444455556666:user/bob", 'f "arn:aws:iam::444455556666:user/bob" is invalid: must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>'],
    [validateArn, "not-an-arn", 'f "not-an-arn" is invalid: must be an ARN of the form arn:<partition>:<service>:<region>:<account>:<resource>'],
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
  ])("bucket name %p (%s) is rejected", (name) => {
    expect(() => validateBucketName("DataBucket.bucketName", name)).toThrow(
      `DataBucket.bucketName ${JSON.stringify(name)} is invalid: must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, and not look like an IP address`,
    );
  });

  test("valid values pass", () => {
    expect(() => validateAccountId("f", "111122223333")).not.toThrow();
    expect(() => validateRegion("f", "eu-west-1")).not.toThrow();
    expect(() => validateBucketName("f", "changeme-ds")).not.toThrow();
    expect(() => validateRoleName("f", "MyRoleA")).not.toThrow();
    expect(() => validateRoleArn("f", "arn:aws:iam::444455556666:role/MyRoleB")).not.toThrow();
    expect(() => validateArn("f", "arn:aws:kms:us-east-1:444455556666:key/abc", "kms")).not.toThrow();
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

  test("partitions and ARN accounts", () => {
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("eu-west-1")).toBe("aws");
    expect(accountOfArn("arn:aws:iam::444455556666:role/x")).toBe("444455556666");
    expect(accountOfArn("arn:aws:s3:::bucket")).toBeUndefined();
  });
});
