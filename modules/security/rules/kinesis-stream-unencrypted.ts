import { NOT_APPLICABLE, SecurityRuleLevel, defineSecurityRule, resultOf } from "../rule";
import { BlockKind, TerraformBlock } from "../stack-index";

/** A Kinesis data stream whose `encryption_type` is not `KMS` (the provider's default is `NONE`). */
export const KINESIS_STREAM_UNENCRYPTED = defineSecurityRule({
  id: "KINESIS-STREAM-UNENCRYPTED",
  level: SecurityRuleLevel.ERROR,
  explanation: "The Kinesis stream keeps records unencrypted at rest (encryption_type is not KMS).",
  checks: "aws_kinesis_stream: encryption_type other than KMS (unset means NONE).",
  fix: "Set encryption_type = \"KMS\" and kms_key_id (alias/aws/kinesis or a customer-managed key).",
  evaluate: (block: TerraformBlock) => {
    if (block.kind !== BlockKind.RESOURCE || block.type !== "aws_kinesis_stream") return NOT_APPLICABLE;
    const type = block.config.encryption_type;
    return resultOf(type === "KMS" ? [] : [`EncryptionType::${typeof type === "string" ? type : "NONE"}`]);
  },
});
