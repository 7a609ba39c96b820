import { DataAwsIamPolicy } from "@cdktf/provider-aws/lib/data-aws-iam-policy";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { BucketEncryption, DataBucket } from "../../modules/s3/data-bucket";
import { DataStream } from "../../modules/kinesis/data-stream";
import { Role } from "../../modules/iam/role";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { CrossAccountAssumeRolePair } from "../../modules/iam/cross-account-assume-role-pair";
import { EncryptionKey } from "../../modules/kms/encryption-key";
import { AccountRootPrincipal, ArnPrincipal, PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { SecurityReport } from "../../modules/security";
import { testStack } from "../support/stack-json";
import { checkStack, findingsOf } from "./check-stack";

/** The findings of one rule, `<status> <path> <RULE-ID>[<finding>]`. */
function findingsOfRule(report: SecurityReport, ruleId: string): string[] {
  return findingsOf({ ...report, findings: report.findings.filter((f) => f.ruleId === ruleId) });
}

/** The distinct messages of one rule's findings. */
function messagesOfRule(report: SecurityReport, ruleId: string): string[] {
  return [...new Set(report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message))];
}

const EC2_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

describe("IAM-ALLOW-ANY-PRINCIPAL", () => {
  test("trips on an Allow to Principal * in a policy document and to {AWS: *} in a JSON bucket policy", () => {
    const { stack } = testStack();
    new DataAwsIamPolicyDocument(stack, "open-document", {
      statement: [{ effect: "Allow", actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] }],
    });
    new S3BucketPolicy(stack, "open-bucket-policy", {
      bucket: "elsewhere-bucket",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::elsewhere-bucket/*" }],
      }),
    });
    const { report } = checkStack(stack);
    expect(findingsOf(report)).toEqual([
      "error test/open-document IAM-ALLOW-ANY-PRINCIPAL[Principal::*]",
      "error test/open-bucket-policy IAM-ALLOW-ANY-PRINCIPAL[Principal::AWS:*]",
    ]);
    expect(report.findings[0].message).toBe(
      'IAM-ALLOW-ANY-PRINCIPAL[Principal::*]: A policy statement allows any principal (Principal "*" or {"AWS":"*"}), ' +
        "so anyone in any account gets its actions. Fix: Name the principals (role ARNs, or an account with a condition); " +
        "use AnyPrincipal only in Deny statements.",
    );
  });

  test("passes a DataBucket granted to another account's role (AnyPrincipal only in its Deny statement)", () => {
    const { stack, accountA, accountB } = testStack();
    const bucket = new DataBucket(stack, "bucket", { account: accountB, bucketName: "changeme-ds" });
    const reader = new Role(stack, "reader", { account: accountA, roleName: "reader", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    bucket.grantRead(reader);
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("IAM-PASSROLE-STAR", () => {
  test("trips on iam:PassRole, iam:*, NotAction and NotResource on every role, in JSON and in lazily added statements", () => {
    const { stack, accountA } = testStack();
    new IamPolicy(stack, "pass-any-role", {
      name: "pass-any-role",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }] }),
    });
    new DataAwsIamPolicyDocument(stack, "everything-but-s3", { statement: [{ effect: "Allow", notActions: ["s3:*"], resources: ["*"] }] });
    new DataAwsIamPolicyDocument(stack, "all-roles-but-admin", {
      statement: [{ effect: "Allow", actions: ["iam:PassRole"], notResources: ["arn:aws:iam::111122223333:role/admin"] }],
    });
    const role = new Role(stack, "role", { account: accountA, roleName: "admin-ish", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    // Added after the role's policy document was created: the aspect reads the statements as synthesized.
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["iam:*"], resources: ["arn:aws:iam::111122223333:role/*"] }));
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "IAM-PASSROLE-STAR")).toEqual([
      "error test/pass-any-role IAM-PASSROLE-STAR[Resource::*]",
      "error test/everything-but-s3 IAM-PASSROLE-STAR[Resource::*]",
      "error test/all-roles-but-admin IAM-PASSROLE-STAR[NotResource::arn:aws:iam::111122223333:role/admin]",
      "error test/role/default-policy-document/document IAM-PASSROLE-STAR[Resource::arn:aws:iam::111122223333:role/*]",
    ]);
    expect(report.findings[0].message).toBe(
      "IAM-PASSROLE-STAR[Resource::*]: A statement allows iam:PassRole on every role, so the principal can hand any role, " +
        "admin roles included, to a service it controls. Fix: List the role ARNs that may be passed in resources and add an " +
        "iam:PassedToService condition.",
    );
  });

  test("passes iam:PassRole on a named role, and iam:* Deny on *", () => {
    const { stack, accountA } = testStack();
    const role = new Role(stack, "role", { account: accountA, roleName: "launcher", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["iam:PassRole"], resources: ["arn:aws:iam::111122223333:role/instance-role"] }).addCondition(
        "StringEquals",
        "iam:PassedToService",
        ["ec2.amazonaws.com"],
      ),
    );
    new DataAwsIamPolicyDocument(stack, "deny-iam", { statement: [{ effect: "Deny", actions: ["iam:*"], resources: ["*"] }] });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("IAM-MANAGED-FULL-ACCESS", () => {
  test("trips on a *FullAccess attachment, AdministratorAccess in managed_policy_arns and a FullAccess policy lookup", () => {
    const { stack } = testStack();
    const role = new IamRole(stack, "role", {
      name: "broad",
      assumeRolePolicy: EC2_TRUST,
      managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    });
    new IamRolePolicyAttachment(stack, "s3-full", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" });
    const lookup = new DataAwsIamPolicy(stack, "kinesis-full", { name: "AmazonKinesisFullAccess" });
    new IamRolePolicyAttachment(stack, "kinesis-full-attachment", { role: role.name, policyArn: lookup.arn });
    const { report } = checkStack(stack);
    expect(findingsOf(report)).toEqual([
      "error test/role IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AdministratorAccess]",
      "error test/s3-full IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AmazonS3FullAccess]",
      "error test/kinesis-full-attachment IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AmazonKinesisFullAccess]",
    ]);
    expect(report.findings[1].message).toBe(
      "IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AmazonS3FullAccess]: An AWS-managed *FullAccess (or " +
        "AdministratorAccess/PowerUserAccess) policy is attached, granting whole services on every resource. Fix: Grant the " +
        "actions needed on named resources (DataBucket.grantRead, grant(), a scoped PolicyDocument) instead of a managed policy.",
    );
  });

  test("passes a read-only managed policy attached with Role.attachManagedPolicy", () => {
    const { stack, accountA } = testStack();
    const role = new Role(stack, "role", { account: accountA, roleName: "reader", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    role.attachManagedPolicy("s3-read-only", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("IAM-CROSS-ACCOUNT-ROOT-TRUST", () => {
  test("trips on another account's root without a condition, and on a bare account ID with only an IfExists external ID", () => {
    const { stack, accountB } = testStack();
    const trust = new DataAwsIamPolicyDocument(stack, "trust-a-root", {
      provider: accountB.provider,
      statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] }],
    });
    new IamRole(stack, "role-in-b", { provider: accountB.provider, name: "open-to-a", assumeRolePolicy: trust.json });
    new IamRole(stack, "json-role-in-b", {
      provider: accountB.provider,
      name: "open-to-a-json",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "111122223333" },
            Action: "sts:AssumeRole",
            Condition: { StringEqualsIfExists: { "sts:ExternalId": "only-if-sent" } },
          },
        ],
      }),
    });
    const { report } = checkStack(stack);
    expect(findingsOf(report)).toEqual([
      "error test/role-in-b IAM-CROSS-ACCOUNT-ROOT-TRUST[Principal::arn:aws:iam::111122223333:root]",
      "error test/json-role-in-b IAM-CROSS-ACCOUNT-ROOT-TRUST[Principal::111122223333]",
    ]);
    expect(report.findings[0].message).toBe(
      "IAM-CROSS-ACCOUNT-ROOT-TRUST[Principal::arn:aws:iam::111122223333:root]: The trust policy lets any principal of another " +
        "account assume the role (account root, no sts:ExternalId or principal condition). Fix: Trust the other account's role " +
        "ARN, or set Role.externalId (an sts:ExternalId condition).",
    );
  });

  test("passes another account's root with an external ID, a named role ARN, and the role's own account root", () => {
    const { stack, accountA, accountB } = testStack();
    new Role(stack, "with-external-id", {
      account: accountB,
      roleName: "with-external-id",
      assumedBy: [new AccountRootPrincipal("111122223333")],
      externalId: "databricks-account-id",
    });
    new Role(stack, "named-role", {
      account: accountB,
      roleName: "named-role",
      assumedBy: [new ArnPrincipal("arn:aws:iam::111122223333:role/MyRoleA", "111122223333")],
    });
    new Role(stack, "own-account", { account: accountA, roleName: "own-account", assumedBy: [new AccountRootPrincipal("111122223333")] });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("S3-PUBLIC-ACCESS-NOT-BLOCKED", () => {
  test("trips on a bucket without a public access block and on a block with a flag off", () => {
    const { stack } = testStack();
    new S3Bucket(stack, "unblocked", { bucket: "unblocked-bucket" });
    const halfBlocked = new S3Bucket(stack, "half-blocked", { bucket: "half-blocked-bucket" });
    new S3BucketPublicAccessBlock(stack, "half-block", {
      bucket: halfBlocked.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: false,
    });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "S3-PUBLIC-ACCESS-NOT-BLOCKED")).toEqual([
      "error test/unblocked S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]",
      "error test/half-blocked S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::restrict_public_buckets=false]",
    ]);
    expect(report.findings[0].message).toBe(
      "S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]: The bucket has no public access block with all four settings " +
        "true, so an ACL or a bucket policy can make it public. Fix: Use DataBucket, or add aws_s3_bucket_public_access_block " +
        "with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets true.",
    );
  });

  test("passes a DataBucket, and a bucket covered by its account's public access block", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    new S3Bucket(stack, "raw", { bucket: "raw-bucket" });
    new S3AccountPublicAccessBlock(stack, "account-block", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(findingsOfRule(checkStack(stack).report, "S3-PUBLIC-ACCESS-NOT-BLOCKED")).toEqual([]);
  });
});

describe("S3-NO-DEFAULT-ENCRYPTION", () => {
  test("trips (warning) on a bucket without a server-side encryption configuration", () => {
    const { stack } = testStack();
    new S3Bucket(stack, "plain", { bucket: "plain-bucket" });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "S3-NO-DEFAULT-ENCRYPTION")).toEqual(["warning test/plain S3-NO-DEFAULT-ENCRYPTION[ServerSideEncryption::missing]"]);
    expect(messagesOfRule(report, "S3-NO-DEFAULT-ENCRYPTION")).toEqual([
      "S3-NO-DEFAULT-ENCRYPTION[ServerSideEncryption::missing]: The bucket has no server-side encryption configuration, so it " +
        "relies on the implicit SSE-S3 default and cannot use a KMS key. Fix: Use DataBucket (encryption S3_MANAGED or KMS), or " +
        "add aws_s3_bucket_server_side_encryption_configuration.",
    ]);
  });

  test("passes DataBuckets encrypted with SSE-S3 and with SSE-KMS", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "s3-managed", { account: accountA, bucketName: "s3-managed-ds" });
    new DataBucket(stack, "kms", { account: accountA, bucketName: "kms-ds", encryption: BucketEncryption.KMS });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("S3-INSECURE-TRANSPORT-ALLOWED", () => {
  test("trips on a bucket without a policy and on policies that do not deny insecure transport", () => {
    const { stack } = testStack();
    new S3Bucket(stack, "no-policy", { bucket: "no-policy-bucket" });
    const allowOnly = new S3Bucket(stack, "allow-only", { bucket: "allow-only-bucket" });
    const document = new DataAwsIamPolicyDocument(stack, "allow-only-document", {
      statement: [
        {
          effect: "Allow",
          actions: ["s3:GetObject"],
          resources: ["arn:aws:s3:::allow-only-bucket/*"],
          principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/reader"] }],
        },
      ],
    });
    new S3BucketPolicy(stack, "allow-only-policy", { bucket: allowOnly.id, policy: document.json });
    // Denies TLS requests instead of plain HTTP ones: a typo that must not count.
    const inverted = new S3Bucket(stack, "inverted", { bucket: "inverted-bucket" });
    new S3BucketPolicy(stack, "inverted-policy", {
      bucket: inverted.bucket,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::inverted-bucket/*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
        ],
      }),
    });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "S3-INSECURE-TRANSPORT-ALLOWED")).toEqual([
      "error test/no-policy S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::missing]",
      "error test/allow-only S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]",
      "error test/inverted S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]",
    ]);
    expect(messagesOfRule(report, "S3-INSECURE-TRANSPORT-ALLOWED")[1]).toBe(
      "S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]: The bucket policy does not deny requests with " +
        "aws:SecureTransport = false, so data can be read or written over plain HTTP. Fix: Use DataBucket, or add a Deny of " +
        's3:* to Principal "*" with condition Bool aws:SecureTransport = false to the bucket policy.',
    );
  });

  test("passes a DataBucket whose policy also merges a document unknown before apply", () => {
    const { stack, accountA } = testStack();
    const bucket = new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    bucket.addPolicyDocument(new DataAwsIamPolicy(stack, "unknown-until-apply", { name: "partner-bucket-policy" }).policy);
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("S3-FORCE-DESTROY", () => {
  test("trips (warning) on a DataBucket with forceDestroy", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "scratch-ds", forceDestroy: true });
    const { report, annotations } = checkStack(stack);
    expect(findingsOf(report)).toEqual(["warning test/bucket/bucket S3-FORCE-DESTROY[ForceDestroy::true]"]);
    expect(annotations).toEqual([
      {
        level: "warning",
        path: "test/bucket/bucket",
        message:
          "S3-FORCE-DESTROY[ForceDestroy::true]: force_destroy = true lets terraform destroy delete the bucket together with every " +
          "object in it. Fix: Leave force_destroy false (DataBucket's default), or suppress with the reason the data is disposable.",
      },
    ]);
  });

  test("passes a DataBucket with the default (force_destroy = false)", () => {
    const { stack, accountA } = testStack();
    new DataBucket(stack, "bucket", { account: accountA, bucketName: "changeme-ds" });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("KINESIS-STREAM-UNENCRYPTED", () => {
  test("trips on a stream without encryption_type and on encryption_type NONE", () => {
    const { stack } = testStack();
    new KinesisStream(stack, "default-stream", { name: "default-stream", shardCount: 1 });
    new KinesisStream(stack, "none-stream", { name: "none-stream", shardCount: 1, encryptionType: "NONE" });
    const { report } = checkStack(stack);
    expect(findingsOf(report)).toEqual([
      "error test/default-stream KINESIS-STREAM-UNENCRYPTED[EncryptionType::NONE]",
      "error test/none-stream KINESIS-STREAM-UNENCRYPTED[EncryptionType::NONE]",
    ]);
    expect(report.findings[0].message).toBe(
      "KINESIS-STREAM-UNENCRYPTED[EncryptionType::NONE]: The Kinesis stream keeps records unencrypted at rest (encryption_type " +
        'is not KMS). Fix: Set encryption_type = "KMS" and kms_key_id (alias/aws/kinesis or a customer-managed key).',
    );
  });

  test("passes a DataStream (KMS with the AWS-managed key by default)", () => {
    const { stack, accountA } = testStack();
    new DataStream(stack, "stream", { account: accountA, streamName: "events" });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("broad identity policies (issue: s3:*, kms:*, kinesis:* on * and sts:AssumeRole on * reported nothing)", () => {
  /** A data role reading a SSE-KMS bucket and an instance-profile role, as the data-access stack has them. */
  function dataRoleStack() {
    const t = testStack();
    const bucket = new DataBucket(t.stack, "bucket", { account: t.accountA, bucketName: "changeme-ds", encryption: BucketEncryption.KMS });
    const dataRole = new Role(t.stack, "data-role", { account: t.accountA, roleName: "data-role", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    bucket.grantReadWrite(dataRole);
    const instanceProfileRole = new InstanceProfileRole(t.stack, "instance", { account: t.accountA, roleName: "instance-role" });
    return { ...t, dataRole, instanceProfileRole };
  }

  test("each broad grant is reported by the rule for it", () => {
    const { stack, dataRole, instanceProfileRole } = dataRoleStack();
    dataRole.addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:*", "kms:*", "kinesis:*"], resources: ["*"] }));
    instanceProfileRole.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["sts:AssumeRole"], resources: ["*"] }));
    const { report } = checkStack(stack);
    expect(findingsOf(report)).toEqual([
      "error test/data-role/role IAM-DATA-ROLE-KMS-ADMIN[Action::kms:*]",
      "error test/data-role/default-policy-document/document IAM-WILDCARD-PERMISSIONS[Action::s3:*]",
      "error test/data-role/default-policy-document/document IAM-WILDCARD-PERMISSIONS[Action::kms:*]",
      "error test/data-role/default-policy-document/document IAM-WILDCARD-PERMISSIONS[Action::kinesis:*]",
      "error test/data-role/default-policy-document/document IAM-WILDCARD-PERMISSIONS[Resource::*]",
      "error test/instance/role/default-policy-document/document IAM-WILDCARD-PERMISSIONS[Resource::*]",
      "error test/instance/role/default-policy-document/document IAM-ASSUME-ROLE-STAR[Resource::*]",
    ]);
  });

  test("the same roles with the constructs' grants only pass", () => {
    const { stack } = dataRoleStack();
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("IAM-WILDCARD-PERMISSIONS", () => {
  test("trips on action wildcards, NotAction, NotResource and every-resource ARNs, in JSON and documents", () => {
    const { stack } = testStack();
    new IamPolicy(stack, "json-policy", {
      name: "json-policy",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "kinesis:Get*", Resource: "arn:aws:kinesis:us-east-1:111122223333:stream/*" },
          { Effect: "Allow", NotAction: "iam:*", NotResource: "arn:aws:s3:::secret/*" },
        ],
      }),
    });
    new DataAwsIamPolicyDocument(stack, "every-bucket", {
      statement: [{ effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::*/*", "arn:aws:logs:us-east-1:111122223333:log-group:*"] }],
    });
    // Without its namespace condition PutMetricData on * is not an exception.
    new DataAwsIamPolicyDocument(stack, "metrics-anywhere", { statement: [{ effect: "Allow", actions: ["cloudwatch:PutMetricData"], resources: ["*"] }] });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "IAM-WILDCARD-PERMISSIONS")).toEqual([
      "error test/json-policy IAM-WILDCARD-PERMISSIONS[Action::kinesis:Get*]",
      "error test/json-policy IAM-WILDCARD-PERMISSIONS[Resource::arn:aws:kinesis:us-east-1:111122223333:stream/*]",
      "error test/json-policy IAM-WILDCARD-PERMISSIONS[NotAction::iam:*]",
      "error test/json-policy IAM-WILDCARD-PERMISSIONS[NotResource::arn:aws:s3:::secret/*]",
      "error test/every-bucket IAM-WILDCARD-PERMISSIONS[Resource::arn:aws:s3:::*/*]",
      "error test/every-bucket IAM-WILDCARD-PERMISSIONS[Resource::arn:aws:logs:us-east-1:111122223333:log-group:*]",
      "error test/metrics-anywhere IAM-WILDCARD-PERMISSIONS[Resource::*]",
    ]);
    expect(messagesOfRule(report, "IAM-WILDCARD-PERMISSIONS")[0]).toBe(
      "IAM-WILDCARD-PERMISSIONS[Action::kinesis:Get*]: An identity policy allows a wildcard action (s3:*, NotAction) or every " +
        "resource of a type (*, NotResource), which grants far more than the task needs. Fix: List the actions " +
        "(BUCKET_READ_ACTIONS, STREAM_READ_ACTIONS) and the resource ARNs; use the constructs' grant methods, which do.",
    );
  });

  test("passes the documented exceptions, one resource's children, and resource policies (checked by other rules)", () => {
    const { stack } = testStack();
    new DataAwsIamPolicyDocument(stack, "exceptions", {
      statement: [
        {
          effect: "Allow",
          actions: ["cloudwatch:PutMetricData"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["StockTradesProcessor"] }],
        },
        { effect: "Allow", actions: ["sts:GetCallerIdentity", "kinesis:ListStreams"], resources: ["*"] },
        { effect: "Allow", actions: ["kms:GenerateDataKey*", "kms:ReEncrypt*"], resources: ["arn:aws:kms:us-east-1:111122223333:key/abcd"] },
        { effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::changeme-ds/*"] },
        { effect: "Allow", actions: ["kinesis:SubscribeToShard"], resources: ["arn:aws:kinesis:us-east-1:111122223333:stream/s/consumer/*"] },
        // Denies narrow, whatever their wildcards.
        { effect: "Deny", actions: ["s3:*"], resources: ["*"] },
      ],
    });
    // A key policy: its statements name principals, so they are not identity statements.
    new DataAwsIamPolicyDocument(stack, "key-policy", {
      statement: [{ effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] }],
    });
    expect(findingsOfRule(checkStack(stack).report, "IAM-WILDCARD-PERMISSIONS")).toEqual([]);
  });
});

describe("IAM-ASSUME-ROLE-STAR", () => {
  test("trips on sts:AssumeRole through sts:* on every role of any account, and through NotAction with NotResource", () => {
    const { stack } = testStack();
    new DataAwsIamPolicyDocument(stack, "any-role", { statement: [{ effect: "Allow", actions: ["sts:*"], resources: ["arn:aws:iam::*:role/*"] }] });
    new DataAwsIamPolicyDocument(stack, "not-action", {
      statement: [{ effect: "Allow", notActions: ["s3:*"], notResources: ["arn:aws:iam::111122223333:role/admin"] }],
    });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "IAM-ASSUME-ROLE-STAR")).toEqual([
      "error test/any-role IAM-ASSUME-ROLE-STAR[Resource::arn:aws:iam::*:role/*]",
      "error test/not-action IAM-ASSUME-ROLE-STAR[NotResource::arn:aws:iam::111122223333:role/admin]",
    ]);
    expect(messagesOfRule(report, "IAM-ASSUME-ROLE-STAR")[0]).toBe(
      "IAM-ASSUME-ROLE-STAR[Resource::arn:aws:iam::*:role/*]: An identity policy allows sts:AssumeRole on every role, so the " +
        "principal can become any role whose trust policy admits its account. Fix: Name the role ARNs it may assume " +
        "(CrossAccountAssumeRolePair does: exactly the target role).",
    );
  });

  test("passes a CrossAccountAssumeRolePair (exactly the target role) and a trust policy's sts:AssumeRole", () => {
    const { stack, accountA, accountB } = testStack();
    new CrossAccountAssumeRolePair(stack, "pair", { sourceAccount: accountA, targetAccount: accountB, sourceRoleName: "MyRoleA", targetRoleName: "MyRoleB" });
    expect(checkStack(stack).report.findings).toEqual([]);
  });
});

describe("IAM-DATA-ROLE-KMS-ADMIN", () => {
  test("trips on a data role allowed key administration through an attached policy, an inline policy and NotAction", () => {
    const { stack } = testStack();
    const keyAdminPolicy = new IamPolicy(stack, "key-admin", {
      name: "key-admin",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:PutKeyPolicy", "kms:Decrypt"], Resource: "arn:aws:kms:us-east-1:111122223333:key/abcd" }],
      }),
    });
    const role = new IamRole(stack, "reader", {
      name: "reader",
      assumeRolePolicy: EC2_TRUST,
      inlinePolicy: [
        {
          name: "data",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::changeme-ds/*" },
              { Effect: "Allow", NotAction: "s3:*", Resource: "arn:aws:kms:us-east-1:111122223333:key/abcd" },
            ],
          }),
        },
      ],
    });
    new IamRolePolicyAttachment(stack, "key-admin-attachment", { role: role.name, policyArn: keyAdminPolicy.arn });
    const { report } = checkStack(stack);
    expect(findingsOfRule(report, "IAM-DATA-ROLE-KMS-ADMIN")).toEqual([
      "error test/reader IAM-DATA-ROLE-KMS-ADMIN[NotAction::s3:*]",
      "error test/reader IAM-DATA-ROLE-KMS-ADMIN[Action::kms:PutKeyPolicy]",
    ]);
    expect(messagesOfRule(report, "IAM-DATA-ROLE-KMS-ADMIN")[1]).toBe(
      "IAM-DATA-ROLE-KMS-ADMIN[Action::kms:PutKeyPolicy]: A role that reads or writes data is allowed KMS operations beyond a " +
        "key user's (key policy, grants, deletion), so it can take control of the key protecting the data. Fix: Give data roles " +
        "only key-user actions (grantDecrypt, grantEncryptDecrypt); administer keys from a separate role.",
    );
  });

  test("passes a key user's actions on a data role, and key administration on a role that reads no data", () => {
    const { stack, accountA } = testStack();
    const key = new EncryptionKey(stack, "key", { account: accountA, description: "data key" });
    const stream = new DataStream(stack, "stream", { account: accountA, streamName: "events", encryptionKey: key });
    const consumer = new Role(stack, "consumer", { account: accountA, roleName: "consumer", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    stream.grantRead(consumer);
    key.grantEncryptDecrypt(consumer);
    const keyAdmin = new Role(stack, "key-admin", { account: accountA, roleName: "key-admin", assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    keyAdmin.addToPrincipalPolicy(new PolicyStatement({ actions: ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], resources: [key.keyArn] }));
    expect(findingsOfRule(checkStack(stack).report, "IAM-DATA-ROLE-KMS-ADMIN")).toEqual([]);
  });
});

// Each test here fails if the rule is weakened at one edge (tried one change at a time).
describe("rule edges", () => {
  test("S3-PUBLIC-ACCESS-NOT-BLOCKED: another account's account-level block does not cover the bucket", () => {
    const { stack, accountB } = testStack();
    new S3Bucket(stack, "in-a", { bucket: "in-a-bucket" });
    new S3AccountPublicAccessBlock(stack, "block-in-b", {
      provider: accountB.provider,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(findingsOfRule(checkStack(stack).report, "S3-PUBLIC-ACCESS-NOT-BLOCKED")).toEqual([
      "error test/in-a S3-PUBLIC-ACCESS-NOT-BLOCKED[PublicAccessBlock::missing]",
    ]);
  });

  test("IAM-ALLOW-ANY-PRINCIPAL: an Allow with NotPrincipal (everyone but the listed) is reported; a Deny with it is not", () => {
    const { stack } = testStack();
    new DataAwsIamPolicyDocument(stack, "not-principal", {
      statement: [
        { effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/x"] }] },
        { effect: "Deny", actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"], notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:role/x"] }] },
      ],
    });
    expect(findingsOfRule(checkStack(stack).report, "IAM-ALLOW-ANY-PRINCIPAL")).toEqual([
      "error test/not-principal IAM-ALLOW-ANY-PRINCIPAL[NotPrincipal::AWS:arn:aws:iam::111122223333:role/x]",
    ]);
  });

  test("IAM-CROSS-ACCOUNT-ROOT-TRUST: a negated operator on sts:ExternalId restricts nothing", () => {
    const { stack, accountB } = testStack();
    new IamRole(stack, "negated", {
      provider: accountB.provider,
      name: "negated",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: "sts:AssumeRole",
            Condition: { StringNotEquals: { "sts:ExternalId": "not-this-one" } },
          },
        ],
      }),
    });
    expect(findingsOfRule(checkStack(stack).report, "IAM-CROSS-ACCOUNT-ROOT-TRUST")).toEqual([
      "error test/negated IAM-CROSS-ACCOUNT-ROOT-TRUST[Principal::arn:aws:iam::111122223333:root]",
    ]);
  });

  test("S3-INSECURE-TRANSPORT-ALLOWED: a TLS deny for one principal only, or for s3:GetObject only, is not TLS-only", () => {
    const { stack } = testStack();
    const tlsDeny = (bucket: string, principal: unknown, action: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Deny", Principal: principal, Action: action, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ],
      });
    const onePrincipal = new S3Bucket(stack, "one-principal", { bucket: "one-principal-bucket" });
    new S3BucketPolicy(stack, "one-principal-policy", { bucket: onePrincipal.id, policy: tlsDeny("one-principal-bucket", { AWS: "arn:aws:iam::111122223333:role/x" }, "s3:*") });
    const getOnly = new S3Bucket(stack, "get-only", { bucket: "get-only-bucket" });
    new S3BucketPolicy(stack, "get-only-policy", { bucket: getOnly.id, policy: tlsDeny("get-only-bucket", "*", "s3:GetObject") });
    const complete = new S3Bucket(stack, "complete", { bucket: "complete-bucket" });
    new S3BucketPolicy(stack, "complete-policy", { bucket: complete.id, policy: tlsDeny("complete-bucket", "*", "s3:*") });
    expect(findingsOfRule(checkStack(stack).report, "S3-INSECURE-TRANSPORT-ALLOWED")).toEqual([
      "error test/one-principal S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]",
      "error test/get-only S3-INSECURE-TRANSPORT-ALLOWED[BucketPolicy::no-deny-insecure-transport]",
    ]);
  });

  test("IAM-MANAGED-FULL-ACCESS: PowerUserAccess, and user and group attachments, are checked", () => {
    const { stack } = testStack();
    new IamUserPolicyAttachment(stack, "user-power", { user: "alice", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    new IamGroupPolicyAttachment(stack, "group-full", { group: "analysts", policyArn: "arn:aws:iam::aws:policy/AmazonKinesisFullAccess" });
    new IamGroupPolicyAttachment(stack, "group-read-only", { group: "analysts", policyArn: "arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess" });
    expect(findingsOfRule(checkStack(stack).report, "IAM-MANAGED-FULL-ACCESS")).toEqual([
      "error test/user-power IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/PowerUserAccess]",
      "error test/group-full IAM-MANAGED-FULL-ACCESS[PolicyArn::arn:aws:iam::aws:policy/AmazonKinesisFullAccess]",
    ]);
  });
});
