import { SecurityRule } from "../rule";
import { IAM_ALLOW_ANY_PRINCIPAL } from "./iam-allow-any-principal";
import { IAM_PASSROLE_STAR } from "./iam-passrole-star";
import { IAM_MANAGED_FULL_ACCESS } from "./iam-managed-full-access";
import { IAM_CROSS_ACCOUNT_ROOT_TRUST } from "./iam-cross-account-root-trust";
import { S3_PUBLIC_ACCESS_NOT_BLOCKED } from "./s3-public-access-block";
import { S3_NO_DEFAULT_ENCRYPTION } from "./s3-default-encryption";
import { S3_INSECURE_TRANSPORT_ALLOWED } from "./s3-insecure-transport";
import { S3_FORCE_DESTROY } from "./s3-force-destroy";
import { KINESIS_STREAM_UNENCRYPTED } from "./kinesis-stream-unencrypted";
import { IAM_WILDCARD_PERMISSIONS } from "./iam-wildcard-permissions";
import { IAM_ASSUME_ROLE_STAR } from "./iam-assume-role-star";
import { IAM_DATA_ROLE_KMS_ADMIN } from "./iam-data-role-kms-admin";

export {
  IAM_ALLOW_ANY_PRINCIPAL,
  IAM_PASSROLE_STAR,
  IAM_MANAGED_FULL_ACCESS,
  IAM_CROSS_ACCOUNT_ROOT_TRUST,
  IAM_WILDCARD_PERMISSIONS,
  IAM_ASSUME_ROLE_STAR,
  IAM_DATA_ROLE_KMS_ADMIN,
  S3_PUBLIC_ACCESS_NOT_BLOCKED,
  S3_NO_DEFAULT_ENCRYPTION,
  S3_INSECURE_TRANSPORT_ALLOWED,
  S3_FORCE_DESTROY,
  KINESIS_STREAM_UNENCRYPTED,
};

/** The rules {@link DataAccessSecurityChecks} runs by default. */
export const DATA_ACCESS_SECURITY_RULES: readonly SecurityRule[] = Object.freeze([
  IAM_ALLOW_ANY_PRINCIPAL,
  IAM_PASSROLE_STAR,
  IAM_MANAGED_FULL_ACCESS,
  IAM_CROSS_ACCOUNT_ROOT_TRUST,
  IAM_WILDCARD_PERMISSIONS,
  IAM_ASSUME_ROLE_STAR,
  IAM_DATA_ROLE_KMS_ADMIN,
  S3_PUBLIC_ACCESS_NOT_BLOCKED,
  S3_NO_DEFAULT_ENCRYPTION,
  S3_INSECURE_TRANSPORT_ALLOWED,
  S3_FORCE_DESTROY,
  KINESIS_STREAM_UNENCRYPTED,
]);
