import { z } from "zod";
import {
  KNOWN_REGIONS,
  MAX_TAGS,
  REGION_RULE,
  TAG_COUNT_RULE,
  validateAccountId,
  validateNamePrefix,
  validateTagKey,
  validateTagValue,
} from "../../modules/private/validation";
import { checkedString, fail, flag, integer, report } from "./rules";

/** An AWS region the pinned provider knows (the list is in modules/private/validation.ts). */
export function region(description: string) {
  return z.enum(Object.keys(KNOWN_REGIONS) as [string, ...string[]], { error: REGION_RULE }).describe(description);
}

/** A 12-digit account ID. */
export function accountId(description: string) {
  return checkedString(validateAccountId, description);
}

/** Resource tags, checked against AWS's limits. */
export const tagsSchema = z
  .record(z.string(), z.string())
  .check(
    z.superRefine((tags, ctx) => {
      const keys = Object.keys(tags);
      if (keys.length > MAX_TAGS) fail(ctx, [], `${keys.length} tags`, TAG_COUNT_RULE);
      for (const key of keys) {
        report(ctx, [key], (field) => validateTagKey(field, key));
        report(ctx, [key], (field) => validateTagValue(field, tags[key]));
      }
    }),
  )
  .describe(
    "Tags on every resource (the AWS providers' default tags). Replaced whole when set. At most 50; keys 1-128 characters, " +
      "not starting with aws:; values up to 256; letters, digits, spaces and _.:/=+-@.",
  );

/** The top-level fields (each section has its own file). */
export const generalFields = {
  // The length limit is checked in names.ts, against the names built from the prefix.
  namePrefix: checkedString(validateNamePrefix, "Prefix of every name; as long as the names built from it allow (see Names built from namePrefix).",).default("changeme"),
  region: region("Region of the workspace account (A).").default("us-east-1"),
  workspaceAccountId: accountId("The Databricks workspace AWS account (A).").default("111122223333"),
  tags: tagsSchema.default({ Project: "databricks-data-access", ManagedBy: "cdktf" }),
  iamPropagationWaitSeconds: integer(0, 300)
    .default(30)
    .describe("Seconds to wait for IAM propagation before Databricks validates roles; 0 disables the wait. 0-300."),
  skipInstanceProfileValidation: flag(false, "Register instance profiles without Databricks' validation (escape hatch, databricks provider issue #1226)."),
};
