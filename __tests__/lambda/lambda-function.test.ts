import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { Testing } from "cdktf";
import { LambdaFunction, LambdaFunctionProps } from "../../modules/lambda/lambda-function";
import { FUNCTION_NAME_RULE, ValidationError } from "../../modules/private/validation";
import { KINESIS_READER_CODE } from "../../stacks/kinesis-lambda-sharing-stack";
import { onlyResource, statementsOf, synthJson, testStack } from "../support/stack-json";

function functionStack(props: Partial<LambdaFunctionProps> = {}) {
  const t = testStack();
  const fn = new LambdaFunction(t.stack, "reader", {
    account: t.accountB,
    functionName: "kds-reader1",
    codeDirectory: KINESIS_READER_CODE,
    handler: "index.lambda_handler",
    ...props,
  });
  return { ...t, fn };
}

describe("LambdaFunction", () => {
  test("the function, its role and its log group land in the given account, with a handler and safe defaults", () => {
    const { stack } = functionStack();
    const json = synthJson(stack);
    const fn = onlyResource(json, "aws_lambda_function");
    expect(fn).toMatchObject({
      provider: "aws.data",
      function_name: "kds-reader1",
      handler: "index.lambda_handler",
      runtime: "python3.13",
      timeout: 30,
      memory_size: 128,
      role: expect.stringMatching(/^\$\{aws_iam_role\.\S+\.arn\}$/),
      filename: expect.stringMatching(/^assets\/\S+\/archive\.zip$/),
    });
    expect(fn.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_group\./)]);
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toEqual({ provider: "aws.data", name: "/aws/lambda/kds-reader1", retention_in_days: 365 });
    expect(onlyResource(json, "aws_iam_role")).toMatchObject({ provider: "aws.data", name: "kds-reader1-role" });
  });

  test("only Lambda may assume the execution role", () => {
    const { stack } = functionStack();
    const json = synthJson(stack);
    expect(statementsOf(json, onlyResource(json, "aws_iam_role").assume_role_policy)).toEqual([
      { actions: ["sts:AssumeRole"], effect: "Allow", principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] },
    ]);
  });

  test("the role writes to its own log group only, and cannot create log groups", () => {
    const { stack } = functionStack();
    const json = synthJson(stack);
    const statements = statementsOf(json, onlyResource(json, "aws_iam_role_policy").policy);
    expect(statements).toEqual([
      {
        sid: "WriteOwnLogGroup",
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:\*$/)],
      },
    ]);
  });

  test("source_code_hash is the source directory's content hash, the same in every clone", () => {
    const a = synthJson(functionStack().stack);
    const b = synthJson(functionStack().stack);
    const hash = onlyResource(a, "aws_lambda_function").source_code_hash;
    expect(hash).toMatch(/^[0-9A-F]{32}$/);
    expect(onlyResource(b, "aws_lambda_function").source_code_hash).toBe(hash);
    expect(onlyResource(a, "aws_lambda_function").filename).toContain(hash);
  });

  test("the code directory is zipped at synth time into the stack's output, with the handler in it", () => {
    const { stack } = functionStack();
    const outdir = Testing.fullSynth(stack);
    try {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "test", "cdk.tf.json"), "utf8"));
      const zip = path.join(outdir, "stacks", "test", onlyResource(json, "aws_lambda_function").filename);
      expect(fs.existsSync(zip)).toBe(true);
      const listing = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.read('index.py').decode())", zip], {
        encoding: "utf8",
      });
      expect(listing).toContain("def lambda_handler(event, context):");
      expect(listing).toContain("print(event)");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("options: runtime, timeout, memory, retention, role name, environment", () => {
    const { stack } = functionStack({
      runtime: "python3.12",
      timeoutSeconds: 60,
      memorySizeMb: 256,
      logRetentionDays: 30,
      roleName: "reader-exec",
      environment: { LOG_LEVEL: "INFO" },
    });
    const json = synthJson(stack);
    expect(onlyResource(json, "aws_lambda_function")).toMatchObject({
      runtime: "python3.12",
      timeout: 60,
      memory_size: 256,
      environment: { variables: { LOG_LEVEL: "INFO" } },
    });
    expect(onlyResource(json, "aws_cloudwatch_log_group").retention_in_days).toBe(30);
    expect(onlyResource(json, "aws_iam_role").name).toBe("reader-exec");
  });
});

describe("LambdaFunction validation", () => {
  test.each([
    ["functionName", { functionName: "kds reader" }, `LambdaFunction.functionName "kds reader" is invalid: ${FUNCTION_NAME_RULE}`],
    ["functionName length", { functionName: "f".repeat(65) }, `LambdaFunction.functionName "${"f".repeat(65)}" is invalid: ${FUNCTION_NAME_RULE}`],
    ["timeoutSeconds", { timeoutSeconds: 901 }, "LambdaFunction.timeoutSeconds 901 is invalid: must be an integer from 1 to 900"],
    ["memorySizeMb", { memorySizeMb: 64 }, "LambdaFunction.memorySizeMb 64 is invalid: must be an integer from 128 to 10240"],
    ["logRetentionDays", { logRetentionDays: 2 }, /^LambdaFunction\.logRetentionDays 2 is invalid: must be one of 1, 3, 5, 7, 14, 30,/],
    ["handler", { handler: "index" }, 'LambdaFunction.handler "index" is invalid: must be <module>.<function>, e.g. index.lambda_handler'],
  ])("%s", (_name, props, message) => {
    expect(() => functionStack(props as Partial<LambdaFunctionProps>)).toThrow(ValidationError);
    expect(() => functionStack(props as Partial<LambdaFunctionProps>)).toThrow(message);
  });

  test("codeDirectory must be an existing directory", () => {
    const missing = path.join(os.tmpdir(), "no-such-kinesis-reader");
    expect(() => functionStack({ codeDirectory: missing })).toThrow(
      `LambdaFunction.codeDirectory ${JSON.stringify(missing)} is invalid: must be an existing directory with the function's code`,
    );
    const file = path.join(KINESIS_READER_CODE, "index.py");
    expect(() => functionStack({ codeDirectory: file })).toThrow(/LambdaFunction\.codeDirectory .* is invalid: must be an existing directory/);
  });
});
