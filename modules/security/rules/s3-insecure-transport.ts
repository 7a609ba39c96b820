import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, StackIndex, TerraformBlock } from "../stack-index";
import { StatementView, isAnyPrincipal, readPolicy } from "../policy-reader";
import { bucketSettings } from "../s3-bucket-settings";

/** `Deny` of every S3 action (`s3:*` or `*`) to everyone when `aws:SecureTransport` is false. */
function deniesInsecureTransport(statement: StatementView): boolean {
  return (
    statement.effect === "Deny" &&
    statement.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*") &&
    statement.principals.some(isAnyPrincipal) &&
    statement.conditions.some(
      (c) => /^bool(ifexists)?$/i.test(c.test) && c.variable.toLowerCase() === "aws:securetransport" && c.values.includes("false"),
    )
  );
}

/**
 * A bucket whose policy (the `aws_s3_bucket_policy` for it, or the deprecated inline `policy`) has no
 * statement denying requests without TLS. Parts of the policy unknown before apply (e.g. a
 * `databricks_aws_bucket_policy`) cannot prove the deny, so the statement must be in a readable part.
 */
export const S3_INSECURE_TRANSPORT_ALLOWED = defineSecurityRule({
  id: "S3-INSECURE-TRANSPORT-ALLOWED",
  level: SecurityRuleLevel.ERROR,
  explanation: "The bucket policy does not deny requests with aws:SecureTransport = false, so data can be read or written over plain HTTP.",
  checks: "aws_s3_bucket: a readable part of its bucket policy with a Deny of s3:* (or *) to Principal \"*\" under Bool aws:SecureTransport = false; a deny for some principals or some actions does not count.",
  fix: "Use DataBucket, or add a Deny of s3:* to Principal \"*\" with condition Bool aws:SecureTransport = false to the bucket policy.",
  evaluate: (block: TerraformBlock, stack: StackIndex) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_s3_bucket") return NOT_APPLICABLE;
    const policies = [...bucketSettings(block, stack, "aws_s3_bucket_policy").map((b) => b.config.policy), block.config.policy].filter((p) => p !== undefined);
    if (policies.length === 0) return resultOf(["BucketPolicy::missing"]);
    const denies = policies.some((policy) => readPolicy(policy, stack).statements.some(deniesInsecureTransport));
    return resultOf(denies ? [] : ["BucketPolicy::no-deny-insecure-transport"]);
  },
});
