import { z } from "zod";
import {
  EXTERNAL_LOCATION_OVERLAP_REASON,
  UnityCatalogSecurable,
  locationPrefixesOverlap,
  validateUnityCatalogGrants,
  validateUnityCatalogName,
} from "../../modules/private/unity-catalog-rules";
import { ValidationError, validateBucketName, validateS3Prefix, validateStreamName } from "../../modules/private/validation";
import { BucketEncryption } from "../../modules/s3/bucket-encryption";
import { kmsKeyArn, prefixedRoleName } from "./cross-account";
import { checkedString, flag, report } from "./rules";

/** A Unity Catalog object name (the prefixed ones' length is checked in names.ts). */
function unityCatalogName(description: string) {
  return checkedString(validateUnityCatalogName, description);
}

const grantSchema = z
  .strictObject({
    principal: z.string().describe("An account-level group name, user name or service principal application ID."),
    privileges: z.array(z.string()).describe("Privileges, spelled with underscores (READ_FILES, not READ FILES)."),
  })
  .describe("Privileges of one principal.");

/** Grants on one securable, checked against the privileges databricks_grants accepts for it. */
function grantList(securable: UnityCatalogSecurable, description: string) {
  return z
    .array(grantSchema)
    .check(z.superRefine((grants: z.output<typeof grantSchema>[], ctx) => report(ctx, [], (field) => validateUnityCatalogGrants(field, securable, grants))))
    .describe(description);
}

const volumeSchema = z
  .strictObject({
    catalogName: unityCatalogName("An existing catalog."),
    schemaName: unityCatalogName("An existing schema in it."),
    name: unityCatalogName("The volume's name."),
    grants: grantList("volume", "Privileges on the volume per principal: READ_VOLUME, WRITE_VOLUME, ...").optional(),
  })
  .describe("An external volume on the location, in an existing catalog and schema.");

const locationSchema = z
  .strictObject({
    name: unityCatalogName("The location's name in the metastore; created as <namePrefix>-<name>, unique among the locations."),
    existingBucketName: checkedString(validateBucketName, "An existing bucket in the data account, by name. Unset: the stack's bucket <namePrefix>-uc-data (needs createBucket).").optional(),
    existingBucketKmsKeyArn: kmsKeyArn("The customer-managed KMS key (in the data account) of an existing SSE-KMS bucket. Only with existingBucketName.").optional(),
    prefix: checkedString(validateS3Prefix, "A key prefix in the bucket, without leading or trailing slash. Unset: the whole bucket.").optional(),
    access: z.enum(["read", "read-write"]).describe("read (a read-only location) or read-write."),
    grants: grantList("external_location", "Privileges on the location per principal: READ_FILES, WRITE_FILES, CREATE_EXTERNAL_VOLUME, CREATE_EXTERNAL_TABLE, ..."),
    volume: volumeSchema.optional(),
    fileEvents: z.boolean().optional().describe("Managed file events (Databricks-created SNS/SQS csms-*). Unset: off."),
  })
  .describe("One external location: a bucket or a prefix of it, and who may use it.");

/** The service credential's ACCESS groups, checked as grants; a problem is reported at the group (accessGroups[i]). */
function checkAccessGroups(groups: readonly string[], ctx: z.RefinementCtx): void {
  report(ctx, [], (field) => {
    try {
      validateUnityCatalogGrants(field, "credential", groups.map((principal) => ({ principal, privileges: ["ACCESS"] })));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      throw new ValidationError(e.field.replace(/\.principal$/, ""), e.value, e.rule);
    }
  });
}

const kinesisSchema = z
  .strictObject({
    enabled: flag(true, "Kinesis through a Unity Catalog service credential (Databricks Runtime 16.1+)."),
    roleName: prefixedRoleName("The role in the data account the service credential uses.").default("uc-kinesis"),
    credentialName: unityCatalogName("The service credential's name; created as <namePrefix>-<credentialName>.").default("uc-kinesis"),
    streamNames: z
      .array(checkedString(validateStreamName, "A stream name."))
      .default(["uc-events"])
      .describe("Streams in the data account: created as <namePrefix>-<name> when createStreams, else used as named. At least one while enabled."),
    createStreams: flag(true, "Create the streams (true) or use existing ones by name (false)."),
    existingStreamKmsKeyArn: kmsKeyArn("The customer-managed key existing streams are encrypted with (the role becomes its user). Only with createStreams false.").optional(),
    accessGroups: z
      .array(z.string())
      .check(z.superRefine((groups: string[], ctx) => checkAccessGroups(groups, ctx)))
      .default(["data-engineers"])
      .describe("Groups given ACCESS on the service credential."),
    initialPosition: z.enum(["latest", "trim_horizon", "earliest"]).default("latest").describe("initialPosition of the readStream options output."),
  })
  .superRefine((k, ctx) => {
    if (k.enabled && k.streamNames.length === 0) {
      ctx.addIssue({ code: "custom", path: ["streamNames"], input: k.streamNames, message: "must be a list naming at least one stream" });
    }
    if (k.existingStreamKmsKeyArn !== undefined && k.createStreams) {
      ctx.addIssue({ code: "custom", path: ["existingStreamKmsKeyArn"], input: k.existingStreamKmsKeyArn, message: "may only be set when createStreams is false" });
    }
  })
  .prefault({})
  .describe("Kinesis through a Unity Catalog service credential (Databricks Runtime 16.1+).");

/** Where a location points, as the user wrote it; unset `existingBucketName` is the stack's bucket. */
function locationUrl(l: z.output<typeof locationSchema>): string {
  const bucket = l.existingBucketName ?? "<namePrefix>-uc-data";
  return l.prefix === undefined ? `s3://${bucket}` : `s3://${bucket}/${l.prefix}`;
}

/**
 * Whether two locations overlap: the same bucket, and one path equals the other or is an ancestor of it
 * (the whole bucket, or `a` and `a/b`; `a` and `ab` do not overlap). Databricks refuses the second one at
 * apply ("Path rules and access in Unity Catalog volumes": external locations cannot overlap).
 */
function locationsOverlap(a: z.output<typeof locationSchema>, b: z.output<typeof locationSchema>): boolean {
  return a.existingBucketName === b.existingBucketName && locationPrefixesOverlap(a.prefix, b.prefix);
}

/** The `unityCatalog` section: storage and Kinesis through Unity Catalog credentials in the data account. */
export const unityCatalogSchema = z
  .strictObject({
    enabled: flag(true, "Build the unity-catalog stack."),
    storageRoleName: prefixedRoleName("The storage role in the data account.").default("uc-storage"),
    storageCredentialName: unityCatalogName("The storage credential's name; created as <namePrefix>-<storageCredentialName>.").default("uc-storage"),
    createBucket: flag(true, "Create the stack's bucket <namePrefix>-uc-data in the data account (used by locations without existingBucketName)."),
    bucketEncryption: z.enum(BucketEncryption).default(BucketEncryption.S3_MANAGED).describe("Encryption of the created bucket: S3_MANAGED or KMS."),
    locations: z
      .array(locationSchema)
      .default([
        {
          name: "landing",
          prefix: "landing",
          access: "read-write",
          grants: [{ principal: "data-engineers", privileges: ["READ_FILES", "WRITE_FILES", "CREATE_EXTERNAL_VOLUME", "CREATE_EXTERNAL_TABLE"] }],
        },
        { name: "curated", prefix: "curated", access: "read", grants: [{ principal: "data-analysts", privileges: ["READ_FILES"] }] },
      ])
      .describe("The external locations; replaced whole when set."),
    kinesis: kinesisSchema,
  })
  .superRefine((uc, ctx) => {
    const seen = new Set<string>();
    uc.locations.forEach((l, i) => {
      if (seen.has(l.name)) ctx.addIssue({ code: "custom", path: ["locations", i, "name"], input: l.name, message: "must be unique among the locations" });
      seen.add(l.name);
      const overlapped = uc.locations.slice(0, i).find((earlier) => locationsOverlap(earlier, l));
      if (overlapped !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["locations", i, "prefix"],
          input: l.prefix,
          message: `must not overlap location "${overlapped.name}" (${locationUrl(overlapped)}): ${EXTERNAL_LOCATION_OVERLAP_REASON}`,
        });
      }
      if (l.existingBucketName === undefined && !uc.createBucket) {
        ctx.addIssue({ code: "custom", path: ["locations", i, "existingBucketName"], input: undefined, message: "must be set when config.unityCatalog.createBucket is false" });
      }
      if (l.existingBucketKmsKeyArn !== undefined && l.existingBucketName === undefined) {
        ctx.addIssue({ code: "custom", path: ["locations", i, "existingBucketKmsKeyArn"], input: l.existingBucketKmsKeyArn, message: "may only be set with existingBucketName" });
      }
    });
  })
  .prefault({})
  .describe("Unity Catalog: storage and service credentials, external locations and grants in the data account.");

export type UnityCatalogConfig = z.output<typeof unityCatalogSchema>;
export type UnityCatalogLocationConfig = z.output<typeof locationSchema>;
