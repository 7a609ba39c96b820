import { ExistingEncryptionKey } from "../../modules/kms/existing-encryption-key";
import { testStack } from "../support/stack-json";

describe("ExistingEncryptionKey", () => {
  test("accepts a key ARN in the account it is declared in", () => {
    const t = testStack();
    const key = new ExistingEncryptionKey(t.stack, "key", { account: t.accountB, keyArn: "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(key.keyArn).toBe("arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  });

  test("refuses a key ARN of another account (grants would misjudge what is cross-account)", () => {
    const t = testStack();
    expect(() => new ExistingEncryptionKey(t.stack, "key", { account: t.accountA, keyArn: "arn:aws:kms:us-east-1:444455556666:key/abcd" })).toThrow(
      'ExistingEncryptionKey.keyArn "arn:aws:kms:us-east-1:444455556666:key/abcd" is invalid: must be a key in account 111122223333 (the account it is declared in)',
    );
  });

  test("refuses an alias ARN (a grant on it names no key)", () => {
    const t = testStack();
    expect(() => new ExistingEncryptionKey(t.stack, "key", { account: t.accountB, keyArn: "arn:aws:kms:us-east-1:444455556666:alias/data-key" })).toThrow(
      'ExistingEncryptionKey.keyArn "arn:aws:kms:us-east-1:444455556666:alias/data-key" is invalid: must be a KMS key ARN (…:key/<key-id>), not an alias ARN: ' +
        "IAM matches a policy's Resource against the key ARN, so a grant on an alias ARN allows nothing",
    );
  });
});
