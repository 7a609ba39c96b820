import { TerraformStack, Testing } from "cdktf";
import { AppConfig, resolveConfig } from "../../config/app-config";
import { CrossAccountS3Stack } from "../../stacks/cross-account-s3-stack";
import { CrossAccountKinesisStack } from "../../stacks/cross-account-kinesis-stack";
import { StackJson, synthJson } from "../support/stack-json";
import { DataAccessStack } from "../../stacks/data-access-stack";

/**
 * Proves that no AWS block lands in the wrong account. Each AWS provider is pinned to one account
 * (`allowed_account_ids`), so a block's account is its `provider` field. This test decides, from what
 * each block *is* (role names, what a policy is attached to, the service), which account it must be
 * in, and compares. An AWS block it cannot classify fails the test, so new resources must be placed
 * on purpose.
 */

const A = "111122223333";
const B = "444455556666";
const PROVIDER_OF: Record<string, string> = { [A]: "aws", [B]: "aws.data" };

type Block = { type: string; id: string; kind: "resource" | "data"; config: Record<string, any> };

function blocksOf(json: StackJson): Block[] {
  const out: Block[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byId] of Object.entries(json[kind] ?? {})) {
      for (const [id, config] of Object.entries(byId)) out.push({ type, id, kind, config });
    }
  }
  return out;
}

const REF = /^\$\{(data\.)?(aws_[a-z_]+)\.([^.]+)\.[a-z_]+\}$/;

/** The account each AWS block must be in, from what it is. */
function expectedAccounts(json: StackJson, accountOfRoleName: Record<string, string>): Map<string, string> {
  const blocks = blocksOf(json).filter((b) => b.type.startsWith("aws_"));
  const key = (b: { kind: string; type: string; id: string }) => `${b.kind === "data" ? "data." : ""}${b.type}.${b.id}`;
  const byKey = new Map(blocks.map((b) => [key(b), b]));
  const expected = new Map<string, string>();

  const accountOfRoleValue = (value: string): string | undefined => {
    const ref = REF.exec(value);
    if (ref) {
      const role = byKey.get(`aws_iam_role.${ref[3]}`);
      return role ? accountOfRoleName[role.config.name] : undefined;
    }
    return accountOfRoleName[value]; // a role referenced by name (the workspace role of the data-access stack)
  };

  for (const b of blocks) {
    const c = b.config;
    let account: string | undefined;
    if (b.type === "aws_iam_role") account = accountOfRoleName[c.name];
    else if (b.type === "aws_iam_role_policy" || b.type === "aws_iam_role_policy_attachment" || b.type === "aws_iam_instance_profile") account = accountOfRoleValue(c.role);
    // The data stores of the scenarios live in account B.
    else if (/^aws_(s3_bucket|kinesis_|kms_)/.test(b.type)) account = B;
    if (account !== undefined) expected.set(key(b), account);
  }
  // Policy documents are rendered where they are used: the account of every block referring to them.
  for (const b of blocks.filter((x) => x.type === "aws_iam_policy_document")) {
    const users = blocks.filter((u) => JSON.stringify(u.config).includes(`\${data.aws_iam_policy_document.${b.id}.json}`));
    const accounts = new Set(users.map((u) => expected.get(key(u))));
    if (users.length > 0 && accounts.size === 1 && !accounts.has(undefined)) expected.set(key(b), [...accounts][0]!);
  }
  for (const b of blocks) {
    if (!expected.has(key(b))) throw new Error(`unclassified AWS block ${key(b)}: decide which account it belongs to`);
  }
  return expected;
}

function expectEveryBlockInItsAccount(json: StackJson, accountOfRoleName: Record<string, string>): number {
  const expected = expectedAccounts(json, accountOfRoleName);
  const misplaced: string[] = [];
  for (const b of blocksOf(json).filter((x) => x.type.startsWith("aws_"))) {
    const k = `${b.kind === "data" ? "data." : ""}${b.type}.${b.id}`;
    const want = PROVIDER_OF[expected.get(k)!];
    if (b.config.provider !== want) misplaced.push(`${k}: provider ${b.config.provider ?? "(default)"}, expected ${want}`);
  }
  expect(misplaced).toEqual([]);
  return expected.size;
}

function expectPinnedProviders(json: StackJson, dataAccess: Record<string, unknown>): void {
  const aws = json.provider!.aws;
  expect(aws).toHaveLength(2);
  const [defaultProvider] = aws.filter((p: any) => p.alias === undefined);
  const [dataProvider] = aws.filter((p: any) => p.alias === "data");
  expect(defaultProvider).toMatchObject({ allowed_account_ids: [A], region: "us-east-1" });
  expect(defaultProvider.assume_role).toBeUndefined();
  expect(dataProvider).toMatchObject({ allowed_account_ids: [B], region: "us-east-1", ...dataAccess });
}

const roleNames = (config: AppConfig) => ({
  "changeme-MyRoleA": A,
  "changeme-MyRoleB": B,
  "changeme-DatabricksToKinesisAssumeRole": A,
  "changeme-KinesisCrossAccountRole": B,
  [`${config.namePrefix}-crossaccount-iam-role`]: A,
});

const stacks: Array<[string, (config: AppConfig) => TerraformStack]> = [
  ["cross-account-s3", (config) => new CrossAccountS3Stack(Testing.app(), "cross-account-s3", { config })],
  ["cross-account-kinesis", (config) => new CrossAccountKinesisStack(Testing.app(), "cross-account-kinesis", { config })],
];

describe.each(stacks)("%s: every account-B resource on aws.data, every account-A resource on the default provider", (_name, build) => {
  test("defaults", () => {
    const config = resolveConfig();
    const json = synthJson(build(config));
    expectPinnedProviders(json, {
      assume_role: [{ role_arn: `arn:aws:iam::${B}:role/OrganizationAccountAccessRole`, session_name: "cdktf-databricks-data-access" }],
    });
    expect(expectEveryBlockInItsAccount(json, roleNames(config))).toBeGreaterThan(8);
  });

  test("with customer KMS keys and the optional features", () => {
    const config = resolveConfig({
      crossAccount: {
        s3: { bucketEncryption: "KMS", access: "read" },
        kinesis: { streamEncryption: "KMS", access: "read-write", registerConsumers: true, externalId: "myExternalCode", notebook: { enabled: true } },
      },
    });
    const json = synthJson(build(config));
    expectEveryBlockInItsAccount(json, roleNames(config));
    // The stack's one customer key, in the data account (an empty list must not pass).
    expect(Object.values(json.resource!.aws_kms_key ?? {}).map((k: any) => k.provider)).toEqual(["aws.data"]);
  });

  test("with existing data stores (by name, with their customer keys)", () => {
    const config = resolveConfig({
      crossAccount: {
        s3: { existingBucketName: "their-bucket", existingBucketKmsKeyArn: `arn:aws:kms:us-east-1:${B}:key/k` },
        kinesis: { createStreams: false, kmsKeyArn: `arn:aws:kms:us-east-1:${B}:key/k` },
      },
    });
    const json = synthJson(build(config));
    expect(Object.keys(json.resource!).filter((t) => /^aws_(s3|kinesis|kms)/.test(t))).toEqual([]);
    expectEveryBlockInItsAccount(json, roleNames(config));
  });

  test("account B through a named profile instead of an assumed role", () => {
    const config = resolveConfig({ dataAccount: { accountId: B, profile: "data-admin" } });
    const json = synthJson(build(config));
    expectPinnedProviders(json, { profile: "data-admin" });
    expect(json.provider!.aws.find((p: any) => p.alias === "data").assume_role).toBeUndefined();
    expectEveryBlockInItsAccount(json, roleNames(config));
  });

  test("account B in another region and with an external ID on the provider's role", () => {
    const config = resolveConfig({
      dataAccount: { accountId: B, region: "eu-west-1", assumeRoleName: "DeployRole", assumeRoleExternalId: "deploy-ext" },
    });
    const json = synthJson(build(config));
    const data = json.provider!.aws.find((p: any) => p.alias === "data");
    expect(data).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: [B],
      assume_role: [{ role_arn: `arn:aws:iam::${B}:role/DeployRole`, external_id: "deploy-ext", session_name: "cdktf-databricks-data-access" }],
    });
    expectEveryBlockInItsAccount(json, roleNames(config));
  });
});

test("the walk fails when a resource of account B is on the default provider (it can fail)", () => {
  const json = synthJson(new CrossAccountS3Stack(Testing.app(), "s", { config: resolveConfig() }));
  const [bucketId] = Object.keys(json.resource!.aws_s3_bucket);
  json.resource!.aws_s3_bucket[bucketId].provider = "aws";
  expect(() => expectEveryBlockInItsAccount(json, roleNames(resolveConfig()))).toThrow(/aws_s3_bucket\.\S+: provider aws, expected aws\.data/);
});

describe("Databricks providers: each with its own auth settings", () => {
  test("data-access: the workspace provider and the account-level (mws) one get their own profile/auth type/client ID", () => {
    const config = resolveConfig({
      databricks: { workspaceAuth: { profile: "ws-profile" }, accountAuth: { authType: "oauth-m2m", clientId: "sp-client" } },
    });
    const json = JSON.parse(Testing.synth(new DataAccessStack(Testing.app(), "data-access", { config })));
    const providers = json.provider.databricks;
    expect(providers).toEqual([
      { host: "https://changeme.cloud.databricks.com", profile: "ws-profile" },
      { alias: "mws", host: "https://accounts.cloud.databricks.com", account_id: "${var.databricks_account_id}", auth_type: "oauth-m2m", client_id: "sp-client" },
    ]);
  });
});
