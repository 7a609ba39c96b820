import { ValidationError, validateArn, validateBucketName, validateS3Prefix, validateStreamName } from "../modules/private/validation";
import { UnityCatalogGrant, validateUnityCatalogGrants, validateUnityCatalogName } from "../modules/private/unity-catalog-grants";
import { expectType, isObject, oneOf, validatePrefixedRoleName } from "./checks";

/** One external location: a bucket or a prefix of it, and who may use it. */
export interface UnityCatalogLocationConfig {
  /** The location's name in the metastore (prefixed: `<prefix>-<name>`). */
  readonly name: string;
  /**
   * An existing bucket in the data account, by name. Unset: the stack's own bucket (`<prefix>-uc-data`).
   */
  readonly existingBucketName?: string;
  /** The customer-managed KMS key (in the data account) an existing SSE-KMS bucket uses. */
  readonly existingBucketKmsKeyArn?: string;
  /** A key prefix in the bucket; unset: the whole bucket. */
  readonly prefix?: string;
  /** `read` (read-only location) or `read-write`. */
  readonly access: "read" | "read-write";
  /** Privileges on the location per group, e.g. `READ_FILES`, `WRITE_FILES`, `CREATE_EXTERNAL_VOLUME`, `CREATE_EXTERNAL_TABLE`. */
  readonly grants: readonly UnityCatalogGrant[];
  /** An external volume on the location, in an existing catalog and schema. */
  readonly volume?: { readonly catalogName: string; readonly schemaName: string; readonly name: string; readonly grants?: readonly UnityCatalogGrant[] };
  /** Managed file events (Databricks-created SNS/SQS `csms-*`). */
  readonly fileEvents?: boolean;
}

/** The Unity Catalog section: storage and Kinesis through Unity Catalog credentials in the data account. */
export interface UnityCatalogConfig {
  /** Build the `unity-catalog` stack. */
  readonly enabled: boolean;
  /** The storage role in the data account (created as `<prefix>-<name>`). */
  readonly storageRoleName: string;
  /** The storage credential's name (prefixed). */
  readonly storageCredentialName: string;
  /** Create the stack's bucket `<prefix>-uc-data` in the data account (used by locations without `existingBucketName`). */
  readonly createBucket: boolean;
  /** Encryption of the created bucket. */
  readonly bucketEncryption: "S3_MANAGED" | "KMS";
  /** The external locations. */
  readonly locations: readonly UnityCatalogLocationConfig[];
  /** Kinesis through a service credential (Databricks Runtime 16.1+). */
  readonly kinesis: {
    readonly enabled: boolean;
    /** The role in the data account (prefixed). */
    readonly roleName: string;
    /** The service credential's name (prefixed). */
    readonly credentialName: string;
    /** Streams in the data account; created as `<prefix>-<name>` when `createStreams`, else used as named. */
    readonly streamNames: readonly string[];
    readonly createStreams: boolean;
    /** The customer-managed key existing streams are encrypted with (the role becomes its user). */
    readonly existingStreamKmsKeyArn?: string;
    /** Groups given `ACCESS` on the service credential. */
    readonly accessGroups: readonly string[];
    /** `initialPosition` of the readStream options output. */
    readonly initialPosition: "latest" | "trim_horizon" | "earliest";
  };
}

export const DEFAULT_UNITY_CATALOG_CONFIG: UnityCatalogConfig = {
  enabled: true,
  storageRoleName: "uc-storage",
  storageCredentialName: "uc-storage",
  createBucket: true,
  bucketEncryption: "S3_MANAGED",
  locations: [
    {
      name: "landing",
      prefix: "landing",
      access: "read-write",
      grants: [{ principal: "data-engineers", privileges: ["READ_FILES", "WRITE_FILES", "CREATE_EXTERNAL_VOLUME", "CREATE_EXTERNAL_TABLE"] }],
    },
    {
      name: "curated",
      prefix: "curated",
      access: "read",
      grants: [{ principal: "data-analysts", privileges: ["READ_FILES"] }],
    },
  ],
  kinesis: {
    enabled: true,
    roleName: "uc-kinesis",
    credentialName: "uc-kinesis",
    streamNames: ["uc-events"],
    createStreams: true,
    accessGroups: ["data-engineers"],
    initialPosition: "latest",
  },
};

export const UNITY_CATALOG_OPTIONAL_KEYS = ["config.unityCatalog.kinesis.existingStreamKmsKeyArn"];
/** Replaced whole: a list of locations is the user's, not merged with the defaults. */
export const UNITY_CATALOG_REPLACED_WHOLE = ["config.unityCatalog.locations"];

const LOCATION_KEYS = ["name", "existingBucketName", "existingBucketKmsKeyArn", "prefix", "access", "grants", "volume", "fileEvents"];

function validateGrantList(field: string, value: unknown, securable: "external_location" | "volume" | "credential"): void {
  if (!Array.isArray(value)) throw new ValidationError(field, value, "must be a list of { principal, privileges }");
  value.forEach((g, i) => {
    if (!isObject(g)) throw new ValidationError(`${field}[${i}]`, g, "must be an object { principal, privileges }");
    expectType(`${field}[${i}].principal`, g.principal, "string");
    if (!Array.isArray(g.privileges)) throw new ValidationError(`${field}[${i}].privileges`, g.privileges, "must be a list of privileges");
  });
  validateUnityCatalogGrants(field, securable, value as UnityCatalogGrant[]);
}

/** Checks the section; errors name the field, the value and the rule. */
export function validateUnityCatalogConfig(section: UnityCatalogConfig, context: { readonly namePrefix: string; readonly dataAccountId: string }): UnityCatalogConfig {
  const f = "config.unityCatalog";
  if (!isObject(section)) throw new ValidationError(f, section, "must be an object");
  const prefix = context.namePrefix;
  expectType(`${f}.enabled`, section.enabled, "boolean");
  validatePrefixedRoleName(`${f}.storageRoleName`, section.storageRoleName, prefix);
  expectType(`${f}.storageCredentialName`, section.storageCredentialName, "string");
  validateUnityCatalogName(`${f}.storageCredentialName (prefixed)`, `${prefix}-${section.storageCredentialName}`);
  expectType(`${f}.createBucket`, section.createBucket, "boolean");
  oneOf(`${f}.bucketEncryption`, section.bucketEncryption, ["S3_MANAGED", "KMS"]);
  if (!Array.isArray(section.locations)) throw new ValidationError(`${f}.locations`, section.locations, "must be a list");
  const names = new Set<string>();
  section.locations.forEach((raw: unknown, i) => {
    const lf = `${f}.locations[${i}]`;
    if (!isObject(raw)) throw new ValidationError(lf, raw, "must be an object");
    for (const key of Object.keys(raw)) if (!LOCATION_KEYS.includes(key)) throw new ValidationError(`${lf}.${key}`, raw[key], "is not a known configuration field");
    const l = raw as unknown as UnityCatalogLocationConfig;
    expectType(`${lf}.name`, l.name, "string");
    validateUnityCatalogName(`${lf}.name (prefixed)`, `${prefix}-${l.name}`);
    if (names.has(l.name)) throw new ValidationError(`${lf}.name`, l.name, "must be unique among the locations");
    names.add(l.name);
    if (l.existingBucketName !== undefined) {
      expectType(`${lf}.existingBucketName`, l.existingBucketName, "string");
      validateBucketName(`${lf}.existingBucketName`, l.existingBucketName);
    } else if (!section.createBucket) {
      throw new ValidationError(`${lf}.existingBucketName`, undefined, "must be set when config.unityCatalog.createBucket is false");
    }
    if (l.existingBucketKmsKeyArn !== undefined) {
      if (l.existingBucketName === undefined) throw new ValidationError(`${lf}.existingBucketKmsKeyArn`, l.existingBucketKmsKeyArn, "may only be set with existingBucketName");
      expectType(`${lf}.existingBucketKmsKeyArn`, l.existingBucketKmsKeyArn, "string");
      validateArn(`${lf}.existingBucketKmsKeyArn`, l.existingBucketKmsKeyArn, "kms");
      if (l.existingBucketKmsKeyArn.split(":")[4] !== context.dataAccountId) {
        throw new ValidationError(`${lf}.existingBucketKmsKeyArn`, l.existingBucketKmsKeyArn, `must be a key in the data account ${context.dataAccountId}`);
      }
    }
    if (l.prefix !== undefined) {
      expectType(`${lf}.prefix`, l.prefix, "string");
      validateS3Prefix(`${lf}.prefix`, l.prefix);
    }
    oneOf(`${lf}.access`, l.access, ["read", "read-write"]);
    validateGrantList(`${lf}.grants`, l.grants, "external_location");
    if (l.fileEvents !== undefined) expectType(`${lf}.fileEvents`, l.fileEvents, "boolean");
    if (l.volume !== undefined) {
      if (!isObject(l.volume)) throw new ValidationError(`${lf}.volume`, l.volume, "must be an object { catalogName, schemaName, name }");
      for (const key of ["catalogName", "schemaName", "name"] as const) {
        expectType(`${lf}.volume.${key}`, l.volume[key], "string");
        validateUnityCatalogName(`${lf}.volume.${key}`, l.volume[key]);
      }
      if (l.volume.grants !== undefined) validateGrantList(`${lf}.volume.grants`, l.volume.grants, "volume");
    }
  });

  const k = section.kinesis;
  const kf = `${f}.kinesis`;
  if (!isObject(k)) throw new ValidationError(kf, k, "must be an object");
  expectType(`${kf}.enabled`, k.enabled, "boolean");
  validatePrefixedRoleName(`${kf}.roleName`, k.roleName, prefix);
  expectType(`${kf}.credentialName`, k.credentialName, "string");
  validateUnityCatalogName(`${kf}.credentialName (prefixed)`, `${prefix}-${k.credentialName}`);
  if (!Array.isArray(k.streamNames) || (k.enabled && k.streamNames.length === 0)) {
    throw new ValidationError(`${kf}.streamNames`, k.streamNames, "must be a list naming at least one stream");
  }
  expectType(`${kf}.createStreams`, k.createStreams, "boolean");
  k.streamNames.forEach((name, i) => {
    expectType(`${kf}.streamNames[${i}]`, name, "string");
    validateStreamName(`${kf}.streamNames[${i}]${k.createStreams ? " (prefixed)" : ""}`, k.createStreams ? `${prefix}-${name}` : name);
  });
  if (k.existingStreamKmsKeyArn !== undefined) {
    if (k.createStreams) throw new ValidationError(`${kf}.existingStreamKmsKeyArn`, k.existingStreamKmsKeyArn, "may only be set when createStreams is false");
    validateArn(`${kf}.existingStreamKmsKeyArn`, k.existingStreamKmsKeyArn, "kms");
  }
  if (!Array.isArray(k.accessGroups)) throw new ValidationError(`${kf}.accessGroups`, k.accessGroups, "must be a list of group names");
  validateUnityCatalogGrants(`${kf}.accessGroups`, "credential", k.accessGroups.map((principal) => ({ principal, privileges: ["ACCESS"] })));
  oneOf(`${kf}.initialPosition`, k.initialPosition, ["latest", "trim_horizon", "earliest"]);
  return section;
}
