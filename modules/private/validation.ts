import type { Token } from "cdktf";

export { ValidationError } from "../core/validation-error";
import { ValidationError } from "../core/validation-error";

/**
 * Whether a value can be a cdktf token at all: string tokens contain `${TfToken[` (lists `#{TfToken[`), number
 * tokens are doubles of magnitude ~1e289 (cdktf lib/tokens/private/encoding.js: BEGIN_STRING_TOKEN_MARKER,
 * BEGIN_LIST_TOKEN_MARKER, DOUBLE_TOKEN_MARKER_BITS). Plain config values are not, so checking them needs no cdktf.
 */
function mayBeToken(value: string | number): boolean {
  return typeof value === "string" ? value.includes("TfToken[") : !Number.isSafeInteger(value);
}

/** True when the value is a Terraform token resolved only at plan/apply time: such values pass. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value !== "string" && typeof value !== "number") return false;
  if (!mayBeToken(value)) return false;
  // Required here, not imported: the config is checked before the app loads cdktf (main.ts).
  const token: typeof Token = require("cdktf").Token;
  return token.isUnresolved(value);
}

function check(field: string, value: string | undefined, ok: (v: string) => boolean, rule: string): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!ok(value)) throw new ValidationError(field, value, rule);
}

export const ACCOUNT_ID_RULE = "must be a 12-digit AWS account ID";
export function validateAccountId(field: string, value: string | undefined): void {
  check(field, value, (v) => /^\d{12}$/.test(v), ACCOUNT_ID_RULE);
}

/**
 * AWS regions the pinned AWS provider (5.100.0) knows, by partition. A typo here would
 * otherwise surface only at plan time as an endpoint resolution error.
 */
export const KNOWN_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  "us-east-1": "aws", "us-east-2": "aws", "us-west-1": "aws", "us-west-2": "aws",
  "af-south-1": "aws", "ap-east-1": "aws", "ap-east-2": "aws", "ap-south-1": "aws", "ap-south-2": "aws",
  "ap-southeast-1": "aws", "ap-southeast-2": "aws", "ap-southeast-3": "aws", "ap-southeast-4": "aws",
  "ap-southeast-5": "aws", "ap-southeast-7": "aws", "ap-northeast-1": "aws", "ap-northeast-2": "aws",
  "ap-northeast-3": "aws", "ca-central-1": "aws", "ca-west-1": "aws", "eu-central-1": "aws",
  "eu-central-2": "aws", "eu-west-1": "aws", "eu-west-2": "aws", "eu-west-3": "aws", "eu-south-1": "aws",
  "eu-south-2": "aws", "eu-north-1": "aws", "il-central-1": "aws", "me-south-1": "aws",
  "me-central-1": "aws", "mx-central-1": "aws", "sa-east-1": "aws",
  "us-gov-east-1": "aws-us-gov", "us-gov-west-1": "aws-us-gov",
  "cn-north-1": "aws-cn", "cn-northwest-1": "aws-cn",
});

export const REGION_RULE = "must be an AWS region known to AWS provider 5.100.0, e.g. us-east-1";
export function validateRegion(field: string, value: string | undefined): void {
  check(field, value, (v) => Object.prototype.hasOwnProperty.call(KNOWN_REGIONS, v), REGION_RULE);
}

/** The partition of a region (`aws` for unresolved or unknown regions). */
export function partitionOf(region: string): string {
  return KNOWN_REGIONS[region] ?? "aws";
}

/** Prefixes and suffixes S3 reserves for its own names (access point aliases, directory and table buckets...). */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"] as const;
const anyOf = (words: readonly string[]) => `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
export const BUCKET_NAME_RULE =
  "must be 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, " +
  "have no two adjacent dots and no dot beside a hyphen, not look like an IP address, " +
  `not start with ${anyOf(RESERVED_BUCKET_PREFIXES)} and not end with ${anyOf(RESERVED_BUCKET_SUFFIXES)} (reserved by AWS)`;
/**
 * Checks a general purpose bucket name against S3's naming rules, reserved prefixes and suffixes included
 * (S3 User Guide, "General purpose bucket naming rules":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). S3 refuses them only at apply.
 */
export function validateBucketName(field: string, value: string | undefined): void {
  check(
    field,
    value,
    (v) =>
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) &&
      !/\.\.|\.-|-\./.test(v) &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(v) &&
      !RESERVED_BUCKET_PREFIXES.some((p) => v.startsWith(p)) &&
      !RESERVED_BUCKET_SUFFIXES.some((s) => v.endsWith(s)),
    BUCKET_NAME_RULE,
  );
}

export const ROLE_NAME_RULE = "must be 1-64 characters of letters, digits and +=,.@_-";
export function validateRoleName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w+=,.@-]{1,64}$/.test(v), ROLE_NAME_RULE);
}

export const INSTANCE_PROFILE_NAME_RULE = "must be 1-128 characters of letters, digits and +=,.@_-";
export function validateInstanceProfileName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w+=,.@-]{1,128}$/.test(v), INSTANCE_PROFILE_NAME_RULE);
}

export const POLICY_NAME_RULE = "must be 1-128 characters of letters, digits and +=,.@_-";
export function validatePolicyName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w+=,.@-]{1,128}$/.test(v), POLICY_NAME_RULE);
}

export const STREAM_NAME_RULE = "must be 1-128 characters of letters, digits and _.-";
export function validateStreamName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[a-zA-Z0-9_.-]{1,128}$/.test(v), STREAM_NAME_RULE);
}

export const ARN_RULE = "must be an ARN of the form arn:<partition>:<service>:<region>:<account>:<resource>";
export function validateArn(field: string, value: string | undefined, service?: string): void {
  const servicePart = service ? service.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "[a-z0-9-]+";
  check(
    field,
    value,
    (v) => new RegExp(`^arn:aws(-cn|-us-gov)?:${servicePart}:[a-z0-9-]*:(\\d{12})?:.+$`).test(v),
    service ? `${ARN_RULE} with service "${service}"` : ARN_RULE,
  );
}

export const ROLE_ARN_RULE = "must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>";
export function validateRoleArn(field: string, value: string | undefined): void {
  check(field, value, (v) => /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(v), ROLE_ARN_RULE);
}

export const KMS_KEY_ARN_RULE = "must be a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key-id>";
export const KMS_ALIAS_ARN_RULE =
  "must be a KMS key ARN (…:key/<key-id>), not an alias ARN: IAM matches a policy's Resource against the key ARN, so a grant on an alias ARN allows nothing";
/**
 * Checks a KMS key ARN. Alias ARNs are refused with a rule of their own: KMS authorizes a request against
 * the key ARN, never the alias (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html,
 * "Specifying KMS keys in IAM policy statements"), so a grant naming an alias ARN names nothing.
 */
export function validateKmsKeyArn(field: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (/^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:alias\/.+$/.test(value)) throw new ValidationError(field, value, KMS_ALIAS_ARN_RULE);
  check(field, value, (v) => /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(v), KMS_KEY_ARN_RULE);
}

/** The account ID inside an ARN, or undefined for tokens and ARNs without one. */
export function accountOfArn(arn: string): string | undefined {
  if (isUnresolved(arn)) return undefined;
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * Refuses an ARN whose account is known and is not `accountId`: grants compare the declared account with
 * the grantee's to decide whether a grant is cross-account, so the two must agree. `rule` says which.
 */
export function validateArnInAccount(field: string, arn: string | undefined, accountId: string, rule: string): void {
  const arnAccount = arn === undefined ? undefined : accountOfArn(arn);
  if (arnAccount !== undefined && arnAccount !== accountId) throw new ValidationError(field, arn, rule);
}

/**
 * Name prefixes end up in bucket names, so they follow the stricter bucket alphabet. Their length
 * limit is the room the longest name built from them leaves (the app config computes it).
 */
export const NAME_PREFIX_RULE = "must be lowercase letters, digits and hyphens, starting with a letter";
export function validateNamePrefix(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[a-z][a-z0-9-]*$/.test(v), NAME_PREFIX_RULE);
}

/** DBFS mount names: the mount appears at /mnt/<name>, one path segment. */
export const MOUNT_NAME_RULE = "must be 1-128 characters of letters, digits, _ and - (it becomes /mnt/<name>)";
export function validateMountName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[A-Za-z0-9_-]{1,128}$/.test(v), MOUNT_NAME_RULE);
}

/** Workspace paths of notebooks are absolute and name a file, not a folder. */
export const NOTEBOOK_PATH_RULE = "must be an absolute workspace path like /Shared/kinesis-check";
export function validateNotebookPath(field: string, value: string | undefined): void {
  check(field, value, (v) => /^\/[^\0]{1,1023}$/.test(v) && !v.endsWith("/"), NOTEBOOK_PATH_RULE);
}

/** A Databricks workspace or account console URL, as the provider's `host` takes it: https only. */
export const DATABRICKS_HOST_RULE = "must be an https:// URL of a host, e.g. https://dbc-1234.cloud.databricks.com";
export function validateDatabricksHost(field: string, value: string | undefined): void {
  check(field, value, (v) => /^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/.test(v), DATABRICKS_HOST_RULE);
}

export const EXTERNAL_ID_RULE = "must be 2-1224 characters of letters, digits and +=,.@:/-";
export function validateExternalId(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w+=,.@:/-]{2,1224}$/.test(v), EXTERNAL_ID_RULE);
}

/** Checks an integer range; tokens pass. */
export function validateIntegerRange(field: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) throw new ValidationError(field, value, integerRangeRule(min, max));
}

/** The rule text of {@link validateIntegerRange}. */
export function integerRangeRule(min: number, max: number): string {
  return `must be an integer from ${min} to ${max}`;
}

export const SAML_PROVIDER_NAME_RULE = "must be 1-128 characters of letters, digits and _.-";
export function validateSamlProviderName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w.-]{1,128}$/.test(v), SAML_PROVIDER_NAME_RULE);
}

export const SAML_METADATA_EMPTY_RULE = "must not be empty";
export const SAML_METADATA_LENGTH_RULE = "must be 1000 to 10000000 characters long (IAM's limits for a SAML metadata document)";
export const SAML_METADATA_FORMAT_RULE =
  "must be SAML 2.0 identity provider metadata: an EntityDescriptor of namespace urn:oasis:names:tc:SAML:2.0:metadata with an IDPSSODescriptor";
/** Checks that a document looks like SAML 2.0 IdP metadata (IAM checks the signature material at apply time). */
export function validateSamlMetadataDocument(field: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  // Metadata documents are long: the error shows the start only.
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  if (value.trim() === "") throw new ValidationError(field, value, SAML_METADATA_EMPTY_RULE);
  if (value.length < 1000 || value.length > 10_000_000) throw new ValidationError(field, shown, SAML_METADATA_LENGTH_RULE);
  const looksLikeMetadata =
    /<([\w-]+:)?EntityDescriptor[\s>]/.test(value) &&
    value.includes("urn:oasis:names:tc:SAML:2.0:metadata") &&
    /<([\w-]+:)?IDPSSODescriptor[\s>]/.test(value);
  if (!looksLikeMetadata) throw new ValidationError(field, shown, SAML_METADATA_FORMAT_RULE);
}

/**
 * S3 key prefixes end up in IAM resource ARNs and `s3:prefix` conditions, where `*` and `?` are
 * wildcards, so they are not allowed.
 */
export const S3_PREFIX_RULE =
  "must be an S3 key prefix like data/hr: at most 1024 characters, segments of letters, digits and !_.'()- " +
  "separated by single slashes, no leading or trailing slash, no . or .. segment";
export function validateS3Prefix(field: string, value: string | undefined): void {
  check(
    field,
    value,
    (v) =>
      v.length <= 1024 &&
      /^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*$/.test(v) &&
      v.split("/").every((segment) => segment !== "." && segment !== ".."),
    S3_PREFIX_RULE,
  );
}

export const FUNCTION_NAME_RULE = "must be 1-64 characters of letters, digits, hyphens and underscores";
export function validateFunctionName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[a-zA-Z0-9_-]{1,64}$/.test(v), FUNCTION_NAME_RULE);
}

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export const LOG_RETENTION_RULE = `must be one of ${LOG_RETENTION_DAYS.join(", ")}`;
export function validateLogRetentionDays(field: string, value: number | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(value)) throw new ValidationError(field, value, LOG_RETENTION_RULE);
}

export const ROLE_SESSION_NAME_RULE = "must be 2-64 characters of letters, digits and +=,.@-";
export function validateRoleSessionName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[\w+=,.@-]{2,64}$/.test(v), ROLE_SESSION_NAME_RULE);
}

/**
 * KCL application names become DynamoDB table names (3-255 characters of letters, digits and `_.-`),
 * with room for the longest suffix KCL 3.x appends (`-CoordinatorState`, 17 characters).
 */
export const KCL_APPLICATION_NAME_RULE = "must be 3-238 characters of letters, digits and _.- (it names DynamoDB tables)";
export function validateKclApplicationName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[a-zA-Z0-9_.-]{3,238}$/.test(v), KCL_APPLICATION_NAME_RULE);
}

/**
 * AWS tag limits: at most 50 user tags per resource, keys 1-128 characters without the reserved
 * `aws:` prefix, values up to 256 characters, both of letters, digits, spaces and `_.:/=+-@`.
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
export const MAX_TAGS = 50;
export const TAG_COUNT_RULE = `must hold at most ${MAX_TAGS} tags (AWS's limit per resource)`;
export const TAG_KEY_RULE = "must be a tag key of 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:";
export const TAG_VALUE_RULE = "must be a tag value of at most 256 letters, digits, spaces and _.:/=+-@";
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export function validateTagKey(field: string, key: string): void {
  check(field, key, (k) => k.length >= 1 && k.length <= 128 && TAG_CHARACTERS.test(k) && !/^aws:/i.test(k), TAG_KEY_RULE);
}
export function validateTagValue(field: string, value: string): void {
  check(field, value, (v) => v.length <= 256 && TAG_CHARACTERS.test(v), TAG_VALUE_RULE);
}
export function validateTags(field: string, tags: Readonly<Record<string, string>> | undefined): void {
  if (tags === undefined) return;
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) throw new ValidationError(field, `${keys.length} tags`, TAG_COUNT_RULE);
  for (const key of keys) {
    validateTagKey(`${field}.${key}`, key);
    validateTagValue(`${field}.${key}`, tags[key]);
  }
}

/** `vpc-` and 8 or 17 hexadecimal digits. */
export const VPC_ID_RULE = "must be a VPC ID, vpc- followed by 8 or 17 hexadecimal digits";
export function validateVpcId(field: string, value: string | undefined): void {
  check(field, value, (v) => /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), VPC_ID_RULE);
}

/** `sg-` and 8 or 17 hexadecimal digits. */
export const SECURITY_GROUP_ID_RULE = "must be a security group ID, sg- followed by 8 or 17 hexadecimal digits";
export function validateSecurityGroupId(field: string, value: string | undefined): void {
  check(field, value, (v) => /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/.test(v), SECURITY_GROUP_ID_RULE);
}

/** DynamoDB table names: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html */
export const DYNAMODB_TABLE_NAME_RULE = "must be a DynamoDB table name, 3-255 characters of letters, digits and _.-";
export function validateDynamodbTableName(field: string, value: string | undefined): void {
  check(field, value, (v) => /^[A-Za-z0-9_.-]{3,255}$/.test(v), DYNAMODB_TABLE_NAME_RULE);
}

/** A Databricks runtime key as `databricks_spark_version` returns it, e.g. `14.3.x-scala2.12`. */
export const SPARK_VERSION_RULE = "must be a Databricks runtime version key like 14.3.x-scala2.12 (or 14.3.x-photon-scala2.12)";
export function validateSparkVersion(field: string, value: string | undefined): void {
  check(field, value, (v) => /^\d+\.\d+\.x-([a-z0-9]+-)*scala\d+\.\d+$/.test(v), SPARK_VERSION_RULE);
}

/**
 * Checks `SAML:aud` values: at least one, each an https:// URL or a urn:. An http:// audience is refused:
 * an assertion posted over plain HTTP can be read and replayed.
 */
export function validateSamlAudiences(field: string, audiences: readonly string[]): void {
  if (audiences.length === 0) {
    throw new ValidationError(field, audiences, "must name at least one audience (without one the role trusts any assertion of the IdP)");
  }
  audiences.forEach((audience, i) => {
    if (isUnresolved(audience)) return;
    if (/^http:\/\//i.test(audience)) {
      throw new ValidationError(`${field}[${i}]`, audience, "must not be http:// (SAML assertions must be posted over https)");
    }
    if (!/^(https:\/\/\S+|urn:\S+)$/.test(audience)) {
      throw new ValidationError(`${field}[${i}]`, audience, "must be an https:// URL or a urn: (the endpoint SAML assertions are posted to)");
    }
  });
}

/**
 * The rule of the article "How to set up cross-account access to Amazon Kinesis Data Streams" (DEV Community):
 * a stream is shared with a function of another account only within one region.
 */
export const SAME_REGION_RULE = "Kinesis data stream sharing works only within one region";
