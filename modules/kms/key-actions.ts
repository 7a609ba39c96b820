/** Key actions a reader needs (decrypt what it reads). */
export const KEY_DECRYPT_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"] as const;
/** Key actions of a key user, as the KMS console defines one. */
export const KEY_USER_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
] as const;
