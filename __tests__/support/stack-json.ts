import { App, Testing, TerraformStack } from "cdktf";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { CrossAccountAssumeRolePair, CrossAccountAssumeRolePairProps } from "../../modules/iam/cross-account-assume-role-pair";
import { blockAt } from "../../modules/private/terraform-json/blocks";
import { parseReference } from "../../modules/private/terraform-json/references";

/** A synthesized stack, parsed. */
export interface StackJson {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  provider?: Record<string, any[]>;
  output?: Record<string, any>;
  variable?: Record<string, any>;
  terraform?: any;
}

/** A fresh stack in a test app, with account A (default provider) and account B (alias "data"). */
export function testStack(id = "test"): { app: App; stack: TerraformStack; accountA: AwsAccountProvider; accountB: AwsAccountProvider } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  const accountA = new AwsAccountProvider(stack, "account-a", { accountId: "111122223333", region: "us-east-1" });
  const accountB = new AwsAccountProvider(stack, "account-b", {
    accountId: "444455556666",
    region: "us-east-1",
    alias: "data",
    assumeRoleArn: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole",
  });
  return { app, stack, accountA, accountB };
}

/**
 * The assume-role pair of the Databricks S3 AssumeRole guide (MyRoleA in account A, MyRoleB in account B) in
 * a {@link testStack}, with `props` over it.
 */
export function assumeRolePair(t: ReturnType<typeof testStack>, props: Partial<CrossAccountAssumeRolePairProps> = {}): CrossAccountAssumeRolePair {
  return new CrossAccountAssumeRolePair(t.stack, "pair", {
    sourceAccount: t.accountA,
    targetAccount: t.accountB,
    sourceRoleName: "MyRoleA",
    targetRoleName: "MyRoleB",
    ...props,
  });
}

/** The whole stack's synthesized JSON (providers included), parsed. */
export function synthJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack));
}

/** All blocks of a resource type, by logical ID. */
export function resourcesOf(json: StackJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/**
 * How many resources of each type the stack creates: what `npm run validate`'s offline plan creates
 * (it fails when the plan leaves out any resource of the configuration), so tests pin it per type.
 */
export function resourceCounts(json: StackJson): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, blocks]) => [type, Object.keys(blocks).length]));
}

/** The single block of a resource type (fails the test if there is not exactly one). */
export function onlyResource(json: StackJson, type: string): any {
  const blocks = Object.values(resourcesOf(json, type));
  if (blocks.length !== 1) throw new Error(`expected exactly one ${type}, found ${blocks.length}`);
  return blocks[0];
}

/**
 * The `aws_iam_policy_document` a reference like `${data.aws_iam_policy_document.x.json}` points to,
 * with its statements.
 */
export function policyDocumentOf(json: StackJson, reference: string): any {
  const ref = parseReference(reference);
  if (ref?.mode !== "data" || ref.type !== "aws_iam_policy_document" || ref.attribute !== "json") throw new Error(`not a policy document reference: ${reference}`);
  const doc = blockAt(json, ref);
  if (!doc) throw new Error(`no aws_iam_policy_document ${ref.name}`);
  return doc;
}

/** The statements of the document a reference points to. */
export function statementsOf(json: StackJson, reference: string): any[] {
  return policyDocumentOf(json, reference).statement ?? [];
}

/** The logical ID of the single block of a type whose attributes include `match`. */
export function logicalIdOf(json: StackJson, type: string, predicate: (block: any) => boolean): string {
  const ids = Object.entries(resourcesOf(json, type)).filter(([, b]) => predicate(b)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected exactly one matching ${type}, found ${ids.length}`);
  return ids[0];
}

/** The `aws_iam_role` with this name (fails the test if there is none). */
export function roleNamed(json: StackJson, name: string): any {
  const role = Object.values(resourcesOf(json, "aws_iam_role")).find((r: any) => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role;
}

/** The statements of the `aws_iam_role_policy` with this name (fails the test if there is none). */
export function policyNamed(json: StackJson, name: string): any[] {
  const policy = Object.values(resourcesOf(json, "aws_iam_role_policy")).find((p: any) => p.name === name);
  if (!policy) throw new Error(`no policy ${name}`);
  return statementsOf(json, policy.policy);
}
