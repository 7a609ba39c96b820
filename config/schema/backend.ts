import { z } from "zod";
import { validateBucketName, validateDynamodbTableName, validateS3Prefix } from "../../modules/private/validation";
import { region } from "./general";
import { checkedString } from "./rules";

const localBackend = z
  .strictObject({ type: z.literal("local") })
  .describe("State in a local file per stack, terraform.<stack>.tfstate in the stack's folder under cdktf.out.");

const s3Backend = z
  .strictObject({
    type: z.literal("s3"),
    bucket: checkedString(validateBucketName, "The state bucket."),
    region: region("The state bucket's region."),
    keyPrefix: checkedString(validateS3Prefix, "Key prefix, without leading or trailing slash; each stack's state is <keyPrefix>/<stack>.tfstate."),
    useLockfile: z
      .boolean()
      .optional()
      .describe("S3-native locking (Terraform >= 1.10). Unset: on unless dynamodbTable is set. false needs dynamodbTable."),
    dynamodbTable: checkedString(validateDynamodbTableName, "A DynamoDB lock table, for older Terraform.").optional(),
  })
  .superRefine((backend, ctx) => {
    if (backend.useLockfile === false && backend.dynamodbTable === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["useLockfile"],
        input: false,
        message: "may only be false when dynamodbTable provides locking (state locking is never off)",
      });
    }
  })
  .describe("State in S3, encrypted, with locking.");

/** Where Terraform state lives; replaced whole when set. */
export const backendSchema = z
  .discriminatedUnion("type", [localBackend, s3Backend], {
    error: (issue) => (issue.code === "invalid_union" ? 'must have "type": "local" or "s3"' : undefined),
  })
  .default({ type: "local" })
  .describe("Where Terraform state lives: {\"type\": \"local\"} or {\"type\": \"s3\", ...}. Replaced whole when set.");

export type BackendConfig = z.output<typeof backendSchema>;
