import * as fs from "fs";
import * as path from "path";
import { Aspects, TerraformElement, TerraformStack, Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { DataBucket } from "../../modules/s3/data-bucket";
import { Role } from "../../modules/iam/role";
import { ServicePrincipal } from "../../modules/iam/policy-statement";
import {
  BlockKind,
  DATA_ACCESS_SECURITY_RULES,
  DataAccessSecurityChecks,
  NOT_APPLICABLE,
  RuleCompliance,
  SECURITY_REPORT_FILE,
  SecurityRuleLevel,
  defineSecurityRule,
} from "../../modules/security";
import { testStack } from "../support/stack-json";
import { annotationsOf, checkStack, findingsOf } from "./check-stack";

// Test rules are defined once per file: rule IDs are unique.
const THROWING_RULE = defineSecurityRule({
  id: "TEST-THROWS-ON-BUCKETS",
  level: SecurityRuleLevel.ERROR,
  explanation: "Throws on every bucket.",
  fix: "Nothing to fix.",
  evaluate: (block) => {
    if (block.type === "aws_s3_bucket") throw new Error(`cannot read ${block.address}`);
    return NOT_APPLICABLE;
  },
});
const MUTATING_RULE = defineSecurityRule({
  id: "TEST-MUTATES-CONFIG",
  level: SecurityRuleLevel.ERROR,
  explanation: "Tries to change the block it checks.",
  fix: "Rules are pure.",
  evaluate: (block) => {
    if (block.kind === BlockKind.RESOURCE) (block.config as Record<string, unknown>).force_destroy = true;
    return NOT_APPLICABLE;
  },
});

const UNNAMED_FINDING_RULE = defineSecurityRule({
  id: "TEST-UNNAMED-FINDING",
  level: SecurityRuleLevel.WARNING,
  explanation: "Flags every bucket without naming a finding.",
  fix: "Nothing to fix.",
  evaluate: (block) => (block.type === "aws_s3_bucket" ? { compliance: RuleCompliance.NON_COMPLIANT, findings: [] } : NOT_APPLICABLE),
});

const PAB_MISSING =
  "S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]: The bucket has no public access block with all four settings " +
  "true, so an ACL or a bucket policy can make it public. Fix: Use DataBucket, or add aws_s3_bucket_public_access_block " +
  "with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets true.";

/** A stack with one unprotected bucket (error findings) and the checks applied. */
function stackWithRawBucket(): { app: ReturnType<typeof testStack>["app"]; stack: TerraformStack } {
  const { app, stack } = testStack();
  new S3Bucket(stack, "raw", { bucket: "raw-bucket" });
  Aspects.of(stack).add(new DataAccessSecurityChecks());
  return { app, stack };
}

describe("error findings fail synthesis", () => {
  test("app.synth() throws, naming the construct and the finding", () => {
    const { app } = stackWithRawBucket();
    expect(() => app.synth()).toThrow(`[test/raw] ${PAB_MISSING}`);
  });

  test("Testing.fullSynth(stack) throws like app.synth()", () => {
    const { stack } = stackWithRawBucket();
    expect(() => Testing.fullSynth(stack)).toThrow(`[test/raw] ${PAB_MISSING}`);
  });

  test("Testing.synth(stack) does not throw, but the error annotation is on the construct", () => {
    const { stack } = stackWithRawBucket();
    Testing.synth(stack);
    expect(annotationsOf(stack).filter((a) => a.level === "error")).toEqual([
      { level: "error", path: "test/raw", message: PAB_MISSING },
      {
        level: "error",
        path: "test/raw",
        message:
          "S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::missing]: The bucket policy does not deny requests with " +
          "aws:SecureTransport = false, so data can be read or written over plain HTTP. Fix: Use DataBucket, or add a Deny of " +
          's3:* to Principal "*" with condition Bool aws:SecureTransport = false to the bucket policy.',
      },
    ]);
  });

  test("warnings alone do not fail app.synth()", () => {
    const { app, stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "scratch-ds", forceDestroy: true });
    Aspects.of(stack).add(new DataAccessSecurityChecks());
    expect(() => app.synth()).not.toThrow();
  });
});

describe("security report", () => {
  test("is written next to cdk.tf.json with every finding and its status", () => {
    const { app } = stackWithRawBucket();
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", "test", SECURITY_REPORT_FILE), "utf8"));
    expect(report.stack).toBe("test");
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(DATA_ACCESS_SECURITY_RULES.map((r) => r.id));
    expect(report.summary).toEqual({ error: 2, warning: 1, suppressed: 0 });
    expect(findingsOf(report)).toEqual([
      "error test/raw S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]",
      "warning test/raw S3-NO-DEFAULT-ENCRYPTION[ServerSideEncryption::missing]",
      "error test/raw S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::missing]",
    ]);
    expect(report.findings[0]).toEqual({
      ruleId: "S3-PUBLIC-ACCESS-NOT-BLOCKED",
      finding: "PublicAccessBlock::missing",
      level: "error",
      status: "error",
      constructPath: "test/raw",
      address: "aws_s3_bucket.raw",
      message: PAB_MISSING,
    });
    // Synthesis stopped before writing cdk.tf.json; the report, written during the checks, says why.
    expect(fs.existsSync(path.join(app.outdir, "stacks", "test", "cdk.tf.json"))).toBe(false);
  });

  test("is written for a clean stack too, with no findings", () => {
    const { app, stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    Aspects.of(stack).add(new DataAccessSecurityChecks());
    app.synth();
    const dir = path.join(app.outdir, "stacks", "test");
    expect(fs.readdirSync(dir).sort()).toEqual(["cdk.tf.json", SECURITY_REPORT_FILE]);
    const report = JSON.parse(fs.readFileSync(path.join(dir, SECURITY_REPORT_FILE), "utf8"));
    expect(report.summary).toEqual({ error: 0, warning: 0, suppressed: 0 });
    expect(report.findings).toEqual([]);
  });

  test("writeReport: false writes nothing", () => {
    const { app, stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    Aspects.of(stack).add(new DataAccessSecurityChecks({ writeReport: false }));
    app.synth();
    expect(fs.readdirSync(path.join(app.outdir, "stacks", "test"))).toEqual(["cdk.tf.json"]);
  });
});

describe("where the checks are added", () => {
  test("added to the App, synthesis fails instead of checking nothing", () => {
    const { app, stack } = testStack();
    new S3Bucket(stack, "raw", { bucket: "raw-bucket" });
    Aspects.of(app).add(new DataAccessSecurityChecks());
    expect(() => app.synth()).toThrow(
      "DataAccessSecurityChecks was added to the App, where cdktf 0.21 never runs aspects, so stack 'test' would not be checked. " +
        "Add it to each stack: DataAccessSecurityChecks.addToEachStack(app).",
    );
  });

  test("addToEachStack checks every stack of the app with one instance", () => {
    const { app, stack: first, accountA } = testStack("first");
    new DataBucket(first, "bucket", { account: accountA, bucketName: "scratch-ds", forceDestroy: true });
    const second = new TerraformStack(app, "second");
    new AwsAccountProvider(second, "account", { accountId: "111122223333", region: "us-east-1" });
    new S3Bucket(second, "raw", { bucket: "raw-bucket" });
    const checks = DataAccessSecurityChecks.addToEachStack(app);
    expect(() => app.synth()).toThrow(`[second/raw] ${PAB_MISSING}`);
    expect(findingsOf(checks.reportFor(first))).toEqual(["warning first/bucket/bucket S3-FORCE-DESTROY[ForceDestroy::true]"]);
    expect(findingsOf(checks.reportFor(second))).toEqual([
      "error second/raw S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]",
      "warning second/raw S3-NO-DEFAULT-ENCRYPTION[ServerSideEncryption::missing]",
      "error second/raw S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::missing]",
    ]);
  });
});

describe("rules that throw", () => {
  test("are reported as RULE-EVALUATION-ERROR warnings; the other rules still run and synthesis goes on", () => {
    const { app, stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds", forceDestroy: true });
    const checks = new DataAccessSecurityChecks({ rules: [THROWING_RULE, ...DATA_ACCESS_SECURITY_RULES] });
    Aspects.of(stack).add(checks);
    expect(() => app.synth()).not.toThrow();
    const report = checks.reportFor(stack);
    expect(findingsOf(report)).toEqual([
      "warning test/bucket/bucket RULE-EVALUATION-ERROR[TEST-THROWS-ON-BUCKETS]",
      "warning test/bucket/bucket S3-FORCE-DESTROY[ForceDestroy::true]",
    ]);
    expect(report.findings[0].message).toBe(
      "RULE-EVALUATION-ERROR[TEST-THROWS-ON-BUCKETS]: A security rule threw while checking this block, so that rule did not " +
        "check it. (TEST-THROWS-ON-BUCKETS threw: cannot read aws_s3_bucket.bucket_3056591E) Fix: Fix the rule (the finding " +
        "names it); suppress RULE-EVALUATION-ERROR only after checking the block by hand.",
    );
  });

  test("cannot change the configuration they check: it is frozen", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    const { report } = checkStack(stack, { rules: [MUTATING_RULE] });
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.ruleId).toBe("RULE-EVALUATION-ERROR");
      expect(finding.message).toMatch(/\(TEST-MUTATES-CONFIG threw: Cannot (assign to read only property 'force_destroy'|add property force_destroy)/);
    }
  });
});

describe("custom rules", () => {
  test("a non-compliant result without finding IDs is reported under the bare rule ID", () => {
    const { stack } = testStack();
    new S3Bucket(stack, "raw", { bucket: "raw-bucket" });
    const { report } = checkStack(stack, { rules: [UNNAMED_FINDING_RULE] });
    expect(report.findings.map((f) => f.message)).toEqual(["TEST-UNNAMED-FINDING: Flags every bucket without naming a finding. Fix: Nothing to fix."]);
  });
});

describe("cost and repeat runs", () => {
  test("resolves each block at most once per stack, however many rules read it", () => {
    const { stack, accountA } = testStack();
    const bucket = new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    bucket.grantRead(new Role(stack, "reader", { account: accountA, roleName: "reader", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] }));
    const checks = new DataAccessSecurityChecks();
    Aspects.of(stack).add(checks);
    const calls = new Map<string, number>();
    for (const element of stack.node.findAll().filter(TerraformElement.isTerraformElement)) {
      const original = element.toTerraform.bind(element);
      element.toTerraform = () => {
        calls.set(element.node.path, (calls.get(element.node.path) ?? 0) + 1);
        return original();
      };
    }
    Testing.synth(stack);
    // Synthesizing the JSON reads every element once; the checks add at most one read per element.
    const counts = [...calls.values()];
    expect(counts.length).toBeGreaterThan(10);
    expect(counts.filter((n) => n === 2).length).toBeGreaterThan(10);
    expect(Math.max(...counts)).toBe(2);
  });

  test("a second synthesis of the same tree reports each finding once", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "scratch-ds", forceDestroy: true });
    const checks = new DataAccessSecurityChecks();
    Aspects.of(stack).add(checks);
    Testing.synth(stack);
    Testing.synth(stack);
    expect(findingsOf(checks.reportFor(stack))).toEqual(["warning test/bucket/bucket S3-FORCE-DESTROY[ForceDestroy::true]"]);
    expect(annotationsOf(stack)).toHaveLength(1);
  });
});

describe("defineSecurityRule", () => {
  const rule = { level: SecurityRuleLevel.WARNING, explanation: "x", fix: "y", evaluate: () => NOT_APPLICABLE };
  test("rejects malformed and duplicate rule IDs", () => {
    expect(() => defineSecurityRule({ ...rule, id: "lower-case" })).toThrow(
      `SecurityRule.id "lower-case" is invalid: must be upper-case words of letters and digits joined by '-', e.g. S3-FORCE-DESTROY`,
    );
    expect(() => defineSecurityRule({ ...rule, id: "S3-FORCE-DESTROY" })).toThrow(
      `SecurityRule.id "S3-FORCE-DESTROY" is invalid: must be unique: a rule with this ID is already defined`,
    );
  });
});
