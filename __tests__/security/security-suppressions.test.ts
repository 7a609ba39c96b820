import * as fs from "fs";
import * as path from "path";
import { Aspects } from "cdktf";
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { DataBucket } from "../../modules/s3/data-bucket";
import {
  DataAccessSecurityChecks,
  SECURITY_REPORT_FILE,
  SecurityRuleLevel,
  SecuritySuppressions,
  defineSecurityRule,
} from "../../modules/security";
import { ValidationError } from "../../modules/private/validation";
import { testStack } from "../support/stack-json";
import { checkStack, findingsOf } from "./check-stack";

const THROWING_RULE = defineSecurityRule({
  id: "TEST-ALWAYS-THROWS",
  level: SecurityRuleLevel.ERROR,
  explanation: "Throws on every block.",
  fix: "Nothing to fix.",
  evaluate: () => {
    throw new Error("boom");
  },
});

const REASON = "Scratch bucket for CI fixtures; its data is recreated on every run.";

describe("a suppression with a reason", () => {
  test("turns a warning into an info annotation and a suppressed finding with the reason, on the construct's children", () => {
    const { stack, accountA } = testStack();
    const bucket = new DataBucket(stack, "bucket", { account: accountA, bucketName: "scratch-ds", forceDestroy: true });
    SecuritySuppressions.add(bucket, [{ id: "S3-FORCE-DESTROY", reason: REASON }]);
    const { report, annotations } = checkStack(stack);
    expect(findingsOf(report)).toEqual(["suppressed test/bucket/bucket S3-FORCE-DESTROY[ForceDestroy::true]"]);
    expect(report.findings[0].suppressionReason).toBe(REASON);
    expect(report.summary).toEqual({ error: 0, warning: 0, suppressed: 1 });
    expect(annotations).toEqual([{ level: "info", path: "test/bucket/bucket", message: `S3-FORCE-DESTROY[ForceDestroy::true] suppressed: ${REASON}` }]);
  });

  test("keeps an error from failing app.synth(), and the report lists it as suppressed with its reason", () => {
    const { app, stack } = testStack();
    const legacy = new Construct(stack, "legacy");
    new S3Bucket(legacy, "raw", { bucket: "raw-bucket" });
    SecuritySuppressions.add(legacy, [
      { id: "S3-PUBLIC-ACCESS-NOT-BLOCKED", reason: "The account-wide public access block of the landing zone covers it." },
      { id: "S3-INSECURE-TRANSPORT-ALLOWED", reason: "Read only through the VPC endpoint, whose policy requires TLS." },
    ]);
    Aspects.of(stack).add(new DataAccessSecurityChecks());
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "test", SECURITY_REPORT_FILE), "utf8"));
    expect(findingsOf(report)).toEqual([
      "suppressed test/legacy/raw S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]",
      "warning test/legacy/raw S3-NO-DEFAULT-ENCRYPTION[ServerSideEncryption::missing]",
      "suppressed test/legacy/raw S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::missing]",
    ]);
    expect(report.findings.map((f: { suppressionReason?: string }) => f.suppressionReason)).toEqual([
      "The account-wide public access block of the landing zone covers it.",
      undefined,
      "Read only through the VPC endpoint, whose policy requires TLS.",
    ]);
  });

  test("does not reach siblings", () => {
    const { stack } = testStack();
    const suppressed = new Construct(stack, "suppressed");
    SecuritySuppressions.add(suppressed, [{ id: "S3-FORCE-DESTROY", reason: REASON }]);
    new S3Bucket(stack, "sibling", { bucket: "sibling-bucket", forceDestroy: true });
    const { report } = checkStack(stack);
    expect(report.findings.find((f) => f.ruleId === "S3-FORCE-DESTROY")?.status).toBe("warning");
  });

  test("suppresses RULE-EVALUATION-ERROR like any rule", () => {
    const { stack } = testStack();
    const bucket = new S3Bucket(stack, "raw", { bucket: "raw-bucket" });
    SecuritySuppressions.add(bucket, [{ id: "RULE-EVALUATION-ERROR", reason: "Checked by hand in the 2024 access review." }]);
    const { report } = checkStack(stack, { rules: [THROWING_RULE] });
    expect(findingsOf(report)).toEqual(["suppressed test/raw RULE-EVALUATION-ERROR[TEST-ALWAYS-THROWS]"]);
  });
});

describe("a bad suppression throws when it is added", () => {
  test("an unknown rule ID", () => {
    const { stack } = testStack();
    expect(() => SecuritySuppressions.add(stack, [{ id: "S3-NOT-A-RULE", reason: REASON }])).toThrow(ValidationError);
    expect(() => SecuritySuppressions.add(stack, [{ id: "S3-NOT-A-RULE", reason: REASON }])).toThrow(
      'SecuritySuppression.id "S3-NOT-A-RULE" is invalid: must be a known security rule ID (IAM-ALLOW-ANY-PRINCIPAL, ' +
        "IAM-ASSUME-ROLE-STAR, IAM-CROSS-ACCOUNT-ROOT-TRUST, IAM-DATA-ROLE-KMS-ADMIN, IAM-MANAGED-FULL-ACCESS, " +
        "IAM-PASSROLE-STAR, IAM-WILDCARD-PERMISSIONS, KINESIS-STREAM-UNENCRYPTED, " +
        "RULE-EVALUATION-ERROR, S3-FORCE-DESTROY, S3-INSECURE-TRANSPORT-ALLOWED, S3-NO-DEFAULT-ENCRYPTION, " +
        "S3-PUBLIC-ACCESS-NOT-BLOCKED, TEST-ALWAYS-THROWS)",
    );
  });

  test("a reason under 20 characters, whitespace not counted", () => {
    const { stack } = testStack();
    expect(() => SecuritySuppressions.add(stack, [{ id: "S3-FORCE-DESTROY", reason: "   needed      for now   " }])).toThrow(
      'SecuritySuppression.reason "   needed      for now   " is invalid: must explain in at least 20 characters why ' +
        "S3-FORCE-DESTROY is acceptable here",
    );
  });

  test("and adds nothing when one of several suppressions is bad", () => {
    const { stack } = testStack();
    expect(() =>
      SecuritySuppressions.add(stack, [
        { id: "S3-FORCE-DESTROY", reason: REASON },
        { id: "S3-FORCE-DESTROY", reason: "short" },
      ]),
    ).toThrow(ValidationError);
    expect(SecuritySuppressions.of(stack)).toEqual([]);
  });
});
