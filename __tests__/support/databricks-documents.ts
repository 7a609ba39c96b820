/**
 * Stand-ins for the policy documents the Databricks provider computes at plan/apply time, for
 * `ModelOptions.assumedDocuments`. Each is transcribed from the provider's Go source
 * (github.com/databricks/terraform-provider-databricks, `aws/data_aws_*.go`), not produced by the
 * pinned provider binary (1.99.0, absent on this machine): a proof that uses them says "allowed if
 * the provider renders what its source says", and the assertion must acknowledge the stand-in
 * (`expectAllowed(result, { assumedDocuments: [...] })`).
 *
 * Databricks' own AWS account: 414351767826 (partition `aws`, `aws/constants.go`).
 */
import type { AssumedDocument, PolicyJson } from "./iam-model";

/** Databricks' AWS account in the `aws` partition (`AwsConfig["aws"]["accountId"]`). */
export const DATABRICKS_AWS_ACCOUNT_ID = "414351767826";

function single(resolve: (v: string) => string, value: unknown): string | undefined {
  return typeof value === "string" ? resolve(value) : undefined;
}

/**
 * `databricks_aws_bucket_policy`, complete: one Allow of object read/write and list on the bucket,
 * to `full_access_role` if set, else to Databricks' account root (`aws/data_aws_bucket_policy.go`).
 * The `databricks_e2_account_id` condition is rendered when that argument is set.
 */
export const databricksAwsBucketPolicy: AssumedDocument = ({ resolve, config }) => {
  const partition = single(resolve, config.aws_partition) ?? "aws";
  const namespace = partition === "aws-us-gov-dod" ? "aws-us-gov" : partition;
  const bucket = single(resolve, config.bucket);
  if (bucket === undefined) throw new Error("databricks_aws_bucket_policy stand-in: bucket is not static");
  const principal = single(resolve, config.full_access_role) ?? `arn:${namespace}:iam::${DATABRICKS_AWS_ACCOUNT_ID}:root`;
  const e2 = single(resolve, config.databricks_e2_account_id);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"],
        Resource: [`arn:${namespace}:s3:::${bucket}/*`, `arn:${namespace}:s3:::${bucket}`],
        Principal: { AWS: principal },
        ...(e2 ? { Condition: { StringEquals: { "aws:PrincipalTag/DatabricksAccountId": e2 } } } : {}),
      },
    ],
  };
};

/**
 * `databricks_aws_assume_role_policy`, complete: Databricks' account root may assume the role with
 * `external_id` as `sts:ExternalId` (`aws/data_aws_assume_role_policy.go`; `for_log_delivery`
 * names the usage-delivery role instead).
 */
export const databricksAwsAssumeRolePolicy: AssumedDocument = ({ resolve, config }) => {
  const externalId = single(resolve, config.external_id);
  if (externalId === undefined) throw new Error("databricks_aws_assume_role_policy stand-in: external_id is not static");
  const account = single(resolve, config.databricks_account_id) ?? DATABRICKS_AWS_ACCOUNT_ID;
  const principal =
    config.for_log_delivery === true || config.for_log_delivery === "true"
      ? `arn:aws:iam::${DATABRICKS_AWS_ACCOUNT_ID}:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK`
      : `arn:aws:iam::${account}:root`;
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: principal }, Condition: { StringEquals: { "sts:ExternalId": externalId } } }],
  };
};

/**
 * `databricks_aws_crossaccount_policy`, IAM STATEMENTS ONLY: `iam:CreateServiceLinkedRole` /
 * `iam:PutRolePolicy` on the EC2 Spot service-linked role, and `iam:PassRole` on `pass_roles`
 * (`aws/data_aws_crossaccount_policy.go`). The provider's long `ec2:*` action lists (which vary
 * with `policy_type` and provider version) are left out, so use this stand-in for `iam:` probes
 * only: an `ec2:` decision under it would be wrong.
 */
export const databricksAwsCrossaccountPolicyIamStatements: AssumedDocument = ({ resolve, config }) => {
  const partition = single(resolve, config.aws_partition) ?? "aws";
  const namespace = partition === "aws-us-gov-dod" ? "aws-us-gov" : partition;
  const passRoles = Array.isArray(config.pass_roles) ? config.pass_roles.map((r: unknown) => resolve(String(r))) : [];
  const document: PolicyJson = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["iam:CreateServiceLinkedRole", "iam:PutRolePolicy"],
        Resource: `arn:${namespace}:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`,
        Condition: { StringLike: { "iam:AWSServiceName": "spot.amazonaws.com" } },
      },
    ],
  };
  if (passRoles.length > 0) document.Statement.push({ Effect: "Allow", Action: "iam:PassRole", Resource: passRoles });
  return document;
};

/** Databricks' Unity Catalog role per partition (`AwsConfig[p]["unityCatalogueIamArn"]`, `aws/constants.go`). */
export const UNITY_CATALOG_IAM_ARNS: Readonly<Record<string, string>> = {
  aws: "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL",
  "aws-us-gov": "arn:aws-us-gov:iam::044793339203:role/unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ",
  "aws-us-gov-dod": "arn:aws-us-gov:iam::170661010020:role/unity-catalog-prod-UCMasterRole-1DI6DL6ZP26AS",
};

/**
 * `databricks_aws_unity_catalog_assume_role_policy`, complete (`aws/data_aws_unity_catalog_assume_role_policy.go`):
 * `UnityCatalogAssumeRole` lets `unity_catalog_iam_arn` (default: Databricks' Unity Catalog role of the
 * partition) assume the role with `external_id`; `ExplicitSelfRoleAssumption` lets the account root
 * assume it only as the role itself (`ArnLike aws:PrincipalArn arn:<ns>:iam::<account>:role/<role_name>`),
 * with the same external ID. `external_id` is usually the credential's computed attribute: it then
 * resolves to the model's placeholder, which a proof presents as the external ID.
 */
export const databricksAwsUnityCatalogAssumeRolePolicy: AssumedDocument = ({ resolve, config }) => {
  const partition = single(resolve, config.aws_partition) ?? "aws";
  const namespace = partition === "aws-us-gov-dod" ? "aws-us-gov" : partition;
  const account = single(resolve, config.aws_account_id);
  const roleName = single(resolve, config.role_name);
  const externalId = single(resolve, config.external_id);
  if (account === undefined || roleName === undefined || externalId === undefined) {
    throw new Error("databricks_aws_unity_catalog_assume_role_policy stand-in: aws_account_id, role_name and external_id are required");
  }
  const unityCatalogIamArn = single(resolve, config.unity_catalog_iam_arn) ?? UNITY_CATALOG_IAM_ARNS[partition];
  const document: PolicyJson = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "UnityCatalogAssumeRole",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
        Principal: { AWS: unityCatalogIamArn },
      },
      {
        Sid: "ExplicitSelfRoleAssumption",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Condition: { ArnLike: { "aws:PrincipalArn": `arn:${namespace}:iam::${account}:role/${roleName}` }, StringEquals: { "sts:ExternalId": externalId } },
        Principal: { AWS: `arn:${namespace}:iam::${account}:root` },
      },
    ],
  };
  return document;
};

/** All stand-ins, keyed by data source type, for `ModelOptions.assumedDocuments`. */
export const DATABRICKS_ASSUMED_DOCUMENTS = {
  databricks_aws_bucket_policy: databricksAwsBucketPolicy,
  databricks_aws_assume_role_policy: databricksAwsAssumeRolePolicy,
  databricks_aws_crossaccount_policy: databricksAwsCrossaccountPolicyIamStatements,
  databricks_aws_unity_catalog_assume_role_policy: databricksAwsUnityCatalogAssumeRolePolicy,
} as const;
