import { existsSync, statSync } from "fs";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { LambdaFunction as LambdaFunctionResource } from "@cdktf/provider-aws/lib/lambda-function";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsAccount } from "../account/aws-account-provider";
import { grantOnPrincipal } from "../iam/grant";
import { IGrantable, IPrincipal, ServicePrincipal } from "../iam/policy-statement";
import { Role } from "../iam/role";
import { ValidationError, validateFunctionName, validateIntegerRange, validateLogRetentionDays } from "../private/validation";

/** Log actions a function needs on its own log group (the group itself is created here, not by Lambda). */
export const FUNCTION_LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

/** Props of {@link LambdaFunction}. */
export interface LambdaFunctionProps {
  /** The account (and provider) the function, its role and its log group are created in. */
  readonly account: AwsAccount;
  /** The function name (1-64 characters). */
  readonly functionName: string;
  /**
   * A directory with the function's code. It is zipped at synth time (cdktf `TerraformAsset`,
   * `AssetType.ARCHIVE`) into the stack's output directory; an absolute path is safest, a relative
   * one is resolved from the directory of `cdktf.json`.
   */
  readonly codeDirectory: string;
  /** The entry point, `<module>.<function>` for Python (e.g. `index.lambda_handler`). */
  readonly handler: string;
  /**
   * The runtime.
   * @default "python3.13"
   */
  readonly runtime?: string;
  /**
   * What the function does.
   * @default none
   */
  readonly description?: string;
  /**
   * Timeout in seconds (1-900).
   * @default 30
   */
  readonly timeoutSeconds?: number;
  /**
   * Memory in MB (128-10240).
   * @default 128
   */
  readonly memorySizeMb?: number;
  /**
   * Environment variables (never secrets: they are readable by anyone who can read the function).
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Days the function's logs are kept; one of `LOG_RETENTION_DAYS` (modules/private/validation.ts).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The execution role's name.
   * @default "<functionName>-role"
   */
  readonly roleName?: string;
  /**
   * Tags on the function, its role and its log group.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A Lambda function packaged from a source directory at synth time, with its own execution role
 * (grant the function access like any role: its {@link grantPrincipal} is that role) and its own log group. The log group is
 * created here with a retention period, so the role needs no `logs:CreateLogGroup` and only writes
 * to that group.
 */
export class LambdaFunction extends Construct implements IGrantable {
  /** The execution role. */
  public readonly role: Role;
  /** The `aws_lambda_function`. */
  public readonly resource: LambdaFunctionResource;
  /** The function's log group, `/aws/lambda/<functionName>`. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The zipped code. */
  public readonly asset: TerraformAsset;

  constructor(scope: Construct, id: string, props: LambdaFunctionProps) {
    super(scope, id);
    validateFunctionName("LambdaFunction.functionName", props.functionName);
    validateIntegerRange("LambdaFunction.timeoutSeconds", props.timeoutSeconds, 1, 900);
    validateIntegerRange("LambdaFunction.memorySizeMb", props.memorySizeMb, 128, 10240);
    validateLogRetentionDays("LambdaFunction.logRetentionDays", props.logRetentionDays);
    if (!/^[\w.-]+\.[\w]+$/.test(props.handler)) {
      throw new ValidationError("LambdaFunction.handler", props.handler, "must be <module>.<function>, e.g. index.lambda_handler");
    }
    if (!existsSync(props.codeDirectory) || !statSync(props.codeDirectory).isDirectory()) {
      throw new ValidationError("LambdaFunction.codeDirectory", props.codeDirectory, "must be an existing directory with the function's code");
    }
    const provider = props.account.provider;

    this.role = new Role(this, "execution-role", {
      account: props.account,
      roleName: props.roleName ?? `${props.functionName}-role`,
      description: `Execution role of the Lambda function ${props.functionName}`,
      assumedBy: [new ServicePrincipal("lambda.amazonaws.com")],
      tags: props.tags,
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      provider,
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 365,
      tags: props.tags,
    });
    // The provider returns the group ARN without the trailing ":*"; log streams are below it.
    grantOnPrincipal({ grantee: this.role, sid: "WriteOwnLogGroup", actions: [...FUNCTION_LOG_ACTIONS], resourceArns: [`${this.logGroup.arn}:*`] });

    this.asset = new TerraformAsset(this, "code", { path: props.codeDirectory, type: AssetType.ARCHIVE });
    this.resource = new LambdaFunctionResource(this, "function", {
      provider,
      functionName: props.functionName,
      description: props.description,
      role: this.role.roleArn,
      runtime: props.runtime ?? "python3.13",
      handler: props.handler,
      filename: this.asset.path,
      // A content hash of the source directory: stable across clones (the zip's own hash is not, it
      // embeds file times), and since provider 5.5x source_code_hash is only a change trigger.
      sourceCodeHash: this.asset.assetHash,
      timeout: props.timeoutSeconds ?? 30,
      memorySize: props.memorySizeMb ?? 128,
      environment: props.environment && Object.keys(props.environment).length > 0 ? { variables: props.environment } : undefined,
      tags: props.tags,
      // Lambda would otherwise create the group itself, without retention, on the first invocation.
      dependsOn: [this.logGroup],
    });
  }

  /** The function ARN. */
  public get functionArn(): string {
    return this.resource.arn;
  }

  /** The function name (a reference). */
  public get functionName(): string {
    return this.resource.functionName;
  }

  /** The execution role. */
  public get grantPrincipal(): IPrincipal {
    return this.role;
  }
}
