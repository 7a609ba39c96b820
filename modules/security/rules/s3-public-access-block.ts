import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";
import { bucketSettings } from "../s3-bucket-settings";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

function isOn(value: unknown): boolean {
  return value === true || value === "true";
}

/**
 * A bucket without an `aws_s3_bucket_public_access_block` that sets all four flags. An
 * `aws_s3_account_public_access_block` with all four flags in the bucket's account also counts.
 */
export const S3_PUBLIC_ACCESS_NOT_BLOCKED = defineSecurityRule({
  id: "S3-PUBLIC-ACCESS-NOT-BLOCKED",
  level: SecurityRuleLevel.ERROR,
  explanation: "The bucket has no public access block with all four settings true, so an ACL or a bucket policy can make it public.",
  checks: "aws_s3_bucket: an aws_s3_bucket_public_access_block for it with all four flags true, or an aws_s3_account_public_access_block with all four flags in the bucket's own account.",
  fix: "Use DataBucket, or add aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets true.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_s3_bucket") return NOT_APPLICABLE;
    const account = stack.accountOf(block);
    const accountBlocked = stack
      .blocksOfType(BlockKind.RESOURCE, "aws_s3_account_public_access_block")
      .some((b) => account !== undefined && stack.accountOf(b) === account && FLAGS.every((flag) => isOn(b.config[flag])));
    if (accountBlocked) return resultOf([]);
    const blocks = bucketSettings(block, stack, "aws_s3_bucket_public_access_block");
    if (blocks.length === 0) return resultOf(["PublicAccessBlock::missing"]);
    // Several blocks for one bucket fight over it; report the flags that are off in any of them.
    return resultOf(blocks.flatMap((b) => FLAGS.filter((flag) => !isOn(b.config[flag])).map((flag) => `PublicAccessBlock::${flag}=${String(b.config[flag] ?? "unset")}`)));
  },
});
