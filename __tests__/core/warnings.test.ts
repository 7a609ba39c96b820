import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { Testing } from "cdktf";
import { Warnings } from "../../modules/core/warnings";
import { DataBucket } from "../../modules/s3/data-bucket";
import { Role } from "../../modules/iam/role";
import { ArnPrincipal, ServicePrincipal } from "../../modules/iam/policy-statement";
import { GRANT_RESOURCE_POLICY_NOT_MANAGED } from "../../modules/iam/grant";
// Loaded for the warning types they define, so every built-in ID is known below.
import "../../modules/kinesis/kinesis-event-source";
import "../../modules/kinesis/kcl-cross-account-consumer";
import { testStack } from "../support/stack-json";
import { infosOf, warningsOf } from "../support/warnings";

const NOT_MANAGED =
  "GRANT-RESOURCE-POLICY-NOT-MANAGED: Cross-account grant to a resource this stack does not manage: the owner of account " +
  "444455556666 must also allow 111122223333 in its resource policy.";
const REASON = "the bucket owner added our role to the bucket policy in change DATA-1234";

/** GIVEN a bucket of account B this stack does not manage, WHEN a role of account A is granted read on it. */
function crossAccountGrantOnExistingBucket(scope?: (stack: Construct) => Construct) {
  const t = testStack();
  const parent = scope ? scope(t.stack) : t.stack;
  const bucket = DataBucket.fromBucketName(parent, "existing", { account: t.accountB, bucketName: "their-bucket" });
  const reader = new Role(t.stack, "reader", { account: t.accountA, roleName: "reader", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
  return { ...t, bucket, grantRead: () => bucket.grantRead(reader) };
}

describe("Warnings: stable IDs, acknowledged by ID on a scope", () => {
  test("a warning carries its ID in the message, and is given once however often the case occurs", () => {
    const t = crossAccountGrantOnExistingBucket();
    t.grantRead();
    t.grantRead();
    expect(warningsOf(t.bucket)).toEqual([NOT_MANAGED]);
  });

  test("synthesizing twice does not repeat the warning", () => {
    const t = crossAccountGrantOnExistingBucket();
    t.grantRead();
    Testing.synth(t.stack);
    expect(warningsOf(t.bucket)).toEqual([NOT_MANAGED]);
  });

  test("acknowledged on the stack after the grant: no warning, an info with the reason", () => {
    const t = crossAccountGrantOnExistingBucket();
    t.grantRead();
    Warnings.of(t.stack).acknowledge(GRANT_RESOURCE_POLICY_NOT_MANAGED.id, REASON);
    expect(warningsOf(t.bucket)).toEqual([]);
    expect(infosOf(t.bucket)).toEqual([`GRANT-RESOURCE-POLICY-NOT-MANAGED acknowledged: ${REASON}`]);
  });

  test("acknowledged on a parent scope before the grant: covers what is added below it later", () => {
    let parent: Construct | undefined;
    const t = crossAccountGrantOnExistingBucket((stack) => {
      parent = new Construct(stack, "shared-data");
      Warnings.of(parent).acknowledge("GRANT-RESOURCE-POLICY-NOT-MANAGED", REASON);
      return parent;
    });
    t.grantRead();
    expect(warningsOf(t.bucket)).toEqual([]);
  });

  test("an acknowledgement covers its scope only: a sibling still warns", () => {
    const t = crossAccountGrantOnExistingBucket();
    const sibling = new Construct(t.stack, "sibling");
    Warnings.of(sibling).acknowledge("GRANT-RESOURCE-POLICY-NOT-MANAGED", REASON);
    t.grantRead();
    expect(warningsOf(t.bucket)).toEqual([NOT_MANAGED]);
  });

  test("an acknowledgement of another ID leaves the warning", () => {
    const t = crossAccountGrantOnExistingBucket();
    Warnings.of(t.stack).acknowledge("KCL-STREAM-REGION-DIFFERS", REASON);
    t.grantRead();
    expect(warningsOf(t.bucket)).toEqual([NOT_MANAGED]);
  });

  test("an unknown ID is refused, naming the known ones", () => {
    const t = testStack();
    expect(() => Warnings.of(t.stack).acknowledge("GRANT-NOT-MANAGED", REASON)).toThrow(
      'WarningAcknowledgement.id "GRANT-NOT-MANAGED" is invalid: must be a known warning ID (' +
        "EVENT-SOURCE-DESTINATION-OTHER-ACCOUNT, EVENT-SOURCE-DESTINATION-UNLIMITED-RETRIES, GRANT-RESOURCE-POLICY-NOT-MANAGED, KCL-STREAM-REGION-DIFFERS)",
    );
  });

  test("a reason shorter than 20 characters is refused", () => {
    const t = testStack();
    expect(() => Warnings.of(t.stack).acknowledge("GRANT-RESOURCE-POLICY-NOT-MANAGED", "  known   ")).toThrow(
      'WarningAcknowledgement.reason "  known   " is invalid: must explain in at least 20 characters why GRANT-RESOURCE-POLICY-NOT-MANAGED is acceptable here',
    );
  });

  test("a grant that needs no resource policy gives no warning", () => {
    const t = testStack();
    const bucket = DataBucket.fromBucketName(t.stack, "existing", { account: t.accountA, bucketName: "our-bucket" });
    bucket.grantRead(new Role(t.stack, "reader", { account: t.accountA, roleName: "reader", assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/x")] }));
    expect(warningsOf(bucket)).toEqual([]);
  });

  test("docs/warnings.md lists exactly the warning IDs the library defines", () => {
    const page = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "warnings.md"), "utf8");
    const documented = [...page.matchAll(/^## `([A-Z0-9-]+)`$/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Warnings.knownIds().sort());
  });
});
