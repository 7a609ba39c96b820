/**
 * Attributes known before apply: ARNs and names built from a block's arguments and its provider's
 * account, region and partition; identifiers AWS assigns at apply get a recorded stand-in.
 */
import { ProviderAccount } from "./types";

/** What an attribute needs besides the block. */
export interface AttributeScope {
  /** The AWS provider of the block. */
  readonly provider: ProviderAccount;
  /** Resolves a string argument of the block (`${...}` included). */
  readonly resolve: (value: string) => string;
  /** Records `value` as made up (with why) and returns it. */
  readonly synthetic: (value: string, note: string) => string;
}

/** The value of a data source attribute that is known before apply (partition, region, account), or undefined. */
export function dataSourceAttribute(type: string, block: Record<string, any>, attribute: string, scope: AttributeScope): string | undefined {
  const provider = scope.provider;
  switch (type) {
    case "aws_partition":
      return attribute === "partition" || attribute === "id" ? provider.partition : attribute === "dns_suffix" ? "amazonaws.com" : undefined;
    case "aws_region":
      if (["name", "region", "id"].includes(attribute)) {
        const own = block.name ?? block.region;
        return typeof own === "string" ? scope.resolve(own) : provider.region;
      }
      return undefined;
    case "aws_caller_identity":
      return attribute === "account_id" || attribute === "id" ? provider.accountId : undefined;
    default:
      return undefined;
  }
}

/** The value of a resource attribute that is known before apply, or undefined. */
export function resourceAttribute(type: string, logicalId: string, block: Record<string, any>, attribute: string, scope: AttributeScope): string | undefined {
  const p = scope.provider;
  const get = (field: string): string | undefined => {
    const v = block[field];
    if (typeof v === "string") return scope.resolve(v);
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
  };
  const path = (): string => {
    const v = get("path") ?? "/";
    return v.replace(/^\//, "");
  };
  const iam = (kind: string, name: string | undefined) => (name === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:${kind}/${path()}${name}`);
  const regional = (service: string, resource: string | undefined) =>
    resource === undefined ? undefined : `arn:${p.partition}:${service}:${p.region}:${p.accountId}:${resource}`;
  const synthetic = scope.synthetic;
  const name = get("name");

  switch (type) {
    case "aws_iam_role":
    case "aws_iam_user":
    case "aws_iam_group":
    case "aws_iam_instance_profile": {
      const kind = { aws_iam_role: "role", aws_iam_user: "user", aws_iam_group: "group", aws_iam_instance_profile: "instance-profile" }[type];
      if (attribute === "arn") return iam(kind, name);
      if (attribute === "name" || attribute === "id") return name;
      break;
    }
    case "aws_iam_policy":
      if (attribute === "arn" || attribute === "id") return iam("policy", name);
      if (attribute === "name") return name;
      break;
    case "aws_iam_saml_provider":
      if (attribute === "arn" || attribute === "id") return name === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:saml-provider/${name}`;
      if (attribute === "name") return name;
      break;
    case "aws_iam_openid_connect_provider": {
      const url = get("url");
      if (attribute === "arn" || attribute === "id") return url === undefined ? undefined : `arn:${p.partition}:iam::${p.accountId}:oidc-provider/${url.replace(/^https:\/\//, "")}`;
      break;
    }
    case "aws_s3_bucket": {
      const bucket = get("bucket");
      if (attribute === "bucket" || attribute === "id") return bucket;
      if (attribute === "arn") return bucket === undefined ? undefined : `arn:${p.partition}:s3:::${bucket}`;
      break;
    }
    case "aws_kinesis_stream":
      if (attribute === "arn" || attribute === "id") return regional("kinesis", name === undefined ? undefined : `stream/${name}`);
      if (attribute === "name") return name;
      break;
    case "aws_kinesis_stream_consumer": {
      const streamArn = get("stream_arn");
      if (attribute === "arn" || attribute === "id") {
        if (streamArn === undefined || name === undefined) return undefined;
        return synthetic(`${streamArn}/consumer/${name}:1700000000`, "consumer creation timestamp is assigned at apply");
      }
      if (attribute === "name") return name;
      if (attribute === "stream_arn") return streamArn;
      break;
    }
    case "aws_kms_key":
      if (attribute === "arn") return synthetic(regional("kms", `key/${logicalId}`)!, "KMS key IDs are assigned at apply; the logical ID stands in");
      if (attribute === "key_id" || attribute === "id") return synthetic(logicalId, "KMS key IDs are assigned at apply; the logical ID stands in");
      break;
    case "aws_kms_alias":
      if (attribute === "arn") return regional("kms", name);
      if (attribute === "name" || attribute === "id") return name;
      if (attribute === "target_key_arn") {
        const target = get("target_key_id");
        return target?.startsWith("arn:") ? target : regional("kms", target === undefined ? undefined : `key/${target}`);
      }
      break;
    case "aws_dynamodb_table":
      if (attribute === "arn") return regional("dynamodb", name === undefined ? undefined : `table/${name}`);
      if (attribute === "name" || attribute === "id") return name;
      if (attribute === "stream_arn") {
        return name === undefined ? undefined : synthetic(regional("dynamodb", `table/${name}/stream/1970-01-01T00:00:00.000`)!, "stream label is assigned at apply");
      }
      break;
    case "aws_lambda_function": {
      const fn = get("function_name");
      if (attribute === "arn") return regional("lambda", fn === undefined ? undefined : `function:${fn}`);
      if (attribute === "function_name" || attribute === "id") return fn;
      break;
    }
    case "aws_sqs_queue":
      if (attribute === "arn") return regional("sqs", name);
      if (attribute === "id" || attribute === "url") return name === undefined ? undefined : `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${name}`;
      if (attribute === "name") return name;
      break;
    case "aws_sns_topic":
      if (attribute === "arn" || attribute === "id") return regional("sns", name);
      if (attribute === "name") return name;
      break;
    case "aws_cloudwatch_log_group":
      if (attribute === "arn") return regional("logs", name === undefined ? undefined : `log-group:${name}`);
      if (attribute === "name" || attribute === "id") return name;
      break;
    case "aws_secretsmanager_secret":
      if (attribute === "arn" || attribute === "id") {
        return name === undefined ? undefined : synthetic(regional("secretsmanager", `secret:${name}-AbCdEf`)!, "secret ARN suffix is assigned at apply");
      }
      if (attribute === "name") return name;
      break;
    default:
      break;
  }
  // Arguments echo their configured value (e.g. aws_iam_role_policy.role, aws_s3_bucket_policy.bucket).
  if (attribute !== "id" && attribute !== "arn") return get(attribute);
  return undefined;
}
