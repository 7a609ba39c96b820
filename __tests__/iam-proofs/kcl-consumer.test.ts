/**
 * Access proofs for the kcl-consumer stack (the AWS Architecture Blog post "Field Notes: How to Enable
 * Cross-Account Access for Amazon Kinesis Data Streams using Kinesis Client Library 2.x"), from its synthesized
 * JSON: EC2 -> the KCL workers' role (consumer account B) -> the stream role (producer account A) -> the
 * stream; the workers' role -> the application's DynamoDB tables and CloudWatch namespace in B. And not another
 * stream, table or namespace, nor any other caller into the chain.
 *
 * "Others" are roles of a second synthesized stack with broad identity policies (sts:AssumeRole,
 * kinesis:*, dynamodb:* on every resource): in account B beside the workers, and in a third account.
 */
import { TerraformStack, Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { KclConsumerStack } from "../../stacks/kcl-consumer-stack";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { Role } from "../../modules/iam/role";
import { PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { IamModel, findResource, modelFromStacks, roleOfInstanceProfile } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed, proveChain } from "../support/iam-proof";

const PRODUCER = "111122223333";
const CONSUMER = "444455556666";
const OUTSIDER_ACCOUNT = "999988887777";
const WORKER_ROLE = `arn:aws:iam::${CONSUMER}:role/changeme-kcl-stock-trader-app-role`;
const STREAM_ROLE = `arn:aws:iam::${PRODUCER}:role/changeme-kds-stock-trade-stream-role`;
const STREAM = `arn:aws:kinesis:us-east-1:${PRODUCER}:stream/changeme-StockTradeStream`;
const STREAM_CONSUMER = `${STREAM}/consumer/changeme-StockTradesProcessor:1700000000`;
const OTHER_STREAM = `arn:aws:kinesis:us-east-1:${PRODUCER}:stream/payments`;
const TABLES = `arn:aws:dynamodb:us-east-1:${CONSUMER}:table`;
const LEASE_TABLE = `${TABLES}/changeme-StockTradesProcessor`;
const OTHER_CONSUMER_ROLE = `arn:aws:iam::${CONSUMER}:role/consumer-admin`;
const OUTSIDER_ROLE = `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/outsider`;

/** The post's stream policy (kds-stock-trade-stream-policy), actions on the stream. */
const POST_STREAM_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:GetShardIterator",
  "kinesis:GetRecords",
  "kinesis:ListShards",
  "kinesis:DescribeStreamSummary",
  "kinesis:RegisterStreamConsumer",
];
/** The KCL docs' DynamoDB actions on the lease table and on KCL 3.x's two other tables. */
const TABLE_ACTIONS = ["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];

function othersJson(): string {
  const stack = new TerraformStack(Testing.app(), "others");
  const consumer = new AwsAccountProvider(stack, "consumer", { accountId: CONSUMER, region: "us-east-1", alias: "consumer" });
  const outsider = new AwsAccountProvider(stack, "outsider", { accountId: OUTSIDER_ACCOUNT, region: "us-east-1", alias: "outsider" });
  for (const [account, name] of [[consumer, "consumer-admin"], [outsider, "outsider"]] as const) {
    const role = new Role(stack, `${name}-role`, { account, roleName: name, assumedBy: [new ServicePrincipal("ec2.amazonaws.com")] });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["sts:AssumeRole", "kinesis:*", "kms:*", "dynamodb:*"], resources: ["*"] }));
  }
  return Testing.synth(stack);
}

function kclModel(override: Record<string, unknown> = {}): IamModel {
  const stack = new KclConsumerStack(Testing.app(), "kcl-consumer", { config: resolveConfig(override) });
  return modelFromStacks([
    { name: "kcl-consumer", json: Testing.synth(stack) },
    { name: "others", json: othersJson() },
  ]);
}

describe("KCL cross-account: EC2 -> workers' role -> stream role -> the stream", () => {
  const model = kclModel();
  const keyArn = findResource(model, "aws_kms_key").arn!;

  test("the instance profile carries the workers' role", () => {
    expect(roleOfInstanceProfile(model, "changeme-kcl-stock-trader-app-role")).toBe(WORKER_ROLE);
  });

  test("the whole chain, for every action of the post's stream policy", async () => {
    for (const action of POST_STREAM_ACTIONS) {
      const proof = await proveChain(model, [
        { principal: "ec2.amazonaws.com", assumeRole: WORKER_ROLE },
        { assumeRole: STREAM_ROLE, sessionName: "kinesiscrossaccount" },
        { action, resourceArn: STREAM, sessionName: "kinesiscrossaccount" },
      ]);
      expectAllowed(proof);
    }
  });

  test("the stream role reads through EFO consumers of this stream and decrypts with its key", async () => {
    for (const action of ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"]) {
      expectAllowed(await isAllowed(model, { principalArn: STREAM_ROLE, action, resourceArn: STREAM_CONSUMER }));
    }
    expectAllowed(await isAllowed(model, { principalArn: STREAM_ROLE, action: "kms:Decrypt", resourceArn: keyArn }));
  });

  test("the assume step needs both sides: the worker's sts:AssumeRole and the stream role's trust", async () => {
    const result = await canAssumeRole(model, { principal: WORKER_ROLE, roleArn: STREAM_ROLE });
    expectAllowed(result);
    expect(result.identityDecision).toBe("Allowed");
    expect(result.resourcePolicyDecision).toBe("Allowed");
  });
});

describe("KCL cross-account: the workers' role in its own account", () => {
  const model = kclModel();

  test("the lease table and KCL 3.x's CoordinatorState and WorkerMetricStats tables, with the KCL docs' actions", async () => {
    for (const table of [LEASE_TABLE, `${LEASE_TABLE}-CoordinatorState`, `${LEASE_TABLE}-WorkerMetricStats`]) {
      for (const action of TABLE_ACTIONS) {
        expectAllowed(await isAllowed(model, { principalArn: WORKER_ROLE, action, resourceArn: table }));
      }
    }
    expectAllowed(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:UpdateTable", resourceArn: LEASE_TABLE }));
    expectAllowed(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:Query", resourceArn: `${LEASE_TABLE}/index/LeaseOwnerToLeaseKeyIndex` }));
  });

  test("metrics in the application's namespace only", async () => {
    const put = (namespace: string) =>
      isAllowed(model, { principalArn: WORKER_ROLE, action: "cloudwatch:PutMetricData", resourceArn: "*", resourceAccount: CONSUMER, context: { "cloudwatch:namespace": namespace } });
    expectAllowed(await put("changeme-StockTradesProcessor"));
    expectDenied(await put("AWS/EC2"), "ImplicitlyDenied");
    expectDenied(await put("changeme-OtherApp"), "ImplicitlyDenied");
  });

  test("denied: another application's tables and indexes, and table deletion", async () => {
    for (const table of [`${TABLES}/changeme-OtherApp`, `${TABLES}/changeme-OtherApp-CoordinatorState`, `${TABLES}/orders`]) {
      expectDenied(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:GetItem", resourceArn: table }), "ImplicitlyDenied");
    }
    expectDenied(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:Query", resourceArn: `${TABLES}/orders/index/by-customer` }), "ImplicitlyDenied");
    expectDenied(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:DeleteTable", resourceArn: LEASE_TABLE }), "ImplicitlyDenied");
    expectDenied(await isAllowed(model, { principalArn: WORKER_ROLE, action: "dynamodb:UpdateTable", resourceArn: `${LEASE_TABLE}-CoordinatorState` }), "ImplicitlyDenied");
  });
});

describe("KCL cross-account: nothing else", () => {
  const model = kclModel();

  test("denied: the stream role on another stream, on another stream's consumers, or writing", async () => {
    expectDenied(await isAllowed(model, { principalArn: STREAM_ROLE, action: "kinesis:GetRecords", resourceArn: OTHER_STREAM }), "ImplicitlyDenied");
    expectDenied(await isAllowed(model, { principalArn: STREAM_ROLE, action: "kinesis:SubscribeToShard", resourceArn: `${OTHER_STREAM}/consumer/x:1700000000` }), "ImplicitlyDenied");
    for (const action of ["kinesis:PutRecord", "kinesis:DeleteStream", "kinesis:DecreaseStreamRetentionPeriod", "kinesis:PutResourcePolicy"]) {
      expectDenied(await isAllowed(model, { principalArn: STREAM_ROLE, action, resourceArn: STREAM }), "ImplicitlyDenied");
    }
  });

  test("denied: the stream role on the consumer account's lease table (the tables stay with the workers' own credentials)", async () => {
    expectDenied(await isAllowed(model, { principalArn: STREAM_ROLE, action: "dynamodb:GetItem", resourceArn: LEASE_TABLE }), "ImplicitlyDenied");
  });

  test("denied: the workers' role on the stream directly (no resource policy; only through the stream role)", async () => {
    expectDenied(await isAllowed(model, { principalArn: WORKER_ROLE, action: "kinesis:GetRecords", resourceArn: STREAM }), "ImplicitlyDenied");
  });

  test("denied: the workers' role assuming any other role", async () => {
    const result = await isAllowed(model, { principalArn: WORKER_ROLE, action: "sts:AssumeRole", resourceArn: OTHER_CONSUMER_ROLE });
    expect(result.identityDecision).not.toBe("Allowed");
  });

  test("denied: another role of the consumer account and a third account's role assuming the stream role, even with sts:AssumeRole on *", async () => {
    for (const principal of [OTHER_CONSUMER_ROLE, OUTSIDER_ROLE]) {
      const result = await canAssumeRole(model, { principal, roleArn: STREAM_ROLE });
      expect(result.identityDecision).toBe("Allowed");
      expect(result.allowedByBothSides).toBe(false);
      expect(result.resourcePolicyDecision).not.toMatch(/^Allowed/);
    }
  });

  test("denied: those roles on the stream and the lease table directly", async () => {
    for (const principalArn of [OTHER_CONSUMER_ROLE, OUTSIDER_ROLE]) {
      expectDenied(await isAllowed(model, { principalArn, action: "kinesis:GetRecords", resourceArn: STREAM }), "ImplicitlyDenied");
    }
    // The consumer account's own admin role may use its account's tables: IAM, not this stack, governs that.
    expectDenied(await isAllowed(model, { principalArn: OUTSIDER_ROLE, action: "dynamodb:GetItem", resourceArn: LEASE_TABLE }), "ImplicitlyDenied");
  });
});

describe("KCL cross-account with trust consumer-account and an external ID", () => {
  const model = kclModel({ kinesisConsumers: { kcl: { trust: "CONSUMER_ACCOUNT", externalId: "kcl-7f3a" } } });

  test("the workers assume the stream role with the external ID, not without", async () => {
    expectAllowed(await canAssumeRole(model, { principal: WORKER_ROLE, roleArn: STREAM_ROLE, externalId: "kcl-7f3a" }));
    expect((await canAssumeRole(model, { principal: WORKER_ROLE, roleArn: STREAM_ROLE })).allowedByBothSides).toBe(false);
    expect((await canAssumeRole(model, { principal: WORKER_ROLE, roleArn: STREAM_ROLE, externalId: "guess" })).allowedByBothSides).toBe(false);
  });

  test("what the wider trust admits: any consumer-account role its admins allow, with the external ID; never a third account", async () => {
    expectAllowed(await canAssumeRole(model, { principal: OTHER_CONSUMER_ROLE, roleArn: STREAM_ROLE, externalId: "kcl-7f3a" }));
    expect((await canAssumeRole(model, { principal: OUTSIDER_ROLE, roleArn: STREAM_ROLE, externalId: "kcl-7f3a" })).allowedByBothSides).toBe(false);
  });
});
