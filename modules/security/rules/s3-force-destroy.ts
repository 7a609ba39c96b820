import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, TerraformBlock } from "../stack-index";

/**
 * `force_destroy = true` on a bucket. A warning: it is an explicit choice (DataBucket's `forceDestroy`)
 * that is fine for scratch data, but it turns `terraform destroy` into data loss.
 */
export const S3_FORCE_DESTROY = defineSecurityRule({
  id: "S3-FORCE-DESTROY",
  level: SecurityRuleLevel.WARNING,
  explanation: "force_destroy = true lets terraform destroy delete the bucket together with every object in it.",
  checks: "aws_s3_bucket: force_destroy set to anything but false.",
  fix: "Leave force_destroy false (DataBucket's default), or suppress with the reason the data is disposable.",
  evaluate: (block: TerraformBlock) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_s3_bucket") return NOT_APPLICABLE;
    const value = block.config.force_destroy;
    if (value === undefined || value === false || value === "false") return resultOf([]);
    return resultOf([`ForceDestroy::${String(value)}`]);
  },
});
