import { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { AppConfig } from "../config/app-config";

/** Props of every stack of the app. */
export interface DataAccessAppStackProps {
  /** The app's configuration. */
  readonly config: AppConfig;
}

/**
 * The base of the app's stacks: keeps the config and stores the stack's state where `config.backend`
 * says (a local file per stack, or S3 with locking), under the stack's ID.
 */
export abstract class DataAccessAppStack extends TerraformStack {
  public readonly config: AppConfig;

  constructor(scope: Construct, id: string, props: DataAccessAppStackProps) {
    super(scope, id);
    this.config = props.config;
    configureBackend(this, props.config, id);
  }
}

/** State: a local file per stack by default, or S3 with locking for teams. */
function configureBackend(stack: TerraformStack, config: AppConfig, stackName: string): void {
  const backend = config.backend;
  if (backend.type === "local") {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix.replace(/\/+$/, "")}/${stackName}.tfstate`,
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.dynamodbTable,
  });
  // S3-native locking (Terraform >= 1.10) is not yet a typed option of cdktf 0.21's S3Backend.
  const useLockfile = backend.useLockfile ?? backend.dynamodbTable === undefined;
  if (useLockfile) s3.addOverride("use_lockfile", true);
}
