import { Construct } from "constructs";
import { IDataBucket, OBJECT_READ_WRITE_ACTIONS, SSE_KMS_WRITE_ACTIONS } from "../s3/data-bucket";
import { SamlProvider } from "./saml-provider";
import { grantOnPrincipal } from "./grant";
import { IGrantable, IPrincipal, PolicyStatement } from "./policy-statement";
import { Role } from "./role";
import { ValidationError, validateS3Prefix, validateSamlAudiences } from "../private/validation";

/**
 * What a dataset role may do with the objects under its prefix, and with the prefix's directory keys: a
 * DataBucket reader-writer's object actions (multipart clean-up included, for S3A).
 * @deprecated use {@link OBJECT_READ_WRITE_ACTIONS}, which it now is.
 */
export const PREFIX_OBJECT_ACTIONS = OBJECT_READ_WRITE_ACTIONS;

/** Props of {@link SamlFederatedDataRole}. */
export interface SamlFederatedDataRoleProps {
  /** The identity provider whose users may assume the role; the role is created in its account. */
  readonly samlProvider: SamlProvider;
  /**
   * The role name (the Databricks blog "Introducing Databricks AWS IAM Credential Passthrough" uses
   * `sensitive-data-role`, `hr-data-role`).
   */
  readonly roleName: string;
  /** The bucket holding the dataset; it must be in the provider's account. */
  readonly bucket: IDataBucket;
  /**
   * The dataset's key prefix in the bucket, without leading or trailing slash (the credential passthrough blog:
   * `data/sensitive`).
   */
  readonly prefix: string;
  /**
   * Accepted `SAML:aud` values: the endpoint the IdP posts its assertions to. For Databricks that is the
   * workspace's SAML URL, {@link databricksSamlAudience}. A session whose assertion was meant for another
   * endpoint cannot assume the role. https:// or urn: only.
   */
  readonly samlAudiences: readonly string[];
  /**
   * What the role is for.
   * @default "Dataset s3://<bucket>/<prefix> for SAML-federated users"
   */
  readonly description?: string;
  /**
   * Maximum session duration in seconds (3600-43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * Tags on the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * One dataset's role for IAM credential passthrough with SAML federation (the credential passthrough blog):
 * trusted by the SAML provider for `sts:AssumeRoleWithSAML` with the audience condition, allowed to list its
 * own prefix only and to read, write and delete only the objects under it (and its directory keys). Only SAML
 * sessions may assume it; {@link trustMetaRole} is the explicit opt-in that also lets a meta instance profile
 * role assume it with plain `sts:AssumeRole` (which bypasses the IdP and the audience check).
 */
export class SamlFederatedDataRole extends Construct implements IGrantable {
  /** The dataset role: grants write its identity policy. */
  public readonly role: Role;
  /** The bucket the dataset lives in. */
  public readonly bucket: IDataBucket;
  /** The dataset's key prefix. */
  public readonly prefix: string;
  /** The statement that lets the role list its prefix (and nothing else of the bucket). */
  public readonly listStatement: PolicyStatement;
  /** The statement that lets the role read, write and delete objects under its prefix. */
  public readonly objectStatement: PolicyStatement;
  private readonly trustedMetaRoles = new Set<string>();

  constructor(scope: Construct, id: string, props: SamlFederatedDataRoleProps) {
    super(scope, id);
    validateS3Prefix("SamlFederatedDataRole.prefix", props.prefix);
    const audiences = props.samlAudiences;
    validateSamlAudiences("SamlFederatedDataRole.samlAudiences", audiences);
    const account = props.samlProvider.account;
    if (props.bucket.account.accountId !== account.accountId) {
      throw new ValidationError(
        "SamlFederatedDataRole.bucket",
        props.bucket.bucketName,
        `must be in the SAML provider's account ${account.accountId} (cross-account datasets are not supported)`,
      );
    }
    this.bucket = props.bucket;
    this.prefix = props.prefix;
    this.role = new Role(this, "role", {
      account,
      roleName: props.roleName,
      description: props.description ?? `Dataset s3://${props.bucket.bucketName}/${props.prefix} for SAML-federated users`,
      assumedBy: [props.samlProvider.principal],
      trustActions: ["sts:AssumeRoleWithSAML"],
      trustConditions: [{ test: "StringEquals", variable: "SAML:aud", values: [...audiences] }],
      maxSessionDurationSeconds: props.maxSessionDurationSeconds,
      tags: props.tags,
      inlinePolicyName: `${props.roleName}-dataset-access`,
    });

    // `<prefix>/*` also matches `<prefix>/` itself; a bare `<prefix>` would also list siblings such as `<prefix>-old/`.
    this.listStatement = grantOnPrincipal({
      grantee: this.role,
      sid: "ListOwnPrefix",
      actions: ["s3:ListBucket"],
      resourceArns: [props.bucket.bucketArn],
      conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${props.prefix}/*`] }],
    }).principalStatement!;
    // S3A also HEADs, creates and deletes the directory keys `<prefix>` and `<prefix>/` (Hadoop's
    // "Restricting S3A operations through AWS Policies"); neither matches `<prefix>/*`'s siblings.
    this.objectStatement = grantOnPrincipal({
      grantee: this.role,
      sid: "ReadWriteOwnPrefix",
      actions: [...OBJECT_READ_WRITE_ACTIONS],
      resourceArns: [`${props.bucket.bucketArn}/${props.prefix}`, `${props.bucket.bucketArn}/${props.prefix}/`, `${props.bucket.bucketArn}/${props.prefix}/*`],
    }).principalStatement!;
    // A KMS key cannot be scoped to a prefix (with S3 bucket keys the encryption context is the bucket).
    if (props.bucket.encryptionKey) props.bucket.encryptionKey.grant(this.role, SSE_KMS_WRITE_ACTIONS);
  }

  /**
   * Lets a meta instance profile role assume this role with plain `sts:AssumeRole` (that role ARN only).
   * An opt-in: anyone on a cluster with that profile then reaches the dataset without the IdP's
   * assertion or its audience check.
   */
  public trustMetaRole(metaRole: IPrincipal): void {
    const key = metaRole.identifiers.join(",");
    if (this.trustedMetaRoles.has(key)) return;
    this.trustedMetaRoles.add(key);
    this.role.trustPolicy.addStatements(new PolicyStatement({ actions: ["sts:AssumeRole"], principals: [metaRole] }));
  }

  /** The role ARN (a reference). */
  public get roleArn(): string {
    return this.role.roleArn;
  }

  /** The role name (a reference). */
  public get roleName(): string {
    return this.role.roleName;
  }

  /** The dataset's location as Databricks mounts it, `s3a://<bucket>/<prefix>`. */
  public get s3aUri(): string {
    return `s3a://${this.bucket.bucketName}/${this.prefix}`;
  }

  /** The dataset role. */
  public get grantPrincipal(): IPrincipal {
    return this.role;
  }
}
