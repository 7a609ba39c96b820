import { UnityCatalogStorageCredential } from "../../modules/databricks/unity-catalog-storage-credential";
import { UnityCatalogRole } from "../../modules/databricks/unity-catalog-role";
import { DataBucket } from "../../modules/s3/data-bucket";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { onlyResource, policyDocumentOf, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";
import { storageCredentialStack } from "../support/unity-catalog";
import { checkStack, findingsOf } from "../security/check-stack";

const withCredential = storageCredentialStack;

describe("UnityCatalogStorageCredential: the first apply (credential first, then the role with its external ID)", () => {
  const t = withCredential();
  const json = synthJson(t.stack);
  const credential = onlyResource(json, "databricks_storage_credential");
  const role = onlyResource(json, "aws_iam_role");
  const trustSource = Object.values(json.data!.databricks_aws_unity_catalog_assume_role_policy)[0] as any;

  test("the credential names the role by its computed ARN, not by a reference (which would be a cycle)", () => {
    expect(credential.aws_iam_role).toEqual({ role_arn: "arn:aws:iam::444455556666:role/changeme-uc-storage" });
    expect(JSON.stringify(credential)).not.toContain("aws_iam_role.");
    expect(UnityCatalogRole.arnOf(t.accountB, "changeme-uc-storage")).toBe(credential.aws_iam_role.role_arn);
  });

  test("the role's trust is databricks_aws_unity_catalog_assume_role_policy with the credential's external ID", () => {
    const credentialId = Object.keys(resourcesOf(json, "databricks_storage_credential"))[0];
    expect(trustSource).toEqual(
      expect.objectContaining({
        aws_account_id: "444455556666",
        aws_partition: "aws",
        role_name: "changeme-uc-storage",
        external_id: `\${databricks_storage_credential.${credentialId}.aws_iam_role[0].external_id}`,
        provider: "databricks",
      }),
    );
    const trust = policyDocumentOf(json, role.assume_role_policy);
    expect(trust.source_policy_documents).toEqual([expect.stringMatching(/^\$\{data\.databricks_aws_unity_catalog_assume_role_policy\..+\.json\}$/)]);
    expect(trust.statement).toBeUndefined();
    expect(role).toEqual(expect.objectContaining({ name: "changeme-uc-storage", provider: "aws.data" }));
  });

  test("the role's identity policy lets it assume itself (the identity half of self-assumption)", () => {
    const inline = onlyResource(json, "aws_iam_role_policy");
    expect(statementsOf(json, inline.policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::444455556666:role/changeme-uc-storage"] },
    ]);
  });

  test("the propagation wait follows the role and its policy; dependables is the wait", () => {
    const sleep = onlyResource(json, "time_sleep");
    expect(sleep.create_duration).toBe("30s");
    expect(sleep.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\./), expect.stringMatching(/^aws_iam_role_policy\./)]);
    expect(t.credential.dependables).toHaveLength(1);
  });

  test("the wait is keyed on the identity policy, so a location added later (a changed policy) waits again", () => {
    const sleep = onlyResource(json, "time_sleep");
    const policyId = Object.keys(resourcesOf(json, "aws_iam_role_policy"))[0];
    expect(sleep.triggers).toEqual({ identity_policy: `\${aws_iam_role_policy.${policyId}.policy}` });
  });

  test("no grants on the credential unless asked", () => {
    expect(resourcesOf(json, "databricks_grants")).toEqual({});
  });
});

describe("UnityCatalogStorageCredential: options and bad input", () => {
  test("read-only credential, grants on it, and no wait with 0 seconds", () => {
    const t = withCredential({ readOnly: true, propagationWaitSeconds: 0, grants: [{ principal: "admins", privileges: ["CREATE_EXTERNAL_LOCATION"] }] });
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_storage_credential").read_only).toBe(true);
    expect(resourcesOf(json, "time_sleep")).toEqual({});
    expect(onlyResource(json, "databricks_grants")).toEqual(
      expect.objectContaining({ storage_credential: expect.stringMatching(/^\$\{databricks_storage_credential\..+\.id\}$/), grant: [{ principal: "admins", privileges: ["CREATE_EXTERNAL_LOCATION"] }] }),
    );
  });

  test("file events: notifications on the bucket and Databricks' csms-* topics and queues in the role's account", () => {
    const t = withCredential();
    const bucket = DataBucket.fromBucketName(t.stack, "b", { account: t.accountB, bucketName: "changeme-uc-data" });
    t.credential.role.grantFileEvents(bucket);
    const json = synthJson(t.stack);
    const statements = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(statements[1]).toEqual({ effect: "Allow", actions: ["s3:GetBucketNotification", "s3:PutBucketNotification"], resources: ["arn:aws:s3:::changeme-uc-data"] });
    expect(statements[2].resources).toEqual(["arn:aws:sqs:*:444455556666:csms-*", "arn:aws:sns:*:444455556666:csms-*"]);
    expect(statements[3]).toEqual({ effect: "Allow", actions: ["sqs:ListQueueTags", "sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"], resources: statements[2].resources });
    // ListQueues/ListTopics have no resource type: scoped to csms-* they would grant nothing.
    expect(statements[4]).toEqual({ effect: "Allow", actions: ["sqs:ListQueues", "sns:ListTopics"], resources: ["*"] });
  });

  test("file events pass the security aspect: the list actions on * are documented exceptions", () => {
    const t = withCredential();
    const bucket = DataBucket.fromBucketName(t.stack, "b", { account: t.accountB, bucketName: "changeme-uc-data" });
    t.credential.role.grantFileEvents(bucket);
    expect(findingsOf(checkStack(t.stack).report).filter((finding) => finding.includes("IAM-WILDCARD-PERMISSIONS"))).toEqual([]);
  });

  test.each([
    [{ credentialName: "has space" }, 'UnityCatalogStorageCredential.credentialName "has space" is invalid: must be 1-255 characters of letters, digits, _ and - (no spaces, periods or slashes)'],
    [{ roleName: "bad role" }, 'UnityCatalogRole.roleName "bad role" is invalid: must be 1-64 characters of letters, digits and +=,.@_-'],
    [
      { grants: [{ principal: "admins", privileges: ["CREATE EXTERNAL LOCATION"] }] },
      'UnityCatalogStorageCredential.grants[0].privileges "CREATE EXTERNAL LOCATION" is invalid: must be one of ALL_PRIVILEGES, CREATE_EXTERNAL_LOCATION, CREATE_EXTERNAL_TABLE, MANAGE, READ_FILES, WRITE_FILES for securable storage_credential (write CREATE_EXTERNAL_LOCATION: databricks_grants spells privileges with underscores)',
    ],
    [
      { grants: [{ principal: "a", privileges: ["READ_FILES"] }, { principal: "a", privileges: ["WRITE_FILES"] }] },
      'UnityCatalogStorageCredential.grants[1].principal "a" is invalid: must appear once (merge its privileges into one entry)',
    ],
    [{ propagationWaitSeconds: 301 }, "IamPropagationWait.seconds 301 is invalid: must be an integer from 0 to 300"],
  ])("rejects %j", (override, message) => {
    expect(() => withCredential(override)).toThrow(message);
  });

  test("rejects an account outside the partitions Databricks' Unity Catalog role exists in (China); GovCloud passes", () => {
    const cn = testStack();
    const china = new AwsAccountProvider(cn.stack, "china", { accountId: "444455556666", region: "cn-north-1", alias: "china" });
    expect(() => new UnityCatalogStorageCredential(cn.stack, "cn", { account: china, roleName: "r", credentialName: "c" })).toThrow(
      'UnityCatalogRole.account "aws-cn" is invalid: must be in partition aws or aws-us-gov (Databricks\' Unity Catalog role exists only there)',
    );
    const t = testStack();
    const gov = new AwsAccountProvider(t.stack, "gov", { accountId: "444455556666", region: "us-gov-west-1", alias: "gov" });
    new UnityCatalogStorageCredential(t.stack, "gov-credential", { account: gov, roleName: "r", credentialName: "c" });
    const json = synthJson(t.stack);
    expect(onlyResource(json, "databricks_storage_credential").aws_iam_role.role_arn).toBe("arn:aws-us-gov:iam::444455556666:role/r");
  });

  test("accepts a valid name and privileges (the passing case of the rules above)", () => {
    expect(() => withCredential({ credentialName: "uc_storage-1", grants: [{ principal: "a", privileges: ["READ_FILES", "WRITE_FILES"] }] })).not.toThrow();
  });
});
