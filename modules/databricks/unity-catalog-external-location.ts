import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ExternalLocation } from "@cdktf/provider-databricks/lib/external-location";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { Volume } from "@cdktf/provider-databricks/lib/volume";
import { Grant } from "../iam/grant";
import { IDataBucket } from "../s3/data-bucket";
import { ValidationError, isUnresolved, validateS3Prefix } from "../private/validation";
import { UnityCatalogGrant, unityCatalogGrants, validateUnityCatalogGrants, validateUnityCatalogName } from "../private/unity-catalog-grants";
import { EXTERNAL_LOCATION_OVERLAP_REASON, locationPrefixesOverlap } from "../private/unity-catalog-rules";
import { UnityCatalogStorageCredential } from "./unity-catalog-storage-credential";

/** What an external location lets Unity Catalog do with its path. */
export enum ExternalLocationAccess {
  /** List and read: the role gets read grants, the location is `read_only`. */
  READ = "READ",
  /** List, read, write and delete. */
  READ_WRITE = "READ_WRITE",
}

/** Privileges that write through a location, refused on a read-only one. */
export const EXTERNAL_LOCATION_WRITE_PRIVILEGES = ["WRITE_FILES", "CREATE_MANAGED_STORAGE", "ALL_PRIVILEGES"] as const;

/** Privileges that write through a volume, refused on a volume of a read-only location. */
const VOLUME_WRITE_PRIVILEGES: readonly string[] = ["WRITE_VOLUME", "ALL_PRIVILEGES"];

/** An external volume on a location (`databricks_volume`, `volume_type = "EXTERNAL"`). */
export interface ExternalVolumeSettings {
  /** The catalog the volume is created in (it must exist). */
  readonly catalogName: string;
  /** The schema the volume is created in (it must exist). */
  readonly schemaName: string;
  /** The volume's name. */
  readonly name: string;
  /**
   * Privileges on the volume (`READ_VOLUME`, `WRITE_VOLUME`, ...).
   * @default none (no `databricks_grants` on the volume)
   */
  readonly grants?: readonly UnityCatalogGrant[];
}

/** Props of {@link UnityCatalogExternalLocation}. */
export interface UnityCatalogExternalLocationProps {
  /** The storage credential whose role reaches the path. */
  readonly credential: UnityCatalogStorageCredential;
  /** The bucket, in the credential role's account. */
  readonly bucket: IDataBucket;
  /**
   * A key prefix in the bucket (no leading or trailing slash).
   * @default the whole bucket
   */
  readonly prefix?: string;
  /** The location's name in the metastore (letters, digits, `_`, `-`). */
  readonly locationName: string;
  /**
   * Read only, or read and write. Read: the role gets read grants and the location is `read_only`.
   * @default ExternalLocationAccess.READ
   */
  readonly access?: ExternalLocationAccess;
  /**
   * Privileges on the location, e.g. `{ principal: "data-engineers", privileges: ["READ_FILES", "CREATE_EXTERNAL_VOLUME"] }`.
   * @default none (no `databricks_grants`: only the owner and metastore admins use it)
   */
  readonly grants?: readonly UnityCatalogGrant[];
  /**
   * An external volume on the whole location.
   * @default none
   */
  readonly volume?: ExternalVolumeSettings;
  /**
   * Managed file events (Databricks creates the SNS topic and SQS queue): the role also gets the
   * file-events permissions on the bucket and the `csms-*` topics and queues.
   * @default false
   */
  readonly fileEvents?: boolean;
  /**
   * Create the location without Databricks' validation of the credential on it. Databricks checks a
   * read-only location by reading a file under it, so a read-only location on an empty prefix fails to
   * create ("No file available under the location to read", databricks/terraform-provider-databricks#3843).
   * Set it for that case only; the grants are the same either way.
   * @default false
   */
  readonly skipValidation?: boolean;
  /**
   * A comment on the location.
   * @default "Managed by cdktf"
   */
  readonly comment?: string;
}

/**
 * A Unity Catalog external location on `s3://<bucket>/<prefix>`: grants the credential's role read
 * (or read/write) on the objects of exactly that bucket or prefix and its KMS key (listing on the whole
 * bucket, as Databricks' documented policy does), creates the
 * `databricks_external_location` once the role has propagated (Databricks validates the credential
 * on create), and gives groups privileges on it through one `databricks_grants`; optionally an
 * external `databricks_volume` on it.
 */
export class UnityCatalogExternalLocation extends Construct {
  /** The `databricks_external_location`. */
  public readonly location: ExternalLocation;
  /** The location's URL, `s3://<bucket>` or `s3://<bucket>/<prefix>`. */
  public readonly url: string;
  /** The grants the location's role received on the bucket and key. */
  public readonly storageGrants: Grant[];
  /** The `databricks_grants` on the location, when grants were given. */
  public readonly grants?: Grants;
  /** The external volume, when asked for. */
  public readonly volume?: Volume;
  /** The access the location was created with. */
  public readonly access: ExternalLocationAccess;
  /** The bucket the location is on. */
  public readonly bucket: IDataBucket;
  /**
   * The key prefix in the bucket.
   * @default the whole bucket
   */
  public readonly prefix?: string;

  constructor(scope: Construct, id: string, props: UnityCatalogExternalLocationProps) {
    super(scope, id);
    validateUnityCatalogName("UnityCatalogExternalLocation.locationName", props.locationName);
    validateS3Prefix("UnityCatalogExternalLocation.prefix", props.prefix);
    validateUnityCatalogGrants("UnityCatalogExternalLocation.grants", "external_location", props.grants ?? []);
    if (props.volume) {
      const v = props.volume;
      for (const [field, value] of [["catalogName", v.catalogName], ["schemaName", v.schemaName], ["name", v.name]] as const) {
        validateUnityCatalogName(`ExternalVolumeSettings.${field}`, value);
      }
      validateUnityCatalogGrants("ExternalVolumeSettings.grants", "volume", v.grants ?? []);
    }
    const bucketName = props.bucket.bucketName;
    // Databricks does not support buckets with dots in the name (docs.databricks.com/aws/connect/unity-catalog/cloud-storage/s3/s3-external-location-manual).
    if (!isUnresolved(bucketName) && bucketName.includes(".")) {
      throw new ValidationError("UnityCatalogExternalLocation.bucket", bucketName, "must be a bucket without dots in its name (Unity Catalog does not support them)");
    }
    const role = props.credential.role;
    if (props.bucket.account.accountId !== role.account.accountId) {
      throw new ValidationError(
        "UnityCatalogExternalLocation.bucket",
        bucketName,
        `must be in the storage role's account ${role.account.accountId} (Databricks requires the role in the bucket's account)`,
      );
    }
    const access = props.access ?? ExternalLocationAccess.READ;
    this.access = access;
    this.bucket = props.bucket;
    this.prefix = props.prefix;
    // Listing on the whole bucket, objects on the prefix only: Databricks' storage-credential policy ("Create a
    // storage credential for connecting to AWS S3"; terraform-provider-databricks v1.99.0
    // aws/data_aws_unity_catalog_policy.go) grants s3:ListBucket on the bucket without a condition. With a
    // prefix-conditioned one, S3 answers HEAD on a missing key with 403 instead of 404, which Unity Catalog's
    // validation and existence checks can take for a failure.
    const scopeOfGrant = props.prefix === undefined ? {} : { prefix: props.prefix, listWholeBucket: true };
    this.storageGrants = access === ExternalLocationAccess.READ ? props.bucket.grantRead(role, scopeOfGrant) : props.bucket.grantReadWrite(role, scopeOfGrant);
    if (props.fileEvents ?? false) this.storageGrants.push(...role.grantFileEvents(props.bucket));

    // The form `s3://<bucket>/<path>` (docs/resources/external_location.md), from a checked bucket name and
    // prefix: no trailing slash, which the provider would otherwise ignore in diffs (ucDirectoryPathSlashOnlySuppressDiff).
    this.url = props.prefix === undefined ? `s3://${bucketName}` : `s3://${bucketName}/${props.prefix}`;
    const provider = props.credential.provider;
    this.location = new ExternalLocation(this, "location", {
      provider,
      name: props.locationName,
      url: this.url,
      credentialName: props.credential.credentialName,
      readOnly: access === ExternalLocationAccess.READ,
      enableFileEvents: props.fileEvents ? true : undefined,
      // A Databricks-managed SQS queue, which Databricks creates with the role's file-events grants.
      fileEventQueue: props.fileEvents ? { managedSqs: {} } : undefined,
      skipValidation: props.skipValidation ? true : undefined,
      comment: props.comment ?? "Managed by cdktf",
      // Databricks validates the credential on create; a role that has not propagated fails it (databricks/terraform-provider-databricks#3069).
      dependsOn: props.credential.dependables,
    });
    this.grants = unityCatalogGrants(this, "grants", "external_location", this.location.id, props.grants, provider);
    if (props.volume) {
      const v = props.volume;
      this.volume = new Volume(this, "volume", {
        provider,
        catalogName: v.catalogName,
        schemaName: v.schemaName,
        name: v.name,
        volumeType: "EXTERNAL",
        storageLocation: this.location.url,
        comment: props.comment ?? "Managed by cdktf",
      });
      unityCatalogGrants(this, "volume-grants", "volume", this.volume.id, v.grants, provider);
    }

    const grantList = props.grants ?? [];
    const volumeGrantList = props.volume?.grants ?? [];
    const readOnly = access === ExternalLocationAccess.READ;
    const credentialReadOnly = props.credential.readOnly;
    // Databricks would refuse these writes only when they are attempted; report them at synth instead.
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        // A read-only location (read_only, catalog/resource_external_location.go) serves no writes, nor do the
        // volumes on it (their files are the location's).
        if (readOnly || credentialReadOnly) {
          const why = readOnly ? "access READ" : "read-only credential";
          const refuse = (field: string, what: string, grants: readonly UnityCatalogGrant[], writes: readonly string[]) => {
            for (const g of grants) {
              for (const p of g.privileges) {
                if (writes.includes(p)) errors.push(`${field} "${p}" is invalid: must not be granted to ${g.principal} on ${what} (${why})`);
              }
            }
          };
          refuse("UnityCatalogExternalLocation.grants", "a read-only location", grantList, EXTERNAL_LOCATION_WRITE_PRIVILEGES);
          refuse("ExternalVolumeSettings.grants", "a volume of a read-only location", volumeGrantList, VOLUME_WRITE_PRIVILEGES);
        }
        // Databricks refuses an external location inside or around another at apply ("Path rules and access in
        // Unity Catalog volumes": external locations can't overlap other external locations).
        const stackLocations = TerraformStack.of(this).node.findAll().filter((c): c is UnityCatalogExternalLocation => c instanceof UnityCatalogExternalLocation);
        const overlapped = stackLocations.slice(0, stackLocations.indexOf(this)).find((other) => this.overlaps(other));
        if (overlapped !== undefined) {
          errors.push(
            `UnityCatalogExternalLocation.url "${this.url}" is invalid: must not overlap ${overlapped.node.path} (${overlapped.url}): ${EXTERNAL_LOCATION_OVERLAP_REASON}`,
          );
        }
        if (credentialReadOnly && !readOnly) {
          errors.push(`UnityCatalogExternalLocation.access "READ_WRITE" is invalid: must be READ on a read-only storage credential`);
        }
        return errors;
      },
    });
  }

  /** Whether this location's path equals, contains or lies in `other`'s, on the same bucket (`a` and `ab` do not overlap). */
  private overlaps(other: UnityCatalogExternalLocation): boolean {
    const sameBucket = other.bucket === this.bucket || (!isUnresolved(this.bucket.bucketName) && other.bucket.bucketName === this.bucket.bucketName);
    return sameBucket && locationPrefixesOverlap(this.prefix, other.prefix);
  }

  /** The location's name (a reference). */
  public get locationName(): string {
    return this.location.name;
  }
}
