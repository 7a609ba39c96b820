import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { AwsAccount } from "../account/aws-account-provider";
import { EncryptionKey, IEncryptionKey } from "../kms/encryption-key";
import { AddToResourcePolicyResult, Grant, IResourceWithPolicy, grant } from "../iam/grant";
import { PolicyDocument } from "../iam/policy-document";
import { AnyPrincipal, Effect, IGrantable, PolicyStatement } from "../iam/policy-statement";
import { validateBucketName, validateS3Prefix } from "../private/validation";
import { BucketEncryption } from "./bucket-encryption";
// Declared without cdktf, so the app config can use it before cdktf is loaded.
export { BucketEncryption } from "./bucket-encryption";

/**
 * Bucket-level actions of a reader (Databricks guide "Secure access to S3 buckets across accounts using
 * instance profiles with an AssumeRole policy", step 2.3).
 */
export const BUCKET_READ_ACTIONS = ["s3:GetBucketLocation", "s3:ListBucket"] as const;
/**
 * Bucket-level actions of a reader-writer of the whole bucket: a reader's, plus `s3:ListBucketMultipartUploads`,
 * which Hadoop S3A's committers use to find and abort pending uploads (as the Databricks provider's
 * `databricks_aws_unity_catalog_policy` grants, aws/data_aws_unity_catalog_policy.go at v1.99.0). Not on prefix
 * grants: it lists the pending uploads of the whole bucket, other prefixes' keys included.
 */
export const BUCKET_READ_WRITE_ACTIONS = [...BUCKET_READ_ACTIONS, "s3:ListBucketMultipartUploads"] as const;
/** Object-level actions of a reader. */
export const OBJECT_READ_ACTIONS = ["s3:GetObject"] as const;
/**
 * Object-level actions of a reader-writer: the S3 AssumeRole guide's (step 2.3), plus the two that Hadoop S3A's
 * multipart writes need to clean up and resume uploads (`s3:AbortMultipartUpload`,
 * `s3:ListMultipartUploadParts`;
 * https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/assumed_roles.html).
 */
export const OBJECT_READ_WRITE_ACTIONS = [
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:GetObject",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
] as const;
/**
 * Key actions S3 needs to read SSE-KMS objects for the caller: downloads need `kms:Decrypt` (S3 User
 * Guide, "Using server-side encryption with AWS KMS keys (SSE-KMS)", Permissions:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html).
 */
export const SSE_KMS_READ_ACTIONS = ["kms:Decrypt"] as const;
/**
 * Key actions S3 needs to write SSE-KMS objects for the caller: uploads need `kms:GenerateDataKey`, and
 * multipart uploads also `kms:Decrypt` (same page; and https://repost.aws/knowledge-center/s3-large-file-encryption-kms-key).
 * Not `kms:Encrypt` or `kms:ReEncrypt*`: S3 encrypts with data keys, never with the KMS key directly.
 */
export const SSE_KMS_WRITE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/** Options of {@link IDataBucket.grantRead} and {@link IDataBucket.grantReadWrite}. */
export interface BucketGrantOptions {
  /**
   * Limit the grant to the objects under this key prefix (no leading or trailing slash): objects on
   * `<bucket>/<prefix>/*`, and listing only where `s3:prefix` is `<prefix>/...` (a bare `<prefix>`
   * would also list siblings such as `<prefix>-old/`). The KMS key grant stays whole: a key cannot be
   * scoped to a prefix.
   * @default the whole bucket
   */
  readonly prefix?: string;
  /**
   * With `prefix`: grant `s3:ListBucket` on the whole bucket, without the `s3:prefix` condition, while the
   * object actions stay on `<bucket>/<prefix>/*`. The trade-off: the key names of the whole bucket become
   * listable (their contents stay out of reach). Without `s3:ListBucket` on a key, S3 answers a request for a
   * missing object with 403 instead of 404 (S3 API Reference, HeadObject/GetObject "Permissions"), which
   * breaks existence checks of clients such as Unity Catalog's.
   * @default false (listing limited to `<prefix>/...`)
   */
  readonly listWholeBucket?: boolean;
}

/** A bucket that can be granted on, whether this stack creates it or not. */
export interface IDataBucket extends IResourceWithPolicy {
  /** The bucket name. */
  readonly bucketName: string;
  /** The bucket ARN. */
  readonly bucketArn: string;
  /**
   * The KMS key objects are encrypted with.
   * @default none (SSE-S3: grants add no key permissions)
   */
  readonly encryptionKey?: IEncryptionKey;
  /** Grants list + read on the bucket or a prefix (and {@link SSE_KMS_READ_ACTIONS} on its key). */
  grantRead(grantee: IGrantable, options?: BucketGrantOptions): Grant[];
  /** Grants list + read/write/delete on the bucket or a prefix (and {@link SSE_KMS_WRITE_ACTIONS} on its key). */
  grantReadWrite(grantee: IGrantable, options?: BucketGrantOptions): Grant[];
}

/**
 * What {@link DataBucket} and the buckets of {@link DataBucket.fromBucketName} share: the ARN and the grants.
 * Not constructed directly; after AWS CDK's `BucketBase`.
 */
export abstract class BucketBase extends Construct implements IDataBucket {
  /** The account the bucket is in; grants compare it with the grantee's to decide on a bucket policy statement. */
  public abstract readonly account: AwsAccount;
  /** The bucket name. */
  public abstract readonly bucketName: string;
  /**
   * The KMS key objects are encrypted with.
   * @default none (SSE-S3: grants add no key permissions)
   */
  public abstract readonly encryptionKey?: IEncryptionKey;
  /**
   * Adds a statement to the bucket policy, if this stack owns it.
   * @returns whether the statement was added (false for a bucket whose policy another stack owns)
   */
  public abstract addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult;

  /** The bucket ARN (`arn:<partition>:s3:::<bucketName>`), known before apply. */
  public get bucketArn(): string {
    return `arn:${this.account.partition}:s3:::${this.bucketName}`;
  }

  /**
   * Grants list + read on the bucket or a prefix (and {@link SSE_KMS_READ_ACTIONS} on its key): to the grantee's
   * policy and, when the grantee is in another account, to the bucket policy too.
   */
  public grantRead(grantee: IGrantable, options: BucketGrantOptions = {}): Grant[] {
    return this.grantActions(grantee, BUCKET_READ_ACTIONS, OBJECT_READ_ACTIONS, (key) => key.grant(grantee, SSE_KMS_READ_ACTIONS), options);
  }

  /**
   * Grants list + read/write/delete on the bucket or a prefix (and {@link SSE_KMS_WRITE_ACTIONS} on its key): to the
   * grantee's policy and, when the grantee is in another account, to the bucket policy too.
   */
  public grantReadWrite(grantee: IGrantable, options: BucketGrantOptions = {}): Grant[] {
    return this.grantActions(grantee, BUCKET_READ_WRITE_ACTIONS, OBJECT_READ_WRITE_ACTIONS, (key) => key.grant(grantee, SSE_KMS_WRITE_ACTIONS), options);
  }

  private grantActions(
    grantee: IGrantable,
    bucketActions: readonly string[],
    objectActions: readonly string[],
    keyGrant: (key: IEncryptionKey) => Grant,
    options: BucketGrantOptions,
  ): Grant[] {
    const prefix = options.prefix;
    validateS3Prefix("BucketGrantOptions.prefix", prefix);
    // A prefix grant listing the whole bucket still leaves out the bucket's pending uploads (BUCKET_READ_WRITE_ACTIONS).
    const listing =
      prefix === undefined
        ? [grant({ grantee, actions: bucketActions, resourceArns: [this.bucketArn], resource: this })]
        : (options.listWholeBucket ?? false)
          ? [grant({ grantee, actions: BUCKET_READ_ACTIONS, resourceArns: [this.bucketArn], resource: this })]
        : [
            grant({ grantee, actions: ["s3:GetBucketLocation"], resourceArns: [this.bucketArn], resource: this }),
            grant({
              grantee,
              actions: ["s3:ListBucket"],
              resourceArns: [this.bucketArn],
              resource: this,
              conditions: [{ test: "StringLike", variable: "s3:prefix", values: [`${prefix}/*`] }],
            }),
          ];
    const objects = prefix === undefined ? `${this.bucketArn}/*` : `${this.bucketArn}/${prefix}/*`;
    const grants = [...listing, grant({ grantee, actions: objectActions, resourceArns: [objects], resource: this })];
    if (this.encryptionKey) grants.push(keyGrant(this.encryptionKey));
    return grants;
  }
}

/** Props of {@link DataBucket}. */
export interface DataBucketProps {
  /** The account (and provider) the bucket is created in. */
  readonly account: AwsAccount;
  /** The globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Keep object versions (off, as in the Databricks provider's bucket example; turn on to recover overwritten
   * objects).
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Encryption at rest.
   * @default BucketEncryption.S3_MANAGED
   */
  readonly encryption?: BucketEncryption;
  /**
   * The key for `BucketEncryption.KMS`.
   * @default a new {@link EncryptionKey} when encryption is KMS
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects. The Databricks provider's
   * `databricks_aws_bucket_policy` example sets it; it loses data, so it is an explicit opt-in here (and the
   * security aspect reports it).
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Tags on the bucket; `Name` is set to the bucket name.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A private, encrypted data bucket: all four public access blocks on, bucket-owner-enforced
 * ownership (ACLs off), SSE-S3 or SSE-KMS, a bucket policy that denies non-TLS requests and can
 * merge other documents (e.g. `databricks_aws_bucket_policy`), and CDK-style grants.
 */
export class DataBucket extends BucketBase {
  /**
   * A bucket this stack does not create, by name. Grants write the grantee's identity policy only;
   * the bucket owner keeps the bucket policy.
   */
  public static fromBucketName(scope: Construct, id: string, props: ExistingBucketProps): IDataBucket {
    return new ExistingBucket(scope, id, props);
  }

  public readonly account: AwsAccount;
  public readonly bucketName: string;
  public readonly encryptionKey?: IEncryptionKey;
  /** The `aws_s3_bucket`. */
  public readonly resource: S3Bucket;
  /** The bucket policy document (deny non-TLS + merged sources + cross-account grants). */
  public readonly policyDocument: PolicyDocument;
  /** The `aws_s3_bucket_policy`. */
  public readonly policy: S3BucketPolicy;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    validateBucketName("DataBucket.bucketName", props.bucketName);
    this.account = props.account;
    const provider = props.account.provider;
    this.resource = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      tags: { ...(props.tags ?? {}), Name: props.bucketName },
    });
    this.bucketName = this.resource.bucket;
    const bucket = this.resource.id;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { provider, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });

    const encryption = props.encryption ?? (props.encryptionKey ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED);
    if (encryption === BucketEncryption.KMS) {
      this.encryptionKey =
        props.encryptionKey ??
        new EncryptionKey(this, "key", { account: props.account, description: `Objects of s3://${props.bucketName}`, tags: props.tags });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: this.encryptionKey
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.encryptionKey.keyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: this.encryptionKey ? true : undefined,
        },
      ],
    });
    new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket,
      // "Disabled" is accepted for a new bucket; after enabling, switch back with "Suspended".
      versioningConfiguration: { status: props.versioned ? "Enabled" : "Disabled" },
    });

    this.policyDocument = new PolicyDocument(this, "policy-document", {
      provider,
      statements: [
        new PolicyStatement({
          sid: "DenyInsecureTransport",
          effect: Effect.DENY,
          actions: ["s3:*"],
          resources: [this.bucketArn, `${this.bucketArn}/*`],
          principals: [new AnyPrincipal()],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        }),
      ],
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: this.policyDocument.json,
      // S3 rejects a policy while the public access block is still being applied.
      dependsOn: [this.publicAccessBlock],
    });
  }

  /** Adds a statement to the bucket policy. */
  public addToResourcePolicy(statement: PolicyStatement): AddToResourcePolicyResult {
    this.policyDocument.addStatements(statement);
    return { statementAdded: true };
  }

  /** Merges a whole policy document (e.g. `databricks_aws_bucket_policy.json`) into the bucket policy. */
  public addPolicyDocument(json: string): void {
    this.policyDocument.addSourcePolicyDocument(json);
  }
}

/** Props of {@link DataBucket.fromBucketName}. */
export interface ExistingBucketProps {
  /** The account the bucket lives in. */
  readonly account: AwsAccount;
  /** The bucket name. */
  readonly bucketName: string;
  /**
   * The KMS key the bucket encrypts with, if SSE-KMS.
   * @default none (SSE-S3 or unencrypted: no key grants)
   */
  readonly encryptionKey?: IEncryptionKey;
}

class ExistingBucket extends BucketBase {
  public readonly account: AwsAccount;
  public readonly bucketName: string;
  public readonly encryptionKey?: IEncryptionKey;

  constructor(scope: Construct, id: string, props: ExistingBucketProps) {
    super(scope, id);
    validateBucketName("DataBucket.fromBucketName.bucketName", props.bucketName);
    this.account = props.account;
    this.bucketName = props.bucketName;
    this.encryptionKey = props.encryptionKey;
  }

  /** The bucket policy is its owner's: nothing is added. */
  public addToResourcePolicy(_statement: PolicyStatement): AddToResourcePolicyResult {
    return { statementAdded: false };
  }
}
