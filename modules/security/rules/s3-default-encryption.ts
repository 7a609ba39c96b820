import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";
import { blockList } from "../policy-reader";
import { bucketSettings } from "../s3-bucket-settings";

/** True when an encryption configuration has a rule with a default algorithm. */
function setsDefaultAlgorithm(configuration: Record<string, unknown>): boolean {
  return blockList(configuration.rule).some((rule) =>
    blockList(rule.apply_server_side_encryption_by_default).some((d) => typeof d.sse_algorithm === "string" && d.sse_algorithm.length > 0),
  );
}

/**
 * A bucket without a server-side encryption configuration (the `aws_s3_bucket_server_side_encryption_configuration`
 * resource, or the deprecated inline block). A warning: S3 has applied SSE-S3 to new objects by default
 * since January 2023, but only an explicit configuration records the choice and allows a KMS key.
 */
export const S3_NO_DEFAULT_ENCRYPTION = defineSecurityRule({
  id: "S3-NO-DEFAULT-ENCRYPTION",
  level: SecurityRuleLevel.WARNING,
  explanation: "The bucket has no server-side encryption configuration, so it relies on the implicit SSE-S3 default and cannot use a KMS key.",
  checks: "aws_s3_bucket: an aws_s3_bucket_server_side_encryption_configuration for it (or the deprecated inline block) with a default sse_algorithm.",
  fix: "Use DataBucket (encryption S3_MANAGED or KMS), or add aws_s3_bucket_server_side_encryption_configuration.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_s3_bucket") return NOT_APPLICABLE;
    const inline = blockList(block.config.server_side_encryption_configuration).some(setsDefaultAlgorithm);
    const separate = bucketSettings(block, stack, "aws_s3_bucket_server_side_encryption_configuration").some((b) => setsDefaultAlgorithm(b.config));
    return resultOf(inline || separate ? [] : ["ServerSideEncryption::missing"]);
  },
});
