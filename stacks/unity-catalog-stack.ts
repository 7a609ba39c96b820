import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsAccountProvider } from "../modules/account/aws-account-provider";
import { IDataBucket } from "../modules/s3/data-bucket";
import { ExistingEncryptionKey } from "../modules/kms/existing-encryption-key";
import { DataStream, IDataStream } from "../modules/kinesis/data-stream";
import { UnityCatalogStorageCredential } from "../modules/databricks/unity-catalog-storage-credential";
import { ExternalLocationAccess, UnityCatalogExternalLocation } from "../modules/databricks/unity-catalog-external-location";
import { UnityCatalogServiceCredential } from "../modules/databricks/unity-catalog-service-credential";
import { createOrImportBucket, dataAccountProvider, dataBucketFromConfig, prefixed, workspaceDatabricksProvider } from "./common";
import { DataAccessAppStack, DataAccessAppStackProps } from "./data-access-app-stack";

/**
 * Unity Catalog access to the data account (B): a storage credential on a role in B, one external
 * location per configured bucket/prefix with grants to groups (and optional external volumes), and
 * Kinesis streams in B through a service credential. The workspace's metastore is assumed to exist
 * and be assigned. The counterpart of the instance-profile, mount and passthrough stacks
 * (docs/unity-catalog-migration.md).
 */
export class UnityCatalogStack extends DataAccessAppStack {
  public readonly dataAccount: AwsAccountProvider;
  public readonly storageCredential: UnityCatalogStorageCredential;
  /** The bucket the stack creates (`<prefix>-uc-data`), when `createBucket`. */
  public readonly bucket?: IDataBucket;
  public readonly locations: UnityCatalogExternalLocation[];
  public readonly serviceCredential?: UnityCatalogServiceCredential;
  public readonly streams: IDataStream[] = [];
  /** The readStream options of the Kinesis streams, when Kinesis is enabled. */
  public readonly readOptions?: Record<string, string>;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id, props);
    const { config } = props;
    const uc = config.unityCatalog;
    this.dataAccount = dataAccountProvider(this, config);
    // Unity Catalog objects are managed with the workspace-level provider of a workspace the metastore is assigned to.
    const databricks = workspaceDatabricksProvider(this, config);

    this.storageCredential = new UnityCatalogStorageCredential(this, "storage-credential", {
      account: this.dataAccount,
      roleName: prefixed(config, uc.storageRoleName),
      credentialName: prefixed(config, uc.storageCredentialName),
      provider: databricks,
      propagationWaitSeconds: config.iamPropagationWaitSeconds,
    });

    const bucketName = prefixed(config, "uc-data");
    if (uc.createBucket) this.bucket = dataBucketFromConfig(this, "bucket", config, { account: this.dataAccount, bucketName, encryption: uc.bucketEncryption });
    // One construct per existing bucket, however many locations it has.
    const existingBuckets = new Map<string, IDataBucket>();
    const bucketOf = (name: string | undefined, keyArn: string | undefined): IDataBucket => {
      if (name === undefined) return this.bucket!;
      const bucket =
        existingBuckets.get(name) ??
        createOrImportBucket(this, `existing-bucket-${existingBuckets.size}`, config, {
          account: this.dataAccount,
          bucketName,
          encryption: uc.bucketEncryption,
          existingBucketName: name,
          existingBucketKeyArn: keyArn,
        });
      existingBuckets.set(name, bucket);
      return bucket;
    };
    this.locations = uc.locations.map(
      (l) =>
        new UnityCatalogExternalLocation(this, `location-${l.name}`, {
          credential: this.storageCredential,
          bucket: bucketOf(l.existingBucketName, l.existingBucketKmsKeyArn),
          prefix: l.prefix,
          locationName: prefixed(config, l.name),
          access: l.access === "read" ? ExternalLocationAccess.READ : ExternalLocationAccess.READ_WRITE,
          grants: l.grants,
          volume: l.volume,
          fileEvents: l.fileEvents,
          // The stack's own bucket is empty on the first apply, and Databricks validates a read-only location by
          // reading a file under it (databricks/terraform-provider-databricks#3843).
          skipValidation: l.existingBucketName === undefined && l.access === "read",
        }),
    );

    const k = uc.kinesis;
    if (k.enabled) {
      const serviceCredential = new UnityCatalogServiceCredential(this, "kinesis-credential", {
        account: this.dataAccount,
        roleName: prefixed(config, k.roleName),
        credentialName: prefixed(config, k.credentialName),
        provider: databricks,
        grants: k.accessGroups.map((principal) => ({ principal, privileges: ["ACCESS"] })),
      });
      this.serviceCredential = serviceCredential;
      const key = k.existingStreamKmsKeyArn !== undefined ? new ExistingEncryptionKey(this, "stream-key", { account: this.dataAccount, keyArn: k.existingStreamKmsKeyArn }) : undefined;
      k.streamNames.forEach((name, i) => {
        // Created streams use the AWS-managed key: the reader is a role of the stream's own account.
        const stream = k.createStreams
          ? new DataStream(this, `stream-${i}`, { account: this.dataAccount, streamName: prefixed(config, name) })
          : DataStream.fromStreamName(this, `stream-${i}`, { account: this.dataAccount, streamName: name, encryptionKey: key });
        stream.grantRead(serviceCredential.role);
        this.streams.push(stream);
      });
      this.readOptions = serviceCredential.kinesisReadStreamOptions(this.streams, { initialPosition: k.initialPosition });
    }

    new TerraformOutput(this, "storage_role_arn", { value: this.storageCredential.role.roleArn, description: "The role Unity Catalog assumes for the storage credential (data account)" });
    new TerraformOutput(this, "storage_credential_name", { value: this.storageCredential.credentialName });
    new TerraformOutput(this, "storage_credential_external_id", {
      value: this.storageCredential.credential.awsIamRole.externalId,
      description: "The external ID in the storage role's trust policy",
    });
    new TerraformOutput(this, "external_location_urls", { value: Object.fromEntries(this.locations.map((l, i) => [uc.locations[i].name, l.url])) });
    if (this.bucket) new TerraformOutput(this, "bucket_name", { value: this.bucket.bucketName });
    if (this.serviceCredential && this.readOptions) {
      new TerraformOutput(this, "kinesis_role_arn", { value: this.serviceCredential.role.roleArn, description: "The role Unity Catalog assumes for the service credential (data account)" });
      new TerraformOutput(this, "kinesis_read_stream_options", {
        value: this.readOptions,
        description: 'spark.readStream.format("kinesis") options (Databricks Runtime 16.1+): terraform output -json kinesis_read_stream_options',
      });
    }
  }
}
