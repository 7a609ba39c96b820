import { z } from "zod";
import { BucketEncryption } from "../../modules/s3/bucket-encryption";
import { flag } from "./rules";

/** The data-access stack's bucket (`<namePrefix>-ds`); also the settings of other created data buckets. */
export const bucketSchema = z
  .strictObject({
    versioned: flag(false, "Keep object versions."),
    forceDestroy: flag(false, "Let destroy delete a non-empty bucket (loses data; opt-in)."),
    encryption: z
      .enum(BucketEncryption)
      .default(BucketEncryption.S3_MANAGED)
      .describe("S3_MANAGED (SSE-S3) or KMS (a customer-managed key)."),
  })
  .prefault({})
  .describe("The data bucket <namePrefix>-ds.");
