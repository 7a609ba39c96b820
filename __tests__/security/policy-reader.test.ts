/**
 * The aspect reads policies as AWS provider 5.100 renders them (modules/private/terraform-json):
 * statements that a later document replaces by Sid are gone, so rules neither miss what Terraform
 * sends nor flag what it drops. Each case failed while the reader added source and override
 * documents together.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { testStack } from "../support/stack-json";
import { checkStack, findingsOf } from "./check-stack";

/** The findings of one rule, `<status> <path> <RULE-ID>[<finding>]`. */
function findingsOfRule(stack: ReturnType<typeof testStack>["stack"], ruleId: string): string[] {
  return findingsOf(checkStack(stack).report).filter((f) => f.includes(` ${ruleId}[`));
}

const DENY_INSECURE_TRANSPORT = {
  sid: "DenyInsecureTransport",
  effect: "Deny",
  actions: ["s3:*"],
  resources: ["arn:aws:s3:::landing-bucket", "arn:aws:s3:::landing-bucket/*"],
  principals: [{ type: "*", identifiers: ["*"] }],
  condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
};

/** A bucket whose policy merges a TLS-deny source document with an override statement of this Sid. */
function bucketWithOverride(overrideSid: string) {
  const { stack } = testStack();
  const bucket = new S3Bucket(stack, "landing", { bucket: "landing-bucket" });
  const tls = new DataAwsIamPolicyDocument(stack, "tls", { statement: [DENY_INSECURE_TRANSPORT] });
  const reader = new DataAwsIamPolicyDocument(stack, "reader", {
    statement: [{ sid: overrideSid, actions: ["s3:GetObject"], resources: ["arn:aws:s3:::landing-bucket/*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/reader"] }] }],
  });
  const merged = new DataAwsIamPolicyDocument(stack, "merged", { sourcePolicyDocuments: [tls.json], overridePolicyDocuments: [reader.json] });
  new S3BucketPolicy(stack, "landing-policy", { bucket: bucket.id, policy: merged.json });
  return stack;
}

/** A document with an Allow to anyone (Sid "Read") and an override document naming one role, with this Sid. */
function wideWithOverride(overrideSid: string) {
  const { stack } = testStack();
  const narrow = new DataAwsIamPolicyDocument(stack, "narrow", {
    statement: [{ sid: overrideSid, actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/reader"] }] }],
  });
  new DataAwsIamPolicyDocument(stack, "wide", {
    statement: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] }],
    overridePolicyDocuments: [narrow.json],
  });
  return stack;
}

describe("the security aspect sees the policy Terraform renders", () => {
  test("S3-INSECURE-TRANSPORT-ALLOWED trips when an override document replaces the TLS deny by its Sid", () => {
    expect(findingsOfRule(bucketWithOverride("DenyInsecureTransport"), "S3-INSECURE-TRANSPORT-ALLOWED")).toEqual(["error test/landing S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]"]);
  });

  test("S3-INSECURE-TRANSPORT-ALLOWED passes when the override statement has a Sid of its own", () => {
    expect(findingsOfRule(bucketWithOverride("ReadLanding"), "S3-INSECURE-TRANSPORT-ALLOWED")).toEqual([]);
  });

  test("IAM-ALLOW-ANY-PRINCIPAL does not flag an own statement that a referenced override replaces by Sid", () => {
    expect(findingsOfRule(wideWithOverride("Read"), "IAM-ALLOW-ANY-PRINCIPAL")).toEqual([]);
  });

  test("IAM-ALLOW-ANY-PRINCIPAL flags the same statement when the override has another Sid (both are rendered)", () => {
    expect(findingsOfRule(wideWithOverride("ReadNarrow"), "IAM-ALLOW-ANY-PRINCIPAL")).toEqual(["error test/wide IAM-ALLOW-ANY-PRINCIPAL[Principal::*]"]);
  });
});
