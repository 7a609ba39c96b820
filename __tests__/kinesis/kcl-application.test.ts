import { KclApplication, KclApplicationProps } from "../../modules/kinesis/kcl-application";
import { KCL_APPLICATION_NAME_RULE } from "../../modules/private/validation";
import { InstanceProfileRole } from "../../modules/iam/instance-profile-role";
import { onlyResource, resourcesOf, statementsOf, synthJson, testStack } from "../support/stack-json";

function kclStack(props: Partial<KclApplicationProps> = {}) {
  const t = testStack();
  const app = new KclApplication(t.stack, "kcl", { account: t.accountB, applicationName: "StockTradesProcessor", ...props });
  const worker = new InstanceProfileRole(t.stack, "worker", { account: t.accountB, roleName: "kcl-stock-trader-app-role" });
  return { ...t, app, worker };
}

const TABLE = "arn:aws:dynamodb:us-east-1:444455556666:table/StockTradesProcessor";

describe("KclApplication.grantWorker", () => {
  test("the lease table, KCL 3.x's two other tables and the lease table's indexes, each with the KCL docs' actions", () => {
    const { stack, app, worker } = kclStack();
    app.grantWorker(worker);
    const json = synthJson(stack);
    const statements = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(statements).toEqual([
      {
        sid: "KclLeaseTable",
        effect: "Allow",
        actions: [
          "dynamodb:CreateTable",
          "dynamodb:DescribeTable",
          "dynamodb:UpdateTable",
          "dynamodb:Scan",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
        ],
        resources: [TABLE],
      },
      {
        sid: "KclMetadataTables",
        effect: "Allow",
        actions: ["dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
        resources: [`${TABLE}-CoordinatorState`, `${TABLE}-WorkerMetricStats`],
      },
      { sid: "KclLeaseTableIndexes", effect: "Allow", actions: ["dynamodb:Query"], resources: [`${TABLE}/index/*`] },
      {
        sid: "KclMetrics",
        effect: "Allow",
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["StockTradesProcessor"] }],
      },
    ]);
  });

  test("a custom metrics namespace scopes PutMetricData to it", () => {
    const { stack, app, worker } = kclStack({ metricsNamespace: "Trading/KCL" });
    app.grantWorker(worker);
    const json = synthJson(stack);
    const metrics = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy).find((s) => s.sid === "KclMetrics");
    expect(metrics.condition).toEqual([{ test: "StringEquals", variable: "cloudwatch:namespace", values: ["Trading/KCL"] }]);
  });

  test("workers of another account are refused: the tables and metrics live in the workers' account", () => {
    const t = testStack();
    const app = new KclApplication(t.stack, "kcl", { account: t.accountB, applicationName: "StockTradesProcessor" });
    const foreign = new InstanceProfileRole(t.stack, "worker", { account: t.accountA, roleName: "w" });
    expect(() => app.grantWorker(foreign)).toThrow(
      'KclApplication.grantWorker.grantee "111122223333" is invalid: must be in the application\'s account 444455556666',
    );
  });
});

describe("KclApplication lease table", () => {
  test("not created by default (KCL creates it)", () => {
    const { stack, app } = kclStack();
    expect(resourcesOf(synthJson(stack), "aws_dynamodb_table")).toEqual({});
    expect(app.leaseTable).toBeUndefined();
  });

  test("optional: PAY_PER_REQUEST, key leaseKey (S), KCL 3.x's lease-owner index, encrypted, PITR, deletion protection", () => {
    const { stack } = kclStack({ createLeaseTable: true });
    expect(onlyResource(synthJson(stack), "aws_dynamodb_table")).toEqual({
      provider: "aws.data",
      name: "StockTradesProcessor",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "leaseKey",
      attribute: [
        { name: "leaseKey", type: "S" },
        { name: "leaseOwner", type: "S" },
      ],
      global_secondary_index: [{ name: "LeaseOwnerToLeaseKeyIndex", hash_key: "leaseOwner", range_key: "leaseKey", projection_type: "KEYS_ONLY" }],
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
  });

  test("deletion protection can be turned off", () => {
    const { stack } = kclStack({ createLeaseTable: true, leaseTableDeletionProtection: false });
    expect(onlyResource(synthJson(stack), "aws_dynamodb_table").deletion_protection_enabled).toBe(false);
  });
});

describe("KclApplication validation", () => {
  test.each(["ab", "Stock Trades", "x".repeat(239)])("application name %j", (name) => {
    expect(() => kclStack({ applicationName: name })).toThrow(`KclApplication.applicationName ${JSON.stringify(name)} is invalid: ${KCL_APPLICATION_NAME_RULE}`);
  });

  test("the longest name that leaves room for -CoordinatorState is accepted", () => {
    expect(() => kclStack({ applicationName: "x".repeat(238) })).not.toThrow();
  });

  test("metrics namespace", () => {
    expect(() => kclStack({ metricsNamespace: "a:b" })).toThrow(`KclApplication.metricsNamespace "a:b" is invalid: must be 1-255 characters without ':' or '$'`);
  });
});
