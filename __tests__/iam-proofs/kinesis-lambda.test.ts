/**
 * Access proofs for the kinesis-lambda-sharing stack (the article "How to set up cross-account access to Amazon
 * Kinesis Data Streams" (DEV Community)), from its synthesized JSON: the reader's execution role (consumer
 * account B) reads the stream of the producer account A through the stream's resource policy, and nothing else
 * does.
 *
 * "Others" are roles of a second synthesized stack with broad identity policies (kinesis:*, kms:* on
 * every resource): in account B beside the reader, and in a third account. Across accounts the
 * stream policy must name the caller too, so their identity policies alone must not be enough.
 */
import { TerraformStack, Testing } from "cdktf";
import { resolveConfig } from "../../config/app-config";
import { KinesisLambdaSharingStack } from "../../stacks/kinesis-lambda-sharing-stack";
import { AwsAccountProvider } from "../../modules/account/aws-account-provider";
import { Role } from "../../modules/iam/role";
import { PolicyStatement, ServicePrincipal } from "../../modules/iam/policy-statement";
import { IamModel, ModelOptions, PolicyJson, findResource, modelFromStacks } from "../support/iam-model";
import { canAssumeRole, expectAllowed, expectDenied, isAllowed } from "../support/iam-proof";

const PRODUCER = "111122223333";
const CONSUMER = "444455556666";
const OUTSIDER_ACCOUNT = "999988887777";
const EXECUTION_ROLE = `arn:aws:iam::${CONSUMER}:role/changeme-kds-reader1-role`;
const STREAM = `arn:aws:kinesis:us-east-1:${PRODUCER}:stream/changeme-kds-sharing-example1`;
const OTHER_PRODUCER_STREAM = `arn:aws:kinesis:us-east-1:${PRODUCER}:stream/payments`;
const CONSUMER_ACCOUNT_STREAM = `arn:aws:kinesis:us-east-1:${CONSUMER}:stream/local-events`;
const OTHER_CONSUMER_ROLE = `arn:aws:iam::${CONSUMER}:role/consumer-admin`;
const OUTSIDER_ROLE = `arn:aws:iam::${OUTSIDER_ACCOUNT}:role/outsider`;

const READ_ACTIONS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"];

/**
 * AWSLambdaKinesisExecutionRole, v2 (default), as AWS publishes it:
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaKinesisExecutionRole.html
 */
const AWS_LAMBDA_KINESIS_EXECUTION_ROLE: PolicyJson = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: [
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
        "kinesis:ListStreams",
        "kinesis:SubscribeToShard",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
      ],
      Resource: "*",
    },
  ],
};

/** Roles that would read anything if identity policies were enough. */
function othersJson(): string {
  const stack = new TerraformStack(Testing.app(), "others");
  const consumer = new AwsAccountProvider(stack, "consumer", { accountId: CONSUMER, region: "us-east-1", alias: "consumer" });
  const outsider = new AwsAccountProvider(stack, "outsider", { accountId: OUTSIDER_ACCOUNT, region: "us-east-1", alias: "outsider" });
  for (const [account, name] of [[consumer, "consumer-admin"], [outsider, "outsider"]] as const) {
    const role = new Role(stack, `${name}-role`, { account, roleName: name, assumedBy: [new ServicePrincipal("lambda.amazonaws.com")] });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["kinesis:*", "kms:*"], resources: ["*"] }));
  }
  return Testing.synth(stack);
}

function sharingModel(override: Record<string, unknown> = {}, options: ModelOptions = {}): IamModel {
  const stack = new KinesisLambdaSharingStack(Testing.app(), "kinesis-lambda-sharing", { config: resolveConfig(override) });
  return modelFromStacks(
    [
      { name: "kinesis-lambda-sharing", json: Testing.synth(stack) },
      { name: "others", json: othersJson() },
    ],
    options,
  );
}

describe("Kinesis sharing (scoped inline permissions): the reader reads the shared stream", () => {
  const model = sharingModel();
  const keyArn = findResource(model, "aws_kms_key").arn!;

  test("Lambda, and only Lambda, may assume the execution role", async () => {
    expectAllowed(await canAssumeRole(model, { principal: "lambda.amazonaws.com", roleArn: EXECUTION_ROLE }));
    for (const principal of ["ec2.amazonaws.com", OTHER_CONSUMER_ROLE]) {
      expect((await canAssumeRole(model, { principal, roleArn: EXECUTION_ROLE })).allowedByBothSides).toBe(false);
    }
  });

  test("the execution role may call each of the five actions on the stream of the other account (identity + stream policy)", async () => {
    for (const action of READ_ACTIONS) {
      const result = await isAllowed(model, { principalArn: EXECUTION_ROLE, action, resourceArn: STREAM });
      expectAllowed(result);
      expect(result.sameAccount).toBe(false);
      expect(result.resourcePolicyDecision).toBe("Allowed");
    }
  });

  test("without DescribeStream in the stream policy, the article's console error: the role alone is not enough across accounts", async () => {
    // The stream policy is what makes it work: the same request as a role the policy does not name fails.
    const result = await isAllowed(model, { principalArn: OTHER_CONSUMER_ROLE, action: "kinesis:DescribeStream", resourceArn: STREAM });
    expectDenied(result, "ImplicitlyDenied");
    expect(result.identityDecision).toBe("Allowed");
  });

  test("the execution role may decrypt with the stream's key (identity + key policy)", async () => {
    expectAllowed(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kms:Decrypt", resourceArn: keyArn }));
  });

  test("denied: actions beyond the five (writes, deletes, policy changes, EFO without a consumer)", async () => {
    for (const action of ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DeleteStream", "kinesis:PutResourcePolicy", "kinesis:RegisterStreamConsumer"]) {
      expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action, resourceArn: STREAM }), "ImplicitlyDenied");
    }
    expectDenied(
      await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:SubscribeToShard", resourceArn: `${STREAM}/consumer/someone:1700000000` }),
      "ImplicitlyDenied",
    );
    expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kms:Encrypt", resourceArn: keyArn }), "ImplicitlyDenied");
    // ListStreams has no resource type; the managed policy grants it, the scoped policy does not.
    expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:ListStreams", resourceArn: "*", resourceAccount: CONSUMER }), "ImplicitlyDenied");
  });

  test("denied: the execution role on another stream of either account", async () => {
    for (const resourceArn of [OTHER_PRODUCER_STREAM, CONSUMER_ACCOUNT_STREAM]) {
      expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn }), "ImplicitlyDenied");
    }
  });

  test("denied: another role of the consumer account and a role of a third account, even with kinesis:* and kms:* on *", async () => {
    for (const principalArn of [OTHER_CONSUMER_ROLE, OUTSIDER_ROLE]) {
      for (const action of READ_ACTIONS) {
        const result = await isAllowed(model, { principalArn, action, resourceArn: STREAM });
        expectDenied(result, "ImplicitlyDenied");
        expect(result.identityDecision).toBe("Allowed");
      }
      expectDenied(await isAllowed(model, { principalArn, action: "kms:Decrypt", resourceArn: keyArn }), "ImplicitlyDenied");
    }
  });

  test("the execution role writes only to its own log group", async () => {
    const group = `arn:aws:logs:us-east-1:${CONSUMER}:log-group:/aws/lambda/changeme-kds-reader1`;
    expectAllowed(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "logs:PutLogEvents", resourceArn: `${group}:log-stream:2024/02/28/abc` }));
    expectDenied(
      await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "logs:PutLogEvents", resourceArn: `arn:aws:logs:us-east-1:${CONSUMER}:log-group:/aws/lambda/other:log-stream:x` }),
      "ImplicitlyDenied",
    );
    expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "logs:CreateLogGroup", resourceArn: group }), "ImplicitlyDenied");
  });
});

describe("Kinesis sharing with an enhanced fan-out consumer", () => {
  const model = sharingModel({ kinesisConsumers: { lambda: { enhancedFanOut: true } } });
  const consumerArn = findResource(model, "aws_kinesis_stream_consumer").arn!;

  test("the execution role may subscribe through the consumer (identity + consumer policy) and still read the stream", async () => {
    expect(consumerArn).toMatch(new RegExp(`^${STREAM}/consumer/changeme-kds-reader1-efo:\\d+$`));
    for (const action of ["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"]) {
      const result = await isAllowed(model, { principalArn: EXECUTION_ROLE, action, resourceArn: consumerArn });
      expectAllowed(result);
      expect(result.resourcePolicyDecision).toBe("Allowed");
    }
    expectAllowed(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn: STREAM }));
  });

  test("denied: other roles on the consumer; the execution role on another consumer of the stream", async () => {
    for (const principalArn of [OTHER_CONSUMER_ROLE, OUTSIDER_ROLE]) {
      expectDenied(await isAllowed(model, { principalArn, action: "kinesis:SubscribeToShard", resourceArn: consumerArn }), "ImplicitlyDenied");
    }
    expectDenied(
      await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:SubscribeToShard", resourceArn: `${STREAM}/consumer/other:1700000000` }),
      "ImplicitlyDenied",
    );
  });
});

describe("Kinesis sharing with AWSLambdaKinesisExecutionRole (the article's managed policy)", () => {
  const model = sharingModel({ kinesisConsumers: { lambda: { permissions: "MANAGED_POLICY" } } }, { managedPolicies: { AWSLambdaKinesisExecutionRole: AWS_LAMBDA_KINESIS_EXECUTION_ROLE } });

  test("the reader still reads the shared stream, and the stream policy still keeps it to this stream in the producer account", async () => {
    for (const action of READ_ACTIONS) {
      expectAllowed(await isAllowed(model, { principalArn: EXECUTION_ROLE, action, resourceArn: STREAM }));
    }
    expectDenied(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn: OTHER_PRODUCER_STREAM }), "ImplicitlyDenied");
  });

  test("why scoped is the default: the managed policy lets the reader read every stream of its own account", async () => {
    expectAllowed(await isAllowed(model, { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn: CONSUMER_ACCOUNT_STREAM }));
    expectDenied(await isAllowed(sharingModel(), { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn: CONSUMER_ACCOUNT_STREAM }), "ImplicitlyDenied");
  });

  test("without the managed policy's document the model cannot decide, and says so", async () => {
    const unknown = sharingModel({ kinesisConsumers: { lambda: { permissions: "MANAGED_POLICY" } } });
    const result = await isAllowed(unknown, { principalArn: EXECUTION_ROLE, action: "kinesis:GetRecords", resourceArn: STREAM });
    expect(result.unknownDocuments.join()).toContain("AWSLambdaKinesisExecutionRole");
  });
});
