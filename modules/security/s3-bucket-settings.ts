import { BlockKind, StackIndex, TerraformBlock, isReferenceTo } from "./stack-index";

/**
 * The blocks of `type` (e.g. `aws_s3_bucket_policy`) whose `bucket` argument names `bucket`: by reference
 * to its `id` or `bucket`, or by the same literal bucket name.
 */
export function bucketSettings(bucket: TerraformBlock, stack: StackIndex, type: string): TerraformBlock[] {
  const name = bucket.config.bucket;
  return stack
    .blocksOfType(BlockKind.RESOURCE, type)
    .filter((b) => isReferenceTo(b.config.bucket, bucket, ["id", "bucket"]) || (typeof name === "string" && !name.includes("${") && b.config.bucket === name));
}
